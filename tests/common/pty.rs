//! A program in a pseudo-terminal, its output read on a thread of its own
//! into a terminal emulator: what the end-to-end tests (`e2e_pty`,
//! `e2e_signals`) share.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The keyboard side of the pty, shared with the reader thread, which
/// answers the terminal's queries on it.
pub type Keyboard = Arc<Mutex<Box<dyn Write + Send>>>;

/// The lock of `m`, even if a panicking test poisoned it.
pub fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a terminal does besides drawing: it answers the cursor position
/// query (`ESC [ 6 n`), which ratatui sends when it clears the screen.
pub struct Answers {
    keyboard: Keyboard,
}

impl vt100::Callbacks for Answers {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        if c == 'n' && i1.is_none() && params == [&[6][..]] {
            let (row, col) = screen.cursor_position();
            let mut keyboard = lock(&self.keyboard);
            let _ = write!(keyboard, "\x1b[{};{}R", row + 1, col + 1);
            let _ = keyboard.flush();
        }
    }
}

/// What the reader thread has seen of the program's output.
pub struct Output {
    /// The terminal as the program drew it.
    pub parser: vt100::Parser<Answers>,
    /// Every byte the program wrote.
    pub raw: Vec<u8>,
    /// Asks the reader to stop after its next read.
    pub stop_reading: bool,
    /// The reader has stopped: the pty reported the end of the output (the
    /// program and everything holding its terminal are gone), or it was
    /// asked to stop.
    pub eof: bool,
}

/// A program running in a pseudo-terminal.
pub struct Pty {
    /// The terminal's side of the pty (the master).
    pub master: Box<dyn MasterPty + Send>,
    pub keyboard: Keyboard,
    pub output: Arc<Mutex<Output>>,
    pub child: Box<dyn Child + Send + Sync>,
}

/// `program`, to run in the clean environment every test needs: an
/// xterm with UTF-8, no colour preference, no size, editor, panic or
/// backtrace settings inherited, no user configuration (an empty config
/// directory), and the snapshot cache under `target/`, never the user's.
/// Set what a test needs on top of it.
pub fn command(program: &str) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    for var in [
        "LC_ALL",
        "LC_CTYPE",
        "COLUMNS",
        "LINES",
        "NO_COLOR",
        "ORGLINE_CONFIG",
        "ORGLINE_TEST_PANIC",
        "RUST_BACKTRACE",
        "RUST_LIB_BACKTRACE",
        "VISUAL",
        "EDITOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_CONFIG_HOME", std::env::temp_dir().join("orgline-e2e-no-config").as_os_str());
    cmd.env("ORGLINE_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-cache"));
    cmd
}

/// A terminal size as the pty and the emulator take it.
pub fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

/// Runs `cmd` in a `cols` × `rows` pseudo-terminal, its output read into
/// an emulator of that size as it comes.
pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Pty {
    let nonzero = |n: u16| NonZeroU16::new(n).expect("a terminal is at least 1×1");
    let pair = native_pty_system().openpty(size(cols, rows)).expect("open a pty");
    let child = pair.slave.spawn_command(cmd).expect("spawn a program in the pty");
    // Only the child holds the program's side (the slave) now: when it and
    // everything it started exit, reading the master reaches the end.
    drop(pair.slave);

    let keyboard: Keyboard = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
    let answers = Answers { keyboard: Arc::clone(&keyboard) };
    let output = Arc::new(Mutex::new(Output {
        parser: vt100::Parser::new_with_callbacks(nonzero(rows), nonzero(cols), 0, answers),
        raw: Vec::new(),
        stop_reading: false,
        eof: false,
    }));
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let shared = Arc::clone(&output);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let mut out = lock(&shared);
                    out.parser.process(&buf[..n]);
                    out.raw.extend_from_slice(&buf[..n]);
                    if out.stop_reading {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // EIO: the program's side (the slave) is closed.
                Err(_) => break,
            }
        }
        lock(&shared).eof = true;
    });
    Pty { master: pair.master, keyboard, output, child }
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
