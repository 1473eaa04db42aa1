//! `orgline export` and the `--json` views, run as a user runs them: the
//! binary on the bundled story, on fixtures, on generated and hostile
//! datasets. Graphviz renders the DOT output when it is installed (and
//! must be under CI).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use orgline::model::{BUNDLED, load_str};
use serde_json::Value;

mod common;
use common::{ok, orgline};

/// A directory of this test's own under `target/`, for datasets and outputs.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

fn export(format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "--format", format];
    args.extend_from_slice(extra);
    ok(&args)
}

/// Bytes no dataset string may produce on a terminal: ESC, BEL, C1
/// controls, bidi controls, invisible format characters, CR, backspace.
fn forbidden(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, 0x1b | 0x07 | 0x08 | b'\r' | 0x7f) {
            found.push(format!("byte {b:#04x} at {i}"));
        }
    }
    for c in String::from_utf8_lossy(bytes).chars() {
        let bad = matches!(c,
            '\u{80}'..='\u{9f}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{2028}' | '\u{2029}');
        if bad {
            found.push(format!("U+{:04X}", c as u32));
        }
    }
    found
}

/// DOT text checked without Graphviz: a `digraph`, every quoted string
/// closed, braces balanced outside strings.
fn check_dot_structure(dot: &str) {
    assert!(dot.starts_with("digraph "), "{dot}");
    let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
    for c in dot.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "a brace closes nothing:\n{dot}");
    }
    assert!(!in_string && depth == 0, "unbalanced:\n{dot}");
}

/// Renders `dot` text to SVG with Graphviz and returns it; `None` when
/// Graphviz is not installed and this is not CI (where it must be).
fn graphviz(dot: &str) -> Option<String> {
    check_dot_structure(dot);
    let child =
        Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(std::env::var_os("CI").is_none(), "Graphviz `dot` is not on PATH, and CI needs it");
            // Straight to stderr: `eprintln!` is captured for passing tests.
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                let notice = "notice: Graphviz `dot` is not on PATH: the DOT output is checked for structure only\n";
                let _ = std::io::stderr().write_all(notice.as_bytes());
            });
            return None;
        }
        Err(e) => panic!("cannot run dot: {e}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    let text = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "dot -Tsvg failed: {}\n{dot}", String::from_utf8_lossy(&out.stderr));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    Some(svg)
}

/// The keys of the object at two spaces of indentation, in written order.
fn top_level_keys(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.strip_prefix("  \"")).map(|l| l.split('"').next().unwrap().to_string()).collect()
}

