//! The terminal player and the transcript it prints.
//!
//! [`run`] drives a [`Session`] with answers from a [`Trainee`]: a person at
//! a terminal or a pipe ([`LineTrainee`]), or a session log being replayed
//! ([`Scripted`]). Both print through the same transcript functions, which
//! is why a replayed log prints exactly what the live session printed.
//! They write scenario and log text as it is; the command line hands them a
//! [`crate::term::Sanitized`] writer, which escapes control characters.

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};
use std::time::Instant;

use crate::debrief::Debrief;
use crate::engine::{Event, Offered, Session};
use crate::format::OptionKind;
use crate::log::{LoggedTurn, SessionLog};
use crate::model::{Choice, Next, Scenario, State};

/// The width the transcript is wrapped at when the terminal's is not
/// known (output to a pipe or a file).
pub const DEFAULT_WIDTH: usize = 80;

/// The narrowest width text is wrapped at, whatever the terminal says.
const MIN_WIDTH: usize = 20;

/// What the trainee does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Choose {
        option: String,
        latency_ms: u64,
        note: Option<String>,
        /// The node a logged turn's reaction reached, followed where the
        /// scenario still allows it (see [`Session::choose_following`]).
        reaction: Option<String>,
    },
    /// The trainee stops for now; the session can be resumed.
    Pause,
    /// No more answers (the input ended).
    EndOfInput,
}

/// What the trainee would say at a turn, asked before the options are
/// shown (say-first practice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Their own words.
    Words(String),
    /// Nothing: show the options.
    Skip,
    /// The trainee stops for now; the session can be resumed.
    Pause,
    /// No more answers (the input ended).
    EndOfInput,
}

/// A source of answers.
pub trait Trainee {
    fn act(&mut self, session: &Session) -> io::Result<Action>;

    /// Say-first practice: what the trainee would say at this turn, before
    /// the options are shown. Asked once per turn, after the client's line
    /// and any check-in. By default nothing is said.
    fn say_first(&mut self, _session: &Session) -> io::Result<Said> {
        Ok(Said::Skip)
    }
}

/// Answers read line by line: a number or an option id per line. Lines
/// starting with `note:` record what the trainee notices in themselves.
/// In say-first practice, the first line of a turn is what the trainee
/// would say (an empty line skips). When `interactive`, prompts are
/// written to `prompt`.
pub struct LineTrainee<R, W> {
    pub input: R,
    pub prompt: W,
    pub interactive: bool,
    /// The width prompts are wrapped at (see [`wrap`]).
    pub width: usize,
    /// The check-in answer of this turn when it was asked before the
    /// trainee's own words (say-first practice).
    checked_in: Option<Option<String>>,
}

impl<R: BufRead, W: Write> LineTrainee<R, W> {
    pub fn new(input: R, prompt: W, interactive: bool, width: usize) -> LineTrainee<R, W> {
        LineTrainee {
            input,
            prompt,
            interactive,
            width,
            checked_in: None,
        }
    }

    /// At a terminal, the check-in of the current turn, if it has one:
    /// `Ok(None)` when the input ended, else the note (if any).
    fn ask_check_in(&mut self, session: &Session) -> io::Result<Option<Option<String>>> {
        let Some(c) = session.current_turn().and_then(|t| t.checkin.as_ref()) else {
            return Ok(Some(None));
        };
        prompt(
            &mut self.prompt,
            self.width,
            "What do you notice in yourself? (a letter, your own words, or Enter to skip) >",
        )?;
        Ok(self
            .read_line()?
            .map(|l| pick_suggestion(&l, &c.suggestions)))
    }
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(line.trim().to_owned())),
            // A line that is not UTF-8 is skipped like any other bad answer.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(Some(String::new())),
            Err(e) => Err(e),
        }
    }
}

impl<R: BufRead, W: Write> LineTrainee<R, W> {
    /// After the debrief: how hard the session felt, 0 to 10. At a
    /// terminal this is asked; from a pipe, a line `rating: N` gives it.
    pub fn read_rating(&mut self) -> io::Result<Option<u8>> {
        loop {
            if self.interactive {
                prompt(
                    &mut self.prompt,
                    self.width,
                    &format!(
                        "How hard did this session feel ({})? Enter to skip >",
                        crate::debrief::RATING_ANCHORS
                    ),
                )?;
            }
            let Some(line) = self.read_line()? else {
                return Ok(None);
            };
            let text = match line.strip_prefix("rating:") {
                Some(rest) => rest.trim(),
                None if self.interactive => line.as_str(),
                None => return Ok(None),
            };
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<u8>() {
                Ok(n) if n <= 10 => return Ok(Some(n)),
                _ if self.interactive => {
                    wrap(
                        &mut self.prompt,
                        self.width,
                        "",
                        "",
                        "A number from 0 to 10, please, or Enter to skip.",
                    )?;
                }
                _ => return Ok(None),
            }
        }
    }
}

