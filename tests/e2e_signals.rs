//! Every way out of the explorer, and a Ctrl-z / `fg` round trip, gives the
//! terminal back as it was: the terminal modes (`stty -g`) equal those before
//! the start, the alternate screen is left, the cursor shown and mouse
//! reporting off; after a resume the whole screen is drawn again.
//!
//! The explorer runs under `sh -c` in a pseudo-terminal, between two
//! `stty -g`, so the modes are read by the same terminal's own tools before
//! and after. Every wait polls and returns as soon as its condition holds.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, MasterPty};

mod common;
use common::pty::{self, Keyboard, Output, lock};

/// How long anything may take on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

const BIN: &str = env!("CARGO_BIN_EXE_orgline");
const COLS: u16 = 80;
const ROWS: u16 = 24;

const CTRL_C: &str = "\x03";
const CTRL_Z: &str = "\x1a";
const PANES: [&str; 3] = ["1 Org chart", "2 Timeline", "3 Quotes"];
/// What the shell prints once the explorer has ended.
const EXITED: &str = "orgline exited:";

/// How the shell runs the explorer.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Plain,
    /// With `ORGLINE_TEST_PANIC=1` set for the explorer only.
    Panic,
    /// With `ORGLINE_TEST_PANIC=worker`: the thread that builds the tenure
    /// chart panics once the explorer is up.
    WorkerPanic,
    /// On a copy of the story in the test's folder, with
    /// `ORGLINE_TEST_PANIC=reload`: the thread that reads the file again
    /// after a change panics.
    ReloadPanic,
    /// Under a job-control shell (`set -m`), as from an interactive shell:
    /// when the explorer stops, the shell records the modes (file `MID`),
    /// reads a line, then runs `fg`.
    JobControl,
}

/// `sh -c '… orgline …'` in a pseudo-terminal. Dropping it kills the shell
/// and the explorer and removes the temporary folder.
struct Shell {
    dir: PathBuf,
    _master: Box<dyn MasterPty + Send>,
    keyboard: Keyboard,
    output: Arc<Mutex<Output>>,
    child: Box<dyn Child + Send + Sync>,
    orgline: Option<u32>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

impl Shell {
    fn start(name: &str, mode: Mode) -> Shell {
        let dir = std::env::temp_dir().join(format!("orgline-e2e-signals-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        let file = |f: &str| quote(&dir.join(f).to_string_lossy());
        let orgline = match mode {
            Mode::Panic => format!("ORGLINE_TEST_PANIC=1 {}", quote(BIN)),
            Mode::WorkerPanic => format!("ORGLINE_TEST_PANIC=worker {}", quote(BIN)),
            Mode::ReloadPanic => {
                let story = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/slack-salesforce.ron"));
                std::fs::write(dir.join("story.ron"), story.expect("the bundled story")).expect("copy the story");
                format!("ORGLINE_TEST_PANIC=reload {} {}", quote(BIN), file("story.ron"))
            }
            _ => quote(BIN),
        };
        let mut script = format!("stty -g > {}; echo 'starting orgline'; {orgline}; s=$?; ", file("BEFORE"));
        if mode == Mode::JobControl {
            script = format!("set -m; {script}stty -g > {}; echo 'orgline stopped'; read _; fg; s=$?; ", file("MID"));
        }
        script += &format!("stty -g > {}; echo \"{EXITED} $s\"", file("AFTER"));

        let mut cmd = pty::command("sh");
        cmd.args(["-c", &script]);
        let pty = pty::spawn(cmd, COLS, ROWS);
        Shell { dir, _master: pty.master, keyboard: pty.keyboard, output: pty.output, child: pty.child, orgline: None }
    }

    /// Starts the explorer and waits for its first full screen.
    fn start_explorer(name: &str, mode: Mode) -> Shell {
        let mut sh = Shell::start(name, mode);
        sh.wait_for("the first full screen", full_screen);
        sh.find_orgline();
        sh
    }

    fn screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(lock(&self.output).parser.screen())
    }

    fn dump(&self) -> String {
        let out = lock(&self.output);
        let tail = &out.raw[out.raw.len().saturating_sub(400)..];
        format!(
            "screen (alternate: {}):\n{}\noutput tail: {}",
            out.parser.screen().alternate_screen(),
            out.parser.screen().contents(),
            String::from_utf8_lossy(tail).escape_debug()
        )
    }

    fn send(&self, keys: &str) {
        let mut keyboard = lock(&self.keyboard);
        keyboard.write_all(keys.as_bytes()).expect("write to the pty");
        keyboard.flush().expect("flush the pty");
    }

    #[track_caller]
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        self.wait_until(what, || self.screen(&pred));
    }

