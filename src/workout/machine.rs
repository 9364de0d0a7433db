//! The state machine that runs a flat session. Time is passed in as `now`
//! and never read here; the time left is always `deadline - now`, so however
//! late or often the caller wakes, the session cannot drift.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{FlatStep, Length, Part, Phase};

/// Announced before a phase ends: 3, 2, 1.
pub const COUNTDOWN_FROM: u32 = 3;
/// `back` within this long of a step's start goes to the step before;
/// later it restarts the step (like a music player).
pub const BACK_GRACE: Duration = Duration::from_secs(3);

/// Every change of a session a listener could care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A new step began: the index into [`Workout::steps`].
    PhaseChanged(usize),
    /// Whole seconds left before the current step ends: 3, 2, 1.
    Countdown(u32),
    Paused,
    Resumed,
    /// Pain reported now, at a step.
    PainReported {
        step: usize,
        pain: u8,
    },
    /// At the red line, the main set's runs from step `from` on became
    /// walks (`count` of them).
    RunsTurnedToWalks {
        from: usize,
        count: usize,
    },
    Finished(Ending),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pending,
    Done,
    Skipped,
}

/// The label of a run turned into a walk.
pub const WALK_INSTEAD: &str = "Walk (instead of run)";

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ending {
    Completed,
    /// The runner quit it.
    Quit,
    /// The runner ended it for pain.
    StoppedForPain,
    /// Quit early enough to leave no trace.
    Discarded,
    /// Interrupted (a crash, a closed window) and recorded as it stood.
    Interrupted,
    /// Interrupted and not picked up again in time.
    Abandoned,
}

impl Ending {
    /// Why it ended early, as the history says it; None when completed.
    pub fn early_reason(self) -> Option<&'static str> {
        match self {
            Ending::Completed => None,
            Ending::Quit => Some("quit before the end"),
            Ending::StoppedForPain => Some("pain"),
            Ending::Discarded => Some("discarded"),
            Ending::Interrupted => Some("interrupted"),
            Ending::Abandoned => Some("interrupted and not resumed within 12 hours"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainReport {
    /// The step it was reported in.
    pub step: usize,
    /// Time into the session, pauses not counted.
    pub at: Duration,
    pub pain: u8,
}

/// What a pain report means for the rest of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PainResponse {
    /// At or above the red threshold.
    pub red: bool,
    /// At or above the stop threshold.
    pub stop: bool,
    /// How many runs of the main set were turned into walks.
    pub runs_turned_to_walks: usize,
}

/// A stretch of time the clock ran in one step: from and to, as time since
/// the session's start with pauses counted (an interruption before a resume
/// is not: see [`Summary::resumes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub step: usize,
    pub from: Duration,
    pub to: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PainThresholds {
    pub red: u8,
    pub stop: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ready,
    /// `deadline` is None on a rep set: it ends when the runner says so.
    Running {
        deadline: Option<Instant>,
    },
    Paused {
        remaining: Option<Duration>,
        since: Instant,
    },
    Finished,
}

#[derive(Debug, Clone)]
pub struct Workout {
    steps: Vec<FlatStep>,
    outcomes: Vec<Outcome>,
    index: usize,
    state: State,
    /// When the current step (re)started, for `back`.
    step_started: Option<Instant>,
    started: Option<Instant>,
    finished_at: Option<Instant>,
    paused_total: Duration,
    pauses: u32,
    /// The smallest countdown number already announced in this step.
    counted: u32,
    /// How many seconds the 3-2-1 before a change counts.
    countdown_from: u32,
    pain_reports: Vec<PainReport>,
    thresholds: PainThresholds,
    ending: Option<Ending>,
    /// Time spent in each step, pauses left out: what was actually done.
    spent: Vec<Duration>,
    /// Since when the clock has run in the current step, while it runs.
    running_since: Option<Instant>,
    /// Every stretch the clock ran, in order: where the pauses fall.
    timeline: Vec<Span>,
    /// Where (on the timeline) the session was picked up after an interruption.
    resumes: Vec<Duration>,
    /// Metres a treadmill counted in each step, by its index.
    distances: std::collections::BTreeMap<usize, f64>,
    /// What a strap and a footpod measured in each step, by its index.
    sensed: std::collections::BTreeMap<usize, Sensed>,
}

/// A step's heart rate, cadence and belt speed readings, summed as they
/// come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Sensed {
    beats: (u64, u32),
    pub peak_bpm: u16,
    steps: (u64, u32),
    /// The belt's speed, 0.01 km/h.
    #[serde(default)]
    belt: (u64, u32),
}

impl Sensed {
    /// The belt's average speed while the clock ran, 0.01 km/h.
    pub fn average_belt_speed(&self) -> Option<u16> {
        average(self.belt)
    }

