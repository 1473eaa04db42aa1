//! Drawing the explorer. Every function reads the state and never changes
//! it; each draws only the rows on screen.

mod chart;
mod loading;
mod overlay;
mod quotes;
mod tenures;
mod text;
mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{Overlay, Pane, State};
use crate::model::Date;
use crate::model::text::escape_controls;
use crate::query::Index;

pub use chart::ChartView;
pub use loading::{draw_loading, render as render_loading};
pub use overlay::{CardView, HelpView, SearchView};
pub use quotes::QuotesPane;
pub use tenures::TenuresPane;
pub use text::fit;
pub use theme::{STYLE_NAMES, THEME, THEME_NAMES, Theme, parse_style, without_colour};
pub use timeline::TimelinePane;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, state: &State, index: &Index, theme: &Theme) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    draw_into(area, buf, state, index, theme);
    if let (Some(Overlay::Search(b)), false) = (&state.overlay, state.screen.too_small) {
        // The query line is the first inside the box's border and padding.
        let o = state.screen.overlay;
        let x = o.x + 2 + 2 + b.input.visual_cursor() as u16;
        if x < o.right().saturating_sub(2) {
            frame.set_cursor_position((x, o.y + 1));
        }
    }
    if let (Some(Overlay::DateInput(prompt)), false) = (&state.overlay, state.screen.too_small) {
        let input = &prompt.input;
        let prompt = prompt_label(prompt.purpose);
        let x = state.screen.status.x + (prompt.chars().count() + input.visual_cursor()) as u16;
        if x < state.screen.status.right() {
            frame.set_cursor_position((x, state.screen.status.y));
        }
    }
}

/// Draws the whole screen into a buffer (the testable part of [`draw`]).
pub fn draw_into(area: Rect, buf: &mut Buffer, state: &State, index: &Index, theme: &Theme) {
    let t = theme;
    let screen = &state.screen;
    if screen.too_small || area != screen.area {
        let msg = format!("Terminal too small: orgline needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or q to quit.");
        let lines = textwrap::wrap(&msg, (area.width as usize).max(1)).len() as u16;
        let top = area.height.saturating_sub(lines) / 2;
        let rect = Rect { y: area.y + top, height: area.height - top, ..area };
        Paragraph::new(msg).wrap(Wrap { trim: true }).alignment(Alignment::Center).render(rect, buf);
        return;
    }
    header(screen.header, buf, t, state, index);
    if let Some(tabs) = screen.tabs {
        tab_bar(tabs, buf, t, state);
    }
    let highlight = state.highlighted_people(index);
    for pane in Pane::ALL {
        let Some(rect) = screen.pane(pane) else { continue };
        let focused = state.focus == pane;
        let inner = pane_block(rect, buf, t, state, pane, focused);
        match pane {
            Pane::Chart => ChartView { state, index, focused, theme }.render(inner, buf),
            Pane::Timeline => TimelinePane { state, index, focused, highlight: &highlight, theme }.render(inner, buf),
            Pane::Quotes => QuotesPane { state, index, focused, highlight: &highlight, theme }.render(inner, buf),
            Pane::Tenures => TenuresPane { state, index, focused, theme }.render(inner, buf),
        }
    }
    if let Some(b) = &state.banner {
        banner(screen, buf, t, b);
    }
    status_bar(screen.status, buf, t, state);
    match &state.overlay {
        Some(Overlay::Card(card)) => CardView { card, keymap: &state.keymap, theme }.render(screen.overlay, buf),
        Some(Overlay::Help(scroll)) => {
            HelpView { scroll: *scroll, keymap: &state.keymap, theme }.render(screen.overlay, buf)
        }
        Some(Overlay::Search(search)) => {
            SearchView { search, keymap: &state.keymap, theme }.render(screen.overlay, buf)
        }
        _ => {}
    }
}

