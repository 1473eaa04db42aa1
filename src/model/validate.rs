//! Turning a [`RawDataset`] into a checked [`Dataset`], reporting every
//! problem at once: duplicate ids, dangling references, bad dates, reversed
//! spans and reporting cycles (errors); overlapping tenures, people nobody
//! mentions and quotes dated outside their event (warnings).
//!
//! Problems are collected with a `Place` (list, entry, field); positions in
//! the text are looked up only at the end, and only if there is a problem.

use super::build::Builder;
use super::dataset::*;
use super::date::{Date, Span};
use super::diagnostic::{Diagnostic, Severity};
use super::locate::{Seg, SourceMap};
use super::raw::RawDataset;
use super::text::quoted;

/// Where a problem sits in the dataset: `roles[3].reports_to`, `as_of`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    list: &'static str,
    index: Option<usize>,
    field: Option<&'static str>,
    item: Option<usize>,
}

impl Place {
    pub(crate) fn entry(list: &'static str, index: usize) -> Place {
        Place { list, index: Some(index), field: None, item: None }
    }
    pub(crate) fn field(list: &'static str, index: usize, field: &'static str) -> Place {
        Place { list, index: Some(index), field: Some(field), item: None }
    }
    pub(crate) fn item(list: &'static str, index: usize, field: &'static str, item: usize) -> Place {
        Place { list, index: Some(index), field: Some(field), item: Some(item) }
    }
    pub(crate) fn top(field: &'static str) -> Place {
        Place { list: field, index: None, field: None, item: None }
    }

    fn path(&self) -> Vec<Seg<'static>> {
        let mut p = vec![Seg::Field(self.list)];
        p.extend(self.index.map(Seg::Index));
        p.extend(self.field.map(Seg::Field));
        p.extend(self.item.map(Seg::Index));
        p
    }
}

/// Where a problem comes in the order the checks are written in: stage
/// (0 duplicate ids, 1 entries, 2 whole-dataset checks), list, entry, field,
/// list item. Entries are checked as they are read, in file order, and some
/// references only once the file is read; sorting on this key first keeps
/// the diagnostics in one order however the file is laid out.
pub(crate) type Key = (u8, u8, u32, u8, u32);

/// The key of the whole-dataset checks, made last and kept in their order.
const CHECKS: Key = (2, 0, 0, 0, 0);

/// A problem before its position in the text is known.
pub(crate) struct Problem {
    key: Key,
    severity: Severity,
    place: Place,
    message: String,
    /// A second place the message refers to ("first defined at line N").
    related: Option<(Place, &'static str)>,
}

#[derive(Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    fn error(&mut self, place: Place, message: String) {
        self.push(CHECKS, Severity::Error, place, message, None);
    }
    fn warning(&mut self, place: Place, message: String) {
        self.push(CHECKS, Severity::Warning, place, message, None);
    }
    /// Records a problem with its key.
    pub(crate) fn push(
        &mut self,
        key: Key,
        severity: Severity,
        place: Place,
        message: String,
        related: Option<(Place, &'static str)>,
    ) {
        self.0.push(Problem { key, severity, place, message, related });
    }
    /// How many problems so far.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
    fn has_errors(&self) -> bool {
        self.0.iter().any(|p| p.severity == Severity::Error)
    }

    /// Positions every problem in `text` and sorts them by place.
    fn into_diagnostics(mut self, text: &str) -> Vec<Diagnostic> {
        if self.0.is_empty() {
            return Vec::new();
        }
        self.0.sort_by_key(|p| p.key);
        let map = SourceMap::build(text);
        let mut out: Vec<Diagnostic> = self
            .0
            .into_iter()
            .map(|p| {
                let pos = map.find(&p.place.path());
                let mut message = p.message;
                if let Some((place, what)) = p.related
                    && let Some(at) = map.find(&place.path())
                {
                    message.push_str(&format!(" ({what} at line {})", at.line));
                }
                Diagnostic { severity: p.severity, pos, message }
            })
            .collect();
        out.sort_by_key(|d| d.pos);
        out
    }
}

/// The result of checking a dataset that has no errors.
#[derive(Debug)]
pub struct Validated {
    /// The checked dataset.
    pub dataset: Dataset,
    /// Problems that do not make it invalid.
    pub warnings: Vec<Diagnostic>,
}

