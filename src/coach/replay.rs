//! The coach's decisions: the history of facts replayed, session by session,
//! into advance / hold / step back / stop, with the day the next run may be.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::counts::not_enough_run;
use super::light::{Earlier, Light, classify, stop_pain, stop_reason};
use super::{Counts, Fact, RunFacts};
use crate::program::{Program, Rules, SessionId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    Advance,
    Hold,
    Regress,
    Stop,
}

impl DecisionKind {
    pub fn word(self) -> &'static str {
        match self {
            DecisionKind::Advance => "advance",
            DecisionKind::Hold => "hold",
            DecisionKind::Regress => "regress",
            DecisionKind::Stop => "stop",
        }
    }
}

/// What the coach decided after one run session, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The journal's id of the session decided on.
    pub id: String,
    pub session: SessionId,
    pub date: NaiveDate,
    pub light: Light,
    pub kind: DecisionKind,
    /// None after a stop, and after the program's last session.
    pub next: Option<SessionId>,
    pub earliest_next: NaiveDate,
    /// One sentence a runner and a physical therapist can check.
    pub reason: String,
}

/// Where the program stands after the whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The next run, and the first day it may be.
    Next {
        session: SessionId,
        earliest: NaiveDate,
    },
    /// Paused after a stop at `at` until the runner resumes it.
    Stopped {
        at: SessionId,
        since: NaiveDate,
        reason: String,
    },
    /// Every session of the program is done.
    Complete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    pub decisions: Vec<Decision>,
    pub standing: Standing,
    /// The day the missed-days rule counts from: the last run of this
    /// program, or a resume after it.
    pub counted_from: Option<NaiveDate>,
    /// Why the program stands where it does: the last decision's reason, a
    /// resume, or a stop outside a run of this program.
    pub why: Option<String>,
}

impl Replay {
    /// The sessions the coach moved on from: what counts as done.
    pub fn done(&self) -> impl Iterator<Item = SessionId> + '_ {
        self.decisions
            .iter()
            .filter(|d| d.kind == DecisionKind::Advance)
            .map(|d| d.session)
    }
}

/// Replays the facts in order. Pure: the same facts always give the same plan.
pub fn replay(program: &Program, facts: &[Fact]) -> Replay {
    let mut state = State {
        program,
        replay: Replay {
            decisions: Vec::new(),
            standing: Standing::Next {
                session: SessionId {
                    week: 1,
                    session: 1,
                },
                earliest: NaiveDate::MIN,
            },
            counted_from: None,
            why: None,
        },
        earlier: Vec::new(),
        reds: Vec::new(),
    };
    for fact in facts {
        state.apply(fact);
    }
    state.replay
}

struct State<'p> {
    program: &'p Program,
    replay: Replay,
    /// Each run of this program so far, for the rules that look back.
    earlier: Vec<Earlier>,
    /// The days of the reds since the last resume, for the stop on reds.
    reds: Vec<NaiveDate>,
}

