//! The full-screen shell: terminal set-up and restore, the input and signal
//! threads, and the deadline-driven loop that draws only when the screen
//! changes.

pub mod app;
pub mod clock;
pub mod cues;
pub mod history_screen;
pub mod home;
pub mod pager;
pub mod prompt;
pub mod questions;
pub mod resume_screen;
pub mod session_screen;
pub mod theme;
pub mod watch;

use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::{cursor, execute};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use app::App;
use clock::{SessionClock, SleepWatch};
use cues::{Cues, NotifyStatus};
use theme::Theme;

use crate::awake::{AwakeNote, KeepAwake, MAY_SLEEP};
use crate::journal::Recorder;
use crate::sound::{Cue, Sound, SoundNote, SoundSetup, speech};
use crate::workout::{Event, Part, Phase, Summary, Workout};

/// A pause longer than this lets the laptop sleep again.
const LONG_PAUSE: Duration = Duration::from_secs(5 * 60);

/// Everything the loop can wake for.
enum Wake {
    Input(TermEvent),
    Signal(i32),
    Notify(NotifyStatus),
    Sound(SoundNote),
    Awake(AwakeNote),
}

impl From<AwakeNote> for Wake {
    fn from(note: AwakeNote) -> Self {
        Wake::Awake(note)
    }
}

impl From<SoundNote> for Wake {
    fn from(note: SoundNote) -> Self {
        Wake::Sound(note)
    }
}

impl From<NotifyStatus> for Wake {
    fn from(status: NotifyStatus) -> Self {
        Wake::Notify(status)
    }
}

/// What a real session's questions gathered, for the shell to record.
pub enum Report<'r> {
    Run(RunReport<'r>),
    /// The rating after the circuit, and the highest `!` report in it.
    Circuit {
        pain: u8,
        highest_report: Option<u8>,
    },
    /// No run today: the ready-to-run check said so.
    NotReady {
        before: u8,
        usual: Option<u8>,
        reason: String,
    },
    /// The runner ran anyway, against the check (asked twice).
    RanAnyway {
        reason: String,
    },
}

/// The answers around the run, with what the coach counts beside them.
pub struct RunReport<'r> {
    pub answers: &'r questions::Answers,
    /// Why it ended early, if it did.
    pub ended_early: Option<&'r str>,
    /// The `!` reports of the run, by part.
    pub reports: Vec<crate::coach::counts::PartPain>,
    pub main_run: crate::coach::MainRun,
}

/// Records a report through the session's store; for the run, returns the
/// coach's decision in words.
pub type OnAnswers<'a> = Box<dyn FnMut(Report, &mut crate::journal::Store) -> String + 'a>;

pub struct SessionOptions<'a> {
    pub speed: u32,
    pub settings: crate::config::Settings,
    /// Where the generated tones are kept.
    pub data_dir: Option<std::path::PathBuf>,
    pub on_answers: Option<OnAnswers<'a>>,
}

/// How the session screen was left.
pub struct SessionResult {
    pub summary: Summary,
    pub finished: bool,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// Where the session's record went.
    pub saved: Option<crate::journal::Kept>,
    /// The session waits on disk to be picked up again.
    pub resumable: bool,
    /// Why a session never began, when that is all there is to say.
    pub farewell: Option<String>,
    /// The coach's last word in the session, to keep on the terminal.
    pub last_word: Option<String>,
}

