//! `rtr run [W.S] [--speed N]`: one session, full-screen; and picking up a
//! session that was interrupted.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::EXIT_INVALID;
use super::enroll::{OtherProgram, ask_one_off_or_switch, enroll};
use crate::coach::Fact;
use crate::coach::MainRun;
use crate::coach::counts::{PartPain, main_run};
use crate::coach::light::{CircuitVerdict, circuit_verdict};
use crate::coach::questions::Answers;
use crate::coach::ready::usual_before;
use crate::coach::records::{
    CircuitPain, NotReadyRecord, OverrideRecord, Record, RunAnswers, own_cadence, painful_exercises,
};
use crate::coach::replay::{Standing, next_as_of, replay, week_down};
use crate::journal::{
    CHECKPOINT_MAX_AGE_HOURS, Checkpoint, Journal, Kept, Recorder, SessionHeader, Store, now_local,
    record_interrupted, session_id, void,
};
use crate::log::Log;
use crate::program::{Program, SessionId};
use crate::tui::app::App;
use crate::tui::app::Readiness;
use crate::tui::resume_screen::{self, ResumeChoice};
use crate::tui::term::{notice, say};
use crate::tui::{self, OnAnswers, Report, SessionOptions, SessionResult, prompt};
use crate::workout::{
    Ending, Instead, Length, Outcome, PainThresholds, Part, SessionInfo, Workout, circuit_workout,
    session_workout_easing,
};

#[derive(Clone)]
pub struct RunOptions {
    pub session: Option<SessionId>,
    pub speed: Option<u32>,
    pub settings: crate::config::Settings,
    pub data_dir: Option<PathBuf>,
    /// The id of the program the plan follows.
    pub enrolled: String,
    /// The program's file, None for the built-in program.
    pub program_path: Option<PathBuf>,
    /// What the runner should know before anything (journal lines that do
    /// not count, facts merged back): shown on screen.
    pub notices: Vec<String>,
    /// A circuit on its own instead of a run: the one named, or today's.
    pub prehab: Option<Option<String>>,
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
        return rehearse(program, &options, speed);
    }
    let mut writer = match writer(options.data_dir.as_deref(), &options) {
        Ok(writer) => writer,
        Err(code) => return code,
    };
    let Writer {
        dir,
        log,
        store,
        warning,
    } = &mut writer;
    let dir = &*dir;
    // The history is read once: for the morning question, then the coach.
    let mut history = super::coach::load_history(Some(dir)).unwrap_or_default();
    super::morning::ask_if_due(program, store, log, &mut history);
    match offer_resume(program, store, log, &options) {
        Offer::Ran(result) => return finish(*result),
        Offer::Later => return ExitCode::SUCCESS,
        Offer::Nothing => {}
    }
    if program.id != options.enrolled {
        match ask_one_off_or_switch(program, &options.enrolled) {
            OtherProgram::OneOff => {}
            OtherProgram::Switch => {
                let kept = enroll(store, program, options.program_path.clone());
                if let Kept::Lost(_, why) = kept {
                    say(&format!("rtr: the switch could not be recorded: {why}"));
                    return ExitCode::from(EXIT_INVALID);
                }
            }
            OtherProgram::Cancel => return ExitCode::SUCCESS,
        }
    }
    let facts = history.facts(program);
    if let Some(circuit) = &options.prehab {
        return prehab(program, &facts, circuit.as_deref(), &options, &mut writer);
    }
    let plan = match plan_session(program, &facts, options.session) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    if plan.off_plan && !confirm_off_plan(program, &plan) {
        return ExitCode::SUCCESS;
    }
    if let Some(earliest) = plan.earliest
        && earliest > today
        && !super::rest_day::start_early(store, program, plan.session, earliest, today)
    {
        return ExitCode::SUCCESS;
    }
    let id = plan.session;
    let last = Journal::new(dir).last_session().ok().flatten();
    let painful = painful_exercises(last.as_ref(), &program.rules);
    let Some((workout, mut info)) = prepare(program, id, None, &painful) else {
        return ExitCode::from(EXIT_INVALID);
    };
    info.own_cadence = super::cadence::ask_if_needed(workout.steps(), store, &mut history.records);
    let header = SessionHeader {
        id: session_id(),
        program_hash: program.source_hash.clone(),
        program_id: program.id.clone(),
        session: id,
        off_plan: plan.off_plan,
        started: now_local(),
        resumed: false,
        info: info.clone(),
    };
    let readiness = Readiness {
        rules: program.rules.clone(),
        usual: usual_before(&facts, &program.rules),
        circuit: circuit_instead(program, id),
    };
    let mut app = App::new(workout, info).with_questions(readiness);
    app.status = warning.clone();
    let start = Instant::now();
    for notice in &options.notices {
        app.notice(notice.clone(), start);
    }
    let session_options = SessionOptions {
        on_answers: Some(record_answers(program, &header)),
        ..options.session_options()
    };
    let mut recorder = Recorder::new(store, header);
    if warning.is_some() {
        recorder = recorder.already_warned();
    }
    finish(tui::run_session(app, session_options, log, Some(recorder)))
}

