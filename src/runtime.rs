//! The terminal session: set up, event loop, and giving the terminal back
//! clean on quit, Ctrl-C, a panic, SIGTERM, SIGHUP and around Ctrl-z.

use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton,
    MouseEvent, MouseEventKind,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use crate::app::card::Target;
use crate::app::loading::{Loading, Progress};
use crate::app::{Action, Banner, Code, Key, Outcome, State, update};
use crate::model::text::escape_controls;
use crate::model::{Date, load_bytes};
use crate::query::Index;
use crate::ui;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in the explorer's mode: restoring twice would
/// send the leave-alternate-screen sequence again after a panic message,
/// and terminals answer it by moving the cursor back over that message.
static ENTERED: AtomicBool = AtomicBool::new(false);

/// The thread that draws: the one that put the terminal into the
/// explorer's mode.
static UI_THREAD: Mutex<Option<ThreadId>> = Mutex::new(None);

/// Messages of panics on other threads while the explorer had the
/// terminal, printed once it is given back (see [`install_panic_hook`]).
static DEFERRED_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Puts the terminal into the explorer's mode: raw, alternate screen.
fn enter() -> io::Result<()> {
    *UI_THREAD.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::thread::current().id());
    ENTERED.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Whether `--mouse` asked for mouse reporting (off by default, so the
/// terminal's own text selection keeps working).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back as it was, then prints what panicked on other
/// threads meanwhile. Only the first call after `enter` does anything, so
/// the panic hook, the session guard and the watchdog can all call it.
pub fn restore() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    let _ = io::stdout().flush();
    for message in std::mem::take(&mut *DEFERRED_PANICS.lock().unwrap_or_else(|e| e.into_inner())) {
        let _ = writeln!(io::stderr(), "{message}");
    }
}

/// Restores the terminal when dropped, whatever the way out.
struct Session;

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal before the panic message is printed, so the
/// message is readable and the shell usable.
///
/// Only for a panic of the thread that draws. Another thread (a search,
/// a reload, the tenure chart) must not give the terminal back while the
/// drawing thread may be writing a frame into it: its message is kept and
/// printed once the terminal is given back ([`restore`]), and the drawing
/// thread, which finds the thread's answer will never come, ends the
/// explorer or goes on without it.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let drawing = *UI_THREAD.lock().unwrap_or_else(|e| e.into_inner()) == Some(std::thread::current().id());
        if drawing || !ENTERED.load(Ordering::SeqCst) {
            restore();
            previous(info);
            return;
        }
        let thread = std::thread::current();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "Box<dyn Any>".into());
        let at = info.location().map_or_else(String::new, |l| format!(" at {l}"));
        let backtrace = std::backtrace::Backtrace::capture();
        let backtrace = match backtrace.status() {
            std::backtrace::BacktraceStatus::Captured => format!("\n{backtrace}"),
            _ => String::new(),
        };
        let message = format!("thread '{}' panicked{at}:\n{payload}{backtrace}", thread.name().unwrap_or("<unnamed>"));
        DEFERRED_PANICS.lock().unwrap_or_else(|e| e.into_inner()).push(message);
    }));
}

/// The key the explorer sees for a terminal key event.
pub fn key_of(event: &KeyEvent) -> Option<Key> {
    let code = match event.code {
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let alt = event.modifiers.contains(KeyModifiers::ALT);
    // Some terminals send Ctrl-letters as uppercase; the keymap uses lowercase.
    let code = match code {
        Code::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Some(Key { code, ctrl, alt })
}

/// Watches a dataset file for changes: its folder is watched, so editors
/// that save by writing a new file and renaming it over the old are seen.
struct FileWatch {
    changed: Receiver<()>,
    // Dropping the watcher stops it; it lives as long as the loop.
    _watcher: notify::RecommendedWatcher,
}

impl FileWatch {
    fn new(path: &Path) -> notify::Result<FileWatch> {
        use notify::Watcher;
        let (tx, changed) = channel();
        let name = path.file_name().map(|n| n.to_os_string());
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            use notify::EventKind;
            use notify::event::ModifyKind;
            // Only what can change the content: reading the file (the
            // loader, an editor opening it) is no reason to reload it.
            if let Ok(event) = res
                && matches!(
                    event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(_)
                        | EventKind::Any
                        | EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write))
                )
                && !matches!(event.kind, EventKind::Modify(ModifyKind::Metadata(_)))
                && event.paths.iter().any(|p| p.file_name().map(|n| n.to_os_string()) == name)
            {
                let _ = tx.send(());
            }
        })?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        watcher.watch(&dir, notify::RecursiveMode::NonRecursive)?;
        Ok(FileWatch { changed, _watcher: watcher })
    }
}

