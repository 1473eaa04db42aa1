//! The tenure chart: one row per role, time running left to right, a bar
//! per tenure. This module keeps the rows, the cursor and the time axis;
//! `ui::tenures` draws the visible window of it.

use chrono::{Datelike, NaiveDate};

use crate::model::{Date, RoleIx};
pub use crate::query::possible_span;
use crate::query::{Index, lane_days};

/// Lines of the pane that are not rows: two of time axis, one of detail.
pub const CHROME: usize = 3;

/// How much time one column of the chart stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// `n` days a column.
    Days(u32),
    /// `n` months a column, aligned on calendar months (years for 12 and up).
    Months(u32),
}

/// The zoom levels, finest first.
pub const ZOOMS: [Zoom; 9] = [
    Zoom::Days(1),
    Zoom::Days(7),
    Zoom::Months(1),
    Zoom::Months(3),
    Zoom::Months(6),
    Zoom::Months(12),
    Zoom::Months(24),
    Zoom::Months(60),
    Zoom::Months(120),
];

/// Dates far outside any story are clamped to this range before they are
/// turned into columns, so open ends (`..`) stay cheap to draw.
const FAR_PAST: i32 = -9999;
const FAR_FUTURE: i32 = 9999;

impl Zoom {
    /// The column a day falls in (an absolute number; 0 is near year 0).
    pub fn column(self, d: NaiveDate) -> i64 {
        let d = clamp(d);
        match self {
            Zoom::Days(n) => i64::from(d.num_days_from_ce()).div_euclid(i64::from(n)),
            Zoom::Months(n) => (i64::from(d.year()) * 12 + i64::from(d.month0())).div_euclid(i64::from(n)),
        }
    }

    /// The first day of a column.
    pub fn start(self, col: i64) -> Option<NaiveDate> {
        match self {
            Zoom::Days(n) => {
                let days = i32::try_from(col.checked_mul(i64::from(n))?).ok()?;
                NaiveDate::from_num_days_from_ce_opt(days)
            }
            Zoom::Months(n) => {
                let m = col.checked_mul(i64::from(n))?;
                let year = i32::try_from(m.div_euclid(12)).ok()?;
                NaiveDate::from_ymd_opt(year, m.rem_euclid(12) as u32 + 1, 1)
            }
        }
    }

    /// The as-of date a column stands for, at the precision of the zoom:
    /// a day, a month, or a year.
    pub fn date_of(self, col: i64) -> Option<Date> {
        let d = self.start(col)?;
        if !(0..=9999).contains(&d.year()) {
            return None;
        }
        let text = match self {
            Zoom::Days(_) => d.format("%Y-%m-%d").to_string(),
            Zoom::Months(n) if n < 12 => d.format("%Y-%m").to_string(),
            Zoom::Months(_) => d.format("%Y").to_string(),
        };
        Date::parse(&text).ok()
    }

    /// What a column stands for, for the pane's title.
    pub fn label(self) -> String {
        match self {
            Zoom::Days(1) => "1 day".into(),
            Zoom::Days(7) => "1 week".into(),
            Zoom::Days(n) => format!("{n} days"),
            Zoom::Months(1) => "1 month".into(),
            Zoom::Months(12) => "1 year".into(),
            Zoom::Months(n) if n % 12 == 0 => format!("{} years", n / 12),
            Zoom::Months(n) => format!("{n} months"),
        }
    }
}

fn clamp(d: NaiveDate) -> NaiveDate {
    let lo = NaiveDate::from_ymd_opt(FAR_PAST, 1, 1).expect("in range");
    let hi = NaiveDate::from_ymd_opt(FAR_FUTURE, 12, 31).expect("in range");
    d.clamp(lo, hi)
}

/// One row: a role and how deep it sits under its superiors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenureRow {
    /// The role.
    pub role: RoleIx,
    /// Its depth in the reporting tree (0 for a top role).
    pub depth: u16,
    /// Which of the role's rows: 0, or for a role of several seats whose
    /// holders overlap, the lane of the later ones (see [`TenureChart::lane`]).
    pub lane: u16,
}

