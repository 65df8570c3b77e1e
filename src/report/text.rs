//! The cohort report for the terminal.

use std::fmt::Write;

use super::{Report, ScenarioReport, Spread};

/// The whole report as text, at most about 80 columns wide except for
/// long option labels.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = write_report(&mut out, r);
    out
}

fn write_report(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(
        out,
        "Cohort report: {} {} of {} {}.",
        r.sessions,
        plural(r.sessions, "session", "sessions"),
        r.scenarios.len(),
        plural(r.scenarios.len(), "scenario", "scenarios")
    )?;
    if r.names {
        writeln!(out, "Trainees are shown by name.")?;
    } else {
        writeln!(
            out,
            "Trainees are anonymised (Trainee A, B, ...); --names shows their names."
        )?;
    }
    if !r.notes {
        writeln!(
            out,
            "Check-in notes, learning goals and words typed in say-first practice are the trainees' own words and are not shown; --notes includes them."
        )?;
    }
    for s in &r.scenarios {
        writeln!(out)?;
        scenario(out, s, r.notes)?;
    }
    if !r.left_out.is_empty() {
        writeln!(
            out,
            "\nLeft out: {} {} that no longer fit their scenario",
            r.left_out.len(),
            plural(r.left_out.len(), "log", "logs")
        )?;
        for l in &r.left_out {
            writeln!(
                out,
                "  {} ({}, `{}`): {}",
                l.file, l.trainee, l.scenario, l.reason
            )?;
        }
    }
    if !r.unreadable.is_empty() {
        writeln!(
            out,
            "\nNot read: {} {}",
            r.unreadable.len(),
            plural(r.unreadable.len(), "file", "files")
        )?;
        for u in &r.unreadable {
            writeln!(out, "  {} [{}]: {}", u.file, u.code, u.reason)?;
        }
    }
    Ok(())
}

fn scenario(out: &mut String, s: &ScenarioReport, notes: bool) -> std::fmt::Result {
    writeln!(
        out,
        "== {} ({}) with {}: {} {} ({} finished, {} unfinished) ==",
        s.title,
        s.id,
        s.client,
        s.sessions,
        plural(s.sessions, "session", "sessions"),
        s.finished,
        s.unfinished
    )?;
    writeln!(out, "\nEndings")?;
    for e in &s.endings {
        writeln!(
            out,
            "  {:<34} {:<19} {:>4}  {:>3.0}%",
            e.title,
            e.kind,
            e.count,
            e.share * 100.0
        )?;
    }
    writeln!(
        out,
        "\nTurns per session: min {}, median {}, max {}",
        s.turns.min, s.turns.median, s.turns.max
    )?;
    writeln!(
        out,
        "Missteps: {}, of which {} later repaired. Silences: {}.",
        s.missteps, s.repaired, s.silences
    )?;
    if s.rated > 0 {
        let shown: Vec<String> = s
            .ratings
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        writeln!(
            out,
            "How hard it felt (0-10, {} of {} rated): {}",
            s.rated,
            s.sessions,
            shown.join(", ")
        )?;
    }
    writeln!(out, "\nBy turn      sessions  attunement         ownership")?;
    for p in &s.by_turn {
        writeln!(
            out,
            "  turn {:<3}  {:>8}  {:<18} {}",
            p.turn,
            p.sessions,
            spread(p.attunement),
            spread(p.ownership)
        )?;
    }
    writeln!(out, "\nClient turns and what was chosen")?;
    for n in &s.nodes {
        let marker = n
            .marker
            .as_deref()
            .map(|m| format!(", rupture marker: {m}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} (reached in {} of {}{marker})",
            n.id, n.reached, s.sessions
        )?;
        writeln!(out, "    “{}”", shorten(&n.line, 72))?;
        let total: usize = n.options.iter().map(|o| o.chosen).sum();
        for o in &n.options {
            let own = o
                .ownership
                .map_or_else(|| "-".to_owned(), |v| v.to_string());
            writeln!(
                out,
                "    {:>4}  {:<40} attunement {}, ownership {own}{}",
                o.chosen,
                shorten(&o.label, 40),
                o.attunement,
                if total > 0 && o.chosen * 2 > total {
                    "  <- most"
                } else {
                    ""
                }
            )?;
        }
    }
    writeln!(out, "\nPaths taken")?;
    let mut taken: Vec<_> = s.paths.iter().filter(|p| p.count > 0).collect();
    taken.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.from.cmp(&b.from)));
    for p in taken {
        writeln!(
            out,
            "  {:>4}  {} --{}--> {}",
            p.count, p.from, p.option, p.to
        )?;
    }
    writeln!(out, "\nSessions")?;
    for t in &s.trainees {
        let ending = match (&t.ending, &t.ending_kind) {
            (Some(title), Some(kind)) => format!("{title} ({kind})"),
            _ => "unfinished".to_owned(),
        };
        let score = |v: Option<f32>| v.map_or_else(|| "-".to_owned(), |x| format!("{x:.1}"));
        writeln!(
            out,
            "  {:<14} {:<40} {:>2} turns  attunement {}  ownership {}{}",
            shorten(&t.trainee, 14),
            shorten(&ending, 40),
            t.turns,
            score(t.attunement),
            score(t.ownership),
            t.rating.map(|r| format!("  rated {r}")).unwrap_or_default()
        )?;
        if notes {
            if let Some(goal) = &t.goal {
                writeln!(out, "      goal: {goal}")?;
            }
            for (turn, note) in &t.notes {
                writeln!(out, "      turn {turn}, noticed: {note}")?;
            }
            for w in &t.own_words {
                writeln!(
                    out,
                    "      turn {}, in their own words: \u{201c}{}\u{201d}, then chose: {}",
                    w.turn, w.words, w.chose
                )?;
            }
        }
    }
    Ok(())
}

fn spread(s: Option<Spread>) -> String {
    s.map_or_else(
        || "-".to_owned(),
        |s| format!("{:.1} ({}-{})", s.mean, s.min, s.max),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max.saturating_sub(3)).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word}...")
}
