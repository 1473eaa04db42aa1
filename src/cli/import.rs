//! `orgline import csv|popolo FILE [-o OUT]`: a dataset from another format.
//!
//! The dataset goes to standard output, or with `-o` to a temporary file
//! beside OUT that is then renamed over it, so OUT is never left half
//! written. Warnings and counts go to standard error. Exit status: 0 done
//! (warnings allowed), 1 the input has errors (each at `file:line:col`),
//! 2 a file could not be read or written, or a bad argument.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Failure;
use crate::import::csv::{CsvOptions, Field, import_csv, parse_column_override};
use crate::import::popolo::import_popolo;
use crate::import::{Input, Problem, SourceInfo};
use crate::model::text::escape_controls;

/// Arguments of `orgline import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// The formats `orgline import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// An HR export: a CSV file with a header row, one row per person and post.
    ///
    /// Usual column names are recognized whatever their case, spaces and
    /// underscores: id (employee id, emp id), name (full name, or first
    /// name + last name), title (job title, position, role), job id,
    /// manager id (reports to, supervisor id), department, start (hire
    /// date), end (termination date). Other columns are ignored. See
    /// docs/import.md.
    Csv {
        /// The CSV file.
        file: PathBuf,
        /// Which column holds a field, when its header is not recognized:
        /// `--column title=Position`. FIELD is one of id, name, first_name,
        /// last_name, title, job_id, manager, department, start, end; an
        /// empty HEADER (`--column manager=`) reads the field from no column.
        #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column_override)]
        columns: Vec<(Field, String)>,
        /// A CSV of job codes and titles (`job_id,job_title`): roles are
        /// titled from it when the file has job codes but no titles.
        #[arg(long, value_name = "JOBS.csv")]
        jobs: Option<PathBuf>,
        /// A CSV of department ids and names (`department_id,department_name`)
        /// for the notes on roles and tenures.
        #[arg(long, value_name = "DEPTS.csv")]
        departments: Option<PathBuf>,
        /// A CSV of past posts, as in an HR system's job history (id, start,
        /// end, job code or title, department): each row a past tenure of
        /// the person of FILE with that id.
        #[arg(long, value_name = "HISTORY.csv")]
        history: Option<PathBuf>,
        /// The org every role is in; default: FILE's name without extension.
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Popolo JSON: persons, organizations, posts, memberships, events.
    ///
    /// Memberships become tenures in roles of their organizations; dates
    /// keep their precision. See docs/import.md.
    Popolo {
        /// The Popolo JSON file.
        file: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
}

/// What both formats take.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Write the dataset to OUT (replaced whole) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// The title of the source every imported fact cites; default: FILE's name.
    #[arg(long, value_name = "TITLE")]
    source: Option<String>,
    /// Where FILE can be found, for the source entry.
    #[arg(long, value_name = "URL")]
    source_url: Option<String>,
    /// When FILE was made (EDTF), for the source entry; default: no date.
    #[arg(long, value_name = "DATE", value_parser = edtf)]
    source_date: Option<String>,
}

impl CommonArgs {
    fn source_info(&self) -> SourceInfo {
        SourceInfo { title: self.source.clone(), url: self.source_url.clone(), date: self.source_date.clone() }
    }
}

/// Checks a date argument, keeping it as written.
fn edtf(s: &str) -> Result<String, String> {
    crate::model::Date::parse(s).map(|_| s.to_owned()).map_err(|e| e.to_string())
}

/// Runs `orgline import`.
pub fn run(args: &ImportArgs) -> Result<(), Failure> {
    let (result, input_path, common) = match &args.format {
        ImportFormat::Csv { file, columns, jobs, departments, history, org, common } => {
            let input = read(file)?;
            let opts = CsvOptions {
                columns: columns.clone(),
                jobs: jobs.as_deref().map(read).transpose()?,
                departments: departments.as_deref().map(read).transpose()?,
                history: history.as_deref().map(read).transpose()?,
                org: org.clone(),
                source: common.source_info(),
            };
            (import_csv(&input, &opts), file, common)
        }
        ImportFormat::Popolo { file, common } => {
            let input = read(file)?;
            (import_popolo(&input, &common.source_info()), file, common)
        }
    };
    if let Some(out) = &common.output
        && same_file(out, input_path)
    {
        return Err(Failure::Usage(format!("-o {} would overwrite the file being imported", out.display())));
    }
    let imported = result.map_err(|problems| report(&problems))?;
    let written = imported.to_ron(&command_line()).map_err(Failure::Usage)?;
    let mut err = io::stderr().lock();
    for note in &imported.notes {
        let _ = writeln!(err, "orgline: {}", escape_controls(note));
    }
    for w in &imported.warnings {
        let _ = err.write_all(w.render().as_bytes());
    }
    match &common.output {
        Some(out) => write_atomically(out, written.text.as_bytes())
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", out.display())))?,
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(written.text.as_bytes())?;
            stdout.flush()?;
        }
    }
    let checked = match written.check_warnings {
        0 => "`orgline check` finds no problem".to_owned(),
        n => format!("`orgline check` gives {n} warning{} (run it to see them)", if n == 1 { "" } else { "s" }),
    };
    let _ = writeln!(err, "orgline: {}; {checked}", imported.summary());
    Ok(())
}

/// Reads an input file; an unreadable one is exit 2, like other commands.
fn read(path: &Path) -> Result<Input, Failure> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {name}: {e}")))?;
    Ok(Input { name, bytes })
}

/// Prints every problem (errors first, at most 100 of them) to stderr.
fn report(problems: &[Problem]) -> Failure {
    const MAX_ERRORS: usize = 100;
    let mut err = io::stderr().lock();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    for p in problems.iter().filter(|p| p.is_error()).take(MAX_ERRORS) {
        let _ = err.write_all(p.render().as_bytes());
    }
    if errors > MAX_ERRORS {
        let _ = writeln!(err, "orgline: … and {} more errors", errors - MAX_ERRORS);
    }
    for p in problems.iter().filter(|p| !p.is_error()) {
        let _ = err.write_all(p.render().as_bytes());
    }
    let _ = writeln!(err, "orgline: nothing imported: {errors} error{}", if errors == 1 { "" } else { "s" });
    Failure::Invalid
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: readers see the old file or the whole new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.orgline-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The command line as typed, for the dataset's header comment; arguments
/// with unusual characters in single quotes.
fn command_line() -> String {
    let mut args = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    let first = args.next().map(|a| Path::new(&a).file_name().map_or(a.clone(), |n| n.to_string_lossy().into_owned()));
    first
        .into_iter()
        .chain(args)
        .map(|a| {
            let plain = !a.is_empty() && a.chars().all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain { a } else { format!("'{}'", a.replace('\'', r"'\''")) }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("orgline-import-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out.ron");
        std::fs::write(&out, "old and longer").unwrap();
        write_atomically(&out, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("out.ron")], "no temporary file is left");
        assert!(write_atomically(&dir.join("no/such/dir/x.ron"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
