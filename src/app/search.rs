//! `/`: the search box over everything, and `n` / `N` through its results.
//! Matching is `query::search`; this module keeps the box, its cursor, and
//! jumps to an item where it lives.

use std::sync::Arc;

use tui_input::Input;

use super::*;
use crate::query::search::{Hit, Item, Results, SearchIndex};

/// How many hits of each kind the box shows.
pub const LIMIT_PER_KIND: usize = 50;

/// The open search box.
#[derive(Clone, Debug)]
pub struct SearchBox {
    /// The query and its cursor.
    pub input: Input,
    /// What the query finds.
    pub results: Results,
    /// The selected hit, counted over every group's hits.
    pub cursor: usize,
    /// The first result line shown.
    pub offset: usize,
    /// A query was sent to the search thread and its results are not back.
    pub waiting: bool,
}

/// One line of the result list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultLine<'a> {
    /// A group's heading: its title, the hits shown and every match.
    Heading(&'static str, usize, usize),
    /// A hit, and its number over all hits.
    Hit(&'a Hit, usize),
}

impl SearchBox {
    /// An empty box.
    pub fn new() -> SearchBox {
        SearchBox { input: Input::default(), results: Results::empty(""), cursor: 0, offset: 0, waiting: false }
    }

    /// Every hit, in the order shown.
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.results.groups.iter().flat_map(|g| g.hits.iter())
    }

    /// The selected hit.
    pub fn selected(&self) -> Option<&Hit> {
        self.hits().nth(self.cursor)
    }

    /// The result list: each group's heading, then its hits.
    pub fn lines(&self) -> Vec<ResultLine<'_>> {
        let mut out = Vec::new();
        let mut n = 0;
        for g in &self.results.groups {
            out.push(ResultLine::Heading(g.kind.title(), g.hits.len(), g.total));
            for h in &g.hits {
                out.push(ResultLine::Hit(h, n));
                n += 1;
            }
        }
        out
    }

    /// The line the cursor is on.
    pub fn cursor_line(&self) -> usize {
        self.lines().iter().position(|l| matches!(l, ResultLine::Hit(_, n) if *n == self.cursor)).unwrap_or(0)
    }

    /// Moves the cursor `delta` hits, within the list.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.hits().count();
        self.cursor = self.cursor.saturating_add_signed(delta).min(n.saturating_sub(1));
    }

    /// Runs the query again (narrowing the last search when it only grew).
    pub fn update(&mut self, finder: &SearchIndex, index: &Index) {
        let q = self.input.value().to_string();
        let results = finder.refine(index, &self.results, &q, LIMIT_PER_KIND);
        self.show(results);
    }

    /// Shows `results`, the cursor on the first; the results that complete
    /// a preview of the same query keep the cursor where it is. A preview
    /// leaves the box waiting for the rest.
    fn show(&mut self, results: Results) {
        let completes = self.results.partial && self.results.query == results.query;
        self.waiting = results.partial;
        self.results = results;
        if completes {
            self.move_by(0);
        } else {
            self.cursor = 0;
            self.offset = 0;
        }
    }
}

impl State {
    /// Asks the query in the open search box: at once without a search
    /// thread, else of it, the box waiting for the answer.
    pub(super) fn ask_search(&mut self, index: &Index) {
        if !matches!(self.overlay, Some(Overlay::Search(_))) {
            return;
        }
        let finder = (!self.search_thread).then(|| finder(self, index));
        let Some(Overlay::Search(b)) = &mut self.overlay else { return };
        match &finder {
            Some(f) => b.update(f, index),
            None => {
                b.waiting = true;
                self.search_request = Some(b.input.value().to_string());
            }
        }
    }

    /// Results from the search thread: shown if they answer the query in
    /// the box now, dropped if it changed since (a newer query is on its way).
    pub fn receive_search(&mut self, results: Results) {
        if let Some(Overlay::Search(b)) = &mut self.overlay
            && b.input.value() == results.query
        {
            b.show(results);
        }
    }
}

impl Default for SearchBox {
    fn default() -> Self {
        SearchBox::new()
    }
}

/// The search index of `state`, built on first use.
pub(super) fn finder(state: &mut State, index: &Index) -> Arc<SearchIndex> {
    Arc::clone(state.finder.get_or_insert_with(|| Arc::new(SearchIndex::new(index))))
}

