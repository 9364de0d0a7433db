//! The session screen's state: the workout, what is shown over it, and how
//! keys change it. No I/O here: `now` is passed in, cues are returned.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::questions::{Answered, Ask, PainKey, Questions, pain_key};
use crate::ble::device::DeviceKind;
use crate::coach::counts::{PartPain, may_discard, worst_reported};
use crate::coach::questions::{at_end, at_step, warmup_question_due};
use crate::coach::ready::not_ready;
use crate::coach::records::eased_next_time;
use crate::journal::Asked;
use crate::program::Rules;
use crate::program::time_spent;
pub use crate::workout::SessionInfo;
use crate::workout::{
    Ending, Event, FlatStep, Instead, Metronome, Outcome, PainResponse, Part, Phase, Workout,
};

/// What a discarded session leaves: nothing.
pub const DISCARDED: &str = "Discarded: nothing recorded, no run day used.";

/// How long a notice stays on screen.
pub const NOTICE_SHOWN: Duration = Duration::from_secs(30);

/// How long each of several notices holds the line before the next.
pub const NOTICE_TURN: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// Asking for pain now; `Some(1)` after a 1, which may become 10.
    PainEntry(Option<u8>),
    PainAlert {
        pain: u8,
        response: PainResponse,
    },
    /// The ready-to-run check said no run today: what instead.
    NotReady,
}

/// The belt as the treadmill reports it: speeds in 0.01 km/h, metres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeltView {
    pub speed: u16,
    /// Metres run on the belt in this session (not the machine's count).
    pub distance: u32,
    /// The limit the step's speed was cut to, if it was.
    pub capped: Option<u16>,
    pub unit: crate::program::SpeedUnit,
}

/// A strap's heart rate and a footpod's cadence, as last measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SensorView {
    pub bpm: Option<u16>,
    pub cadence: Option<u8>,
}

/// Which of a session's facts the journal has already.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The session's record: its steps ended.
    pub session: bool,
    /// The answers after the run.
    pub run: bool,
    /// The rating after the circuit.
    pub circuit: bool,
}

/// What the ready-to-run check needs, and what a no-run day offers.
#[derive(Debug, Clone)]
pub struct Readiness {
    pub rules: Rules,
    /// The runner's usual pain before a run.
    pub usual: Option<u8>,
    /// The circuit offered instead of the run.
    pub circuit: Option<Vec<FlatStep>>,
}

/// A no-run day on screen: why, and how far an override has been asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoRun {
    pub before: u8,
    pub reason: String,
    /// 0: the choices; 1 and 2: "run anyway?" asked once, then twice.
    pub asked: u8,
}

/// A fact for the journal that is not one of the pain answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// No run today: written the moment the check says so.
    NotReady {
        before: u8,
        usual: Option<u8>,
        reason: String,
    },
    /// The runner chose to run anyway (asked twice).
    RanAnyway { reason: String },
}

pub struct App {
    pub workout: Workout,
    pub info: SessionInfo,
    pub overlay: Overlay,
    /// One line under the progress bar; the latest message wins.
    pub status: Option<String>,
    /// What is missing (a player, a voice, logind), each said once and
    /// shown for a while when there is no status.
    /// Each notice, what it is about (a device's news replaces its last),
    /// and since when.
    notices: Vec<(String, Option<DeviceKind>, Instant)>,
    /// Where the ended session's record went; None for a rehearsal.
    pub saved: Option<crate::journal::Kept>,
    /// Which of the session's facts the journal has.
    pub recorded: Recorded,
    /// The pain questions of a real session; None in a rehearsal.
    pub questions: Option<Questions>,
    /// The questions after the run paused the clock before the circuit.
    paused_for_questions: bool,
    /// The ready-to-run check and what a no-run day offers.
    readiness: Option<Readiness>,
    pub no_run: Option<NoRun>,
    /// Facts waiting for the journal.
    pub notes: Vec<Note>,
    /// Quit early enough to leave no trace: nothing is recorded.
    pub discarded: bool,
    /// The m key: the cadence beat, on screen and as clicks.
    pub metronome_on: bool,
    /// The beat of the run in progress, while there is one to keep.
    pub metronome: Option<Metronome>,
    pub quit: bool,
    /// What the terminal keeps when the session never began: why.
    pub farewell: Option<String>,
    /// The treadmill's belt, when rtr drives one.
    pub belt: Option<BeltView>,
    /// The last heart rate and cadence the sensors sent.
    pub sensed: Option<SensorView>,
    /// The coach's words on this session: on the run, then on the circuit.
    pub coach_words: Vec<String>,
}

