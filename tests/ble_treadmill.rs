//! The treadmill's safety rules, step by step: never starts the belt, never
//! above the limit nor a jump above the step, the runner's console change
//! wins until the next step, a stop or the safety key pauses the session.

use proptest::prelude::*;
use rtr::ble::codec::{MachineStatus, Request, TreadmillData};
use rtr::ble::treadmill::{Limits, News, Treadmill};

const LIMITS: Limits = Limits {
    max_speed: 1200,
    max_step: 200,
};

fn belt(speed: u16) -> TreadmillData {
    TreadmillData {
        speed: Some(speed),
        ..TreadmillData::default()
    }
}

#[test]
fn a_speed_asked_while_the_belt_stands_still_waits_until_the_runner_starts_it() {
    let mut treadmill = Treadmill::new(LIMITS);
    assert_eq!(
        treadmill.step(Some(800), Some(10)),
        [Request::RequestControl, Request::TargetIncline(10)],
        "control and incline, no speed: the belt stands still"
    );
    assert_eq!(treadmill.data(&belt(0)), [], "still standing");
    // The runner starts the belt at 1.0 km/h: up in steps of 2.0 at most.
    assert_eq!(treadmill.data(&belt(100)), [Request::TargetSpeed(300)]);
    assert_eq!(treadmill.data(&belt(200)), [], "on its way to 3.0");
    assert_eq!(treadmill.data(&belt(300)), [Request::TargetSpeed(500)]);
    assert_eq!(treadmill.data(&belt(500)), [Request::TargetSpeed(700)]);
    assert_eq!(treadmill.data(&belt(700)), [Request::TargetSpeed(800)]);
    assert_eq!(treadmill.data(&belt(800)), [], "there");
    // The next step: down to a walk, control asked once only.
    assert_eq!(
        treadmill.step(Some(550), None),
        [Request::TargetSpeed(600)],
        "down by the step at most"
    );
}

#[test]
fn a_speed_above_the_limit_is_capped_and_says_so() {
    let mut treadmill = Treadmill::new(LIMITS);
    treadmill.step(Some(1500), None);
    assert!(treadmill.capped);
    let mut asked = Vec::new();
    let mut speed = 1000;
    for _ in 0..5 {
        asked.extend(treadmill.data(&belt(speed)));
        speed = 1200;
    }
    assert_eq!(asked, [Request::TargetSpeed(1200)]);
    treadmill.step(Some(900), None);
    assert!(!treadmill.capped, "a step under the limit is not capped");
}

#[test]
fn the_runner_s_change_on_the_console_wins_until_the_next_step() {
    let mut treadmill = Treadmill::new(LIMITS);
    treadmill.step(Some(800), None);
    treadmill.data(&belt(800));
    assert_eq!(
        treadmill.status(MachineStatus::SpeedChanged(700)),
        Some(News::RunnerChanged(700))
    );
    assert_eq!(treadmill.data(&belt(700)), [], "rtr does not fight back");
    assert_eq!(treadmill.data(&belt(700)), []);
    assert_eq!(
        treadmill.step(Some(800), None),
        [Request::TargetSpeed(800)],
        "the next step sets its speed again"
    );
    assert_eq!(
        treadmill.status(MachineStatus::SpeedChanged(800)),
        None,
        "rtr's own change is not the runner's"
    );
}

#[test]
fn nothing_is_asked_while_the_session_is_paused() {
    let mut treadmill = Treadmill::new(LIMITS);
    treadmill.step(Some(800), Some(10));
    treadmill.data(&belt(800));
    assert_eq!(treadmill.pause(), [Request::Pause]);
    assert_eq!(
        treadmill.data(&belt(400)),
        [],
        "the belt slowing for the pause is not sped up again"
    );
    assert_eq!(treadmill.data(&belt(0)), []);
    assert_eq!(
        treadmill.resume(),
        [Request::TargetIncline(10)],
        "on resuming the incline; the speed waits for the runner to start the belt"
    );
    assert_eq!(treadmill.data(&belt(200)), [Request::TargetSpeed(400)]);

    // After the safety key, the same: the runner starting the belt again
    // before resuming the session is not asked anything.
    treadmill.data(&belt(800));
    treadmill.status(MachineStatus::SafetyKey);
    assert_eq!(treadmill.data(&belt(200)), []);
    assert_eq!(
        treadmill.resume(),
        [Request::TargetIncline(10), Request::TargetSpeed(400)]
    );
}

#[test]
fn the_safety_key_or_a_stop_pauses_the_session_and_space_pauses_the_belt() {
    let mut treadmill = Treadmill::new(LIMITS);
    treadmill.step(Some(800), None);
    treadmill.data(&belt(800));
    assert_eq!(treadmill.pause(), [Request::Pause]);
    assert_eq!(
        treadmill.status(MachineStatus::SafetyKey),
        Some(News::Stopped { safety_key: true })
    );
    assert_eq!(
        treadmill.pause(),
        [],
        "a stopped belt is not asked to pause"
    );
    assert_eq!(
        treadmill.step(Some(550), None),
        [],
        "stopped: nothing is asked until the runner starts it again"
    );
    assert_eq!(
        treadmill.status(MachineStatus::StoppedOrPausedByUser),
        Some(News::Stopped { safety_key: false })
    );
    assert_eq!(
        treadmill.status(MachineStatus::ControlLost),
        Some(News::ControlLost)
    );
    assert_eq!(
        treadmill.step(None, Some(0)),
        [Request::RequestControl],
        "control asked again once lost; the incline waits while paused"
    );
    assert_eq!(treadmill.resume(), [Request::TargetIncline(0)]);
}