/// Events of one save come in bursts; wait this long after the last one.
const SETTLE: Duration = Duration::from_millis(150);

/// Reads the watched file again: a valid version comes back as the new
/// index, the state carried over to it (the user's place kept); an invalid
/// or missing one keeps the data and says why in a banner.
///
/// It always parses and checks, never using the snapshot cache: the file has
/// just changed, so a snapshot would rarely match, and writing one on every
/// save would delay the reload and fill the cache with versions never
/// opened again. The next `orgline FILE` writes the snapshot.
pub fn reload(path: &Path, index: &Index, state: &mut State) -> Option<Index> {
    apply_reload(load_changed(path), index, state)
}

/// What reading a changed dataset file gave: its index, or what to say.
pub enum Reloaded {
    /// The new data, with the explorer's state on it when that was made
    /// beforehand (see [`Reloaded::prepare`]).
    Index(Box<Index>, Option<Box<State>>),
    /// Why the data stays as it was.
    Kept(Banner),
}

impl Reloaded {
    /// Makes the explorer's state on the new data, at `as_of` on a `width`
    /// × `height` terminal (where the explorer was when the reload began),
    /// for [`apply_reload`] to carry the user's places over onto: off the
    /// UI thread, the part of a reload that costs O(dataset) there.
    pub fn prepare(self, as_of: Date, width: u16, height: u16) -> Reloaded {
        match self {
            Reloaded::Index(index, None) => {
                let state = State::new(&index, as_of, width, height);
                Reloaded::Index(index, Some(Box::new(state)))
            }
            other => other,
        }
    }
}

/// Reads, checks and indexes the changed file at `path`: the slow part of
/// [`reload`], done off the UI thread by the explorer.
pub fn load_changed(path: &Path) -> Reloaded {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Reloaded::Kept(Banner::deleted(&name)),
        Err(e) => Reloaded::Kept(Banner {
            error: true,
            lines: vec![format!("cannot read {name}: {e} — showing the last data loaded")],
        }),
        Ok(bytes) => match load_bytes(&bytes) {
            Ok(loaded) => {
                // The text can be as large as the dataset: free it before the index is built.
                drop(bytes);
                Reloaded::Index(Box::new(Index::new(loaded.dataset)), None)
            }
            Err(diags) => Reloaded::Kept(Banner::invalid(&name, &String::from_utf8_lossy(&bytes), &diags)),
        },
    }
}

/// [`load_changed`] on a thread of its own, with the state on the new
/// data [prepared](Reloaded::prepare) as `state` is now, its answer to
/// come; the status bar says "reloading…" until it does.
fn start_reload(path: PathBuf, state: &mut State) -> Receiver<Reloaded> {
    state.reloading = true;
    let panic = test_panic(TestPanic::Reload);
    let (as_of, width, height) = (state.as_of.clone(), state.screen.area.width, state.screen.area.height);
    answer_on_thread(move || {
        if panic {
            panic!("ORGLINE_TEST_PANIC: a deliberate panic while reloading");
        }
        load_changed(&path).prepare(as_of, width, height)
    })
}

/// Drops `value` on a thread of its own: the data a reload replaces takes
/// 50–100 ms to free at a million people, a pause the UI thread need not
/// make. (Dropped at once if no thread can be started.)
fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("orgline-drop".into()).spawn(move || drop(value));
}

/// A thread whose answer the explorer needs ended without one: it
/// panicked (its message is printed once the terminal is given back).
#[derive(Debug)]
pub struct WorkerStopped(pub &'static str);

impl std::fmt::Display for WorkerStopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} thread stopped on an internal error (a bug: its message is above)", self.0)
    }
}

impl std::error::Error for WorkerStopped {}

/// The error that ends the explorer when the `what` thread stopped.
fn stopped(what: &'static str) -> io::Error {
    io::Error::other(WorkerStopped(what))
}

/// Runs `work` on a thread of its own; its answer comes on the receiver
/// (which is disconnected if `work` panics).
fn answer_on_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Receiver<T> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx
}

