//! The crash-test suite (issue 12): a real session killed with SIGKILL at 20
//! moments, then started again and, for each moment, each of the three
//! answers to "An interrupted session": r (resume), e (record it as ended
//! early) and d (discard).
//!
//! Each moment is reached once and killed; its data dir is then copied three
//! times, so that r, e and d all start from the very same crash. The same
//! keys are also played once without a kill, each script in a data dir of
//! its own: the reference. Then, for each restart:
//!
//! - the journal parses with no warning, and nothing in it is counted twice;
//! - r: once the rest of the keys are given, the journal's facts are exactly
//!   the reference's, and so is the coach's decision (`rtr status --json`);
//! - e: every answer and `!` report given before the kill is in the journal;
//! - d: nothing of the session counts for any reader (the coach, `rtr
//!   status`, `rtr history --format csv`).
//!
//! Every problem found is gathered, the counts printed (`--nocapture`), and
//! the test fails with the whole list.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use common::Tty;
use rtr::coach::Fact;
use rtr::coach::records::{
    CircuitPain, History, NotReadyRecord, Record, RunAnswers, SessionRecord,
};
use rtr::journal::Journal;

const SIZE: (u16, u16) = (120, 40);
const DEMO: &str = "programs/demo.ron";
/// The home screen's keys, whatever the day: the restart got past the offer.
const HOME: &str = "h history · ? keys · q quit";
const OFFER: &str = "An interrupted session";
/// How many rtr sessions are driven at once (CI has 2 cores).
const AT_ONCE: usize = 8;

/// Where the session's clock stands once a step's keys took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Not started, ended, or stopped for the questions after the run.
    Still,
    Running,
    /// Paused with space.
    Paused,
    /// Paused for the run's questions, before the circuit.
    Asking,
}

/// A fact a step gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    Before,
    AfterWarmup,
    Worst,
    Now,
    Swelling,
    RedFlags,
    /// A `!` report in the warm-up, the main set or the cool-down.
    RunReport,
    /// A `!` report in the circuit.
    CircuitReport,
    CircuitRating,
}

impl Given {
    fn words(self) -> &'static str {
        match self {
            Given::Before => "the pain before",
            Given::AfterWarmup => "the pain after the warm-up",
            Given::Worst => "the worst pain",
            Given::Now => "the pain now",
            Given::Swelling => "swelling or a limp",
            Given::RedFlags => "the red flags",
            Given::RunReport => "a `!` report",
            Given::CircuitReport => "a `!` report in the circuit",
            Given::CircuitRating => "the circuit's rating",
        }
    }
}

const ANSWERS: [Given; 6] = [
    Given::Before,
    Given::AfterWarmup,
    Given::Worst,
    Given::Now,
    Given::Swelling,
    Given::RedFlags,
];

/// Keys, and what the screen shows once rtr took them (and, since it saves
/// before it draws, once what they changed is on disk).
struct Step {
    keys: &'static str,
    shows: &'static [&'static str],
    gone: &'static [&'static str],
    clock: Clock,
    given: &'static [Given],
}

const fn step(
    keys: &'static str,
    shows: &'static [&'static str],
    gone: &'static [&'static str],
    clock: Clock,
    given: &'static [Given],
) -> Step {
    Step {
        keys,
        shows,
        gone,
        clock,
        given,
    }
}

struct Script {
    name: &'static str,
    session: &'static str,
    steps: &'static [Step],
}

use Clock::{Asking, Paused, Running, Still};

