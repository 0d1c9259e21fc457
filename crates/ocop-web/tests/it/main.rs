//! Web tests: the real server on a random port, against a fresh SQLite file with the demo
//! data, driven over real HTTP.

mod helpers;
mod session;

mod accounts;
mod admin;
mod answers;
mod api;
mod catalog;
mod change_requests;
mod contract;
mod cycle;
mod dossier_pages;
mod dossiers;
mod language;
mod light;
mod lots;
mod photos;
mod resolver;
mod role_pages;
mod scoring;
mod security;
mod server;
mod stamps;
mod trace;
mod units;