/// Shows what [`load_changed`] gave: the new index, the view carried over
/// onto it (returned), or the banner over the data kept.
pub fn apply_reload(reloaded: Reloaded, index: &Index, state: &mut State) -> Option<Index> {
    match reloaded {
        Reloaded::Index(new, fresh) => {
            let carried = match fresh {
                Some(fresh) => state.carry_over_onto(index, &new, *fresh),
                None => state.carry_over(index, &new),
            };
            drop_elsewhere(std::mem::replace(state, carried));
            Some(*new)
        }
        Reloaded::Kept(banner) => {
            state.banner = Some(banner);
            None
        }
    }
}

/// What a load gives: the index, shared with the threads that need it, the
/// date to open at, and a check left for after the first frame.
pub type Opened = (Arc<Index>, Date, Option<Verify>);

/// Whether the data opened is still the file's, checked off the UI thread
/// once the explorer is up (see [`crate::model::snapshot::hint`]): if not,
/// the file is reloaded.
pub type Verify = Box<dyn FnOnce() -> bool + Send>;

/// What the explorer opens: a dataset loaded on a background thread while
/// the loading screen shows its progress.
pub struct Opening<E> {
    /// The file's display name.
    pub name: String,
    /// The loader's progress, shared with the screen.
    pub progress: Arc<Progress>,
    /// The load itself: the index and the date to open at, or why not.
    pub load: Box<dyn FnOnce() -> Result<Opened, E> + Send>,
}

/// How the explorer runs, beside what it opens.
pub struct Options<'a> {
    /// The dataset file (`None`: the bundled story), for watching and editing.
    pub file: Option<&'a Path>,
    /// Reload the file when it changes.
    pub watch: bool,
    /// Clicks and the wheel.
    pub mouse: bool,
    /// The styles to draw with.
    pub theme: crate::ui::Theme,
    /// The keys.
    pub keymap: Arc<crate::app::keymap::Keymap>,
}

