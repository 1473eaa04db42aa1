//! The payload of a snapshot: a [`Loaded`] dataset in a compact
//! little-endian encoding, written and read by hand.
//!
//! Integers are little-endian, typed indices `u32`, lengths and counts
//! `u32`, an `Option` a tag byte (0 or 1) then the value, a `bool` one byte
//! (0 or 1), a string its byte length then its UTF-8. In the sections
//! (below) a string's bytes are not beside its length but in the section's
//! text, after its other bytes: a section is the length of those (`u64`),
//! them, then the text, every string of the section one after the other.
//! The text is checked to be UTF-8 once, and each string is a slice of it
//! whose ends must fall on character boundaries: at a million people,
//! checking five million short strings one by one took a seventh of a
//! re-open's time.
//!
//! Dates repeat a lot (a million-person dataset has four million dates and
//! twenty thousand distinct ones), so the payload starts with a table of
//! each distinct date's text, parsed once on reading (so a decoded date is
//! exactly what the loader would have made of it), and every date is an
//! index into that table.
//!
//! Layout: the title, the date table, the `as_of` date, the number of
//! entries of each kind (so that every index can be checked against the
//! length of the list it points into as it is read), the byte length of
//! each kind's section, then the sections: sources, orgs, people, roles,
//! tenures, events, quotes, warnings, and last the extra bytes of
//! [`Contents`], whatever they are. Knowing where each section starts,
//! a large payload is decoded on several threads.
//!
//! Reading is total: every length is checked against the bytes left, no
//! allocation is sized by a number read before that number is known to fit
//! in what remains, each section must be consumed exactly, and a decoded
//! dataset keeps the invariants the loader guarantees and the query layer
//! indexes by (indices in range, no cycle of org parents or of reporting
//! lines). Anything else is an error, never a panic.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

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

struct Writer<'a> {
    out: Vec<u8>,
    /// The bytes of the strings of the section being written, when they
    /// are kept apart (`None`: beside their lengths, as in the head).
    text: Option<Vec<u8>>,
    /// Each distinct date's text and its index in the table.
    date_ix: HashMap<&'a str, u32, FxBuildHasher>,
    dates: Vec<&'a str>,
    too_large: bool,
}

impl<'a> Writer<'a> {
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
        self.text.as_mut().unwrap_or(&mut self.out).extend_from_slice(s.as_bytes());
    }
    fn date(&mut self, d: &'a Date) {
        let i = self.intern(d);
        self.u32(i);
    }
    /// The index of `d` in the date table, which gets it if new.
    fn intern(&mut self, d: &'a Date) -> u32 {
        let next = self.dates.len();
        let dates = &mut self.dates;
        *self.date_ix.entry(d.as_str()).or_insert_with(|| {
            dates.push(d.as_str());
            next as u32
        })
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
    fn opt_str(&mut self, v: &Option<Text>) {
        self.opt_str_ref(v.as_ref());
    }
    fn opt_str_ref(&mut self, v: Option<&Text>) {
        self.opt(v.map(Text::as_str), Writer::str);
    }
    fn opt_date(&mut self, v: &'a Option<Date>) {
        match v {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.date(d);
            }
        }
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
    /// The section written since the last call, in two parts: the length
    /// of its other bytes then them, and its text. (Two parts rather than
    /// one, so that the largest, at a million people, are not copied
    /// while the snapshot is written.) The writer must have begun it with
    /// [`Writer::begin_section`].
    fn section(&mut self) -> WrittenSection {
        let text = self.text.as_mut().map(std::mem::take).unwrap_or_default();
        let mut bytes = std::mem::take(&mut self.out);
        let len = (bytes.len() - 8) as u64;
        bytes[..8].copy_from_slice(&len.to_le_bytes());
        WrittenSection { bytes, text }
    }

    /// Starts a section: room for the length of its bytes.
    fn begin_section(&mut self) {
        self.out.extend_from_slice(&[0; 8]);
    }
}

/// A section as written: its length and bytes, then its text.
struct WrittenSection {
    bytes: Vec<u8>,
    text: Vec<u8>,
}

