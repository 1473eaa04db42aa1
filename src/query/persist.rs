//! The index's tables as bytes, so that a snapshot can keep them beside the
//! dataset and a re-open skips [`Index::new`] (seconds at a million people:
//! hashing every id, sorting every tenure, event and change point).
//!
//! Every table is a list of integers: little-endian, each list its length
//! (`u64`) then its items as `u32`. Dates are day numbers. The tables come
//! in the order of [`Index::tables`]; first the number of entries of each
//! kind, which must be the dataset's. The roles by org and by superior are
//! not stored: one pass over the roles rebuilds them.
//!
//! Reading is total, as for the dataset itself: every length is checked
//! against the bytes left, every index against the list it points into,
//! every id table and one-to-many map against its shape, and the orders of
//! events and quotes must each be a permutation. So a decoded index answers
//! every query without going out of bounds. Whether the orders are sorted
//! is not checked: the snapshot's checksum vouches for that, as it does for
//! the dataset's content.

use chrono::NaiveDate;

use super::{Change, ChangePoint, ChangeTables, Csr, Deferred, EventTables, IdTable, Ids, Index, TenureTables};
use super::{day_from_number, day_number};
use crate::model::date::Span;
use crate::model::snapshot::{Corrupt, Mapped};
use crate::model::*;

type Read<T> = Result<T, Corrupt>;

struct Out(Vec<u8>);

impl Out {
    fn list(&mut self, items: impl ExactSizeIterator<Item = u32>) {
        self.counted(items.len(), items);
    }
    /// A list of `n` items.
    fn counted(&mut self, n: usize, items: impl Iterator<Item = u32>) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
        self.0.reserve(n * 4);
        let start = self.0.len();
        for x in items {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
        debug_assert_eq!(self.0.len() - start, n * 4);
    }
    fn ixs<T: Copy>(&mut self, items: &[T], ix: fn(T) -> u32) {
        self.list(items.iter().map(|&t| ix(t)));
    }
    fn days(&mut self, days: &[NaiveDate]) {
        self.list(days.iter().map(|&d| day_number(d)));
    }
    fn ids(&mut self, t: &IdTable) {
        self.list(t.slots().iter().copied());
    }
    fn csr<V: Copy>(&mut self, m: &Csr<V>, ix: fn(V) -> u32) {
        let (offsets, values) = m.parts();
        self.list(offsets.iter().copied());
        self.ixs(values, ix);
    }
}

struct In<'a> {
    rest: &'a [u8],
}

