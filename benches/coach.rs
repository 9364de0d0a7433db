//! Replaying a long history through the coach: 10,000 run sessions, with
//! pain that comes and goes, mornings, warm-up reports and a share of the
//! running skipped now and then.

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use rtr::coach::replay::replay;
use rtr::coach::{Fact, MainRun, RunFacts};
use rtr::program::builtin;

fn benches(c: &mut Criterion) {
    let program = builtin();
    let order: Vec<_> = program.session_ids().collect();
    let start = NaiveDate::from_ymd_opt(2000, 1, 3).unwrap();
    let facts: Vec<Fact> = (0..10_000u32)
        .map(|i| {
            let session = order[i as usize % order.len()];
            let date = start + Duration::days(2 * i64::from(i));
            Fact::Run(RunFacts {
                id: format!("2000-01-03T07:00:00.{i:06}+00:00"),
                before: (i % 3) as u8,
                after_warmup: Some((i % 4) as u8),
                after: (i % 3) as u8,
                main_run: Some(MainRun {
                    planned_secs: 720,
                    run_secs: if i % 7 == 0 { 360 } else { 720 },
                    runs_planned: 6,
                    runs_done: if i % 7 == 0 { 3 } else { 6 },
                }),
                morning: Some((i % 3) as u8),
                ..RunFacts::with_worst(
                    session,
                    date,
                    [0, 1, 2, 0, 3, 1, 0, 5, 2, 1][i as usize % 10],
                )
            })
        })
        .collect();
    c.bench_function("replay 10,000 run sessions", |b| {
        b.iter(|| replay(&program, &facts))
    });
}

criterion_group!(coach, benches);
criterion_main!(coach);
