//! The call tree: tiers of people to reach, each with a wait and the
//! acknowledgements it needs; who was reached, how and when; and the
//! prompt to escalate when a tier waited out its time.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::call_message::CallMessageForm;
use crate::app::forms::call_tier::CallTierForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::app::popups::roster::{Roster, RosterPurpose};
use crate::app::reach::tier_runs;
use crate::domain::clock::{short_time, span};
use crate::domain::reach::{bulk_sms_csv, escalation_due, render, vcards};
use crate::domain::types::{CallState, Channel};
use crate::effects::Effect;
use crate::effects::mail::{Mail, Smtp};
use crate::keymap::Ctx;
use crate::store::{CallMember, CallTree};
use crate::ui::{centered, fit, frame, list, pad, theme};

pub struct CallTreeView {
    /// The selected person, in tier order.
    pub sel: usize,
    /// The channel the next state change is recorded with.
    pub channel: Channel,
}

impl CallTreeView {
    pub fn open(app: &mut App) {
        if app.call_tree_ready().is_none() {
            return;
        }
        app.load_reach_lists();
        app.push(CallTreeView {
            sel: 0,
            channel: Channel::Phone,
        });
    }

    fn tree(app: &App) -> Option<&CallTree> {
        app.reach_lists.tree.as_ref()
    }

