//! Turning matched characters into highlight ranges of the shown text, and
//! cutting long text down to an excerpt around the match.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The ellipsis that marks a cut.
const ELLIPSIS: &str = "…";
/// How many characters of context an excerpt tries to keep before the match.
const CONTEXT: usize = 16;
/// How far an excerpt's start may move forward to begin at a word.
const WORD_SLACK: usize = 12;

/// Byte ranges of `text` covering every grapheme cluster that holds one of
/// `offsets` (byte offsets of characters of `text`), adjacent clusters merged.
/// So a highlighted "e" of "e\u{301}" covers the accent too.
pub(super) fn grapheme_ranges(text: &str, offsets: &mut [usize]) -> Vec<Range<usize>> {
    offsets.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut next = offsets.iter().copied().peekable();
    for (start, g) in text.grapheme_indices(true) {
        let end = start + g.len();
        let mut hit = false;
        while let Some(&o) = next.peek() {
            if o >= end {
                break;
            }
            hit |= o >= start;
            next.next();
        }
        if hit {
            match out.last_mut() {
                Some(last) if last.end == start => last.end = end,
                _ => out.push(start..end),
            }
        }
        if next.peek().is_none() {
            break;
        }
    }
    out
}

/// `text` cut to at most `max_chars` characters (ellipses included) around
/// the first of `ranges`, cut only between grapheme clusters and, where it
/// can, at a word; with `ranges` moved to match. Short text is returned whole.
pub(super) fn excerpt(text: &str, ranges: &[Range<usize>], max_chars: usize) -> (String, Vec<Range<usize>>) {
    debug_assert!(max_chars >= 3, "an excerpt needs room for two ellipses and a character");
    let total = text.chars().count();
    if total <= max_chars {
        return (text.to_owned(), ranges.to_vec());
    }
    let focus_byte = ranges.first().map_or(0, |r| r.start);
    let focus = text[..focus_byte].chars().count();
    // Window [start, end) in chars, leaving room for the ellipses it needs.
    let (start, end) = match focus.saturating_sub(CONTEXT) {
        0 => (0, max_chars - 1),
        s if total - s < max_chars => (total - (max_chars - 1), total),
        s => (s, s + max_chars - 2),
    };
    let byte_at = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b);
    let (mut lo, hi) = (byte_at(start), byte_at(end));

    // Cut between grapheme clusters: the start moves forward, the end back.
    let bounds: Vec<usize> = text.grapheme_indices(true).map(|(b, _)| b).chain([text.len()]).collect();
    lo = bounds[bounds.partition_point(|&b| b < lo)];
    let hi = bounds[bounds.partition_point(|&b| b <= hi) - 1];
    // Begin at a word if one starts shortly after the cut, before the match.
    if lo > 0 {
        let limit = focus_byte.max(lo);
        if let Some((i, c)) = text[lo..limit].char_indices().take(WORD_SLACK).find(|(_, c)| c.is_whitespace()) {
            lo += i + c.len_utf8();
        }
    }
    let hi = hi.max(lo);

    let lead = if lo > 0 { ELLIPSIS } else { "" };
    let trail = if hi < text.len() { ELLIPSIS } else { "" };
    let shown = format!("{lead}{}{trail}", &text[lo..hi]);
    let moved = ranges
        .iter()
        .filter_map(|r| {
            let (s, e) = (r.start.max(lo), r.end.min(hi));
            (s < e).then(|| s - lo + lead.len()..e - lo + lead.len())
        })
        .collect();
    (shown, moved)
}

#[cfg(test)]
// Lists of one highlight range are meant, not ranges to collect.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_whole_clusters_and_merge() {
        // "e" + combining acute is one cluster of three bytes.
        let text = "ame\u{301}lie";
        let mut offsets = vec![2, 0, 1];
        assert_eq!(grapheme_ranges(text, &mut offsets), vec![0..5]);
        let mut offsets = vec![5];
        assert_eq!(grapheme_ranges(text, &mut offsets), vec![5..6]);
        let mut offsets = vec![0, 6];
        assert_eq!(grapheme_ranges(text, &mut offsets), vec![0..1, 6..7]);
        let mut none = vec![];
        assert!(grapheme_ranges(text, &mut none).is_empty());
    }

    #[test]
    fn short_text_is_whole() {
        let (s, r) = excerpt("short text", &[6..10], 80);
        assert_eq!((s.as_str(), r), ("short text", vec![6..10]));
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{}needle{}", "word ".repeat(40), " tail".repeat(40));
        let at = text.find("needle").unwrap();
        let (s, r) = excerpt(&text, &[at..at + 6], 80);
        assert!(s.chars().count() <= 80, "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(r.len(), 1);
        assert_eq!(&s[r[0].clone()], "needle");
        // It starts at a word.
        assert!(s.starts_with("…word"), "{s}");
    }

    #[test]
    fn match_near_either_end_keeps_that_end() {
        let text = "x".repeat(200);
        let (s, r) = excerpt(&text, &[0..1], 80);
        assert!(!s.starts_with('…') && s.ends_with('…'));
        assert_eq!((s.chars().count(), r), (80, vec![0..1]));
        let (s, r) = excerpt(&text, &[199..200], 80);
        assert!(s.starts_with('…') && !s.ends_with('…'));
        assert_eq!(s.chars().count(), 80);
        assert_eq!(&s[r[0].clone()], "x");
        assert_eq!(r[0].end, s.len());
    }

    #[test]
    fn ranges_outside_the_excerpt_are_dropped_or_clipped() {
        let text = "y".repeat(300);
        let (s, r) = excerpt(&text, &[150..151, 290..300], 80);
        assert_eq!(r.len(), 1);
        assert_eq!(&s[r[0].clone()], "y");
    }

    #[test]
    fn cuts_fall_between_clusters() {
        // Every cluster is "e" and two combining accents (three chars, five
        // bytes): cutting inside one would orphan an accent.
        let text = "e\u{301}\u{300}".repeat(100);
        for cluster in [10, 40, 41, 42, 95] {
            let at = cluster * 5;
            let (s, r) = excerpt(&text, &[at..at + 5], 80);
            let body = s.trim_start_matches('…').trim_end_matches('…');
            assert!(body.starts_with('e') && body.ends_with('\u{300}'), "{s:?}");
            assert!(s.chars().count() <= 80);
            assert_eq!(&s[r[0].clone()], "e\u{301}\u{300}");
        }
    }
}
