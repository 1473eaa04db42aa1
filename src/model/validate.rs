//! Turning a [`RawDataset`] into a checked [`Dataset`], reporting every
//! problem at once: duplicate ids, dangling references, bad dates, reversed
//! spans and reporting cycles (errors); overlapping tenures, people nobody
//! mentions and quotes dated outside their event (warnings).
//!
//! Problems are collected with a [`Place`] (list, entry, field); positions in
//! the text are looked up only at the end, and only if there is a problem.

use std::mem::take;

use rustc_hash::FxHashMap;

use super::dataset::*;
use super::date::{Date, Span, certainly_after};
use super::diagnostic::{Diagnostic, Severity};
use super::locate::{Seg, SourceMap};
use super::raw::RawDataset;
use super::text::Lines::{Many, One};
use super::text::{clean, clean_opt, quoted};

/// Where a problem sits in the dataset: `roles[3].reports_to`, `as_of`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    list: &'static str,
    index: Option<usize>,
    field: Option<&'static str>,
    item: Option<usize>,
}

impl Place {
    fn entry(list: &'static str, index: usize) -> Place {
        Place { list, index: Some(index), field: None, item: None }
    }
    fn field(list: &'static str, index: usize, field: &'static str) -> Place {
        Place { list, index: Some(index), field: Some(field), item: None }
    }
    fn item(list: &'static str, index: usize, field: &'static str, item: usize) -> Place {
        Place { list, index: Some(index), field: Some(field), item: Some(item) }
    }
    fn top(field: &'static str) -> Place {
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

/// A problem before its position in the text is known.
struct Problem {
    severity: Severity,
    place: Place,
    message: String,
    /// A second place the message refers to ("first defined at line N").
    related: Option<(Place, &'static str)>,
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn error(&mut self, place: Place, message: String) {
        self.0.push(Problem { severity: Severity::Error, place, message, related: None });
    }
    fn warning(&mut self, place: Place, message: String) {
        self.0.push(Problem { severity: Severity::Warning, place, message, related: None });
    }
    fn has_errors(&self) -> bool {
        self.0.iter().any(|p| p.severity == Severity::Error)
    }

    /// Positions every problem in `text` and sorts them by place.
    fn into_diagnostics(self, text: &str) -> Vec<Diagnostic> {
        if self.0.is_empty() {
            return Vec::new();
        }
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

/// An id → index map over one kind of entry, reporting duplicates.
struct Ids<'a> {
    kind: &'static str,
    map: FxHashMap<&'a str, u32>,
    /// Entries whose id repeats an earlier one; references never reach them.
    duplicates: Vec<u32>,
    /// "Did you mean" costs a scan of every id: only the first few unknown
    /// references get one.
    hints_left: std::cell::Cell<u32>,
}

impl<'a> Ids<'a> {
    fn new(kind: &'static str, list: &'static str, ids: &'a [String], problems: &mut Problems) -> Self {
        let mut map = FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
        let mut duplicates = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(&first) = map.get(id.as_str()) {
                duplicates.push(i as u32);
                problems.0.push(Problem {
                    severity: Severity::Error,
                    place: Place::field(list, i, "id"),
                    message: format!("duplicate {kind} id {}", quoted(id)),
                    related: Some((Place::field(list, first as usize, "id"), "first defined")),
                });
            } else {
                map.insert(id.as_str(), i as u32);
            }
        }
        Ids { kind, map, duplicates, hints_left: std::cell::Cell::new(20) }
    }

    /// The indices of every id in the list field `field` of entry `index`
    /// of `list`, with an error for each unknown one.
    fn resolve_list<T>(
        &self,
        ids: &[String],
        (list, index, field): (&'static str, usize, &'static str),
        wrap: impl Fn(u32) -> T,
        problems: &mut Problems,
    ) -> Vec<T> {
        ids.iter()
            .enumerate()
            .filter_map(|(k, id)| self.resolve(id, Place::item(list, index, field, k), problems))
            .map(wrap)
            .collect()
    }

    /// The index of `id`, or an error at `place`.
    fn resolve(&self, id: &str, place: Place, problems: &mut Problems) -> Option<u32> {
        let found = self.map.get(id).copied();
        if found.is_none() {
            let mut message = format!("unknown {} {}", self.kind, quoted(id));
            if let Some(near) = self.nearest(id) {
                message.push_str(&format!("; did you mean {}?", quoted(near)));
            }
            problems.error(place, message);
        }
        found
    }

    /// The known id closest to a misspelt one, if close enough.
    fn nearest(&self, id: &str) -> Option<&'a str> {
        let left = self.hints_left.get();
        if left == 0 {
            return None;
        }
        self.hints_left.set(left - 1);
        let limit = (id.chars().count() / 3).clamp(1, 3);
        self.map
            .keys()
            .map(|k| (super::load::strsim_distance(id, k), *k))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, k)| k)
    }
}

/// Marks an index that did not resolve; the dataset is invalid then and is
/// never returned, but later checks still run on what did resolve.
const DANGLING: u32 = u32::MAX;