/// Runs the explorer: the loading screen at once (its first frame before
/// the file is even read), the dataset loaded on a background thread, then
/// the explorer on it until the user quits or a signal ends it; with
/// `watch`, reloads that file when it changes. The terminal is restored on
/// every way out. A load that fails comes back as `Ok(Err(e))`, after the
/// terminal is restored, for the caller to report; a load cancelled with
/// `q`, Esc or Ctrl-C is `Ok(Ok(()))`.
pub fn run<E: Send + 'static>(opening: Opening<E>, options: Options<'_>) -> io::Result<Result<(), E>> {
    MOUSE.store(options.mouse, Ordering::SeqCst);
    // The theme decides about colour (a monochrome one for NO_COLOR), so
    // crossterm must not second-guess it: its own NO_COLOR handling writes
    // a bare `ESC[m` for each colour, which would also erase reverse video.
    ratatui::crossterm::style::Colored::set_ansi_color_disabled(false);
    let theme = options.theme;
    let watch = if options.watch { options.file } else { None };
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    install_panic_hook();
    spawn_watchdog(Arc::clone(&stop));
    let watch = watch.map(FileWatch::new).transpose().map_err(io::Error::other)?;
    enter()?;
    let _session = Session;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;

    let rx = answer_on_thread(opening.load);
    let mut loading = Loading::new(opening.name, opening.progress).with_keymap(&options.keymap);
    // Keys typed while the dataset loads, done once it is open, in order, as
    // a terminal would have kept them (at most `TYPE_AHEAD`).
    let mut typed_ahead: std::collections::VecDeque<Key> = std::collections::VecDeque::new();
    let (index, as_of, verify) = loop {
        loading.tick();
        terminal.draw(|f| ui::draw_loading(f, &loading, &theme))?;
        if stop.load(Ordering::Relaxed) {
            return Ok(Ok(()));
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(loaded)) => break loaded,
            Ok(Err(e)) => {
                restore();
                return Ok(Err(e));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                restore();
                return Err(stopped("loading"));
            }
        }
        // Keys while loading: leaving at once, the others kept for later.
        while event::poll(Duration::ZERO)? {
            if let Event::Key(k) = event::read()?
                && k.kind != KeyEventKind::Release
                && let Some(key) = key_of(&k)
            {
                if Loading::cancels(&options.keymap, key) {
                    return Ok(Ok(()));
                }
                if typed_ahead.len() < TYPE_AHEAD {
                    typed_ahead.push_back(key);
                }
            }
        }
    };
    let size = terminal.size()?;
    // The first interactive frame comes before the work it does not need:
    // the tenure chart (a screen of its own) and the search index are
    // built on their own threads once it is drawn.
    let mut state = State::new_but_tenures(&index, as_of, size.width, size.height);
    state.search_thread = true;
    state.chart_thread = true;
    state.keymap = options.keymap;
    terminal.draw(|f| ui::draw(f, &state, &index, &theme))?;
    let mut index = index;
    let mut tenures = Some(tenure_thread(Arc::clone(&index)));
    let mut searcher = SearchThread::start(Arc::clone(&index));
    let mut charts = ChartThread::start(Arc::clone(&index));
    // The file's hash, when its hint let the snapshot open before it.
    let mut verifying = verify.map(answer_on_thread);

    let panic_after_draw = test_panic(TestPanic::AfterDraw);
    let mut pending: Option<Instant> = None;
    // A changed file being read, checked and indexed on its own thread: at
    // a million people that takes seconds, and the explorer stays usable.
    let mut reloading: Option<Receiver<Reloaded>> = None;
    // What the return from the user's editor said, when it changed the file.
    let mut edited: Option<String> = None;
    // The first frame is drawn already, above.
    let mut drawn = true;
    loop {
        if !std::mem::take(&mut drawn) {
            terminal.draw(|f| ui::draw(f, &state, &index, &theme))?;
        }
        if panic_after_draw {
            panic!("ORGLINE_TEST_PANIC: a deliberate panic to test terminal restoration");
        }
        let mut action = None;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(Ok(()));
            }
            if let Some(w) = &watch {
                while w.changed.try_recv().is_ok() {
                    pending = Some(Instant::now());
                }
            }
            // One reload at a time: a change during one is read after it.
            if reloading.is_none()
                && pending.is_some_and(|t| t.elapsed() >= SETTLE)
                && let Some(path) = options.file
            {
                pending = None;
                reloading = Some(start_reload(path.to_path_buf(), &mut state));
                break;
            }
            if let Some(rx) = &reloading {
                match rx.try_recv() {
                    Ok(reloaded) => {
                        reloading = None;
                        state.reloading = false;
                        if let Some(new) = apply_reload(reloaded, &index, &mut state) {
                            tenures = None;
                            drop_elsewhere(std::mem::replace(&mut index, Arc::new(new)));
                            searcher = SearchThread::start(Arc::clone(&index));
                            charts = ChartThread::start(Arc::clone(&index));
                            // The chart at a date moved to during the reload,
                            // and the query in an open search box, asked again.
                            if let Some(request) = state.chart_request.take() {
                                charts.ask(request);
                            }
                            if let Some(query) = state.search_request.take() {
                                searcher.ask(query);
                            }
                            if let Some(said) = edited.take() {
                                state.message = Some(format!("{said} · reloaded"));
                            }
                        }
                        break;
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    // Its thread panicked: the data stays, and the banner
                    // says so (the message comes once the terminal is given
                    // back).
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        reloading = None;
                        state.reloading = false;
                        if let Some(path) = options.file {
                            state.banner = Some(Banner::failed(&path.display().to_string()));
                        }
                        break;
                    }
                }
            }
            // The data opened turned out not to be the file's: read the
            // file, as after a change (unless a reload already is).
            if let Some(rx) = &verifying {
                match rx.try_recv() {
                    Ok(true) | Err(TryRecvError::Disconnected) => verifying = None,
                    Ok(false) => {
                        verifying = None;
                        if let Some(path) = options.file
                            && reloading.is_none()
                        {
                            reloading = Some(start_reload(path.to_path_buf(), &mut state));
                            break;
                        }
                    }
                    Err(TryRecvError::Empty) => {}
                }
            }
            if let Some(rx) = &tenures {
                match rx.try_recv() {
                    Ok(chart) => {
                        state.install_tenures(&index, chart);
                        tenures = None;
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => return Err(stopped("tenure chart")),
                }
            }
            // Search results: shown as soon as they are back.
            match searcher.results.try_recv() {
                Ok(results) => {
                    state.receive_search(results);
                    break;
                }
                Err(TryRecvError::Empty) => {}
                // Only a panic ends it while it is in use (its message is
                // printed once the terminal is given back): stop, and say so.
                Err(TryRecvError::Disconnected) => return Err(stopped("search")),
            }
            // A chart rebuilt for a new date: shown as soon as it is back.
            match charts.charts.try_recv() {
                Ok(rebuilt) => {
                    state.receive_chart(&index, rebuilt);
                    break;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => return Err(stopped("org chart")),
            }
            // What was typed during the load comes before anything newer.
            if let Some(key) = typed_ahead.pop_front() {
                action = state.action_for(key);
                if action.is_some() {
                    break;
                }
                continue;
            }
            // Poll with a timeout so signals and file changes are noticed with no input.
            let searching = matches!(&state.overlay, Some(crate::app::Overlay::Search(b)) if b.waiting);
            let timeout = if searching || state.tree.pending().is_some() {
                Duration::from_millis(5)
            } else if pending.is_some() || reloading.is_some() || verifying.is_some() {
                Duration::from_millis(50)
            } else {
                Duration::from_millis(200)
            };
            if !event::poll(timeout)? {
                continue;
            }
            action = match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => key_of(&k).and_then(|k| state.action_for(k)),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                Event::Mouse(m) => mouse_action(&m),
                _ => None,
            };
            if action.is_some() {
                break;
            }
        }
        let Some(action) = action else { continue };
        // No action sees the empty tenure chart: one in the first few tens
        // of milliseconds at a million roles waits for the real one.
        if let Some(rx) = tenures.take() {
            let chart = rx.recv().map_err(|_| stopped("tenure chart"))?;
            state.install_tenures(&index, chart);
        }
        let outcome = update(&mut state, &index, action);
        if let Some(query) = state.search_request.take() {
            searcher.ask(query);
        }
        if let Some(request) = state.chart_request.take() {
            charts.ask(request);
        }
        if let Some(target) = state.edit_request.take() {
            match options.file {
                None => state.message = Some("the bundled story is inside orgline: open a file to edit it".into()),
                Some(path) => {
                    let before = std::fs::metadata(path).and_then(|m| m.modified()).ok();
                    let said = edit(&mut terminal, path, index.dataset(), target)?;
                    let size = terminal.size()?;
                    update(&mut state, &index, Action::Resize(size.width, size.height));
                    state.message = Some(said.clone());
                    // Reload at once, watched or not, when the file changed:
                    // a change due now, read on the reload thread as after
                    // any change (at a million people a reload takes
                    // seconds), or after the reload running.
                    let after = std::fs::metadata(path).and_then(|m| m.modified()).ok();
                    if after != before {
                        // Said again with "reloaded" once the reload is in.
                        edited = Some(said.clone());
                        pending = Some(Instant::now().checked_sub(SETTLE).unwrap_or_else(Instant::now));
                    }
                }
            }
        }
        if let Some(text) = state.clipboard.take() {
            // The terminal puts it on the system clipboard (OSC 52).
            let backend = terminal.backend_mut();
            backend.write_all(crate::app::copy::osc52(&text).as_bytes())?;
            backend.flush()?;
        }
        match outcome {
            Outcome::Continue => {}
            Outcome::Quit => return Ok(Ok(())),
            Outcome::Suspend => {
                suspend(&mut terminal)?;
                let size = terminal.size()?;
                update(&mut state, &index, Action::Resize(size.width, size.height));
            }
        }
    }
}

