//! `rtr run [W.S] [--speed N]`: one session, full-screen; and picking up a
//! session that was interrupted.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::EXIT_INVALID;
use crate::coach::records::{CircuitPain, Record, RunAnswers, facts};
use crate::coach::replay::next_as_of;
use crate::journal::{
    CHECKPOINT_MAX_AGE_HOURS, Checkpoint, DataLock, Journal, LockError, Recorder, SessionHeader,
    now_local, record_interrupted, session_id,
};
use crate::log::Log;
use crate::program::{Program, SessionId};
use crate::tui::app::{App, clock};
use crate::tui::resume_screen::{self, ResumeChoice};
use crate::tui::{self, OnAnswers, Report, SessionOptions, SessionResult};
use crate::workout::{Length, PainThresholds, SessionInfo, Workout, session_workout_easing};

pub struct RunOptions {
    pub session: Option<SessionId>,
    pub speed: Option<u32>,
    pub settings: crate::config::Settings,
    pub data_dir: Option<PathBuf>,
}

impl RunOptions {
    fn session_options(&self) -> SessionOptions<'static> {
        SessionOptions {
            speed: self.speed.unwrap_or(1),
            settings: self.settings.clone(),
            data_dir: data_dir(self.data_dir.as_deref()),
            on_answers: None,
        }
    }
}

pub fn run(program: &Program, options: RunOptions) -> ExitCode {
    if let Some(id) = options.session
        && program.session(id).is_none()
    {
        eprintln!("{}", no_such_session(program, id));
        return ExitCode::from(EXIT_INVALID);
    }
    if let Some(speed) = options.speed {
        // A rehearsal writes nothing but the log, and needs no lock.
        let id = options.session.unwrap_or(SessionId {
            week: 1,
            session: 1,
        });
        let Some((workout, mut info)) = prepare(program, id, Some(speed), &[]) else {
            return ExitCode::from(EXIT_INVALID);
        };
        let dir = data_dir(options.data_dir.as_deref());
        // The history is read only when a run is set above the runner's cadence.
        if super::cadence::needed(workout.steps()).is_some() {
            let records = super::coach::load_records(dir.as_deref()).unwrap_or_default();
            info.own_cadence = crate::coach::records::own_cadence(&records).map(|c| c.spm);
        }
        let log = dir.map_or(Log::none(), |d| Log::open(&d));
        let app = App::new(workout, info);
        return finish(tui::run_session(app, options.session_options(), &log, None));
    }
    let writer = match writer(options.data_dir.as_deref()) {
        Ok(writer) => writer,
        Err(code) => return code,
    };
    let (dir, log) = (&writer.dir, &writer.log);
    // The history is read once: for the morning question, then the coach.
    let mut records = super::coach::load_records(Some(dir)).unwrap_or_default();
    super::morning::ask_if_due(program, dir, log, &mut records);
    match offer_resume(program, dir, log, &options) {
        Offer::Ran(result) => return finish(result),
        Offer::Later => return ExitCode::SUCCESS,
        Offer::Nothing => {}
    }
    // The coach's next session unless the runner names one; before the
    // coach's day it asks first, and the choice is recorded.
    let today = chrono::Local::now().date_naive();
    let replayed = crate::coach::replay::replay(program, &facts(&records));
    let coach = next_as_of(&replayed, &program.rules, today);
    let id = options
        .session
        .or(coach.as_ref().map(|(next, _, _)| *next))
        .unwrap_or(SessionId {
            week: 1,
            session: 1,
        });
    if program.session(id).is_none() {
        eprintln!("{}", no_such_session(program, id));
        return ExitCode::from(EXIT_INVALID);
    }
    if let Some((_, earliest, _)) = coach
        && earliest > today
        && !super::home::start_early(dir, id, earliest, today)
    {
        return ExitCode::SUCCESS;
    }
    let last = Journal::new(dir).last_session().ok().flatten();
    let painful = crate::coach::records::painful_exercises(last.as_ref());
    let Some((workout, mut info)) = prepare(program, id, None, &painful) else {
        return ExitCode::from(EXIT_INVALID);
    };
    info.own_cadence = super::cadence::ask_if_needed(workout.steps(), dir, &mut records);
    let header = SessionHeader {
        id: session_id(),
        program_hash: program.source_hash.clone(),
        session: id,
        started: now_local(),
        resumed: false,
        info: info.clone(),
    };
    let mut recorder = Recorder::new(dir, header);
    if writer.warning.is_some() {
        recorder = recorder.already_warned();
    }
    let mut app = App::new(workout, info).with_questions();
    app.status = writer.warning.clone();
    let session_options = SessionOptions {
        on_answers: Some(record_answers(program, dir, recorder.header())),
        ..options.session_options()
    };
    finish(tui::run_session(app, session_options, log, Some(recorder)))
}