    fn selected<'a>(&self, app: &'a App) -> Option<&'a CallMember> {
        Self::tree(app).and_then(|t| t.members.get(self.sel))
    }

    fn done(app: &mut App, r: Result<(), crate::store::StoreError>) {
        match r {
            Ok(()) => app.reload(),
            Err(e) => app.fail(e),
        }
    }

    fn act(&mut self, app: &mut App, action: Action) {
        let Some(incident) = app.incident_id() else { return };
        let Some(tree) = Self::tree(app).cloned() else { return };
        match action {
            Action::CallMessage => {
                let form = CallMessageForm::new(app, &tree.subject, &tree.body);
                app.push(Form::new(form));
            }
            Action::CallActivate => {
                let r = app.store.activate_call_tree(incident, app.now);
                Self::done(app, r);
            }
            Action::CallChannel => self.channel = self.channel.next(),
            Action::CallState(state) => match self.selected(app).map(|m| (m.id, m.person_name.is_empty())) {
                _ if tree.activated_at.is_none() => app.refuse_text("reach.not_active"),
                Some((_, true)) => app.refuse_text("reach.nobody"),
                Some((id, false)) => {
                    let r = app.store.set_call_state(id, state, Some(self.channel), app.now);
                    Self::done(app, r);
                }
                None => {}
            },
            Action::Escalate => {
                let next = tree.tiers.iter().find(|t| t.started_at.is_none()).map(|t| t.seq);
                match next {
                    _ if tree.activated_at.is_none() => app.refuse_text("reach.not_active"),
                    Some(seq) => {
                        let r = app.store.escalate(incident, seq, app.now);
                        Self::done(app, r);
                    }
                    None => app.refuse_text("reach.last_tier"),
                }
            }
            Action::CallAddPerson => {
                let tier = self.selected(app).map_or(1, |m| m.tier);
                app.push(Roster {
                    sel: 0,
                    purpose: RosterPurpose::CallTree { tier },
                });
            }
            Action::CallRemove => {
                if let Some(id) = self.selected(app).map(|m| m.id) {
                    let r = app.store.remove_call_member(id, app.now);
                    Self::done(app, r);
                    self.sel = self.sel.saturating_sub(1);
                }
            }
            Action::CallTier => {
                let seq = self.selected(app).map_or(1, |m| m.tier);
                if let Some(t) = tree.tiers.iter().find(|t| t.seq == seq) {
                    let form = CallTierForm::new(app, t.seq, t.wait_minutes, t.needs);
                    app.push(Form::new(form));
                }
            }
            Action::Copy => {
                let r = render(self.channel, &tree.subject, &tree.body, app.profile.get("name"));
                let text = match &r.subject {
                    Some(s) => format!("{s}\n\n{}", r.body),
                    None => r.body.clone(),
                };
                app.queue(Effect::Copy(text));
                app.info(app.tr.f(
                    "reach.copied",
                    &[
                        ("channel", app.tr.t(&self.channel.label_key())),
                        ("n", &r.chars.to_string()),
                        ("parts", &r.parts.to_string()),
                    ],
                ));
            }
            Action::SendMail => self.send_mail(app, &tree, incident),
            Action::WriteExports => Self::write_exports(app, &tree, incident),
            _ => {}
        }
    }

    /// E-mail everyone on a tier being called who has an address and is
    /// not yet reached.
    fn send_mail(&self, app: &mut App, tree: &CallTree, incident: i64) {
        if tree.activated_at.is_none() {
            return app.refuse_text("reach.not_active");
        }
        let Some(smtp) = Smtp::from_profile(|k| app.profile.get(k).to_string()).filter(|s| !s.from.is_empty()) else {
            return app.refuse_text("reach.no_smtp");
        };
        let started: Vec<i64> = tree.tiers.iter().filter(|t| t.started_at.is_some()).map(|t| t.seq).collect();
        let r = render(Channel::Email, &tree.subject, &tree.body, app.profile.get("name"));
        let mails: Vec<Mail> = tree
            .members
            .iter()
            .filter(|m| started.contains(&m.tier) && m.state == CallState::Unreached && !m.email.trim().is_empty())
            .map(|m| Mail {
                key: m.id,
                to: m.email.trim().to_string(),
                subject: r.subject.clone().unwrap_or_default(),
                body: r.body.clone(),
            })
            .collect();
        if mails.is_empty() {
            return app.refuse_text("reach.no_addresses");
        }
        app.info(app.tr.f("reach.sending", &[("n", &mails.len().to_string())]));
        app.queue(Effect::SendMail { smtp, mails, incident });
    }

    /// The bulk-SMS CSV of the tree and the roster's vCards, beside the
    /// database in `exports/`.
    fn write_exports(app: &mut App, tree: &CallTree, incident: i64) {
        let Some(dir) = app
            .store
            .path()
            .map(|p| p.parent().map_or_else(|| "exports".into(), |d| d.join("exports")))
        else {
            return app.refuse_text("status.report_no_file");
        };
        let sms = render(Channel::Sms, &tree.subject, &tree.body, app.profile.get("name"));
        let people: Vec<(String, String)> = tree.members.iter().map(|m| (m.person_name.clone(), m.phone.clone())).collect();
        let roster: Vec<(String, String, String)> = app
            .persons
            .iter()
            .map(|p| (p.name.clone(), p.phone.clone(), p.email.clone()))
            .collect();
        let csv = match bulk_sms_csv(&people, &sms.body) {
            Ok(c) => c,
            Err(e) => return app.refuse(app.tr.f("status.report_failed", &[("error", &e)])),
        };
        let vcf = match vcards(&roster) {
            Ok(v) => v.into_bytes(),
            Err(e) => return app.refuse(app.tr.f("status.report_failed", &[("error", &e)])),
        };
        let stamp = app.now.with_timezone(&app.tz).format("%Y%m%d-%H%M").to_string();
        app.queue(Effect::WriteReports {
            dir,
            files: vec![
                (format!("call-tree-{incident}-{stamp}-sms.csv"), csv),
                (format!("roster-{stamp}.vcf"), vcf),
            ],
        });
    }
}

impl Layer for CallTreeView {
    fn ctx(&self) -> Ctx {
        Ctx::CallTree
    }

