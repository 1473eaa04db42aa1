//! The payload of a snapshot: a [`Loaded`] dataset in a compact
//! little-endian encoding, written and read by hand.
//!
//! Integers are little-endian, typed indices `u32`, lengths and counts
//! `u32`, an `Option` a tag byte (0 or 1) then the value, a `bool` one byte
//! (0 or 1), a string its byte length then its UTF-8, a [`Date`] its text as
//! written (re-parsed on reading, so a decoded date is exactly what the
//! loader would have made of it).
//!
//! The payload starts with the title, the `as_of` date and the number of
//! entries of each kind, so that every index can be checked against the
//! length of the list it points into as it is read.
//!
//! Reading is total: every length is checked against the bytes left, no
//! allocation is sized by a number read before that number is known to fit
//! in what remains, and a decoded dataset keeps the invariants the loader
//! guarantees and the query layer indexes by (indices in range, no cycle of
//! org parents or of reporting lines). Anything else is an error, never a panic.

use crate::model::dataset::*;
use crate::model::date::Date;
use crate::model::diagnostic::{Diagnostic, Pos, Severity};
use crate::model::load::Loaded;

/// Why a payload could not be decoded. The message names what was being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

type Read<T> = Result<T, Corrupt>;

/// A payload was too large to encode: some list or string has more than
/// `u32::MAX` entries or bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

// --- Writing ----------------------------------------------------------------

struct Writer {
    out: Vec<u8>,
    too_large: bool,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        match u32::try_from(n) {
            Ok(n) => self.u32(n),
            Err(_) => {
                self.too_large = true;
                self.u32(0);
            }
        }
    }
    fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }
    fn date(&mut self, d: &Date) {
        self.str(d.as_str());
    }
    fn opt<T: ?Sized>(&mut self, v: Option<&T>, write: impl FnOnce(&mut Self, &T)) {
        match v {
            None => self.u8(0),
            Some(x) => {
                self.u8(1);
                write(self, x);
            }
        }
    }
    fn opt_str(&mut self, v: &Option<String>) {
        self.opt(v.as_deref(), Writer::str);
    }
    fn opt_date(&mut self, v: &Option<Date>) {
        self.opt(v.as_ref(), Writer::date);
    }
    fn opt_ix(&mut self, v: Option<u32>) {
        self.opt(v.as_ref(), |w, &i| w.u32(i));
    }
    fn ixs(&mut self, v: impl ExactSizeIterator<Item = u32>) {
        self.len(v.len());
        for i in v {
            self.u32(i);
        }
    }
}