    pub fn average_bpm(&self) -> Option<u16> {
        average(self.beats)
    }

    pub fn average_cadence(&self) -> Option<u16> {
        average(self.steps)
    }
}

fn average((sum, count): (u64, u32)) -> Option<u16> {
    (count > 0).then(|| (sum as f64 / f64::from(count)).round() as u16)
}

/// Everything needed to pick a session up again after a crash: the steps as
/// they stood (runs turned to walks stay walks), and where it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub steps: Vec<FlatStep>,
    pub outcomes: Vec<Outcome>,
    pub index: usize,
    /// Time left in the current step; None on a rep set.
    pub remaining: Option<Duration>,
    pub active: Duration,
    pub paused: Duration,
    pub pauses: u32,
    pub pain_reports: Vec<PainReport>,
    /// Time spent in each step so far.
    #[serde(default)]
    pub spent: Vec<Duration>,
    /// How it ended, once it has (the questions after it may still wait).
    #[serde(default)]
    pub ending: Option<Ending>,
    /// Paused when saved: picking it up goes on with that pause.
    #[serde(default)]
    pub was_paused: bool,
    /// Every stretch the clock ran so far (none in a checkpoint of an older rtr).
    #[serde(default)]
    pub timeline: Vec<Span>,
    #[serde(default)]
    pub resumes: Vec<Duration>,
    /// What the devices measured so far, by step: a crash loses none of it.
    #[serde(default)]
    pub distances: std::collections::BTreeMap<usize, f64>,
    #[serde(default)]
    pub sensed: std::collections::BTreeMap<usize, Sensed>,
}

impl Snapshot {
    /// Why this snapshot cannot be picked up again (a file damaged or
    /// tampered with), if it cannot.
    pub fn problem(&self) -> Option<String> {
        let steps = self.steps.len();
        if steps == 0 {
            return Some("it has no steps".into());
        }
        if self.index >= steps {
            return Some(format!("it stands at step {} of {steps}", self.index + 1));
        }
        if self.outcomes.len() != steps {
            return Some(format!(
                "{} outcomes for {steps} steps",
                self.outcomes.len()
            ));
        }
        if !self.spent.is_empty() && self.spent.len() != steps {
            return Some(format!("{} step times for {steps} steps", self.spent.len()));
        }
        if let Some(report) = self
            .pain_reports
            .iter()
            .find(|r| r.step >= steps || r.pain > 10)
        {
            return Some(format!(
                "a pain report of {} at step {} of {steps}",
                report.pain,
                report.step + 1
            ));
        }
        let day = Duration::from_secs(24 * 3600);
        if self.active > day || self.paused > day || self.remaining.is_some_and(|r| r > day) {
            return Some("its times run past a day".into());
        }
        None
    }
}

/// What happened in a session, for the complete screen and the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub done: usize,
    pub skipped: usize,
    pub not_reached: usize,
    /// Time spent in the session, pauses not counted.
    pub active: Duration,
    pub paused: Duration,
    pub pauses: u32,
    pub pain_reports: Vec<PainReport>,
    pub ending: Option<Ending>,
    /// Every stretch the clock ran, in order.
    pub timeline: Vec<Span>,
    /// Where on the timeline the session was picked up after an interruption.
    pub resumes: Vec<Duration>,
}

impl Workout {
    pub fn new(steps: Vec<FlatStep>, thresholds: PainThresholds) -> Self {
        let steps_len = steps.len();
        Workout {
            outcomes: vec![Outcome::Pending; steps.len()],
            steps,
            index: 0,
            state: State::Ready,
            step_started: None,
            started: None,
            finished_at: None,
            paused_total: Duration::ZERO,
            pauses: 0,
            counted: u32::MAX,
            countdown_from: COUNTDOWN_FROM,
            pain_reports: Vec::new(),
            thresholds,
            ending: None,
            spent: vec![Duration::ZERO; steps_len],
            running_since: None,
            timeline: Vec::new(),
            resumes: Vec::new(),
            distances: Default::default(),
            sensed: Default::default(),
        }
    }

