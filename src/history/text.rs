//! The history for the terminal: the list of sessions, newest first, then
//! attunement and ownership across them as one row of bars per session,
//! oldest first so that the trend reads downwards; files that could not be
//! read last, each named. Everything is wrapped at the width given and
//! fits in 80 columns.

use super::{History, Past};
use crate::player::wrap_text;

/// The bars' length for a score of 5 (a score of 1 fills a fifth of it).
const BAR: usize = 15;

/// What to print when the folder holds no session at all.
pub fn nothing_yet(history: &History) -> String {
    format!(
        "No sessions are saved in {} yet. Start one with `attune play ID` (`attune list` shows \
         the scenarios) or in the app: each session is saved here as you play, and appears \
         in this list.",
        history.folder.display()
    )
}

/// The whole history at `width` columns.
pub fn render(h: &History, width: usize) -> String {
    let mut out = String::new();
    if h.sessions.is_empty() && h.damaged.is_empty() {
        out.push_str(&wrap_text(width, "", "", &nothing_yet(h)));
        return out;
    }
    let count = match h.sessions.len() {
        1 => "1 session".to_owned(),
        n => format!("{n} sessions"),
    };
    out.push_str(&wrap_text(
        width,
        "",
        "",
        &format!(
            "Your sessions, newest first: {count} in {} (times are local).",
            h.folder.display()
        ),
    ));
    for s in &h.sessions {
        out.push('\n');
        out.push_str(&session(s, width));
    }
    if h.sessions.iter().any(|s| s.attunement.is_some()) {
        out.push('\n');
        out.push_str(&chart(h, width));
    }
    if !h.damaged.is_empty() {
        out.push('\n');
        out.push_str(&wrap_text(
            width,
            "",
            "",
            &format!(
                "Could not be read ({}): these files in the folder are not session logs \
                 Attune can read, and are left as they are.",
                h.damaged.len()
            ),
        ));
        for d in &h.damaged {
            let name = d.file.file_name().map_or_else(
                || d.file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            out.push_str(&wrap_text(
                width,
                "- ",
                "  ",
                &format!("{name}: {} [{}]", d.problem, d.code),
            ));
            if let Some(hint) = &d.hint {
                out.push_str(&wrap_text(width, "  ", "  ", &format!("({hint})")));
            }
        }
    }
    out
}

/// One session: when, what, who; how it ended; its scores; its file.
fn session(s: &Past, width: usize) -> String {
    let number = format!("{:<4}", format!("{}.", s.number));
    let pad = " ".repeat(number.len());
    let with = s
        .client
        .as_ref()
        .map(|c| format!(", with {c}"))
        .unwrap_or_default();
    let mut out = wrap_text(
        width,
        &number,
        &pad,
        &format!("{} · {}{with}", s.local, s.title),
    );
    let mut facts = Vec::new();
    if let Some(t) = &s.trainee {
        facts.push(format!("Played by {t}."));
    }
    match &s.ending {
        Some(e) => {
            facts.push(format!("Ended: {} ({}).", e.title, e.kind));
            facts.push(match s.rating {
                Some(r) => format!("How hard it felt: {r}/10."),
                None => "How hard it felt: not rated.".to_owned(),
            });
        }
        None => facts.push(format!(
            "Unfinished after {}: carry on with {}",
            turns(s.turns),
            s.resume_command()
        )),
    }
    out.push_str(&wrap_text(width, &pad, &pad, &facts.join(" ")));
    out.push_str(&wrap_text(width, &pad, &pad, &scores(s)));
    if let Some(c) = &s.caveat {
        out.push_str(&wrap_text(width, &pad, &pad, &format!("Note: {c}.")));
    }
    if s.is_finished() {
        out.push_str(&wrap_text(
            width,
            &pad,
            &pad,
            &format!("Log: {}", s.file.display()),
        ));
    }
    out
}

fn turns(n: usize) -> String {
    match n {
        0 => "no turns".to_owned(),
        1 => "1 turn".to_owned(),
        n => format!("{n} turns"),
    }
}

/// The session's scores in a sentence.
fn scores(s: &Past) -> String {
    let so_far = if s.is_finished() { "" } else { " so far" };
    let Some(a) = s.attunement else {
        return if s.turns == 0 {
            "No turn answered yet, so no scores.".to_owned()
        } else {
            "No scores could be worked out for this session.".to_owned()
        };
    };
    match s.ownership {
        Some(o) => format!(
            "Attunement {a:.1} on average{so_far}; ownership {o:.1} where your own part was at stake."
        ),
        None => format!(
            "Attunement {a:.1} on average{so_far}; your own part was not at stake at any turn, so no ownership score."
        ),
    }
}

/// Attunement and ownership across sessions, one row each, oldest first.
fn chart(h: &History, width: usize) -> String {
    let mut out = wrap_text(
        width,
        "",
        "",
        "Attunement and ownership across sessions, oldest first (each bar runs from 1 to 5; \
         a picture of the process, not a grade):",
    );
    let bar = if width >= 72 { BAR } else { 10 };
    let lead = 4 + 16 + 2;
    out.push_str(&format!(
        "{:lead$}{:<w$}  {}\n",
        "",
        "attunement",
        "ownership",
        w = bar + 4
    ));
    for s in h.sessions.iter().rev() {
        let Some(a) = s.attunement else {
            continue;
        };
        let own = match s.ownership {
            Some(o) => format!("{} {o:.1}", bars(o, bar)),
            None => "not at stake".to_owned(),
        };
        let mut row = format!(
            "{:<4}{:<16}  {} {a:.1}  {own}",
            format!("{}.", s.number),
            s.local,
            bars(a, bar)
        );
        if !s.is_finished() {
            row.push_str(" (unfinished)");
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// A bar `len` cells long at 5, in whole and half cells, the rest shaded
/// lightly so that the scale shows.
fn bars(score: f32, len: usize) -> String {
    let halves = ((score.clamp(0.0, 5.0) / 5.0) * (len as f32) * 2.0).round() as usize;
    let (full, half) = (halves / 2, halves % 2);
    let mut s = "\u{2588}".repeat(full);
    if half == 1 {
        s.push('\u{258c}');
    }
    let rest = len.saturating_sub(full + half);
    s.push_str(&"\u{2591}".repeat(rest));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion_to_five() {
        assert_eq!(
            bars(5.0, 10).chars().filter(|c| *c == '\u{2588}').count(),
            10
        );
        assert_eq!(
            bars(2.5, 10),
            format!("{}{}", "\u{2588}".repeat(5), "\u{2591}".repeat(5))
        );
        assert_eq!(bars(2.25, 10).chars().count(), 10);
        assert!(bars(2.25, 10).contains('\u{258c}'));
    }
}
