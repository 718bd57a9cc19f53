//! Mentions: deduplicated imports with earlier text kept, triage and links
//! on the record, a released reply answering its mention, captures held to
//! their digests by verify.

use super::statements::{at, staffed_with_draft};
use super::*;
use crate::domain::desk::Step;
use crate::domain::monitor::{NewMention, parse};
use crate::domain::types::{MentionState, Priority, Source};

fn mention(key: &str, text: &str, link: &str) -> NewMention {
    NewMention {
        source: Source::Facebook,
        key: key.to_string(),
        canonical: crate::domain::monitor::canonical(link),
        origin: "hand.csv".into(),
        author: "林媽媽".into(),
        published_at: at(0),
        title: String::new(),
        text: text.to_string(),
        link: link.to_string(),
        rating: None,
        matched: vec!["安心診所".into()],
        replied_at: None,
    }
}

#[test]
fn a_second_import_updates_and_keeps_the_earlier_text() {
    let (mut s, _, _) = staffed_with_draft();
    let first = [mention("facebook:1", "診所都不回應", "https://www.facebook.com/p/1?fbclid=x")];
    let c = s.import_mentions(&first, "a.csv", None, at(1)).expect("import");
    assert_eq!((c.added, c.updated, c.unchanged), (1, 0, 0));
    let c = s.import_mentions(&first, "a.csv", None, at(2)).expect("again");
    assert_eq!((c.added, c.updated, c.unchanged), (0, 0, 1));
    // The same page under another key (shared with other tracking) is the same mention.
    let edited = [mention("url:other", "診所都不回應，已經三天了", "http://facebook.com/p/1")];
    let c = s.import_mentions(&edited, "b.csv", None, at(3)).expect("edited");
    assert_eq!((c.added, c.updated), (0, 1));
    let all = s.mentions(&MentionFilter::default(), 0, 10).expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text, "診所都不回應，已經三天了");
    let revs = s.mention_revisions(all[0].id).expect("revisions");
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].text, "診所都不回應");
}

#[test]
fn triage_link_reply_and_release_are_on_the_record() {
    let (mut s, id, _) = staffed_with_draft();
    s.import_mentions(&[mention("facebook:1", "雷射燙傷沒人管", "")], "a.csv", None, at(1))
        .expect("import");
    let m = s.mentions(&MentionFilter::default(), 0, 1).expect("list")[0].clone();
    // Unlinked triage is not on any timeline; the link records its state.
    s.triage_mention(m.id, MentionState::Triaged, "陳公關", Priority::High, "先查病歷", at(2))
        .expect("triage");
    assert!(
        s.triage_mention(m.id, MentionState::New, "", Priority::Normal, "", at(2)).is_err(),
        "nothing goes back to new"
    );
    s.link_mention(m.id, Some(id), at(3)).expect("link");
    verify_ok(&s, id);
    assert_eq!(s.mention_counts().expect("counts"), MentionCounts { new: 0, unanswered: 1 });
    let reply = s
        .create_statement(id, Audience::Social, "很抱歉讓您有不好的經驗，請私訊我們。", at(4))
        .expect("st");
    s.set_mention_reply(m.id, reply, at(5)).expect("reply");
    assert_eq!(s.mention(m.id).expect("m").state, MentionState::Responding);
    verify_ok(&s, id);
    s.statement_step(reply, Step::Submit, false, at(6)).expect("submit");
    s.advance_for_tests(reply, Step::Review, at(7)).expect("review");
    s.advance_for_tests(reply, Step::Approve, at(8)).expect("approve");
    s.statement_step(reply, Step::Release, false, at(9)).expect("release");
    let m = s.mention(m.id).expect("m");
    assert_eq!(m.state, MentionState::Answered);
    assert_eq!(m.answered_at, Some(at(9)));
    assert_eq!(m.statement_id, Some(reply));
    verify_ok(&s, id);
    let kinds: Vec<String> = s.timeline_page(id, None, 100).expect("tl").into_iter().map(|e| e.kind).collect();
    for k in ["mention.linked", "mention.reply", "mention.answered"] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing: {kinds:?}");
    }
    // Editing a linked mention's state behind the console's back is caught.
    let why = broken_by(&s, id, &format!("UPDATE mention SET state = 'ignored' WHERE id = {}", m.id));
    assert!(why.contains("mentions"), "{why}");
    let why = broken_by(&s, id, &format!("UPDATE mention SET incident_id = NULL WHERE id = {}", m.id));
    assert!(why.contains("mentions"), "{why}");
}