impl State<'_> {
    fn apply(&mut self, fact: &Fact) {
        let rules = &self.program.rules;
        match fact {
            Fact::Run(run) if run.counts == Counts::OtherProgram => {
                if let Some(reason) = stop_reason(run, rules) {
                    self.stop_outside(
                        run.date,
                        format!("{reason}, in a session of another program"),
                    );
                }
            }
            Fact::Run(run) => {
                let was_stopped = matches!(self.replay.standing, Standing::Stopped { .. });
                let decision = self.decide(run);
                self.earlier.push(Earlier {
                    date: run.date,
                    worst: run.worst,
                    morning: run.morning,
                });
                if was_stopped {
                    // Recorded, but the stop and its reason stand until a resume.
                    self.replay.decisions.push(decision);
                    return;
                }
                self.replay.counted_from = Some(run.date);
                self.replay.standing = match (decision.kind, decision.next) {
                    (DecisionKind::Stop, _) => Standing::Stopped {
                        at: match run.counts {
                            Counts::OffPlan => self.coach_session(run.date).unwrap_or(run.session),
                            _ => run.session,
                        },
                        since: run.date,
                        reason: decision.reason.clone(),
                    },
                    (_, Some(session)) => Standing::Next {
                        session,
                        earliest: decision.earliest_next,
                    },
                    (_, None) => Standing::Complete,
                };
                self.replay.why = Some(decision.reason.clone());
                self.replay.decisions.push(decision);
            }
            Fact::NotReady { date, before } => {
                if let Some(reason) = stop_pain(*before, "before the run", rules) {
                    self.stop_outside(*date, reason);
                }
            }
            Fact::Circuit { date, pain } => {
                if let Some(reason) = stop_pain(*pain, "in the circuit", rules) {
                    self.stop_outside(*date, reason);
                }
            }
            Fact::Resume { date } => {
                if let Standing::Stopped { at, .. } = self.replay.standing {
                    let back = week_down(at, 1);
                    self.reds.clear();
                    self.replay.counted_from = Some(*date);
                    self.replay.standing = Standing::Next {
                        session: back,
                        earliest: *date,
                    };
                    self.replay.why = Some(format!(
                        "Resumed on {} after the stop at {at}: one week down, to {back}.",
                        date.format("%a %-d %b")
                    ));
                }
            }
        }
    }

    /// The coach's session as of `date`: the next one, lowered by the
    /// missed-days rule; None when stopped or complete.
    fn coach_session(&self, date: NaiveDate) -> Option<SessionId> {
        next_as_of(&self.replay, &self.program.rules, date).map(|(session, _, _)| session)
    }

    /// A stop that no run of this program decided: pain at the stop line
    /// before a run, in a circuit, or in a session of another program.
    fn stop_outside(&mut self, date: NaiveDate, reason: String) {
        let Standing::Next { session, .. } = self.replay.standing else {
            return; // stopped already, or complete
        };
        let at = self.coach_session(date).unwrap_or(session);
        let reason = format!("Stop: {reason}. See a physical therapist before you run again.");
        self.replay.why = Some(reason.clone());
        self.replay.standing = Standing::Stopped {
            at,
            since: date,
            reason,
        };
    }

    fn decide(&mut self, run: &RunFacts) -> Decision {
        let rules = &self.program.rules;
        let verdict = classify(run, &self.earlier, rules);
        let stop = |reason: String| Decision {
            id: run.id.clone(),
            session: run.session,
            date: run.date,
            light: verdict.light.max(Light::Red),
            kind: DecisionKind::Stop,
            next: None,
            earliest_next: run.date,
            reason: format!("Stop: {reason}. See a physical therapist before you run again."),
        };
        if let Standing::Stopped { .. } = self.replay.standing {
            return stop("the program is paused after a stop and was not resumed".into());
        }
        if let Some(reason) = stop_reason(run, rules) {
            return stop(reason);
        }
        if verdict.light == Light::Red {
            self.reds.push(run.date);
            if let Some(reason) = too_many_reds(&self.reds, rules) {
                return stop(reason);
            }
        }
        // An off-plan session moves the plan from where the coach stands.
        let (base, off_plan) = match run.counts {
            Counts::OffPlan => match self.coach_session(run.date) {
                Some(coach) => (coach, Some(coach)),
                None => (run.session, None),
            },
            _ => (run.session, None),
        };
        let days = |n: u32| run.date + Duration::days(i64::from(n) + 1);
        let hold = || (DecisionKind::Hold, Some(base), days(rules.rest_days));
        // Why a green session does not move on comes before its light.
        let mut first = None;
        let short = not_done(run, rules);
        let (kind, next, earliest, how) = match verdict.light {
            Light::Green if off_plan.is_some() => {
                first = Some(format!(
                    "{} was off-plan, and an off-plan session never moves the plan on",
                    run.session
                ));
                with_how(hold(), format!("Hold at {base}"))
            }
            Light::Green if short.is_some() => {
                first = short;
                with_how(hold(), format!("Hold at {base}"))
            }
            Light::Green => {
                let next = program_next(self.program, run.session);
                let how = match next {
                    Some(next) => format!("Advance to {next}"),
                    None => format!("Program complete ({} was its last session)", run.session),
                };
                (DecisionKind::Advance, next, days(rules.rest_days), how)
            }
            Light::Amber => {
                let extra = if verdict.morning_caused {
                    rules.morning_amber_extra_rest_days
                } else {
                    0
                };
                let how = if extra > 0 {
                    format!("Hold at {base}, with {extra} more rest day")
                } else {
                    format!("Hold at {base}")
                };
                (
                    DecisionKind::Hold,
                    Some(base),
                    days(rules.rest_days + extra),
                    how,
                )
            }
            Light::Red => {
                let back = week_down(base, 1);
                let how = format!(
                    "Step back to {back}, no running for {} days",
                    rules.red_rest_days
                );
                (
                    DecisionKind::Regress,
                    Some(back),
                    days(rules.red_rest_days),
                    how,
                )
            }
        };
        let off_plan_note = match off_plan {
            Some(coach) if verdict.light != Light::Green => format!(
                " ({} was off-plan; the coach's session was {coach})",
                run.session
            ),
            _ => String::new(),
        };
        Decision {
            id: run.id.clone(),
            session: run.session,
            date: run.date,
            light: verdict.light,
            kind,
            next,
            earliest_next: earliest,
            reason: match first {
                Some(first) => format!("{how}: {first}; {}{off_plan_note}.", verdict.reason),
                None => format!("{how}: {}{off_plan_note}.", verdict.reason),
            },
        }
    }
}

