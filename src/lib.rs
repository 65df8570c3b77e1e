//! Attune: a rupture-repair training simulator for psychotherapy trainees.
//!
//! The library is the whole engine, with no rendering: scenario format and
//! loading with located diagnostics ([`format`], [`load`], [`model`],
//! [`validate`]) and its content hash ([`hash`]), how a client looks ([`appearance`]), the
//! pull-based session engine ([`engine`]), process scoring ([`scoring`]), session logs ([`log`])
//! and their seals ([`seal`]), seeded mass play-throughs
//! for authors ([`sim`]), every client state a session can reach ([`reach`]), the authoring
//! checklist as lints ([`lint`]), the terminal player ([`player`]), the debrief as data
//! ([`debrief`]), cohort reports and the classroom's walk through them ([`report`]), a
//! trainee's history of practice ([`history`]), times in the reader's own time zone
//! ([`when`]), and what is remembered between runs ([`prefs`]). The command line ([`cli`]) and the Bevy app (`app`,
//! behind the default `gui` feature) are thin consumers of it; the command line prints only
//! through [`term`], which escapes control characters.
//!
//! Playing a session from code (run as a test in `tests/engine.rs`):
//!
//! ```
//! use std::path::Path;
//! use std::sync::Arc;
//! use attune::engine::{Event, Session};
//!
//! let loaded = attune::load::load_file(Path::new("scenarios/doctora.ron"));
//! let scenario = Arc::new(loaded.scenario.expect("the shipped scenario is valid"));
//! let mut session = Session::new(scenario, 42);
//! while !session.is_ended() {
//!     while let Some(event) = session.poll() {
//!         if let Event::ClientSays { line, .. } = event {
//!             assert!(!line.is_empty());
//!         }
//!     }
//!     // Events and options borrow the scenario's texts: copy the id to
//!     // choose by it, or choose by the option's index.
//!     let first = session.offered().at(0).id.to_owned();
//!     session.choose(&first, 1_500).unwrap();
//! }
//! let profile = session.profile();
//! assert_eq!(profile.turns.len(), session.turns().len());
//! ```

// Diagnostics are returned by value on the error path only, where their
// size does not matter and boxing would make every call site noisier.
#![allow(clippy::result_large_err)]

#[cfg(feature = "gui")]
pub mod app;
pub mod appearance;
pub mod cli;
pub mod condition;
pub mod debrief;
pub mod decode;
pub mod diag;
pub mod engine;
pub mod format;
pub mod graph;
pub mod hash;
pub mod history;
pub mod library;
pub mod lint;
pub mod load;
pub mod log;
pub mod model;
pub mod player;
pub mod prefs;
pub mod reach;
pub mod record;
pub mod report;
pub mod scaffold;
pub mod scoring;
pub mod seal;
pub mod sim;
pub mod spans;
pub mod syntax;
pub mod term;
pub mod validate;
pub mod when;
