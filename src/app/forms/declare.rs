//! Declaring an incident: its crisis type, severity and title.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::content::Content;
use crate::i18n::Lang;

pub struct DeclareForm {
    pub crisis_type: Field,
    pub severity: Field,
    pub title: Field,
    /// Declared from this mention on the monitoring board: it is linked
    /// to the new incident.
    pub from_mention: Option<i64>,
}

/// The severity labels of the playbook at `pb`, level 1 first.
fn severity_options(content: &Content, pb: usize, lang: Lang) -> Vec<String> {
    content
        .playbooks()
        .nth(pb)
        .map(|p| {
            (1..=4u8)
                .map(|l| {
                    p.severity(l)
                        .map(|s| s.label.get(lang).to_string())
                        .unwrap_or_else(|| l.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

impl DeclareForm {
    pub fn new(app: &App) -> DeclareForm {
        let types = app.content.playbooks().map(|p| p.name.get(app.lang).to_string()).collect();
        DeclareForm {
            crisis_type: Field::choice(app.tr.t("form.declare.type"), types, 0),
            // Level 2 by default; if unsure, the higher level.
            severity: Field::choice(app.tr.t("form.declare.severity"), severity_options(app.content, 0, app.lang), 1),
            title: Field::text(app.tr.t("form.declare.title_field"), ""),
            from_mention: None,
        }
    }

    /// Declaring from a mention: an online-reputation incident titled
    /// after it, the mention linked once it is declared.
    pub fn from_mention(app: &App, m: &crate::store::Mention) -> DeclareForm {
        let mut form = DeclareForm::new(app);
        if let Some(i) = app.content.playbooks().position(|p| p.id == "online-reputation") {
            form.crisis_type = Field::choice(
                app.tr.t("form.declare.type"),
                app.content.playbooks().map(|p| p.name.get(app.lang).to_string()).collect(),
                i,
            );
            form.severity = Field::choice(app.tr.t("form.declare.severity"), severity_options(app.content, i, app.lang), 1);
        }
        let title = crate::text::one_line(m.headline());
        let title: String = title.chars().take(40).collect();
        form.title = Field::text(app.tr.t("form.declare.title_field"), &title);
        form.from_mention = Some(m.id);
        form
    }
}

impl FormSpec for DeclareForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.declare.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.crisis_type, &self.severity, &self.title]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.crisis_type, &mut self.severity, &mut self.title]
    }

    /// The severity labels belong to the chosen crisis type.
    fn changed(&mut self, app: &App) {
        self.severity
            .set_options(severity_options(app.content, self.crisis_type.index(), app.lang));
    }

    /// What the chosen severity means for this type.
    fn guidance(&self, app: &App) -> Option<String> {
        let pb = app.content.playbooks().nth(self.crisis_type.index())?;
        let sev = pb.severity(self.severity.index() as u8 + 1)?;
        Some(format!("{}\n{}", sev.guidance.get(app.lang), app.tr.t("form.declare.if_unsure")))
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let title = self.title.value();
        let title = title.trim();
        if title.is_empty() {
            return Err(app.tr.t("form.declare.need_title").to_string());
        }
        let Some(pb) = app.content.playbooks().nth(self.crisis_type.index()) else {
            return Err(app.tr.t("form.declare.need_type").to_string());
        };
        let severity = self.severity.index() as u8 + 1;
        let id = app.store.declare(pb, severity, title, false, app.now).map_err(|e| app.words(&e))?;
        if let Some(m) = self.from_mention
            && let Err(e) = app.store.link_mention(m, Some(id), app.now)
        {
            app.fail(e);
        }
        app.after_declare(id);
        Ok(Some(app.tr.f("status.declared", &[("id", &id.to_string())])))
    }
}
