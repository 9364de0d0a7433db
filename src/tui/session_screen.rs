//! Drawing the session screen: what the runner reads from the belt.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Gauge, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::app::{App, BeltView, Overlay, SessionInfo};
use super::theme::{Theme, phase_symbol, phase_word};
use crate::journal::Kept;
use crate::program::Cadence;
use crate::program::{clock_text, time_left as clock, time_spent as spent};
use crate::words::capitalized;
use crate::workout::{
    FlatStep, Length, Outcome, Part, Phase, Side, Summary, WALK_INSTEAD, Workout,
};

/// Below this the layout cannot hold its lines: say so instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;

pub fn render(frame: &mut Frame, app: &App, now: Instant, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("Enlarge the terminal: rtr needs {MIN_WIDTH}×{MIN_HEIGHT}.");
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let panel = panel(app, now, theme);
    let workout = &app.workout;
    let clock_runs = workout.is_started() && !workout.is_paused() && !workout.is_finished();
    // While the clock runs a panel takes a band of its own under the
    // digits; when it stands still (or the band would cut the panel), the
    // panel goes in the middle.
    let band = panel
        .as_ref()
        .filter(|p| clock_runs && fits_band(area, app, now, p));
    if workout.is_finished() {
        render_complete(frame, area, app, now, theme);
    } else {
        let layout = layout(area, app, now, band);
        render_session(frame, &layout, app, now, theme);
        if let (Some(panel), Some(place)) = (panel.as_ref(), layout.panel) {
            return panel.draw(frame, place);
        }
    }
    if let Some(panel) = panel {
        let place = centered(area, panel.width(), panel.height(area.width));
        panel.draw(frame, place);
    }
}

/// Whether the panel fits whole in a band, the digits kept.
fn fits_band(area: Rect, app: &App, now: Instant, panel: &Panel) -> bool {
    panel.height(area.width) + status_height(area, app, now) + 3 + BODY_KEPT <= area.height
}

/// The status line's rows: a long notice wraps, up to three rows.
fn status_height(area: Rect, app: &App, now: Instant) -> u16 {
    app.status_text(now)
        .map_or(1, |text| wrapped_height(&[Line::raw(text)], area.width))
        .clamp(1, 3)
}

/// Where each part of a running session's screen goes. A question or a
/// confirmation gets its own band under the digits: it never covers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLayout {
    pub header: Rect,
    pub word: Rect,
    pub digits: Rect,
    /// "Enter = done" in big letters, on a rep set.
    pub done_hint: Rect,
    pub info: Rect,
    /// Room for every info line; else the phase line alone.
    pub info_full: bool,
    pub panel: Option<Rect>,
    pub gauge: Rect,
    pub status: Rect,
    pub keys: Rect,
}

/// Rows the body keeps when a panel is open: the smallest big digits (4),
/// a gap and the phase line.
const BODY_KEPT: u16 = 6;

