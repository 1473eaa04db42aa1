//! The index built once after loading, and the answers the views need:
//! who held a role at a date, the org chart at a date, a person's history,
//! the change points of the story. Every query is a read-only `&self`.

mod chart;
mod cite;
mod csr;
mod deferred;
pub mod diff;
mod filter;
mod ids;
mod parallel;
mod persist;
pub mod search;

pub use chart::{ChartRow, OrgChart};
pub use cite::{holder_label, holders_phrase, source_citation};
pub use csr::Csr;
pub use filter::{EventFilter, QuoteFilter};
pub use ids::IdTable;
pub use persist::Tables;

use chrono::{Datelike, NaiveDate};

use crate::model::date::{Coverage, Span, coverage};
use crate::model::validate::certain_days;
use crate::model::*;
use deferred::Deferred;

/// The dataset with its lookup tables and reverse maps.
#[derive(Debug)]
pub struct Index {
    ds: Dataset,
    ids: Deferred<Ids>,
    tenures: TenureTables,
    events: EventTables,
    changes: ChangeTables,
}

/// Someone covering a role at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder {
    /// The tenure that covers the date.
    pub tenure: TenureIx,
    /// Its person.
    pub person: PersonIx,
    /// Certainly or only possibly at that date.
    pub coverage: Coverage,
    /// An interim holder.
    pub acting: bool,
}

/// What happens at a change point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// An org is founded.
    OrgFounded(OrgIx),
    /// An org comes under its parent.
    OrgJoinsParent(OrgIx),
    /// A role comes into being.
    RoleStart(RoleIx),
    /// Someone takes a role.
    TenureStart(TenureIx),
    /// An event.
    Event(EventIx),
    /// Someone leaves a role.
    TenureEnd(TenureIx),
    /// A role ends.
    RoleEnd(RoleIx),
    /// An org is dissolved.
    OrgDissolved(OrgIx),
}

/// A moment where something in the story changes: any tenure start or end,
/// role or org start or end, an org joining its parent, an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangePoint {
    /// The span of its date, which orders change points.
    pub span: Span,
    /// What changes.
    pub change: Change,
}

impl ChangePoint {
    /// The date of this change as written in the dataset.
    pub fn date<'a>(&self, ds: &'a Dataset) -> &'a Date {
        let d = match self.change {
            Change::OrgFounded(o) => ds.org(o).founded.as_ref(),
            Change::OrgJoinsParent(o) => ds.org(o).parent_since.as_ref(),
            Change::OrgDissolved(o) => ds.org(o).dissolved.as_ref(),
            Change::RoleStart(r) => ds.role(r).start.as_ref(),
            Change::RoleEnd(r) => ds.role(r).end.as_ref(),
            Change::TenureStart(t) => ds.tenure(t).start.as_ref(),
            Change::TenureEnd(t) => ds.tenure(t).end.as_ref(),
            Change::Event(e) => Some(&ds.event(e).date),
        };
        // Change points are only made from dates that are present.
        d.expect("change point without a date")
    }
}

/// A span as one number that orders like `(earliest, latest)`.
fn day_pair(s: Span) -> u64 {
    (u64::from(day_number(s.earliest)) << 32) | u64::from(day_number(s.latest))
}

/// The order of [`Index::events_in_order`] of two events and their
/// [`day_pair`]s: earliest day, latest day, id.
fn event_order(ds: &Dataset, (ka, a): (u64, EventIx), (kb, b): (u64, EventIx)) -> std::cmp::Ordering {
    ka.cmp(&kb).then_with(|| ds.event(a).id.cmp(&ds.event(b).id)).then(a.cmp(&b))
}

/// The [`day_pair`] of a quote's date; the highest for an undated one.
fn quote_day_pair(q: &Quote) -> u64 {
    q.date.as_ref().map_or(u64::MAX, |d| day_pair(d.span()))
}