impl App {
    pub fn new(workout: Workout, info: SessionInfo) -> Self {
        App {
            workout,
            info,
            overlay: Overlay::None,
            status: None,
            notices: Vec::new(),
            saved: None,
            recorded: Recorded::default(),
            questions: None,
            paused_for_questions: false,
            readiness: None,
            no_run: None,
            notes: Vec::new(),
            discarded: false,
            metronome_on: true,
            metronome: None,
            quit: false,
            farewell: None,
            coach_words: Vec::new(),
            belt: None,
            sensed: None,
        }
    }

    /// A real session: asks the pain questions around the run, and checks
    /// the pain before it.
    pub fn with_questions(mut self, readiness: Readiness) -> Self {
        self.questions = Some(Questions::new(&self.info.pain_site));
        self.readiness = Some(readiness);
        self
    }

    /// Starts the session; a real one first asks the pain before the run.
    pub fn begin(&mut self, now: Instant) -> Vec<Event> {
        if self.workout.is_started() {
            return Vec::new(); // resumed: it waits, paused, for the runner
        }
        match &mut self.questions {
            // A run asks the pain first; a circuit on its own starts.
            Some(questions) if self.info.instead.is_none() => {
                questions.asking = Some(Ask::Before);
                Vec::new()
            }
            _ => self.workout.start(now),
        }
    }

    /// The questions as they stand, and what the journal has: for the
    /// checkpoint.
    pub fn asked(&self) -> Asked {
        let (asking, answers) = self
            .questions
            .as_ref()
            .map(|q| (q.asking, q.answers.clone()))
            .unwrap_or_default();
        Asked {
            asking,
            answers,
            session_recorded: self.recorded.session,
            run_recorded: self.recorded.run,
            circuit_recorded: self.recorded.circuit,
        }
    }

    /// A session picked up again: the questions where they stood.
    pub fn with_asked(mut self, asked: &Asked) -> Self {
        if asked.session_recorded {
            self.saved = Some(crate::journal::Kept::Journal);
        }
        self.recorded = Recorded {
            session: asked.session_recorded,
            run: asked.run_recorded,
            circuit: asked.circuit_recorded,
        };
        if let Some(questions) = self.questions.as_mut() {
            questions.asking = asked.asking;
            questions.answers = asked.answers.clone();
            // The questions after the run were all answered, not recorded.
            questions.complete = !asked.run_recorded
                && asked.asking.is_none()
                && asked.answers.swelling_or_limp.is_some();
        }
        self
    }

    /// Nothing is left of the session to ask or to record.
    pub fn settled(&self) -> bool {
        let pending = self
            .questions
            .as_ref()
            .is_some_and(|q| q.asking.is_some() || q.complete || q.answers.after_circuit.is_some());
        self.workout.is_finished() && !pending
    }

    /// Every `!` report with the part of the session it was made in.
    pub fn part_reports(&self) -> Vec<PartPain> {
        let steps = self.workout.steps();
        self.workout
            .pain_reports()
            .iter()
            .map(|r| PartPain {
                part: steps[r.step].part,
                pain: r.pain,
            })
            .collect()
    }

    /// The highest `!` report of the main set: what counts toward the worst.
    pub fn reported_pain(&self) -> Option<u8> {
        worst_reported(&self.part_reports())
    }

    /// Whether a no-run day can offer the circuit instead.
    pub fn offers_circuit(&self) -> bool {
        self.readiness.as_ref().is_some_and(|r| r.circuit.is_some())
    }

    /// Whether quitting now may leave no trace: early, before the main set.
    pub fn may_discard(&self, now: Instant) -> bool {
        let Some(readiness) = &self.readiness else {
            return false; // a rehearsal records nothing anyway
        };
        let steps = self.workout.steps();
        let reached_main =
            steps
                .iter()
                .zip(self.workout.outcomes())
                .enumerate()
                .any(|(i, (step, outcome))| {
                    step.part == Part::Main
                        && (*outcome != Outcome::Pending || i <= self.workout.index())
                });
        self.workout.ran()
            && may_discard(
                self.workout.active_time(now),
                reached_main,
                &readiness.rules,
            )
    }