    #[track_caller]
    fn wait_until(&self, what: &str, mut cond: impl FnMut() -> bool) {
        let start = Instant::now();
        while !cond() {
            assert!(start.elapsed() < TIMEOUT, "timed out after {TIMEOUT:?} waiting for {what}; {}", self.dump());
            thread::sleep(POLL);
        }
    }

    /// Finds the explorer: the shell's child named `orgline`.
    #[track_caller]
    fn find_orgline(&mut self) -> u32 {
        let shell = self.child.process_id().expect("the shell's pid");
        let mut found = None;
        self.wait_until("orgline's pid", || {
            found = children_named(shell, "orgline").into_iter().next();
            found.is_some()
        });
        self.orgline = found;
        found.expect("found")
    }

    #[track_caller]
    fn kill(&self, signal: &str) {
        let pid = self.orgline.expect("orgline's pid").to_string();
        let status = Command::new("kill").args([signal, &pid]).status().expect("run kill");
        assert!(status.success(), "kill {signal} {pid} failed");
    }

    /// Waits for the shell to finish and for all the output to be read;
    /// returns what the shell said the explorer's exit status was.
    #[track_caller]
    fn wait_shell_done(&mut self) -> String {
        let start = Instant::now();
        while self.child.try_wait().expect("poll the shell").is_none() || !lock(&self.output).eof {
            assert!(start.elapsed() < TIMEOUT, "the shell did not finish within {TIMEOUT:?}; {}", self.dump());
            thread::sleep(POLL);
        }
        let text = self.screen(|s| s.contents());
        let at = text.find(EXITED).unwrap_or_else(|| panic!("the shell never reported the exit; {}", self.dump()));
        text[at + EXITED.len()..].split_whitespace().next().unwrap_or_default().to_string()
    }

    fn stty(&self, file: &str) -> String {
        let text = std::fs::read_to_string(self.dir.join(file)).unwrap_or_default();
        text.trim().to_string()
    }

