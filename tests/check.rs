//! `orgline check` on fixture files: the verdict, the exit status and the
//! exact diagnostics, line and column included.
//!
//! Every `tests/fixtures/invalid/NAME.ron` has a `NAME.expected` beside it,
//! written by hand from the file: the exact output `check` must print.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn orgline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgline")).args(args).output().expect("run orgline")
}

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir)
}

/// Runs `check` on a fixture from the fixtures folder (so paths in the
/// output are short and stable).
fn check_fixture(dir: &str, name: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(fixtures(dir))
        .args(["check", name])
        .output()
        .expect("run orgline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

#[test]
fn every_invalid_fixture_gives_its_exact_diagnostics() {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixtures("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    names.sort();
    for path in names {
        count += 1;
        let name = path.file_name().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name} has no .expected file"));
        let out = check_fixture("invalid", name);
        let got = stdout(&out);
        if out.status.code() != Some(1) || got != expected {
            failures.push(format!(
                "== {name}: exit {:?}\n-- expected:\n{expected}-- got:\n{got}-- stderr:\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(count >= 10, "only {count} invalid fixtures found");
    assert!(failures.is_empty(), "{} of {count} fixtures differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn valid_fixtures_pass_with_their_warnings() {
    let out = check_fixture("valid", "minimal.ron");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "minimal.ron: ok\n");

    let out = check_fixture("valid", "lines_never_drawn.ron");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), std::fs::read_to_string(fixtures("valid").join("lines_never_drawn.expected")).unwrap());

    let out = check_fixture("valid", "warnings.ron");
    assert_eq!(out.status.code(), Some(0), "warnings are not fatal");
    assert_eq!(stdout(&out), std::fs::read_to_string(fixtures("valid").join("warnings.expected")).unwrap());
}

#[test]
fn the_bundled_dataset_is_valid_without_warnings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/slack-salesforce.ron");
    let out = orgline(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with("slack-salesforce.ron: ok\n"), "{}", stdout(&out));
}

#[test]
fn several_files_report_all_and_the_worst_status_wins() {
    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(fixtures(""))
        .args(["check", "valid/minimal.ron", "invalid/cycles.ron", "valid/warnings.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    assert!(s.contains("valid/minimal.ron: ok\n"));
    assert!(s.contains("invalid/cycles.ron: 3 errors\n"));
    assert!(s.contains("valid/warnings.ron: ok, 3 warnings\n"));

    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(fixtures(""))
        .args(["check", "invalid/cycles.ron", "no/such/file.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable file is exit 2");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read no/such/file.ron"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(orgline(&["check"]).status.code(), Some(2));
    assert_eq!(orgline(&["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(orgline(&["tree", "--as-of", "2024-13"]).status.code(), Some(2));
}

/// Writes `bytes` to a fresh file and checks it.
fn check_bytes(name: &str, bytes: &[u8]) -> Output {
    let dir = std::env::temp_dir().join(format!("orgline-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = orgline(&["check", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    out
}

#[test]
fn hostile_input_never_crashes() {
    let deep = format!("(title: {}{})", "[".repeat(200_000), "]".repeat(200_000));
    let out = check_bytes("deep.ron", deep.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("deep.ron:1:"), "{}", stdout(&out));

    let deep_structs = "(orgs: [".to_string() + &"(".repeat(200_000);
    assert_eq!(check_bytes("deep2.ron", deep_structs.as_bytes()).status.code(), Some(1));

    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let out = check_bytes("binary.bin", &binary);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not valid UTF-8"));

    // Valid UTF-8 full of control characters: reported, never echoed raw.
    let hostile = "(title: \"\u{1b}]0;pwned\u{7}\", nope\u{1b}[2J: 1)";
    let out = check_bytes("hostile.ron", hostile.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
    assert!(s.contains("\\u{1b}"), "{s}");
}

#[test]
fn a_100_mb_file_is_refused_cleanly() {
    // 100 MB of one long string: valid syntax, one unknown field at the end.
    let mut big = String::with_capacity(100 * 1024 * 1024 + 64);
    big.push_str("(title: \"");
    big.extend(std::iter::repeat_n('x', 100 * 1024 * 1024));
    big.push_str("\", bogus: 1)");
    let out = check_bytes("big.ron", big.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("big.ron:1:"), "{}", &stdout(&out)[..200.min(stdout(&out).len())]);
}

/// `seats` lets several people hold a role at once; more than that is a
/// warning, `seats: 0` an error; a handover day is no overlap.
#[test]
fn seats_handovers_and_too_many_holders() {
    let text = |seats: &str, third_start: &str| {
        format!(
            "(people: [(id: \"a\", name: \"A\"), (id: \"b\", name: \"B\"), (id: \"c\", name: \"C\")],\n\
             orgs: [(id: \"o\", name: \"O\")],\n\
             roles: [(id: \"board\", org: \"o\", title: \"Board\"{seats}), (id: \"ceo\", org: \"o\", title: \"CEO\")],\n\
             tenures: [\n\
             (person: \"a\", role: \"board\", start: \"2010-01-01\", end: \"2020-12-31\"),\n\
             (person: \"b\", role: \"board\", start: \"2012-01-01\"),\n\
             (person: \"c\", role: \"board\", start: \"{third_start}\"),\n\
             (person: \"a\", role: \"ceo\", start: \"2001-01-01\", end: \"2005-06-30\"),\n\
             (person: \"b\", role: \"ceo\", start: \"2005-06-30\"),\n\
             ])\n"
        )
    };
    let warnings = |t: &str| {
        let loaded = orgline::model::load_str(t).unwrap_or_else(|d| panic!("{d:?}"));
        loaded.warnings.iter().map(|d| d.message.clone()).collect::<Vec<_>>()
    };
    // Three at once from 2014 on: fine with three seats; with two, one warning.
    assert_eq!(warnings(&text(", seats: 3", "2014-01-01")), Vec::<String>::new());
    let w = warnings(&text(", seats: 2", "2014-01-01"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("the tenure of \"c\" makes 3 holders of role \"board\" at once, which has 2 seats"),
        "{w:?}"
    );
    // Without seats: the usual one-holder warnings.
    let w = warnings(&text("", "2014-01-01"));
    assert!(w.iter().all(|m| m.contains("certainly cover the same days")) && w.len() >= 2, "{w:?}");
    // The CEO handover on 2005-06-30 is not an overlap, in any of them.
    assert!(!w.iter().any(|m| m.contains("\"ceo\"")), "{w:?}");
    // C arriving the day A leaves makes two, not three.
    assert_eq!(warnings(&text(", seats: 2", "2020-12-31")), Vec::<String>::new());
    // No seat at all is an error at the field.
    let err = orgline::model::load_str(&text(", seats: 0", "2014-01-01")).expect_err("seats: 0");
    assert!(err.iter().any(|d| d.is_error() && d.message.contains("seats: 0") && d.pos.is_some_and(|p| p.line == 3)));
}
