//! Where everything goes on a screen of a given size. Pure: the app uses it
//! for scrolling and paging, the ui for drawing, so both agree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::Pane;

/// Below this the explorer shows "terminal too small".
pub const MIN_WIDTH: u16 = 40;
/// Below this the explorer shows "terminal too small".
pub const MIN_HEIGHT: u16 = 10;
/// From this width the three panes are all shown; below it, tabs.
pub const PANES_WIDTH: u16 = 80;
/// From this width the chart is a column beside timeline and quotes;
/// below it, the chart spans the top.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// The areas of one screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    /// The whole terminal.
    pub area: Rect,
    /// Too small to draw anything useful.
    pub too_small: bool,
    /// Title and as-of date.
    pub header: Rect,
    /// The tab bar, when the panes are tabs.
    pub tabs: Option<Rect>,
    /// The org chart pane, if shown.
    pub chart: Option<Rect>,
    /// The timeline pane, if shown.
    pub timeline: Option<Rect>,
    /// The quotes pane, if shown.
    pub quotes: Option<Rect>,
    /// The tenure chart, if shown (it takes the whole body).
    pub tenures: Option<Rect>,
    /// The status bar (or the date prompt).
    pub status: Rect,
    /// Where overlays (help, cards) go.
    pub overlay: Rect,
}

impl Screen {
    /// The layout of a `width` × `height` terminal with `focus` focused.
    pub fn new(width: u16, height: u16, focus: Pane) -> Screen {
        let area = Rect::new(0, 0, width, height);
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return Screen { area, too_small: true, ..Screen::default() };
        }
        let header_height = if height >= 30 { 3 } else { 1 };
        let [header, body, status] =
            Layout::vertical([Constraint::Length(header_height), Constraint::Min(1), Constraint::Length(1)])
                .areas(area);
        let mut s = Screen { area, header, status, overlay: overlay_area(body), ..Screen::default() };
        if width < PANES_WIDTH || focus == Pane::Tenures {
            let [tabs, pane] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
            s.tabs = Some(tabs);
            match focus {
                Pane::Chart => s.chart = Some(pane),
                Pane::Timeline => s.timeline = Some(pane),
                Pane::Quotes => s.quotes = Some(pane),
                Pane::Tenures => s.tenures = Some(pane),
            }
        } else if width < SIDE_BY_SIDE_WIDTH {
            // Too narrow for three columns of text: the chart gets the full
            // width on top (holders' names need it), timeline and quotes share the bottom.
            let [top, bottom] = Layout::vertical([Constraint::Percentage(45), Constraint::Min(1)]).areas(body);
            let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Min(1)]).areas(bottom);
            s.chart = Some(top);
            s.timeline = Some(left);
            s.quotes = Some(right);
        } else {
            // Wider terminals give the org chart more room.
            let chart_share = match width {
                ..140 => 50,
                _ => 55,
            };
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(chart_share), Constraint::Min(1)]).areas(body);
            let [top, bottom] = Layout::vertical([Constraint::Percentage(50), Constraint::Min(1)]).areas(right);
            s.chart = Some(left);
            s.timeline = Some(top);
            s.quotes = Some(bottom);
        }
        s
    }

    /// The area of `pane`, if it is shown.
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Chart => self.chart,
            Pane::Timeline => self.timeline,
            Pane::Quotes => self.quotes,
            Pane::Tenures => self.tenures,
        }
    }

    /// Inner width and height of `pane` (inside its border); 0×0 when hidden.
    pub fn inner(&self, pane: Pane) -> (usize, usize) {
        self.pane(pane).map_or((0, 0), |r| (r.width.saturating_sub(2) as usize, r.height.saturating_sub(2) as usize))
    }

    /// Inner width and height of an overlay.
    pub fn overlay_inner(&self) -> (usize, usize) {
        (self.overlay.width.saturating_sub(4) as usize, self.overlay.height.saturating_sub(2) as usize)
    }
}

/// A centered box for overlays over the panes (header and status bar stay
/// visible): most of that space, not too wide to read.
fn overlay_area(area: Rect) -> Rect {
    let width = (area.width.saturating_mul(4) / 5).clamp(area.width.min(40), 100);
    let height = (area.height.saturating_mul(9) / 10).max(area.height.min(8));
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    Rect::new(x, y, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_panes_from_80_columns_tabs_below() {
        let s = Screen::new(80, 24, Pane::Chart);
        assert!(s.chart.is_some() && s.timeline.is_some() && s.quotes.is_some() && s.tabs.is_none());
        let s = Screen::new(79, 24, Pane::Timeline);
        assert!(s.tabs.is_some() && s.timeline.is_some() && s.chart.is_none() && s.quotes.is_none());
    }

    #[test]
    fn wider_terminals_give_the_chart_more_room() {
        let narrow = Screen::new(100, 30, Pane::Chart).chart.unwrap().width as f32 / 100.0;
        let wide = Screen::new(200, 60, Pane::Chart).chart.unwrap().width as f32 / 200.0;
        assert!(wide > narrow);
        // Between 80 and 100 columns the chart spans the full width on top.
        let s = Screen::new(80, 24, Pane::Chart);
        assert_eq!(s.chart.unwrap().width, 80);
        assert!(s.timeline.unwrap().y > s.chart.unwrap().y);
    }

    #[test]
    fn every_size_is_laid_out_inside_the_screen() {
        for w in 0..=130 {
            for h in 0..=50 {
                let s = Screen::new(w, h, Pane::Quotes);
                assert_eq!(s.too_small, w < MIN_WIDTH || h < MIN_HEIGHT);
                let inside = |r: Rect| r.right() <= w && r.bottom() <= h;
                assert!(
                    [Some(s.header), s.tabs, s.chart, s.timeline, s.quotes, s.tenures, Some(s.status), Some(s.overlay)]
                        .into_iter()
                        .flatten()
                        .all(inside)
                );
            }
        }
    }
}