/// The session's workout (with advice on exercises that hurt last time) and
/// what its screen says; None, said on stderr, when there is no such session.
fn prepare(
    program: &Program,
    id: SessionId,
    rehearsal: Option<u32>,
    painful: &[String],
) -> Option<(Workout, SessionInfo)> {
    let (Some(workout), Some(session)) = (
        session_workout_easing(program, id, painful),
        program.session(id),
    ) else {
        eprintln!("{}", no_such_session(program, id));
        return None;
    };
    let info = SessionInfo {
        program: program.name.clone(),
        title: match &session.name {
            Some(name) => format!("{id} · {name}"),
            None => format!("week {} session {}", id.week, id.session),
        },
        pain_site: program.pain_site.clone(),
        speed_unit: program.speed_unit,
        rehearsal,
        red_pain: program.rules.red_pain,
        stop_pain: program.rules.stop_pain,
        own_cadence: None,
    };
    Some((workout, info))
}

/// Records the answers after a run beside its session, and returns the
/// coach's decision, replayed from the whole history.
fn record_answers<'a>(program: &'a Program, dir: &Path, header: &SessionHeader) -> OnAnswers<'a> {
    let dir = dir.to_path_buf();
    let (session_id, session, started) = (header.id.clone(), header.session, header.started);
    // What the journal would not take goes beside the session's own record.
    let keep = move |dir: &Path, record: &Record| match Journal::new(dir).append(record) {
        Ok(()) => String::new(),
        Err(err) => match crate::journal::write_elsewhere(dir, started, record) {
            Ok(path) => format!(
                " (The history could not be written ({err}); saved to {}.)",
                path.display()
            ),
            Err(text) => format!(" (The history could not be written ({err}): {text})"),
        },
    };
    Box::new(move |report: Report| {
        let (answers, ended_early) = match report {
            Report::Run(answers, ended_early) => (answers, ended_early),
            Report::Circuit(pain) => {
                let record = Record::CircuitPain(CircuitPain {
                    session_id: session_id.clone(),
                    pain,
                });
                return keep(&dir, &record);
            }
        };
        let record = Record::Answers(RunAnswers {
            session_id: session_id.clone(),
            session,
            date: chrono::Local::now().date_naive(),
            before: answers.before.unwrap_or(0),
            after_warmup: answers.after_warmup,
            worst: answers.worst.unwrap_or(0),
            after: answers.now.unwrap_or(0),
            swelling_or_limp: answers.swelling_or_limp.unwrap_or(false),
            stopped_for_pain: ended_early == Some("pain"),
            completed: ended_early.is_none(),
            red_flags: answers.red_flags.clone(),
        });
        let mut records = super::coach::load_records(Some(&dir)).unwrap_or_default();
        let unsaved = keep(&dir, &record);
        records.push(record);
        let replayed = crate::coach::replay::replay(program, &facts(&records));
        super::coach::decision_text(&replayed) + &unsaved
    })
}

