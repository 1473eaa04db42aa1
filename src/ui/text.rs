//! Fitting text into columns: display widths, truncation with an ellipsis.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Cuts `spans` to at most `width` columns, ending with `…` if anything
/// was cut. Cuts fall between graphemes: an accent stays with its letter,
/// an emoji sequence stays whole.
pub fn fit<'a>(spans: Vec<Span<'a>>, width: usize) -> Line<'a> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    let mut left = width.saturating_sub(1);
    for span in spans {
        if left == 0 {
            break;
        }
        let w = span.content.width();
        if w <= left {
            left -= w;
            out.push(span);
            continue;
        }
        let mut cut = String::new();
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(span.content.as_ref(), true) {
            let gw = g.width();
            if gw > left {
                break;
            }
            left -= gw;
            cut.push_str(g);
        }
        out.push(Span::styled(cut, span.style));
        left = 0;
    }
    if width > 0 {
        out.push(Span::raw("…"));
    }
    Line::from(out)
}

/// `s` padded with spaces to `width` columns (or left as is if wider).
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width { s.to_string() } else { format!("{s}{}", " ".repeat(width - w)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn fits_or_cuts_with_an_ellipsis() {
        assert_eq!(text(&fit(vec![Span::raw("abc")], 3)), "abc");
        assert_eq!(text(&fit(vec![Span::raw("abcd")], 3)), "ab…");
        assert_eq!(text(&fit(vec![Span::raw("ab"), Span::raw("cd")], 3)), "ab…");
        // Wide characters are never split: 李 is two columns.
        assert_eq!(text(&fit(vec![Span::raw("李李李")], 4)), "李…");
        assert_eq!(text(&fit(vec![Span::raw("abc")], 0)), "");
        // A combining accent and an emoji ZWJ sequence are never split.
        assert_eq!(text(&fit(vec![Span::raw("e\u{301}e\u{301}e\u{301}")], 2)), "e\u{301}…");
        assert_eq!(text(&fit(vec![Span::raw("👩\u{200d}💻👩\u{200d}💻x")], 4)), "👩\u{200d}💻…");
    }
}
