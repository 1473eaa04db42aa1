//! The plain-text views: the org chart, the timeline, the quotes and the
//! changes between two dates, for scripts, pipes and tests. Output is
//! streamed; every dataset string goes through `esc` so no control
//! character reaches the terminal.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::model::text::escape_controls;
use crate::model::{Dataset, Date};
use crate::query::diff::diff;
use crate::query::{EventFilter, Index, QuoteFilter, source_citation};

fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(s)
}

pub use crate::query::holders_phrase;

/// The org chart at `at`: a header line, then one role per line, indented
/// two spaces per level: `Title [Org]: holders`, and dotted-line reports.
pub fn write_tree(w: &mut impl Write, index: &Index, at: &Date) -> io::Result<()> {
    let ds = index.dataset();
    let span = at.span();
    let chart = index.org_chart_at(span);
    writeln!(w, "{} — as of {}", esc(title(ds)), esc(at.as_str()))?;
    if chart.is_empty() {
        writeln!(w, "(no role exists at this date)")?;
    }
    for row in chart.walk() {
        let role = ds.role(row.role);
        let indent = "  ".repeat(row.depth as usize);
        write!(
            w,
            "{indent}{} [{}]: {}",
            esc(&role.title),
            esc(&ds.org(role.org).name),
            holders_phrase(index, row.role, span)
        )?;
        let dotted: Vec<String> = role
            .dotted_to
            .iter()
            .filter(|&&d| chart.contains(d))
            .map(|&d| format!("{} [{}]", esc(&ds.role(d).title), esc(&ds.org(ds.role(d).org).name)))
            .collect();
        if !dotted.is_empty() {
            write!(w, " (dotted line to {})", dotted.join(", "))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

fn title(ds: &Dataset) -> &str {
    ds.title.as_deref().unwrap_or("Org chart")
}

/// Events in date order: the date as written (padded to a column), the
/// title, and the kind in brackets.
pub fn write_timeline(w: &mut impl Write, index: &Index, filter: EventFilter) -> io::Result<()> {
    let ds = index.dataset();
    // The date column is as wide as the widest date shown, capped so one
    // odd date does not push every title off the screen.
    let width =
        index.events_matching(filter).map(|e| esc(ds.event(e).date.as_str()).width()).max().unwrap_or(0).min(24);
    for e in index.events_matching(filter) {
        let ev = ds.event(e);
        let date = esc(ev.date.as_str());
        let pad = " ".repeat(width.saturating_sub(date.width()));
        write!(w, "{date}{pad}  {}", esc(&ev.title))?;
        if let Some(kind) = &ev.kind {
            write!(w, "  [{}]", esc(kind))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Quotes in date order, each a block: speaker and date, the text, its
/// translation, context, source and event, then a blank line.
pub fn write_quotes(w: &mut impl Write, index: &Index, filter: QuoteFilter) -> io::Result<()> {
    let ds = index.dataset();
    for q in index.quotes_matching(filter) {
        let quote = ds.quote(q);
        write!(w, "{}", esc(&ds.person(quote.speaker).name))?;
        if let Some(d) = &quote.date {
            write!(w, ", {}", esc(d.as_str()))?;
        }
        writeln!(w)?;
        writeln!(w, "  « {} »", esc(&quote.text))?;
        if let Some(t) = &quote.translation {
            writeln!(w, "  Translation: “{}”", esc(t))?;
        }
        if let Some(c) = &quote.context {
            writeln!(w, "  Context: {}", esc(c))?;
        }
        writeln!(w, "  Source: {}", source_citation(ds, quote.source))?;
        if let Some(e) = quote.event {
            let ev = ds.event(e);
            writeln!(w, "  Event: {} ({})", esc(&ev.title), esc(ev.date.as_str()))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// What changed from `from` to `to`: a heading line, then each non-empty
/// group under its heading, one change per line, each followed by the
/// events it rests on (`event:`) and its sources (`source:`), or
/// `(no source)`.
pub fn write_diff(w: &mut impl Write, index: &Index, from: &Date, to: &Date) -> io::Result<()> {
    let ds = index.dataset();
    let changes = diff(index, from, to);
    writeln!(w, "Changes from {} to {}", esc(from.as_str()), esc(to.as_str()))?;
    if changes.is_empty() {
        writeln!(w, "(nothing changed between these dates)")?;
    }
    for (group, entries) in changes.groups() {
        writeln!(w)?;
        writeln!(w, "{}", group.heading())?;
        for entry in entries {
            writeln!(w, "  {}", entry.describe(index))?;
            for &e in &entry.events {
                let ev = ds.event(e);
                writeln!(w, "    event: {} ({})", esc(&ev.title), esc(ev.date.as_str()))?;
            }
            if entry.is_unsourced() {
                writeln!(w, "    (no source)")?;
            }
            for &s in &entry.sources {
                writeln!(w, "    source: {}", source_citation(ds, s))?;
            }
        }
    }
    Ok(())
}
