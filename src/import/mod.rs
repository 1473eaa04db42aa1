//! Importing other formats into a dataset: HR exports as CSV
//! ([`csv`]) and Popolo JSON ([`popolo`]), written out as RON by
//! [`writer`].
//!
//! An importer works on bytes already read, never on the file system, and
//! returns a [`RawDataset`] (ids and dates as strings, exactly what the RON
//! file will say) or every problem it found, each at its `file:line:col`.
//! Imported data is untrusted: any input gives a dataset or errors, never a
//! panic. [`Imported::to_ron`] writes the dataset and loads the text back
//! through [`crate::model::load_str`], so what an import hands out always
//! passes `orgline check`.
//!
//! See `docs/import.md` for how columns and Popolo objects map to entries.

pub mod csv;
mod dates;
mod ids;
pub mod popolo;
pub mod writer;

use std::path::Path;

use crate::model::diagnostic::{Diagnostic, Pos};
use crate::model::raw::{RawDataset, RawSource};
use crate::model::{Date, load_str};

pub use dates::parse_date;
pub use ids::{Ids, slug};

/// One input file, already read.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name used in messages and in the generated source (the path as given).
    pub name: String,
    /// The file's bytes, in any encoding; only UTF-8 is accepted.
    pub bytes: Vec<u8>,
}

impl Input {
    /// The file name without its folders: what the dataset cites.
    pub fn file_name(&self) -> String {
        Path::new(&self.name).file_name().map_or_else(|| self.name.clone(), |n| n.to_string_lossy().into_owned())
    }