/// The order of [`Index::quotes_in_order`] of two quotes and their
/// [`quote_day_pair`]s: undated last, then by earliest day, latest day, id.
fn quote_order(ds: &Dataset, (ka, a): (u64, QuoteIx), (kb, b): (u64, QuoteIx)) -> std::cmp::Ordering {
    let (x, y) = (ds.quote(a), ds.quote(b));
    (x.date.is_none(), ka, &x.id, a).cmp(&(y.date.is_none(), kb, &y.id, b))
}

/// Days since the earliest representable date: orders like the date, and
/// `NaiveDate::MIN` is 0.
fn day_number(d: NaiveDate) -> u32 {
    (d.num_days_from_ce() - NaiveDate::MIN.num_days_from_ce()) as u32
}

/// The date of a [`day_number`]; `NaiveDate::MAX` past it (never, for a
/// number made by `day_number`).
fn day_from_number(n: u32) -> NaiveDate {
    i32::try_from(i64::from(n) + i64::from(NaiveDate::MIN.num_days_from_ce()))
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MAX)
}

impl Index {
    /// Builds every table of `ds` once; a large dataset's tables are built
    /// on two threads.
    pub fn new(ds: Dataset) -> Index {
        let large = ds.tenures.len() + ds.events.len() + ds.people.len() >= PARALLEL_FROM
            && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let ds_ref = &ds;
        let (ids, tenures, events, changes) = std::thread::scope(|s| {
            let first = || (Ids::build(ds_ref), TenureTables::build(ds_ref));
            let (ids, tenures, events, changes);
            if large {
                let job = s.spawn(first);
                (events, changes) = (EventTables::build(ds_ref), ChangeTables::build(ds_ref));
                // Building tables does not panic; should it ever, build again here.
                (ids, tenures) = job.join().unwrap_or_else(|_| first());
            } else {
                (ids, tenures) = first();
                (events, changes) = (EventTables::build(ds_ref), ChangeTables::build(ds_ref));
            }
            (ids, tenures, events, changes)
        });
        Index { ds, ids: Deferred::ready(ids), tenures, events, changes }
    }

