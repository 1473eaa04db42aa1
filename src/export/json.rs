//! JSON: the whole dataset, every date expanded into what orgline knows of
//! it, written pretty with a fixed key order (the order of the fields
//! below, documented in `docs/export.md`).
//!
//! Strings are escaped beyond JSON's own rules: C1 controls, DEL, bidi
//! controls and invisible format characters (everything
//! [`is_unsafe_char`] names) come out as `\uXXXX`, so the output is plain
//! printable text whatever the dataset holds. Ids in particular reach here
//! as written, while other text was already made safe at load.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::date::{End, Precision, Qualifier};
use crate::model::text::is_unsafe_char;
use crate::model::*;
use crate::query::Index;

use super::views::Chart;

/// The value of the `"format"` key heading every export.
pub const FORMAT_NAME: &str = "orgline-export";
/// The value of the `"version"` key: raised when a key changes meaning or
/// goes away (new keys may appear without it).
pub const FORMAT_VERSION: u32 = 1;

/// Writes `value` as pretty JSON with [`SafeFormatter`], then a line break.
pub fn write_pretty<T: Serialize + ?Sized>(w: &mut impl Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, SafeFormatter::default());
    value.serialize(&mut ser).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

/// serde_json's [`PrettyFormatter`] (two-space indent), escaping every
/// [unsafe](is_unsafe_char) character as `\uXXXX` besides the ones JSON
/// itself requires.
#[derive(Default)]
pub struct SafeFormatter {
    pretty: PrettyFormatter<'static>,
}

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        write_escaped_fragment(w, fragment)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

/// Writes a piece of a JSON string that needs no JSON escape, with every
/// unsafe character as `\uXXXX` (a surrogate pair above the BMP).
fn write_escaped_fragment<W: ?Sized + Write>(w: &mut W, fragment: &str) -> io::Result<()> {
    let mut rest = 0;
    for (i, c) in fragment.char_indices().filter(|&(_, c)| is_unsafe_char(c)) {
        w.write_all(&fragment.as_bytes()[rest..i])?;
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            write!(w, "\\u{unit:04x}")?;
        }
        rest = i + c.len_utf8();
    }
    w.write_all(&fragment.as_bytes()[rest..])
}

/// A date as JSON: as written, its span, its widened span, its precision
/// and qualifiers, and for an interval what each end is.
///
/// ```json
/// {
///   "as_written": "2022~",
///   "earliest": "2022-01-01",
///   "latest": "2022-12-31",
///   "widened_earliest": "2021-01-01",
///   "widened_latest": "2023-12-31",
///   "precision": "year",
///   "approximate": true,
///   "uncertain": false,
///   "interval": null
/// }
/// ```
///
/// Days are ISO 8601 (`2022-01-01`; `-0044-03-15` before year 0,
/// `+17000-01-01` after 9999); an open or unknown bound is `null`.
#[derive(Clone, Copy, Debug)]
pub struct ExpandedDate<'a>(pub &'a Date);

impl Serialize for ExpandedDate<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let (span, widened) = (d.span(), d.widened());
        let lower = |s: Span| (!s.is_open_start()).then(|| s.earliest.to_string());
        let upper = |s: Span| (!s.is_open_end()).then(|| s.latest.to_string());
        let qualifiers: Vec<Qualifier> = match d.ends() {
            None => vec![d.qualifier()],
            Some((a, b)) => [a, b]
                .into_iter()
                .filter_map(|e| match e {
                    End::Known { qualifier, .. } => Some(qualifier),
                    _ => None,
                })
                .collect(),
        };
        let mut st = s.serialize_struct("Date", 9)?;
        st.serialize_field("as_written", d.as_str())?;
        st.serialize_field("earliest", &lower(span))?;
        st.serialize_field("latest", &upper(span))?;
        st.serialize_field("widened_earliest", &lower(widened))?;
        st.serialize_field("widened_latest", &upper(widened))?;
        st.serialize_field("precision", precision_name(d.precision()))?;
        st.serialize_field("approximate", &qualifiers.iter().any(|&q| is_approximate(q)))?;
        st.serialize_field("uncertain", &qualifiers.iter().any(|&q| is_uncertain(q)))?;
        st.serialize_field(
            "interval",
            &d.ends().map(|(start, end)| Interval { start: IntervalEnd(start), end: IntervalEnd(end) }),
        )?;
        st.end()
    }
}