/// 1.1, the run alone: pain before 1 (1 then Enter), a warm-up report of 2,
/// 1 after the warm-up, a report of 3 in the main set and of 1 in the
/// cool-down, worst 4, now 2, no swelling, no red flag: amber, a hold.
const RUN_ONLY: Script = Script {
    name: "1.1",
    session: "1.1",
    steps: &[
        /* 0 */
        step("1", &["1… press 0 for 10"], &[], Still, &[]),
        /* 1 */
        step(
            "\r",
            &["• WALK · ", "warm-up"],
            &["Before you start"],
            Running,
            &[Given::Before],
        ),
        /* 2 */ step(" ", &["PAUSED"], &[], Paused, &[]),
        /* 3 */
        step(
            " !2",
            &["Pain 2/10 noted"],
            &["PAUSED"],
            Running,
            &[Given::RunReport],
        ),
        /* 4 */
        step(
            "n",
            &["Warm-up done: knee pain now", "» RUN · "],
            &[],
            Running,
            &[],
        ),
        /* 5 */
        step(
            "1\r",
            &["» RUN · "],
            &["Warm-up done"],
            Running,
            &[Given::AfterWarmup],
        ),
        /* 6 */
        step(
            "!3",
            &["Pain 3/10 noted"],
            &[],
            Running,
            &[Given::RunReport],
        ),
        /* 7 */
        step(
            "n",
            &["• WALK · ", "interval 1 of 2"],
            &["» RUN · "],
            Running,
            &[],
        ),
        /* 8 */ step(" ", &["PAUSED"], &[], Paused, &[]),
        /* 9 */
        step(
            " nnn",
            &["• WALK · ", "cool-down"],
            &["PAUSED", "interval"],
            Running,
            &[],
        ),
        /* 10 */
        step(
            "!1\r",
            &["Pain 1/10 noted"],
            &[],
            Running,
            &[Given::RunReport],
        ),
        /* 11 */
        step(
            "n",
            &[
                "Worst knee pain during it",
                "you reported 3: Enter keeps it",
            ],
            &[],
            Still,
            &[],
        ),
        /* 12 */
        step(
            "4",
            &["And knee pain right now"],
            &[],
            Still,
            &[Given::Worst],
        ),
        /* 13 */
        step(
            "2",
            &["Any swelling, or a limp?"],
            &[],
            Still,
            &[Given::Now],
        ),
        /* 14 */
        step(
            "n",
            &["Any of these now, at the knee or the leg?"],
            &[],
            Still,
            &[Given::Swelling],
        ),
        /* 15 */ step("n", &["Any key goes on"], &[], Still, &[Given::RedFlags]),
        /* 16 */
        step("x", &["Session complete"], &["Any key goes on"], Still, &[]),
    ],
};

/// 1.2, off-plan, with its circuit: pain before 0, 0 after the warm-up, a
/// report of 4 in the main set kept as the worst (Enter), now 1 (1 then
/// Enter), swelling, two red flags (a stop); in the circuit a report of 3
/// in a hold, the rep set done, and 2 after it.
const WITH_CIRCUIT: Script = Script {
    name: "1.2",
    session: "1.2",
    steps: &[
        /* 0 */
        step(
            "0",
            &["• WALK · ", "warm-up"],
            &["Before you start"],
            Running,
            &[Given::Before],
        ),
        /* 1 */
        step(
            "n",
            &["Warm-up done: knee pain now", "» RUN · "],
            &[],
            Running,
            &[],
        ),
        /* 2 */
        step(
            "0",
            &["» RUN · "],
            &["Warm-up done"],
            Running,
            &[Given::AfterWarmup],
        ),
        /* 3 */
        step(
            "!4",
            &["Pain 4/10 noted"],
            &[],
            Running,
            &[Given::RunReport],
        ),
        /* 4 */
        step(
            "nnnnn",
            &[
                "Worst knee pain during it",
                "you reported 4: Enter keeps it",
            ],
            &[],
            Asking,
            &[],
        ),
        /* 5 */
        step(
            "\r",
            &["And knee pain right now"],
            &[],
            Still,
            &[Given::Worst],
        ),
        /* 6 */
        step(
            "1\r",
            &["Any swelling, or a limp?"],
            &[],
            Still,
            &[Given::Now],
        ),
        /* 7 */
        step(
            "y",
            &["Any of these now, at the knee or the leg?"],
            &[],
            Still,
            &[Given::Swelling],
        ),
        /* 8 */
        step(
            "y",
            &["Which? Press each number that applies."],
            &[],
            Still,
            &[],
        ),
        /* 9 */ step("25\r", &["Any key goes on"], &[], Still, &[Given::RedFlags]),
        /* 10 */
        step("x", &["◎ GET READY · "], &["Any key goes on"], Running, &[]),
        /* 11 */
        step("n", &["■ HOLD Side plank · "], &[], Running, &[]),
        /* 12 */
        step(
            "!3",
            &["Pain 3/10 noted"],
            &[],
            Running,
            &[Given::CircuitReport],
        ),
        /* 13: each held side after a switch, the rests */
        step("nnnnnnnn", &["✚ REPS Glute bridge · "], &[], Running, &[]),
        /* 14 */
        step(
            "\r",
            &["Circuit done: knee pain now, 0 to 10?"],
            &[],
            Still,
            &[],
        ),
        /* 15 */
        step(
            "2",
            &["The coach", "in the circuit"],
            &[],
            Still,
            &[Given::CircuitRating],
        ),
        /* 16 */
        step("x", &["Session complete"], &["Any key goes on"], Still, &[]),
    ],
};

/// 1.1 with pain 7 before it: no run today (and pain at the stop line);
/// a walk instead, skipped to its end.
const NO_RUN: Script = Script {
    name: "no run",
    session: "1.1",
    steps: &[
        /* 0 */
        step(
            "7",
            &["No run today", "w  a walk instead"],
            &[],
            Still,
            &[Given::Before],
        ),
        /* 1 */
        step("w", &["• WALK · "], &["No run today"], Running, &[]),
        /* 2 */
        step("nnnnnn", &["Session complete"], &[], Still, &[]),
    ],
};