/// A circuit on its own: recorded with its rating, never a run day.
fn prehab(
    program: &Program,
    facts: &[Fact],
    named: Option<&str>,
    options: &RunOptions,
    writer: &mut Writer,
) -> ExitCode {
    let replayed = replay(program, facts);
    let today = chrono::Local::now().date_naive();
    let next = next_as_of(&replayed, &program.rules, today);
    let rest_day = next
        .as_ref()
        .is_some_and(|(_, earliest, _)| *earliest > today);
    let week = next.map_or(
        SessionId {
            week: 1,
            session: 1,
        },
        |(next, _, _)| next,
    );
    let todays = || todays_circuit(program, week, rest_day);
    let Some(name) = named.map(str::to_string).or_else(todays) else {
        say(&format!(
            "rtr: week {} of \"{}\" has no circuit; `rtr prehab NAME` names one: {}.",
            week.week,
            program.name,
            circuit_names(program)
        ));
        return ExitCode::from(EXIT_INVALID);
    };
    let last = Journal::new(&writer.dir).last_session().ok().flatten();
    let painful = painful_exercises(last.as_ref(), &program.rules);
    let Some(workout) = circuit_workout(program, &name, &painful) else {
        say(&format!(
            "rtr: there is no circuit \"{name}\" in \"{}\": {}.",
            program.name,
            circuit_names(program)
        ));
        return ExitCode::from(EXIT_INVALID);
    };
    let circuit = program
        .circuit(&name)
        .map_or(name.clone(), |c| c.name.clone());
    let info = SessionInfo {
        title: format!("prehab · {circuit}"),
        instead: Some(Instead::Prehab),
        ..session_info(program, None, None)
    };
    let header = SessionHeader {
        id: session_id(),
        program_hash: program.source_hash.clone(),
        program_id: program.id.clone(),
        session: week,
        off_plan: false,
        started: now_local(),
        resumed: false,
        info: info.clone(),
    };
    let readiness = Readiness {
        rules: program.rules.clone(),
        usual: None,
        circuit: None,
    };
    let mut app = App::new(workout, info).with_questions(readiness);
    app.status = writer.warning.clone();
    let session_options = SessionOptions {
        on_answers: Some(record_answers(program, &header)),
        ..options.session_options()
    };
    let mut recorder = Recorder::new(&mut writer.store, header);
    if writer.warning.is_some() {
        recorder = recorder.already_warned();
    }
    finish(tui::run_session(
        app,
        session_options,
        &writer.log,
        Some(recorder),
    ))
}

/// Today's circuit, as the home screen shows it: on a rest day the week's
/// own, else the one after the session (each the other when missing).
fn todays_circuit(program: &Program, id: SessionId, rest_day: bool) -> Option<String> {
    let week = program.weeks.get(id.week as usize - 1)?;
    let weeks = week.prehab.as_deref();
    let after = program.session(id).and_then(|s| program.circuit_after(s));
    let name = if rest_day {
        weeks.or(after)
    } else {
        after.or(weeks)
    };
    name.map(str::to_string)
}

fn circuit_names(program: &Program) -> String {
    let mut names: Vec<&str> = program.circuits.keys().map(String::as_str).collect();
    names.sort_unstable();
    if names.is_empty() {
        return "it has no circuits".into();
    }
    format!("its circuits are {}", names.join(", "))
}

