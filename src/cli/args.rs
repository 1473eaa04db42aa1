//! The command line, declared with clap.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Who held which role when, and how we know: a terminal explorer of
/// people, organizations, roles, tenures, dated events and source quotes.
///
/// Without a FILE, orgline opens its bundled dataset: Slack's leadership
/// after the Salesforce acquisition, from a French article of March 2024.
#[derive(Debug, Parser)]
#[command(name = "orgline", version, propagate_version = true, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub open: OpenArgs,
}

/// Arguments of plain `orgline [FILE]`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The dataset (a RON file); the bundled story when absent.
    pub file: Option<PathBuf>,

    /// The date to show (EDTF: 2024, 2024-03, 2024-03-15, 2023~, …);
    /// default: the dataset's `as_of`, else its latest date.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<String>,

    /// Do not reload FILE when it changes (the explorer watches it by default).
    #[arg(long)]
    pub no_watch: bool,

    /// Clicks focus panes and select rows, the wheel scrolls (off by
    /// default, so the terminal's own text selection keeps working).
    #[arg(long)]
    pub mouse: bool,

    /// No mouse, even when the configuration turns it on.
    #[arg(long, conflicts_with = "mouse")]
    pub no_mouse: bool,

    /// Neither read nor write the snapshot cache: a binary copy of FILE's
    /// checked data kept in the user's cache directory (`$ORGLINE_CACHE_DIR`,
    /// else `$XDG_CACHE_HOME/orgline`, else `~/.cache/orgline`) so that an
    /// unchanged file opens faster next time.
    #[arg(long)]
    pub no_cache: bool,

    #[command(flatten)]
    pub look: LookArgs,
}

/// Where the configuration comes from and whether to use colour.
#[derive(Debug, Args, Default)]
pub struct LookArgs {
    /// The configuration file (theme, styles, keys, colour, mouse); default:
    /// `$ORGLINE_CONFIG`, else `$XDG_CONFIG_HOME/orgline/config.ron`, else
    /// `~/.config/orgline/config.ron`. See docs/config.md.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Colour: `auto` (none when NO_COLOR is set or TERM is dumb),
    /// `always` or `never`; overrides the configuration's `color`.
    #[arg(long, value_name = "WHEN", value_enum)]
    pub color: Option<crate::config::ColorChoice>,
}

/// Arguments of `orgline tree`.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The dataset (a RON file); the bundled story when absent.
    pub file: Option<PathBuf>,

    /// The date to show (EDTF); default: the dataset's `as_of`, else its latest date.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<String>,

    /// Neither read nor write the snapshot cache (see `orgline --help`).
    #[arg(long)]
    pub no_cache: bool,

    /// Print JSON instead: `{"title", "as_of", "roles": [...]}`, one entry
    /// per role line, dates expanded (see docs/export.md).
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `orgline export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The dataset (a RON file); the bundled story when absent.
    pub file: Option<PathBuf>,

    /// What to write: `json`, the whole dataset with every date expanded and
    /// the org chart at the date; `dot` (Graphviz) or `mermaid`, the org chart
    /// at the date; `markdown`, a report of the chart, timeline and quotes.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,

    /// The date of the org chart (EDTF); default: the dataset's `as_of`, else its latest date.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<String>,

    /// Write to OUT instead of standard output. OUT is replaced whole, by
    /// renaming a finished file over it, never left half-written.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Neither read nor write the snapshot cache (see `orgline --help`).
    #[arg(long)]
    pub no_cache: bool,
}

/// The formats of `orgline export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole dataset, dates expanded, and the org chart at the date.
    Json,
    /// The org chart at the date for Graphviz (`dot -Tsvg`).
    Dot,
    /// The org chart at the date as a Mermaid flowchart.
    Mermaid,
    /// A report: the org chart, the timeline and the quotes.
    Markdown,
}

/// Arguments of `orgline diff`: `[FILE] FROM TO`.
///
/// clap cannot put an optional positional before two required ones, so the
/// values come as one list and [`DiffArgs::split`] sorts them out.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct DiffArgs {
    /// The dataset (a RON file; the bundled story when absent), then the
    /// two dates to compare (EDTF: 2024, 2024-03, 2023~, 2021/2022, …).
    #[arg(value_name = "[FILE] FROM TO", required = true)]
    pub args: Vec<String>,

    /// Neither read nor write the snapshot cache (see `orgline --help`).
    #[arg(long)]
    pub no_cache: bool,
}

