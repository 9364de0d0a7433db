//! `rtr simulate "0,3/1 w4 a2,2 ran50,0 +9"`: runs replayed through the
//! coach, one token a run session, each on the earliest day it is allowed.
//! A token is `PEAK` or `PEAK/MORNING`, then extras in any order: `bN` pain
//! before, `wN` after the warm-up, `aN` right after, `s` swelling or a limp,
//! `f` a red flag, `ranP` percent of the main set's running run, `off` an
//! off-plan session, `+D` days later than the earliest.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::counts::main_run;
use super::ready::{not_ready, usual_before};
use super::replay::{Standing, next_as_of, program_next, replay};
use super::{Counts, Fact, MainRun, RunFacts};
use crate::program::{Program, SessionId};
use crate::workout::{Outcome, flatten_session};

/// One run session as a token says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The worst pain during the run.
    pub peak: u8,
    pub morning: Option<u8>,
    pub before: u8,
    pub after_warmup: Option<u8>,
    /// Pain right after; None: the same as before.
    pub after: Option<u8>,
    pub swelling_or_limp: bool,
    pub red_flag: bool,
    /// Percent of the main set's planned running that was run.
    pub ran_percent: u8,
    pub off_plan: bool,
    pub extra_days: u32,
}

impl Token {
    pub fn peak(peak: u8) -> Token {
        Token {
            peak,
            morning: None,
            before: 0,
            after_warmup: None,
            after: None,
            swelling_or_limp: false,
            red_flag: false,
            ran_percent: 100,
            off_plan: false,
            extra_days: 0,
        }
    }
}

/// Parses the tokens; an error names the token and its position (from 1).
pub fn parse_tokens(text: &str) -> Result<Vec<Token>, String> {
    text.split(',')
        .enumerate()
        .map(|(i, raw)| {
            parse_token(raw.trim())
                .map_err(|why| format!("token {} \"{}\": {why}", i + 1, raw.trim()))
        })
        .collect()
}

fn parse_token(token: &str) -> Result<Token, String> {
    let pain = |s: &str| s.parse::<u8>().ok().filter(|p| *p <= 10);
    let mut words = token.split_whitespace();
    let first = words.next().unwrap_or_default();
    let bad_peak = || {
        "it does not start with PEAK or PEAK/MORNING (pain from 0 to 10, e.g. 3 or 2/4)".to_string()
    };
    let mut parsed = match first.split_once('/') {
        None => Token::peak(pain(first).ok_or_else(bad_peak)?),
        Some((peak, morning)) => Token {
            morning: Some(pain(morning).ok_or_else(bad_peak)?),
            ..Token::peak(pain(peak).ok_or_else(bad_peak)?)
        },
    };
    for extra in words {
        let bad = || {
            format!(
                "\"{extra}\" is not an extra: bN pain before, wN after the warm-up, aN right after (N 0 to 10), s swelling or a limp, f a red flag, ranP percent run (0 to 100), off, +D days later"
            )
        };
        let number = |prefix: &str| extra.strip_prefix(prefix).and_then(pain);
        match extra {
            "s" => parsed.swelling_or_limp = true,
            "f" => parsed.red_flag = true,
            "off" => parsed.off_plan = true,
            _ if extra.starts_with("ran") => {
                let percent = extra[3..].parse::<u8>().ok().filter(|p| *p <= 100);
                parsed.ran_percent = percent.ok_or_else(bad)?;
            }
            _ if extra.starts_with('+') => {
                let days = extra[1..].parse::<u32>().ok().filter(|d| *d <= 3650);
                parsed.extra_days = days.ok_or_else(bad)?;
            }
            _ if extra.starts_with('b') => parsed.before = number("b").ok_or_else(bad)?,
            _ if extra.starts_with('w') => parsed.after_warmup = Some(number("w").ok_or_else(bad)?),
            _ if extra.starts_with('a') => parsed.after = Some(number("a").ok_or_else(bad)?),
            _ => return Err(bad()),
        }
    }
    Ok(parsed)
}

/// One token's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The session run, or that would have been run on a no-run day.
    pub session: SessionId,
    /// Days after the first session.
    pub date: i64,
    /// None when there was no run.
    pub light: Option<&'static str>,
    pub decision: &'static str,
    pub next: Option<SessionId>,
    pub reason: String,
}

