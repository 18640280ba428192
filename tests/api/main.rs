//! One integration-test binary: every test spawns the real app on its own fresh database
//! (SQLite, or PostgreSQL when DUBAN_TEST_DATABASE_URL is set).

mod admin;
mod backup;
mod bad_input;
mod browser;
mod concurrency;
mod contract;
mod drafting;
mod drafting_corpus;
mod escalation;
mod foundation;
mod helpers;
mod layers;
mod lifecycle;
mod lists;
mod matrix;
mod openapi;
mod operations;
mod outage;
mod outbox;
mod outbox_retry;
mod pages;
mod pages_admin;
mod pages_leader;
mod pages_officer;
mod pages_secretariat;
mod resources;
mod rollups;
mod scenario;
mod session;
mod settings_check;
mod smtp;
mod units_import;
mod uploads;
