//! The program format: shipped programs, every kind of broken file, `check` and `plan`.

mod common;

use std::path::Path;

use rtr::program::{self, LoadError, SessionId, load_file, parse_program};
use rtr::workout::{Length, Phase, Totals, flatten_circuit, flatten_session};

use common::{rtr_output as rtr, shipped};

#[test]
fn every_shipped_program_loads_and_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            load_file(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            count += 1;
        }
    }
    assert_eq!(
        count, 6,
        "return-to-run, runners-prehab, demo, and the Achilles, plantar heel and shin programs"
    );
    // The built-in copy is the shipped file.
    assert_eq!(program::builtin(), shipped("return-to-run.ron"));
}

#[test]
fn the_built_in_program_follows_the_design_week_by_week() {
    let program = program::builtin();
    assert_eq!(program.weeks.len(), 10);
    // Run minutes per session, week by week (DESIGN.md's table).
    let expected = [
        [6, 6, 6],
        [9, 9, 9],
        [12, 12, 12],
        [15, 15, 15],
        [18, 18, 18],
        [21, 21, 21],
        [24, 24, 24],
        [27, 27, 27],
        [28, 28, 28],
        [29, 29, 30],
    ];
    for (w, minutes) in expected.iter().enumerate() {
        assert_eq!(program.weeks[w].sessions.len(), 3, "week {}", w + 1);
        for (s, &run_minutes) in minutes.iter().enumerate() {
            let id = SessionId {
                week: w as u32 + 1,
                session: s as u32 + 1,
            };
            let steps = flatten_session(&program, id).unwrap();
            assert_eq!(Totals::of(&steps).run_seconds, run_minutes * 60, "{id}");
            // Every run session has its mobility circuit after it.
            let session = program.session(id).unwrap();
            assert_eq!(program.circuit_after(session), Some("mobility"), "{id}");
        }
        let prehab = program.weeks[w].prehab.as_deref().unwrap();
        assert!(program.circuit(prehab).is_some());
    }
    let week1 = flatten_session(
        &program,
        SessionId {
            week: 1,
            session: 1,
        },
    )
    .unwrap();
    let main_runs: Vec<_> = week1.iter().filter(|s| s.phase == Phase::Run).collect();
    assert_eq!(main_runs.len(), 6);
    assert_eq!(main_runs[2].interval.unwrap().index, 3);
    assert_eq!(main_runs[2].interval.unwrap().of, 6);
}

#[test]
fn the_demo_program_is_exactly_two_short_sessions() {
    let demo = shipped("demo.ron");
    let steps = flatten_session(
        &demo,
        SessionId {
            week: 1,
            session: 1,
        },
    )
    .unwrap();
    let shape: Vec<(Phase, Length)> = steps.iter().map(|s| (s.phase, s.length)).collect();
    use Length::Seconds;
    assert_eq!(
        shape,
        [
            (Phase::Walk, Seconds(20)),
            (Phase::Run, Seconds(15)),
            (Phase::Walk, Seconds(15)),
            (Phase::Run, Seconds(15)),
            (Phase::Walk, Seconds(15)),
            (Phase::Walk, Seconds(20)),
        ]
    );
    assert_eq!(Totals::of(&steps).total_seconds, 100);
    let first = demo
        .session(SessionId {
            week: 1,
            session: 1,
        })
        .unwrap();
    assert_eq!(demo.circuit_after(first), None);

    let second = demo
        .session(SessionId {
            week: 1,
            session: 2,
        })
        .unwrap();
    assert_eq!(
        flatten_session(
            &demo,
            SessionId {
                week: 1,
                session: 2
            }
        )
        .unwrap(),
        steps
    );
    let circuit = demo.circuit(demo.circuit_after(second).unwrap()).unwrap();
    let shape: Vec<(Phase, Length)> = flatten_circuit(circuit)
        .iter()
        .map(|s| (s.phase, s.length))
        .collect();
    assert_eq!(
        shape,
        [
            (Phase::Ready, Seconds(5)), // get into place
            (Phase::Hold, Seconds(10)), // set 1, left
            (Phase::Ready, Seconds(5)), // switch sides
            (Phase::Hold, Seconds(10)), // set 1, right
            (Phase::Rest, Seconds(5)),
            (Phase::Hold, Seconds(10)),
            (Phase::Ready, Seconds(5)),
            (Phase::Hold, Seconds(10)),
            (Phase::Rest, Seconds(5)),
            (Phase::Reps, Length::Reps(5)),
        ]
    );
}