/// Lays out a running session's screen (the panel, if any, included).
pub fn layout(area: Rect, app: &App, now: Instant, panel: Option<&Panel>) -> SessionLayout {
    let status_height = status_height(area, app, now);
    let panel_height = panel.map_or(0, |p| p.height(area.width));
    let [header, body, band, gauge, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(panel_height),
        Constraint::Length(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let panel = panel.map(|p| {
        let width = p.width().min(band.width);
        Rect {
            x: band.x + (band.width - width) / 2,
            width,
            ..band
        }
    });
    let big = big_texts(app, now);
    let all_info = wrapped_height(&info_lines(app, now, Theme::DEFAULT, true), body.width);
    // The digits need a few rows: below that, the phase line alone.
    let info_full = body.height >= all_info + 6;
    let info_height = if info_full { all_info } else { 1 };
    let room = body.height.saturating_sub(info_height + 1);
    // In the 3-2-1 the word says what comes, on a rep set the hint says
    // how to end it: the digits make room for them.
    let word_room = if countdown(app, now).is_some() {
        word_size(&big.word, body.width, room).map_or(0, |size| rows(size) + 1)
    } else {
        0
    };
    let hint_room = big
        .done_hint
        .and_then(|hint| smaller_fit(hint, body.width, room))
        .map_or(0, |size| rows(size) + 1);
    let digit_size = fit(
        &big.digits,
        body.width,
        room.saturating_sub(word_room + hint_room),
    )
    .or_else(|| fit(&big.digits, body.width, room));
    let digit_rows = digit_size.map_or(0, rows);
    let mut left = room.saturating_sub(digit_rows + 1);
    let hint_rows = big
        .done_hint
        .and_then(|hint| smaller_fit(hint, body.width, left))
        .map_or(0, rows);
    left = left.saturating_sub(hint_rows + 1);
    let word_rows = word_size(&big.word, body.width, left).map_or(0, rows);
    let [word, _, digits, _, done_hint, _, info] = Layout::vertical([
        Constraint::Length(word_rows),
        Constraint::Length(u16::from(word_rows > 0)),
        Constraint::Length(digit_rows),
        Constraint::Length(u16::from(digit_rows > 0)),
        Constraint::Length(hint_rows),
        Constraint::Length(u16::from(hint_rows > 0)),
        Constraint::Length(info_height),
    ])
    .flex(ratatui::layout::Flex::Center)
    .areas(body);
    SessionLayout {
        header,
        word,
        digits,
        done_hint,
        info,
        info_full,
        panel,
        gauge,
        status,
        keys,
    }
}

/// What the big letters say: the phase word (or "RUN in 3"), the digits,
/// and on a rep set "Enter = done".
struct BigTexts {
    word: String,
    digits: String,
    done_hint: Option<&'static str>,
}

fn big_texts(app: &App, now: Instant) -> BigTexts {
    let workout = &app.workout;
    let paused = workout.is_paused();
    let step = workout.current();
    let word = match (paused, countdown(app, now)) {
        (true, _) => "PAUSED".to_string(),
        (false, Some((next, left))) => format!("{next} in {left}"),
        (false, None) => step.map_or("", |s| phase_word(s.phase)).to_string(),
    };
    let digits = match step.map(|s| s.length) {
        Some(Length::Reps(reps)) => reps.to_string(),
        _ => clock(workout.remaining(now).unwrap_or_default()),
    };
    let done_hint = step
        .is_some_and(|s| matches!(s.length, Length::Reps(_)) && !paused)
        .then_some("Enter = done");
    BigTexts {
        word,
        digits,
        done_hint,
    }
}

/// In the step's last seconds: the next phase's word and the seconds left.
fn countdown(app: &App, now: Instant) -> Option<(&'static str, u32)> {
    let left = app.workout.counting_down(now)?;
    let next = app
        .workout
        .next_step()
        .map_or("END", |s| phase_word(s.phase));
    Some((next, left))
}

fn render_session(
    frame: &mut Frame,
    layout: &SessionLayout,
    app: &App,
    now: Instant,
    theme: Theme,
) {
    let workout = &app.workout;
    let Some(step) = workout.current() else {
        return;
    };
    let paused = workout.is_paused();
    render_header(frame, layout.header, &app.info, theme);
    let big_texts = big_texts(app, now);
    let coming = countdown(app, now).and(workout.next_step());
    // The 3-2-1 takes the next phase's colour, reversed: it reads from the
    // belt with the sound off, and without colour too.
    let (word_style, digit_style) = match coming {
        _ if paused => (theme.paused(), theme.dim()),
        Some(next) => {
            let style = theme.phase(next.phase);
            (style, style.add_modifier(Modifier::REVERSED))
        }
        None => (theme.phase(step.phase), theme.bold()),
    };
    if let Some(size) = word_size(&big_texts.word, layout.word.width, layout.word.height) {
        frame.render_widget(big(&big_texts.word, size, word_style), layout.word);
    }
    if let Some(size) = fit(&big_texts.digits, layout.digits.width, layout.digits.height) {
        frame.render_widget(big(&big_texts.digits, size, digit_style), layout.digits);
    }
    if let Some(hint) = big_texts.done_hint
        && let Some(size) = smaller_fit(hint, layout.done_hint.width, layout.done_hint.height)
    {
        frame.render_widget(big(hint, size, theme.bold()), layout.done_hint);
    }
    let info =
        Paragraph::new(info_lines(app, now, theme, layout.info_full)).alignment(Alignment::Center);
    frame.render_widget(info.wrap(Wrap { trim: true }), layout.info);

    render_gauge(frame, layout.gauge, workout, step.phase, now, theme);
    if let Some(status) = app.status_text(now) {
        let status = Paragraph::new(status).wrap(Wrap { trim: true });
        frame.render_widget(status.style(theme.bold()), layout.status);
    }
    let hint = keys_hint(step, paused, layout.keys.width);
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), layout.keys);
}

