//! The small commands people expect: `init`, `completions`, `man`.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn orgline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgline")).args(args).stdin(Stdio::null()).output().expect("run orgline")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgline-extras-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let path = temp("starter.ron");
    let p = path.to_str().unwrap();
    let out = orgline(&["init", p]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let check = orgline(&["check", p]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let said = String::from_utf8_lossy(&check.stdout).into_owned() + &String::from_utf8_lossy(&check.stderr);
    assert!(!said.contains("warning"), "the starter has warnings: {said}");
    // The views work on it.
    let tree = orgline(&["tree", p]);
    assert!(String::from_utf8_lossy(&tree.stdout).contains("CEO [Example Co]: Cléo Modèle"));

    // A second init refuses; --force overwrites.
    std::fs::write(&path, "mine").unwrap();
    let again = orgline(&["init", p]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    assert!(orgline(&["init", "--force", p]).status.success());
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("// A starter dataset"));
    let bad = orgline(&["init", "/nonexistent-dir/x.ron"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// The starter shows every field of the format: each field named in the
/// reference tables of docs/format.md appears in it.
#[test]
fn the_starter_shows_every_field_of_the_format() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md")).unwrap();
    let reference = &doc[doc.find("## 4. Reference").unwrap()..doc.find("## 5. Dates").unwrap()];
    let fields: Vec<&str> =
        reference.lines().filter_map(|l| l.strip_prefix("| `")).filter_map(|l| l.split('`').next()).collect();
    assert!(fields.len() > 40, "read {} fields from the reference", fields.len());
    let starter = orgline::cli::STARTER;
    for f in fields {
        assert!(starter.contains(&format!("{f}:")), "the starter does not show `{f}`");
    }
}

#[test]
fn completions_for_every_shell_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = orgline(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in
            ["check", "tree", "timeline", "quotes", "diff", "info", "init", "completions", "man", "export", "import"]
        {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
        assert!(script.contains("as-of"), "{shell} completions lack --as-of");
    }
    // The bash script is valid bash.
    let script = orgline(&["completions", "bash"]).stdout;
    let path = temp("orgline.bash");
    std::fs::write(&path, script).unwrap();
    let bash = Command::new("bash").arg("-n").arg(&path).status().expect("bash is on the machine");
    assert!(bash.success(), "bash -n rejects the completion script");
    assert_eq!(orgline(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let out = orgline(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH orgline 1"), "{page}");
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS") && page.contains(".SH OPTIONS"));
    for sub in ["check", "tree", "timeline", "quotes", "diff", "info", "init", "completions"] {
        assert!(page.contains(sub), "the man page lacks `{sub}`");
    }
    // Where groff is installed, it renders without complaint.
    if let Ok(mut child) =
        Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn()
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let done = child.wait_with_output().unwrap();
        assert!(done.status.success(), "groff: {}", String::from_utf8_lossy(&done.stderr));
    }
}
