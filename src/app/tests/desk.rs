//! The statement desk: templates, checks, sign-offs, versions.

use super::*;

/// The desk's "done when": a communications lead drafts a zh press release
/// from the data-breach template, a pasted national ID is flagged at its
/// place and blocks release, and after its removal the statement goes
/// through legal review and the commander's approval to a frozen release.
#[test]
fn desk_template_to_frozen_release() {
    let mut a = app();
    for (name, role) in [("林院長", "commander"), ("黃律師", "legal"), ("陳公關", "communications")] {
        a.store.add_person(name, "", "", t0()).expect("p");
        let _ = role;
    }
    a.reload();
    declare(&mut a, "病歷系統遭勒索");
    let iid = a.view.as_ref().expect("v").incident.id;
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let pid = a.persons.iter().find(|p| p.name == name).expect("person").id;
        a.store.assign_role(iid, role, pid, t0()).expect("assign");
    }
    a.store.set_profile("name", "安心診所", t0()).expect("profile");
    a.store.set_profile("hotline", "02-2345-6789", t0()).expect("profile");
    a.reload();

    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('t'));
    assert!(a.top::<TemplatePicker>().is_some());
    // The second template of a type is its press release.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    assert!(a.editor.editing, "a template opens straight into the editor");
    let st = a.current_statement().cloned().expect("statement");
    assert_eq!(st.audience, Audience::Media);
    let text = a.editor.text();
    assert!(
        text.contains("安心診所") && text.contains("02-2345-6789"),
        "filled from the profile:\n{text}"
    );
    assert!(!text.contains("{clinic}"));
    a.tick(t0() + Duration::seconds(1));
    assert!(
        !a.findings.iter().any(|f| f.kind == "phone"),
        "the clinic's own hotline is not personal data: {:?}",
        a.findings
    );
    // What the template leaves for the drafter blocks until it is filled.
    assert!(a.findings.iter().any(|f| f.kind == "placeholder"), "{:?}", a.findings);

    // The drafter replaces the text with the finished statement, pasting a
    // patient's national ID by mistake at the end of the first line.
    a.editor.textarea.select_all();
    a.editor.textarea.cut();
    let first = "安心診所預約系統於今日遭勒索軟體加密，我們深感抱歉";
    a.paste(&format!(
        "{first}，病患身分證 A123456789\n經查已確認部分預約資料無法讀取，我們已隔離系統並通報主管機關。\n如您接到自稱本診所的可疑來電，請撥打專線 02-2345-6789 查證。下次更新將於今晚公布。"
    ));
    a.tick(t0() + Duration::seconds(2));
    let first_line_chars = first.chars().count();
    let id_finding = a
        .findings
        .iter()
        .find(|f| f.kind == "national-id")
        .unwrap_or_else(|| panic!("not flagged in {:?}: {:?}", a.editor.text(), a.findings));
    assert_eq!((id_finding.line, id_finding.column), (1, first_line_chars + 8));
    assert_eq!(a.blocking_count(), 1, "{:?}", a.findings);

    // Sending to legal is allowed; legal review is refused while it is there.
    key(&mut a, KeyCode::Esc);
    a.set_operator(Some("陳公關".into()));
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(a.current_statement().map(|s| s.state), Some(StatementState::Review));
    key(&mut a, KeyCode::Char('l'));
    assert!(a.status.as_ref().is_some_and(|s| s.error), "review refused");
    assert!(a.top::<Findings>().is_some(), "and the findings are shown");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current_statement().and_then(|s| s.reviewed_by.clone()), None);

    // Take it back to draft, delete the ID, and go round again.
    key(&mut a, KeyCode::Char('o'));
    key(&mut a, KeyCode::Enter);
    assert!(a.editor.editing);
    a.editor
        .textarea
        .move_cursor(ratatui_textarea::CursorMove::Jump(0, (first_line_chars + 17) as u16));
    for _ in 0..17 {
        key(&mut a, KeyCode::Backspace);
    }
    a.tick(t0() + Duration::seconds(4));
    assert_eq!(a.blocking_count(), 0, "{:?}", a.findings);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    // Each sign-off names the person and the exact version, and waits for y.
    key(&mut a, KeyCode::Char('l'));
    match a.top::<Confirm>().map(|c| &c.ask) {
        Some(Ask::SignOff(so)) => {
            assert_eq!((so.person.as_str(), so.role, so.version), ("黃律師", "legal", 1));
            assert_eq!(so.sha256, crate::domain::desk::sha256_hex(&a.editor.text()));
        }
        _ => panic!("sign-off confirmation"),
    }
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.current_statement().and_then(|s| s.reviewed_by.clone()), None, "n records nothing");
    for k in ['l', 'y', 'A', 'y', 'R'] {
        key(&mut a, KeyCode::Char(k));
    }
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::Release(_))));
    key(&mut a, KeyCode::Char('y'));
    let released = a.current_statement().cloned().expect("s");
    assert_eq!(released.state, StatementState::Released);
    assert_eq!(released.reviewed_by.as_deref(), Some("黃律師"));
    // The release is followed by a record anchor to keep outside the file.
    let notice = a.top::<AnchorNotice>().expect("anchor offered after release");
    assert_eq!(notice.anchor.incidents, 1);
    assert!(!notice.qr.is_empty());
    assert!(a.store.check_anchor(&notice.anchor.digest).expect("check").is_ok());
    key(&mut a, KeyCode::Esc);
    let v = a.store.statement_versions(released.id).expect("versions");
    assert_eq!(v.len(), 1);
    assert!(!v[0].body.contains("A123456789"));
    assert_eq!(v[0].body, a.editor.text());
    let page = a.store.timeline_page(iid, None, 2).expect("page");
    assert_eq!(page[0].kind, "anchor.given");
    assert_eq!(page[1].kind, "statement.released");
    assert_eq!(page[1].operator.as_deref(), Some("陳公關"), "the operator is on the record");

    // The media's next update falls due from the release.
    let dues = a.update_dues();
    assert_eq!(dues.len(), 1);
    assert_eq!(dues[0].0, Audience::Media);
    assert_eq!(dues[0].1, v[0].released_at + Duration::minutes(120), "severity 2 cadence");

    // Reading the released statement creates nothing.
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<StatementText>().is_some());
    assert!(!a.editor.editing);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current_statement().map(|s| s.version), Some(1));
    // `e` asks first; n leaves it alone, y starts version 2; v1 stays frozen.
    key(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::NewVersion(_))));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.current_statement().map(|s| s.version), Some(1));
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.editor.editing);
    assert_eq!(
        a.current_statement().map(|s| (s.version, s.state)),
        Some((2, StatementState::Draft))
    );
    chars(&mut a, "補充");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('D'));
    let d = a.top::<Diff>().expect("diff popup");
    assert_eq!((d.versions.len(), d.from, d.to), (2, 0, 1));
    assert!(d.versions[1].body.contains("補充"));
    key(&mut a, KeyCode::Esc);
    // The new version is thrown away: back to the released text and version 1.
    key(&mut a, KeyCode::Char('x'));
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::Discard(_))));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.current_statement().map(|s| (s.version, s.state)),
        Some((1, StatementState::Released))
    );
    assert_eq!(a.editor.text(), v[0].body);
}

