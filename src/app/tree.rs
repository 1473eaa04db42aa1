//! The org chart pane's state: which roles are collapsed, the visible rows
//! as a flat list, the cursor. No terminal in here, so every move is a
//! plain unit test.
//!
//! The rows are built whole only when the chart changes (a new date that
//! adds or removes roles, expand all): expanding or collapsing a role
//! splices its subtree's rows in or out, so it costs the size of that
//! subtree, not of the chart.
//!
//! At a million people a new chart takes tens of milliseconds to build and
//! flatten. In the explorer that is done off the UI thread: a date change
//! that reshapes the chart ([`TreeView::request_date`]) leaves the chart as
//! it is, marked as waiting, and gives a [`ChartRequest`] that the runtime
//! runs on its chart thread; the [`Rebuilt`] chart it gives back is taken
//! in by [`TreeView::receive`]. Tests and text views use [`TreeView::set_date`],
//! which does the same at once. A jump to a role while a chart is awaited
//! ([`TreeView::show`]) puts the cursor on it when that chart comes,
//! rather than building it on the UI thread.

use std::sync::Arc;

use crate::model::RoleIx;
use crate::model::date::Span;
use crate::query::{ChartRow, Index, OrgChart};

/// One visible line of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeRow {
    /// The role and its depth.
    pub row: ChartRow,
    /// Whether it has roles under it at this date.
    pub has_children: bool,
    /// Whether those are shown.
    pub expanded: bool,
}

/// Expand/collapse state and cursor over the chart at the as-of date.
#[derive(Clone, Debug)]
pub struct TreeView {
    chart: OrgChart,
    /// By role: whether its subtree is folded. Kept across dates; shared
    /// with a [`ChartRequest`] under way (copied when folded meanwhile).
    collapsed: Arc<Vec<bool>>,
    /// Counts changes to `collapsed`, so that rows flattened for a request
    /// are known to be stale when a role was folded since.
    folds: u64,
    /// The date the chart is being rebuilt for, while a [`ChartRequest`] is
    /// under way; the chart shown is still that of `chart.at`.
    pending: Option<Span>,
    /// The role to put the cursor on once the awaited chart is taken in
    /// (see [`Self::show`]); dropped if the cursor is moved meanwhile or
    /// another date is asked for.
    want: Option<RoleIx>,
    rows: Vec<TreeRow>,
    cursor: usize,
    /// First visible row.
    pub offset: usize,
}

impl TreeView {
    /// The chart of `index` at `at`, everything expanded, cursor on the first role.
    pub fn new(index: &Index, at: Span) -> TreeView {
        let mut t = TreeView {
            chart: index.org_chart_at(at),
            collapsed: Arc::new(vec![false; index.dataset().roles.len()]),
            folds: 0,
            pending: None,
            want: None,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
        };
        t.rows = t.flatten();
        t
    }

    /// The date a new chart is being built for, off the UI thread; until it
    /// comes, the chart shown is that of [`OrgChart::at`].
    pub fn pending(&self) -> Option<Span> {
        self.pending
    }

    /// The visible rows.
    pub fn rows(&self) -> &[TreeRow] {
        &self.rows
    }

    /// The chart the rows come from.
    pub fn chart(&self) -> &OrgChart {
        &self.chart
    }

    /// Index of the cursor in [`Self::rows`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The role under the cursor.
    pub fn selected(&self) -> Option<RoleIx> {
        self.rows.get(self.cursor).map(|r| r.row.role)
    }

    fn is_collapsed(&self, role: RoleIx) -> bool {
        self.collapsed.get(role.ix()).copied().unwrap_or(false)
    }

    fn set_collapsed(&mut self, role: RoleIx, collapsed: bool) {
        if self.is_collapsed(role) != collapsed
            && let Some(c) = Arc::make_mut(&mut self.collapsed).get_mut(role.ix())
        {
            *c = collapsed;
            self.folds += 1;
        }
    }

