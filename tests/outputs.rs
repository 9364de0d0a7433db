//! The session's outputs with a fake clock, no terminal: every event of a
//! scripted session reaches every output in order; the metronome and the
//! incline stop at a red-line walk; the sleep lock lets go in a long pause
//! and takes hold again; the recording keeps a checkpoint while the session
//! runs and the session's record once it ends; the bell rings and notifies
//! at each change; the sounds are asked for on time.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rtr::awake::KeepAwake;
use rtr::ble::codec::{HeartRate, Request, Rsc, TreadmillData};
use rtr::ble::device::DeviceKind;
use rtr::ble::device::uuid16;
use rtr::ble::link::{Heard, Link};
use rtr::ble::quirks::Wire;
use rtr::journal::{Recorder, SessionHeader, Store};
use rtr::log::Log;
use rtr::program::{SessionId, load_file};
use rtr::sound::{Cue, Job, Sound};
use rtr::tui::SessionResult;
use rtr::tui::app::{App, Readiness, SessionInfo};
use rtr::tui::clock::SessionClock;
use rtr::tui::outputs::awake::SleepLock;
use rtr::tui::outputs::bell::Bell;
use rtr::tui::outputs::metronome::Beat;
use rtr::tui::outputs::recording::Recording;
use rtr::tui::outputs::sensors::{Sensors, Source};
use rtr::tui::outputs::sound::Sounds;
use rtr::tui::outputs::treadmill::{Belt, BeltSetup};
use rtr::tui::outputs::{Output, Turn, hand};
use rtr::tui::term::Wake;
use rtr::workout::{Ending, Event, session_workout};

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Demo session 1.1: walk 20 s, run 15, walk 15, run 15, walk 15, walk 20.
fn demo_app() -> App {
    let program = load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/programs/demo.ron"
    )))
    .unwrap();
    let id = SessionId {
        week: 1,
        session: 1,
    };
    let workout = session_workout(&program, id).unwrap();
    let info = SessionInfo {
        program: program.name.clone(),
        title: "1.1".into(),
        pain_site: "knee".into(),
        speed_unit: program.speed_unit,
        rehearsal: None,
        red_pain: 5,
        stop_pain: 7,
        own_cadence: Some(165),
        instead: None,
    };
    App::new(workout, info)
}

/// Hears every event, in order.
#[derive(Default)]
struct Spy {
    heard: Vec<Event>,
}

impl Output for &mut Spy {
    fn on(&mut self, event: &Event, _turn: &mut Turn) {
        self.heard.push(*event);
    }
}

/// A session driven by a fake clock: keys and time in, events out to the
/// outputs.
struct Script<'o> {
    app: App,
    outputs: Vec<Box<dyn Output + 'o>>,
    t0: Instant,
    log: Log,
}

impl<'o> Script<'o> {
    fn new(app: App, outputs: Vec<Box<dyn Output + 'o>>) -> Self {
        Script {
            app,
            outputs,
            t0: Instant::now(),
            log: Log::none(),
        }
    }

    fn turn(&mut self, at: Duration, events: Vec<Event>, keyed: bool) {
        let now = self.t0 + at;
        let mut events = events;
        events.extend(self.app.workout.advance(now));
        // As the session's loop does: the questions the events bring.
        self.app.observe(&events, now);
        let mut turn = Turn {
            app: &mut self.app,
            events: &events,
            now,
            real: now,
            clock: SessionClock::new(self.t0, 1),
            log: &self.log,
            keyed,
        };
        hand(&mut self.outputs, &mut turn);
    }

    fn key(&mut self, at: Duration, code: KeyCode) {
        let events = self
            .app
            .key(KeyEvent::new(code, KeyModifiers::NONE), self.t0 + at);
        self.turn(at, events, true);
    }

    fn keys(&mut self, at: Duration, keys: &str) {
        for c in keys.chars() {
            self.key(at, KeyCode::Char(c));
        }
    }

    fn time(&mut self, at: Duration) {
        self.turn(at, Vec::new(), false);
    }

    /// A thread's word reaching the outputs.
    fn hear(&mut self, at: Duration, wake: Wake) {
        let now = self.t0 + at;
        let mut turn = Turn {
            app: &mut self.app,
            events: &[],
            now,
            real: now,
            clock: SessionClock::new(self.t0, 1),
            log: &self.log,
            keyed: false,
        };
        for output in self.outputs.iter_mut() {
            output.heard(&wake, &mut turn);
        }
    }