/// The tenure chart's state.
#[derive(Clone, Debug)]
pub struct TenureChart {
    rows: Vec<TenureRow>,
    /// How many roles the rows show.
    roles: usize,
    /// By role: its (first) row, so selecting a role does not search the rows.
    row_of: Vec<u32>,
    /// For each role of several seats: the lane of each of its tenures, in
    /// [`Index::tenures_of_role`] order.
    lanes: rustc_hash::FxHashMap<RoleIx, Box<[u16]>>,
    cursor: usize,
    /// The first row shown.
    pub offset: usize,
    zoom: usize,
    /// The absolute column at the left edge of the time axis.
    pub left: i64,
    /// The dataset's first and last dated moment, for the first fit.
    range: Option<(NaiveDate, NaiveDate)>,
    /// Whether the axis was fitted to the pane's width yet.
    fitted: bool,
    /// The as-of column last kept in view: when the as-of date moves, the
    /// view follows it; panning alone leaves it where the user put it.
    followed: Option<i64>,
    /// Which columns of the axis have an event, for the zoom and left edge
    /// they were found at: found again only when the view moves, not on
    /// every frame.
    ticks: Option<(Zoom, i64, Vec<bool>)>,
}

impl TenureChart {
    /// Every role of the dataset, in org-chart order: each top role (in
    /// dataset order) followed by the roles that report to it, depth first.
    /// The order does not change with the date, so rows never jump.
    ///
    /// A role of several seats whose holders (possibly) overlap gets a row
    /// for each holder at once, its lanes: each tenure goes in the first
    /// lane free at its earliest start, so two co-holders are never drawn
    /// over each other. A role of one seat keeps one row for its
    /// successions, whose uncertain handovers are shaded; only holders who
    /// certainly overlap (an acting holder beside the titular one, or data
    /// the checks warn about) get a lane each, so that neither bar hides
    /// the other.
    pub fn new(index: &Index) -> TenureChart {
        let ds = index.dataset();
        let several_seats = ds.roles.iter().enumerate().filter(|(_, r)| r.seats > 1).map(|(i, _)| RoleIx::from_ix(i));
        let lanes: rustc_hash::FxHashMap<RoleIx, Box<[u16]>> = several_seats
            .map(|r| (r, lanes_of(index, r, true)))
            .chain(index.roles_with_overlapping_holders().iter().map(|&r| (r, lanes_of(index, r, false))))
            .filter(|(_, l)| l.iter().any(|&l| l > 0))
            .collect();
        let mut rows = Vec::with_capacity(ds.roles.len());
        let mut stack: Vec<TenureRow> = Vec::new();
        for (i, r) in ds.roles.iter().enumerate().rev() {
            if r.reports_to.is_none() {
                stack.push(TenureRow { role: RoleIx::from_ix(i), depth: 0, lane: 0 });
            }
        }
        let mut seen = vec![false; ds.roles.len()];
        while let Some(row) = stack.pop() {
            if std::mem::replace(&mut seen[row.role.ix()], true) {
                continue;
            }
            rows.push(row);
            let more = lanes.get(&row.role).and_then(|l| l.iter().max()).copied().unwrap_or(0);
            rows.extend((1..=more).map(|lane| TenureRow { lane, ..row }));
            for &c in index.reports_of(row.role).iter().rev() {
                stack.push(TenureRow { role: c, depth: row.depth.saturating_add(1), lane: 0 });
            }
        }
        // Validation forbids reporting cycles; anything left out is shown anyway.
        for (i, s) in seen.iter().enumerate() {
            if !s {
                rows.push(TenureRow { role: RoleIx::from_ix(i), depth: 0, lane: 0 });
            }
        }
        let mut row_of = vec![0; ds.roles.len()];
        for (i, r) in rows.iter().enumerate().rev() {
            row_of[r.role.ix()] = i as u32;
        }
        let points = index.change_points();
        let range = points.first().zip(points.last()).map(|(a, b)| (a.span.earliest, b.span.latest));
        TenureChart { roles: ds.roles.len(), rows, row_of, lanes, range, ..TenureChart::empty() }
    }