/// A rehearsal: the coach's next session (or the one named) N times
/// faster. It writes nothing but the log, and needs no lock.
fn rehearse(program: &Program, options: &RunOptions, speed: u32) -> ExitCode {
    let dir = data_dir(options.data_dir.as_deref());
    let history = super::coach::load_history(dir.as_deref()).unwrap_or_default();
    let replayed = replay(program, &history.facts(program));
    let today = chrono::Local::now().date_naive();
    let first = SessionId {
        week: 1,
        session: 1,
    };
    let id = options.session.unwrap_or(match &replayed.standing {
        Standing::Stopped { at, .. } => week_down(*at, 1),
        Standing::Complete => program.session_ids().last().unwrap_or(first),
        Standing::Next { .. } => {
            next_as_of(&replayed, &program.rules, today).map_or(first, |(next, _, _)| next)
        }
    });
    let Some((workout, mut info)) = prepare(program, id, Some(speed), &[]) else {
        return ExitCode::from(EXIT_INVALID);
    };
    info.own_cadence = own_cadence(&history.records).map(|c| c.spm);
    let log = dir.map_or(Log::none(), |d| Log::open(&d));
    let app = App::new(workout, info);
    finish(tui::run_session(app, options.session_options(), &log, None))
}

/// The session to run, and how it stands with the coach.
struct Planned {
    session: SessionId,
    /// The coach's own next session, when it has one.
    coach: Option<SessionId>,
    /// The first day the coach allows a run.
    earliest: Option<chrono::NaiveDate>,
    /// Not the coach's session: run by choice.
    off_plan: bool,
}