    /// Demo 1.1 from its start to the first run, the red line in that run,
    /// then quit.
    fn play_to_red_line_and_quit(&mut self) {
        let events = self.app.begin(self.t0);
        self.turn(Duration::ZERO, events, false);
        for second in 17..=20 {
            self.time(secs(second)); // 3-2-1, then the run
        }
        self.keys(secs(22), "!6c");
        self.keys(secs(25), "qy");
    }

    fn finish(&mut self, at: Duration) -> SessionResult {
        let now = self.t0 + at;
        let mut result = SessionResult {
            summary: self.app.workout.summary(now),
            finished: self.app.workout.is_finished(),
            resumable: false,
            signal: None,
            saved: None,
            farewell: None,
            coach_words: Vec::new(),
        };
        let mut turn = Turn {
            app: &mut self.app,
            events: &[],
            now,
            real: now,
            clock: SessionClock::new(self.t0, 1),
            log: &self.log,
            keyed: false,
        };
        for output in self.outputs.iter_mut() {
            output.finish(&mut turn, &mut result);
        }
        result
    }
}

#[test]
fn every_output_hears_every_event_in_order() {
    let (mut first, mut second) = (Spy::default(), Spy::default());
    {
        let outputs: Vec<Box<dyn Output + '_>> = vec![Box::new(&mut first), Box::new(&mut second)];
        let mut script = Script::new(demo_app(), outputs);
        let events = script.app.begin(script.t0);
        script.turn(Duration::ZERO, events, false);
        script.time(secs(5));
        script.key(secs(6), KeyCode::Char(' ')); // pause
        script.key(secs(9), KeyCode::Char(' ')); // resume
        script.time(secs(21)); // 2 s left of the warm-up walk
        script.time(secs(23)); // into the first run
        script.keys(secs(24), "!6"); // the red line: the runs become walks
        script.key(secs(24), KeyCode::Char('c')); // go on walking
        script.keys(secs(25), "qy"); // quit
    }
    let expected = vec![
        Event::PhaseChanged(0),
        Event::Paused,
        Event::Resumed,
        Event::Countdown(2),
        Event::PhaseChanged(1),
        Event::PainReported { step: 1, pain: 6 },
        Event::RunsTurnedToWalks { from: 1, count: 2 },
        Event::Finished(Ending::Quit),
    ];
    assert_eq!(first.heard, expected);
    assert_eq!(second.heard, expected, "the same, in the same order");
}

#[test]
fn the_metronome_and_the_incline_stop_at_a_red_line_walk() {
    let (sound, clicks) = Sound::heard_by();
    let outputs: Vec<Box<dyn Output + '_>> = vec![Box::new(Beat::new(sound.handle()))];
    let mut script = Script::new(demo_app(), outputs);
    let events = script.app.begin(script.t0);
    script.turn(Duration::ZERO, events, false);
    assert!(
        script.app.metronome.is_none(),
        "no beat in the warm-up walk"
    );
    script.time(secs(21));
    assert_eq!(
        script.app.metronome.map(|m| m.spm()),
        Some(170),
        "the run beats at the demo's 170 steps a minute"
    );
    let run = script.app.workout.current().unwrap().clone();
    assert_eq!(run.incline, Some(1.0));
    script.keys(secs(22), "!5");
    assert!(
        script.app.metronome.is_none(),
        "the beat stops at the red line"
    );
    let walk = script.app.workout.current().unwrap();
    assert_eq!(walk.label, "Walk (instead of run)");
    assert_eq!((walk.incline, walk.speed, walk.cadence), (None, None, None));
    script.key(secs(22), KeyCode::Char('c'));
    script.time(secs(50));
    assert!(
        script.app.metronome.is_none(),
        "and stays off in the next one"
    );
    let heard: Vec<Job> = clicks.try_iter().collect();
    // The beats count from the run's start (20 s); the turn at 21 s starts
    // the clicks on the third, 3 × 60/170 s in.
    let third_beat = script.t0 + secs(20) + Duration::from_nanos(3 * 60_000_000_000 / 170);
    assert_eq!(
        heard,
        [Job::Clicks(Some((170, third_beat))), Job::Clicks(None)],
        "clicks on the run's beat, stopped at the red line"
    );
}