    /// A chart of no rows, until the real one is built (see
    /// [`State::new_but_tenures`](super::State::new_but_tenures)).
    pub fn empty() -> TenureChart {
        TenureChart {
            roles: 0,
            rows: Vec::new(),
            row_of: Vec::new(),
            lanes: Default::default(),
            cursor: 0,
            offset: 0,
            zoom: 5,
            left: 0,
            range: None,
            fitted: false,
            followed: None,
            ticks: None,
        }
    }

    /// The rows, in order.
    pub fn rows(&self) -> &[TenureRow] {
        &self.rows
    }

    /// How many roles the rows show (a role of several seats may have
    /// several rows).
    pub fn roles(&self) -> usize {
        self.roles
    }

    /// The lane of the `k`-th tenure of `role` (in
    /// [`Index::tenures_of_role`] order): the row of the role it is drawn
    /// on.
    pub fn lane(&self, role: RoleIx, k: usize) -> u16 {
        self.lanes.get(&role).and_then(|l| l.get(k)).copied().unwrap_or(0)
    }

    /// The cursor row.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The selected role.
    pub fn selected(&self) -> Option<RoleIx> {
        self.rows.get(self.cursor).map(|r| r.role)
    }

    /// Moves the cursor onto `role`.
    pub fn select(&mut self, role: RoleIx) -> bool {
        match self.row_of.get(role.ix()) {
            Some(&i) => {
                self.cursor = i as usize;
                true
            }
            None => false,
        }
    }

    /// Moves the cursor `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.rows.len().saturating_sub(1));
    }

    /// To the first or last row.
    pub fn move_to(&mut self, last: bool) {
        self.cursor = if last { self.rows.len().saturating_sub(1) } else { 0 };
    }

    /// The zoom in use.
    pub fn zoom(&self) -> Zoom {
        ZOOMS[self.zoom]
    }

    /// One step finer (`in_`) or coarser, keeping the day at `anchor` where
    /// it is on screen. False at the end of the range.
    pub fn zoom_by(&mut self, in_: bool, anchor: NaiveDate, width: usize) -> bool {
        let next = if in_ { self.zoom.checked_sub(1) } else { Some(self.zoom + 1).filter(|&z| z < ZOOMS.len()) };
        let Some(next) = next else { return false };
        let on_screen = (self.zoom().column(anchor) - self.left).clamp(0, width.max(1) as i64 - 1);
        self.zoom = next;
        self.left = self.zoom().column(anchor) - on_screen;
        self.fitted = true;
        self.followed = Some(self.zoom().column(anchor));
        true
    }

    /// Shifts the view by `cols` columns without moving the as-of date.
    pub fn pan(&mut self, cols: i64) {
        self.left = self.left.saturating_add(cols);
    }

    /// The widths of the label column and of the time axis in a pane
    /// `width` columns wide (one column between them).
    pub fn split(width: usize) -> (usize, usize) {
        let label = (width / 3).clamp(width.min(8), 30);
        (label, width.saturating_sub(label + 1))
    }

    /// Which of `width` columns from `left` at `zoom` have an event starting in them.
    pub fn event_ticks(index: &Index, zoom: Zoom, left: i64, width: usize) -> Vec<bool> {
        (left..left + width as i64)
            .map(|col| match (zoom.start(col), zoom.start(col + 1)) {
                (Some(from), Some(to)) => index.has_event_starting_in(from, to),
                _ => false,
            })
            .collect()
    }

    /// The event ticks of an axis `width` columns wide at the current view,
    /// if they were found for it ([`Self::find_ticks`]).
    pub fn ticks(&self, width: usize) -> Option<&[bool]> {
        match &self.ticks {
            Some((zoom, left, ticks)) if *zoom == self.zoom() && *left == self.left && ticks.len() == width => {
                Some(ticks)
            }
            _ => None,
        }
    }

    /// Finds the event ticks of an axis `width` columns wide, unless the
    /// view has not moved since they were last found.
    pub fn find_ticks(&mut self, index: &Index, width: usize) {
        if width > 0 && self.ticks(width).is_none() {
            self.ticks = Some((self.zoom(), self.left, TenureChart::event_ticks(index, self.zoom(), self.left, width)));
        }
    }

    /// Fits the zoom to the dataset once (the finest zoom that shows the
    /// whole story), then keeps the as-of column in view whenever it moved.
    pub fn keep_in_view(&mut self, as_of: NaiveDate, axis_width: usize) {
        if axis_width == 0 {
            return;
        }
        let w = axis_width as i64;
        if !self.fitted {
            self.fitted = true;
            let (from, to) = self.range.unwrap_or((as_of, as_of));
            let (from, to) = (from.min(as_of), to.max(as_of));
            let fits = |z: &Zoom| z.column(to) - z.column(from) + 3 <= w;
            self.zoom = ZOOMS.iter().position(fits).unwrap_or(ZOOMS.len() - 1);
            let z = self.zoom();
            let span = z.column(to) - z.column(from) + 1;
            self.left = z.column(from) - ((w - span) / 2).max(0);
        }
        let col = self.zoom().column(as_of);
        if self.followed != Some(col) {
            self.followed = Some(col);
            let margin = (w / 8).min(4);
            if col < self.left + margin {
                self.left = col - margin;
            } else if col >= self.left + w - margin {
                self.left = col - w + margin + 1;
            }
        }
    }
}