/// A check-in note typed as `note: ...` while answering: matched against
/// the turn's suggestions like an answer at the check-in.
fn typed_note(session: &Session, text: &str) -> Option<String> {
    let suggestions = session
        .current_turn()
        .and_then(|t| t.checkin.as_ref())
        .map(|c| c.suggestions.clone())
        .unwrap_or_default();
    pick_suggestion(text.trim(), &suggestions)
}

impl<R: BufRead, W: Write> Trainee for LineTrainee<R, W> {
    fn say_first(&mut self, session: &Session) -> io::Result<Said> {
        let mut note = None;
        if self.interactive {
            match self.ask_check_in(session)? {
                None => return Ok(Said::EndOfInput),
                Some(n) => note = n,
            }
        }
        loop {
            if self.interactive {
                prompt(
                    &mut self.prompt,
                    self.width,
                    "What would you say? Type it in your own words, then Enter (Enter alone shows \
                     the options; q pauses) >",
                )?;
            }
            let Some(line) = self.read_line()? else {
                return Ok(Said::EndOfInput);
            };
            if let Some(text) = line.strip_prefix("note:") {
                note = typed_note(session, text);
                continue;
            }
            self.checked_in = Some(note);
            return Ok(match line.as_str() {
                "" => Said::Skip,
                "q" => Said::Pause,
                _ => Said::Words(line),
            });
        }
    }

    fn act(&mut self, session: &Session) -> io::Result<Action> {
        let offered = session.offered();
        let started = Instant::now();
        let mut note = None;
        if let Some(n) = self.checked_in.take() {
            note = n;
        } else if self.interactive {
            match self.ask_check_in(session)? {
                None => return Ok(Action::EndOfInput),
                Some(n) => note = n,
            }
        }
        loop {
            if self.interactive {
                prompt(
                    &mut self.prompt,
                    self.width,
                    &format!("Your response (1-{}, or q to pause) >", offered.len()),
                )?;
            }
            let Some(line) = self.read_line()? else {
                return Ok(Action::EndOfInput);
            };
            if line.is_empty() {
                continue;
            }
            if let Some(text) = line.strip_prefix("note:") {
                note = typed_note(session, text);
                continue;
            }
            let answer = resolve_answer(&line, offered);
            if answer.is_none() && matches!(line.as_str(), "q" | "quit") {
                return Ok(Action::Pause);
            }
            match answer {
                Some(id) => {
                    return Ok(Action::Choose {
                        option: id.to_owned(),
                        latency_ms: started.elapsed().as_millis() as u64,
                        note,
                        reaction: None,
                    });
                }
                None => {
                    wrap(
                        &mut self.prompt,
                        self.width,
                        "",
                        "",
                        &format!(
                            "`{}` is not one of the options here: type a number from 1 to {} or an option id.",
                            shorten(&line, 40),
                            offered.len()
                        ),
                    )?;
                }
            }
        }
    }
}

/// What picks check-in suggestion `i` (from 0): `a` to `z`. Validation
/// allows at most [`crate::model::MAX_SUGGESTIONS`]; past `z` (a scenario
/// built in code) the number picks it.
fn suggestion_key(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// A check-in answer: a letter (or number) picks a suggestion, other text
/// is kept as written, empty means skipped.
fn pick_suggestion(answer: &str, suggestions: &[String]) -> Option<String> {
    let a = answer.trim();
    if a.is_empty() {
        return None;
    }
    let by_letter = (a.len() == 1)
        .then(|| a.chars().next())
        .flatten()
        .filter(char::is_ascii_lowercase)
        .map(|c| (c as u8 - b'a') as usize);
    let idx = by_letter.or_else(|| a.parse::<usize>().ok().and_then(|n| n.checked_sub(1)));
    match idx.and_then(|i| suggestions.get(i)) {
        Some(s) => Some(s.clone()),
        None => Some(a.to_owned()),
    }
}

/// A number shown on screen or an option id: the id of the option it
/// names.
pub fn resolve_answer<'a>(
    answer: &str,
    offered: impl IntoIterator<Item = Offered<'a>>,
) -> Option<&'a str> {
    let number = answer.parse::<usize>().ok();
    offered
        .into_iter()
        .find(|o| match number {
            Some(n) => o.number == n,
            None => o.id == answer,
        })
        .map(|o| o.id)
}