/// The phase line, then the form cue, the treadmill, the cadence and what
/// comes next; the phase line alone unless `full`.
fn info_lines(app: &App, now: Instant, theme: Theme, full: bool) -> Vec<Line<'static>> {
    let workout = &app.workout;
    let Some(step) = workout.current() else {
        return Vec::new();
    };
    let mut lines = vec![phase_line(
        step,
        workout.remaining(now),
        workout.is_paused(),
        theme,
    )];
    if let Some(cue) = &step.cue {
        lines.push(Line::from(vec![
            Span::styled("Form: ", theme.dim()),
            Span::raw(cue.clone()),
        ]));
    }
    if let Some(treadmill) = treadmill_text(step, &app.info) {
        lines.push(Line::from(vec![
            Span::styled("Treadmill: ", theme.dim()),
            Span::raw(treadmill),
        ]));
    }
    if let Some(belt) = app.belt {
        lines.push(Line::from(vec![
            Span::styled("Belt: ", theme.dim()),
            Span::raw(belt_text(belt)),
        ]));
    }
    if let Some(sensed) = app.sensed {
        let target = app
            .target_cadence()
            .map(|spm| format!(" (target {spm})"))
            .unwrap_or_default();
        let cadence = sensed.cadence.map(|c| format!("cadence {c}{target}"));
        let (label, text) = match (sensed.bpm, cadence) {
            (Some(bpm), Some(cadence)) => ("Heart rate: ", format!("{bpm} bpm · {cadence}")),
            (Some(bpm), None) => ("Heart rate: ", format!("{bpm} bpm")),
            (None, Some(cadence)) => ("Footpod: ", cadence),
            (None, None) => ("", String::new()),
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.dim()),
            Span::raw(text),
        ]));
    }
    if let Some(cadence) = cadence_line(app, now, theme) {
        lines.push(cadence);
    }
    lines.push(next_line(workout, theme));
    if !full {
        lines.truncate(1);
    }
    lines
}

/// The keys of the moment, as many as fit.
fn keys_hint(step: &FlatStep, paused: bool, width: u16) -> String {
    let pause = if paused {
        "space resume"
    } else {
        "space pause"
    };
    let done = if matches!(step.length, Length::Reps(_)) {
        "Enter done · "
    } else {
        ""
    };
    let hint = format!("{done}{pause} · n skip · b back · ! pain · ? keys · q quit");
    if hint.chars().count() <= usize::from(width) {
        return hint;
    }
    format!("{done}{pause} · ! pain · ? keys · q quit")
}

fn render_header(frame: &mut Frame, area: Rect, info: &SessionInfo, theme: Theme) {
    let title = format!("rtr · {} · {}", info.program, info.title);
    frame.render_widget(Paragraph::new(title).style(theme.dim()), area);
    if let Some(speed) = info.rehearsal {
        let badge = format!(" REHEARSAL ×{speed} · not recorded ");
        frame.render_widget(
            Paragraph::new(badge)
                .alignment(Alignment::Right)
                .style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)),
            area,
        );
    }
}