impl SessionResult {
    /// What the terminal keeps after the screen is gone.
    pub fn summary_text(&self) -> String {
        if let Some(farewell) = &self.farewell {
            return farewell.clone();
        }
        if !self.finished {
            return if self.resumable {
                "Session interrupted: run rtr again to pick it up where it stopped.".into()
            } else {
                "Session interrupted before anything of it was saved.".into()
            };
        }
        let ended = match &self.summary.ending {
            Some(crate::workout::Ending::EndedEarly(reason)) => format!("ended early ({reason})"),
            _ => "complete".to_string(),
        };
        let pains: Vec<String> = self
            .summary
            .pain_reports
            .iter()
            .map(|r| format!("{}/10", r.pain))
            .collect();
        let mut text = format!(
            "Session {ended}: {} steps done, {} skipped, {} active, {} paused{}.",
            self.summary.done,
            self.summary.skipped,
            app::spent(self.summary.active),
            app::spent(self.summary.paused),
            if pains.is_empty() {
                String::new()
            } else {
                format!(", pain reported {}", pains.join(", "))
            }
        );
        if let Some(word) = &self.last_word {
            text.push('\n');
            text.push_str(word);
        }
        if let Some(note) = self.saved.as_ref().map(crate::journal::Kept::note)
            && !note.is_empty()
        {
            text.push('\n');
            text.push_str(&note);
        }
        text
    }
}

/// Runs a session full-screen until the runner leaves it. With a recorder
/// (a real session) it is checkpointed as it goes and recorded at its end.
pub fn run_session(
    mut app: App,
    mut options: SessionOptions,
    log: &crate::log::Log,
    mut recorder: Option<Recorder>,
) -> io::Result<SessionResult> {
    let (tx, rx) = mpsc::channel::<Wake>();
    let _signals = SessionSignals::take(tx.clone())?;
    let mut terminal = ratatui::try_init()?;
    restore_on_panic();
    spawn_input_thread(tx.clone());
    let settings = &options.settings;
    let mut cues = Cues::new(settings.bell, settings.notify, tx.clone());
    let sound = Sound::start(sound_setup(&app, &options), tx.clone());
    let mut awake = KeepAwake::hold(tx.clone());
    let mut paused_since: Option<Instant> = None;
    let theme = Theme::current();
    let clock = SessionClock::new(Instant::now(), options.speed);
    let mut sleep = SleepWatch::new();
    let mut signal = None;

    app.workout.set_countdown(settings.countdown);
    app.metronome_on = settings.metronome;
    let mut halfway = speech::Halfway::new(&app.workout, clock.session_time(Instant::now()));
    let mut events = app.begin(clock.session_time(Instant::now()));
    let mut was_paused = false;
    let mut key_pressed = false;
    loop {
        let real = Instant::now();
        let now = clock.session_time(real);
        if let Some(slept) = sleep.check() {
            log.write(&format!("the computer slept for {slept:?}; session paused"));
            app.slept(now, slept);
        }
        events.extend(app.workout.advance(now));
        let halfway_now = halfway.due(&app.workout, now);
        let said = announce(
            &mut cues,
            &sound,
            &app.workout,
            &events,
            halfway_now,
            |at| clock.real_time(at),
        );
        if halfway_now && !said {
            sound.say(speech::HALFWAY.into(), real, None);
        }
        if app.sync_metronome(now) {
            let beat = app
                .metronome
                .map(|m| (m.spm(), clock.real_time(m.at_or_after(now))));
            sound.clicks(beat);
        }
        app.observe(&events, now);
        if let Some(recorder) = recorder.as_mut() {
            record_answers(&mut app, &mut options, recorder, now);
            // Every key may have changed a fact (an answer, a pain report,
            // a skip): save it at once, durably.
            let changed = app.workout.is_paused() != was_paused || key_pressed;
            keep(recorder, &mut app, &events, changed, now, real, log);
        }
        keep_awake(&mut awake, &app.workout, &mut paused_since, real, &tx);
        was_paused = app.workout.is_paused();
        key_pressed = false;
        events.clear();
        terminal.draw(|frame| session_screen::render(frame, &app, now, theme))?;
        if app.quit {
            break;
        }
        // Sleep until the display next changes, a save is due, or input arrives.
        let display = app.workout.next_change(now).map(|due| clock.real_time(due));
        let beat = app.metronome.map(|m| clock.real_time(m.next(now)));
        let clock_runs =
            app.workout.is_started() && !app.workout.is_paused() && !app.workout.is_finished();
        // The clock's second wakes the loop, and saves with it; a rep set
        // has no clock on screen, so its time is saved on a wake of its own.
        let save = recorder
            .as_ref()
            .filter(|_| clock_runs && display.is_none())
            .map(|r| r.next_due(real));
        let let_sleep = paused_since
            .filter(|_| awake.is_held())
            .map(|since| since + LONG_PAUSE);
        let wake = match display
            .into_iter()
            .chain(beat)
            .chain(save)
            .chain(let_sleep)
            .min()
        {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(wake) => Some(wake),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(wake) => Some(wake),
                Err(_) => break,
            },
        };
        let now = clock.session_time(Instant::now());
        match wake {
            None => {}
            Some(Wake::Input(TermEvent::Key(key))) => {
                events = app.key(key, now);
                key_pressed = true;
            }
            Some(Wake::Input(_)) => {} // a resize: the next draw fits it
            Some(Wake::Signal(SIGINT)) => {
                // Like Ctrl-C: ask first.
                let ctrl_c =
                    event::KeyEvent::new(event::KeyCode::Char('c'), event::KeyModifiers::CONTROL);
                events = app.key(ctrl_c, now);
            }
            Some(Wake::Signal(sig)) => {
                // A closed window or a stop: keep where it stands, to resume.
                log.write(&format!("signal {sig}: leaving the session to be resumed"));
                if let Some(recorder) = recorder.as_mut() {
                    recorder.save(&app.workout, &app.asked(), now, Instant::now(), true);
                }
                signal = Some(sig);
                break;
            }
            Some(Wake::Notify(NotifyStatus::Failed(why))) => {
                log.write(&format!("desktop notification failed: {why}"));
                cues.notifications_failed();
                let text = "Desktop notifications are off: they could not be shown.";
                app.notice(text.into(), now);
            }
            Some(Wake::Awake(AwakeNote(why))) => {
                log.write(&format!("{MAY_SLEEP} ({why})"));
                app.notice(MAY_SLEEP.into(), now);
            }
            Some(Wake::Sound(SoundNote(note))) => {
                log.write(&note);
                app.notice(note, now);
            }
        }
    }
    let summary = app.workout.summary(clock.session_time(Instant::now()));
    restore();
    if let Some(lateness) = sound.finish().filter(|l| l.started > 0) {
        log.write(&format!("sound: {lateness}"));
    }
    Ok(SessionResult {
        summary,
        finished: app.workout.is_finished(),
        resumable: recorder.as_ref().is_some_and(Recorder::resumable),
        signal,
        saved: app.saved.take(),
        farewell: app.farewell.take(),
        last_word: app.last_word.take(),
    })
}

