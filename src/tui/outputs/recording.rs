//! The checkpoint and the journal of a real session: every fact written
//! when it happens (the answers the moment they are complete, the session's
//! record when its steps end), the checkpoint at once when a fact changed
//! and every second while the clock runs, gone once nothing is left to ask.

use std::time::Instant;

use super::{Output, Turn};
use crate::coach::counts::main_run;
use crate::journal::{Kept, Recorder};
use crate::tui::app::{App, Note};
use crate::tui::{OnAnswers, Report, RunReport, SessionResult};
use crate::workout::{Event, Part};

pub struct Recording<'a> {
    recorder: Recorder<'a>,
    on_answers: OnAnswers<'a>,
}

impl<'a> Recording<'a> {
    pub fn new(recorder: Recorder<'a>, on_answers: OnAnswers<'a>) -> Self {
        Recording {
            recorder,
            on_answers,
        }
    }

    /// The facts the screen gathered that are not the run's answers.
    fn record_notes(&mut self, app: &mut App) {
        for note in std::mem::take(&mut app.notes) {
            let report = match note {
                Note::NotReady {
                    before,
                    usual,
                    reason,
                } => Report::NotReady {
                    before,
                    usual,
                    reason,
                },
                Note::RanAnyway { reason } => Report::RanAnyway { reason },
            };
            let unsaved = (self.on_answers)(report, self.recorder.store());
            if !unsaved.is_empty() {
                app.status = Some(unsaved);
            }
        }
    }

    /// Once the answers after the run are in: record them, show the decision.
    fn record_run(&mut self, app: &mut App, now: Instant) {
        let ended = app.workout.ending();
        let reports = app.part_reports();
        let workout = &app.workout;
        let Some(questions) = app.questions.as_mut() else {
            return;
        };
        if !questions.complete || questions.decision.is_some() {
            return;
        }
        let report = RunReport {
            answers: &questions.answers,
            ended,
            reports: reports
                .into_iter()
                .filter(|r| r.part != Part::Circuit)
                .collect(),
            main_run: main_run(workout.steps(), workout.outcomes(), &workout.spent_now(now)),
        };
        let decision = (self.on_answers)(Report::Run(report), self.recorder.store());
        app.coach_words.push(decision.clone());
        questions.decision = Some(decision);
        questions.complete = false; // recorded: once only
        app.recorded.run = true;
    }

    /// The rating after the circuit, and the coach's word on it.
    fn record_circuit(&mut self, app: &mut App) {
        let highest_report = app
            .part_reports()
            .iter()
            .filter(|r| r.part == Part::Circuit)
            .map(|r| r.pain)
            .max();
        let Some(questions) = app.questions.as_mut() else {
            return;
        };
        let Some(pain) = questions.answers.after_circuit.take() else {
            return;
        };
        let report = Report::Circuit {
            pain,
            highest_report,
        };
        let text = (self.on_answers)(report, self.recorder.store());
        // The coach's word on the circuit waits for a key, like the run's.
        questions.decision = Some(text.clone());
        app.coach_words.push(text);
        app.recorded.circuit = true;
    }

    /// The steps ended: the session's record, or nothing of it when it was
    /// discarded or never began.
    fn record_session(&mut self, turn: &mut Turn) {
        let app = &mut *turn.app;
        if !app.workout.ran() || app.discarded {
            let kept = self.recorder.discard(&app.asked());
            if kept != Kept::Journal {
                app.status = Some(kept.note());
            }
            return;
        }
        let kept = self.recorder.record_session(&app.workout, turn.now);
        if kept != Kept::Journal {
            turn.log
                .write(&format!("the session's record: {}", kept.note()));
        }
        app.recorded.session = true;
        app.saved = Some(kept);
    }

    /// Where the session stands: at once and fsynced when a fact changed,
    /// else every second; gone once nothing is left to ask.
    fn save(&mut self, turn: &mut Turn) {
        if turn.app.settled() {
            self.recorder.settle();
            return;
        }
        let durable = turn.keyed || !turn.events.is_empty();
        if !durable && turn.real < self.recorder.next_due(turn.real) {
            return;
        }
        let asked = turn.app.asked();
        let saved = self
            .recorder
            .save(&turn.app.workout, &asked, turn.now, turn.real, durable);
        if let Some(message) = saved {
            turn.log.write(&message);
            turn.app.status = Some(message);
        }
    }
}

impl Output for Recording<'_> {
    fn on(&mut self, event: &Event, turn: &mut Turn) {
        self.recorder.set_instead(turn.app.info.instead);
        if let Event::Finished(_) = event {
            self.record_session(turn);
        }
    }

    fn after(&mut self, turn: &mut Turn) {
        self.recorder.set_instead(turn.app.info.instead);
        self.record_notes(turn.app);
        self.record_run(turn.app, turn.now);
        self.record_circuit(turn.app);
        self.save(turn);
    }

    /// A rep set shows no clock, so nothing else wakes the loop while it
    /// runs: its time is saved on a wake of its own.
    fn next_due(&self, turn: &Turn) -> Option<Instant> {
        let workout = &turn.app.workout;
        let clock_runs = workout.is_started() && !workout.is_paused() && !workout.is_finished();
        let rep_set = workout.next_change(turn.now).is_none();
        (clock_runs && rep_set).then(|| self.recorder.next_due(turn.real))
    }

    fn finish(&mut self, turn: &mut Turn, result: &mut SessionResult) {
        // A signal: keep where it stands, to be picked up again.
        if result.signal.is_some() {
            let asked = turn.app.asked();
            self.recorder
                .save(&turn.app.workout, &asked, turn.now, turn.real, true);
        }
        result.resumable = self.recorder.resumable();
    }
}
