//! The configuration as a user meets it: `orgline info` saying which files
//! are in use, and bad configurations reported with their place.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::TempDir;

/// Runs orgline with a clean environment: HOME and the XDG directories in
/// `home`, plus `env`.
fn orgline(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgline"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("LANG", "C.UTF-8");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run orgline")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn info_names_the_default_paths_when_there_is_no_configuration() {
    let home = TempDir::new("info-default");
    let out = orgline(&home.0, &["info"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let config = home.0.join(".config/orgline/config.ron");
    assert!(
        stdout.contains(&format!("configuration: {} (default place, absent: defaults in use)", config.display())),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("cache:         {}", home.0.join(".cache/orgline").display())), "{stdout}");
    assert!(stdout.contains("theme:         dark"), "{stdout}");
    assert!(stdout.contains("colour:        on"), "{stdout}");
}

#[test]
fn xdg_directories_and_the_variable_and_the_flag_take_precedence_in_turn() {
    let home = TempDir::new("info-order");
    let xdg = home.0.join("xdg");
    home.file("xdg/orgline/config.ron", "(theme: \"light\")");
    let env_file = home.file("env.ron", "(theme: \"high-contrast\")");
    let flag_file = home.file("flag.ron", "(theme: \"mono\")");
    let xdg_s = xdg.to_str().unwrap();
    let out = orgline(&home.0, &["info"], &[("XDG_CONFIG_HOME", xdg_s)]);
    assert!(text(&out.stdout).contains("theme:         light"), "{}", text(&out.stdout));
    let out =
        orgline(&home.0, &["info"], &[("XDG_CONFIG_HOME", xdg_s), ("ORGLINE_CONFIG", env_file.to_str().unwrap())]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("theme:         high-contrast") && stdout.contains("from $ORGLINE_CONFIG"), "{stdout}");
    let out = orgline(
        &home.0,
        &["info", "--config", flag_file.to_str().unwrap()],
        &[("ORGLINE_CONFIG", env_file.to_str().unwrap())],
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("theme:         mono") && stdout.contains("from --config"), "{stdout}");
}

#[test]
fn no_color_and_dumb_terminals_and_the_flag_decide_colour() {
    let home = TempDir::new("info-colour");
    let colour = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["info"];
        all.extend_from_slice(args);
        let out = text(&orgline(&home.0, &all, env).stdout);
        out.lines().find(|l| l.starts_with("colour:")).unwrap_or_default().to_string()
    };
    assert!(colour(&[], &[]).ends_with("on"));
    assert!(colour(&[], &[("NO_COLOR", "1")]).contains("off"));
    assert!(colour(&[], &[("NO_COLOR", "")]).ends_with("on"), "an empty NO_COLOR does not count");
    assert!(colour(&[], &[("TERM", "dumb")]).contains("off"));
    assert!(colour(&["--color", "always"], &[("NO_COLOR", "1")]).ends_with("on"));
    assert!(colour(&["--color", "never"], &[]).contains("off"));
    let cfg = home.file("c.ron", "(color: \"never\")");
    assert!(colour(&["--config", cfg.to_str().unwrap()], &[]).contains("off"));
    assert!(colour(&["--config", cfg.to_str().unwrap(), "--color", "auto"], &[]).ends_with("on"), "the flag wins");
}

#[test]
fn info_keys_lists_every_action_with_the_keys_in_force() {
    let home = TempDir::new("info-keys");
    let cfg = home.file("c.ron", "(keys: { \"quit\": [\"Ctrl-q\"], \"chart.collapse\": [\"Left\", \"a\"] })");
    let out = orgline(&home.0, &["info", "--keys", "--config", cfg.to_str().unwrap()], &[]);
    let stdout = text(&out.stdout);
    let line = |name: &str| stdout.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_default().to_string();
    assert!(line("global.quit ").ends_with("Ctrl-q Ctrl-c"), "{stdout}");
    assert!(line("chart.collapse ").ends_with("← a"), "{stdout}");
    assert!(line("global.search ").ends_with("/"), "{stdout}");
    assert!(line("global.edit_source ").ends_with("E"), "{stdout}");
}

#[test]
fn a_bad_configuration_is_reported_with_file_line_and_column() {
    let home = TempDir::new("bad");
    let cases: &[(&str, &str)] = &[
        ("(\n  theme: \"solarised\",\n)\n", ":2:3: error: no theme `solarised`"),
        ("(\n  styles: { \"selected\": \"bold purple-ish\" },\n)\n", ":2:25: error: style `selected`: `purple-ish`"),
        ("(\n  keys: {\n    \"qiut\": [\"x\"],\n  },\n)\n", ":3:5: error: no action `qiut`; did you mean `quit`?"),
        ("(\n  keys: { \"quit\": [\"Hyper-x\"] },\n)\n", ":2:20: error: `Hyper-x` is not a key"),
        ("(\n  keys: { \"quit\": [\"j\"] },\n)\n", "error: `j` for `quit` would never fire"),
        ("(\n  thme: \"dark\",\n)\n", ":2:3: error: unexpected field named `thme`"),
        ("(theme: \"dark\"", ":1:10: error: expected comma"),
        ("(theme: \"dark\")\u{202e}", "error:"),
    ];
    for (i, (config, expected)) in cases.iter().enumerate() {
        let path = home.file(&format!("c{i}.ron"), config);
        for args in [vec!["info", "--config", path.to_str().unwrap()], vec!["--config", path.to_str().unwrap()]] {
            let out = orgline(&home.0, &args, &[]);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{config:?} {args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("c{i}.ron{expected}")) || stderr.contains(expected),
                "{config:?}: {stderr}"
            );
            assert!(stderr.contains("in the configuration"), "{stderr}");
            assert!(!stderr.contains('\u{202e}'), "a bidi control reached the terminal: {stderr:?}");
            assert!(out.stdout.is_empty() || args[0] == "info");
        }
    }
}

#[test]
fn a_named_configuration_must_exist_the_default_one_need_not() {
    let home = TempDir::new("missing");
    let out = orgline(&home.0, &["info", "--config", "/nonexistent/orgline.ron"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read configuration /nonexistent/orgline.ron"), "{}", text(&out.stderr));
    let out = orgline(&home.0, &["info"], &[("ORGLINE_CONFIG", "/nonexistent/env.ron")]);
    assert_eq!(out.status.code(), Some(2));
    let out = orgline(&home.0, &["info"], &[]);
    assert!(out.status.success());
}