    /// Folds or unfolds every role.
    fn set_all_collapsed(&mut self, collapsed: bool) {
        Arc::make_mut(&mut self.collapsed).fill(collapsed);
        self.folds += 1;
    }

    /// The line of `role` at `depth`.
    fn row(&self, depth: u32, role: RoleIx) -> TreeRow {
        row_of(&self.chart, &self.collapsed, depth, role)
    }

    /// Appends to `rows` the visible rows of the roles on `stack` (popped
    /// first = shown first) and of everything expanded under them, depth first.
    fn push_visible(&self, rows: &mut Vec<TreeRow>, stack: Vec<(u32, RoleIx)>) {
        push_visible(&self.chart, &self.collapsed, rows, stack);
    }

    /// Every visible row, built from the chart: what the patches keep equal to.
    fn flatten(&self) -> Vec<TreeRow> {
        flatten(&self.chart, &self.collapsed)
    }

    /// The row of `role`, if it is visible.
    fn position(&self, role: RoleIx) -> Option<usize> {
        self.rows.iter().position(|r| r.row.role == role)
    }

    /// The end of row `i`'s visible subtree: the first row after it that is
    /// not under it.
    fn subtree_end(&self, i: usize) -> usize {
        let depth = self.rows[i].row.depth;
        self.rows[i + 1..].iter().position(|r| r.row.depth <= depth).map_or(self.rows.len(), |n| i + 1 + n)
    }

    /// Shows the subtree of row `i`, whose role was just unfolded.
    fn open(&mut self, i: usize) {
        let ChartRow { depth, role, .. } = self.rows[i].row;
        self.rows[i].expanded = true;
        let mut under = Vec::new();
        self.push_visible(&mut under, self.chart.children(role).iter().rev().map(|&c| (depth + 1, c)).collect());
        let n = under.len();
        self.rows.splice(i + 1..i + 1, under);
        if self.cursor > i {
            self.cursor += n;
        }
    }

    /// Hides the subtree of row `i`, whose role was just folded. A cursor
    /// inside it goes to row `i`.
    fn close(&mut self, i: usize) {
        let end = self.subtree_end(i);
        self.rows[i].expanded = false;
        self.rows.drain(i + 1..end);
        if self.cursor >= end {
            self.cursor -= end - (i + 1);
        } else if self.cursor > i {
            self.cursor = i;
        }
    }

    /// Moves to a new date, keeping the cursor on the same role; if that
    /// role does not exist then, on its nearest superior that does, else on
    /// the row at the same position. The chart is rebuilt only when the
    /// date changes its shape.
    /// (A request built and taken in at once.)
    pub fn set_date(&mut self, index: &Index, at: Span) {
        if let Some(request) = self.request_date(index, at) {
            self.receive(index, request.run(index));
        }
    }

    /// Moves to a new date like [`Self::set_date`], but leaves the building
    /// of a reshaped chart to the caller: the chart shown stays as it is,
    /// [`Self::pending`] says which date it waits for, and the request
    /// returned is to be run ([`ChartRequest::run`]) and its result given
    /// to [`Self::receive`]. `None` when the chart keeps its shape (it is
    /// then moved to the date at once).
    pub fn request_date(&mut self, index: &Index, at: Span) -> Option<ChartRequest> {
        self.want = None;
        if index.same_org_chart(self.chart.at, at) {
            self.chart.at = at;
            self.pending = None;
            return None;
        }
        self.pending = Some(at);
        Some(ChartRequest { at, collapsed: Arc::clone(&self.collapsed), folds: self.folds })
    }

