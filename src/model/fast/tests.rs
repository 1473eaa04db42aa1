use std::marker::PhantomData;

use proptest::prelude::*;

use super::{Bail, from_str_seed};
use crate::model::load::{BUNDLED, ron_options};
use crate::model::raw::RawDataset;

/// What each reader makes of `text`, as the raw dataset's debug text
/// (every field, in order), or `None` when it refused it.
fn both(text: &str) -> (Option<String>, Option<String>) {
    let fast = from_str_seed(text, PhantomData::<RawDataset>).ok().map(|d| format!("{d:?}"));
    let ron = ron_options().from_str::<RawDataset>(text).ok().map(|d| format!("{d:?}"));
    (fast, ron)
}

/// The fast reader read `text`, and as ron does.
#[track_caller]
fn reads_as_ron(text: &str) {
    let (fast, ron) = both(text);
    assert!(fast.is_some(), "the fast reader gave up on {text:?}");
    assert_eq!(fast, ron, "the readers differ on {text:?}");
}

/// The fast reader gave up on `text`, which ron reads.
#[track_caller]
fn left_to_ron(text: &str) {
    let (fast, ron) = both(text);
    assert_eq!(fast, None, "the fast reader read {text:?}");
    assert!(ron.is_some(), "ron refused {text:?}");
}

/// Whenever the fast reader succeeds, ron succeeds with the same dataset.
#[track_caller]
fn agrees(text: &str) -> bool {
    let (fast, ron) = both(text);
    if fast.is_some() {
        assert_eq!(fast, ron, "the fast reader read {text:?} differently from ron");
    }
    fast.is_some()
}

/// Every spelling the fast reader knows, at least once.
const VARIED: &str = r##"#![enable(implicit_some)]
// a comment
/* a block /* nested */ comment */
(
  title: "Varied \"quoted\" \\ \n\t\r\0 \' \u{e9}\u{1b}",
  as_of: Some( "2024-03" ),
  sources: [Source(id: "s1", title: "Les Échos", date: None, url: Some("https://x"),)],
  orgs: [ ( id: "o1", name: "Org" , parent : None ) , ],
  people: [
    Person(id: "p1", name: "Zoë 張", aliases: ["Z", r"張三", r#"say "hi""#], note: "line
break"),
    (id: "p2", name: "B"), // after
  ],
  roles: [Role (id: "r1", org: "o1", title: "CEO", seats: 2, dotted_to: [], reports_to: None)],
  tenures: [(person: "p1", role: "r1", start: "2020", acting: true, sources: ["s1",]), (person: "p2", role: "r1", acting: false)],
  events: [(id: "e1", date: "2021-07", title: "T", people: ["p1"], orgs: ["o1"], kind: Some("merger"))],
  quotes: [(id: "q1", speaker: "p1", text: "«Bonjour»", source: "s1", event: "e1" /* why */)],
)
"##;

#[test]
fn reads_every_spelling_it_knows_as_ron_does() {
    reads_as_ron(VARIED);
    reads_as_ron("()");
    reads_as_ron("Dataset()");
    reads_as_ron("  ( people : [ ] , )  // end");
    reads_as_ron("(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 0)])");
    reads_as_ron("(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 4294967295)])");
    reads_as_ron("(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 007)])");
    reads_as_ron("(title: Some(\"x\",))");
    reads_as_ron("(title: None)");
    reads_as_ron("/* block */ ()");
    reads_as_ron("#![enable(implicit_some)]#![enable(implicit_some)] ( /* a /* b */ c */ title: r\"raw\" )");
    reads_as_ron("(title: r##\"a \"# b\"##, as_of: r\"2020\")");
    reads_as_ron("(title: /*/ x */ \"t\") /**/");
    reads_as_ron("(title: \"\\u{e9} \\u{1F600} \\u{0}\\u{10FFFF}\")");
}

#[test]
fn reads_the_bundled_story_and_generated_datasets_as_ron_does() {
    reads_as_ron(BUNDLED);
    for seed in 1..4 {
        reads_as_ron(&crate::generate::generate(300, seed));
    }
}

#[test]
fn reads_the_valid_fixtures_as_ron_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Every one of them, hostile text and attribute included.
            reads_as_ron(text.strip_prefix('\u{feff}').unwrap_or(&text));
            read += 1;
        }
    }
    assert!(read >= 5, "only {read} fixtures");
}