    /// After the warm-up, and after the run (before its circuit, or at its
    /// end), the questions of a real session come up.
    pub fn observe(&mut self, events: &[Event], now: Instant) {
        let Some(questions) = self.questions.as_mut() else {
            return;
        };
        let parts: Vec<Part> = self.workout.steps().iter().map(|s| s.part).collect();
        let is_run = self.info.instead.is_none();
        for event in events {
            let (answers, asking) = (&questions.answers, questions.asking);
            let ask = match *event {
                Event::PhaseChanged(i) => {
                    let before = i.checked_sub(1).map(|p| parts[p]);
                    at_step(before, parts[i], answers, asking, is_run)
                }
                Event::Finished(_) if self.discarded || !self.workout.ran() => None,
                Event::Finished(_) => {
                    let ended_in = parts.get(self.workout.index()).copied();
                    let ended_in = ended_in.unwrap_or(Part::Main);
                    at_end(ended_in, answers, asking, is_run)
                }
                _ => None,
            };
            let Some(ask) = ask else { continue };
            questions.asking = Some(ask);
            questions.first_digit = None;
            // The run's questions pause the clock; the warm-up's does not.
            let running = !self.workout.is_finished() && !self.workout.is_paused();
            if ask == Ask::Worst && running {
                // The pause is the questions' own: not a change to tell.
                let _ = self.workout.pause(now);
                self.paused_for_questions = true;
            }
        }
    }

    /// The warm-up's question, in its last seconds: asked while the runner
    /// walks, not as the first run starts.
    pub fn ask_when_due(&mut self, now: Instant) {
        let is_run = self.info.instead.is_none();
        let workout = &self.workout;
        let (Some(questions), Some(step)) = (self.questions.as_mut(), workout.current()) else {
            return;
        };
        if workout.is_paused()
            || !warmup_question_due(
                (
                    step.part,
                    secs(step.length.estimated_secs()),
                    workout.remaining(now),
                ),
                workout.next_step().map(|s| s.part),
                &questions.answers,
                questions.asking,
                is_run,
            )
        {
            return;
        }
        questions.asking = Some(Ask::AfterWarmup);
        questions.first_digit = None;
    }

    pub fn notice(&mut self, text: String, now: Instant) {
        if !self.notices.iter().any(|(said, _, _)| *said == text) {
            self.notices.push((text, None, now));
        }
    }

    /// A device's news: it replaces what was said of that device before.
    pub fn device_notice(&mut self, kind: DeviceKind, text: String, now: Instant) {
        self.notices.retain(|(_, about, _)| *about != Some(kind));
        self.notices.push((text, Some(kind), now));
    }

    /// The notices younger than [`NOTICE_SHOWN`].
    pub fn visible_notices(&self, now: Instant) -> impl Iterator<Item = &str> {
        self.shown_notices(now).map(|(text, _)| text.as_str())
    }

    fn shown_notices(&self, now: Instant) -> impl Iterator<Item = (&String, Instant)> {
        self.notices
            .iter()
            .filter(move |(_, _, since)| now.saturating_duration_since(*since) < NOTICE_SHOWN)
            .map(|(text, _, since)| (text, *since))
    }

    /// The status line: the latest message, else the notices taking turns
    /// on the one line, "(2/3)" before each when there are several.
    pub fn status_text(&self, now: Instant) -> Option<String> {
        if let Some(status) = &self.status {
            return Some(status.clone());
        }
        let shown: Vec<(&String, Instant)> = self.shown_notices(now).collect();
        let (_, first) = shown.first()?;
        if shown.len() == 1 {
            return Some(shown[0].0.clone());
        }
        let turn = now.saturating_duration_since(*first).as_secs() / NOTICE_TURN.as_secs();
        let at = turn as usize % shown.len();
        Some(format!("({}/{}) {}", at + 1, shown.len(), shown[at].0))
    }

    /// The target cadence of the step on screen, in steps a minute.
    pub fn target_cadence(&self) -> Option<u32> {
        let step = self.workout.current()?;
        step.cadence?.spm(self.info.own_cadence)
    }

    /// Keeps the beat in step with the workout: it beats while a run with a
    /// target cadence runs at real speed, from the run's start. True when
    /// it started, stopped or moved.
    pub fn sync_metronome(&mut self, now: Instant) -> bool {
        let workout = &self.workout;
        let running = workout.is_started() && !workout.is_paused() && !workout.is_finished();
        let real_speed = self.info.rehearsal.is_none_or(|speed| speed == 1);
        let anchor = workout.step_started().unwrap_or(now);
        let wanted = self
            .target_cadence()
            .filter(|_| self.metronome_on && running && real_speed)
            .map(|spm| Metronome::new(spm, anchor));
        let changed = wanted != self.metronome;
        self.metronome = wanted;
        changed
    }