/// Answers taken from a log, then (optionally) from another trainee.
pub struct Scripted<'a> {
    pub turns: VecDeque<LoggedTurn>,
    pub then: Option<&'a mut dyn Trainee>,
}

impl Trainee for Scripted<'_> {
    fn say_first(&mut self, session: &Session) -> io::Result<Said> {
        match self.turns.front() {
            Some(t) => Ok(t.own_words.clone().map_or(Said::Skip, Said::Words)),
            None => match &mut self.then {
                Some(next) => next.say_first(session),
                None => Ok(Said::EndOfInput),
            },
        }
    }

    fn act(&mut self, session: &Session) -> io::Result<Action> {
        match self.turns.pop_front() {
            Some(t) => Ok(Action::Choose {
                option: t.option,
                latency_ms: t.latency_ms,
                note: t.inner_note,
                reaction: Some(t.reaction),
            }),
            None => match &mut self.then {
                Some(next) => next.act(session),
                None => Ok(Action::EndOfInput),
            },
        }
    }
}

/// Answers given as option ids in advance (`attune play --choices`). When
/// an id is not offered, or the ids run out before the session ends, the
/// run stops with [`Action::EndOfInput`] and [`ChoiceList::stopped`] says
/// why.
#[derive(Debug, Clone, Default)]
pub struct ChoiceList {
    pub choices: VecDeque<String>,
    pub stopped: Option<ChoicesStop>,
}

/// Why a [`ChoiceList`] stopped before the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoicesStop {
    /// `option` is not offered at turn `turn` (1-based), node `node`.
    NotOffered {
        turn: usize,
        node: String,
        option: String,
        offered: Vec<String>,
    },
    /// Every id was used; the session waits at `node`.
    RanOut {
        turn: usize,
        node: String,
        offered: Vec<String>,
    },
}

impl ChoiceList {
    pub fn new(choices: impl IntoIterator<Item = String>) -> ChoiceList {
        ChoiceList {
            choices: choices.into_iter().collect(),
            stopped: None,
        }
    }
}

impl Trainee for ChoiceList {
    fn act(&mut self, session: &Session) -> io::Result<Action> {
        let offered: Vec<String> = session.offered().ids().map(str::to_owned).collect();
        let turn = session.turns().len() + 1;
        let node = session.current_node().id().to_owned();
        let Some(option) = self.choices.pop_front() else {
            self.stopped = Some(ChoicesStop::RanOut {
                turn,
                node,
                offered,
            });
            return Ok(Action::EndOfInput);
        };
        if !offered.contains(&option) {
            self.stopped = Some(ChoicesStop::NotOffered {
                turn,
                node,
                option,
                offered,
            });
            return Ok(Action::EndOfInput);
        }
        Ok(Action::Choose {
            option,
            latency_ms: 0,
            note: None,
            reaction: None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    Ended,
    Paused,
    EndOfInput,
    /// The session had [`crate::engine::MAX_TURNS`] turns without reaching
    /// an ending, and was stopped.
    TurnLimit,
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Show each choice's scores as it is made (off by default: attention
    /// on one's own performance takes it away from the client).
    pub show_scores: bool,
    /// After every turn, print lines starting `[debug]`: the client state,
    /// the options' conditions and any weighted branch's draw.
    pub debug: bool,
    /// The width the transcript is wrapped at, in columns: the terminal's,
    /// or [`DEFAULT_WIDTH`].
    pub width: usize,
    /// Say-first practice: at every turn, ask what the trainee would say
    /// before showing the options ([`Trainee::say_first`]).
    pub say_first: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            show_scores: false,
            debug: false,
            width: DEFAULT_WIDTH,
            say_first: false,
        }
    }
}

/// What [`run_with`] tells its caller as the session goes: the caller
/// keeps the log.
pub trait Keeper {
    /// Before the trainee's check-in note is recorded: `false` leaves it
    /// out (the keeper says why) and the turn goes on without it.
    fn keep_note(&mut self, _session: &Session, _note: &str) -> bool {
        true
    }

    /// Before the trainee's own words (say-first practice) are recorded:
    /// `false` leaves them out (the keeper says why).
    fn keep_words(&mut self, _session: &Session, _words: &str) -> bool {
        true
    }

    /// After every completed turn (the log is saved here).
    fn after_turn(&mut self, session: &Session) -> io::Result<()>;
}

/// A keeper that keeps every note and runs a function after every turn.
struct AfterTurn<'a>(&'a mut dyn FnMut(&Session) -> io::Result<()>);