impl WrittenSection {
    fn len(&self) -> usize {
        self.bytes.len() + self.text.len()
    }
}

/// Encodes `loaded` as a payload.
///
/// Every struct is destructured field by field, so adding a field to one
/// of them fails to compile here: that is the reminder to encode it and to
/// bump [`super::FORMAT_VERSION`].
pub fn encode(loaded: &Loaded) -> Result<Vec<u8>, TooLarge> {
    encode_contents(Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra: &[] })
}

/// What a snapshot holds: a validated dataset, its warnings, and bytes the
/// layer above keeps with them (the index's tables), stored as they are.
#[derive(Clone, Copy)]
pub struct Contents<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// The warnings of its check.
    pub warnings: &'a [Diagnostic],
    /// Anything else, opaque here.
    pub extra: &'a [u8],
}

/// Encodes `contents` as a payload, in memory (a snapshot file is written
/// a section at a time instead: [`write_streamed`]).
pub fn encode_contents(contents: Contents<'_>) -> Result<Vec<u8>, TooLarge> {
    let mut w = Writer::new(contents);
    let mut sections = Vec::with_capacity(SECTIONS);
    let Ok(()) = encode_sections(&mut w, contents, |s| -> Result<(), std::convert::Infallible> {
        sections.push(s);
        Ok(())
    });
    let lens = section_lens(sections.iter().map(WrittenSection::len), contents.extra);
    let mut out = w.head(contents, lens)?;
    for WrittenSection { bytes, text } in sections {
        out.extend_from_slice(&bytes);
        out.extend_from_slice(&text);
    }
    out.extend_from_slice(contents.extra);
    Ok(out)
}

/// The sections a payload holds besides the extra bytes.
const SECTIONS: usize = 8;

/// The bytes at the end of the head that give each section's length (the
/// extra bytes' last).
const SECTION_LENS: usize = 8 * (SECTIONS + 1);

/// The lengths of the sections whose lengths are `lens`, then of `extra`,
/// as the head gives them.
fn section_lens(lens: impl Iterator<Item = usize>, extra: &[u8]) -> [u8; SECTION_LENS] {
    let mut out = [0; SECTION_LENS];
    for (slot, len) in out.chunks_exact_mut(8).zip(lens.chain([extra.len()])) {
        slot.copy_from_slice(&(len as u64).to_le_bytes());
    }
    out
}

/// A payload written as it is encoded, a section at a time, each freed
/// once written: at a million people [`encode_contents`] holds about 350
/// MB of encoded sections at once.
///
/// The head comes first and holds the date table, which is only complete
/// once every section is encoded: so the dates are gathered first, in the
/// order the encoder meets them (the head is then the very one
/// [`encode_contents`] makes), and the head is written with zero section
/// lengths, for the caller to write [`Streamed::lens`] over at
/// [`Streamed::lens_at`]. The payload is then the same bytes as
/// [`encode_contents`]'s.
pub fn write_streamed(contents: Contents<'_>, out: &mut impl std::io::Write) -> Result<Streamed, StreamError> {
    let mut w = Writer::new(contents);
    w.gather_dates(contents.dataset);
    let dates = w.dates.len();
    let head = w.head(contents, [0; SECTION_LENS])?;
    out.write_all(&head)?;
    let mut lens = Vec::with_capacity(SECTIONS);
    encode_sections(&mut w, contents, |s| -> std::io::Result<()> {
        out.write_all(&s.bytes)?;
        out.write_all(&s.text)?;
        lens.push(s.len());
        Ok(())
    })?;
    out.write_all(contents.extra)?;
    // Every date was gathered beforehand, so encoding met no new one: the
    // table written is the whole table.
    if w.dates.len() != dates {
        return Err(StreamError::Io(std::io::Error::other("a date was missed when gathering the date table")));
    }
    if w.too_large {
        return Err(StreamError::TooLarge);
    }
    let total = head.len() + lens.iter().sum::<usize>() + contents.extra.len();
    Ok(Streamed {
        len: total as u64,
        lens_at: (head.len() - SECTION_LENS) as u64,
        lens: section_lens(lens.into_iter(), contents.extra),
    })
}