#[test]
fn json_export_holds_the_whole_bundled_story() {
    let text = export("json", &[]);
    assert_eq!(
        top_level_keys(&text),
        [
            "format", "version", "title", "as_of", "sources", "orgs", "people", "roles", "tenures", "events", "quotes",
            "chart"
        ]
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((v["format"].as_str(), v["version"].as_u64()), (Some("orgline-export"), Some(1)));
    let ds = load_str(BUNDLED).unwrap().dataset;
    assert_eq!(v["title"].as_str(), ds.title.as_deref());
    assert_eq!(v["as_of"]["as_written"], "2024-03");
    let len = |k: &str| v[k].as_array().unwrap_or_else(|| panic!("{k}")).len();
    assert_eq!(len("sources"), ds.sources.len());
    assert_eq!(len("orgs"), ds.orgs.len());
    assert_eq!(len("people"), ds.people.len());
    assert_eq!(len("roles"), ds.roles.len());
    assert_eq!(len("tenures"), ds.tenures.len());
    assert_eq!(len("events"), ds.events.len());
    assert_eq!(len("quotes"), ds.quotes.len());
    assert_eq!(len("people"), 5);

    // Slack's CEO: Butterfield from an open start to 2022, then Jones.
    let ceo: Vec<&Value> = v["tenures"].as_array().unwrap().iter().filter(|t| t["role"] == "slack-ceo").collect();
    assert_eq!(ceo.len(), 2);
    assert_eq!(ceo[0]["person"], "stewart-butterfield");
    let start = &ceo[0]["start"];
    assert_eq!(start["as_written"], "../2022");
    assert!(start["earliest"].is_null() && start["widened_earliest"].is_null());
    assert_eq!(start["latest"], "2022-12-31");
    assert_eq!(start["interval"]["start"]["kind"], "open");
    assert_eq!(ceo[0]["end"]["earliest"], "2022-01-01");
    assert_eq!(ceo[1]["person"], "lidiane-jones");
    assert_eq!(
        (ceo[1]["start"]["as_written"].as_str(), ceo[1]["end"]["latest"].as_str()),
        (Some("2022"), Some("2023-12-31"))
    );
    assert_eq!(ceo[0]["sources"], serde_json::json!(["article"]));

    // Henderson's uncertain end is widened by a month each side.
    let henderson = v["tenures"].as_array().unwrap().iter().find(|t| t["person"] == "cal-henderson").unwrap();
    let end = &henderson["end"];
    assert_eq!(
        (end["as_written"].as_str(), end["uncertain"].as_bool(), end["approximate"].as_bool()),
        (Some("2024-01?"), Some(true), Some(false))
    );
    assert_eq!(
        (end["widened_earliest"].as_str(), end["widened_latest"].as_str()),
        (Some("2023-12-01"), Some("2024-02-29"))
    );
    // References are ids; absent fields are null.
    assert_eq!(v["orgs"][1]["parent"], "salesforce");
    assert_eq!(v["sources"][1]["via"], "article");
    assert!(v["sources"][1]["date"].is_null());
    assert_eq!(v["quotes"][0]["event"], "butterfield-leaves");
    assert_eq!(v["quotes"][0]["date"]["approximate"], true);
}

#[test]
fn docs_examples_are_what_orgline_writes() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export.md")).unwrap();
    // Fenced blocks: (info string, text).
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in doc.lines() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.to_string(), String::new()));
                }
            }
            Some(_) if line == "```" => blocks.push(open.take().unwrap()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    let ron = blocks.iter().rev().find(|(info, _)| info == "ron").expect("the example dataset").1.clone();
    let dir = scratch("docs");
    let file = dir.join("harbour.ron");
    std::fs::write(&file, &ron).unwrap();
    let examples: Vec<&(String, String)> = blocks.iter().filter(|(info, _)| info.ends_with(" example")).collect();
    let formats: Vec<&str> = examples.iter().map(|(info, _)| info.split(' ').next().unwrap()).collect();
    assert_eq!(formats, ["json", "dot", "mermaid", "markdown"]);
    for (info, text) in examples {
        let format = info.split(' ').next().unwrap();
        let real = ok(&["export", file.to_str().unwrap(), "--format", format]);
        assert_eq!(&real, text, "docs/export.md: the {format} example is not what orgline writes");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dot_export_draws_nested_org_clusters_holders_and_lines() {
    let dot = export("dot", &[]);
    assert!(dot.starts_with("digraph orgline {\n"), "{dot}");
    assert!(dot.contains("label=\"Slack after the Salesforce acquisition — as of 2024-03\""), "{dot}");
    // Slack's cluster sits inside Salesforce's; Bumble's stands apart.
    let line = |needle: &str| dot.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}\n{dot}"));
    assert_eq!(line("subgraph \"cluster_org:salesforce\""), "  subgraph \"cluster_org:salesforce\" {");
    assert_eq!(line("subgraph \"cluster_org:slack\""), "    subgraph \"cluster_org:slack\" {");
    assert_eq!(line("subgraph \"cluster_org:bumble\""), "  subgraph \"cluster_org:bumble\" {");
    assert!(dot.contains("\"role:slack-cto\" [label=\"CTO (directeur technique)\\nParker Harris\"];"), "{dot}");
    assert!(dot.contains("\"role:salesforce-ceo\" [label=\"CEO (PDG)\\nMarc Benioff?\"];"), "{dot}");
    // Nobody is Slack's CEO in March 2024: drawn dashed and grey.
    assert!(dot.contains("\"role:slack-ceo\" [label=\"CEO (PDG)\\nvacant\", style=\"rounded,dashed\""), "{dot}");
    assert!(dot.contains("  \"role:salesforce-ceo\" -> \"role:slack-ceo\";\n"), "{dot}");
    assert!(dot.contains("  \"role:slack-ceo\" -> \"role:slack-cto\";\n"), "{dot}");

    // The fixture story: an acting CEO, and a dotted line drawn dashed.
    let dot = ok(&["export", "story.ron", "--format", "dot", "--as-of", "2010-06"]);
    assert!(dot.contains("\"role:acme-ceo\" [label=\"CEO\\nBob Roe (acting)\", style=\"rounded,filled\""), "{dot}");
    assert!(dot.contains("  \"role:acme-cfo\" -> \"role:widget-cto\" [style=dashed, constraint=false];\n"), "{dot}");
    // Widget is not under Acme before mid-2015: two top clusters.
    assert!(dot.contains("\n  subgraph \"cluster_org:widget\" {\n"), "{dot}");
    let dot = ok(&["export", "story.ron", "--format", "dot", "--as-of", "2016"]);
    assert!(dot.contains("\n    subgraph \"cluster_org:widget\" {\n"), "{dot}");
}

#[test]
fn dot_output_renders_with_graphviz() {
    let mut rendered = 0;
    for as_of in ["2024-03", "2020", "2022"] {
        let svg = graphviz(&export("dot", &["--as-of", as_of]));
        if let Some(svg) = svg {
            assert!(svg.contains("Slack") && svg.contains("Marc Benioff"), "{svg}");
            rendered += 1;
        }
    }
    for fixture in ["story.ron", "hostile.ron", "minimal.ron"] {
        graphviz(&ok(&["export", fixture, "--format", "dot"]));
    }
    // No dates at all: the chart at a date given.
    graphviz(&ok(&["export", "lines_never_drawn.ron", "--format", "dot", "--as-of", "2020"]));
    // A generated dataset: 2,500 roles, orgs nested two deep.
    let dir = scratch("generated");
    let file = dir.join("generated.ron");
    std::fs::write(&file, orgline::generate::generate(2500, 2)).unwrap();
    let dot = ok(&["export", file.to_str().unwrap(), "--format", "dot", "--no-cache"]);
    assert!(dot.contains("\n    subgraph \"cluster_org:"), "a nested org cluster");
    assert_eq!(dot.matches(" [label=").count(), 2500 + 1, "every role, and the graph");
    if let Some(svg) = graphviz(&dot) {
        assert!(svg.matches("class=\"node\"").count() >= 2500);
        assert!(svg.contains("class=\"cluster\""));
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(rendered == 3 || std::env::var_os("CI").is_none());
}

/// The ids a Mermaid flowchart defines (nodes and subgraphs) and the edges
/// it draws, checked for shape on the way.
fn mermaid_ids(text: &str) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
    let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let (mut nodes, mut subgraphs, mut edges) = (Vec::new(), Vec::new(), Vec::new());
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart TD"));
    for line in lines.map(str::trim) {
        if line.starts_with("%%") || line.starts_with("classDef ") || line == "end" {
            continue;
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            let (id, title) = rest.split_once(' ').unwrap();
            assert!(is_id(id), "{line}");
            assert!(
                title.starts_with("[\"") && title.ends_with("\"]") && !title[2..title.len() - 2].contains('"'),
                "{line}"
            );
            subgraphs.push(id.to_string());
        } else if let Some((id, label)) = line.split_once("[\"") {
            assert!(is_id(id), "{line}");
            let (inner, class) = label.split_once("\"]").unwrap();
            assert!(!inner.contains('"'), "{line}");
            assert!(["", ":::vacant", ":::acting"].contains(&class), "{line}");
            nodes.push(id.to_string());
        } else {
            let parts: Vec<&str> = line.split(' ').collect();
            assert!(parts.len() == 3 && ["-->", "-.->"].contains(&parts[1]), "{line}");
            assert!(is_id(parts[0]) && is_id(parts[2]), "{line}");
            edges.push((parts[0].to_string(), parts[2].to_string()));
        }
    }
    (nodes, subgraphs, edges)
}

#[test]
fn mermaid_export_is_a_flowchart_with_sanitized_ids() {
    let text = export("mermaid", &[]);
    assert!(text.starts_with("flowchart TD\n"), "{text}");
    let (nodes, subgraphs, edges) = mermaid_ids(&text);
    assert_eq!(
        nodes,
        ["role_salesforce_ceo", "role_salesforce_cto", "role_slack_ceo", "role_slack_cto", "role_bumble_head"]
    );
    assert_eq!(subgraphs, ["org_salesforce", "org_slack", "org_bumble"]);
    assert!(edges.iter().all(|(a, b)| nodes.contains(a) && nodes.contains(b)), "{edges:?}");
    assert_eq!(edges.len(), 3);
    assert!(text.contains("role_slack_ceo[\"CEO (PDG)<br/>vacant\"]:::vacant\n"), "{text}");
    assert!(text.contains("classDef vacant "), "{text}");
    // Slack's subgraph is inside Salesforce's: it opens before Salesforce's `end`.
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("subgraph org_salesforce") < pos("subgraph org_slack"));
    assert!(pos("    subgraph org_slack") < pos("  end\n"));

    let story = ok(&["export", "story.ron", "--format", "mermaid", "--as-of", "2010-06"]);
    assert!(story.contains("role_acme_ceo[\"CEO<br/>Bob Roe (acting)\"]:::acting\n"), "{story}");
    assert!(story.contains("  role_acme_cfo -.-> role_widget_cto\n"), "{story}");
    mermaid_ids(&story);
}

