//! The history joined for review: every recorded session with its pain
//! answers, its next-morning answer and the coach's decision.

use std::collections::HashMap;

use super::records::{Record, RunAnswers, SessionRecord};
use super::replay::{Decision, Replay};

pub struct SessionRow<'a> {
    pub session: &'a SessionRecord,
    pub answers: Option<&'a RunAnswers>,
    pub morning: Option<u8>,
    pub decision: Option<&'a Decision>,
}

/// The sessions in the order they were recorded. `replayed` must be the
/// replay of the same records: its decisions come one a run's answers.
pub fn rows<'a>(records: &'a [Record], replayed: &'a Replay) -> Vec<SessionRow<'a>> {
    let mut answers = HashMap::new();
    let mut mornings = HashMap::new();
    let mut decisions = HashMap::new();
    let mut next_decision = replayed.decisions.iter();
    for record in records {
        match record {
            Record::Answers(a) => {
                answers.insert(a.session_id.as_str(), a);
                if let Some(decision) = next_decision.next() {
                    decisions.insert(a.session_id.as_str(), decision);
                }
            }
            Record::Morning(m) => {
                mornings.insert(m.session_id.as_str(), m.pain);
            }
            _ => {}
        }
    }
    records
        .iter()
        .filter_map(|record| match record {
            Record::Session(session) => Some(SessionRow {
                session,
                answers: answers.get(session.id.as_str()).copied(),
                morning: mornings.get(session.id.as_str()).copied(),
                decision: decisions.get(session.id.as_str()).copied(),
            }),
            _ => None,
        })
        .collect()
}