/// The two ends of an interval date.
#[derive(Serialize)]
struct Interval {
    start: IntervalEnd,
    end: IntervalEnd,
}

/// One end of an interval: `{"kind": "date" | "open" | "unknown", "precision", "approximate", "uncertain"}`.
struct IntervalEnd(End);

impl Serialize for IntervalEnd {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (kind, precision, qualifier) = match self.0 {
            End::Open => ("open", None, Qualifier::None),
            End::Unknown => ("unknown", None, Qualifier::None),
            End::Known { precision, qualifier } => ("date", Some(precision_name(precision)), qualifier),
        };
        let mut st = s.serialize_struct("End", 4)?;
        st.serialize_field("kind", kind)?;
        st.serialize_field("precision", &precision)?;
        st.serialize_field("approximate", &is_approximate(qualifier))?;
        st.serialize_field("uncertain", &is_uncertain(qualifier))?;
        st.end()
    }
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Season => "season",
        Precision::Year => "year",
        Precision::Decade => "decade",
        Precision::Century => "century",
        Precision::Millennium => "millennium",
        Precision::Unspecified => "unspecified",
        Precision::Interval => "interval",
    }
}

fn is_approximate(q: Qualifier) -> bool {
    matches!(q, Qualifier::Approximate | Qualifier::Both)
}

fn is_uncertain(q: Qualifier) -> bool {
    matches!(q, Qualifier::Uncertain | Qualifier::Both)
}

/// An optional date, expanded.
fn expand(d: Option<&Date>) -> Option<ExpandedDate<'_>> {
    d.map(ExpandedDate)
}