/// Once the answers after the run are in: record them, show the decision;
/// and record the other facts the session gathered.
fn record_answers(
    app: &mut App,
    options: &mut SessionOptions,
    recorder: &mut Recorder,
    now: Instant,
) {
    let Some(on_answers) = options.on_answers.as_mut() else {
        return;
    };
    let store = recorder.store();
    for note in std::mem::take(&mut app.notes) {
        let report = match note {
            app::Note::NotReady {
                before,
                usual,
                reason,
            } => Report::NotReady {
                before,
                usual,
                reason,
            },
            app::Note::RanAnyway { reason } => Report::RanAnyway { reason },
        };
        let unsaved = on_answers(report, store);
        if !unsaved.is_empty() {
            app.status = Some(unsaved);
        }
    }
    let ended_early = match app.workout.ending() {
        Some(crate::workout::Ending::EndedEarly(reason)) => Some(reason.clone()),
        _ => None,
    };
    let reports = app.part_reports();
    let workout = &app.workout;
    if let Some(questions) = app.questions.as_mut()
        && questions.complete
        && questions.decision.is_none()
    {
        let spent = workout.spent_now(now);
        let report = RunReport {
            answers: &questions.answers,
            ended_early: ended_early.as_deref(),
            reports: reports
                .iter()
                .copied()
                .filter(|r| r.part != Part::Circuit)
                .collect(),
            main_run: crate::coach::counts::main_run(workout.steps(), workout.outcomes(), &spent),
        };
        let decision = on_answers(Report::Run(report), store);
        app.last_word = Some(decision.clone());
        questions.decision = Some(decision);
        questions.complete = false; // recorded: once only
        app.recorded.run = true;
    }
    if let Some(questions) = app.questions.as_mut()
        && let Some(pain) = questions.answers.after_circuit.take()
    {
        let highest_report = reports
            .iter()
            .filter(|r| r.part == Part::Circuit)
            .map(|r| r.pain)
            .max();
        let report = Report::Circuit {
            pain,
            highest_report,
        };
        let text = on_answers(report, store);
        // The coach's word on the circuit waits for a key, like the run's.
        questions.decision = Some(text.clone());
        app.last_word = Some(text);
        app.recorded.circuit = true;
    }
}

