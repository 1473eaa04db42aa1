//! The loading screen: what is being opened, a progress bar, the time spent,
//! and how to cancel — drawn before the file is even read.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Gauge, Paragraph, Widget};

use crate::app::loading::Loading;
use crate::model::text::escape_controls;

use super::text::fit;
use super::theme::Theme;

/// Draws the loading screen.
pub fn draw_loading(frame: &mut Frame<'_>, loading: &Loading, theme: &Theme) {
    let area = frame.area();
    render(area, frame.buffer_mut(), loading, theme);
}

/// Draws the loading screen into a buffer (the testable part).
pub fn render(area: Rect, buf: &mut ratatui::buffer::Buffer, loading: &Loading, t: &Theme) {
    if area.width < 10 || area.height < 3 {
        let line = fit(vec![Span::raw(format!("loading… {} to cancel", loading.quit_key))], area.width as usize);
        buf.set_line(area.x, area.y, &line, area.width);
        return;
    }
    let width = area.width.min(70);
    let height = 7.min(area.height);
    let rect = Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(Line::from(vec![Span::styled(" orgline ", t.brand)]))
        .title_bottom(Line::from(Span::styled(format!(" {} cancel ", loading.quit_key), t.dim)).right_aligned());
    let inner = block.inner(rect);
    block.render(rect, buf);
    let inner = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
    let name = escape_controls(&loading.name).into_owned();
    let mut y = inner.y;
    let line = fit(vec![Span::styled("Opening ", t.dim), Span::styled(name, t.title)], inner.width as usize);
    buf.set_line(inner.x, y, &line, inner.width);
    y += 1;
    if y + 1 < inner.bottom() {
        y += 1;
        Gauge::default()
            .gauge_style(t.focus_border)
            .ratio(loading.ratio())
            .label(Span::styled(loading.label(), t.title))
            .render(Rect::new(inner.x, y, inner.width, 1), buf);
        y += 1;
    }
    if y < inner.bottom() {
        let secs = loading.elapsed().as_secs_f64();
        Paragraph::new(Span::styled(format!("{secs:.1} s"), t.dim))
            .alignment(Alignment::Right)
            .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}
