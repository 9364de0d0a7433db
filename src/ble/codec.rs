//! The GATT characteristics rtr reads and writes, little-endian as the
//! Bluetooth SIG's specifications lay them out: Treadmill Data (0x2ACD),
//! the Fitness Machine Control Point (0x2AD9) and its replies, Machine
//! Status (0x2ADA), Heart Rate Measurement (0x2A37) and RSC Measurement
//! (0x2A53). Every decoder takes any bytes and returns a value or an error:
//! a short or long packet is an error, never a panic.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodecError {
    #[error("{what}: {got} bytes, {wanted} expected")]
    Length {
        what: &'static str,
        got: usize,
        wanted: usize,
    },
    #[error("{what}: unknown code {code:#04x}")]
    Unknown { what: &'static str, code: u8 },
}

/// Reads fields in order, counting what is left.
struct Reader<'b> {
    what: &'static str,
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn new(what: &'static str, bytes: &'b [u8]) -> Self {
        Reader { what, bytes, at: 0 }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let end = self.at + N;
        let field = self.bytes.get(self.at..end).ok_or(CodecError::Length {
            what: self.what,
            got: self.bytes.len(),
            wanted: end,
        })?;
        self.at = end;
        Ok(field.try_into().expect("N bytes"))
    }

    fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.take::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, CodecError> {
        Ok(u16::from_le_bytes(self.take()?))
    }

    fn i16(&mut self) -> Result<i16, CodecError> {
        Ok(i16::from_le_bytes(self.take()?))
    }

    fn u24(&mut self) -> Result<u32, CodecError> {
        let [a, b, c] = self.take()?;
        Ok(u32::from_le_bytes([a, b, c, 0]))
    }

    /// Every byte read: anything more is an error too.
    fn end(self) -> Result<(), CodecError> {
        if self.at == self.bytes.len() {
            return Ok(());
        }
        Err(CodecError::Length {
            what: self.what,
            got: self.bytes.len(),
            wanted: self.at,
        })
    }
}

fn put_u24(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes()[..3]);
}

/// Treadmill Data (0x2ACD). Each field is present when its flag says so;
/// the instantaneous speed when bit 0 is **clear**.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreadmillData {
    /// 0.01 km/h.
    pub speed: Option<u16>,
    /// 0.01 km/h.
    pub average_speed: Option<u16>,
    /// Metres.
    pub distance: Option<u32>,
    /// Inclination in 0.1 % and ramp angle in 0.1 degree.
    pub incline: Option<(i16, i16)>,
    /// Positive and negative elevation gain, 0.1 m.
    pub elevation: Option<(u16, u16)>,
    /// Instantaneous pace, 0.1 km/min (bit 5).
    pub pace: Option<u8>,
    /// Average pace (bit 6).
    pub average_pace: Option<u8>,
    /// Total energy (kcal), per hour, per minute.
    pub energy: Option<(u16, u16, u8)>,
    pub heart_rate: Option<u8>,
    /// Metabolic equivalent, 0.1.
    pub met: Option<u8>,
    /// Seconds.
    pub elapsed: Option<u16>,
    pub remaining: Option<u16>,
    /// Force on the belt (N) and power output (W).
    pub force_power: Option<(i16, i16)>,
}

mod flag {
    pub const MORE_DATA: u16 = 1 << 0;
    pub const AVERAGE_SPEED: u16 = 1 << 1;
    pub const DISTANCE: u16 = 1 << 2;
    pub const INCLINE: u16 = 1 << 3;
    pub const ELEVATION: u16 = 1 << 4;
    pub const PACE: u16 = 1 << 5;
    pub const AVERAGE_PACE: u16 = 1 << 6;
    pub const ENERGY: u16 = 1 << 7;
    pub const HEART_RATE: u16 = 1 << 8;
    pub const MET: u16 = 1 << 9;
    pub const ELAPSED: u16 = 1 << 10;
    pub const REMAINING: u16 = 1 << 11;
    pub const FORCE_POWER: u16 = 1 << 12;
}

