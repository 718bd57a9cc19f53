//! The tamper-evident record: every timeline entry carries the hash of the
//! one before it in its incident, so an entry edited or deleted behind the
//! console's back breaks the chain at that point.

use sha2::{Digest, Sha256};

/// The `prev_hash` of an incident's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one entry: its predecessor's hash and every stored field,
/// each length-prefixed so no two different entries encode alike. Entries
/// recorded before the operator was kept (schema < 6) have no operator and
/// hash as they always did.
pub fn entry_hash(prev: &str, incident: i64, kind: &str, data: &str, event_at: &str, recorded_at: &str, operator: Option<&str>) -> String {
    let mut h = Sha256::new();
    let incident = incident.to_string();
    let parts = [prev, &incident, kind, data, event_at, recorded_at];
    for part in parts.into_iter().chain(operator) {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_the_predecessor_count() {
        let base = entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None);
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            "deterministic"
        );
        for other in [
            entry_hash(&base, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 2, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "notes", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"b\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t0", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t3", None),
            // The operator counts, and an empty one differs from none.
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", Some("")),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", Some("林志明")),
            // Moving a boundary between fields changes the hash too.
            entry_hash(GENESIS, 1, "note{", "\"text\":\"a\"}", "t1", "t2", None),
        ] {
            assert_ne!(base, other);
        }
    }
}
