//! `y` and `Y`: the selection as a ready-to-paste citation, or as bare
//! text. The runtime sends it to the system clipboard through the terminal
//! (OSC 52); this module only decides the text.

use super::{Overlay, Pane, State, Target};
use crate::model::text::escape_controls;
use crate::query::{Index, source_citation};

/// What the selection is, for `y` / `Y`: the card's subject when a card is
/// open, else the focused pane's selected item.
pub(crate) fn selection(state: &State) -> Option<Target> {
    match &state.overlay {
        Some(Overlay::Card(c)) => Some(c.target),
        Some(_) => None,
        None => match state.focus {
            Pane::Chart => state.tree.selected().map(Target::Role),
            Pane::Timeline => state.timeline.selected().map(Target::Event),
            Pane::Quotes => state.quotes.selected().map(Target::Quote),
            Pane::Tenures => state.tenures.selected().map(Target::Role),
        },
    }
}

/// The text `y` (`citation`) or `Y` copies, and what the status bar calls it.
pub fn copy_text(state: &State, index: &Index, citation: bool) -> Option<(String, &'static str)> {
    let ds = index.dataset();
    let esc = |s: &str| escape_controls(s).into_owned();
    let target = selection(state)?;
    Some(match (target, citation) {
        (Target::Quote(q), false) => (esc(&ds.quote(q).text), "quote text"),
        (Target::Quote(q), true) => {
            let quote = ds.quote(q);
            let src = ds.source(quote.source);
            let mut out = format!("« {} » — {}, {}", esc(&quote.text), esc(&ds.person(quote.speaker).name), {
                source_citation(ds, quote.source)
            });
            // The quote's own date, when the source's date is not it.
            if let Some(d) = &quote.date
                && src.date.as_ref() != Some(d)
            {
                out.push_str(&format!(" (said {})", esc(d.as_str())));
            }
            if let Some(u) = &src.url {
                out.push_str(&format!(", {}", esc(u)));
            }
            (out, "citation")
        }
        (Target::Event(e), false) => (esc(&ds.event(e).title), "event title"),
        (Target::Event(e), true) => {
            let ev = ds.event(e);
            let sources: Vec<String> = ev.sources.iter().map(|&s| source_citation(ds, s)).collect();
            let cited = if sources.is_empty() { "no source".to_string() } else { sources.join("; ") };
            (format!("{} ({}) — {cited}", esc(&ev.title), esc(ev.date.as_str())), "citation")
        }
        (Target::Role(r), false) => (esc(&ds.role(r).title), "role title"),
        (Target::Role(r), true) => {
            let role = ds.role(r);
            let at = state.as_of.span();
            let holders = index.holders_at(r, at);
            let mut sources: Vec<_> =
                holders.iter().flat_map(|h| ds.tenure(h.tenure).sources.iter().copied()).collect();
            sources.sort();
            sources.dedup();
            let who = crate::query::holders_phrase(index, r, at);
            let mut out = format!("{}, {}, as of {}: {who}", esc(&role.title), esc(&ds.org(role.org).name), {
                esc(state.as_of.as_str())
            });
            if !holders.is_empty() {
                let cited: Vec<String> = sources.iter().map(|&s| source_citation(ds, s)).collect();
                let cited = if cited.is_empty() { "no source".to_string() } else { cited.join("; ") };
                out.push_str(&format!(" — {cited}"));
            }
            (out, "citation")
        }
        (Target::Person(p), _) => (esc(&ds.person(p).name), "name"),
        (Target::Org(o), _) => (esc(&ds.org(o).name), "name"),
        (Target::Source(x), true) => (source_citation(ds, x), "citation"),
        (Target::Source(x), false) => (esc(&ds.source(x).title), "source title"),
        (Target::Changes, _) => return None,
    })
}

/// The OSC 52 sequence that puts `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648) — all OSC 52 needs.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64("« é »".as_bytes()), "wqsgw6kgwrs=");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
