//! Sound cues: tones, speech and the cadence click, played by the system's
//! own programs from a thread of their own, so the screen never waits.

pub mod players;
pub mod speech;
pub mod tones;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use players::{PLAYERS, Program, VOICES};
pub use tones::Cue;

/// A message for the screen, each shown once.
#[derive(Debug)]
pub struct SoundNote(pub String);

/// What the session asks of the sound.
#[derive(Debug, Clone, Default)]
pub struct SoundSetup {
    pub tones: bool,
    pub voice: bool,
    /// Where the generated WAVs are kept.
    pub dir: Option<PathBuf>,
    /// The cadences the session's runs may click at, prepared up front.
    pub cadences: Vec<u32>,
}

/// What the sound thread is asked to play.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Tone(Cue, Instant),
    Say(String, Instant),
    /// Click at `spm` from the instant given, or stop clicking.
    Clicks(Option<(u32, Instant)>),
    /// The session is over: stop, even while a handle lives on.
    Finish,
}

/// How late the players were started, after their due times.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Lateness {
    pub started: u32,
    pub max: Duration,
    pub total: Duration,
}

impl std::fmt::Display for Lateness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mean = self.total / self.started.max(1);
        write!(
            f,
            "{} sounds started, on average {:.1} ms and at most {:.1} ms after they were due",
            self.started,
            mean.as_secs_f64() * 1e3,
            self.max.as_secs_f64() * 1e3
        )
    }
}

pub struct Sound {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<Lateness>>,
}

/// Plays through the sound thread of a [`Sound`].
pub struct SoundHandle {
    jobs: Option<Sender<Job>>,
}

impl SoundHandle {
    /// Clicks every step at `spm` from `from`, or stops the clicks.
    pub fn clicks(&self, plan: Option<(u32, Instant)>) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Clicks(plan));
        }
    }
}

/// Speech starts this long after the tone it follows has ended.
const SPEECH_GAP: Duration = Duration::from_millis(100);

impl Sound {
    /// No sound at all.
    pub fn off() -> Sound {
        Sound {
            jobs: None,
            thread: None,
        }
    }

    /// A sound whose jobs are handed to the receiver, unplayed: what a
    /// session asks of its sound, seen by a test.
    pub fn heard_by() -> (Sound, mpsc::Receiver<Job>) {
        let (jobs, receiver) = mpsc::channel();
        let sound = Sound {
            jobs: Some(jobs),
            thread: None,
        };
        (sound, receiver)
    }