#[test]
fn markdown_export_is_a_report_with_every_quote_cited() {
    let md = export("markdown", &[]);
    assert!(md.starts_with("# Slack after the Salesforce acquisition\n\n## Org chart as of 2024-03\n\n"), "{md}");
    assert!(md.contains("\n- **CEO (PDG)**, Salesforce: Marc Benioff?\n"), "{md}");
    assert!(md.contains("\n  - **CEO (PDG)**, Slack: *vacant*\n"), "{md}");
    assert!(md.contains("\n    - **CTO (directeur technique)**, Slack: Parker Harris\n"), "{md}");
    // The timeline: every event, date as written, kind, sources.
    let ds = load_str(BUNDLED).unwrap().dataset;
    let timeline: Vec<&str> =
        md.split("## Timeline\n\n").nth(1).unwrap().split("\n\n").next().unwrap().lines().collect();
    assert_eq!(timeline.len(), ds.events.len());
    assert!(timeline.contains(&"- 2024-01? — **Parker Harris becomes Slack's CTO** (appointment). Source: « Après de nombreux chamboulements à la tête de Slack… », 2024-03."), "{timeline:#?}");
    assert!(timeline.iter().any(|l| l.starts_with("- 2024-01/2024-03 — ")
        && l.contains("Sources: Interview de Parker Harris à CNBC, CNBC (via « Après")));
    // Every quote: a block quote ending in its citation.
    let quotes = md.split("## Quotes\n").nth(1).unwrap();
    let citations: Vec<&str> = quotes.lines().filter(|l| l.starts_with("> — ")).collect();
    assert_eq!(citations.len(), ds.quotes.len());
    assert!(citations.contains(&"> — **Stewart Butterfield**, 2022\\~. Source: « Après de nombreux chamboulements à la tête de Slack… », 2024-03. Event: Stewart Butterfield leaves Slack (2022)."), "{citations:#?}");
    assert!(quotes.contains("> Le problème, c’est qu’il n’y a pas eu d’intégration"), "{quotes}");
    assert!(quotes.contains("> *Translation:* to try to build something great\n"), "{quotes}");
}

