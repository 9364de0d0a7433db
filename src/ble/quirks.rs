//! What some treadmills do differently from the FTMS standard, undone at
//! the edge so the safety rules always count in km/h and 0.1 %.

use super::codec::{MachineStatus, Request, TreadmillData};
use crate::program::SpeedUnit;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wire {
    /// The speed field is in 0.01 mph, not 0.01 km/h.
    pub speed_in_mph: bool,
    /// The only inclines the machine takes (0.1 %), lowest first; empty:
    /// any.
    pub incline_table: Vec<i16>,
}

impl Wire {
    pub fn new(speed_in_mph: bool, incline_table: &[f32]) -> Wire {
        let mut table: Vec<i16> = incline_table
            .iter()
            .map(|percent| (percent * 10.0).round() as i16)
            .collect();
        table.sort_unstable();
        table.dedup();
        Wire {
            speed_in_mph,
            incline_table: table,
        }
    }

    /// A request as this machine must read it.
    pub fn out(&self, request: Request) -> Request {
        match request {
            Request::TargetSpeed(kmh) => Request::TargetSpeed(self.speed_out(kmh)),
            Request::TargetIncline(incline) => Request::TargetIncline(self.incline_out(incline)),
            other => other,
        }
    }

    /// The table's incline nearest at or below the one asked (never a
    /// steeper hill than the program's); its lowest when all are above.
    fn incline_out(&self, incline: i16) -> i16 {
        let at_or_below = self.incline_table.iter().rev().find(|&&i| i <= incline);
        match (at_or_below, self.incline_table.first()) {
            (Some(&i), _) => i,
            (None, Some(&lowest)) => lowest,
            (None, None) => incline,
        }
    }

    fn speed_out(&self, kmh: u16) -> u16 {
        if !self.speed_in_mph {
            return kmh;
        }
        SpeedUnit::Mph.from_kmh(f64::from(kmh)).round() as u16
    }

    fn speed_in(&self, field: u16) -> u16 {
        if !self.speed_in_mph {
            return field;
        }
        SpeedUnit::Mph
            .to_kmh(f64::from(field))
            .round()
            .min(f64::from(u16::MAX)) as u16
    }

    /// The machine's data in km/h.
    pub fn data_in(&self, mut data: TreadmillData) -> TreadmillData {
        data.speed = data.speed.map(|s| self.speed_in(s));
        data.average_speed = data.average_speed.map(|s| self.speed_in(s));
        data
    }

    /// The machine's status in km/h.
    pub fn status_in(&self, status: MachineStatus) -> MachineStatus {
        match status {
            MachineStatus::SpeedChanged(s) => MachineStatus::SpeedChanged(self.speed_in(s)),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_machine_gets_what_is_asked() {
        let wire = Wire::default();
        for request in [
            Request::TargetSpeed(800),
            Request::TargetIncline(15),
            Request::Pause,
        ] {
            assert_eq!(wire.out(request), request);
        }
    }

    #[test]
    fn an_mph_machine_gets_and_gives_mph() {
        let wire = Wire::new(true, &[]);
        // 8.00 km/h is 4.97 mph; its 4.97 mph reads back as 8.00 km/h.
        assert_eq!(
            wire.out(Request::TargetSpeed(800)),
            Request::TargetSpeed(497)
        );
        assert_eq!(
            wire.status_in(MachineStatus::SpeedChanged(497)),
            MachineStatus::SpeedChanged(800)
        );
        let data = TreadmillData {
            speed: Some(497),
            ..TreadmillData::default()
        };
        assert_eq!(wire.data_in(data).speed, Some(800));
    }

    #[test]
    fn an_incline_comes_from_the_table_never_steeper() {
        let wire = Wire::new(false, &[2.0, 0.0, 1.0, 1.0]);
        let cases = [(15, 10), (10, 10), (9, 0), (35, 20), (-10, 0)];
        for (asked, sent) in cases {
            assert_eq!(
                wire.out(Request::TargetIncline(asked)),
                Request::TargetIncline(sent),
                "{asked}"
            );
        }
    }
}
