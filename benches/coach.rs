//! Replaying a long history through the coach: 10,000 run sessions.

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use rtr::coach::replay::{Standing, replay};
use rtr::coach::{Fact, RunFacts};
use rtr::program::{SessionId, builtin};

fn benches(c: &mut Criterion) {
    let program = builtin();
    // A history the coach itself scheduled, with pain that comes and goes.
    let mut facts = Vec::with_capacity(10_000);
    let (mut session, mut date) = (
        SessionId {
            week: 1,
            session: 1,
        },
        NaiveDate::from_ymd_opt(2000, 1, 3).unwrap(),
    );
    for i in 0..10_000u32 {
        facts.push(Fact::Run(RunFacts {
            session,
            date,
            before: (i % 3) as u8,
            after_warmup: Some((i % 4) as u8),
            worst: [0, 1, 2, 0, 3, 1, 0, 5, 2, 1][i as usize % 10],
            after: (i % 3) as u8,
            swelling_or_limp: false,
            stopped_for_pain: false,
            completed: true,
            red_flags: Vec::new(),
            morning: Some((i % 3) as u8),
        }));
        match replay(&program, &facts[facts.len() - 1..]).standing {
            Standing::Next { session: s, .. } => session = s,
            _ => {
                session = SessionId {
                    week: 1,
                    session: 1,
                }
            }
        }
        date += Duration::days(2);
    }
    c.bench_function("replay 10,000 run sessions", |b| {
        b.iter(|| replay(&program, &facts))
    });
}

criterion_group!(coach, benches);
criterion_main!(coach);
