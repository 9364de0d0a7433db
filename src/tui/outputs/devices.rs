//! The treadmill and sensors a session uses, as the settings choose them:
//! simulated ones in-process, real ones through the radio's thread (opened
//! only when a real device is remembered).

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

/// The links to the real devices remembered, or none without Bluetooth.
struct Radio {
    #[cfg(feature = "bluetooth")]
    radio: Option<crate::ble::radio::Radio>,
}

impl Radio {
    fn start(settings: &Settings, wake: &Sender<Wake>) -> Radio {
        let wanted: Vec<(DeviceKind, &str, &str)> = DeviceKind::ALL
            .into_iter()
            .filter_map(|kind| match choice(settings, kind) {
                DeviceChoice::Device { id, name } => Some((kind, id.as_str(), name.as_str())),
                _ => None,
            })
            .collect();
        if wanted.is_empty() {
            return Radio {
                #[cfg(feature = "bluetooth")]
                radio: None,
            };
        }
        #[cfg(feature = "bluetooth")]
        {
            use crate::ble::radio;
            let wanted = wanted
                .into_iter()
                .map(|(kind, id, name)| radio::Wanted {
                    kind,
                    id: id.into(),
                    name: name.into(),
                })
                .collect();
            let wake = wake.clone();
            let notice = move |about: Option<DeviceKind>, text: String| {
                let wake_word = match about {
                    Some(kind) => Wake::DeviceNews(kind, text),
                    None => Wake::Notice(text),
                };
                let _ = wake.send(wake_word);
            };
            Radio {
                radio: Some(radio::Radio::start(wanted, notice)),
            }
        }
        #[cfg(not(feature = "bluetooth"))]
        {
            let _ = wake.send(Wake::Notice(
                "This rtr was built without Bluetooth: the session goes on without its devices."
                    .into(),
            ));
            Radio {}
        }
    }

    fn link(&mut self, kind: DeviceKind) -> Option<Box<dyn Link>> {
        #[cfg(feature = "bluetooth")]
        if let Some(link) = self.radio.as_mut().and_then(|radio| radio.link(kind)) {
            return Some(Box::new(link));
        }
        let _ = kind;
        None
    }
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
    let mut radio = Radio::start(settings, wake);
    let mut source = |kind| match choice(settings, kind) {
        DeviceChoice::None => None,
        DeviceChoice::Sim => Some(Source::Sim),
        DeviceChoice::Device { .. } => radio.link(kind).map(Source::Radio),
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