    /// Reads the tables a snapshot left to read when first needed (the id
    /// tables and the change points; see [`Tables::decode_leaving`]), if
    /// they are not yet: the explorer calls it on a thread of its own once
    /// its first frame is drawn.
    pub fn read_deferred(&self) {
        self.ids.get(&self.ds);
        self.changes.change_points.get(&self.ds);
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// The source with id `id`.
    pub fn source_by_id(&self, id: &str) -> Option<SourceIx> {
        self.ids.get(&self.ds).source_ids.get(id, |i| self.ds.sources[i].id.as_str()).map(SourceIx)
    }
    /// The org with id `id`.
    pub fn org_by_id(&self, id: &str) -> Option<OrgIx> {
        self.ids.get(&self.ds).org_ids.get(id, |i| self.ds.orgs[i].id.as_str()).map(OrgIx)
    }
    /// The person with id `id`.
    pub fn person_by_id(&self, id: &str) -> Option<PersonIx> {
        self.ids.get(&self.ds).person_ids.get(id, |i| self.ds.people[i].id.as_str()).map(PersonIx)
    }
    /// The role with id `id`.
    pub fn role_by_id(&self, id: &str) -> Option<RoleIx> {
        self.ids.get(&self.ds).role_ids.get(id, |i| self.ds.roles[i].id.as_str()).map(RoleIx)
    }
    /// The event with id `id`.
    pub fn event_by_id(&self, id: &str) -> Option<EventIx> {
        self.ids.get(&self.ds).event_ids.get(id, |i| self.ds.events[i].id.as_str()).map(EventIx)
    }
    /// The quote with id `id`.
    pub fn quote_by_id(&self, id: &str) -> Option<QuoteIx> {
        self.ids.get(&self.ds).quote_ids.get(id, |i| self.ds.quotes[i].id.as_str()).map(QuoteIx)
    }

    /// Every tenure of a role, by start date.
    pub fn tenures_of_role(&self, role: RoleIx) -> &[TenureIx] {
        self.tenures.tenures_by_role.get(role.0)
    }

    /// The roles of one seat that two holders certainly hold at once (by
    /// [`lane_days`]): an acting holder beside the titular one, or data
    /// the checks warn about. In role order.
    pub fn roles_with_overlapping_holders(&self) -> &[RoleIx] {
        &self.tenures.overlapping_roles
    }

    /// Every tenure of a person, by start date.
    pub fn tenures_of_person(&self, person: PersonIx) -> &[TenureIx] {
        self.tenures.tenures_by_person.get(person.0)
    }
    /// The roles of an org, in file order.
    pub fn roles_of_org(&self, org: OrgIx) -> &[RoleIx] {
        self.tenures.roles_by_org.get(org.0)
    }
    /// The roles whose `reports_to` is `role`, whatever the date.
    pub fn reports_of(&self, role: RoleIx) -> &[RoleIx] {
        self.tenures.reports_by_role.get(role.0)
    }
    /// The events a person takes part in, in date order.
    pub fn events_of_person(&self, person: PersonIx) -> &[EventIx] {
        self.events.events_by_person.get(person.0)
    }
    /// The events an org takes part in, in date order.
    pub fn events_of_org(&self, org: OrgIx) -> &[EventIx] {
        self.events.events_by_org.get(org.0)
    }
    /// What a person said, in date order (undated last).
    pub fn quotes_of_person(&self, person: PersonIx) -> &[QuoteIx] {
        self.events.quotes_by_speaker.get(person.0)
    }
    /// The quotes of an event, in date order.
    pub fn quotes_of_event(&self, event: EventIx) -> &[QuoteIx] {
        self.events.quotes_by_event.get(event.0)
    }
    /// Every event, in date order (earliest day, latest day, id).
    pub fn events_in_order(&self) -> &[EventIx] {
        &self.events.events_in_order
    }
    /// How two quotes compare in [`Index::quotes_in_order`].
    pub fn quote_order(&self, a: QuoteIx, b: QuoteIx) -> std::cmp::Ordering {
        let key = |q: QuoteIx| (quote_day_pair(self.dataset().quote(q)), q);
        quote_order(self.dataset(), key(a), key(b))
    }
    /// How two events compare in [`Index::events_in_order`].
    pub fn event_order(&self, a: EventIx, b: EventIx) -> std::cmp::Ordering {
        let key = |e: EventIx| (day_pair(self.dataset().event(e).date.span()), e);
        event_order(self.dataset(), key(a), key(b))
    }
    /// The earliest day of each event of [`Index::events_in_order`], in
    /// that order.
    pub fn event_days(&self) -> &[NaiveDate] {
        &self.events.event_days
    }
    /// Whether some event's earliest day falls on or after `from` and before `to`.
    pub fn has_event_starting_in(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let i = self.events.event_days.partition_point(|&d| d < from);
        self.events.event_days.get(i).is_some_and(|&d| d < to)
    }
    /// Every quote, in date order (undated last).
    pub fn quotes_in_order(&self) -> &[QuoteIx] {
        &self.events.quotes_in_order
    }
    /// Every change point, in date order.
    pub fn change_points(&self) -> &[ChangePoint] {
        self.changes.change_points.get(&self.ds)
    }

    /// The first change point strictly after `at` (by earliest, then latest day).
    pub fn next_change(&self, at: Span) -> Option<&ChangePoint> {
        let key = (at.earliest, at.latest);
        let points = self.change_points();
        let i = points.partition_point(|c| (c.span.earliest, c.span.latest) <= key);
        points.get(i)
    }

    /// The last change point strictly before `at`.
    pub fn previous_change(&self, at: Span) -> Option<&ChangePoint> {
        let key = (at.earliest, at.latest);
        let points = self.change_points();
        let i = points.partition_point(|c| (c.span.earliest, c.span.latest) < key);
        i.checked_sub(1).and_then(|i| points.get(i))
    }

    /// The dates at which `role`'s holders change (its tenures' starts and
    /// ends), in change-point order, each with what happens.
    pub fn role_changes(&self, role: RoleIx) -> Vec<ChangePoint> {
        let mut out: Vec<ChangePoint> = Vec::new();
        for &t in self.tenures_of_role(role) {
            let x = self.ds.tenure(t);
            if let Some(d) = x.start.as_ref().filter(|d| is_moment(d)) {
                out.push(ChangePoint { span: d.span(), change: Change::TenureStart(t) });
            }
            if let Some(d) = x.end.as_ref().filter(|d| is_moment(d)) {
                out.push(ChangePoint { span: d.span(), change: Change::TenureEnd(t) });
            }
        }
        out.sort_unstable_by_key(|c| (c.span.earliest, c.span.latest, c.change));
        out
    }

    /// The first change of `role`'s holders strictly after `at` (the same
    /// order as [`Index::next_change`]).
    pub fn next_role_change(&self, role: RoleIx, at: Span) -> Option<ChangePoint> {
        let key = (at.earliest, at.latest);
        self.role_changes(role).into_iter().find(|c| (c.span.earliest, c.span.latest) > key)
    }

    /// The last change of `role`'s holders strictly before `at`.
    pub fn previous_role_change(&self, role: RoleIx, at: Span) -> Option<ChangePoint> {
        let key = (at.earliest, at.latest);
        self.role_changes(role).into_iter().rev().find(|c| (c.span.earliest, c.span.latest) < key)
    }

    /// The date the dataset describes: its `as_of`, else its latest date.
    pub fn default_as_of(&self) -> Option<&Date> {
        self.ds.as_of.as_ref().or_else(|| self.changes.last.map(|c| c.date(&self.ds)))
    }

    /// Whether a tenure covers `at`.
    pub fn tenure_coverage(&self, t: TenureIx, at: Span) -> Coverage {
        let t = self.ds.tenure(t);
        coverage(t.start.as_ref(), t.end.as_ref(), at)
    }

    /// Everyone who holds `role` at `at`: certain holders first, then
    /// possible ones, each group by start date — the order every view shows.
    pub fn holders_at(&self, role: RoleIx, at: Span) -> Vec<Holder> {
        let mut holders: Vec<Holder> = self
            .tenures_of_role(role)
            .iter()
            .filter_map(|&t| {
                let c = self.tenure_coverage(t, at);
                let x = self.ds.tenure(t);
                (c != Coverage::No).then_some(Holder { tenure: t, person: x.person, coverage: c, acting: x.acting })
            })
            .collect();
        // Stable: tenures come by start date, so each group keeps that order.
        holders.sort_by_key(|h| std::cmp::Reverse(h.coverage));
        holders
    }

    /// How surely an org exists at `at`, by the coverage rule on its
    /// `founded` and `dissolved` dates.
    pub fn org_coverage(&self, org: OrgIx, at: Span) -> Coverage {
        let o = self.ds.org(org);
        coverage(o.founded.as_ref(), o.dissolved.as_ref(), at)
    }

    /// Whether an org (possibly) exists at `at`: not founded after it, not
    /// dissolved before it.
    pub fn org_exists(&self, org: OrgIx, at: Span) -> bool {
        self.org_coverage(org, at) != Coverage::No
    }

    /// How surely a role exists at `at`: by its own `start` and `end`, and
    /// no more surely than its org.
    pub fn role_coverage(&self, role: RoleIx, at: Span) -> Coverage {
        let r = self.ds.role(role);
        coverage(r.start.as_ref(), r.end.as_ref(), at).min(self.org_coverage(r.org, at))
    }

    /// Whether a role (possibly) exists at `at`, its org too.
    pub fn role_exists(&self, role: RoleIx, at: Span) -> bool {
        self.role_coverage(role, at) != Coverage::No
    }

    /// How surely `org` is under its `parent` at `at`: by `parent_since`
    /// (a start with no end), and no more surely than the parent exists.
    /// [`Coverage::No`] for an org without a parent.
    pub fn parent_coverage(&self, org: OrgIx, at: Span) -> Coverage {
        let o = self.ds.org(org);
        match o.parent {
            Some(parent) => coverage(o.parent_since.as_ref(), None, at).min(self.org_coverage(parent, at)),
            None => Coverage::No,
        }
    }

    /// The parent of `org` at `at`: its `parent` once `parent_since` has
    /// (possibly) begun, if that parent exists then.
    pub fn parent_org_at(&self, org: OrgIx, at: Span) -> Option<OrgIx> {
        let parent = self.ds.org(org).parent?;
        (self.parent_coverage(org, at) != Coverage::No).then_some(parent)
    }

    /// Whether `org` is `ancestor` or lies under it at `at`.
    pub fn org_is_under(&self, org: OrgIx, ancestor: OrgIx, at: Span) -> bool {
        let mut cur = Some(org);
        // Validation forbids parent cycles; the bound keeps this total anyway.
        for _ in 0..=self.ds.orgs.len() {
            match cur {
                Some(o) if o == ancestor => return true,
                Some(o) => cur = self.parent_org_at(o, at),
                None => return false,
            }
        }
        false
    }

    /// The role `role` reports to at `at`, if that line holds then: the
    /// superior exists, and is in the same org or in an org that `role`'s
    /// org lies under at that date.
    pub fn superior_at(&self, role: RoleIx, at: Span) -> Option<RoleIx> {
        self.superior_where(role, at, |up| self.role_exists(up, at))
    }

    /// [`Index::superior_at`], told by `exists` which roles exist at `at`
    /// (the org chart knows already).
    pub(crate) fn superior_where(&self, role: RoleIx, at: Span, exists: impl Fn(RoleIx) -> bool) -> Option<RoleIx> {
        let r = self.ds.role(role);
        let up = r.reports_to?;
        if !exists(up) {
            return None;
        }
        let up_org = self.ds.role(up).org;
        (up_org == r.org || self.org_is_under(r.org, up_org, at)).then_some(up)
    }

    /// The org chart at `at`.
    pub fn org_chart_at(&self, at: Span) -> OrgChart {
        OrgChart::build(self, at)
    }

    /// Whether the org chart at `a` is the org chart at `b`: no role or org
    /// begins or ends, and no org joins its parent, between them. Answered
    /// by binary search, so moving the as-of date does not rebuild the chart
    /// for a million roles when nothing in it changed.
    pub fn same_org_chart(&self, a: Span, b: Span) -> bool {
        // The chart depends on `at` only through the coverage rule, which
        // compares `at.earliest` and `at.latest` (by `<=`, either way round)
        // with the widened bounds of those dates: two days that sit alike
        // against every bound (as many bounds before, as many at or before)
        // give the same answers.
        let days = &self.changes.structure_days;
        let place = |d: NaiveDate| (days.partition_point(|&x| x < d), days.partition_point(|&x| x <= d));
        place(a.earliest) == place(b.earliest) && place(a.latest) == place(b.latest)
    }
}

/// Datasets with at least this many people, tenures and events together
/// are indexed on two threads.
const PARALLEL_FROM: usize = 100_000;

/// The id tables.
#[derive(Debug)]
struct Ids {
    source_ids: IdTable,
    org_ids: IdTable,
    person_ids: IdTable,
    role_ids: IdTable,
    event_ids: IdTable,
    quote_ids: IdTable,
}

impl Ids {
    fn build(ds: &Dataset) -> Ids {
        Ids {
            source_ids: IdTable::build(ds.sources.iter().map(|x| x.id.as_str())),
            org_ids: IdTable::build(ds.orgs.iter().map(|x| x.id.as_str())),
            person_ids: IdTable::build(ds.people.iter().map(|x| x.id.as_str())),
            role_ids: IdTable::build(ds.roles.iter().map(|x| x.id.as_str())),
            event_ids: IdTable::build(ds.events.iter().map(|x| x.id.as_str())),
            quote_ids: IdTable::build(ds.quotes.iter().map(|x| x.id.as_str())),
        }
    }
}

/// Who held which role: tenures by role and by person, roles by org and by
/// the role they report to.
#[derive(Debug)]
struct TenureTables {
    tenures_by_role: Csr<TenureIx>,
    /// See [`Index::roles_with_overlapping_holders`].
    overlapping_roles: Vec<RoleIx>,
    tenures_by_person: Csr<TenureIx>,
    roles_by_org: Csr<RoleIx>,
    reports_by_role: Csr<RoleIx>,
}

impl TenureTables {
    fn build(ds: &Dataset) -> TenureTables {
        // An absent start is the open past, an absent end the open future.
        // Keys are computed once, and each tenure's role and person read
        // in one pass: going through the tenures in date order would cost
        // a cache miss per tenure.
        let mut role_of = Vec::with_capacity(ds.tenures.len());
        let mut person_of = Vec::with_capacity(ds.tenures.len());
        let mut days = Vec::with_capacity(ds.tenures.len());
        let mut by_start: Vec<(u128, TenureIx)> = ds
            .tenures
            .iter()
            .enumerate()
            .map(|(i, x)| {
                role_of.push(x.role.0);
                person_of.push(x.person.0);
                days.push(lane_days(x.start.as_ref(), x.end.as_ref()));
                let start = x.start.as_ref().map_or(0, |d| day_pair(d.span()));
                let end = x.end.as_ref().map_or(day_pair(Span::day(NaiveDate::MAX)), |d| day_pair(d.span()));
                ((u128::from(start) << 64) | u128::from(end), TenureIx::from_ix(i))
            })
            .collect();
        by_start.sort_unstable();
        let by_start: Vec<TenureIx> = by_start.into_iter().map(|(_, t)| t).collect();
        let tenures_by_role = Csr::build(ds.roles.len(), by_start.iter().map(|&t| (role_of[t.ix()], t)));
        let overlapping_roles = (0..ds.roles.len())
            .filter(|&r| ds.roles[r].seats == 1)
            .filter(|&r| holders_overlap(tenures_by_role.get(r as u32).iter().map(|t| days[t.ix()])))
            .map(RoleIx::from_ix)
            .collect();
        let (roles_by_org, reports_by_role) = roles_by_org_and_reports(ds);
        TenureTables {
            tenures_by_role,
            overlapping_roles,
            tenures_by_person: Csr::build(ds.people.len(), by_start.iter().map(|&t| (person_of[t.ix()], t))),
            roles_by_org,
            reports_by_role,
        }
    }
}

/// The days a tenure takes in its role's row of the tenure chart, when the
/// role has one seat: those it certainly covers, or when none are certain
/// (a start and end in the same uncertain year) those it may cover; an
/// open start or end is endless.
pub fn lane_days(start: Option<&Date>, end: Option<&Date>) -> (NaiveDate, NaiveDate) {
    certain_days(start, end).map_or_else(|| possible_span(start, end), |s| (s.earliest, s.latest))
}

/// The earliest and latest day something with this start and end can
/// cover; an open start or end is endless.
pub fn possible_span(start: Option<&Date>, end: Option<&Date>) -> (NaiveDate, NaiveDate) {
    (start.map_or(NaiveDate::MIN, |d| d.widened().earliest), end.map_or(NaiveDate::MAX, |d| d.widened().latest))
}

/// Whether two of `days` (by [`lane_days`], in any order) overlap; ending
/// the day the other starts is a handover, not an overlap. Pairwise for the
/// few tenures most roles have, else sorted.
fn holders_overlap(days: impl ExactSizeIterator<Item = (NaiveDate, NaiveDate)> + Clone) -> bool {
    if days.len() > 16 {
        // Sorted by the first day: each against the furthest reach so far.
        let mut spans: Vec<_> = days.collect();
        spans.sort_unstable();
        let mut reach = NaiveDate::MIN;
        return spans.iter().enumerate().any(|(i, &(first, last))| {
            let overlaps = i > 0 && first < reach;
            reach = reach.max(last);
            overlaps
        });
    }
    days.clone().enumerate().any(|(i, (a0, a1))| days.clone().skip(i + 1).any(|(b0, b1)| a0 < b1 && b0 < a1))
}

/// The roles of each org, in file order.
fn roles_by_org(ds: &Dataset) -> Csr<RoleIx> {
    Csr::build(ds.orgs.len(), ds.roles.iter().enumerate().map(|(i, r)| (r.org.0, RoleIx::from_ix(i))))
}

/// [`roles_by_org`] and [`reports_by_role`], on two threads for a large
/// dataset.
fn roles_by_org_and_reports(ds: &Dataset) -> (Csr<RoleIx>, Csr<RoleIx>) {
    if parallel::threads_for(ds.roles.len(), chart::PARALLEL_FROM, 2) < 2 {
        return (roles_by_org(ds), reports_by_role(ds));
    }
    std::thread::scope(|s| {
        let by_org = s.spawn(|| roles_by_org(ds));
        let reports = reports_by_role(ds);
        (by_org.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), reports)
    })
}

