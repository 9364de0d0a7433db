//! `rtr devices`: listens for treadmills, heart-rate straps and footpods,
//! lists them with their signal, and remembers the ones picked (one of
//! each kind) in the config file; `--forget` forgets them all.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::EXIT_INVALID;
use crate::ble::device::{DeviceKind, Found, listed, signal};
use crate::config_edit::set_key;

/// For the tests: the scan hears rtr's own simulated devices instead of
/// the radio.
pub const SIM_SCAN_ENV: &str = "RTR_SIM_SCAN";

pub fn devices(seconds: u64, forget: bool, config: Option<&Path>) -> ExitCode {
    let Some(path) = crate::config::config_path(config) else {
        eprintln!("rtr: no config folder: set XDG_CONFIG_HOME or HOME");
        return ExitCode::from(EXIT_INVALID);
    };
    let result = if forget && !path.exists() {
        println!(
            "Nothing to forget: there is no config at {}.",
            path.display()
        );
        Ok(())
    } else if forget {
        let every = DeviceKind::ALL.map(|kind| (kind, "None".to_string()));
        remember(&path, &every).map(|()| {
            println!(
                "Forgot the treadmill, strap and footpod in {}.",
                path.display()
            );
        })
    } else {
        scan_and_pick(&path, Duration::from_secs(seconds))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("rtr: {message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn scan_and_pick(path: &Path, timeout: Duration) -> Result<(), String> {
    eprintln!(
        "Listening for {} s: switch on the treadmill's Bluetooth (or its console), wet and wear the strap, move the footpod.",
        timeout.as_secs()
    );
    let found = listed(scan(timeout)?);
    if found.is_empty() {
        println!(
            "No treadmill, heart-rate strap or footpod heard. Is each one on and awake, and not linked to another app or watch?"
        );
        return Ok(());
    }
    println!("Heard:");
    for (n, device) in found.iter().enumerate() {
        println!("{}", line(n + 1, device));
    }
    print!("Remember which? Their numbers, one of each kind (e.g. 1 3); Enter for none: ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    let picked = pick(&answer, &found)?;
    if picked.is_empty() {
        println!("Nothing remembered.");
        return Ok(());
    }
    let keys: Vec<(DeviceKind, String)> = picked
        .iter()
        .map(|&(kind, device)| (kind, device_value(device)))
        .collect();
    remember(path, &keys)?;
    for (kind, device) in picked {
        println!("Remembered the {kind}: {}.", device.label());
    }
    println!(
        "rtr links to them at the start of each session ({}); `rtr devices --forget` forgets them.",
        path.display()
    );
    Ok(())
}

/// One numbered line of the list.
fn line(n: usize, device: &Found) -> String {
    let kinds: Vec<String> = device.kinds.iter().map(ToString::to_string).collect();
    format!(
        "  {n}  {:<30} {:<24} {}",
        kinds.join(" + "),
        device.label(),
        signal(device.rssi)
    )
}

/// The devices the answer picks, each as the first kind it is, at most one
/// of each kind.
fn pick<'a>(answer: &str, found: &'a [Found]) -> Result<Vec<(DeviceKind, &'a Found)>, String> {
    let mut picked: Vec<(DeviceKind, &Found)> = Vec::new();
    for word in answer
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
    {
        let device = word
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| found.get(n))
            .ok_or_else(|| {
                format!(
                    "'{word}' is not a number from the list (1 to {})",
                    found.len()
                )
            })?;
        let kind = device.kinds[0];
        if picked.iter().any(|&(k, _)| k == kind) {
            return Err(format!(
                "two of the {kind}s picked: rtr remembers one of each kind"
            ));
        }
        picked.push((kind, device));
    }
    Ok(picked)
}

/// A device as the config writes it.
fn device_value(device: &Found) -> String {
    let quoted = |text: &str| format!("{text:?}");
    format!(
        "Device(id: {}, name: {})",
        quoted(&device.id),
        quoted(device.label())
    )
}

/// Sets the keys in the config file, keeping the rest as it is; refuses
/// when the file is broken now or would be after.
fn remember(path: &Path, keys: &[(DeviceKind, String)]) -> Result<(), String> {
    let shown = path.display();
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(format!("cannot read {shown}: {err}")),
    };
    if !source.trim().is_empty() {
        crate::config::parse(&shown.to_string(), &source)
            .map_err(|err| format!("{err}\nFix the config first; nothing was changed."))?;
    }
    let mut edited = source;
    for (kind, value) in keys {
        edited = set_key(&edited, kind.key(), value);
    }
    crate::config::parse(&shown.to_string(), &edited).map_err(|err| {
        format!("the edited config would not read back ({err}); nothing was changed")
    })?;
    write_replacing(path, &edited).map_err(|err| format!("cannot write {shown}: {err}"))
}

/// Writes the config whole (see [`crate::safe_fs::replace_whole`]). A
/// config that links elsewhere (dotfiles) is written where it points, and
/// stays a link.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path);
    let path = real.as_deref().unwrap_or(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::safe_fs::replace_whole(path, text.as_bytes(), true)
}

fn scan(timeout: Duration) -> Result<Vec<Found>, String> {
    if std::env::var_os(SIM_SCAN_ENV).is_some() {
        return Ok(simulated());
    }
    radio_scan(timeout)
}

#[cfg(feature = "bluetooth")]
fn radio_scan(timeout: Duration) -> Result<Vec<Found>, String> {
    let total = timeout.as_secs();
    let mut second = 0;
    let progress = |heard: usize| {
        second += 1;
        eprint!("\r  {second} s of {total} · {heard} heard ");
        let _ = std::io::stderr().flush();
    };
    let found = crate::ble::radio::scan(timeout, progress);
    if second > 0 {
        eprintln!();
    }
    found.map_err(|err| {
        format!(
            "Bluetooth is not available: {err}.\nrtr needs the system's Bluetooth service (BlueZ's bluetoothd on Linux) and an adapter switched on."
        )
    })
}

#[cfg(not(feature = "bluetooth"))]
fn radio_scan(_timeout: Duration) -> Result<Vec<Found>, String> {
    Err("this rtr was built without Bluetooth (cargo feature `bluetooth`)".into())
}

/// What the simulated scan hears.
fn simulated() -> Vec<Found> {
    let device = |id: &str, name: &str, kinds: Vec<DeviceKind>, rssi| Found {
        id: id.into(),
        name: Some(name.into()),
        kinds,
        rssi: Some(rssi),
    };
    vec![
        device(
            "sim/pod",
            "Simulated footpod",
            vec![DeviceKind::Footpod],
            -71,
        ),
        device("sim/lamp", "Desk lamp", vec![], -40),
        device("sim/strap", "Simulated strap", vec![DeviceKind::Strap], -62),
        device(
            "sim/treadmill",
            "Simulated treadmill",
            vec![DeviceKind::Treadmill, DeviceKind::Strap],
            -55,
        ),
    ]
}
