//! Real-browser journeys: the server on a fresh SQLite database with the demo data, driven
//! through chromedriver by headless Chromium at phone and desktop sizes, axe-core on every
//! page. One file per journey; the machinery is in `support.rs`; how to run them and add one:
//! README, "Browser journeys".

mod support;

mod accessibility;
mod account_pages;
mod change_request;
mod consumer_search;
mod council_scoring;
mod dossier_review;
mod idea_to_plan;
mod officer_edit;
mod officer_import;
mod producer_lots;
mod producer_password;
mod scan_alert;
mod stamp_issue;
mod stamp_scan;