/// "» RUN · 0:45 left · interval 1 of 2", in plain text for every size.
fn phase_line(
    step: &FlatStep,
    remaining: Option<std::time::Duration>,
    paused: bool,
    theme: Theme,
) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{} {}", phase_symbol(step.phase), step_name(step)),
        theme.phase(step.phase),
    )];
    let mut detail = Vec::new();
    match step.length {
        Length::Seconds(_) => detail.push(format!("{} left", clock(remaining.unwrap_or_default()))),
        Length::Reps(reps) => detail.push(format!("{reps} reps")),
    }
    if let Some(interval) = step.interval {
        detail.push(format!("interval {} of {}", interval.index, interval.of));
    }
    if let Some(set) = step.set {
        detail.push(format!("set {} of {}", set.index, set.of));
    }
    if let Some(side) = step.side {
        detail.push(side_text(side).to_string());
    }
    if step.part == Part::Warmup {
        detail.push("warm-up".to_string());
    } else if step.part == Part::Cooldown {
        detail.push("cool-down".to_string());
    }
    spans.push(Span::raw(format!(" · {}", detail.join(" · "))));
    if paused {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(" PAUSED ", theme.paused()));
    }
    Line::from(spans)
}

/// "RUN", "WALK", or for a circuit "HOLD Side plank".
fn step_name(step: &FlatStep) -> String {
    match step.phase {
        Phase::Hold | Phase::Reps => format!("{} {}", phase_word(step.phase), step.label),
        Phase::Drill if step.label != "Drills" => step.label.to_uppercase(),
        Phase::Walk if step.label == WALK_INSTEAD => "WALK (instead of run)".to_string(),
        Phase::Ready => step.label.to_uppercase(),
        _ => phase_word(step.phase).to_string(),
    }
}

fn side_text(side: Side) -> &'static str {
    match side {
        Side::Left => "left side",
        Side::Right => "right side",
    }
}

fn treadmill_text(step: &FlatStep, info: &SessionInfo) -> Option<String> {
    let speed = step
        .speed
        .map(|s| format!("{s} {}", info.speed_unit.label()));
    let incline = step.incline.map(|i| format!("{i} % incline"));
    let parts: Vec<String> = speed.into_iter().chain(incline).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// "8.0 km/h · 0.42 km", and the cap when the step's speed was cut to it.
fn belt_text(belt: BeltView) -> String {
    let speed = super::outputs::treadmill::shown(belt.speed, belt.unit);
    let km = f64::from(belt.distance) / 1000.0;
    let mut text = format!("{speed} · {km:.2} km");
    if let Some(limit) = belt.capped {
        let limit = super::outputs::treadmill::shown(limit, belt.unit);
        text.push_str(&format!(" · capped at {limit} (max_speed)"));
    }
    text
}

/// "Cadence: 172 steps a minute (+5 %)  ●  ○": the dots swap sides on
/// every step while the metronome beats.
fn cadence_line(app: &App, now: Instant, theme: Theme) -> Option<Line<'static>> {
    let target = app.workout.current()?.cadence?;
    let mut spans = vec![Span::styled("Cadence: ", theme.dim())];
    let Some(spm) = app.target_cadence() else {
        spans.push(Span::raw(format!(
            "{target} above your own (rtr cadence SPM sets yours)"
        )));
        return Some(Line::from(spans));
    };
    let relative = match target {
        Cadence::Raise(_) => format!(" ({target})"),
        Cadence::Spm(_) => String::new(),
    };
    spans.push(Span::raw(format!("{spm} steps a minute{relative}")));
    match app.metronome {
        Some(beat) => {
            let left = beat.count(now) % 2 == 0;
            let (l, r) = if left { ("●", "○") } else { ("○", "●") };
            spans.push(Span::styled(format!("  {l} {r}"), theme.bold()));
        }
        None if !app.metronome_on => spans.push(Span::styled(" · m: beat", theme.dim())),
        None => {}
    }
    Some(Line::from(spans))
}

fn next_line(workout: &Workout, theme: Theme) -> Line<'static> {
    let text = match workout.next_step() {
        Some(next) => {
            let length = next.length;
            let side = next
                .side
                .map(|s| format!(" · {}", side_text(s)))
                .unwrap_or_default();
            format!(
                "{} {} {length}{side}",
                phase_symbol(next.phase),
                step_name(next)
            )
        }
        None => "the end of the session".to_string(),
    };
    Line::from(vec![Span::styled("Next: ", theme.dim()), Span::raw(text)])
}