/// What the treadmill may say next, in a random session.
#[derive(Debug, Clone)]
enum Input {
    Step(Option<u16>, Option<i16>),
    Belt(u16),
    Status(MachineStatus),
    Pause,
    Resume,
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        (
            proptest::option::of(0u16..3000),
            proptest::option::of(-50i16..150)
        )
            .prop_map(|(s, i)| Input::Step(s, i)),
        (0u16..3000).prop_map(Input::Belt),
        prop_oneof![
            Just(MachineStatus::SafetyKey),
            Just(MachineStatus::StoppedOrPausedByUser),
            Just(MachineStatus::ControlLost),
            (0u16..3000).prop_map(MachineStatus::SpeedChanged),
        ]
        .prop_map(Input::Status),
        Just(Input::Pause),
        Just(Input::Resume),
    ]
}

proptest! {
    #[test]
    fn never_starts_the_belt_never_above_the_limit_never_a_jump_above_the_step(
        inputs in proptest::collection::vec(input(), 1..60),
        max_speed in 300u16..2000,
        max_step in 50u16..500,
    ) {
        let mut treadmill = Treadmill::new(Limits { max_speed, max_step });
        let mut belt_now = 0u16;
        let mut paused = false;
        for input in inputs {
            let asked = match input {
                Input::Step(speed, incline) => treadmill.step(speed, incline),
                Input::Belt(speed) => {
                    belt_now = speed;
                    treadmill.data(&belt(speed))
                }
                Input::Status(status) => {
                    if matches!(status, MachineStatus::SafetyKey | MachineStatus::StoppedOrPausedByUser) {
                        belt_now = 0;
                        paused = true; // the session pauses
                    }
                    treadmill.status(status);
                    Vec::new()
                }
                Input::Pause => {
                    paused = true;
                    treadmill.pause()
                }
                Input::Resume => {
                    paused = false;
                    treadmill.resume()
                }
            };
            for request in asked {
                prop_assert!(request != Request::StartOrResume, "never starts the belt");
                if let Request::TargetSpeed(speed) = request {
                    prop_assert!(!paused, "nothing asked while the session is paused");
                    prop_assert!(belt_now > 0, "a speed only while the belt moves");
                    prop_assert!(speed <= max_speed, "{speed} above {max_speed}");
                    if belt_now <= max_speed {
                        prop_assert!(speed.abs_diff(belt_now) <= max_step, "{belt_now} to {speed} in one jump");
                    }
                }
            }
        }
    }
}

/// The controller and the simulated treadmill, talking in bytes, as the
/// session will: each quarter second the belt's data goes to the
/// controller and its requests go back through the control point.
struct Rig {
    treadmill: Treadmill,
    sim: rtr::ble::sim::SimTreadmill,
    t0: std::time::Instant,
    now: std::time::Duration,
}

impl Rig {
    fn new() -> Rig {
        let t0 = std::time::Instant::now();
        Rig {
            treadmill: Treadmill::new(LIMITS),
            sim: rtr::ble::sim::SimTreadmill::new(t0),
            t0,
            now: std::time::Duration::ZERO,
        }
    }

    fn send(&mut self, requests: Vec<Request>) {
        for request in requests {
            let reply = self.sim.write(&request.encode(), self.t0 + self.now);
            let reply = rtr::ble::codec::Response::decode(&reply).unwrap();
            assert_eq!(
                reply.outcome,
                rtr::ble::codec::Outcome::Success,
                "{request:?}"
            );
        }
    }

    /// Runs the rig for `secs` seconds.
    fn run(&mut self, secs: f64) {
        let end = self.now + std::time::Duration::from_secs_f64(secs);
        while self.now < end {
            self.now += std::time::Duration::from_millis(250);
            self.sim.advance(self.t0 + self.now);
            let data = TreadmillData::decode(&self.sim.data()).unwrap();
            let requests = self.treadmill.data(&data);
            self.send(requests);
        }
    }
}

#[test]
fn the_simulated_belt_follows_the_program_through_the_same_bytes() {
    let mut rig = Rig::new();
    let requests = rig.treadmill.step(Some(800), Some(10));
    rig.send(requests);
    rig.run(2.0);
    assert_eq!(
        rig.sim.speed(),
        0,
        "nothing moves until the runner starts it"
    );
    rig.sim.start(rig.t0 + rig.now);
    rig.run(10.0);
    assert_eq!(rig.sim.speed(), 800, "the run's 8.0 km/h");
    let speeds: Vec<u16> = rig
        .sim
        .heard
        .iter()
        .filter_map(|(_, r)| match r {
            Request::TargetSpeed(s) => Some(*s),
            _ => None,
        })
        .collect();
    // Up from where the runner started the belt, 2.0 km/h at most at once.
    assert_eq!(speeds.last(), Some(&800), "{speeds:?}");
    assert!(
        speeds.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 200),
        "{speeds:?}"
    );
    assert!(
        rig.sim
            .heard
            .contains(&(rig.t0, Request::TargetIncline(10)))
    );
    let requests = rig.treadmill.step(Some(550), None);
    rig.send(requests);
    rig.run(5.0);
    assert_eq!(rig.sim.speed(), 550, "the walk's 5.5 km/h");
    let status = rig.sim.safety_key(rig.t0 + rig.now);
    let news = rig
        .treadmill
        .status(rtr::ble::codec::MachineStatus::decode(&status).unwrap());
    assert_eq!(news, Some(News::Stopped { safety_key: true }));
}