    /// The terminal as the shell had it before: the same modes (`stty -g`
    /// in `file` and before the start), the normal screen, a visible cursor,
    /// no mouse reporting.
    #[track_caller]
    fn assert_given_back(&self, file: &str) {
        let (before, now) = (self.stty("BEFORE"), self.stty(file));
        assert!(!before.is_empty() && !now.is_empty(), "stty -g missing: BEFORE {before:?}, {file} {now:?}");
        assert_eq!(before, now, "terminal modes differ: BEFORE (left) and {file} (right)");
        self.screen(|s| {
            assert!(!s.alternate_screen(), "still on the alternate screen; {}", self.dump());
            assert!(!s.hide_cursor(), "the cursor is still hidden; {}", self.dump());
            assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting on; {}", self.dump());
        });
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        if let Some(pid) = self.orgline
            && comm(pid).as_deref() == Some("orgline")
        {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `/proc/PID/stat`: the command name and the fields after it.
fn stat(pid: u32) -> Option<(String, Vec<String>)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    Some((text[open + 1..close].to_string(), text[close + 1..].split_whitespace().map(String::from).collect()))
}

fn comm(pid: u32) -> Option<String> {
    stat(pid).map(|(comm, _)| comm)
}

/// The process's state letter (`T` when stopped).
fn state(pid: u32) -> Option<String> {
    stat(pid).and_then(|(_, rest)| rest.first().cloned())
}

fn children_named(parent: u32, name: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| stat(pid).is_some_and(|(comm, rest)| comm == name && rest.get(1) == Some(&parent.to_string())))
        .collect()
}

/// The explorer's whole screen: on the alternate screen, the header and the
/// three panes' titles.
fn full_screen(s: &vt100::Screen) -> bool {
    let text = s.contents();
    s.alternate_screen() && text.contains("AS OF ") && PANES.iter().all(|p| text.contains(p))
}

#[track_caller]
fn check_exit(name: &str, mode: Mode, end: impl FnOnce(&mut Shell)) {
    let mut sh = Shell::start_explorer(name, mode);
    end(&mut sh);
    let status = sh.wait_shell_done();
    sh.assert_given_back("AFTER");
    let normal = sh.screen(|s| s.contents());
    assert!(!normal.contains("AS OF") && !normal.contains("panicked"), "exit {status}; on the screen:\n{normal}");
}

#[test]
fn q_gives_the_terminal_back() {
    check_exit("q", Mode::Plain, |sh| sh.send("q"));
}

#[test]
fn ctrl_c_gives_the_terminal_back() {
    check_exit("ctrl-c", Mode::Plain, |sh| sh.send(CTRL_C));
}

#[test]
fn sigterm_gives_the_terminal_back() {
    check_exit("sigterm", Mode::Plain, |sh| sh.kill("-TERM"));
}

#[test]
fn sighup_gives_the_terminal_back() {
    check_exit("sighup", Mode::Plain, |sh| sh.kill("-HUP"));
}

#[test]
fn a_panic_gives_the_terminal_back_and_its_message_stays_readable() {
    let mut sh = Shell::start("panic", Mode::Panic);
    let status = sh.wait_shell_done();
    assert_ne!(status, "0", "the panic did not fail the process; {}", sh.dump());
    sh.assert_given_back("AFTER");
    let raw = String::from_utf8_lossy(&lock(&sh.output).raw).into_owned();
    let entered = raw.find("\x1b[?1049h").unwrap_or_else(|| panic!("never on the alternate screen; {}", sh.dump()));
    let panicked = raw.find("deliberate panic").unwrap_or_else(|| panic!("no panic message; {}", sh.dump()));
    assert!(raw[entered..panicked].contains("AS OF"), "no frame drawn before the panic; {}", sh.dump());
    assert!(raw[entered..panicked].contains("\x1b[?1049l"), "panic message printed on the alternate screen");
    // The message is on the user's screen, whole, and what the shell says
    // next comes below it.
    let row_of = |text| row_of(&sh, text);
    let (header, message, next) = (row_of("panicked at"), row_of("deliberate panic"), row_of(EXITED));
    assert!(
        header.is_some() && message.is_some() && next.is_some() && message > header && next > message,
        "the panic message is not whole above the shell's next line; {}",
        sh.dump()
    );
}

/// The first row of the screen that holds `text`.
fn row_of(sh: &Shell, text: &str) -> Option<usize> {
    sh.screen(|s| s.rows(0, COLS).position(|r| r.contains(text)))
}

/// The output after the explorer last left the alternate screen.
fn after_leaving(sh: &Shell) -> String {
    let raw = String::from_utf8_lossy(&lock(&sh.output).raw).into_owned();
    let left = raw.rfind("\x1b[?1049l").unwrap_or_else(|| panic!("never left the alternate screen; {}", sh.dump()));
    raw[left..].to_string()
}

/// A panic on another thread than the one that draws: that thread does not
/// give the terminal back under the drawing thread's feet; the drawing
/// thread ends the explorer, and the message comes after, readable, with
/// what stopped.
#[test]
fn a_panic_on_a_worker_thread_gives_the_terminal_back_and_says_so() {
    let mut sh = Shell::start("worker-panic", Mode::WorkerPanic);
    let status = sh.wait_shell_done();
    assert_eq!(status, "2", "{}", sh.dump());
    sh.assert_given_back("AFTER");
    let after = after_leaving(&sh);
    assert!(!after.contains("AS OF"), "a frame was drawn after the terminal was given back; {}", sh.dump());
    let row_of = |text| row_of(&sh, text);
    let (message, stopped, next) =
        (row_of("deliberate panic on a worker"), row_of("tenure chart thread stopped"), row_of(EXITED));
    assert!(
        message.is_some() && stopped > message && next > stopped,
        "the message and what stopped are not above the shell's next line; {}",
        sh.dump()
    );
}

/// A panic while reading a changed file: the explorer keeps the data it
/// has, says so, and goes on; the message comes once it ends.
#[test]
fn a_panic_while_reloading_keeps_the_data_and_the_message_comes_at_the_end() {
    let mut sh = Shell::start_explorer("reload-panic", Mode::ReloadPanic);
    let story = sh.dir.join("story.ron");
    let mut text = std::fs::read_to_string(&story).expect("read the copy");
    text.push('\n');
    std::fs::write(&story, text).expect("change the copy");
    sh.wait_for("the banner", |s| {
        full_screen(s) && s.contents().contains("again failed on") && s.contents().contains("this is a bug")
    });
    assert!(!sh.screen(|s| s.contents()).contains("deliberate panic"), "the message came early; {}", sh.dump());
    // Still the explorer: a key still moves through the panes.
    sh.send("2");
    sh.wait_for("the timeline focused", |s| s.contents().contains("Timeline") && full_screen(s));
    sh.send("q");
    let status = sh.wait_shell_done();
    assert_eq!(status, "0", "{}", sh.dump());
    sh.assert_given_back("AFTER");
    assert!(after_leaving(&sh).contains("deliberate panic while reloading"), "{}", sh.dump());
}

/// Ctrl-z under a job-control shell, as from an interactive one: the
/// explorer stops with the terminal given back, and `fg` (the shell's
/// SIGCONT) brings back the whole screen.
#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_redraws_everything() {
    let mut sh = Shell::start_explorer("ctrl-z", Mode::JobControl);
    let pid = sh.orgline.expect("orgline's pid");
    let drawn = sh.screen(|s| s.contents());
    sh.send(CTRL_Z);
    sh.wait_until("orgline stopped and the shell back", || {
        state(pid).as_deref() == Some("T")
            && !sh.stty("MID").is_empty()
            && sh.screen(|s| s.contents()).contains("orgline stopped")
    });
    sh.assert_given_back("MID");