/// Checks `raw` (read from `text`, used only to place diagnostics).
/// Returns the dataset and its warnings, or every diagnostic, errors first
/// in text order, when there is at least one error.
pub fn validate(raw: RawDataset, text: &str) -> Result<Validated, Vec<Diagnostic>> {
    let mut b = Builder::default();
    b.set_title(raw.title);
    b.set_as_of(raw.as_of);
    raw.sources.into_iter().for_each(|x| b.push_source(x));
    raw.orgs.into_iter().for_each(|x| b.push_org(x));
    raw.people.into_iter().for_each(|x| b.push_person(x));
    raw.roles.into_iter().for_each(|x| b.push_role(x));
    raw.tenures.into_iter().for_each(|x| b.push_tenure(x));
    raw.events.into_iter().for_each(|x| b.push_event(x));
    raw.quotes.into_iter().for_each(|x| b.push_quote(x));
    finish(b.finish(), text)
}

/// The checks that need the whole dataset, then the outcome.
pub(crate) fn finish((ds, mut p, skip): (Dataset, Problems, Skip), text: &str) -> Result<Validated, Vec<Diagnostic>> {
    check_cycles(&ds, &mut p);
    check_reporting_lines(&ds, &mut p);
    check_overlaps(&ds, &skip, &mut p);
    check_unmentioned_people(&ds, &skip, &mut p);
    check_quote_dates(&ds, &skip, &mut p);

    if p.has_errors() {
        let mut all = p.into_diagnostics(text);
        // Errors first, each group in text order (the sort is stable).
        all.sort_by_key(|d| std::cmp::Reverse(d.severity));
        Err(all)
    } else {
        Ok(Validated { warnings: p.into_diagnostics(text), dataset: ds })
    }
}

/// Entries the warnings must pass over because an error already concerns
/// them: a warning built on a guess would only mislead.
#[derive(Default)]
pub(crate) struct Skip {
    /// People whose id duplicates an earlier one.
    pub(crate) people: Vec<u32>,
    /// Tenures with a bad date or reference.
    pub(crate) tenures: Vec<bool>,
    /// Events with a bad date.
    pub(crate) events: Vec<bool>,
}

/// Finds cycles in a "points to one parent" relation and reports each once,
/// at the link of its first member.
fn find_cycles(next: &[Option<u32>]) -> Vec<Vec<u32>> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; next.len()];
    let mut cycles = Vec::new();
    let mut path = Vec::new();
    for startix in 0..next.len() {
        if state[startix] != 0 {
            continue;
        }
        path.clear();
        let mut cur = Some(startix as u32);
        while let Some(c) = cur.filter(|&c| (c as usize) < next.len()) {
            match state[c as usize] {
                0 => {
                    state[c as usize] = 1;
                    path.push(c);
                    cur = next[c as usize];
                }
                1 => {
                    let from = path.iter().position(|&x| x == c).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    // Start the cycle at its first entry in the file, so the message is stable.
                    let min = cycle.iter().enumerate().min_by_key(|(_, v)| **v).map_or(0, |(k, _)| k);
                    cycle.rotate_left(min);
                    cycles.push(cycle);
                    break;
                }
                _ => break,
            }
        }
        for &c in &path {
            state[c as usize] = 2;
        }
    }
    cycles
}

fn check_cycles(ds: &Dataset, p: &mut Problems) {
    let next: Vec<Option<u32>> = ds.roles.iter().map(|r| r.reports_to.map(|x| x.0)).collect();
    for cycle in find_cycles(&next) {
        let names: Vec<String> = cycle.iter().chain(cycle.first()).map(|&i| quoted(&ds.roles[i as usize].id)).collect();
        p.error(
            Place::field("roles", cycle[0] as usize, "reports_to"),
            format!("reporting cycle: {}", names.join(" → ")),
        );
    }
    let next: Vec<Option<u32>> = ds.orgs.iter().map(|o| o.parent.map(|x| x.0)).collect();
    for cycle in find_cycles(&next) {
        let names: Vec<String> = cycle.iter().chain(cycle.first()).map(|&i| quoted(&ds.orgs[i as usize].id)).collect();
        p.error(Place::field("orgs", cycle[0] as usize, "parent"), format!("org parent cycle: {}", names.join(" → ")));
    }
}

/// Whether `org` lies under `ancestor` through `parent` links at some time.
fn ever_under(ds: &Dataset, org: OrgIx, ancestor: OrgIx) -> bool {
    let mut cur = Some(org);
    for _ in 0..=ds.orgs.len() {
        match cur {
            Some(o) if o == ancestor => return true,
            Some(o) => cur = ds.orgs.get(o.ix()).and_then(|x| x.parent),
            None => return false,
        }
    }
    false
}