/// How many sources back a line, when evidence is shown: ` [2]`, or a
/// marked ` [0]` for a claim nobody sourced.
fn evidence(t: &Theme, n: usize) -> Span<'static> {
    if n == 0 { Span::styled(" [0 unsourced]", t.error) } else { Span::styled(format!(" [{n}]"), t.ok) }
}

/// A lasting message about the dataset file, just above the status bar
/// (the tops of the panes, where the answers are, stay visible).
fn banner(screen: &crate::app::Screen, buf: &mut Buffer, t: &Theme, b: &crate::app::Banner) {
    let room = screen.status.y.saturating_sub(screen.header.bottom());
    let height = (b.lines.len() as u16).min(6).min(room / 2);
    let top = screen.status.y - height;
    let style = if b.error { t.banner_error } else { t.as_of };
    for (i, line) in b.lines.iter().take(height as usize).enumerate() {
        let y = top + i as u16;
        let area = Rect::new(screen.area.x, y, screen.area.width, 1);
        buf.set_string(area.x, y, " ".repeat(area.width as usize), style);
        let text = if i + 1 == height as usize && b.lines.len() > height as usize {
            format!(" … and {} more (orgline check shows all)", b.lines.len() - i)
        } else {
            format!(" {line}")
        };
        buf.set_line(area.x, y, &fit(vec![Span::styled(text, style)], area.width as usize), area.width);
    }
}

fn pane_block(rect: Rect, buf: &mut Buffer, t: &Theme, state: &State, pane: Pane, focused: bool) -> Rect {
    let number = match pane {
        Pane::Chart => 1,
        Pane::Timeline => 2,
        Pane::Quotes => 3,
        Pane::Tenures => 4,
    };
    let mut title = vec![Span::styled(format!(" {number} {} ", pane.title()), t.title)];
    // Counts are kept by the views: nothing here walks the dataset.
    let info = match pane {
        Pane::Chart if state.tree.pending().is_some() => format!("{} roles · updating… ", state.tree.chart().len()),
        Pane::Chart => format!("{} roles ", state.tree.chart().len()),
        Pane::Timeline => {
            let link = if state.link_timeline { "linked" } else { "unlinked" };
            format!("{} events · {link} ", state.timeline.event_count())
        }
        Pane::Quotes => {
            let n = state.quotes.quotes().len();
            format!("{}/{n} ", state.quotes.cursor() + usize::from(n > 0))
        }
        Pane::Tenures => format!("{} roles · 1 col = {} ", state.tenures.roles(), state.tenures.zoom().label()),
    };
    let filtered = matches!(pane, Pane::Timeline | Pane::Quotes) && state.filter.is_some();
    title.push(Span::styled(info, t.dim));
    if filtered {
        title.push(Span::styled(" filtered ", t.as_of));
    }
    let block = Block::bordered()
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(if focused { t.focus_border } else { t.border })
        .title(Line::from(title));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

fn header(area: Rect, buf: &mut Buffer, t: &Theme, state: &State, index: &Index) {
    let title = index.dataset().title.as_deref().map_or_else(|| "Untitled dataset".into(), escape_controls);
    let as_of = as_of_label(&state.as_of);
    let badge = format!(" AS OF {as_of} ");
    let badge_width = unicode_width::UnicodeWidthStr::width(badge.as_str()) as u16;
    let y = area.y + area.height / 2;
    if area.height >= 3 {
        // A big date: a box around the badge.
        let boxed = Rect::new(area.right().saturating_sub(badge_width + 2), area.y, badge_width + 2, 3);
        Block::bordered().border_type(BorderType::Thick).border_style(t.as_of).render(boxed, buf);
    }
    let left_width = area.width.saturating_sub(badge_width + 3) as usize;
    let left = fit(
        vec![Span::styled(" orgline ", t.brand), Span::raw(" "), Span::styled(title.into_owned(), t.title)],
        left_width,
    );
    buf.set_line(area.x, y, &left, left_width as u16);
    let x = area.right().saturating_sub(badge_width + u16::from(area.height >= 3));
    buf.set_string(x, y, &badge, t.as_of);
}

/// What the date prompt asks for.
fn prompt_label(purpose: crate::app::DatePurpose) -> &'static str {
    match purpose {
        crate::app::DatePurpose::AsOf => "as of ▸ ",
        crate::app::DatePurpose::Compare => "compare with ▸ ",
    }
}

