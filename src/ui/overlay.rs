//! The overlays: a detail card and the help, drawn over the panes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use crate::app::Action;
use crate::app::card::{Card, CardLineKind, Target};
use crate::app::keymap::{Context, HelpLine, Keymap};

use super::text::{fit, pad};
use super::theme::Theme;

fn frame(area: Rect, buf: &mut Buffer, t: &Theme, title: &str, footer: &str) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.focus_border)
        .title(Line::from(Span::styled(format!(" {title} "), t.title)))
        .title_bottom(Line::from(Span::styled(format!(" {footer} "), t.dim)).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    // A column of padding on each side.
    Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner }
}

/// A detail card.
pub struct CardView<'a> {
    /// The card.
    pub card: &'a Card,
    /// The keys, for the footer.
    pub keymap: &'a Keymap,
    /// The styles.
    pub theme: &'a Theme,
}

impl Widget for CardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let kind = match self.card.target {
            Target::Role(_) => "Role",
            Target::Person(_) => "Person",
            Target::Org(_) => "Org",
            Target::Event(_) => "Event",
            Target::Quote(_) => "Quote",
            Target::Source(_) => "Source",
            Target::Changes => "Changes",
        };
        let km = self.keymap;
        let ctx = [Context::Card, Context::Global];
        let key = |a: Action| km.key_for(&ctx, a).unwrap_or_else(|| "—".into());
        let footer = format!(
            "{}{} links · {} follow · {} back · {} close",
            key(Action::Up),
            key(Action::Down),
            key(Action::Open),
            key(Action::Back),
            key(Action::Close)
        );
        let inner = frame(area, buf, t, kind, &footer);
        let width = inner.width as usize;
        for (i, line) in self.card.lines.iter().enumerate().skip(self.card.offset).take(inner.height as usize) {
            let y = inner.y + (i - self.card.offset) as u16;
            let style = match line.kind {
                CardLineKind::Title => t.heading,
                CardLineKind::Heading => t.year,
                CardLineKind::Text => t.quote,
                CardLineKind::Dim => t.dim,
                CardLineKind::Link => t.link,
            };
            let prefix = if line.link.is_some() { "› " } else { "" };
            let mut spans = vec![Span::styled(format!("{prefix}{}", line.text), style)];
            if i == self.card.cursor && line.link.is_some() {
                spans = spans.into_iter().map(|s| s.patch_style(t.selected)).collect();
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected);
            }
            buf.set_line(inner.x, y, &fit(spans, width), inner.width);
        }
    }
}

/// The help overlay: every key, from the keymap.
pub struct HelpView<'a> {
    /// Lines scrolled past.
    pub scroll: usize,
    /// The keys to list.
    pub keymap: &'a Keymap,
    /// The styles.
    pub theme: &'a Theme,
}

impl HelpView<'_> {
    /// Every line of the help, keys in one column across all sections.
    pub fn lines(&self) -> Vec<Line<'static>> {
        let t = self.theme;
        let rows = self.keymap.help_lines();
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
                HelpLine::Intro(s) => Line::from(Span::styled(s, t.dim)),
                HelpLine::Heading(s) => Line::from(Span::styled(s, t.heading)),
                HelpLine::Row(keys, desc) => Line::from(vec![
                    Span::raw("  "),
                    Span::styled(pad(&keys, key_width), t.key),
                    Span::raw("  "),
                    Span::raw(desc),
                ]),
                HelpLine::Blank => Line::default(),
            })
            .collect()
    }
}

impl Widget for HelpView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = self.lines();
        let height = area.height.saturating_sub(2) as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(height));
        let more = if scroll + height < lines.len() { "↓ more · " } else { "" };
        let km = self.keymap;
        let key = |a: Action| km.key_for(&[Context::Help, Context::Global], a).unwrap_or_else(|| "—".into());
        let footer = format!(
            "{more}{}{} {} {} scroll · {} close",
            key(Action::Up),
            key(Action::Down),
            key(Action::PageUp),
            key(Action::PageDown),
            key(Action::Close)
        );
        let inner = frame(area, buf, self.theme, "Help — every key", &footer);
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
    /// The keys, for the footer.
    pub keymap: &'a Keymap,
    /// The styles.
    pub theme: &'a Theme,
}

impl Widget for SearchView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        use crate::app::search::ResultLine;
        let b = self.search;
        let total = b.results.total();
        let km = self.keymap;
        let key = |a: Action| km.key_for(&[Context::Search], a).unwrap_or_else(|| "—".into());
        let close = format!("{} close", key(Action::Close));
        let footer = if b.waiting && b.results.partial {
            format!("searching… first matches so far · {close}")
        } else if b.waiting {
            format!("searching… · {close}")
        } else if b.input.value().trim().is_empty() {
            format!("type to search · {close}")
        } else {
            format!(
                "{total} found · {}{} select · {} go · {close}",
                key(Action::Up),
                key(Action::Down),
                key(Action::Open)
            )
        };
        let inner = frame(area, buf, t, "Search", &footer);
        if inner.height == 0 {
            return;
        }
        let width = inner.width as usize;
        let query = crate::model::text::escape_controls(b.input.value()).into_owned();
        buf.set_line(
            inner.x,
            inner.y,
            &fit(vec![Span::styled("/ ", t.key), Span::styled(query, t.title)], width),
            inner.width,
        );
        if b.results.groups.is_empty() && !b.waiting && !b.input.value().trim().is_empty() && inner.height > 2 {
            buf.set_string(inner.x, inner.y + 2, "No match", t.dim);
        }
        let lines = b.lines();
        for (k, line) in lines.iter().enumerate().skip(b.offset).take(inner.height.saturating_sub(2) as usize) {
            let y = inner.y + 2 + (k - b.offset) as u16;
            let spans = match line {
                ResultLine::Heading(title, shown, all) => {
                    let more = if b.results.partial {
                        " (…)".to_string()
                    } else if all > shown {
                        format!(" ({shown} of {all})")
                    } else {
                        format!(" ({all})")
                    };
                    vec![Span::styled(title.to_string(), t.year), Span::styled(more, t.dim)]
                }
                ResultLine::Hit(hit, n) => {
                    let mut spans = vec![Span::raw("  ")];
                    match &hit.matched {
                        Some(m) => {
                            spans.push(Span::styled(hit.label.clone(), t.quote));
                            spans.push(Span::styled("  ", t.dim));
                            spans.extend(highlighted(m, &hit.highlight, t.dim, t.highlight));
                        }
                        None => spans.extend(highlighted(&hit.label, &hit.highlight, t.quote, t.highlight)),
                    }
                    if *n == b.cursor {
                        buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected);
                        spans = spans.into_iter().map(|s| s.patch_style(t.selected)).collect();
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
fn highlighted(
    text: &str,
    marks: &[std::ops::Range<usize>],
    base: ratatui::style::Style,
    highlight: ratatui::style::Style,
) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in marks {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        if r.start > at {
            out.push(Span::styled(text[at..r.start].to_string(), base));
        }
        out.push(Span::styled(text[r.clone()].to_string(), base.patch(highlight).underlined()));
        at = r.end;
    }
    if at < text.len() {
        out.push(Span::styled(text[at..].to_string(), base));
    }
    out
}
