//! The pain questions around a real run session, one keystroke each: before
//! the run, after the warm-up, and after the cool-down (worst, now, swelling
//! or limp, and the red flags when the pain is high).

use ratatui::crossterm::event::KeyCode;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Before,
    AfterWarmup,
    Worst,
    Now,
    SwellingOrLimp,
    /// Index into [`RED_FLAGS`].
    RedFlag(usize),
    /// One rating after the circuit (it never moves the run progression).
    AfterCircuit,
}

/// The red-flag questions, and the fact a yes records.
pub const RED_FLAGS: [(&str, &str); 4] = [
    (
        "Did the knee lock or give way?",
        "the knee locked or gave way",
    ),
    (
        "Is it too painful to put your weight on it?",
        "it could not bear weight",
    ),
    ("Is it hot, red and swollen?", "hot, red swelling"),
    (
        "Does it ache at night or when resting?",
        "pain at night or at rest",
    ),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub before: Option<u8>,
    pub after_warmup: Option<u8>,
    /// As answered; the worst counted is the highest of this and every `!` report.
    pub worst: Option<u8>,
    pub now: Option<u8>,
    pub swelling_or_limp: Option<bool>,
    pub red_flags: Vec<String>,
    pub after_circuit: Option<u8>,
}

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
    /// The red line, for when to ask the red-flag questions.
    red_pain: u8,
}

/// What a key did to the question asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Not an answer (yet): ask again.
    No,
    Yes(Ask),
}

impl Questions {
    pub fn new(red_pain: u8) -> Self {
        Questions {
            red_pain,
            ..Questions::default()
        }
    }

    /// Whether the questions after the run have begun (they come once).
    pub fn after_run_asked(&self) -> bool {
        self.answers.worst.is_some()
            || matches!(
                self.asking,
                Some(Ask::Worst | Ask::Now | Ask::SwellingOrLimp | Ask::RedFlag(_))
            )
    }

    /// The prompt of the question asked, and the hint of how to answer.
    pub fn prompt(&self, site: &str, reported: Option<u8>) -> Option<(String, String)> {
        let pain_hint = match self.first_digit {
            Some(1) => "1… press 0 for 10, or Enter for 1".to_string(),
            _ => "press 0–9; for 10 press 1 then 0".to_string(),
        };
        let prompt = match self.asking? {
            Ask::Before => format!("Before you start: {site} pain right now, 0 to 10?"),
            Ask::AfterWarmup => format!("Warm-up done: {site} pain now, 0 to 10?"),
            Ask::Worst => match reported {
                Some(pain) => format!(
                    "Run done. Worst {site} pain during it, 0 to 10? (you reported {pain}: Enter keeps it)"
                ),
                None => format!("Run done. Worst {site} pain during it, 0 to 10?"),
            },
            Ask::Now => format!("And {site} pain right now, 0 to 10?"),
            Ask::AfterCircuit => format!("Circuit done: {site} pain now, 0 to 10?"),
            Ask::SwellingOrLimp => {
                return Some((
                    "Any swelling, or a limp? y / n".into(),
                    "y yes · n no".into(),
                ));
            }
            Ask::RedFlag(i) => {
                return Some((RED_FLAGS[i].0.to_string(), "y yes · n no".into()));
            }
        };
        Some((prompt, pain_hint))
    }

    /// A key while a question is asked. `reported` is the highest `!` report,
    /// which Enter accepts as the worst pain.
    pub fn key(&mut self, code: KeyCode, reported: Option<u8>) -> Answered {
        let Some(ask) = self.asking else {
            return Answered::No;
        };
        match ask {
            Ask::SwellingOrLimp | Ask::RedFlag(_) => {
                let yes = match code {
                    KeyCode::Char('y') => true,
                    KeyCode::Char('n') => false,
                    _ => return Answered::No,
                };
                self.answer_yes_no(ask, yes);
            }
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
                self.answer_pain(ask, pain, reported);
            }
        }
        Answered::Yes(ask)
    }

    fn answer_pain(&mut self, ask: Ask, pain: u8, reported: Option<u8>) {
        let answers = &mut self.answers;
        self.asking = match ask {
            Ask::Before => {
                answers.before = Some(pain);
                None
            }
            Ask::AfterWarmup => {
                answers.after_warmup = Some(pain);
                None
            }
            Ask::AfterCircuit => {
                answers.after_circuit = Some(pain);
                None
            }
            Ask::Worst => {
                answers.worst = Some(pain.max(reported.unwrap_or(0)));
                Some(Ask::Now)
            }
            _ => {
                answers.now = Some(pain);
                Some(Ask::SwellingOrLimp)
            }
        };
    }

    fn answer_yes_no(&mut self, ask: Ask, yes: bool) {
        let answers = &mut self.answers;
        let next_flag = match ask {
            Ask::SwellingOrLimp => {
                answers.swelling_or_limp = Some(yes);
                let high = [answers.worst, answers.now]
                    .into_iter()
                    .flatten()
                    .any(|p| p >= self.red_pain);
                (high || yes).then_some(0)
            }
            Ask::RedFlag(i) => {
                if yes {
                    answers.red_flags.push(RED_FLAGS[i].1.to_string());
                }
                (i + 1 < RED_FLAGS.len()).then_some(i + 1)
            }
            _ => None,
        };
        self.asking = next_flag.map(Ask::RedFlag);
        self.complete = self.asking.is_none();
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
    fn low_pain_skips_the_red_flags() {
        let mut q = Questions::new(5);
        q.asking = Some(Ask::Worst);
        keys(&mut q, "\n2n", Some(3));
        assert!(q.complete);
        assert_eq!(q.answers.worst, Some(3), "Enter keeps the reported 3");
        assert_eq!(
            (q.answers.now, q.answers.swelling_or_limp),
            (Some(2), Some(false))
        );
    }

    #[test]
    fn high_pain_asks_every_red_flag_and_ten_takes_two_keys() {
        let mut q = Questions::new(5);
        q.asking = Some(Ask::Worst);
        keys(&mut q, "4", Some(6));
        assert_eq!(
            q.answers.worst,
            Some(6),
            "the highest of answer and reports"
        );
        keys(&mut q, "10n", None);
        assert_eq!(q.answers.now, Some(10));
        assert_eq!(q.asking, Some(Ask::RedFlag(0)));
        keys(&mut q, "ynny", None);
        assert!(q.complete);
        assert_eq!(
            q.answers.red_flags,
            ["the knee locked or gave way", "pain at night or at rest"]
        );
    }

    #[test]
    fn one_then_enter_is_one_and_other_keys_are_ignored() {
        let mut q = Questions::new(5);
        q.asking = Some(Ask::Before);
        keys(&mut q, "x1", None);
        assert_eq!(q.asking, Some(Ask::Before));
        keys(&mut q, "\n", None);
        assert_eq!((q.answers.before, q.asking), (Some(1), None));
    }
}
