//! The kinds of device rtr talks to, by the Bluetooth services they
//! advertise, and the characteristics it reads and writes on each. Pure:
//! the radio lives in `radio`.

use std::fmt;

/// The 16-bit numbers the Bluetooth SIG gives services and characteristics.
pub mod uuid16 {
    pub const FITNESS_MACHINE: u16 = 0x1826;
    pub const HEART_RATE: u16 = 0x180D;
    pub const RUNNING_SPEED_CADENCE: u16 = 0x1814;

    pub const TREADMILL_DATA: u16 = 0x2ACD;
    pub const CONTROL_POINT: u16 = 0x2AD9;
    pub const MACHINE_STATUS: u16 = 0x2ADA;
    pub const HEART_RATE_MEASUREMENT: u16 = 0x2A37;
    pub const RSC_MEASUREMENT: u16 = 0x2A53;
}

/// The 16-bit number of a full 128-bit UUID built on the Bluetooth base
/// UUID (0000xxxx-0000-1000-8000-00805f9b34fb), if it is one.
pub fn short_uuid(uuid: u128) -> Option<u16> {
    const BASE: u128 = 0x0000_0000_0000_1000_8000_0080_5f9b_34fb;
    const SHORT: u128 = 0xffff << 96;
    (uuid & !SHORT == BASE).then_some(((uuid & SHORT) >> 96) as u16)
}

/// The full UUID of a 16-bit one.
pub fn full_uuid(short: u16) -> u128 {
    0x0000_0000_0000_1000_8000_0080_5f9b_34fb | (u128::from(short) << 96)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeviceKind {
    Treadmill,
    Strap,
    Footpod,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 3] = [Self::Treadmill, Self::Strap, Self::Footpod];

    /// The service a device of this kind advertises.
    pub fn service(self) -> u16 {
        match self {
            Self::Treadmill => uuid16::FITNESS_MACHINE,
            Self::Strap => uuid16::HEART_RATE,
            Self::Footpod => uuid16::RUNNING_SPEED_CADENCE,
        }
    }

    /// The characteristics rtr subscribes to.
    pub fn notified(self) -> &'static [u16] {
        match self {
            Self::Treadmill => &[
                uuid16::TREADMILL_DATA,
                uuid16::MACHINE_STATUS,
                uuid16::CONTROL_POINT,
            ],
            Self::Strap => &[uuid16::HEART_RATE_MEASUREMENT],
            Self::Footpod => &[uuid16::RSC_MEASUREMENT],
        }
    }

    /// The config key that remembers a device of this kind.
    pub fn key(self) -> &'static str {
        match self {
            Self::Treadmill => "treadmill",
            Self::Strap => "strap",
            Self::Footpod => "footpod",
        }
    }

    /// The kinds a device is, from the services it advertises (a treadmill
    /// may have its own heart-rate service too).
    pub fn of(services: &[u16]) -> Vec<DeviceKind> {
        Self::ALL
            .into_iter()
            .filter(|kind| services.contains(&kind.service()))
            .collect()
    }
}

impl fmt::Display for DeviceKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Treadmill => "treadmill",
            Self::Strap => "heart-rate strap",
            Self::Footpod => "footpod",
        })
    }
}

/// A device a scan heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// How the radio names it (an address, or the system's identifier).
    pub id: String,
    pub name: Option<String>,
    pub kinds: Vec<DeviceKind>,
    /// Signal strength, dBm (closer to 0 is nearer).
    pub rssi: Option<i16>,
}

impl Found {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("(no name)")
    }
}

/// The devices worth listing: those of a kind rtr reads, strongest signal
/// first within each kind, each kind's in the order treadmill, strap, pod.
pub fn listed(mut found: Vec<Found>) -> Vec<Found> {
    found.retain(|device| !device.kinds.is_empty());
    found.sort_by_key(|device| {
        (
            device.kinds[0],
            std::cmp::Reverse(device.rssi.unwrap_or(i16::MIN)),
        )
    });
    found
}

/// How near a signal is, in words a runner can act on.
pub fn signal(rssi: Option<i16>) -> String {
    match rssi {
        None => "signal unknown".into(),
        Some(dbm) if dbm >= -60 => format!("{dbm} dBm, near"),
        Some(dbm) if dbm >= -80 => format!("{dbm} dBm, in the room"),
        Some(dbm) => format!("{dbm} dBm, weak: move closer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_uuids_come_back_from_full_ones() {
        for short in [0x1826, 0x180D, 0x2ACD, 0xFFFF, 0] {
            assert_eq!(short_uuid(full_uuid(short)), Some(short));
        }
        // A vendor's own 128-bit UUID is not on the base.
        assert_eq!(short_uuid(0x6e40_0001_b5a3_f393_e0a9_e50e_24dc_ca9e), None);
    }

    #[test]
    fn a_device_is_of_the_kinds_it_advertises() {
        assert_eq!(
            DeviceKind::of(&[0x1826, 0x180D]),
            [DeviceKind::Treadmill, DeviceKind::Strap]
        );
        assert_eq!(DeviceKind::of(&[0x1814]), [DeviceKind::Footpod]);
        assert!(DeviceKind::of(&[0x180F]).is_empty());
    }

    #[test]
    fn the_list_keeps_known_kinds_nearest_first() {
        let device = |id: &str, kinds: Vec<DeviceKind>, rssi| Found {
            id: id.into(),
            name: None,
            kinds,
            rssi,
        };
        let found = vec![
            device("pod", vec![DeviceKind::Footpod], Some(-50)),
            device("far", vec![DeviceKind::Treadmill], Some(-85)),
            device("lamp", vec![], Some(-30)),
            device("near", vec![DeviceKind::Treadmill], Some(-55)),
            device("quiet", vec![DeviceKind::Treadmill], None),
        ];
        let ids: Vec<_> = listed(found).into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["near", "far", "quiet", "pod"]);
    }

    #[test]
    fn the_signal_says_what_to_do() {
        assert_eq!(signal(Some(-50)), "-50 dBm, near");
        assert_eq!(signal(Some(-70)), "-70 dBm, in the room");
        assert_eq!(signal(Some(-90)), "-90 dBm, weak: move closer");
        assert_eq!(signal(None), "signal unknown");
    }
}
