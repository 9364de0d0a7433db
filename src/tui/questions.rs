//! The pain questions around a real run session, one keystroke each: before
//! the run, after the warm-up, and after the cool-down (worst, now, swelling
//! or limp, and the red flags, whatever the pain).

use ratatui::crossterm::event::KeyCode;

use crate::coach::flags::{RedFlag, question, red_flags};

/// What a key does to a 0–10 rating typed one key at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PainKey {
    Answer(u8),
    /// A 1: it waits for 0 (ten) or Enter (one).
    One,
    Ignored,
}

/// 0 and 2–9 answer at once; 1 then 0 is ten, 1 then Enter is one.
/// `one_typed` is whether the key before was that waiting 1.
pub fn pain_key(one_typed: bool, code: KeyCode) -> PainKey {
    match (one_typed, code) {
        (true, KeyCode::Char('0')) => PainKey::Answer(10),
        (true, KeyCode::Enter) => PainKey::Answer(1),
        (false, KeyCode::Char('1')) => PainKey::One,
        (false, KeyCode::Char(c @ '0'..='9')) => PainKey::Answer(c as u8 - b'0'),
        _ => PainKey::Ignored,
    }
}

pub use crate::coach::questions::{Answers, Ask};
use crate::coach::questions::{after_run_asked, answer_pain, answer_yes_no};

#[derive(Debug, Clone, Default)]
pub struct Questions {
    pub asking: Option<Ask>,
    /// A 1 typed, waiting for 0 (ten) or Enter (one).
    pub first_digit: Option<u8>,
    pub answers: Answers,
    /// The answers after the run are all in, waiting to be recorded (and
    /// false again once they are).
    pub complete: bool,
    /// The coach's decision once recorded, shown until a key.
    pub decision: Option<String>,
    /// The red flags of the pain site, and those chosen so far.
    flags: Vec<RedFlag>,
    chosen: Vec<usize>,
    site: String,
}

/// What a key did to the question asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Not an answer (yet): ask again.
    No,
    Yes(Ask),
}

impl Questions {
    pub fn new(site: &str) -> Self {
        Questions {
            flags: red_flags(site),
            site: site.to_string(),
            ..Questions::default()
        }
    }

    /// Whether the questions after the run have begun (they come once).
    pub fn after_run_asked(&self) -> bool {
        after_run_asked(&self.answers, self.asking)
    }

    /// The prompt of the question asked (a line or more), and the hint of
    /// how to answer; `had_run`: the main set has a run (else it was a
    /// walk, as in a walking week).
    pub fn prompt(
        &self,
        site: &str,
        reported: Option<u8>,
        had_run: bool,
    ) -> Option<(Vec<String>, String)> {
        let done = if had_run { "Run done" } else { "Walk done" };
        let pain_hint = match self.first_digit {
            Some(1) => "1… press 0 for 10, or Enter for 1".to_string(),
            _ => "press 0–9; for 10 press 1 then 0".to_string(),
        };
        let prompt = match self.asking? {
            Ask::Before => format!("Before you start: {site} pain right now, 0 to 10?"),
            Ask::AfterWarmup => format!("Warm-up done: {site} pain now, 0 to 10?"),
            Ask::Worst => match reported {
                Some(pain) => format!(
                    "{done}. Worst {site} pain during it, 0 to 10? (you reported {pain}: Enter keeps it)"
                ),
                None => format!("{done}. Worst {site} pain during it, 0 to 10?"),
            },
            Ask::Now => format!("And {site} pain right now, 0 to 10?"),
            Ask::AfterCircuit => format!("Circuit done: {site} pain now, 0 to 10?"),
            Ask::SwellingOrLimp => {
                return Some((
                    vec!["Any swelling, or a limp?".into()],
                    "y yes · n no".into(),
                ));
            }
            Ask::RedFlags => {
                let mut lines = vec![question(&self.site)];
                lines.extend(self.flags.iter().map(|f| format!("· {}", f.shown)));
                return Some((lines, "y yes, one or more · n none of these".into()));
            }
            Ask::WhichFlags => {
                let mut lines = vec!["Which? Press each number that applies.".to_string()];
                lines.extend(self.flags.iter().enumerate().map(|(i, f)| {
                    let mark = if self.chosen.contains(&i) {
                        "■"
                    } else {
                        "□"
                    };
                    format!("{mark} {} {}", i + 1, f.shown)
                }));
                let hint = if self.chosen.is_empty() {
                    "press the numbers, then Enter".into()
                } else {
                    "Enter confirms".into()
                };
                return Some((lines, hint));
            }
        };
        Some((vec![prompt], pain_hint))
    }

