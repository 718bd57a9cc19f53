//! Every popup, one file each. Register a new one with a `mod` line here.

pub mod anchor;
pub mod call_tree;
pub mod confirm;
pub mod deadlines;
pub mod diff;
pub mod drill_panel;
pub mod findings;
pub mod follow_ups;
pub mod form;
pub mod help;
pub mod incident_list;
pub mod inject;
pub mod job_sheet;
pub mod messages;
pub mod monitor;
pub mod prepare;
pub mod private_list;
pub mod record_check;
pub mod register;
pub mod role_history;
pub mod roster;
pub mod statement_text;
pub mod templates;