#[test]
fn the_sleep_lock_lets_go_in_a_long_pause_and_takes_hold_again() {
    let taken = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = taken.clone();
    let lock = SleepLock::taking(move || {
        counter.set(counter.get() + 1);
        KeepAwake::pretend()
    });
    let outputs: Vec<Box<dyn Output + '_>> = vec![Box::new(lock)];
    let mut script = Script::new(demo_app(), outputs);
    let events = script.app.begin(script.t0);
    script.turn(Duration::ZERO, events, false);
    assert_eq!(taken.get(), 1);
    script.key(secs(5), KeyCode::Char(' ')); // pause
    let due = script.outputs[0].next_due(&Turn {
        app: &mut script.app,
        events: &[],
        now: script.t0 + secs(5),
        real: script.t0 + secs(5),
        clock: SessionClock::new(script.t0, 1),
        log: &script.log,
        keyed: false,
    });
    assert_eq!(
        due,
        Some(script.t0 + secs(5 + 300)),
        "wakes when it may let go"
    );
    script.time(secs(5 + 301));
    script.key(secs(5 + 302), KeyCode::Char(' ')); // go on
    assert_eq!(taken.get(), 2, "taken again when the session goes on");
}

#[test]
fn the_recording_keeps_a_checkpoint_while_it_runs_and_the_record_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let app = demo_app().with_questions(Readiness {
        rules: Default::default(),
        usual: None,
        circuit: None,
    });
    let header = SessionHeader {
        id: "2026-12-01T07:00:00.000+00:00".into(),
        program_hash: "x".into(),
        program_id: "demo".into(),
        session: SessionId {
            week: 1,
            session: 1,
        },
        off_plan: false,
        started: chrono::Local::now().fixed_offset(),
        resumed: false,
        info: app.info.clone(),
    };
    let recorder = Recorder::new(&mut store, header);
    let on_answers: rtr::tui::OnAnswers = Box::new(|_, _| "decided".to_string());
    let outputs: Vec<Box<dyn Output + '_>> = vec![Box::new(Recording::new(recorder, on_answers))];
    let mut script = Script::new(app, outputs);
    let events = script.app.begin(script.t0);
    script.turn(Duration::ZERO, events, false);
    let checkpoint = dir.path().join("checkpoint.json");
    assert!(
        !checkpoint.exists(),
        "nothing before the pain before is given"
    );
    script.keys(Duration::ZERO, "0");
    assert!(checkpoint.exists(), "saved the moment the answer is given");
    let saved = std::fs::metadata(&checkpoint).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    script.time(secs(1) + Duration::from_millis(500));
    let again = std::fs::metadata(&checkpoint).unwrap().modified().unwrap();
    assert!(again > saved, "and again a second later");
    script.keys(secs(2), "qy");
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains(r#""kind":"session""#), "{journal}");
    assert!(
        checkpoint.exists(),
        "the questions after the run are still to come"
    );
    script.keys(secs(3), "00nn");
    assert!(!checkpoint.exists(), "gone once nothing is left to ask");
    let result = script.finish(secs(4));
    assert!(!result.resumable);
    assert_eq!(script.app.coach_words, ["decided"]);
}

/// A writer the test can read after the output wrote to it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_bell_rings_at_each_change_and_tick_and_each_change_is_notified() {
    let terminal = Shared::default();
    let (notify, notifications) = std::sync::mpsc::sync_channel(8);
    let bell = Bell::with(Some(Box::new(terminal.clone())), Some(notify));
    let mut script = Script::new(demo_app(), vec![Box::new(bell)]);
    script.play_to_red_line_and_quit();
    let rings = terminal.0.borrow().iter().filter(|&&b| b == 0x07).count();
    // The warm-up walk, 3-2-1, the run, the end; not the pain report.
    assert_eq!(rings, 6, "{:?}", terminal.0.borrow());
    let sent: Vec<(String, String)> = notifications.try_iter().collect();
    let expected = [
        ("WALK 0:20", "Walk"),
        ("RUN 0:15", "Run"),
        ("Session complete", "rtr"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(summary, body)| (summary.to_string(), body.to_string()))
        .collect();
    assert_eq!(sent, expected);
}

#[test]
fn a_failed_notification_is_said_once_and_none_is_sent_after() {
    let (notify, notifications) = std::sync::mpsc::sync_channel(8);
    let bell = Bell::with(None, Some(notify));
    let mut script = Script::new(demo_app(), vec![Box::new(bell)]);
    let events = script.app.begin(script.t0);
    script.turn(Duration::ZERO, events, false);
    assert_eq!(notifications.try_iter().count(), 1);
    script.hear(secs(1), Wake::NotifyFailed("no bus".into()));
    script.time(secs(20));
    assert_eq!(notifications.try_iter().count(), 0, "none after a failure");
    let notices: Vec<&str> = script.app.visible_notices(script.t0 + secs(20)).collect();
    assert_eq!(
        notices,
        ["Desktop notifications are off: they could not be shown."]
    );
}