    /// Where the session stands, or None before its start.
    pub fn snapshot(&self, now: Instant) -> Option<Snapshot> {
        if !self.ran() {
            return None;
        }
        let summary = self.summary(now);
        Some(Snapshot {
            steps: self.steps.clone(),
            outcomes: self.outcomes.clone(),
            index: self.index,
            remaining: self.remaining(now),
            active: summary.active,
            paused: summary.paused,
            pauses: self.pauses,
            pain_reports: self.pain_reports.clone(),
            spent: self.spent_now(now),
            ending: self.ending,
            was_paused: self.is_paused(),
            timeline: summary.timeline,
            resumes: summary.resumes,
            distances: self.distances.clone(),
            sensed: self.sensed.clone(),
        })
    }

    /// Picks a session up from a snapshot, paused at the step it stood at, so
    /// that the runner is ready before the clock goes on (or ended, as it
    /// was, when only its questions were left).
    pub fn resume_from(snapshot: Snapshot, thresholds: PainThresholds, now: Instant) -> Self {
        let index = snapshot.index.min(snapshot.steps.len().saturating_sub(1));
        let mut workout = Workout::new(snapshot.steps, thresholds);
        if workout.steps.is_empty() {
            workout.start(now);
            return workout;
        }
        if snapshot.outcomes.len() == workout.outcomes.len() {
            workout.outcomes = snapshot.outcomes;
        }
        if snapshot.spent.len() == workout.spent.len() {
            workout.spent = snapshot.spent;
        }
        workout.index = index;
        let full = timed(workout.steps[index].length);
        let remaining = match (snapshot.remaining, full) {
            (Some(left), Some(full)) => Some(left.min(full)),
            (_, full) => full,
        };
        // The session's time so far is kept: started that long before now.
        let before = snapshot.active + snapshot.paused;
        workout.started = Some(now.checked_sub(before).unwrap_or(now));
        workout.paused_total = snapshot.paused;
        workout.pauses = snapshot.pauses;
        workout.pain_reports = snapshot.pain_reports;
        workout.timeline = snapshot.timeline;
        workout.resumes = snapshot.resumes;
        workout.distances = snapshot.distances;
        workout.sensed = snapshot.sensed;
        if let Some(ending) = snapshot.ending {
            workout.state = State::Finished;
            workout.finished_at = Some(now);
            workout.ending = Some(ending);
            return workout;
        }
        // Waiting to go on after the interruption is a pause like any other
        // (the same one, if it was paused already).
        if !snapshot.was_paused {
            workout.pauses += 1;
        }
        workout.resumes.push(before);
        workout.step_started = Some(now);
        workout.state = State::Paused {
            remaining,
            since: now,
        };
        workout
    }

    /// A snapshot's session ended where it stood: for one never picked up
    /// again. No pause is added; the step it stood at was not reached.
    pub fn ended_from(
        mut snapshot: Snapshot,
        thresholds: PainThresholds,
        ending: Ending,
        now: Instant,
    ) -> Self {
        snapshot.ending.get_or_insert(ending);
        Workout::resume_from(snapshot, thresholds, now)
    }

    pub fn steps(&self) -> &[FlatStep] {
        &self.steps
    }

    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    pub fn index(&self) -> usize {
        self.index
    }

    /// Time spent in each step, pauses left out, the current one up to `now`.
    pub fn spent_now(&self, now: Instant) -> Vec<Duration> {
        let mut spent = self.spent.clone();
        if let (Some(since), Some(current)) = (self.running_since, spent.get_mut(self.index)) {
            *current += now.saturating_duration_since(since);
        }
        spent
    }

    /// Adds the time the clock ran in the current step up to `at`.
    fn bank_spent(&mut self, at: Instant) {
        if let Some(since) = self.running_since.take()
            && let Some(current) = self.spent.get_mut(self.index)
        {
            *current += at.saturating_duration_since(since);
            if let Some(span) = self.span(since, at) {
                self.timeline.push(span);
            }
        }
    }

    /// The current step's stretch from `since` to `at`, if the clock ran.
    fn span(&self, since: Instant, at: Instant) -> Option<Span> {
        let started = self.started?;
        let span = Span {
            step: self.index,
            from: since.saturating_duration_since(started),
            to: at.saturating_duration_since(started),
        };
        (span.to > span.from).then_some(span)
    }

    /// Every stretch the clock ran, the current one up to `now`.
    pub fn timeline_now(&self, now: Instant) -> Vec<Span> {
        let mut timeline = self.timeline.clone();
        if !self.is_finished()
            && let Some(span) = self.running_since.and_then(|since| self.span(since, now))
        {
            timeline.push(span);
        }
        timeline
    }