impl DiffArgs {
    /// `(FILE, FROM, TO)`, or why the values are not two or three.
    pub fn split(&self) -> Result<(Option<&Path>, &str, &str), String> {
        match self.args.as_slice() {
            [from, to] => Ok((None, from, to)),
            [file, from, to] => Ok((Some(Path::new(file)), from, to)),
            other => Err(format!(
                "expected two dates, FROM and TO, after an optional FILE; got {} value{}",
                other.len(),
                if other.len() == 1 { "" } else { "s" }
            )),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dataset files and report every problem, compiler-style.
    ///
    /// Exit status: 0 all valid (warnings allowed), 1 invalid data,
    /// 2 a file could not be read.
    Check {
        /// Dataset files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the org chart at a date, one role per line, indented.
    ///
    /// Each line: the role's title, its org in brackets, then its holders:
    /// `?` after a possible (uncertain) holder, `(acting)` after an acting one,
    /// `vacant` when nobody holds it.
    Tree(TreeArgs),
    /// Print events in date order: the date as written, the title, the kind.
    Timeline {
        /// The dataset (a RON file); the bundled story when absent.
        file: Option<PathBuf>,
        /// Only events this person (an id) takes part in.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// Only events this org (an id) takes part in.
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// Only events that may fall on or after this date (EDTF).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        from: Option<String>,
        /// Only events that may fall on or before this date (EDTF).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        to: Option<String>,
        /// Neither read nor write the snapshot cache (see `orgline --help`).
        #[arg(long)]
        no_cache: bool,
        /// Print JSON instead: an array, one object per event
        /// (`id`, `date` expanded, `title`, `kind`); see docs/export.md.
        #[arg(long)]
        json: bool,
    },
    /// Print quotes with speaker, date, text, translation and source.
    Quotes {
        /// The dataset (a RON file); the bundled story when absent.
        file: Option<PathBuf>,
        /// Only what this person (an id) said.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// Only quotes of this event (an id).
        #[arg(long, value_name = "ID")]
        event: Option<String>,
        /// Neither read nor write the snapshot cache (see `orgline --help`).
        #[arg(long)]
        no_cache: bool,
        /// Print JSON instead: an array, one object per quote (speaker, date
        /// expanded, text, translation, context, source, event); see docs/export.md.
        #[arg(long)]
        json: bool,
    },
    /// Print what changed between two dates, each change with its sources.
    ///
    /// Roles changing hands, roles created or ended, orgs founded, dissolved
    /// or joining a parent. Each change is followed by its sources: a
    /// tenure's own; for an org or
    /// role, those of the org's events that fall between the two dates and at
    /// the date of the change (shown as `event:` lines); `(no source)` when
    /// there is none. `(possible)` marks a change the dates allow but do not
    /// prove, `(acting)` an interim holder. A tenure that begins and ends
    /// between the two dates is in neither snapshot, so it is not listed.
    ///
    /// Example: `orgline diff 2020 2024-03` (the bundled story),
    /// `orgline diff story.ron 2010 2016-06`.
    #[command(override_usage = "orgline diff [FILE] FROM TO", allow_negative_numbers = true)]
    Diff(DiffArgs),
    /// Write the dataset or its org chart for other tools: JSON, Graphviz
    /// DOT, Mermaid or a Markdown report.
    ///
    /// Example: `orgline export --format dot | dot -Tsvg > chart.svg`,
    /// `orgline export story.ron --format markdown --as-of 2020 -o notes.md`.
    /// Formats and the JSON schema: docs/export.md.
    Export(ExportArgs),
    /// Make a dataset from an HR export (CSV) or Popolo JSON.
    ///
    /// The dataset goes to standard output, or to OUT with `-o`; warnings
    /// and counts go to standard error. Exit status: 0 done, 1 the input has
    /// errors, 2 a file could not be read or written. See docs/import.md.
    Import(super::import::ImportArgs),
    /// Write a short, commented starter dataset to FILE that shows every
    /// feature of the format and passes `orgline check`.
    Init {
        /// Where to write it (refused if it exists, unless --force).
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script.
    ///
    /// bash: `orgline completions bash > ~/.local/share/bash-completion/completions/orgline`;
    /// zsh: `orgline completions zsh > ~/.zfunc/_orgline` (with `fpath+=~/.zfunc` before
    /// `compinit`); fish: `orgline completions fish > ~/.config/fish/completions/orgline.fish`;
    /// elvish and powershell: evaluate the output in your profile.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `orgline man > ~/.local/share/man/man1/orgline.1`.
    Man,
    /// Print the paths orgline uses (configuration, cache), the settings in
    /// force, and with `--keys` every action name and its keys.
    Info {
        #[command(flatten)]
        look: LookArgs,
        /// Also list every action a configuration can rebind, with its keys.
        #[arg(long)]
        keys: bool,
    },
}
