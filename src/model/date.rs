//! Dates as the dataset writes them: EDTF (ISO 8601-2) levels 0 and 1.
//!
//! A [`Date`] keeps the string exactly as written, because that is what the
//! user typed and what every message should quote, and precomputes the two
//! day ranges the rest of the program asks about: [`Date::span`] (what the
//! written precision allows) and [`Date::widened`] (one more unit of
//! precision each side for `~ ? %`, so that "about 2019" can reach into 2018).
//!
//! The readings where EDTF leaves room, decided once here:
//!
//! - Seasons `21`–`24` are northern meteorological: spring March–May,
//!   summer June–August, autumn September–November, winter December to the
//!   end of the next February. Seasons `25`–`41`, a qualified season, and a
//!   season as an interval end are refused as unsupported.
//! - `X` digits set the precision to what is still known: `201X` is a
//!   decade, `20XX` a century, `1XXX` a millennium, `XXXX` unspecified,
//!   `2024-XX` and `2024-XX-XX` a year, `1985-04-XX` a month; qualified ones
//!   widen by that unit (`201X~` by ten years).
//! - A date-time counts as its day; its offset is checked for shape only
//!   (hours 00–23, minutes 00–59) since it never changes the day, and
//!   `24:00:00` is accepted as the end of its day.
//! - Interval ends are plain or qualified dates, `..` (open) or nothing
//!   (unknown); `/` and `../..` are valid. An interval is reversed when its
//!   start's earliest day is after its end's earliest day.
//!
//! Millions of dates are parsed at load time, so the parser is a single
//! hand-written pass over bytes, with a shortcut for plain `YYYY[-MM[-DD]]`,
//! that allocates only the stored copy of the string; errors may allocate
//! because they are rare and shown to a person.
//!
//! Level 2 forms are recognised well enough to be refused as unsupported
//! rather than reported as typos, because "you wrote something valid that we
//! do not handle" and "you wrote something wrong" call for different fixes.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A date exactly as written in the dataset plus its parsed meaning.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    // First so that derived equality usually decides on the string alone;
    // everything else is a function of it.
    raw: Box<str>,
    span: Span,
    widened: Span,
    shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Shape {
    Single { precision: Precision, qualifier: Qualifier },
    Interval { start: End, end: End },
}

/// A range of days, both ends included.
///
/// Unbounded ends use [`NaiveDate::MIN`] (earliest) and [`NaiveDate::MAX`]
/// (latest), so comparisons need no special cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The first day in the range.
    pub earliest: NaiveDate,
    /// The last day in the range.
    pub latest: NaiveDate,
}

impl Span {
    /// Every representable day: what an open or unknown range stands for.
    pub const ALL: Span = Span { earliest: NaiveDate::MIN, latest: NaiveDate::MAX };

    /// The range holding exactly one day.
    pub fn day(d: NaiveDate) -> Span {
        Span { earliest: d, latest: d }
    }

    /// Whether the range has no lower bound.
    pub fn is_open_start(&self) -> bool {
        self.earliest == NaiveDate::MIN
    }

    /// Whether the range has no upper bound.
    pub fn is_open_end(&self) -> bool {
        self.latest == NaiveDate::MAX
    }

    /// Whether `d` falls within the range, ends included.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.earliest <= d && d <= self.latest
    }
}

/// The finest unit a date was written to.
///
/// Ordered from finest to coarsest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `2024-03-15`, also a date-time, which counts as its day.
    Day,
    /// `2024-03`, and `1985-04-XX` whose day is unspecified.
    Month,
    /// `2024-21` .. `2024-24`.
    Season,
    /// `2024`, and `2024-XX`, `2024-XX-XX` whose month is unspecified.
    Year,
    /// `201X`.
    Decade,
    /// `20XX`.
    Century,
    /// `1XXX`.
    Millennium,
    /// `XXXX`: some year from 0000 to 9999.
    Unspecified,
    /// An interval neither of whose ends is a date (`/`, `../..`).
    Interval,
}

/// How sure the dataset is of a date, from the mark at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No mark.
    None,
    /// `~`: about this date.
    Approximate,
    /// `?`: possibly this date.
    Uncertain,
    /// `%`: both approximate and uncertain.
    Both,
}

impl Qualifier {
    fn from_byte(c: u8) -> Option<Qualifier> {
        match c {
            b'~' => Some(Qualifier::Approximate),
            b'?' => Some(Qualifier::Uncertain),
            b'%' => Some(Qualifier::Both),
            _ => None,
        }
    }
}

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum End {
    /// `..`: the interval runs on without bound.
    Open,
    /// Nothing written: the end exists but is not known.
    Unknown,
    /// A date, with its own precision and qualifier.
    Known {
        /// How finely the end was written.
        precision: Precision,
        /// The mark at the end's end, if any.
        qualifier: Qualifier,
    },
}

/// Whether a tenure (or anything with an optional start and end) covers a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coverage {
    /// It cannot cover the date, however the written dates are read.
    No,
    /// Some reading of the written dates covers it, some does not.
    Possible,
    /// Every reading of the written dates covers it.
    Certain,
}

/// Why a string is not a date we accept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was written.
    #[error("empty date")]
    Empty,
    /// Spaces around a date are almost always a copy-paste slip, and
    /// silently trimming would make `as_str` differ from the file.
    #[error("date has leading or trailing whitespace")]
    Whitespace,
    /// The string does not have the shape of a date.
    #[error("expected {expected} at character {at}")]
    Syntax {
        /// What would have been acceptable there.
        expected: &'static str,
        /// 1-based position in characters (not bytes) of the offending spot.
        at: usize,
    },
    /// Well formed, but names something that does not exist
    /// (`2023-02-30`, month 13, `-0000`, 25 o'clock).
    #[error("{reason}")]
    Impossible {
        /// What does not exist, quoting the written parts.
        reason: String,
    },
    /// Well formed in outline but against an EDTF rule that no reading of
    /// the standard allows (`Y1700`, `12345`, a date-time as an interval end).
    #[error("{reason}")]
    Invalid {
        /// The rule that was broken and, where there is one, the fix.
        reason: &'static str,
    },
    /// Valid EDTF beyond level 1 (or a non-standard extension some tools
    /// accept) that this program does not handle.
    #[error("{feature} is not supported")]
    Unsupported {
        /// The construct that was recognised.
        feature: &'static str,
    },
    /// A `Y` year chrono cannot represent.
    #[error("year {year} is outside the supported range")]
    OutOfRange {
        /// The year as written, without the `Y`.
        year: String,
    },
    /// An interval whose start begins after its end does.
    #[error("interval starts after it ends")]
    Reversed,
}

const L2_INNER_QUALIFIER: &str = "EDTF level 2 (qualifier inside a date)";
const L2_X_NOT_RIGHT: &str = "EDTF level 2 (X digit followed by a known digit in the year)";
const L2_X_YEAR_WITH_MONTH: &str = "EDTF level 2 (X digits in the year of a date with a month)";
const L2_X_PART_MONTH: &str = "EDTF level 2 (X digit in part of a month)";
const L2_X_PART_DAY: &str = "EDTF level 2 (X digit in part of a day)";
const L2_DAY_IN_X_MONTH: &str = "EDTF level 2 (known day in an unspecified month)";
const L2_SEASON: &str = "EDTF level 2 (season 25 to 41)";
const L2_QUALIFIED_SEASON: &str = "EDTF level 2 (qualified season)";
const L2_EXPONENT: &str = "EDTF level 2 (exponent in a year)";
const L2_SIGNIFICANT: &str = "EDTF level 2 (significant digits)";
const L2_SET: &str = "EDTF level 2 (set of dates)";
const L2_X_INTERVAL: &str = "EDTF level 2 (X digits in an interval end)";
const SHORT_YEAR: &str = "a century or decade written with two or three digits (write 19XX or 193X)";
const Y_YEAR_EXTRAS: &str = "a month, day or qualifier on a Y year";
const SEASON_INTERVAL: &str = "a season as an interval end";

