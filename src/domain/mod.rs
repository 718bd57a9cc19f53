//! Plain data and rules: no terminal, no SQL.

pub mod after_action;
pub mod chain;
pub mod clock;
pub mod content;
pub mod desk;
pub mod drill;
pub mod lint;
pub mod model;
pub mod monitor;
pub mod prepare;
pub mod reach;
pub mod templates;
pub mod timeline;
pub mod types;
pub mod zone;

pub use content::{Content, Phase};