/// The as-of date as written, escaped.
fn as_of_label(d: &Date) -> String {
    escape_controls(d.as_str()).into_owned()
}

fn tab_bar(area: Rect, buf: &mut Buffer, t: &Theme, state: &State) {
    let mut spans = Vec::new();
    for (i, pane) in Pane::ALL.iter().enumerate() {
        let (style, l, r) = if *pane == state.focus { (t.selected, "[", "]") } else { (t.dim, " ", " ") };
        spans.push(Span::styled(format!("{l}{} {}{r}", i + 1, pane.title()), style));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &fit(spans, area.width as usize), area.width);
}

fn status_bar(area: Rect, buf: &mut Buffer, t: &Theme, state: &State) {
    if let Some(Overlay::DateInput(prompt)) = &state.overlay {
        let input = &prompt.input;
        let verdict = match Date::parse(input.value()) {
            Ok(d) => {
                let show = |s: crate::model::Span| {
                    let end = |x: chrono::NaiveDate, open: bool| if open { "…".to_string() } else { x.to_string() };
                    format!("{} to {}", end(s.earliest, s.is_open_start()), end(s.latest, s.is_open_end()))
                };
                let mut text = format!("   ✓ {}", show(d.span()));
                if d.widened() != d.span() {
                    text.push_str(&format!(" (uncertain: {})", show(d.widened())));
                }
                Span::styled(text, t.ok)
            }
            Err(e) => Span::styled(format!("   ✗ {e}"), t.error),
        };
        let text_style = if prompt.fresh { t.selected_unfocused } else { ratatui::style::Style::new() };
        let spans = vec![
            Span::styled(prompt_label(prompt.purpose), t.key),
            Span::styled(escape_controls(input.value()).into_owned(), text_style),
            verdict,
            Span::styled(
                {
                    use crate::app::{Action, keymap::Context};
                    let key = |a| state.keymap.key_for(&[Context::DateInput], a).unwrap_or_else(|| "—".into());
                    format!("   {} go · {} cancel", key(Action::Open), key(Action::Close))
                },
                t.dim,
            ),
        ];
        buf.set_line(area.x, area.y, &fit(spans, area.width as usize), area.width);
        return;
    }
    let place = match &state.overlay {
        Some(Overlay::Help(_)) => "Help",
        Some(Overlay::Card(_)) => "Card",
        Some(Overlay::Search(_)) => "Search",
        _ => state.focus.title(),
    };
    let mut spans = vec![Span::styled(format!(" {place} "), t.brand), Span::raw(" ")];
    if let Some(f) = &state.filter {
        spans.push(Span::styled(format!("filter: {} (F clears) ", f.label), t.as_of));
        spans.push(Span::raw(" "));
    }
    if state.reloading {
        spans.push(Span::styled("reloading… ", t.highlight));
        spans.push(Span::raw(" "));
    }
    if let Some(m) = &state.message {
        spans.push(Span::styled(format!("{m} "), t.highlight));
        spans.push(Span::raw(" "));
    }
    // Hints are added while they fit whole.
    let mut used: usize = spans.iter().map(|s| s.width()).sum();
    for (key, desc) in state.keymap.hints(&state.contexts()) {
        let hint = [Span::styled(key, t.key), Span::styled(format!(" {desc}  "), t.dim)];
        let w = hint[0].width() + hint[1].width();
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.extend(hint);
    }
    buf.set_line(area.x, area.y, &fit(spans, area.width as usize), area.width);
}
