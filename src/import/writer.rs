//! Writing a dataset as RON in the style of docs/format.md: a header
//! comment, one entry per line, fields in the documented order, empty and
//! absent fields left out.
//!
//! Strings come from untrusted files, so every character that could
//! mislead a reader of the file or its terminal is written as an escape:
//! quotes and backslashes, `\n` `\r` `\t`, other controls, bidi controls
//! and invisible format characters as `\u{…}`. The RON stays valid whatever
//! the text.

use std::fmt::Write;

use crate::model::raw::{RawDataset, RawEvent, RawOrg, RawPerson, RawQuote, RawRole, RawSource, RawTenure};
use crate::model::text::{escape_controls, is_unsafe_char};

/// The dataset as RON text, `header` lines first as `//` comments.
pub fn write_dataset(ds: &RawDataset, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        // Escaped, so a file name holding a line break cannot end the comment.
        out.push_str(&format!("// {}\n", escape_controls(line)));
    }
    out.push_str("(\n");
    if let Some(title) = &ds.title {
        out.push_str(&format!("    title: {},\n", string(title)));
    }
    if let Some(as_of) = &ds.as_of {
        out.push_str(&format!("    as_of: {},\n", string(as_of)));
    }
    list(&mut out, "sources", &ds.sources, source);
    list(&mut out, "orgs", &ds.orgs, org);
    list(&mut out, "people", &ds.people, person);
    list(&mut out, "roles", &ds.roles, role);
    list(&mut out, "tenures", &ds.tenures, tenure);
    list(&mut out, "events", &ds.events, event);
    list(&mut out, "quotes", &ds.quotes, quote);
    out.push_str(")\n");
    out
}

/// `name: [` one entry a line `],`; nothing for an empty list.
fn list<T>(out: &mut String, name: &str, items: &[T], entry: fn(&T) -> Fields) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n    {name}: [\n"));
    for item in items {
        out.push_str(&format!("        ({}),\n", entry(item).0.join(", ")));
    }
    out.push_str("    ],\n");
}

/// The `field: value` pairs of one entry, in order.
#[derive(Default)]
struct Fields(Vec<String>);

impl Fields {
    fn text(mut self, name: &str, value: &str) -> Self {
        self.0.push(format!("{name}: {}", string(value)));
        self
    }
    fn opt(self, name: &str, value: &Option<String>) -> Self {
        match value {
            Some(v) => self.text(name, v),
            None => self,
        }
    }
    fn strings(mut self, name: &str, values: &[String]) -> Self {
        if !values.is_empty() {
            let items: Vec<String> = values.iter().map(|v| string(v)).collect();
            self.0.push(format!("{name}: [{}]", items.join(", ")));
        }
        self
    }
    fn seats(mut self, value: Option<u32>) -> Self {
        if let Some(n) = value.filter(|&n| n > 1) {
            self.0.push(format!("seats: {n}"));
        }
        self
    }
    fn flag(mut self, name: &str, value: bool) -> Self {
        if value {
            self.0.push(format!("{name}: true"));
        }
        self
    }
}

fn source(s: &RawSource) -> Fields {
    Fields::default()
        .text("id", &s.id)
        .text("title", &s.title)
        .opt("publisher", &s.publisher)
        .opt("date", &s.date)
        .opt("language", &s.language)
        .opt("url", &s.url)
        .opt("via", &s.via)
        .opt("note", &s.note)
}

fn org(o: &RawOrg) -> Fields {
    Fields::default()
        .text("id", &o.id)
        .text("name", &o.name)
        .opt("parent", &o.parent)
        .opt("parent_since", &o.parent_since)
        .opt("founded", &o.founded)
        .opt("dissolved", &o.dissolved)
        .opt("note", &o.note)
}

fn person(p: &RawPerson) -> Fields {
    Fields::default().text("id", &p.id).text("name", &p.name).strings("aliases", &p.aliases).opt("note", &p.note)
}

fn role(r: &RawRole) -> Fields {
    Fields::default()
        .text("id", &r.id)
        .text("org", &r.org)
        .text("title", &r.title)
        .opt("reports_to", &r.reports_to)
        .strings("dotted_to", &r.dotted_to)
        .seats(r.seats)
        .opt("start", &r.start)
        .opt("end", &r.end)
        .opt("note", &r.note)
}

fn tenure(t: &RawTenure) -> Fields {
    Fields::default()
        .text("person", &t.person)
        .text("role", &t.role)
        .opt("start", &t.start)
        .opt("end", &t.end)
        .flag("acting", t.acting)
        .strings("sources", &t.sources)
        .opt("note", &t.note)
}