/// The lane of each tenure of `role` (in [`Index::tenures_of_role`]
/// order): taken by first day, each in the first lane whose last tenure
/// ends before it may start. For a role of several seats, by the days each
/// tenure may cover; for a role of one seat, by those it certainly covers
/// (see [`lane_days`]), so that a succession shares a lane.
fn lanes_of(index: &Index, role: RoleIx, several_seats: bool) -> Box<[u16]> {
    let ds = index.dataset();
    let tenures = index.tenures_of_role(role);
    let spans: Vec<(NaiveDate, NaiveDate)> = tenures
        .iter()
        .map(|&t| {
            let t = ds.tenure(t);
            if several_seats {
                possible_span(t.start.as_ref(), t.end.as_ref())
            } else {
                lane_days(t.start.as_ref(), t.end.as_ref())
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..tenures.len()).collect();
    order.sort_by_key(|&k| spans[k]);
    let mut lane_ends: Vec<NaiveDate> = Vec::new();
    let mut lanes = vec![0u16; tenures.len()];
    for k in order {
        let (first, last) = spans[k];
        // A possible span's last day is covered, so the next must start
        // after it; a handover day is shared by two certain spans.
        let free = |end: NaiveDate| if several_seats { end < first } else { end <= first };
        let lane = match lane_ends.iter().position(|&end| free(end)) {
            Some(l) => l,
            None => {
                lane_ends.push(last);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = lane_ends[lane].max(last);
        lanes[k] = u16::try_from(lane).unwrap_or(u16::MAX);
    }
    lanes.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BUNDLED, load_str};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn columns_and_their_dates_round_trip() {
        for z in ZOOMS {
            for d in [day(1999, 1, 1), day(2024, 3, 15), day(2000, 2, 29), day(1, 1, 1)] {
                let col = z.column(d);
                let start = z.start(col).unwrap();
                assert!(start <= d, "{z:?} {d}");
                assert_eq!(z.column(start), col, "{z:?} {d}");
                assert!(z.start(col + 1).unwrap() > d, "{z:?} {d}");
            }
        }
        assert_eq!(Zoom::Months(1).date_of(Zoom::Months(1).column(day(2024, 3, 15))).unwrap().as_str(), "2024-03");
        assert_eq!(Zoom::Months(12).date_of(Zoom::Months(12).column(day(2024, 3, 15))).unwrap().as_str(), "2024");
        assert_eq!(Zoom::Days(1).date_of(Zoom::Days(1).column(day(2024, 3, 15))).unwrap().as_str(), "2024-03-15");
        // Quarters start in January, April, July, October.
        assert_eq!(Zoom::Months(3).date_of(Zoom::Months(3).column(day(2024, 5, 15))).unwrap().as_str(), "2024-04");
        // Open ends are clamped, never overflow.
        assert!(Zoom::Days(1).column(NaiveDate::MIN) < Zoom::Days(1).column(day(1, 1, 1)));
        let last = Zoom::Days(1).column(NaiveDate::MAX);
        assert_eq!(Zoom::Days(1).date_of(last).unwrap().as_str(), "9999-12-31");
        assert!(Zoom::Days(1).date_of(last + 1).is_none(), "no as-of date past year 9999");
    }

    #[test]
    fn co_holders_of_a_role_of_several_seats_get_a_lane_each() {
        let index = Index::new(load_str(include_str!("../../tests/fixtures/valid/shared_role.ron")).unwrap().dataset);
        let mut chart = TenureChart::new(&index);
        let ds = index.dataset();
        let rows: Vec<(&str, u16)> = chart.rows().iter().map(|r| (ds.role(r.role).id.as_str(), r.lane)).collect();
        // Bob starts while Ann holds a seat: a second lane, which Cy takes
        // once Bob has left. The CTO's succession (2016 ends one tenure and
        // may begin the next) stays on one row: the role has one seat.
        assert_eq!(rows, vec![("coceo", 0), ("coceo", 1), ("cto", 0)]);
        assert_eq!(chart.roles(), 2);
        let coceo = index.role_by_id("coceo").unwrap();
        let lane_of = |who: &str| {
            let k = index.tenures_of_role(coceo).iter().position(|&t| ds.person(ds.tenure(t).person).id == who);
            chart.lane(coceo, k.unwrap())
        };
        assert_eq!((lane_of("ann"), lane_of("bob"), lane_of("cy")), (0, 1, 1));
        // Selecting the role goes to its first row; every lane selects it.
        assert!(chart.select(index.role_by_id("cto").unwrap()));
        assert_eq!(chart.cursor(), 2);
        assert!(chart.select(coceo));
        assert_eq!(chart.cursor(), 0);
        chart.move_by(1);
        assert_eq!(chart.selected(), Some(coceo));
    }

    #[test]
    fn holders_of_one_seat_get_a_lane_each_only_when_they_certainly_overlap() {
        let index =
            Index::new(load_str(include_str!("../../tests/fixtures/valid/acting_overlap.ron")).unwrap().dataset);
        let chart = TenureChart::new(&index);
        let ds = index.dataset();
        let ceo = index.role_by_id("ceo").unwrap();
        let lane_of = |who: &str| {
            let k = index.tenures_of_role(ceo).iter().position(|&t| ds.person(ds.tenure(t).person).id == who);
            chart.lane(ceo, k.unwrap())
        };
        // Bob acts while Ann holds the seat: a lane of his own. Cy follows
        // Ann on her row, their uncertain handover shaded there.
        assert_eq!((lane_of("ann"), lane_of("bob"), lane_of("cy")), (0, 1, 0));
        assert_eq!(chart.rows().iter().map(|r| r.lane).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(chart.roles(), 1);
    }

    #[test]
    fn successions_of_one_seat_stay_on_one_row() {
        // Handovers on the same day, in the same uncertain year, and a
        // tenure with no certain day inside another's possible days.
        for tenures in [
            r#"(person: "a", role: "r", start: "2010-01-01", end: "2015-06-01"), (person: "b", role: "r", start: "2015-06-01")"#,
            r#"(person: "a", role: "r", start: "2010", end: "2015"), (person: "b", role: "r", start: "2015", end: "2016")"#,
            r#"(person: "a", role: "r", end: "2015"), (person: "b", role: "r", start: "2015", end: "2015")"#,
        ] {
            let text = format!(
                r#"(orgs: [(id: "o", name: "O")], people: [(id: "a", name: "A"), (id: "b", name: "B")],
                    roles: [(id: "r", org: "o", title: "R")], tenures: [{tenures}])"#
            );
            let index = Index::new(load_str(&text).unwrap().dataset);
            let chart = TenureChart::new(&index);
            assert_eq!(chart.rows().len(), 1, "{tenures}");
        }
        // The same two holders a day into each other's tenure: two rows.
        let text = r#"(orgs: [(id: "o", name: "O")], people: [(id: "a", name: "A"), (id: "b", name: "B")],
            roles: [(id: "r", org: "o", title: "R")],
            tenures: [(person: "a", role: "r", start: "2010-01-01", end: "2015-06-02"), (person: "b", role: "r", start: "2015-06-01")])"#;
        let index = Index::new(load_str(text).unwrap().dataset);
        assert_eq!(TenureChart::new(&index).rows().len(), 2);
    }

    #[test]
    fn the_overlap_check_agrees_with_the_lanes_for_many_tenures() {
        // More than the pairwise check's sixteen: the sorted sweep decides.
        for overlap in [false, true] {
            let mut tenures: Vec<String> = (0..40)
                .map(|i| format!(r#"(person: "a", role: "r", start: "{}-01-01", end: "{}-01-01")"#, 1900 + i, 1901 + i))
                .collect();
            if overlap {
                tenures.push(r#"(person: "a", role: "r", start: "1920-06-01", end: "1920-07-01")"#.into());
            }
            let text = format!(
                r#"(orgs: [(id: "o", name: "O")], people: [(id: "a", name: "A")],
                    roles: [(id: "r", org: "o", title: "R")], tenures: [{}])"#,
                tenures.join(", ")
            );
            let index = Index::new(load_str(&text).unwrap().dataset);
            assert!(index.dataset().tenures.len() > 16);
            let expected: &[RoleIx] = if overlap { &[RoleIx::from_ix(0)] } else { &[] };
            assert_eq!(index.roles_with_overlapping_holders(), expected);
            assert_eq!(TenureChart::new(&index).rows().len(), 1 + usize::from(overlap));
        }
    }

    #[test]
    fn rows_follow_the_reporting_tree_and_the_fit_shows_the_story() {
        let index = Index::new(load_str(BUNDLED).unwrap().dataset);
        let mut chart = TenureChart::new(&index);
        let ds = index.dataset();
        let ids: Vec<(&str, u16)> = chart.rows().iter().map(|r| (ds.role(r.role).id.as_str(), r.depth)).collect();
        assert_eq!(ids.len(), ds.roles.len());
        let pos = |id: &str| ids.iter().position(|(x, _)| *x == id).unwrap();
        assert!(pos("salesforce-ceo") < pos("slack-ceo") && pos("slack-ceo") < pos("slack-cto"));
        assert_eq!(ids[pos("slack-cto")].1, ids[pos("slack-ceo")].1 + 1);
        // 1999 to 2024 in 60 columns: a year a column would leave most of
        // the axis empty; six months a column fits.
        chart.keep_in_view(day(2024, 3, 1), 60);
        assert_eq!(chart.zoom(), Zoom::Months(6));
        let z = chart.zoom();
        assert!(chart.left <= z.column(day(1999, 1, 1)) && z.column(day(2024, 3, 31)) < chart.left + 60);
        // Zooming in keeps the anchor day at its place on screen.
        let anchor = day(2022, 6, 1);
        let before = z.column(anchor) - chart.left;
        assert!(chart.zoom_by(true, anchor, 60));
        assert_eq!(chart.zoom(), Zoom::Months(3));
        assert_eq!(chart.zoom().column(anchor) - chart.left, before);
        // Event ticks are found once per view, and again when it moves.
        chart.find_ticks(&index, 60);
        let ticks = TenureChart::event_ticks(&index, chart.zoom(), chart.left, 60);
        assert!(ticks.iter().any(|&t| t));
        assert_eq!(chart.ticks(60), Some(ticks.as_slice()));
        chart.pan(5);
        assert_eq!(chart.ticks(60), None, "the view moved");
        chart.find_ticks(&index, 60);
        assert_eq!(chart.ticks(60), Some(TenureChart::event_ticks(&index, chart.zoom(), chart.left, 60).as_slice()));
        // Moving the as-of date far away brings it into view.
        chart.keep_in_view(day(1990, 1, 1), 60);
        let col = chart.zoom().column(day(1990, 1, 1));
        assert!((chart.left..chart.left + 60).contains(&col));
    }
}