    /// Takes in a chart built for a [`ChartRequest`]. A chart for a date
    /// that is no longer awaited is still shown (the date moved on while it
    /// was built, and it is nearer than the one shown), and the tree keeps
    /// waiting for the newer one; one built for another dataset, or when
    /// nothing is awaited, is dropped. Rows flattened before a fold made
    /// since are flattened again. Once the awaited chart is in, the cursor
    /// goes to the role [`Self::show`] was asked for meanwhile: whether that
    /// role is in the chart, if one was.
    pub fn receive(&mut self, index: &Index, rebuilt: Rebuilt) -> Option<bool> {
        let wanted = self.pending?;
        if rebuilt.chart_roles != self.collapsed.len() {
            return None;
        }
        let at = rebuilt.chart.at;
        let rows = if rebuilt.folds == self.folds { rebuilt.rows } else { flatten(&rebuilt.chart, &self.collapsed) };
        // (Kept aside: taking the chart in selects the role under the cursor.)
        let want = self.want.take();
        self.take_chart(index, rebuilt.chart, rows);
        if !index.same_org_chart(at, wanted) {
            self.want = want;
            return None;
        }
        self.chart.at = wanted;
        self.pending = None;
        want.map(|role| self.select(role))
    }

    /// Puts the cursor on `role` ([`Self::select`]), or, while a chart is
    /// awaited, once it is taken in ([`Self::receive`]): a jump to a role
    /// at another date does not build the chart on the UI thread (at a
    /// million people, 44 ms a keypress). Whether the role is in the chart, or
    /// `None` while it is awaited.
    pub fn show(&mut self, role: RoleIx) -> Option<bool> {
        if self.pending.is_some() {
            self.want = Some(role);
            return None;
        }
        Some(self.select(role))
    }

    /// Shows `chart` and its `rows`, keeping the cursor on the same role;
    /// if that role is not in the new chart, on its nearest superior that
    /// is, else on the row at the same position.
    fn take_chart(&mut self, index: &Index, chart: OrgChart, rows: Vec<TreeRow>) {
        let keep = self.selected();
        self.chart = chart;
        self.rows = rows;
        let mut target = keep;
        while let Some(r) = target {
            if self.chart.contains(r) {
                break;
            }
            target = index.dataset().role(r).reports_to;
        }
        match target {
            Some(r) => {
                self.select(r);
            }
            None => self.cursor = self.cursor.min(self.rows.len().saturating_sub(1)),
        }
    }

