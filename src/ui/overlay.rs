//! The overlays: a detail card and the help, drawn over the panes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use crate::app::card::{Card, CardLineKind, Target};
use crate::app::keymap::{HelpLine, help_lines};

use super::text::{fit, pad};
use super::theme::THEME;

fn frame(area: Rect, buf: &mut Buffer, title: &str, footer: &str) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(THEME.focus_border)
        .title(Line::from(Span::styled(format!(" {title} "), THEME.title)))
        .title_bottom(Line::from(Span::styled(format!(" {footer} "), THEME.dim)).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    // A column of padding on each side.
    Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner }
}

/// A detail card.
pub struct CardView<'a> {
    /// The card.
    pub card: &'a Card,
}

impl Widget for CardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let kind = match self.card.target {
            Target::Role(_) => "Role",
            Target::Person(_) => "Person",
            Target::Org(_) => "Org",
            Target::Event(_) => "Event",
            Target::Quote(_) => "Quote",
            Target::Source(_) => "Source",
            Target::Changes => "Changes",
        };
        let inner = frame(area, buf, kind, "↑↓ links · Enter follow · Backspace back · Esc close");
        let width = inner.width as usize;
        for (i, line) in self.card.lines.iter().enumerate().skip(self.card.offset).take(inner.height as usize) {
            let y = inner.y + (i - self.card.offset) as u16;
            let style = match line.kind {
                CardLineKind::Title => THEME.heading,
                CardLineKind::Heading => THEME.year,
                CardLineKind::Text => THEME.quote,
                CardLineKind::Dim => THEME.dim,
                CardLineKind::Link => THEME.link,
            };
            let prefix = if line.link.is_some() { "› " } else { "" };
            let mut spans = vec![Span::styled(format!("{prefix}{}", line.text), style)];
            if i == self.card.cursor && line.link.is_some() {
                spans = spans.into_iter().map(|s| s.patch_style(THEME.selected)).collect();
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), THEME.selected);
            }
            buf.set_line(inner.x, y, &fit(spans, width), inner.width);
        }
    }
}

/// The help overlay: every key, from the keymap.
pub struct HelpView {
    /// Lines scrolled past.
    pub scroll: usize,
}

impl HelpView {
    /// Every line of the help, keys in one column across all sections.
    pub fn lines() -> Vec<Line<'static>> {
        let rows = help_lines();
        let key_width = rows
            .iter()
            .filter_map(|l| match l {
                HelpLine::Row(k, _) => Some(unicode_width::UnicodeWidthStr::width(k.as_str())),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        rows.into_iter()
            .map(|l| match l {
                HelpLine::Intro(t) => Line::from(Span::styled(t, THEME.dim)),
                HelpLine::Heading(t) => Line::from(Span::styled(t, THEME.heading)),
                HelpLine::Row(keys, desc) => Line::from(vec![
                    Span::raw("  "),
                    Span::styled(pad(&keys, key_width), THEME.key),
                    Span::raw("  "),
                    Span::raw(desc),
                ]),
                HelpLine::Blank => Line::default(),
            })
            .collect()
    }
}

impl Widget for HelpView {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = HelpView::lines();
        let height = area.height.saturating_sub(2) as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(height));
        let more = if scroll + height < lines.len() { "↓ more · " } else { "" };
        let inner = frame(area, buf, "Help — every key", &format!("{more}↑↓ PgUp PgDn scroll · Esc close"));
        for (i, line) in lines.into_iter().skip(scroll).take(inner.height as usize).enumerate() {
            buf.set_line(inner.x, inner.y + i as u16, &fit(line.spans, inner.width as usize), inner.width);
        }
    }
}

/// The search box: the query, then the results grouped by kind, matched
/// characters highlighted.
pub struct SearchView<'a> {
    /// The box.
    pub search: &'a crate::app::SearchBox,
}

impl Widget for SearchView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        use crate::app::search::ResultLine;
        let b = self.search;
        let total = b.results.total();
        let footer = if b.waiting {
            "searching… · Esc close".to_string()
        } else if b.input.value().trim().is_empty() {
            "type to search · Esc close".to_string()
        } else {
            format!("{total} found · ↑↓ select · Enter go · Esc close")
        };
        let inner = frame(area, buf, "Search", &footer);
        if inner.height == 0 {
            return;
        }
        let width = inner.width as usize;
        let query = crate::model::text::escape_controls(b.input.value()).into_owned();
        buf.set_line(
            inner.x,
            inner.y,
            &fit(vec![Span::styled("/ ", THEME.key), Span::styled(query, THEME.title)], width),
            inner.width,
        );
        if b.results.groups.is_empty() && !b.input.value().trim().is_empty() && inner.height > 2 {
            buf.set_string(inner.x, inner.y + 2, "No match", THEME.dim);
        }
        let lines = b.lines();
        for (k, line) in lines.iter().enumerate().skip(b.offset).take(inner.height.saturating_sub(2) as usize) {
            let y = inner.y + 2 + (k - b.offset) as u16;
            let spans = match line {
                ResultLine::Heading(title, shown, all) => {
                    let more = if all > shown { format!(" ({shown} of {all})") } else { format!(" ({all})") };
                    vec![Span::styled(title.to_string(), THEME.year), Span::styled(more, THEME.dim)]
                }
                ResultLine::Hit(hit, n) => {
                    let mut spans = vec![Span::raw("  ")];
                    match &hit.matched {
                        Some(m) => {
                            spans.push(Span::styled(hit.label.clone(), THEME.quote));
                            spans.push(Span::styled("  ", THEME.dim));
                            spans.extend(highlighted(m, &hit.highlight, THEME.dim));
                        }
                        None => spans.extend(highlighted(&hit.label, &hit.highlight, THEME.quote)),
                    }
                    if *n == b.cursor {
                        buf.set_style(Rect::new(inner.x, y, inner.width, 1), THEME.selected);
                        spans = spans.into_iter().map(|s| s.patch_style(THEME.selected)).collect();
                    }
                    spans
                }
            };
            buf.set_line(inner.x, y, &fit(spans, width), inner.width);
        }
    }
}

/// `text` split into spans, the byte ranges in `marks` highlighted. Ranges
/// that are out of bounds or off a character boundary are ignored.
fn highlighted(text: &str, marks: &[std::ops::Range<usize>], base: ratatui::style::Style) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in marks {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        if r.start > at {
            out.push(Span::styled(text[at..r.start].to_string(), base));
        }
        out.push(Span::styled(text[r.clone()].to_string(), base.patch(THEME.highlight).underlined()));
        at = r.end;
    }
    if at < text.len() {
        out.push(Span::styled(text[at..].to_string(), base));
    }
    out
}
