//! `orgline export`: the arguments checked, the dataset opened, the export
//! written to standard output or, whole, to a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::export::{self as exp, ExportError, Format};
use crate::model::text::quoted;

use super::{ExportArgs, ExportFormat, Failure, as_of_arg, open, parse_arg_date};

/// Runs `orgline export`. A bad `--as-of` is reported before the file is read.
pub(super) fn export(args: &ExportArgs) -> Result<(), Failure> {
    if let Some(s) = &args.as_of {
        parse_arg_date("--as-of", s)?;
    }
    let index = open(args.file.as_deref(), !args.no_cache)?;
    let at = as_of_arg(&index, args.as_of.as_deref())?;
    let format = match args.format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Dot => Format::Dot,
        ExportFormat::Mermaid => Format::Mermaid,
        ExportFormat::Markdown => Format::Markdown,
    };
    let write = |w: &mut dyn Write| -> Result<(), ExportError> {
        let mut w = BufWriter::new(w);
        exp::export(&mut w, &index, format, at.as_ref())?;
        w.flush()?;
        Ok(())
    };
    match &args.output {
        None => write(&mut io::stdout().lock()).map_err(|e| match e {
            ExportError::Io(e) => Failure::Io(e),
            other => Failure::Usage(other.to_string()),
        }),
        Some(out) => write_file(out, write),
    }
}

/// Writes `out` whole: into a new file beside it, then renamed over it, so
/// a reader never sees half an export and a failure leaves `out` as it was.
fn write_file(out: &Path, write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>) -> Result<(), Failure> {
    let cannot =
        |e: &dyn std::fmt::Display| Failure::Usage(format!("cannot write {}: {e}", quoted(&out.display().to_string())));
    if out.is_dir() {
        return Err(cannot(&"it is a directory"));
    }
    let (tmp, mut file) = temp_beside(out).map_err(|e| cannot(&e))?;
    let result = write(&mut file).and_then(|()| file.sync_all().map_err(ExportError::from));
    drop(file);
    let result = result.map_err(|e| match e {
        ExportError::Io(e) => cannot(&e),
        other => Failure::Usage(other.to_string()),
    });
    let result = result.and_then(|()| fs::rename(&tmp, out).map_err(|e| cannot(&e)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new, empty file in the directory of `out`, named after it.
fn temp_beside(out: &Path) -> io::Result<(PathBuf, File)> {
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.{pid}.{attempt}.orgline-tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
