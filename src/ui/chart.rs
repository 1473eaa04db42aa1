//! The org chart pane: the visible window of the tree at the as-of date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::app::State;
use crate::app::tree::TreeRow;
use crate::model::RoleIx;
use crate::model::date::Coverage;
use crate::model::text::escape_controls;
use crate::query::Index;

use super::text::fit;
use super::theme::Theme;

/// The rows of the org chart that fit in the area.
pub struct ChartView<'a> {
    /// The explorer state.
    pub state: &'a State,
    /// The dataset.
    pub index: &'a Index,
    /// Whether the pane has focus.
    pub focused: bool,
    /// The styles.
    pub theme: &'a Theme,
}

impl ChartView<'_> {
    /// Tree guides for a row: `│  ` for each ancestor with siblings below,
    /// then `├─ ` or `└─ `.
    fn guides(&self, row: &TreeRow) -> String {
        let chart = self.state.tree.chart();
        let is_last = |r: RoleIx| -> bool {
            let siblings = match chart.parent(r) {
                Some(p) => chart.children(p),
                None => return true,
            };
            siblings.last() == Some(&r)
        };
        let mut parts = Vec::with_capacity(row.row.depth as usize);
        let mut r = row.row.role;
        for level in (1..=row.row.depth).rev() {
            let piece = if level == row.row.depth {
                if is_last(r) { "└─ " } else { "├─ " }
            } else if is_last(r) {
                "   "
            } else {
                "│  "
            };
            parts.push(piece);
            match chart.parent(r) {
                Some(p) => r = p,
                None => break,
            }
        }
        parts.reverse();
        parts.concat()
    }

    fn line(&self, row: &TreeRow, width: usize, selected: bool) -> ratatui::text::Line<'static> {
        let t = self.theme;
        let ds = self.index.dataset();
        let role = ds.role(row.row.role);
        // The chart's own date: while a chart for a new as-of date is being
        // built, the rows shown are still those of the last one.
        let at = self.state.tree.chart().at;
        let mut head = vec![Span::styled(self.guides(row), t.dim)];
        head.push(match (row.has_children, row.expanded) {
            (true, true) => Span::raw("▾ "),
            (true, false) => Span::raw("▸ "),
            _ => Span::styled("• ", t.dim),
        });
        let mut label = Vec::new();
        if row.row.crosses_org {
            label.push(Span::styled(escape_controls(&ds.org(role.org).name).into_owned(), t.org));
            label.push(Span::styled(" › ", t.dim));
        }
        label.push(Span::styled(escape_controls(&role.title).into_owned(), t.title));
        let mut tail = vec![Span::raw("  ")];
        let holders = self.index.holders_at(row.row.role, at);
        if holders.is_empty() {
            tail.push(Span::styled("vacant", t.vacant));
        }
        for (i, h) in holders.iter().enumerate() {
            if i > 0 {
                tail.push(Span::styled(", ", t.dim));
            }
            let name = escape_controls(&ds.person(h.person).name).into_owned();
            if h.coverage == Coverage::Possible {
                tail.push(Span::styled(format!("{name}?"), t.possible));
            } else {
                tail.push(Span::styled(name, t.holder));
            }
            if h.acting {
                tail.push(Span::styled(" (acting)", t.acting));
            }
        }
        if self.state.evidence && !holders.is_empty() {
            let mut sources: Vec<_> = holders.iter().flat_map(|h| ds.tenure(h.tenure).sources.iter()).collect();
            sources.sort();
            sources.dedup();
            tail.push(super::evidence(t, sources.len()));
        }
        for &d in &role.dotted_to {
            if self.state.tree.chart().contains(d) {
                tail.push(Span::styled(format!("  ┄ {}", escape_controls(&ds.role(d).title)), t.dim));
            }
        }
        // Who holds the role matters most: the title gives way first, down
        // to a few columns, before the holders are cut.
        let width_of = |spans: &[Span<'_>]| spans.iter().map(|s| s.width()).sum::<usize>();
        let (head_w, label_w, tail_w) = (width_of(&head), width_of(&label), width_of(&tail));
        if head_w + label_w + tail_w > width {
            let room = width.saturating_sub(head_w + tail_w).max(label_w.min(12));
            let cut = fit(label, room);
            label = cut.spans;
        }
        let mut spans = head;
        spans.extend(label);
        spans.extend(tail);
        if selected {
            let style = if self.focused { t.selected } else { t.selected_unfocused };
            spans = spans.into_iter().map(|s| s.patch_style(style)).collect();
        }
        fit(spans, width)
    }
}

impl Widget for ChartView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let tree = &self.state.tree;
        if tree.rows().is_empty() {
            let date = escape_controls(self.state.as_of.as_str());
            let msg = match tree.pending() {
                // The empty chart is the previous date's; the new one is on its way.
                Some(_) => format!("Building the chart of {date}…"),
                None => format!("No role exists at {date}"),
            };
            buf.set_line(area.x, area.y, &fit(vec![Span::styled(msg, t.dim)], area.width as usize), area.width);
            return;
        }
        let height = area.height as usize;
        for (i, row) in tree.rows().iter().enumerate().skip(tree.offset).take(height) {
            let y = area.y + (i - tree.offset) as u16;
            let line = self.line(row, area.width as usize, i == tree.cursor());
            if i == tree.cursor() {
                let style = if self.focused { t.selected } else { t.selected_unfocused };
                buf.set_style(Rect::new(area.x, y, area.width, 1), style);
            }
            buf.set_line(area.x, y, &line, area.width);
        }
    }
}