#[test]
fn sign_offs_and_release_need_an_operator() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "本診所深感抱歉");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("desk.refuse.no_operator")));
    // The operator picker opens; choosing someone names them in the header.
    assert_eq!(a.top::<Roster>().expect("operator picker").purpose, RosterPurpose::Operator);
    key(&mut a, KeyCode::Enter);
    assert!(a.operator.is_some());
    assert_eq!(a.store.operator(), a.operator.as_deref());
}

#[test]
fn a_private_name_blocks_and_editing_in_review_is_refused() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('P'));
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "王小明");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.view.as_ref().expect("v").private.len(), 1);
    edit_statement(&mut a);
    chars(&mut a, "病患王小明今日");
    a.tick(t0() + Duration::seconds(2));
    let f = a.findings.iter().find(|f| f.kind == "private-name").expect("flagged");
    assert_eq!((f.line, f.column, f.text.as_str()), (1, 3, "王小明"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(a.current_statement().map(|s| s.state), Some(StatementState::Review));
    key(&mut a, KeyCode::Char('e'));
    assert!(!a.editor.editing, "a statement in review does not take edits");
    assert!(a.status.as_ref().is_some_and(|s| s.error));
    // Review by legal is refused while nobody holds the role.
    a.set_operator(Some("操作者".into()));
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("desk.refuse.no_legal")));
}

#[test]
fn the_profile_form_saves_and_a_bad_pattern_keeps_it_open() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('C'));
    chars(&mut a, "安心診所");
    // Down to chart-pattern (the ninth field) and type a broken regex.
    for _ in 0..8 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "[A-");
    key(&mut a, KeyCode::Enter);
    let f = a.top::<Form<ProfileForm>>().expect("form stays open on a bad value");
    assert!(
        f.error.as_deref().is_some_and(|e| e.contains("病歷號格式")),
        "worded in zh: {:?}",
        f.error
    );
    for _ in 0..3 {
        key(&mut a, KeyCode::Backspace);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    assert_eq!(a.profile.get("name"), "安心診所");
}

/// A long draft is checked off the keystroke; its findings still arrive.
#[test]
fn a_long_draft_is_checked_on_the_worker_and_its_findings_arrive() {
    let mut a = staffed();
    edit_statement(&mut a);
    let line = "本診所已於今日上午發現預約系統異常，並立即啟動應變小組，持續與主管機關聯繫說明。\n";
    a.paste(&format!("{}病患身分證 A123456789", line.repeat(400)));
    let later = t0() + Duration::seconds(1);
    a.tick(later);
    // The answer comes from another thread: give it a few seconds at most.
    let start = std::time::Instant::now();
    while !a.findings.iter().any(|f| f.kind == "national-id") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "no findings: {:?}",
            a.findings
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        a.tick(later);
    }
    let f = a.findings.iter().find(|f| f.kind == "national-id").expect("found");
    assert_eq!(f.line, 401, "at its place in the long text");
    assert_eq!(a.editor_count, crate::domain::lint::count_chars(&a.editor.text()));
}