    // Resume: the shell puts the explorer in the foreground and sends SIGCONT.
    sh.send("\r");
    sh.wait_for("the same full screen again", |s| full_screen(s) && s.contents() == drawn);
    assert_ne!(state(pid).as_deref(), Some("T"), "still stopped");
    sh.send("q");
    let status = sh.wait_shell_done();
    assert_eq!(status, "0", "{}", sh.dump());
    sh.assert_given_back("AFTER");
}

/// Ctrl-z with no job control (`sh -c` puts the explorer in an orphaned
/// process group, where the kernel discards SIGTSTP): the explorer must not
/// hang or be left half-drawn; a SIGCONT changes nothing.
#[test]
fn ctrl_z_without_job_control_comes_straight_back() {
    let mut sh = Shell::start_explorer("ctrl-z-orphan", Mode::Plain);
    let pid = sh.orgline.expect("orgline's pid");
    let drawn = sh.screen(|s| s.contents());
    let entered = |sh: &Shell| lock(&sh.output).raw.windows(8).filter(|w| w == b"\x1b[?1049h").count();
    sh.send(CTRL_Z);
    sh.wait_until("the alternate screen entered again", || entered(&sh) == 2);
    sh.kill("-CONT");
    sh.wait_for("the same full screen again", |s| full_screen(s) && s.contents() == drawn);
    assert_ne!(state(pid).as_deref(), Some("T"), "stopped in an orphaned process group");
    sh.send("q");
    sh.wait_shell_done();
    sh.assert_given_back("AFTER");
}
