//! Bad files and hostile places (issue 12, items 8–19 that concern files):
//! FIFOs and links where files are expected, numbers that would make rtr
//! allocate gigabytes, control characters in a program's texts, voice text
//! that looks like an option, a closed stdout, and a data dir that is not
//! the user's alone. Nothing here touches the real home: every rtr runs
//! with a temp data dir and no config.

mod common;

use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rtr::paths::{DataDirError, ensure_private_dir, private_data_dir};
use rtr::program::{Diagnostic, LoadError, parse_program};
use rtr::safe_fs::{
    DataDirProblem, check_private_dir, create_private_new, open_private_append,
    open_private_read_write,
};

/// rtr with `args`, its own temp data dir and home, no config; fails the
/// test if it runs longer than 20 s (a FIFO read would block forever).
fn rtr(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = common::rtr_command();
    command
        .args(args)
        .env("HOME", home.path())
        .env("RTR_DATA_DIR", home.path().join("data"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("rtr starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("rtr {args:?} hung for 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A user id that is not ours, for files "owned by another user".
const NOBODY: u32 = 65534;

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), None).unwrap();
}

// ---------------------------------------------------------------- FIFOs

#[test]
fn a_fifo_as_the_program_is_refused_at_once_by_check_and_plan() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("program.ron");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();

    let out = rtr(&["check", fifo]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "{fifo} is not a regular file (a FIFO); rtr reads programs and its config only from regular files\n\
         1 file has problems\n"
    );
    assert_eq!(text(&out.stdout), expected);

    let out = rtr(&["plan", "--program", fifo]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not a regular file (a FIFO)"));
}

#[test]
fn a_fifo_as_the_config_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.ron");
    mkfifo(&fifo);
    let out = rtr(&["status", "--config", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let expected = format!("{} is not a regular file (a FIFO)", fifo.display());
    assert!(
        text(&out.stderr).contains(&expected),
        "{}",
        text(&out.stderr)
    );
    // The library call says the same.
    let err = rtr::config::load(Some(&fifo)).unwrap_err();
    assert!(matches!(err, LoadError::NotRegular { kind: "a FIFO", .. }));
}

#[test]
fn a_directory_is_refused_but_a_link_to_a_program_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = rtr(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("is not a regular file (a directory)"));

    // Programs are the user's own files: a link to one is fine.
    let link = dir.path().join("mine.ron");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/demo.ron");
    std::os::unix::fs::symlink(&demo, &link).unwrap();
    let out = rtr(&["check", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

// ------------------------------------------------ numbers and their maxima

/// A program with one circuit "c" whose exercise's fields are `exercise`
/// (line 4) and one session whose main set is `main` (line 7), followed on
/// that line by `session`'s fields.
fn program(exercise: &str, main: &str, session: &str) -> String {
    format!(
        "Program(\n    name: \"t\",\n    circuits: {{\"c\": Circuit(name: \"c\", exercises: [\n        Exercise({exercise}),\n    ])}},\n    weeks: [Week(sessions: [Session(\n        main: [{main}],{session}\n    )])],\n)\n"
    )
}

const EXERCISE: &str = "name: \"x\", sets: 1, reps: 1";
const MAIN: &str = "Run(time: \"1m\")";

/// The problems of `source`, which must not load.
fn problems(kind: &str, source: &str) -> Vec<Diagnostic> {
    match parse_program("bad.ron", source) {
        Err(LoadError::Invalid(problems)) => problems,
        Err(err) => panic!("{kind}: {err}"),
        Ok(_) => panic!("{kind}: the program loaded"),
    }
}

/// Line and column (1-based, in characters) of the `n`-th (from 1)
/// `needle` on `line` of `source`.
fn position(source: &str, line: usize, needle: &str, n: usize) -> (usize, usize) {
    let text = source.lines().nth(line - 1).unwrap();
    let (byte, _) = text
        .match_indices(needle)
        .nth(n - 1)
        .unwrap_or_else(|| panic!("no {needle:?} #{n} on line {line}: {text}"));
    (line, text[..byte].chars().count() + 1)
}

fn assert_reported(kind: &str, source: &str, at: (usize, usize), message: &str) {
    let problems = problems(kind, source);
    let found = problems.iter().find(|p| p.message.contains(message));
    let Some(found) = found else {
        panic!("{kind}: no problem says {message:?}: {problems:#?}")
    };
    assert_eq!((found.line, found.col), at, "{kind}: {found}");
}

#[test]
fn every_count_and_length_has_a_maximum_reported_where_it_is_written() {
    let list =
        |item: &dyn Fn(usize) -> String, n: usize| (0..n).map(item).collect::<Vec<_>>().join(", ");
    let long = |n: usize| "x".repeat(n);
    let exercises = list(
        &|i| format!("Exercise(name: \"e{i}\", sets: 1, reps: 1)"),
        31,
    );
    let cases: Vec<(&str, String, usize, String, usize, String)> = vec![
        (
            "sets",
            program("name: \"x\", sets: 4294967295, reps: 10", MAIN, ""),
            4,
            "4294967295".into(),
            1,
            "4294967295 sets: at most 20".into(),
        ),
        (
            "reps",
            program("name: \"x\", sets: 1, reps: 101", MAIN, ""),
            4,
            "101".into(),
            1,
            "101 reps: at most 100".into(),
        ),
        (
            "hold",
            program("name: \"x\", sets: 1, hold: \"11m\"", MAIN, ""),
            4,
            "\"11m\"".into(),
            1,
            "a hold of 11:00: at most 10:00".into(),
        ),
        (
            "rest",
            program("name: \"x\", sets: 1, reps: 1, rest: \"10m1s\"", MAIN, ""),
            4,
            "\"10m1s\"".into(),
            1,
            "a rest of 10:01: at most 10:00".into(),
        ),
        (
            "cues",
            program(
                &format!("{EXERCISE}, cues: [{}]", list(&|i| format!("\"c{i}\""), 11)),
                MAIN,
                "",
            ),
            4,
            "\"c10\"".into(),
            1,
            "11 cues for one exercise: at most 10".into(),
        ),
        (
            "exercises",
            program(
                &format!("{EXERCISE}), {exercises}, Exercise({EXERCISE}"),
                MAIN,
                "",
            ),
            4,
            "Exercise(name: \"e29\"".into(),
            1,
            "33 exercises in one circuit: at most 30".into(),
        ),
        (
            "repeat times",
            program(
                EXERCISE,
                "Repeat(times: 4000000000, steps: [Run(time: \"1m\")])",
                "",
            ),
            7,
            "4000000000".into(),
            1,
            "a repeat of 4000000000 times: at most 100".into(),
        ),
        (
            "repeats nested 4 deep",
            program(
                EXERCISE,
                "Repeat(times: 1, steps: [Repeat(times: 1, steps: [Repeat(times: 1, steps: [Repeat(times: 2, steps: [Run(time: \"1m\")])])])])",
                "",
            ),
            7,
            "Repeat(times: 2".into(),
            1,
            "repeats nest more than 3 deep".into(),
        ),
        (
            "steps in a list",
            program(EXERCISE, &list(&|_| MAIN.to_string(), 51), ""),
            7,
            "Run(".into(),
            51,
            "51 steps in one list: at most 50".into(),
        ),
        (
            "a step's time",
            program(EXERCISE, "Run(time: \"4h 1s\")", ""),
            7,
            "\"4h 1s\"".into(),
            1,
            "a step of 4:00:01: at most 4:00:00".into(),
        ),
        (
            "a session over a day",
            program(EXERCISE, "Repeat(times: 7, steps: [Run(time: \"4h\")])", ""),
            7,
            "[".into(),
            1,
            "session 1.1 unrolls to more than 5000 steps or 24 hours".into(),
        ),
        (
            "a session over a day with its circuit",
            program(
                "name: \"x\", sets: 20, hold: \"10m\", per_side: true, rest: \"10m\"",
                "Run(time: \"4h\"), Run(time: \"4h\"), Run(time: \"4h\"), Run(time: \"4h\"), Run(time: \"1m\")",
                " circuit: \"c\",",
            ),
            7,
            "[".into(),
            1,
            "session 1.1 unrolls to more than 5000 steps or 24 hours".into(),
        ),
        (
            "a circuit over a day",
            program(
                &list(
                    &|_| {
                        "name: \"x\", sets: 20, hold: \"10m\", per_side: true, rest: \"10m\"".into()
                    },
                    3,
                )
                .replace(", name", "), Exercise(name"),
                MAIN,
                "",
            ),
            3,
            "Circuit(".into(),
            1,
            "the circuit comes to more than 5000 steps or 24 hours".into(),
        ),
        (
            "the program's name",
            program(EXERCISE, MAIN, "").replace("name: \"t\"", &format!("name: \"{}\"", long(101))),
            2,
            "\"x".into(),
            1,
            "the program's name is 101 characters long: at most 100".into(),
        ),
        (
            "a label",
            program(
                EXERCISE,
                &format!("Run(time: \"1m\", label: \"{}\")", long(101)),
                "",
            ),
            7,
            "\"x".into(),
            1,
            "a step's label is 101 characters long: at most 100".into(),
        ),
        (
            "a cue",
            program(
                EXERCISE,
                &format!("Run(time: \"1m\", cue: \"{}\")", long(201)),
                "",
            ),
            7,
            "\"x".into(),
            1,
            "a cue is 201 characters long: at most 200".into(),
        ),
        (
            "an exercise's cue",
            program(&format!("{EXERCISE}, cues: [\"{}\"]", long(201)), MAIN, ""),
            4,
            "\"x".into(),
            2, // the first is the exercise's name
            "a cue is 201 characters long: at most 200".into(),
        ),
        (
            "a session's name",
            program(EXERCISE, MAIN, &format!(" name: \"{}\",", long(101))),
            7,
            "\"x".into(),
            1,
            "a session's name is 101 characters long: at most 100".into(),
        ),
        (
            "the description",
            program(EXERCISE, MAIN, "").replace(
                "name: \"t\",",
                &format!("name: \"t\", description: \"{}\",", long(1001)),
            ),
            2,
            "\"x".into(),
            1,
            "the description is 1001 characters long: at most 1000".into(),
        ),
        (
            "rest days",
            program(EXERCISE, MAIN, "").replace(
                "name: \"t\",",
                "name: \"t\", rules: Rules(rest_days: 4294967295),",
            ),
            2,
            "4294967295".into(),
            1,
            "rest_days is 4294967295: at most 14".into(),
        ),
        (
            "the share of the running that counts",
            program(EXERCISE, MAIN, "").replace(
                "name: \"t\",",
                "name: \"t\", rules: Rules(min_run_share: NaN),",
            ),
            2,
            "NaN".into(),
            1,
            "min_run_share is NaN: a share of the running from 0 to 1".into(),
        ),
        (
            "the runs the usual pain is taken from",
            program(EXERCISE, MAIN, "").replace(
                "name: \"t\",",
                "name: \"t\", rules: Rules(usual_runs: 4294967295),",
            ),
            2,
            "4294967295".into(),
            1,
            "usual_runs is 4294967295: at most 20".into(),
        ),
    ];
    for (kind, source, line, needle, n, message) in cases {
        let at = position(&source, line, &needle, n);
        assert_reported(kind, &source, at, &message);
    }
}

#[test]
fn weeks_sessions_circuits_and_the_whole_plan_have_maxima() {
    let session = "Session(main: [Run(time: \"1m\")])";
    let week = format!("Week(sessions: [{session}])");
    let weeks = |weeks: &[String]| {
        format!(
            "Program(\n    name: \"t\",\n    weeks: [{}],\n)\n",
            weeks.join(", ")
        )
    };

    let source = weeks(&vec![week.clone(); 53]);
    let at = position(&source, 3, "Week(", 53);
    assert_reported("weeks", &source, at, "the program has 53 weeks: at most 52");

    let source = weeks(&[format!("Week(sessions: [{}])", [session; 8].join(", "))]);
    let at = position(&source, 3, "Session(", 8);
    assert_reported("sessions", &source, at, "week 1 has 8 sessions: at most 7");

    // 52 weeks of 7 sessions of 30 steps: 10,920 steps in the plan.
    let long_session = "Session(main: [Repeat(times: 30, steps: [Run(time: \"1m\")])])";
    let full_week = format!("Week(sessions: [{}])", [long_session; 7].join(", "));
    let source = weeks(&vec![full_week; 52]);
    let at = position(&source, 3, "[", 1);
    assert_reported(
        "the plan",
        &source,
        at,
        "the sessions unroll to more than 10000 steps in all",
    );

    let circuits: Vec<String> = (0..51)
        .map(|i| format!("\"c{i}\": Circuit(name: \"c\", exercises: [Exercise(name: \"x\", sets: 1, reps: 1)])"))
        .collect();
    let source = format!(
        "Program(\n    name: \"t\",\n    circuits: {{{}}},\n    weeks: [{week}],\n)\n",
        circuits.join(", ")
    );
    let at = position(&source, 3, "{", 1);
    assert_reported(
        "circuits",
        &source,
        at,
        "51 circuits: a program has at most 50",
    );
}

#[test]
fn huge_counts_fail_check_and_plan_quickly_instead_of_allocating() {
    let dir = tempfile::tempdir().unwrap();
    let sets = dir.path().join("sets.ron");
    let exercise = "name: \"x\", sets: 4294967295, reps: 10";
    std::fs::write(&sets, program(exercise, MAIN, " circuit: \"c\",")).unwrap();
    let times = dir.path().join("times.ron");
    let main = "Repeat(times: 4000000000, steps: [Run(time: \"1m\")])";
    std::fs::write(&times, program(EXERCISE, main, "")).unwrap();

    for (file, message) in [
        (&sets, ":4:35: 4294967295 sets: at most 20"),
        (&times, ":7:30: a repeat of 4000000000 times: at most 100"),
    ] {
        let file = file.to_str().unwrap();
        let out = rtr(&["check", file]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stdout).contains(&format!("{file}{message}")),
            "{}",
            text(&out.stdout)
        );
        // Under 1 GB of address space: flattening first would abort.
        let script = format!(
            "ulimit -v 1048576; exec '{}' plan --json --program '{file}'",
            env!("CARGO_BIN_EXE_rtr")
        );
        let mut command = Command::new("sh");
        command.args(["-c", &script]);
        let data = tempfile::tempdir().unwrap();
        let out = command
            .env("RTR_DATA_DIR", data.path())
            .env("HOME", data.path())
            .env("XDG_CONFIG_HOME", "/nonexistent/rtr-test-config")
            .env_remove("RTR_CONFIG")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
}

// --------------------------------------------------- control characters

#[test]
fn control_characters_in_any_text_are_refused_at_the_character() {
    let cases: Vec<(&str, String, usize, &str, &str)> = vec![
        (
            "an escape code in the name, written as an escape",
            program(EXERCISE, MAIN, "")
                .replace("name: \"t\"", "name: \"Bad\\u{1b}]0;owned\\u{7}\""),
            2,
            "\\u{1b}",
            "the program's name holds ESC (U+001B), which starts terminal escape codes",
        ),
        (
            "an escape code in the name, written raw",
            program(EXERCISE, MAIN, "").replace("name: \"t\"", "name: \"Bad\u{1b}[2J\""),
            2,
            "\u{1b}",
            "the program's name holds ESC (U+001B)",
        ),
        (
            "a tab in a label",
            program(EXERCISE, "Run(time: \"1m\", label: \"Run\tfast\")", ""),
            7,
            "\t",
            "a step's label holds a tab",
        ),
        (
            "a line break in a cue",
            program(EXERCISE, "Run(time: \"1m\", cue: \"Tall\\nrelaxed\")", ""),
            7,
            "\\n",
            "a cue holds a line break",
        ),
        (
            "a C1 control in an exercise's cue",
            program(
                &format!("{EXERCISE}, cues: [\"ok\", \"a\\u{{9b}}2J\"]"),
                MAIN,
                "",
            ),
            4,
            "\\u{9b}",
            "a cue holds the control character U+009B",
        ),
        (
            "a bell in an exercise's name",
            program("name: \"x\\x07\", sets: 1, reps: 1", MAIN, ""),
            4,
            "\\x07",
            "an exercise's name holds the control character U+0007",
        ),
        (
            "a carriage return in the description",
            program(EXERCISE, MAIN, "")
                .replace("name: \"t\",", "name: \"t\", description: \"fine\\rnot\","),
            2,
            "\\r",
            "the description holds a carriage return",
        ),
        (
            "an escape in the program's id",
            program(EXERCISE, MAIN, "").replace("name: \"t\",", "id: \"x\\u{1b}c\", name: \"t\","),
            2,
            "\\u{1b}",
            "the program's id holds ESC",
        ),
        (
            "an escape in a session's name",
            program(EXERCISE, MAIN, " name: \"\\u{1b}[31m\","),
            7,
            "\\u{1b}",
            "a session's name holds ESC",
        ),
    ];
    for (kind, source, line, needle, message) in cases {
        let at = position(&source, line, needle, 1);
        assert_reported(kind, &source, at, message);
    }
}

#[test]
fn check_and_plan_never_send_a_program_s_escape_codes_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("hostile.ron");
    // A raw ESC in the name, and an escape code in a duration, which the
    // parser's own error quotes.
    let name = program(EXERCISE, MAIN, "").replace("name: \"t\"", "name: \"x\u{1b}]0;owned\u{7}\"");
    std::fs::write(&hostile, &name).unwrap();
    let duration = dir.path().join("duration.ron");
    std::fs::write(&duration, program(EXERCISE, "Run(time: \"\u{1b}[2J\")", "")).unwrap();
    for file in [&hostile, &duration] {
        let file = file.to_str().unwrap();
        for args in [vec!["check", file], vec!["plan", "--program", file]] {
            let out = rtr(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                assert!(
                    !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
                    "{args:?} {what} holds a control character: {:?}",
                    text(bytes)
                );
            }
        }
    }
    let out = rtr(&["check", duration.to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("invalid duration \"\\u{1b}[2J\""),
        "{}",
        text(&out.stdout)
    );
}

// ---------------------------------------------------------------- voice

#[test]
fn voice_text_that_starts_with_a_dash_comes_after_double_dash() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.path().join("voice.log");
    let script = format!(
        "#!/bin/sh\nprintf '[%s]' \"$@\" >> '{}'\necho >> '{}'\n",
        log.display(),
        log.display()
    );
    let espeak = bin.join("espeak-ng");
    std::fs::write(&espeak, script).unwrap();
    set_mode(&espeak, 0o755);
    let program = dir.path().join("dash.ron");
    std::fs::write(
        &program,
        "Program(\n    name: \"t\",\n    weeks: [Week(sessions: [Session(\n        main: [Walk(time: \"0:02\", label: \"-w /tmp/rtr-voice-option\")],\n    )])],\n)\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let args = [
        "run",
        "--program",
        program.to_str().unwrap(),
        "1.1",
        "--speed",
        "20",
        "--voice",
        "--no-sound",
        "--no-notify",
        "--no-bell",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let env = [
        ("PATH", bin.to_str().unwrap()),
        ("HOME", dir.path().to_str().unwrap()),
    ];
    let tty = common::Tty::spawn(&args, &env, (80, 24));
    tty.wait_for("Session complete");
    let start = Instant::now();
    let said = loop {
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        if said.contains("-w /tmp/rtr-voice-option") || start.elapsed() > common::WAIT {
            break said;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let line = said
        .lines()
        .find(|l| l.contains("-w /tmp"))
        .unwrap_or_else(|| panic!("the label was never said: {said:?}"));
    assert!(
        line.starts_with("[--][-w /tmp/rtr-voice-option, "),
        "espeak-ng got {line}"
    );
    for line in said.lines() {
        assert!(line.starts_with("[--]["), "espeak-ng got {line}");
    }
}

// ---------------------------------------------------------- closed pipe

/// Runs rtr with stdout a pipe whose reader is already gone, as
/// `rtr plan | head -1` is once head has its line.
fn with_closed_stdout(args: &[&str]) -> std::process::ExitStatus {
    let data = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = common::rtr_command()
        .args(args)
        .env("HOME", data.path())
        .arg("--data-dir")
        .arg(data.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
        "rtr {args:?} said: {stderr}"
    );
    assert!(stderr.is_empty(), "rtr {args:?} said: {stderr}");
    status
}

#[test]
fn a_closed_pipe_ends_print_commands_quietly() {
    let commands: [&[&str]; 6] = [
        &["plan", "--json"],
        &["plan"],
        &["man"],
        &["history", "--format", "csv"],
        &["completions", "bash"],
        &["simulate", "0,0,3,5,2/4", "--json"],
    ];
    for args in commands {
        let status = with_closed_stdout(args);
        assert!(
            status.success() || status.signal() == Some(libc::SIGPIPE),
            "rtr {args:?} ended with {status}"
        );
    }
    // The first three print at once, so they meet the closed pipe.
    for args in [&["plan", "--json"][..], &["plan"], &["man"]] {
        let status = with_closed_stdout(args);
        assert_eq!(status.signal(), Some(libc::SIGPIPE), "rtr {args:?}");
    }
}

// ------------------------------------------------------------ data dir

#[test]
fn a_missing_data_dir_is_created_private_with_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("share/rtr");
    let got = private_data_dir(Some(&data)).unwrap();
    assert_eq!(got, data);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&dir.path().join("share")), 0o700);
    // A second time it is only checked.
    assert_eq!(private_data_dir(Some(&data)).unwrap(), data);
}

/// Runs this test again in a child process with umask 000 (a umask is the
/// whole process's, so it is never changed under the other tests).
#[test]
fn files_and_dirs_are_private_under_umask_000() {
    const CHILD: &str = "RTR_TEST_UMASK_000_DIR";
    if let Some(dir) = std::env::var_os(CHILD) {
        // SAFETY: umask cannot fail; this process runs only this test.
        unsafe { libc::umask(0) };
        let data = PathBuf::from(dir).join("a/b/rtr");
        private_data_dir(Some(&data)).unwrap();
        create_private_new(&data.join("unsaved-1")).unwrap();
        open_private_append(&data.join("journal.jsonl")).unwrap();
        open_private_read_write(&data.join("lock")).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "files_and_dirs_are_private_under_umask_000",
            "--test-threads=1",
        ])
        .env(CHILD, dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("1 passed"),
        "{}",
        text(&out.stdout)
    );
    for dir_made in ["a", "a/b", "a/b/rtr"] {
        assert_eq!(mode(&dir.path().join(dir_made)), 0o700, "{dir_made}");
    }
    for file in ["unsaved-1", "journal.jsonl", "lock"] {
        assert_eq!(
            mode(&dir.path().join("a/b/rtr").join(file)),
            0o600,
            "{file}"
        );
    }
}

#[test]
fn a_data_dir_that_is_a_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rtr");
    std::fs::write(&file, "").unwrap();
    let err = private_data_dir(Some(&file)).unwrap_err();
    assert!(matches!(
        err,
        DataDirError::Unsafe(DataDirProblem::NotADirectory { .. })
    ));
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{} is not a directory", file.display())),
        "{message}"
    );
    // Below a file, too.
    let err = private_data_dir(Some(&file.join("data"))).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("{} is not a directory", file.display())),
        "{err}"
    );
    // The old helper names it as well.
    let err = ensure_private_dir(&file).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is not a directory", file.display())
    );
}