fn render_gauge(
    frame: &mut Frame,
    area: Rect,
    workout: &Workout,
    phase: Phase,
    now: Instant,
    theme: Theme,
) {
    let planned = workout.planned();
    let left = workout.session_remaining(now);
    let ratio = if planned.is_zero() {
        1.0
    } else {
        1.0 - left.as_secs_f64() / planned.as_secs_f64()
    };
    let label = format!("{} left of {}", clock(left), clock(planned));
    frame.render_widget(
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .gauge_style(theme.gauge(phase))
            .use_unicode(true),
        area,
    );
}

fn render_complete(frame: &mut Frame, area: Rect, app: &App, now: Instant, theme: Theme) {
    let [header, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, header, &app.info, theme);
    let summary = app.workout.summary(now);
    let title = match &summary.ending {
        _ if app.discarded => super::app::DISCARDED.to_string(),
        Some(ending) => match ending.early_reason() {
            Some(reason) => format!("Session ended early ({reason})"),
            None => "Session complete".to_string(),
        },
        None => "Session complete".to_string(),
    };
    let mut lines = vec![Line::styled(title, theme.bold()), Line::raw("")];
    lines.extend(
        summary_lines(&app.workout, &summary)
            .into_iter()
            .map(Line::raw),
    );
    // The coach's word stays once its box is closed: the decision, its
    // reason and the next run's day.
    for word in &app.coach_words {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("The coach: ", theme.bold()),
            Span::raw(word.clone()),
        ]));
    }
    if let Some(speed) = app.info.rehearsal {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "Rehearsal at ×{speed}: nothing of it is recorded as training."
        )));
    }
    match &app.saved {
        Some(Kept::Journal) => {
            lines.push(Line::raw(""));
            lines.push(Line::raw("Recorded in your history."));
        }
        Some(unsaved) => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Not in your history yet. {}", unsaved.note()),
                theme.alert(),
            ));
        }
        None => {}
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        body,
    );
    frame.render_widget(Paragraph::new("q or Enter leaves").style(theme.dim()), keys);
}

/// What was done, skipped, paused and reported, a line each.
pub fn summary_lines(workout: &Workout, summary: &Summary) -> Vec<String> {
    let steps = workout.steps();
    let done_secs = |phase: Phase| -> u32 {
        steps
            .iter()
            .zip(workout.outcomes())
            .filter(|(s, o)| s.phase == phase && **o == Outcome::Done)
            .map(|(s, _)| s.length.estimated_secs())
            .sum()
    };
    // A circuit on its own neither runs nor walks: no such times.
    let moved = steps
        .iter()
        .any(|s| matches!(s.phase, Phase::Run | Phase::Walk))
        .then(|| {
            let (ran, walked) = (done_secs(Phase::Run), done_secs(Phase::Walk));
            format!(" · ran {} · walked {}", clock_text(ran), clock_text(walked))
        });
    let mut lines = vec![
        format!(
            "Done: {} of {} steps{} · {} in all",
            summary.done,
            steps.len(),
            moved.unwrap_or_default(),
            spent(summary.active)
        ),
        format!(
            "Skipped: {}{}",
            summary.skipped,
            if summary.not_reached > 0 {
                format!(" · not reached: {}", summary.not_reached)
            } else {
                String::new()
            }
        ),
        format!(
            "Paused: {} in {} {}",
            spent(summary.paused),
            summary.pauses,
            if summary.pauses == 1 {
                "pause"
            } else {
                "pauses"
            }
        ),
    ];
    if summary.pain_reports.is_empty() {
        lines.push("Pain reported: none".to_string());
    } else {
        let reports: Vec<String> = summary
            .pain_reports
            .iter()
            .map(|r| {
                format!(
                    "{}/10 at {} ({})",
                    r.pain,
                    spent(r.at),
                    step_name(&steps[r.step]).to_lowercase()
                )
            })
            .collect();
        lines.push(format!("Pain reported: {}", reports.join(", ")));
    }
    lines
}

