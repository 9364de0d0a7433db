//! Bluetooth LE fitness devices: the byte codecs of the Fitness Machine
//! Service (a treadmill), Heart Rate and Running Speed and Cadence, the
//! treadmill's safety rules and the devices' quirks, all pure; simulated
//! devices; and the radio (`radio`, the one module that opens Bluetooth).

pub mod codec;
pub mod device;
pub mod link;
pub mod quirks;
#[cfg(feature = "bluetooth")]
pub mod radio;
pub mod sim;
pub mod sim_sensors;
pub mod treadmill;
