//! The tenure chart: a time axis with event ticks, then one row per role
//! with a bar per tenure, and a line saying who holds the selected role at
//! the as-of date. Only the rows and columns on screen are computed.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::app::State;
use crate::app::tenures::{TenureChart, TenureRow, Zoom, possible_span};
use crate::model::Date;
use crate::model::date::{Coverage, Span as DateSpan};
use crate::model::text::escape_controls;
use crate::model::validate::certain_days;
use crate::query::Index;

use super::text::fit;
use super::theme::Theme;

/// The tenure chart in its pane.
pub struct TenuresPane<'a> {
    /// The explorer state.
    pub state: &'a State,
    /// The dataset.
    pub index: &'a Index,
    /// Whether the pane has focus.
    pub focused: bool,
    /// The styles.
    pub theme: &'a Theme,
}

/// What one cell of a row shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// The role does not exist then.
    None,
    /// The role exists and nobody holds it.
    Vacant,
    /// Someone certainly holds it: the tenure's number in the row.
    Held(usize),
    /// Someone may hold it (an uncertain start or end).
    Maybe(usize),
}

impl Widget for TenuresPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let chart = &self.state.tenures;
        let (label_w, axis_w) = TenureChart::split(area.width as usize);
        if area.height == 0 || area.width == 0 {
            return;
        }
        let zoom = chart.zoom();
        let as_of = self.state.as_of.span();
        let now = (zoom.column(as_of.earliest), zoom.column(as_of.latest));
        let axis_x = area.x + (label_w + 1) as u16;
        self.axis(buf, Rect::new(area.x, area.y, area.width, area.height.min(2)), label_w, axis_w, now);
        if chart.rows().is_empty() {
            if area.height > 2 {
                buf.set_string(area.x, area.y + 2, "No role in this dataset", t.dim);
            }
            return;
        }
        let rows_h = (area.height as usize).saturating_sub(crate::app::tenures::CHROME);
        for (i, row) in chart.rows().iter().enumerate().skip(chart.offset).take(rows_h) {
            let y = area.y + 2 + (i - chart.offset) as u16;
            let selected = i == chart.cursor();
            self.label(buf, Rect::new(area.x, y, label_w as u16, 1), row, selected);
            self.bars(buf, axis_x, y, axis_w, row, now);
        }
        if area.height > 2 {
            self.detail(buf, Rect::new(area.x, area.bottom() - 1, area.width, 1));
        }
    }
}