    /// Puts the cursor on `role`, expanding its superiors so it is visible.
    /// Returns false if the role is not in the chart at this date.
    pub fn select(&mut self, role: RoleIx) -> bool {
        self.want = None;
        if !self.chart.contains(role) {
            return false;
        }
        // The highest folded superior is visible: unfold every superior,
        // then splice in that one's subtree, which now reaches `role`.
        let mut highest_folded = None;
        let mut up = self.chart.parent(role);
        while let Some(p) = up {
            if self.is_collapsed(p) {
                highest_folded = Some(p);
                self.set_collapsed(p, false);
            }
            up = self.chart.parent(p);
        }
        let from = match highest_folded.and_then(|p| self.position(p)) {
            Some(i) => {
                self.open(i);
                i
            }
            None => 0,
        };
        if let Some(n) = self.rows[from..].iter().position(|r| r.row.role == role) {
            self.cursor = from + n;
        }
        true
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        self.want = None;
        let last = self.rows.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Cursor to the first or last row.
    pub fn move_to(&mut self, last: bool) {
        self.want = None;
        self.cursor = if last { self.rows.len().saturating_sub(1) } else { 0 };
    }

    /// Collapses the selected role; if it is collapsed or a leaf, moves to its superior.
    pub fn collapse(&mut self) {
        self.want = None;
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if row.has_children && row.expanded {
            self.set_collapsed(row.row.role, true);
            self.close(self.cursor);
        } else if row.row.depth > 0 {
            // The superior is the nearest row above that is less deep.
            let depth = row.row.depth;
            if let Some(i) = self.rows[..self.cursor].iter().rposition(|r| r.row.depth < depth) {
                self.cursor = i;
            }
        }
    }

    /// Expands the selected role; if already expanded, moves to its first child.
    pub fn expand(&mut self) {
        self.want = None;
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if !row.has_children {
            return;
        }
        if row.expanded {
            self.move_by(1);
        } else {
            self.set_collapsed(row.row.role, false);
            self.open(self.cursor);
        }
    }

    /// Expands or collapses the selected role.
    pub fn toggle(&mut self) {
        self.want = None;
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if row.has_children {
            self.set_collapsed(row.row.role, row.expanded);
            if row.expanded { self.close(self.cursor) } else { self.open(self.cursor) }
        }
    }

    /// Expands every role, the cursor staying on its role.
    pub fn expand_all(&mut self) {
        self.want = None;
        let keep = self.selected();
        self.set_all_collapsed(false);
        self.rows = self.flatten();
        if let Some(i) = keep.and_then(|r| self.position(r)) {
            self.cursor = i;
        }
    }

    /// Collapses every role, leaving the top roles; the cursor goes to the
    /// top of the selected role's tree.
    pub fn collapse_all(&mut self) {
        self.want = None;
        let mut top = self.selected();
        while let Some(p) = top.and_then(|r| self.chart.parent(r)) {
            top = Some(p);
        }
        self.set_all_collapsed(true);
        let roots = self.chart.roots();
        let rows = roots.iter().map(|&r| self.row(0, r)).collect();
        self.cursor = top.and_then(|t| roots.iter().position(|&r| r == t)).unwrap_or(0);
        self.rows = rows;
    }
}

/// The line of `role` at `depth` in `chart`.
fn row_of(chart: &OrgChart, collapsed: &[bool], depth: u32, role: RoleIx) -> TreeRow {
    TreeRow {
        row: ChartRow { depth, role, crosses_org: chart.crosses_org(role) },
        has_children: !chart.children(role).is_empty(),
        expanded: !collapsed.get(role.ix()).copied().unwrap_or(false),
    }
}

/// Appends to `rows` the visible rows of the roles on `stack` (popped
/// first = shown first) and of everything expanded under them, depth first.
fn push_visible(chart: &OrgChart, collapsed: &[bool], rows: &mut Vec<TreeRow>, mut stack: Vec<(u32, RoleIx)>) {
    while let Some((depth, role)) = stack.pop() {
        let row = row_of(chart, collapsed, depth, role);
        if row.expanded {
            stack.extend(chart.children(role).iter().rev().map(|&c| (depth + 1, c)));
        }
        rows.push(row);
    }
}

/// Every visible row of `chart` with `collapsed` roles folded.
fn flatten(chart: &OrgChart, collapsed: &[bool]) -> Vec<TreeRow> {
    let mut rows = Vec::with_capacity(chart.len());
    push_visible(chart, collapsed, &mut rows, chart.roots().iter().rev().map(|&r| (0, r)).collect());
    rows
}

/// A chart to build off the UI thread: the date, and the folds to flatten
/// it with (see [`TreeView::request_date`]).
#[derive(Clone, Debug)]
pub struct ChartRequest {
    /// The date of the chart.
    pub at: Span,
    collapsed: Arc<Vec<bool>>,
    folds: u64,
}

/// A chart built for a [`ChartRequest`], and its visible rows.
#[derive(Clone, Debug)]
pub struct Rebuilt {
    chart: OrgChart,
    rows: Vec<TreeRow>,
    folds: u64,
    /// The number of roles of the dataset it was built from.
    chart_roles: usize,
}

impl ChartRequest {
    /// Builds the chart and flattens it: tens of milliseconds at a million
    /// roles, so not on the UI thread.
    pub fn run(&self, index: &Index) -> Rebuilt {
        let chart = index.org_chart_at(self.at);
        let rows = flatten(&chart, &self.collapsed);
        Rebuilt { chart, rows, folds: self.folds, chart_roles: self.collapsed.len() }
    }
}

impl Rebuilt {
    /// The date of the chart.
    pub fn at(&self) -> Span {
        self.chart.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Rng, generate};
    use crate::model::{BUNDLED, Date, load_str};