const SCRIPTS: [&Script; 3] = [&RUN_ONLY, &WITH_CIRCUIT, &NO_RUN];

struct Moment {
    name: &'static str,
    script: &'static Script,
    /// The kill comes once this step took effect.
    after: usize,
    /// Whether the next start has an interrupted session to offer: not
    /// before anything was given, nor once everything is in the journal.
    offered: bool,
}

const fn moment(
    name: &'static str,
    script: &'static Script,
    after: usize,
    offered: bool,
) -> Moment {
    Moment {
        name,
        script,
        after,
        offered,
    }
}

const MOMENTS: [Moment; 20] = [
    moment("the pain before asked (a 1 typed)", &RUN_ONLY, 0, false),
    moment("the warm-up", &RUN_ONLY, 1, true),
    moment("a pause in the warm-up", &RUN_ONLY, 2, true),
    moment(
        "the main set just begun, the warm-up's question open",
        &RUN_ONLY,
        4,
        true,
    ),
    moment("mid-run, after a report", &RUN_ONLY, 6, true),
    moment("just after the change from run to walk", &RUN_ONLY, 7, true),
    moment("a pause in the main set", &RUN_ONLY, 8, true),
    moment("the cool-down, after a report", &RUN_ONLY, 10, true),
    moment("the worst pain asked", &RUN_ONLY, 11, true),
    moment("the pain now asked", &RUN_ONLY, 12, true),
    moment("swelling or a limp asked", &RUN_ONLY, 13, true),
    moment("the red flags asked (y/n)", &RUN_ONLY, 14, true),
    moment("the complete screen", &RUN_ONLY, 16, false),
    moment(
        "the run's questions at the circuit's start",
        &WITH_CIRCUIT,
        4,
        true,
    ),
    moment("which red flags asked", &WITH_CIRCUIT, 8, true),
    moment("the coach's box after the run", &WITH_CIRCUIT, 9, true),
    moment(
        "the circuit: a hold, after a report",
        &WITH_CIRCUIT,
        12,
        true,
    ),
    moment("the circuit: a rep set", &WITH_CIRCUIT, 13, true),
    moment("the circuit's rating asked", &WITH_CIRCUIT, 14, true),
    // The check's answer is in the journal the moment it is given: there is
    // nothing left to pick up, and the next start begins afresh.
    moment("the no-run choice", &NO_RUN, 0, false),
];

// ---------------------------------------------------------------- driving

fn session(dir: &Path, id: &str) -> Tty {
    Tty::spawn(
        &[
            "run",
            "--program",
            DEMO,
            id,
            "--no-notify",
            "--no-bell",
            "--no-sound",
            "--data-dir",
            dir.to_str().unwrap(),
        ],
        &[],
        SIZE,
    )
}

fn home(dir: &Path) -> Tty {
    Tty::spawn(
        &[
            "--program",
            DEMO,
            "--no-notify",
            "--no-bell",
            "--no-sound",
            "--data-dir",
            dir.to_str().unwrap(),
        ],
        &[],
        SIZE,
    )
}

/// Sends a step's keys and waits until they took effect.
fn play(tty: &mut Tty, step: &Step) {
    tty.send(step.keys);
    let what = format!("{:?} to show {:?}", step.keys, step.shows);
    tty.wait_until(&what, |screen| {
        step.shows.iter().all(|text| screen.contains(text))
            && !step.gone.iter().any(|text| screen.contains(text))
    });
}

/// A session of `script` up to and with step `last`.
fn start_and_play(dir: &Path, script: &Script, last: usize) -> Tty {
    common::enroll_demo(dir);
    let mut tty = session(dir, script.session);
    common::through_the_gates(&mut tty);
    for step in &script.steps[..=last] {
        play(&mut tty, step);
    }
    tty
}

/// The whole script, no kill: the reference.
fn reference(dir: &Path, script: &Script) {
    let mut tty = start_and_play(dir, script, script.steps.len() - 1);
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0, "{}", tty.screen());
}

/// Killed (SIGKILL) once `moment` took effect.
fn crash(dir: &Path, moment: &Moment) {
    let mut tty = start_and_play(dir, moment.script, moment.after);
    common::kill(tty.pid(), "KILL");
    tty.wait_exit();
}

