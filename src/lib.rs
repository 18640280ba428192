//! Duban (督办): turns the directives of a meeting into tasks, passes them down an
//! organisation and follows them until they are done.
//!
//! Layers: `web` → `services` → `store` → `entities`; `domain` is plain Rust with no I/O. The
//! store is a private module of `services`, so the compiler keeps the web away from it.

pub mod app;
pub mod clock;
pub mod config;
pub mod domain;
pub mod entities;
pub mod jobs;
pub mod locales;
pub mod mail;
pub mod services;
pub mod web;

/// The store, for the integration tests only (see `services`).
#[cfg(feature = "test-support")]
pub use services::store;
