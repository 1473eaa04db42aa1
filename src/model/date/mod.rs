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
use std::sync::{LazyLock, Mutex, PoisonError};

use chrono::{Datelike, NaiveDate};

/// A date exactly as written in the dataset plus its parsed meaning.
///
/// A dataset of a million people holds millions of dates but only a few
/// thousand distinct ones, so a `Date` is one pointer to a parsed value
/// interned for the life of the process: a tenure's two dates take 16
/// bytes, and cloning or dropping one is a plain copy, with no reference
/// count to update. (Counting them, with an `Arc`, took two thirds of the
/// time to decode a tenure from a snapshot: an atomic add on a line other
/// threads share.)
///
/// Interned values are never freed, as a compiler's symbols are not: the
/// memory they keep is bounded by the distinct date texts the process has
/// seen, tens of bytes each (twenty thousand in a million-person dataset).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Date(&'static Parsed);

/// Every date parsed so far, by its text.
static INTERNED: LazyLock<Mutex<rustc_hash::FxHashMap<&'static str, &'static Parsed>>> =
    LazyLock::new(Default::default);

#[derive(PartialEq, Eq, Hash)]
struct Parsed {
    // First so that derived equality usually decides on the string alone;
    // everything else is a function of it.
    raw: Box<str>,
    span: Span,
    widened: Span,
    shape: Shape,
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        f.debug_struct("Date")
            .field("raw", &p.raw)
            .field("span", &p.span)
            .field("widened", &p.widened)
            .field("shape", &p.shape)
            .finish()
    }
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
        if let Some(d) = Date::interned(s) {
            return Ok(d);
        }
        let b = s.as_bytes();
        if let Some((span, precision)) = plain(b) {
            return Ok(Date::new(s, span, span, Shape::Single { precision, qualifier: Qualifier::None }));
        }
        if matches!(b[0], b'[' | b'{') {
            return Err(set_error(b));
        }
        let Some(slash) = b.iter().position(|&c| c == b'/') else {
            let one = single(b, 0, b.len())?;
            let shape = Shape::Single { precision: one.precision, qualifier: one.qualifier };
            return Ok(Date::new(s, one.span, one.widened, shape));
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
        let span = Span {
            earliest: start.date().map_or(NaiveDate::MIN, |d| d.span.earliest),
            latest: end.date().map_or(NaiveDate::MAX, |d| d.span.latest),
        };
        let widened = Span {
            earliest: start.date().map_or(NaiveDate::MIN, |d| d.widened.earliest),
            latest: end.date().map_or(NaiveDate::MAX, |d| d.widened.latest),
        };
        Ok(Date::new(s, span, widened, Shape::Interval { start: start.end(), end: end.end() }))
    }

    /// A placeholder meaning "no idea when": the interval `/`, unknown at
    /// both ends, whose span is every day.
    pub fn unknown() -> Date {
        Date::new("/", Span::ALL, Span::ALL, Shape::Interval { start: End::Unknown, end: End::Unknown })
    }

    /// The date written `raw`, interned: every `Date` of one text points
    /// to the same value.
    fn new(raw: &str, span: Span, widened: Span, shape: Shape) -> Date {
        let mut table = INTERNED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&p) = table.get(raw) {
            return Date(p);
        }
        let p: &'static Parsed = Box::leak(Box::new(Parsed { raw: raw.into(), span, widened, shape }));
        table.insert(&p.raw, p);
        Date(p)
    }

    /// The date written `s`, if it was interned already (and so is valid).
    fn interned(s: &str) -> Option<Date> {
        INTERNED.lock().unwrap_or_else(PoisonError::into_inner).get(s).map(|&p| Date(p))
    }

    /// The date exactly as written.
    pub fn as_str(&self) -> &str {
        &self.0.raw
    }

    /// The earliest and latest day the date can mean at its written precision.
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// [`span`](Date::span), with each qualified (`~ ? %`) part stretched by one
    /// unit of its precision on each side; equal to the span when unqualified.
    pub fn widened(&self) -> Span {
        self.0.widened
    }

    /// Whether the date is an interval `A/B`.
    pub fn is_interval(&self) -> bool {
        matches!(self.0.shape, Shape::Interval { .. })
    }

    /// The interval's start and end, or `None` for a single date.
    pub fn ends(&self) -> Option<(End, End)> {
        match self.0.shape {
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
        match self.0.shape {
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
        f.write_str(self.as_str())
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
        let (a, b) = (self.span(), other.span());
        a.earliest.cmp(&b.earliest).then(a.latest.cmp(&b.latest)).then_with(|| self.as_str().cmp(other.as_str()))
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
    start.widened().earliest > end.widened().latest
}

mod parse;
use parse::*;

#[cfg(test)]
mod tests;