    fn index(text: &str) -> Index {
        Index::new(load_str(text).expect("valid").dataset)
    }

    /// Random folds, unfolds, jumps and moves; after each, the patched rows
    /// are the rows built from scratch, and the cursor is where it should be.
    fn patches_match_a_full_flatten(ix: &Index, seed: u64, steps: usize) {
        let mut rng = Rng(seed);
        let dates = ["2024-03", "2021", "2015?", "1999", "2010-06", "2025"];
        let at = |d: &str| Date::parse(d).unwrap().span();
        let mut tree = TreeView::new(ix, at(dates[0]));
        let roles = ix.dataset().roles.len();
        let mut in_flight: Vec<ChartRequest> = Vec::new();
        // The role a jump asked for while a chart was awaited.
        let mut want: Option<RoleIx> = None;
        for step in 0..steps {
            let before = tree.selected();
            let op = rng.below(100);
            let receives = matches!(op, 85..89) && !in_flight.is_empty();
            match op {
                0..20 => tree.expand(),
                20..40 => tree.collapse(),
                40..60 => tree.toggle(),
                60..63 => tree.expand_all(),
                63..66 => tree.collapse_all(),
                66..80 => {
                    let r = RoleIx::from_ix(rng.below(roles));
                    let shown = tree.select(r);
                    assert_eq!(shown, tree.chart().contains(r));
                    if shown {
                        assert_eq!(tree.selected(), Some(r), "step {step}: select");
                    }
                }
                80..82 => tree.set_date(ix, at(dates[rng.below(dates.len())])),
                // A date whose chart is built elsewhere, and taken in later,
                // perhaps after newer ones or after folds.
                82..85 => {
                    let d = at(dates[rng.below(dates.len())]);
                    let shape_kept = ix.same_org_chart(tree.chart().at, d);
                    let before = tree.rows().to_vec();
                    match tree.request_date(ix, d) {
                        Some(r) => {
                            assert!(!shape_kept);
                            assert_eq!(tree.pending(), Some(d));
                            in_flight.push(r);
                        }
                        None => {
                            assert!(shape_kept);
                            assert_eq!((tree.pending(), tree.chart().at), (None, d));
                        }
                    }
                    assert_eq!(tree.rows(), before.as_slice(), "step {step}: the rows stay until the chart comes");
                }
                85..89 if !in_flight.is_empty() => {
                    let request = in_flight.remove(rng.below(in_flight.len()));
                    let (wanted, newest) = (tree.pending(), in_flight.is_empty());
                    let rebuilt = request.run(ix);
                    let built_at = rebuilt.at();
                    let shown = tree.receive(ix, rebuilt);
                    match wanted {
                        None => assert_eq!(shown, None),
                        Some(w) if ix.same_org_chart(built_at, w) => {
                            assert_eq!((tree.pending(), tree.chart().at), (None, w), "step {step}: the awaited chart");
                            // The role a jump asked for meanwhile is selected now.
                            let asked = want.take();
                            assert_eq!(shown, asked.map(|r| tree.chart().contains(r)), "step {step}");
                            if shown == Some(true) {
                                assert_eq!(tree.selected(), asked, "step {step}: the jump's role");
                            }
                        }
                        Some(w) => {
                            assert_eq!(shown, None, "step {step}");
                            assert_eq!(tree.pending(), Some(w), "step {step}: still waiting");
                            assert_eq!(tree.chart().at, built_at);
                        }
                    }
                    if newest && wanted.is_some() {
                        assert_eq!(tree.pending(), None, "step {step}: the newest request answers the wait");
                    }
                }
                // A jump to a role: at once, or when the awaited chart comes.
                89..91 => {
                    let r = RoleIx::from_ix(rng.below(roles));
                    match tree.show(r) {
                        None => {
                            assert!(tree.pending().is_some(), "step {step}: waits only for a chart");
                            want = Some(r);
                            // Half the time, the awaited chart comes at once.
                            if rng.below(2) == 0 {
                                let request = in_flight.pop().expect("the awaited request");
                                let shown = tree.receive(ix, request.run(ix));
                                assert_eq!(shown, Some(tree.chart().contains(r)), "step {step}");
                                if shown == Some(true) {
                                    assert_eq!(tree.selected(), Some(r), "step {step}: the jump's role");
                                }
                                want = None;
                            }
                        }
                        Some(shown) => {
                            assert_eq!(shown, tree.chart().contains(r));
                            if shown {
                                assert_eq!(tree.selected(), Some(r), "step {step}: show");
                            }
                        }
                    }
                }
                _ => tree.move_by(rng.below(21) as isize - 10),
            }
            if let Some(w) = tree.pending() {
                assert_eq!(in_flight.last().map(|r| r.at), Some(w), "step {step}: the newest request is awaited");
            }
            // Charts built meanwhile answer nothing once a date is set at once.
            if matches!(op, 80..82) {
                in_flight.clear();
            }
            // Any other move, fold or date drops the role a jump asked for.
            if !receives && !matches!(op, 89..91) {
                want = None;
            }
            if op < 80 && tree.pending().is_some() {
                // Moves and folds act on the chart shown, not the one awaited.
                assert!(tree.rows().iter().all(|r| tree.chart().contains(r.row.role)));
            }
            assert_eq!(tree.rows(), tree.flatten().as_slice(), "step {step}: op {op}");
            assert!(tree.cursor() < tree.rows().len().max(1), "step {step}: cursor past the rows");
            match op {
                60..63 => assert_eq!(tree.selected(), before, "expand all keeps the role"),
                63..66 => {
                    let mut top = before;
                    while let Some(p) = top.and_then(|r| tree.chart().parent(r)) {
                        top = Some(p);
                    }
                    assert_eq!(tree.selected(), top, "collapse all goes to the top of the tree");
                }
                0..20 | 40..60 => assert_eq!(tree.selected().is_some(), before.is_some()),
                _ => {}
            }
        }
    }

