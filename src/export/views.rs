//! The text views as JSON (`orgline tree --json`, `timeline --json`,
//! `quotes --json`): the same content as their lines, one entry per line of
//! the text view, dates expanded as in the JSON export.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::model::date::Coverage;
use crate::model::{Dataset, Date, EventIx, QuoteIx};
use crate::query::{EventFilter, Index, QuoteFilter, source_citation};

use super::json::{ExpandedDate, Seq, write_pretty};

/// The org chart at a date, as `orgline tree` shows it: the dataset's
/// title, the date, and one entry per role line, depth-first.
pub(super) struct Chart<'a> {
    index: &'a Index,
    at: &'a Date,
}

impl<'a> Chart<'a> {
    pub(super) fn new(index: &'a Index, at: &'a Date) -> Self {
        Chart { index, at }
    }
}

#[derive(Serialize)]
struct ChartRoleJson<'a> {
    depth: u32,
    role: &'a str,
    title: &'a str,
    org: &'a str,
    org_name: &'a str,
    reports_to: Option<&'a str>,
    holders: Vec<HolderJson<'a>>,
    dotted_to: Vec<DottedJson<'a>>,
}

#[derive(Serialize)]
struct HolderJson<'a> {
    person: &'a str,
    name: &'a str,
    coverage: &'static str,
    acting: bool,
}

#[derive(Serialize)]
struct DottedJson<'a> {
    role: &'a str,
    title: &'a str,
    org_name: &'a str,
}

impl Serialize for Chart<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, ds) = (self.index, self.index.dataset());
        let span = self.at.span();
        let chart = index.org_chart_at(span);
        let mut st = s.serialize_struct("Chart", 3)?;
        st.serialize_field("title", &ds.title)?;
        st.serialize_field("as_of", &ExpandedDate(self.at))?;
        st.serialize_field(
            "roles",
            &Seq(|| {
                chart.walk().map(|row| {
                    let role = ds.role(row.role);
                    ChartRoleJson {
                        depth: row.depth,
                        role: &role.id,
                        title: &role.title,
                        org: &ds.org(role.org).id,
                        org_name: &ds.org(role.org).name,
                        reports_to: chart.parent(row.role).map(|p| ds.role(p).id.as_str()),
                        holders: index
                            .holders_at(row.role, span)
                            .iter()
                            .map(|h| HolderJson {
                                person: &ds.person(h.person).id,
                                name: &ds.person(h.person).name,
                                coverage: if h.coverage == Coverage::Certain { "certain" } else { "possible" },
                                acting: h.acting,
                            })
                            .collect(),
                        dotted_to: role
                            .dotted_to
                            .iter()
                            .filter(|&&d| chart.contains(d))
                            .map(|&d| DottedJson {
                                role: &ds.role(d).id,
                                title: &ds.role(d).title,
                                org_name: &ds.org(ds.role(d).org).name,
                            })
                            .collect(),
                    }
                })
            }),
        )?;
        st.end()
    }
}

/// `orgline tree --json`: the org chart at `at`.
pub fn write_tree_json(w: &mut impl Write, index: &Index, at: &Date) -> io::Result<()> {
    write_pretty(w, &Chart::new(index, at))
}

/// `orgline tree --json` for a dataset with no date to show: the title,
/// and `null` for the date and the roles.
pub fn write_undated_tree_json(w: &mut impl Write, index: &Index) -> io::Result<()> {
    #[derive(Serialize)]
    struct Undated<'a> {
        title: &'a Option<crate::model::Text>,
        as_of: Option<()>,
        roles: Option<()>,
    }
    write_pretty(w, &Undated { title: &index.dataset().title, as_of: None, roles: None })
}

#[derive(Serialize)]
struct EventLineJson<'a> {
    id: &'a str,
    date: ExpandedDate<'a>,
    title: &'a str,
    kind: Option<&'a str>,
}

fn event_line(ds: &Dataset, e: EventIx) -> EventLineJson<'_> {
    let ev = ds.event(e);
    EventLineJson { id: &ev.id, date: ExpandedDate(&ev.date), title: &ev.title, kind: ev.kind.as_deref() }
}

/// `orgline timeline --json`: the events that pass `filter`, in date order.
pub fn write_timeline_json(w: &mut impl Write, index: &Index, filter: EventFilter) -> io::Result<()> {
    let ds = index.dataset();
    write_pretty(w, &Seq(|| index.events_matching(filter).map(|e| event_line(ds, e))))
}

#[derive(Serialize)]
struct QuoteLineJson<'a> {
    id: &'a str,
    speaker: Named<'a>,
    date: Option<ExpandedDate<'a>>,
    text: &'a str,
    translation: Option<&'a str>,
    context: Option<&'a str>,
    source: Cited<'a>,
    event: Option<EventRef<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Cited<'a> {
    id: &'a str,
    citation: String,
}

#[derive(Serialize)]
struct EventRef<'a> {
    id: &'a str,
    title: &'a str,
    date: ExpandedDate<'a>,
}

fn quote_line(ds: &Dataset, q: QuoteIx) -> QuoteLineJson<'_> {
    let quote = ds.quote(q);
    let speaker = ds.person(quote.speaker);
    QuoteLineJson {
        id: &quote.id,
        speaker: Named { id: &speaker.id, name: &speaker.name },
        date: quote.date.as_ref().map(ExpandedDate),
        text: &quote.text,
        translation: quote.translation.as_deref(),
        context: quote.context.as_deref(),
        source: Cited { id: &ds.source(quote.source).id, citation: source_citation(ds, quote.source) },
        event: quote.event.map(|e| {
            let ev = ds.event(e);
            EventRef { id: &ev.id, title: &ev.title, date: ExpandedDate(&ev.date) }
        }),
    }
}

/// `orgline quotes --json`: the quotes that pass `filter`, in date order.
pub fn write_quotes_json(w: &mut impl Write, index: &Index, filter: QuoteFilter) -> io::Result<()> {
    let ds = index.dataset();
    write_pretty(w, &Seq(|| index.quotes_matching(filter).map(|q| quote_line(ds, q))))
}