/// Encodes `loaded` as a payload.
///
/// Every struct is destructured field by field, so adding a field to one
/// of them fails to compile here: that is the reminder to encode it and to
/// bump [`super::FORMAT_VERSION`].
pub fn encode(loaded: &Loaded) -> Result<Vec<u8>, TooLarge> {
    let Loaded { dataset, warnings } = loaded;
    let Dataset { title, as_of, sources, orgs, people, roles, tenures, events, quotes } = dataset;
    let mut w = Writer { out: Vec::with_capacity(1 << 16), too_large: false };
    w.opt_str(title);
    w.opt_date(as_of);
    for n in [sources.len(), orgs.len(), people.len(), roles.len(), tenures.len(), events.len(), quotes.len()] {
        w.len(n);
    }
    w.len(warnings.len());
    for s in sources {
        let Source { id, title, publisher, date, language, url, via, note } = s;
        w.str(id);
        w.str(title);
        w.opt_str(publisher);
        w.opt_date(date);
        w.opt_str(language);
        w.opt_str(url);
        w.opt_ix(via.map(|i| i.0));
        w.opt_str(note);
    }
    for o in orgs {
        let Org { id, name, parent, parent_since, founded, dissolved, note } = o;
        w.str(id);
        w.str(name);
        w.opt_ix(parent.map(|i| i.0));
        w.opt_date(parent_since);
        w.opt_date(founded);
        w.opt_date(dissolved);
        w.opt_str(note);
    }
    for p in people {
        let Person { id, name, aliases, note } = p;
        w.str(id);
        w.str(name);
        w.len(aliases.len());
        for a in aliases {
            w.str(a);
        }
        w.opt_str(note);
    }
    for r in roles {
        let Role { id, org, title, reports_to, dotted_to, start, end, note } = r;
        w.str(id);
        w.u32(org.0);
        w.str(title);
        w.opt_ix(reports_to.map(|i| i.0));
        w.ixs(dotted_to.iter().map(|i| i.0));
        w.opt_date(start);
        w.opt_date(end);
        w.opt_str(note);
    }
    for t in tenures {
        let Tenure { person, role, start, end, acting, sources, note } = t;
        w.u32(person.0);
        w.u32(role.0);
        w.opt_date(start);
        w.opt_date(end);
        w.bool(*acting);
        w.ixs(sources.iter().map(|i| i.0));
        w.opt_str(note);
    }
    for e in events {
        let Event { id, date, date_text, title, summary, kind, people, orgs, sources } = e;
        w.str(id);
        w.date(date);
        w.opt_str(date_text);
        w.str(title);
        w.opt_str(summary);
        w.opt_str(kind);
        w.ixs(people.iter().map(|i| i.0));
        w.ixs(orgs.iter().map(|i| i.0));
        w.ixs(sources.iter().map(|i| i.0));
    }
    for q in quotes {
        let Quote { id, speaker, text, date, context, event, source, language, translation } = q;
        w.str(id);
        w.u32(speaker.0);
        w.str(text);
        w.opt_date(date);
        w.opt_str(context);
        w.opt_ix(event.map(|i| i.0));
        w.u32(source.0);
        w.opt_str(language);
        w.opt_str(translation);
    }
    for d in warnings {
        let Diagnostic { severity, pos, message } = d;
        w.u8(match severity {
            Severity::Warning => 0,
            Severity::Error => 1,
        });
        w.opt(pos.as_ref(), |w, p| {
            w.u32(p.line);
            w.u32(p.col);
        });
        w.str(message);
    }
    if w.too_large { Err(TooLarge) } else { Ok(w.out) }
}

// --- Reading ----------------------------------------------------------------

/// The fewest bytes an entry of each kind takes: every string's length,
/// every list's count, every index, one byte per tag. Counts are checked
/// against these before anything is allocated.
const MIN_SOURCE: u64 = 4 + 4 + 6;
const MIN_ORG: u64 = 4 + 4 + 5;
const MIN_PERSON: u64 = 4 + 4 + 4 + 1;
const MIN_ROLE: u64 = 4 + 4 + 4 + 1 + 4 + 3;
const MIN_TENURE: u64 = 4 + 4 + 1 + 1 + 1 + 4 + 1;
const MIN_EVENT: u64 = 4 + 4 + 1 + 4 + 1 + 1 + 4 + 4 + 4;
const MIN_QUOTE: u64 = 4 + 4 + 4 + 1 + 1 + 1 + 4 + 1 + 1;
const MIN_DIAGNOSTIC: u64 = 1 + 1 + 4;

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

