//! The facilitator's side of a drill: the clock, injects as they fall due,
//! contingencies, ratings, hot-wash notes and the improvement plan.

use super::App;
use super::forms::after_action_note::AfterActionNoteForm;
use super::forms::improvement::ImprovementForm;
use super::forms::rating::RatingForm;
use super::popups::confirm::{Ask, Confirm};
use super::popups::form::Form;
use super::popups::inject::InjectNotice;
use crate::action::Action;
use crate::domain::drill::{ClockState, DrillClock, Expect, InjectRecord, SPEEDS, Scenario, due_contingencies, due_injects, next_inject};
use crate::domain::timeline::ClockAct;
use crate::domain::types::Rating;
use crate::store::{DrillRow, ObjectiveRating};

/// Everything the screens show about the active drill.
pub struct DrillView {
    pub row: DrillRow,
    pub scenario: Scenario,
    pub injects: Vec<InjectRecord>,
    pub ratings: Vec<ObjectiveRating>,
}

impl DrillView {
    pub fn clock(&self) -> DrillClock {
        self.row.clock
    }
}

/// One row of the facilitator panel: an objective to rate, or an inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelRow {
    Objective(usize),
    Inject(usize),
}

impl App {
    pub fn load_drill(&self, incident: i64) -> Result<Option<DrillView>, crate::store::StoreError> {
        let Some(row) = self.store.drill(incident)? else { return Ok(None) };
        // The scenario as started was checked then. If it no longer reads
        // (a newer version renamed a role or an item), the incident still
        // shows, as a drill, without the facilitator's panel.
        // The stored text never changes, so a drill already loaded keeps its
        // parsed scenario instead of reading the TOML again on every reload.
        let known = self
            .drill
            .as_ref()
            .filter(|d| d.row.incident_id == incident)
            .map(|d| d.scenario.clone());
        let Some(scenario) = known.or_else(|| Scenario::parse("drill", &row.scenario_src, self.content).ok()) else {
            return Ok(None);
        };
        Ok(Some(DrillView {
            injects: self.store.drill_injects(incident)?,
            ratings: self.store.ratings(incident)?,
            row,
            scenario,
        }))
    }

    pub fn panel_rows(&self) -> Vec<PanelRow> {
        let Some(d) = &self.drill else { return Vec::new() };
        (0..d.scenario.objective.len())
            .map(PanelRow::Objective)
            .chain((0..d.scenario.inject.len() + d.scenario.contingency.len()).map(PanelRow::Inject))
            .collect()
    }

    fn drill_incident(&self) -> Option<i64> {
        self.drill.as_ref().map(|d| d.row.incident_id)
    }

