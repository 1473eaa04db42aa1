//! Citations: how a source is written out wherever it is shown.

use crate::model::date::{Coverage, Span};
use crate::model::text::escape_controls;
use crate::model::{Dataset, RoleIx, SourceIx};
use crate::query::{Holder, Index};

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

/// The holders of `role` at `at` as one phrase: `Jane Doe, John Roe? (acting)`, or `vacant`.
pub fn holders_phrase(index: &Index, role: RoleIx, at: Span) -> String {
    let ds = index.dataset();
    let holders = index.holders_at(role, at);
    if holders.is_empty() {
        return "vacant".to_string();
    }
    holders.iter().map(|h| holder_label(ds, h)).collect::<Vec<_>>().join(", ")
}

/// One holder as every view writes it: the name, `?` when only possibly
/// holding, ` (acting)` for an interim holder: `John Roe? (acting)`.
pub fn holder_label(ds: &Dataset, h: &Holder) -> String {
    let mut s = escape_controls(&ds.person(h.person).name).into_owned();
    if h.coverage == Coverage::Possible {
        s.push('?');
    }
    if h.acting {
        s.push_str(" (acting)");
    }
    s
}