fn take_ids<T>(items: &mut [T], id: impl Fn(&mut T) -> &mut String) -> Vec<String> {
    items.iter_mut().map(|x| take(id(x))).collect()
}

fn parse_date(s: &str, place: Place, what: &str, problems: &mut Problems) -> Option<Date> {
    match Date::parse(s) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.error(place, format!("invalid date {} in {what}: {e}", quoted(s)));
            None
        }
    }
}

fn parse_opt(s: Option<&String>, place: Place, what: &str, problems: &mut Problems) -> Option<Date> {
    s.and_then(|s| parse_date(s, place, what, problems))
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
pub fn validate(mut raw: RawDataset, text: &str) -> Result<Validated, Vec<Diagnostic>> {
    let mut p = Problems::default();

    let source_ids = take_ids(&mut raw.sources, |s| &mut s.id);
    let org_ids = take_ids(&mut raw.orgs, |o| &mut o.id);
    let person_ids = take_ids(&mut raw.people, |x| &mut x.id);
    let role_ids = take_ids(&mut raw.roles, |r| &mut r.id);
    let event_ids = take_ids(&mut raw.events, |e| &mut e.id);
    let quote_ids = take_ids(&mut raw.quotes, |q| &mut q.id);

    let mut skip = Skip::default();
    let mut ds = {
        let sources = Ids::new("source", "sources", &source_ids, &mut p);
        let orgs = Ids::new("org", "orgs", &org_ids, &mut p);
        let people = Ids::new("person", "people", &person_ids, &mut p);
        let roles = Ids::new("role", "roles", &role_ids, &mut p);
        let events = Ids::new("event", "events", &event_ids, &mut p);
        let _quotes = Ids::new("quote", "quotes", &quote_ids, &mut p);
        skip.people = people.duplicates.clone();
        let refs = Refs { sources, orgs, people, roles, events };
        build(raw, &refs, &mut p, &mut skip)
    };

    for (x, id) in ds.sources.iter_mut().zip(source_ids) {
        x.id = id;
    }
    for (x, id) in ds.orgs.iter_mut().zip(org_ids) {
        x.id = id;
    }
    for (x, id) in ds.people.iter_mut().zip(person_ids) {
        x.id = id;
    }
    for (x, id) in ds.roles.iter_mut().zip(role_ids) {
        x.id = id;
    }
    for (x, id) in ds.events.iter_mut().zip(event_ids) {
        x.id = id;
    }
    for (x, id) in ds.quotes.iter_mut().zip(quote_ids) {
        x.id = id;
    }

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
struct Skip {
    /// People whose id duplicates an earlier one.
    people: Vec<u32>,
    /// Tenures with a bad date or reference.
    tenures: Vec<bool>,
    /// Events with a bad date.
    events: Vec<bool>,
}

struct Refs<'a> {
    sources: Ids<'a>,
    orgs: Ids<'a>,
    people: Ids<'a>,
    roles: Ids<'a>,
    events: Ids<'a>,
}

/// Resolves references and parses dates, moving strings out of `raw`.
fn build(raw: RawDataset, r: &Refs<'_>, p: &mut Problems, skip: &mut Skip) -> Dataset {
    let as_of = raw.as_of.as_ref().and_then(|s| parse_date(s, Place::top("as_of"), "as_of", p));

    let sources = raw
        .sources
        .into_iter()
        .enumerate()
        .map(|(i, s)| Source {
            date: parse_opt(s.date.as_ref(), Place::field("sources", i, "date"), "source date", p),
            via: s.via.as_ref().and_then(|v| r.sources.resolve(v, Place::field("sources", i, "via"), p)).map(SourceIx),
            id: s.id,
            title: clean(s.title, One),
            publisher: clean_opt(s.publisher, One),
            language: clean_opt(s.language, One),
            url: clean_opt(s.url, One),
            note: clean_opt(s.note, Many),
        })
        .collect();

    let orgs = raw
        .orgs
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let pl = |f| Place::field("orgs", i, f);
            let founded = parse_opt(o.founded.as_ref(), pl("founded"), "founded", p);
            let dissolved = parse_opt(o.dissolved.as_ref(), pl("dissolved"), "dissolved", p);
            if let (Some(a), Some(b)) = (&founded, &dissolved) {
                reversed(a, b, "founding date", "dissolution date", pl("dissolved"), p);
            }
            Org {
                parent: o.parent.as_ref().and_then(|v| r.orgs.resolve(v, pl("parent"), p)).map(OrgIx),
                parent_since: parse_opt(o.parent_since.as_ref(), pl("parent_since"), "parent_since", p),
                founded,
                dissolved,
                id: o.id,
                name: clean(o.name, One),
                note: clean_opt(o.note, Many),
            }
        })
        .collect();

    let people = raw
        .people
        .into_iter()
        .map(|x| Person {
            id: x.id,
            name: clean(x.name, One),
            aliases: x.aliases.into_iter().map(|a| clean(a, One)).collect(),
            note: clean_opt(x.note, Many),
        })
        .collect();

    let roles = raw
        .roles
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            let pl = |f| Place::field("roles", i, f);
            let start = parse_opt(x.start.as_ref(), pl("start"), "role start", p);
            let end = parse_opt(x.end.as_ref(), pl("end"), "role end", p);
            if let (Some(a), Some(b)) = (&start, &end) {
                reversed(a, b, "role start", "role end", pl("end"), p);
            }
            Role {
                org: OrgIx(r.orgs.resolve(&x.org, pl("org"), p).unwrap_or(DANGLING)),
                reports_to: x.reports_to.as_ref().and_then(|v| r.roles.resolve(v, pl("reports_to"), p)).map(RoleIx),
                dotted_to: r.roles.resolve_list(&x.dotted_to, ("roles", i, "dotted_to"), RoleIx, p),
                start,
                end,
                id: x.id,
                title: clean(x.title, One),
                note: clean_opt(x.note, Many),
            }
        })
        .collect();

    let tenures = raw
        .tenures
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let pl = |f| Place::field("tenures", i, f);
            let errors_before = p.0.len();
            let start = parse_opt(t.start.as_ref(), pl("start"), "tenure start", p);
            let end = parse_opt(t.end.as_ref(), pl("end"), "tenure end", p);
            if let (Some(a), Some(b)) = (&start, &end) {
                reversed(a, b, "tenure start", "tenure end", pl("end"), p);
            }
            let tenure = Tenure {
                person: PersonIx(r.people.resolve(&t.person, pl("person"), p).unwrap_or(DANGLING)),
                role: RoleIx(r.roles.resolve(&t.role, pl("role"), p).unwrap_or(DANGLING)),
                sources: r.sources.resolve_list(&t.sources, ("tenures", i, "sources"), SourceIx, p),
                start,
                end,
                acting: t.acting,
                note: clean_opt(t.note, Many),
            };
            skip.tenures.push(p.0.len() > errors_before);
            tenure
        })
        .collect();

    let events = raw
        .events
        .into_iter()
        .enumerate()
        .map(|(i, e)| Event {
            // An unparsable date is an error already; the placeholder only
            // lets the remaining checks run.
            date: parse_date(&e.date, Place::field("events", i, "date"), "event date", p).unwrap_or_else(|| {
                skip.events.resize(i + 1, false);
                skip.events[i] = true;
                Date::unknown()
            }),
            people: r.people.resolve_list(&e.people, ("events", i, "people"), PersonIx, p),
            orgs: r.orgs.resolve_list(&e.orgs, ("events", i, "orgs"), OrgIx, p),
            sources: r.sources.resolve_list(&e.sources, ("events", i, "sources"), SourceIx, p),
            id: e.id,
            date_text: clean_opt(e.date_text, One),
            title: clean(e.title, One),
            summary: clean_opt(e.summary, Many),
            kind: clean_opt(e.kind, One),
        })
        .collect();

    let quotes = raw
        .quotes
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let pl = |f| Place::field("quotes", i, f);
            Quote {
                speaker: PersonIx(r.people.resolve(&q.speaker, pl("speaker"), p).unwrap_or(DANGLING)),
                date: parse_opt(q.date.as_ref(), pl("date"), "quote date", p),
                event: q.event.as_ref().and_then(|v| r.events.resolve(v, pl("event"), p)).map(EventIx),
                source: SourceIx(r.sources.resolve(&q.source, pl("source"), p).unwrap_or(DANGLING)),
                id: q.id,
                text: clean(q.text, Many),
                context: clean_opt(q.context, Many),
                language: clean_opt(q.language, One),
                translation: clean_opt(q.translation, Many),
            }
        })
        .collect();

    Dataset { title: clean_opt(raw.title, One), as_of, sources, orgs, people, roles, tenures, events, quotes }
}