/// The next start after the crash, with `choice` if rtr offers the
/// interrupted session; r plays the rest of the script. Returns whether the
/// session was offered.
fn restart(dir: &Path, moment: &Moment, choice: char) -> bool {
    let mut tty = home(dir);
    let screen = tty.wait_until("the offer or the home screen", |s| {
        s.contains(OFFER) || s.contains(HOME)
    });
    if !screen.contains(OFFER) {
        common::leave_home(&mut tty);
        return false;
    }
    tty.send(&choice.to_string());
    if choice != 'r' {
        tty.wait_for(HOME);
        common::leave_home(&mut tty);
        return true;
    }
    tty.wait_until("the session again", |s| {
        !s.contains(OFFER) && s.contains("rtr · Demo · 1.")
    });
    // It comes back paused: space goes on, as a runner would press it.
    if moment.script.steps[moment.after].clock == Running {
        tty.wait_for("PAUSED");
        tty.send(" ");
        tty.wait_until("the clock to go on", |s| !s.contains("PAUSED"));
    }
    for step in &moment.script.steps[moment.after + 1..] {
        play(&mut tty, step);
    }
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0, "{}", tty.screen());
    true
}

/// The files of `from` (a crashed data dir) in a fresh private dir.
fn copy_dir(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.path().join(entry.file_name())).unwrap();
        }
    }
    to
}

/// Runs `job` in a thread once one of [`AT_ONCE`] slots is free; a panic
/// comes back as its message.
fn spawn_limited<T: Send + 'static>(
    slots: &Arc<(Mutex<usize>, Condvar)>,
    job: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<Result<T, String>> {
    let slots = slots.clone();
    std::thread::spawn(move || {
        {
            let (free, freed) = &*slots;
            let mut free = freed.wait_while(free.lock().unwrap(), |n| *n == 0).unwrap();
            *free -= 1;
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        let (free, freed) = &*slots;
        *free.lock().unwrap() += 1;
        freed.notify_one();
        result.map_err(panic_text)
    })
}

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------- reading

/// What a data dir holds after a run, as every reader sees it.
#[derive(Debug)]
struct Found {
    /// Journal lines that could not be read, and the settled history's
    /// notices (a fact written twice, a date after today).
    warnings: Vec<String>,
    answers: Vec<RunAnswers>,
    sessions: Vec<SessionRecord>,
    circuits: Vec<CircuitPain>,
    not_ready: Vec<NotReadyRecord>,
    voids: usize,
    /// The coach's facts of the settled history.
    facts: Vec<Fact>,
    /// `rtr status --json`, and what it said on stderr.
    status: serde_json::Value,
    status_err: String,
    /// `rtr history --format csv`, header left out.
    csv_rows: Vec<String>,
    checkpoint: bool,
}

fn rtr(dir: &Path, args: &[&str]) -> std::process::Output {
    common::rtr_command()
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn read(dir: &Path) -> Found {
    let mut records = Vec::new();
    let unread = Journal::new(dir)
        .read(|line, record| records.push((line, record)))
        .unwrap();
    let today = chrono::Local::now().date_naive();
    let history = History::settled(records.clone(), Some(today));
    let program =
        rtr::program::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO)).unwrap();
    let mut warnings: Vec<String> = unread.iter().map(ToString::to_string).collect();
    warnings.extend(
        history
            .notices
            .iter()
            .map(|(line, notice)| format!("line {line}: {notice}")),
    );
    let mut found = Found {
        warnings,
        answers: Vec::new(),
        sessions: Vec::new(),
        circuits: Vec::new(),
        not_ready: Vec::new(),
        voids: 0,
        facts: history.facts(&program),
        status: serde_json::Value::Null,
        status_err: String::new(),
        csv_rows: Vec::new(),
        checkpoint: dir.join("checkpoint.json").exists(),
    };
    for (_, record) in records {
        match record {
            Record::Answers(a) => found.answers.push(a),
            Record::Session(s) => found.sessions.push(s),
            Record::CircuitPain(c) => found.circuits.push(c),
            Record::NotReady(n) => found.not_ready.push(n),
            Record::Void(_) => found.voids += 1,
            _ => {}
        }
    }
    let status = rtr(dir, &["status", "--program", DEMO, "--json"]);
    assert!(status.status.success(), "{status:?}");
    found.status = serde_json::from_slice(&status.stdout).unwrap();
    found.status_err = String::from_utf8_lossy(&status.stderr).into_owned();
    let csv = rtr(dir, &["history", "--format", "csv"]);
    assert!(csv.status.success(), "{csv:?}");
    found.csv_rows = String::from_utf8_lossy(&csv.stdout)
        .lines()
        .skip(1)
        .map(String::from)
        .collect();
    found
}

/// An answer as the journal keeps it, to compare.
fn answer(a: &RunAnswers, given: Given) -> String {
    match given {
        Given::Before => a.before.to_string(),
        Given::AfterWarmup => format!("{:?}", a.after_warmup),
        Given::Worst => a.worst.to_string(),
        Given::Now => a.after.to_string(),
        Given::Swelling => a.swelling_or_limp.to_string(),
        Given::RedFlags => format!("{:?}", a.red_flags),
        _ => unreachable!("not an answer"),
    }
}

