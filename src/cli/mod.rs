//! The non-interactive commands: `check`, `tree`, `timeline`, `quotes`, `diff`, `export`.
//! Errors are reported here, once, at the edge.

mod args;
mod export;
mod import;
pub mod text;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::SystemTime;

use clap::Parser;

pub use args::{Cli, Command, DiffArgs, ExportArgs, ExportFormat, LookArgs, OpenArgs, TreeArgs};

use crate::app::loading::{Phase, Progress};
use crate::model::load::strsim_distance as edit_distance;
use crate::model::snapshot::hint;
use crate::model::text::{escape_controls, quoted};
use crate::model::{BUNDLED, BUNDLED_NAME, Date, Diagnostic, Loaded, load_bytes, load_bytes_counting, snapshot};
use crate::query::{EventFilter, Index, QuoteFilter, Tables};

/// Exit status for invalid data.
pub const EXIT_INVALID: u8 = 1;
/// Exit status for an unreadable file or bad usage.
pub const EXIT_USAGE: u8 = 2;

/// Why a command stopped early; reported once by [`run`].
#[derive(Debug)]
pub enum Failure {
    /// The dataset is invalid: its diagnostics are already printed.
    Invalid,
    /// A message for stderr, exit status 2.
    Usage(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Parses the command line and runs it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { files }) => return check(&files),
        None => explore(&cli.open),
        Some(Command::Tree(open)) => tree(&open),
        Some(Command::Timeline { file, person, org, from, to, no_cache, json }) => {
            timeline(file.as_deref(), !no_cache, person, org, from, to, json)
        }
        Some(Command::Quotes { file, person, event, no_cache, json }) => {
            quotes(file.as_deref(), !no_cache, person, event, json)
        }
        Some(Command::Diff(args)) => diff(&args),
        Some(Command::Info { look, keys }) => info(&look, keys),
        Some(Command::Init { file, force }) => init(&file, force),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man) => man(),
        Some(Command::Export(args)) => export::export(&args),
        Some(Command::Import(args)) => import::run(&args),
    };
    finish(result)
}