/// The coach's next session, or the one named (off-plan when it is not
/// the coach's). Nothing to run when the program is stopped, or complete
/// and no session is named: said, with the exit code.
fn plan_session(
    program: &Program,
    facts: &[Fact],
    named: Option<SessionId>,
) -> Result<Planned, ExitCode> {
    let replayed = replay(program, facts);
    let today = chrono::Local::now().date_naive();
    match &replayed.standing {
        Standing::Stopped { reason, .. } => {
            say(&format!(
                "rtr: the program is stopped. {reason} It goes on only when you choose to resume it: r on the home screen (`rtr`), one week down."
            ));
            return Err(ExitCode::from(EXIT_INVALID));
        }
        Standing::Complete if named.is_none() => {
            crate::tui::restore();
            println!(
                "\"{}\" is complete: every session is done. `rtr run W.S` runs one again (off-plan).",
                program.name
            );
            return Err(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let coach = next_as_of(&replayed, &program.rules, today);
    let first = SessionId {
        week: 1,
        session: 1,
    };
    let coach_session = coach.as_ref().map(|(next, _, _)| *next);
    let session = named.or(coach_session).unwrap_or(first);
    Ok(Planned {
        session,
        coach: coach_session,
        earliest: coach.map(|(_, earliest, _)| earliest),
        // After the program's end every session is run by choice.
        off_plan: coach_session != Some(session),
    })
}

/// Running another session than the coach's asks first.
fn confirm_off_plan(program: &Program, plan: &Planned) -> bool {
    let coach = match plan.coach {
        Some(coach) => format!("The coach's next session is {coach}."),
        None => format!("\"{}\" is complete: every session is done.", program.name),
    };
    let lines = [
        coach,
        format!(
            "{} is off-plan: its pain counts (amber holds, red steps back from where the coach stands), but it never moves the plan on.",
            plan.session
        ),
        String::new(),
        format!(
            "Run {} anyway? It is recorded as off-plan. y yes · n no",
            plan.session
        ),
    ];
    matches!(prompt::yes_no("Off-plan", &lines), Ok(Some(true)))
}

/// What a no-run day offers instead: the week's strength circuit, else
/// the circuit after this session.
fn circuit_instead(program: &Program, id: SessionId) -> Option<Vec<crate::workout::FlatStep>> {
    let circuit = program.circuit(&todays_circuit(program, id, true)?)?;
    Some(crate::workout::flatten_circuit(circuit))
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
        say(&no_such_session(program, id));
        return None;
    };
    let title = match &session.name {
        Some(name) => format!("{id} · {name}"),
        None => format!("week {} session {}", id.week, id.session),
    };
    Some((workout, session_info(program, Some(title), rehearsal)))
}

fn session_info(program: &Program, title: Option<String>, rehearsal: Option<u32>) -> SessionInfo {
    SessionInfo {
        program: program.name.clone(),
        title: title.unwrap_or_default(),
        pain_site: program.pain_site.clone(),
        speed_unit: program.speed_unit,
        rehearsal,
        red_pain: program.rules.red_pain,
        stop_pain: program.rules.stop_pain,
        own_cadence: None,
        instead: None,
    }
}

/// Records what the questions gathered beside the session, and returns the
/// coach's word on it, replayed from the whole history.
fn record_answers<'a>(program: &'a Program, header: &SessionHeader) -> OnAnswers<'a> {
    let header = header.clone();
    Box::new(move |report: Report, store: &mut Store| {
        let today = chrono::Local::now().date_naive();
        let record = match report {
            Report::Circuit {
                pain,
                highest_report,
            } => {
                let record = Record::CircuitPain(CircuitPain {
                    session_id: header.id.clone(),
                    pain,
                    highest_report,
                    date: Some(today),
                });
                let unsaved = store.keep(&record).note();
                return circuit_text(program, pain.max(highest_report.unwrap_or(0))) + &unsaved;
            }
            Report::NotReady {
                before,
                usual,
                reason,
            } => {
                let record = Record::NotReady(NotReadyRecord {
                    session_id: header.id.clone(),
                    program: header.program_id.clone(),
                    session: header.session,
                    date: today,
                    before,
                    usual,
                    reason,
                });
                return store.keep(&record).note();
            }
            Report::RanAnyway { reason } => {
                let record = Record::Override(OverrideRecord {
                    program: Some(header.program_id.clone()),
                    date: today,
                    session: header.session,
                    earliest: None,
                    reason: Some(format!("not ready: {reason}")),
                });
                return store.keep(&record).note();
            }
            Report::Run(run) => Record::Answers(run_answers(
                &header,
                today,
                run.answers,
                run.ended,
                run.reports,
                run.main_run,
            )),
        };
        let mut history = super::coach::load_history(Some(store.dir())).unwrap_or_default();
        let unsaved = store.keep(&record).note();
        history.records.push(record);
        let replayed = replay(program, &history.facts(program));
        let decision = super::coach::decision_text(&replayed);
        if unsaved.is_empty() {
            decision
        } else {
            format!("{decision} ({unsaved})")
        }
    })
}

/// The answers around a run, as the journal keeps them.
fn run_answers(
    header: &SessionHeader,
    date: chrono::NaiveDate,
    answers: &Answers,
    ended: Option<Ending>,
    reports: Vec<PartPain>,
    main_run: MainRun,
) -> RunAnswers {
    RunAnswers {
        session_id: header.id.clone(),
        program: Some(header.program_id.clone()),
        session: header.session,
        off_plan: header.off_plan,
        date,
        before: answers.before.unwrap_or(0),
        after_warmup: answers.after_warmup,
        worst: answers.worst.unwrap_or(0),
        after: answers.now.unwrap_or(0),
        swelling_or_limp: answers.swelling_or_limp.unwrap_or(false),
        stopped_for_pain: ended == Some(Ending::StoppedForPain),
        completed: ended.is_none_or(|e| e == Ending::Completed),
        red_flags: answers.red_flags.clone(),
        reports,
        main_run: Some(main_run),
    }
}

/// The coach's word on the pain of a circuit.
fn circuit_text(program: &Program, pain: u8) -> String {
    match circuit_verdict(pain, &program.rules) {
        CircuitVerdict::Stop(reason) => format!(
            "Stop: {reason}. The program pauses. See a physical therapist before you run or train again."
        ),
        CircuitVerdict::Flagged => format!(
            "Pain {pain}/10 in the circuit: the exercises that hurt come easier next time. It does not change the runs."
        ),
        CircuitVerdict::Fine => format!("Pain {pain}/10 after the circuit noted."),
    }
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
    let mut writer = match writer(Some(&dir), options) {
        Ok(writer) => writer,
        Err(code) => return Some(code),
    };
    let mut history = super::coach::load_history(Some(&writer.dir)).unwrap_or_default();
    super::morning::ask_if_due(program, &mut writer.store, &writer.log, &mut history);
    match offer_resume(program, &mut writer.store, &writer.log, options) {
        Offer::Ran(result) => Some(finish(*result)),
        Offer::Later => Some(ExitCode::SUCCESS),
        Offer::Nothing => None,
    }
}