/// The roles reporting to each role, in file order.
fn reports_by_role(ds: &Dataset) -> Csr<RoleIx> {
    Csr::build(
        ds.roles.len(),
        ds.roles.iter().enumerate().filter_map(|(i, r)| Some((r.reports_to?.0, RoleIx::from_ix(i)))),
    )
}

/// Events and quotes in date order, and by whom and what they concern.
#[derive(Debug)]
struct EventTables {
    events_in_order: Vec<EventIx>,
    event_days: Vec<NaiveDate>,
    events_by_person: Csr<EventIx>,
    events_by_org: Csr<EventIx>,
    quotes_in_order: Vec<QuoteIx>,
    quotes_by_speaker: Csr<QuoteIx>,
    quotes_by_event: Csr<QuoteIx>,
}

impl EventTables {
    fn build(ds: &Dataset) -> EventTables {
        let mut events_in_order: Vec<(u64, EventIx)> =
            ds.events.iter().enumerate().map(|(i, e)| (day_pair(e.date.span()), EventIx::from_ix(i))).collect();
        events_in_order.sort_unstable_by(|&a, &b| event_order(ds, a, b));
        let event_days = events_in_order.iter().map(|&(k, _)| day_from_number((k >> 32) as u32)).collect();
        let events_in_order: Vec<EventIx> = events_in_order.into_iter().map(|(_, e)| e).collect();
        let events_by_person = Csr::build(
            ds.people.len(),
            events_in_order.iter().flat_map(|&e| ds.event(e).people.iter().map(move |p| (p.0, e))),
        );
        let events_by_org = Csr::build(
            ds.orgs.len(),
            events_in_order.iter().flat_map(|&e| ds.event(e).orgs.iter().map(move |o| (o.0, e))),
        );

        // Undated quotes go last.
        let mut quotes_in_order: Vec<(u64, QuoteIx)> =
            ds.quotes.iter().enumerate().map(|(i, q)| (quote_day_pair(q), QuoteIx::from_ix(i))).collect();
        quotes_in_order.sort_unstable_by(|&a, &b| quote_order(ds, a, b));
        let quotes_in_order: Vec<QuoteIx> = quotes_in_order.into_iter().map(|(_, q)| q).collect();
        let quotes_by_speaker =
            Csr::build(ds.people.len(), quotes_in_order.iter().map(|&q| (ds.quote(q).speaker.0, q)));
        let quotes_by_event =
            Csr::build(ds.events.len(), quotes_in_order.iter().filter_map(|&q| Some((ds.quote(q).event?.0, q))));
        EventTables {
            events_in_order,
            event_days,
            events_by_person,
            events_by_org,
            quotes_in_order,
            quotes_by_speaker,
            quotes_by_event,
        }
    }
}

