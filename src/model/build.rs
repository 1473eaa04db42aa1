//! Turning raw entries into dataset entries one at a time, as they are read:
//! dates parsed, text cleaned, references resolved to indices, duplicate ids
//! and bad dates reported. [`crate::model::validate`] then runs the checks
//! that need the whole dataset.
//!
//! Converting each entry as soon as it is read keeps only one raw entry
//! alive at a time, and its references and dates are looked up in place,
//! borrowed from the text, instead of being copied into strings first.
//!
//! A reference to an entry not read yet (a later role, or a list that comes
//! later in the file) waits in a list of pending references and is resolved
//! once the whole file is read; only then is an unknown id an error.

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::dataset::*;
use super::date::{Date, certainly_after};
use super::diagnostic::Severity;
use super::raw::{RawEvent, RawOrg, RawPerson, RawQuote, RawRole, RawSource, RawTenure, Ref};
use super::text::Lines::{self, Many, One};
use super::text::{clean_cow, quoted};
use super::validate::{Key, Place, Problems, Skip};

/// Marks an index that did not resolve; the dataset is invalid then and is
/// never returned, but later checks still run on what did resolve.
const DANGLING: u32 = u32::MAX;

/// "Did you mean" costs a scan of every id: only the first few unknown
/// references of each kind get one.
const HINTS: u32 = 20;

/// A reference or date as the raw entries hold it: a `String`, or a [`Ref`]
/// borrowed from the text.
pub(crate) trait RefText<'a>: AsRef<str> {
    /// The text, kept only when the reference must wait.
    fn into_cow(self) -> Cow<'a, str>;
}

impl<'a> RefText<'a> for String {
    fn into_cow(self) -> Cow<'a, str> {
        Cow::Owned(self)
    }
}

impl<'a> RefText<'a> for Ref<'a> {
    fn into_cow(self) -> Cow<'a, str> {
        self.0
    }
}

/// [`clean`](super::text::clean) for a string as read: one borrowed from
/// the text is copied once, straight into the dataset.
fn text<'a>(s: impl RefText<'a>, lines: Lines) -> Text {
    clean_cow(s.into_cow(), lines)
}

fn text_opt<'a>(s: Option<impl RefText<'a>>, lines: Lines) -> Option<Text> {
    s.map(|s| text(s, lines))
}

/// The kinds of entry that have ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Source,
    Org,
    Person,
    Role,
    Event,
    Quote,
}

impl Kind {
    /// The word for it in messages.
    fn name(self) -> &'static str {
        ["source", "org", "person", "role", "event", "quote"][self as usize]
    }
    /// The list it lives in.
    fn list(self) -> &'static str {
        ["sources", "orgs", "people", "roles", "events", "quotes"][self as usize]
    }
}