    fn uses_reach_lists(&self) -> bool {
        true
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = Self::tree(app).map_or(0, |t| t.members.len());
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            a => self.act(app, a),
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let r = centered(area, 100, area.height.saturating_sub(2));
        let inner = frame(f, r, tr.t("popup.call_tree"));
        let Some(tree) = Self::tree(app) else { return };
        let w = usize::from(inner.width);
        let runs = tier_runs(tree);
        let mut head: Vec<Line> = Vec::new();
        let message = if tree.body.is_empty() {
            Span::styled(tr.t("reach.no_message"), theme::alert())
        } else {
            Span::raw(fit(&format!("{} {}", tree.subject, tree.body), w))
        };
        head.push(Line::from(message));
        let status = match tree.activated_at {
            None => Span::styled(tr.t("reach.not_active"), theme::dim()),
            Some(at) => match escalation_due(&runs, app.now) {
                Some((next, since)) => Span::styled(
                    tr.f(
                        "reach.escalate_now",
                        &[("tier", &(next + 1).to_string()), ("t", &span(app.now - since))],
                    ),
                    theme::alert(),
                ),
                None => Span::styled(
                    tr.f("reach.active_since", &[("t", &short_time(at, app.now, app.tz))]),
                    theme::bold(),
                ),
            },
        };
        head.push(Line::from(vec![
            status,
            Span::styled(
                format!("  {}", tr.f("reach.channel_now", &[("channel", tr.t(&self.channel.label_key()))])),
                theme::dim(),
            ),
        ]));
        let [top, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        f.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), top);
        // Tier headings are not selectable: map the selected person to its line.
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut sel_line = 0;
        let mut index = 0;
        for (t, run) in tree.tiers.iter().zip(&runs) {
            let left = run.deadline().filter(|_| !run.settled()).map(|d| {
                if d > app.now {
                    tr.f("ui.due_in", &[("t", &span(d - app.now))])
                } else {
                    tr.f("ui.overdue_by", &[("t", &span(app.now - d))])
                }
            });
            let heading = tr.f(
                "reach.tier_line",
                &[
                    ("name", t.name.get(app.lang)),
                    ("wait", &t.wait_minutes.to_string()),
                    ("acks", &run.acknowledged().to_string()),
                    ("needs", &t.needs.to_string()),
                ],
            );
            let heading = match (&left, t.started_at) {
                (Some(l), _) => format!("{heading} · {l}"),
                (None, Some(_)) => heading,
                (None, None) => format!("{heading} · {}", tr.t("reach.tier_waiting")),
            };
            lines.push(Line::from(Span::styled(fit(&heading, w), theme::bold().fg(theme::ACCENT))));
            for m in tree.members.iter().filter(|m| m.tier == t.seq) {
                if index == self.sel {
                    sel_line = lines.len();
                }
                index += 1;
                let who = if m.person_name.is_empty() {
                    tr.t("ui.unassigned").to_string()
                } else {
                    m.person_name.clone()
                };
                let role = if m.role.is_empty() {
                    String::new()
                } else {
                    app.content.role_short(&m.role, app.lang)
                };
                let mut state = tr.t(&m.state.label_key()).to_string();
                if let (Some(c), Some(at)) = (m.channel, m.changed_at) {
                    state = format!("{state} {} {}", tr.t(&c.label_key()), short_time(at, app.now, app.tz));
                }
                let style = match m.state {
                    CallState::Acknowledged => ratatui::style::Style::default().fg(theme::OK),
                    CallState::Declined | CallState::Unreachable => theme::alert(),
                    _ => ratatui::style::Style::default(),
                };
                let text = format!("  {} {} {} {state}", pad(&who, 8), pad(&role, 8), pad(&m.phone, 14));
                lines.push(Line::from(Span::styled(fit(&text, w), style)));
            }
        }
        // The outside parties this crisis type's playbook needs, from the
        // preparedness inventory, so the number is at hand when it is time.
        if !app.reach_lists.contacts.is_empty() {
            lines.push(Line::from(Span::styled(
                fit(tr.t("prepare.contacts"), w),
                theme::bold().fg(theme::ACCENT),
            )));
            for c in &app.reach_lists.contacts {
                let mut parts = vec![format!("  ☎ {}", c.name)];
                if c.missing {
                    parts.push(tr.t("prepare.contact_missing").to_string());
                }
                parts.extend([c.detail.clone(), c.phone.clone()].into_iter().filter(|p| !p.is_empty()));
                if c.stale {
                    parts.push(format!("⚠ {}", tr.t("prepare.never_checked_or_stale")));
                }
                let style = if c.missing || c.stale {
                    theme::dim()
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(fit(&parts.join(" · "), w), style)));
            }
        }
        list(f, rest, lines, sel_line);
    }
}