impl Date {
    /// Parses an EDTF level 0 or level 1 string.
    ///
    /// Accepts `2024`, `2024-03`, `2024-03-15`, date-times such as
    /// `2024-03-15T10:30:00Z`, negative years (`-0044`), `Y` years of more
    /// than four digits (`Y17000`), one trailing qualifier (`2023~`,
    /// `2019-04?`, `2020%`), `X` digits from the right (`201X`, `2024-XX`,
    /// `1985-04-XX`), seasons `2001-21`..`2001-24`, and intervals of those
    /// (other than date-times, `Y` years, seasons and `X` digits) with open
    /// (`..`) or unknown (empty) ends.
    ///
    /// Errors, roughly in order of precedence: [`DateError::Empty`],
    /// [`DateError::Whitespace`], [`DateError::Syntax`],
    /// [`DateError::Impossible`], [`DateError::Invalid`],
    /// [`DateError::Unsupported`], [`DateError::OutOfRange`],
    /// [`DateError::Reversed`]; so `156X-09-31` is impossible, not level 2.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let first = s.chars().next().ok_or(DateError::Empty)?;
        if first.is_whitespace() || s.chars().next_back().is_some_and(char::is_whitespace) {
            return Err(DateError::Whitespace);
        }
        let b = s.as_bytes();
        if let Some((span, precision)) = plain(b) {
            return Ok(Date {
                raw: s.into(),
                span,
                widened: span,
                shape: Shape::Single { precision, qualifier: Qualifier::None },
            });
        }
        if matches!(b[0], b'[' | b'{') {
            return Err(set_error(b));
        }
        let Some(slash) = b.iter().position(|&c| c == b'/') else {
            let one = single(b, 0, b.len())?;
            return Ok(Date {
                raw: s.into(),
                span: one.span,
                widened: one.widened,
                shape: Shape::Single { precision: one.precision, qualifier: one.qualifier },
            });
        };
        if let Some(extra) = b[slash + 1..].iter().position(|&c| c == b'/') {
            return Err(syntax(b, slash + 1 + extra, "the end of the interval (it has one '/')"));
        }
        let start = interval_end(b, 0, slash)?;
        let end = interval_end(b, slash + 1, b.len())?;
        if let (Some(s), Some(e)) = (start.date(), end.date()) {
            // Earliest against earliest: the conformance vectors make
            // `2004-06-11%/2004-06~` and `0000-02/0000` reversed but keep
            // `0000-01/0000-01-03`, which rules out comparing latest days or
            // the start's earliest with the end's latest.
            if s.span.earliest > e.span.earliest {
                return Err(DateError::Reversed);
            }
        }
        Ok(Date {
            raw: s.into(),
            span: Span {
                earliest: start.date().map_or(NaiveDate::MIN, |d| d.span.earliest),
                latest: end.date().map_or(NaiveDate::MAX, |d| d.span.latest),
            },
            widened: Span {
                earliest: start.date().map_or(NaiveDate::MIN, |d| d.widened.earliest),
                latest: end.date().map_or(NaiveDate::MAX, |d| d.widened.latest),
            },
            shape: Shape::Interval { start: start.end(), end: end.end() },
        })
    }

    /// A placeholder meaning "no idea when": the interval `/`, unknown at
    /// both ends, whose span is every day.
    pub fn unknown() -> Date {
        Date {
            raw: "/".into(),
            span: Span::ALL,
            widened: Span::ALL,
            shape: Shape::Interval { start: End::Unknown, end: End::Unknown },
        }
    }

    /// The date exactly as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The earliest and latest day the date can mean at its written precision.
    pub fn span(&self) -> Span {
        self.span
    }

    /// [`span`](Date::span), with each qualified (`~ ? %`) part stretched by one
    /// unit of its precision on each side; equal to the span when unqualified.
    pub fn widened(&self) -> Span {
        self.widened
    }

    /// Whether the date is an interval `A/B`.
    pub fn is_interval(&self) -> bool {
        matches!(self.shape, Shape::Interval { .. })
    }

    /// The interval's start and end, or `None` for a single date.
    pub fn ends(&self) -> Option<(End, End)> {
        match self.shape {
            Shape::Single { .. } => None,
            Shape::Interval { start, end } => Some((start, end)),
        }
    }

    /// The precision of a single date; for an interval, of its start, or of
    /// its end when the start is open or unknown, or
    /// [`Precision::Interval`] when neither end is a date.
    pub fn precision(&self) -> Precision {
        match self.known_part() {
            Some((precision, _)) => precision,
            None => Precision::Interval,
        }
    }

    /// The qualifier of a single date; for an interval, of the same end
    /// [`precision`](Date::precision) describes (`None` if neither is a date).
    pub fn qualifier(&self) -> Qualifier {
        self.known_part().map_or(Qualifier::None, |(_, q)| q)
    }

    fn known_part(&self) -> Option<(Precision, Qualifier)> {
        match self.shape {
            Shape::Single { precision, qualifier } => Some((precision, qualifier)),
            Shape::Interval { start, end } => match (start, end) {
                (End::Known { precision, qualifier }, _) | (_, End::Known { precision, qualifier }) => {
                    Some((precision, qualifier))
                }
                _ => None,
            },
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl Ord for Date {
    // Chronological first; the string last only so that the order agrees with
    // equality (two dates are equal exactly when written the same).
    fn cmp(&self, other: &Date) -> Ordering {
        self.span
            .earliest
            .cmp(&other.span.earliest)
            .then(self.span.latest.cmp(&other.span.latest))
            .then_with(|| self.raw.cmp(&other.raw))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Date) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether something running from `start` to `end` covers the days of `at`.
///
/// An absent start or end is open (unbounded). With each end widened by its
/// qualifier:
/// certainly when `start.widened().latest <= at.earliest && at.latest <= end.widened().earliest`,
/// possibly when `start.widened().earliest <= at.latest && at.earliest <= end.widened().latest`.
pub fn coverage(start: Option<&Date>, end: Option<&Date>, at: Span) -> Coverage {
    // An absent start has certainly happened before anything, so both its
    // bounds are MIN; likewise both bounds of an absent end are MAX.
    let start = start.map_or(Span::day(NaiveDate::MIN), Date::widened);
    let end = end.map_or(Span::day(NaiveDate::MAX), Date::widened);
    if start.latest <= at.earliest && at.latest <= end.earliest {
        Coverage::Certain
    } else if start.earliest <= at.latest && at.earliest <= end.latest {
        Coverage::Possible
    } else {
        Coverage::No
    }
}

/// True when `start` is certainly after `end`: `start.widened().earliest > end.widened().latest`.
pub fn certainly_after(start: &Date, end: &Date) -> bool {
    start.widened.earliest > end.widened.latest
}

/// The span of a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or `None` to
/// leave the string to the full parser.
///
/// Nearly every date in real data has one of these shapes, and checking for
/// them directly makes parsing them several times faster.
fn plain(b: &[u8]) -> Option<(Span, Precision)> {
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|&c| u32::from(c - b'0'));
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let year = i64::from(two(0)? * 100 + two(2)?);
    let month = |m: u32| (1..=12).contains(&m).then_some(m);
    match b.len() {
        4 => Some((
            Span { earliest: first_of(month_index(year, 1)), latest: last_of(month_index(year, 12)) },
            Precision::Year,
        )),
        7 if b[4] == b'-' => {
            let index = month_index(year, month(two(5)?)?);
            Some((Span { earliest: first_of(index), latest: last_of(index) }, Precision::Month))
        }
        10 if b[4] == b'-' && b[7] == b'-' => {
            let m = month(two(5)?)?;
            let d = two(8)?;
            let day = NaiveDate::from_ymd_opt(year as i32, m, d)?;
            Some((Span::day(day), Precision::Day))
        }
        _ => None,
    }
}

/// What one parsed non-interval date means.
#[derive(Clone, Copy)]
struct Single {
    span: Span,
    widened: Span,
    precision: Precision,
    qualifier: Qualifier,
    has_time: bool,
    season: bool,
    unspecified: bool,
    y_year: bool,
}

enum IntervalEnd {
    Open,
    Unknown,
    Known(Single),
}

impl IntervalEnd {
    fn date(&self) -> Option<&Single> {
        match self {
            IntervalEnd::Known(d) => Some(d),
            _ => None,
        }
    }

    fn end(&self) -> End {
        match self {
            IntervalEnd::Open => End::Open,
            IntervalEnd::Unknown => End::Unknown,
            IntervalEnd::Known(d) => End::Known { precision: d.precision, qualifier: d.qualifier },
        }
    }
}

fn interval_end(b: &[u8], lo: usize, hi: usize) -> Result<IntervalEnd, DateError> {
    match &b[lo..hi] {
        b"" => Ok(IntervalEnd::Unknown),
        b".." => Ok(IntervalEnd::Open),
        _ => {
            let d = single(b, lo, hi)?;
            // EDTF intervals join calendar dates; these are refused even
            // though each would be fine on its own.
            if d.has_time {
                Err(DateError::Invalid { reason: "a date-time cannot be an interval end; write the day alone" })
            } else if d.y_year {
                Err(DateError::Invalid { reason: "a Y year cannot be an interval end" })
            } else if d.season {
                Err(DateError::Unsupported { feature: SEASON_INTERVAL })
            } else if d.unspecified {
                // The LoC specification lists `2004-06-XX/2004-07-03` under level 2.
                Err(DateError::Unsupported { feature: L2_X_INTERVAL })
            } else {
                Ok(IntervalEnd::Known(d))
            }
        }
    }
}

/// A set (`[..]`, `{..}`) is level 2 whatever it holds, but one that is not
/// even well formed gets a syntax error, so a typo is not passed off as an
/// unsupported feature.
fn set_error(b: &[u8]) -> DateError {
    let close = if b[0] == b'[' { b']' } else { b'}' };
    let n = b.len();
    if n < 2 || b[n - 1] != close {
        return syntax(b, n, if close == b']' { "']'" } else { "'}'" });
    }
    let (mut lo, hi) = (1, n - 1);
    loop {
        let stop = b[lo..hi].iter().position(|&c| c == b',').map_or(hi, |k| lo + k);
        if let Err(e) = set_element(b, lo, stop) {
            return e;
        }
        if stop == hi {
            return DateError::Unsupported { feature: L2_SET };
        }
        lo = stop + 1;
    }
}

fn set_element(b: &[u8], mut lo: usize, mut hi: usize) -> Result<(), DateError> {
    while lo < hi && b[lo] == b' ' {
        lo += 1;
    }
    while hi > lo && b[hi - 1] == b' ' {
        hi -= 1;
    }
    let dots = b[lo..hi].windows(2).position(|w| w == b"..").map(|k| lo + k);
    match dots {
        None => set_date(b, lo, hi),
        Some(k) if k == lo => set_date(b, k + 2, hi),
        Some(k) if k + 2 == hi => set_date(b, lo, k),
        Some(k) => set_date(b, lo, k).and_then(|()| set_date(b, k + 2, hi)),
    }
}

fn set_date(b: &[u8], lo: usize, hi: usize) -> Result<(), DateError> {
    match single(b, lo, hi) {
        Ok(_) | Err(DateError::Unsupported { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

fn syntax(b: &[u8], pos: usize, expected: &'static str) -> DateError {
    // Characters, not bytes: the position is shown to a person. Counting
    // non-continuation bytes works even if `pos` is inside a character.
    let at = b[..pos.min(b.len())].iter().filter(|&&c| c & 0xC0 != 0x80).count() + 1;
    DateError::Syntax { expected, at }
}

struct Cursor<'a> {
    b: &'a [u8],
    p: usize,
    hi: usize,
}

impl Cursor<'_> {
    /// The byte `k` ahead, or 0 past the end (0 never matches anything valid).
    fn ahead(&self, k: usize) -> u8 {
        if self.p + k < self.hi { self.b[self.p + k] } else { 0 }
    }

    fn peek(&self) -> u8 {
        self.ahead(0)
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == c;
        if hit {
            self.p += 1;
        }
        hit
    }

    fn qualifier(&mut self) -> Option<Qualifier> {
        let q = Qualifier::from_byte(self.peek());
        if q.is_some() {
            self.p += 1;
        }
        q
    }

    fn digits(&mut self) -> usize {
        let start = self.p;
        while self.peek().is_ascii_digit() {
            self.p += 1;
        }
        self.p - start
    }

    fn two_digits(&mut self, expected: &'static str) -> Result<u32, DateError> {
        let (a, b) = (self.ahead(0), self.ahead(1));
        if !(a.is_ascii_digit() && b.is_ascii_digit()) {
            return Err(self.error(expected));
        }
        self.p += 2;
        Ok(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    }

    /// Two characters each a digit or `X`, returned as written.
    fn two_masked(&mut self, expected: &'static str) -> Result<[u8; 2], DateError> {
        let pair = [self.ahead(0), self.ahead(1)];
        if !pair.iter().all(|&c| c.is_ascii_digit() || c == b'X') {
            return Err(self.error(expected));
        }
        self.p += 2;
        Ok(pair)
    }

    fn error(&self, expected: &'static str) -> DateError {
        syntax(self.b, self.p, expected)
    }
}

#[derive(Clone, Copy)]
enum Year {
    /// Four characters, digits or `X`.
    Four([u8; 4]),
    /// Two or three digits: an ISO century or decade.
    Short,
    /// `Y` and its digits (positions into the input), with `E` or `S` seen.
    Y { lo: usize, hi: usize, neg: bool, extended: bool },
}

struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    fraction_zero: bool,
    zone: Option<(u32, u32)>,
}

/// Parses `b[lo..hi]` as one date (not an interval).
///
/// The first pass checks the shape, accepting level 2 shapes too and noting
/// the first level 2 feature; then impossible values are reported before
/// level 2 refusals, so `156X-09-31` is called impossible, not unsupported.
fn single(b: &[u8], lo: usize, hi: usize) -> Result<Single, DateError> {
    let mut c = Cursor { b, p: lo, hi };
    let mut unsupported: Option<&'static str> = None;
    let mut note = |feature: &'static str| {
        unsupported.get_or_insert(feature);
    };

    if c.qualifier().is_some() {
        note(L2_INNER_QUALIFIER);
    }
    let neg = c.eat(b'-');
    let year_at = c.p;
    let year = if c.peek() == b'Y' {
        if neg {
            return Err(c.error("a digit"));
        }
        c.p += 1;
        let y_neg = c.eat(b'-');
        let digits_at = c.p;
        if c.digits() == 0 {
            return Err(c.error("a digit"));
        }
        let digits_end = c.p;
        let mut extended = false;
        if c.eat(b'E') {
            if c.digits() == 0 {
                return Err(c.error("a digit"));
            }
            note(L2_EXPONENT);
            extended = true;
        }
        if c.eat(b'S') {
            if c.digits() == 0 {
                return Err(c.error("a digit"));
            }
            note(L2_SIGNIFICANT);
            extended = true;
        }
        if extended && c.p != hi {
            return Err(c.error("end of date"));
        }
        Year::Y { lo: digits_at, hi: digits_end, neg: y_neg, extended }
    } else {
        while c.peek().is_ascii_digit() || c.peek() == b'X' {
            c.p += 1;
        }
        let run = &b[year_at..c.p];
        let short_ok = run.iter().all(u8::is_ascii_digit) && (c.p == hi || Qualifier::from_byte(c.peek()).is_some());
        let year = match run.len() {
            4 => Year::Four([run[0], run[1], run[2], run[3]]),
            2 | 3 if short_ok => Year::Short,
            0..=3 => return Err(syntax(b, year_at, "a four-digit year")),
            _ => {
                return Err(DateError::Invalid {
                    reason: "a year has four digits; write longer years with a Y prefix, like Y12345",
                });
            }
        };
        if matches!(year, Year::Four(_)) && c.eat(b'S') {
            if c.digits() == 0 {
                return Err(c.error("a digit"));
            }
            if c.p != hi {
                return Err(c.error("end of date"));
            }
            note(L2_SIGNIFICANT);
        }
        year
    };
    let year_end = c.p;

    let mut last_qualifier = c.qualifier();
    let mut month = None;
    let mut day = None;
    let mut time = None;
    if c.peek() == b'-' {
        if last_qualifier.is_some() {
            note(L2_INNER_QUALIFIER);
        }
        c.p += 1;
        if c.qualifier().is_some() {
            note(L2_INNER_QUALIFIER);
        }
        month = Some(c.two_masked("a two-digit month")?);
        last_qualifier = c.qualifier();
        if c.peek() == b'-' {
            if last_qualifier.is_some() {
                note(L2_INNER_QUALIFIER);
            }
            c.p += 1;
            if c.qualifier().is_some() {
                note(L2_INNER_QUALIFIER);
            }
            day = Some(c.two_masked("a two-digit day")?);
            last_qualifier = c.qualifier();
            if last_qualifier.is_none() && c.peek() == b'T' {
                time = Some(parse_time(&mut c)?);
            }
        }
    }
    if c.p != hi {
        return Err(c.error("end of date"));
    }
    let qualifier = last_qualifier.unwrap_or(Qualifier::None);

    // Impossible values.
    let year_text = || String::from_utf8_lossy(&b[year_at - usize::from(neg)..year_end]).into_owned();
    let year_known: Option<i64> = match year {
        Year::Four(chars) => {
            if neg && chars == *b"0000" {
                return Err(DateError::Impossible { reason: format!("there is no year {}; write 0000", year_text()) });
            }
            chars.iter().all(u8::is_ascii_digit).then(|| signed(neg, masked_value(&chars, b'0')))
        }
        Year::Short => {
            if neg && b[year_at..year_end].iter().all(|&c| c == b'0') {
                return Err(DateError::Impossible { reason: format!("there is no year {}", year_text()) });
            }
            note(SHORT_YEAR);
            None
        }
        Year::Y { lo, hi, neg, .. } => Some(signed(neg, saturating_value(&b[lo..hi]))),
    };
    let month_value = month.and_then(|m| m.iter().all(u8::is_ascii_digit).then(|| masked_value(&m, b'0') as u32));
    if let Some(m) = month {
        if let (Some(v @ 21..=41), Some(_)) = (month_value, day) {
            return Err(DateError::Impossible { reason: format!("season {v} has no days") });
        }
        let fits = |lo: u32, hi: u32| (lo..=hi).any(|v| masked_matches(m, v));
        if !(fits(1, 12) || (day.is_none() && fits(21, 41))) {
            return Err(DateError::Impossible { reason: format!("no month {}", pair_text(m)) });
        }
        if let Some(d) = day {
            // Only a fully known year can rule out 29 February.
            let longest = (1..=12).filter(|&v| masked_matches(m, v)).map(|v| days_in(year_known, v)).max().unwrap_or(0);
            if !(1..=longest).any(|v| masked_matches(d, v)) {
                return Err(DateError::Impossible {
                    reason: format!("{}-{} has no day {}", year_text(), pair_text(m), pair_text(d)),
                });
            }
        }
    }
    if let Some(t) = &time {
        check_time(t)?;
    }

    // Broken rules, then level 2 and other unsupported forms.
    let mut y_year = false;
    let mut x_count = 0u32;
    match year {
        Year::Four(chars) => {
            x_count = chars.iter().filter(|&&c| c == b'X').count() as u32;
            if chars[4 - x_count as usize..].iter().any(|&c| c != b'X') {
                note(L2_X_NOT_RIGHT);
            } else if x_count > 0 && month.is_some() {
                note(L2_X_YEAR_WITH_MONTH);
            }
        }
        Year::Short => {}
        Year::Y { lo, hi, extended, .. } => {
            y_year = true;
            if !extended && (hi - lo <= 4 || b[lo] == b'0') {
                return Err(DateError::Invalid {
                    reason: "a Y year needs more than four digits; write shorter years without Y",
                });
            }
            if month.is_some() || qualifier != Qualifier::None {
                note(Y_YEAR_EXTRAS);
            }
        }
    }
    let month_x = month.map_or(0, |m| m.iter().filter(|&&c| c == b'X').count());
    let day_x = day.map_or(0, |d| d.iter().filter(|&&c| c == b'X').count());
    if month_x == 1 {
        note(L2_X_PART_MONTH);
    }
    if day_x == 1 {
        note(L2_X_PART_DAY);
    }
    if month_x == 2 && day_x == 0 && day.is_some() {
        note(L2_DAY_IN_X_MONTH);
    }
    let season = matches!(month_value, Some(21..=41));
    if matches!(month_value, Some(25..=41)) {
        note(L2_SEASON);
    } else if season && qualifier != Qualifier::None {
        note(L2_QUALIFIED_SEASON);
    }
    if time.is_some() && day_x > 0 {
        return Err(DateError::Invalid { reason: "a date-time needs a fully specified day" });
    }
    if let Some(feature) = unsupported {
        return Err(DateError::Unsupported { feature });
    }

    // Only level 0 and 1 forms remain: a four-digit year with X only at the
    // right and no month, or a known year (four-digit or Y).
    let (first_year, last_year) = match (year, year_known) {
        (_, Some(y)) => (y, y),
        (Year::Four(chars), None) => {
            let (lo, hi) = (masked_value(&chars, b'0'), masked_value(&chars, b'9'));
            if neg { (-hi, -lo) } else { (lo, hi) }
        }
        _ => unreachable_year(),
    };
    if !(i64::from(NaiveDate::MIN.year())..=i64::from(NaiveDate::MAX.year())).contains(&first_year) {
        let text = match year {
            Year::Y { lo, hi, neg, .. } => {
                format!("{}{}", if neg { "-" } else { "" }, String::from_utf8_lossy(&b[lo..hi]))
            }
            _ => year_text(),
        };
        return Err(DateError::OutOfRange { year: text });
    }

    let y = first_year;
    let (precision, span) = match (month_value, day) {
        (None, None) if month.is_none() => (
            match x_count {
                0 => Precision::Year,
                1 => Precision::Decade,
                2 => Precision::Century,
                3 => Precision::Millennium,
                _ => Precision::Unspecified,
            },
            Span { earliest: first_of(month_index(first_year, 1)), latest: last_of(month_index(last_year, 12)) },
        ),
        // Month `XX` (and so day absent or `XX`): known to the year.
        (None, _) => {
            (Precision::Year, Span { earliest: first_of(month_index(y, 1)), latest: last_of(month_index(y, 12)) })
        }
        (Some(m @ 1..=12), Some(d)) if d != *b"XX" => {
            let day = ymd(y, m, masked_value(&d, b'0') as u32);
            (Precision::Day, Span::day(day))
        }
        (Some(m @ 1..=12), _) => {
            (Precision::Month, Span { earliest: first_of(month_index(y, m)), latest: last_of(month_index(y, m)) })
        }
        (Some(s), _) => {
            // Spring March–May, summer June–August, autumn September–November,
            // winter December to the end of February of the next year.
            let first = month_index(y, 3 * (s - 21) + 3);
            (Precision::Season, Span { earliest: first_of(first), latest: last_of(first + 2) })
        }
    };
    let widened = widen(span, precision, qualifier);
    Ok(Single {
        span,
        widened,
        precision,
        qualifier,
        has_time: time.is_some(),
        season,
        unspecified: x_count > 0 || month_x > 0 || day_x > 0,
        y_year,
    })
}

#[cold]
fn unreachable_year() -> (i64, i64) {
    // A short year is always refused above; kept total so no input can panic.
    (0, 0)
}

fn parse_time(c: &mut Cursor<'_>) -> Result<Time, DateError> {
    c.p += 1; // the `T`
    let hour = c.two_digits("a two-digit hour")?;
    if !c.eat(b':') {
        return Err(c.error("':'"));
    }
    let minute = c.two_digits("two-digit minutes")?;
    if !c.eat(b':') {
        return Err(c.error("':'"));
    }
    let second = c.two_digits("two-digit seconds")?;
    let mut fraction_zero = true;
    if c.eat(b'.') {
        if c.digits() == 0 {
            return Err(c.error("a digit"));
        }
        fraction_zero = c.b[..c.p].iter().rev().take_while(|d| d.is_ascii_digit()).all(|&d| d == b'0');
    }
    let zone = match c.peek() {
        b'Z' => {
            c.p += 1;
            Some((0, 0))
        }
        b'+' | b'-' => {
            c.p += 1;
            let h = c.two_digits("a two-digit time-zone hour")?;
            let m =
                if c.eat(b':') || c.peek().is_ascii_digit() { c.two_digits("two-digit time-zone minutes")? } else { 0 };
            Some((h, m))
        }
        _ => None,
    };
    Ok(Time { hour, minute, second, fraction_zero, zone })
}

fn check_time(t: &Time) -> Result<(), DateError> {
    let reason = if t.hour > 24 {
        format!("no hour {}", t.hour)
    } else if t.minute > 59 {
        format!("no minute {}", t.minute)
    } else if t.second > 60 {
        format!("no second {}", t.second)
    } else if t.hour == 24 && (t.minute, t.second, t.fraction_zero) != (0, 0, true) {
        // 24:00:00 is ISO 8601's end of the day, which is still that day.
        "no time after 24:00:00".to_owned()
    } else if t.second == 60 && (t.hour, t.minute) != (23, 59) {
        "no second 60 except in a leap second, 23:59:60".to_owned()
    } else {
        match t.zone {
            // The specification sets no range for offsets; the zone never
            // changes which day is meant, so only the clock limits apply.
            Some((h, _)) if h > 23 => format!("no time-zone hour {h}"),
            Some((_, m)) if m > 59 => format!("no time-zone minute {m}"),
            _ => return Ok(()),
        }
    };
    Err(DateError::Impossible { reason })
}

fn pair_text(p: [u8; 2]) -> String {
    [char::from(p[0]), char::from(p[1])].iter().collect()
}

/// The number written in `chars`, reading each `X` as `fill`.
fn masked_value(chars: &[u8], fill: u8) -> i64 {
    chars.iter().fold(0, |acc, &c| acc * 10 + i64::from(if c == b'X' { fill } else { c } - b'0'))
}

/// Digits as a number, saturating: anything that large is out of range anyway.
fn saturating_value(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |acc, &c| acc.saturating_mul(10).saturating_add(i64::from(c - b'0')))
}

fn signed(neg: bool, v: i64) -> i64 {
    if neg { -v } else { v }
}

fn masked_matches(pattern: [u8; 2], v: u32) -> bool {
    let digits = [(v / 10 % 10) as u8 + b'0', (v % 10) as u8 + b'0'];
    v < 100 && pattern.iter().zip(digits).all(|(&p, d)| p == b'X' || p == d)
}

fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

/// Days in month `m` of year `y`; with the year unknown, the most it can have.
fn days_in(y: Option<i64>, m: u32) -> u32 {
    match m {
        2 if y.is_none_or(is_leap) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Months counted from year 0, so month arithmetic is integer arithmetic.
fn month_index(y: i64, m: u32) -> i64 {
    y.saturating_mul(12).saturating_add(i64::from(m) - 1)
}

/// The first day of the month at `index`, saturating at the chrono range.
fn first_of(index: i64) -> NaiveDate {
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    match i32::try_from(y) {
        Ok(y) if (NaiveDate::MIN.year()..=NaiveDate::MAX.year()).contains(&y) => {
            NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
        }
        _ if y < 0 => NaiveDate::MIN,
        _ => NaiveDate::MAX,
    }
}

/// The last day of the month at `index`, saturating at the chrono range.
fn last_of(index: i64) -> NaiveDate {
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    match i32::try_from(y) {
        Ok(y) if (NaiveDate::MIN.year()..=NaiveDate::MAX.year()).contains(&y) => {
            NaiveDate::from_ymd_opt(y, m, days_in(Some(i64::from(y)), m)).unwrap_or(NaiveDate::MAX)
        }
        _ if y < 0 => NaiveDate::MIN,
        _ => NaiveDate::MAX,
    }
}

fn ymd(y: i64, m: u32, d: u32) -> NaiveDate {
    // Callers pass a validated day of an in-range year; the fallback only
    // keeps the function total.
    i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)).unwrap_or(NaiveDate::MIN)
}

/// Stretches a qualified span by one unit of its precision on each side.
fn widen(span: Span, precision: Precision, qualifier: Qualifier) -> Span {
    if qualifier == Qualifier::None {
        return span;
    }
    let months: i64 = match precision {
        Precision::Day => {
            return Span {
                earliest: span.earliest.pred_opt().unwrap_or(NaiveDate::MIN),
                latest: span.latest.succ_opt().unwrap_or(NaiveDate::MAX),
            };
        }
        Precision::Month => 1,
        Precision::Season => 3,
        Precision::Year => 12,
        Precision::Decade => 120,
        Precision::Century => 1_200,
        Precision::Millennium => 12_000,
        Precision::Unspecified => 120_000,
        Precision::Interval => return span,
    };
    let index = |d: NaiveDate| month_index(i64::from(d.year()), d.month());
    Span { earliest: first_of(index(span.earliest) - months), latest: last_of(index(span.latest) + months) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        let (neg, rest) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let mut parts = rest.split('-').map(|p| p.parse::<i32>().unwrap());
        let (y, m, d) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        NaiveDate::from_ymd_opt(if neg { -y } else { y }, m as u32, d as u32).unwrap()
    }

    fn span(a: &str, b: &str) -> Span {
        let end = |s: &str, open| if s == "open" { open } else { day(s) };
        Span { earliest: end(a, NaiveDate::MIN), latest: end(b, NaiveDate::MAX) }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn parses_spans_and_widened_spans() {
        use Precision as P;
        use Qualifier as Q;
        #[rustfmt::skip]
        let table: &[(&str, Precision, Qualifier, &str, &str, &str, &str)] = &[
            // written, precision, qualifier, span, widened
            ("2024", P::Year, Q::None, "2024-01-01", "2024-12-31", "2024-01-01", "2024-12-31"),
            ("2024-03", P::Month, Q::None, "2024-03-01", "2024-03-31", "2024-03-01", "2024-03-31"),
            ("2024-02", P::Month, Q::None, "2024-02-01", "2024-02-29", "2024-02-01", "2024-02-29"),
            ("2023-02", P::Month, Q::None, "2023-02-01", "2023-02-28", "2023-02-01", "2023-02-28"),
            ("2024-03-15", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("2024-03-15T10:30:00Z", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("2024-03-15T10:30:00+05:00", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("2024-03-15T10:30:00.125-0330", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("2024-03-15T23:59:60", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("2024-03-15T24:00:00", P::Day, Q::None, "2024-03-15", "2024-03-15", "2024-03-15", "2024-03-15"),
            ("-0044", P::Year, Q::None, "-0044-01-01", "-0044-12-31", "-0044-01-01", "-0044-12-31"),
            ("0000", P::Year, Q::None, "0000-01-01", "0000-12-31", "0000-01-01", "0000-12-31"),
            ("Y17000", P::Year, Q::None, "17000-01-01", "17000-12-31", "17000-01-01", "17000-12-31"),
            ("Y-17000", P::Year, Q::None, "-17000-01-01", "-17000-12-31", "-17000-01-01", "-17000-12-31"),
            ("2019~", P::Year, Q::Approximate, "2019-01-01", "2019-12-31", "2018-01-01", "2020-12-31"),
            ("2019-04?", P::Month, Q::Uncertain, "2019-04-01", "2019-04-30", "2019-03-01", "2019-05-31"),
            ("2019-01%", P::Month, Q::Both, "2019-01-01", "2019-01-31", "2018-12-01", "2019-02-28"),
            ("2019-03-01~", P::Day, Q::Approximate, "2019-03-01", "2019-03-01", "2019-02-28", "2019-03-02"),
            ("-0001~", P::Year, Q::Approximate, "-0001-01-01", "-0001-12-31", "-0002-01-01", "0000-12-31"),
            ("201X", P::Decade, Q::None, "2010-01-01", "2019-12-31", "2010-01-01", "2019-12-31"),
            ("201X~", P::Decade, Q::Approximate, "2010-01-01", "2019-12-31", "2000-01-01", "2029-12-31"),
            ("20XX", P::Century, Q::None, "2000-01-01", "2099-12-31", "2000-01-01", "2099-12-31"),
            ("16XX%", P::Century, Q::Both, "1600-01-01", "1699-12-31", "1500-01-01", "1799-12-31"),
            ("1XXX", P::Millennium, Q::None, "1000-01-01", "1999-12-31", "1000-01-01", "1999-12-31"),
            ("1XXX?", P::Millennium, Q::Uncertain, "1000-01-01", "1999-12-31", "0000-01-01", "2999-12-31"),
            ("XXXX", P::Unspecified, Q::None, "0000-01-01", "9999-12-31", "0000-01-01", "9999-12-31"),
            ("XXXX~", P::Unspecified, Q::Approximate, "0000-01-01", "9999-12-31", "-10000-01-01", "19999-12-31"),
            ("-01XX", P::Century, Q::None, "-0199-01-01", "-0100-12-31", "-0199-01-01", "-0100-12-31"),
            ("-01XX~", P::Century, Q::Approximate, "-0199-01-01", "-0100-12-31", "-0299-01-01", "0000-12-31"),
            ("2024-XX", P::Year, Q::None, "2024-01-01", "2024-12-31", "2024-01-01", "2024-12-31"),
            ("2019-XX?", P::Year, Q::Uncertain, "2019-01-01", "2019-12-31", "2018-01-01", "2020-12-31"),
            ("1985-04-XX", P::Month, Q::None, "1985-04-01", "1985-04-30", "1985-04-01", "1985-04-30"),
            ("2019-07-XX%", P::Month, Q::Both, "2019-07-01", "2019-07-31", "2019-06-01", "2019-08-31"),
            ("1999-XX-XX", P::Year, Q::None, "1999-01-01", "1999-12-31", "1999-01-01", "1999-12-31"),
            ("2001-21", P::Season, Q::None, "2001-03-01", "2001-05-31", "2001-03-01", "2001-05-31"),
            ("2001-22", P::Season, Q::None, "2001-06-01", "2001-08-31", "2001-06-01", "2001-08-31"),
            ("2001-23", P::Season, Q::None, "2001-09-01", "2001-11-30", "2001-09-01", "2001-11-30"),
            ("2001-24", P::Season, Q::None, "2001-12-01", "2002-02-28", "2001-12-01", "2002-02-28"),
            ("2019-24", P::Season, Q::None, "2019-12-01", "2020-02-29", "2019-12-01", "2020-02-29"),
            ("-2004-23", P::Season, Q::None, "-2004-09-01", "-2004-11-30", "-2004-09-01", "-2004-11-30"),
            // Intervals: the start's precision and qualifier; each end widened by its own.
            ("2023-06/2023-12", P::Month, Q::None, "2023-06-01", "2023-12-31", "2023-06-01", "2023-12-31"),
            ("1984~/2004-06", P::Year, Q::Approximate, "1984-01-01", "2004-06-30", "1983-01-01", "2004-06-30"),
            ("1984/2004-06~", P::Year, Q::None, "1984-01-01", "2004-06-30", "1984-01-01", "2004-07-31"),
            ("1984?/2004%", P::Year, Q::Uncertain, "1984-01-01", "2004-12-31", "1983-01-01", "2005-12-31"),
            ("../2018", P::Year, Q::None, "open", "2018-12-31", "open", "2018-12-31"),
            ("2021/..", P::Year, Q::None, "2021-01-01", "open", "2021-01-01", "open"),
            ("/2006", P::Year, Q::None, "open", "2006-12-31", "open", "2006-12-31"),
            ("2004-06/", P::Month, Q::None, "2004-06-01", "open", "2004-06-01", "open"),
            ("../2019-04?", P::Month, Q::Uncertain, "open", "2019-04-30", "open", "2019-05-31"),
            ("../..", P::Interval, Q::None, "open", "open", "open", "open"),
            ("/", P::Interval, Q::None, "open", "open", "open", "open"),
            ("0000-01/0000-01-03", P::Month, Q::None, "0000-01-01", "0000-01-03", "0000-01-01", "0000-01-03"),
        ];
        let mut failures = Vec::new();
        for &(s, precision, qualifier, a, b, wa, wb) in table {
            let got = match Date::parse(s) {
                Ok(got) => got,
                Err(e) => {
                    failures.push(format!("{s}: {e}"));
                    continue;
                }
            };
            let want = (precision, qualifier, span(a, b), span(wa, wb));
            let have = (got.precision(), got.qualifier(), got.span(), got.widened());
            if have != want {
                failures.push(format!("{s}: got {have:?}, want {want:?}"));
            }
            assert_eq!(got.is_interval(), s.contains('/'), "{s}");
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn widening_saturates_at_the_ends_of_the_calendar() {
        // Y years take no qualifier, so the extremes are widened directly.
        let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
        let top = d(&format!("Y{max}")).span();
        assert_eq!(top.latest, NaiveDate::MAX);
        let wide = widen(top, Precision::Year, Qualifier::Approximate);
        assert_eq!(wide, Span { earliest: day(&format!("{}-01-01", max - 1)), latest: NaiveDate::MAX });
        let bottom = d(&format!("Y{min}")).span();
        assert_eq!(bottom.earliest, NaiveDate::MIN);
        assert_eq!(widen(bottom, Precision::Millennium, Qualifier::Both).earliest, NaiveDate::MIN);
        assert_eq!(widen(Span::ALL, Precision::Day, Qualifier::Uncertain), Span::ALL);
        assert_eq!(widen(Span::ALL, Precision::Unspecified, Qualifier::Uncertain), Span::ALL);
        assert_eq!(d("XXXX~").widened().earliest, day("-10000-01-01"));
        assert!(matches!(Date::parse(&format!("Y{}", max + 1)), Err(DateError::OutOfRange { .. })));
        assert!(matches!(Date::parse(&format!("Y{}", min - 1)), Err(DateError::OutOfRange { .. })));
    }

    #[test]
    fn displays_exactly_as_written() {
        for s in ["2024", "2024-03-15T10:30:00.000+05:00", "Y-17000", "201X~", "../2018", "/", "2004-06/", "-0044%"] {
            let date = d(s);
            assert_eq!(date.to_string(), s);
            assert_eq!(date.as_str(), s);
            assert_eq!(s.parse::<Date>().unwrap(), date);
        }
    }

    #[test]
    fn orders_by_earliest_then_latest_then_text() {
        let mut dates: Vec<Date> =
            ["2024-03", "2024", "2023-12-31", "2024-03-01", "../2000", "2024~", "2024-01", "-0044"].map(d).to_vec();
        dates.sort();
        let order: Vec<&str> = dates.iter().map(Date::as_str).collect();
        assert_eq!(order, ["../2000", "-0044", "2023-12-31", "2024-01", "2024", "2024~", "2024-03-01", "2024-03"]);
        assert!(d("2024") < d("2024~"), "same spans fall back to the text");
        assert_eq!(d("2024").cmp(&d("2024")), Ordering::Equal);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        #[rustfmt::skip]
        let table: &[(&str, &str)] = &[
            ("", "empty date"),
            (" 2024", "date has leading or trailing whitespace"),
            ("2024\n", "date has leading or trailing whitespace"),
            ("2023-13", "no month 13"),
            ("2023-00", "no month 00"),
            ("2023-02-30", "2023-02 has no day 30"),
            ("2023-02-29", "2023-02 has no day 29"),
            ("-2023-04-31", "-2023-04 has no day 31"),
            ("15XX-02-3X", "15XX-02 has no day 3X"),
            ("2019-XX-00", "2019-XX has no day 00"),
            ("2019-21-05", "season 21 has no days"),
            ("-0000", "there is no year -0000; write 0000"),
            ("2016-05-02T25:00:00", "no hour 25"),
            ("2016-05-02T24:00:01", "no time after 24:00:00"),
            ("2016-05-02T01:01:60", "no second 60 except in a leap second, 23:59:60"),
            ("2016-05-02T12:00:00+24", "no time-zone hour 24"),
            ("2004?-06", "EDTF level 2 (qualifier inside a date) is not supported"),
            ("?2004", "EDTF level 2 (qualifier inside a date) is not supported"),
            ("2004-?06", "EDTF level 2 (qualifier inside a date) is not supported"),
            ("1X99", "EDTF level 2 (X digit followed by a known digit in the year) is not supported"),
            ("15XX-12-31", "EDTF level 2 (X digits in the year of a date with a month) is not supported"),
            ("1500-1X-25", "EDTF level 2 (X digit in part of a month) is not supported"),
            ("2001-25", "EDTF level 2 (season 25 to 41) is not supported"),
            ("2001-21~", "EDTF level 2 (qualified season) is not supported"),
            ("[1667, 1668]", "EDTF level 2 (set of dates) is not supported"),
            ("Y17E7", "EDTF level 2 (exponent in a year) is not supported"),
            ("1950S2", "EDTF level 2 (significant digits) is not supported"),
            ("193", "a century or decade written with two or three digits (write 19XX or 193X) is not supported"),
            ("2004-06-XX/2004-07-03", "EDTF level 2 (X digits in an interval end) is not supported"),
            ("2001-21/2001-23", "a season as an interval end is not supported"),
            ("Y300000", "year 300000 is outside the supported range"),
            ("Y-99999999999999999999999", "year -99999999999999999999999 is outside the supported range"),
            ("Y1700", "a Y year needs more than four digits; write shorter years without Y"),
            ("12345", "a year has four digits; write longer years with a Y prefix, like Y12345"),
            ("2024/2023", "interval starts after it ends"),
            ("2024-03-15T10:30:00Z/2025", "a date-time cannot be an interval end; write the day alone"),
            ("2024-3", "expected a two-digit month at character 6"),
            ("2024-03-1", "expected a two-digit day at character 9"),
            ("2024-03-15T10:30", "expected ':' at character 17"),
            ("2024?~", "expected end of date at character 6"),
            ("né 2024", "expected a four-digit year at character 1"),
            ("2024é", "expected end of date at character 5"),
            ("2019-1é", "expected a two-digit month at character 6"),
            ("2012/2013/2014", "expected the end of the interval (it has one '/') at character 10"),
            ("[1999}", "expected ']' at character 7"),
            ("[1 999]", "expected a four-digit year at character 2"),
            ("..", "expected a four-digit year at character 1"),
        ];
        let mut failures = Vec::new();
        for &(s, want) in table {
            match Date::parse(s) {
                Ok(_) => failures.push(format!("{s:?}: parsed")),
                Err(e) if e.to_string() != want => failures.push(format!("{s:?}: {e:?} says {e:?}, want {want:?}")),
                Err(_) => {}
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
        assert!(matches!(Date::parse("2004?-06"), Err(DateError::Unsupported { .. })));
        assert!(matches!(Date::parse("Y300000"), Err(DateError::OutOfRange { .. })));
        assert_eq!(Date::parse("2024/2023"), Err(DateError::Reversed));
    }

    #[test]
    fn never_panics_and_keeps_its_invariants() {
        fn check(s: &str) {
            if let Ok(date) = Date::parse(s) {
                let (span, wide) = (date.span(), date.widened());
                assert!(span.earliest <= span.latest, "{s}");
                assert!(wide.earliest <= span.earliest && span.latest <= wide.latest, "{s}");
                if date.qualifier() == Qualifier::None && !date.is_interval() {
                    assert_eq!(span, wide, "{s}");
                }
                assert_eq!(date.as_str(), s);
            }
        }
        // Every string of up to four characters from an alphabet of the
        // characters the grammar cares about, plus some that it does not.
        let alphabet: Vec<char> = "019X-/.?~%YEST:Z+[],{} é".chars().collect();
        let mut s = String::new();
        fn all(alphabet: &[char], s: &mut String, depth: usize, check: &dyn Fn(&str)) {
            check(s);
            if depth == 0 {
                return;
            }
            for &c in alphabet {
                s.push(c);
                all(alphabet, s, depth - 1, check);
                s.pop();
            }
        }
        all(&alphabet, &mut s, 4, &check);
        // Longer strings: mutations of valid dates by a fixed pseudo-random walk.
        let seeds = ["2016-05-02T16:54:59.042+02:30", "1984-06-02?/2004-08-08~", "-01XX~", "Y-170002", "2019-24"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let seed: Vec<char> = seeds[(state % 5) as usize].chars().collect();
            let mut v = seed.clone();
            let at = (state >> 8) as usize % v.len();
            v[at] = alphabet[(state >> 20) as usize % alphabet.len()];
            if state & 1 == 0 {
                v.insert((state >> 32) as usize % v.len(), alphabet[(state >> 40) as usize % alphabet.len()]);
            }
            check(&v.into_iter().collect::<String>());
        }
        for s in
            ["9".repeat(10_000), format!("Y{}", "9".repeat(10_000)), format!("Y-{}", "1".repeat(300)), "\u{0}".into()]
        {
            check(&s);
            assert!(Date::parse(&s).is_err());
        }
    }

    #[test]
    fn plain_fast_path_agrees_with_the_full_parser() {
        let mut checked = 0;
        for y in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            let mut forms = vec![y.to_owned()];
            for m in 0..=13 {
                forms.push(format!("{y}-{m:02}"));
                forms.extend((0..=32).map(|d| format!("{y}-{m:02}-{d:02}")));
            }
            for s in forms {
                let b = s.as_bytes();
                let full = single(b, 0, b.len()).ok().map(|d| (d.span, d.precision));
                assert_eq!(plain(b), full, "{s}");
                checked += usize::from(full.is_some());
            }
        }
        // 0000, 2000 and 2024 are leap years.
        assert_eq!(checked, 7 * (1 + 12) + 3 * 366 + 4 * 365);
    }

    #[test]
    fn stays_small() {
        assert!(size_of::<Date>() <= 48, "{}", size_of::<Date>());
    }

    #[test]
    fn unknown_placeholder_is_the_fully_unknown_interval() {
        assert_eq!(Date::unknown(), d("/"));
        assert_eq!(Date::unknown().ends(), Some((End::Unknown, End::Unknown)));
        assert_eq!(
            d("../2004-06~").ends(),
            Some((End::Open, End::Known { precision: Precision::Month, qualifier: Qualifier::Approximate }))
        );
        assert_eq!(d("2004").ends(), None);
    }

    #[test]
    fn coverage_table() {
        use Coverage::{Certain, No, Possible};
        let at = |s: &str| d(s).span();
        #[rustfmt::skip]
        let table: &[(Option<&str>, Option<&str>, &str, Coverage)] = &[
            // Day-precision tenure, day-precision question.
            (Some("2020-03-01"), Some("2020-06-30"), "2020-03-01", Certain),
            (Some("2020-03-01"), Some("2020-06-30"), "2020-06-30", Certain),
            (Some("2020-03-01"), Some("2020-06-30"), "2020-02-29", No),
            (Some("2020-03-01"), Some("2020-06-30"), "2020-07-01", No),
            // Coarser questions straddling an end are only possible.
            (Some("2020-03-01"), Some("2020-06-30"), "2020-06", Certain),
            (Some("2020-03-01"), Some("2020-06-29"), "2020-06", Possible),
            (Some("2020-03-01"), Some("2020-06-30"), "2020", Possible),
            (Some("2020-03-01"), Some("2020-06-30"), "2019", No),
            // Year-precision ends: inside the end years only possibly.
            (Some("2020"), Some("2022"), "2021-06-15", Certain),
            (Some("2020"), Some("2022"), "2020-12-31", Certain),
            (Some("2020"), Some("2022"), "2020-06-15", Possible),
            (Some("2020"), Some("2022"), "2022-01-01", Certain),
            (Some("2020"), Some("2022"), "2022-01-02", Possible),
            (Some("2020"), Some("2022"), "2023-01-01", No),
            (Some("2020"), Some("2020"), "2020-06-15", Possible),
            // Month precision.
            (Some("2020-03"), Some("2020-05"), "2020-04", Certain),
            (Some("2020-03"), Some("2020-05"), "2020-03-31", Certain),
            (Some("2020-03"), Some("2020-05"), "2020-03-30", Possible),
            (Some("2020-03"), Some("2020-05"), "2020-06-01", No),
            // Open ends.
            (None, None, "2020", Certain),
            (None, Some("2020-06-30"), "1066-10-14", Certain),
            (None, Some("2020-06-30"), "2020-07-01", No),
            (Some("2020-03-01"), None, "9999-12-31", Certain),
            (Some("2020-03-01"), None, "2020-02-29", No),
            (None, None, "../..", Certain),
            (Some("2020-03-01"), None, "2021/..", Certain),
            (Some("2020-03-01"), None, "2019/..", Possible),
            // Qualified ends widen by a unit: possible further out, certain less far.
            (Some("2020~"), Some("2022"), "2019-06-15", Possible),
            (Some("2020~"), Some("2022"), "2018-12-31", No),
            (Some("2020~"), Some("2022"), "2021-06-15", Possible),
            (Some("2020~"), Some("2022"), "2021-12-30", Possible),
            (Some("2020~"), Some("2022"), "2021-12-31", Certain),
            (Some("2020-01-10"), Some("2020-03?"), "2020-04-15", Possible),
            (Some("2020-01-10"), Some("2020-03?"), "2020-02-01", Certain),
            (Some("2020-01-10"), Some("2020-03?"), "2020-02-02", Possible),
            (Some("2020-01-10"), Some("2020-03?"), "2020-01", Possible),
            (Some("2020-01-10"), Some("2020-03?"), "2020-05-01", No),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-09", Possible),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-11", Certain),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-10", Possible),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-08", No),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-19", Certain),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-21", Possible),
            (Some("2020-01-10%"), Some("2020-01-20%"), "2020-01-22", No),
            // Unspecified digits count at their written precision.
            (Some("201X"), None, "2019-12-30", Possible),
            (Some("201X"), None, "2019-12-31", Certain),
            (Some("201X"), None, "2009-12-31", No),
            (Some("201X~"), None, "2009-12-31", Possible),
            // Interval ends: a start written as a range begins somewhere within it.
            (Some("2019/2020"), Some("2022"), "2020-12-31", Certain),
            (Some("2019/2020"), Some("2022"), "2019-01-01", Possible),
            (Some("../2020"), Some("2022"), "1900", Possible),
            (Some("2020"), Some("2022/.."), "2023", Possible),
            (Some("2020"), Some("2022/.."), "2022-01-01", Certain),
            (Some("2020"), Some("2022/.."), "2022-06", Possible),
        ];
        let mut failures = Vec::new();
        for &(start, end, when, want) in table {
            let (start, end) = (start.map(d), end.map(d));
            let got = coverage(start.as_ref(), end.as_ref(), at(when));
            if got != want {
                failures.push(format!("{start:?}..{end:?} at {when}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
        assert_eq!(coverage(None, None, Span::ALL), Certain);
        assert_eq!(coverage(Some(&d("2020")), None, Span::ALL), Possible);
        assert!(Certain > Possible && Possible > No);
    }

    #[test]
    fn certainly_after_table() {
        #[rustfmt::skip]
        let table: &[(&str, &str, bool)] = &[
            ("2021", "2020", true),
            ("2020", "2020", false),
            ("2020-06", "2020", false),
            ("2021-01-01", "2020-12-31", true),
            ("2020-12-31", "2020-12-31", false),
            ("2021~", "2020", false),
            ("2022~", "2020", true),
            ("2021", "2020?", false),
            ("2021-01?", "2020-12", false),
            ("2021-02?", "2020-12", true),
            ("2021-01-02%", "2020-12-31", true),
            ("2021-01-02%", "2020-12-31%", false),
            ("2021-01-03%", "2020-12-31%", true),
            ("2021/..", "2020", true),
            ("../2021", "2020", false),
            ("2021", "../2020", true),
            ("2021", "2019/..", false),
            ("203X", "2029", true),
            ("203X~", "2029", false),
        ];
        for &(start, end, want) in table {
            assert_eq!(certainly_after(&d(start), &d(end)), want, "{start} after {end}");
        }
    }
}