fn event(e: &RawEvent) -> Fields {
    Fields::default()
        .text("id", &e.id)
        .text("date", &e.date)
        .opt("date_text", &e.date_text)
        .text("title", &e.title)
        .opt("summary", &e.summary)
        .opt("kind", &e.kind)
        .strings("people", &e.people)
        .strings("orgs", &e.orgs)
        .strings("sources", &e.sources)
}

fn quote(q: &RawQuote) -> Fields {
    Fields::default()
        .text("id", &q.id)
        .text("speaker", &q.speaker)
        .text("text", &q.text)
        .opt("date", &q.date)
        .opt("context", &q.context)
        .opt("event", &q.event)
        .text("source", &q.source)
        .opt("language", &q.language)
        .opt("translation", &q.translation)
}

/// `s` as a RON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    #[test]
    fn strings_escape_what_ron_and_readers_need() {
        assert_eq!(string("plain Zoë"), "\"plain Zoë\"");
        assert_eq!(string("say \"no\" C:\\x"), r#""say \"no\" C:\\x""#);
        assert_eq!(string("a\nb\r\tc"), r#""a\nb\r\tc""#);
        assert_eq!(string("\u{0}\u{1b}[2J\u{7f}\u{9b}"), r#""\u{0}\u{1b}[2J\u{7f}\u{9b}""#);
        assert_eq!(string("\u{202e}evil\u{200b}\u{feff}"), r#""\u{202e}evil\u{200b}\u{feff}""#);
        // Joiners are part of the text and stay.
        assert_eq!(string("👩\u{200d}💻"), "\"👩\u{200d}💻\"");
    }

    /// Every character that may appear in a name survives the round trip.
    #[test]
    fn every_string_reads_back_as_written() {
        let nasty: String = (0u32..0x3000).filter_map(char::from_u32).chain("\"\\}){/*//".chars()).collect();
        let ron = format!("({})", format_args!("title: {}", string(&nasty)));
        let back: RawDataset = crate::model::load::ron_options().from_str(&ron).unwrap();
        assert_eq!(back.title.as_deref(), Some(nasty.as_str()));
    }

    #[test]
    fn a_dataset_is_written_one_entry_a_line_and_loads() {
        let ds = RawDataset {
            title: Some("Imported \"x\"".into()),
            sources: vec![RawSource {
                id: "import".into(),
                title: "x.csv".into(),
                publisher: None,
                date: None,
                language: None,
                url: None,
                via: None,
                note: Some("imported by orgline".into()),
            }],
            orgs: vec![RawOrg {
                id: "acme".into(),
                name: "Acme".into(),
                parent: None,
                parent_since: None,
                founded: None,
                dissolved: None,
                note: None,
            }],
            people: vec![RawPerson { id: "ada".into(), name: "Ada\n\u{1b}".into(), aliases: vec![], note: None }],
            roles: vec![RawRole {
                seats: None,
                id: "ceo".into(),
                org: "acme".into(),
                title: "CEO".into(),
                reports_to: None,
                dotted_to: vec![],
                start: None,
                end: None,
                note: None,
            }],
            tenures: vec![RawTenure {
                person: "ada".into(),
                role: "ceo".into(),
                start: Some("2019".into()),
                end: None,
                acting: false,
                sources: vec!["import".into()],
                note: None,
            }],
            ..RawDataset::default()
        };
        let text = write_dataset(&ds, &["Imported from x\ny.csv".into()]);
        assert_eq!(
            text,
            "// Imported from x\\u{a}y.csv\n(\n    title: \"Imported \\\"x\\\"\",\n\n    sources: [\n        (id: \"import\", title: \"x.csv\", note: \"imported by orgline\"),\n    ],\n\n    orgs: [\n        (id: \"acme\", name: \"Acme\"),\n    ],\n\n    people: [\n        (id: \"ada\", name: \"Ada\\n\\u{1b}\"),\n    ],\n\n    roles: [\n        (id: \"ceo\", org: \"acme\", title: \"CEO\"),\n    ],\n\n    tenures: [\n        (person: \"ada\", role: \"ceo\", start: \"2019\", sources: [\"import\"]),\n    ],\n)\n"
        );
        let loaded = load_str(&text).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.dataset.people[0].name, "Ada\\u{a}\\u{1b}", "the loader shows controls as escapes");
    }
}