/// Turns a command's result into an exit status, printing what failed.
fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid) => ExitCode::from(EXIT_INVALID),
        Err(Failure::Usage(msg)) => {
            eprintln!("orgline: {}", escape_controls(&msg));
            ExitCode::from(EXIT_USAGE)
        }
        // `orgline tree | head` closes the pipe early: that is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) if e.get_ref().is_some_and(|e| e.is::<crate::runtime::WorkerStopped>()) => {
            eprintln!("orgline: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Io(e)) => {
            eprintln!("orgline: cannot write output: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The display name of a dataset file.
fn display_name(file: Option<&Path>) -> String {
    file.map_or_else(|| BUNDLED_NAME.to_string(), |f| f.display().to_string())
}

/// Why a dataset could not be opened, kept as data so that the explorer
/// can report it after giving the terminal back.
#[derive(Debug)]
pub enum OpenError {
    /// Unreadable file or bad usage: a message, exit status 2.
    Usage(String),
    /// Invalid data: every diagnostic, with the text they point into.
    Invalid {
        /// The file's display name.
        name: String,
        /// Its text (lossily decoded), for the source lines.
        text: String,
        /// What is wrong.
        diags: Vec<Diagnostic>,
    },
}

impl OpenError {
    /// Prints the diagnostics of invalid data to stderr; the failure to exit with.
    pub fn report(self) -> Failure {
        match self {
            OpenError::Usage(m) => Failure::Usage(m),
            OpenError::Invalid { name, text, diags } => {
                let mut err = io::stderr().lock();
                for d in &diags {
                    let _ = err.write_all(d.render(&name, Some(&text)).as_bytes());
                }
                let _ = writeln!(err, "{}", summary(&name, &diags));
                Failure::Invalid
            }
        }
    }
}

/// Loads `file` (the bundled story when `None`) and indexes it, reporting
/// each phase to `progress`. Invalid data comes back as its diagnostics.
pub fn load_index(file: Option<&Path>, progress: &Progress, cache: bool) -> Result<Index, OpenError> {
    let opened = load_index_later(file, progress, cache, false)?;
    if let Some(p) = opened.pending {
        p.write(&opened.index);
    }
    Ok(opened.index)
}

/// A snapshot still to be written: the dataset was loaded from its file,
/// not from the cache.
pub struct PendingSnapshot {
    dir: PathBuf,
    key: snapshot::Key,
    warnings: Vec<Diagnostic>,
    /// The file, its stamp while it was read, and when the read began: a
    /// hint to write with the snapshot, when the file did not change
    /// during the read.
    hint: Option<(PathBuf, hint::Stamp, SystemTime)>,
}

impl PendingSnapshot {
    /// Writes the snapshot of `index`, the index loaded, and the file's hint.
    /// A cache that cannot be written is no reason to fail: the error is
    /// dropped.
    pub fn write(self, index: &Index) {
        let tables = index.tables();
        let contents = snapshot::Contents { dataset: index.dataset(), warnings: &self.warnings, extra: &tables };
        if snapshot::write_contents(&self.dir, self.key, contents).is_ok()
            && let Some((path, stamp, read_at)) = self.hint
        {
            hint::remember(&self.dir, &path, self.key, stamp, read_at);
        }
    }
}

/// A dataset opened from the snapshot its file's hint names (see
/// [`hint`]), before the file was hashed.
pub struct Unverified {
    dir: PathBuf,
    path: PathBuf,
    key: snapshot::Key,
}

impl Unverified {
    /// Hashes the file: whether it still has the key of the snapshot opened.
    /// If not, the hint is forgotten, and the caller reloads the file. A
    /// file that cannot be read is left to the watcher, which reports it.
    pub fn holds(self) -> bool {
        match snapshot::Key::of_file(&self.path) {
            Ok(key) if key != self.key => {
                hint::forget(&self.dir, &self.path);
                false
            }
            _ => true,
        }
    }
}

/// What [`load_index_later`] opened.
pub struct Opened {
    /// The dataset, indexed.
    pub index: Index,
    /// Its snapshot, when it was loaded from its file, for the caller to
    /// write once the explorer is up.
    pub pending: Option<PendingSnapshot>,
    /// When it came from the snapshot a hint named: the hash of the file,
    /// still to be checked.
    pub unverified: Option<Unverified>,
}

/// [`load_index`], leaving the snapshot of a dataset loaded from its file
/// to the caller, who may write it once the explorer is up. With `hinted`,
/// a file whose hint says it is as it was when last hashed is opened from
/// that snapshot at once, its hash left to the caller ([`Opened::unverified`]).
pub fn load_index_later(
    file: Option<&Path>,
    progress: &Progress,
    cache: bool,
    hinted: bool,
) -> Result<Opened, OpenError> {
    let dir = if cache { snapshot::cache_dir() } else { None };
    load_index_cached_in(file, progress, dir.as_deref(), hinted)
}

/// [`load_index_later`] with the cache in `cache_dir`, if any.
pub fn load_index_cached_in(
    file: Option<&Path>,
    progress: &Progress,
    cache_dir: Option<&Path>,
    hinted: bool,
) -> Result<Opened, OpenError> {
    let name = display_name(file);
    let cache_dir = cache_dir.zip(file).map(|(dir, path)| (dir.to_path_buf(), path));
    // On a hit the dataset file is only streamed through the hash, never
    // held in memory; an unreadable file is reported by the read below.
    // The snapshot holds the index's tables too, so a hit builds nothing.
    if cache_dir.is_some() {
        progress.set_phase(Phase::Snapshot);
        if let Some(path) = file
            && let Ok(meta) = std::fs::metadata(path)
        {
            progress.set_total(meta.len());
        }
    }
    let read = |dir: &Path, key| {
        snapshot::read_with(dir, key, Tables::decode_leaving, |loaded, tables, mapped| {
            Index::from_parts(loaded.dataset, tables, Some(mapped))
        })
    };
    if let Some((dir, path)) = &cache_dir {
        if hinted
            && let Some(key) = hint::recall(dir, path)
            && let Ok(index) = read(dir, key)
        {
            progress.set_phase(Phase::Done);
            let unverified = Unverified { dir: dir.clone(), path: path.to_path_buf(), key };
            return Ok(Opened { index, pending: None, unverified: Some(unverified) });
        }
        let stamp = hint::Stamp::of(path).ok();
        let hashed_at = SystemTime::now();
        if let Ok(key) = snapshot::Key::of_file(path)
            && let Ok(index) = read(dir, key)
        {
            if let Some(stamp) = stamp
                && hint::Stamp::of(path).ok() == Some(stamp)
            {
                hint::remember(dir, path, key, stamp, hashed_at);
            }
            progress.set_phase(Phase::Done);
            return Ok(Opened { index, pending: None, unverified: None });
        }
    }
    progress.set_phase(Phase::Reading);
    // Only with a cache, which the hint goes into.
    let stamp = cache_dir.as_ref().and_then(|(_, path)| hint::Stamp::of(path).ok());
    let read_at = SystemTime::now();
    let owned = match file {
        None => None,
        Some(path) => {
            Some(read_with_progress(path, progress).map_err(|e| OpenError::Usage(format!("cannot read {name}: {e}")))?)
        }
    };
    // The bytes read are those the stamp tells, if the file did not change
    // while it was read.
    let hint = file
        .zip(stamp)
        .filter(|&(path, stamp)| hint::Stamp::of(path).ok() == Some(stamp))
        .map(|(path, stamp)| (path.to_path_buf(), stamp, read_at));
    let bytes: &[u8] = owned.as_deref().unwrap_or(BUNDLED.as_bytes());
    progress.set_phase(Phase::Checking);
    let loaded = load_bytes_counting(bytes, progress.checked_counter()).map_err(|diags| OpenError::Invalid {
        name: name.clone(),
        text: String::from_utf8_lossy(bytes).into_owned(),
        diags,
    })?;
    // Keyed by the bytes just loaded, not the ones hashed above: the file
    // may have changed in between.
    let key = cache_dir.as_ref().map(|_| snapshot::Key::of(bytes));
    // The text can be as large as the dataset: free it before the index is built.
    drop(owned);
    progress.set_phase(Phase::Indexing);
    let Loaded { dataset, warnings } = loaded;
    let index = Index::new(dataset);
    let pending = cache_dir.zip(key).map(|((dir, _), key)| PendingSnapshot { dir, key, warnings, hint });
    progress.set_phase(Phase::Done);
    Ok(Opened { index, pending, unverified: None })
}

/// Reads a file in chunks, counting the bytes into `progress`. Each chunk
/// is read straight into the buffer that is returned.
///
/// (Asking for huge pages for a large buffer, with `madvise`, was tried:
/// reading 483 MB took 0.1 s instead of 0.5 s when the kernel had free
/// huge pages, but 1.3 s when it first had to make them.)
fn read_with_progress(path: &Path, progress: &Progress) -> io::Result<Vec<u8>> {
    use std::io::Read;
    const CHUNK: u64 = 4 << 20;
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    progress.set_total(size);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    loop {
        match (&mut file).take(CHUNK).read_to_end(&mut bytes)? {
            0 => return Ok(bytes),
            n => progress.add_read(n as u64),
        }
    }
}

/// Loads `file` (the bundled story when `None`) and indexes it. Invalid
/// data prints its diagnostics to stderr; warnings are left to `check`.
///
/// With `cache`, a file whose bytes match a snapshot in the user's cache
/// directory is read from it, skipping parsing and validation; otherwise a
/// valid file is loaded and its snapshot written for next time (see
/// [`snapshot`]). The cache is best effort: a missing, unwritable or damaged
/// one only means loading the file as usual. The bundled dataset is small
/// and never cached.
pub fn open(file: Option<&Path>, cache: bool) -> Result<Index, Failure> {
    load_index(file, &Progress::default(), cache).map_err(OpenError::report)
}

/// Parses a date given on the command line.
fn parse_arg_date(flag: &str, s: &str) -> Result<Date, Failure> {
    Date::parse(s).map_err(|e| Failure::Usage(format!("{flag} {}: {e}", quoted(s))))
}

/// The date to open at: `--as-of`, else the dataset's own.
fn as_of_arg(index: &Index, as_of: Option<&str>) -> Result<Option<Date>, Failure> {
    match as_of {
        Some(s) => parse_arg_date("--as-of", s).map(Some),
        None => Ok(index.default_as_of().cloned()),
    }
}

/// Plain `orgline [FILE]`: the interactive explorer.
fn explore(args: &OpenArgs) -> Result<(), Failure> {
    use std::io::IsTerminal;
    // A bad configuration is reported first, terminal or not.
    let look = look(&args.look)?;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "the explorer needs a terminal, and standard input or output is not one; \
             for text use `orgline tree`, `orgline timeline` or `orgline quotes`"
                .into(),
        ));
    }
    // A bad --as-of is a usage error before anything is drawn.
    let as_of = args.as_of.as_deref().map(|s| parse_arg_date("--as-of", s)).transpose()?;
    let file = args.file.clone();
    let cache_dir = if args.no_cache { None } else { snapshot::cache_dir() };
    let progress = Arc::new(Progress::default());
    // The loader's first step, said from the loading screen's first frame
    // (which would otherwise say "reading" until the loader thread runs).
    if cache_dir.is_some() && file.is_some() {
        progress.set_phase(Phase::Snapshot);
    }
    let shared = Arc::clone(&progress);
    let load = move || -> Result<crate::runtime::Opened, OpenError> {
        let Opened { index, pending, unverified } =
            load_index_cached_in(file.as_deref(), &shared, cache_dir.as_deref(), true)?;
        let index = Arc::new(index);
        // The snapshot is written beside the explorer, not before it: at a
        // million people that is seconds (the write is atomic: a quit
        // before it ends leaves no snapshot).
        if let Some(p) = pending {
            let index = Arc::clone(&index);
            let writer = std::thread::spawn(move || p.write(&index));
            *SNAPSHOT_WRITER.lock().unwrap_or_else(|e| e.into_inner()) = Some(writer);
        }
        // A dataset with no date at all still opens, at today's year.
        let at = match as_of.or_else(|| index.default_as_of().cloned()) {
            Some(d) => d,
            None => {
                let secs =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
                let year = 1970 + secs / 31_556_952;
                Date::parse(&format!("{year:04}")).map_err(|e| OpenError::Usage(format!("no date to open at: {e}")))?
            }
        };
        let verify: Option<crate::runtime::Verify> = unverified.map(|u| Box::new(move || u.holds()) as _);
        Ok((index, at, verify))
    };
    let opening = crate::runtime::Opening { name: display_name(args.file.as_deref()), progress, load: Box::new(load) };
    let options = crate::runtime::Options {
        file: args.file.as_deref(),
        watch: !args.no_watch,
        mouse: !args.no_mouse && (args.mouse || look.config.mouse == Some(true)),
        theme: look.theme,
        keymap: Arc::new(look.config.keymap),
    };
    let outcome = crate::runtime::run(opening, options);
    // The terminal is the user's again; a snapshot still being written is
    // finished before the process ends, or the next open would load again.
    let writer = SNAPSHOT_WRITER.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(w) = writer {
        // The explorer's signal flags are still installed, so Ctrl-C no
        // longer ends the process by itself: a flag of our own lets it stop
        // the wait.
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
        }
        finish_snapshot(w, &stop, || {
            eprintln!("orgline: saving a snapshot so that the next open is fast (Ctrl-C skips it)…");
        });
    }
    outcome?.map_err(OpenError::report)
}