/// Everything of the answers record a resume must give back as it was.
fn answers_key(a: &RunAnswers) -> String {
    let main_run = a.main_run.map(|m| (m.runs_planned, m.runs_done));
    format!(
        "session {} off_plan {} before {} after_warmup {:?} worst {} after {} swelling {} \
         stopped_for_pain {} completed {} red_flags {:?} reports {:?} runs (planned, done) {main_run:?}",
        a.session,
        a.off_plan,
        a.before,
        a.after_warmup,
        a.worst,
        a.after,
        a.swelling_or_limp,
        a.stopped_for_pain,
        a.completed,
        a.red_flags,
        a.reports
    )
}

/// A `!` report of the session record, its time left out.
fn report_key(r: &rtr::coach::records::PainRecord) -> String {
    format!("{}/10 in {:?} {:?} {}", r.pain, r.part, r.phase, r.label)
}

fn session_key(s: &SessionRecord) -> String {
    let reports: Vec<String> = s.pain_reports.iter().map(report_key).collect();
    format!(
        "session {} off_plan {} instead {:?} ended_early {:?} done {} skipped {} not reached {} \
         skipped {:?} reports {reports:?}",
        s.session,
        s.off_plan,
        s.instead,
        s.ended_early,
        s.steps_done,
        s.steps_skipped,
        s.steps_not_reached,
        s.skipped
    )
}

fn circuit_key(c: &CircuitPain) -> String {
    format!("pain {} highest report {:?}", c.pain, c.highest_report)
}

fn not_ready_key(n: &NotReadyRecord) -> String {
    format!(
        "session {} before {} usual {:?} ({})",
        n.session, n.before, n.usual, n.reason
    )
}

/// How many of `expected` are missing from `found`, and how many of
/// `found` are extra (each as a multiset).
fn missing_and_extra(expected: &[String], found: &[String]) -> (usize, usize) {
    let mut left: Vec<&String> = found.iter().collect();
    let mut missing = 0;
    for item in expected {
        match left.iter().position(|f| *f == item) {
            Some(at) => {
                left.remove(at);
            }
            None => missing += 1,
        }
    }
    (missing, left.len())
}

// ---------------------------------------------------------------- checking

#[derive(Default)]
struct Tally {
    restarts: usize,
    offered: usize,
    lost: usize,
    duplicates: usize,
    decisions_equal: usize,
    decisions_compared: usize,
    problems: Vec<String>,
}

impl Tally {
    fn problem(&mut self, at: &str, text: String) {
        self.problems.push(format!("{at}: {text}"));
    }
}

/// What the data dirs of the reference runs hold, by script name; and of a
/// data dir with nothing but the enrollment.
struct References {
    by_script: BTreeMap<&'static str, Found>,
    fresh: Found,
}

/// Every given fact of `script` in steps `..=last`.
fn given_until(script: &Script, last: usize) -> Vec<Given> {
    script.steps[..=last]
        .iter()
        .flat_map(|s| s.given.iter().copied())
        .collect()
}

/// How many times the clock was paused in steps `..=last`: with space, or
/// for the run's questions.
fn pauses_until(script: &Script, last: usize) -> u32 {
    let mut before = Still;
    let mut pauses = 0;
    for step in &script.steps[..=last] {
        if before == Running && matches!(step.clock, Paused | Asking) {
            pauses += 1;
        }
        before = step.clock;
    }
    pauses
}

/// Checks common to every restart: the journal reads whole, nothing is
/// written twice, the checkpoint is gone and readers say nothing.
fn check_common(tally: &mut Tally, at: &str, found: &Found) {
    for warning in &found.warnings {
        tally.problem(at, format!("the journal: {warning}"));
    }
    if !found.status_err.trim().is_empty() {
        tally.problem(at, format!("rtr status said: {}", found.status_err.trim()));
    }
    let extra = |n: usize| n.saturating_sub(1);
    let duplicates = extra(found.answers.len())
        + extra(found.sessions.len())
        + extra(found.circuits.len())
        + extra(found.not_ready.len());
    if duplicates > 0 {
        tally.duplicates += duplicates;
        tally.problem(
            at,
            format!(
                "{duplicates} fact(s) written twice: {} answers, {} session, {} circuit_pain, {} not_ready records",
                found.answers.len(),
                found.sessions.len(),
                found.circuits.len(),
                found.not_ready.len()
            ),
        );
    }
    if found.checkpoint {
        tally.problem(at, "the checkpoint is still there after the restart".into());
    }
}