fn data_dir(chosen: Option<&Path>) -> Option<PathBuf> {
    crate::paths::data_dir(chosen).filter(|dir| dir.is_dir())
}

/// Where a recording session writes: the data dir, its log, the store
/// that holds the lock, and what to say on screen if the dir cannot be
/// written.
struct Writer {
    dir: PathBuf,
    log: Log,
    store: Store,
    warning: Option<String>,
}

/// Takes the data dir for a session. Only another running session stops it:
/// a dir that cannot be written (read-only, full) still lets the session run,
/// and its facts are kept elsewhere.
fn writer(chosen: Option<&Path>, options: &RunOptions) -> Result<Writer, ExitCode> {
    let Some(dir) = crate::paths::data_dir(chosen) else {
        eprintln!(
            "rtr: no place for the history: set --data-dir or RTR_DATA_DIR (HOME is not set)"
        );
        return Err(ExitCode::from(EXIT_INVALID));
    };
    let mut store = match Store::open(&dir) {
        Ok(store) => store,
        Err(err) => {
            eprintln!(
                "rtr: {err}. `rtr plan` and `rtr history` work; a second session cannot start until it ends."
            );
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    store.export_sessions_to(options.settings.export_dir.clone());
    let warning = store
        .unlocked()
        .map(|why| format!("Cannot write the history ({why}); the session runs anyway."));
    Ok(Writer {
        log: Log::open(&dir),
        dir,
        store,
        warning,
    })
}

enum Offer {
    /// There was none, or it is settled (recorded or discarded).
    Nothing,
    /// The runner resumed it; this is how it went.
    Ran(Box<io::Result<SessionResult>>),
    /// The runner wants to decide later.
    Later,
}

fn offer_resume(program: &Program, store: &mut Store, log: &Log, options: &RunOptions) -> Offer {
    let dir = store.dir().to_path_buf();
    let mut checkpoint = match Checkpoint::load(&dir) {
        Ok(Some(Ok(checkpoint))) => checkpoint,
        Ok(Some(Err(message))) => {
            log.write(&message);
            notice(message);
            return Offer::Nothing;
        }
        Ok(None) => return Offer::Nothing,
        Err(err) => {
            notice(format!(
                "The checkpoint of an interrupted session cannot be read: {err}"
            ));
            return Offer::Nothing;
        }
    };
    // What the journal has already: rtr may have stopped between writing a
    // fact and saving that it had.
    let journal = Journal::new(&dir);
    let id = checkpoint.header.id.clone();
    let has = |kind| journal.recent_has(&id, kind).unwrap_or(false);
    let asked = &mut checkpoint.asked;
    asked.session_recorded |= has("session");
    asked.run_recorded |= has("answers");
    asked.circuit_recorded |= has("circuit_pain");
    if asked.session_recorded && asked.asking.is_none() && asked.answers.after_circuit.is_none() {
        let _ = Checkpoint::remove(&dir);
        return Offer::Nothing;
    }
    let what = describe(&checkpoint);
    let age = now_local().signed_duration_since(checkpoint.saved);
    if age > chrono::Duration::hours(CHECKPOINT_MAX_AGE_HOURS) {
        match record_ended(store, &checkpoint, Ending::Abandoned) {
            Ok(()) => notice(format!(
                "{what} It is more than {CHECKPOINT_MAX_AGE_HOURS} hours old, so it is recorded as ended early."
            )),
            Err(err) => notice(format!(
                "{what} It could not be recorded ({err}); it stays to be recorded later."
            )),
        }
        return Offer::Nothing;
    }
    // Picked up again, it answers to the program it began with.
    let other_program = (!checkpoint.header.program_id.is_empty()
        && checkpoint.header.program_id != program.id)
        .then(|| {
            format!(
                "It belongs to another program ({}): open that one to resume or record it.",
                checkpoint.header.program_id
            )
        });
    let choice = match resume_screen::ask(&what, other_program.as_deref()) {
        Ok(choice) => choice,
        Err(err) => {
            say(&format!(
                "rtr: {what}\nThe question needs a terminal ({err}); it stays for later."
            ));
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
            // Begun already: the ready-to-run check is behind it.
            let readiness = Readiness {
                rules: program.rules.clone(),
                usual: None,
                circuit: None,
            };
            let app = App::new(workout, header.info.clone())
                .with_questions(readiness)
                .with_asked(&checkpoint.asked);
            let session_options = SessionOptions {
                on_answers: Some(record_answers(program, &header)),
                ..options.session_options()
            };
            let recorder = Recorder::new(store, header);
            Offer::Ran(Box::new(tui::run_session(
                app,
                session_options,
                log,
                Some(recorder),
            )))
        }
        ResumeChoice::RecordEnded => {
            if let Err(err) = record_ended(store, &checkpoint, Ending::Interrupted) {
                say(&format!(
                    "rtr: it could not be recorded ({err}); it stays to be recorded later."
                ));
                return Offer::Later;
            }
            Offer::Nothing
        }
        ResumeChoice::Discard => {
            let asked = &checkpoint.asked;
            let written = asked.session_recorded
                || asked.run_recorded
                || asked.circuit_recorded
                || journal.recent_mentions(&id).unwrap_or(true);
            let kept = void(store, &id, written);
            if let Kept::Lost(_, why) = kept {
                say(&format!(
                    "rtr: the discard could not be recorded ({why}); it stays for later."
                ));
                return Offer::Later;
            }
            let _ = Checkpoint::remove(&dir);
            log.write("an interrupted session was discarded");
            Offer::Nothing
        }
        ResumeChoice::Later => Offer::Later,
    }
}

/// A checkpoint's session recorded as ended where it stood: its record,
/// the answers given so far when its run had begun (its `!` reports
/// count), the circuit's rating if given; then the checkpoint goes.
fn record_ended(store: &mut Store, checkpoint: &Checkpoint, ending: Ending) -> io::Result<()> {
    let workout = record_interrupted(store, checkpoint, ending)?;
    let (header, asked) = (&checkpoint.header, &checkpoint.asked);
    let date = checkpoint.saved.date_naive();
    let steps = workout.steps();
    let reports: Vec<PartPain> = workout
        .pain_reports()
        .iter()
        .map(|r| PartPain {
            part: steps[r.step].part,
            pain: r.pain,
        })
        .collect();
    let main_begun = steps
        .iter()
        .zip(workout.outcomes())
        .any(|(s, o)| s.part != Part::Warmup && *o != Outcome::Pending);
    // Begun once the pain before was given, unless it was not a run.
    let run_began = main_begun || asked.answers.before.is_some();
    let mut keep = |record: Record| match store.keep(&record) {
        Kept::Lost(_, why) => Err(io::Error::other(why)),
        _ => Ok(()),
    };
    if !asked.run_recorded && header.info.instead.is_none() && run_began {
        let main_run = main_run(steps, workout.outcomes(), &checkpoint.snapshot.spent);
        let run = reports
            .iter()
            .copied()
            .filter(|r| r.part != Part::Circuit)
            .collect();
        let answers = run_answers(header, date, &asked.answers, Some(ending), run, main_run);
        keep(Record::Answers(answers))?;
    }
    if let (Some(pain), false) = (asked.answers.after_circuit, asked.circuit_recorded) {
        let highest_report = reports
            .iter()
            .filter(|r| r.part == Part::Circuit)
            .map(|r| r.pain)
            .max();
        keep(Record::CircuitPain(CircuitPain {
            session_id: header.id.clone(),
            pain,
            highest_report,
            date: Some(date),
        }))?;
    }
    Checkpoint::remove(store.dir())
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
            (Length::Seconds(_), Some(left)) => {
                place.push(format!("{} left", crate::program::time_left(left)))
            }
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
            say(&format!("rtr: the session screen needs a terminal: {err}"));
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