/// Waits for the snapshot `writer`, calling `say` first if it is still at
/// work. Returns false, without waiting longer, once `stop` is set: the
/// snapshot is then not written (its temporary file is pruned later).
fn finish_snapshot(
    writer: std::thread::JoinHandle<()>,
    stop: &std::sync::atomic::AtomicBool,
    say: impl FnOnce(),
) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    if !writer.is_finished() {
        say();
    }
    while !writer.is_finished() {
        if stop.load(Relaxed) {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = writer.join();
    true
}

/// The thread writing the snapshot of the dataset the explorer opened.
static SNAPSHOT_WRITER: std::sync::Mutex<Option<std::thread::JoinHandle<()>>> = std::sync::Mutex::new(None);

/// The configuration and theme in force.
struct Look {
    config: crate::config::Config,
    theme: crate::ui::Theme,
    colour: bool,
    path: Option<(PathBuf, crate::config::Origin)>,
}

/// Reads the configuration (`--config`, `$ORGLINE_CONFIG` or the default
/// place) and decides about colour. A bad configuration prints its
/// diagnostics: exit status 1.
fn look(args: &LookArgs) -> Result<Look, Failure> {
    use crate::config::{ConfigError, Origin, config_path, load};
    let env = |n: &str| std::env::var_os(n);
    let path = config_path(args.config.as_deref(), env);
    let config = match &path {
        None => crate::config::Config::default(),
        Some((p, origin)) => match load(p, *origin != Origin::Default) {
            Ok(c) => c,
            Err(ConfigError::Unreadable(m)) => return Err(Failure::Usage(m)),
            Err(ConfigError::Invalid { text, diags }) => {
                let name = p.display().to_string();
                let mut err = io::stderr().lock();
                for d in &diags {
                    let _ = err.write_all(d.render(&name, Some(&text)).as_bytes());
                }
                let n = diags.len();
                let _ = writeln!(
                    err,
                    "{}: {n} error{} in the configuration",
                    escape_controls(&name),
                    if n == 1 { "" } else { "s" }
                );
                return Err(Failure::Invalid);
            }
        },
    };
    let choice = args.color.or(config.color).unwrap_or_default();
    let colour = choice.use_colour(env);
    let theme = config.theme_for(colour);
    Ok(Look { config, theme, colour, path })
}

/// The dataset `orgline init` writes.
pub const STARTER: &str = include_str!("starter.ron");

/// `orgline init FILE`: the starter dataset, never over a file unless forced.
fn init(file: &Path, force: bool) -> Result<(), Failure> {
    use std::fs::OpenOptions;
    let name = escape_controls(&file.display().to_string()).into_owned();
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut out = match options.open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Failure::Usage(format!("{name} exists; pass --force to overwrite it")));
        }
        Err(e) => return Err(Failure::Usage(format!("cannot write {name}: {e}"))),
    };
    out.write_all(STARTER.as_bytes()).map_err(|e| Failure::Usage(format!("cannot write {name}: {e}")))?;
    eprintln!("wrote {name}: open it with `orgline {name}`, check it with `orgline check {name}`");
    Ok(())
}