/// The id of entry `j` of kind `kind`.
fn id_of(ds: &Dataset, kind: Kind, j: u32) -> &str {
    let j = j as usize;
    match kind {
        Kind::Source => &ds.sources[j].id,
        Kind::Org => &ds.orgs[j].id,
        Kind::Person => &ds.people[j].id,
        Kind::Role => &ds.roles[j].id,
        Kind::Event => &ds.events[j].id,
        Kind::Quote => &ds.quotes[j].id,
    }
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// An id table entry: the entry's index and the first bytes of its id.
/// References are looked up millions of times at random; an id of up to
/// eight bytes is then told apart from the entry alone, without reaching
/// into the dataset for the id string (two cache misses each).
#[derive(Clone, Copy)]
struct IdEntry {
    head: u64,
    len: u32,
    ix: u32,
}

/// The first eight bytes of `id`, zero-padded.
fn head(id: &str) -> u64 {
    let mut buf = [0u8; 8];
    let n = id.len().min(8);
    buf[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_le_bytes(buf)
}

impl IdEntry {
    fn new(id: &str, ix: u32) -> IdEntry {
        IdEntry { head: head(id), len: id.len().min(u32::MAX as usize) as u32, ix }
    }

    /// Whether this is the entry of `id` (whose [`head`] is `head`).
    fn is(&self, id: &str, head: u64, ds: &Dataset, kind: Kind) -> bool {
        self.head == head
            && self.len as usize == id.len().min(u32::MAX as usize)
            && (id.len() <= 8 || id_of(ds, kind, self.ix) == id)
    }

    /// The hash of the entry's id, for growing the table.
    fn hash(&self, ds: &Dataset, kind: Kind) -> u64 {
        if self.len <= 8 {
            let bytes = self.head.to_le_bytes();
            // The head holds the whole id, which was a `str`.
            if let Ok(id) = std::str::from_utf8(&bytes[..self.len as usize]) {
                return hash(id);
            }
        }
        hash(id_of(ds, kind, self.ix))
    }
}

/// A cached date with the first sixteen bytes of its text and its length,
/// which tell nearly every date apart without reaching the shared value.
struct DateEntry {
    head: (u128, usize),
    date: Date,
}

fn date_head(s: &str) -> (u128, usize) {
    let mut buf = [0u8; 16];
    let n = s.len().min(16);
    buf[..n].copy_from_slice(&s.as_bytes()[..n]);
    (u128::from_le_bytes(buf), s.len())
}

/// The index of the entry with id `id`, if entered.
fn find(table: &HashTable<IdEntry>, ds: &Dataset, kind: Kind, id: &str) -> Option<u32> {
    let head = head(id);
    table.find(hash(id), |e| e.is(id, head, ds, kind)).map(|e| e.ix)
}

/// Where a pending reference goes once resolved: the field of entry `index`.
#[derive(Clone, Copy, Debug)]
enum Slot {
    SourceVia,
    OrgParent,
    RoleOrg,
    RoleReportsTo,
    RoleDotted(usize),
    TenurePerson,
    TenureRole,
    TenureSource(usize),
    EventPerson(usize),
    EventOrg(usize),
    EventSource(usize),
    QuoteSpeaker,
    QuoteEvent,
    QuoteSource,
}

/// A reference to an id not seen yet when its entry was read.
struct Pending<'a> {
    key: Key,
    kind: Kind,
    id: Cow<'a, str>,
    index: usize,
    slot: Slot,
    place: Place,
}

/// Dataset entries as they are read, with what checking them found so far.
#[derive(Default)]
pub(crate) struct Builder<'a> {
    ds: Dataset,
    p: Problems,
    skip: Skip,
    /// Id → index of each kind (`Kind as usize`); the first of duplicates wins.
    ids: [HashTable<IdEntry>; 6],
    /// Dates by their text: a dataset repeats a few thousand dates millions
    /// of times, so each is parsed once and shared.
    dates: HashTable<DateEntry>,
    pending: Vec<Pending<'a>>,
}

impl<'a> Builder<'a> {
    /// Sets the dataset's title.
    pub(crate) fn set_title(&mut self, title: Option<String>) {
        self.ds.title = text_opt(title, One);
    }

