//! Citations: how a source is written out wherever it is shown.

use crate::model::text::escape_controls;
use crate::model::{Dataset, SourceIx};

/// A source as a citation: title, publisher, date, and `via` the source it
/// is known through.
pub fn source_citation(ds: &Dataset, s: SourceIx) -> String {
    let src = ds.source(s);
    let mut out = escape_controls(&src.title).into_owned();
    if let Some(p) = &src.publisher {
        out.push_str(&format!(", {}", escape_controls(p)));
    }
    if let Some(d) = &src.date {
        out.push_str(&format!(", {}", escape_controls(d.as_str())));
    }
    if let Some(v) = src.via {
        out.push_str(&format!(" (via {})", escape_controls(&ds.source(v).title)));
    }
    out
}