/// `orgline completions SHELL`.
fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = BufWriter::new(io::stdout().lock());
    clap_complete::generate(shell, &mut Cli::command(), "orgline", &mut out);
    out.flush()?;
    Ok(())
}

/// `orgline man`: the manual page, from the same definitions as `--help`.
fn man() -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = BufWriter::new(io::stdout().lock());
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(())
}

/// `orgline info`: paths and settings.
fn info(args: &LookArgs, keys: bool) -> Result<(), Failure> {
    let look = look(args)?;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "orgline {}", env!("CARGO_PKG_VERSION"))?;
    match &look.path {
        Some((p, origin)) => {
            let state = if p.exists() { "" } else { ", absent: defaults in use" };
            writeln!(
                out,
                "configuration: {} ({}{state})",
                escape_controls(&p.display().to_string()),
                origin.describe()
            )?;
        }
        None => writeln!(out, "configuration: none (no HOME to look in)")?,
    }
    match snapshot::cache_dir() {
        Some(d) => writeln!(out, "cache:         {}", escape_controls(&d.display().to_string()))?,
        None => writeln!(out, "cache:         none (no HOME to put it in)")?,
    }
    writeln!(out, "theme:         {}", escape_controls(&look.config.theme_name))?;
    writeln!(out, "colour:        {}", if look.colour { "on" } else { "off (monochrome theme)" })?;
    writeln!(out, "mouse:         {}", if look.config.mouse == Some(true) { "on" } else { "off" })?;
    if keys {
        use crate::app::keymap::{ACTION_NAMES, Context};
        writeln!(out, "\nactions (context.action = keys):")?;
        for &c in Context::ALL {
            for (action, name) in ACTION_NAMES {
                let bound: Vec<String> = look
                    .config
                    .keymap
                    .bindings()
                    .iter()
                    .filter(|b| b.context == c && b.action == *action)
                    .map(|b| b.key.label())
                    .collect();
                if !bound.is_empty() {
                    writeln!(out, "  {:<28} {}", format!("{}.{name}", c.name()), bound.join(" "))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn tree(args: &TreeArgs) -> Result<(), Failure> {
    let index = open(args.file.as_deref(), !args.no_cache)?;
    let Some(at) = as_of_arg(&index, args.as_of.as_deref())? else {
        let mut out = io::stdout().lock();
        if args.json {
            eprintln!("orgline: the dataset has no dates and no as_of; pass --as-of DATE");
            crate::export::views::write_undated_tree_json(&mut out, &index)?;
        } else {
            writeln!(out, "(the dataset has no dates and no as_of; pass --as-of DATE)")?;
        }
        return Ok(());
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        crate::export::views::write_tree_json(&mut out, &index, &at)?;
    } else {
        text::write_tree(&mut out, &index, &at)?;
    }
    out.flush()?;
    Ok(())
}

fn timeline(
    file: Option<&Path>,
    cache: bool,
    person: Option<String>,
    org: Option<String>,
    from: Option<String>,
    to: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    let index = open(file, cache)?;
    let filter = EventFilter {
        person: person
            .map(|p| lookup(&index, "person", &p, Index::person_by_id, |i| &i.dataset().people, |x| x.id.as_str()))
            .transpose()?,
        org: org
            .map(|o| lookup(&index, "org", &o, Index::org_by_id, |i| &i.dataset().orgs, |x| x.id.as_str()))
            .transpose()?,
        from: from.map(|d| parse_arg_date("--from", &d).map(|d| d.span())).transpose()?,
        to: to.map(|d| parse_arg_date("--to", &d).map(|d| d.span())).transpose()?,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        crate::export::views::write_timeline_json(&mut out, &index, filter)?;
    } else {
        text::write_timeline(&mut out, &index, filter)?;
    }
    out.flush()?;
    Ok(())
}

fn quotes(
    file: Option<&Path>,
    cache: bool,
    person: Option<String>,
    event: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    let index = open(file, cache)?;
    let filter = QuoteFilter {
        person: person
            .map(|p| lookup(&index, "person", &p, Index::person_by_id, |i| &i.dataset().people, |x| x.id.as_str()))
            .transpose()?,
        event: event
            .map(|e| lookup(&index, "event", &e, Index::event_by_id, |i| &i.dataset().events, |x| x.id.as_str()))
            .transpose()?,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        crate::export::views::write_quotes_json(&mut out, &index, filter)?;
    } else {
        text::write_quotes(&mut out, &index, filter)?;
    }
    out.flush()?;
    Ok(())
}

/// `orgline diff [FILE] FROM TO`: the dates are checked before the file is read.
fn diff(args: &DiffArgs) -> Result<(), Failure> {
    let (file, from, to) = match args.split() {
        Ok(parts) => parts,
        // Reported like clap's own usage errors: message, usage line, exit 2.
        Err(msg) => {
            let mut cli = <Cli as clap::CommandFactory>::command();
            let diff = cli.find_subcommand_mut("diff").expect("diff is a subcommand");
            diff.error(clap::error::ErrorKind::WrongNumberOfValues, msg).exit()
        }
    };
    if file.is_none() && Date::parse(from).is_err() && Path::new(from).is_file() {
        return Err(Failure::Usage(format!(
            "{} is a file, not a date: give two dates after it (orgline diff [FILE] FROM TO)",
            quoted(from)
        )));
    }
    let from = parse_arg_date("FROM", from)?;
    let to = parse_arg_date("TO", to)?;
    let index = open(file, !args.no_cache)?;
    let mut out = BufWriter::new(io::stdout().lock());
    text::write_diff(&mut out, &index, &from, &to)?;
    out.flush()?;
    Ok(())
}

/// Finds an entry by id for a command-line filter; an unknown id is a
/// usage error that suggests the closest ids.
fn lookup<T, X>(
    index: &Index,
    kind: &str,
    id: &str,
    find: impl Fn(&Index, &str) -> Option<T>,
    all: impl Fn(&Index) -> &Vec<X>,
    id_of: impl Fn(&X) -> &str,
) -> Result<T, Failure> {
    find(index, id).ok_or_else(|| {
        let mut near: Vec<(usize, &str)> =
            all(index).iter().map(|x| (edit_distance(id, id_of(x)), id_of(x))).filter(|(d, _)| *d <= 3).collect();
        near.sort();
        let hint = match near.first() {
            Some((_, best)) => format!("; did you mean {}?", quoted(best)),
            None => String::new(),
        };
        Failure::Usage(format!("no {kind} with id {}{hint}", quoted(id)))
    })
}

/// `FILE: 2 errors, 1 warning` or `FILE: ok`.
fn summary(name: &str, diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let name = escape_controls(name);
    match (errors, warnings) {
        (0, 0) => format!("{name}: ok"),
        (0, w) => format!("{name}: ok, {}", plural(w, "warning")),
        (e, 0) => format!("{name}: {}", plural(e, "error")),
        (e, w) => format!("{name}: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// `orgline check FILE...`: every diagnostic of every file on stdout, then
/// a summary line per file. 0 all valid, 1 some invalid, 2 some unreadable.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut status = 0u8;
    let mut out = BufWriter::new(io::stdout().lock());
    for path in files {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                let _ = out.flush();
                eprintln!("orgline: cannot read {}: {e}", escape_controls(&name));
                status = status.max(EXIT_USAGE);
                continue;
            }
        };
        let diags = match load_bytes(&bytes) {
            Ok(loaded) => loaded.warnings,
            Err(diags) => {
                status = status.max(EXIT_INVALID);
                diags
            }
        };
        let mut write = || -> io::Result<()> {
            // Only diagnostics show lines of the file: a clean one is not
            // scanned a second time.
            if !diags.is_empty() {
                let text = String::from_utf8_lossy(&bytes);
                for d in &diags {
                    out.write_all(d.render(&name, Some(&text)).as_bytes())?;
                }
            }
            writeln!(out, "{}", summary(&name, &diags))
        };
        if let Err(e) = write() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::from(status);
            }
            eprintln!("orgline: cannot write output: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let _ = out.flush();
    ExitCode::from(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("parker-haris", "parker-harris"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("slack", "slack"), 0);
    }

    #[test]
    fn summaries_count_and_pluralize() {
        let e = Diagnostic::error(None, "x");
        let w = Diagnostic::warning(None, "y");
        assert_eq!(summary("f", &[]), "f: ok");
        assert_eq!(summary("f", std::slice::from_ref(&w)), "f: ok, 1 warning");
        assert_eq!(summary("f", &[e.clone(), e, w.clone(), w]), "f: 2 errors, 2 warnings");
    }

    #[test]
    fn quitting_waits_for_the_snapshot_unless_stopped() {
        use std::sync::atomic::AtomicBool;
        // A write that has ended: no word, and it is joined.
        let done = std::thread::spawn(|| {});
        while !done.is_finished() {
            std::thread::yield_now();
        }
        let mut said = false;
        assert!(finish_snapshot(done, &AtomicBool::new(false), || said = true));
        assert!(!said);
        // A write still at work: the user is told, and a stop ends the wait
        // (this one would never end by itself).
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let stuck = std::thread::spawn(move || {
            let _ = rx.recv();
        });
        let mut said = false;
        assert!(!finish_snapshot(stuck, &AtomicBool::new(true), || said = true));
        assert!(said);
        drop(tx);
        // One that ends while waited for is joined.
        let slow = std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_millis(50)));
        assert!(finish_snapshot(slow, &AtomicBool::new(false), || {}));
    }
}
