//! The text views, run as a user runs them: the binary on fixture files and
//! on the bundled story, output compared line by line.

use std::io::Read;
use std::process::{Command, Stdio};

mod common;
use common::orgline;

/// Runs orgline, asserts success, returns stdout.
fn ok(args: &[&str]) -> String {
    let out = orgline(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn tree(date: &str) -> String {
    ok(&["tree", "story.ron", "--as-of", date])
}

#[test]
fn tree_before_the_acquisition_shows_two_orgs() {
    assert_eq!(
        tree("2005"),
        "Acme and Widget — as of 2005\n\
         CEO [Acme]: Alice Ng\n\
         \x20 CFO [Acme]: Dave Olsen?\n\
         CEO [Widget]: Erin Zhao\n\
         \x20 CTO [Widget]: Dave Olsen (dotted line to CFO [Acme])\n"
    );
}

#[test]
fn tree_with_an_acting_holder_and_a_vacancy() {
    assert_eq!(
        tree("2010-06"),
        "Acme and Widget — as of 2010-06\n\
         CEO [Acme]: Bob Roe (acting)\n\
         \x20 CFO [Acme]: vacant\n\
         CEO [Widget]: Erin Zhao\n\
         \x20 CTO [Widget]: Dave Olsen (dotted line to CFO [Acme])\n"
    );
    // A whole year meets three tenures, none certainly.
    assert!(tree("2010").contains("CEO [Acme]: Alice Ng?, Bob Roe? (acting), Carol Díaz?\n"));
}

#[test]
fn tree_after_an_uncertain_end_and_a_new_holder() {
    // Erin's "2012~" end is over by 2014; Bob (2013 to 2018?) certainly holds Widget.
    let t = tree("2014");
    assert!(t.contains("CEO [Acme]: Carol Díaz\n"), "{t}");
    assert!(t.contains("\nCEO [Widget]: Bob Roe\n"), "{t}");
    // In 2013 both may hold it: Erin's end and Bob's start are only known to the year.
    assert!(tree("2013").contains("CEO [Widget]: Erin Zhao?, Bob Roe?\n"));
}

#[test]
fn tree_after_the_acquisition_nests_the_subsidiary() {
    // The default date is the dataset's as_of (2016); Alice's return in 2016 is only possible then.
    let expected = "Acme and Widget — as of 2016\n\
                    CEO [Acme]: Alice Ng?\n\
                    \x20 CFO [Acme]: vacant\n\
                    \x20 CEO [Widget]: Bob Roe\n\
                    \x20   CTO [Widget]: Dave Olsen (dotted line to CFO [Acme])\n";
    assert_eq!(ok(&["tree", "story.ron"]), expected);
    assert_eq!(tree("2016"), expected);
    // Re-appointed: certain once 2016 is past.
    assert!(tree("2017-06").starts_with("Acme and Widget — as of 2017-06\nCEO [Acme]: Alice Ng\n"));
}

#[test]
fn tree_before_anything_existed() {
    assert_eq!(tree("1980"), "Acme and Widget — as of 1980\n(no role exists at this date)\n");
}

#[test]
fn timeline_in_order_and_filtered() {
    assert_eq!(
        ok(&["timeline", "story.ron"]),
        "2000       Acme is founded  [founding]\n\
         2010-04    Bob steps in as interim CEO  [appointment]\n\
         2014/2017  Widget expands abroad\n\
         2015-06    Acme buys Widget  [acquisition]\n\
         2016       Alice returns  [appointment]\n"
    );
    let titles = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["timeline", "story.ron"];
        a.extend_from_slice(args);
        ok(&a).lines().map(|l| l.split("  ").filter(|s| !s.is_empty()).nth(1).unwrap().trim().to_string()).collect()
    };
    assert_eq!(titles(&["--person", "bob"]), ["Bob steps in as interim CEO", "Widget expands abroad"]);
    assert_eq!(titles(&["--org", "widget"]), ["Widget expands abroad", "Acme buys Widget"]);
    assert_eq!(titles(&["--from", "2015", "--to", "2015"]), ["Widget expands abroad", "Acme buys Widget"]);
    assert_eq!(titles(&["--from", "2016-06"]), ["Widget expands abroad", "Alice returns"]);
    assert_eq!(titles(&["--to", "2009"]), ["Acme is founded"]);
    assert_eq!(titles(&["--person", "alice", "--org", "acme", "--from", "2001"]), ["Alice returns"]);
}

#[test]
fn quotes_with_sources_and_filters() {
    let all = ok(&["quotes", "story.ron"]);
    let speakers: Vec<&str> = all.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    assert_eq!(speakers, ["Alice Ng, 2000", "Carol Díaz, 2015-06", "Alice Ng, 2016-02"]);
    assert_eq!(
        ok(&["quotes", "story.ron", "--person", "alice", "--event", "return"]),
        "Alice Ng, 2016-02\n\
         \x20 « Je suis de retour. »\n\
         \x20 Translation: “I am back.”\n\
         \x20 Context: On her first day back.\n\
         \x20 Source: Evening news interview, Channel 9 (via Annual report)\n\
         \x20 Event: Alice returns (2016)\n\n"
    );
    let carol = ok(&["quotes", "story.ron", "--person", "carol"]);
    assert!(carol.contains("  Source: Annual report, Acme, 2017\n"), "{carol}");
    assert_eq!(ok(&["quotes", "story.ron", "--event", "interim"]), "");
}

#[test]
fn unknown_ids_are_usage_errors_with_a_hint() {
    let out = orgline(&["timeline", "story.ron", "--person", "alicee"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "orgline: no person with id \"alicee\"; did you mean \"alice\"?\n"
    );
    assert_eq!(orgline(&["quotes", "story.ron", "--event", "nope"]).status.code(), Some(2));
    assert_eq!(orgline(&["timeline", "story.ron", "--from", "2024-13"]).status.code(), Some(2));
}

#[test]
fn invalid_data_exits_1_with_diagnostics_on_stderr() {
    let out = orgline(&["tree", "../invalid/cycles.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cycles.ron:8:57: error: reporting cycle"));
    let out = orgline(&["tree", "no-such.ron"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_bundled_story_without_a_file() {
    let t = ok(&["tree"]);
    assert!(t.starts_with("Slack after the Salesforce acquisition — as of 2024-03\n"), "{t}");
    assert!(t.contains("    CTO (directeur technique) [Slack]: Parker Harris\n"), "{t}");
    // Plain `orgline` is the interactive explorer: without a terminal it
    // says so and points at the text views, with no escape sequence.
    let out = orgline(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the explorer needs a terminal") && err.contains("orgline tree"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");

    // The CEO succession and the CTO handover, at dates across the story.
    let at = |d: &str| ok(&["tree", "--as-of", d]);
    assert!(at("2020").contains("\nCEO (PDG) [Slack]: Stewart Butterfield?\n"));
    assert!(at("2022").contains("  CEO (PDG) [Slack]: Stewart Butterfield?, Lidiane Jones?\n"));
    assert!(at("2023-06").contains("Head of Bumble [Bumble]: Lidiane Jones?\n"));
    assert!(at("2024-01").contains("[Slack]: Cal Henderson?, Parker Harris?\n"));
    assert!(at("2024-03").contains("[Slack]: Parker Harris\n"));

    let tl = ok(&["timeline", "--person", "lidiane-jones"]);
    assert_eq!(tl.lines().count(), 2, "{tl}");
    assert!(tl.starts_with("2022  Lidiane Jones replaces Butterfield as CEO  [appointment]\n"), "{tl}");
    let q = ok(&["quotes", "--person", "stewart-butterfield"]);
    assert!(
        q.starts_with("Stewart Butterfield, 2022~\n  « Le problème, c’est qu’il n’y a pas eu d’intégration"),
        "{q}"
    );
}

#[test]
fn help_and_version_everywhere() {
    let version = ok(&["--version"]);
    assert!(version.starts_with("orgline "), "{version}");
    for cmd in [&[][..], &["check"], &["tree"], &["timeline"], &["quotes"]] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = ok(&args);
        assert!(help.contains("Usage: orgline"), "{args:?}: {help}");
        let mut args = cmd.to_vec();
        args.push("--version");
        assert!(ok(&args).starts_with("orgline"), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .args(["timeline"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, as with `| head -0`
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// EDTF years before year 1 start with a minus: a date option takes them as
/// its value, not as a flag (`--as-of -0044`), and `diff` takes negative
/// years among its dates while its flags still work after them.
#[test]
fn dates_before_year_one_are_values_not_flags() {
    assert!(ok(&["tree", "--as-of", "-0044"]).contains("as of -0044"));
    assert!(ok(&["tree", "--as-of=-0044"]).contains("as of -0044"));
    ok(&["timeline", "--from", "-0100", "--to", "-0001"]);
    assert!(ok(&["diff", "-0044", "2023"]).starts_with("Changes from -0044 to 2023"));
    assert!(ok(&["diff", "2020", "2023", "--no-cache"]).starts_with("Changes from 2020 to 2023"));
}
