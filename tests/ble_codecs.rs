//! The Bluetooth codecs: every value survives encode then decode, every
//! flag combination of Treadmill Data reads its fields, and any bytes at
//! all give a value or an error, never a panic.

use proptest::prelude::*;
use rtr::ble::codec::{
    CodecError, HeartRate, MachineStatus, Outcome, Request, Response, Rsc, TreadmillData,
};

fn treadmill_data() -> impl Strategy<Value = TreadmillData> {
    let pair16 = || (any::<i16>(), any::<i16>());
    (
        (
            any::<Option<u16>>(),
            any::<Option<u16>>(),
            proptest::option::of(0u32..=0xFF_FFFF),
            proptest::option::of(pair16()),
            any::<Option<(u16, u16)>>(),
            any::<Option<u8>>(),
            any::<Option<u8>>(),
        ),
        (
            any::<Option<(u16, u16, u8)>>(),
            any::<Option<u8>>(),
            any::<Option<u8>>(),
            any::<Option<u16>>(),
            any::<Option<u16>>(),
            proptest::option::of(pair16()),
        ),
    )
        .prop_map(
            |(
                (speed, average_speed, distance, incline, elevation, pace, average_pace),
                (energy, heart_rate, met, elapsed, remaining, force_power),
            )| TreadmillData {
                speed,
                average_speed,
                distance,
                incline,
                elevation,
                pace,
                average_pace,
                energy,
                heart_rate,
                met,
                elapsed,
                remaining,
                force_power,
            },
        )
}

/// Bytes each Treadmill Data flag adds, bit 0 (speed, when clear) first.
const FIELD_BYTES: [usize; 13] = [2, 2, 3, 4, 4, 1, 1, 5, 1, 1, 2, 2, 4];

fn packet_length(flags: u16) -> usize {
    let speed = if flags & 1 == 0 { FIELD_BYTES[0] } else { 0 };
    let rest: usize = (1..13)
        .filter(|bit| flags & (1 << bit) != 0)
        .map(|bit| FIELD_BYTES[bit])
        .sum();
    2 + speed + rest
}

#[test]
fn every_flag_combination_of_treadmill_data_reads_its_fields_and_no_more() {
    for flags in 0..(1u16 << 13) {
        let length = packet_length(flags);
        let mut packet = vec![0u8; length];
        packet[..2].copy_from_slice(&flags.to_le_bytes());
        let data = TreadmillData::decode(&packet)
            .unwrap_or_else(|err| panic!("flags {flags:#06x}: {err}"));
        assert_eq!(data.speed.is_some(), flags & 1 == 0, "flags {flags:#06x}");
        assert_eq!(data.distance.is_some(), flags & (1 << 2) != 0);
        assert_eq!(data.heart_rate.is_some(), flags & (1 << 8) != 0);
        assert_eq!(data.encode(), packet, "flags {flags:#06x} encode back");
        let short = TreadmillData::decode(&packet[..length - 1]);
        assert!(
            matches!(short, Err(CodecError::Length { .. })),
            "flags {flags:#06x} short"
        );
        let long = TreadmillData::decode(&[packet.as_slice(), &[0]].concat());
        assert!(
            matches!(long, Err(CodecError::Length { .. })),
            "flags {flags:#06x} long"
        );
    }
}

#[test]
fn a_known_treadmill_packet_reads_as_its_figures() {
    // Speed 8.00 km/h, distance 1234 m, incline 1.0 %, ramp 0.6°, heart
    // rate 142, elapsed 600 s.
    let packet = [
        0x0C, 0x05, // flags: distance, incline, heart rate, elapsed
        0x20, 0x03, // 800
        0xD2, 0x04, 0x00, // 1234
        0x0A, 0x00, 0x06, 0x00, // 10, 6
        142,  // bpm
        0x58, 0x02, // 600
    ];
    let data = TreadmillData::decode(&packet).unwrap();
    assert_eq!(data.speed, Some(800));
    assert_eq!(data.distance, Some(1234));
    assert_eq!(data.incline, Some((10, 6)));
    assert_eq!(data.heart_rate, Some(142));
    assert_eq!(data.elapsed, Some(600));
}

