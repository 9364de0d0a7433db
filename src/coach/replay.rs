//! The coach's decisions: the history of facts replayed, session by session,
//! into advance / hold / step back / stop, with the day the next run may be.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::light::{Light, classify, stop_reason};
use super::{Fact, RunFacts};
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
    /// The day of the last run, for the missed-days rule.
    pub last_run: Option<NaiveDate>,
}

/// Replays the facts in order. Pure: the same facts always give the same plan.
pub fn replay(program: &Program, facts: &[Fact]) -> Replay {
    let first = SessionId {
        week: 1,
        session: 1,
    };
    let mut standing = Standing::Next {
        session: first,
        earliest: NaiveDate::MIN,
    };
    let mut decisions = Vec::new();
    let mut worst_so_far: Vec<u8> = Vec::new();
    let mut reds: Vec<NaiveDate> = Vec::new();
    let mut last_run = None;
    for fact in facts {
        match fact {
            Fact::Run(run) => {
                last_run = Some(run.date);
                let decision = decide(program, run, &worst_so_far, &mut reds, &standing);
                worst_so_far.push(run.worst);
                standing = match (decision.kind, decision.next) {
                    (DecisionKind::Stop, _) => Standing::Stopped {
                        at: run.session,
                        since: run.date,
                        reason: decision.reason.clone(),
                    },
                    (_, Some(session)) => Standing::Next {
                        session,
                        earliest: decision.earliest_next,
                    },
                    (_, None) => Standing::Complete,
                };
                decisions.push(decision);
            }
            Fact::Resume { date } => {
                if let Standing::Stopped { at, .. } = standing {
                    reds.clear();
                    standing = Standing::Next {
                        session: week_down(at, 1),
                        earliest: *date,
                    };
                }
            }
        }
    }
    Replay {
        decisions,
        standing,
        last_run,
    }
}

fn decide(
    program: &Program,
    run: &RunFacts,
    earlier_worst: &[u8],
    reds: &mut Vec<NaiveDate>,
    standing: &Standing,
) -> Decision {
    let rules = &program.rules;
    let verdict = classify(run, earlier_worst, rules);
    let stop = |reason: String| Decision {
        session: run.session,
        date: run.date,
        light: verdict.light.max(Light::Red),
        kind: DecisionKind::Stop,
        next: None,
        earliest_next: run.date,
        reason: format!("Stop: {reason}. See a physical therapist before you run again."),
    };
    if let Standing::Stopped { .. } = standing {
        return stop("the program is paused after a stop and was not resumed".into());
    }
    if let Some(reason) = stop_reason(run, rules) {
        return stop(reason);
    }
    if verdict.light == Light::Red {
        reds.push(run.date);
        if let Some(reason) = too_many_reds(reds, rules) {
            return stop(reason);
        }
    }
    let days = |n: u32| run.date + Duration::days(i64::from(n) + 1);
    let (kind, next, earliest, how) = match verdict.light {
        Light::Green if !run.completed => (
            DecisionKind::Hold,
            Some(run.session),
            days(rules.rest_days),
            format!(
                "Hold at {}: the session ended early, so it comes again",
                run.session
            ),
        ),
        Light::Green => {
            let next = program_next(program, run.session);
            let how = match next {
                Some(next) => format!("Advance to {next}"),
                None => "Program complete".to_string(),
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
                format!("Hold at {}, with {extra} more rest day", run.session)
            } else {
                format!("Hold at {}", run.session)
            };
            (
                DecisionKind::Hold,
                Some(run.session),
                days(rules.rest_days + extra),
                how,
            )
        }
        Light::Red => {
            let back = week_down(run.session, 1);
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
    Decision {
        session: run.session,
        date: run.date,
        light: verdict.light,
        kind,
        next,
        earliest_next: earliest,
        reason: format!("{how}: {}.", verdict.reason),
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
    let Some(last) = replay.last_run else {
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