/// The moments the as-of date can step to, and the days the org chart's
/// shape depends on.
#[derive(Debug)]
struct ChangeTables {
    change_points: Deferred<Vec<ChangePoint>>,
    /// The last change point, at hand before the others are read: the
    /// date a dataset without `as_of` opens at.
    last: Option<ChangePoint>,
    structure_days: Vec<NaiveDate>,
}

impl ChangeTables {
    fn build(ds: &Dataset) -> ChangeTables {
        let points = change_points(ds);
        let last = points.last().copied();
        ChangeTables { change_points: Deferred::ready(points), last, structure_days: structure_days(ds) }
    }
}

/// Whether a date is bounded on both sides, so the as-of date can go there.
fn is_moment(d: &Date) -> bool {
    let s = d.span();
    !s.is_open_start() && !s.is_open_end()
}

/// The widened bounds of every date the org chart's shape depends on:
/// roles' starts and ends, orgs' founding, dissolution and `parent_since`;
/// sorted, without repeats.
fn structure_days(ds: &Dataset) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut push = |d: Option<&Date>| {
        if let Some(d) = d {
            days.extend([d.widened().earliest, d.widened().latest]);
        }
    };
    for o in &ds.orgs {
        push(o.founded.as_ref());
        push(o.dissolved.as_ref());
        push(o.parent_since.as_ref());
    }
    for r in &ds.roles {
        push(r.start.as_ref());
        push(r.end.as_ref());
    }
    days.sort_unstable();
    days.dedup();
    days
}

