//! The workout state machine, driven by a fake clock.

use std::time::{Duration, Instant};

use rtr::program::{self, SessionId};
use rtr::workout::{
    Ending, Event, FlatStep, Length, Outcome, PainThresholds, Part, Phase, Workout,
    flatten_circuit, flatten_session,
};

const THRESHOLDS: PainThresholds = PainThresholds { red: 5, stop: 7 };

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn ms(m: u64) -> Duration {
    Duration::from_millis(m)
}

fn step(part: Part, phase: Phase, length: Length) -> FlatStep {
    FlatStep {
        part,
        phase,
        label: format!("{phase:?}"),
        length,
        interval: None,
        set: None,
        side: None,
        speed: None,
        incline: None,
        cue: None,
        cadence: None,
        red_line: false,
    }
}

/// walk 20 s, run 15, walk 15, run 15, walk 15, walk 20: demo session 1.1.
fn demo() -> Workout {
    let demo = program::load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/programs/demo.ron"
    )))
    .unwrap();
    Workout::new(
        flatten_session(
            &demo,
            SessionId {
                week: 1,
                session: 1,
            },
        )
        .unwrap(),
        THRESHOLDS,
    )
}

#[test]
fn runs_through_every_step_to_the_end_on_time() {
    let t0 = Instant::now();
    let mut w = demo();
    assert_eq!(w.start(t0), [Event::PhaseChanged(0)]);
    assert_eq!(w.remaining(t0), Some(secs(20)));
    assert_eq!(w.advance(t0 + ms(19_999)), [Event::Countdown(1)]);
    assert_eq!(w.advance(t0 + secs(20)), [Event::PhaseChanged(1)]);
    assert_eq!(w.remaining(t0 + secs(20)), Some(secs(15)));
    // Waking late crosses several steps at once, each ending at its deadline.
    assert_eq!(
        w.advance(t0 + secs(51)),
        [Event::PhaseChanged(2), Event::PhaseChanged(3)]
    );
    assert_eq!(w.remaining(t0 + secs(51)), Some(secs(14)));
    let events = w.advance(t0 + secs(100));
    assert_eq!(events.last(), Some(&Event::Finished(Ending::Completed)));
    assert!(w.is_finished());
    let summary = w.summary(t0 + secs(100));
    assert_eq!((summary.done, summary.skipped), (6, 0));
    assert_eq!(summary.active, secs(100));
    assert_eq!(summary.ending, Some(Ending::Completed));
}

#[test]
fn counts_down_three_two_one_once_each() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    assert_eq!(w.advance(t0 + secs(16)), []);
    assert_eq!(w.advance(t0 + ms(17_000)), [Event::Countdown(3)]);
    assert_eq!(w.advance(t0 + ms(17_500)), []);
    assert_eq!(w.advance(t0 + ms(18_000)), [Event::Countdown(2)]);
    assert_eq!(w.advance(t0 + ms(19_000)), [Event::Countdown(1)]);
    assert_eq!(w.advance(t0 + ms(19_500)), []);
}

#[test]
fn next_change_is_the_next_whole_second_of_the_countdown() {
    let t0 = Instant::now();
    let mut w = demo();
    assert_eq!(w.next_change(t0), None, "not started");
    w.start(t0);
    assert_eq!(w.next_change(t0), Some(t0 + secs(1)));
    assert_eq!(w.next_change(t0 + ms(250)), Some(t0 + secs(1)));
    assert_eq!(w.next_change(t0 + secs(1)), Some(t0 + secs(2)));
    w.pause(t0 + ms(1500));
    assert_eq!(w.next_change(t0 + secs(5)), None, "paused: nothing changes");
}

#[test]
fn pause_stops_the_clock_and_resume_goes_on_from_where_it_stood() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    w.pause(t0 + secs(5));
    assert!(w.is_paused());
    assert_eq!(w.advance(t0 + secs(60)), [], "no step ends while paused");
    assert_eq!(w.remaining(t0 + secs(60)), Some(secs(15)));
    w.resume(t0 + secs(65));
    assert_eq!(w.remaining(t0 + secs(65)), Some(secs(15)));
    assert_eq!(w.advance(t0 + secs(80)), [Event::PhaseChanged(1)]);
    let summary = w.summary(t0 + secs(80));
    assert_eq!((summary.paused, summary.pauses), (secs(60), 1));
    assert_eq!(summary.active, secs(20));
    // toggle_pause both ways
    w.toggle_pause(t0 + secs(81));
    assert!(w.is_paused());
    w.toggle_pause(t0 + secs(82));
    assert!(!w.is_paused());
    assert_eq!(w.summary(t0 + secs(82)).paused, secs(61));
}