/// Reporting lines the org chart can never draw, and `parent_since` with
/// no `parent`: both are silently ignored otherwise.
fn check_reporting_lines(ds: &Dataset, p: &mut Problems) {
    for (i, role) in ds.roles.iter().enumerate() {
        let Some(up) = role.reports_to else { continue };
        let (Some(up_role), Some(_)) = (ds.roles.get(up.ix()), ds.orgs.get(role.org.ix())) else { continue };
        if ds.orgs.get(up_role.org.ix()).is_some() && !ever_under(ds, role.org, up_role.org) {
            p.warning(
                Place::field("roles", i, "reports_to"),
                format!(
                    "role {} reports to {} in org {}, which its org {} never belongs to: the line is never drawn",
                    quoted(&role.id),
                    quoted(&up_role.id),
                    quoted(&ds.org(up_role.org).id),
                    quoted(&ds.org(role.org).id)
                ),
            );
        }
    }
    for (i, org) in ds.orgs.iter().enumerate() {
        if org.parent.is_none() && org.parent_since.is_some() {
            p.warning(
                Place::field("orgs", i, "parent_since"),
                format!("org {} has parent_since but no parent", quoted(&org.id)),
            );
        }
    }
}

/// The days a tenure certainly covers, if any.
pub(crate) fn certain_days(start: Option<&Date>, end: Option<&Date>) -> Option<Span> {
    let earliest = start.map_or(Span::ALL.earliest, |d| d.widened().latest);
    let latest = end.map_or(Span::ALL.latest, |d| d.widened().earliest);
    (earliest <= latest).then_some(Span { earliest, latest })
}

fn check_overlaps(ds: &Dataset, skip: &Skip, p: &mut Problems) {
    // One flat list sorted by role, then start: no allocation per role.
    let mut spans: Vec<(u32, Span, usize)> = ds
        .tenures
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.acting && !skip.tenures.get(*i).copied().unwrap_or(false))
        .filter_map(|(i, t)| Some((t.role.0, certain_days(t.start.as_ref(), t.end.as_ref())?, i)))
        .collect();
    spans.sort_unstable_by_key(|(role, s, i)| (*role, s.earliest, *i));
    // Roles with several seats: more holders at once than seats.
    let (multi, spans): (Vec<_>, Vec<_>) =
        spans.into_iter().partition(|(role, _, _)| ds.roles[*role as usize].seats > 1);
    check_seats(ds, &multi, p);
    // Sweep each role's run: compare each tenure with the one reaching furthest so far.
    let mut reach: Option<(u32, Span, usize)> = None;
    for (role, span, i) in spans {
        match reach {
            Some((r, prev, j)) if r == role => {
                // Ending the day the other starts is a handover, not two holders.
                if span.earliest < prev.latest {
                    let (a, b) = (j.min(i), j.max(i));
                    p.push(
                        CHECKS,
                        Severity::Warning,
                        Place::entry("tenures", b),
                        overlap_message(ds, a, b, role as usize),
                        Some((Place::entry("tenures", a), "other tenure")),
                    );
                }
                if span.latest > prev.latest {
                    reach = Some((role, span, i));
                }
            }
            _ => reach = Some((role, span, i)),
        }
    }
}

/// Roles with several seats, their certain spans sorted by role then start:
/// a tenure that makes more holders at once than the role has seats.
fn check_seats(ds: &Dataset, spans: &[(u32, Span, usize)], p: &mut Problems) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut active: BinaryHeap<Reverse<(chrono::NaiveDate, usize)>> = BinaryHeap::new();
    let mut current = None;
    for &(role, span, i) in spans {
        if current != Some(role) {
            active.clear();
            current = Some(role);
        }
        while active.peek().is_some_and(|Reverse((end, _))| *end <= span.earliest) {
            active.pop();
        }
        let seats = ds.roles[role as usize].seats as usize;
        if active.len() >= seats {
            let others: Vec<String> =
                active.iter().take(3).map(|Reverse((_, j))| quoted(&ds.person(ds.tenures[*j].person).id)).collect();
            let more = if active.len() > 3 { ", …" } else { "" };
            let first = active.iter().map(|Reverse((_, j))| *j).min().unwrap_or(i);
            p.push(
                CHECKS,
                Severity::Warning,
                Place::entry("tenures", i),
                format!(
                    "the tenure of {} makes {} holders of role {} at once, which has {seats} seats (with {}{more})",
                    quoted(&ds.person(ds.tenures[i].person).id),
                    active.len() + 1,
                    quoted(&ds.roles[role as usize].id),
                    others.join(", ")
                ),
                Some((Place::entry("tenures", first), "other tenure")),
            );
        }
        active.push(Reverse((span.latest, i)));
    }
}

/// The most tenures that certainly hold a role together, of those given as
/// `(start, end)`: how many seats the role needs (at least 1). A handover
/// — one tenure ending the day the next starts — is one seat, not two.
pub fn max_certain_holders<'d>(tenures: impl Iterator<Item = (Option<&'d Date>, Option<&'d Date>)>) -> u32 {
    let mut edges: Vec<(chrono::NaiveDate, i32)> = Vec::new();
    for (start, end) in tenures {
        if let Some(span) = certain_days(start, end) {
            edges.push((span.earliest, 1));
            edges.push((span.latest, -1));
        }
    }
    // Ends before starts on the same day: a handover day is not two seats.
    edges.sort_unstable_by_key(|&(d, delta)| (d, delta));
    let (mut now, mut most) = (0i32, 1i32);
    for (_, delta) in edges {
        now += delta;
        most = most.max(now);
    }
    most as u32
}