#[test]
fn a_capture_is_frozen_and_verify_holds_it_to_its_digest() {
    let (mut s, id, _) = staffed_with_draft();
    s.import_mentions(
        &[mention("facebook:9", "病患資料外流截圖", "https://facebook.com/p/9")],
        "a.csv",
        Some(id),
        at(1),
    )
    .expect("import");
    let m = s.mentions(&MentionFilter::default(), 0, 1).expect("list")[0].clone();
    assert_eq!(m.incident_id, Some(id));
    let (capture, digest) = s.capture_mention(m.id, at(2)).expect("capture");
    assert_eq!(
        digest,
        crate::domain::monitor::capture_digest(m.id, "病患資料外流截圖", "https://facebook.com/p/9", &to_db(at(2)))
    );
    verify_ok(&s, id);
    assert!(
        s.conn
            .execute(&format!("UPDATE mention_capture SET text = 'x' WHERE id = {capture}"), [])
            .is_err(),
        "the database refuses to change a capture"
    );
    let why = broken_by(
        &s,
        id,
        &format!("DROP TRIGGER mention_capture_frozen; UPDATE mention_capture SET text = '無' WHERE id = {capture};"),
    );
    assert!(why.contains("digest"), "{why}");
    let why = broken_by(&s, id, &format!("DELETE FROM mention_capture WHERE id = {capture}"));
    assert!(why.contains("captures"), "{why}");
    // A mention on no incident cannot be captured: there is no chain for it.
    s.link_mention(m.id, None, at(3)).expect("unlink");
    assert!(s.capture_mention(m.id, at(4)).is_err());
    verify_ok(&s, id);
}

#[test]
fn filters_and_pages_are_bounded() {
    let (mut s, id, _) = staffed_with_draft();
    let items: Vec<NewMention> = (0..30)
        .map(|i| {
            let mut m = mention(&format!("facebook:{i}"), &format!("第 {i} 則"), "");
            m.published_at = at(i);
            if i % 3 == 0 {
                m.source = Source::Dcard;
            }
            m
        })
        .collect();
    s.import_mentions(&items, "a.csv", None, at(40)).expect("import");
    let page = s.mentions(&MentionFilter::default(), 5, 10).expect("page");
    assert_eq!(page.len(), 10);
    assert_eq!(page[0].text, "第 24 則", "newest first");
    let dcard = MentionFilter {
        source: Some(Source::Dcard),
        ..Default::default()
    };
    assert_eq!(s.mention_count(&dcard).expect("n"), 10);
    assert_eq!(s.mention_sources().expect("sources"), vec![Source::Facebook, Source::Dcard]);
    s.link_mention(page[0].id, Some(id), at(41)).expect("link");
    let mine = MentionFilter {
        incident: IncidentFilter::Incident(id),
        state: StateFilter::Open,
        ..Default::default()
    };
    assert_eq!(s.mention_count(&mine).expect("n"), 1);
    let unlinked = MentionFilter {
        incident: IncidentFilter::Unlinked,
        ..Default::default()
    };
    assert_eq!(s.mention_count(&unlinked).expect("n"), 29);
    let v = s.mention_volume(Some(id), at(40)).expect("volume");
    assert_eq!(v.iter().sum::<u64>(), 30);
}

