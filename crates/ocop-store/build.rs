// `sqlx::migrate!` embeds the migration files at compile time, but cargo does not know they
// are inputs: without this, a new migration is left out until some source file changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