    fn save_clock(&mut self, clock: DrillClock, act: ClockAct) {
        let Some(id) = self.drill_incident() else { return };
        match self.store.set_drill_clock(id, &clock, act, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// Space: start, pause or resume.
    pub fn drill_toggle(&mut self) {
        let Some(mut clock) = self.drill.as_ref().map(DrillView::clock) else {
            return;
        };
        let act = match clock.state {
            ClockState::Ready => ClockAct::Started,
            ClockState::Running => ClockAct::Paused,
            ClockState::Paused => ClockAct::Resumed,
            ClockState::Ended => return self.refuse_text("drill.refuse.ended"),
        };
        if clock.state == ClockState::Running {
            clock.pause(self.now);
        } else {
            clock.run(self.now);
        }
        self.save_clock(clock, act);
        self.drill_tick();
    }

    pub fn drill_speed(&mut self) {
        let Some(mut clock) = self.drill.as_ref().map(DrillView::clock) else {
            return;
        };
        let i = SPEEDS.iter().position(|s| *s == clock.speed).unwrap_or(0);
        clock.set_speed(SPEEDS[(i + 1) % SPEEDS.len()], self.now);
        self.save_clock(clock, ClockAct::Speed);
    }

    pub fn drill_end(&mut self) {
        let Some(mut clock) = self.drill.as_ref().map(DrillView::clock) else {
            return;
        };
        clock.end(self.now);
        self.save_clock(clock, ClockAct::Ended);
    }

    /// `n`: deliver the next inject now, ahead of its time. The clock jumps
    /// to it, so later injects keep their spacing.
    pub fn drill_next(&mut self, skip: bool) {
        let Some(d) = &self.drill else { return };
        if d.row.clock.state == ClockState::Ended {
            return self.refuse_text("drill.refuse.ended");
        }
        let Some(next) = next_inject(&d.scenario, &d.injects).cloned() else {
            return self.refuse_text("drill.no_more");
        };
        let due_ms = i64::from(next.at_minutes) * 60_000;
        let ms = d.row.clock.scenario_ms(self.now);
        let id = d.row.incident_id;
        if !skip && due_ms > ms {
            let mut clock = d.row.clock;
            clock.jump_to(due_ms, self.now);
            if let Err(e) = self.store.set_drill_clock(id, &clock, ClockAct::Jumped, self.now) {
                return self.fail(e);
            }
        }
        match self
            .store
            .record_inject(id, &next, skip, !skip && due_ms > ms, ms.max(due_ms), self.now)
        {
            Ok(_) => {
                self.reload();
                if !skip {
                    self.push(InjectNotice { number: next.number });
                }
            }
            Err(e) => {
                // The clock may have moved already: show it as stored.
                self.reload();
                self.fail(e);
            }
        }
    }

    /// `a`: the facilitator saw the expected action happen.
    pub fn drill_mark_answered(&mut self, number: u32) {
        let Some(id) = self.drill_incident() else { return };
        match self.store.mark_answered(id, number, "facilitator", self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// `r`: cycle the selected objective's rating P → S → M → U.
    pub fn drill_rate(&mut self, objective: usize) {
        let Some(d) = &self.drill else { return };
        let Some(o) = d.scenario.objective.get(objective) else { return };
        let current = d.ratings.iter().find(|r| r.objective == o.id);
        let next = current.map_or(Rating::P, |r| r.rating.next());
        let notes = current.map(|r| r.notes.clone()).unwrap_or_default();
        let (id, oid) = (d.row.incident_id, o.id.clone());
        match self.store.rate_objective(id, &oid, next, &notes, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    pub fn open_objective_notes(&mut self, objective: usize) {
        let Some(d) = &self.drill else { return };
        let Some(o) = d.scenario.objective.get(objective) else { return };
        let current = d.ratings.iter().find(|r| r.objective == o.id).map(|r| (r.rating, r.notes.as_str()));
        let form = RatingForm::new(self, &o.id, current);
        self.push(Form::new(form));
    }

    /// The facilitator panel's act on its selected row.
    pub fn panel_act(&mut self, sel: usize, act: Action) {
        use Action as A;
        let row = self.panel_rows().get(sel).copied();
        match (act, row) {
            (A::DrillRate, Some(PanelRow::Objective(o))) => self.drill_rate(o),
            (A::DrillObjectiveNotes, Some(PanelRow::Objective(o))) => self.open_objective_notes(o),
            (A::DrillAnswered, Some(PanelRow::Inject(i))) => {
                let number = self
                    .drill
                    .as_ref()
                    .and_then(|d| d.scenario.inject.iter().chain(&d.scenario.contingency).nth(i))
                    .map(|x| x.number);
                let delivered = number.is_some_and(|n| {
                    self.drill
                        .as_ref()
                        .is_some_and(|d| d.injects.iter().any(|r| r.number == n && !r.skipped))
                });
                match number {
                    Some(n) if delivered => self.drill_mark_answered(n),
                    _ => self.refuse_text("drill.refuse.not_delivered"),
                }
            }
            (A::DrillToggle, _) => self.drill_toggle(),
            (A::DrillNext, _) => self.drill_next(false),
            (A::DrillSkip, _) => self.drill_next(true),
            (A::DrillSpeed, _) => self.drill_speed(),
            (A::DrillNote, _) => {
                let form = AfterActionNoteForm::new(self);
                self.push(Form::new(form));
            }
            (A::DrillImprovement, _) => {
                let form = ImprovementForm::new(self);
                self.push(Form::new(form));
            }
            (A::DrillEnd, _) => self.push(Confirm::new(Ask::EndDrill)),
            _ => {}
        }
    }

    /// The drill's share of the clock tick: deliver what fell due, notice
    /// expected actions, and send contingencies. Runs in the update step.
    pub fn drill_tick(&mut self) {
        let Some(d) = &self.drill else { return };
        if d.row.clock.state != ClockState::Running {
            return;
        }
        let id = d.row.incident_id;
        let now = self.now;
        let ms = d.row.clock.scenario_ms(now);
        let sc = d.scenario.clone();
        let mut done = d.injects.clone();
        let mut changed = false;
        // Expected actions first, so an inject answered in time never
        // triggers its contingency.
        for rec in done.iter_mut().filter(|r| !r.skipped && r.answered_at.is_none()) {
            let Some(expect) = sc.find(rec.number).and_then(|i| i.expect.as_deref()) else {
                continue;
            };
            let Some(expect) = Expect::parse(expect, self.content, &sc.crisis_type) else {
                continue;
            };
            match self.store.expect_seen(id, &expect, rec.at) {
                Ok(true) => {
                    if let Err(e) = self.store.mark_answered(id, rec.number, "seen", now) {
                        return self.fail(e);
                    }
                    rec.answered_at = Some(now);
                    changed = true;
                }
                Ok(false) => {}
                Err(e) => return self.fail(e),
            }
        }
        let mut arriving = due_injects(&sc, &done, ms);
        arriving.extend(due_contingencies(&sc, &done, ms));
        for number in arriving {
            let Some(inject) = sc.find(number) else { continue };
            match self.store.record_inject(id, inject, false, false, ms, now) {
                Ok(true) => {
                    done.push(InjectRecord {
                        number,
                        skipped: false,
                        scenario_ms: ms,
                        at: now,
                        answered_at: None,
                    });
                    self.push(InjectNotice { number });
                    changed = true;
                }
                Ok(false) => {}
                Err(e) => return self.fail(e),
            }
        }
        let last_due = sc.inject.iter().map(|i| i64::from(i.at_minutes)).max().unwrap_or(0) * 60_000;
        let over = ms >= i64::from(sc.duration_minutes).max(1) * 60_000 && ms >= last_due;
        if over && !self.drill_over_told {
            self.drill_over_told = true;
            self.info(self.tr.t("drill.time_up").to_string());
        }
        if changed {
            self.reload();
        }
    }

    /// Scenario time and state, for the header and the panel.
    pub fn drill_status(&self) -> Option<(String, ClockState, u32)> {
        let d = self.drill.as_ref()?;
        let c = d.row.clock;
        Some((crate::domain::drill::clock_text(c.scenario_ms(self.now)), c.state, c.speed))
    }

    /// When the next main inject falls due, in scenario time.
    pub fn drill_next_due(&self) -> Option<(u32, i64)> {
        let d = self.drill.as_ref()?;
        next_inject(&d.scenario, &d.injects).map(|i| (i.number, i64::from(i.at_minutes) * 60_000))
    }
}