#[test]
fn the_mention_counts_stop_at_their_cap() {
    use crate::store::MENTION_COUNT_CAP as CAP;
    use crate::ui::mention_count_text;
    let (mut s, _, _) = staffed_with_draft();
    let items: Vec<NewMention> = (0..CAP + 5)
        .map(|i| {
            mention(
                &format!("facebook:{i}"),
                &format!("第 {i} 則"),
                &format!("https://example.tw/p/{i}"),
            )
        })
        .collect();
    s.import_mentions(&items[..CAP - 1], "a.csv", None, at(1)).expect("import");
    let c = s.mention_counts().expect("counts");
    assert_eq!((c.new, c.unanswered), (CAP - 1, CAP - 1));
    assert_eq!(mention_count_text(c.new), "999");
    s.import_mentions(&items[CAP - 1..], "b.csv", None, at(2)).expect("import");
    let c = s.mention_counts().expect("counts");
    assert_eq!((c.new, c.unanswered), (CAP, CAP), "counted no further than the cap");
    assert_eq!(mention_count_text(c.unanswered), "999+");
    // Fewer than the cap are new, more than the cap are unanswered.
    let ids: Vec<i64> = s
        .mentions(&MentionFilter::default(), 0, 600)
        .expect("page")
        .iter()
        .map(|m| m.id)
        .collect();
    for id in ids {
        s.triage_mention(id, MentionState::Triaged, "陳公關", Priority::Normal, "", at(3))
            .expect("triage");
    }
    let c = s.mention_counts().expect("counts");
    assert_eq!((c.new, c.unanswered), (CAP + 5 - 600, CAP));
    assert_eq!(
        (mention_count_text(c.new), mention_count_text(c.unanswered)),
        ("405".into(), "999+".into())
    );
}

#[test]
fn the_volume_counts_each_hour_of_the_last_day() {
    let (mut s, id, _) = staffed_with_draft();
    // Half past an hour. Minutes before it: two in this hour, three in the
    // hour before, one in the first hour of the day shown, one before it.
    let now = at(630);
    let back = [0, 5, 60, 61, 62, 23 * 60, 25 * 60];
    let items: Vec<NewMention> = back
        .iter()
        .map(|&m| {
            let mut n = mention(&format!("facebook:{m}"), &format!("{m} 分鐘前"), "");
            n.published_at = now - Duration::minutes(m);
            n
        })
        .collect();
    s.import_mentions(&items, "a.csv", None, now).expect("import");
    let v = s.mention_volume(Some(id), now).expect("volume");
    let mut expected = vec![0; 24];
    (expected[0], expected[22], expected[23]) = (1, 3, 2);
    assert_eq!(v, expected, "oldest hour first");
}

#[test]
fn reviews_with_a_reply_arrive_answered() {
    let (mut s, id, _) = staffed_with_draft();
    let json = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/monitor/reviews.json")).expect("fixture");
    let items = parse("reviews.json", &json, crate::domain::zone::Zone::taipei(), at(0)).expect("parse");
    s.import_mentions(&items, "reviews.json", Some(id), at(1)).expect("import");
    let all = s.incident_mentions(id).expect("linked");
    assert_eq!(all.len(), 3);
    let replied: Vec<_> = all.iter().filter(|m| m.state == MentionState::Answered).collect();
    assert_eq!(replied.len(), 1);
    assert_eq!(replied[0].rating, Some(2));
    verify_ok(&s, id);
}

#[test]
fn one_released_statement_answers_a_storm() {
    let (mut s, id, st) = staffed_with_draft();
    let storm: Vec<NewMention> = (0..5)
        .map(|i| mention(&format!("facebook:{i}"), &format!("負評 {i}"), ""))
        .collect();
    s.import_mentions(&storm, "storm.csv", Some(id), at(1)).expect("import");
    let all = s.incident_mentions(id).expect("linked");
    // The first is answered by the draft once it is released …
    assert!(!s.set_mention_reply(all[0].id, st, at(2)).expect("reply"));
    s.statement_step(st, Step::Submit, false, at(3)).expect("submit");
    s.advance_for_tests(st, Step::Review, at(4)).expect("review");
    s.advance_for_tests(st, Step::Approve, at(5)).expect("approve");
    s.statement_step(st, Step::Release, false, at(6)).expect("release");
    // … and the rest by the same released text, at once.
    for m in &all[1..] {
        assert!(s.set_mention_reply(m.id, st, at(7)).expect("answer"));
    }
    let states: Vec<(MentionState, Option<i64>)> = s
        .incident_mentions(id)
        .expect("linked")
        .iter()
        .map(|m| (m.state, m.statement_id))
        .collect();
    assert!(states.iter().all(|x| *x == (MentionState::Answered, Some(st))), "{states:?}");
    verify_ok(&s, id);
}
