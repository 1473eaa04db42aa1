//! Dates in imported files: kept as written when they are EDTF (which
//! covers ISO 8601's `YYYY`, `YYYY-MM` and `YYYY-MM-DD`), so a year stays
//! a year and nothing gains a precision the file does not have.

use crate::model::Date;

/// Parses a date field. Surrounding spaces are dropped and an empty field
/// is no date. `YYYY-MM-DD HH:MM[:SS]`, the way databases print a
/// timestamp, keeps only its day (orgline counts a date-time as its day
/// anyway). Anything else must be EDTF: the error says why it is not.
pub fn parse_date(field: &str) -> Result<Option<Date>, String> {
    let text = field.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let text = day_of_timestamp(text).unwrap_or(text);
    Date::parse(text).map(Some).map_err(|e| format!("{e}; dates must be EDTF, such as 2024, 2024-03 or 2024-03-15"))
}

/// The `YYYY-MM-DD` of `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`.
fn day_of_timestamp(s: &str) -> Option<&str> {
    let (day, time) = s.split_once(' ')?;
    let b = time.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let hh_mm = b.len() >= 5 && digits(0..2) && b[2] == b':' && digits(3..5);
    let seconds = b.len() == 5 || (b.len() == 8 && b[5] == b':' && digits(6..8));
    (day.len() == 10 && hh_mm && seconds).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_date(s).unwrap().unwrap().as_str().to_owned()
    }

    #[test]
    fn precision_is_kept() {
        assert_eq!(ok("1997"), "1997");
        assert_eq!(ok("2015-04"), "2015-04");
        assert_eq!(ok(" 2013-06-17 "), "2013-06-17");
        assert_eq!(ok("2019~"), "2019~");
        assert_eq!(ok("2015-04-09T10:00:00Z"), "2015-04-09T10:00:00Z");
    }

    #[test]
    fn empty_is_no_date() {
        assert_eq!(parse_date("").unwrap(), None);
        assert_eq!(parse_date("   ").unwrap(), None);
    }

    #[test]
    fn timestamps_keep_their_day() {
        assert_eq!(ok("2013-06-17 00:00:00"), "2013-06-17");
        assert_eq!(ok("2013-06-17 09:30"), "2013-06-17");
        assert!(parse_date("2013-06-17 9:30").is_err());
        assert!(parse_date("2013-06-17 noon").is_err());
    }

    #[test]
    fn other_formats_are_refused_with_a_reason() {
        for bad in ["17/06/2013", "06/17/2013", "17-JUN-03", "2013-6-17", "2013-02-30", "yesterday"] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.ends_with("dates must be EDTF, such as 2024, 2024-03 or 2024-03-15"), "{bad}: {e}");
        }
        assert!(parse_date("2013-02-30").unwrap_err().starts_with("2013-02 has no day 30"));
    }
}