/// The recorder's part of a loop turn: the session's record when its steps
/// end; the checkpoint at once (fsynced) when a fact changed, every second
/// while the clock runs, and gone once nothing is left to ask.
fn keep(
    recorder: &mut Recorder,
    app: &mut App,
    events: &[Event],
    changed: bool,
    now: Instant,
    real: Instant,
    log: &crate::log::Log,
) {
    recorder.set_instead(app.info.instead);
    if events.contains(&Event::Finished) {
        if !app.workout.ran() || app.discarded {
            // Left before it began, or discarded: nothing of it counts.
            let kept = recorder.discard(&app.asked());
            if let crate::journal::Kept::Elsewhere(..) | crate::journal::Kept::Lost(..) = kept {
                app.status = Some(kept.note());
            }
            return;
        }
        let kept = recorder.record_session(&app.workout, now);
        if kept != crate::journal::Kept::Journal {
            log.write(&format!("the session's record: {}", kept.note()));
        }
        app.recorded.session = true;
        app.saved = Some(kept);
    }
    if app.settled() {
        recorder.settle();
        return;
    }
    let durable = changed || !events.is_empty();
    if !durable && real < recorder.next_due(real) {
        return;
    }
    if let Some(message) = recorder.save(&app.workout, &app.asked(), now, real, durable) {
        log.write(&message);
        app.status = Some(message);
    }
}

/// Holds the laptop awake while the session runs; lets go when it ends or
/// after a long pause, and takes hold again when it goes on.
fn keep_awake(
    awake: &mut KeepAwake,
    workout: &Workout,
    paused_since: &mut Option<Instant>,
    real: Instant,
    tx: &mpsc::Sender<Wake>,
) {
    if workout.is_finished() {
        awake.release();
        return;
    }
    if workout.is_paused() {
        let since = *paused_since.get_or_insert(real);
        if real >= since + LONG_PAUSE {
            awake.release();
        }
        return;
    }
    if paused_since.take().is_some() && !awake.is_held() {
        *awake = KeepAwake::hold(tx.clone());
    }
}

/// What the sound needs before the session: what is on, where the tones go,
/// and the cadences the runs may click at.
fn sound_setup(app: &App, options: &SessionOptions) -> SoundSetup {
    let mut cadences: Vec<u32> = app
        .workout
        .steps()
        .iter()
        .filter_map(|s| s.cadence?.spm(app.info.own_cadence))
        .collect();
    cadences.sort_unstable();
    cadences.dedup();
    // Ready even with the metronome off: `m` may turn it on.
    let beats = options.speed == 1;
    SoundSetup {
        tones: options.settings.sound,
        voice: options.settings.voice,
        dir: options.data_dir.clone(),
        cadences: if beats { cadences } else { Vec::new() },
    }
}

