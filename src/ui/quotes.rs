//! The quotes pane: quote blocks from the top one down, the selected one
//! marked, long ones scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::app::State;
use crate::app::quotes::{QuoteLineKind, quote_block, wrap_width};
use crate::model::PersonIx;
use crate::query::Index;

use super::text::fit;
use super::theme::Theme;

/// The quote blocks that fit in the area.
pub struct QuotesPane<'a> {
    /// The explorer state.
    pub state: &'a State,
    /// The dataset.
    pub index: &'a Index,
    /// Whether the pane has focus.
    pub focused: bool,
    /// Speakers whose quotes stand out.
    pub highlight: &'a [PersonIx],
    /// The styles.
    pub theme: &'a Theme,
}

impl Widget for QuotesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let qv = &self.state.quotes;
        if qv.quotes().is_empty() {
            let msg = if self.state.filter.is_some() { "No quote for this filter" } else { "No quote" };
            buf.set_line(area.x, area.y, &fit(vec![Span::styled(msg, t.dim)], area.width as usize), area.width);
            return;
        }
        let width = wrap_width(area.width as usize);
        let mut y = area.y;
        let mut cut = false;
        for (k, &q) in qv.quotes().iter().enumerate().skip(qv.top) {
            if y >= area.bottom() {
                break;
            }
            let selected = k == qv.cursor();
            let lit = self.highlight.contains(&self.index.dataset().quote(q).speaker);
            let skip = if k == qv.top { qv.skip } else { 0 };
            for line in quote_block(self.index, q, width).into_iter().skip(skip) {
                if y >= area.bottom() {
                    cut |= selected;
                    break;
                }
                let style = match line.kind {
                    QuoteLineKind::Head if lit => t.highlight,
                    QuoteLineKind::Head => t.title,
                    QuoteLineKind::Text => t.quote,
                    QuoteLineKind::Translation => t.translation,
                    QuoteLineKind::Source | QuoteLineKind::Context => t.dim,
                    QuoteLineKind::Blank => Style::new(),
                };
                if selected && line.kind != QuoteLineKind::Blank {
                    let bar = if self.focused { t.focus_border } else { t.dim };
                    buf.set_string(area.x, y, "▌", bar);
                }
                let mut spans = vec![Span::styled(line.text, style)];
                // A quote names exactly one source (it may be known `via` another).
                if self.state.evidence && line.kind == QuoteLineKind::Head {
                    spans.push(super::evidence(t, 1));
                }
                buf.set_line(area.x + 1, y, &fit(spans, width), width as u16);
                y += 1;
            }
        }
        // The selected quote goes on below the pane: say so.
        if cut && area.height > 0 {
            let label = " ↓ more: PgDn ";
            let x = area.right().saturating_sub(label.chars().count() as u16);
            buf.set_string(x, area.bottom() - 1, label, t.now);
        }
    }
}
