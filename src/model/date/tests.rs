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
    for s in ["9".repeat(10_000), format!("Y{}", "9".repeat(10_000)), format!("Y-{}", "1".repeat(300)), "\u{0}".into()]
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
