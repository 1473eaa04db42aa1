//! Moving the as-of date by whole years.

use chrono::{Datelike, NaiveDate};

use crate::model::Date;

/// `date` moved by `years`, keeping its precision when it is a plain year,
/// month or day (`2024-03` → `2025-03`; 29 February becomes the 28th);
/// any other date becomes the year of its earliest day, moved. `None` when
/// the result cannot be written as a date.
pub fn shift_years(date: &Date, years: i32) -> Option<Date> {
    let s = date.as_str();
    let plain = s.len() >= 4 && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !s.starts_with('-');
    let span = date.span();
    let year = if span.is_open_start() { span.latest.year() } else { span.earliest.year() };
    let new_year = year.checked_add(years)?;
    if !(0..=9999).contains(&new_year) {
        return None;
    }
    let text = if plain {
        match s.len() {
            4 => format!("{new_year:04}"),
            7 => format!("{new_year:04}{}", &s[4..]),
            10 => {
                let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
                let day = d.day().min(if d.month() == 2 && !is_leap(new_year) { 28 } else { 31 });
                format!("{new_year:04}-{:02}-{day:02}", d.month())
            }
            _ => format!("{new_year:04}"),
        }
    } else {
        format!("{new_year:04}")
    };
    Date::parse(&text).ok()
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(s: &str, n: i32) -> Option<String> {
        shift_years(&Date::parse(s).unwrap(), n).map(|d| d.as_str().to_string())
    }

    #[test]
    fn keeps_plain_precision() {
        assert_eq!(shift("2024", 1).as_deref(), Some("2025"));
        assert_eq!(shift("2024-03", -1).as_deref(), Some("2023-03"));
        assert_eq!(shift("2024-02-29", 1).as_deref(), Some("2025-02-28"));
        assert_eq!(shift("2023-12-31", 1).as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn other_forms_become_years() {
        assert_eq!(shift("2024-01?", 1).as_deref(), Some("2025"));
        assert_eq!(shift("2016/2024-03", -1).as_deref(), Some("2015"));
        assert_eq!(shift("../2022", 1).as_deref(), Some("2023"));
        assert_eq!(shift("9999", 1), None);
        assert_eq!(shift("0000", -1), None);
    }
}