/// r (or a moment with nothing left to offer): the facts and the decision
/// are exactly the reference's.
fn check_same_as_reference(tally: &mut Tally, at: &str, found: &Found, reference: &Found) {
    // Answers given and lost, one by one.
    if let Some(expected) = reference.answers.first() {
        match found.answers.first() {
            None => {
                tally.lost += ANSWERS.len();
                tally.problem(at, "the answers record is missing".into());
            }
            Some(a) => {
                for given in ANSWERS {
                    if answer(a, given) != answer(expected, given) {
                        tally.lost += 1;
                        tally.problem(
                            at,
                            format!(
                                "{} is {} where {} was given",
                                given.words(),
                                answer(a, given),
                                answer(expected, given)
                            ),
                        );
                    }
                }
            }
        }
    }
    let keys = |found: &Found| {
        (
            found.answers.iter().map(answers_key).collect::<Vec<_>>(),
            found.sessions.iter().map(session_key).collect::<Vec<_>>(),
            found.circuits.iter().map(circuit_key).collect::<Vec<_>>(),
            found
                .not_ready
                .iter()
                .map(not_ready_key)
                .collect::<Vec<_>>(),
        )
    };
    let (answers, sessions, circuits, not_ready) = keys(found);
    let (ref_answers, ref_sessions, ref_circuits, ref_not_ready) = keys(reference);
    let reports = |found: &Found| -> Vec<String> {
        found
            .sessions
            .iter()
            .flat_map(|s| s.pain_reports.iter().map(report_key))
            .collect()
    };
    let (lost, extra) = missing_and_extra(&reports(reference), &reports(found));
    tally.lost += lost;
    tally.duplicates += extra;
    let (lost, _) = missing_and_extra(&ref_circuits, &circuits);
    tally.lost += lost;
    let (lost, _) = missing_and_extra(&ref_not_ready, &not_ready);
    tally.lost += lost;
    for (what, found, expected) in [
        ("answers", answers, ref_answers),
        ("session", sessions, ref_sessions),
        ("circuit_pain", circuits, ref_circuits),
        ("not_ready", not_ready, ref_not_ready),
    ] {
        if found != expected {
            tally.problem(
                at,
                format!("the {what} records differ from the run without a crash:\n  found    {found:?}\n  expected {expected:?}"),
            );
        }
    }
    tally.decisions_compared += 1;
    if found.status == reference.status {
        tally.decisions_equal += 1;
    } else {
        tally.problem(
            at,
            format!(
                "the coach decides otherwise than without the crash:\n  found    {}\n  expected {}",
                found.status, reference.status
            ),
        );
    }
}

/// e: every answer and report given before the kill is in the journal.
fn check_kept(
    tally: &mut Tally,
    at: &str,
    found: &Found,
    reference: &Found,
    given: &[Given],
    pauses: u32,
) {
    let expected = reference.answers.first();
    for &g in given.iter().filter(|g| ANSWERS.contains(g)) {
        let kept = match (found.answers.first(), expected) {
            (Some(a), Some(e)) => answer(a, g) == answer(e, g),
            // No run: the pain before is the no-run record's.
            (None, None) if g == Given::Before => {
                found.not_ready.first().map(|n| n.before)
                    == reference.not_ready.first().map(|n| n.before)
            }
            _ => false,
        };
        if !kept {
            tally.lost += 1;
            let was = match expected {
                Some(e) => answer(e, g),
                None => reference
                    .not_ready
                    .first()
                    .map_or(String::new(), |n| n.before.to_string()),
            };
            let now = match found.answers.first() {
                Some(a) => format!("the journal says {}", answer(a, g)),
                None => "the journal has no answers record".to_string(),
            };
            tally.problem(
                at,
                format!("{} ({was}) was given, and is lost: {now}", g.words()),
            );
        }
    }
    let count = |g: Given| given.iter().filter(|x| **x == g).count();
    let (runs, circuit) = (count(Given::RunReport), count(Given::CircuitReport));
    // The reports made before the kill, in the order they were made.
    let reference_reports: Vec<String> = reference
        .sessions
        .first()
        .map(|s| s.pain_reports.iter().map(report_key).collect())
        .unwrap_or_default();
    let expected_reports: Vec<String> = reference_reports[..runs + circuit].to_vec();
    let found_reports: Vec<String> = found
        .sessions
        .iter()
        .flat_map(|s| s.pain_reports.iter().map(report_key))
        .collect();
    let (lost, extra) = missing_and_extra(&expected_reports, &found_reports);
    if lost + extra > 0 {
        tally.lost += lost;
        tally.duplicates += extra;
        tally.problem(
            at,
            format!("the session's reports: found {found_reports:?}, given {expected_reports:?}"),
        );
    }
    let run_reports: Vec<String> = expected
        .map(|e| {
            e.reports
                .iter()
                .take(runs)
                .map(|r| format!("{r:?}"))
                .collect()
        })
        .unwrap_or_default();
    let found_run_reports: Vec<String> = found
        .answers
        .iter()
        .flat_map(|a| a.reports.iter().map(|r| format!("{r:?}")))
        .collect();
    let (lost, extra) = missing_and_extra(&run_reports, &found_run_reports);
    if lost + extra > 0 {
        tally.lost += lost;
        tally.duplicates += extra;
        tally.problem(
            at,
            format!("the answers' reports: found {found_run_reports:?}, given {run_reports:?}"),
        );
    }
    if given.contains(&Given::CircuitRating) {
        let (lost, _) = missing_and_extra(
            &reference
                .circuits
                .iter()
                .map(circuit_key)
                .collect::<Vec<_>>(),
            &found.circuits.iter().map(circuit_key).collect::<Vec<_>>(),
        );
        if lost > 0 {
            tally.lost += lost;
            tally.problem(at, "the circuit's rating is lost".into());
        }
    }
    let expected_pauses = pauses;
    if let Some(s) = found.sessions.first()
        && s.pauses != expected_pauses
    {
        tally.problem(
            at,
            format!(
                "the session record says {} pauses; it was paused {expected_pauses} times",
                s.pauses
            ),
        );
    }
    if found.sessions.is_empty() && found.not_ready.is_empty() {
        tally.problem(at, "nothing of the session is recorded".into());
    }
}

