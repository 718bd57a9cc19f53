//! The console's forms, one struct each with a named field per question.

pub mod after_action_note;
pub mod briefing;
pub mod declare;
pub mod improvement;
pub mod note;
pub mod person;
pub mod private_person;
pub mod profile;
pub mod rating;
pub mod skip;
