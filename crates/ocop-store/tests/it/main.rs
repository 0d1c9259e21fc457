//! The storage story, run on SQLite always and on PostgreSQL when `OCOP_TEST_PG_URL` is set
//! (CI sets it, with `OCOP_REQUIRE_PG=1` so that a missing server fails instead of skipping).

mod accounts;
mod change_requests;
mod cycle;
mod db;
mod dossiers;
mod evaluations;
mod login_attempts;
mod lots;
mod recode;
mod scans;
mod search;
mod stamps;
mod stored_rows;
mod story;
mod use_cases;
