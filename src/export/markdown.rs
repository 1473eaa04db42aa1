//! Markdown: a report to paste into notes. The dataset's title, the org
//! chart at a date as a nested list, the timeline, and every quote as a
//! block quote with its speaker, date and source. Text from the dataset is
//! escaped so that it reads as written and never turns into markup (a
//! link, an emphasis, an HTML tag, a heading, a list).

use std::io::{self, Write};

use crate::model::text::escape_controls;
use crate::model::{Date, QuoteIx};
use crate::query::{Index, holder_label, source_citation};

/// Writes the report: the org chart at `at` (left out, with a note, when
/// there is no date), the timeline and the quotes.
pub fn write_markdown(w: &mut impl Write, index: &Index, at: Option<&Date>) -> io::Result<()> {
    let ds = index.dataset();
    writeln!(w, "# {}", inline(ds.title.as_deref().unwrap_or("Org chart")))?;
    writeln!(w)?;
    match at {
        Some(at) => write_chart(w, index, at)?,
        None => {
            writeln!(w, "## Org chart")?;
            writeln!(w)?;
            writeln!(w, "The dataset has no dates and no `as_of`: pass `--as-of DATE` to include the org chart.")?;
        }
    }
    writeln!(w)?;
    write_timeline(w, index)?;
    writeln!(w)?;
    writeln!(w, "## Quotes")?;
    let mut any = false;
    for &q in index.quotes_in_order() {
        writeln!(w)?;
        write_quote(w, index, q)?;
        any = true;
    }
    if !any {
        writeln!(w)?;
        writeln!(w, "No quotes.")?;
    }
    Ok(())
}

fn write_chart(w: &mut impl Write, index: &Index, at: &Date) -> io::Result<()> {
    let ds = index.dataset();
    let span = at.span();
    let chart = index.org_chart_at(span);
    writeln!(w, "## Org chart as of {}", inline(at.as_str()))?;
    writeln!(w)?;
    if chart.is_empty() {
        writeln!(w, "No role exists at this date.")?;
        return Ok(());
    }
    for row in chart.walk() {
        let role = ds.role(row.role);
        let holders = index.holders_at(row.role, span);
        let held = if holders.is_empty() {
            "*vacant*".to_string()
        } else {
            holders.iter().map(|h| inline(&holder_label(ds, h))).collect::<Vec<_>>().join(", ")
        };
        write!(
            w,
            "{}- **{}**, {}: {held}",
            "  ".repeat(row.depth as usize),
            inline(role.title.trim()),
            inline(&ds.org(role.org).name)
        )?;
        let dotted: Vec<String> = role
            .dotted_to
            .iter()
            .filter(|&&d| chart.contains(d))
            .map(|&d| format!("**{}**, {}", inline(ds.role(d).title.trim()), inline(&ds.org(ds.role(d).org).name)))
            .collect();
        if !dotted.is_empty() {
            write!(w, " (dotted line to {})", dotted.join("; "))?;
        }
        writeln!(w)?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "A `?` marks a possible holder (the dates allow it but do not prove it), \
         *(acting)* an interim one, *vacant* a role nobody holds."
    )
}

fn write_timeline(w: &mut impl Write, index: &Index) -> io::Result<()> {
    let ds = index.dataset();
    writeln!(w, "## Timeline")?;
    writeln!(w)?;
    if index.events_in_order().is_empty() {
        writeln!(w, "No events.")?;
    }
    for &e in index.events_in_order() {
        let ev = ds.event(e);
        write!(w, "- {} — **{}**", inline(ev.date.as_str()), inline(ev.title.trim()))?;
        if let Some(kind) = &ev.kind {
            write!(w, " ({})", inline(kind))?;
        }
        if ev.sources.is_empty() {
            writeln!(w, ". No source.")?;
        } else {
            let cited: Vec<String> = ev.sources.iter().map(|&s| inline(&source_citation(ds, s))).collect();
            writeln!(w, ". Source{}: {}.", if cited.len() == 1 { "" } else { "s" }, cited.join("; "))?;
        }
    }
    Ok(())
}