    /// A key while a question is asked. `reported` is the highest main-set report,
    /// which Enter accepts as the worst pain.
    pub fn key(&mut self, code: KeyCode, reported: Option<u8>) -> Answered {
        let Some(ask) = self.asking else {
            return Answered::No;
        };
        match ask {
            Ask::SwellingOrLimp | Ask::RedFlags => {
                let yes = match code {
                    KeyCode::Char('y') => true,
                    KeyCode::Char('n') => false,
                    _ => return Answered::No,
                };
                self.answer_yes_no(ask, yes);
            }
            Ask::WhichFlags => return self.which_key(code),
            _ => {
                let one_typed = self.first_digit.is_some();
                let pain = match (pain_key(one_typed, code), reported) {
                    // Enter keeps the highest `!` report as the worst pain.
                    (PainKey::Ignored, Some(reported))
                        if ask == Ask::Worst && !one_typed && code == KeyCode::Enter =>
                    {
                        reported
                    }
                    (PainKey::Answer(pain), _) => pain,
                    (PainKey::One, _) => {
                        self.first_digit = Some(1);
                        return Answered::No;
                    }
                    (PainKey::Ignored, _) => return Answered::No,
                };
                self.first_digit = None;
                self.answer_pain(ask, pain);
            }
        }
        Answered::Yes(ask)
    }

    fn answer_pain(&mut self, ask: Ask, pain: u8) {
        self.asking = answer_pain(&mut self.answers, ask, pain);
    }

    fn answer_yes_no(&mut self, ask: Ask, yes: bool) {
        self.asking = answer_yes_no(&mut self.answers, ask, yes);
        self.complete = self.asking.is_none();
    }

    /// A number toggles a red flag; Enter confirms once one is chosen.
    fn which_key(&mut self, code: KeyCode) -> Answered {
        match code {
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < self.flags.len() {
                    match self.chosen.iter().position(|&x| x == i) {
                        Some(at) => {
                            self.chosen.remove(at);
                        }
                        None => self.chosen.push(i),
                    }
                }
                Answered::No
            }
            KeyCode::Enter if !self.chosen.is_empty() => {
                self.chosen.sort_unstable();
                self.answers.red_flags = self
                    .chosen
                    .iter()
                    .map(|&i| self.flags[i].fact.clone())
                    .collect();
                self.asking = None;
                self.complete = true;
                Answered::Yes(Ask::WhichFlags)
            }
            _ => Answered::No,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(q: &mut Questions, keys: &str, reported: Option<u8>) {
        for c in keys.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            q.key(code, reported);
        }
    }

    #[test]
    fn the_worst_pain_question_names_a_run_or_a_walk() {
        let mut q = Questions::new("shin");
        q.asking = Some(Ask::Worst);
        let first = |q: &Questions, had_run| q.prompt("shin", None, had_run).unwrap().0[0].clone();
        assert_eq!(
            first(&q, true),
            "Run done. Worst shin pain during it, 0 to 10?"
        );
        assert_eq!(
            first(&q, false),
            "Walk done. Worst shin pain during it, 0 to 10?"
        );
        q.asking = Some(Ask::Now);
        assert_eq!(first(&q, false), "And shin pain right now, 0 to 10?");
    }

    #[test]
    fn the_red_flags_are_asked_whatever_the_pain() {
        let mut q = Questions::new("knee");
        q.asking = Some(Ask::Worst);
        keys(&mut q, "\n2n", Some(3));
        assert_eq!(q.answers.worst, Some(3), "Enter keeps the reported 3");
        assert_eq!(
            (q.answers.now, q.answers.swelling_or_limp),
            (Some(2), Some(false))
        );
        assert_eq!(q.asking, Some(Ask::RedFlags), "asked at pain 2 too");
        keys(&mut q, "n", None);
        assert!(q.complete);
        assert!(q.answers.red_flags.is_empty());
    }

    #[test]
    fn a_yes_asks_which_and_ten_takes_two_keys() {
        let mut q = Questions::new("Achilles");
        q.asking = Some(Ask::Worst);
        keys(&mut q, "4", Some(6));
        assert_eq!(
            q.answers.worst,
            Some(4),
            "as answered; the coach adds the reports"
        );
        keys(&mut q, "10n", None);
        assert_eq!(q.answers.now, Some(10));
        keys(&mut q, "y", None);
        assert_eq!(q.asking, Some(Ask::WhichFlags));
        keys(&mut q, "\n", None);
        assert_eq!(q.asking, Some(Ask::WhichFlags), "Enter needs one chosen");
        keys(&mut q, "15\n", None);
        assert!(q.complete);
        assert_eq!(
            q.answers.red_flags,
            [
                "the Achilles locked or gave way",
                "Achilles pain at night or at rest"
            ]
        );
    }

    #[test]
    fn one_then_enter_is_one_and_other_keys_are_ignored() {
        let mut q = Questions::new("knee");
        q.asking = Some(Ask::Before);
        keys(&mut q, "x1", None);
        assert_eq!(q.asking, Some(Ask::Before));
        keys(&mut q, "\n", None);
        assert_eq!((q.answers.before, q.asking), (Some(1), None));
    }
}