/// The ready-to-run check said no: why, and what instead.
fn no_run_lines(app: &App) -> Vec<String> {
    let Some(no_run) = &app.no_run else {
        return Vec::new();
    };
    let mut lines = vec![format!("{}.", capitalized(&no_run.reason)), String::new()];
    match no_run.asked {
        0 => {
            lines.push("Running on it today could set it back. Instead:".into());
            if app.offers_circuit() {
                lines.push("c  the session's circuit instead".into());
            }
            lines.push("w  a walk instead: this session, walking".into());
            lines.push("q  nothing today".into());
            lines.push("o  run anyway, against this advice".into());
            lines.push(String::new());
            lines.push("If the pain stays or grows, see a physical therapist.".into());
        }
        1 => lines.push("Run anyway? The coach advises against it. y yes · n no".into()),
        _ => lines.push(
            "Are you sure? Never run through sharp pain. It is recorded as your choice. y yes · n no"
                .into(),
        ),
    }
    lines
}

/// A question, a confirmation or the keys: a titled box of lines.
pub struct Panel {
    title: String,
    lines: Vec<String>,
    style: Style,
}

impl Panel {
    fn width(&self) -> u16 {
        let widest = self.lines.iter().map(|l| l.chars().count()).max();
        let widest = widest.unwrap_or(0).max(self.title.chars().count());
        (widest as u16).saturating_add(4)
    }

    /// Rows it takes, borders included, in a screen `width` wide.
    fn height(&self, width: u16) -> u16 {
        let inner = self.width().min(width).saturating_sub(2);
        let lines: Vec<Line> = self.lines.iter().map(|l| Line::raw(l.as_str())).collect();
        wrapped_height(&lines, inner) + 2
    }

    fn draw(&self, frame: &mut Frame, area: Rect) {
        let lines: Vec<Line> = self.lines.iter().map(|l| Line::raw(l.as_str())).collect();
        let block = Block::bordered()
            .title(self.title.as_str())
            .border_style(self.style);
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
    }
}