    /// Finds the player and the voice, writes the tones, and starts the
    /// thread. What is missing is said once through `report`.
    pub fn start<T>(setup: SoundSetup, report: Sender<T>) -> Sound
    where
        T: From<SoundNote> + Send + 'static,
    {
        let note = |text: String| {
            let _ = report.send(SoundNote(text).into());
        };
        let player = setup.tones.then(|| players::find(&PLAYERS)).flatten();
        if setup.tones && player.is_none() {
            note(format!(
                "No audio player found ({}): only the bell is available.",
                players::names(&PLAYERS)
            ));
        }
        let voice = if setup.voice {
            let found = players::find(&VOICES);
            if found.is_none() {
                note(format!(
                    "No voice: install {} to hear the cues spoken.",
                    players::names(&VOICES)
                ));
            }
            found
        } else {
            None
        };
        if player.is_none() && voice.is_none() {
            return Sound::off();
        }
        let (jobs, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new().name("sound".into()).spawn({
            let report = report.clone();
            move || {
                let note = move |text| {
                    let _ = report.send(SoundNote(text).into());
                };
                // Written here, not before the session's first frame.
                let player = player.and_then(|player| {
                    match write_tones(setup.dir.as_deref(), &setup.cadences) {
                        Ok(dir) => Some((player, dir)),
                        Err(why) => {
                            note(format!("No sound: {why}. Only the bell is available."));
                            None
                        }
                    }
                });
                Speaker::new(player, voice, note).serve(&receiver)
            }
        });
        match thread {
            Ok(thread) => Sound {
                jobs: Some(jobs),
                thread: Some(thread),
            },
            Err(_) => Sound::off(),
        }
    }

    pub fn tone(&self, cue: Cue, due: Instant) {
        self.send(Job::Tone(cue, due));
    }

    /// Speaks after the tone of the same moment, if there is one.
    pub fn say(&self, text: String, due: Instant, after: Option<Cue>) {
        let wait = after.map_or(Duration::ZERO, |cue| {
            Duration::from_millis(u64::from(cue.millis())) + SPEECH_GAP
        });
        self.send(Job::Say(text, due + wait));
    }

    /// Clicks every step at `spm` from `from`, or stops the clicks.
    pub fn clicks(&self, plan: Option<(u32, Instant)>) {
        self.send(Job::Clicks(plan));
    }

    /// A handle for another part of the session to play through (the
    /// metronome's clicks).
    pub fn handle(&self) -> SoundHandle {
        SoundHandle {
            jobs: self.jobs.clone(),
        }
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Stops the clicks, lets the thread end, and says how late it was.
    pub fn finish(mut self) -> Option<Lateness> {
        self.send(Job::Finish);
        self.jobs = None;
        self.thread.take()?.join().ok()
    }
}

/// Writes each tone (and each click track) once: a file that already holds
/// the same bytes is left alone.
fn write_tones(dir: Option<&Path>, cadences: &[u32]) -> Result<PathBuf, String> {
    let dir = dir.ok_or("no folder to keep the tones in")?.join("sounds");
    crate::safe_fs::create_private_dir_all(&dir)
        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    let files = Cue::ALL
        .iter()
        .map(|cue| (cue.file_name().to_string(), cue.wav()));
    for (name, bytes) in files {
        write_if_changed(&dir.join(name), &bytes)?;
    }
    for spm in cadences {
        let path = dir.join(click_file(*spm));
        if !path.exists() {
            write_if_changed(&path, &tones::click_track(*spm))?;
        }
    }
    Ok(dir)
}

fn click_file(spm: u32) -> String {
    format!("click-{spm}.wav")
}

/// Writes a sound file of the data dir, 0600 whatever the umask, never
/// through a link planted in its place.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let same = crate::safe_fs::open_private_read(path).is_ok_and(|mut file| {
        let mut old = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut old).is_ok() && old == bytes
    });
    if same {
        return Ok(());
    }
    crate::safe_fs::open_private_write_truncate(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, bytes))
        .map_err(|err| format!("cannot write {}: {err}", crate::safe_fs::shown(path)))
}

/// A running player or voice, and what it was for.
struct Playing {
    child: Child,
    voice: bool,
}

/// The sound thread's state.
struct Speaker<F: FnMut(String)> {
    player: Option<(Program, PathBuf)>,
    voice: Option<Program>,
    note: F,
    playing: Vec<Playing>,
    clicks: Option<Child>,
    /// The cadence and when the click track is next started again.
    click_plan: Option<(u32, Instant)>,
    speech: Vec<(Instant, String)>,
    lateness: Lateness,
}

/// A finished player is checked this often while one plays: a failing one
/// is reported soon after the cue.
const REAP_EVERY: Duration = Duration::from_millis(250);

impl<F: FnMut(String)> Speaker<F> {
    fn new(player: Option<(Program, PathBuf)>, voice: Option<Program>, note: F) -> Self {
        Speaker {
            player,
            voice,
            note,
            playing: Vec::new(),
            clicks: None,
            click_plan: None,
            speech: Vec::new(),
            lateness: Lateness::default(),
        }
    }