/// How many entries each list holds; indices are checked against these.
#[derive(Clone, Copy)]
struct Counts {
    sources: u32,
    orgs: u32,
    people: u32,
    roles: u32,
    tenures: u32,
    events: u32,
    quotes: u32,
    warnings: u32,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.buf.len() - self.pos
    }
    fn bytes(&mut self, n: usize, what: &'static str) -> Read<&'a [u8]> {
        if n > self.left() {
            return Err(Corrupt(what));
        }
        let b = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }
    fn u8(&mut self, what: &'static str) -> Read<u8> {
        Ok(self.bytes(1, what)?[0])
    }
    fn u32(&mut self, what: &'static str) -> Read<u32> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn bool(&mut self, what: &'static str) -> Read<bool> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt(what)),
        }
    }
    fn tag(&mut self, what: &'static str) -> Read<bool> {
        self.bool(what)
    }
    fn str(&mut self, what: &'static str) -> Read<&'a str> {
        let n = self.u32(what)? as usize;
        std::str::from_utf8(self.bytes(n, what)?).map_err(|_| Corrupt(what))
    }
    fn string(&mut self, what: &'static str) -> Read<String> {
        self.str(what).map(str::to_owned)
    }
    fn date(&mut self, what: &'static str) -> Read<Date> {
        Date::parse(self.str(what)?).map_err(|_| Corrupt(what))
    }
    fn opt<T>(&mut self, what: &'static str, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.tag(what)? { read(self).map(Some) } else { Ok(None) }
    }
    fn opt_string(&mut self, what: &'static str) -> Read<Option<String>> {
        self.opt(what, |r| r.string(what))
    }
    fn opt_date(&mut self, what: &'static str) -> Read<Option<Date>> {
        self.opt(what, |r| r.date(what))
    }
    /// An index into a list of `len` entries.
    fn ix(&mut self, len: u32, what: &'static str) -> Read<u32> {
        let i = self.u32(what)?;
        if i < len { Ok(i) } else { Err(Corrupt(what)) }
    }
    fn opt_ix(&mut self, len: u32, what: &'static str) -> Read<Option<u32>> {
        self.opt(what, |r| r.ix(len, what))
    }
    /// A count of entries taking at least `min` bytes each, checked against
    /// the bytes left so that a capacity sized by it is backed by input.
    fn count(&mut self, min: u64, what: &'static str) -> Read<usize> {
        let n = self.u32(what)?;
        if u64::from(n) * min > self.left() as u64 { Err(Corrupt(what)) } else { Ok(n as usize) }
    }
    fn ixs<T>(&mut self, len: u32, make: fn(u32) -> T, what: &'static str) -> Read<Vec<T>> {
        let n = self.count(4, what)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(make(self.ix(len, what)?));
        }
        Ok(v)
    }
    fn list<T>(&mut self, n: u32, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        // `counts` has checked that `n` entries can fit in what is left.
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            v.push(read(self)?);
        }
        Ok(v)
    }

    fn counts(&mut self) -> Read<Counts> {
        let mut n = [0u32; 8];
        for x in &mut n {
            *x = self.u32("entry counts")?;
        }
        let [sources, orgs, people, roles, tenures, events, quotes, warnings] = n;
        let min = [MIN_SOURCE, MIN_ORG, MIN_PERSON, MIN_ROLE, MIN_TENURE, MIN_EVENT, MIN_QUOTE, MIN_DIAGNOSTIC];
        let need: u64 = n.iter().zip(min).map(|(&n, m)| u64::from(n) * m).sum();
        if need > self.left() as u64 {
            return Err(Corrupt("entry counts larger than the payload"));
        }
        Ok(Counts { sources, orgs, people, roles, tenures, events, quotes, warnings })
    }

    fn source(&mut self, c: Counts) -> Read<Source> {
        Ok(Source {
            id: self.string("source id")?,
            title: self.string("source title")?,
            publisher: self.opt_string("source publisher")?,
            date: self.opt_date("source date")?,
            language: self.opt_string("source language")?,
            url: self.opt_string("source url")?,
            via: self.opt_ix(c.sources, "source via")?.map(SourceIx),
            note: self.opt_string("source note")?,
        })
    }

    fn org(&mut self, c: Counts) -> Read<Org> {
        Ok(Org {
            id: self.string("org id")?,
            name: self.string("org name")?,
            parent: self.opt_ix(c.orgs, "org parent")?.map(OrgIx),
            parent_since: self.opt_date("org parent_since")?,
            founded: self.opt_date("org founded")?,
            dissolved: self.opt_date("org dissolved")?,
            note: self.opt_string("org note")?,
        })
    }

    fn person(&mut self) -> Read<Person> {
        let id = self.string("person id")?;
        let name = self.string("person name")?;
        let n = self.count(4, "person aliases")?;
        let mut aliases = Vec::with_capacity(n);
        for _ in 0..n {
            aliases.push(self.string("person alias")?);
        }
        Ok(Person { id, name, aliases, note: self.opt_string("person note")? })
    }

    fn role(&mut self, c: Counts) -> Read<Role> {
        Ok(Role {
            id: self.string("role id")?,
            org: OrgIx(self.ix(c.orgs, "role org")?),
            title: self.string("role title")?,
            reports_to: self.opt_ix(c.roles, "role reports_to")?.map(RoleIx),
            dotted_to: self.ixs(c.roles, RoleIx, "role dotted_to")?,
            start: self.opt_date("role start")?,
            end: self.opt_date("role end")?,
            note: self.opt_string("role note")?,
        })
    }

    fn tenure(&mut self, c: Counts) -> Read<Tenure> {
        Ok(Tenure {
            person: PersonIx(self.ix(c.people, "tenure person")?),
            role: RoleIx(self.ix(c.roles, "tenure role")?),
            start: self.opt_date("tenure start")?,
            end: self.opt_date("tenure end")?,
            acting: self.bool("tenure acting")?,
            sources: self.ixs(c.sources, SourceIx, "tenure sources")?,
            note: self.opt_string("tenure note")?,
        })
    }

    fn event(&mut self, c: Counts) -> Read<Event> {
        Ok(Event {
            id: self.string("event id")?,
            date: self.date("event date")?,
            date_text: self.opt_string("event date_text")?,
            title: self.string("event title")?,
            summary: self.opt_string("event summary")?,
            kind: self.opt_string("event kind")?,
            people: self.ixs(c.people, PersonIx, "event people")?,
            orgs: self.ixs(c.orgs, OrgIx, "event orgs")?,
            sources: self.ixs(c.sources, SourceIx, "event sources")?,
        })
    }

    fn quote(&mut self, c: Counts) -> Read<Quote> {
        Ok(Quote {
            id: self.string("quote id")?,
            speaker: PersonIx(self.ix(c.people, "quote speaker")?),
            text: self.string("quote text")?,
            date: self.opt_date("quote date")?,
            context: self.opt_string("quote context")?,
            event: self.opt_ix(c.events, "quote event")?.map(EventIx),
            source: SourceIx(self.ix(c.sources, "quote source")?),
            language: self.opt_string("quote language")?,
            translation: self.opt_string("quote translation")?,
        })
    }

    fn warning(&mut self) -> Read<Diagnostic> {
        let severity = match self.u8("diagnostic severity")? {
            0 => Severity::Warning,
            1 => Severity::Error,
            _ => return Err(Corrupt("diagnostic severity")),
        };
        let pos =
            self.opt("diagnostic position", |r| Ok(Pos::new(r.u32("diagnostic line")?, r.u32("diagnostic column")?)))?;
        Ok(Diagnostic { severity, pos, message: self.string("diagnostic message")? })
    }
}

