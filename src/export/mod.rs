//! Exports for other tools: the whole dataset as JSON (every date
//! expanded), the org chart at a date for Graphviz (DOT) and Mermaid, and a
//! Markdown report to paste into notes. Every writer takes any
//! [`io::Write`]; the command line only picks the format and the file.
//!
//! Who holds a role, which roles are on the chart and which org lies under
//! which at a date are all asked of [`crate::query`]; this module only
//! writes the answers out, escaped for each format. Dataset text is
//! untrusted: no format lets a control, bidi or invisible format character
//! through raw, so `orgline export … | cat` is as safe on a terminal as the
//! text views.

mod dot;
pub mod json;
mod markdown;
mod mermaid;
mod nesting;
pub mod views;

use std::io::{self, Write};

use crate::model::Date;
use crate::query::{Holder, Index};

pub use dot::write_dot;
pub use markdown::write_markdown;
pub use mermaid::write_mermaid;

/// What `orgline export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The whole dataset, dates expanded, and the org chart at the date.
    Json,
    /// The org chart at the date as a Graphviz digraph.
    Dot,
    /// The org chart at the date as a Mermaid flowchart.
    Mermaid,
    /// A report: the org chart at the date, the timeline, the quotes.
    Markdown,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The format draws the org chart, and there is no date to draw it at:
    /// the dataset has neither dates nor `as_of`, and none was given.
    #[error("the dataset has no dates and no as_of, so there is no org chart to draw; pass --as-of DATE")]
    NoDate,
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Writes `index` in `format`. `at` is the date of the org chart (the
/// caller's `--as-of`, else [`Index::default_as_of`]); JSON and Markdown
/// leave the chart out without one, DOT and Mermaid cannot.
pub fn export(w: &mut impl Write, index: &Index, format: Format, at: Option<&Date>) -> Result<(), ExportError> {
    match format {
        Format::Json => json::write_dataset(w, index, at)?,
        Format::Markdown => write_markdown(w, index, at)?,
        Format::Dot => write_dot(w, index, at.ok_or(ExportError::NoDate)?)?,
        Format::Mermaid => write_mermaid(w, index, at.ok_or(ExportError::NoDate)?)?,
    }
    Ok(())
}

/// How a role is held at a date, for styling a chart node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holding {
    /// Nobody holds it.
    Vacant,
    /// Some holder is acting (an interim).
    Acting,
    /// Held, by no acting holder.
    Held,
}

impl Holding {
    fn of(holders: &[Holder]) -> Holding {
        if holders.is_empty() {
            Holding::Vacant
        } else if holders.iter().any(|h| h.acting) {
            Holding::Acting
        } else {
            Holding::Held
        }
    }
}

/// What a role's box in a diagram says, a line each and not yet escaped:
/// the title, then each holder (`Name?`, `(acting)`), or `vacant`.
fn node_lines(index: &Index, role: crate::model::RoleIx, holders: &[Holder]) -> Vec<String> {
    let ds = index.dataset();
    let mut lines = vec![ds.role(role).title.to_string()];
    if holders.is_empty() {
        lines.push("vacant".into());
    }
    lines.extend(holders.iter().map(|h| crate::query::holder_label(ds, h)));
    lines
}

/// The heading every chart export carries: `Title — as of DATE`.
fn chart_heading(index: &Index, at: &Date) -> String {
    let title = index.dataset().title.as_deref().unwrap_or("Org chart");
    format!("{title} — as of {}", at.as_str())
}