/// A sequence serialized from an iterator made on demand, so a million
/// entries are streamed rather than collected.
pub(super) struct Seq<F>(pub F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<ExpandedDate<'a>>,
    language: Option<&'a str>,
    url: Option<&'a str>,
    via: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OrgJson<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
    parent_since: Option<ExpandedDate<'a>>,
    founded: Option<ExpandedDate<'a>>,
    dissolved: Option<ExpandedDate<'a>>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [crate::model::Text],
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct RoleJson<'a> {
    id: &'a str,
    org: &'a str,
    title: &'a str,
    reports_to: Option<&'a str>,
    dotted_to: Vec<&'a str>,
    seats: u32,
    start: Option<ExpandedDate<'a>>,
    end: Option<ExpandedDate<'a>>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct TenureJson<'a> {
    person: &'a str,
    role: &'a str,
    start: Option<ExpandedDate<'a>>,
    end: Option<ExpandedDate<'a>>,
    acting: bool,
    sources: Vec<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct EventJson<'a> {
    id: &'a str,
    date: ExpandedDate<'a>,
    date_text: Option<&'a str>,
    title: &'a str,
    summary: Option<&'a str>,
    kind: Option<&'a str>,
    people: Vec<&'a str>,
    orgs: Vec<&'a str>,
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    id: &'a str,
    speaker: &'a str,
    text: &'a str,
    date: Option<ExpandedDate<'a>>,
    context: Option<&'a str>,
    event: Option<&'a str>,
    source: &'a str,
    language: Option<&'a str>,
    translation: Option<&'a str>,
}

/// The whole export: header, every list of the dataset in file order, and
/// the org chart at `at` (`null` without a date).
struct Document<'a> {
    index: &'a Index,
    at: Option<&'a Date>,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ds = self.index.dataset();
        let source_id = |i: &SourceIx| ds.source(*i).id.as_str();
        let person_id = |i: &PersonIx| ds.person(*i).id.as_str();
        let org_id = |i: &OrgIx| ds.org(*i).id.as_str();
        let mut st = s.serialize_struct("Export", 12)?;
        st.serialize_field("format", FORMAT_NAME)?;
        st.serialize_field("version", &FORMAT_VERSION)?;
        st.serialize_field("title", &ds.title)?;
        st.serialize_field("as_of", &expand(ds.as_of.as_ref()))?;
        st.serialize_field(
            "sources",
            &Seq(|| {
                ds.sources.iter().map(|x| SourceJson {
                    id: &x.id,
                    title: &x.title,
                    publisher: x.publisher.as_deref(),
                    date: expand(x.date.as_ref()),
                    language: x.language.as_deref(),
                    url: x.url.as_deref(),
                    via: x.via.as_ref().map(source_id),
                    note: x.note.as_deref(),
                })
            }),
        )?;
        st.serialize_field(
            "orgs",
            &Seq(|| {
                ds.orgs.iter().map(|x| OrgJson {
                    id: &x.id,
                    name: &x.name,
                    parent: x.parent.as_ref().map(org_id),
                    parent_since: expand(x.parent_since.as_ref()),
                    founded: expand(x.founded.as_ref()),
                    dissolved: expand(x.dissolved.as_ref()),
                    note: x.note.as_deref(),
                })
            }),
        )?;
        st.serialize_field(
            "people",
            &Seq(|| {
                ds.people.iter().map(|x| PersonJson {
                    id: &x.id,
                    name: &x.name,
                    aliases: &x.aliases,
                    note: x.note.as_deref(),
                })
            }),
        )?;
        st.serialize_field(
            "roles",
            &Seq(|| {
                ds.roles.iter().map(|x| RoleJson {
                    id: &x.id,
                    org: org_id(&x.org),
                    title: &x.title,
                    reports_to: x.reports_to.map(|r| ds.role(r).id.as_str()),
                    dotted_to: x.dotted_to.iter().map(|&r| ds.role(r).id.as_str()).collect(),
                    seats: x.seats,
                    start: expand(x.start.as_ref()),
                    end: expand(x.end.as_ref()),
                    note: x.note.as_deref(),
                })
            }),
        )?;
        st.serialize_field(
            "tenures",
            &Seq(|| {
                ds.tenures.iter().map(|x| TenureJson {
                    person: person_id(&x.person),
                    role: &ds.role(x.role).id,
                    start: expand(x.start.as_ref()),
                    end: expand(x.end.as_ref()),
                    acting: x.acting,
                    sources: x.sources.iter().map(source_id).collect(),
                    note: x.note.as_deref(),
                })
            }),
        )?;
        st.serialize_field(
            "events",
            &Seq(|| {
                ds.events.iter().map(|x| EventJson {
                    id: &x.id,
                    date: ExpandedDate(&x.date),
                    date_text: x.date_text.as_deref(),
                    title: &x.title,
                    summary: x.summary.as_deref(),
                    kind: x.kind.as_deref(),
                    people: x.people.iter().map(person_id).collect(),
                    orgs: x.orgs.iter().map(org_id).collect(),
                    sources: x.sources.iter().map(source_id).collect(),
                })
            }),
        )?;
        st.serialize_field(
            "quotes",
            &Seq(|| {
                ds.quotes.iter().map(|x| QuoteJson {
                    id: &x.id,
                    speaker: person_id(&x.speaker),
                    text: &x.text,
                    date: expand(x.date.as_ref()),
                    context: x.context.as_deref(),
                    event: x.event.map(|e| ds.event(e).id.as_str()),
                    source: source_id(&x.source),
                    language: x.language.as_deref(),
                    translation: x.translation.as_deref(),
                })
            }),
        )?;
        st.serialize_field("chart", &self.at.map(|at| Chart::new(self.index, at)))?;
        st.end()
    }
}

/// `orgline export --format json`: the whole dataset and the org chart at
/// `at` (`"chart": null` without a date).
pub fn write_dataset(w: &mut impl Write, index: &Index, at: Option<&Date>) -> io::Result<()> {
    write_pretty(w, &Document { index, at })
}

