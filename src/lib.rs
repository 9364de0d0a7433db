//! rtr: a terminal coach for runners coming back from knee pain.
//!
//! The core (`program`, `workout`) never reads the clock or the disk; the
//! shell (`cli` and the binary) does.

pub mod awake;
pub mod ble;
pub mod cli;
pub mod coach;
pub mod config;
pub mod config_edit;
pub mod export;
pub mod journal;
pub mod log;
pub mod paths;
pub mod program;
pub mod safe_fs;
pub mod sound;
pub mod tui;
pub mod words;
pub mod workout;