/// Every change point of `ds`, in date order.
fn change_points(ds: &Dataset) -> Vec<ChangePoint> {
    let mut out = Vec::with_capacity(ds.tenures.len() * 2 + ds.events.len());
    // A date open on one side (`../2022`) is not a moment to stop at.
    let mut push = |d: Option<&Date>, change| {
        if let Some(d) = d.filter(|d| is_moment(d)) {
            out.push(ChangePoint { span: d.span(), change });
        }
    };
    for (i, o) in ds.orgs.iter().enumerate() {
        let o_ix = OrgIx::from_ix(i);
        push(o.founded.as_ref(), Change::OrgFounded(o_ix));
        if o.parent.is_some() {
            push(o.parent_since.as_ref(), Change::OrgJoinsParent(o_ix));
        }
        push(o.dissolved.as_ref(), Change::OrgDissolved(o_ix));
    }
    for (i, r) in ds.roles.iter().enumerate() {
        push(r.start.as_ref(), Change::RoleStart(RoleIx::from_ix(i)));
        push(r.end.as_ref(), Change::RoleEnd(RoleIx::from_ix(i)));
    }
    for (i, t) in ds.tenures.iter().enumerate() {
        push(t.start.as_ref(), Change::TenureStart(TenureIx::from_ix(i)));
        push(t.end.as_ref(), Change::TenureEnd(TenureIx::from_ix(i)));
    }
    for (i, e) in ds.events.iter().enumerate() {
        push(Some(&e.date), Change::Event(EventIx::from_ix(i)));
    }
    out.sort_unstable_by_key(|c| (c.span.earliest, c.span.latest, c.change));
    out
}

#[cfg(test)]
mod tests;