impl<'a> In<'a> {
    /// The items of a list, as they are stored.
    fn raw(&mut self, what: &'static str) -> Read<&'a [u8]> {
        let (len, rest) = self.rest.split_first_chunk::<8>().ok_or(Corrupt(what))?;
        let bytes =
            usize::try_from(u64::from_le_bytes(*len)).ok().and_then(|n| n.checked_mul(4)).ok_or(Corrupt(what))?;
        let (items, rest) = rest.split_at_checked(bytes).ok_or(Corrupt(what))?;
        self.rest = rest;
        Ok(items)
    }
    fn list(&mut self, what: &'static str) -> Read<Vec<u32>> {
        let raw = self.raw(what)?;
        let mut v = Vec::with_capacity(raw.len() / 4);
        crate::alloc::huge_pages(&mut v);
        v.extend(raw.chunks_exact(4).map(word));
        Ok(v)
    }
    /// A list of indices below `n`.
    fn ixs<T>(&mut self, n: usize, make: fn(u32) -> T, what: &'static str) -> Read<Vec<T>> {
        let v = self.list(what)?;
        if v.iter().any(|&i| i as usize >= n) {
            return Err(Corrupt(what));
        }
        Ok(v.into_iter().map(make).collect())
    }
    /// An order of all `n` entries: each index once.
    fn order<T>(&mut self, n: usize, make: fn(u32) -> T, what: &'static str) -> Read<Vec<T>> {
        let v = self.list(what)?;
        let mut seen = vec![false; n];
        for &i in &v {
            match seen.get_mut(i as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err(Corrupt(what)),
            }
        }
        if v.len() != n {
            return Err(Corrupt(what));
        }
        Ok(v.into_iter().map(make).collect())
    }
    fn days(&mut self, what: &'static str) -> Read<Vec<NaiveDate>> {
        self.list(what)?.into_iter().map(|n| day(n).ok_or(Corrupt(what))).collect()
    }
    fn ids(&mut self, entries: usize, what: &'static str) -> Read<IdTable> {
        IdTable::from_slots(self.list(what)?, entries).ok_or(Corrupt(what))
    }
    /// A map from `keys` keys to indices below `n`.
    fn csr<V: Copy>(&mut self, keys: usize, n: usize, make: fn(u32) -> V, what: &'static str) -> Read<Csr<V>> {
        let offsets = self.list(what)?;
        let values = self.ixs(n, make, what)?;
        Csr::from_parts(offsets, values, keys).ok_or(Corrupt(what))
    }
}

/// The little-endian `u32` of four bytes.
fn word(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// The date of a day number, if it is one.
fn day(n: u32) -> Option<NaiveDate> {
    let d = day_from_number(n);
    (day_number(d) == n).then_some(d)
}

/// A change as a tag and an index.
fn change_parts(c: Change) -> (u32, u32) {
    match c {
        Change::OrgFounded(o) => (0, o.0),
        Change::OrgJoinsParent(o) => (1, o.0),
        Change::RoleStart(r) => (2, r.0),
        Change::TenureStart(t) => (3, t.0),
        Change::Event(e) => (4, e.0),
        Change::TenureEnd(t) => (5, t.0),
        Change::RoleEnd(r) => (6, r.0),
        Change::OrgDissolved(o) => (7, o.0),
    }
}

/// The change of a tag and an index, if the index is in range of `counts`
/// (see [`counts`]).
fn change_of(tag: u32, i: u32, counts: &[usize; 7]) -> Option<Change> {
    let [_, orgs, _, roles, tenures, events, _] = *counts;
    let below = |n: usize| (i as usize) < n;
    Some(match tag {
        0 if below(orgs) => Change::OrgFounded(OrgIx(i)),
        1 if below(orgs) => Change::OrgJoinsParent(OrgIx(i)),
        2 if below(roles) => Change::RoleStart(RoleIx(i)),
        3 if below(tenures) => Change::TenureStart(TenureIx(i)),
        4 if below(events) => Change::Event(EventIx(i)),
        5 if below(tenures) => Change::TenureEnd(TenureIx(i)),
        6 if below(roles) => Change::RoleEnd(RoleIx(i)),
        7 if below(orgs) => Change::OrgDissolved(OrgIx(i)),
        _ => return None,
    })
}

fn counts(ds: &Dataset) -> [usize; 7] {
    [
        ds.sources.len(),
        ds.orgs.len(),
        ds.people.len(),
        ds.roles.len(),
        ds.tenures.len(),
        ds.events.len(),
        ds.quotes.len(),
    ]
}

impl Index {
    /// The index's tables as bytes, for [`Index::from_tables`].
    pub fn tables(&self) -> Vec<u8> {
        let mut o = Out(Vec::new());
        o.list(counts(&self.ds).into_iter().map(|n| n as u32));
        let ids = self.ids.get(&self.ds);
        for t in [&ids.source_ids, &ids.org_ids, &ids.person_ids, &ids.role_ids, &ids.event_ids, &ids.quote_ids] {
            o.ids(t);
        }
        o.csr(&self.tenures.tenures_by_role, |t| t.0);
        o.csr(&self.tenures.tenures_by_person, |t| t.0);
        o.csr(&self.events.events_by_person, |e| e.0);
        o.csr(&self.events.events_by_org, |e| e.0);
        o.csr(&self.events.quotes_by_speaker, |q| q.0);
        o.csr(&self.events.quotes_by_event, |q| q.0);
        o.ixs(&self.events.events_in_order, |e| e.0);
        o.days(&self.events.event_days);
        o.ixs(&self.events.quotes_in_order, |q| q.0);
        // Change points share few spans (one per distinct date): a table of
        // spans, then each change point as its span's place in the table,
        // its kind and its entry.
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let change_points = self.change_points();
        let mut span_of = Vec::with_capacity(change_points.len());
        for c in change_points {
            let span = (day_number(c.span.earliest), day_number(c.span.latest));
            if spans.last() != Some(&span) {
                spans.push(span);
            }
            span_of.push(spans.len() as u32 - 1);
        }
        o.counted(2 * spans.len(), spans.iter().flat_map(|&(a, b)| [a, b]));
        o.counted(
            3 * change_points.len(),
            change_points.iter().zip(span_of).flat_map(|(c, s)| {
                let (tag, i) = change_parts(c.change);
                [s, tag, i]
            }),
        );
        o.days(&self.changes.structure_days);
        o.ixs(&self.tenures.overlapping_roles, |r| r.0);
        o.0
    }

    /// The index of `ds` from the tables [`Index::tables`] wrote for it,
    /// without building them again. Total: bytes that are not such tables
    /// for a dataset of this shape give an error, never a panic.
    pub fn from_tables(ds: Dataset, tables: &[u8]) -> Result<Index, Corrupt> {
        Index::from_parts(ds, Tables::decode(tables)?, None)
    }

    /// The index of `ds` from its decoded `tables`, which must be of a
    /// dataset of this shape. Tables left in the snapshot
    /// ([`Tables::decode_leaving`]) are read from `snapshot` when first
    /// needed; should they not read (or without the snapshot), they are
    /// built from `ds` instead.
    pub fn from_parts(ds: Dataset, tables: Tables, snapshot: Option<Mapped>) -> Result<Index, Corrupt> {
        let Tables {
            counts: stored,
            ids,
            tenures_by_role,
            overlapping_roles,
            tenures_by_person,
            events,
            change_points,
            last_change,
            structure_days,
        } = tables;
        if stored != counts(&ds) {
            return Err(Corrupt("entry counts"));
        }
        // Rebuilt rather than stored (a pass over the roles each, side by
        // side): they must follow the reporting lines, which the dataset's
        // decoder checks for cycles.
        let (roles_by_org, reports_by_role) = super::roles_by_org_and_reports(&ds);
        let tenures =
            TenureTables { tenures_by_role, overlapping_roles, tenures_by_person, roles_by_org, reports_by_role };
        let ids = ids.deferred(snapshot.clone(), move |bytes| read_whole(bytes, |r| r.id_tables(&stored)), Ids::build);
        let change_points = change_points.deferred(
            snapshot,
            move |bytes| read_whole(bytes, |r| r.change_points(&stored)),
            super::change_points,
        );
        let changes = ChangeTables { change_points, last: last_change, structure_days };
        Ok(Index { ds, ids, tenures, events, changes })
    }
}

/// A stored table: read with the others, or left where its bytes are in the
/// snapshot (their range), to be read when first needed.
#[derive(Debug)]
enum Part<T> {
    Read(T),
    Left(std::ops::Range<usize>),
}

impl<T: Send + Sync + 'static> Part<T> {
    /// The table, or what reads it from `snapshot` later (`read`), or builds
    /// it from the dataset when it cannot be read (`build`).
    fn deferred(
        self,
        snapshot: Option<Mapped>,
        read: impl FnOnce(&[u8]) -> Read<T> + Send + Sync + 'static,
        build: fn(&Dataset) -> T,
    ) -> Deferred<T> {
        match self {
            Part::Read(t) => Deferred::ready(t),
            Part::Left(range) => Deferred::later(move |ds| {
                let bytes = snapshot.as_ref().and_then(|s| s.bytes().get(range));
                bytes.and_then(|b| read(b).ok()).unwrap_or_else(|| build(ds))
            }),
        }
    }
}

/// What `read` reads of `bytes`, which must be all of them.
fn read_whole<T>(bytes: &[u8], read: impl FnOnce(&mut In<'_>) -> Read<T>) -> Read<T> {
    let mut r = In { rest: bytes };
    let t = read(&mut r)?;
    if r.rest.is_empty() { Ok(t) } else { Err(Corrupt("bytes after a table")) }
}

/// The id tables' names, in the order they are stored.
const ID_TABLES: [&str; 6] = ["source ids", "org ids", "person ids", "role ids", "event ids", "quote ids"];

impl In<'_> {
    fn id_tables(&mut self, counts: &[usize; 7]) -> Read<Ids> {
        let [sources, orgs, people, roles, _, events, quotes] = *counts;
        let [s, o, p, r, e, q] = ID_TABLES;
        Ok(Ids {
            source_ids: self.ids(sources, s)?,
            org_ids: self.ids(orgs, o)?,
            person_ids: self.ids(people, p)?,
            role_ids: self.ids(roles, r)?,
            event_ids: self.ids(events, e)?,
            quote_ids: self.ids(quotes, q)?,
        })
    }

    fn change_points(&mut self, counts: &[usize; 7]) -> Read<Vec<ChangePoint>> {
        let spans = self.list("change point spans")?;
        if spans.len() % 2 != 0 {
            return Err(Corrupt("change point spans"));
        }
        let spans = spans
            .chunks_exact(2)
            .map(|w| Some(Span { earliest: day(w[0])?, latest: day(w[1])? }))
            .collect::<Option<Vec<Span>>>()
            .ok_or(Corrupt("change point spans"))?;
        // Read straight from the bytes: at a million people, 4.3M change
        // points would otherwise be copied into a list of 52 MB first.
        let words = self.raw("change points")?;
        if words.len() % 12 != 0 {
            return Err(Corrupt("change points"));
        }
        words
            .chunks_exact(12)
            .map(|w| {
                let span = *spans.get(word(&w[..4]) as usize)?;
                Some(ChangePoint { span, change: change_of(word(&w[4..8]), word(&w[8..]), counts)? })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(Corrupt("change points"))
    }

    /// The last of the change points [`In::change_points`] would read,
    /// checked as they are.
    fn last_change_point(&mut self, counts: &[usize; 7]) -> Read<Option<ChangePoint>> {
        let spans = self.raw("change point spans")?;
        let words = self.raw("change points")?;
        if spans.len() % 8 != 0 || words.len() % 12 != 0 {
            return Err(Corrupt("change points"));
        }
        let Some(w) = words.rchunks_exact(12).next() else { return Ok(None) };
        let s = word(&w[..4]) as usize;
        let pair = spans.get(s * 8..s * 8 + 8).ok_or(Corrupt("change points"))?;
        let (earliest, latest) =
            day(word(&pair[..4])).zip(day(word(&pair[4..]))).ok_or(Corrupt("change point spans"))?;
        let span = Span { earliest, latest };
        let change = change_of(word(&w[4..8]), word(&w[8..]), counts).ok_or(Corrupt("change points"))?;
        Ok(Some(ChangePoint { span, change }))
    }

    /// Passes over `lists` stored lists: where they were, from the start of
    /// `all` (the bytes this reader began with) plus `at`.
    fn skip(&mut self, all: &[u8], at: usize, lists: &[&'static str]) -> Read<std::ops::Range<usize>> {
        let start = all.len() - self.rest.len();
        for &what in lists {
            self.raw(what)?;
        }
        Ok(at + start..at + all.len() - self.rest.len())
    }
}

/// The stored tables of an index, read and checked against the entry
/// counts they start with, but not yet joined to a dataset: they can be
/// decoded while the dataset is (see [`crate::model::snapshot::read_with`]).
#[derive(Debug)]
pub struct Tables {
    counts: [usize; 7],
    ids: Part<Ids>,
    tenures_by_role: Csr<TenureIx>,
    overlapping_roles: Vec<RoleIx>,
    tenures_by_person: Csr<TenureIx>,
    events: EventTables,
    change_points: Part<Vec<ChangePoint>>,
    last_change: Option<ChangePoint>,
    structure_days: Vec<NaiveDate>,
}

impl Tables {
    /// Reads the bytes [`Index::tables`] wrote. Total: anything else gives
    /// an error, never a panic.
    pub fn decode(tables: &[u8]) -> Result<Tables, Corrupt> {
        Tables::read(tables, None)
    }

    /// [`Tables::decode`] of the tables at `at` in a snapshot, but for the
    /// id tables and the change points, which are left there (see
    /// [`Index::from_parts`]): the explorer's first frame needs neither,
    /// and at a million people they are some 45 ms of a re-open.
    pub fn decode_leaving(tables: &[u8], at: usize) -> Result<Tables, Corrupt> {
        Tables::read(tables, Some(at))
    }

    fn read(tables: &[u8], leave_at: Option<usize>) -> Result<Tables, Corrupt> {
        let mut r = In { rest: tables };
        let stored = r.list("entry counts")?;
        let counts: [usize; 7] =
            stored.iter().map(|&n| n as usize).collect::<Vec<_>>().try_into().map_err(|_| Corrupt("entry counts"))?;
        let [_, orgs, people, roles, tenures, events, quotes] = counts;
        let ids = match leave_at {
            None => Part::Read(r.id_tables(&counts)?),
            Some(at) => Part::Left(r.skip(tables, at, &ID_TABLES)?),
        };
        let tenures_by_role = r.csr(roles, tenures, TenureIx, "tenures by role")?;
        let tenures_by_person = r.csr(people, tenures, TenureIx, "tenures by person")?;
        let events_by_person = r.csr(people, events, EventIx, "events by person")?;
        let events_by_org = r.csr(orgs, events, EventIx, "events by org")?;
        let quotes_by_speaker = r.csr(people, quotes, QuoteIx, "quotes by speaker")?;
        let quotes_by_event = r.csr(events, quotes, QuoteIx, "quotes by event")?;
        let events_in_order = r.order(events, EventIx, "events in order")?;
        let event_days = r.days("event days")?;
        if event_days.len() != events {
            return Err(Corrupt("event days"));
        }
        let event_tables = EventTables {
            events_in_order,
            event_days,
            events_by_person,
            events_by_org,
            quotes_in_order: r.order(quotes, QuoteIx, "quotes in order")?,
            quotes_by_speaker,
            quotes_by_event,
        };
        let (change_points, last_change) = match leave_at {
            None => {
                let points = r.change_points(&counts)?;
                let last = points.last().copied();
                (Part::Read(points), last)
            }
            Some(at) => {
                let range = r.skip(tables, at, &["change point spans", "change points"])?;
                // The last one alone, read now: a dataset without `as_of`
                // opens at its date.
                let mut tail = In { rest: &tables[range.start - at..range.end - at] };
                (Part::Left(range), tail.last_change_point(&counts)?)
            }
        };
        let structure_days = r.days("structure days")?;
        let overlapping_roles = r.ixs(roles, RoleIx, "roles with overlapping holders")?;
        if !r.rest.is_empty() {
            return Err(Corrupt("bytes after the index tables"));
        }
        Ok(Tables {
            counts,
            ids,
            tenures_by_role,
            overlapping_roles,
            tenures_by_person,
            events: event_tables,
            change_points,
            last_change,
            structure_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    fn story() -> Index {
        Index::new(load_str(crate::model::BUNDLED).expect("the story loads").dataset)
    }

    /// Everything the index answers, as text, to compare two indexes.
    fn answers(ix: &Index) -> String {
        let ds = ix.dataset();
        let mut out = format!("{:?}\n", ix.default_as_of());
        out += &format!("{:?}\n{:?}\n", ix.change_points(), ix.events_in_order());
        out += &format!("{:?}\n", ix.roles_with_overlapping_holders());
        out += &format!("{:?}\n", ix.quotes_in_order());
        for (i, p) in ds.people.iter().enumerate() {
            let p_ix = PersonIx::from_ix(i);
            out += &format!(
                "{:?} {:?} {:?} {:?}\n",
                ix.person_by_id(&p.id),
                ix.tenures_of_person(p_ix),
                ix.events_of_person(p_ix),
                ix.quotes_of_person(p_ix)
            );
        }
        for (i, r) in ds.roles.iter().enumerate() {
            let r_ix = RoleIx::from_ix(i);
            out += &format!("{:?} {:?} {:?}\n", ix.role_by_id(&r.id), ix.tenures_of_role(r_ix), ix.reports_of(r_ix));
        }
        for (i, o) in ds.orgs.iter().enumerate() {
            let o_ix = OrgIx::from_ix(i);
            out += &format!("{:?} {:?} {:?}\n", ix.org_by_id(&o.id), ix.roles_of_org(o_ix), ix.events_of_org(o_ix));
        }
        for (i, e) in ds.events.iter().enumerate() {
            out += &format!("{:?} {:?}\n", ix.event_by_id(&e.id), ix.quotes_of_event(EventIx::from_ix(i)));
        }
        for s in &ds.sources {
            out += &format!("{:?}\n", ix.source_by_id(&s.id));
        }
        for q in &ds.quotes {
            out += &format!("{:?}\n", ix.quote_by_id(&q.id));
        }
        for c in ix.change_points() {
            let a = c.span;
            out += &format!("{} {:?}\n", ix.has_event_starting_in(a.earliest, a.latest), ix.org_chart_at(a).len());
            out += &format!("{}\n", ix.same_org_chart(a, Span::day(a.latest)));
        }
        out
    }

    #[test]
    fn stored_tables_answer_as_the_built_ones() {
        let built = story();
        let tables = built.tables();
        let back = Index::from_tables(story().ds, &tables).expect("the tables read back");
        assert_eq!(answers(&back), answers(&built));
        assert_eq!(back.tables(), tables, "and write the same bytes again");
    }

    #[test]
    fn roles_with_overlapping_holders_are_stored() {
        let text = include_str!("../../tests/fixtures/valid/acting_overlap.ron");
        let built = Index::new(load_str(text).expect("valid").dataset);
        assert_eq!(built.roles_with_overlapping_holders(), &[RoleIx::from_ix(0)]);
        let tables = built.tables();
        let back = Index::from_tables(load_str(text).expect("valid").dataset, &tables).expect("read back");
        assert_eq!(answers(&back), answers(&built));
        // A role past the last is refused.
        let mut bad = tables.clone();
        let n = bad.len();
        bad[n - 4..].copy_from_slice(&1u32.to_le_bytes());
        assert!(Index::from_tables(load_str(text).expect("valid").dataset, &bad).is_err());
    }

    #[test]
    fn tables_of_another_dataset_are_refused() {
        let tables = story().tables();
        let other = load_str("(people: [(id: \"a\", name: \"A\")])").expect("valid").dataset;
        assert_eq!(Index::from_tables(other, &tables).err(), Some(Corrupt("entry counts")));
    }

    #[test]
    fn any_damage_is_an_error_or_an_index_never_a_panic() {
        let tables = story().tables();
        // Every truncation.
        for n in 0..tables.len() {
            assert!(Index::from_tables(story().ds, &tables[..n]).is_err(), "truncated at {n}");
        }
        // Bytes flipped anywhere: refused, or an index whose queries stay in bounds.
        let ds = story().ds;
        for at in 0..tables.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = tables.clone();
                bad[at] ^= flip;
                if let Ok(ix) = Index::from_tables(ds.clone(), &bad) {
                    let _ = answers(&ix);
                }
            }
        }
        let mut longer = tables.clone();
        longer.push(0);
        assert_eq!(Index::from_tables(story().ds, &longer).err(), Some(Corrupt("bytes after the index tables")));
    }

    /// The index of `ds` from `tables` placed `at` bytes into a snapshot,
    /// its id tables and change points left there; and those ranges.
    fn leaving(ds: Dataset, tables: &[u8], at: usize) -> (Index, Vec<std::ops::Range<usize>>) {
        let mut snapshot = vec![0x5a; at];
        snapshot.extend_from_slice(tables);
        let parsed = Tables::decode_leaving(tables, at).expect("the tables read");
        fn range<T>(p: &Part<T>) -> Option<std::ops::Range<usize>> {
            match p {
                Part::Left(r) => Some(r.clone()),
                Part::Read(_) => None,
            }
        }
        let left: Vec<_> = [range(&parsed.ids), range(&parsed.change_points)].into_iter().flatten().collect();
        let mapped = Mapped::new(crate::model::snapshot::Bytes::from(snapshot));
        (Index::from_parts(ds, parsed, Some(mapped)).expect("joined"), left)
    }

    #[test]
    fn tables_left_in_the_snapshot_answer_as_the_built_ones_once_read() {
        let built = story();
        let tables = built.tables();
        let (back, left) = leaving(story().ds, &tables, 1000);
        assert_eq!(left.len(), 2, "the id tables and the change points are left");
        // Where they are read from, and not built again from the dataset.
        let mut snapshot = vec![0x5a; 1000];
        snapshot.extend_from_slice(&tables);
        let stored = counts(&built.ds);
        assert!(read_whole(&snapshot[left[0].clone()], |r| r.id_tables(&stored)).is_ok());
        let points = read_whole(&snapshot[left[1].clone()], |r| r.change_points(&stored));
        assert_eq!(points.as_deref(), Ok(built.change_points()));
        assert!(!back.ids.is_ready() && !back.changes.change_points.is_ready());
        // The date to open at is known without reading them: the last
        // change point's, for a dataset without `as_of`.
        let mut no_as_of = story().ds;
        no_as_of.as_of = None;
        let whole = Index::new(no_as_of.clone());
        let (left_alone, _) = leaving(no_as_of, &whole.tables(), 3);
        assert_eq!(left_alone.default_as_of(), whole.default_as_of());
        assert!(whole.default_as_of().is_some() && !left_alone.changes.change_points.is_ready());
        assert_eq!(answers(&back), answers(&built));
        assert!(back.ids.is_ready() && back.changes.change_points.is_ready());
        assert_eq!(back.tables(), tables);
        // Read by the explorer's thread, or by the first to ask.
        let (early, _) = leaving(story().ds, &tables, 7);
        early.read_deferred();
        assert!(early.ids.is_ready() && early.changes.change_points.is_ready());
        assert_eq!(answers(&early), answers(&built));
        // A generated dataset, large enough to be read on several threads.
        let text = crate::generate::generate(3_000, 5);
        let built = Index::new(load_str(&text).expect("valid").dataset);
        let (back, _) = leaving(load_str(&text).expect("valid").dataset, &built.tables(), 64);
        assert_eq!(answers(&back), answers(&built));
    }

    #[test]
    fn tables_left_in_the_snapshot_that_do_not_read_are_built_from_the_dataset() {
        let built = story();
        let tables = built.tables();
        let (_, left) = leaving(story().ds, &tables, 0);
        // Each left range damaged through and through, or cut short: the
        // rest of the tables still read, and the answers are still right.
        for range in &left {
            for damage in [0xffu8, 0x00, 0x37] {
                let mut bad = tables.clone();
                bad[range.clone()].fill(damage);
                let Ok(parsed) = Tables::decode_leaving(&bad, 0) else { continue };
                let ix = Index::from_parts(story().ds, parsed, Some(Mapped::new(bad.into()))).expect("joined");
                assert_eq!(answers(&ix), answers(&built), "{range:?} filled with {damage:#x}");
            }
            let cut = Mapped::new(tables[..range.end - 1].to_vec().into());
            let ix = Index::from_parts(story().ds, Tables::decode_leaving(&tables, 0).expect("read"), Some(cut))
                .expect("joined");
            assert_eq!(answers(&ix), answers(&built), "{range:?} cut short");
        }
        // Without the snapshot at all.
        let ix =
            Index::from_parts(story().ds, Tables::decode_leaving(&tables, 0).expect("read"), None).expect("joined");
        assert_eq!(answers(&ix), answers(&built));
    }
}
