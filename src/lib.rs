//! crisisdesk: a terminal crisis console for medical clinics.
//!
//! The crate is a library so the binary, the integration tests and the
//! snapshot tests all drive the same code. See the README's design section.

pub mod action;
pub mod app;
pub mod cli;
pub mod domain;
pub mod effects;
pub mod error;
pub mod i18n;
pub mod keymap;
pub mod report;
pub mod store;
pub mod term;
pub mod text;
pub mod ui;
pub mod wall;