impl TreadmillData {
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("treadmill data", bytes);
        let flags = r.u16()?;
        let has = |bit: u16| flags & bit != 0;
        let mut data = TreadmillData::default();
        if !has(flag::MORE_DATA) {
            data.speed = Some(r.u16()?);
        }
        if has(flag::AVERAGE_SPEED) {
            data.average_speed = Some(r.u16()?);
        }
        if has(flag::DISTANCE) {
            data.distance = Some(r.u24()?);
        }
        if has(flag::INCLINE) {
            data.incline = Some((r.i16()?, r.i16()?));
        }
        if has(flag::ELEVATION) {
            data.elevation = Some((r.u16()?, r.u16()?));
        }
        if has(flag::PACE) {
            data.pace = Some(r.u8()?);
        }
        if has(flag::AVERAGE_PACE) {
            data.average_pace = Some(r.u8()?);
        }
        if has(flag::ENERGY) {
            data.energy = Some((r.u16()?, r.u16()?, r.u8()?));
        }
        if has(flag::HEART_RATE) {
            data.heart_rate = Some(r.u8()?);
        }
        if has(flag::MET) {
            data.met = Some(r.u8()?);
        }
        if has(flag::ELAPSED) {
            data.elapsed = Some(r.u16()?);
        }
        if has(flag::REMAINING) {
            data.remaining = Some(r.u16()?);
        }
        if has(flag::FORCE_POWER) {
            data.force_power = Some((r.i16()?, r.i16()?));
        }
        r.end()?;
        Ok(data)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut out = vec![0, 0];
        match self.speed {
            Some(speed) => out.extend_from_slice(&speed.to_le_bytes()),
            None => flags |= flag::MORE_DATA,
        }
        let mut field = |bit: u16, bytes: Option<Vec<u8>>| {
            if let Some(bytes) = bytes {
                flags |= bit;
                out.extend(bytes);
            }
        };
        let le16 = |v: u16| v.to_le_bytes().to_vec();
        let pair = |a: [u8; 2], b: [u8; 2]| [a, b].concat();
        field(flag::AVERAGE_SPEED, self.average_speed.map(le16));
        field(
            flag::DISTANCE,
            self.distance.map(|d| {
                let mut bytes = Vec::new();
                put_u24(&mut bytes, d);
                bytes
            }),
        );
        field(
            flag::INCLINE,
            self.incline
                .map(|(i, a)| pair(i.to_le_bytes(), a.to_le_bytes())),
        );
        field(
            flag::ELEVATION,
            self.elevation
                .map(|(up, down)| pair(up.to_le_bytes(), down.to_le_bytes())),
        );
        field(flag::PACE, self.pace.map(|p| vec![p]));
        field(flag::AVERAGE_PACE, self.average_pace.map(|p| vec![p]));
        field(
            flag::ENERGY,
            self.energy.map(|(total, hour, minute)| {
                [
                    total.to_le_bytes().as_slice(),
                    &hour.to_le_bytes(),
                    &[minute],
                ]
                .concat()
            }),
        );
        field(flag::HEART_RATE, self.heart_rate.map(|h| vec![h]));
        field(flag::MET, self.met.map(|m| vec![m]));
        field(flag::ELAPSED, self.elapsed.map(le16));
        field(flag::REMAINING, self.remaining.map(le16));
        field(
            flag::FORCE_POWER,
            self.force_power
                .map(|(f, p)| pair(f.to_le_bytes(), p.to_le_bytes())),
        );
        out[..2].copy_from_slice(&flags.to_le_bytes());
        out
    }
}

/// A request to the Fitness Machine Control Point (0x2AD9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    RequestControl,
    /// 0.01 km/h.
    TargetSpeed(u16),
    /// 0.1 %.
    TargetIncline(i16),
    StartOrResume,
    Stop,
    Pause,
}

mod op {
    pub const REQUEST_CONTROL: u8 = 0x00;
    pub const TARGET_SPEED: u8 = 0x02;
    pub const TARGET_INCLINE: u8 = 0x03;
    pub const START_OR_RESUME: u8 = 0x07;
    pub const STOP_OR_PAUSE: u8 = 0x08;
    pub const RESPONSE: u8 = 0x80;
}

