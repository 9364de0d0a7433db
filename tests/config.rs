//! The config file: every key, unknown keys placed, flags over the config,
//! and `rtr init`.

use std::path::{Path, PathBuf};

use clap::Parser;
use rtr::cli::Cli;
use rtr::config::{self, Config, Settings, ThemeName};

const EVERY_KEY: &str = r#"// all of them
(
    program: "programs/mine.ron",
    export_dir: "tcx",
    bell: false,
    notifications: false,
    sound: false,
    voice: true,
    metronome: false,
    theme: HighContrast,
    countdown: 5,
    treadmill: Device(id: "hci0/dev_C8_2E_47_01_02_03", name: "Horizon 7.0AT"),
    strap: Sim,
    footpod: None,
    quirks: (speed_in_mph: true, incline_table: [0.0, 1.0, 2.0], cadence_per_leg: true),
    max_speed: 12.5,
    max_step: 1.5,
)
"#;

#[test]
fn every_key_is_read() {
    let config = config::parse("config.ron", EVERY_KEY).unwrap();
    assert_eq!(
        config,
        Config {
            program: Some(PathBuf::from("programs/mine.ron")),
            export_dir: Some(PathBuf::from("tcx")),
            bell: Some(false),
            notifications: Some(false),
            sound: Some(false),
            voice: Some(true),
            metronome: Some(false),
            theme: Some(ThemeName::HighContrast),
            countdown: Some(5),
            treadmill: Some(config::DeviceChoice::Device {
                id: "hci0/dev_C8_2E_47_01_02_03".into(),
                name: "Horizon 7.0AT".into(),
            }),
            strap: Some(config::DeviceChoice::Sim),
            // RON reads `None` as no value: the default, no footpod.
            footpod: None,
            quirks: Some(config::Quirks {
                speed_in_mph: true,
                incline_table: vec![0.0, 1.0, 2.0],
                cadence_per_leg: true,
            }),
            max_speed: Some(12.5),
            max_step: Some(1.5),
        }
    );
    assert_eq!(
        config::parse("config.ron", "()").unwrap(),
        Config::default()
    );
}

#[test]
fn an_unknown_key_or_a_bad_value_is_an_error_at_its_place() {
    let cases = [
        (
            "(\n    sound: true,\n    volume: 3,\n)\n",
            "config.ron:3:5: unknown field `volume`; the fields allowed here are: program, export_dir, quirks, bell",
        ),
        ("(theme: Dark)", "config.ron:1:9: unknown kind `Dark`"),
        ("(bell: yes)", "config.ron:1:8:"),
        (
            "(\n  countdown: 12,\n)",
            "config.ron:2:3: countdown is 12: it counts 0 to 10 seconds",
        ),
    ];
    for (text, expected) in cases {
        let err = config::parse("config.ron", text).unwrap_err().to_string();
        assert!(err.starts_with(expected), "{text:?} gave:\n{err}");
    }
}

