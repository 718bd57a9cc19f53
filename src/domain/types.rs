//! The small closed sets the record is made of, as types: a misspelt
//! audience or rating is a compile error or a parse error at the edge,
//! never a silent wrong value in the record.
//!
//! The fixed sets (audiences, ratings, after-action note kinds, improvement
//! categories, inject methods) are enums. Crisis types and roles are data:
//! the playbooks and `assets/roles.toml` define them and a clinic may add
//! its own, so they are newtypes over their ids, checked against the
//! content where they enter.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An enum whose values have fixed string ids (for files, the database and
/// exports) and a catalog key prefix for their names.
macro_rules! id_enum {
    ($(#[$meta:meta])* $name:ident, $label:literal { $($(#[$vmeta:meta])* $var:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $var),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            pub fn id(self) -> &'static str {
                match self {
                    $($name::$var => $id),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($id => Some($name::$var),)+
                    _ => None,
                }
            }

            /// The catalog key of this value's name.
            pub fn label_key(self) -> String {
                format!("{}.{}", $label, self.id())
            }

            /// The next value, wrapping: how a key cycles through them.
            pub fn next(self) -> $name {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::ALL[(i + 1) % Self::ALL.len()]
            }

            /// Every id, for messages that list what is allowed.
            pub fn ids() -> String {
                Self::ALL.iter().map(|v| v.id()).collect::<Vec<_>>().join(", ")
            }
        }

        /// Compares with a stored id, so a test or a file reads naturally.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.id() == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

id_enum! {
    /// Who a statement is written for.
    Audience, "audience" {
        Media = "media",
        Patients = "patients",
        Staff = "staff",
        Social = "social",
        Regulator = "regulator",
        Partners = "partners",
    }
}

id_enum! {
    /// HSEEP's rating of how an objective was performed.
    Rating, "rating" {
        /// Performed without challenges.
        P = "P",
        /// Performed with some challenges.
        S = "S",
        /// Performed with major challenges.
        M = "M",
        /// Unable to be performed.
        U = "U",
    }
}

id_enum! {
    /// A note of the after-action review.
    NoteKind, "note_kind" {
        Hotwash = "hotwash",
        Strength = "strength",
        Improvement = "improvement",
    }
}

id_enum! {
    /// What an improvement-plan item changes.
    Category, "category" {
        Planning = "planning",
        Organisation = "organisation",
        Equipment = "equipment",
        Training = "training",
        Exercise = "exercise",
    }
}

id_enum! {
    /// An entry of the preparedness inventory: an outside party the clinic
    /// calls, or a reserve of its own.
    ResourceKind, "resource_kind" {
        External = "external",
        Internal = "internal",
    }
}

id_enum! {
    /// Where a case of the case library comes from.
    CaseSource, "case_source" {
        /// The source articles, retold (assets/preparedness/cases.toml).
        Article = "article",
        /// A built-in drill scenario.
        Scenario = "scenario",
        /// The clinic's own, from a closed incident.
        Clinic = "clinic",
    }
}

id_enum! {
    /// What a check found in a statement. The first twelve block release;
    /// the rest are advice.
    FindingKind, "finding" {
        NationalId = "national-id",
        ResidentId = "resident-id",
        Phone = "phone",
        Email = "email",
        BirthDate = "birth-date",
        ChartNumber = "chart-number",
        PrivateName = "private-name",
        PersonName = "person-name",
        Address = "address",
        SocialId = "social-id",
        Placeholder = "placeholder",
        HiddenCharacter = "hidden-character",
        MissingElement = "missing-element",
        Blame = "blame",
        Defensive = "defensive",
        Speculation = "speculation",
        OverReassurance = "over-reassurance",
        Jargon = "jargon",
        Length = "length",
    }
}

impl FindingKind {
    /// Personal data and unfinished text: what never leaves the clinic.
    pub fn blocks(self) -> bool {
        FindingKind::ALL.iter().position(|k| *k == self).is_some_and(|i| i < 12)
    }
}

id_enum! {
    /// How an inject reaches the team.
    Method, "method" {
        Phone = "phone",
        News = "news",
        Social = "social",
        Email = "email",
        WalkIn = "walk-in",
    }
}

id_enum! {
    /// Where a person of the call tree stands.
    CallState, "call_state" {
        Unreached = "unreached",
        Notified = "notified",
        Acknowledged = "acknowledged",
        Declined = "declined",
        Unreachable = "unreachable",
    }
}

id_enum! {
    /// How someone was reached, or how a message came in.
    Channel, "channel" {
        Phone = "phone",
        Sms = "sms",
        Line = "line",
        Email = "email",
        InPerson = "in-person",
        Letter = "letter",
    }
}

id_enum! {
    /// How soon an inbound message needs its answer.
    Priority, "priority" {
        Urgent = "urgent",
        High = "high",
        Normal = "normal",
    }
}

id_enum! {
    /// An inbound message (HICS 213) or a follow-up: still to do, or done.
    Progress, "progress" {
        Open = "open",
        Done = "done",
    }
}

id_enum! {
    /// Where a mention of the clinic stands on the monitoring board.
    MentionState, "mention_state" {
        New = "new",
        Triaged = "triaged",
        Responding = "responding",
        Answered = "answered",
        Ignored = "ignored",
    }
}

impl MentionState {
    /// Whether a mention may move from this state to `to`. A mention never
    /// goes back to new; an answered one only reopens (to triaged).
    pub fn can_move(self, to: MentionState) -> bool {
        self != to && to != MentionState::New && (self != MentionState::Answered || to == MentionState::Triaged)
    }

    /// Still waiting for someone to act on it.
    pub fn open(self) -> bool {
        matches!(self, MentionState::New | MentionState::Triaged | MentionState::Responding)
    }
}

id_enum! {
    /// Where a mention came from.
    Source, "source" {
        GoogleAlerts = "google-alerts",
        Ptt = "ptt",
        Feed = "feed",
        GoogleReviews = "google-reviews",
        Facebook = "facebook",
        Instagram = "instagram",
        Threads = "threads",
        Dcard = "dcard",
        Line = "line",
        Youtube = "youtube",
        News = "news",
        Other = "other",
    }
}

/// An id defined by content (a crisis type, a role), kept apart from other
/// strings. Compares with `&str` and dereferences to it, so it reads like
/// the id it is.
macro_rules! content_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

content_id! {
    /// A crisis type: the id of a playbook (`medical-dispute`, `data-breach` …).
    CrisisType
}

content_id! {
    /// A response role: an id from `assets/roles.toml` (`commander`, `legal` …).
    RoleId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_cycle() {
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.id()), Some(*a));
        }
        assert_eq!(Audience::parse("press"), None);
        assert_eq!(Rating::U.next(), Rating::P);
        assert_eq!(Method::WalkIn.id(), "walk-in");
        assert_eq!(Category::ids(), "planning, organisation, equipment, training, exercise");
        assert_eq!(serde_json::to_string(&Audience::Partners).expect("json"), "\"partners\"");
        assert_eq!(NoteKind::Hotwash.label_key(), "note_kind.hotwash");
    }

    #[test]
    fn content_ids_read_as_their_strings() {
        let r = RoleId::new("legal");
        assert!(r == "legal");
        assert_eq!(&*r, "legal");
        assert_eq!(serde_json::to_string(&r).expect("json"), "\"legal\"");
        let c: CrisisType = serde_json::from_str("\"data-breach\"").expect("json");
        assert_eq!(c.as_str(), "data-breach");
    }
}