impl Request {
    pub fn encode(self) -> Vec<u8> {
        match self {
            Request::RequestControl => vec![op::REQUEST_CONTROL],
            Request::TargetSpeed(speed) => [&[op::TARGET_SPEED][..], &speed.to_le_bytes()].concat(),
            Request::TargetIncline(incline) => {
                [&[op::TARGET_INCLINE][..], &incline.to_le_bytes()].concat()
            }
            Request::StartOrResume => vec![op::START_OR_RESUME],
            Request::Stop => vec![op::STOP_OR_PAUSE, 0x01],
            Request::Pause => vec![op::STOP_OR_PAUSE, 0x02],
        }
    }

    /// The request as a machine reads it (the simulated treadmill's side).
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("control point request", bytes);
        let request = match r.u8()? {
            op::REQUEST_CONTROL => Request::RequestControl,
            op::TARGET_SPEED => Request::TargetSpeed(r.u16()?),
            op::TARGET_INCLINE => Request::TargetIncline(r.i16()?),
            op::START_OR_RESUME => Request::StartOrResume,
            op::STOP_OR_PAUSE => match r.u8()? {
                0x01 => Request::Stop,
                0x02 => Request::Pause,
                code => {
                    return Err(CodecError::Unknown {
                        what: "stop or pause",
                        code,
                    });
                }
            },
            code => {
                return Err(CodecError::Unknown {
                    what: "control point op",
                    code,
                });
            }
        };
        r.end()?;
        Ok(request)
    }

    pub fn op(self) -> u8 {
        self.encode()[0]
    }
}

/// How the machine answered a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    NotSupported,
    InvalidParameter,
    Failed,
    NotPermitted,
}

impl Outcome {
    const ALL: [Outcome; 5] = [
        Outcome::Success,
        Outcome::NotSupported,
        Outcome::InvalidParameter,
        Outcome::Failed,
        Outcome::NotPermitted,
    ];

    fn code(self) -> u8 {
        Outcome::ALL
            .iter()
            .position(|o| *o == self)
            .expect("listed") as u8
            + 1
    }
}

/// The indication that answers a request: `80 op result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    /// The op code of the request answered.
    pub op: u8,
    pub outcome: Outcome,
}

impl Response {
    pub fn to(request: Request, outcome: Outcome) -> Self {
        Response {
            op: request.op(),
            outcome,
        }
    }

    pub fn encode(self) -> Vec<u8> {
        vec![op::RESPONSE, self.op, self.outcome.code()]
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("control point response", bytes);
        let code = r.u8()?;
        if code != op::RESPONSE {
            return Err(CodecError::Unknown {
                what: "control point response",
                code,
            });
        }
        let op = r.u8()?;
        let result = r.u8()?;
        r.end()?;
        let outcome = Outcome::ALL
            .get(usize::from(result).wrapping_sub(1))
            .copied()
            .ok_or(CodecError::Unknown {
                what: "result",
                code: result,
            })?;
        Ok(Response { op, outcome })
    }
}

/// Machine Status (0x2ADA): what the machine says happened. Codes rtr does
/// not act on are kept as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineStatus {
    StoppedOrPausedByUser,
    SafetyKey,
    StartedByUser,
    /// The new target speed, 0.01 km/h.
    SpeedChanged(u16),
    /// The new target incline, 0.1 %.
    InclineChanged(i16),
    ControlLost,
    Other(u8),
}

impl MachineStatus {
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("machine status", bytes);
        let status = match r.u8()? {
            0x02 => {
                r.u8()?; // 01 stop, 02 pause: both stop the belt
                MachineStatus::StoppedOrPausedByUser
            }
            0x03 => MachineStatus::SafetyKey,
            0x04 => MachineStatus::StartedByUser,
            0x05 => MachineStatus::SpeedChanged(r.u16()?),
            0x06 => MachineStatus::InclineChanged(r.i16()?),
            0xFF => MachineStatus::ControlLost,
            code => {
                // Other statuses carry parameters rtr does not read.
                return Ok(MachineStatus::Other(code));
            }
        };
        r.end()?;
        Ok(status)
    }

    pub fn encode(self) -> Vec<u8> {
        match self {
            MachineStatus::StoppedOrPausedByUser => vec![0x02, 0x02],
            MachineStatus::SafetyKey => vec![0x03],
            MachineStatus::StartedByUser => vec![0x04],
            MachineStatus::SpeedChanged(speed) => [&[0x05][..], &speed.to_le_bytes()].concat(),
            MachineStatus::InclineChanged(incline) => {
                [&[0x06][..], &incline.to_le_bytes()].concat()
            }
            MachineStatus::ControlLost => vec![0xFF],
            MachineStatus::Other(code) => vec![code],
        }
    }
}