/// Why [`write_streamed`] failed.
#[derive(Debug)]
pub enum StreamError {
    /// Writing failed.
    Io(std::io::Error),
    /// See [`TooLarge`].
    TooLarge,
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> Self {
        StreamError::Io(e)
    }
}

impl From<TooLarge> for StreamError {
    fn from(_: TooLarge) -> Self {
        StreamError::TooLarge
    }
}

/// What [`write_streamed`] wrote.
pub struct Streamed {
    /// The payload's length.
    pub len: u64,
    /// Where, from the payload's start, its section lengths are.
    pub lens_at: u64,
    /// The section lengths, to write there.
    pub lens: [u8; SECTION_LENS],
}

impl<'a> Writer<'a> {
    fn new(contents: Contents<'a>) -> Writer<'a> {
        let mut w = Writer {
            out: Vec::new(),
            text: Some(Vec::new()),
            date_ix: HashMap::default(),
            dates: Vec::new(),
            too_large: false,
        };
        // The `as_of` date is met first.
        if let Some(d) = &contents.dataset.as_of {
            w.intern(d);
        }
        w
    }

    /// Meets every date of `ds` in the order [`encode_sections`] does, so
    /// that the date table is complete (and the same) before any section
    /// is encoded.
    fn gather_dates(&mut self, ds: &'a Dataset) {
        fn meet<'a>(w: &mut Writer<'a>, d: &'a Option<Date>) {
            if let Some(d) = d {
                w.intern(d);
            }
        }
        for s in &ds.sources {
            meet(self, &s.date);
        }
        for o in &ds.orgs {
            meet(self, &o.parent_since);
            meet(self, &o.founded);
            meet(self, &o.dissolved);
        }
        for r in &ds.roles {
            meet(self, &r.start);
            meet(self, &r.end);
        }
        for t in &ds.tenures {
            meet(self, &t.start);
            meet(self, &t.end);
        }
        for e in &ds.events {
            self.intern(&e.date);
        }
        for q in &ds.quotes {
            meet(self, &q.date);
        }
    }

    /// The head: the title, the date table (complete by now), the `as_of`
    /// date, the counts and the section lengths `lens`; its strings beside
    /// their lengths.
    fn head(&mut self, contents: Contents<'a>, lens: [u8; SECTION_LENS]) -> Result<Vec<u8>, TooLarge> {
        let Contents { dataset, warnings, .. } = contents;
        let Dataset { title, as_of, sources, orgs, people, roles, tenures, events, quotes } = dataset;
        let text = self.text.take();
        self.out.clear();
        self.out.reserve(64 * self.dates.len() + 4096);
        self.opt_str(title);
        self.len(self.dates.len());
        for i in 0..self.dates.len() {
            let d = self.dates[i];
            self.str(d);
        }
        self.opt_date(as_of);
        for n in [sources.len(), orgs.len(), people.len(), roles.len(), tenures.len(), events.len(), quotes.len()] {
            self.len(n);
        }
        self.len(warnings.len());
        self.out.extend_from_slice(&lens);
        self.text = text;
        if self.too_large {
            return Err(TooLarge);
        }
        Ok(std::mem::take(&mut self.out))
    }
}

