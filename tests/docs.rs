//! The datasets in `docs/format.md` load cleanly.
//!
//! Every ```ron code block whose first token (after blank lines and
//! comments) is `(` is a whole dataset, and must load with no error and no
//! warning, so the documentation cannot drift from the format. Blocks that
//! show a fragment or a mistake start otherwise (a field name, or a
//! different fence language).

use orgline::model::load_str;

const DOC: &str = "docs/format.md";

/// A fenced code block: its language tag, the line of its opening fence
/// (1-based) and its text.
struct Block {
    lang: String,
    line: usize,
    text: String,
}

/// Every fenced code block of a Markdown text, fences of three or more
/// backticks or tildes, in order.
fn code_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Block)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                let Some(mark) = trimmed.chars().next().filter(|&c| c == '`' || c == '~') else { continue };
                let len = trimmed.chars().take_while(|&c| c == mark).count();
                if len >= 3 {
                    let fence = mark.to_string().repeat(len);
                    let lang = trimmed[len..].split_whitespace().next().unwrap_or("").to_owned();
                    open = Some((fence, Block { lang, line: i + 1, text: String::new() }));
                }
            }
            Some((fence, block)) => {
                let closes =
                    trimmed.starts_with(fence.as_str()) && trimmed.trim_end().chars().all(|c| fence.starts_with(c));
                if closes {
                    let (_, block) = open.take().unwrap();
                    blocks.push(block);
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{DOC}: a code block is never closed");
    blocks
}

/// The text after leading whitespace and RON comments (`//` lines and
/// `/* */` blocks, which nest).
fn skip_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if text.starts_with("/*") {
            let mut depth = 0usize;
            let mut k = 0;
            let bytes = text.as_bytes();
            while k < bytes.len() {
                if bytes[k..].starts_with(b"/*") {
                    depth += 1;
                    k += 2;
                } else if bytes[k..].starts_with(b"*/") {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            text = &text[k..];
        } else {
            return text;
        }
    }
}

#[test]
fn every_dataset_in_the_format_doc_loads_without_errors_or_warnings() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let markdown = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let datasets: Vec<Block> = code_blocks(&markdown)
        .into_iter()
        .filter(|b| b.lang == "ron" && skip_comments(&b.text).starts_with('('))
        .collect();
    assert!(!datasets.is_empty(), "{DOC} has no ```ron block that is a whole dataset");

    let mut failures = Vec::new();
    for block in &datasets {
        let name = format!("{DOC}, block at line {}", block.line);
        let diagnostics = match load_str(&block.text) {
            Ok(loaded) => loaded.warnings,
            Err(diagnostics) => diagnostics,
        };
        if !diagnostics.is_empty() {
            let rendered: String = diagnostics.iter().map(|d| d.render(&name, Some(&block.text))).collect();
            failures.push(format!("{name}: {} diagnostic(s)\n{rendered}", diagnostics.len()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} datasets in {DOC} do not load cleanly (lines are counted from the block's first line):\n{}",
        failures.len(),
        datasets.len(),
        failures.join("\n")
    );
}

#[test]
fn the_block_reader_finds_fences_and_skips_comments() {
    let md = "text\n```ron\n// c\n(\n)\n```\n\n~~~text\n(x)\n~~~\n````ron\n```\n````\n";
    let blocks = code_blocks(md);
    assert_eq!(blocks.len(), 3);
    assert_eq!((blocks[0].lang.as_str(), blocks[0].line, blocks[0].text.as_str()), ("ron", 2, "// c\n(\n)\n"));
    assert_eq!((blocks[1].lang.as_str(), blocks[1].text.as_str()), ("text", "(x)\n"));
    assert_eq!(blocks[2].text, "```\n");
    assert_eq!(skip_comments("  // a\n /* b /* c */ d */ (x"), "(x");
    assert_eq!(skip_comments("title: x"), "title: x");
}

/// Every ```ron block of docs/config.md is a configuration orgline accepts,
/// and the page names every action and every style a configuration can use.
#[test]
fn the_configuration_page_is_true() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/config.md")).unwrap();
    let blocks: Vec<Block> = code_blocks(&doc).into_iter().filter(|b| b.lang == "ron").collect();
    assert!(!blocks.is_empty(), "docs/config.md shows no configuration");
    for b in &blocks {
        if let Err(diags) = orgline::config::parse(&b.text) {
            panic!("docs/config.md:{}: {diags:?}", b.line);
        }
    }
    for (_, name) in orgline::app::keymap::ACTION_NAMES {
        assert!(doc.contains(&format!("`{name}`")), "docs/config.md does not name the action `{name}`");
    }
    for (name, _) in orgline::ui::STYLE_NAMES {
        let named = doc.contains(&format!("`{name}`")) || (name.starts_with("bar") && doc.contains("`bar1` … `bar4`"));
        assert!(named, "docs/config.md does not name the style `{name}`");
    }
}
