//! Plain data and rules: no terminal, no SQL.

pub mod clock;
pub mod content;
pub mod describe;
pub mod model;

pub use content::{Content, Phase};