/// Encodes the sections of `contents` in order, each handed to `each` as
/// soon as it is written.
fn encode_sections<'a, E>(
    w: &mut Writer<'a>,
    contents: Contents<'a>,
    mut each: impl FnMut(WrittenSection) -> Result<(), E>,
) -> Result<(), E> {
    let Contents { dataset, warnings, .. } = contents;
    let Dataset { title: _, as_of: _, sources, orgs, people, roles, tenures, events, quotes } = dataset;
    w.begin_section();
    for s in sources {
        let Source { id, title, publisher, date, language, url, via, note } = s;
        w.str(id);
        w.str(title);
        w.opt_str(publisher);
        w.opt_date(date);
        w.opt_str(language);
        w.opt_str(url);
        w.opt_ix(via.map(|i| i.0));
        w.opt_str_ref(note.get());
    }
    each(w.section())?;
    w.begin_section();
    for o in orgs {
        let Org { id, name, parent, parent_since, founded, dissolved, note } = o;
        w.str(id);
        w.str(name);
        w.opt_ix(parent.map(|i| i.0));
        w.opt_date(parent_since);
        w.opt_date(founded);
        w.opt_date(dissolved);
        w.opt_str_ref(note.get());
    }
    each(w.section())?;
    w.begin_section();
    for p in people {
        let Person { id, name, aliases, note } = p;
        w.str(id);
        w.str(name);
        w.len(aliases.len());
        for a in aliases {
            w.str(a);
        }
        w.opt_str_ref(note.get());
    }
    each(w.section())?;
    w.begin_section();
    for r in roles {
        let Role { id, org, title, reports_to, dotted_to, seats, start, end, note } = r;
        w.str(id);
        w.u32(org.0);
        w.str(title);
        w.opt_ix(reports_to.map(|i| i.0));
        w.ixs(dotted_to.iter().map(|i| i.0));
        w.u32(*seats);
        w.opt_date(start);
        w.opt_date(end);
        w.opt_str_ref(note.get());
    }
    each(w.section())?;
    w.begin_section();
    for t in tenures {
        let Tenure { person, role, start, end, acting, sources, note } = t;
        w.u32(person.0);
        w.u32(role.0);
        w.opt_date(start);
        w.opt_date(end);
        w.bool(*acting);
        w.ixs(sources.iter().map(|i| i.0));
        w.opt_str_ref(note.get());
    }
    each(w.section())?;
    w.begin_section();
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
    each(w.section())?;
    w.begin_section();
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
    each(w.section())?;
    w.begin_section();
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
    each(w.section())
}

// --- Reading ----------------------------------------------------------------

/// The fewest bytes an entry of each kind takes: every string's length,
/// every list's count, every index and date, one byte per tag. Counts are
/// checked against these before anything is allocated.
const MIN_SOURCE: u64 = 4 + 4 + 6;
const MIN_ORG: u64 = 4 + 4 + 5;
const MIN_PERSON: u64 = 4 + 4 + 4 + 1;
const MIN_ROLE: u64 = 4 + 4 + 4 + 1 + 4 + 4 + 3;
const MIN_TENURE: u64 = 4 + 4 + 1 + 1 + 1 + 4 + 1;
const MIN_EVENT: u64 = 4 + 4 + 1 + 4 + 1 + 1 + 4 + 4 + 4;
const MIN_QUOTE: u64 = 4 + 4 + 4 + 1 + 1 + 1 + 4 + 1 + 1;
const MIN_DIAGNOSTIC: u64 = 1 + 1 + 4;
/// A date's text is never empty.
const MIN_DATE: u64 = 4 + 1;