impl TenuresPane<'_> {
    fn ds(&self) -> &crate::model::Dataset {
        self.index.dataset()
    }

    /// Two lines: time labels, then a rule with a tick per event and the
    /// as-of marker; beside them, the zoom and the as-of date.
    fn axis(&self, buf: &mut Buffer, area: Rect, label_w: usize, axis_w: usize, now: (i64, i64)) {
        let t = self.theme;
        let chart = &self.state.tenures;
        let zoom = chart.zoom();
        let axis_x = area.x + (label_w + 1) as u16;
        let mut labels: Vec<(char, Style)> = vec![(' ', t.dim); axis_w];
        let mut rule: Vec<(char, Style)> = vec![('─', t.dim); axis_w];
        // Period labels where a period begins, when they fit.
        let mut next_free = 0usize;
        for c in 0..axis_w {
            let col = chart.left + c as i64;
            let Some(start) = zoom.start(col) else { continue };
            let Some(text) = period_label(zoom, col, start) else { continue };
            if c < next_free || c + text.len() > axis_w {
                continue;
            }
            for (k, ch) in text.chars().enumerate() {
                labels[c + k] = (ch, t.year);
            }
            rule[c] = ('┴', t.dim);
            next_free = c + text.len() + 1;
        }
        // Event ticks: found when the view moved, else (a state never
        // scrolled) here.
        let found;
        let ticks = match chart.ticks(axis_w) {
            Some(t) => t,
            None => {
                found = TenureChart::event_ticks(self.index, zoom, chart.left, axis_w);
                &found
            }
        };
        for (cell, _) in rule.iter_mut().zip(ticks).filter(|(_, tick)| **tick) {
            *cell = ('┼', t.highlight);
        }
        for (c, cell) in rule.iter_mut().enumerate() {
            let col = chart.left + c as i64;
            if (now.0..=now.1).contains(&col) {
                *cell = (if col == now.0 { '▼' } else { '▾' }, t.now);
            }
        }
        let zoom_label = format!("1 col = {}", zoom.label());
        let as_of = format!("as of {}", escape_controls(self.state.as_of.as_str()));
        let heads = [Span::styled(zoom_label, t.dim), Span::styled(as_of, t.now)];
        for (i, (head, cells)) in heads.into_iter().zip([labels, rule]).enumerate() {
            if i as u16 >= area.height {
                break;
            }
            let y = area.y + i as u16;
            buf.set_line(area.x, y, &fit(vec![head], label_w), label_w as u16);
            for (c, (ch, style)) in cells.into_iter().enumerate() {
                buf[(axis_x + c as u16, y)].set_char(ch).set_style(style);
            }
        }
    }

    /// The role's title, indented by its depth, with its org.
    fn label(&self, buf: &mut Buffer, area: Rect, row: &TenureRow, selected: bool) {
        let t = self.theme;
        let ds = self.ds();
        let role = ds.role(row.role);
        let indent = " ".repeat((row.depth as usize).min(8));
        // A role's other lanes: its co-holders' rows, under the first.
        let spans = if row.lane > 0 {
            vec![Span::raw(indent), Span::styled(format!("  ″ {}", escape_controls(&role.title)), t.dim)]
        } else {
            vec![
                Span::raw(indent),
                Span::styled(escape_controls(&role.title).into_owned(), t.title),
                Span::styled(format!(" · {}", escape_controls(&ds.org(role.org).name)), t.dim),
            ]
        };
        let mut line = fit(spans, area.width as usize);
        if selected {
            let style = if self.focused { t.selected } else { t.selected_unfocused };
            buf.set_style(area, style);
            line = line.patch_style(style);
        }
        buf.set_line(area.x, area.y, &line, area.width);
    }

    /// The row's cells: where the role exists, where each tenure is certain
    /// or only possible, then names written on their bars.
    fn bars(&self, buf: &mut Buffer, x: u16, y: u16, width: usize, row: &TenureRow, now: (i64, i64)) {
        let role = row.role;
        let t = self.theme;
        let ds = self.ds();
        let chart = &self.state.tenures;
        let zoom = chart.zoom();
        let col_of = |d: NaiveDate| zoom.column(d) - chart.left;
        let r = ds.role(role);
        let mut cells = vec![Cell::None; width];
        // Where the role (possibly) exists.
        let exists = possible_span(r.start.as_ref(), r.end.as_ref());
        fill(&mut cells, col_of(exists.0), col_of(exists.1), |_| Cell::Vacant);
        let tenures = self.index.tenures_of_role(role);
        for (k, &t) in tenures.iter().enumerate() {
            if chart.lane(role, k) != row.lane {
                continue;
            }
            let ten = ds.tenure(t);
            let start = ten.start.as_ref().map_or(DateSpan::ALL, Date::widened);
            let (first, last) = possible_span(ten.start.as_ref(), ten.end.as_ref());
            // Possible from the earliest start to the latest end…
            fill(&mut cells, col_of(first), col_of(last), |c| match c {
                Cell::Held(_) => c,
                _ => Cell::Maybe(k),
            });
            // …certain from the latest start to the earliest end, when
            // whole columns are covered for sure.
            if let Some(certain) = certain_days(ten.start.as_ref(), ten.end.as_ref()) {
                let (a, b) = (col_of(certain.earliest), col_of(certain.latest));
                let exact_start = ten.start.as_ref().is_none_or(single_day);
                let exact_end = ten.end.as_ref().is_none_or(single_day);
                // A column an uncertain start or end falls in stays shaded.
                let a = if exact_start || start.earliest == start.latest { a } else { a + 1 };
                let b = if exact_end { b } else { b - 1 };
                fill(&mut cells, a, b, |_| Cell::Held(k));
            }
        }
        // Successive tenures of a row in alternating bar styles, so a
        // succession shows as a change of colour even where names do not fit.
        let bar = |k: usize| if ds.tenure(tenures[k]).acting { t.acting_bar } else { t.bars[k % t.bars.len()] };
        // An uncertain stretch: light shade in the bar's colour.
        let shade = |k: usize| match bar(k).bg {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        };
        // Names on their runs of cells, from the first visible cell of the run.
        let mut names: Vec<(usize, usize, usize, String)> = Vec::new();
        let mut c = 0;
        while c < width {
            let k = match cells[c] {
                Cell::Held(k) | Cell::Maybe(k) => k,
                _ => {
                    c += 1;
                    continue;
                }
            };
            let run_end =
                (c..width).find(|&j| !matches!(cells[j], Cell::Held(x) | Cell::Maybe(x) if x == k)).unwrap_or(width);
            let ten = ds.tenure(tenures[k]);
            let mut name = escape_controls(&ds.person(ten.person).name).into_owned();
            if ten.acting {
                name = format!("acting {name}");
            }
            names.push((c, run_end, k, name));
            c = run_end;
        }
        // One symbol a cell, borrowed: no string is made per cell.
        let mut line: Vec<(&str, Style)> = cells
            .iter()
            .map(|c| match *c {
                Cell::None => (" ", Style::new()),
                Cell::Vacant => ("·", t.dim),
                // A full block in the bar's colour: solid even without colours.
                Cell::Held(k) => ("█", bar(k).fg(bar(k).bg.unwrap_or(Color::Reset))),
                Cell::Maybe(k) => ("░", shade(k)),
            })
            .collect();
        for (start, run_end, k, name) in &names {
            let mut at = *start;
            for g in name.graphemes(true) {
                let w = g.width();
                if w == 0 || at + w > *run_end {
                    break;
                }
                let style = match cells[at] {
                    Cell::Held(_) => bar(*k).add_modifier(Modifier::BOLD),
                    _ => shade(*k).add_modifier(Modifier::BOLD),
                };
                line[at] = (g, style);
                for j in 1..w {
                    line[at + j] = ("", style);
                }
                at += w;
            }
        }
        // The as-of date: a line through the row.
        for (c, cell) in line.iter_mut().enumerate() {
            let col = chart.left + c as i64;
            if col < now.0 || col > now.1 {
                continue;
            }
            if matches!(cells[c], Cell::None | Cell::Vacant) {
                *cell = ("│", t.now);
            } else {
                cell.1 = cell.1.add_modifier(Modifier::REVERSED);
            }
        }
        // Straight into the cells, as `set_string` would put them: the
        // cells a wide character covers are reset.
        for (cx, (text, style)) in (x..).zip(line) {
            if text.is_empty() {
                continue;
            }
            buf[(cx, y)].set_symbol(text).set_style(style);
            for j in 1..text.width() as u16 {
                buf[(cx + j, y)].reset();
            }
        }
    }

    /// The selected role at the as-of date: who holds it, and how sure.
    fn detail(&self, buf: &mut Buffer, area: Rect) {
        let t = self.theme;
        let Some(r) = self.state.tenures.selected() else { return };
        let ds = self.ds();
        let at = self.state.as_of.span();
        let mut spans = vec![
            Span::styled(escape_controls(&ds.role(r).title).into_owned(), t.title),
            Span::styled(format!(" · {}", escape_controls(&ds.org(ds.role(r).org).name)), t.dim),
            Span::styled(format!(" at {}: ", escape_controls(self.state.as_of.as_str())), t.dim),
        ];
        let holders = self.index.holders_at(r, at);
        if holders.is_empty() {
            spans.push(Span::styled("vacant", t.vacant));
        }
        for (i, h) in holders.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(", ", t.dim));
            }
            let name = escape_controls(&ds.person(h.person).name).into_owned();
            let ten = ds.tenure(h.tenure);
            let when = match (&ten.start, &ten.end) {
                (Some(s), Some(e)) => format!(" ({} – {})", escape_controls(s.as_str()), escape_controls(e.as_str())),
                (Some(s), None) => format!(" (from {})", escape_controls(s.as_str())),
                (None, Some(e)) => format!(" (until {})", escape_controls(e.as_str())),
                (None, None) => String::new(),
            };
            if h.coverage == Coverage::Possible {
                spans.push(Span::styled(format!("{name}? (possibly)"), t.possible));
            } else {
                spans.push(Span::styled(name, t.holder));
            }
            if h.acting {
                spans.push(Span::styled(" (acting)", t.acting));
            }
            spans.push(Span::styled(when, t.dim));
        }
        buf.set_line(area.x, area.y, &fit(spans, area.width as usize), area.width);
    }
}