    pub fn current(&self) -> Option<&FlatStep> {
        if self.is_finished() {
            None
        } else {
            self.steps.get(self.index)
        }
    }

    pub fn next_step(&self) -> Option<&FlatStep> {
        self.current().and(self.steps.get(self.index + 1))
    }

    /// When the current step started (moved on by pauses within it).
    pub fn step_started(&self) -> Option<Instant> {
        self.step_started
    }

    pub fn is_paused(&self) -> bool {
        matches!(self.state, State::Paused { .. })
    }

    pub fn is_finished(&self) -> bool {
        self.state == State::Finished
    }

    /// Whether the clock ever ran (a session ended before its start did not).
    pub fn ran(&self) -> bool {
        self.started.is_some()
    }

    pub fn is_started(&self) -> bool {
        self.state != State::Ready
    }

    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }

    pub fn pain_reports(&self) -> &[PainReport] {
        &self.pain_reports
    }

    pub fn start(&mut self, now: Instant) -> Vec<Event> {
        if self.state != State::Ready {
            return Vec::new();
        }
        self.started = Some(now);
        if self.steps.is_empty() {
            return self.finish(now, Ending::Completed);
        }
        self.enter(0, now);
        vec![Event::PhaseChanged(0)]
    }

    /// Before the start: other steps (a circuit instead of the run).
    pub fn replace_steps(&mut self, steps: Vec<FlatStep>) {
        if self.state == State::Ready {
            self.outcomes = vec![Outcome::Pending; steps.len()];
            self.spent = vec![Duration::ZERO; steps.len()];
            self.steps = steps;
        }
    }

    /// Before the start: every run a walk (a walk instead of the run).
    pub fn walk_instead(&mut self) {
        if self.state != State::Ready {
            return;
        }
        for step in self.steps.iter_mut().filter(|s| s.phase == Phase::Run) {
            step.phase = Phase::Walk;
            step.label = WALK_INSTEAD.to_string();
            step.cadence = None;
            step.cue = Some("An easy walk today: no running".to_string());
        }
    }

    /// Metres a treadmill counted, added to the step on screen.
    pub fn add_distance(&mut self, metres: f64) {
        *self.distances.entry(self.index).or_default() += metres;
    }

    /// A heart rate and a cadence reading (either may be missing), for the
    /// step on screen.
    pub fn add_sensed(&mut self, bpm: Option<u16>, cadence: Option<u16>) {
        let sensed = self.sensed.entry(self.index).or_default();
        if let Some(bpm) = bpm {
            sensed.beats = (sensed.beats.0 + u64::from(bpm), sensed.beats.1 + 1);
            sensed.peak_bpm = sensed.peak_bpm.max(bpm);
        }
        if let Some(cadence) = cadence {
            sensed.steps = (sensed.steps.0 + u64::from(cadence), sensed.steps.1 + 1);
        }
    }

    /// The belt's speed as the treadmill reports it, 0.01 km/h, while the
    /// clock runs.
    pub fn add_belt_speed(&mut self, hundredths: u16) {
        let sensed = self.sensed.entry(self.index).or_default();
        sensed.belt = (sensed.belt.0 + u64::from(hundredths), sensed.belt.1 + 1);
    }

    /// What the sensors measured in step `index`.
    pub fn sensed(&self, index: usize) -> Option<Sensed> {
        self.sensed.get(&index).copied()
    }

    /// Metres a treadmill counted in step `index`, if one was connected.
    pub fn distance(&self, index: usize) -> Option<f64> {
        self.distances.get(&index).copied()
    }

    /// Counts down the last `secs` seconds of each timed step (0: none).
    pub fn set_countdown(&mut self, secs: u32) {
        self.countdown_from = secs;
    }

    /// The whole seconds left while they are the step's 3-2-1, else None.
    pub fn counting_down(&self, now: Instant) -> Option<u32> {
        let State::Running {
            deadline: Some(deadline),
        } = self.state
        else {
            return None;
        };
        let left = ceil_secs(deadline.saturating_duration_since(now));
        (1..=self.countdown_from).contains(&left).then_some(left)
    }

    /// Moves the clock to `now`: ends every timed step whose deadline has
    /// passed, each next step starting exactly at the previous deadline.
    pub fn advance(&mut self, now: Instant) -> Vec<Event> {
        let mut events = Vec::new();
        while let State::Running {
            deadline: Some(deadline),
        } = self.state
        {
            if deadline > now {
                let left = ceil_secs(deadline - now);
                if left <= self.countdown_from && left < self.counted {
                    self.counted = left;
                    events.push(Event::Countdown(left));
                }
                break;
            }
            self.outcomes[self.index] = Outcome::Done;
            events.extend(self.go_to(self.index + 1, deadline));
        }
        events
    }

    pub fn pause(&mut self, now: Instant) -> Vec<Event> {
        let State::Running { deadline } = self.state else {
            return Vec::new();
        };
        self.bank_spent(now);
        self.state = State::Paused {
            remaining: deadline.map(|d| d.saturating_duration_since(now)),
            since: now,
        };
        self.pauses += 1;
        vec![Event::Paused]
    }

    pub fn resume(&mut self, now: Instant) -> Vec<Event> {
        let State::Paused { remaining, since } = self.state else {
            return Vec::new();
        };
        self.paused_total += now.saturating_duration_since(since);
        self.state = State::Running {
            deadline: remaining.map(|r| now + r),
        };
        self.running_since = Some(now);
        // The step restarts its "just started" window for `back` too.
        if let Some(started) = self.step_started {
            self.step_started = Some(started + now.saturating_duration_since(since));
        }
        vec![Event::Resumed]
    }

    pub fn toggle_pause(&mut self, now: Instant) -> Vec<Event> {
        if self.is_paused() {
            self.resume(now)
        } else {
            self.pause(now)
        }
    }

    /// Ends the current step as skipped and starts the next one now.
    pub fn skip(&mut self, now: Instant) -> Vec<Event> {
        if !self.is_active() {
            return Vec::new();
        }
        self.outcomes[self.index] = Outcome::Skipped;
        self.go_to(self.index + 1, now)
    }

    /// Marks a rep set done and starts the next step.
    pub fn done(&mut self, now: Instant) -> Vec<Event> {
        if !self.is_active() || !matches!(self.steps[self.index].length, Length::Reps(_)) {
            return Vec::new();
        }
        self.outcomes[self.index] = Outcome::Done;
        self.go_to(self.index + 1, now)
    }

    /// Restarts the current step, or goes to the one before when the current
    /// one has only just started.
    pub fn back(&mut self, now: Instant) -> Vec<Event> {
        if !self.is_active() {
            return Vec::new();
        }
        let since_start = self.step_started.map_or(Duration::ZERO, |s| {
            self.pause_point(now).saturating_duration_since(s)
        });
        let target = if since_start < BACK_GRACE {
            self.index.saturating_sub(1)
        } else {
            self.index
        };
        self.outcomes[self.index] = Outcome::Pending;
        self.outcomes[target] = Outcome::Pending;
        self.go_to(target, now)
    }

    /// Records pain now. At the red threshold the rest of the main set
    /// turns to walking (no speed, incline or cadence to keep); the caller
    /// offers to end the session.
    pub fn report_pain(&mut self, now: Instant, pain: u8) -> (PainResponse, Vec<Event>) {
        let pain = pain.min(10);
        let step = self.index;
        self.pain_reports.push(PainReport {
            step,
            at: self.active_time(now),
            pain,
        });
        let mut events = vec![Event::PainReported { step, pain }];
        let red = pain >= self.thresholds.red;
        let mut turned = 0;
        if red && self.is_active() {
            for step in &mut self.steps[self.index..] {
                if step.part == Part::Main && step.phase == Phase::Run {
                    step.red_line = true;
                    step.phase = Phase::Walk;
                    step.label = WALK_INSTEAD.to_string();
                    step.speed = None;
                    step.incline = None;
                    step.cadence = None;
                    step.cue = Some("Easy walk: no more running today".to_string());
                    turned += 1;
                }
            }
        }
        if turned > 0 {
            events.push(Event::RunsTurnedToWalks {
                from: step,
                count: turned,
            });
        }
        let response = PainResponse {
            red,
            stop: pain >= self.thresholds.stop,
            runs_turned_to_walks: turned,
        };
        (response, events)
    }

    /// Ends the session before its end, for a reason.
    pub fn end(&mut self, now: Instant, ending: Ending) -> Vec<Event> {
        if self.is_finished() {
            return Vec::new();
        }
        self.finish(now, ending)
    }

    /// Time left in the current step, if it is timed.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        match self.state {
            State::Running { deadline } => deadline.map(|d| d.saturating_duration_since(now)),
            State::Paused { remaining, .. } => remaining,
            State::Ready => self.steps.first().and_then(|s| timed(s.length)),
            State::Finished => None,
        }
    }

    /// Time left in the whole session (rep sets estimated).
    pub fn session_remaining(&self, now: Instant) -> Duration {
        if self.is_finished() {
            return Duration::ZERO;
        }
        let current = self.remaining(now).unwrap_or_else(|| {
            self.steps
                .get(self.index)
                .map_or(Duration::ZERO, |s| estimate(s.length))
        });
        let later: Duration = self
            .steps
            .iter()
            .skip(self.index + 1)
            .map(|s| estimate(s.length))
            .sum();
        current + later
    }

    /// The whole session's planned length (rep sets estimated).
    pub fn planned(&self) -> Duration {
        self.steps.iter().map(|s| estimate(s.length)).sum()
    }

    /// When what the screen shows next changes by itself: the next whole
    /// second of the countdown. None while paused, waiting for a rep set or done.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        let State::Running {
            deadline: Some(deadline),
        } = self.state
        else {
            return None;
        };
        if deadline <= now {
            return Some(now);
        }
        let shown = ceil_secs(deadline - now);
        Some(deadline - Duration::from_secs(u64::from(shown) - 1))
    }

    pub fn summary(&self, now: Instant) -> Summary {
        let count = |o: Outcome| self.outcomes.iter().filter(|x| **x == o).count();
        let paused = match self.state {
            State::Paused { since, .. } => self.paused_total + now.saturating_duration_since(since),
            _ => self.paused_total,
        };
        Summary {
            done: count(Outcome::Done),
            skipped: count(Outcome::Skipped),
            not_reached: count(Outcome::Pending),
            active: self.active_time(now),
            paused,
            pauses: self.pauses,
            pain_reports: self.pain_reports.clone(),
            ending: self.ending,
            timeline: self.timeline_now(now),
            resumes: self.resumes.clone(),
        }
    }

    /// Time into the session with pauses left out.
    pub fn active_time(&self, now: Instant) -> Duration {
        let Some(started) = self.started else {
            return Duration::ZERO;
        };
        let end = self.finished_at.unwrap_or_else(|| self.pause_point(now));
        end.saturating_duration_since(started)
            .saturating_sub(self.paused_total)
    }

    fn is_active(&self) -> bool {
        matches!(self.state, State::Running { .. } | State::Paused { .. })
    }

    /// While paused the session's time stands at the moment it paused.
    fn pause_point(&self, now: Instant) -> Instant {
        match self.state {
            State::Paused { since, .. } => since,
            _ => now,
        }
    }

    fn go_to(&mut self, index: usize, at: Instant) -> Vec<Event> {
        self.bank_spent(at);
        if index >= self.steps.len() {
            return self.finish(at, Ending::Completed);
        }
        self.enter(index, at);
        vec![Event::PhaseChanged(index)]
    }

    /// Starts step `index` at `at`, keeping a pause if there is one.
    fn enter(&mut self, index: usize, at: Instant) {
        self.index = index;
        self.counted = u32::MAX;
        let length = timed(self.steps[index].length);
        self.state = match self.state {
            State::Paused { since, .. } => {
                self.step_started = Some(since);
                State::Paused {
                    remaining: length,
                    since,
                }
            }
            _ => {
                self.step_started = Some(at);
                self.running_since = Some(at);
                State::Running {
                    deadline: length.map(|l| at + l),
                }
            }
        };
    }

    fn finish(&mut self, at: Instant, ending: Ending) -> Vec<Event> {
        self.bank_spent(at);
        if let State::Paused { since, .. } = self.state {
            self.paused_total += at.saturating_duration_since(since);
        }
        self.state = State::Finished;
        self.finished_at = Some(at);
        self.ending = Some(ending);
        vec![Event::Finished(ending)]
    }
}

fn timed(length: Length) -> Option<Duration> {
    match length {
        Length::Seconds(secs) => Some(Duration::from_secs(u64::from(secs))),
        Length::Reps(_) => None,
    }
}

fn estimate(length: Length) -> Duration {
    Duration::from_secs(u64::from(length.estimated_secs()))
}

/// Whole seconds, rounded to the nearest: for times spent, not time left.
pub fn round_secs(d: Duration) -> u32 {
    ceil_secs(d.saturating_sub(Duration::from_millis(500)))
}

/// Whole seconds, rounded up: a countdown shows 0:01 until the very end.
pub fn ceil_secs(d: Duration) -> u32 {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    secs.min(u64::from(u32::MAX)) as u32
}