/// At most this many keys typed during a load are kept.
const TYPE_AHEAD: usize = 256;

/// Where the end-to-end tests of the panic paths ask for a deliberate
/// panic, with the hidden variable `ORGLINE_TEST_PANIC`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TestPanic {
    /// Any value but the others: after the first frame, on the thread that
    /// draws (the terminal must be restored and the message printed after).
    AfterDraw,
    /// `worker`: in the thread that builds the tenure chart.
    Worker,
    /// `reload`: in the thread that reads a changed file.
    Reload,
}

/// Whether `ORGLINE_TEST_PANIC` asks for a panic `at` that place.
fn test_panic(at: TestPanic) -> bool {
    let Some(value) = std::env::var_os("ORGLINE_TEST_PANIC") else { return false };
    let asked = match value.to_str() {
        Some("worker") => TestPanic::Worker,
        Some("reload") => TestPanic::Reload,
        _ => TestPanic::AfterDraw,
    };
    asked == at
}

/// The tenure chart of `index`, built on a thread of its own.
fn tenure_thread(index: Arc<Index>) -> Receiver<crate::app::tenures::TenureChart> {
    let panic = test_panic(TestPanic::Worker);
    answer_on_thread(move || {
        if panic {
            panic!("ORGLINE_TEST_PANIC: a deliberate panic on a worker thread");
        }
        crate::app::tenures::TenureChart::new(&index)
    })
}