impl Keeper for AfterTurn<'_> {
    fn after_turn(&mut self, session: &Session) -> io::Result<()> {
        (self.0)(session)
    }
}

/// Drive the session to its end, until the trainee stops, or until the
/// engine's turn limit stops it. `after_turn` runs after every completed
/// turn (the caller saves the log there).
pub fn run(
    session: &mut Session,
    trainee: &mut dyn Trainee,
    out: &mut dyn Write,
    opts: &RunOptions,
    after_turn: &mut dyn FnMut(&Session) -> io::Result<()>,
) -> io::Result<RunEnd> {
    run_with(session, trainee, out, opts, &mut AfterTurn(after_turn))
}

/// [`run`], telling `keeper` about notes as well as completed turns.
pub fn run_with(
    session: &mut Session,
    trainee: &mut dyn Trainee,
    out: &mut dyn Write,
    opts: &RunOptions,
    keeper: &mut dyn Keeper,
) -> io::Result<RunEnd> {
    loop {
        if session.turn_limit_reached() {
            return Ok(RunEnd::TurnLimit);
        }
        // Say-first practice: the trainee's own words, asked for before
        // the options are shown, and kept with the turn.
        let mut own_words = None;
        while let Some(ev) = session.poll() {
            if opts.say_first && matches!(ev, Event::Options(_)) {
                match trainee.say_first(session)? {
                    Said::Words(words) => {
                        if keeper.keep_words(session, &words) {
                            render_own_words(out, opts.width, &words)?;
                            own_words = Some(words);
                        }
                    }
                    Said::Skip => {}
                    Said::Pause => return Ok(RunEnd::Paused),
                    Said::EndOfInput => return Ok(RunEnd::EndOfInput),
                }
            }
            render_event(
                out,
                opts.width,
                session.scenario(),
                &ev,
                session.turns().len() + 1,
            )?;
        }
        if let Some(words) = own_words {
            session.note_own_words(words);
        }
        if session.is_ended() {
            return Ok(RunEnd::Ended);
        }
        out.flush()?;
        let before = opts.debug.then(|| session.values().to_vec());
        match trainee.act(session)? {
            Action::Choose {
                option,
                latency_ms,
                note,
                reaction,
            } => {
                if let Some(n) = note
                    && keeper.keep_note(session, &n)
                {
                    session.note_inner_state(n);
                }
                let chosen = match &reaction {
                    Some(to) => session.choose_following(&option, latency_ms, to),
                    None => session.choose(&option, latency_ms),
                };
                match chosen {
                    Ok(_) => {}
                    Err(e) => {
                        wrap(out, opts.width, "  (", "   ", &format!("{e})"))?;
                        continue;
                    }
                }
                render_choice(out, session, opts)?;
                if let Some(before) = &before {
                    render_debug(out, opts.width, session, before)?;
                }
                keeper.after_turn(session)?;
            }
            Action::Pause => return Ok(RunEnd::Paused),
            Action::EndOfInput => return Ok(RunEnd::EndOfInput),
        }
    }
}

/// The opening of a transcript: who the client is and where we are,
/// wrapped at `width` columns.
pub fn render_header(
    out: &mut dyn Write,
    width: usize,
    s: &Scenario,
    seed: u64,
    goal: Option<&str>,
) -> io::Result<()> {
    let kinds: Vec<&str> = s.ruptures.iter().map(|r| r.label()).collect();
    wrap(out, width, "== ", "   ", &format!("{} ==", s.title))?;
    wrap(
        out,
        width,
        "",
        "",
        &format!(
            "{} · {} · seed {seed}",
            s.difficulty.label(),
            if s.pattern.is_empty() {
                kinds.join(", ")
            } else {
                format!("{} ({})", kinds.join(", "), s.pattern)
            }
        ),
    )?;
    writeln!(out)?;
    wrap(
        out,
        width,
        "",
        "",
        &format!(
            "{}, {}. {}",
            s.client.name, s.client.age, s.client.background
        ),
    )?;
    wrap(
        out,
        width,
        "",
        "",
        &format!("Presenting concern: {}", s.client.concern),
    )?;
    wrap(out, width, "", "", &format!("Setting: {}", s.setting))?;
    if let Some(g) = goal {
        wrap(out, width, "", "", &format!("Your learning goal: {g}"))?;
    }
    writeln!(out)
}

