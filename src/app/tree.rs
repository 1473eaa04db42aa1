//! The org chart pane's state: which roles are collapsed, the visible rows
//! as a flat list, the cursor. No terminal in here, so every move is a
//! plain unit test.

use rustc_hash::FxHashSet;

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
    collapsed: FxHashSet<RoleIx>,
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
            collapsed: FxHashSet::default(),
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
        };
        t.flatten(index);
        t
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

    fn flatten(&mut self, index: &Index) {
        let chart = &self.chart;
        let collapsed = &self.collapsed;
        let mut rows = Vec::with_capacity(chart.len());
        let mut stack: Vec<(u32, RoleIx)> = chart.roots().iter().rev().map(|&r| (0, r)).collect();
        while let Some((depth, role)) = stack.pop() {
            let children = chart.children(role);
            let expanded = !collapsed.contains(&role);
            if expanded {
                stack.extend(children.iter().rev().map(|&c| (depth + 1, c)));
            }
            let org = index.dataset().role(role).org;
            let crosses_org = chart.parent(role).is_none_or(|p| index.dataset().role(p).org != org);
            rows.push(TreeRow {
                row: ChartRow { depth, role, crosses_org },
                has_children: !children.is_empty(),
                expanded,
            });
        }
        self.rows = rows;
    }

    /// Rebuilds the chart for a new date, keeping the cursor on the same
    /// role; if that role does not exist then, on its nearest superior that
    /// does, else on the row at the same position.
    pub fn set_date(&mut self, index: &Index, at: Span) {
        let keep = self.selected();
        self.chart = index.org_chart_at(at);
        self.flatten(index);
        let mut target = keep;
        while let Some(r) = target {
            if self.chart.contains(r) {
                break;
            }
            target = index.dataset().role(r).reports_to;
        }
        match target {
            Some(r) => {
                self.select(index, r);
            }
            None => self.cursor = self.cursor.min(self.rows.len().saturating_sub(1)),
        }
    }

    /// Puts the cursor on `role`, expanding its superiors so it is visible.
    /// Returns false if the role is not in the chart at this date.
    pub fn select(&mut self, index: &Index, role: RoleIx) -> bool {
        if !self.chart.contains(role) {
            return false;
        }
        let mut up = self.chart.parent(role);
        let mut changed = false;
        while let Some(p) = up {
            changed |= self.collapsed.remove(&p);
            up = self.chart.parent(p);
        }
        if changed {
            self.flatten(index);
        }
        if let Some(i) = self.rows.iter().position(|r| r.row.role == role) {
            self.cursor = i;
        }
        true
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Cursor to the first or last row.
    pub fn move_to(&mut self, last: bool) {
        self.cursor = if last { self.rows.len().saturating_sub(1) } else { 0 };
    }

    /// Collapses the selected role; if it is collapsed or a leaf, moves to its superior.
    pub fn collapse(&mut self, index: &Index) {
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if row.has_children && row.expanded {
            self.collapsed.insert(row.row.role);
            self.flatten(index);
        } else if let Some(p) = self.chart.parent(row.row.role) {
            self.select(index, p);
        }
    }

    /// Expands the selected role; if already expanded, moves to its first child.
    pub fn expand(&mut self, index: &Index) {
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if !row.has_children {
            return;
        }
        if row.expanded {
            self.move_by(1);
        } else {
            self.collapsed.remove(&row.row.role);
            self.flatten(index);
        }
    }

    /// Expands or collapses the selected role.
    pub fn toggle(&mut self, index: &Index) {
        let Some(row) = self.rows.get(self.cursor).copied() else { return };
        if row.has_children {
            if !self.collapsed.remove(&row.row.role) {
                self.collapsed.insert(row.row.role);
            }
            self.flatten(index);
        }
    }
}