/// Goes to `item` where it lives: a role or person in the org chart (moving
/// the as-of date into one of their tenures when they hold nothing at it), an
/// event in the timeline, a quote in the quotes pane, an org or source in its
/// card. Where we were is remembered for Backspace.
pub(super) fn jump(state: &mut State, index: &Index, item: Item) {
    let ds = index.dataset();
    state.history.push(state.location());
    state.overlay = None;
    match item {
        Item::Role(r) => {
            if !index.role_exists(r, state.as_of.span())
                && let Some(d) = role_date(index, r)
            {
                state.set_as_of(index, d, false);
                state.message = Some(format!("as-of moved to {} where the role exists", state.as_of.as_str()));
            }
            show_role(state, r);
        }
        Item::Person(p) => {
            let at = state.as_of.span();
            let tenures = index.tenures_of_person(p);
            let held = tenures.iter().find(|&&t| index.tenure_coverage(t, at) != Coverage::No);
            match (held, tenures.last()) {
                (Some(&t), _) => show_role(state, ds.tenure(t).role),
                (None, Some(&t)) => {
                    // Their latest tenure: its start, else its end (a bounded date).
                    let ten = ds.tenure(t);
                    let bounded = |d: &&Date| !d.span().is_open_start() && !d.span().is_open_end();
                    if let Some(d) = ten.start.as_ref().filter(bounded).or(ten.end.as_ref().filter(bounded)) {
                        state.set_as_of(index, d.clone(), false);
                        state.message = Some(format!(
                            "as-of moved to {}: {} holds {} then",
                            escape_controls(state.as_of.as_str()),
                            escape_controls(&ds.person(p).name),
                            escape_controls(&ds.role(ten.role).title)
                        ));
                    }
                    show_role(state, ten.role);
                }
                (None, None) => state.overlay = Some(Overlay::Card(state.make_card(index, Target::Person(p)))),
            }
        }
        Item::Event(e) => {
            if !state.timeline.select(index, e) {
                state.filter = None;
                state.apply_filter(index);
                state.timeline.select(index, e);
            }
            state.set_focus(Pane::Timeline);
            if state.link_timeline {
                state.set_as_of(index, ds.event(e).date.clone(), true);
            }
        }
        Item::Quote(q) => {
            if !state.quotes.select(index, q) {
                state.filter = None;
                state.apply_filter(index);
                state.quotes.select(index, q);
            }
            state.set_focus(Pane::Quotes);
        }
        Item::Org(o) => state.overlay = Some(Overlay::Card(state.make_card(index, Target::Org(o)))),
        Item::Source(s) => state.overlay = Some(Overlay::Card(state.make_card(index, Target::Source(s)))),
    }
}

/// Selects `role` in the chart (or the tenure chart, when that is shown).
fn show_role(state: &mut State, role: RoleIx) {
    if state.focus == Pane::Tenures {
        state.tenures.select(role);
        return;
    }
    state.set_focus(Pane::Chart);
    if state.tree.show(role) == Some(false) {
        state.message = Some(NOT_IN_CHART.into());
    }
}

/// A date at which `role` exists: its first tenure's start, else its own start.
fn role_date(index: &Index, role: RoleIx) -> Option<Date> {
    let ds = index.dataset();
    let from_tenure = index.tenures_of_role(role).iter().find_map(|&t| ds.tenure(t).start.clone());
    from_tenure
        .filter(|d| index.role_exists(role, d.span()))
        .or_else(|| ds.role(role).start.clone())
        .filter(|d| !d.span().is_open_start() && !d.span().is_open_end())
}

/// `n` / `N`: the next or previous hit of the last search.
pub(super) fn next_hit(state: &mut State, index: &Index, forward: bool) {
    let Some((results, at)) = &state.last_search else {
        state.message = Some("no search yet: / to search".into());
        return;
    };
    let hits: Vec<&Hit> = results.groups.iter().flat_map(|g| g.hits.iter()).collect();
    if hits.is_empty() {
        state.message = Some(format!("no match for “{}”", escape_controls(&results.query)));
        return;
    }
    let n = hits.len();
    let to = if forward { (at + 1) % n } else { (at + n - 1) % n };
    let (item, label) = (hits[to].item, hits[to].label.clone());
    if let Some((_, at)) = &mut state.last_search {
        *at = to;
    }
    jump(state, index, item);
    let extra = state.message.take().map_or(String::new(), |m| format!(" · {m}"));
    state.message = Some(format!("match {}/{n}: {label}{extra}", to + 1));
}

use crate::model::RoleIx;
use crate::model::date::Coverage;
use crate::model::text::escape_controls;
