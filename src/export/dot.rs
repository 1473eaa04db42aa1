//! Graphviz DOT: the org chart at a date as a digraph. One box per role
//! (its title, then one line per holder), each org a `cluster` subgraph
//! nested as the orgs are at that date, reporting lines as solid edges and
//! dotted-line reports as dashed ones. Render with `dot -Tsvg`.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Date;
use crate::model::text::{escape_controls, is_unsafe_char};
use crate::query::Index;

use super::nesting::{Step, org_steps};
use super::{Holding, chart_heading, node_lines};

/// Nesting deeper than this is not indented further: the text stays
/// linear in the size of the chart however deep the orgs nest.
const MAX_INDENT: usize = 16;

/// Writes the org chart at `at` as a DOT digraph.
pub fn write_dot(w: &mut impl Write, index: &Index, at: &Date) -> io::Result<()> {
    let ds = index.dataset();
    let span = at.span();
    let chart = index.org_chart_at(span);
    writeln!(w, "digraph orgline {{")?;
    writeln!(w, "  graph [label={}, labelloc=t, fontname=\"Helvetica\"];", label(&chart_heading(index, at)))?;
    writeln!(w, "  node [shape=box, style=rounded, fontname=\"Helvetica\"];")?;
    writeln!(w, "  edge [fontname=\"Helvetica\"];")?;
    let mut depth = 1usize;
    for step in org_steps(index, &chart) {
        let pad = "  ".repeat(depth.min(MAX_INDENT));
        match step {
            Step::Enter(o) => {
                let org = ds.org(o);
                writeln!(w, "{pad}subgraph {} {{", id("cluster_org:", &org.id))?;
                writeln!(w, "{pad}  label={}; style=rounded; color=grey60;", label(&org.name))?;
                depth += 1;
            }
            Step::Role(r) => {
                let holders = index.holders_at(r, span);
                let lines: Vec<String> = node_lines(index, r, &holders).iter().map(|l| label_text(l)).collect();
                let text = lines.join("\\n");
                let style = match Holding::of(&holders) {
                    Holding::Vacant => ", style=\"rounded,dashed\", color=grey50, fontcolor=grey50",
                    Holding::Acting => ", style=\"rounded,filled\", fillcolor=lightyellow",
                    Holding::Held => "",
                };
                writeln!(w, "{pad}{} [label=\"{text}\"{style}];", id("role:", &ds.role(r).id))?;
            }
            Step::Leave(_) => {
                depth -= 1;
                writeln!(w, "{}}}", "  ".repeat(depth.min(MAX_INDENT)))?;
            }
        }
    }
    for row in chart.walk() {
        let role = ds.role(row.role);
        if let Some(up) = chart.parent(row.role) {
            writeln!(w, "  {} -> {};", id("role:", &ds.role(up).id), id("role:", &role.id))?;
        }
        for &d in role.dotted_to.iter().filter(|&&d| chart.contains(d)) {
            writeln!(
                w,
                "  {} -> {} [style=dashed, constraint=false];",
                id("role:", &ds.role(d).id),
                id("role:", &role.id)
            )?;
        }
    }
    writeln!(w, "}}")
}

/// A quoted DOT identifier: `prefix` then `s`, with `\` and `"` escaped
/// and every unsafe character written as `\u{…}`. Distinct inputs give
/// distinct identifiers, since a backslash from the data is always doubled.
fn id(prefix: &str, s: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + s.len() + 2);
    out.push('"');
    out.push_str(prefix);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inside of a DOT label string for one line of text: unsafe
/// characters shown as `\u{…}` (as everywhere in orgline), then `\` and `"`
/// escaped, so neither a quote nor a DOT escape such as `\n` or `\N` can
/// come from the data.
fn label_text(s: &str) -> String {
    let safe = escape_controls(s);
    let mut out = String::with_capacity(safe.len() + 2);
    for c in safe.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// A quoted DOT label of one line of text.
fn label(s: &str) -> String {
    format!("\"{}\"", label_text(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_quoted_escaped_and_distinct() {
        assert_eq!(id("role:", "slack-ceo"), r#""role:slack-ceo""#);
        assert_eq!(id("role:", r#"a"b\"#), r#""role:a\"b\\""#);
        assert_eq!(id("", "x\u{1b}[2J\n"), r#""x\u{1b}[2J\u{a}""#);
        // A control character and its written-out escape stay apart.
        assert_ne!(id("", "\u{1b}"), id("", "\\u{1b}"));
        assert_eq!(id("", "\u{202e}"), r#""\u{202e}""#);
    }

    #[test]
    fn labels_escape_quotes_backslashes_and_controls() {
        assert_eq!(label(r#"He said "no""#), r#""He said \"no\"""#);
        // `\N` would be replaced by the node's name, `\n` would break the line.
        assert_eq!(label(r"C:\New \N"), r#""C:\\New \\N""#);
        assert_eq!(label("a\nb\u{7}c\u{202e}"), r#""a\\u{a}b\\u{7}c\\u{202e}""#);
        assert_eq!(label("tab\there"), r#""tab here""#);
        assert_eq!(label("Zoë 李"), "\"Zoë 李\"");
    }
}