    fn serve(&mut self, jobs: &Receiver<Job>) -> Lateness {
        loop {
            self.reap();
            let next = self
                .speech
                .iter()
                .map(|(due, _)| *due)
                .chain(self.click_plan.map(|(_, at)| at))
                .chain((!self.playing.is_empty()).then(|| Instant::now() + REAP_EVERY))
                .min();
            let job = match next {
                Some(due) => {
                    match jobs.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(job) => Some(job),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
                None => match jobs.recv() {
                    Ok(job) => Some(job),
                    Err(_) => break,
                },
            };
            match job {
                Some(Job::Tone(cue, due)) => self.play_tone(cue, due),
                Some(Job::Say(text, due)) => self.speech.push((due, text)),
                Some(Job::Clicks(plan)) => {
                    self.stop_clicks();
                    self.click_plan = plan;
                }
                Some(Job::Finish) => break,
                None => {}
            }
            self.run_due(Instant::now());
        }
        self.stop_clicks();
        self.lateness
    }

    fn run_due(&mut self, now: Instant) {
        let (due, later): (Vec<_>, Vec<_>) = self.speech.drain(..).partition(|(at, _)| *at <= now);
        self.speech = later;
        for (at, text) in due {
            self.speak(&text, at);
        }
        if let Some((spm, at)) = self.click_plan
            && at <= now
        {
            // The previous track ends by itself: its last click is past.
            if let Some(previous) = self.clicks.take() {
                self.playing.push(Playing {
                    child: previous,
                    voice: false,
                });
            }
            self.click_plan = Some((
                spm,
                at + Duration::from_secs(tones::CLICK_TRACK_SECS.into()),
            ));
            if let Some((player, dir)) = &self.player {
                let file = dir.join(click_file(spm));
                if let Some(child) = self.spawn(player.clone(), file.as_os_str(), at, false) {
                    self.clicks = Some(child);
                }
            }
        }
    }

    fn play_tone(&mut self, cue: Cue, due: Instant) {
        if let Some((player, dir)) = &self.player {
            let file = dir.join(cue.file_name());
            if let Some(child) = self.spawn(player.clone(), file.as_os_str(), due, false) {
                self.playing.push(Playing {
                    child,
                    voice: false,
                });
            }
        }
    }

    fn speak(&mut self, text: &str, due: Instant) {
        if let Some(voice) = self.voice.clone()
            && let Some(child) = self.spawn(voice, text.as_ref(), due, true)
        {
            self.playing.push(Playing { child, voice: true });
        }
    }

    /// Starts a player and notes how late it started.
    fn spawn(
        &mut self,
        program: Program,
        input: &std::ffi::OsStr,
        due: Instant,
        voice: bool,
    ) -> Option<Child> {
        let spawned = Command::new(&program.path)
            .args(program.args)
            .arg(input)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => {
                let late = Instant::now().saturating_duration_since(due);
                self.lateness.started += 1;
                self.lateness.total += late;
                self.lateness.max = self.lateness.max.max(late);
                Some(child)
            }
            Err(err) => {
                self.failed(voice, &program.name(), &err.to_string());
                None
            }
        }
    }

    /// Collects finished players; one that failed turns its kind off.
    fn reap(&mut self) {
        let mut failures = Vec::new();
        self.playing
            .retain_mut(|playing| match playing.child.try_wait() {
                Ok(None) => true,
                Ok(Some(status)) if status.success() => false,
                Ok(Some(status)) => {
                    let mut why = String::new();
                    if let Some(mut stderr) = playing.child.stderr.take() {
                        let _ = std::io::Read::read_to_string(&mut stderr, &mut why);
                    }
                    let why = why
                        .lines()
                        .rfind(|l| !l.trim().is_empty())
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    let why = if why.is_empty() {
                        status.to_string()
                    } else {
                        why
                    };
                    failures.push((playing.voice, why));
                    false
                }
                Err(_) => false,
            });
        for (voice, why) in failures {
            let name = if voice {
                self.voice.as_ref().map(Program::name)
            } else {
                self.player.as_ref().map(|(p, _)| p.name())
            };
            if let Some(name) = name {
                self.failed(voice, &name, &why);
            }
        }
    }

    /// Says once what failed, and stops using it.
    fn failed(&mut self, voice: bool, name: &str, why: &str) {
        if voice {
            if self.voice.take().is_some() {
                (self.note)(format!("The voice stopped: {name} failed ({why})."));
            }
        } else if self.player.take().is_some() {
            self.stop_clicks();
            (self.note)(format!(
                "Sound stopped: {name} failed ({why}). Only the bell is available."
            ));
        }
    }

    fn stop_clicks(&mut self) {
        self.click_plan = None;
        if let Some(mut clicks) = self.clicks.take() {
            let _ = clicks.kill();
            let _ = clicks.wait();
        }
    }
}