#[test]
fn leaves_other_spellings_to_ron() {
    for text in [
        "#![enable(unwrap_newtypes)] ()",
        // ron reads `Some` then, finding no `(`, the value as an implicit `Some`.
        "(title: Some \"x\")",
        "#![enable( implicit_some )] ()",
        "(title: \"\\x41\")",
        "(title: \"a\\\n   b\")",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: +2)])",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 0x2)])",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 1_000)])",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 2u32)])",
        "(\u{0B}title: \"x\")",
        "(\u{200E}title: \"x\")",
        "(r#title: \"x\")",
    ] {
        left_to_ron(text);
    }
}

#[test]
fn gives_up_on_what_ron_refuses() {
    for text in [
        "",
        "(",
        "(title: \"x\"",
        "(title: \"x\") x",
        "(title: \"x\" as_of: \"2020\")",
        "(titel: \"x\")",
        "(title: \"x\", title: \"y\")",
        "Other(title: \"x\")",
        "(people: [(id: \"p\")])",
        "(people: [Role(id: \"p\", name: \"n\")])",
        "(title: \"unterminated)",
        "(title: \"x\") /* unclosed",
        "(title: \"x\") /* /* */",
        "(title: r#\"unterminated\")",
        "(title: r#x)",
        "#![enable(implicit_some)",
        "(title: \"\\u{}\")",
        "(title: \"\\u{d800}\")",
        "(title: \"\\u{110000}\")",
        "(title: \"\\u{1234567}\")",
        "(title: \"\\ue9\")",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: 4294967296)])",
        "(roles: [(id: \"r\", org: \"o\", title: \"t\", seats: -1)])",
        "(tenures: [(person: \"p\", role: \"r\", acting: yes)])",
        "(tenures: [(person: \"p\", role: \"r\", acting: truely)])",
        "(title: Nonesuch)",
        "[]",
    ] {
        assert_eq!(from_str_seed(text, PhantomData::<RawDataset>).err(), Some(Bail), "{text:?}");
        assert!(ron_options().from_str::<RawDataset>(text).is_err(), "ron reads {text:?}");
    }
}

/// Bytes that matter to the grammar, to splice into a valid text.
const PIECES: &[&str] = &[
    "(", ")", "[", "]", ",", ":", "\"", "\\", "/", "*", "//", "/*", "#", "r", "b", "_", "0", "9", "-", "+", ".",
    "Some", "None", "Some(", "true", "false", "\n", "\r", "\t", " ", "\u{0B}", "\u{85}", "\u{200E}", "é", "張", "u32",
    "'", "x", "id", "name", "seats", "Person", "Role", "r#", "\"#", "*/", "#![", "\\u{",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Mutations of a text that uses every spelling: wherever the fast
    /// reader still succeeds, ron reads the same dataset.
    #[test]
    fn mutated_texts_read_as_ron_or_not_at_all(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..3u8, prop::sample::select(PIECES), 1..4usize), 1..4)
    ) {
        let mut text = VARIED.to_owned();
        for (at, kind, piece, len) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            match kind {
                0 => text.insert_str(i, piece),
                1 => {
                    let mut end = (i + len).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(i..end, "");
                }
                _ => {
                    let mut end = (i + len).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(i..end, piece);
                }
            }
        }
        agrees(&text);
    }
}

/// The mutation test has teeth only if many mutants are still read fast.
#[test]
fn single_byte_deletions_are_often_still_read() {
    let mut read = 0;
    let mut total = 0;
    for (i, _) in VARIED.char_indices() {
        let mut text = VARIED.to_owned();
        text.remove(i);
        total += 1;
        read += usize::from(agrees(&text));
    }
    assert!(read * 10 >= total, "only {read} of {total} deletions read fast");
}

#[test]
fn counts_the_bytes_it_has_read_for_the_progress_bar() {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Past the 1 MB at which reading and building run side by side.
    let text = crate::generate::generate(5000, 1);
    assert!(text.len() > 1 << 20);
    let at = AtomicU64::new(0);
    crate::model::load_bytes_counting(text.as_bytes(), &at).unwrap();
    let counted = at.load(Ordering::Relaxed);
    assert!(counted > 0 && counted <= text.len() as u64, "{counted} of {}", text.len());
}
