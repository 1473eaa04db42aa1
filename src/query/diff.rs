//! What changed between two dates: who took or left which role, which roles
//! and orgs came or went, which orgs joined or left a parent — each change
//! certain or only possible, with the sources that back it.
//!
//! The diff compares two snapshots, using the coverage rule of
//! [`crate::model::date::coverage`] at each date. A change is *certain* when
//! the thing certainly holds at one date and certainly not at the other;
//! *possible* when one side is only possible. Something only possible at
//! both dates says nothing, and is left out. A tenure that begins and ends
//! between the two dates is in neither snapshot, so it is not listed.

use std::cmp::Ordering;

use crate::model::date::{Coverage, Span, coverage};
use crate::model::text::escape_controls;
use crate::model::{Date, EventIx, OrgIx, PersonIx, RoleIx, SourceIx, TenureIx};

use super::Index;

/// Everything that differs between the dataset at `from` and at `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// The first date compared. It may be after `to`: the changes then read backwards.
    pub from: Date,
    /// The second date compared.
    pub to: Date,
    /// The changes, by [`Group`] in [`Group::ALL`] order, then by org name,
    /// role title and person name.
    pub entries: Vec<Entry>,
}

/// One change, how sure it is, and how we know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What changed.
    pub change: Change,
    /// Certain, or only possible.
    pub certainty: Certainty,
    /// For [`Change::Took`] and [`Change::Left`]: the person's tenures of the
    /// role at the date where they hold it. Empty otherwise.
    pub tenures: Vec<TenureIx>,
    /// For org and role changes: the org's events that back it (see [`diff`]).
    /// Empty otherwise.
    pub events: Vec<EventIx>,
    /// The sources of those tenures or events, in file order, each once.
    /// Empty when nothing backs the change.
    pub sources: Vec<SourceIx>,
}

/// What changed between the two dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// `person` holds `role` at `to` but not at `from`.
    Took {
        /// Who.
        person: PersonIx,
        /// Which role.
        role: RoleIx,
        /// Every tenure involved is acting.
        acting: bool,
    },
    /// `person` holds `role` at `from` but not at `to`.
    Left {
        /// Who.
        person: PersonIx,
        /// Which role.
        role: RoleIx,
        /// Every tenure involved is acting.
        acting: bool,
    },
    /// The role exists at `to` but not at `from` (it, or its org, began).
    RoleCreated(RoleIx),
    /// The role exists at `from` but not at `to`.
    RoleGone(RoleIx),
    /// The org exists at `to` but not at `from`.
    OrgFounded(OrgIx),
    /// The org exists at `from` but not at `to`.
    OrgDissolved(OrgIx),
    /// The org's parent differs: `from` its parent at `from`, `to` at `to`.
    OrgMoved {
        /// The org that moved.
        org: OrgIx,
        /// Its parent at `from`, if any.
        from: Option<OrgIx>,
        /// Its parent at `to`, if any.
        to: Option<OrgIx>,
    },
}

/// How sure a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    /// One side is only possible: the change may have happened.
    Possible,
    /// Certain at one date and certainly not at the other.
    Certain,
}

/// The sections a diff is shown in, in [`Group::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// [`Change::Took`] and [`Change::Left`].
    Holders,
    /// [`Change::RoleCreated`] and [`Change::RoleGone`].
    Roles,
    /// [`Change::OrgFounded`], [`Change::OrgMoved`] and [`Change::OrgDissolved`].
    Orgs,
}

impl Group {
    /// Every group, in the order they are shown.
    pub const ALL: [Group; 3] = [Group::Holders, Group::Roles, Group::Orgs];

    /// The section heading.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Holders => "Roles changing hands",
            Group::Roles => "Roles created or ended",
            Group::Orgs => "Organizations",
        }
    }
}

impl Change {
    /// The section this change is shown in.
    pub fn group(&self) -> Group {
        match self {
            Change::Took { .. } | Change::Left { .. } => Group::Holders,
            Change::RoleCreated(_) | Change::RoleGone(_) => Group::Roles,
            Change::OrgFounded(_) | Change::OrgDissolved(_) | Change::OrgMoved { .. } => Group::Orgs,
        }
    }
}