#[test]
fn as_of_changes_who_holds_the_ceo_role() {
    let holders = |as_of: &str| -> Vec<String> {
        let v = json(&["export", "--format", "json", "--as-of", as_of]);
        assert_eq!(v["chart"]["as_of"]["as_written"], as_of);
        let roles = v["chart"]["roles"].as_array().unwrap();
        let ceo = roles.iter().find(|r| r["role"] == "slack-ceo").unwrap();
        ceo["holders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| format!("{} {}", h["name"].as_str().unwrap(), h["coverage"].as_str().unwrap()))
            .collect()
    };
    assert_eq!(holders("2020"), ["Stewart Butterfield possible"]);
    assert_eq!(holders("2022"), ["Stewart Butterfield possible", "Lidiane Jones possible"]);
    // The JSON agrees with the text view.
    assert_eq!(holders("2022-06"), holders_at_2022_06());
    assert_eq!(holders("2024-03"), Vec::<String>::new());

    let dot = |as_of: &str| export("dot", &["--as-of", as_of]);
    assert!(dot("2020").contains("\"role:slack-ceo\" [label=\"CEO (PDG)\\nStewart Butterfield?\"];"));
    assert!(dot("2022").contains("\"role:slack-ceo\" [label=\"CEO (PDG)\\nStewart Butterfield?\\nLidiane Jones?\"];"));
    let mermaid = |as_of: &str| export("mermaid", &["--as-of", as_of]);
    assert!(mermaid("2020").contains("role_slack_ceo[\"CEO (PDG)<br/>Stewart Butterfield?\"]\n"));
    assert!(mermaid("2024-03").contains("role_slack_ceo[\"CEO (PDG)<br/>vacant\"]:::vacant\n"));
    let md = |as_of: &str| export("markdown", &["--as-of", as_of]);
    assert!(md("2020").contains("## Org chart as of 2020\n\n- **CEO (PDG)**, Salesforce: Marc Benioff?\n"));
    // Before 2021 Slack is not under Salesforce: its CEO is a root.
    assert!(md("2020").contains("\n- **CEO (PDG)**, Slack: Stewart Butterfield?\n"));
    assert!(md("2022").contains("\n  - **CEO (PDG)**, Slack: Stewart Butterfield?, Lidiane Jones?\n"));
}

/// Slack's CEO in June 2022, as `orgline tree` reads it.
fn holders_at_2022_06() -> Vec<String> {
    let tree = ok(&["tree", "--as-of", "2022-06"]);
    let line = tree.lines().find(|l| l.contains("CEO (PDG) [Slack]: ")).unwrap();
    line.split(": ")
        .nth(1)
        .unwrap()
        .split(", ")
        .map(|h| match h.strip_suffix('?') {
            Some(name) => format!("{name} possible"),
            None => format!("{h} certain"),
        })
        .collect()
}

#[test]
fn output_files_are_replaced_whole_and_unwritable_ones_fail() {
    let dir = scratch("output");
    let out = dir.join("chart.dot");
    std::fs::write(&out, "old contents").unwrap();
    let path = out.to_str().unwrap();
    assert_eq!(ok(&["export", "--format", "dot", "-o", path]), "", "nothing on stdout");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), export("dot", &[]));
    assert_eq!(ok(&["export", "--format", "json", "--output", path, "--as-of", "2020"]), "");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["chart"]["as_of"]["as_written"], "2020");
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["chart.dot"], "no temporary file is left behind");

    // A parent that is a file, a missing directory, a directory: exit 2, a clear message, nothing written.
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    for bad in [blocker.join("out.md"), dir.join("missing/out.md"), dir.clone()] {
        let res = orgline(&["export", "--format", "markdown", "-o", bad.to_str().unwrap()]);
        assert_eq!(res.status.code(), Some(2), "{bad:?}");
        assert!(res.stdout.is_empty());
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(err.starts_with("orgline: cannot write \"") && err.contains(bad.to_str().unwrap()), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["a-file", "chart.dot"]);
    // Invalid data writes nothing, and leaves the old file as it was.
    let before = std::fs::read(&out).unwrap();
    let res = orgline(&["export", "../invalid/cycles.ron", "--format", "json", "-o", path]);
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_dates_invalid_data_and_bad_usage_exit_with_the_usual_statuses() {
    for format in ["json", "dot", "mermaid", "markdown"] {
        let res = orgline(&["export", "--format", format, "--as-of", "2024-13"]);
        assert_eq!(res.status.code(), Some(2), "{format}");
        assert!(res.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&res.stderr), "orgline: --as-of \"2024-13\": no month 13\n");

        let res = orgline(&["export", "../invalid/cycles.ron", "--format", format]);
        assert_eq!(res.status.code(), Some(1), "{format}");
        assert!(res.stdout.is_empty());
        assert!(String::from_utf8_lossy(&res.stderr).contains("cycles.ron:8:57: error: reporting cycle"));

        assert_eq!(orgline(&["export", "no-such.ron", "--format", format]).status.code(), Some(2));
    }
    // The date is checked before the file is read.
    let res = orgline(&["export", "no-such.ron", "--format", "dot", "--as-of", "nope"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("--as-of \"nope\""));
    // No format, an unknown format.
    assert_eq!(orgline(&["export"]).status.code(), Some(2));
    let res = orgline(&["export", "--format", "svg"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("json, dot, mermaid, markdown"));
    for view in ["tree", "timeline", "quotes"] {
        assert_eq!(orgline(&[view, "../invalid/cycles.ron", "--json"]).status.code(), Some(1), "{view}");
    }
    assert_eq!(orgline(&["tree", "--json", "--as-of", "2024-13"]).status.code(), Some(2));
    assert_eq!(orgline(&["timeline", "--json", "--person", "nobody"]).status.code(), Some(2));
}

/// Ids are kept exactly as written (only other text is cleaned at load), so
/// they carry raw controls, bidi and C1 characters into every export.
const HOSTILE_IDS: &str = r#"(
    title: "Ids \u{1b}]0;t\u{7}",
    as_of: "2024",
    sources: [(id: "src\u{1b}]8;;http://x\u{7}", title: "S")],
    orgs: [
        (id: "org\u{202e}live", name: "Org \"quoted\" <b>&amp;</b> #1 100%"),
        (id: "sub\u{9b}31m", name: "Sub", parent: "org\u{202e}live"),
    ],
    people: [(id: "ada\u{1b}[2J\u{200f}", name: "Ada [link](javascript:x) *x*")],
    roles: [
        (id: "ceo\u{7f}\u{2066}\"x\"\\", org: "org\u{202e}live", title: "CEO \\N \\G"),
        (id: "cto\u{85}\nend", org: "sub\u{9b}31m", title: "CTO", reports_to: "ceo\u{7f}\u{2066}\"x\"\\"),
        (id: "cto-\u{85}-end", org: "sub\u{9b}31m", title: "Twin", dotted_to: ["ceo\u{7f}\u{2066}\"x\"\\"]),
    ],
    tenures: [(person: "ada\u{1b}[2J\u{200f}", role: "ceo\u{7f}\u{2066}\"x\"\\", start: "2020", sources: ["src\u{1b}]8;;http://x\u{7}"])],
    events: [(id: "ev\u{200e}\u{2028}", date: "2021", title: "E", people: ["ada\u{1b}[2J\u{200f}"], orgs: ["sub\u{9b}31m"], sources: ["src\u{1b}]8;;http://x\u{7}"])],
    quotes: [(id: "q\u{feff}", speaker: "ada\u{1b}[2J\u{200f}", text: "- not a list\n1. nor this\n<script>", source: "src\u{1b}]8;;http://x\u{7}", event: "ev\u{200e}\u{2028}")],
)"#;

#[test]
fn hostile_data_never_reaches_the_terminal_raw() {
    let dir = scratch("hostile");
    let ids = dir.join("ids.ron");
    std::fs::write(&ids, HOSTILE_IDS).unwrap();
    let ids = ids.to_str().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/hostile.ron");
    let fixture = fixture.to_str().unwrap();
    for file in [ids, fixture] {
        for args in [
            &["export", file, "--format", "json"][..],
            &["export", file, "--format", "dot"],
            &["export", file, "--format", "mermaid"],
            &["export", file, "--format", "markdown"],
            &["tree", file, "--json"],
            &["timeline", file, "--json"],
            &["quotes", file, "--json"],
        ] {
            let mut args = args.to_vec();
            args.push("--no-cache");
            let res = orgline(&args);
            assert!(res.status.success(), "{args:?}: {}", String::from_utf8_lossy(&res.stderr));
            for (name, bytes) in [("stdout", &res.stdout), ("stderr", &res.stderr)] {
                assert_eq!(
                    forbidden(bytes),
                    Vec::<String>::new(),
                    "{args:?} {name}: {}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }

    // JSON decodes to the ids exactly as written.
    let v = json(&["export", ids, "--format", "json", "--no-cache"]);
    let ds = load_str(HOSTILE_IDS).unwrap().dataset;
    assert_eq!(v["roles"][1]["id"].as_str(), Some(ds.roles[1].id.as_str()));
    assert_eq!(v["roles"][1]["id"], "cto\u{85}\nend");
    assert_eq!(v["roles"][1]["reports_to"], "ceo\u{7f}\u{2066}\"x\"\\");
    assert_eq!(v["people"][0]["id"], "ada\u{1b}[2J\u{200f}");
    assert_eq!(v["chart"]["roles"][0]["holders"][0]["person"], "ada\u{1b}[2J\u{200f}");
    let raw = ok(&["export", ids, "--format", "json", "--no-cache"]);
    assert!(raw.contains(r#""ceo\u007f\u2066\"x\"\\""#), "{raw}");
    assert!(raw.contains(r#""cto\u0085\nend""#), "{raw}");

    // DOT: distinct, quoted ids; labels whose backslashes cannot act as DOT escapes.
    let dot = ok(&["export", ids, "--format", "dot", "--no-cache"]);
    assert!(dot.contains(r#""role:ceo\u{7f}\u{2066}\"x\"\\" [label="CEO \\N \\G\nAda"#), "{dot}");
    assert!(dot.contains(r#""role:cto\u{85}\u{a}end""#), "{dot}");
    assert!(dot.contains(r#"subgraph "cluster_org:sub\u{9b}31m""#), "{dot}");
    if let Some(svg) = graphviz(&dot) {
        assert!(svg.contains("CEO \\N \\G"), "{svg}");
        assert!(svg.matches("class=\"node\"").count() == 3, "{svg}");
    }
    // Mermaid: sanitized, distinct ids; markup as entities.
    let mermaid = ok(&["export", ids, "--format", "mermaid", "--no-cache"]);
    let (nodes, subgraphs, edges) = mermaid_ids(&mermaid);
    assert_eq!(nodes, ["role_ceo___x__", "role_cto__end", "role_cto___end"]);
    assert_eq!(subgraphs, ["org_org_live", "org_sub_31m"]);
    assert_eq!(edges.len(), 2);
    assert!(mermaid.contains("[\"Org #quot;quoted#quot; #60;b#62;#38;amp;#60;/b#62; #35;1 100#37;\"]"), "{mermaid}");
    // Markdown: no link, emphasis or HTML from the data; a quote cannot start a list.
    let md = ok(&["export", ids, "--format", "markdown", "--no-cache"]);
    assert!(md.contains(r"Ada \[link\](javascript:x) \*x\*"), "{md}");
    assert!(md.contains("> \\- not a list\\\n> 1\\. nor this\\\n> \\<script\\>\n"), "{md}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_views_say_what_the_text_views_say() {
    for as_of in ["2020", "2022", "2024-03"] {
        let text = ok(&["tree", "--as-of", as_of]);
        let v = json(&["tree", "--json", "--as-of", as_of]);
        assert_eq!(v["as_of"]["as_written"], as_of);
        let roles = v["roles"].as_array().unwrap();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(roles.len(), lines.len());
        for (role, line) in roles.iter().zip(&lines) {
            let depth = role["depth"].as_u64().unwrap() as usize;
            let holders: Vec<String> = role["holders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    let mark = if h["coverage"] == "possible" { "?" } else { "" };
                    let acting = if h["acting"] == true { " (acting)" } else { "" };
                    format!("{}{mark}{acting}", h["name"].as_str().unwrap())
                })
                .collect();
            let held = if holders.is_empty() { "vacant".to_string() } else { holders.join(", ") };
            let expected = format!(
                "{}{} [{}]: {held}",
                "  ".repeat(depth),
                role["title"].as_str().unwrap(),
                role["org_name"].as_str().unwrap()
            );
            assert_eq!(*line, expected);
        }
    }
    let dotted = json(&["tree", "story.ron", "--json", "--as-of", "2005"]);
    let cto = dotted["roles"].as_array().unwrap().iter().find(|r| r["role"] == "widget-cto").unwrap();
    assert_eq!(cto["dotted_to"], serde_json::json!([{"role": "acme-cfo", "title": "CFO", "org_name": "Acme"}]));
    assert_eq!(cto["reports_to"], "widget-ceo");

    for filter in [&[][..], &["--person", "parker-harris"], &["--from", "2023", "--to", "2023-12"]] {
        let mut args = vec!["timeline"];
        args.extend_from_slice(filter);
        let text = ok(&args);
        args.push("--json");
        let v = json(&args);
        let events = v.as_array().unwrap();
        assert_eq!(events.len(), text.lines().count(), "{filter:?}");
        for (e, line) in events.iter().zip(text.lines()) {
            assert!(line.starts_with(e["date"]["as_written"].as_str().unwrap()), "{line}");
            assert!(line.contains(&format!("  {}", e["title"].as_str().unwrap())), "{line}");
            match e["kind"].as_str() {
                Some(kind) => assert!(line.ends_with(&format!("  [{kind}]")), "{line}"),
                None => assert!(!line.ends_with(']'), "{line}"),
            }
        }
    }

    let text = ok(&["quotes", "story.ron"]);
    let v = json(&["quotes", "story.ron", "--json"]);
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    let quotes = v.as_array().unwrap();
    assert_eq!(quotes.len(), heads.len());
    for (q, head) in quotes.iter().zip(heads) {
        assert_eq!(
            head,
            format!("{}, {}", q["speaker"]["name"].as_str().unwrap(), q["date"]["as_written"].as_str().unwrap())
        );
        assert!(text.contains(&format!("  Source: {}\n", q["source"]["citation"].as_str().unwrap())));
    }
    let back = json(&["quotes", "story.ron", "--json", "--event", "return"]);
    assert_eq!(back[0]["translation"], "I am back.");
    assert_eq!(
        back[0]["source"],
        serde_json::json!({"id": "tv", "citation": "Evening news interview, Channel 9 (via Annual report)"})
    );
    assert_eq!(back[0]["event"]["date"]["as_written"], "2016");
    assert_eq!(json(&["quotes", "story.ron", "--json", "--event", "interim"]), serde_json::json!([]));
}

#[test]
fn a_dataset_without_dates_exports_what_it_can() {
    let dir = scratch("undated");
    let file = dir.join("undated.ron");
    std::fs::write(
        &file,
        r#"(title: "Undated", orgs: [(id: "o", name: "O")], people: [(id: "p", name: "P")], roles: [(id: "r", org: "o", title: "R")], tenures: [(person: "p", role: "r")])"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let v = json(&["export", f, "--format", "json", "--no-cache"]);
    assert!(v["chart"].is_null() && v["as_of"].is_null());
    assert_eq!(v["tenures"][0]["start"], Value::Null);
    for format in ["dot", "mermaid"] {
        let res = orgline(&["export", f, "--format", format, "--no-cache"]);
        assert_eq!(res.status.code(), Some(2), "{format}");
        assert!(String::from_utf8_lossy(&res.stderr).contains("pass --as-of DATE"));
    }
    let md = ok(&["export", f, "--format", "markdown", "--no-cache"]);
    assert!(md.contains("pass `--as-of DATE` to include the org chart"), "{md}");
    assert!(md.contains("No events.") && md.contains("No quotes."), "{md}");
    // With a date, the holder with no start or end holds it certainly.
    let dot = ok(&["export", f, "--format", "dot", "--no-cache", "--as-of", "2000"]);
    assert!(dot.contains("\"role:r\" [label=\"R\\nP\"];"), "{dot}");
    // `tree --json` says there is no date rather than printing text.
    let res = orgline(&["tree", f, "--json", "--no-cache"]);
    assert!(res.status.success());
    let v: Value = serde_json::from_slice(&res.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"title": "Undated", "as_of": null, "roles": null}));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn help_describes_export_and_json() {
    let help = ok(&["--help"]);
    assert!(help.contains("export"), "{help}");
    let help = ok(&["export", "--help"]);
    for needle in ["--format", "json", "dot", "mermaid", "markdown", "--as-of", "-o, --output", "docs/export.md"] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    for view in ["tree", "timeline", "quotes"] {
        let help = ok(&[view, "--help"]);
        assert!(help.contains("--json") && help.contains("docs/export.md"), "{view}: {help}");
    }
}
