//! Every integration test in one binary: it links once, and the modules share
//! the pty harness and fixtures in `common/`.
//!
//! The multi-process soak is ignored by default: `.ci/run` runs it for a
//! short time with `CRISISDESK_SOAK_SECS`, and a longer run is
//! `CRISISDESK_SOAK_SECS=600 cargo test --test it -- --ignored soak`.

mod common;

mod bad_input;
mod cli;
mod crash;
mod e2e;
mod editor_map;
mod guard_corpus;
mod lint_corpus;
mod mail;
mod monitor;
mod multiprocess;
mod prepare;
mod reach;
mod render_props;
mod report;
mod restore;
mod shared_pieces;
mod snapshots;
mod templates_pass_checks;
mod wall;