    /// The file name without folders and extension.
    pub fn stem(&self) -> String {
        Path::new(&self.name).file_stem().map_or_else(|| self.name.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// A problem in an input file: a diagnostic and the file it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The input's display name.
    pub file: String,
    /// What is wrong, where.
    pub diagnostic: Diagnostic,
}

impl Problem {
    /// An error at `pos` in `file`.
    pub fn error(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Problem { file: file.to_owned(), diagnostic: Diagnostic::error(pos, message) }
    }

    /// A warning at `pos` in `file`.
    pub fn warning(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Problem { file: file.to_owned(), diagnostic: Diagnostic::warning(pos, message) }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.diagnostic.is_error()
    }

    /// `file:line:col: error: message`, escaped for the terminal.
    pub fn render(&self) -> String {
        self.diagnostic.render(&self.file, None)
    }
}

/// What the user says about where the imported file comes from; it goes
/// into the one source every imported fact cites.
#[derive(Clone, Debug, Default)]
pub struct SourceInfo {
    /// The source's title; default: the file name.
    pub title: Option<String>,
    /// Where the file can be found.
    pub url: Option<String>,
    /// When the file was made (EDTF), if the user knows it.
    pub date: Option<String>,
}

impl SourceInfo {
    /// The source entry for an imported file. Its date is the one the user
    /// gave, else none: the import itself has no date worth inventing.
    fn source(&self, id: String, input: &Input, note: String) -> Result<RawSource, Problem> {
        let date = match self.date.as_deref() {
            None => None,
            Some(d) => Some(
                Date::parse(d)
                    .map_err(|e| Problem::error(&input.name, None, format!("--source-date \"{d}\": {e}")))?
                    .as_str()
                    .to_owned(),
            ),
        };
        Ok(RawSource {
            id,
            title: self.title.clone().unwrap_or_else(|| input.file_name()),
            publisher: None,
            date,
            language: None,
            url: self.url.clone(),
            via: None,
            note: Some(note),
        })
    }
}

/// A dataset made by an import, with what the user should hear about it.
#[derive(Debug)]
pub struct Imported {
    /// The dataset, ids and dates as they will be written.
    pub dataset: RawDataset,
    /// Things in the input that are probably mistakes, or that the dataset
    /// could not keep.
    pub warnings: Vec<Problem>,
    /// Plain information: columns ignored, fields guessed.
    pub notes: Vec<String>,
    /// The first lines of the header comment: what was imported.
    pub header: Vec<String>,
}

/// The text of an import and how `orgline check` sees it.
#[derive(Debug)]
pub struct Written {
    /// The RON text.
    pub text: String,
    /// How many warnings `orgline check` gives the text.
    pub check_warnings: usize,
}

impl Imported {
    /// "imported 107 people, 19 roles, 107 tenures (1 org, 1 source)".
    pub fn summary(&self) -> String {
        let d = &self.dataset;
        let mut s = format!(
            "imported {}, {}, {}",
            count(d.people.len(), "person", "people"),
            count(d.roles.len(), "role", "roles"),
            count(d.tenures.len(), "tenure", "tenures")
        );
        let mut extra = vec![count(d.orgs.len(), "org", "orgs")];
        if !d.events.is_empty() {
            extra.push(count(d.events.len(), "event", "events"));
        }
        extra.push(count(d.sources.len(), "source", "sources"));
        s.push_str(&format!(" ({})", extra.join(", ")));
        s
    }

    /// The dataset as RON, checked by loading it back. `command` is the
    /// command line that made it, for the header comment.
    ///
    /// An error here is a bug in the importer, never in the input: every
    /// input problem is caught before the dataset is built.
    pub fn to_ron(&self, command: &str) -> Result<Written, String> {
        let mut header = self.header.clone();
        header.insert(header.len().min(1), format!("Command: {command}"));
        let text = writer::write_dataset(&self.dataset, &header);
        match load_str(&text) {
            Ok(loaded) => Ok(Written { text, check_warnings: loaded.warnings.len() }),
            Err(diags) => {
                let first = diags.first().map(|d| d.render("<import>", Some(&text))).unwrap_or_default();
                Err(format!("the imported dataset does not check (a bug in orgline import):\n{first}"))
            }
        }
    }
}

/// "1 person", "3 people".
/// Gives each role held by three or more people at once (certainly, by
/// the dates) as many seats as it has holders at the busiest time: an HR
/// export's "Sales Representative", a parliament's members. Two at once is
/// left alone: in a list of posts that is more often a stale end date or a
/// handover the source got wrong, which `orgline check` then points out
/// (add `seats: 2` by hand where the role really is shared).
pub fn fill_seats(ds: &mut RawDataset) {
    use crate::model::Date;
    use crate::model::validate::max_certain_holders;
    use std::collections::HashMap;
    type Spans = Vec<(Option<Date>, Option<Date>)>;
    let mut dates: HashMap<&str, Spans> = HashMap::new();
    for t in ds.tenures.iter().filter(|t| !t.acting) {
        let parse = |d: &Option<String>| d.as_deref().and_then(|s| Date::parse(s).ok());
        dates.entry(t.role.as_str()).or_default().push((parse(&t.start), parse(&t.end)));
    }
    let seats: HashMap<String, u32> = dates
        .into_iter()
        .map(|(role, spans)| {
            (role.to_string(), max_certain_holders(spans.iter().map(|(s, e)| (s.as_ref(), e.as_ref()))))
        })
        .collect();
    for r in &mut ds.roles {
        r.seats = seats.get(&r.id).copied().filter(|&n| n >= 3);
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Errors first, then warnings: what a failed import reports.
fn failure(mut errors: Vec<Problem>, warnings: Vec<Problem>) -> Vec<Problem> {
    errors.extend(warnings);
    errors
}

/// A value for messages: in double quotes, escaped, cut when long (a
/// hostile file may hold a field of megabytes).
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 60;
    let mut cut: String = s.chars().take(MAX).collect();
    if cut.len() < s.len() {
        cut.push('…');
    }
    crate::model::text::quoted(&cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_pluralized() {
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(0, "person", "people"), "0 people");
    }

    #[test]
    fn shown_values_are_quoted_escaped_and_cut() {
        assert_eq!(shown("a\u{1b}b"), "\"a\\u{1b}b\"");
        let long = "x".repeat(1000);
        assert_eq!(shown(&long), format!("\"{}…\"", "x".repeat(60)));
    }

    #[test]
    fn input_names() {
        let i = Input { name: "../data/employees.csv".into(), bytes: vec![] };
        assert_eq!(i.file_name(), "employees.csv");
        assert_eq!(i.stem(), "employees");
    }
}
