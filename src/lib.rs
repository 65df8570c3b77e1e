//! Attune: a rupture-repair training simulator for psychotherapy trainees.
//!
//! The library is the whole engine, with no rendering: scenario format and
//! loading with located diagnostics ([`format`], [`load`], [`model`]), the
//! pull-based session engine ([`engine`]), process scoring ([`scoring`]),
//! session logs ([`log`]) and the terminal player ([`player`]). The command
//! line ([`cli`]) and the Bevy app (`app`, behind the default `gui` feature)
//! are thin consumers of it.

// Diagnostics are returned by value on the error path only, where their
// size does not matter and boxing would make every call site noisier.
#![allow(clippy::result_large_err)]

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod condition;
pub mod diag;
pub mod engine;
pub mod format;
pub mod load;
pub mod log;
pub mod model;
pub mod player;
pub mod scoring;
pub mod spans;