#[test]
fn a_data_dir_others_can_write_to_is_refused_with_the_chmod_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rtr");
    std::fs::create_dir(&data).unwrap();
    for loose in [0o777, 0o770, 0o702] {
        set_mode(&data, loose);
        let err = private_data_dir(Some(&data)).unwrap_err().to_string();
        let expected = format!(
            "{} can be changed by other users (mode {loose:04o}), and rtr keeps health data there; make it yours alone with: chmod 700 '{}'",
            data.display(),
            data.display()
        );
        assert_eq!(err, expected);
    }
    // Readable by others is the user's choice; the files are 0600.
    set_mode(&data, 0o755);
    assert!(private_data_dir(Some(&data)).is_ok());
}

#[test]
fn a_parent_anyone_can_write_to_needs_the_sticky_bit() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    let data = shared.join("rtr");
    std::fs::create_dir_all(&data).unwrap();
    set_mode(&data, 0o700);
    set_mode(&shared, 0o777);
    let err = check_private_dir(&data).unwrap_err().to_string();
    let shared = std::fs::canonicalize(&shared).unwrap();
    assert!(
        err.starts_with(&format!(
            "{} can be changed by other users (mode 0777)",
            shared.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("chmod go-w '{}'", shared.display())),
        "{err}"
    );
    set_mode(&shared, 0o1777);
    check_private_dir(&data).unwrap();
}