#[test]
fn skip_starts_the_next_step_now_and_counts_as_skipped() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    assert_eq!(w.skip(t0 + secs(3)), [Event::PhaseChanged(1)]);
    assert_eq!(w.remaining(t0 + secs(3)), Some(secs(15)));
    assert_eq!(w.outcomes()[0], Outcome::Skipped);
    // Skipping the last step completes the session.
    for _ in 1..5 {
        w.skip(t0 + secs(4));
    }
    assert_eq!(w.skip(t0 + secs(5)), [Event::Finished(Ending::Completed)]);
    assert_eq!(w.skip(t0 + secs(6)), [], "nothing left to skip");
    assert_eq!(w.summary(t0 + secs(6)).skipped, 6);
}

#[test]
fn skip_while_paused_stays_paused_on_the_next_step() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    w.pause(t0 + secs(2));
    w.skip(t0 + secs(10));
    assert!(w.is_paused());
    assert_eq!(w.index(), 1);
    assert_eq!(w.remaining(t0 + secs(30)), Some(secs(15)));
}

#[test]
fn back_restarts_a_step_or_goes_to_the_one_before_at_its_start() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    // At the first step, back restarts it.
    assert_eq!(w.back(t0 + secs(1)), [Event::PhaseChanged(0)]);
    assert_eq!(w.remaining(t0 + secs(1)), Some(secs(20)));
    w.advance(t0 + secs(21)); // step 1 (run) began at 21 s
    // Well into a step: back restarts it.
    assert_eq!(w.back(t0 + secs(30)), [Event::PhaseChanged(1)]);
    assert_eq!(w.remaining(t0 + secs(30)), Some(secs(15)));
    // Just after its start: back goes to the step before, from its start.
    assert_eq!(w.back(t0 + secs(31)), [Event::PhaseChanged(0)]);
    assert_eq!(w.remaining(t0 + secs(31)), Some(secs(20)));
    assert_eq!(w.outcomes()[0], Outcome::Pending);
}

#[test]
fn back_and_skip_inside_a_repeat_move_one_step() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    w.advance(t0 + secs(45)); // the walk of interval 1 (35 s to 50 s)
    assert_eq!(w.index(), 2);
    assert_eq!(w.current().unwrap().interval.unwrap().index, 1);
    w.skip(t0 + secs(51));
    assert_eq!(w.current().unwrap().interval.unwrap().index, 2);
    w.back(t0 + secs(52));
    assert_eq!(w.index(), 2, "back to the walk of interval 1");
}

#[test]
fn a_rep_set_waits_for_done_then_the_rest_starts() {
    let t0 = Instant::now();
    let steps = vec![
        step(Part::Circuit, Phase::Reps, Length::Reps(10)),
        step(Part::Circuit, Phase::Rest, Length::Seconds(45)),
    ];
    let mut w = Workout::new(steps, THRESHOLDS);
    w.start(t0);
    assert_eq!(w.remaining(t0), None);
    assert_eq!(w.next_change(t0), None, "no clock to tick");
    assert_eq!(w.advance(t0 + secs(600)), []);
    assert_eq!(w.done(t0 + secs(600)), [Event::PhaseChanged(1)]);
    assert_eq!(w.remaining(t0 + secs(600)), Some(secs(45)));
    assert_eq!(w.done(t0 + secs(601)), [], "done only ends rep sets");
    assert_eq!(
        w.advance(t0 + secs(645)),
        [Event::Finished(Ending::Completed)]
    );
}

#[test]
fn a_hold_exercise_gets_ready_goes_left_switches_then_right_then_rests() {
    let demo = program::load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/programs/demo.ron"
    )))
    .unwrap();
    let steps = flatten_circuit(demo.circuit("demo-circuit").unwrap());
    let t0 = Instant::now();
    let mut w = Workout::new(steps, THRESHOLDS);
    w.start(t0);
    // Each step ends at its deadline: 0:05 to get ready, 0:10 a side, 0:05
    // to switch sides.
    let mut at = 0;
    let sides: Vec<_> = [5, 10, 5, 10, 5]
        .into_iter()
        .map(|length| {
            let s = w.current().unwrap().clone();
            at += length;
            w.advance(t0 + secs(at));
            (s.phase, s.side, s.length)
        })
        .collect();
    use rtr::workout::Length::Seconds;
    use rtr::workout::Side::{Left, Right};
    assert_eq!(
        sides,
        [
            (Phase::Ready, None, Seconds(5)),
            (Phase::Hold, Some(Left), Seconds(10)),
            (Phase::Ready, None, Seconds(5)),
            (Phase::Hold, Some(Right), Seconds(10)),
            (Phase::Rest, None, Seconds(5)),
        ]
    );
}

