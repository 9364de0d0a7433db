//! `rtr simulate "0,0,3,5,2/4"`: pain ratings replayed through the coach,
//! one token a run session (`PEAK` or `PEAK/MORNING`), baseline 0, each
//! session on the earliest day it is allowed.

use chrono::NaiveDate;
use serde::Serialize;

use super::replay::{Decision, Standing, replay};
use super::{Fact, RunFacts};
use crate::program::{Program, SessionId};

/// One token: the worst pain during the run, and the next morning's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub peak: u8,
    pub morning: Option<u8>,
}

/// Parses "0,0,3,5,2/4"; an error names the token and its position (from 1).
pub fn parse_tokens(text: &str) -> Result<Vec<Token>, String> {
    text.split(',')
        .enumerate()
        .map(|(i, raw)| {
            let token = raw.trim();
            let bad = || {
                format!(
                    "token {} \"{token}\" is not PEAK or PEAK/MORNING (pain from 0 to 10, e.g. 3 or 2/4)",
                    i + 1
                )
            };
            let pain = |s: &str| s.trim().parse::<u8>().ok().filter(|p| *p <= 10);
            match token.split_once('/') {
                None => Ok(Token {
                    peak: pain(token).ok_or_else(bad)?,
                    morning: None,
                }),
                Some((peak, morning)) => Ok(Token {
                    peak: pain(peak).ok_or_else(bad)?,
                    morning: Some(pain(morning).ok_or_else(bad)?),
                }),
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub session: SessionId,
    pub light: &'static str,
    pub decision: &'static str,
    pub next: Option<SessionId>,
    pub reason: String,
}

/// The first simulated run: a Monday, so that the days are easy to follow.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date")
}

/// Each token run on the earliest allowed day. Stops at a stop: nothing
/// runs after one without a resume. Returns the steps and how many tokens
/// were left unrun.
pub fn simulate(program: &Program, tokens: &[Token]) -> (Vec<Step>, usize) {
    let mut facts = Vec::new();
    let mut steps = Vec::new();
    let (mut session, mut date) = (
        SessionId {
            week: 1,
            session: 1,
        },
        start_date(),
    );
    for (i, token) in tokens.iter().enumerate() {
        facts.push(Fact::Run(RunFacts {
            morning: token.morning,
            ..RunFacts::with_worst(session, date, token.peak)
        }));
        let replayed = replay(program, &facts);
        let decision: &Decision = replayed.decisions.last().expect("one decision a run");
        steps.push(Step {
            session,
            light: decision.light.word(),
            decision: decision.kind.word(),
            next: decision.next,
            reason: decision.reason.clone(),
        });
        match replayed.standing {
            Standing::Next {
                session: next,
                earliest,
            } => (session, date) = (next, earliest),
            Standing::Stopped { .. } | Standing::Complete => {
                return (steps, tokens.len() - i - 1);
            }
        }
    }
    (steps, 0)
}
