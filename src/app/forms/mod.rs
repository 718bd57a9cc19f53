//! The console's forms, one struct each with a named field per question.

pub mod after_action_note;
pub mod answer;
pub mod briefing;
pub mod call_message;
pub mod call_tier;
pub mod case;
pub mod declare;
pub mod drill_plan;
pub mod follow_up;
pub mod improvement;
pub mod inbound;
pub mod mention_import;
pub mod note;
pub mod notify;
pub mod person;
pub mod private_person;
pub mod profile;
pub mod rating;
pub mod register_import;
pub mod resource;
pub mod response;
pub mod risk;
pub mod skip;
pub mod triage;
