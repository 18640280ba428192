//! The parts of the `duban` command line (the binary, not the library) that have a file of
//! their own.

pub mod audit;
pub mod bench;
pub mod bench_mix;
pub mod bench_pages;
pub mod bench_writes;
pub mod draft;
pub mod outbox;
pub mod seed;
pub mod smtp_sink;
pub mod storage;
pub mod units;
