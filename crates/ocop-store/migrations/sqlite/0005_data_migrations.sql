-- Data migrations that run once in Rust after the schema migrations (they write audit rows,
-- whose hash chain is computed in Rust): the name of each one done and when.
CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY NOT NULL,
    applied_at TEXT NOT NULL
);