impl Diff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The non-empty groups in [`Group::ALL`] order, each with its entries.
    pub fn groups(&self) -> impl Iterator<Item = (Group, &[Entry])> {
        self.entries.chunk_by(|a, b| a.change.group() == b.change.group()).map(|run| (run[0].change.group(), run))
    }
}

impl Entry {
    /// No tenure or event source backs this change.
    pub fn is_unsourced(&self) -> bool {
        self.sources.is_empty()
    }

    /// The change as one line of plain text, every dataset string escaped:
    /// `CTO, Slack: Parker Harris took it (possible)`,
    /// `Slack: joined Salesforce`.
    pub fn describe(&self, index: &Index) -> String {
        let ds = index.dataset();
        let org = |o: OrgIx| escape_controls(&ds.org(o).name).into_owned();
        let role = |r: RoleIx| {
            let x = ds.role(r);
            format!("{}, {}", escape_controls(&x.title), org(x.org))
        };
        let person = |p: PersonIx| escape_controls(&ds.person(p).name).into_owned();
        let (mut line, acting) = match self.change {
            Change::Took { person: p, role: r, acting } => (format!("{}: {} took it", role(r), person(p)), acting),
            Change::Left { person: p, role: r, acting } => (format!("{}: {} left it", role(r), person(p)), acting),
            Change::RoleCreated(r) => (format!("{}: role created", role(r)), false),
            Change::RoleGone(r) => (format!("{}: role ended", role(r)), false),
            Change::OrgFounded(o) => (format!("{}: founded", org(o)), false),
            Change::OrgDissolved(o) => (format!("{}: dissolved", org(o)), false),
            Change::OrgMoved { org: o, from, to } => {
                let what = match (from, to) {
                    (None, Some(b)) => format!("joined {}", org(b)),
                    (Some(a), None) => format!("left {}", org(a)),
                    (Some(a), Some(b)) => format!("moved from {} to {}", org(a), org(b)),
                    (None, None) => "moved".to_string(),
                };
                (format!("{}: {what}", org(o)), false)
            }
        };
        let tags: Vec<&str> = [(acting, "acting"), (self.certainty == Certainty::Possible, "possible")]
            .into_iter()
            .filter_map(|(on, tag)| on.then_some(tag))
            .collect();
        if !tags.is_empty() {
            line.push_str(&format!(" ({})", tags.join(", ")));
        }
        line
    }
}

/// Which snapshot a change shows in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// Holds at `to`, not (surely) at `from`: took, created, founded, joined.
    To,
    /// Holds at `from`, not (surely) at `to`: left, ended, dissolved, left a parent.
    From,
}

/// Compares how surely something holds at `from` and at `to`. Equal
/// coverages are no change (possible at both says nothing either way).
fn compare(at_from: Coverage, at_to: Coverage) -> Option<(Side, Certainty)> {
    let (side, high, low) = match at_from.cmp(&at_to) {
        Ordering::Equal => return None,
        Ordering::Less => (Side::To, at_to, at_from),
        Ordering::Greater => (Side::From, at_from, at_to),
    };
    let certainty =
        if high == Coverage::Certain && low == Coverage::No { Certainty::Certain } else { Certainty::Possible };
    Some((side, certainty))
}

/// Everything that changed between the dataset at `from` and at `to`
/// (each taken at its plain [`Date::span`]).
///
/// - A person **took** a role when they hold it (any tenure of theirs covers
///   the date) more surely at `to` than at `from`, and **left** it in the
///   other case. Certain when certain at one date and not at all at the
///   other; possible otherwise; no change when equally sure at both.
/// - **Roles** and **orgs** compare the same way by
///   [`Index::role_coverage`] and [`Index::org_coverage`], and an org
///   **moved** when [`Index::parent_coverage`] differs.
///
/// Sources: a took/left change cites its tenures' sources. Roles and orgs
/// carry none, so an org or role change cites the events of its org that
/// fall between the two dates (overlap, as `timeline --from --to`) and meet
/// the date that changed (`founded`, `dissolved`, `parent_since`, the role's
/// `start` or `end`; widened) — for a move, only those that also name the
/// parent. An event of the org at another date says nothing about this
/// change, so when none meets it the change is unsourced.
///
/// `from` after `to` lists the same changes the other way round. Runs in
/// time linear in roles, tenures and orgs, plus the events cited and a sort
/// of the changes.
pub fn diff(index: &Index, from: &Date, to: &Date) -> Diff {
    let mut entries = Vec::new();
    let mut window = Window::new(index, from.span(), to.span());
    holder_changes(index, from.span(), to.span(), &mut entries);
    role_changes(index, &mut window, &mut entries);
    org_changes(index, &mut window, &mut entries);
    sort(index, &mut entries);
    Diff { from: from.clone(), to: to.clone(), entries }
}