/// Payloads from this size on are decoded on several threads; below it,
/// starting them costs more than it saves.
const PARALLEL_FROM: usize = 1 << 20;

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The strings not read yet of a section's text, checked as UTF-8
    /// (`None`: strings are beside their lengths, as in the head).
    text: Option<&'a str>,
    /// The date table.
    dates: &'a [Date],
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
    fn u64(&mut self, what: &'static str) -> Read<u64> {
        let b = self.bytes(8, what)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
    fn bool(&mut self, what: &'static str) -> Read<bool> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt(what)),
        }
    }
    fn str(&mut self, what: &'static str) -> Read<&'a str> {
        let n = self.u32(what)? as usize;
        match &mut self.text {
            None => std::str::from_utf8(self.bytes(n, what)?).map_err(|_| Corrupt(what)),
            // `get` checks that the end is a character boundary; the start
            // is one, the end of the string before.
            Some(text) => {
                let s = text.get(..n).ok_or(Corrupt(what))?;
                *text = &text[n..];
                Ok(s)
            }
        }
    }
    fn string(&mut self, what: &'static str) -> Read<Text> {
        self.str(what).map(Text::from)
    }
    fn date(&mut self, what: &'static str) -> Read<Date> {
        let i = self.u32(what)?;
        self.dates.get(i as usize).cloned().ok_or(Corrupt(what))
    }
    fn opt<T>(&mut self, what: &'static str, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.bool(what)? { read(self).map(Some) } else { Ok(None) }
    }
    fn opt_string(&mut self, what: &'static str) -> Read<Option<Text>> {
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
    fn ixs<T>(&mut self, len: u32, make: fn(u32) -> T, what: &'static str) -> Read<Ixs<T>> {
        let n = self.count(4, what)?;
        let mut v = Ixs::with_capacity(n);
        for _ in 0..n {
            v.push(make(self.ix(len, what)?));
        }
        Ok(v)
    }

    fn counts(&mut self) -> Read<Counts> {
        let mut n = [0u32; 8];
        for x in &mut n {
            *x = self.u32("entry counts")?;
        }
        let [sources, orgs, people, roles, tenures, events, quotes, warnings] = n;
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
            note: Note::new(self.opt_string("source note")?),
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
            note: Note::new(self.opt_string("org note")?),
        })
    }

    fn person(&mut self, _: Counts) -> Read<Person> {
        let id = self.string("person id")?;
        let name = self.string("person name")?;
        let n = self.count(4, "person aliases")?;
        let mut aliases = Vec::with_capacity(n);
        for _ in 0..n {
            aliases.push(self.string("person alias")?);
        }
        Ok(Person { id, name, aliases, note: Note::new(self.opt_string("person note")?) })
    }

    fn role(&mut self, c: Counts) -> Read<Role> {
        Ok(Role {
            id: self.string("role id")?,
            org: OrgIx(self.ix(c.orgs, "role org")?),
            title: self.string("role title")?,
            reports_to: self.opt_ix(c.roles, "role reports_to")?.map(RoleIx),
            dotted_to: self.ixs(c.roles, RoleIx, "role dotted_to")?,
            seats: match self.u32("role seats")? {
                0 => return Err(Corrupt("role seats")),
                n => n,
            },
            start: self.opt_date("role start")?,
            end: self.opt_date("role end")?,
            note: Note::new(self.opt_string("role note")?),
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
            note: Note::new(self.opt_string("tenure note")?),
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

    fn warning(&mut self, _: Counts) -> Read<Diagnostic> {
        let severity = match self.u8("diagnostic severity")? {
            0 => Severity::Warning,
            1 => Severity::Error,
            _ => return Err(Corrupt("diagnostic severity")),
        };
        let pos =
            self.opt("diagnostic position", |r| Ok(Pos::new(r.u32("diagnostic line")?, r.u32("diagnostic column")?)))?;
        Ok(Diagnostic { severity, pos, message: self.str("diagnostic message")?.to_owned() })
    }
}

/// One section of the payload: `n` entries of one kind, each at least
/// `min` bytes, read by `read`.
struct Section<'a, T> {
    bytes: &'a [u8],
    n: u32,
    min: u64,
    read: fn(&mut Reader<'a>, Counts) -> Read<T>,
    what: &'static str,
}

impl<'a, T> Section<'a, T> {
    /// The entries, which must fill the section exactly.
    fn decode(self, dates: &'a [Date], c: Counts) -> Read<Vec<T>> {
        let corrupt = Corrupt(self.what);
        let (len, rest) = self.bytes.split_first_chunk::<8>().ok_or(corrupt)?;
        let len = usize::try_from(u64::from_le_bytes(*len)).map_err(|_| corrupt)?;
        let (buf, text) = rest.split_at_checked(len).ok_or(corrupt)?;
        if u64::from(self.n) * self.min > buf.len() as u64 {
            return Err(corrupt);
        }
        let text = simdutf8::basic::from_utf8(text).map_err(|_| corrupt)?;
        let mut r = Reader { buf, pos: 0, text: Some(text), dates };
        // Checked just above: `n` entries fit in the section's bytes.
        let mut v = Vec::with_capacity(self.n as usize);
        crate::alloc::huge_pages(&mut v);
        for _ in 0..self.n {
            v.push((self.read)(&mut r, c)?);
        }
        if r.left() != 0 || r.text.is_some_and(|t| !t.is_empty()) {
            return Err(corrupt);
        }
        Ok(v)
    }
}

/// A section being decoded, here or on another thread.
enum Job<'s, T> {
    Done(Read<T>),
    Running(std::thread::ScopedJoinHandle<'s, Read<T>>),
}

impl<'s, T: Send + 's> Job<'s, T> {
    fn start<'e>(
        scope: &'s std::thread::Scope<'s, 'e>,
        parallel: bool,
        f: impl FnOnce() -> Read<T> + Send + 's,
    ) -> Self {
        if parallel { Job::Running(scope.spawn(f)) } else { Job::Done(f()) }
    }

    fn join(self) -> Read<T> {
        match self {
            Job::Done(r) => r,
            // The decoder does not panic; should it ever, the snapshot is
            // refused like any other it cannot read.
            Job::Running(h) => h.join().unwrap_or(Err(Corrupt("decoder thread panicked"))),
        }
    }
}