/// At every change: the bell, a tone, the words and a notification; on the
/// 3-2-1 the bell and a tick. `real` turns a session instant into a real one.
/// With `halfway`, the words of a change say it too; true if they did.
fn announce(
    cues: &mut Cues,
    sound: &Sound,
    workout: &Workout,
    events: &[Event],
    halfway: bool,
    real: impl Fn(Instant) -> Instant,
) -> bool {
    let now = Instant::now();
    let mut said_halfway = false;
    for event in events {
        match event {
            Event::PhaseChanged(index) => {
                cues.bell(&mut io::stdout());
                let steps = workout.steps();
                let step = &steps[*index];
                // The change was due when the step started (later for a
                // step already passed over in the same turn).
                let due = match workout.step_started() {
                    Some(started) if *index == workout.index() => real(started),
                    _ => now,
                };
                let cue = match step.phase {
                    Phase::Walk | Phase::Rest => Cue::Easy,
                    _ => Cue::Go,
                };
                sound.tone(cue, due);
                let mut words = speech::step_words(steps, *index);
                if halfway && *index == workout.index() {
                    words = format!("{words}. {}", speech::HALFWAY);
                    said_halfway = true;
                }
                sound.say(words, due, Some(cue));
                cues.notify(
                    &format!("{} {}", theme::phase_word(step.phase), step.length),
                    &step.label,
                );
            }
            Event::Countdown(left) => {
                cues.bell(&mut io::stdout());
                let due = workout
                    .remaining(now)
                    .map(|remaining| now + remaining)
                    .and_then(|deadline| deadline.checked_sub(Duration::from_secs((*left).into())))
                    .map_or(now, &real);
                sound.tone(Cue::Tick, due);
            }
            Event::Finished => {
                cues.bell(&mut io::stdout());
                sound.tone(Cue::End, now);
                sound.say(speech::SESSION_COMPLETE.into(), now, Some(Cue::End));
                cues.notify("Session complete", "rtr");
            }
        }
    }
    said_halfway
}

/// Leaves the alternate screen and raw mode and shows the cursor; safe to
/// call more than once, and on a terminal that is already gone.
pub fn restore() {
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), cursor::Show);
    let _ = io::stdout().flush();
}

/// Puts the terminal back before the panic message prints, cursor included.
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn spawn_input_thread(tx: mpsc::Sender<Wake>) {
    // Blocks in read(): no wake-ups but for real input and resizes.
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = event::read() {
                if tx.send(Wake::Input(event)).is_err() {
                    return;
                }
            }
        });
}

/// Where the signals go while a session runs: its loop, which saves where
/// it stands before it leaves.
static SESSION_SIGNALS: std::sync::Mutex<Option<mpsc::Sender<Wake>>> = std::sync::Mutex::new(None);

/// Catches SIGTERM, SIGHUP and SIGINT for every full-screen view, once: a
/// session's loop gets them; anywhere else the terminal is put back
/// (cooked mode, main screen, cursor shown) and rtr exits 128 + the signal.
pub fn catch_signals() -> io::Result<()> {
    static CAUGHT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    if CAUGHT.get().is_some() {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let session = SESSION_SIGNALS.lock().ok().and_then(|s| s.clone());
                match session {
                    Some(tx) if tx.send(Wake::Signal(signal)).is_ok() => {}
                    _ => {
                        restore();
                        std::process::exit(128 + signal);
                    }
                }
            }
        })?;
    let _ = CAUGHT.set(());
    Ok(())
}

/// The session's loop takes the signals until it is dropped.
struct SessionSignals;

impl SessionSignals {
    fn take(tx: mpsc::Sender<Wake>) -> io::Result<SessionSignals> {
        catch_signals()?;
        if let Ok(mut session) = SESSION_SIGNALS.lock() {
            *session = Some(tx);
        }
        Ok(SessionSignals)
    }
}

impl Drop for SessionSignals {
    fn drop(&mut self) {
        if let Ok(mut session) = SESSION_SIGNALS.lock() {
            *session = None;
        }
    }
}