/// Why the tokens after the last step were not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrun {
    Stopped(usize),
    AfterTheEnd(usize),
}

/// The first simulated run: a Monday, so that the days are easy to follow.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date")
}

/// Each token on the earliest allowed day (plus its `+D`). Stops at a stop
/// (nothing runs after one without a resume) and at the program's end.
pub fn simulate(program: &Program, tokens: &[Token]) -> (Vec<Step>, Option<Unrun>) {
    let start = start_date();
    let mut facts = Vec::new();
    let mut steps = Vec::new();
    let mut earliest = start;
    for (i, token) in tokens.iter().enumerate() {
        let replayed = replay(program, &facts);
        let date = earliest + Duration::days(i64::from(token.extra_days));
        let Some((coach, _, _)) = next_as_of(&replayed, &program.rules, date) else {
            break; // only after a stop or the end, both handled below
        };
        let usual = usual_before(&facts, &program.rules);
        let days = (date - start).num_days();
        if let Some(why) = not_ready(token.before, usual, &program.rules, &program.pain_site) {
            facts.push(Fact::NotReady {
                date,
                before: token.before,
            });
            let after = replay(program, &facts);
            let stopped = matches!(after.standing, Standing::Stopped { .. });
            steps.push(Step {
                session: coach,
                date: days,
                light: None,
                decision: if stopped { "stop" } else { "no-run" },
                next: (!stopped).then_some(coach),
                reason: match (stopped, after.why) {
                    (true, Some(why)) => why,
                    _ => format!("No run today: {why}. The circuit or a walk instead; the run waits for a better day."),
                },
            });
            if stopped {
                return (steps, unrun(tokens, i, Unrun::Stopped));
            }
            earliest = date + Duration::days(1);
            continue;
        }
        let session = match token.off_plan {
            true => program_next(program, coach).unwrap_or(coach),
            false => coach,
        };
        facts.push(Fact::Run(run_facts(program, token, session, date)));
        let replayed = replay(program, &facts);
        let decision = replayed.decisions.last().expect("one decision a run");
        steps.push(Step {
            session,
            date: days,
            light: Some(decision.light.word()),
            decision: decision.kind.word(),
            next: decision.next,
            reason: decision.reason.clone(),
        });
        match replayed.standing {
            Standing::Next { earliest: next, .. } => earliest = next.max(date + Duration::days(1)),
            Standing::Stopped { .. } => return (steps, unrun(tokens, i, Unrun::Stopped)),
            Standing::Complete => return (steps, unrun(tokens, i, Unrun::AfterTheEnd)),
        }
    }
    (steps, None)
}

fn unrun(tokens: &[Token], i: usize, why: fn(usize) -> Unrun) -> Option<Unrun> {
    let left = tokens.len() - i - 1;
    (left > 0).then(|| why(left))
}

fn run_facts(program: &Program, token: &Token, session: SessionId, date: NaiveDate) -> RunFacts {
    RunFacts {
        counts: if token.off_plan {
            Counts::OffPlan
        } else {
            Counts::OnPlan
        },
        before: token.before,
        after_warmup: token.after_warmup,
        after: token.after.unwrap_or(token.before),
        swelling_or_limp: token.swelling_or_limp,
        red_flags: if token.red_flag {
            vec!["a red flag answered yes".into()]
        } else {
            Vec::new()
        },
        main_run: Some(ran(program, session, token.ran_percent)),
        morning: token.morning,
        ..RunFacts::with_worst(session, date, token.peak)
    }
}

/// The session's main-set running, `percent` of it run.
fn ran(program: &Program, session: SessionId, percent: u8) -> MainRun {
    let steps = flatten_session(program, session).unwrap_or_default();
    let outcomes = vec![Outcome::Done; steps.len()];
    let planned = main_run(&steps, &outcomes, &[]);
    let share = |n: u32| (u64::from(n) * u64::from(percent) / 100) as u32;
    MainRun {
        run_secs: share(planned.planned_secs),
        runs_done: share(planned.runs_planned),
        ..planned
    }
}
