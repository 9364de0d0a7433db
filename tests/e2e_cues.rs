//! Sound, voice, metronome, the sleep lock and live program edits, end to
//! end: the real binary in a pseudo-terminal, with stand-in players on PATH
//! that write down what they were asked to play.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

/// A folder for PATH holding scripts named like the real players; each
/// appends its arguments to `played.log` beside it.
struct StandIns {
    dir: tempfile::TempDir,
}

impl StandIns {
    fn new(players: &[(&str, &str)]) -> StandIns {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("played.log");
        for (name, body) in players {
            let path = dir.path().join(name);
            let script = format!(
                "#!/bin/sh\necho \"{name} $*\" >> '{}'\n{body}\n",
                log.display()
            );
            std::fs::write(&path, script).unwrap();
            let mut perms = std::fs::metadata(&path).unwrap().permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
            std::fs::set_permissions(&path, perms).unwrap();
        }
        StandIns { dir }
    }

    fn path_var(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    fn played(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("played.log"))
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }
}

fn demo_rehearsal(data: &Path, speed: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        speed,
        "--no-notify",
        "--no-bell",
        "--data-dir",
        data.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn spawn(args: &[String], env: &[(&str, &str)]) -> Tty {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Tty::spawn(&args, env, NORMAL)
}

fn log_lines(data: &Path, containing: &str) -> usize {
    std::fs::read_to_string(data.join("rtr.log"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(containing))
        .count()
}

/// Waits for a stand-in to have been called `count` times with `what`.
fn wait_played(stand_ins: &StandIns, what: &str, count: usize) -> Vec<String> {
    for _ in 0..250 {
        let played = stand_ins.played();
        if played.iter().filter(|l| l.contains(what)).count() >= count {
            return played;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "{what} was not played {count} times: {:?}",
        stand_ins.played()
    );
}

#[test]
fn every_change_plays_its_tone_and_says_its_words() {
    let data = tempfile::tempdir().unwrap();
    let stand_ins = StandIns::new(&[("aplay", ""), ("espeak-ng", "")]);
    let args = demo_rehearsal(data.path(), "20", &["--voice"]);
    let mut tty = spawn(&args, &[("PATH", stand_ins.path_var())]);
    tty.wait_for("Session complete");
    let played = wait_played(&stand_ins, "Session complete", 1);

    let tones: Vec<&str> = played
        .iter()
        .filter(|l| l.starts_with("aplay") && !l.contains("tick.wav"))
        .map(|l| l.rsplit('/').next().unwrap())
        .collect();
    // Walk, run, walk, run, walk, cool-down walk, the end.
    let expected = [
        "easy.wav", "go.wav", "easy.wav", "go.wav", "easy.wav", "easy.wav", "end.wav",
    ];
    assert_eq!(tones, expected, "{played:?}");
    let ticks = played.iter().filter(|l| l.ends_with("tick.wav")).count();
    assert_eq!(ticks, 3 * 6, "3-2-1 before each of the six steps' ends");
    assert!(
        played
            .iter()
            .all(|l| l.starts_with("aplay -q ") || l.starts_with("espeak-ng "))
    );
    assert!(
        !played.iter().any(|l| l.contains("click")),
        "no metronome at 20×"
    );

    let said: Vec<&str> = played
        .iter()
        .filter_map(|l| l.strip_prefix("espeak-ng -- "))
        .collect();
    assert_eq!(
        said,
        [
            "Walk, twenty seconds",
            "Run, fifteen seconds. Two intervals left",
            "Walk, fifteen seconds",
            "Run, fifteen seconds. Last interval. Halfway",
            "Walk, fifteen seconds",
            "Walk, twenty seconds",
            "Session complete",
        ]
    );
    // The tones exist where rtr wrote them, as WAVs.
    let go = data.path().join("sounds/go.wav");
    assert!(hound::WavReader::open(&go).is_ok(), "{}", go.display());
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let lateness = std::fs::read_to_string(data.path().join("rtr.log")).unwrap();
    assert!(
        lateness.contains("sounds started, on average"),
        "{lateness}"
    );
}

#[test]
fn the_metronome_beats_during_runs_and_m_turns_it_off() {
    let data = tempfile::tempdir().unwrap();
    let program = data.path().join("beat.ron");
    std::fs::write(
        &program,
        r#"Program(
    name: "Beat",
    weeks: [Week(cadence: "180 spm", sessions: [Session(main: [
        Run(time: "1:00"),
        Walk(time: "1:00"),
    ])])],
)"#,
    )
    .unwrap();
    let stand_ins = StandIns::new(&[("aplay", "")]);
    let args: Vec<String> = [
        "run",
        "--program",
        program.to_str().unwrap(),
        "--speed",
        "1",
        "--no-notify",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    let mut tty = spawn(&args, &[("PATH", stand_ins.path_var())]);
    tty.wait_for("Cadence: 180 steps a minute");
    wait_played(&stand_ins, "click-180.wav", 1);
    // The dots swap sides on every step, three times a second.
    tty.wait_for("● ○");
    tty.wait_for("○ ●");
    tty.send("m");
    let off = tty.wait_for("Metronome off");
    assert!(
        off.contains("Cadence: 180 steps a minute · m: beat"),
        "{off}"
    );
    let clicks = data.path().join("sounds/click-180.wav");
    let reader = hound::WavReader::open(&clicks).unwrap();
    assert_eq!(reader.duration(), 60 * reader.spec().sample_rate);
    tty.send("m");
    tty.wait_for("Metronome on");
    wait_played(&stand_ins, "click-180.wav", 2);
    tty.send("q");
    tty.send("y");
    tty.wait_for("q or Enter leaves");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn a_missing_player_voice_and_logind_are_each_said_once_and_the_session_goes_on() {
    let data = tempfile::tempdir().unwrap();
    // The harness's PATH and system bus lead nowhere.
    let mut tty = spawn(&demo_rehearsal(data.path(), "20", &["--voice"]), &[]);
    let screen = tty.wait_for("No audio player found");
    assert!(screen.contains("only the bell is"), "{screen}");
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let said_once = [
        "No audio player found (pw-play, paplay, aplay or afplay): only the bell is available.",
        "No voice: install espeak-ng, espeak or say to hear the cues spoken.",
        "The computer may sleep during the session: logind could not keep it awake.",
    ];
    for text in said_once {
        assert_eq!(log_lines(data.path(), text), 1, "{text}");
    }
}

#[test]
fn a_failing_player_is_said_once_and_turns_the_tones_off() {
    let data = tempfile::tempdir().unwrap();
    let stand_ins = StandIns::new(&[("aplay", "echo 'aplay: no sound card' >&2; exit 1")]);
    let args = demo_rehearsal(data.path(), "20", &[]);
    let mut tty = spawn(&args, &[("PATH", stand_ins.path_var())]);
    tty.wait_for("Sound stopped: aplay failed (aplay: no sound card)");
    tty.wait_for("» RUN");
    let tried = stand_ins.played().len();
    tty.wait_for("Session complete");
    assert_eq!(stand_ins.played().len(), tried, "no tone after the failure");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert_eq!(log_lines(data.path(), "Sound stopped: aplay failed"), 1);
}

fn home_with(program: &Path, data: &Path) -> Tty {
    // A history that is not empty: no first-launch questions.
    let journal = r#"{"v":1,"kind":"start_check","at":"2026-11-27T08:00:00+00:00","answers":[true,true,true,true,true]}"#;
    std::fs::write(data.join("journal.jsonl"), format!("{journal}\n")).unwrap();
    let args = [
        "--program",
        program.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    Tty::spawn(&args, &[], NORMAL)
}

/// Replaces the file the way editors save: a new file renamed over it.
fn save(path: &Path, text: &str) {
    let temporary: PathBuf = path.with_extension("ron.tmp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

#[test]
fn an_edit_to_the_program_shows_on_the_home_screen_and_a_broken_one_keeps_the_last_good() {
    let data = tempfile::tempdir().unwrap();
    let program = data.path().join("mine.ron");
    let good = std::fs::read_to_string("programs/demo.ron").unwrap();
    std::fs::write(&program, &good).unwrap();
    let mut tty = home_with(&program, data.path());
    tty.wait_for("rtr · Demo");
    tty.wait_for("Today: 1.1 · 2 × (0:15 run");

    let broken = good.replace("Repeat(times: 2,", "Repeat(times: two,");
    save(&program, &broken);
    let screen = tty.wait_for("The program file has errors");
    assert!(screen.contains("mine.ron:"), "{screen}");
    let line = broken
        .lines()
        .position(|l| l.contains("times: two"))
        .unwrap()
        + 1;
    assert!(screen.contains(&format!("mine.ron:{line}:")), "{screen}");
    assert!(
        screen.contains("Today: 1.1 · 2 × (0:15 run"),
        "the last good version stays"
    );

    save(
        &program,
        &good
            .replace("Repeat(times: 2,", "Repeat(times: 3,")
            .replace("\"Demo\"", "\"Demo edited\""),
    );
    let screen = tty.wait_for("rtr · Demo edited");
    assert!(!screen.contains("has errors"), "{screen}");
    tty.wait_for("Today: 1.1 · 3 × (0:15 run");

    tty.send("p");
    tty.wait_for("Demo edited: 1 week, 2 sessions");
    save(&program, &good);
    tty.wait_for("Demo: 1 week, 2 sessions");
    tty.send("q");
    tty.wait_for("rtr · Demo");
    common::leave_home(&mut tty);
}

#[test]
fn the_runners_cadence_is_asked_once_before_the_first_run_above_it() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let run = ["run", "3.1", "--no-notify", "--data-dir", dir];
    let mut tty = Tty::spawn(&run, &[], NORMAL);
    tty.wait_for("Run 3.1 anyway? It is recorded as off-plan.");
    tty.send("y");
    tty.wait_for("Today's runs aim +5% above your usual cadence");
    tty.send("99\r");
    tty.wait_for("type a number from 120 to 220");
    tty.send("\x7f\x7f160\r");
    tty.wait_for("pain");
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains(r#""kind":"cadence""#), "{journal}");
    assert!(journal.contains(r#""spm":160"#), "{journal}");
    drop(tty);

    let out = common::rtr_command()
        .args(["cadence", "--data-dir", dir])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Your cadence: 160 steps a minute.\n"
    );

    // Kept: the next run goes straight to its screen.
    let _ = std::fs::remove_file(data.path().join("checkpoint.json"));
    let tty = Tty::spawn(&run, &[], NORMAL);
    let screen = tty.wait_for("pain");
    assert!(!screen.contains("Your cadence"), "{screen}");
}

#[test]
fn no_color_wins_over_the_theme_and_keeps_bold() {
    let data = tempfile::tempdir().unwrap();
    let args = demo_rehearsal(data.path(), "1", &["--theme", "high-contrast"]);
    let tty = spawn(&args, &[("NO_COLOR", "1")]);
    tty.wait_for("WALK");
    assert_eq!(tty.colour_and_bold(), (false, true));
    let coloured = spawn(&args, &[]);
    coloured.wait_for("WALK");
    assert_eq!(coloured.colour_and_bold(), (true, true));
}