/// Decodes a payload written by [`encode`].
pub fn decode(payload: &[u8]) -> Result<Loaded, Corrupt> {
    let mut r = Reader { buf: payload, pos: 0 };
    let title = r.opt_string("title")?;
    let as_of = r.opt_date("as_of")?;
    let c = r.counts()?;
    let dataset = Dataset {
        title,
        as_of,
        sources: r.list(c.sources, |r| r.source(c))?,
        orgs: r.list(c.orgs, |r| r.org(c))?,
        people: r.list(c.people, Reader::person)?,
        roles: r.list(c.roles, |r| r.role(c))?,
        tenures: r.list(c.tenures, |r| r.tenure(c))?,
        events: r.list(c.events, |r| r.event(c))?,
        quotes: r.list(c.quotes, |r| r.quote(c))?,
    };
    let warnings = r.list(c.warnings, Reader::warning)?;
    if r.left() != 0 {
        return Err(Corrupt("bytes after the end of the dataset"));
    }
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Corrupt("an error among the warnings of a valid dataset"));
    }
    if has_cycle(dataset.orgs.iter().map(|o| o.parent.map(|p| p.0))) {
        return Err(Corrupt("org parent cycle"));
    }
    if has_cycle(dataset.roles.iter().map(|r| r.reports_to.map(|p| p.0))) {
        return Err(Corrupt("reporting cycle"));
    }
    Ok(Loaded { dataset, warnings })
}