/// Whether a date names one day, unqualified.
fn single_day(d: &Date) -> bool {
    let (s, w) = (d.span(), d.widened());
    s.earliest == s.latest && s == w
}

/// Sets the cells from column `a` to `b` (inclusive, clipped) with `f`.
fn fill(cells: &mut [Cell], a: i64, b: i64, f: impl Fn(Cell) -> Cell) {
    let n = cells.len() as i64;
    if b < 0 || a >= n || a > b {
        return;
    }
    for c in a.max(0)..=b.min(n - 1) {
        cells[c as usize] = f(cells[c as usize]);
    }
}

/// The label over column `col`, if a period begins there: the year at
/// month and year zooms (every few years when columns are wide), the month
/// at day zooms.
fn period_label(zoom: Zoom, col: i64, start: NaiveDate) -> Option<String> {
    use chrono::Datelike;
    match zoom {
        Zoom::Days(n) => {
            let prev = zoom.start(col - 1)?;
            (prev.month() != start.month() || n >= 7 && prev.year() != start.year())
                .then(|| start.format("%Y-%m").to_string())
        }
        Zoom::Months(n) => {
            let prev = zoom.start(col - 1)?;
            if prev.year() == start.year() {
                return None;
            }
            // Wide columns: label round years only.
            let every = match n {
                ..=6 => 1,
                12 => 5,
                24 => 10,
                _ => 50,
            };
            (start.year().rem_euclid(every) == 0).then(|| start.format("%Y").to_string())
        }
    }
}
