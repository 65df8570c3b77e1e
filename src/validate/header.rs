//! Checks of the scenario's header: the format version, the id, the texts
//! a trainee reads before a session, the ruptures practised and the names
//! of the state variables.

use super::Ctx;
use super::kind::{FieldName, Owner, Problem, TextField};
use crate::format::{FORMAT_VERSION, ScenarioFile};
use crate::model::{STATE_MAX, STATE_MIN, is_valid_id};
use crate::spans::Key;

/// Everything above `state` and `nodes`.
pub(super) fn check(cx: &mut Ctx, file: &ScenarioFile) {
    if file.format != FORMAT_VERSION {
        let problem = Problem::FormatVersion { found: file.format };
        cx.report(problem, &[Key::Field("format")]);
    }
    if !is_valid_id(&file.id) {
        let problem = Problem::BadScenarioId {
            id: file.id.clone(),
        };
        cx.report(problem, &[Key::Field("id")]);
    }
    for (name, text) in [
        ("title", &file.title),
        ("premise", &file.premise),
        ("setting", &file.setting),
    ] {
        if text.trim().is_empty() {
            let field = field(name, Owner::Scenario);
            cx.report(Problem::EmptyText { field }, &[Key::Field(name)]);
        }
    }
    if file.ruptures.is_empty() {
        cx.report(Problem::NoRuptures, &[Key::Field("ruptures")]);
    }
    texts(cx, file);
    appearance(cx, file);
}

/// Fields of the client's `appearance` that the figure would not show.
fn appearance(cx: &mut Ctx, file: &ScenarioFile) {
    let Some(a) = &file.client.appearance else {
        return;
    };
    let at = [Key::Field("client"), Key::Field("appearance")];
    // A value read as a stand-in could make another field look unseen.
    if cx.suppressed_under(&at) {
        return;
    }
    for u in crate::appearance::unseen(a) {
        let problem = Problem::UnseenAppearance {
            field: u.field,
            because: u.because,
            hint: u.hint,
        };
        cx.report(problem, &[at[0], at[1], Key::Field(u.field)]);
    }
}

/// Unsafe characters in the header's texts and in the client's details.
fn texts(cx: &mut Ctx, file: &ScenarioFile) {
    for (name, text) in [
        ("id", &file.id),
        ("title", &file.title),
        ("premise", &file.premise),
        ("pattern", &file.pattern),
        ("setting", &file.setting),
    ] {
        cx.text(text, &[Key::Field(name)], || field(name, Owner::Scenario));
    }
    let client = &file.client;
    for (name, text) in [
        ("name", &client.name),
        ("background", &client.background),
        ("concern", &client.concern),
    ] {
        cx.text(text, &[Key::Field("client"), Key::Field(name)], || {
            field(name, Owner::Client)
        });
    }
}

/// The names declared in `state`, and their starting values.
pub(super) fn state(cx: &mut Ctx, file: &ScenarioFile) {
    let at = [Key::Field("state")];
    for (name, &value) in &file.state {
        if !(STATE_MIN..=STATE_MAX).contains(&value) {
            let problem = Problem::InitialStateRange {
                var: name.clone(),
                value,
            };
            cx.report(problem, &[at[0], Key::MapKey(name)]);
        }
        if !is_valid_var(name) {
            let span = cx.map_key(&at, name);
            let problem = Problem::BadVariableName { name: name.clone() };
            cx.report_span(problem, &[at[0], Key::MapKey(name)], span);
        }
        cx.map_key_text(name, &at, || TextField {
            name: FieldName::KeyOf("state"),
            owner: Owner::Scenario,
        });
    }
}

fn field(name: &'static str, owner: Owner) -> TextField {
    TextField {
        name: FieldName::Named(name),
        owner,
    }
}

/// A lower-case letter, then lower-case letters, digits and `_`.
fn is_valid_var(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