/// Heart Rate Measurement (0x2A37).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeartRate {
    pub bpm: u16,
    /// Energy expended, kJ.
    pub energy: Option<u16>,
    /// Beat-to-beat intervals, 1/1024 s.
    pub rr: Vec<u16>,
}

mod hr_flag {
    pub const WIDE: u8 = 1 << 0;
    pub const ENERGY: u8 = 1 << 3;
    pub const RR: u8 = 1 << 4;
}

impl HeartRate {
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("heart rate", bytes);
        let flags = r.u8()?;
        let bpm = if flags & hr_flag::WIDE != 0 {
            r.u16()?
        } else {
            u16::from(r.u8()?)
        };
        let energy = (flags & hr_flag::ENERGY != 0)
            .then(|| r.u16())
            .transpose()?;
        let mut rr = Vec::new();
        if flags & hr_flag::RR != 0 {
            while r.at < bytes.len() {
                rr.push(r.u16()?);
            }
        }
        r.end()?;
        Ok(HeartRate { bpm, energy, rr })
    }

    pub fn encode(&self) -> Vec<u8> {
        let wide = self.bpm > u16::from(u8::MAX);
        let mut flags = 0;
        let mut out = vec![0];
        if wide {
            flags |= hr_flag::WIDE;
            out.extend_from_slice(&self.bpm.to_le_bytes());
        } else {
            out.push(self.bpm as u8);
        }
        if let Some(energy) = self.energy {
            flags |= hr_flag::ENERGY;
            out.extend_from_slice(&energy.to_le_bytes());
        }
        if !self.rr.is_empty() {
            flags |= hr_flag::RR;
            self.rr
                .iter()
                .for_each(|rr| out.extend_from_slice(&rr.to_le_bytes()));
        }
        out[0] = flags;
        out
    }
}

/// RSC Measurement (0x2A53): a footpod's speed and cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rsc {
    /// 1/256 m/s.
    pub speed: u16,
    /// Steps a minute, as the pod counts them (some count one leg).
    pub cadence: u8,
    /// Centimetres.
    pub stride: Option<u16>,
    /// 0.1 m.
    pub distance: Option<u32>,
    pub running: bool,
}

mod rsc_flag {
    pub const STRIDE: u8 = 1 << 0;
    pub const DISTANCE: u8 = 1 << 1;
    pub const RUNNING: u8 = 1 << 2;
}

impl Rsc {
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut r = Reader::new("running speed and cadence", bytes);
        let flags = r.u8()?;
        let speed = r.u16()?;
        let cadence = r.u8()?;
        let stride = (flags & rsc_flag::STRIDE != 0)
            .then(|| r.u16())
            .transpose()?;
        let distance = (flags & rsc_flag::DISTANCE != 0)
            .then(|| Ok(u32::from_le_bytes(r.take::<4>()?)))
            .transpose()?;
        r.end()?;
        Ok(Rsc {
            speed,
            cadence,
            stride,
            distance,
            running: flags & rsc_flag::RUNNING != 0,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        if self.running {
            flags |= rsc_flag::RUNNING;
        }
        let mut out = vec![0];
        out.extend_from_slice(&self.speed.to_le_bytes());
        out.push(self.cadence);
        if let Some(stride) = self.stride {
            flags |= rsc_flag::STRIDE;
            out.extend_from_slice(&stride.to_le_bytes());
        }
        if let Some(distance) = self.distance {
            flags |= rsc_flag::DISTANCE;
            out.extend_from_slice(&distance.to_le_bytes());
        }
        out[0] = flags;
        out
    }
}