/// `rtr` with no subcommand: first the morning question if it is due, then
/// an interrupted session, if there is one.
/// Returns None when there was nothing to offer.
pub fn morning_and_resume(program: &Program, options: &RunOptions) -> Option<ExitCode> {
    let dir = crate::paths::data_dir(options.data_dir.as_deref())?;
    let has = |file: &str| dir.join(file).exists();
    if !has(crate::journal::CHECKPOINT_FILE) && !has(crate::journal::JOURNAL_FILE) {
        return None;
    }
    let writer = match writer(Some(&dir)) {
        Ok(writer) => writer,
        Err(code) => return Some(code),
    };
    let mut records = super::coach::load_records(Some(&writer.dir)).unwrap_or_default();
    super::morning::ask_if_due(program, &writer.dir, &writer.log, &mut records);
    match offer_resume(program, &writer.dir, &writer.log, options) {
        Offer::Ran(result) => Some(finish(result)),
        Offer::Later => Some(ExitCode::SUCCESS),
        Offer::Nothing => None,
    }
}

fn data_dir(chosen: Option<&Path>) -> Option<PathBuf> {
    let dir = crate::paths::data_dir(chosen)?;
    crate::paths::ensure_private_dir(&dir).ok()?;
    Some(dir)
}

/// Where a recording session writes: the data dir, its log, its lock, and
/// what to say on screen if the dir cannot be written.
struct Writer {
    dir: PathBuf,
    log: Log,
    _lock: Option<DataLock>,
    warning: Option<String>,
}

/// Takes the data dir for a session. Only another running session stops it:
/// a dir that cannot be written (read-only, full) still lets the session run,
/// and its record goes elsewhere when it ends.
fn writer(chosen: Option<&Path>) -> Result<Writer, ExitCode> {
    let Some(dir) = crate::paths::data_dir(chosen) else {
        eprintln!(
            "rtr: no place for the history: set --data-dir or RTR_DATA_DIR (HOME is not set)"
        );
        return Err(ExitCode::from(EXIT_INVALID));
    };
    let cannot = |err: &dyn std::fmt::Display| {
        Some(format!(
            "Cannot write the history ({err}); the session runs anyway."
        ))
    };
    let (lock, warning) = match crate::paths::ensure_private_dir(&dir) {
        Err(err) => (None, cannot(&err)),
        Ok(()) => match DataLock::acquire(&dir) {
            Ok(lock) => (Some(lock), None),
            Err(err @ LockError::Held(_)) => {
                eprintln!(
                    "rtr: {err}. `rtr plan` and `rtr history` work; a second session cannot start until it ends."
                );
                return Err(ExitCode::from(EXIT_INVALID));
            }
            Err(LockError::Io(err)) => (None, cannot(&err)),
        },
    };
    Ok(Writer {
        log: Log::open(&dir),
        dir,
        _lock: lock,
        warning,
    })
}

enum Offer {
    /// There was none, or it is settled (recorded or discarded).
    Nothing,
    /// The runner resumed it; this is how it went.
    Ran(io::Result<SessionResult>),
    /// The runner wants to decide later.
    Later,
}