/// A minimal valid program with `main` spliced in at line 4.
fn with_main(main: &str) -> String {
    format!(
        "Program(\n    name: \"t\",\n    weeks: [Week(sessions: [Session(\n        main: [{main}],\n    )])],\n)\n"
    )
}

#[test]
fn each_kind_of_broken_file_is_reported_at_its_line_and_column() {
    let cases: Vec<(&str, String, usize, usize, &str)> = vec![
        (
            "syntax",
            "Program(\n    name: \"t\"\n    weeks: [],\n)\n".into(),
            3,
            5,
            "Expected comma",
        ),
        (
            "unknown field",
            with_main("Run(time: \"1:00\", sped: 8.0)"),
            4,
            34,
            "unknown field `sped`; the fields allowed here are: time, speed, incline, label, cue",
        ),
        (
            "wrong type",
            with_main("Repeat(times: \"six\", steps: [])"),
            4,
            30,
            "Expected integer",
        ),
        (
            "unknown step kind",
            with_main("Jog(time: \"1:00\")"),
            4,
            16,
            "unknown kind `Jog`; expected one of: Run, Walk, Drill, Repeat",
        ),
        (
            "minutes:seconds out of range",
            with_main("Run(time: \"1:75\")"),
            4,
            27, // the first character inside the quotes
            "invalid duration \"1:75\": seconds must be below 60",
        ),
        (
            "negative duration",
            with_main("Run(time: \"-1:00\")"),
            4,
            27, // the first character inside the quotes
            "a duration cannot be negative",
        ),
        (
            "zero duration",
            with_main("Walk(time: \"0:00\")"),
            4,
            27,
            "a step must last longer than 0 seconds",
        ),
        (
            "repeat of 0 times",
            with_main("Repeat(times: 0, steps: [Run(time: \"1m\")])"),
            4,
            30,
            "a repeat must run at least 1 time",
        ),
        (
            "week with no sessions",
            "Program(\n    name: \"t\",\n    weeks: [\n        Week(sessions: []),\n    ],\n)\n".into(),
            4,
            24,
            "week 1 has no sessions",
        ),
        (
            "unknown circuit",
            "Program(\n    name: \"t\",\n    weeks: [Week(sessions: [Session(\n        main: [Run(time: \"1m\")],\n        circuit: \"legs\",\n    )])],\n)\n".into(),
            5,
            18,
            "there is no circuit \"legs\"",
        ),
        (
            "pain threshold outside 0-10",
            "Program(\n    name: \"t\",\n    rules: Rules(stop_pain: 12),\n    weeks: [Week(sessions: [Session(main: [Run(time: \"1m\")])])],\n)\n".into(),
            3,
            29,
            "stop_pain is 12: a pain threshold must be from 1 to 10",
        ),
        (
            "thresholds out of order",
            "Program(\n    name: \"t\",\n    rules: Rules(\n        amber_pain: 5,\n    ),\n    weeks: [Week(sessions: [Session(main: [Run(time: \"1m\")])])],\n)\n".into(),
            4,
            21,
            "amber_pain (5) must be below red_pain (5)",
        ),
        (
            "exercise with reps and hold",
            "Program(\n    name: \"t\",\n    circuits: {\"c\": Circuit(name: \"c\", exercises: [\n        Exercise(name: \"x\", sets: 2, reps: 10, hold: \"30s\"),\n    ])},\n    weeks: [Week(sessions: [Session(main: [Run(time: \"1m\")])])],\n)\n".into(),
            4,
            9,
            "either `reps` or `hold`, not both",
        ),
        (
            "nesting too deep",
            with_main(&format!(
                "{}Run(time: \"1m\"){}",
                "Repeat(times: 1, steps: [".repeat(10_000),
                "])".repeat(10_000)
            )),
            4,
            591, // the 24th nested Repeat: ron counts several levels for each
            "brackets nest more than 128 deep",
        ),
        (
            "repeats that multiply past any session",
            with_main("Repeat(times: 100, steps: [Repeat(times: 100, steps: [Run(time: \"1m\")])])"),
            4,
            15,
            "unrolls to more than 5000 steps or 24 hours",
        ),
    ];
    for (kind, source, line, col, message) in cases {
        let err = parse_program("bad.ron", &source).expect_err(kind);
        let LoadError::Invalid(problems) = err else {
            panic!("{kind}: {err}")
        };
        let first = &problems[0];
        assert!(
            first.message.contains(message),
            "{kind}: message {:?} lacks {message:?}",
            first.message
        );
        assert_eq!((first.line, first.col), (line, col), "{kind}: {first}");
        assert_eq!(first.file, "bad.ron");
    }
}

