//! The byte-level EDTF parser behind [`super::Date::parse`].

use super::*;

/// The span of a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or `None` to
/// leave the string to the full parser.
///
/// Nearly every date in real data has one of these shapes, and checking for
/// them directly makes parsing them several times faster.
pub(super) fn plain(b: &[u8]) -> Option<(Span, Precision)> {
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
pub(super) struct Single {
    pub(super) span: Span,
    pub(super) widened: Span,
    pub(super) precision: Precision,
    pub(super) qualifier: Qualifier,
    pub(super) has_time: bool,
    pub(super) season: bool,
    pub(super) unspecified: bool,
    pub(super) y_year: bool,
}

pub(super) enum IntervalEnd {
    Open,
    Unknown,
    Known(Single),
}

impl IntervalEnd {
    pub(super) fn date(&self) -> Option<&Single> {
        match self {
            IntervalEnd::Known(d) => Some(d),
            _ => None,
        }
    }

    pub(super) fn end(&self) -> End {
        match self {
            IntervalEnd::Open => End::Open,
            IntervalEnd::Unknown => End::Unknown,
            IntervalEnd::Known(d) => End::Known { precision: d.precision, qualifier: d.qualifier },
        }
    }
}

pub(super) fn interval_end(b: &[u8], lo: usize, hi: usize) -> Result<IntervalEnd, DateError> {
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
pub(super) fn set_error(b: &[u8]) -> DateError {
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

pub(super) fn set_element(b: &[u8], mut lo: usize, mut hi: usize) -> Result<(), DateError> {
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

pub(super) fn set_date(b: &[u8], lo: usize, hi: usize) -> Result<(), DateError> {
    match single(b, lo, hi) {
        Ok(_) | Err(DateError::Unsupported { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

pub(super) fn syntax(b: &[u8], pos: usize, expected: &'static str) -> DateError {
    // Characters, not bytes: the position is shown to a person. Counting
    // non-continuation bytes works even if `pos` is inside a character.
    let at = b[..pos.min(b.len())].iter().filter(|&&c| c & 0xC0 != 0x80).count() + 1;
    DateError::Syntax { expected, at }
}

pub(super) struct Cursor<'a> {
    pub(super) b: &'a [u8],
    pub(super) p: usize,
    hi: usize,
}

impl Cursor<'_> {
    /// The byte `k` ahead, or 0 past the end (0 never matches anything valid).
    pub(super) fn ahead(&self, k: usize) -> u8 {
        if self.p + k < self.hi { self.b[self.p + k] } else { 0 }
    }

    pub(super) fn peek(&self) -> u8 {
        self.ahead(0)
    }

    pub(super) fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == c;
        if hit {
            self.p += 1;
        }
        hit
    }

    pub(super) fn qualifier(&mut self) -> Option<Qualifier> {
        let q = Qualifier::from_byte(self.peek());
        if q.is_some() {
            self.p += 1;
        }
        q
    }

    pub(super) fn digits(&mut self) -> usize {
        let start = self.p;
        while self.peek().is_ascii_digit() {
            self.p += 1;
        }
        self.p - start
    }

    pub(super) fn two_digits(&mut self, expected: &'static str) -> Result<u32, DateError> {
        let (a, b) = (self.ahead(0), self.ahead(1));
        if !(a.is_ascii_digit() && b.is_ascii_digit()) {
            return Err(self.error(expected));
        }
        self.p += 2;
        Ok(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    }

    /// Two characters each a digit or `X`, returned as written.
    pub(super) fn two_masked(&mut self, expected: &'static str) -> Result<[u8; 2], DateError> {
        let pair = [self.ahead(0), self.ahead(1)];
        if !pair.iter().all(|&c| c.is_ascii_digit() || c == b'X') {
            return Err(self.error(expected));
        }
        self.p += 2;
        Ok(pair)
    }

    pub(super) fn error(&self, expected: &'static str) -> DateError {
        syntax(self.b, self.p, expected)
    }
}

#[derive(Clone, Copy)]
pub(super) enum Year {
    /// Four characters, digits or `X`.
    Four([u8; 4]),
    /// Two or three digits: an ISO century or decade.
    Short,
    /// `Y` and its digits (positions into the input), with `E` or `S` seen.
    Y { lo: usize, hi: usize, neg: bool, extended: bool },
}

pub(super) struct Time {
    pub(super) hour: u32,
    pub(super) minute: u32,
    second: u32,
    fraction_zero: bool,
    zone: Option<(u32, u32)>,
}

/// Parses `b[lo..hi]` as one date (not an interval).
///
/// The first pass checks the shape, accepting level 2 shapes too and noting
/// the first level 2 feature; then impossible values are reported before
/// level 2 refusals, so `156X-09-31` is called impossible, not unsupported.
pub(super) fn single(b: &[u8], lo: usize, hi: usize) -> Result<Single, DateError> {
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
pub(super) fn unreachable_year() -> (i64, i64) {
    // A short year is always refused above; kept total so no input can panic.
    (0, 0)
}

pub(super) fn parse_time(c: &mut Cursor<'_>) -> Result<Time, DateError> {
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

pub(super) fn check_time(t: &Time) -> Result<(), DateError> {
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

pub(super) fn pair_text(p: [u8; 2]) -> String {
    [char::from(p[0]), char::from(p[1])].iter().collect()
}

/// The number written in `chars`, reading each `X` as `fill`.
pub(super) fn masked_value(chars: &[u8], fill: u8) -> i64 {
    chars.iter().fold(0, |acc, &c| acc * 10 + i64::from(if c == b'X' { fill } else { c } - b'0'))
}

/// Digits as a number, saturating: anything that large is out of range anyway.
pub(super) fn saturating_value(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |acc, &c| acc.saturating_mul(10).saturating_add(i64::from(c - b'0')))
}

pub(super) fn signed(neg: bool, v: i64) -> i64 {
    if neg { -v } else { v }
}

pub(super) fn masked_matches(pattern: [u8; 2], v: u32) -> bool {
    let digits = [(v / 10 % 10) as u8 + b'0', (v % 10) as u8 + b'0'];
    v < 100 && pattern.iter().zip(digits).all(|(&p, d)| p == b'X' || p == d)
}

pub(super) fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

/// Days in month `m` of year `y`; with the year unknown, the most it can have.
pub(super) fn days_in(y: Option<i64>, m: u32) -> u32 {
    match m {
        2 if y.is_none_or(is_leap) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Months counted from year 0, so month arithmetic is integer arithmetic.
pub(super) fn month_index(y: i64, m: u32) -> i64 {
    y.saturating_mul(12).saturating_add(i64::from(m) - 1)
}

/// The first day of the month at `index`, saturating at the chrono range.
pub(super) fn first_of(index: i64) -> NaiveDate {
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
pub(super) fn last_of(index: i64) -> NaiveDate {
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    match i32::try_from(y) {
        Ok(y) if (NaiveDate::MIN.year()..=NaiveDate::MAX.year()).contains(&y) => {
            NaiveDate::from_ymd_opt(y, m, days_in(Some(i64::from(y)), m)).unwrap_or(NaiveDate::MAX)
        }
        _ if y < 0 => NaiveDate::MIN,
        _ => NaiveDate::MAX,
    }
}

pub(super) fn ymd(y: i64, m: u32, d: u32) -> NaiveDate {
    // Callers pass a validated day of an in-range year; the fallback only
    // keeps the function total.
    i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)).unwrap_or(NaiveDate::MIN)
}

/// Stretches a qualified span by one unit of its precision on each side.
pub(super) fn widen(span: Span, precision: Precision, qualifier: Qualifier) -> Span {
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
