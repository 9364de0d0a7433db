//! Bluetooth LE fitness devices: the byte codecs of the Fitness Machine
//! Service (a treadmill), Heart Rate and Running Speed and Cadence, as pure
//! functions. Nothing here opens a radio.

pub mod codec;
pub mod sim;
pub mod sim_sensors;
pub mod treadmill;