#[test]
fn flags_win_over_the_config_and_the_config_over_the_defaults() {
    let config = config::parse("config.ron", EVERY_KEY).unwrap();
    let defaults = Settings::default();
    assert!(defaults.bell && defaults.notifications && defaults.sound && defaults.metronome);
    assert!(!defaults.voice);
    assert_eq!(
        (defaults.theme, defaults.countdown),
        (ThemeName::Default, 3)
    );

    let from_config = Settings::new(Config::default(), config.clone());
    assert!(!from_config.sound && from_config.voice && !from_config.metronome);
    assert_eq!(from_config.theme, ThemeName::HighContrast);
    assert_eq!(from_config.countdown, 5);

    let flags = Config {
        sound: Some(true),
        voice: Some(false),
        theme: Some(ThemeName::Monochrome),
        countdown: Some(0),
        program: Some(PathBuf::from("other.ron")),
        ..Config::default()
    };
    let both = Settings::new(flags, config);
    assert!(both.sound && !both.voice, "flags win");
    assert!(
        !both.bell && !both.notifications,
        "the config fills in the rest"
    );
    assert_eq!(both.theme, ThemeName::Monochrome);
    assert_eq!(both.countdown, 0);
    assert_eq!(both.program, Some(PathBuf::from("other.ron")));
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn settings(args: &[&str]) -> Result<Settings, String> {
    let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
    cli.settings().map_err(|e| e.to_string())
}

#[test]
fn the_command_line_reads_the_config_and_its_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), EVERY_KEY);
    let path = path.to_str().unwrap();

    let read = settings(&["rtr", "--config", path, "status"]).unwrap();
    assert!(!read.sound && read.voice);
    assert_eq!(
        read.program,
        Some(dir.path().join("programs/mine.ron")),
        "a relative program is taken from the config's folder"
    );

    let flagged = settings(&[
        "rtr",
        "--config",
        path,
        "status",
        "--sound",
        "--no-voice",
        "--theme",
        "default",
        "--countdown",
        "2",
    ])
    .unwrap();
    assert!(flagged.sound && !flagged.voice);
    assert_eq!((flagged.theme, flagged.countdown), (ThemeName::Default, 2));

    let last_wins = settings(&["rtr", "--config", path, "--voice", "--no-voice"]).unwrap();
    assert!(!last_wins.voice, "of a pair, the last flag wins");

    assert!(settings(&["rtr", "--countdown", "11"]).is_err(), "0 to 10");
    let missing = settings(&["rtr", "--config", "/nonexistent/rtr.ron"]).unwrap_err();
    assert!(
        missing.contains("/nonexistent/rtr.ron: cannot read it"),
        "{missing}"
    );
}

fn rtr(args: &[&str], config_home: &Path) -> (i32, String, String) {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rtr"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("RTR_DATA_DIR", data.path())
        .env_remove("RTR_CONFIG")
        .output()
        .expect("rtr runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_config_stops_rtr_with_its_place_but_never_check_or_man() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("rtr")).unwrap();
    write_config(
        &home.path().join("rtr"),
        "(\n  sound: true,\n  loud: 3,\n)\n",
    );
    let (code, _, err) = rtr(&["status"], home.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("rtr/config.ron:3:3: unknown field `loud`"),
        "{err}"
    );
    let builtin = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/demo.ron");
    let (code, out, _) = rtr(&["check", builtin], home.path());
    assert_eq!((code, out.trim_end().ends_with("ok")), (0, true));
}

#[test]
fn init_copies_the_programs_and_writes_a_config_that_uses_them_never_overwriting() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = rtr(&["init"], home.path());
    assert_eq!(code, 0, "{err}");
    let programs = home.path().join("rtr/programs");
    for name in ["return-to-run.ron", "runners-prehab.ron", "demo.ron"] {
        assert!(
            out.contains(&format!("wrote {}", programs.join(name).display())),
            "{out}"
        );
        assert!(
            rtr::program::load_file(&programs.join(name)).is_ok(),
            "{name} loads"
        );
    }
    let config_path = home.path().join("rtr/config.ron");
    let config = config::load(Some(&config_path)).unwrap();
    assert_eq!(config.program, Some(programs.join("return-to-run.ron")));
    assert_eq!(config.sound, None, "every other key is left as a comment");

    // The copy is what rtr now uses: an edit shows in the plan.
    let copy = programs.join("return-to-run.ron");
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(
        &copy,
        text.replace("name: \"Return to run\"", "name: \"My return\""),
    )
    .unwrap();
    let (_, plan, _) = rtr(&["plan"], home.path());
    assert!(plan.starts_with("My return:"), "{plan}");

    let (code, again, _) = rtr(&["init"], home.path());
    assert_eq!(code, 0);
    assert!(again.contains("kept  "), "{again}");
    assert!(!again.contains("wrote"), "{again}");
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("My return"),
        "not overwritten"
    );
}