/// The search thread: builds the search index of one dataset as soon as
/// it starts, then answers queries, always the newest one: a query sent
/// while a search runs cancels that search, and queries typed while it was
/// busy are skipped; a query that only grew narrows the previous results.
/// Dropping it ends the thread once it is idle.
struct SearchThread {
    queries: std::sync::mpsc::Sender<String>,
    results: Receiver<crate::query::search::Results>,
    cancel: Arc<AtomicBool>,
}

impl SearchThread {
    fn start(index: Arc<Index>) -> SearchThread {
        use crate::query::search::{Results, SearchIndex};
        let (queries, rx) = channel::<String>();
        let (tx, results) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::clone(&cancel);
        std::thread::spawn(move || {
            // First the tables a snapshot left to read when first needed
            // (id tables, change points: 90 ms at a million people), before
            // a key asks for them; the snapshot is unmapped once they are
            // read, before the search index takes its memory.
            index.read_deferred();
            let finder = SearchIndex::new(&index);
            let mut last = Results::empty("");
            while let Ok(mut query) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    query = newer;
                }
                cancelled.store(false, Ordering::SeqCst);
                let limit = crate::app::search::LIMIT_PER_KIND;
                // Cancelled: a newer query is already waiting.
                // A large search sends a preview first, then its results.
                let preview = |first| {
                    let _ = tx.send(first);
                };
                let Some(found) = finder.search_progressive(&index, Some(&last), &query, limit, &cancelled, preview)
                else {
                    continue;
                };
                last = found;
                if tx.send(last.clone()).is_err() {
                    break;
                }
            }
        });
        SearchThread { queries, results, cancel }
    }

    /// Sends a query, cancelling the search under way.
    fn ask(&self, query: String) {
        self.cancel.store(true, Ordering::SeqCst);
        let _ = self.queries.send(query);
    }
}

/// The chart thread: builds the org chart for a new date (tens of
/// milliseconds at a million roles) while the explorer goes on answering
/// keys, always for the newest date asked: requests sent while it was busy
/// are skipped but the last. Dropping it ends the thread once it is idle.
struct ChartThread {
    requests: std::sync::mpsc::Sender<crate::app::tree::ChartRequest>,
    charts: Receiver<crate::app::tree::Rebuilt>,
}

impl ChartThread {
    fn start(index: Arc<Index>) -> ChartThread {
        let (requests, rx) = channel::<crate::app::tree::ChartRequest>();
        let (tx, charts) = channel();
        std::thread::spawn(move || {
            while let Ok(mut request) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    request = newer;
                }
                if tx.send(request.run(&index)).is_err() {
                    break;
                }
            }
        });
        ChartThread { requests, charts }
    }

    /// Asks for a chart.
    fn ask(&self, request: crate::app::tree::ChartRequest) {
        let _ = self.requests.send(request);
    }
}

/// A click or a turn of the wheel, as the explorer sees it.
fn mouse_action(m: &MouseEvent) -> Option<Action> {
    let (x, y) = (m.column, m.row);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(x, y)),
        MouseEventKind::ScrollUp => Some(Action::Wheel(x, y, -3)),
        MouseEventKind::ScrollDown => Some(Action::Wheel(x, y, 3)),
        _ => None,
    }
}

/// How long the event loop has to notice a signal before the watchdog
/// ends the process itself.
const GRACE: Duration = Duration::from_millis(500);

/// Ends the process on SIGTERM or SIGHUP even when the event loop is stuck:
/// when the terminal goes away, crossterm 0.29 can spin inside `poll`
/// re-reading an end-of-file and never return (crossterm issue #793), so
/// the loop's own check of the flag is not enough.
fn spawn_watchdog(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(GRACE);
        restore();
        std::process::exit(0);
    });
}