/// Say-first practice: the trainee's own words, as the transcript keeps
/// them, before the options.
fn render_own_words(out: &mut dyn Write, width: usize, words: &str) -> io::Result<()> {
    wrap(
        out,
        width,
        "",
        "    ",
        &format!("You would say: \u{201c}{}\u{201d}", words.trim()),
    )?;
    writeln!(out)
}

/// What a transcript says under its header about how the session was
/// played: in say-first practice, and where it took another road from.
pub fn render_practice_notes(
    out: &mut dyn Write,
    width: usize,
    log: &SessionLog,
) -> io::Result<()> {
    let mut said = false;
    if let Some(b) = &log.branched_from {
        let what = match b.turn {
            1 => "the same session from its start, chosen afresh from turn 1".to_owned(),
            2 => "turn 1 as it was played there, then new choices from turn 2".to_owned(),
            n => format!(
                "turns 1 to {} as they were played there, then new choices from turn {n}",
                n - 1
            ),
        };
        wrap(
            out,
            width,
            "(",
            " ",
            &format!("Another road from {}: {what}.)", b.log),
        )?;
        said = true;
    }
    if log.say_first {
        wrap(
            out,
            width,
            "(",
            " ",
            "Say it first: at every turn, what you would say in your own words comes before the options.)",
        )?;
        said = true;
    }
    if said {
        writeln!(out)?;
    }
    Ok(())
}

fn render_event(
    out: &mut dyn Write,
    width: usize,
    s: &Scenario,
    ev: &Event,
    turn: usize,
) -> io::Result<()> {
    match ev {
        Event::ClientSays { line, cue, .. } => {
            writeln!(out, "-- Turn {turn} --")?;
            wrap(
                out,
                width,
                "",
                "    ",
                &format!("{}: \u{201c}{line}\u{201d}", s.client.name),
            )?;
            if !cue.is_empty() {
                wrap(out, width, "    ", "     ", &format!("({cue})"))?;
            }
            writeln!(out)
        }
        Event::CheckIn(c) => {
            wrap(out, width, "", "    ", &format!("Check-in: {}", c.prompt))?;
            for (i, sug) in c.suggestions.iter().enumerate() {
                let key = format!("    {}) ", suggestion_key(i));
                let rest = " ".repeat(key.chars().count());
                wrap(out, width, &key, &rest, sug)?;
            }
            writeln!(out)
        }
        Event::Options(opts) => {
            for o in opts {
                let tag = if o.kind == OptionKind::Silence {
                    " [silence]"
                } else {
                    ""
                };
                let number = format!("  {}. ", o.number);
                let rest = " ".repeat(number.chars().count().max(5));
                wrap(out, width, &number, &rest, &format!("{}{tag}", o.label))?;
                if !o.says.is_empty() {
                    wrap(
                        out,
                        width,
                        "     ",
                        "     ",
                        &format!("\u{201c}{}\u{201d}", o.says),
                    )?;
                }
            }
            writeln!(out)
        }
        Event::Ended { title, kind, .. } => {
            wrap(
                out,
                width,
                "== ",
                "   ",
                &format!("Session ended: {title} ({}) ==", kind.label()),
            )?;
            writeln!(out)
        }
    }
}

fn render_choice(out: &mut dyn Write, session: &Session, opts: &RunOptions) -> io::Result<()> {
    let Some(rec) = session.turns().last() else {
        return Ok(());
    };
    let choice = rec.choice(session.scenario());
    let width = opts.width;
    if let Some(n) = &rec.inner_note {
        wrap(
            out,
            width,
            "",
            "    ",
            &format!("You notice in yourself: {n}"),
        )?;
    }
    if choice.kind == OptionKind::Silence {
        wrap(out, width, "", "    ", &format!("You: [{}]", choice.label))?;
    } else {
        wrap(
            out,
            width,
            "",
            "    ",
            &format!("You: \u{201c}{}\u{201d}", choice.says),
        )?;
    }
    if opts.show_scores {
        wrap(
            out,
            width,
            "    (",
            "     ",
            &format!("{})", scores(choice)),
        )?;
    }
    writeln!(out)
}

