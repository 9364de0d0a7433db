//! The radio's whole path against a BlueZ on D-Bus: a private system bus
//! with python-dbusmock standing where bluetoothd and a treadmill would
//! (tests/bluez/ftms_treadmill.py). `rtr devices` finds and remembers the
//! treadmill; a session links to it, asks it the run's speed and incline
//! over its control point and shows its belt; the treadmill vanishing and
//! coming back is said on screen and control is asked again; at the end
//! rtr lets it go.
//!
//! Needs `dbus-daemon` and python3-dbusmock (Debian: `apt-get install dbus
//! python3-dbusmock`); `.ci/run` installs them.

#![cfg(all(target_os = "linux", feature = "bluetooth"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Tty, rtr_command};

const PYTHON: &str = "/usr/bin/python3";
const TREADMILL_ID: &str = "hci0/dev_C8_2E_47_01_02_03";

/// A process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let end = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A system bus of the test's own, at `dir/bus`; its address.
fn private_bus(dir: &Path) -> (Running, String) {
    let socket = dir.join("bus");
    let config = dir.join("bus.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={}</listen>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"#,
            socket.display()
        ),
    )
    .unwrap();
    let daemon = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .arg("--nofork")
        .spawn()
        .expect("this test needs dbus-daemon: apt-get install dbus");
    let daemon = Running(daemon);
    wait_until("the bus's socket", || socket.exists());
    (daemon, format!("unix:path={}", socket.display()))
}

/// The mocked BlueZ and treadmill on `bus`, writing what it is asked to
/// `writes`.
fn mock_treadmill(bus: &str, dir: &Path, writes: &Path) -> Running {
    let has_dbusmock = Command::new(PYTHON)
        .args(["-c", "import dbusmock"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_dbusmock,
        "this test needs python3-dbusmock: apt-get install python3-dbusmock"
    );
    let out = dir.join(format!(
        "mock-{}.out",
        writes.file_name().unwrap().to_string_lossy()
    ));
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bluez/ftms_treadmill.py");
    let child = Command::new(PYTHON)
        .args(["-m", "dbusmock", "--system", "--template"])
        .arg(&template)
        .arg("-p")
        .arg(format!(r#"{{"log": "{}"}}"#, writes.display()))
        .env("DBUS_SYSTEM_BUS_ADDRESS", bus)
        .env("PYTHONUNBUFFERED", "1")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mock = Running(child);
    wait_until("the mock's treadmill", || {
        std::fs::read_to_string(&out).is_ok_and(|o| o.contains("dev_C8_2E_47_01_02_03"))
    });
    mock
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn remember_the_treadmill(bus: &str, config: &PathBuf) {
    let mut devices = rtr_command()
        .arg("--config")
        .arg(config)
        .args(["devices", "--seconds", "2"])
        .env("DBUS_SYSTEM_BUS_ADDRESS", bus)
        .env_remove("RTR_SIM_SCAN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    devices.stdin.take().unwrap().write_all(b"1\n").unwrap();
    let out = devices.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("1  treadmill") && stdout.contains("Mock FTMS treadmill"),
        "{stdout}"
    );
    assert!(stdout.contains("-58 dBm, near"), "{stdout}");
    let written = std::fs::read_to_string(config).unwrap();
    let expected =
        format!(r#"treadmill: Device(id: "{TREADMILL_ID}", name: "Mock FTMS treadmill"),"#);
    assert!(written.contains(&expected), "{written}");
}

#[test]
fn a_treadmill_over_bluez_is_found_driven_lost_and_linked_again() {
    let dir = tempfile::tempdir().unwrap();
    let (_bus, address) = private_bus(dir.path());
    let writes = dir.path().join("writes");
    let mock = mock_treadmill(&address, dir.path(), &writes);
    let config = dir.path().join("config.ron");
    remember_the_treadmill(&address, &config);

    // Demo 1.1 at ×2: walk 20 s, run 15 s at 8 km/h and 1 %, walk 15 s at
    // 5.5 km/h...: the run starts 10 s in, the walk 17.5 s in.
    let data = dir.path().join("data");
    let args = [
        "--config",
        config.to_str().unwrap(),
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        "2",
        "--max-step",
        "10",
        "--no-notify",
        "--no-bell",
        "--no-sound",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let mut tty = Tty::spawn(&args, &[("DBUS_SYSTEM_BUS_ADDRESS", &address)], (120, 40));
    let screen = tty.wait_for("Belt: 2.0 km/h");
    assert!(
        screen.contains(" km · ") || screen.contains(" km"),
        "{screen}"
    );
    tty.wait_for("• WALK · 0:1");
    tty.wait_until("the walk's speed asked", |_| {
        lines(&writes).contains(&"022602".to_string())
    });
    // Request control, then at the run 1 % (0x000a) and 8.00 km/h (0x0320),
    // then 5.50 km/h (0x0226) at the walk, little-endian.
    let asked = lines(&writes);
    let at = |bytes: &str| asked.iter().position(|l| l == bytes);
    assert_eq!(asked.first().map(String::as_str), Some("00"), "{asked:?}");
    let (incline, run, walk) = (at("030a00"), at("022003"), at("022602"));
    assert!(incline.is_some() && run.is_some(), "{asked:?}");
    assert!(incline < run && run < walk, "in order: {asked:?}");

    // The treadmill goes (bluetoothd with it): said, and the session goes on.
    drop(mock);
    let screen = tty.wait_for("Lost the treadmill (Mock FTMS treadmill)");
    assert!(screen.contains("reconnecting"), "{screen}");
    let again = dir.path().join("writes-again");
    let _mock = mock_treadmill(&address, dir.path(), &again);
    tty.wait_for("The treadmill (Mock FTMS treadmill) is linked again.");
    tty.wait_until("control asked again", |_| !lines(&again).is_empty());
    assert_eq!(
        lines(&again)[0],
        "00",
        "control first, after the link came back"
    );
    // The rest of the 50 s session.
    std::thread::sleep(Duration::from_secs(10));
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    // Let go at the end, so the treadmill is free for another app.
    let calls = std::fs::read_to_string(dir.path().join("mock-writes-again.out")).unwrap();
    assert!(calls.contains(" Disconnect"), "{calls}");
}
