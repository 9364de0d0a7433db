//! The TCX text of a session.

use std::fmt::Write;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use super::{BODY_MASS_KG, Distance, DistanceFrom, Lap, NotExported, TRACKPOINT_EVERY_MS, laps};
use crate::coach::records::SessionRecord;
use crate::workout::{Instead, Outcome};

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd">
"#;

/// The session as a TCX file: one activity, a lap a step of the run, a
/// track a stretch the clock ran, a trackpoint every few seconds.
pub fn tcx(session: &SessionRecord) -> Result<String, NotExported> {
    let laps = laps(session)?;
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(HEADER);
    // A walk in place of the run is not a run.
    let sport = match session.instead {
        Some(Instead::Walk) => "Other",
        _ => "Running",
    };
    let _ = writeln!(out, "  <Activities>\n    <Activity Sport=\"{sport}\">");
    let _ = writeln!(out, "      <Id>{}</Id>", time(laps[0].start()));
    let mut before = 0.0;
    for lap in &laps {
        write_lap(&mut out, lap, before);
        before += lap.distance.metres();
    }
    let _ = writeln!(
        out,
        "      <Notes>{}</Notes>",
        escape(&notes(session, &laps))
    );
    out.push_str("    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n");
    Ok(out)
}

fn write_lap(out: &mut String, lap: &Lap, before: f64) {
    let _ = writeln!(out, "      <Lap StartTime=\"{}\">", time(lap.start()));
    let _ = writeln!(
        out,
        "        <TotalTimeSeconds>{}</TotalTimeSeconds>",
        lap.millis as f64 / 1000.0
    );
    let _ = writeln!(
        out,
        "        <DistanceMeters>{:.1}</DistanceMeters>",
        lap.distance.metres()
    );
    let _ = writeln!(out, "        <Calories>{}</Calories>", lap.calories);
    // A heart rate of 0 is a dropout, never a reading.
    if let Some(bpm) = lap.step.heart_rate.filter(|bpm| *bpm > 0) {
        let _ = writeln!(
            out,
            "        <AverageHeartRateBpm><Value>{bpm}</Value></AverageHeartRateBpm>"
        );
    }
    let intensity = if lap.active { "Active" } else { "Resting" };
    let _ = writeln!(out, "        <Intensity>{intensity}</Intensity>");
    // The step the session ended in was cut short by hand, not by its time.
    let trigger = if lap.step.outcome == Outcome::Pending {
        "Manual"
    } else {
        "Time"
    };
    let _ = writeln!(out, "        <TriggerMethod>{trigger}</TriggerMethod>");
    let mut into_lap = 0u64;
    for &(from, to) in &lap.tracks {
        out.push_str("        <Track>\n");
        let span = (to - from).num_milliseconds().max(0) as u64;
        let mut at = 0u64;
        loop {
            let t = at.min(span);
            trackpoint(
                out,
                lap,
                from + Duration::milliseconds(t as i64),
                before,
                into_lap + t,
            );
            if t == span {
                break;
            }
            at += TRACKPOINT_EVERY_MS;
        }
        into_lap += span;
        out.push_str("        </Track>\n");
    }
    let _ = writeln!(out, "        <Notes>{}</Notes>", escape(&lap.step.label));
    out.push_str("      </Lap>\n");
}

fn trackpoint(out: &mut String, lap: &Lap, at: DateTime<Utc>, before: f64, into_lap: u64) {
    let _ = write!(out, "          <Trackpoint><Time>{}</Time>", time(at));
    if lap.distance != Distance::None && lap.millis > 0 {
        let share = into_lap as f64 / lap.millis as f64;
        let metres = before + lap.distance.metres() * share;
        let _ = write!(out, "<DistanceMeters>{metres:.1}</DistanceMeters>");
    }
    out.push_str("</Trackpoint>\n");
}

/// What the file is, and what in it is estimated.
fn notes(session: &SessionRecord, laps: &[Lap]) -> String {
    let mut notes = format!("rtr: session {} of {}", session.session, session.program);
    if session.off_plan {
        notes.push_str(", off the coach's plan");
    }
    if session.instead == Some(Instead::Walk) {
        notes.push_str(", a walk in place of the run");
    }
    if let Some(reason) = &session.ended_early {
        let _ = write!(notes, ", ended early ({reason})");
    }
    if session.resumed {
        notes.push_str(", picked up again after an interruption");
    }
    notes.push_str(". ");
    let from = DistanceFrom::of(laps.iter().map(|l| l.distance));
    notes.push_str(match from {
        Some(DistanceFrom::Treadmill) => "Distance: from the treadmill.",
        Some(DistanceFrom::Both) => {
            "Distance: from the treadmill where it counted, else an estimate from the program's treadmill speed × time."
        }
        Some(DistanceFrom::Estimate) => {
            "Distance: an estimate from the program's treadmill speed × time (no treadmill was connected)."
        }
        None => {
            "No distance: the program gives no treadmill speed and no treadmill was connected."
        }
    });
    if from.is_some() && laps.iter().any(|l| l.distance == Distance::None) {
        notes.push_str(" Steps without a speed carry no distance.");
    }
    let _ = write!(
        notes,
        " Calories: an estimate by the ACSM walking and running equations for a {BODY_MASS_KG:.0} kg runner."
    );
    if laps.iter().any(|l| l.tracks.len() > 1) || laps.windows(2).any(|w| gap(&w[0], &w[1])) {
        notes.push_str(" Gaps in the track are pauses or skipped steps.");
    }
    notes
}

fn gap(a: &Lap, b: &Lap) -> bool {
    a.tracks.last().map(|t| t.1) != Some(b.start())
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
