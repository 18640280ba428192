//! One integration-test binary: every test spawns the real app on its own fresh database
//! (SQLite, or PostgreSQL when DUBAN_TEST_DATABASE_URL is set).

mod admin;
mod audit_chain;
mod backup;
mod bad_input;
mod browser;
mod concurrency;
mod contract;
mod drafting;
mod drafting_corpus;
mod escalation;
mod foundation;
mod hardening;
mod helpers;
mod layers;
mod lifecycle;
mod lists;
mod matrix;
mod openapi;
mod operations;
mod outbox;
mod pages;
mod pages_admin;
mod pages_leader;
mod pages_officer;
mod pages_secretariat;
mod reach;
mod revocation;
mod rollups;
mod scenario;
mod session;
mod smtp;
mod subunit_admin;
mod units_import;
mod uploads;
