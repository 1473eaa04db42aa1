//! The explorer run as a user runs it: the real binary in a pseudo-terminal,
//! keys typed as bytes, the screen read back through a terminal emulator.
//!
//! Every wait polls the emulated screen and returns as soon as what a user
//! would see is there; nothing sleeps for a fixed time.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, ExitStatus, MasterPty};

mod common;
use common::TempDir;
use common::pty::{self, Keyboard, Output, find, lock, rfind};

/// How long anything may take on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

const BIN: &str = env!("CARGO_BIN_EXE_orgline");

const ENTER: &str = "\r";
const BACKSPACE: &str = "\x7f";
const CTRL_C: &str = "\x03";
/// Alt-→ as xterm sends it: a complete CSI sequence, never mistaken for Esc.
const ALT_RIGHT: &str = "\x1b[1;3C";

const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

/// The explorer running in a pseudo-terminal. Dropping it kills a program
/// still running, so a failing test never leaves a process behind.
struct Tui {
    /// The terminal's side of the pty (the master); `None` once hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    keyboard: Keyboard,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Output>>,
    /// The program's exit status, once seen.
    status: Option<ExitStatus>,
    /// How many times [`Tui::settle`] was called (it alternates two keys).
    settles: usize,
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal is at least 1×1")
}

impl Tui {
    /// Starts `orgline` (the bundled story) in a `cols` × `rows` terminal and
    /// waits for its first screen.
    fn start(cols: u16, rows: u16) -> Tui {
        Tui::start_with(cols, rows, &[])
    }

    /// Starts `orgline ARGS…` in a `cols` × `rows` terminal and waits for
    /// the explorer's first screen.
    fn start_with(cols: u16, rows: u16, args: &[&str]) -> Tui {
        let mut tui = Tui::spawn(cols, rows, args);
        tui.wait_for("the first screen", |s| as_of(s).is_some());
        tui
    }

    /// Starts `orgline ARGS…` in a `cols` × `rows` terminal, waiting for nothing.
    fn spawn(cols: u16, rows: u16, args: &[&str]) -> Tui {
        Tui::spawn_env(cols, rows, args, &[])
    }

    /// Like [`Tui::spawn`], with `env` set on top of a clean environment:
    /// no colour preference and no user configuration (an empty config
    /// directory), so the user's own settings never change a test.
    fn spawn_env(cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> Tui {
        let mut cmd = pty::command(BIN);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let pty = pty::spawn(cmd, cols, rows);
        Tui {
            master: Some(pty.master),
            keyboard: pty.keyboard,
            child: pty.child,
            output: pty.output,
            status: None,
            settles: 0,
        }
    }

    fn output(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the screen as it is now.
    fn screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.output().parser.screen())
    }

    /// The screen's text, for failure messages.
    fn dump(&self) -> String {
        self.screen(|s| s.contents())
    }

    /// Types `keys`.
    fn send(&mut self, keys: &str) {
        let mut keyboard = lock(&self.keyboard);
        keyboard.write_all(keys.as_bytes()).expect("write to the pty");
        keyboard.flush().expect("flush the pty");
    }

