//! What the trainee can do, as data. Buttons carry an [`Action`]; pressing
//! one (or its key) sends an [`Act`] message that the current screen
//! handles. Tests send the same messages.

use bevy::prelude::*;

#[derive(Component, Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Picker: open the scenario at this index of the library.
    Open(usize),
    /// Picker: resume the unfinished session at this index.
    Resume(usize),
    /// Picker: load the library again (author mode).
    Reload,
    /// Picker: start typing your name.
    TypeName,
    /// Picker: open the classroom.
    Classroom,
    /// Any screen: a larger text size.
    TextLarger,
    /// Any screen: a smaller text size.
    TextSmaller,
    /// Any screen: high-contrast colours on or off.
    Contrast,
    /// Picker: open "Your sessions", the history of past sessions.
    History,
    /// Your sessions: open the session at this index of the list (a
    /// finished one at its debrief, an unfinished one to carry on).
    Past(usize),
    /// Your sessions: write the debrief of the session at this index as a
    /// page for supervision, beside its log.
    ExportPast(usize),
    /// Before: pick (or unpick) a suggested learning goal.
    Goal(usize),
    /// Before: start typing a goal in your own words.
    TypeGoal,
    /// Before: show or hide live scores during play.
    ToggleScores,
    /// Before: say it first (type your own words before the options
    /// appear) or not.
    ToggleSayFirst,
    /// Before: start the session.
    Begin,
    /// Session: show the client's whole line now.
    Skip,
    /// Session: pick (or unpick) a check-in suggestion.
    Note(usize),
    /// Session, saying it first: show the options after the words typed.
    ShowOptions,
    /// Session: choose the option with this id.
    Choose(String),
    /// Session: pause (the session is saved already; nothing is lost).
    Pause,
    /// Session: carry on after a pause.
    Continue,
    /// Debrief: how hard the session felt, 0 to 10.
    Rate(u8),
    /// Debrief: the same scenario again with a new seed.
    TryAgain,
    /// Debrief: go back to this turn (from 1) and try another road from
    /// there, in a new session.
    Branch(usize),
    /// Back to the scenario picker (from a session: pause it; from the
    /// classroom's turns: back to choosing what to show).
    Back,
    /// Classroom: start typing the folder of session logs.
    TypeFolder,
    /// Classroom: read the session logs in the folder.
    LoadFolder,
    /// Classroom: debrief the scenario at this index of the report.
    ClassScenario(usize),
    /// Classroom: whose answers to show: the whole group (`None`) or one
    /// session, by its index in the scenario's report.
    ClassWhose(Option<usize>),
    /// Classroom: start stepping through the client turns.
    ClassStart,
    /// Classroom: the next client turn.
    NextTurn,
    /// Classroom: the previous client turn.
    PreviousTurn,
    /// Classroom: show the options, then (again) the answers.
    Reveal,
    /// Classroom: show how the group (or the session) answered.
    RevealAnswers,
    /// Classroom: show or hide the details of the option with this number.
    Details(usize),
    /// Classroom: try the option with this number and see where it leads.
    Try(usize),
    /// Classroom: leave the what-if, back to the recorded turns.
    BackToPath,
}

/// An action taken, by button, key or test.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct Act(pub Action);

pub fn plugin(app: &mut App) {
    app.add_message::<Act>();
    app.add_systems(PreUpdate, press_buttons.after(bevy::ui::UiSystems::Focus));
}

/// A button pressed with the mouse sends its action.
fn press_buttons(
    buttons: Query<(&Interaction, &Action), Changed<Interaction>>,
    mut acts: MessageWriter<Act>,
) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            acts.write(Act(action.clone()));
        }
    }
}