/// `variable = value, ...` in name order, or `(none)`.
fn state_text(state: State) -> String {
    if state.is_empty() {
        return "(none)".to_owned();
    }
    state
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an author needs to see behind the turn just played: the client
/// state it was played in (`before`) and after it, whether each option's
/// `when` held, and for a weighted branch every alternative, its weight,
/// whether its `when` held, and which one was drawn. Every line, wrapped
/// ones too, starts with `[debug]`. `before` is the state by variable
/// index ([`Session::values`]).
pub fn render_debug(
    out: &mut dyn Write,
    width: usize,
    session: &Session,
    before: &[i32],
) -> io::Result<()> {
    let Some(rec) = session.turns().last() else {
        return Ok(());
    };
    let s = session.scenario();
    let turn = rec.turn(s);
    let mut debug = |first: &str, text: &str| {
        wrap(
            out,
            width,
            &format!("[debug] {first}"),
            "[debug]       ",
            text,
        )
    };
    debug(
        "",
        &format!(
            "turn {} at `{}`, state: {}",
            session.turns().len(),
            turn.id,
            state_text(s.state_of(before))
        ),
    )?;
    let mut conditions = 0;
    for c in &turn.options {
        if let Some(when) = &c.when {
            conditions += 1;
            let held = when.holds(before);
            let shown = if held { "offered" } else { "not offered" };
            debug("", &format!("option {}: {when}: {held} ({shown})", c.id))?;
        }
    }
    if conditions == 0 {
        debug("", "no option here has a `when` condition")?;
    }
    let choice = &turn.options[rec.option];
    if let Next::Branch(alts) = &choice.next {
        // The branch is drawn after the choice's effects, in the state the
        // session is in now.
        debug("", &format!("branch after `{}`:", choice.id))?;
        for (i, a) in alts.iter().enumerate() {
            let when = match &a.when {
                Some(w) => format!(", when {w}: {}", w.holds(session.values())),
                None => String::new(),
            };
            let drawn = if session.last_draw() == Some(i) {
                " <- drawn"
            } else {
                ""
            };
            debug(
                "  ",
                &format!("{} (weight {}{when}){drawn}", s.node(a.to).id(), a.weight),
            )?;
        }
    }
    debug("", &format!("state after: {}", state_text(session.state())))?;
    writeln!(out)
}

/// The debrief: ending, profile, observations, and every turn with its
/// rationale and the roads not taken, wrapped at `width` columns.
pub fn render_debrief(
    out: &mut dyn Write,
    width: usize,
    session: &Session,
    goal: Option<&str>,
) -> io::Result<()> {
    write_debrief(out, width, &Debrief::of(session, goal))
}

/// How long a client's line may be in the debrief's turn list before it
/// is shortened (at a word, with an ellipsis).
const QUOTE_CHARS: usize = 90;

/// The terminal's rendering of a [`Debrief`]; the app renders the same
/// model, so both say the same things.
pub fn write_debrief(out: &mut dyn Write, width: usize, d: &Debrief) -> io::Result<()> {
    writeln!(out, "== Debrief ==")?;
    if let Some(e) = &d.ending {
        wrap(
            out,
            width,
            "",
            "",
            &format!("{} ({})", e.title, e.kind.label()),
        )?;
        wrap(out, width, "", "", &e.summary)?;
        writeln!(out)?;
    }
    if let Some(g) = d.goal_text() {
        wrap(out, width, "", "", &g)?;
        wrap(
            out,
            width,
            "",
            "",
            "Keep it in mind as you read the turns below: where did it show up?",
        )?;
        writeln!(out)?;
    }
    render_profile(out, width, d)?;
    writeln!(out, "What stood out")?;
    for para in &d.observations {
        wrap(out, width, "- ", "  ", para)?;
    }
    writeln!(out)?;
    writeln!(out, "Turn by turn")?;
    for t in &d.turns {
        writeln!(out)?;
        wrap(
            out,
            width,
            "",
            "   ",
            &format!(
                "{}. {}: \u{201c}{}\u{201d}",
                t.number,
                d.client,
                shorten(&t.line, QUOTE_CHARS)
            ),
        )?;
        if let Some(m) = &t.marker {
            wrap(out, width, "   ", "     ", &format!("Rupture marker: {m}"))?;
        }
        if let Some(n) = &t.note {
            wrap(
                out,
                width,
                "   ",
                "   ",
                &format!("You noticed in yourself: {n}"),
            )?;
        }
        let flag = t
            .flag
            .label()
            .map(|l| format!(" · {l}"))
            .unwrap_or_default();
        if let Some(w) = &t.own_words {
            wrap(
                out,
                width,
                "   ",
                "     ",
                &format!("In your own words: \u{201c}{w}\u{201d}"),
            )?;
        }
        let chose = format!(
            "You chose: {} ({}; {}){flag}",
            t.chose.label,
            t.chose.strategy,
            t.chose.scores(),
        );
        wrap(out, width, "   ", "     ", &chose)?;
        wrap(out, width, "     ", "     ", &t.chose.rationale)?;
        if let Some(c) = &t.chose.concern {
            wrap(out, width, "     ", "     ", &c.sentence())?;
        }
        if !t.others.is_empty() {
            writeln!(out, "   Roads not taken:")?;
            for o in &t.others {
                wrap(
                    out,
                    width,
                    "     - ",
                    "       ",
                    &format!(
                        "{} ({}; {}): {}{}",
                        o.label,
                        o.strategy,
                        o.scores(),
                        o.rationale,
                        o.concern
                            .as_ref()
                            .map(|c| format!(" {}", c.sentence()))
                            .unwrap_or_default()
                    ),
                )?;
            }
        }
    }
    writeln!(out)
}

fn render_profile(out: &mut dyn Write, width: usize, d: &Debrief) -> io::Result<()> {
    let p = &d.profile;
    wrap(
        out,
        width,
        "",
        "",
        "Your profile (a picture of the process, not a grade)",
    )?;
    writeln!(out, "  turn  attunement  ownership")?;
    for t in &p.turns {
        let own = match t.ownership {
            Some(o) => format!("{} {o}", bar(o)),
            None => "not at stake".to_owned(),
        };
        writeln!(
            out,
            "  {:>4}  {} {}     {own}",
            t.turn,
            bar(t.attunement),
            t.attunement
        )?;
    }
    let line = |out: &mut dyn Write, text: &str| wrap(out, width, "  ", "    ", text);
    // The same sentences the app shows under its chart.
    for sentence in d.profile_sentences() {
        line(out, &sentence)?;
    }
    let missteps = if p.missteps.is_empty() {
        "none".to_owned()
    } else {
        p.missteps
            .iter()
            .map(|m| match p.repairs.iter().find(|r| r.misstep == *m) {
                Some(r) => format!("turn {m} (your part owned later, at turn {})", r.repair),
                None => format!("turn {m}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(out, &format!("Missteps: {missteps}."))?;
    writeln!(out)
}

/// "attunement 4, ownership not at stake"
fn scores(c: &Choice) -> String {
    let own = c
        .ownership
        .map_or("not at stake".to_owned(), |o| o.to_string());
    format!("attunement {}, ownership {own}", c.attunement)
}

fn bar(score: u8) -> String {
    let n = usize::from(score.min(5));
    format!("{}{}", "#".repeat(n), ".".repeat(5 - n))
}

/// `s` cut to at most `max` characters at a word boundary, with an
/// ellipsis in place of what was left out. A first word longer than `max`
/// is kept whole: a word is never cut.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut kept = String::new();
    for word in s.split_whitespace() {
        let len = kept.chars().count() + usize::from(!kept.is_empty()) + word.chars().count();
        // Room for the ellipsis after the words kept.
        if !kept.is_empty() && len + 1 > max {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    let kept = kept.trim_end_matches([',', ';', ':', '-', '\u{2014}']);
    format!("{kept}\u{2026}")
}

/// How many columns `text` takes on a terminal: one per character (the
/// scenario texts are in Latin script).
fn columns(text: &str) -> usize {
    text.chars().count()
}

/// `text` wrapped at `width` columns, one string per line: the first line
/// starts with `first`, the others with `rest`. A word is never broken: a
/// word longer than a line stands alone on its line.
pub fn wrap_lines(width: usize, first: &str, rest: &str, text: &str) -> Vec<String> {
    let width = width.max(MIN_WIDTH);
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && columns(&line) + 1 + columns(word) > width {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line.trim_end().to_owned());
    lines
}

/// `text` wrapped at `width` columns (see [`wrap_lines`]), each line ended
/// with a newline.
pub fn wrap_text(width: usize, first: &str, rest: &str, text: &str) -> String {
    let mut s = String::new();
    for line in wrap_lines(width, first, rest, text) {
        s.push_str(&line);
        s.push('\n');
    }
    s
}

/// Write `text` wrapped at `width` columns (see [`wrap_lines`]).
fn wrap(out: &mut dyn Write, width: usize, first: &str, rest: &str, text: &str) -> io::Result<()> {
    out.write_all(wrap_text(width, first, rest, text).as_bytes())
}

/// Write a prompt wrapped at `width` columns, leaving the cursor after
/// its last line and a space.
pub fn prompt(out: &mut dyn Write, width: usize, text: &str) -> io::Result<()> {
    // One column is kept free for the answer's first character.
    let lines = wrap_lines(width.saturating_sub(2), "", "", text);
    if let Some((last, before)) = lines.split_last() {
        for l in before {
            writeln!(out, "{l}")?;
        }
        write!(out, "{last} ")?;
    }
    out.flush()
}

/// Replay a log to `out`: header, every turn, and the debrief when the
/// session finished, wrapped at `width` columns. The session must already
/// have been verified with [`crate::log::replay`].
pub fn render_log(
    out: &mut dyn Write,
    width: usize,
    log: &SessionLog,
    mut session: Session,
) -> io::Result<Session> {
    render_header(
        out,
        width,
        session.scenario(),
        log.seed,
        log.learning_goal.as_deref(),
    )?;
    render_practice_notes(out, width, log)?;
    let mut script = Scripted {
        turns: log.turns.iter().cloned().collect(),
        then: None,
    };
    let opts = RunOptions {
        width,
        say_first: log.say_first,
        ..RunOptions::default()
    };
    let end = run(&mut session, &mut script, out, &opts, &mut |_| Ok(()))?;
    if end == RunEnd::Ended {
        render_debrief(out, width, &session, log.learning_goal.as_deref())?;
    }
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_resolve_by_number_or_id() {
        let offered = [
            Offered {
                number: 1,
                index: 1,
                id: "a",
                label: "A",
                says: "",
                kind: OptionKind::Speak,
            },
            Offered {
                number: 2,
                index: 0,
                id: "b",
                label: "B",
                says: "",
                kind: OptionKind::Silence,
            },
        ];
        assert_eq!(resolve_answer("2", offered), Some("b"));
        assert_eq!(resolve_answer("a", offered), Some("a"));
        assert_eq!(resolve_answer("3", offered), None);
        assert_eq!(resolve_answer("zzz", offered), None);
    }

    #[test]
    fn check_in_answers_pick_suggestions_or_keep_words() {
        let s = vec!["a pull to rescue".to_owned(), "irritation".to_owned()];
        assert_eq!(pick_suggestion("b", &s).as_deref(), Some("irritation"));
        assert_eq!(
            pick_suggestion("1", &s).as_deref(),
            Some("a pull to rescue")
        );
        assert_eq!(pick_suggestion("tired", &s).as_deref(), Some("tired"));
        assert_eq!(pick_suggestion("  ", &s), None);
    }

    #[test]
    fn suggestions_are_lettered_a_to_z_and_numbered_past_it() {
        assert_eq!(suggestion_key(0), "a");
        assert_eq!(suggestion_key(25), "z");
        assert_eq!(suggestion_key(26), "27");
        assert_eq!(suggestion_key(300), "301");
        let many: Vec<String> = (1..=30).map(|i| format!("s{i}")).collect();
        assert_eq!(pick_suggestion("z", &many).as_deref(), Some("s26"));
        assert_eq!(pick_suggestion("27", &many).as_deref(), Some("s27"));
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        let mut out = Vec::new();
        let text = "word ".repeat(30);
        wrap(&mut out, 40, "", "  ", &text).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.lines().count() > 1);
        assert!(s.lines().all(|l| l.chars().count() <= 40));
        assert!(s.lines().skip(1).all(|l| l.starts_with("  word")));
        assert_eq!(s.split_whitespace().count(), 30);
    }

    #[test]
    fn a_word_longer_than_the_line_stands_alone_and_whole() {
        let long = "x".repeat(50);
        let lines = wrap_lines(30, "- ", "  ", &format!("short {long} end"));
        assert_eq!(lines, ["- short", &format!("  {long}"), "  end"]);
    }

    #[test]
    fn prompts_wrap_and_leave_the_cursor_after_the_last_line() {
        let mut out = Vec::new();
        prompt(
            &mut out,
            30,
            "What do you notice in yourself? (a letter, or Enter to skip) >",
        )
        .unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with("> "), "{s:?}");
        assert!(s.lines().all(|l| l.chars().count() < 30), "{s:?}");
        assert_eq!(
            s.split_whitespace().collect::<Vec<_>>().join(" "),
            "What do you notice in yourself? (a letter, or Enter to skip) >"
        );
    }

    #[test]
    fn shortening_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("I just feel stuck", 90), "I just feel stuck");
        let cut = shorten("I don't know why I keep coming here, honestly", 20);
        assert_eq!(cut, "I don't know why I\u{2026}");
        assert!(cut.chars().count() <= 20);
        let cut = shorten("Honestly, whatever you say", 12);
        assert_eq!(cut, "Honestly\u{2026}");
        // A first word longer than the limit is kept whole.
        assert_eq!(
            shorten("Supercalifragilistic yes", 5),
            "Supercalifragilistic\u{2026}"
        );
    }
}