#[test]
fn the_sounds_play_each_change_and_tick_when_due() {
    let (sound, jobs) = Sound::heard_by();
    let mut script = Script::new(demo_app(), vec![Box::new(Sounds::new(sound))]);
    script.play_to_red_line_and_quit();
    let t0 = script.t0;
    let heard: Vec<Job> = jobs.try_iter().collect();
    let at = |ms: u64| t0 + Duration::from_millis(ms);
    // Words wait for their tone: its length and a tenth of a second.
    let expected = vec![
        Job::Tone(Cue::Easy, at(0)),
        Job::Say("Walk, twenty seconds".into(), at(600)),
        Job::Tone(Cue::Tick, at(17_000)),
        Job::Tone(Cue::Tick, at(18_000)),
        Job::Tone(Cue::Tick, at(19_000)),
        Job::Tone(Cue::Go, at(20_000)),
        Job::Say(
            "Run, fifteen seconds. Two intervals left".into(),
            at(20_500),
        ),
        Job::Say("Walk now. No more running today".into(), at(22_000)),
        Job::Tone(Cue::End, at(25_000)),
        Job::Say("Session complete".into(), at(26_000)),
    ];
    assert_eq!(heard, expected);
}

/// A treadmill, strap or pod link that says what the test scripts and
/// keeps what rtr writes: the radio's place, without a radio.
struct FakeLink {
    to_say: std::rc::Rc<std::cell::RefCell<Vec<Heard>>>,
    written: std::rc::Rc<std::cell::RefCell<Vec<Request>>>,
}

impl Link for FakeLink {
    fn write(&mut self, _characteristic: u16, bytes: &[u8], _now: Instant) {
        self.written
            .borrow_mut()
            .push(Request::decode(bytes).unwrap());
    }
    fn heard(&mut self, _now: Instant) -> Vec<Heard> {
        std::mem::take(&mut self.to_say.borrow_mut())
    }
}

type Said<T> = std::rc::Rc<std::cell::RefCell<Vec<T>>>;

fn fake_link() -> (FakeLink, Said<Heard>, Said<Request>) {
    let (to_say, written) = (Said::default(), Said::default());
    let link = FakeLink {
        to_say: to_say.clone(),
        written: written.clone(),
    };
    (link, to_say, written)
}

fn belt_data(speed: u16, distance: u32, heart_rate: Option<u8>) -> Heard {
    let data = TreadmillData {
        speed: Some(speed),
        distance: Some(distance),
        heart_rate,
        ..TreadmillData::default()
    };
    Heard::Bytes {
        characteristic: uuid16::TREADMILL_DATA,
        value: data.encode(),
    }
}

/// Demo 1.1 begun with a belt on a fake link: the script, what the link
/// is to say, and what rtr wrote to it.
fn belt_script(
    wire: Wire,
    said_first: Vec<Heard>,
) -> (Script<'static>, Said<Heard>, Said<Request>) {
    let app = demo_app();
    let (link, say, written) = fake_link();
    let t0 = Instant::now();
    let setup = BeltSetup {
        unit: app.info.speed_unit,
        max_speed: 0.0,
        max_step: 10.0,
        wire,
        heart_rate_from_belt: true,
    };
    let belt = Belt::new(app.workout.steps(), setup, Box::new(link), t0);
    let mut script = Script::new(app, vec![Box::new(belt)]);
    script.t0 = t0;
    say.borrow_mut().extend(said_first);
    let events = script.app.begin(t0);
    script.turn(Duration::ZERO, events, false);
    (script, say, written)
}

#[test]
fn a_treadmill_linked_again_is_asked_for_control_and_the_step_again() {
    let (mut script, say, written) = belt_script(
        Wire::default(),
        vec![Heard::Linked, belt_data(200, 0, None)],
    );
    for second in 1..=21 {
        script.time(secs(second));
    }
    let run = [
        Request::RequestControl,
        Request::TargetIncline(10),
        Request::TargetSpeed(800),
    ];
    assert_eq!(
        written.borrow().as_slice(),
        run,
        "the run's speed and incline"
    );
    written.borrow_mut().clear();

    say.borrow_mut().push(Heard::Lost);
    script.time(secs(22));
    assert_eq!(
        script.app.belt, None,
        "no belt figures while the link is down"
    );
    assert!(written.borrow().is_empty());

    say.borrow_mut()
        .extend([Heard::Linked, belt_data(300, 40, None)]);
    script.time(secs(23));
    assert_eq!(
        written.borrow().as_slice(),
        run,
        "control asked again, then the step's incline and speed"
    );
    assert_eq!(script.app.belt.map(|b| b.speed), Some(300));
}