/// d: nothing of the session counts, for any reader.
fn check_discarded(tally: &mut Tally, at: &str, found: &Found, fresh: &Found, was_written: bool) {
    if !found.facts.is_empty() {
        tally.problem(
            at,
            format!(
                "the coach still counts the discarded session: {:?}",
                found.facts
            ),
        );
    }
    if !found.csv_rows.is_empty() {
        tally.problem(
            at,
            format!(
                "rtr history lists the discarded session: {:?}",
                found.csv_rows
            ),
        );
    }
    if was_written && found.voids != 1 {
        tally.problem(
            at,
            format!("{} void records for a session the journal had", found.voids),
        );
    }
    tally.decisions_compared += 1;
    if found.status == fresh.status {
        tally.decisions_equal += 1;
    } else {
        tally.problem(
            at,
            format!(
                "rtr status is not that of no session:\n  found    {}\n  expected {}",
                found.status, fresh.status
            ),
        );
    }
}

/// A restart: whether the session was offered, and what the data dir then
/// holds; or why it failed.
type Restart = Result<(bool, Found), String>;

/// What one moment gave: the journal right after the kill (whether it
/// named the session), and each restart's choice, offer and data dir.
struct Crashed {
    /// The journal named the session.
    written: bool,
    /// The journal had the session's record (its steps had ended).
    recorded: bool,
    restarts: Vec<(char, Restart)>,
}

fn run_moment(moment: &'static Moment) -> Crashed {
    let crashed = tempfile::tempdir().unwrap();
    crash(crashed.path(), moment);
    let journal = std::fs::read_to_string(crashed.path().join("journal.jsonl")).unwrap();
    let recorded = journal.contains("\"kind\":\"session\"");
    let written = recorded || journal.contains("\"session_id\"");
    let choices: &[char] = if moment.offered {
        &['r', 'e', 'd']
    } else {
        &['r']
    };
    let mut restarts = Vec::new();
    for &choice in choices {
        let dir = copy_dir(crashed.path());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let offered = restart(dir.path(), moment, choice);
            (offered, read(dir.path()))
        }))
        .map_err(panic_text);
        // Not offered: there is no choice to make, once is enough.
        let not_offered = matches!(result, Ok((false, _)));
        restarts.push((choice, result));
        if not_offered {
            break;
        }
    }
    Crashed {
        written,
        recorded,
        restarts,
    }
}