/// One quote as a block quote: the words, the translation, the context,
/// then a line citing speaker, date, source and event.
fn write_quote(w: &mut impl Write, index: &Index, q: QuoteIx) -> io::Result<()> {
    let ds = index.dataset();
    let quote = ds.quote(q);
    write_quoted_paragraph(w, "", &quote.text)?;
    if let Some(t) = &quote.translation {
        writeln!(w, ">")?;
        write_quoted_paragraph(w, "*Translation:* ", t)?;
    }
    if let Some(c) = &quote.context {
        writeln!(w, ">")?;
        write_quoted_paragraph(w, "*Context:* ", c)?;
    }
    writeln!(w, ">")?;
    write!(w, "> — **{}**", inline(ds.person(quote.speaker).name.trim()))?;
    if let Some(d) = &quote.date {
        write!(w, ", {}", inline(d.as_str()))?;
    }
    write!(w, ". Source: {}.", inline(&source_citation(ds, quote.source)))?;
    if let Some(e) = quote.event {
        let ev = ds.event(e);
        write!(w, " Event: {} ({}).", inline(&ev.title), inline(ev.date.as_str()))?;
    }
    writeln!(w)
}

/// Text that may hold line breaks as one paragraph of a block quote, each
/// line kept (a hard break between lines), `lead` (Markdown) before it.
fn write_quoted_paragraph(w: &mut impl Write, lead: &str, text: &str) -> io::Result<()> {
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let lead = if i == 0 { lead } else { "" };
        let body = line_start(&inline(line.trim_start()));
        // A backslash at the end of a line is a hard break, except before
        // a blank line, which ends the paragraph anyway.
        let next_has_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        let brk = if next_has_text && !line.trim().is_empty() { "\\" } else { "" };
        if body.is_empty() && lead.is_empty() {
            writeln!(w, ">")?;
        } else {
            writeln!(w, "> {lead}{body}{brk}")?;
        }
    }
    Ok(())
}

/// Text for inside a Markdown line: unsafe characters shown as `\u{…}` (as
/// everywhere in orgline), then every character that could start markup
/// escaped with a backslash: emphasis, code, links, HTML and entities,
/// headings, tables, strikethrough, math.
fn inline(s: &str) -> String {
    let safe = escape_controls(s);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An [`inline`]-escaped text made safe at the start of a line too, where
/// `-`, `+`, `=` or `1.` would start a list or an underline heading.
fn line_start(s: &str) -> String {
    if s.starts_with(['-', '+', '=']) {
        return format!("\\{s}");
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(
            inline("[click](javascript:x) <img src=x> *b* _i_ `c`"),
            r"\[click\](javascript:x) \<img src=x\> \*b\* \_i\_ \`c\`"
        );
        assert_eq!(
            inline("# not a heading | cell ~~gone~~ &amp; $x$ ![i]"),
            r"\# not a heading \| cell \~\~gone\~\~ \&amp; \$x\$ \!\[i\]"
        );
        assert_eq!(inline(r"C:\path"), r"C:\\path");
        assert_eq!(inline("2022~"), r"2022\~");
        assert_eq!(inline("Zoë 李 (PDG), 2024-03"), "Zoë 李 (PDG), 2024-03");
        assert_eq!(inline("a\u{1b}[2J\u{202e}"), r"a\\u{1b}\[2J\\u{202e}");
    }

    #[test]
    fn line_starts_cannot_open_lists_or_headings() {
        assert_eq!(line_start("- item"), r"\- item");
        assert_eq!(line_start("+ item"), r"\+ item");
        assert_eq!(line_start("==="), r"\===");
        assert_eq!(line_start("1. first"), r"1\. first");
        assert_eq!(line_start("2024) x"), r"2024\) x");
        assert_eq!(line_start("2024 was"), "2024 was");
        assert_eq!(line_start(""), "");
    }

    #[test]
    fn a_quoted_paragraph_keeps_its_lines() {
        let mut out = Vec::new();
        write_quoted_paragraph(&mut out, "*T:* ", "one\n- two\n\n    # three").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "> *T:* one\\\n> \\- two\n>\n> \\# three\n");
    }
}