#[test]
fn an_mph_treadmill_is_asked_and_read_in_mph() {
    // 1.24 mph is 2.0 km/h: the belt moves.
    let (mut script, say, written) = belt_script(
        Wire::new(true, &[]),
        vec![Heard::Linked, belt_data(124, 0, None)],
    );
    for second in 1..=21 {
        script.time(secs(second));
    }
    assert!(
        written.borrow().contains(&Request::TargetSpeed(497)),
        "8.0 km/h as 4.97 mph: {:?}",
        written.borrow()
    );
    say.borrow_mut().push(belt_data(497, 30, None));
    script.time(secs(22));
    assert_eq!(
        script.app.belt.map(|b| b.speed),
        Some(800),
        "read back in km/h"
    );
}

#[test]
fn the_treadmill_s_own_heart_rate_is_shown_and_kept_without_a_strap() {
    let (mut script, say, _written) = belt_script(Wire::default(), Vec::new());
    say.borrow_mut().push(belt_data(550, 10, Some(128)));
    script.time(secs(1));
    say.borrow_mut().push(belt_data(550, 12, Some(132)));
    script.time(secs(2));
    assert_eq!(script.app.sensed.and_then(|s| s.bpm), Some(132));
    assert_eq!(
        script.app.belt.map(|b| b.distance),
        Some(2),
        "this session's metres, not the machine's count"
    );
    let sensed = script.app.workout.sensed(0).expect("the step's heart rate");
    assert_eq!(sensed.peak_bpm, 132);
}

#[test]
fn a_real_strap_and_a_per_leg_footpod_are_read_through_their_links() {
    let app = demo_app();
    let (strap, strap_says, _) = fake_link();
    let (pod, pod_says, _) = fake_link();
    let t0 = Instant::now();
    let sensors = Sensors::new(
        Some(Source::Radio(Box::new(strap))),
        Some(Source::Radio(Box::new(pod))),
        true,
        t0,
    );
    let mut script = Script::new(app, vec![Box::new(sensors)]);
    script.t0 = t0;
    let events = script.app.begin(t0);
    script.turn(Duration::ZERO, events, false);
    let heart_rate = HeartRate {
        bpm: 121,
        energy: None,
        rr: Vec::new(),
    };
    let footpod = Rsc {
        speed: 400,
        cadence: 82,
        stride: None,
        distance: None,
        running: false,
    };
    strap_says.borrow_mut().push(Heard::Bytes {
        characteristic: uuid16::HEART_RATE_MEASUREMENT,
        value: heart_rate.encode(),
    });
    pod_says.borrow_mut().push(Heard::Bytes {
        characteristic: uuid16::RSC_MEASUREMENT,
        value: footpod.encode(),
    });
    script.time(secs(1));
    let view = script.app.sensed.expect("live figures");
    assert_eq!(
        (view.bpm, view.cadence),
        (Some(121), Some(164)),
        "one leg's 82, doubled"
    );
    // Nothing heard for longer than a strap's pause: no stale figure shown.
    for second in 2..=8 {
        script.time(secs(second));
    }
    assert_eq!(script.app.sensed, None);
}

#[test]
fn a_device_s_news_replaces_its_last_and_other_notices_stay() {
    let mut app = demo_app();
    let t0 = Instant::now();
    app.notice("The computer may sleep.".into(), t0);
    app.device_notice(DeviceKind::Treadmill, "Lost the treadmill.".into(), t0);
    app.device_notice(DeviceKind::Strap, "Lost the strap.".into(), t0);
    app.device_notice(
        DeviceKind::Treadmill,
        "The treadmill is linked again.".into(),
        t0 + secs(4),
    );
    let shown: Vec<&str> = app.visible_notices(t0 + secs(5)).collect();
    assert_eq!(
        shown,
        [
            "The computer may sleep.",
            "Lost the strap.",
            "The treadmill is linked again."
        ]
    );
    // The same loss later is said again, though said once before.
    app.device_notice(
        DeviceKind::Treadmill,
        "Lost the treadmill.".into(),
        t0 + secs(300),
    );
    let shown: Vec<&str> = app.visible_notices(t0 + secs(301)).collect();
    assert_eq!(shown, ["Lost the treadmill."]);
}