#[test]
fn control_point_requests_are_the_bytes_of_the_specification() {
    assert_eq!(Request::RequestControl.encode(), [0x00]);
    assert_eq!(Request::TargetSpeed(800).encode(), [0x02, 0x20, 0x03]);
    assert_eq!(Request::TargetIncline(-15).encode(), [0x03, 0xF1, 0xFF]);
    assert_eq!(Request::StartOrResume.encode(), [0x07]);
    assert_eq!(Request::Stop.encode(), [0x08, 0x01]);
    assert_eq!(Request::Pause.encode(), [0x08, 0x02]);
    let reply = Response::decode(&[0x80, 0x02, 0x01]).unwrap();
    assert_eq!(
        reply,
        Response::to(Request::TargetSpeed(1), Outcome::Success)
    );
    let refused = Response::decode(&[0x80, 0x07, 0x05]).unwrap();
    assert_eq!(refused.outcome, Outcome::NotPermitted);
    assert!(Response::decode(&[0x80, 0x07, 0x06]).is_err());
    assert!(Response::decode(&[0x80, 0x07]).is_err());
}

#[test]
fn machine_status_says_the_safety_key_a_stop_and_a_console_change() {
    assert_eq!(MachineStatus::decode(&[0x03]), Ok(MachineStatus::SafetyKey));
    assert_eq!(
        MachineStatus::decode(&[0x02, 0x01]),
        Ok(MachineStatus::StoppedOrPausedByUser)
    );
    assert_eq!(
        MachineStatus::decode(&[0x05, 0x26, 0x02]),
        Ok(MachineStatus::SpeedChanged(550))
    );
    assert_eq!(
        MachineStatus::decode(&[0xFF]),
        Ok(MachineStatus::ControlLost)
    );
    assert!(MachineStatus::decode(&[0x05, 0x26]).is_err());
    assert!(MachineStatus::decode(&[]).is_err());
}

proptest! {
    #[test]
    fn treadmill_data_round_trips(data in treadmill_data()) {
        prop_assert_eq!(TreadmillData::decode(&data.encode()), Ok(data));
    }

    #[test]
    fn requests_round_trip(speed in any::<u16>(), incline in any::<i16>(), pick in 0usize..6) {
        let request = [
            Request::RequestControl,
            Request::TargetSpeed(speed),
            Request::TargetIncline(incline),
            Request::StartOrResume,
            Request::Stop,
            Request::Pause,
        ][pick];
        prop_assert_eq!(Request::decode(&request.encode()), Ok(request));
        for outcome in [Outcome::Success, Outcome::NotSupported, Outcome::InvalidParameter, Outcome::Failed, Outcome::NotPermitted] {
            let response = Response::to(request, outcome);
            prop_assert_eq!(Response::decode(&response.encode()), Ok(response));
        }
    }

    #[test]
    fn machine_status_round_trips(speed in any::<u16>(), incline in any::<i16>(), pick in 0usize..6) {
        let status = [
            MachineStatus::StoppedOrPausedByUser,
            MachineStatus::SafetyKey,
            MachineStatus::StartedByUser,
            MachineStatus::SpeedChanged(speed),
            MachineStatus::InclineChanged(incline),
            MachineStatus::ControlLost,
        ][pick];
        prop_assert_eq!(MachineStatus::decode(&status.encode()), Ok(status));
    }

    #[test]
    fn heart_rate_round_trips(
        bpm in any::<u16>(),
        energy in any::<Option<u16>>(),
        rr in proptest::collection::vec(any::<u16>(), 0..8),
    ) {
        let beat = HeartRate { bpm, energy, rr };
        prop_assert_eq!(HeartRate::decode(&beat.encode()), Ok(beat));
    }

    #[test]
    fn rsc_round_trips(
        speed in any::<u16>(),
        cadence in any::<u8>(),
        stride in any::<Option<u16>>(),
        distance in any::<Option<u32>>(),
        running in any::<bool>(),
    ) {
        let pod = Rsc { speed, cadence, stride, distance, running };
        prop_assert_eq!(Rsc::decode(&pod.encode()), Ok(pod));
    }

    #[test]
    fn any_bytes_give_a_value_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        let _ = TreadmillData::decode(&bytes);
        let _ = Request::decode(&bytes);
        let _ = Response::decode(&bytes);
        let _ = MachineStatus::decode(&bytes);
        let _ = HeartRate::decode(&bytes);
        let _ = Rsc::decode(&bytes);
    }
}