#[test]
fn several_problems_of_meaning_in_one_file_are_all_reported() {
    let source = "Program(\n    name: \"t\",\n    rules: Rules(red_pain: 11),\n    weeks: [\n        Week(sessions: []),\n        Week(sessions: [Session(\n            main: [Run(time: \"0s\"), Repeat(times: 0, steps: [Walk(time: \"1m\")])],\n            circuit: \"nope\",\n        )]),\n    ],\n)\n";
    let Err(LoadError::Invalid(problems)) = parse_program("many.ron", source) else {
        panic!("should fail")
    };
    let found: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.col)).collect();
    assert_eq!(found, [(3, 28), (5, 24), (7, 30), (7, 51), (8, 22)]);
}

#[test]
fn check_prints_ok_or_each_problem_with_a_caret_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        with_main("Repeat(times: 0, steps: [Run(time: \"1m\")])"),
    )
    .unwrap();
    let bad = bad.to_str().unwrap();

    let (code, out, _) = rtr(&["check", "programs/demo.ron", bad]);
    assert_eq!(code, 1);
    let expected = format!(
        "programs/demo.ron: ok\n\
         {bad}:4:30: a repeat must run at least 1 time\n \
         4 |         main: [Repeat(times: 0, steps: [Run(time: \"1m\")])],\n   \
           |                              ^\n\
         1 of 2 files has problems\n"
    );
    assert_eq!(out, expected);

    let (code, out, _) = rtr(&["check", "programs/demo.ron", "programs/return-to-run.ron"]);
    assert_eq!((code, out.lines().count()), (0, 2), "{out}");
}

/// programs/demo.ron with the character at `line`:`col` left out, which
/// must be `left_out`.
fn demo_without(line: usize, col: usize, left_out: char) -> String {
    let demo = include_str!("../programs/demo.ron");
    let start: usize = demo
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let at = start + col - 1;
    assert_eq!(demo[at..].chars().next(), Some(left_out), "{line}:{col}");
    format!("{}{}", &demo[..at], &demo[at + 1..])
}

/// `rtr check` on `text` written to a temp file: the exit code and the
/// report's first and last lines, the file's path cut off the first.
fn check_text(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.ron");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let (code, out, _) = rtr(&["check", file]);
    let first = out.lines().next().unwrap_or_default();
    let first = first.strip_prefix(file).unwrap_or(first).to_string();
    (
        code,
        first,
        out.lines().last().unwrap_or_default().to_string(),
    )
}

#[test]
fn check_names_a_missing_paren_bracket_or_quote_where_it_belongs_and_where_it_opened() {
    let cases = [
        // `Run(time: "0:15", speed: 8.0, incline: 1.0),` without its `)`:
        // ron alone said "48:29: unknown field `Walk`".
        (
            (47, 71, ')'),
            ":47:71: missing `)` to close the `Run(` opened at 47:29",
        ),
        // `warmup: [Walk(...)],` without its `]`: ron alone said "13:9:
        // unknown kind `cooldown`".
        (
            (12, 68, ']'),
            ":12:68: missing `]` to close the `warmup: [` opened at 12:9",
        ),
        // `name: "Try the timer",` without its closing quote: ron alone said
        // "47:40: Expected comma", three lines on.
        (
            (44, 41, '"'),
            ":44:41: missing `\"` to close the text opened at 44:27",
        ),
    ];
    for ((line, col, left_out), said) in cases {
        let report = check_text(&demo_without(line, col, left_out));
        let one_problem = (1, said.to_string(), "1 file has problems".to_string());
        assert_eq!(report, one_problem);
    }
}