#[test]
fn a_data_dir_or_file_owned_by_another_user_is_refused() {
    if !is_root() {
        eprintln!("skipped: making a file another user's needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rtr");
    std::fs::create_dir(&data).unwrap();
    set_mode(&data, 0o700);
    chown(&data, NOBODY);
    let err = private_data_dir(Some(&data)).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{} belongs to another user (uid {NOBODY})",
            data.display()
        )),
        "{err}"
    );

    // A file planted in the user's own dir by another user is not used.
    let own = dir.path().join("own");
    private_data_dir(Some(&own)).unwrap();
    let planted = own.join("journal.jsonl");
    std::fs::write(&planted, "theirs\n").unwrap();
    set_mode(&planted, 0o666);
    chown(&planted, NOBODY);
    let err = open_private_append(&planted).unwrap_err().to_string();
    assert!(err.contains("belongs to another user"), "{err}");
    assert_eq!(std::fs::read_to_string(&planted).unwrap(), "theirs\n");
    assert_eq!(std::fs::metadata(&planted).unwrap().uid(), NOBODY);

    // Nor is a link to the data dir that another user owns.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&own, &link).unwrap();
    chown(&link, NOBODY);
    let err = check_private_dir(&link).unwrap_err().to_string();
    assert!(err.contains("belongs to another user"), "{err}");
}

#[test]
fn a_planted_link_in_the_data_dir_never_sends_a_write_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rtr");
    private_data_dir(Some(&data)).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "the victim's own file\n").unwrap();
    for name in ["lock", "journal.jsonl", "checkpoint.json.tmp", "rtr.log"] {
        let link = data.join(name);
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let err = rtr::safe_fs::open_private_write_truncate(&link).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is not a regular file (a symbolic link)", link.display())
        );
        assert!(open_private_append(&link).is_err());
        assert!(open_private_read_write(&link).is_err());
        assert!(create_private_new(&link).is_err());
    }
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the victim's own file\n"
    );
}