fn with_how<K, N, E>((kind, next, earliest): (K, N, E), how: String) -> (K, N, E, String) {
    (kind, next, earliest, how)
}

/// Why a session that felt fine still does not move on: it ended early, or
/// too little of its running was run.
fn not_done(run: &RunFacts, rules: &Rules) -> Option<String> {
    let short = run
        .main_run
        .as_ref()
        .and_then(|main| not_enough_run(main, rules));
    match (run.ended_early, short) {
        (_, Some(short)) => Some(short),
        (true, None) => Some("the session ended early, so it comes again".into()),
        (false, None) => None,
    }
}

/// The last `stop_reds` reds, when they fall within the window of days.
fn too_many_reds(reds: &[NaiveDate], rules: &Rules) -> Option<String> {
    let needed = rules.stop_reds as usize;
    if needed == 0 || reds.len() < needed {
        return None;
    }
    let recent = &reds[reds.len() - needed..];
    let span = (recent[needed - 1] - recent[0]).num_days();
    (span <= i64::from(rules.stop_reds_window_days)).then(|| {
        let days: Vec<String> = recent
            .iter()
            .map(|d| d.format("%-d %b").to_string())
            .collect();
        format!(
            "{needed} red sessions within {} days ({})",
            rules.stop_reds_window_days,
            days.join(", ")
        )
    })
}

/// The session after `id` in program order, or None after the last.
pub fn program_next(program: &Program, id: SessionId) -> Option<SessionId> {
    let mut ids = program.session_ids().skip_while(|s| *s != id);
    ids.next()?;
    ids.next()
}

/// Session 1 of the week `weeks` below, never below 1.1.
pub fn week_down(id: SessionId, weeks: u32) -> SessionId {
    SessionId {
        week: id.week.saturating_sub(weeks).max(1),
        session: 1,
    }
}

/// What to run next as of `today`: the replay's next session, one week down
/// for every `missed_days_per_week_down` days beyond `missed_days_allowed`
/// without a run. Returns the session, the earliest day, and why it moved.
pub fn next_as_of(
    replay: &Replay,
    rules: &Rules,
    today: NaiveDate,
) -> Option<(SessionId, NaiveDate, Option<String>)> {
    let Standing::Next { session, earliest } = replay.standing else {
        return None;
    };
    let Some(last) = replay.counted_from else {
        return Some((session, earliest, None));
    };
    let gap = (today - last).num_days();
    let allowed = i64::from(rules.missed_days_allowed);
    let per = i64::from(rules.missed_days_per_week_down.max(1));
    if gap <= allowed {
        return Some((session, earliest, None));
    }
    let down = (gap - allowed + per - 1) / per;
    let lowered = week_down(session, down as u32);
    let why = format!(
        "{gap} days without a run (more than {allowed}): {down} week{} down, to {lowered}",
        if down == 1 { "" } else { "s" }
    );
    Some((lowered, earliest, Some(why)))
}
