//! Plain data and rules: no terminal, no SQL.

pub mod chain;
pub mod clock;
pub mod content;
pub mod describe;
pub mod desk;
pub mod drill;
pub mod lint;
pub mod model;
pub mod review;
pub mod templates;

pub use content::{Content, Phase};