/// A JSON string as [`write_pretty`] writes it, for tests.
#[cfg(test)]
fn string_json(s: &str) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter::default());
    ser.serialize_str(s).unwrap();
    String::from_utf8(out).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_json(s: &str) -> serde_json::Value {
        serde_json::to_value(ExpandedDate(&Date::parse(s).unwrap())).unwrap()
    }

    #[test]
    fn unsafe_characters_become_u_escapes() {
        assert_eq!(string_json("a\u{1b}[2Jb"), r#""a\u001b[2Jb""#);
        assert_eq!(string_json("\u{202e}evil\u{202c}"), r#""\u202eevil\u202c""#);
        assert_eq!(string_json("x\u{9b}y\u{7f}z\u{85}"), r#""x\u009by\u007fz\u0085""#);
        assert_eq!(string_json("\u{200e}\u{200f}\u{2066}\u{2069}\u{feff}"), r#""\u200e\u200f\u2066\u2069\ufeff""#);
        assert_eq!(string_json("quote \" back \\ tab\t"), r#""quote \" back \\ tab\t""#);
        // Printable text, joiners included, is left as it is.
        assert_eq!(string_json("Zoë 李 👩\u{200d}💻"), "\"Zoë 李 👩\u{200d}💻\"");
        // What comes out reads back as what went in.
        let hostile = "\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{2028}ok";
        assert_eq!(serde_json::from_str::<String>(&string_json(hostile)).unwrap(), hostile);
    }

    #[test]
    fn dates_expand_to_span_widened_span_and_qualifiers() {
        let d = date_json("2022~");
        assert_eq!(d["as_written"], "2022~");
        assert_eq!((d["earliest"].as_str(), d["latest"].as_str()), (Some("2022-01-01"), Some("2022-12-31")));
        assert_eq!(
            (d["widened_earliest"].as_str(), d["widened_latest"].as_str()),
            (Some("2021-01-01"), Some("2023-12-31"))
        );
        assert_eq!(
            (d["precision"].as_str(), d["approximate"].as_bool(), d["uncertain"].as_bool()),
            (Some("year"), Some(true), Some(false))
        );
        assert!(d["interval"].is_null());

        let d = date_json("../2024-01?");
        assert!(d["earliest"].is_null() && d["widened_earliest"].is_null());
        assert_eq!((d["latest"].as_str(), d["widened_latest"].as_str()), (Some("2024-01-31"), Some("2024-02-29")));
        assert_eq!(d["uncertain"], true);
        assert_eq!(d["interval"]["start"]["kind"], "open");
        assert_eq!(d["interval"]["end"]["kind"], "date");
        assert_eq!(d["interval"]["end"]["precision"], "month");

        let d = date_json("2004-06/");
        assert!(d["latest"].is_null());
        assert_eq!(d["interval"]["end"]["kind"], "unknown");
        assert_eq!(date_json("2019-01%")["approximate"], true);
        assert_eq!(date_json("2019-01%")["uncertain"], true);
        assert_eq!(date_json("201X")["precision"], "decade");
        assert_eq!(date_json("-0044")["earliest"], "-0044-01-01");
        assert_eq!(date_json("Y17000")["latest"], "+17000-12-31");
    }

    #[test]
    fn keys_come_in_the_documented_order() {
        let mut out = Vec::new();
        write_pretty(&mut out, &ExpandedDate(&Date::parse("2020").unwrap())).unwrap();
        let text = String::from_utf8(out).unwrap();
        let keys: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix('"')?.split('"').next()).collect();
        assert_eq!(
            keys,
            [
                "as_written",
                "earliest",
                "latest",
                "widened_earliest",
                "widened_latest",
                "precision",
                "approximate",
                "uncertain",
                "interval"
            ]
        );
        assert!(text.starts_with("{\n  \"as_written\": \"2020\",\n"), "{text}");
    }
}