fn overlap_message(ds: &Dataset, a: usize, b: usize, role: usize) -> String {
    let (pa, pb) = (ds.tenures[a].person, ds.tenures[b].person);
    let role = quoted(&ds.roles[role].id);
    if pa == pb {
        format!("two tenures of {} in role {role} certainly cover the same days", quoted(&ds.person(pa).id))
    } else {
        format!(
            "tenures of {} and {} in role {role} certainly cover the same days",
            quoted(&ds.person(pa).id),
            quoted(&ds.person(pb).id)
        )
    }
}

fn check_unmentioned_people(ds: &Dataset, skip: &Skip, p: &mut Problems) {
    let mut seen = vec![false; ds.people.len()];
    let mut mark = |i: PersonIx| {
        if let Some(s) = seen.get_mut(i.ix()) {
            *s = true;
        }
    };
    ds.tenures.iter().for_each(|t| mark(t.person));
    ds.events.iter().flat_map(|e| &e.people).for_each(|&x| mark(x));
    ds.quotes.iter().for_each(|q| mark(q.speaker));
    for &dup in &skip.people {
        seen[dup as usize] = true;
    }
    for (i, s) in seen.iter().enumerate() {
        if !s {
            p.warning(
                Place::field("people", i, "id"),
                format!("person {} has no tenure, event or quote", quoted(&ds.people[i].id)),
            );
        }
    }
}

fn check_quote_dates(ds: &Dataset, skip: &Skip, p: &mut Problems) {
    for (i, q) in ds.quotes.iter().enumerate() {
        let (Some(date), Some(ev)) = (&q.date, q.event) else { continue };
        if skip.events.get(ev.ix()).copied().unwrap_or(false) {
            continue;
        }
        let event = &ds.events[ev.ix()];
        let (a, b) = (date.widened(), event.date.widened());
        if a.latest < b.earliest || a.earliest > b.latest {
            p.warning(
                Place::field("quotes", i, "date"),
                format!(
                    "quote dated {} is certainly outside the date of its event {} ({})",
                    quoted(date.as_str()),
                    quoted(&event.id),
                    quoted(event.date.as_str())
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_once_each() {
        // 0→1→2→0, 3→3, 4→0 (leads into a cycle, is not one), 5 alone.
        let next = [Some(1), Some(2), Some(0), Some(3), Some(0), None];
        assert_eq!(find_cycles(&next), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn the_most_holders_at_once() {
        let d = |s| Date::parse(s).unwrap();
        let (a, b, c, e) = (d("2010"), d("2015"), d("2012"), d("2020"));
        let x = [(Some(&a), Some(&b)), (Some(&c), Some(&e)), (Some(&b), None)];
        // 2012–2015 two; from 2015 on, "2015" ends one and starts another:
        // the days of 2015 are not certain for either, so two at most.
        assert_eq!(max_certain_holders(x.iter().map(|&(s, e)| (s, e))), 2);
        assert_eq!(max_certain_holders(std::iter::empty()), 1);
        let y = [(Some(&a), None), (Some(&a), None), (Some(&a), None)];
        assert_eq!(max_certain_holders(y.iter().map(|&(s, e)| (s, e))), 3);
        // Back to back, or handing over on one day: one seat.
        let (p, q, r) = (d("2020-01-01"), d("2020-01-31"), d("2020-02-01"));
        let z = [(Some(&p), Some(&q)), (Some(&r), None)];
        assert_eq!(max_certain_holders(z.iter().map(|&(s, e)| (s, e))), 1);
        let w = [(Some(&p), Some(&q)), (Some(&q), None)];
        assert_eq!(max_certain_holders(w.iter().map(|&(s, e)| (s, e))), 1);
        // Two days together: two seats.
        let w = [(Some(&p), Some(&r)), (Some(&q), None)];
        assert_eq!(max_certain_holders(w.iter().map(|&(s, e)| (s, e))), 2);
    }

    #[test]
    fn certain_days_of_year_precision_tenures() {
        let d = |s| Date::parse(s).unwrap();
        let s = certain_days(Some(&d("2020")), Some(&d("2022"))).unwrap();
        assert_eq!(s.earliest.to_string(), "2020-12-31");
        assert_eq!(s.latest.to_string(), "2022-01-01");
        assert!(certain_days(Some(&d("2020")), Some(&d("2020"))).is_none());
    }
}