fn check_moment(tally: &mut Tally, refs: &References, moment: &Moment, crashed: &Crashed) {
    let reference = &refs.by_script[moment.script.name];
    let given = given_until(moment.script, moment.after);
    let pauses = pauses_until(moment.script, moment.after);
    for (choice, result) in &crashed.restarts {
        tally.restarts += 1;
        let (offered, found) = match result {
            Ok(done) => done,
            Err(panic) => {
                let at = format!("killed at {} ({choice})", moment.name);
                tally.problem(&at, format!("the restart failed: {panic}"));
                continue;
            }
        };
        let at = match offered {
            true => format!("killed at {}, then {choice}", moment.name),
            false => format!("killed at {}, then the next start", moment.name),
        };
        check_common(tally, &at, found);
        match (moment.offered, *offered) {
            (true, true) => tally.offered += 1,
            (false, false) => {}
            (true, false) => {
                tally.problem(&at, "no interrupted session was offered".into());
                // What was given before the kill must be there all the same.
                check_kept(tally, &at, found, reference, &given, pauses);
                continue;
            }
            (false, true) => {
                tally.problem(&at, "an interrupted session was offered".into());
                continue;
            }
        }
        match (moment.offered, choice) {
            // Only the no-run fact: the pain before (7, a stop) is kept, and
            // the coach stands where it does after the whole session.
            (false, _) if moment.script.name == NO_RUN.name => {
                let keys = |n: &[NotReadyRecord]| n.iter().map(not_ready_key).collect::<Vec<_>>();
                if keys(&found.not_ready) != keys(&reference.not_ready) {
                    tally.lost += 1;
                    tally.problem(&at, format!("not ready: {:?}", keys(&found.not_ready)));
                }
                tally.decisions_compared += 1;
                if found.status == reference.status {
                    tally.decisions_equal += 1;
                } else {
                    tally.problem(&at, format!("rtr status: {}", found.status));
                }
            }
            // Nothing was given yet: nothing is recorded.
            (false, _) if given.is_empty() => {
                if !found.sessions.is_empty() || !found.answers.is_empty() {
                    tally.problem(&at, "a session nothing was given of is recorded".into());
                }
                tally.decisions_compared += 1;
                if found.status == refs.fresh.status {
                    tally.decisions_equal += 1;
                } else {
                    tally.problem(&at, format!("rtr status: {}", found.status));
                }
            }
            // Everything was in the journal already, or resumed to its end.
            (false, _) | (true, 'r') => {
                check_same_as_reference(tally, &at, found, reference);
                let resumed = *choice == 'r' && moment.offered && !crashed.recorded;
                // Waiting to go on after the kill is one more pause, when
                // the clock ran.
                let running = moment.script.steps[moment.after].clock == Running;
                let expected = reference.sessions.first().map(|s| s.pauses).unwrap_or(0)
                    + u32::from(resumed && running);
                if let Some(s) = found.sessions.first()
                    && s.pauses != expected
                {
                    tally.problem(
                        &at,
                        format!(
                            "the session record says {} pauses, not {expected}",
                            s.pauses
                        ),
                    );
                }
                if found.sessions.iter().any(|s| s.resumed != resumed) {
                    tally.problem(
                        &at,
                        format!("the session record should say resumed: {resumed}"),
                    );
                }
            }
            (true, 'e') => check_kept(tally, &at, found, reference, &given, pauses),
            (true, _) => check_discarded(tally, &at, found, &refs.fresh, crashed.written),
        }
    }
}

/// Killed at 20 moments of a real session, then each of r, e and d: no
/// answer lost, none counted twice, and the coach decides as it would have
/// without the crash.
#[test]
fn killed_at_twenty_moments_then_resumed_recorded_or_discarded_nothing_is_lost_or_doubled() {
    let started = Instant::now();
    let slots = Arc::new((Mutex::new(AT_ONCE), Condvar::new()));
    let references: Vec<_> = SCRIPTS
        .iter()
        .map(|&script| {
            spawn_limited(&slots, move || {
                let dir = tempfile::tempdir().unwrap();
                reference(dir.path(), script);
                (script.name, read(dir.path()))
            })
        })
        .collect();
    let fresh = spawn_limited(&slots, || {
        let dir = tempfile::tempdir().unwrap();
        common::enroll_demo(dir.path());
        read(dir.path())
    });
    let moments: Vec<_> = MOMENTS
        .iter()
        .map(|moment| spawn_limited(&slots, move || run_moment(moment)))
        .collect();

    let mut by_script = BTreeMap::new();
    for reference in references {
        let (name, found) = reference.join().unwrap().expect("the run without a crash");
        assert!(
            found.warnings.is_empty() && !found.checkpoint && found.status_err.is_empty(),
            "the run without a crash ({name}): {found:?}"
        );
        by_script.insert(name, found);
    }
    let refs = References {
        by_script,
        fresh: fresh.join().unwrap().expect("a fresh data dir"),
    };
    let mut tally = Tally::default();
    for (moment, crashed) in MOMENTS.iter().zip(moments) {
        match crashed.join().unwrap() {
            Ok(crashed) => check_moment(&mut tally, &refs, moment, &crashed),
            Err(panic) => {
                tally.problem(
                    &format!("killed at {}", moment.name),
                    format!("the run failed: {panic}"),
                );
            }
        }
    }
    println!(
        "crash suite: {} moments, {} restarts ({} of them choosing r, e or d), {} lost answers, \
         {} duplicates, {} of {} decisions equal, in {:.1} s",
        MOMENTS.len(),
        tally.restarts,
        tally.offered,
        tally.lost,
        tally.duplicates,
        tally.decisions_equal,
        tally.decisions_compared,
        started.elapsed().as_secs_f64()
    );
    for problem in &tally.problems {
        println!("- {problem}");
    }
    assert_eq!(
        tally.lost,
        0,
        "lost answers:\n{}",
        tally.problems.join("\n")
    );
    assert_eq!(
        tally.duplicates,
        0,
        "duplicates:\n{}",
        tally.problems.join("\n")
    );
    assert!(
        tally.problems.is_empty(),
        "{} problems:\n{}",
        tally.problems.len(),
        tally.problems.join("\n")
    );
}
