//! `rtr devices`: the list, the config it writes (in place, comments kept),
//! what it refuses, `--forget`; and a session with a remembered device on a
//! machine with no Bluetooth. The scan hears rtr's simulated devices
//! (RTR_SIM_SCAN): no radio here.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Tty, rtr_command};

/// No system bus, so no Bluetooth, whatever the machine has.
const NO_BUS: &str = "unix:path=/nonexistent/rtr-test-bus";

/// `rtr devices ARGS` with `answer` on stdin: exit code, stdout, stderr.
fn devices(config: &Path, args: &[&str], answer: &str, sim_scan: bool) -> (i32, String, String) {
    let mut command: Command = rtr_command();
    command
        .arg("--config")
        .arg(config)
        .arg("devices")
        .args(args)
        .env("DBUS_SYSTEM_BUS_ADDRESS", NO_BUS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if sim_scan {
        command.env("RTR_SIM_SCAN", "1");
    } else {
        command.env_remove("RTR_SIM_SCAN");
    }
    let mut child = command.spawn().expect("rtr runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A config as `rtr init` writes it: comments and commented-out keys.
fn init_config(dir: &Path) -> std::path::PathBuf {
    let config = dir.join("config.ron");
    let out = rtr_command()
        .arg("--config")
        .arg(&config)
        .arg("init")
        .arg(dir.join("programs"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    config
}

#[test]
fn the_devices_picked_are_remembered_in_the_config_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let config = init_config(dir.path());
    let before = std::fs::read_to_string(&config).unwrap();

    let (code, out, err) = devices(&config, &[], "1 3\n", true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("Listening for 10 s"), "{err}");
    // Kinds, names and signal, nearest first within a kind; the lamp (no
    // service rtr reads) is not listed.
    let listed: Vec<&str> = out.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(listed.len(), 3, "{out}");
    assert!(
        listed[0].contains("treadmill + heart-rate strap") && listed[0].contains("-55 dBm, near")
    );
    assert!(listed[1].contains("heart-rate strap") && listed[1].contains("Simulated strap"));
    assert!(listed[2].contains("footpod") && listed[2].contains("-71 dBm, in the room"));
    assert!(!out.contains("Desk lamp"));
    assert!(
        out.contains("Remembered the treadmill: Simulated treadmill."),
        "{out}"
    );
    assert!(
        out.contains("Remembered the footpod: Simulated footpod."),
        "{out}"
    );

    let after = std::fs::read_to_string(&config).unwrap();
    assert!(
        after.contains(r#"treadmill: Device(id: "sim/treadmill", name: "Simulated treadmill"),"#),
        "{after}"
    );
    assert!(after.contains(r#"footpod: Device(id: "sim/pod", name: "Simulated footpod"),"#));
    assert!(!after.contains("strap: Device"), "no strap picked: {after}");
    // Everything the runner had is still there, in order.
    let kept: Vec<&str> = after.lines().filter(|l| !l.contains("Device(")).collect();
    assert_eq!(kept, before.lines().collect::<Vec<_>>());
    // And rtr reads it: the settings show the treadmill.
    let out = rtr_command()
        .arg("--config")
        .arg(&config)
        .args(["status", "--data-dir"])
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    // Picking again replaces the one remembered, in its place.
    let (code, out, _) = devices(&config, &[], "2\n", true);
    assert_eq!(code, 0, "{out}");
    let again = std::fs::read_to_string(&config).unwrap();
    assert!(again.contains(r#"strap: Device(id: "sim/strap", name: "Simulated strap"),"#));
    assert_eq!(again.matches("treadmill: Device").count(), 1);

    let (code, out, _) = devices(&config, &["--forget"], "", false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Forgot the treadmill, strap and footpod"),
        "{out}"
    );
    let forgotten = std::fs::read_to_string(&config).unwrap();
    assert!(!forgotten.contains("Device("), "{forgotten}");
    assert!(forgotten.contains("    treadmill: None,"), "{forgotten}");
    let kept: Vec<&str> = forgotten
        .lines()
        .filter(|l| !l.contains(": None,") || l.contains("//"))
        .collect();
    assert_eq!(kept, before.lines().collect::<Vec<_>>());
}

#[test]
fn a_bad_pick_or_a_broken_config_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = init_config(dir.path());
    let before = std::fs::read(&config).unwrap();
    let cases = [
        ("2 2\n", "two of the heart-rate straps picked"),
        ("7\n", "'7' is not a number from the list (1 to 3)"),
        ("one\n", "'one' is not a number from the list"),
    ];
    for (answer, message) in cases {
        let (code, _, err) = devices(&config, &[], answer, true);
        assert_eq!(code, 1, "{answer}");
        assert!(err.contains(message), "{answer}: {err}");
        assert_eq!(std::fs::read(&config).unwrap(), before, "{answer}");
    }
    // Enter: nothing remembered, nothing written.
    let (code, out, _) = devices(&config, &[], "\n", true);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing remembered."));
    assert_eq!(std::fs::read(&config).unwrap(), before);

    let broken = "(\n    sound: maybe,\n)\n";
    std::fs::write(&config, broken).unwrap();
    let (code, _, err) = devices(&config, &[], "1\n", true);
    assert_eq!(code, 1);
    assert!(err.contains("config.ron:2:"), "where the problem is: {err}");
    assert!(
        err.contains("Fix the config first; nothing was changed."),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), broken);
}

#[test]
fn with_no_config_the_pick_writes_one_and_forget_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rtr/config.ron");
    let (code, out, _) = devices(&config, &["--forget"], "", false);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to forget"), "{out}");
    assert!(!config.exists());
    let (code, out, _) = devices(&config, &[], "1\n", true);
    assert_eq!(code, 0, "{out}");
    let written = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        written,
        "(\n    treadmill: Device(id: \"sim/treadmill\", name: \"Simulated treadmill\"),\n)\n"
    );
}

#[test]
fn a_config_that_is_a_link_stays_one() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).unwrap();
    let real = init_config(&dotfiles);
    let link = dir.path().join("config.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, out, err) = devices(&link, &[], "1\n", true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("treadmill: Device(")
    );
}

#[test]
fn with_no_bluetooth_the_scan_says_so_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    let (code, out, err) = devices(&config, &["--seconds", "1"], "", false);
    if cfg!(feature = "bluetooth") {
        assert!(
            err.contains("Bluetooth is not available:") && err.contains("bluetoothd"),
            "{err}"
        );
    } else {
        assert!(err.contains("built without Bluetooth"), "{err}");
    }
    assert_eq!(code, 1);
    assert!(!out.contains("Heard"), "{out}");
    assert!(!config.exists());
}

#[test]
fn a_session_with_a_remembered_treadmill_and_no_bluetooth_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(
        &config,
        "(\n    treadmill: Device(id: \"hci0/dev_00_11_22_33_44_55\", name: \"Horizon 7.0AT\"),\n)\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let args = [
        "--config",
        config.to_str().unwrap(),
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        "10",
        "--no-notify",
        "--no-bell",
        "--no-sound",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let mut tty = Tty::spawn(&args, &[], (120, 40));
    let screen = tty.wait_for("Bluetooth");
    let expected = if cfg!(feature = "bluetooth") {
        "Bluetooth is not available (Failed to connect to socket /nonexistent/rtr-test-bus: No such file or directory): the session goes on without the treadmill."
    } else {
        "built without Bluetooth"
    };
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(expected), "{screen}");
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let log = std::fs::read_to_string(data.join("rtr.log")).unwrap();
    assert_eq!(log.matches("Bluetooth").count(), 1, "one notice: {log}");
}