/// `E`: gives the terminal to the user's editor at the selected entry's
/// line, waits for it, takes the terminal back. What to say afterwards.
fn edit(terminal: &mut Term, path: &Path, ds: &crate::model::Dataset, target: Target) -> io::Result<String> {
    let Some((section, id)) = entry_of(ds, target) else {
        return Ok("nothing selected to edit".into());
    };
    let text = std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let line = crate::model::locate::entry_with_id(&text, section, id).map_or(1, |p| p.line);
    let editor = editor_command(|n| std::env::var_os(n));
    let mut command = editor_invocation(&editor, path, line);
    let Some(program) = command.first().cloned() else {
        return Ok("no editor: set $VISUAL or $EDITOR".into());
    };
    let args = command.split_off(1);
    restore();
    let status = std::process::Command::new(&program).args(&args).status();
    enter()?;
    terminal.clear()?;
    Ok(match status {
        Ok(s) if s.success() => format!("back from {} at line {line}", escape_controls(&program.to_string_lossy())),
        Ok(s) => format!("{} exited with {s}", escape_controls(&program.to_string_lossy())),
        Err(e) => format!("cannot run {}: {e} (set $VISUAL or $EDITOR)", escape_controls(&program.to_string_lossy())),
    })
}

/// The list and id of the entry a target is.
fn entry_of(ds: &crate::model::Dataset, target: Target) -> Option<(&'static str, &str)> {
    Some(match target {
        Target::Role(r) => ("roles", &ds.role(r).id),
        Target::Person(p) => ("people", &ds.person(p).id),
        Target::Org(o) => ("orgs", &ds.org(o).id),
        Target::Event(e) => ("events", &ds.event(e).id),
        Target::Quote(q) => ("quotes", &ds.quote(q).id),
        Target::Source(s) => ("sources", &ds.source(s).id),
        Target::Changes => return None,
    })
}

/// The editor the user chose: `$VISUAL`, else `$EDITOR`, else `vi`, split
/// into words (`code --wait` is a program and an argument).
pub fn editor_command(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let chosen = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(env)
        .find(|v| !v.to_string_lossy().trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    chosen.to_string_lossy().split_whitespace().map(std::ffi::OsString::from).collect()
}

/// The command line that opens `path` at `line` in `editor`: `+LINE FILE`,
/// which vi, vim, nvim, nano, emacs, micro, kakoune and joe understand;
/// `FILE:LINE` for helix; `--goto FILE:LINE` for VS Code and its kin.
pub fn editor_invocation(editor: &[std::ffi::OsString], path: &Path, line: u32) -> Vec<std::ffi::OsString> {
    let mut out = editor.to_vec();
    let name = editor
        .first()
        .and_then(|p| Path::new(p).file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let file = path.as_os_str().to_owned();
    let mut at = file.clone();
    at.push(format!(":{line}"));
    match name.as_str() {
        "hx" | "helix" => out.push(at),
        "code" | "codium" | "code-insiders" | "vscodium" | "cursor" => {
            out.push("--goto".into());
            out.push(at);
        }
        _ => {
            out.push(format!("+{line}").into());
            out.push(file);
        }
    }
    out
}

/// Ctrl-z: give the terminal back, stop, and take it again on resume.
fn suspend(terminal: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Execution resumes here on SIGCONT.
    enter()?;
    terminal.clear()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn words(v: &[OsString]) -> Vec<String> {
        v.iter().map(|w| w.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn visual_then_editor_then_vi_split_into_words() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |n: &str| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| OsString::from(v))
        };
        assert_eq!(words(&editor_command(env(&[("VISUAL", "nvim"), ("EDITOR", "nano")]))), ["nvim"]);
        assert_eq!(words(&editor_command(env(&[("VISUAL", " "), ("EDITOR", "code --wait")]))), ["code", "--wait"]);
        assert_eq!(words(&editor_command(env(&[]))), ["vi"]);
    }

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        let path = Path::new("/d/story.ron");
        let call = |e: &[&str]| {
            let e: Vec<OsString> = e.iter().map(OsString::from).collect();
            words(&editor_invocation(&e, path, 84))
        };
        assert_eq!(call(&["vim"]), ["vim", "+84", "/d/story.ron"]);
        assert_eq!(call(&["/usr/bin/nano"]), ["/usr/bin/nano", "+84", "/d/story.ron"]);
        assert_eq!(call(&["emacsclient", "-t"]), ["emacsclient", "-t", "+84", "/d/story.ron"]);
        assert_eq!(call(&["hx"]), ["hx", "/d/story.ron:84"]);
        assert_eq!(call(&["code", "--wait"]), ["code", "--wait", "--goto", "/d/story.ron:84"]);
    }
}