/// Took and left, role by role. Each tenure is looked at once; tenures are
/// grouped by person only among the few that cover either date.
fn holder_changes(index: &Index, from: Span, to: Span, out: &mut Vec<Entry>) {
    let ds = index.dataset();
    // (person, tenure, coverage at from, coverage at to), reused across roles.
    let mut near: Vec<(PersonIx, TenureIx, Coverage, Coverage)> = Vec::new();
    for r in 0..ds.roles.len() {
        let role = RoleIx::from_ix(r);
        near.clear();
        for &t in index.tenures_of_role(role) {
            let (cf, ct) = (index.tenure_coverage(t, from), index.tenure_coverage(t, to));
            if cf != Coverage::No || ct != Coverage::No {
                near.push((ds.tenure(t).person, t, cf, ct));
            }
        }
        // Stable: each person's tenures stay in start order.
        near.sort_by_key(|n| n.0);
        for run in near.chunk_by(|a, b| a.0 == b.0) {
            let at_from = run.iter().map(|n| n.2).max().unwrap_or(Coverage::No);
            let at_to = run.iter().map(|n| n.3).max().unwrap_or(Coverage::No);
            let Some((side, certainty)) = compare(at_from, at_to) else { continue };
            let tenures: Vec<TenureIx> = run
                .iter()
                .filter(|n| if side == Side::To { n.3 != Coverage::No } else { n.2 != Coverage::No })
                .map(|n| n.1)
                .collect();
            let acting = tenures.iter().all(|&t| ds.tenure(t).acting);
            let sources = dedup(tenures.iter().flat_map(|&t| ds.tenure(t).sources.iter().copied()).collect());
            let person = run[0].0;
            let change = match side {
                Side::To => Change::Took { person, role, acting },
                Side::From => Change::Left { person, role, acting },
            };
            out.push(Entry { change, certainty, tenures, events: Vec::new(), sources });
        }
    }
}

/// Roles created or ended: by the role's own dates or its org's.
fn role_changes(index: &Index, window: &mut Window, out: &mut Vec<Entry>) {
    let ds = index.dataset();
    for r in 0..ds.roles.len() {
        let role = RoleIx::from_ix(r);
        let (at_from, at_to) = (index.role_coverage(role, window.from), index.role_coverage(role, window.to));
        let Some((side, certainty)) = compare(at_from, at_to) else { continue };
        let x = ds.role(role);
        let o = ds.org(x.org);
        // The dates that bound whatever changed: the role's, the org's, or both.
        let mut dates = Vec::new();
        if window.changes(x.start.as_ref(), x.end.as_ref()) {
            dates.extend([x.start.as_ref(), x.end.as_ref()]);
        }
        if index.org_coverage(x.org, window.from) != index.org_coverage(x.org, window.to) {
            dates.extend([o.founded.as_ref(), o.dissolved.as_ref()]);
        }
        let change = if side == Side::To { Change::RoleCreated(role) } else { Change::RoleGone(role) };
        out.push(window.cite(index, change, certainty, x.org, &dates, None));
    }
}