/// Decodes a payload written by [`encode`].
pub fn decode(payload: &[u8]) -> Result<Loaded, Corrupt> {
    decode_contents(payload).map(|(loaded, _)| loaded)
}

/// [`decode`], with the extra bytes of the [`Contents`] encoded.
pub fn decode_contents(payload: &[u8]) -> Result<(Loaded, &[u8]), Corrupt> {
    decode_with(payload, parallel(payload), |extra, _| Ok(extra))
}

/// Whether `payload` is worth decoding on several threads.
pub(super) fn parallel(payload: &[u8]) -> bool {
    payload.len() >= PARALLEL_FROM && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// [`decode_contents`], with the large sections on threads of their own if
/// `parallel`, and the extra bytes read by `extra` (given them and where
/// they start in the payload), on a thread of its own too: its error is the
/// payload's.
pub(super) fn decode_with<'p, E: Send>(
    payload: &'p [u8],
    parallel: bool,
    extra: impl FnOnce(&'p [u8], usize) -> Read<E> + Send,
) -> Result<(Loaded, E), Corrupt> {
    let mut r = Reader { buf: payload, pos: 0, text: None, dates: &[] };
    let title = r.opt_string("title")?;
    let n = r.count(MIN_DATE, "date table")?;
    let mut dates = Vec::with_capacity(n);
    for _ in 0..n {
        dates.push(Date::parse(r.str("date table")?).map_err(|_| Corrupt("date table"))?);
    }
    let dates = dates;
    r.dates = &dates;
    let as_of = r.opt_date("as_of")?;
    let c = r.counts()?;
    let mut lens = [0u64; 9];
    for len in &mut lens {
        *len = r.u64("section lengths")?;
    }
    let mut bytes = [&payload[..0]; 9];
    for (b, len) in bytes.iter_mut().zip(lens) {
        *b = r.bytes(usize::try_from(len).map_err(|_| Corrupt("section lengths"))?, "section lengths")?;
    }
    if r.left() != 0 {
        return Err(Corrupt("bytes after the last section"));
    }
    let [sources, orgs, people, roles, tenures, events, quotes, warnings, extra_bytes] = bytes;
    // The last section, so the end of the payload (borrowed from it rather
    // than through the reader, which also borrows the date table).
    let extra_at = payload.len() - extra_bytes.len();
    let extra_bytes = &payload[extra_at..];
    let dates = &dates[..];
    let (dataset, warnings, extra) = std::thread::scope(|s| -> Read<_> {
        let extra = Job::start(s, parallel, move || extra(extra_bytes, extra_at));
        // The four large sections on their own threads, the small ones here.
        let people = Section { bytes: people, n: c.people, min: MIN_PERSON, read: Reader::person, what: "people" };
        let people = Job::start(s, parallel, move || people.decode(dates, c));
        let roles = Section { bytes: roles, n: c.roles, min: MIN_ROLE, read: Reader::role, what: "roles" };
        // Checked for cycles on the same thread, while the other sections
        // are decoded (15 ms at a million roles).
        let roles = Job::start(s, parallel, move || {
            let roles = roles.decode(dates, c)?;
            if has_cycle(&roles, |r| r.reports_to.map(|p| p.0)) {
                return Err(Corrupt("reporting cycle"));
            }
            Ok(roles)
        });
        let tenures = Section { bytes: tenures, n: c.tenures, min: MIN_TENURE, read: Reader::tenure, what: "tenures" };
        let tenures = Job::start(s, parallel, move || tenures.decode(dates, c));
        let events = Section { bytes: events, n: c.events, min: MIN_EVENT, read: Reader::event, what: "events" };
        let events = Job::start(s, parallel, move || events.decode(dates, c));
        let sources = Section { bytes: sources, n: c.sources, min: MIN_SOURCE, read: Reader::source, what: "sources" };
        let orgs = Section { bytes: orgs, n: c.orgs, min: MIN_ORG, read: Reader::org, what: "orgs" };
        let quotes = Section { bytes: quotes, n: c.quotes, min: MIN_QUOTE, read: Reader::quote, what: "quotes" };
        let warnings =
            Section { bytes: warnings, n: c.warnings, min: MIN_DIAGNOSTIC, read: Reader::warning, what: "warnings" };
        // Every job is joined before any error returns, so none is left running.
        let (sources, orgs, quotes, warnings) =
            (sources.decode(dates, c), orgs.decode(dates, c), quotes.decode(dates, c), warnings.decode(dates, c));
        let (people, roles, tenures, events) = (people.join(), roles.join(), tenures.join(), events.join());
        let extra = extra.join();
        let dataset = Dataset {
            title,
            as_of,
            sources: sources?,
            orgs: orgs?,
            people: people?,
            roles: roles?,
            tenures: tenures?,
            events: events?,
            quotes: quotes?,
        };
        Ok((dataset, warnings?, extra?))
    })?;
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Corrupt("an error among the warnings of a valid dataset"));
    }
    if has_cycle(&dataset.orgs, |o| o.parent.map(|p| p.0)) {
        return Err(Corrupt("org parent cycle"));
    }
    Ok((Loaded { dataset, warnings }, extra))
}