    /// Sets the dataset's `as_of` date.
    pub(crate) fn set_as_of<R: RefText<'a>>(&mut self, as_of: Option<R>) {
        self.ds.as_of = self.date_opt(as_of, (1, 0, 0, 0, 0), Place::top("as_of"), "as_of");
    }

    /// Adds a source.
    pub(crate) fn push_source<R: RefText<'a>>(&mut self, s: RawSource<R>) {
        let i = self.ds.sources.len();
        let key = |f| (1, 1, i as u32, f, 0);
        let date = self.date_opt(s.date, key(0), Place::field("sources", i, "date"), "source date");
        let via = s.via.and_then(|v| self.resolve(Kind::Source, v, i, Slot::SourceVia, key(1))).map(SourceIx);
        self.ds.sources.push(Source {
            date,
            via,
            id: Text::from(s.id.into_cow()),
            title: text(s.title, One),
            publisher: text_opt(s.publisher, One),
            language: text_opt(s.language, One),
            url: text_opt(s.url, One),
            note: Note::new(text_opt(s.note, Many)),
        });
        self.add_id(Kind::Source);
    }

    /// Adds an org.
    pub(crate) fn push_org<R: RefText<'a>>(&mut self, o: RawOrg<R>) {
        let i = self.ds.orgs.len();
        let key = |f| (1, 2, i as u32, f, 0);
        let pl = |f| Place::field("orgs", i, f);
        let founded = self.date_opt(o.founded, key(0), pl("founded"), "founded");
        let dissolved = self.date_opt(o.dissolved, key(1), pl("dissolved"), "dissolved");
        if let (Some(a), Some(b)) = (&founded, &dissolved) {
            self.reversed(a, b, ("founding date", "dissolution date"), key(2), pl("dissolved"));
        }
        let parent = o.parent.and_then(|v| self.resolve(Kind::Org, v, i, Slot::OrgParent, key(3))).map(OrgIx);
        let parent_since = self.date_opt(o.parent_since, key(4), pl("parent_since"), "parent_since");
        self.ds.orgs.push(Org {
            parent,
            parent_since,
            founded,
            dissolved,
            id: Text::from(o.id.into_cow()),
            name: text(o.name, One),
            note: Note::new(text_opt(o.note, Many)),
        });
        self.add_id(Kind::Org);
    }

    /// Adds a person.
    pub(crate) fn push_person<R: RefText<'a>>(&mut self, x: RawPerson<R>) {
        self.ds.people.push(Person {
            id: Text::from(x.id.into_cow()),
            name: text(x.name, One),
            aliases: x.aliases.into_iter().map(|a| text(a, One)).collect(),
            note: Note::new(text_opt(x.note, Many)),
        });
        self.add_id(Kind::Person);
    }

    /// Adds a role.
    pub(crate) fn push_role<R: RefText<'a>>(&mut self, x: RawRole<R>) {
        let i = self.ds.roles.len();
        let key = |f, k| (1, 4, i as u32, f, k as u32);
        let pl = |f| Place::field("roles", i, f);
        let start = self.date_opt(x.start, key(0, 0), pl("start"), "role start");
        let end = self.date_opt(x.end, key(1, 0), pl("end"), "role end");
        if let (Some(a), Some(b)) = (&start, &end) {
            self.reversed(a, b, ("role start", "role end"), key(2, 0), pl("end"));
        }
        let org = OrgIx(self.resolve(Kind::Org, x.org, i, Slot::RoleOrg, key(3, 0)).unwrap_or(DANGLING));
        let reports_to =
            x.reports_to.and_then(|v| self.resolve(Kind::Role, v, i, Slot::RoleReportsTo, key(4, 0))).map(RoleIx);
        let dotted_to = self.resolve_list(Kind::Role, x.dotted_to, i, Slot::RoleDotted, |k| key(5, k), RoleIx);
        if x.seats == Some(0) {
            self.p.push(
                key(6, 0),
                Severity::Error,
                pl("seats"),
                "a role has at least one seat; `seats: 0` says none".into(),
                None,
            );
        }
        self.ds.roles.push(Role {
            org,
            reports_to,
            dotted_to,
            seats: x.seats.unwrap_or(1).max(1),
            start,
            end,
            id: Text::from(x.id.into_cow()),
            title: text(x.title, One),
            note: Note::new(text_opt(x.note, Many)),
        });
        self.add_id(Kind::Role);
    }

    /// Adds a tenure.
    pub(crate) fn push_tenure<R: RefText<'a>>(&mut self, t: RawTenure<R>) {
        let i = self.ds.tenures.len();
        let key = |f, k| (1, 5, i as u32, f, k as u32);
        let pl = |f| Place::field("tenures", i, f);
        let problems_before = self.p.len();
        let start = self.date_opt(t.start, key(0, 0), pl("start"), "tenure start");
        let end = self.date_opt(t.end, key(1, 0), pl("end"), "tenure end");
        if let (Some(a), Some(b)) = (&start, &end) {
            self.reversed(a, b, ("tenure start", "tenure end"), key(2, 0), pl("end"));
        }
        let person =
            PersonIx(self.resolve(Kind::Person, t.person, i, Slot::TenurePerson, key(3, 0)).unwrap_or(DANGLING));
        let role = RoleIx(self.resolve(Kind::Role, t.role, i, Slot::TenureRole, key(4, 0)).unwrap_or(DANGLING));
        let sources = self.resolve_list(Kind::Source, t.sources, i, Slot::TenureSource, |k| key(5, k), SourceIx);
        // References that fail are found later and mark the tenure then.
        self.skip.tenures.push(self.p.len() > problems_before);
        self.ds.tenures.push(Tenure {
            person,
            role,
            sources,
            start,
            end,
            acting: t.acting,
            note: Note::new(text_opt(t.note, Many)),
        });
    }

    /// Adds an event.
    pub(crate) fn push_event<R: RefText<'a>>(&mut self, e: RawEvent<R>) {
        let i = self.ds.events.len();
        let key = |f, k| (1, 6, i as u32, f, k as u32);
        // An unparsable date is an error already; the placeholder only lets
        // the remaining checks run.
        let date = self.date(e.date.as_ref(), key(0, 0), Place::field("events", i, "date"), "event date");
        let date = date.unwrap_or_else(|| {
            self.skip.events.resize(i + 1, false);
            self.skip.events[i] = true;
            Date::unknown()
        });
        let people = self.resolve_list(Kind::Person, e.people, i, Slot::EventPerson, |k| key(1, k), PersonIx);
        let orgs = self.resolve_list(Kind::Org, e.orgs, i, Slot::EventOrg, |k| key(2, k), OrgIx);
        let sources = self.resolve_list(Kind::Source, e.sources, i, Slot::EventSource, |k| key(3, k), SourceIx);
        self.ds.events.push(Event {
            date,
            people,
            orgs,
            sources,
            id: Text::from(e.id.into_cow()),
            date_text: text_opt(e.date_text, One),
            title: text(e.title, One),
            summary: text_opt(e.summary, Many),
            kind: text_opt(e.kind, One),
        });
        self.add_id(Kind::Event);
    }

    /// Adds a quote.
    pub(crate) fn push_quote<R: RefText<'a>>(&mut self, q: RawQuote<R>) {
        let i = self.ds.quotes.len();
        let key = |f| (1, 7, i as u32, f, 0);
        let speaker =
            PersonIx(self.resolve(Kind::Person, q.speaker, i, Slot::QuoteSpeaker, key(0)).unwrap_or(DANGLING));
        let date = self.date_opt(q.date, key(1), Place::field("quotes", i, "date"), "quote date");
        let event = q.event.and_then(|v| self.resolve(Kind::Event, v, i, Slot::QuoteEvent, key(2))).map(EventIx);
        let source = SourceIx(self.resolve(Kind::Source, q.source, i, Slot::QuoteSource, key(3)).unwrap_or(DANGLING));
        self.ds.quotes.push(Quote {
            speaker,
            date,
            event,
            source,
            id: Text::from(q.id.into_cow()),
            text: text(q.text, Many),
            context: text_opt(q.context, Many),
            language: text_opt(q.language, One),
            translation: text_opt(q.translation, Many),
        });
        self.add_id(Kind::Quote);
    }

    /// Enters the id of the entry just added, or reports it as a duplicate.
    fn add_id(&mut self, kind: Kind) {
        let Builder { ds, ids, p, skip, .. } = self;
        let i = match kind {
            Kind::Source => ds.sources.len(),
            Kind::Org => ds.orgs.len(),
            Kind::Person => ds.people.len(),
            Kind::Role => ds.roles.len(),
            Kind::Event => ds.events.len(),
            Kind::Quote => ds.quotes.len(),
        } - 1;
        let id = id_of(ds, kind, i as u32);
        let h = hash(id);
        let table = &mut ids[kind as usize];
        let head = head(id);
        if let Some(first) = table.find(h, |e| e.is(id, head, ds, kind)).map(|e| e.ix) {
            if kind == Kind::Person {
                skip.people.push(i as u32);
            }
            let list = kind.list();
            p.push(
                (0, kind as u8, i as u32, 0, 0),
                Severity::Error,
                Place::field(list, i, "id"),
                format!("duplicate {} id {}", kind.name(), quoted(id)),
                Some((Place::field(list, first as usize, "id"), "first defined")),
            );
        } else {
            table.insert_unique(h, IdEntry::new(id, i as u32), |e| e.hash(ds, kind));
        }
    }

    /// The index of the id `r` of kind `kind` if already seen; otherwise
    /// `None` for now, and the reference waits for the end of the file.
    fn resolve<R: RefText<'a>>(&mut self, kind: Kind, r: R, index: usize, slot: Slot, key: Key) -> Option<u32> {
        let id = r.as_ref();
        let found = find(&self.ids[kind as usize], &self.ds, kind, id);
        if found.is_none() {
            let place = slot_place(slot, index);
            self.pending.push(Pending { key, kind, id: r.into_cow(), index, slot, place });
        }
        found
    }

    /// [`Builder::resolve`] for each id of a list field; waiting ones hold
    /// [`DANGLING`] until the end.
    fn resolve_list<R: RefText<'a>, T>(
        &mut self,
        kind: Kind,
        ids: Vec<R>,
        index: usize,
        slot: impl Fn(usize) -> Slot,
        key: impl Fn(usize) -> Key,
        wrap: impl Fn(u32) -> T,
    ) -> Ixs<T> {
        let mut out = Ixs::with_capacity(ids.len());
        for (k, id) in ids.into_iter().enumerate() {
            out.push(wrap(self.resolve(kind, id, index, slot(k), key(k)).unwrap_or(DANGLING)));
        }
        out
    }

    /// The date written `s`, parsed once per distinct text, or an error at `place`.
    fn date(&mut self, s: &str, key: Key, place: Place, what: &str) -> Option<Date> {
        let h = hash(s);
        let head = date_head(s);
        if let Some(e) = self.dates.find(h, |e| e.head == head && (s.len() <= 16 || e.date.as_str() == s)) {
            return Some(e.date.clone());
        }
        match Date::parse(s) {
            Ok(d) => {
                self.dates.insert_unique(h, DateEntry { head, date: d.clone() }, |e| hash(e.date.as_str()));
                Some(d)
            }
            Err(e) => {
                self.p.push(key, Severity::Error, place, format!("invalid date {} in {what}: {e}", quoted(s)), None);
                None
            }
        }
    }

    fn date_opt<R: RefText<'a>>(&mut self, s: Option<R>, key: Key, place: Place, what: &str) -> Option<Date> {
        s.and_then(|s| self.date(s.as_ref(), key, place, what))
    }

    /// Reports `start` certainly after `end`.
    fn reversed(&mut self, start: &Date, end: &Date, (first, second): (&str, &str), key: Key, place: Place) {
        if certainly_after(start, end) {
            let message = format!("{first} {} is after {second} {}", quoted(start.as_str()), quoted(end.as_str()));
            self.p.push(key, Severity::Error, place, message, None);
        }
    }

    /// Resolves the references that had to wait, reports those that name no
    /// entry, and hands over the dataset with its problems so far.
    pub(crate) fn finish(mut self) -> (Dataset, Problems, Skip) {
        // In the order the references were checked in before loading
        // streamed, so the same ones get a "did you mean".
        self.pending.sort_by_key(|r| r.key);
        let mut hints = [HINTS; 6];
        let mut holes: Vec<(Slot, usize)> = Vec::new();
        for r in std::mem::take(&mut self.pending) {
            let table = &self.ids[r.kind as usize];
            match find(table, &self.ds, r.kind, &r.id) {
                Some(ix) => self.fill(r.slot, r.index, ix),
                None => {
                    let mut message = format!("unknown {} {}", r.kind.name(), quoted(&r.id));
                    let hints_left = &mut hints[r.kind as usize];
                    if *hints_left > 0 {
                        *hints_left -= 1;
                        if let Some(near) = nearest(&self.ds, table, r.kind, &r.id) {
                            message.push_str(&format!("; did you mean {}?", quoted(near)));
                        }
                    }
                    self.p.push(r.key, Severity::Error, r.place, message, None);
                    if matches!(r.slot, Slot::TenurePerson | Slot::TenureRole | Slot::TenureSource(_)) {
                        self.skip.tenures[r.index] = true;
                    }
                    holes.push((r.slot, r.index));
                }
            }
        }
        // Ids that never resolved are left out of lists, as if not written.
        let ds = &mut self.ds;
        for (slot, i) in holes {
            match slot {
                Slot::RoleDotted(_) => ds.roles[i].dotted_to.retain(|x| x.0 != DANGLING),
                Slot::TenureSource(_) => ds.tenures[i].sources.retain(|x| x.0 != DANGLING),
                Slot::EventPerson(_) => ds.events[i].people.retain(|x| x.0 != DANGLING),
                Slot::EventOrg(_) => ds.events[i].orgs.retain(|x| x.0 != DANGLING),
                Slot::EventSource(_) => ds.events[i].sources.retain(|x| x.0 != DANGLING),
                _ => {}
            }
        }
        let ds = self.ds;
        (ds, self.p, self.skip)
    }

    /// Writes a reference resolved late into its entry.
    fn fill(&mut self, slot: Slot, i: usize, ix: u32) {
        let ds = &mut self.ds;
        match slot {
            Slot::SourceVia => ds.sources[i].via = Some(SourceIx(ix)),
            Slot::OrgParent => ds.orgs[i].parent = Some(OrgIx(ix)),
            Slot::RoleOrg => ds.roles[i].org = OrgIx(ix),
            Slot::RoleReportsTo => ds.roles[i].reports_to = Some(RoleIx(ix)),
            Slot::RoleDotted(k) => ds.roles[i].dotted_to[k] = RoleIx(ix),
            Slot::TenurePerson => ds.tenures[i].person = PersonIx(ix),
            Slot::TenureRole => ds.tenures[i].role = RoleIx(ix),
            Slot::TenureSource(k) => ds.tenures[i].sources[k] = SourceIx(ix),
            Slot::EventPerson(k) => ds.events[i].people[k] = PersonIx(ix),
            Slot::EventOrg(k) => ds.events[i].orgs[k] = OrgIx(ix),
            Slot::EventSource(k) => ds.events[i].sources[k] = SourceIx(ix),
            Slot::QuoteSpeaker => ds.quotes[i].speaker = PersonIx(ix),
            Slot::QuoteEvent => ds.quotes[i].event = Some(EventIx(ix)),
            Slot::QuoteSource => ds.quotes[i].source = SourceIx(ix),
        }
    }
}