/// Orgs founded, dissolved, or joining or leaving their parent.
fn org_changes(index: &Index, window: &mut Window, out: &mut Vec<Entry>) {
    let ds = index.dataset();
    for i in 0..ds.orgs.len() {
        let org = OrgIx::from_ix(i);
        let o = ds.org(org);
        let (at_from, at_to) = (index.org_coverage(org, window.from), index.org_coverage(org, window.to));
        if let Some((side, certainty)) = compare(at_from, at_to) {
            let change = if side == Side::To { Change::OrgFounded(org) } else { Change::OrgDissolved(org) };
            let dates = [o.founded.as_ref(), o.dissolved.as_ref()];
            out.push(window.cite(index, change, certainty, org, &dates, None));
        }
        let Some(parent) = o.parent else { continue };
        let (at_from, at_to) = (index.parent_coverage(org, window.from), index.parent_coverage(org, window.to));
        if let Some((side, certainty)) = compare(at_from, at_to) {
            let change = match side {
                Side::To => Change::OrgMoved { org, from: None, to: Some(parent) },
                Side::From => Change::OrgMoved { org, from: Some(parent), to: None },
            };
            let p = ds.org(parent);
            let mut dates = vec![o.parent_since.as_ref()];
            if index.org_coverage(parent, window.from) != index.org_coverage(parent, window.to) {
                dates.extend([p.founded.as_ref(), p.dissolved.as_ref()]);
            }
            out.push(window.cite(index, change, certainty, org, &dates, Some(parent)));
        }
    }
}

/// The two dates, and the events between them for citing.
struct Window {
    from: Span,
    to: Span,
    /// From the earlier date's first day to the later date's last.
    between: Span,
    /// Each org's events that meet `between`, filled on first use: many
    /// roles of one org may change at once.
    events_between: Vec<Option<Vec<EventIx>>>,
}

impl Window {
    fn new(index: &Index, from: Span, to: Span) -> Window {
        let between = Span { earliest: from.earliest.min(to.earliest), latest: from.latest.max(to.latest) };
        Window { from, to, between, events_between: vec![None; index.dataset().orgs.len()] }
    }

    /// Whether something bounded by `start` and `end` is covered differently
    /// at the two dates: whether these dates are part of what changed.
    fn changes(&self, start: Option<&Date>, end: Option<&Date>) -> bool {
        coverage(start, end, self.from) != coverage(start, end, self.to)
    }

    /// An org or role change with the events of `org` that back it.
    fn cite(
        &mut self,
        index: &Index,
        change: Change,
        certainty: Certainty,
        org: OrgIx,
        dates: &[Option<&Date>],
        other: Option<OrgIx>,
    ) -> Entry {
        let ds = index.dataset();
        let spans: Vec<Span> = dates.iter().flatten().map(|d| d.widened()).collect();
        let overlaps = |a: Span, b: Span| a.earliest <= b.latest && b.earliest <= a.latest;
        let between = self.between;
        let in_window = self.events_between[org.ix()].get_or_insert_with(|| {
            index.events_of_org(org).iter().copied().filter(|&e| overlaps(ds.event(e).date.span(), between)).collect()
        });
        let events: Vec<EventIx> = in_window
            .iter()
            .copied()
            .filter(|&e| {
                let ev = ds.event(e);
                spans.iter().any(|&s| overlaps(ev.date.span(), s)) && other.is_none_or(|o| ev.orgs.contains(&o))
            })
            .collect();
        let sources = dedup(events.iter().flat_map(|&e| ds.event(e).sources.iter().copied()).collect());
        Entry { change, certainty, tenures: Vec::new(), events, sources }
    }
}

/// Sources in file order, each once.
fn dedup(mut sources: Vec<SourceIx>) -> Vec<SourceIx> {
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// Groups in order; within one, by org name, role title, then left before
/// took (a handover reads in order), then person name; ties by index so the
/// order never depends on the sort.
fn sort(index: &Index, entries: &mut [Entry]) {
    let ds = index.dataset();
    let key = |e: &Entry| {
        let (org, role, step, person) = match e.change {
            Change::Took { person, role, .. } => (ds.role(role).org, Some(role), 1, Some(person)),
            Change::Left { person, role, .. } => (ds.role(role).org, Some(role), 0, Some(person)),
            Change::RoleCreated(role) => (ds.role(role).org, Some(role), 0, None),
            Change::RoleGone(role) => (ds.role(role).org, Some(role), 1, None),
            Change::OrgFounded(org) => (org, None, 0, None),
            Change::OrgMoved { org, .. } => (org, None, 1, None),
            Change::OrgDissolved(org) => (org, None, 2, None),
        };
        (
            e.change.group(),
            ds.org(org).name.as_str(),
            org,
            role.map_or("", |r| ds.role(r).title.as_str()),
            role,
            step,
            person.map_or("", |p| ds.person(p).name.as_str()),
            person,
        )
    };
    entries.sort_by(|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests;
