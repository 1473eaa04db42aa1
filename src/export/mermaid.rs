//! Mermaid: the org chart at a date as a `flowchart TD`. One node per role
//! (its title, then one line per holder), each org a `subgraph` nested as
//! the orgs are at that date, reporting lines as arrows and dotted-line
//! reports as dotted arrows; vacant roles and roles with an acting holder
//! get the classes `vacant` and `acting`.
//!
//! Mermaid ids may only hold `[A-Za-z0-9_]`, so each dataset id is mapped
//! to one (see [`MermaidIds`]); labels are quoted and escaped with
//! Mermaid's `#…;` entities.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use crate::model::Date;
use crate::model::text::escape_controls;
use crate::query::Index;

use super::nesting::{Step, org_steps};
use super::{Holding, chart_heading, node_lines};

/// Nesting deeper than this is not indented further.
const MAX_INDENT: usize = 16;

/// Writes the org chart at `at` as a Mermaid flowchart.
pub fn write_mermaid(w: &mut impl Write, index: &Index, at: &Date) -> io::Result<()> {
    let ds = index.dataset();
    let span = at.span();
    let chart = index.org_chart_at(span);
    let ids = MermaidIds::new(ds.roles.iter().map(|r| r.id.as_str()), ds.orgs.iter().map(|o| o.id.as_str()));
    writeln!(w, "flowchart TD")?;
    // Mermaid reads a `%%{…}%%` directive even inside a comment, hence the
    // escaping of `%` here too.
    writeln!(w, "  %% {}", text(&chart_heading(index, at)))?;
    writeln!(w, "  classDef vacant stroke:#999,color:#777,stroke-dasharray: 5 5")?;
    writeln!(w, "  classDef acting fill:#fff6cc")?;
    let mut depth = 1usize;
    for step in org_steps(index, &chart) {
        let pad = "  ".repeat(depth.min(MAX_INDENT));
        match step {
            Step::Enter(o) => {
                writeln!(w, "{pad}subgraph {} [\"{}\"]", ids.orgs[o.ix()], text(&ds.org(o).name))?;
                depth += 1;
            }
            Step::Role(r) => {
                let holders = index.holders_at(r, span);
                let lines: Vec<String> = node_lines(index, r, &holders).iter().map(|l| text(l)).collect();
                let label = lines.join("<br/>");
                let class = match Holding::of(&holders) {
                    Holding::Vacant => ":::vacant",
                    Holding::Acting => ":::acting",
                    Holding::Held => "",
                };
                writeln!(w, "{pad}{}[\"{label}\"]{class}", ids.roles[r.ix()])?;
            }
            Step::Leave(_) => {
                depth -= 1;
                writeln!(w, "{}end", "  ".repeat(depth.min(MAX_INDENT)))?;
            }
        }
    }
    for row in chart.walk() {
        let role = ds.role(row.role);
        if let Some(up) = chart.parent(row.role) {
            writeln!(w, "  {} --> {}", ids.roles[up.ix()], ids.roles[row.role.ix()])?;
        }
        for &d in role.dotted_to.iter().filter(|&&d| chart.contains(d)) {
            writeln!(w, "  {} -.-> {}", ids.roles[d.ix()], ids.roles[row.role.ix()])?;
        }
    }
    Ok(())
}

/// The Mermaid id of every role and org, by index.
///
/// An id keeps its ASCII letters, digits and `_`, every other character
/// becomes `_`, behind `role_` or `org_` (so no id is a Mermaid keyword
/// such as `end`, or starts with a digit). When that name is taken, by an
/// earlier entry in file order, `_2`, `_3` … is added until it is free. The
/// same dataset always gives the same ids, and no two entries share one.
pub(super) struct MermaidIds {
    pub(super) roles: Vec<String>,
    pub(super) orgs: Vec<String>,
}

impl MermaidIds {
    pub(super) fn new<'a>(roles: impl Iterator<Item = &'a str>, orgs: impl Iterator<Item = &'a str>) -> Self {
        let mut used = HashSet::new();
        // Next suffix to try per sanitized name: thousands of ids that all
        // sanitize alike (CJK ids, say) must not each count up from 2.
        let mut next: HashMap<String, u64> = HashMap::new();
        let mut assign = |prefix: &str, id: &str| {
            let base: String = std::iter::once(prefix.to_string())
                .chain(
                    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).map(String::from),
                )
                .collect();
            let mut name = base.clone();
            if used.contains(&name) {
                let k = next.entry(base.clone()).or_insert(2);
                loop {
                    name = format!("{base}_{k}");
                    *k += 1;
                    if !used.contains(&name) {
                        break;
                    }
                }
            }
            used.insert(name.clone());
            name
        };
        let roles = roles.map(|id| assign("role_", id)).collect();
        let orgs = orgs.map(|id| assign("org_", id)).collect();
        MermaidIds { roles, orgs }
    }
}

/// Text for inside a quoted Mermaid label: unsafe characters shown as
/// `\u{…}`, then every character Mermaid could read as markup (quote,
/// entity, HTML, Markdown string, comment) as a `#…;` entity.
fn text(s: &str) -> String {
    let safe = escape_controls(s);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(roles: &[&str]) -> Vec<String> {
        MermaidIds::new(roles.iter().copied(), std::iter::empty()).roles
    }

    #[test]
    fn ids_are_sanitized_deterministic_and_distinct() {
        assert_eq!(ids(&["slack-ceo", "end", "1st"]), ["role_slack_ceo", "role_end", "role_1st"]);
        assert_eq!(ids(&["a-b", "a_b", "a_b_2", "a.b"]), ["role_a_b", "role_a_b_2", "role_a_b_2_2", "role_a_b_3"]);
        let cjk = ids(&["社長", "会長", "部長"]);
        assert_eq!(cjk, ["role___", "role____2", "role____3"]);
        let many: Vec<String> = (0..2000).map(|i| "é".repeat(1 + i % 3)).collect();
        let got = ids(&many.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), got.len());
        assert!(got.iter().all(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
        // Roles and orgs never share an id.
        let both = MermaidIds::new(["x"].into_iter(), ["x"].into_iter());
        assert_eq!((both.roles[0].as_str(), both.orgs[0].as_str()), ("role_x", "org_x"));
    }

    #[test]
    fn labels_turn_markup_into_entities() {
        assert_eq!(text(r#"He said "no""#), "He said #quot;no#quot;");
        assert_eq!(text("<b>A&B</b> #1 100% `x`"), "#60;b#62;A#38;B#60;/b#62; #35;1 100#37; #96;x#96;");
        // An entity written in the data stays text.
        assert_eq!(text("#quot;"), "#35;quot;");
        assert_eq!(text("a\u{1b}[2J\u{202e}\nb"), "a\\u{1b}[2J\\u{202e}\\u{a}b");
        assert_eq!(text("Zoë 李 (PDG)"), "Zoë 李 (PDG)");
    }
}
