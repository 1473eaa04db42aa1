//! Conformance of `orgline::model::date` against EDTF vectors gathered from
//! six other implementations (see `tests/testdata/SOURCES.md`;
//! `tests/testdata` is an unchanged copy of `../shared/testdata`).
//!
//! Each test collects every failure before asserting, so one run shows all
//! problems with a count.

use std::fs;

use chrono::{Datelike, NaiveDate};
use orgline::model::date::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testdata/edtf/");

/// The strings of a one-per-line vector file. Lines are taken verbatim
/// (inner spaces matter, as in `{1960 ,  1961-12}`); blank lines and `#`
/// comments are skipped, though the files currently have neither.
fn strings(name: &str) -> Vec<String> {
    let text = fs::read_to_string(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{DIR}{name}: {e}"));
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The rows of a tab-separated vector file, without its header row.
fn rows(name: &str) -> Vec<Vec<String>> {
    let lines = strings(name);
    assert!(lines.first().is_some_and(|h| h.starts_with("edtf\t")), "{name} should start with its header row");
    lines[1..].iter().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

fn report(what: &str, total: usize, failures: &[String]) {
    assert!(failures.is_empty(), "{} of {total} {what} failed:\n  {}", failures.len(), failures.join("\n  "));
}

fn kind(e: &DateError) -> &'static str {
    match e {
        DateError::Empty => "Empty",
        DateError::Whitespace => "Whitespace",
        DateError::Syntax { .. } => "Syntax",
        DateError::Impossible { .. } => "Impossible",
        DateError::Invalid { .. } => "Invalid",
        DateError::Unsupported { .. } => "Unsupported",
        DateError::OutOfRange { .. } => "OutOfRange",
        DateError::Reversed => "Reversed",
    }
}

fn outcome(r: &Result<Date, DateError>) -> String {
    match r {
        Ok(d) => format!("Ok({:?}..{:?})", d.span().earliest, d.span().latest),
        Err(e) => format!("{}: {e}", kind(e)),
    }
}

/// Whether `s` is a `Y` year (optionally negative) that chrono's `NaiveDate`
/// cannot hold; anything else failing with `OutOfRange` is a bug.
fn beyond_chrono(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('Y') else {
        return false;
    };
    let (neg, digits) = rest.strip_prefix('-').map_or((false, rest), |d| (true, d));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match digits.parse::<i64>() {
        Ok(v) => {
            let y = if neg { -v } else { v };
            y < i64::from(NaiveDate::MIN.year()) || y > i64::from(NaiveDate::MAX.year())
        }
        Err(_) => true,
    }
}

/// Valid strings we refuse anyway, with why.
const REFUSED_VALID: &[(&str, &str)] = &[(
    // Only edtf-rs accepts this (its level-1 interval takes any level-1
    // date). The LoC specification lists `2004-06-XX/2004-07-03` as level 2,
    // and edtf_level2.txt has nine more intervals whose ends are each valid
    // level-1 dates with X digits (`2000-XX/2012`, `198X/1999`, ...). Only
    // the qualifiers set this one apart, and they have nothing to do with X
    // digits, so one consistent rule refuses it too, as the spec does.
    "2019-01-XX~/2020-01?",
    "Unsupported",
)];

#[test]
fn valid_strings_parse() {
    let all = strings("edtf_valid.txt");
    let mut failures = Vec::new();
    let mut out_of_range = 0;
    for s in &all {
        let r = Date::parse(s);
        if let Some((_, want)) = REFUSED_VALID.iter().find(|(v, _)| v == s) {
            if !matches!(&r, Err(e) if kind(e) == *want) {
                failures.push(format!("{s:?}: want {want}, got {}", outcome(&r)));
            }
            continue;
        }
        match (&r, beyond_chrono(s)) {
            (Ok(d), false) => {
                if d.as_str() != s {
                    failures.push(format!("{s:?}: as_str gives {:?}", d.as_str()));
                }
            }
            (Err(DateError::OutOfRange { .. }), true) => out_of_range += 1,
            (_, true) => failures.push(format!("{s:?}: beyond chrono's years, want OutOfRange, got {}", outcome(&r))),
            (Err(_), false) => failures.push(format!("{s:?}: {}", outcome(&r))),
        }
    }
    for (s, _) in REFUSED_VALID {
        if !all.iter().any(|v| v == s) {
            failures.push(format!("{s:?}: listed as refused but no longer in edtf_valid.txt"));
        }
    }
    report("valid strings", all.len(), &failures);
    // Y170000002, Y-170000002, Y-17000002, Y1234567890, Y-1234567890.
    assert_eq!(out_of_range, 5, "out-of-range Y years");
}

/// Invalid strings refused as `Unsupported` rather than as invalid, because
/// the first thing wrong with them is a construct we do not handle at all;
/// they are rejected either way. Any other invalid string must not be
/// passed off as merely unsupported.
const INVALID_BUT_UNSUPPORTED: &[(&str, &str)] = &[
    // Level 2 qualifiers before and after the year; that both qualify the
    // same year is what makes it invalid, which we never get to check.
    ("~2021?", "qualifier inside a date"),
    // The end `2004-%06` is level 2; the interval would also be reversed.
    ("2004-06-11%/2004-%06", "qualifier inside a date"),
    // Sets are level 2. A source rejects these two for mixing "," and ", "
    // between members, but edtf_level2.txt has `{1960 ,  1961-12}`, so the
    // spacing is no rule of ours to enforce in a form we refuse anyway.
    ("[1667,1668, 1670..1672]", "set of dates"),
    ("{-1667,1668, 1670..1672}", "set of dates"),
    // No season may end an interval (see the disputed `2018-21/2018-23`).
    // For the first two that is what makes them invalid; the last three are
    // also reversed, but the season is reported first.
    ("2018/2018-23", "a season as an interval end"),
    ("2018-01?/2018-23", "a season as an interval end"),
    ("2018-21/2017-01-01", "a season as an interval end"),
    ("2012-24/2012-21", "a season as an interval end"),
    ("2012-23/2012-22", "a season as an interval end"),
];

#[test]
fn invalid_strings_are_rejected() {
    let mut all = strings("edtf_invalid.txt");
    let mut failures = Vec::new();
    for s in &all {
        match Date::parse(s) {
            Ok(d) => failures.push(format!("{s:?}: accepted as {:?}..{:?}", d.span().earliest, d.span().latest)),
            Err(DateError::Unsupported { feature }) => {
                if !INVALID_BUT_UNSUPPORTED.iter().any(|(v, f)| v == s && feature.contains(f)) {
                    failures.push(format!("{s:?}: refused as unsupported ({feature}), not as invalid"));
                }
            }
            Err(_) => {}
        }
    }
    for (s, _) in INVALID_BUT_UNSUPPORTED {
        if !all.iter().any(|v| v == s) {
            failures.push(format!("{s:?}: listed as unsupported but no longer in edtf_invalid.txt"));
        }
    }
    // Named invalid by SOURCES.md but not in the file.
    let extra = [
        ("", DateError::Empty),
        (" 2016-05-02", DateError::Whitespace),
        ("2016-05-02 ", DateError::Whitespace),
        ("2016-05-02\t", DateError::Whitespace),
        ("\u{a0}2016-05-02", DateError::Whitespace),
    ];
    for (s, want) in extra {
        let r = Date::parse(s);
        if r.as_ref().err() != Some(&want) {
            failures.push(format!("{s:?}: want {want:?}, got {}", outcome(&r)));
        }
        all.push(s.to_owned());
    }
    report("invalid strings", all.len(), &failures);
}

#[test]
fn level2_strings_are_unsupported() {
    let all = strings("edtf_level2.txt");
    let mut failures = Vec::new();
    for s in &all {
        let r = Date::parse(s);
        if !matches!(r, Err(DateError::Unsupported { .. })) {
            failures.push(format!("{s:?}: {}", outcome(&r)));
        }
    }
    report("level 2 strings", all.len(), &failures);
}

/// Our span for a row where the source's differs by design.
const OUR_BOUNDS: &[(&str, &str, &str, &str)] = &[(
    // python-edtf ends winter with the year; our winter is December to the
    // end of the next February (as go-edtf's `2019-24` row has it).
    "2010-24",
    "2010-12-01",
    "2011-02-28",
    "python-edtf: 2010-12-01..2010-12-31",
)];

/// A bounds-file day: `[-]Y+-MM-DD`, `None` when chrono cannot hold it.
fn bound_day(s: &str) -> Option<NaiveDate> {
    let (neg, rest) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let mut parts = rest.rsplitn(3, '-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let y: i32 = y.parse().ok()?;
    NaiveDate::from_ymd_opt(if neg { -y } else { y }, m.parse().ok()?, d.parse().ok()?)
}

#[test]
fn spans_match_the_bounds_file() {
    let all = rows("edtf_bounds.tsv");
    let mut failures = Vec::new();
    for row in &all {
        let [s, earliest, latest, ..] = row.as_slice() else {
            failures.push(format!("malformed row {row:?}"));
            continue;
        };
        let (earliest, latest) = match OUR_BOUNDS.iter().find(|b| b.0 == s) {
            Some(&(_, e, l, _)) => (e, l),
            None => (earliest.as_str(), latest.as_str()),
        };
        let r = Date::parse(s);
        // `open` (..) and `unknown` (empty) ends are both unbounded for us.
        let end = |text: &str, unbounded| match text {
            "open" | "unknown" => Some(unbounded),
            _ => bound_day(text),
        };
        match (end(earliest, NaiveDate::MIN), end(latest, NaiveDate::MAX), &r) {
            (Some(e), Some(l), Ok(d)) => {
                let want = Span { earliest: e, latest: l };
                if d.span() != want {
                    failures.push(format!("{s:?}: span {:?}, want {want:?}", d.span()));
                }
            }
            // Bounds chrono cannot represent: the date must say so.
            (None, _, Err(DateError::OutOfRange { .. })) | (_, None, Err(DateError::OutOfRange { .. })) => {}
            _ => failures.push(format!("{s:?}: want {earliest}..{latest}, got {}", outcome(&r))),
        }
    }
    for b in OUR_BOUNDS {
        if !all.iter().any(|row| row[0] == b.0) {
            failures.push(format!("{:?}: overridden but no longer in edtf_bounds.tsv", b.0));
        }
    }
    report("bounds rows", all.len(), &failures);
}

/// Our decision on each string the sources disagree on: `"Ok"` or the
/// error kind, and why.
const DISPUTED: &[(&str, &str, &str)] = &[
    // ISO 8601 end of day; only `24:00:00` exactly, and it counts as the
    // written day, which is what it ends. Rejecting it would lose a tenure
    // over a time we ignore anyway.
    ("2016-05-02T24:00:00", "Ok", "end of day counts as its day"),
    // Time-zone offsets: the LoC spec gives no range, and the zone never
    // changes which day is meant, so any offset with hours 00-23 and
    // minutes 00-59 is accepted (`+24`, `-05:60` stay invalid).
    ("2016-05-02T12:00:00-00:00", "Ok", "offset"),
    ("2016-05-02T12:00:00-12:01", "Ok", "offset"),
    ("2016-05-02T12:00:00-13:00", "Ok", "offset"),
    ("2016-05-02T12:00:00-14:00", "Ok", "offset"),
    ("2016-05-02T12:00:00+14:01", "Ok", "offset"),
    ("2016-05-02T12:00:00-0000", "Ok", "offset"),
    ("2016-05-02T12:00:00-2000", "Ok", "offset"),
    ("2016-05-02T12:00:00-1201", "Ok", "offset"),
    ("2016-05-02T12:00:00-1300", "Ok", "offset"),
    ("2016-05-02T12:00:00-1400", "Ok", "offset"),
    ("2016-05-02T12:00:00+1401", "Ok", "offset"),
    ("2016-05-02T12:00:00-00", "Ok", "offset"),
    ("2016-05-02T12:00:00-13", "Ok", "offset"),
    ("2016-05-02T12:00:00-14", "Ok", "offset"),
    ("2016-05-02T12:00:00+15", "Ok", "offset"),
    // Two-digit centuries are ISO 8601-1, not EDTF level 0 or 1; the same
    // form with a qualifier (`19~`) and three-digit decades are in
    // edtf_level2.txt, so all short years are refused alike.
    ("19", "Unsupported", "century as two digits"),
    ("00", "Unsupported", "century as two digits"),
    ("-04", "Unsupported", "century as two digits"),
    // X in the year with a month is level 2 for edtf-validate and go-edtf,
    // edtf-rs rejects it at level 1, and edtf_level2.txt has `1XXX-XX` and
    // `20XX-XX`; XXXX is no exception.
    ("XXXX-XX", "Unsupported", "X year with a month"),
    ("XXXX-XX-XX", "Unsupported", "X year with a month"),
    // Seasons as interval ends: edtf.js calls them non-standard, and
    // edtf_invalid.txt has `2018/2018-23` and `2018-01?/2018-23`, which only
    // that rule rejects. So no season may end an interval.
    ("2018-21/2018-23", "Unsupported", "season interval"),
    ("2012-21/2012-22", "Unsupported", "season interval"),
    ("1923-21/1924", "Unsupported", "season interval"),
    ("1952-23~/1953", "Unsupported", "season interval (and a qualified season)"),
    ("2003-22/2004-22", "Unsupported", "season interval"),
    ("2003-22/2003-22", "Unsupported", "season interval"),
    ("2003-22/2003-23", "Unsupported", "season interval"),
    // Qualifier inside a date, level-2 season, X year with a month: level 2
    // by our ordinary rules whatever edtf.js's level 3 says.
    ("2001?-23", "Unsupported", "qualifier inside a date"),
    ("2001-33?", "Unsupported", "season 25-41"),
    ("20XX-41", "Unsupported", "X year with a month"),
    // The spec allows Y only for years of more than four digits; three of
    // the sources reject these.
    ("Y1700", "Invalid", "Y year of four digits"),
    ("Y-1200", "Invalid", "Y year of four digits"),
    // Words are not EDTF.
    ("Spring, 2002", "Syntax", "season name"),
    ("winter, 2002", "Syntax", "season name"),
    // Level 1 defines Y years alone. A month, day or qualifier on one is
    // recognised and refused as unsupported; X digits after Y do not even
    // have a Y year's shape, so that one is a syntax error.
    ("Y17000-08-16", "Unsupported", "Y year with a day"),
    ("Y170XX", "Syntax", "X digits in a Y year"),
    ("Y17000?", "Unsupported", "qualified Y year"),
];

#[test]
fn disputed_strings_get_our_decision() {
    let all = rows("edtf_disputed.tsv");
    let mut failures = Vec::new();
    for row in &all {
        let s = &row[0];
        let Some(&(_, want, why)) = DISPUTED.iter().find(|d| d.0 == s) else {
            failures.push(format!("{s:?}: no decision recorded (sources: {})", row.get(1).map_or("", |x| x)));
            continue;
        };
        let r = Date::parse(s);
        let got = match &r {
            Ok(_) => "Ok",
            Err(e) => kind(e),
        };
        if got != want {
            failures.push(format!("{s:?} ({why}): want {want}, got {}", outcome(&r)));
        }
    }
    for (s, ..) in DISPUTED {
        if !all.iter().any(|row| row[0] == *s) {
            failures.push(format!("{s:?}: decided but no longer in edtf_disputed.tsv"));
        }
    }
    // The accepted ones still mean their written day.
    let day = NaiveDate::from_ymd_opt(2016, 5, 2).unwrap();
    for (s, want, _) in DISPUTED {
        if *want == "Ok" && Date::parse(s).map(|d| d.span()) != Ok(Span::day(day)) {
            failures.push(format!("{s:?}: should span 2016-05-02 alone"));
        }
    }
    report("disputed strings", all.len(), &failures);
}
