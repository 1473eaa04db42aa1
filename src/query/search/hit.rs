//! Turning the few kept matches into rows: labels, the matched text and
//! highlight ranges in what is shown.

use std::ops::Range;

use nucleo_matcher::{Matcher, Utf32Str};

use super::fold::fold_with_origin;
use super::highlight::{excerpt, grapheme_ranges};
use super::{Candidate, EXCERPT_CHARS, Field, Hit, Item, Kind, Query, SearchIndex, matcher};
use crate::model::{Dataset, Event};

/// Builds hits, reusing its matcher and buffers from one to the next.
pub(super) struct HitBuilder<'a> {
    ix: &'a SearchIndex,
    ds: &'a Dataset,
    q: &'a Query,
    matcher: Matcher,
    chars: Vec<char>,
    bytes: Vec<u8>,
    origin: Vec<usize>,
    indices: Vec<u32>,
}

/// `s` on one line: each line break becomes a space (the same length, so
/// byte offsets still hold).
fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}

/// An event's row: "date title".
fn event_label(e: &Event) -> String {
    one_line(&format!("{} {}", e.date, e.title))
}

impl<'a> HitBuilder<'a> {
    pub(super) fn new(ix: &'a SearchIndex, ds: &'a Dataset, q: &'a Query) -> HitBuilder<'a> {
        HitBuilder {
            ix,
            ds,
            q,
            matcher: matcher(),
            chars: Vec::new(),
            bytes: Vec::new(),
            origin: Vec::new(),
            indices: Vec::new(),
        }
    }

    /// The row for the kept match `c` of kind `kind`.
    pub(super) fn hit(&mut self, kind: Kind, c: Candidate) -> Hit {
        let f = c.field as usize;
        let owner = self.ix.owners[f] as usize;
        let ds = self.ds;
        let (label, matched, highlight) = match self.ix.fields[f] {
            Field::PersonName => self.whole(&ds.people[owner].name),
            Field::PersonAlias => {
                let p = &ds.people[owner];
                let alias = p.aliases.get(self.alias_number(f)).map_or("", |a| a.as_str());
                self.other(one_line(&p.name), alias)
            }
            Field::RoleTitle => {
                let r = &ds.roles[owner];
                self.whole(&format!("{} — {}", r.title, ds.org(r.org).name))
            }
            Field::OrgName => self.whole(&ds.orgs[owner].name),
            Field::EventTitle => {
                let e = &ds.events[owner];
                let label = event_label(e);
                let title = label.len() - e.title.len()..label.len();
                let highlight = self.ranges(&label, title);
                (label, None, highlight)
            }
            Field::EventSummary => {
                let e = &ds.events[owner];
                self.other_excerpt(event_label(e), e.summary.as_deref().unwrap_or(""))
            }
            Field::EventKind => {
                let e = &ds.events[owner];
                self.other(event_label(e), e.kind.as_deref().unwrap_or(""))
            }
            Field::QuoteText => {
                let (label, highlight) = self.excerpt(&ds.quotes[owner].text);
                (label, None, highlight)
            }
            Field::QuoteTranslation => {
                let q = &ds.quotes[owner];
                let (label, _) = excerpt(&one_line(&q.text), &[], EXCERPT_CHARS);
                self.other_excerpt(label, q.translation.as_deref().unwrap_or(""))
            }
            Field::SourceTitle => self.whole(&ds.sources[owner].title),
            Field::SourcePublisher => {
                let s = &ds.sources[owner];
                self.other(one_line(&s.title), s.publisher.as_deref().unwrap_or(""))
            }
        };
        Hit { item: Item::new(kind, owner as u32), score: c.score, label, matched, highlight }
    }

    /// Which alias of its person field `f` is: its person's fields are the
    /// name, then every alias in order.
    fn alias_number(&self, f: usize) -> usize {
        let first = (0..f).rev().take_while(|&k| self.ix.same_person(k, f)).last().unwrap_or(f);
        (f - first).saturating_sub(1)
    }

    /// The match was in the row's own text.
    fn whole(&mut self, text: &str) -> (String, Option<String>, Vec<Range<usize>>) {
        let label = one_line(text);
        let highlight = self.ranges(&label, 0..label.len());
        (label, None, highlight)
    }

    /// The match was in another, short text.
    fn other(&mut self, label: String, text: &str) -> (String, Option<String>, Vec<Range<usize>>) {
        let text = one_line(text);
        let highlight = self.ranges(&text, 0..text.len());
        (label, Some(text), highlight)
    }

    /// The match was in another, possibly long text.
    fn other_excerpt(&mut self, label: String, text: &str) -> (String, Option<String>, Vec<Range<usize>>) {
        let (text, highlight) = self.excerpt(text);
        (label, Some(text), highlight)
    }

    /// `text` on one line, cut around the match if long, with its highlight.
    fn excerpt(&mut self, text: &str) -> (String, Vec<Range<usize>>) {
        let text = one_line(text);
        let highlight = self.ranges(&text, 0..text.len());
        excerpt(&text, &highlight, EXCERPT_CHARS)
    }

    /// Where the query matches `shown[part]`, as grapheme-aligned byte
    /// ranges of `shown`. Empty if it no longer matches (an index used with
    /// a changed dataset).
    fn ranges(&mut self, shown: &str, part: Range<usize>) -> Vec<Range<usize>> {
        fold_with_origin(&shown[part.clone()], &mut self.chars, &mut self.origin);
        let haystack = if self.chars.iter().all(char::is_ascii) {
            self.bytes.clear();
            self.bytes.extend(self.chars.iter().map(|&c| c as u8));
            Utf32Str::Ascii(&self.bytes)
        } else {
            Utf32Str::Unicode(&self.chars)
        };
        self.indices.clear();
        for atom in &self.q.atoms {
            if atom.indices(haystack, &mut self.matcher, &mut self.indices).is_none() {
                return Vec::new();
            }
        }
        let mut offsets: Vec<usize> = self.indices.iter().map(|&i| part.start + self.origin[i as usize]).collect();
        grapheme_ranges(shown, &mut offsets)
    }
}

impl SearchIndex {
    /// Whether fields `a` and `b` are texts of the same person.
    fn same_person(&self, a: usize, b: usize) -> bool {
        self.owners[a] == self.owners[b]
            && matches!(self.fields[a], Field::PersonName | Field::PersonAlias)
            && matches!(self.fields[b], Field::PersonName | Field::PersonAlias)
    }
}
