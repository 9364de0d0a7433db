//! Loading and validating programs: the built-in one, and one just under the
//! 1 MiB cap (the worst a file can make `rtr check` do).

use criterion::{Criterion, criterion_group, criterion_main};
use rtr::program::{BUILTIN_SOURCE, MAX_FILE_BYTES, parse_program};

/// A valid program of many weeks, grown until the next week would pass `bytes`.
pub fn program_near(bytes: usize) -> String {
    let week = "    Week(focus: \"Cadence +5 %\", sessions: [\n        Session(main: [Repeat(times: 6, steps: [Run(time: \"2:00\", speed: 8.5, cue: \"Short steps\"), Walk(time: \"3:00\")])]),\n        Session(main: [Run(time: \"20:00\"), Walk(time: \"1:00\"), Run(time: \"9:00\")]),\n    ]),\n";
    let head = "Program(\n  name: \"Generated\",\n  weeks: [\n";
    let tail = "  ],\n)\n";
    let weeks = (bytes - head.len() - tail.len()) / week.len();
    format!("{head}{}{tail}", week.repeat(weeks))
}

fn benches(c: &mut Criterion) {
    c.bench_function("load and validate return-to-run.ron", |b| {
        b.iter(|| parse_program("return-to-run.ron", BUILTIN_SOURCE).unwrap())
    });
    let big = program_near(MAX_FILE_BYTES as usize);
    assert!(big.len() as u64 <= MAX_FILE_BYTES && big.len() as u64 > MAX_FILE_BYTES - 1000);
    c.bench_function("load and validate a program just under 1 MiB", |b| {
        b.iter(|| parse_program("big.ron", &big).unwrap())
    });
}

criterion_group!(program, benches);
criterion_main!(program);