/// Whether following "points to one parent" links ever comes back to where
/// it started. The loader refuses such datasets, and the queries that walk
/// up parents rely on it. Every link must be in range.
fn has_cycle(next: impl ExactSizeIterator<Item = Option<u32>>) -> bool {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let next: Vec<Option<u32>> = next.collect();
    let mut state = vec![NEW; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = Some(start as u32);
        while let Some(i) = at {
            match state[i as usize] {
                NEW => {
                    state[i as usize] = ON_PATH;
                    path.push(i);
                    at = next[i as usize];
                }
                ON_PATH => return true,
                _ => break,
            }
        }
        for i in path.drain(..) {
            state[i as usize] = DONE;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_and_chains_are_not() {
        assert!(!has_cycle([None, Some(0), Some(1), Some(0)].into_iter()));
        assert!(has_cycle([Some(1), Some(2), Some(0)].into_iter()));
        assert!(has_cycle([None, Some(1)].into_iter()));
        assert!(has_cycle([None, Some(0), Some(3), Some(2)].into_iter()));
        assert!(!has_cycle(std::iter::empty()));
    }

    #[test]
    fn minimal_entries_take_the_minimal_sizes() {
        // A dataset of one entry of each kind with every option absent and
        // every string and list empty encodes to exactly the sizes the
        // reader checks counts against, so the bounds are never too tight.
        let d = Date::parse("2024").unwrap();
        let dataset = Dataset {
            title: None,
            as_of: None,
            sources: vec![Source {
                id: String::new(),
                title: String::new(),
                publisher: None,
                date: None,
                language: None,
                url: None,
                via: None,
                note: None,
            }],
            orgs: vec![Org {
                id: String::new(),
                name: String::new(),
                parent: None,
                parent_since: None,
                founded: None,
                dissolved: None,
                note: None,
            }],
            people: vec![Person { id: String::new(), name: String::new(), aliases: vec![], note: None }],
            roles: vec![Role {
                id: String::new(),
                org: OrgIx(0),
                title: String::new(),
                reports_to: None,
                dotted_to: vec![],
                start: None,
                end: None,
                note: None,
            }],
            tenures: vec![Tenure {
                person: PersonIx(0),
                role: RoleIx(0),
                start: None,
                end: None,
                acting: false,
                sources: vec![],
                note: None,
            }],
            events: vec![Event {
                id: String::new(),
                date: d.clone(),
                date_text: None,
                title: String::new(),
                summary: None,
                kind: None,
                people: vec![],
                orgs: vec![],
                sources: vec![],
            }],
            quotes: vec![Quote {
                id: String::new(),
                speaker: PersonIx(0),
                text: String::new(),
                date: None,
                context: None,
                event: None,
                source: SourceIx(0),
                language: None,
                translation: None,
            }],
        };
        let warnings = vec![Diagnostic::warning(None, "")];
        let loaded = Loaded { dataset, warnings };
        let bytes = encode(&loaded).unwrap();
        let header = 1 + 1 + 8 * 4;
        let date_text = d.as_str().len() as u64;
        let min = MIN_SOURCE + MIN_ORG + MIN_PERSON + MIN_ROLE + MIN_TENURE + MIN_EVENT + MIN_QUOTE + MIN_DIAGNOSTIC;
        assert_eq!(bytes.len() as u64, header + min + date_text);
        let back = decode(&bytes).unwrap();
        assert_eq!(format!("{:?}", back.dataset), format!("{:?}", loaded.dataset));
    }
}
