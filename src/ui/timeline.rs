//! The timeline pane: year headers, events, and the "now" marker at the
//! as-of date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::app::{State, TimelineRow, TimelineView};
use crate::model::PersonIx;
use crate::model::text::escape_controls;
use crate::query::Index;

use super::text::{fit, pad};
use super::theme::Theme;

/// The lines of the timeline that fit in the area.
pub struct TimelinePane<'a> {
    /// The explorer state.
    pub state: &'a State,
    /// The dataset.
    pub index: &'a Index,
    /// Whether the pane has focus.
    pub focused: bool,
    /// People whose events stand out.
    pub highlight: &'a [PersonIx],
    /// The styles.
    pub theme: &'a Theme,
}

impl Widget for TimelinePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let tl = &self.state.timeline;
        let ds = self.index.dataset();
        let as_of = self.state.as_of.span();
        if tl.rows().is_empty() {
            let msg = if self.state.filter.is_some() { "No event for this filter" } else { "No event" };
            buf.set_line(area.x, area.y, &fit(vec![Span::styled(msg, t.dim)], area.width as usize), area.width);
            return;
        }
        let now = tl.now_row(self.index, as_of);
        let width = area.width as usize;
        // One date column for the whole timeline, at most a third of the pane.
        let date_width = tl.date_width.min(width / 3).max(4);
        let mut y = area.y;
        let mut line_no = tl.offset;
        while (y - area.y) < area.height {
            // Line `now` is the marker; rows after it shift down by one.
            let (row_ix, is_marker) =
                if line_no == now { (now, true) } else { (if line_no > now { line_no - 1 } else { line_no }, false) };
            if is_marker {
                let label = format!("▶ now: {} ", escape_controls(self.state.as_of.as_str()));
                let rule = "─".repeat(width.saturating_sub(label.width()));
                buf.set_line(area.x, y, &fit(vec![Span::styled(label + &rule, t.now)], width), area.width);
            } else {
                let Some(row) = tl.rows().get(row_ix) else { break };
                let selected = row_ix == tl.cursor();
                let line = match row {
                    TimelineRow::Year(y) => {
                        let label = y.map_or("Earlier".to_string(), |y| y.to_string());
                        fit(vec![Span::styled(label, t.year)], width)
                    }
                    TimelineRow::Event(e) => {
                        let ev = ds.event(*e);
                        let past = TimelineView::is_past(self.index, *e, as_of);
                        let lit = ev.people.iter().any(|p| self.highlight.contains(p));
                        let base = if !past { t.future } else { Style::new() };
                        let mut spans = vec![
                            Span::styled(if lit { "● " } else { "  " }, t.highlight),
                            Span::styled(pad(&escape_controls(ev.date.as_str()), date_width), base.patch(t.dim)),
                            Span::raw(" "),
                        ];
                        let title_style = if lit { t.highlight.patch(base) } else { base };
                        let title = escape_controls(&ev.title).into_owned();
                        // The kind is shown whole when it fits after the title, else left out.
                        let mut used = 2 + date_width + 1 + title.width();
                        if self.state.evidence {
                            let e = super::evidence(t, ev.sources.len());
                            used += e.width() + 1;
                            spans.push(e);
                            spans.push(Span::raw(" "));
                        }
                        spans.push(Span::styled(title, title_style));
                        if let Some(k) = &ev.kind {
                            let kind = format!("  {}", escape_controls(k));
                            if used + kind.width() <= width {
                                spans.push(Span::styled(kind, t.dim));
                            }
                        }
                        if selected {
                            let style = if self.focused { t.selected } else { t.selected_unfocused };
                            spans = spans.into_iter().map(|s| s.patch_style(style)).collect();
                            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
                        }
                        fit(spans, width)
                    }
                };
                buf.set_line(area.x, y, &line, area.width);
            }
            y += 1;
            line_no += 1;
            if line_no > tl.rows().len() {
                break;
            }
        }
    }
}