/// Whether following the "points to one parent" link `next` from any of
/// `entries` ever comes back to where it started. The loader refuses such
/// datasets, and the queries that walk up parents rely on it. Every link
/// must be in range (below `entries.len()`).
fn has_cycle<T>(entries: &[T], next: impl Fn(&T) -> Option<u32>) -> bool {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; entries.len()];
    let mut path = Vec::new();
    for start in 0..entries.len() {
        let mut at = Some(start as u32);
        while let Some(i) = at {
            match state[i as usize] {
                NEW => {
                    state[i as usize] = ON_PATH;
                    path.push(i);
                    at = next(&entries[i as usize]);
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
        let cycle = |next: &[Option<u32>]| has_cycle(next, |&n| n);
        assert!(!cycle(&[None, Some(0), Some(1), Some(0)]));
        assert!(cycle(&[Some(1), Some(2), Some(0)]));
        assert!(cycle(&[None, Some(1)]));
        assert!(cycle(&[None, Some(0), Some(3), Some(2)]));
        assert!(!cycle(&[]));
    }

    /// One entry of each kind, every option absent, every string and list
    /// empty; events are dated `d`.
    fn minimal(d: &Date) -> Dataset {
        Dataset {
            title: None,
            as_of: None,
            sources: vec![Source {
                id: Text::default(),
                title: Text::default(),
                publisher: None,
                date: None,
                language: None,
                url: None,
                via: None,
                note: Note::default(),
            }],
            orgs: vec![Org {
                id: Text::default(),
                name: Text::default(),
                parent: None,
                parent_since: None,
                founded: None,
                dissolved: None,
                note: Note::default(),
            }],
            people: vec![Person { id: Text::default(), name: Text::default(), aliases: vec![], note: Note::default() }],
            roles: vec![Role {
                id: Text::default(),
                org: OrgIx(0),
                title: Text::default(),
                reports_to: None,
                dotted_to: Ixs::new(),
                seats: 1,
                start: None,
                end: None,
                note: Note::default(),
            }],
            tenures: vec![Tenure {
                person: PersonIx(0),
                role: RoleIx(0),
                start: None,
                end: None,
                acting: false,
                sources: Ixs::new(),
                note: Note::default(),
            }],
            events: vec![Event {
                id: Text::default(),
                date: d.clone(),
                date_text: None,
                title: Text::default(),
                summary: None,
                kind: None,
                people: Ixs::new(),
                orgs: Ixs::new(),
                sources: Ixs::new(),
            }],
            quotes: vec![Quote {
                id: Text::default(),
                speaker: PersonIx(0),
                text: Text::default(),
                date: None,
                context: None,
                event: None,
                source: SourceIx(0),
                language: None,
                translation: None,
            }],
        }
    }

    #[test]
    fn minimal_entries_take_the_minimal_sizes() {
        // A dataset of one entry of each kind with every option absent and
        // every string and list empty encodes to exactly the sizes the
        // reader checks counts against, so the bounds are never too tight.
        let d = Date::parse("2024").unwrap();
        let dataset = minimal(&d);
        let warnings = vec![Diagnostic::warning(None, "")];
        let loaded = Loaded { dataset, warnings };
        let bytes = encode(&loaded).unwrap();
        // No title; a table of one date; no as_of; counts; the lengths of
        // eight sections and of the (empty) extra bytes. Each section then
        // starts with the length of what precedes its (empty) text.
        let head = 1 + 4 + (MIN_DATE - 1 + d.as_str().len() as u64) + 1 + 8 * 4 + 9 * 8;
        let min = MIN_SOURCE + MIN_ORG + MIN_PERSON + MIN_ROLE + MIN_TENURE + MIN_EVENT + MIN_QUOTE + MIN_DIAGNOSTIC;
        assert_eq!(bytes.len() as u64, head + 8 * 8 + min);
        let back = decode(&bytes).unwrap();
        assert_eq!(format!("{:?}", back.dataset), format!("{:?}", loaded.dataset));
    }

    #[test]
    fn strings_are_slices_of_their_section_s_text_on_character_boundaries() {
        let d = Date::parse("2024").unwrap();
        let mut dataset = minimal(&d);
        dataset.people[0].id = "é".into();
        dataset.people[0].name = "a".into();
        let payload = encode(&Loaded { dataset, warnings: vec![] }).unwrap();
        assert_eq!(decode(&payload).unwrap().dataset.people[0].name, "a");
        // The person's lengths (id 2, name 1, no alias, no note), and the
        // section's text.
        let find = |p: &[u8], what: &[u8]| {
            let at: Vec<usize> =
                p.windows(what.len()).enumerate().filter(|(_, w)| *w == what).map(|(i, _)| i).collect();
            assert_eq!(at.len(), 1, "{what:?} is in the payload once");
            at[0]
        };
        let lengths = find(&payload, &[2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
        let text = find(&payload, "éa".as_bytes());
        // The same bytes, cut inside the `é`: refused.
        let mut cut = payload.clone();
        cut[lengths..lengths + 8].copy_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0]);
        assert_eq!(decode(&cut).err(), Some(Corrupt("person id")));
        // A text that is not UTF-8.
        let mut bad = payload.clone();
        bad[text] = 0xff;
        assert_eq!(decode(&bad).err(), Some(Corrupt("people")));
        // Text left over, and strings that run past the text.
        for (name, what) in [(0, "people"), (2, "person name")] {
            let mut p = payload.clone();
            p[lengths + 4] = name;
            assert_eq!(decode(&p).err(), Some(Corrupt(what)), "name of {name} bytes");
        }
    }
}