#[test]
fn pain_at_the_red_threshold_turns_the_rest_of_the_main_set_to_walking() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    w.advance(t0 + secs(25)); // first run
    let (below, _) = w.report_pain(t0 + secs(25), 4);
    assert_eq!((below.red, below.runs_turned_to_walks), (false, 0));
    let (red, _) = w.report_pain(t0 + secs(26), 5);
    assert!(red.red && !red.stop);
    assert_eq!(
        red.runs_turned_to_walks, 2,
        "the current run and the one after"
    );
    assert!(w.steps().iter().all(|s| s.phase != Phase::Run));
    assert_eq!(w.current().unwrap().phase, Phase::Walk);
    assert_eq!(
        w.remaining(t0 + secs(26)),
        Some(secs(9)),
        "the clock goes on"
    );
    let (stop, _) = w.report_pain(t0 + secs(27), 7);
    assert!(stop.stop);
    let reports = w.pain_reports();
    assert_eq!(reports.len(), 3);
    assert_eq!(
        (reports[1].step, reports[1].at, reports[1].pain),
        (1, secs(26), 5)
    );
    w.end(t0 + secs(30), Ending::StoppedForPain);
    assert_eq!(w.ending(), Some(Ending::StoppedForPain));
    assert_eq!(w.summary(t0 + secs(30)).not_reached, 5);
}

#[test]
fn pain_in_the_cool_down_changes_nothing_but_is_recorded() {
    let t0 = Instant::now();
    let mut w = demo();
    w.start(t0);
    w.advance(t0 + secs(85));
    assert_eq!(w.current().unwrap().part, Part::Cooldown);
    let (response, _) = w.report_pain(t0 + secs(85), 6);
    assert!(response.red);
    assert_eq!(response.runs_turned_to_walks, 0);
    assert_eq!(w.pain_reports().len(), 1);
}

#[test]
fn a_three_hour_session_ends_on_the_exact_second_however_the_clock_is_sampled() {
    let steps: Vec<FlatStep> = (0..360)
        .map(|i| {
            let phase = if i % 2 == 0 { Phase::Run } else { Phase::Walk };
            step(Part::Main, phase, Length::Seconds(30))
        })
        .collect();
    let t0 = Instant::now();
    let mut w = Workout::new(steps, THRESHOLDS);
    w.start(t0);
    // Wake at odd, jittery moments, as a loaded machine would.
    let mut now = t0;
    let mut phase_changes = 0;
    while !w.is_finished() {
        now += ms(997 + (phase_changes % 7) * 13);
        phase_changes += w
            .advance(now)
            .iter()
            .filter(|e| matches!(e, Event::PhaseChanged(_)))
            .count() as u64;
        if let Some(next) = w.next_change(now) {
            assert!(next > now && next <= now + secs(1), "wakes within a second");
        }
    }
    assert_eq!(phase_changes, 359);
    assert_eq!(w.summary(now).active, secs(3 * 3600), "no drift at all");
}

#[test]
fn end_early_and_an_empty_session_finish_cleanly() {
    let t0 = Instant::now();
    let mut empty = Workout::new(Vec::new(), THRESHOLDS);
    assert_eq!(empty.start(t0), [Event::Finished(Ending::Completed)]);
    assert_eq!(empty.current(), None);
    let mut w = demo();
    w.start(t0);
    w.pause(t0 + secs(5));
    assert_eq!(
        w.end(t0 + secs(9), Ending::Quit),
        [Event::Finished(Ending::Quit)]
    );
    assert_eq!(w.end(t0 + secs(10), Ending::Quit), []);
    let summary = w.summary(t0 + secs(20));
    assert_eq!((summary.active, summary.paused), (secs(5), secs(4)));
}

#[test]
fn session_remaining_counts_the_current_step_and_every_later_one() {
    let t0 = Instant::now();
    let mut w = demo();
    assert_eq!(w.planned(), secs(100));
    w.start(t0);
    assert_eq!(w.session_remaining(t0 + secs(5)), secs(95));
    w.advance(t0 + secs(40));
    assert_eq!(w.session_remaining(t0 + secs(40)), secs(60));
}

#[test]
fn what_the_devices_measured_survives_a_checkpoint() {
    let t0 = Instant::now();
    let mut workout = demo();
    workout.start(t0);
    workout.advance(t0 + secs(21)); // the first run
    workout.add_distance(30.0);
    workout.add_sensed(Some(140), Some(168));
    workout.add_belt_speed(790);
    workout.add_belt_speed(810);
    let snapshot = workout.snapshot(t0 + secs(25)).unwrap();
    let json = serde_json::to_string(&snapshot).unwrap();
    let back: rtr::workout::Snapshot = serde_json::from_str(&json).unwrap();
    let resumed = Workout::resume_from(back, THRESHOLDS, t0 + secs(100));
    let index = workout.index();
    assert_eq!(resumed.distance(index), Some(30.0));
    let sensed = resumed.sensed(index).unwrap();
    assert_eq!(sensed.average_bpm(), Some(140));
    assert_eq!(sensed.average_cadence(), Some(168));
    assert_eq!(sensed.average_belt_speed(), Some(800));
    // A checkpoint written before this was kept reads with none.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("sensed");
    old.as_object_mut().unwrap().remove("distances");
    let old: rtr::workout::Snapshot = serde_json::from_value(old).unwrap();
    assert!(old.sensed.is_empty() && old.distances.is_empty());
}