    /// Handles a key; returns what the workout did, for the cues.
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Vec<Event> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if let Some(events) = self.question_key(key.code, ctrl_c, now) {
            return events;
        }
        if self.workout.is_finished() {
            if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Enter | KeyCode::Esc) {
                self.quit = true;
            }
            return Vec::new();
        }
        match self.overlay {
            Overlay::Help => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            Overlay::ConfirmQuit => match key.code {
                _ if ctrl_c => self.end(now, Ending::Quit),
                KeyCode::Char('y' | 'q') | KeyCode::Enter => self.end(now, Ending::Quit),
                KeyCode::Char('d') if self.may_discard(now) => {
                    self.discarded = true;
                    self.farewell = Some(DISCARDED.to_string());
                    self.end(now, Ending::Discarded)
                }
                _ => {
                    self.overlay = Overlay::None;
                    Vec::new()
                }
            },
            Overlay::NotReady => self.no_run_key(key.code, ctrl_c, now),
            Overlay::PainEntry(first) => self.pain_key(key.code, first, now),
            Overlay::PainAlert { .. } => match key.code {
                KeyCode::Char('e') => self.end(now, Ending::StoppedForPain),
                KeyCode::Char('c') | KeyCode::Esc | KeyCode::Enter => {
                    self.overlay = Overlay::None;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Overlay::None => self.session_key(key.code, ctrl_c, now),
        }
    }

    /// Keys go to a question asked, or close the coach's decision; None
    /// when neither is on screen.
    fn question_key(&mut self, code: KeyCode, ctrl_c: bool, now: Instant) -> Option<Vec<Event>> {
        let reported = self.reported_pain();
        let questions = self.questions.as_mut()?;
        if questions.decision.is_some() {
            if questions.asking.is_none() {
                questions.decision = None;
                if std::mem::take(&mut self.paused_for_questions) {
                    return Some(self.workout.resume(now));
                }
            }
            return Some(Vec::new());
        }
        questions.asking?;
        // The warm-up question waits while the clock runs: an overlay the
        // runner opened meanwhile (`!`, `?`) takes the keys first.
        if questions.asking == Some(Ask::AfterWarmup) && self.overlay != Overlay::None {
            return None;
        }
        let quit_key = ctrl_c || matches!(code, KeyCode::Char('q') | KeyCode::Esc);
        if quit_key && self.overlay == Overlay::None {
            if self.workout.is_finished() {
                // Only Ctrl-C leaves the questions after the run unanswered.
                self.quit = ctrl_c;
            } else {
                self.overlay = Overlay::ConfirmQuit;
            }
            return Some(Vec::new());
        }
        if self.overlay == Overlay::ConfirmQuit {
            return None;
        }
        let digit_key = matches!(code, KeyCode::Char('0'..='9'))
            || (code == KeyCode::Enter && questions.first_digit.is_some());
        if questions.asking == Some(Ask::AfterWarmup) && !digit_key {
            return None; // the clock runs: the session's keys still work
        }
        match questions.key(code, reported) {
            Answered::Yes(Ask::Before) => Some(self.ready_or_not(now)),
            _ => Some(Vec::new()),
        }
    }

    /// The pain before is in: start, or say why there is no run today.
    fn ready_or_not(&mut self, now: Instant) -> Vec<Event> {
        let before = self
            .questions
            .as_ref()
            .and_then(|q| q.answers.before)
            .unwrap_or(0);
        let reason = self
            .readiness
            .as_ref()
            .and_then(|r| not_ready(before, r.usual, &r.rules, &self.info.pain_site));
        match reason {
            None => self.workout.start(now),
            Some(reason) => {
                self.notes.push(Note::NotReady {
                    before,
                    usual: self.readiness.as_ref().and_then(|r| r.usual),
                    reason: reason.clone(),
                });
                self.no_run = Some(NoRun {
                    before,
                    reason,
                    asked: 0,
                });
                self.overlay = Overlay::NotReady;
                Vec::new()
            }
        }
    }

    /// A key on the no-run day: the circuit or a walk instead, run anyway
    /// (asked twice), or leave.
    fn no_run_key(&mut self, code: KeyCode, ctrl_c: bool, now: Instant) -> Vec<Event> {
        let has_circuit = self.offers_circuit();
        let Some(no_run) = self.no_run.as_mut() else {
            return Vec::new();
        };
        let instead = match (no_run.asked, code) {
            _ if ctrl_c => "nothing",
            (0, KeyCode::Char('c')) if has_circuit => "circuit",
            (0, KeyCode::Char('w')) => "walk",
            (0, KeyCode::Char('o')) | (1, KeyCode::Char('y')) => {
                no_run.asked += 1;
                return Vec::new();
            }
            (0, KeyCode::Char('q') | KeyCode::Esc) => "nothing",
            (2, KeyCode::Char('y')) => "ran anyway",
            (1 | 2, KeyCode::Char('n') | KeyCode::Esc) => {
                no_run.asked = 0;
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        let no_run = self.no_run.take().expect("checked above");
        self.overlay = Overlay::None;
        if instead == "nothing" {
            self.farewell = Some(format!(
                "No run today: {}. Rest it; if the pain stays or grows, see a physical therapist.",
                no_run.reason
            ));
        }
        if instead == "ran anyway" {
            self.notes.push(Note::RanAnyway {
                reason: no_run.reason,
            });
        }
        match instead {
            "nothing" => {
                self.quit = true;
                Vec::new()
            }
            "circuit" => {
                let circuit = self.readiness.as_mut().and_then(|r| r.circuit.take());
                self.workout.replace_steps(circuit.unwrap_or_default());
                self.info.instead = Some(Instead::Circuit);
                self.workout.start(now)
            }
            "walk" => {
                self.workout.walk_instead();
                self.info.instead = Some(Instead::Walk);
                self.workout.start(now)
            }
            _ => self.workout.start(now),
        }
    }

    fn session_key(&mut self, code: KeyCode, ctrl_c: bool, now: Instant) -> Vec<Event> {
        if ctrl_c {
            self.overlay = Overlay::ConfirmQuit;
            return Vec::new();
        }
        match code {
            KeyCode::Char(' ') => {
                self.status = None;
                self.workout.toggle_pause(now)
            }
            KeyCode::Char('n') | KeyCode::Right => self.workout.skip(now),
            KeyCode::Char('b') | KeyCode::Left => self.workout.back(now),
            KeyCode::Enter => self.workout.done(now),
            KeyCode::Char('!') => {
                self.overlay = Overlay::PainEntry(None);
                Vec::new()
            }
            KeyCode::Char('?') => {
                self.overlay = Overlay::Help;
                Vec::new()
            }
            KeyCode::Char('m') => {
                self.metronome_on = !self.metronome_on;
                self.status = Some(
                    if self.metronome_on {
                        "Metronome on: it beats during runs with a target cadence."
                    } else {
                        "Metronome off; m turns it back on."
                    }
                    .into(),
                );
                Vec::new()
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                self.overlay = Overlay::ConfirmQuit;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// 0 and 2–9 answer at once; 1 waits for 0 (ten) or Enter (one).
    fn pain_key(&mut self, code: KeyCode, first: Option<u8>, now: Instant) -> Vec<Event> {
        if code == KeyCode::Esc {
            self.overlay = Overlay::None;
            return Vec::new();
        }
        let pain = match pain_key(first.is_some(), code) {
            PainKey::Answer(pain) => pain,
            PainKey::One => {
                self.overlay = Overlay::PainEntry(Some(1));
                return Vec::new();
            }
            PainKey::Ignored => return Vec::new(),
        };
        let (response, events) = self.workout.report_pain(now, pain);
        if response.red || response.stop {
            self.overlay = Overlay::PainAlert { pain, response };
        } else {
            self.overlay = Overlay::None;
            let at = time_spent(self.workout.active_time(now));
            let mut said = format!("Pain {pain}/10 noted at {at}.");
            if let Some(exercise) = self.flagged(pain) {
                said = format!("{said} {exercise} flagged: easier next time.");
            }
            self.status = Some(said);
        }
        events
    }

    /// The exercise on screen, when this pain makes it easier next time.
    fn flagged(&self, pain: u8) -> Option<&str> {
        let rules = &self.readiness.as_ref()?.rules;
        let step = self.workout.current()?;
        let exercise = matches!(step.phase, Phase::Hold | Phase::Reps);
        (exercise && eased_next_time(pain, rules)).then_some(step.label.as_str())
    }

    fn end(&mut self, now: Instant, ending: Ending) -> Vec<Event> {
        self.overlay = Overlay::None;
        if !self.workout.ran()
            && let Some(questions) = self.questions.as_mut()
        {
            questions.asking = None; // left before it began: nothing to ask
        }
        self.workout.end(now, ending)
    }

    /// The computer slept: pause, and say for how long.
    pub fn slept(&mut self, now: Instant, how_long: Duration) -> Vec<Event> {
        if !self.workout.is_started() || self.workout.is_finished() {
            return Vec::new();
        }
        self.status = Some(format!(
            "The computer slept for {}: the session is paused. Space goes on.",
            time_spent(how_long)
        ));
        self.workout.pause(now)
    }
}

fn secs(secs: u32) -> Duration {
    Duration::from_secs(secs.into())
}