/// Reports `start` certainly after `end`.
fn reversed(start: &Date, end: &Date, first: &str, second: &str, place: Place, p: &mut Problems) {
    if certainly_after(start, end) {
        p.error(place, format!("{first} {} is after {second} {}", quoted(start.as_str()), quoted(end.as_str())));
    }
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
    // Sweep each role's run: compare each tenure with the one reaching furthest so far.
    let mut reach: Option<(u32, Span, usize)> = None;
    for (role, span, i) in spans {
        match reach {
            Some((r, prev, j)) if r == role => {
                if span.earliest <= prev.latest {
                    let (a, b) = (j.min(i), j.max(i));
                    p.0.push(Problem {
                        severity: Severity::Warning,
                        place: Place::entry("tenures", b),
                        message: overlap_message(ds, a, b, role as usize),
                        related: Some((Place::entry("tenures", a), "other tenure")),
                    });
                }
                if span.latest > prev.latest {
                    reach = Some((role, span, i));
                }
            }
            _ => reach = Some((role, span, i)),
        }
    }
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
    fn certain_days_of_year_precision_tenures() {
        let d = |s| Date::parse(s).unwrap();
        let s = certain_days(Some(&d("2020")), Some(&d("2022"))).unwrap();
        assert_eq!(s.earliest.to_string(), "2020-12-31");
        assert_eq!(s.latest.to_string(), "2022-01-01");
        assert!(certain_days(Some(&d("2020")), Some(&d("2020"))).is_none());
    }
}