/// The panel open now, if any: a question, a confirmation, the keys.
pub fn panel(app: &App, now: Instant, theme: Theme) -> Option<Panel> {
    let site = &app.info.pain_site;
    let question = app.questions.as_ref().and_then(|q| {
        if let Some(decision) = &q.decision {
            let lines = vec![decision.clone(), String::new(), "Any key goes on.".into()];
            return Some(("The coach", lines));
        }
        let had_run = app
            .workout
            .steps()
            .iter()
            .any(|s| s.part == Part::Main && s.phase == Phase::Run);
        let (mut lines, hint) = q.prompt(site, app.reported_pain(), had_run)?;
        lines.push(hint);
        Some(("Pain", lines))
    });
    let (title, lines): (&str, Vec<String>) = match (question, app.overlay) {
        (_, Overlay::ConfirmQuit) => {
            let mut lines = vec!["y  end it now".to_string()];
            if app.may_discard(now) {
                lines.push(match app.info.instead {
                    None => "d  discard it: nothing recorded, no run day used".into(),
                    Some(_) => "d  discard it: nothing recorded".into(),
                });
            }
            lines.push("n  go on".into());
            ("End the session?", lines)
        }
        (None, Overlay::NotReady) => ("No run today", no_run_lines(app)),
        (Some(question), _) => question,
        (None, Overlay::None) => return None,
        (None, Overlay::Help) => (
            "Keys (any key closes this)",
            vec![
                "space  pause / resume   n →  skip a step".into(),
                "b ←    back a step      Enter  rep set done".into(),
                format!("{:<24}m  beat on / off", format!("!      {site} pain")),
                "q ^C   end the session (asks first)".into(),
            ],
        ),
        (None, Overlay::PainEntry(first)) => (
            "Pain now",
            vec![
                format!("{} pain right now, 0 to 10?", capitalized(site)),
                match first {
                    Some(1) => "1… press 0 for 10, or Enter for 1.".into(),
                    _ => "Press 0–9; for 10 press 1 then 0. Esc cancels.".into(),
                },
            ],
        ),
        (None, Overlay::PainAlert { pain, response }) => {
            if response.stop {
                (
                    "Stop",
                    vec![
                        format!(
                            "Pain {pain}/10 is at the stop line ({}/10).",
                            app.info.stop_pain
                        ),
                        "Stop running now and walk slowly to finish.".into(),
                        "See a physical therapist before you run again.".into(),
                        String::new(),
                        "e  end the session now".into(),
                        "c  go on walking".into(),
                    ],
                )
            } else if app
                .workout
                .current()
                .is_some_and(|s| s.part == Part::Circuit)
            {
                (
                    "Pain during the exercise",
                    vec![
                        format!(
                            "Pain {pain}/10 is at or above the red line ({}/10).",
                            app.info.red_pain
                        ),
                        "Stop this exercise: n skips it. Never push through sharp pain.".into(),
                        String::new(),
                        "e  end the session now".into(),
                        "c  go on".into(),
                    ],
                )
            } else {
                let walks = if response.runs_turned_to_walks > 0 {
                    "The rest of the main set is walking now."
                } else {
                    "No more running in this session."
                };
                (
                    "Pain at the red line",
                    vec![
                        format!(
                            "Pain {pain}/10 is at or above the red line ({}/10).",
                            app.info.red_pain
                        ),
                        walks.into(),
                        "Never run through sharp pain.".into(),
                        String::new(),
                        "e  end the session now".into(),
                        "c  go on walking".into(),
                    ],
                )
            }
        }
    };
    let style = match app.overlay {
        Overlay::PainAlert { .. } => theme.alert(),
        _ => theme.bold(),
    };
    Some(Panel {
        title: title.to_string(),
        lines,
        style,
    })
}

/// Rows the lines take when wrapped at `width` (word wrapping may take a
/// little more; this is for laying out, not for cutting).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    rows.min(usize::from(u16::MAX)) as u16
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn big(text: &str, size: PixelSize, style: Style) -> BigText<'static> {
    BigText::builder()
        .pixel_size(size)
        .style(style)
        .centered()
        .lines(vec![Line::raw(text.to_string())])
        .build()
}

/// Terminal cells a glyph of the 8×8 font takes at each size: (columns, rows).
fn cells(size: PixelSize) -> (u16, u16) {
    match size {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (8, 4),
        PixelSize::HalfWidth => (4, 8),
        PixelSize::Quadrant => (4, 4),
        PixelSize::ThirdHeight => (8, 3),
        PixelSize::Sextant => (4, 3),
        PixelSize::QuarterHeight => (8, 2),
        PixelSize::Octant => (4, 2),
    }
}

fn rows(size: PixelSize) -> u16 {
    cells(size).1
}

fn fits(text: &str, size: PixelSize, width: u16, height: u16) -> bool {
    let (cols, rows) = cells(size);
    text.chars().count() as u16 * cols <= width && rows <= height
}

/// The largest size at which `text` fits, if any.
fn fit(text: &str, width: u16, height: u16) -> Option<PixelSize> {
    [PixelSize::Full, PixelSize::HalfHeight, PixelSize::Quadrant]
        .into_iter()
        .find(|&size| fits(text, size, width, height))
}

/// The phase word's size: big letters, never bigger than half height.
fn word_size(word: &str, width: u16, height: u16) -> Option<PixelSize> {
    [PixelSize::HalfHeight, PixelSize::Quadrant]
        .into_iter()
        .find(|&size| fits(word, size, width, height))
}

/// A size for a line under the digits: smaller than theirs. (The smaller
/// sizes draw with characters many terminal fonts lack.)
fn smaller_fit(text: &str, width: u16, height: u16) -> Option<PixelSize> {
    [PixelSize::Quadrant]
        .into_iter()
        .find(|&size| fits(text, size, width, height))
}