    /// Waits until `pred` holds for the screen; fails if it does not within
    /// [`TIMEOUT`] or the program exits meanwhile.
    #[track_caller]
    fn wait_for(&mut self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if self.screen(&pred) {
                return;
            }
            if let Some(status) = self.try_wait() {
                // Let the last output arrive before showing it.
                self.wait_eof();
                panic!(
                    "orgline exited ({status:?}) while waiting for {what}.\nScreen:\n{}\nOutput tail:\n{}",
                    self.dump(),
                    self.raw_tail()
                );
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out after {TIMEOUT:?} waiting for {what}. Screen:\n{}", self.dump());
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the as-of date in the header reads `date`.
    #[track_caller]
    fn wait_as_of(&mut self, date: &str) {
        self.wait_for(&format!("AS OF {date}"), |s| as_of(s).as_deref() == Some(date));
    }

    /// Waits until the as-of date is no longer `date`, and returns the new one.
    #[track_caller]
    fn wait_as_of_changed(&mut self, date: &str) -> String {
        self.wait_for(&format!("the as-of date to change from {date}"), |s| as_of(s).is_some_and(|d| d != date));
        self.screen(as_of).expect("an as-of date")
    }

    /// Waits until every key typed so far has been handled: types a key that
    /// changes nothing but says so in the status bar (back, then forward, with
    /// no history), and waits for that message. Needs no overlay open and an
    /// empty history.
    #[track_caller]
    fn settle(&mut self) {
        let (key, ack) = if self.settles.is_multiple_of(2) {
            (BACKSPACE, "nothing to go back to")
        } else {
            (ALT_RIGHT, "nothing to go forward to")
        };
        self.settles += 1;
        self.send(key);
        self.wait_for(ack, |s| status_bar(s).contains(ack));
    }

    /// Resizes the terminal (emulator first, so the redraw is read at the new
    /// size).
    fn resize(&mut self, cols: u16, rows: u16) {
        self.output().parser.set_size(nonzero(rows), nonzero(cols));
        self.master.as_ref().expect("a terminal").resize(pty::size(cols, rows)).expect("resize the pty");
    }

    /// Closes the terminal, as when its window is closed or the connection
    /// drops: every descriptor of the master is closed, so the program gets
    /// SIGHUP and its input ends.
    fn hang_up(&mut self) {
        // The reader holds one: ask it to stop, and make the program draw
        // something so that its read returns.
        self.output().stop_reading = true;
        self.send("?");
        self.wait_eof();
        // Then the keyboard and the pty itself.
        *lock(&self.keyboard) = Box::new(std::io::sink());
        self.master = None;
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("orgline's pid")
    }

    fn try_wait(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("poll orgline");
        }
        self.status.clone()
    }

    /// Waits for the program to exit and for all its output to be read.
    #[track_caller]
    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.try_wait() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                panic!("orgline did not exit within {TIMEOUT:?}. Screen:\n{}", self.dump());
            }
            thread::sleep(POLL);
        };
        self.wait_eof();
        status
    }

    /// Waits until the reader has seen the end of the output.
    #[track_caller]
    fn wait_eof(&self) {
        let start = Instant::now();
        while !self.output().eof {
            assert!(start.elapsed() < TIMEOUT, "the pty reader did not stop within {TIMEOUT:?}");
            thread::sleep(POLL);
        }
    }

    /// The end of the raw output, escaped, for failure messages.
    fn raw_tail(&self) -> String {
        let out = self.output();
        let tail = &out.raw[out.raw.len().saturating_sub(600)..];
        String::from_utf8_lossy(tail).escape_debug().to_string()
    }

    /// After the program exited: the terminal is as it was before it started.
    #[track_caller]
    fn assert_restored(&self) {
        let out = self.output();
        let screen = out.parser.screen();
        let tail = || String::from_utf8_lossy(&out.raw[out.raw.len().saturating_sub(300)..]).escape_debug().to_string();
        assert!(!screen.alternate_screen(), "still on the alternate screen after exit; output tail: {}", tail());
        assert!(!screen.hide_cursor(), "cursor still hidden after exit; output tail: {}", tail());
        let entered = find(&out.raw, ENTER_ALT_SCREEN).expect("the alternate screen was never entered");
        let left = rfind(&out.raw, LEAVE_ALT_SCREEN).expect("no alternate-screen leave sequence in the output");
        assert!(left > entered, "the alternate screen was left before it was entered");
        // The explorer drew only on the alternate screen, and left nothing
        // (no panic message) on the user's screen.
        let normal = screen.contents();
        assert!(!normal.contains("AS OF") && !normal.contains("panicked"), "left on the screen:\n{normal}");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen's rows as text.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The date in the header's `AS OF` badge.
fn as_of(screen: &vt100::Screen) -> Option<String> {
    let text = screen.contents();
    let at = text.find("AS OF ")? + "AS OF ".len();
    let date: String = text[at..].chars().take_while(|c| !c.is_whitespace() && !"┃│".contains(*c)).collect();
    (!date.is_empty()).then_some(date)
}

/// The bottom row.
fn status_bar(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// The rows inside the org chart pane, borders excluded.
fn chart(screen: &vt100::Screen) -> Vec<String> {
    let all = rows(screen);
    let Some(top) = all.iter().position(|r| r.contains("1 Org chart") && (r.contains('┏') || r.contains('╭')))
    else {
        return Vec::new();
    };
    let Some(corner) = all[top].chars().position(|c| c == '┓' || c == '╮') else { return Vec::new() };
    let left: Vec<String> = screen.rows(0, 1).collect();
    screen
        .rows(1, corner as u16 - 1)
        .enumerate()
        .skip(top + 1)
        .take_while(|(i, _)| !left[*i].starts_with('┗') && !left[*i].starts_with('╰'))
        .map(|(_, r)| r)
        .collect()
}

/// The chart's Slack CEO row and the Slack CTO row under it. The CEO row is
/// the only one naming the org Slack (the chart names an org where the tree
/// enters it); its only report, the CTO, is the next row with a CTO.
fn slack_rows(screen: &vt100::Screen) -> Option<(String, String)> {
    let chart = chart(screen);
    let ceo = chart.iter().position(|r| r.contains("Slack"))?;
    let cto = chart[ceo + 1..].iter().find(|r| r.contains("CTO"))?;
    Some((chart[ceo].trim_end().to_string(), cto.trim_end().to_string()))
}

/// The kind of detail card open, from its frame's title.
fn card(screen: &vt100::Screen) -> Option<String> {
    let text = screen.contents();
    ["Role", "Person", "Org", "Event", "Quote"]
        .into_iter()
        .find(|k| text.contains(&format!("╭ {k} ─")) || text.contains(&format!("┏ {k} ━")))
        .map(String::from)
}

/// A tab bar: one row names all three panes.
fn shows_tabs(screen: &vt100::Screen) -> bool {
    rows(screen).iter().any(|r| r.contains("1 Org chart") && r.contains("2 Timeline") && r.contains("3 Quotes"))
}

/// The three panes side by side: each titled, no tab bar.
fn shows_three_panes(screen: &vt100::Screen) -> bool {
    let text = screen.contents();
    ["1 Org chart", "2 Timeline", "3 Quotes"].iter().all(|t| text.contains(t)) && !shows_tabs(screen)
}

#[test]
fn start_shows_the_header_the_panes_and_the_chart() {
    let mut t = Tui::start(80, 24);
    t.wait_as_of("2024-03");
    t.wait_for("the three pane titles", |s| {
        let text = s.contents();
        ["Org chart", "Timeline", "Quotes"].iter().all(|p| text.contains(p))
    });
    assert!(t.screen(shows_three_panes), "three panes at 80×24:\n{}", t.dump());
    let (_, cto) = t.screen(slack_rows).unwrap_or_else(|| panic!("no Slack CEO/CTO rows in the chart:\n{}", t.dump()));
    assert!(cto.contains("Parker Harris"), "Slack CTO row at 2024-03 is {cto:?}; screen:\n{}", t.dump());
}

/// Presses `j` one event at a time until the as-of date reads `date`; the
/// chart's Slack CEO and CTO rows there.
#[track_caller]
fn walk_to(t: &mut Tui, date: &str) -> (String, String) {
    for _ in 0..20 {
        t.send("j");
        t.settle();
        if t.screen(as_of).as_deref() == Some(date) {
            // A chart reshaped by the date comes from the chart thread.
            t.wait_for("the chart of the date", |s| !s.contents().contains("updating…"));
            return t.screen(slack_rows).unwrap_or_else(|| panic!("no Slack rows at {date}:\n{}", t.dump()));
        }
    }
    panic!("the timeline never reached {date}; screen:\n{}", t.dump());
}

#[test]
fn walking_the_timeline_moves_the_chart_through_time() {
    let mut t = Tui::start(80, 24);
    t.send("2");
    t.wait_for("the timeline focused", |s| status_bar(s).trim_start().starts_with("Timeline"));
    t.send("g");
    t.wait_as_of("1999");

    let (ceo_2022, cto_2022) = walk_to(&mut t, "2022");
    let screen_2022 = t.dump();
    assert!(
        ceo_2022.contains("Stewart Butterfield") || ceo_2022.contains("Lidiane Jones"),
        "Slack CEO row at 2022 is {ceo_2022:?}; screen:\n{screen_2022}"
    );
    assert!(
        cto_2022.contains("Cal Henderson") && !cto_2022.contains("Parker Harris"),
        "Slack CTO row at 2022 is {cto_2022:?}; screen:\n{screen_2022}"
    );

    let (ceo_2023, _) = walk_to(&mut t, "2023");
    assert!(
        ceo_2023.contains("Lidiane Jones") && !ceo_2023.contains("Butterfield"),
        "Slack CEO row at 2023 is {ceo_2023:?}; screen:\n{}",
        t.dump()
    );

    let (ceo_2024, cto_2024) = walk_to(&mut t, "2024-01?");
    let screen_2024 = t.dump();
    assert!(
        cto_2024.contains("Cal Henderson") && cto_2024.contains("Parker Harris"),
        "Slack CTO row at 2024-01? is {cto_2024:?}; screen:\n{screen_2024}"
    );
    assert!(!ceo_2024.contains("Butterfield"), "Slack CEO row at 2024-01? is {ceo_2024:?}; screen:\n{screen_2024}");
    assert_ne!(cto_2022, cto_2024, "the CTO row did not change from 2022 to 2024-01?");
    assert_ne!(ceo_2022, ceo_2023, "the CEO row did not change from 2022 to 2023");
}

#[test]
fn time_travel_keys_change_the_as_of_date() {
    let mut t = Tui::start(80, 24);
    t.wait_as_of("2024-03");
    t.send("[");
    let back1 = t.wait_as_of_changed("2024-03");
    t.send("[");
    let back2 = t.wait_as_of_changed(&back1);
    t.send("]");
    t.wait_as_of_changed(&back2);

    t.send("t");
    t.wait_for("the date prompt", |s| status_bar(s).contains("as of ▸"));
    t.send(&BACKSPACE.repeat(30));
    t.send("2021");
    t.wait_for("2021 typed and accepted", |s| {
        let bar = status_bar(s);
        bar.contains("as of ▸ 2021") && bar.contains('✓')
    });
    t.send(ENTER);
    t.wait_as_of("2021");
    t.wait_for("the prompt closed", |s| !status_bar(s).contains("as of ▸"));

    t.send("T");
    t.wait_as_of("2024-03");
}

#[test]
fn help_opens_and_closes() {
    let mut t = Tui::start(80, 24);
    t.send("?");
    t.wait_for("the help overlay", |s| {
        let text = s.contents();
        text.contains("Help") && text.contains("quit (always)") && text.contains("next pane")
    });
    t.send("?");
    t.wait_for("the help overlay closed", |s| {
        let text = s.contents();
        !text.contains("Help") && !text.contains("next pane")
    });
    assert!(t.screen(shows_three_panes), "{}", t.dump());
}

#[test]
fn detail_card_follows_links_and_goes_back() {
    let mut t = Tui::start(80, 24);
    t.send(ENTER);
    t.wait_for("the role card of Salesforce's CEO", |s| {
        let text = s.contents();
        card(s).as_deref() == Some("Role") && text.contains("CEO (PDG)") && text.contains("Holders over time")
    });
    // The first link is the org; the next is the holder.
    t.send("j");
    t.send(ENTER);
    t.wait_for("Marc Benioff's card", |s| {
        card(s).as_deref() == Some("Person") && s.contents().contains("Marc Benioff")
    });
    t.send(BACKSPACE);
    t.wait_for("the role card again", |s| {
        card(s).as_deref() == Some("Role") && s.contents().contains("Holders over time")
    });
    t.send(BACKSPACE);
    t.wait_for("the card closed", |s| card(s).is_none() && shows_three_panes(s));
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let mut t = Tui::start(80, 24);
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut t = Tui::start(80, 24);
    t.send(CTRL_C);
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();
}

#[test]
fn sigterm_ends_it_and_restores_the_terminal() {
    let mut t = Tui::start(80, 24);
    let kill = Command::new("kill").args(["-TERM", &t.pid().to_string()]).status().expect("run kill");
    assert!(kill.success());
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn closing_the_terminal_ends_it() {
    let mut t = Tui::start(80, 24);
    t.hang_up();
    let start = Instant::now();
    while t.try_wait().is_none() {
        assert!(
            start.elapsed() < TIMEOUT,
            "orgline (pid {}) still running {TIMEOUT:?} after its terminal was closed",
            t.pid()
        );
        thread::sleep(POLL);
    }
}

#[test]
fn resizing_switches_layouts_and_never_panics() {
    let mut t = Tui::start(200, 60);
    t.wait_for("three panes at 200×60", shows_three_panes);
    t.resize(60, 20);
    t.wait_for("a tab bar at 60×20", shows_tabs);
    t.resize(30, 8);
    t.wait_for("'Terminal too small' at 30×8", |s| s.contents().contains("Terminal too small"));
    t.resize(80, 24);
    t.wait_for("three panes at 80×24", |s| shows_three_panes(s) && as_of(s).is_some());
    assert!(t.try_wait().is_none(), "orgline exited after resizing");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();
}

#[test]
fn without_a_terminal_it_says_so_and_exits_2() {
    let mut child = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run orgline");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll orgline") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("orgline without a terminal did not exit within {TIMEOUT:?}");
        }
        thread::sleep(POLL);
    };
    let (mut stdout, mut stderr) = (Vec::new(), String::new());
    child.stdout.take().expect("stdout").read_to_end(&mut stdout).expect("read stdout");
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
    assert_eq!(status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("needs a terminal"), "stderr: {stderr}");
    assert!(!stdout.contains(&0x1b), "escape sequences on stdout: {:?}", String::from_utf8_lossy(&stdout));
}