    #[test]
    fn patched_rows_equal_a_full_flatten_on_the_bundled_story() {
        let ix = index(BUNDLED);
        for seed in 0..20 {
            patches_match_a_full_flatten(&ix, seed, 300);
        }
    }

    #[test]
    fn patched_rows_equal_a_full_flatten_on_a_generated_dataset() {
        let ix = index(&generate(2_000, 3));
        for seed in 0..4 {
            patches_match_a_full_flatten(&ix, seed, 400);
        }
    }

    #[test]
    fn collapsing_keeps_the_cursor_on_its_role_and_expanding_restores_the_rows() {
        let ix = index(&generate(2_000, 3));
        let mut tree = TreeView::new(&ix, ix.default_as_of().unwrap().span());
        let all = tree.rows().to_vec();
        // A role below a large subtree: folding the subtree moves it up.
        let (i, row) = all.iter().enumerate().find(|(i, r)| r.has_children && tree.subtree_end(*i) > i + 10).unwrap();
        let below = tree.subtree_end(i);
        tree.move_by(below as isize);
        let role = tree.selected();
        tree.move_by(i as isize - below as isize);
        assert_eq!(tree.selected(), Some(row.row.role));
        tree.collapse();
        tree.move_by(1);
        assert_eq!(tree.selected(), role);
        tree.move_by(-1);
        tree.expand();
        assert_eq!(tree.rows(), all.as_slice());
        // Left on a leaf goes to its superior, whatever is expanded between.
        tree.move_by((below - 1 - i) as isize);
        let leaf = tree.selected().unwrap();
        assert!(!tree.rows()[tree.cursor()].has_children);
        tree.collapse();
        assert_eq!(tree.selected(), tree.chart().parent(leaf));
    }
}