/// Where the reference in `slot` of entry `i` is written.
fn slot_place(slot: Slot, i: usize) -> Place {
    match slot {
        Slot::SourceVia => Place::field("sources", i, "via"),
        Slot::OrgParent => Place::field("orgs", i, "parent"),
        Slot::RoleOrg => Place::field("roles", i, "org"),
        Slot::RoleReportsTo => Place::field("roles", i, "reports_to"),
        Slot::RoleDotted(k) => Place::item("roles", i, "dotted_to", k),
        Slot::TenurePerson => Place::field("tenures", i, "person"),
        Slot::TenureRole => Place::field("tenures", i, "role"),
        Slot::TenureSource(k) => Place::item("tenures", i, "sources", k),
        Slot::EventPerson(k) => Place::item("events", i, "people", k),
        Slot::EventOrg(k) => Place::item("events", i, "orgs", k),
        Slot::EventSource(k) => Place::item("events", i, "sources", k),
        Slot::QuoteSpeaker => Place::field("quotes", i, "speaker"),
        Slot::QuoteEvent => Place::field("quotes", i, "event"),
        Slot::QuoteSource => Place::field("quotes", i, "source"),
    }
}

/// The known id of kind `kind` closest to a misspelt one, if close enough.
fn nearest<'d>(ds: &'d Dataset, table: &HashTable<IdEntry>, kind: Kind, id: &str) -> Option<&'d str> {
    let limit = (id.chars().count() / 3).clamp(1, 3);
    table
        .iter()
        .map(|e| id_of(ds, kind, e.ix))
        .map(|k| (super::load::strsim_distance(id, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use crate::model::load::{load_str, ron_options};
    use crate::model::raw::RawDataset;
    use crate::model::validate::validate;

    /// What loading gives, as text: the dataset and warnings, or the diagnostics.
    fn streamed(text: &str) -> String {
        format!("{:?}", load_str(text).map(|l| (l.dataset, l.warnings)))
    }

    /// The same through [`validate`], which takes the lists whole in a fixed order.
    fn whole(text: &str) -> String {
        let raw: RawDataset = ron_options().from_str(text).expect("ron");
        format!("{:?}", validate(raw, text).map(|v| (v.dataset, v.warnings)))
    }

    #[test]
    fn every_fixture_loads_as_when_checked_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut count = 0;
        for sub in ["valid", "invalid"] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("fixtures") {
                let path = entry.expect("entry").path();
                let Some(text) =
                    std::fs::read_to_string(&path).ok().filter(|_| path.extension() == Some("ron".as_ref()))
                else {
                    continue;
                };
                if ron_options().from_str::<RawDataset>(&text).is_ok() {
                    assert_eq!(streamed(&text), whole(&text), "{}", path.display());
                    count += 1;
                }
            }
        }
        assert!(count >= 8, "only {count} fixtures compared");
    }

    /// Lists in reverse order, so nearly every reference points forward;
    /// unknown ids beyond the hint budget, duplicates, bad and reversed
    /// dates, escapes in references, a cycle: the diagnostics must come out
    /// as they do when the lists are checked whole, in their usual order.
    #[test]
    fn forward_references_and_every_problem_keep_their_order() {
        let mut text = String::from("(\n    quotes: [\n");
        for i in 0..30 {
            text.push_str(&format!(
                "        (id: \"q{i}\", speaker: \"p{}\", text: \"x\", date: \"2020-0{}\", event: \"e{}\", source: \"s0\"),\n",
                i % 40,
                1 + i % 9,
                i % 7
            ));
        }
        text.push_str("    ],\n    events: [\n");
        for i in 0..6 {
            text.push_str(&format!(
                "        (id: \"e{i}\", date: \"{}\", title: \"E\", people: [\"p{i}\", \"nobody{i}\", \"p\\u{{31}}\"], orgs: [\"o0\", \"o9\"], sources: [\"s{i}\"]),\n",
                if i == 2 { "2020-13" } else { "2020-05~" }
            ));
        }
        text.push_str("        (id: \"e1\", date: \"2021\", title: \"Again\"),\n    ],\n    tenures: [\n");
        for i in 0..25 {
            text.push_str(&format!(
                "        (person: \"p{}\", role: \"r{}\", start: \"{}\", end: \"2019\", sources: [\"s0\", \"t{i}\"]),\n",
                i % 12,
                i % 5,
                if i % 4 == 0 { "2021" } else { "2001-02-03" }
            ));
        }
        text.push_str("    ],\n    roles: [\n");
        text.push_str("        (id: \"r0\", org: \"o0\", title: \"CEO\", reports_to: \"r4\"),\n");
        text.push_str("        (id: \"r1\", org: \"o1\", title: \"CTO\", reports_to: \"r0\", dotted_to: [\"r2\", \"rx\", \"r3\"]),\n");
        text.push_str(
            "        (id: \"r2\", org: \"o0\", title: \"CFO\", reports_to: \"r3\", start: \"2010\", end: \"2001\"),\n",
        );
        text.push_str("        (id: \"r3\", org: \"ox\", title: \"COO\", reports_to: \"r2\"),\n");
        text.push_str("        (id: \"r4\", org: \"o0\", title: \"VP\", reports_to: \"r0\"),\n");
        text.push_str("        (id: \"r2\", org: \"o0\", title: \"Dup\"),\n    ],\n    people: [\n");
        for i in 0..10 {
            text.push_str(&format!("        (id: \"p{i}\", name: \"P {i}\"),\n"));
        }
        text.push_str("        (id: \"p3\", name: \"Dup\"),\n    ],\n    orgs: [\n");
        text.push_str(
            "        (id: \"o0\", name: \"Zero\", parent: \"o1\", founded: \"2001\", dissolved: \"1999\"),\n",
        );
        text.push_str("        (id: \"o1\", name: \"One\", parent: \"o0\", parent_since: \"20x\"),\n    ],\n");
        text.push_str("    sources: [(id: \"s0\", title: \"S\", via: \"s1\", date: \"yesterday\"), (id: \"s1\", title: \"T\", via: \"s9\")],\n");
        text.push_str("    as_of: \"2024-02-30\",\n    title: \"Backwards\",\n)\n");
        let got = streamed(&text);
        assert_eq!(got, whole(&text));
        // The file is invalid, and a "did you mean" is only offered so often.
        assert!(got.starts_with("Err("), "{got}");
        assert!(got.contains("unknown person \\\"nobody0\\\"") && got.contains("duplicate role id"), "{got}");
    }
}