#[test]
fn a_changed_file_is_reloaded_and_a_broken_one_keeps_the_last_good_data() {
    let dir = std::env::temp_dir().join(format!("orgline-e2e-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("story.ron");
    let story =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/story.ron")).unwrap();
    std::fs::write(&path, &story).unwrap();
    let mut t = Tui::start_with(100, 30, &[path.to_str().unwrap()]);
    t.wait_for("Alice", |s| s.contents().contains("Alice Ng?"));
    // Opening reads the file; reading is no change. A negative can only be
    // seen by waiting: longer than the watcher's settling time, three times.
    thread::sleep(Duration::from_millis(500));
    assert!(!status_bar(&t.screen(|s| s.clone())).contains("reloaded"), "reloaded on open: {}", t.dump());

    // An editor that saves by writing a new file and renaming it over the old.
    let tmp = dir.join(".story.ron.swp");
    std::fs::write(&tmp, story.replace("Alice Ng", "Alice Ngata")).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    t.wait_for("the reloaded name", |s| s.contents().contains("Alice Ngata?"));

    std::fs::write(&path, story.replace("title: \"CFO\"", "titel: \"CFO\"")).unwrap();
    t.wait_for("the error banner", |s| s.contents().contains("story.ron:24:") && s.contents().contains("titel"));
    assert!(t.screen(|s| s.contents().contains("Alice Ngata?")), "the last good data stays on screen");

    std::fs::write(&path, &story).unwrap();
    t.wait_for("the banner gone", |s| !s.contents().contains("titel") && s.contents().contains("Alice Ng?"));

    std::fs::remove_file(&path).unwrap();
    t.wait_for("the deleted warning", |s| s.contents().contains("was deleted"));
    t.send("q");
    t.wait_exit();
    t.assert_restored();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_opened_from_a_wrong_hint_is_reloaded_once_its_hash_is_checked() {
    use orgline::model::snapshot::{Key, hint};
    let tmp = TempDir::new("e2e-hint");
    let cache = tmp.0.join("cache");
    let story = tmp.0.join("story.ron");
    let minimal = tmp.0.join("minimal.ron");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    std::fs::copy(fixtures.join("story.ron"), &story).unwrap();
    std::fs::copy(fixtures.join("minimal.ron"), &minimal).unwrap();
    // The other file's snapshot, written by this build of orgline.
    let wrote = Command::new(BIN)
        .env("ORGLINE_CACHE_DIR", &cache)
        .args(["tree", minimal.to_str().unwrap()])
        .output()
        .expect("run orgline tree");
    assert!(wrote.status.success());
    // The story's hint, made to name that snapshot, as if hashed long after
    // the story last changed.
    let wrong = Key::of(&std::fs::read(&minimal).unwrap());
    let stamp = hint::Stamp::of(&story).unwrap();
    hint::remember(&cache, &story, wrong, stamp, std::time::SystemTime::now() + hint::RACY);
    assert_eq!(hint::recall(&cache, &story), Some(wrong));

    let cache_var = cache.to_str().unwrap();
    let mut t = Tui::spawn_env(100, 30, &[story.to_str().unwrap()], &[("ORGLINE_CACHE_DIR", cache_var)]);
    // Whatever the first frame showed, the story's own data comes.
    t.wait_for("the story's data", |s| s.contents().contains("Acme and Widget") && s.contents().contains("Dave Olsen"));
    assert!(status_bar(&t.screen(|s| s.clone())).contains("reloaded"), "{}", t.dump());
    assert!(!t.screen(|s| s.contents().contains("Minimal")), "{}", t.dump());
    assert_eq!(hint::recall(&cache, &story), None, "the wrong hint is forgotten");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

/// The base64 payloads of every OSC 52 clipboard sequence in `raw`.
fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]52;c;").skip(1).filter_map(|rest| rest.split('\x07').next().map(str::to_string)).collect()
}

/// Decodes standard base64 (the test's own decoder, independent of the program's encoder).
fn unbase64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &c)| n | u32::from(val(c)) << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

#[test]
fn y_puts_a_citation_on_the_clipboard_through_the_terminal() {
    let mut t = Tui::start(100, 30);
    t.send("3");
    t.wait_for("the quotes focused", |s| status_bar(s).contains("Quotes"));
    t.send("g");
    t.send("y");
    t.wait_for("the copy message", |s| status_bar(s).contains("copied the citation"));
    let payloads = osc52_payloads(&t.output().raw);
    assert_eq!(payloads.len(), 1, "one OSC 52 sequence: {}", t.raw_tail());
    let text = String::from_utf8(unbase64(&payloads[0])).expect("UTF-8 citation");
    assert!(text.starts_with("« Le problème, c’est qu’il n’y a pas eu d’intégration"), "{text}");
    assert!(text.contains("» — Stewart Butterfield, « Après de nombreux chamboulements"), "{text}");
    t.send("Y");
    t.wait_for("the second copy", |s| status_bar(s).contains("copied the quote text"));
    let payloads = osc52_payloads(&t.output().raw);
    let text = String::from_utf8(unbase64(&payloads[1])).unwrap();
    assert!(text.starts_with("Le problème") && text.ends_with("au sens propre du terme."), "{text}");
}

#[test]
fn the_tenure_chart_shows_each_succession_and_moves_through_time() {
    let mut t = Tui::start(80, 24);
    t.send("4");
    t.wait_for("the tenure chart", |s| s.contents().contains("4 Tenures") && s.contents().contains("1 col = "));
    let text = t.screen(|s| s.contents());
    assert!(text.contains("Stewart Butterfield") && text.contains("Cal Henderson") && text.contains("Parker Harris"));
    t.send("+");
    t.wait_for("zoomed in", |s| s.contents().contains("1 col = 6 months"));
    t.send("l");
    t.wait_as_of("2024-07");
    t.send("hh");
    t.wait_as_of("2023-07");
    t.send("1");
    t.wait_for("back to the three panes", shows_three_panes);
    assert!(find(&t.output().raw, b"\x1b[?1000h").is_none(), "no mouse reporting without --mouse");
}

#[test]
fn with_mouse_a_click_focuses_and_selects() {
    let mut t = Tui::start_with(120, 40, &["--mouse"]);
    // The timeline is the top right pane at 120 columns; click inside it (SGR mouse, 1-based).
    t.wait_for("the panes", shows_three_panes);
    t.send("\x1b[<0;80;8M\x1b[<0;80;8m");
    t.wait_for("the timeline focused by the click", |s| status_bar(s).contains("Timeline"));
    t.send("q");
    t.wait_exit();
    // Mouse reporting was turned on, then off again on the way out.
    let raw = t.output().raw.clone();
    let on = rfind(&raw, b"\x1b[?1000h").expect("mouse capture enabled");
    let off = rfind(&raw, b"\x1b[?1000l").expect("mouse capture disabled");
    assert!(off > on);
    t.assert_restored();
}

#[test]
fn slash_searches_as_you_type_and_enter_goes_there() {
    let mut t = Tui::start(80, 24);
    t.send("/");
    t.wait_for("the search box", |s| s.contents().contains("type to search"));
    t.send("henders");
    t.wait_for("Cal Henderson found", |s| {
        s.contents().contains("People (1)") && s.contents().contains("Cal Henderson")
    });
    t.send(ENTER);
    // Henderson holds nothing at 2024-03: the as-of date moves into his tenure.
    t.wait_as_of("2024-01?");
    t.wait_for("the chart showing Henderson, and why the date moved", |s| {
        status_bar(s).contains("as-of moved to 2024-01?") && chart(s).iter().any(|r| r.contains("Cal Henderson"))
    });
}

/// A generated dataset of `people` in a temporary file.
fn generated_file(people: usize) -> (TempDir, String) {
    let dir = TempDir::new("e2e");
    let path = dir.path().join(format!("gen_{people}.ron"));
    std::fs::write(&path, orgline::generate::generate(people, 7)).expect("write the generated dataset");
    let path = path.display().to_string();
    (dir, path)
}

/// A temporary directory, removed on drop (no extra dependency for this).
#[test]
fn a_large_file_shows_the_loading_screen_first_then_the_explorer() {
    let (_dir, path) = generated_file(20_000);
    let mut t = Tui::start_with(100, 30, &[&path]);
    t.wait_for("the explorer on the generated data", |s| s.contents().contains("20000 roles"));
    // The loading screen was drawn before the data: its bytes come first.
    let raw = t.output().raw.clone();
    let opening = find(&raw, "Opening".as_bytes()).expect("the loading screen was drawn");
    let chart = find(&raw, "20000 roles".as_bytes()).unwrap();
    assert!(opening < chart);
}

#[test]
fn q_during_the_load_cancels_and_restores_the_terminal() {
    let (_dir, path) = generated_file(50_000);
    let mut t = Tui::spawn(100, 30, &[&path]);
    t.wait_for("the loading screen", |s| s.contents().contains("Opening") && s.contents().contains("q cancel"));
    let asked = Instant::now();
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(asked.elapsed() < Duration::from_secs(2), "cancelled at once, not after the load");
    t.assert_restored();
}

#[test]
fn keys_typed_during_the_load_are_done_once_it_is_open() {
    let (_dir, path) = generated_file(50_000);
    // The line under the rows tells the selected role.
    let selected = |s: &vt100::Screen| rows(s).iter().rev().nth(2).cloned().unwrap_or_default();
    // First the keys typed once it is open, one at a time, each waited for:
    // the tenure chart, then down two rows, to the third role. (Both opens
    // read the file: with a snapshot the load could end before the keys
    // are typed.)
    let mut t = Tui::spawn(100, 30, &[&path, "--no-cache"]);
    t.wait_for("the explorer", |s| s.contents().contains("50000 roles"));
    t.send("4");
    t.wait_for("the tenure chart, focused", |s| {
        s.contents().contains("4 Tenures 50000 roles") && selected(s).contains(" at ")
    });
    let mut line = t.screen(selected);
    for _ in 0..2 {
        t.send("j");
        t.wait_for("the next role", |s| selected(s) != line && selected(s).contains(" at "));
        line = t.screen(selected);
    }
    let third = line;
    t.send("q");
    assert!(t.wait_exit().success());
    // The same keys typed at once, before the data is in, do the same.
    let mut t = Tui::spawn(100, 30, &[&path, "--no-cache"]);
    t.wait_for("the loading screen", |s| s.contents().contains("Opening") && s.contents().contains("q cancel"));
    t.send("4jj");
    t.wait_for("the third role", |s| s.contents().contains("4 Tenures 50000 roles") && selected(s) == third);
    // And keys typed after them still count.
    t.send("4k");
    t.wait_for("another role", |s| selected(s) != third && selected(s).contains(" at "));
    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn an_invalid_file_is_reported_after_the_terminal_is_restored() {
    let path = format!("{}/tests/fixtures/invalid/bad_dates.ron", env!("CARGO_MANIFEST_DIR"));
    let mut t = Tui::spawn(100, 30, &[&path]);
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 1);
    t.assert_restored();
    let raw = t.output().raw.clone();
    let left = rfind(&raw, LEAVE_ALT_SCREEN).unwrap();
    let error = rfind(&raw, b"bad_dates.ron:").expect("a positioned diagnostic");
    assert!(error > left, "the diagnostics come after the terminal is given back");
}

/// The parameters of every SGR sequence (`ESC [ … m`) in `raw`.
fn sgr_params(raw: &[u8]) -> Vec<Vec<u16>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] == 0x1b && raw[i + 1] == b'[' {
            let start = i + 2;
            let mut j = start;
            while j < raw.len() && (raw[j].is_ascii_digit() || raw[j] == b';' || raw[j] == b':') {
                j += 1;
            }
            if j < raw.len() && raw[j] == b'm' {
                let body = String::from_utf8_lossy(&raw[start..j]);
                out.push(body.split([';', ':']).map(|p| p.parse().unwrap_or(0)).collect());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// True when an SGR sequence sets a colour (not one that resets it to the default).
fn sets_a_colour(params: &[u16]) -> bool {
    params.iter().any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

#[test]
fn no_color_draws_without_colour_and_the_selection_still_shows() {
    for (env, args) in
        [(vec![("NO_COLOR", "1")], vec![]), (vec![("TERM", "dumb")], vec![]), (vec![], vec!["--color", "never"])]
    {
        let mut t = Tui::spawn_env(100, 30, &args, &env);
        t.wait_for("the first screen", |s| as_of(s).is_some());
        t.send("j");
        t.settle();
        // The selected row is in reverse video, with no colour.
        let selected = t.screen(|s| {
            let (rows, cols) = (s.size().0.get(), s.size().1.get());
            (0..rows)
                .any(|r| (0..cols).any(|c| s.cell(r, c).is_some_and(|cell| cell.inverse() && cell.contents() != " ")))
        });
        assert!(selected, "{env:?} {args:?}: no reverse-video cell:\n{}", t.dump());
        t.send("q");
        t.wait_exit();
        t.assert_restored();
        let raw = t.output().raw.clone();
        let sgr = sgr_params(&raw);
        let coloured: Vec<_> = sgr.iter().filter(|p| sets_a_colour(p)).collect();
        assert!(coloured.is_empty(), "{env:?} {args:?}: colour sequences {coloured:?}");
        assert!(sgr.iter().any(|p| p.contains(&7)), "{env:?} {args:?}: reverse video never set");
        assert!(sgr.iter().any(|p| p.contains(&1)), "{env:?} {args:?}: bold never set");
    }
}

#[test]
fn colour_by_default_and_always_overrides_no_color() {
    for (env, args) in [(vec![], vec![]), (vec![("NO_COLOR", "1")], vec!["--color", "always"])] {
        let mut t = Tui::spawn_env(100, 30, &args, &env);
        t.wait_for("the first screen", |s| as_of(s).is_some());
        t.send("q");
        t.wait_exit();
        let raw = t.output().raw.clone();
        assert!(sgr_params(&raw).iter().any(|p| sets_a_colour(p)), "{env:?} {args:?}: no colour at all");
    }
}

#[test]
fn a_configuration_rebinds_keys_and_help_and_status_bar_show_them() {
    let dir = TempDir::new("e2e");
    let config = dir.path().join("config.ron");
    std::fs::write(
        &config,
        "// my keys\n(\n    theme: \"high-contrast\",\n    keys: { \"quit\": [\"x\"], \"help\": [\"F2\"], \"down\": [\"Ctrl-j\"] },\n)\n",
    )
    .unwrap();
    let mut t = Tui::spawn_env(120, 40, &[], &[("ORGLINE_CONFIG", config.to_str().unwrap())]);
    t.wait_for("the first screen", |s| as_of(s).is_some());
    // The status bar offers the user's keys.
    t.wait_for("x quit in the status bar", |s| status_bar(s).contains("x quit") && status_bar(s).contains("F2 help"));
    // q no longer quits, ? no longer opens help.
    t.send("q?");
    t.settle();
    assert!(t.try_wait().is_none(), "q still quits");
    assert!(!t.dump().contains("Help — every key"));
    t.send("\x1bOQ"); // F2
    t.wait_for("help", |s| s.contents().contains("Help — every key"));
    let help = t.dump();
    assert!(help.lines().any(|l| l.contains(" x ") && l.contains("quit")), "help lists x for quit:\n{help}");
    t.send("\x1b");
    t.wait_for("help closed", |s| !s.contents().contains("Help — every key"));
    // Ctrl-j moves down now.
    assert_eq!(t.screen(selected_chart_row), Some(0));
    t.send("\x0a");
    t.wait_for("the second row selected", |s| selected_chart_row(s) == Some(1));
    t.send("x");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn a_bad_configuration_stops_before_the_terminal_is_touched() {
    let dir = TempDir::new("e2e");
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(\n  theme: \"solarised\",\n)\n").unwrap();
    let mut t = Tui::spawn_env(100, 30, &["--config", config.to_str().unwrap()], &[]);
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 1);
    let raw = t.output().raw.clone();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("config.ron:2:3: error: no theme `solarised`"), "{text}");
    assert!(find(&raw, ENTER_ALT_SCREEN).is_none(), "the alternate screen was entered");
}

#[test]
fn capital_e_opens_the_editor_at_the_entry_and_the_change_shows_on_return() {
    let dir = TempDir::new("e2e");
    let story = dir.path().join("story.ron");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/slack-salesforce.ron"), &story).unwrap();
    let args_file = dir.path().join("args.txt");
    let editor = dir.path().join("fake-editor");
    // An editor that notes how it was called, then changes a title.
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nsed -i 's/title: \"CEO (PDG)\"/title: \"Chief Executive\"/' \"$2\"\n",
            args_file.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut t = Tui::spawn_env(
        120,
        40,
        &["--no-watch", "--no-cache", story.to_str().unwrap()],
        &[("EDITOR", editor.to_str().unwrap())],
    );
    t.wait_for("the chart", |s| chart(s).first().is_some_and(|r| r.contains("CEO (PDG)")));
    t.send("E");
    t.wait_for("the changed title", |s| s.contents().contains("Chief Executive"));
    t.wait_for("the message", |s| status_bar(s).contains("back from"));
    let args = std::fs::read_to_string(&args_file).unwrap();
    let text = std::fs::read_to_string(&story).unwrap();
    let line = text.lines().position(|l| l.contains("id: \"salesforce-ceo\"")).unwrap(); // 0-based: the line before
    assert_eq!(args, format!("+{line}\n{}\n", story.display()), "the entry's opening line, then the file");
    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

/// Which row of the org chart is drawn selected (coloured or reversed).
fn selected_chart_row(screen: &vt100::Screen) -> Option<usize> {
    let all = rows(screen);
    let top = all.iter().position(|r| r.contains("1 Org chart"))?;
    (0..chart(screen).len()).find(|&i| {
        screen.cell((top + 1 + i) as u16, 2).is_some_and(|c| c.inverse() || c.bgcolor() != vt100::Color::Default)
    })
}

#[test]
fn the_configuration_can_turn_the_mouse_on_and_no_mouse_off_again() {
    let dir = TempDir::new("e2e");
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(mouse: true)").unwrap();
    let c = config.to_str().unwrap();
    for (args, on) in [(vec!["--config", c], true), (vec!["--config", c, "--no-mouse"], false)] {
        let mut t = Tui::spawn_env(100, 30, &args, &[]);
        t.wait_for("the first screen", |s| as_of(s).is_some());
        t.send("q");
        t.wait_exit();
        let raw = t.output().raw.clone();
        assert_eq!(find(&raw, b"\x1b[?1000h").is_some(), on, "{args:?}");
    }
}