#[test]
fn every_closer_or_closing_quote_left_out_of_the_demo_is_named_where_it_was() {
    let demo = include_str!("../programs/demo.ron");
    let mut tried = 0;
    for (n, line) in demo.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let closers = line
            .char_indices()
            .filter(|&(_, c)| matches!(c, ')' | ']' | '}'));
        // Every second quote on a line closes a string (the demo escapes none).
        let quotes = line
            .char_indices()
            .filter(|&(_, c)| c == '"')
            .skip(1)
            .step_by(2);
        for (i, left_out) in closers.chain(quotes) {
            let (line, col) = (n + 1, line[..i].chars().count() + 1);
            let broken = demo_without(line, col, left_out);
            let Err(LoadError::Invalid(problems)) = parse_program("demo.ron", &broken) else {
                panic!("{line}:{col} without {left_out:?} should not load")
            };
            let found = &problems[0];
            assert_eq!((found.line, found.col), (line, col), "{found}");
            let missing = format!("missing `{left_out}` to close ");
            assert!(found.message.starts_with(&missing), "{found}");
            tried += 1;
        }
    }
    assert!(tried > 50, "{tried}");
}

#[test]
fn a_file_over_the_size_cap_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    std::fs::write(&big, " ".repeat(program::MAX_FILE_BYTES as usize + 1)).unwrap();
    let (code, out, _) = rtr(&["check", big.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("more than the 1048576 rtr reads"), "{out}");
}

#[test]
fn a_file_that_is_not_utf8_is_reported_where_it_stops_being_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    std::fs::write(&path, b"Program(\n    name: \"caf\xe9\",\n").unwrap();
    let Err(LoadError::Invalid(problems)) = load_file(&path) else {
        panic!("should fail")
    };
    assert_eq!((problems[0].line, problems[0].col), (2, 15));
    assert!(problems[0].message.contains("not UTF-8"));
}

#[test]
fn plan_prints_the_built_in_program_week_by_week() {
    let (code, out, _) = rtr(&["plan"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn plan_json_gives_each_session_its_id_times_and_flat_steps() {
    let (code, out, _) = rtr(&["plan", "--json", "--program", "programs/demo.ron"]);
    assert_eq!(code, 0);
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let session = &plan["weeks"][0]["sessions"][0];
    assert_eq!(session["id"], "1.1");
    assert_eq!(session["total_seconds"], 100);
    assert_eq!(session["run_seconds"], 30);
    assert_eq!(session["walk_seconds"], 70);
    let steps = session["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    assert_eq!(steps[1]["phase"], "run");
    assert_eq!(steps[1]["seconds"], 15);
    assert_eq!(steps[1]["interval"]["index"], 1);
    assert_eq!(steps[1]["speed"], 8.0);
    let circuit = &plan["weeks"][0]["sessions"][1]["circuit"];
    assert_eq!(circuit["id"], "demo-circuit");
    assert_eq!(plan["weeks"][0]["total_seconds"], 200);
}

#[test]
fn plan_with_a_broken_program_says_where_and_exits_1() {
    let (code, _, err) = rtr(&["plan", "--program", "no/such/file.ron"]);
    assert_eq!(code, 1);
    assert!(err.contains("no/such/file.ron: cannot read it"), "{err}");
}

#[test]
fn shell_completions_and_the_man_page_name_every_command() {
    let (code, bash, _) = rtr(&["completions", "bash"]);
    assert_eq!(code, 0);
    for command in ["run", "plan", "check", "status", "simulate", "history"] {
        assert!(bash.contains(command), "{command}");
    }
    let (code, page, _) = rtr(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH rtr 1"), "{page}");
    assert!(page.contains("terminal coach for runners"), "{page}");
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "plan",
        "check",
        "run",
        "history",
        "status",
        "simulate",
        "completions",
        "man",
    ] {
        let (code, out, _) = rtr(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(out.contains("Usage: rtr"), "{sub}: {out}");
    }
    let (code, _, _) = rtr(&["nonsense"]);
    assert_eq!(code, 2, "usage errors exit 2");
}
