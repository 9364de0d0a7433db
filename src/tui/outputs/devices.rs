//! The treadmill and sensors a session uses, as the settings choose them:
//! simulated ones in-process, real ones through the radio's thread (opened
//! only when a real device is remembered).

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::Output;
use super::sensors::{Sensors, Source};
use super::treadmill::{Belt, BeltSetup, sim_link};
use crate::ble::device::DeviceKind;
use crate::ble::link::Link;
use crate::ble::quirks::Wire;
use crate::config::{DeviceChoice, Settings};
use crate::tui::app::App;
use crate::tui::term::Wake;

/// Links to the real devices remembered, by kind, through the radio's
/// thread; none, and no thread, when none is remembered.
fn radio_links(settings: &Settings, wake: &Sender<Wake>) -> HashMap<DeviceKind, Box<dyn Link>> {
    let wanted: Vec<(DeviceKind, String, String)> = DeviceKind::ALL
        .into_iter()
        .filter_map(|kind| match choice(settings, kind) {
            DeviceChoice::Device { id, name } => Some((kind, id.clone(), name.clone())),
            _ => None,
        })
        .collect();
    if wanted.is_empty() {
        return HashMap::new();
    }
    open_radio(wanted, wake)
}

#[cfg(feature = "bluetooth")]
fn open_radio(
    wanted: Vec<(DeviceKind, String, String)>,
    wake: &Sender<Wake>,
) -> HashMap<DeviceKind, Box<dyn Link>> {
    use crate::ble::radio;
    let wanted = wanted
        .into_iter()
        .map(|(kind, id, name)| radio::Wanted { kind, id, name })
        .collect();
    let wake = wake.clone();
    let notice = move |about: Option<DeviceKind>, text: String| {
        let wake_word = match about {
            Some(kind) => Wake::DeviceNews(kind, text),
            None => Wake::Notice(text),
        };
        let _ = wake.send(wake_word);
    };
    radio::open(wanted, notice)
        .into_iter()
        .map(|(kind, link)| (kind, Box::new(link) as Box<dyn Link>))
        .collect()
}

#[cfg(not(feature = "bluetooth"))]
fn open_radio(
    _wanted: Vec<(DeviceKind, String, String)>,
    wake: &Sender<Wake>,
) -> HashMap<DeviceKind, Box<dyn Link>> {
    let _ = wake.send(Wake::Notice(
        "This rtr was built without Bluetooth: the session goes on without its devices.".into(),
    ));
    HashMap::new()
}

fn choice(settings: &Settings, kind: DeviceKind) -> &DeviceChoice {
    match kind {
        DeviceKind::Treadmill => &settings.treadmill,
        DeviceKind::Strap => &settings.strap,
        DeviceKind::Footpod => &settings.footpod,
    }
}

/// The belt and the sensors' outputs, if any device is chosen.
pub fn outputs<'a>(
    app: &App,
    settings: &Settings,
    wake: &Sender<Wake>,
) -> Vec<Box<dyn Output + 'a>> {
    let now = Instant::now();
    let mut radio = radio_links(settings, wake);
    let mut source = |kind| match choice(settings, kind) {
        DeviceChoice::None => None,
        DeviceChoice::Sim => Some(Source::Sim),
        DeviceChoice::Device { .. } => radio.remove(&kind).map(Source::Radio),
    };
    let strap = source(DeviceKind::Strap);
    let pod = source(DeviceKind::Footpod);
    let treadmill = source(DeviceKind::Treadmill);
    let mut outputs: Vec<Box<dyn Output + 'a>> = Vec::new();
    let quirks = &settings.quirks;
    let belt_link: Option<Box<dyn Link>> = match treadmill {
        Some(Source::Sim) => Some(Box::new(sim_link(now))),
        Some(Source::Radio(link)) => Some(link),
        None => None,
    };
    if let Some(link) = belt_link {
        let setup = BeltSetup {
            unit: app.info.speed_unit,
            max_speed: settings.max_speed,
            max_step: settings.max_step,
            wire: Wire::new(quirks.speed_in_mph, &quirks.incline_table),
            heart_rate_from_belt: strap.is_none(),
        };
        outputs.push(Box::new(Belt::new(app.workout.steps(), setup, link, now)));
    }
    if strap.is_some() || pod.is_some() {
        outputs.push(Box::new(Sensors::new(
            strap,
            pod,
            quirks.cadence_per_leg,
            now,
        )));
    }
    outputs
}