fn offer_resume(program: &Program, dir: &Path, log: &Log, options: &RunOptions) -> Offer {
    let checkpoint = match Checkpoint::load(dir) {
        Ok(Some(Ok(checkpoint))) => checkpoint,
        Ok(Some(Err(message))) => {
            eprintln!("rtr: {message}");
            log.write(&message);
            return Offer::Nothing;
        }
        Ok(None) => return Offer::Nothing,
        Err(err) => {
            eprintln!("rtr: cannot read the checkpoint of an interrupted session: {err}");
            return Offer::Nothing;
        }
    };
    // Recorded already (rtr stopped between the record and removing this).
    if Journal::new(dir)
        .recent_has_session(&checkpoint.header.id)
        .unwrap_or(false)
    {
        let _ = Checkpoint::remove(dir);
        return Offer::Nothing;
    }
    let what = describe(&checkpoint);
    let age = now_local().signed_duration_since(checkpoint.saved);
    if age > chrono::Duration::hours(CHECKPOINT_MAX_AGE_HOURS) {
        let reason = format!("interrupted and not resumed within {CHECKPOINT_MAX_AGE_HOURS} hours");
        match record_interrupted(dir, checkpoint, &reason) {
            Ok(()) => eprintln!(
                "rtr: {what}\nIt is more than {CHECKPOINT_MAX_AGE_HOURS} hours old, so it is recorded as ended early."
            ),
            Err(err) => eprintln!(
                "rtr: {what}\nIt could not be recorded ({err}); it stays to be recorded later."
            ),
        }
        return Offer::Nothing;
    }
    let choice = match resume_screen::ask(&what) {
        Ok(choice) => choice,
        Err(err) => {
            eprintln!("rtr: {what}\nThe question needs a terminal ({err}); it stays for later.");
            return Offer::Later;
        }
    };
    match choice {
        ResumeChoice::Resume => {
            let thresholds = PainThresholds {
                red: checkpoint.header.info.red_pain,
                stop: checkpoint.header.info.stop_pain,
            };
            let workout = Workout::resume_from(checkpoint.snapshot, thresholds, Instant::now());
            let header = SessionHeader {
                resumed: true,
                ..checkpoint.header
            };
            let app = App::new(workout, header.info.clone()).with_questions();
            let session_options = SessionOptions {
                on_answers: Some(record_answers(program, dir, &header)),
                ..options.session_options()
            };
            let recorder = Recorder::new(dir, header);
            Offer::Ran(tui::run_session(app, session_options, log, Some(recorder)))
        }
        ResumeChoice::RecordEnded => {
            if let Err(err) = record_interrupted(dir, checkpoint, "interrupted") {
                eprintln!("rtr: it could not be recorded ({err}); it stays to be recorded later.");
                return Offer::Later;
            }
            Offer::Nothing
        }
        ResumeChoice::Discard => {
            let _ = Checkpoint::remove(dir);
            log.write("an interrupted session was discarded");
            Offer::Nothing
        }
        ResumeChoice::Later => Offer::Later,
    }
}

/// "Return to run week 2 session 1: stopped at interval 4, run, 0:35 left, 12 min ago."
fn describe(checkpoint: &Checkpoint) -> String {
    let snapshot = &checkpoint.snapshot;
    let info = &checkpoint.header.info;
    let mut place = Vec::new();
    if let Some(step) = snapshot.steps.get(snapshot.index) {
        if let Some(interval) = step.interval {
            place.push(format!("interval {}", interval.index));
        }
        if let Some(set) = step.set {
            place.push(format!("{}, set {}", step.label, set.index));
        }
        place.push(crate::tui::theme::phase_word(step.phase).to_lowercase());
        match (step.length, snapshot.remaining) {
            (Length::Seconds(_), Some(left)) => place.push(format!("{} left", clock(left))),
            (Length::Reps(reps), _) => place.push(format!("{reps} reps")),
            _ => {}
        }
    }
    let ago = now_local()
        .signed_duration_since(checkpoint.saved)
        .num_minutes()
        .max(0);
    format!(
        "{} {}: stopped at {}, {} ago.",
        info.program,
        info.title,
        place.join(", "),
        if ago < 90 {
            format!("{ago} min")
        } else {
            format!("{} h", ago / 60)
        }
    )
}

fn finish(result: io::Result<SessionResult>) -> ExitCode {
    match result {
        Ok(result) => {
            println!("{}", result.summary_text());
            match result.signal {
                Some(signal) => ExitCode::from(128 + signal as u8),
                None => ExitCode::SUCCESS,
            }
        }
        Err(err) => {
            tui::restore();
            eprintln!("rtr: the session screen needs a terminal: {err}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn no_such_session(program: &Program, id: SessionId) -> String {
    let last_week = program.weeks.len();
    let sessions = program
        .weeks
        .get(id.week as usize - 1)
        .map(|w| w.sessions.len());
    match sessions {
        Some(n) => format!(
            "rtr: there is no session {id} in \"{}\": week {} has sessions 1 to {n}",
            program.name, id.week
        ),
        None => format!(
            "rtr: there is no session {id} in \"{}\": it has weeks 1 to {last_week}",
            program.name
        ),
    }
}
