// Lists of one highlight range are meant, not ranges to collect.
#![allow(clippy::single_range_in_vec_init)]

use std::sync::atomic::AtomicBool;

use super::*;
use crate::generate::{Rng, generate};
use crate::model::{BUNDLED, Dataset, load_str};
use unicode_segmentation::UnicodeSegmentation;

/// A small story with accents, scripts, aliases, a summary, a translation
/// and a long quote.
const STORY: &str = r#"(
    title: "Search",
    sources: [
        (id: "report", title: "Annual report", publisher: "Acme"),
        (id: "tv", title: "Evening news", publisher: "Channel Slackwater"),
    ],
    orgs: [
        (id: "acme", name: "Acme"),
        (id: "widget", name: "Widget", parent: "acme"),
        (id: "slack", name: "Slack"),
        (id: "slacktech", name: "Slack Technologies"),
        (id: "sally", name: "Sally Lackey Partners"),
    ],
    people: [
        (id: "zoe", name: "Zoë Núñez"),
        (id: "amelie", name: "Amélie Poulain"),
        (id: "wang", name: "王小明"),
        (id: "dmitri", name: "Дмитрий Иванов"),
        (id: "stew", name: "Stewart Butterfield", aliases: ["Stewie", "Le Papillon"]),
        (id: "strauss", name: "Ruth Strauß"),
    ],
    roles: [
        (id: "acme-ceo", org: "acme", title: "CEO"),
        (id: "widget-ceo", org: "widget", title: "CEO", reports_to: "acme-ceo"),
        (id: "widget-cto", org: "widget", title: "CTO", reports_to: "widget-ceo"),
    ],
    tenures: [
        (person: "zoe", role: "acme-ceo", start: "2000"),
        (person: "dmitri", role: "widget-cto", start: "2003"),
    ],
    events: [
        (id: "founding", date: "2000", title: "Acme is founded", kind: "founding", orgs: ["acme"]),
        (id: "takeover", date: "2015-06", title: "Acme buys Widget", kind: "acquisition",
            summary: "After long talks the board agreed, and the\nsmaller company joined the group.", orgs: ["acme", "widget"]),
    ],
    quotes: [
        (id: "q-back", speaker: "amelie", text: "Je suis de retour.", source: "report", language: "fr", translation: "I am back."),
        (id: "q-long", speaker: "zoe", source: "tv",
            text: "We spent the whole year talking about integration, about culture, about the people who build the product every day, and in the end what mattered was the quiet decision to keep the teams together."),
    ],
)"#;

fn story() -> Index {
    Index::new(load_str(STORY).expect("fixture is valid").dataset)
}

fn bundled() -> Index {
    Index::new(load_str(BUNDLED).expect("bundled dataset is valid").dataset)
}

/// The hits of `kind`, as their labels.
fn labels(r: &Results, kind: Kind) -> Vec<&str> {
    r.groups.iter().filter(|g| g.kind == kind).flat_map(|g| g.hits.iter().map(|h| h.label.as_str())).collect()
}

fn group(r: &Results, kind: Kind) -> &Group {
    r.groups.iter().find(|g| g.kind == kind).unwrap_or_else(|| panic!("no {kind:?} group for {:?}", r.query))
}

/// The highlighted pieces of a hit's shown text.
fn highlighted(h: &Hit) -> Vec<&str> {
    let shown = h.matched.as_deref().unwrap_or(&h.label);
    h.highlight.iter().map(|r| &shown[r.clone()]).collect()
}

#[test]
fn fold_table() {
    let table = [
        ("Zoë", "zoe"),
        ("Am\u{e9}lie", "amelie"),
        ("Ame\u{301}lie", "amelie"),
        ("Ñúñez", "nunez"),
        ("Straße STRAẞE", "strasse strasse"),
        ("Æsir Œuvre Øyvind Đặng Łódź ıi", "aesir oeuvre oyvind dang lodz ii"),
        ("İstanbul", "istanbul"),
        ("王小明", "王小明"),
        // й is и with a breve, ё is е with a diaeresis: both fold like accents.
        ("Дмитрий Ёлкин", "дмитрии елкин"),
        ("ΟΔΥΣΣΕΥΣ Οδυσσεύς", "οδυσσευσ οδυσσευσ"),
        ("が", "か"),
        ("한국어", "한국어"),
        ("👩\u{200d}💻 🎉", "👩\u{200d}💻 🎉"),
        ("Slack — CTO « ok » l’an", "slack - cto \" ok \" l'an"),
        ("a\u{a0}b", "a b"),
        ("", ""),
    ];
    for (text, folded) in table {
        assert_eq!(fold(text), folded, "fold({text:?})");
    }
}

#[test]
fn folding_works_character_by_character() {
    // What refinement relies on: fold(a + b) == fold(a) + fold(b).
    let s = "Zoë Ñúñez Straße 王小明 İ e\u{301} ς";
    for (i, _) in s.char_indices() {
        assert_eq!(fold(s), fold(&s[..i]) + &fold(&s[i..]), "cut at {i}");
    }
}

#[test]
fn accents_case_and_scripts_are_ignored() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    for (query, name) in [
        ("zoe", "Zoë Núñez"),
        ("ZOË", "Zoë Núñez"),
        ("nunez", "Zoë Núñez"),
        ("ÑÚÑEZ", "Zoë Núñez"),
        ("amelie", "Amélie Poulain"),
        ("ame\u{301}lie", "Amélie Poulain"),
        ("小明", "王小明"),
        ("дмит", "Дмитрий Иванов"),
        ("ДМИТ", "Дмитрий Иванов"),
        ("strass", "Ruth Strauß"),
    ] {
        let r = si.search(&ix, query, 10);
        assert_eq!(labels(&r, Kind::Person).first(), Some(&name), "{query:?}: {r:#?}");
    }
}

#[test]
fn decomposed_text_is_found_and_highlighted_whole() {
    let mut ds: Dataset = load_str(STORY).expect("valid").dataset;
    // The loader composes accents; a dataset built by hand may not.
    ds.people[1].name = "Ame\u{301}lie Poulain".into();
    let ix = Index::new(ds);
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "amelie", 10);
    let hit = &group(&r, Kind::Person).hits[0];
    assert_eq!(hit.label, "Ame\u{301}lie Poulain");
    assert_eq!(hit.highlight, vec![0..8]);
    // Only the accented letter: it and its combining mark, as one range.
    let r = si.search(&ix, "me", 10);
    let hit = group(&r, Kind::Person).hits.iter().find(|h| h.item == Item::Person(PersonIx(1))).expect("found");
    assert_eq!(hit.highlight, vec![1..5]);
    assert_eq!(highlighted(hit), vec!["me\u{301}"]);
}

#[test]
fn highlights_are_in_the_original_text() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let hit = |query: &str, kind| si.search(&ix, query, 10).groups.into_iter().find(|g| g.kind == kind).unwrap().hits;
    assert_eq!(highlighted(&hit("小明", Kind::Person)[0]), vec!["小明"]);
    assert_eq!(hit("小明", Kind::Person)[0].highlight, vec![3..9]);
    assert_eq!(highlighted(&hit("nunez", Kind::Person)[0]), vec!["Núñez"]);
    assert_eq!(highlighted(&hit("strass", Kind::Person)[0]), vec!["Stra", "ß"]);
    assert_eq!(highlighted(&hit("дмит", Kind::Person)[0]), vec!["Дмит"]);
    // An event's label is "date title"; the highlight is in the title.
    let takeover = &hit("buys", Kind::Event)[0];
    assert_eq!(takeover.label, "2015-06 Acme buys Widget");
    assert_eq!(highlighted(takeover), vec!["buys"]);
    // A role's label is "title — org".
    let cto = &hit("cto", Kind::Role)[0];
    assert_eq!(cto.label, "CTO — Widget");
    assert_eq!(highlighted(cto), vec!["CTO"]);
}

#[test]
fn an_exact_prefix_beats_a_scattered_match_and_ties_go_to_the_shorter() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "slack", 10);
    let orgs = group(&r, Kind::Org);
    assert_eq!(labels(&r, Kind::Org), vec!["Slack", "Slack Technologies", "Sally Lackey Partners"]);
    assert_eq!(orgs.hits[0].score, orgs.hits[1].score, "same match, shorter text first");
    assert!(orgs.hits[1].score > orgs.hits[2].score);
    assert_eq!(highlighted(&orgs.hits[2]), vec!["S", "Lack"]);
}

#[test]
fn groups_come_in_kind_order_with_totals() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "acme", 10);
    let kinds: Vec<Kind> = r.groups.iter().map(|g| g.kind).collect();
    // The long quote holds a, c, m, e in order, far apart: a fuzzy match.
    assert_eq!(kinds, vec![Kind::Role, Kind::Org, Kind::Event, Kind::Quote, Kind::Source]);
    assert_eq!(group(&r, Kind::Role).total, 1);
    assert_eq!(labels(&r, Kind::Role), vec!["CEO — Acme"]);
    assert_eq!(group(&r, Kind::Org).total, 1);
    assert_eq!(group(&r, Kind::Event).total, 2);
    // The source matched by its publisher.
    let source = &group(&r, Kind::Source).hits[0];
    assert_eq!((source.label.as_str(), source.matched.as_deref()), ("Annual report", Some("Acme")));
    assert_eq!(r.total(), 6);
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert_eq!(Kind::ALL.map(Kind::title), ["People", "Roles", "Orgs", "Events", "Quotes", "Sources"]);
}

#[test]
fn aliases_are_found_and_reported() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "papillon", 10);
    let hit = &group(&r, Kind::Person).hits[0];
    assert_eq!(hit.item, Item::Person(ix.person_by_id("stew").unwrap()));
    assert_eq!(hit.label, "Stewart Butterfield");
    assert_eq!(hit.matched.as_deref(), Some("Le Papillon"));
    assert_eq!(highlighted(hit), vec!["Papillon"]);
    // The name wins when it matches as well as an alias.
    let r = si.search(&ix, "stew", 10);
    let hit = &group(&r, Kind::Person).hits[0];
    assert_eq!((hit.matched.as_deref(), highlighted(hit)), (None, vec!["Stew"]));
    // Each item once, however many of its texts match.
    assert_eq!(group(&r, Kind::Person).total, 1);
}

#[test]
fn every_word_must_match() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "ceo widget", 10);
    assert_eq!(labels(&r, Kind::Role), vec!["CEO — Widget"]);
    let r = si.search(&ix, "  widget   cto ", 10);
    assert_eq!(labels(&r, Kind::Role), vec!["CTO — Widget"]);
    assert_eq!(highlighted(&group(&r, Kind::Role).hits[0]), vec!["CTO", "Widget"]);
    let r = si.search(&ix, "zoe poulain", 10);
    assert!(r.groups.iter().all(|g| g.kind != Kind::Person), "{r:#?}");
}

#[test]
fn an_empty_query_finds_nothing() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    for q in ["", "   ", "\t\n", "\u{301}", " \u{308} "] {
        let r = si.search(&ix, q, 10);
        assert!(r.is_empty(), "{q:?}: {r:#?}");
        assert_eq!(r.query, q);
    }
}

#[test]
fn the_limit_is_kept_and_the_total_counts_all() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    let all = si.search(&ix, "e", 100);
    let people = group(&all, Kind::Person);
    assert!(people.total >= 3 && people.hits.len() == people.total);
    for limit in [0, 1, 2] {
        let r = si.search(&ix, "e", limit);
        assert_eq!(r.groups.len(), all.groups.len());
        for (g, full) in r.groups.iter().zip(&all.groups) {
            assert_eq!(g.total, full.total);
            assert_eq!(g.hits.len(), full.total.min(limit));
            assert_eq!(g.hits[..], full.hits[..g.hits.len()], "the best come first");
        }
    }
}

#[test]
fn summaries_translations_and_long_quotes_give_excerpts() {
    let ix = story();
    let si = SearchIndex::new(&ix);
    // The summary spans two lines: shown on one.
    let r = si.search(&ix, "smaller company", 10);
    let hit = &group(&r, Kind::Event).hits[0];
    assert_eq!(hit.label, "2015-06 Acme buys Widget");
    let matched = hit.matched.as_deref().unwrap();
    assert!(!matched.contains('\n') && matched.chars().count() <= 80, "{matched:?}");
    assert_eq!(highlighted(hit), vec!["smaller", "company"]);
    // A translation.
    let r = si.search(&ix, "back", 10);
    let hit = &group(&r, Kind::Quote).hits[0];
    assert_eq!((hit.label.as_str(), hit.matched.as_deref()), ("Je suis de retour.", Some("I am back.")));
    // A long quote: the label is an excerpt around the match.
    let r = si.search(&ix, "quiet decision", 10);
    let hit = &group(&r, Kind::Quote).hits[0];
    assert!(hit.matched.is_none());
    assert!(hit.label.starts_with('…') && hit.label.chars().count() <= 80, "{:?}", hit.label);
    assert_eq!(highlighted(hit), vec!["quiet", "decision"]);
    // An event kind.
    let r = si.search(&ix, "acquisition", 10);
    assert_eq!(group(&r, Kind::Event).hits[0].matched.as_deref(), Some("acquisition"));
}

#[test]
fn the_bundled_story_is_searchable() {
    let ix = bundled();
    let si = SearchIndex::new(&ix);
    let first = |query: &str, kind| si.search(&ix, query, 10).groups.into_iter().find(|g| g.kind == kind).unwrap().hits;
    let person = |id| Item::Person(ix.person_by_id(id).unwrap());
    assert_eq!(first("butterfield", Kind::Person)[0].item, person("stewart-butterfield"));
    assert_eq!(first("benioff", Kind::Person)[0].item, person("marc-benioff"));
    assert_eq!(first("slack", Kind::Org)[0].item, Item::Org(ix.org_by_id("slack").unwrap()));
    let ctos: Vec<Item> = first("cto", Kind::Role).iter().map(|h| h.item).collect();
    for id in ["slack-cto", "salesforce-cto"] {
        assert!(ctos.contains(&Item::Role(ix.role_by_id(id).unwrap())), "{id}: {ctos:?}");
    }
    let r = si.search(&ix, "cto slack", 10);
    assert_eq!(group(&r, Kind::Role).hits[0].item, Item::Role(ix.role_by_id("slack-cto").unwrap()));
    // Events that name him in their titles.
    assert!(first("butterfield", Kind::Event).iter().any(|h| h.label.contains("Stewart Butterfield leaves Slack")));
}

#[test]
fn refining_gives_the_same_results_as_searching() {
    let ix = Index::new(load_str(&generate(2_000, 7)).expect("valid").dataset);
    let si = SearchIndex::new(&ix);
    // Some all ASCII, whose match in a short text goes on from where it
    // ended through a window of its bytes (see `bytes`).
    for steps in [
        &["m", "mu", "mül", "müll", "müller"][..],
        &["j", "jo", "jo s", "jo se", "jo ser"],
        &["a", "b", "ab"],
        &["o", "on", "one", "ones"],
        &["he", "hea", "head", "head-o", "head-of"],
    ] {
        let mut previous = Results::empty("");
        for q in steps {
            let refined = si.refine(&ix, &previous, q, 5);
            assert_eq!(refined.groups, si.search(&ix, q, 5).groups, "{q:?}");
            previous = refined;
        }
        // The narrow end of each run is kept for the next keystroke.
        assert!(previous.refinable.is_some(), "{steps:?}");
    }
    // Results of another index are never used.
    let other = SearchIndex::new(&ix);
    let r = si.search(&ix, "mü", 5);
    assert_eq!(other.refine(&ix, &r, "müller", 5).groups, other.search(&ix, "müller", 5).groups);
}

/// A group as `(kind, total, [(item, score)])`.
type Found = (Kind, usize, Vec<(Item, u32)>);

/// Every item's best field, scored one by one: what the two passes must
/// find, by kind. An item ranks by its highest score, then by the shortest
/// of its texts with that score.
fn brute_force(si: &SearchIndex, query: &str, limit: usize) -> Vec<Found> {
    let q = Query::parse(query);
    let mut m = matcher();
    let mut best: Vec<(Kind, u32, u32, u32)> = Vec::new(); // kind, item, score, text length
    for f in 0..si.len() {
        let t = si.field_text[f] as usize;
        let Some(score) = q.score(si.text(t), &mut m) else { continue };
        let (kind, item, len) = (si.fields[f].kind(), si.owners[f], si.text(t).len() as u32);
        match best.last_mut() {
            Some(b) if b.0 == kind && b.1 == item => {
                if (score, Reverse(len)) > (b.2, Reverse(b.3)) {
                    (b.2, b.3) = (score, len);
                }
            }
            _ => best.push((kind, item, score, len)),
        }
    }
    Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut of_kind: Vec<_> = best.iter().filter(|b| b.0 == kind).collect();
            of_kind.sort_by_key(|b| (Reverse(b.2), b.3, b.1));
            let hits = of_kind.iter().take(limit).map(|b| (Item::new(kind, b.1), b.2)).collect();
            (!of_kind.is_empty()).then_some((kind, of_kind.len(), hits))
        })
        .collect()
}

/// Characters that give the matcher's bonuses and classes their edge
/// cases: word starts after spaces, delimiters and other punctuation,
/// digits after letters, upper case left by folding, non-ASCII letters
/// (which the matcher scores through other loops), and letters that share
/// a mask bit.
const BOUND_ALPHABET: &[char] = &[
    'a', 'b', 'e', 'h', 'l', 'n', ' ', ' ', '-', '/', ',', ':', '.', '(', '_', '1', '2', 'A', 'É', 'é', 'д', 'Д', '李',
    'σ', 'ß', '\u{3000}', '½', 'ª',
];

/// One to `max` characters of `text` from a random place, every one or
/// every other.
fn needle_in(rng: &mut Rng, text: &[char], max: usize) -> String {
    let n = 1 + rng.below(max);
    let at = rng.below(text.len().saturating_sub(n) + 1);
    text[at..(at + n).min(text.len())].iter().step_by(1 + rng.below(2)).collect()
}

/// The low byte of each character, for [`as_stored`].
fn bytes(text: &[char]) -> Vec<u8> {
    text.iter().map(|&c| c as u8).collect()
}

/// `text` as the index stores it: one byte a character (`bytes`, its
/// [`bytes`]) when all are ASCII.
fn as_stored<'a>(text: &'a [char], bytes: &'a [u8]) -> Utf32Str<'a> {
    if text.iter().all(char::is_ascii) { Utf32Str::Ascii(bytes) } else { Utf32Str::Unicode(text) }
}

#[test]
fn no_text_scores_above_its_bound() {
    let mut rng = Rng(7);
    let mut m = matcher();
    let pick = |rng: &mut Rng, n: usize| -> String {
        (0..n).map(|_| BOUND_ALPHABET[rng.below(BOUND_ALPHABET.len())]).collect()
    };
    let (mut scored, mut reached, mut long) = (0, 0, 0);
    let mut rows = Vec::new();
    for _ in 0..40_000 {
        let len = 1 + rng.below(24);
        let text: Vec<char> = pick(&mut rng, len).chars().collect();
        // Queries of one to three words of one to four characters (one
        // word in four up to twelve, past the six that get a table), some
        // taken from the text so that many match.
        let words = 1 + rng.below(3);
        let query: Vec<String> = (0..words)
            .map(|_| {
                let most = if rng.below(4) == 0 { 12 } else { 4 };
                let n = 1 + rng.below(most);
                if rng.below(2) == 0 && text.len() >= n {
                    let at = rng.below(text.len() - n + 1);
                    text[at..at + n].iter().collect()
                } else {
                    pick(&mut rng, n)
                }
            })
            .collect();
        let q = Query::parse(&query.join(" "));
        if q.atoms.is_empty() {
            continue;
        }
        let ascii = bytes(&text);
        let haystack = as_stored(&text, &ascii);
        let Some(score) = q.score(haystack, &mut m) else { continue };
        let (initials, near) = fold::initials(&text);
        let bound = q.bound(initials, &near);
        assert!(score <= bound, "{query:?} in {text:?}: score {score} over bound {bound}");
        // No text's bound is above the query's top (pass 1's classes
        // count down from it).
        assert!(bound <= q.top_bound(), "{query:?} in {text:?}: bound {bound} over top {}", q.top_bound());
        // The matcher's programme, run here without it, gives its score;
        // but for one character in non-ASCII text, where the matcher's loop
        // takes the class of the previous match for that of the previous
        // character, and so may give less.
        let ceiling = q.ceiling(haystack, &mut rows);
        assert!(ceiling >= score, "{query:?} in {text:?}: ceiling {ceiling} under score {score}");
        if matches!(haystack, Utf32Str::Ascii(_)) || q.needles.iter().all(|n| n.len() > 1) {
            assert_eq!(ceiling, score, "{query:?} in {text:?}");
        }
        scored += 1;
        reached += usize::from(score == bound);
        long += usize::from(q.needles.iter().any(|n| n.len() > 6));
    }
    // Enough cases matched, long needles too, and the bound is often
    // exact: it is tight.
    assert!(scored > 5_000 && long > 100, "{scored} {long}");
    assert!(reached > scored / 20, "{reached} of {scored}");
}

/// Whether a text matches is decided on its UTF-8 bytes, where the matcher
/// looks at characters: both must agree, on texts and needles of
/// characters of one to four bytes.
#[test]
fn a_match_on_the_bytes_is_a_match_on_the_characters() {
    let mut rng = Rng(11);
    let mut m = matcher();
    let alphabet: Vec<char> = BOUND_ALPHABET.iter().copied().chain(['\u{1F600}', 'ä', '\u{e4}', '\u{c0}']).collect();
    let pick = |rng: &mut Rng, n: usize| -> String { (0..n).map(|_| alphabet[rng.below(alphabet.len())]).collect() };
    let (mut matched, mut wide) = (0, 0);
    for _ in 0..20_000 {
        let len = 1 + rng.below(40);
        let text: Vec<char> = fold(&pick(&mut rng, len)).chars().collect();
        let query = if rng.below(2) == 0 {
            needle_in(&mut rng, &text, 5)
        } else {
            let n = 1 + rng.below(3);
            pick(&mut rng, n)
        };
        let q = Query::parse(&query);
        if q.atoms.is_empty() {
            continue;
        }
        let ascii = bytes(&text);
        let nucleo = q.score_matching(as_stored(&text, &ascii), &mut m).is_some();
        let utf8: String = text.iter().collect();
        assert_eq!(q.matches(utf8.as_bytes()), nucleo, "{query:?} in {text:?}");
        if fold::mask(text.iter().copied()) & q.mask == q.mask {
            assert_eq!(q.match_end(utf8.as_bytes()).is_some(), nucleo, "{query:?} in {text:?}");
        }
        matched += usize::from(nucleo);
        wide += usize::from(nucleo && !utf8.is_ascii());
    }
    assert!(matched > 4_000 && wide > 1_000, "{matched} {wide}");
}

/// A match that goes on from where the previous keystroke's ended finds
/// what a match from the start finds, with the same end, on texts short
/// and long (past the 255 bytes an end is kept for), of characters of one
/// to four bytes.
#[test]
fn a_match_goes_on_from_where_it_ended() {
    let mut rng = Rng(23);
    let alphabet: Vec<char> = BOUND_ALPHABET.iter().copied().chain(['\u{1F600}', 'ä', 'ж', '中']).collect();
    let pick = |rng: &mut Rng, n: usize| -> String { (0..n).map(|_| alphabet[rng.below(alphabet.len())]).collect() };
    let (mut went_on, mut unknown, mut lost) = (0, 0, 0);
    for _ in 0..20_000 {
        let len = if rng.below(4) == 0 { 200 + rng.below(200) } else { 1 + rng.below(40) };
        let text: String = fold(&pick(&mut rng, len));
        let chars: Vec<char> = text.chars().collect();
        // A query typed one character more, in one word or two.
        let word = if rng.below(2) == 0 {
            needle_in(&mut rng, &chars, 6)
        } else {
            let n = 1 + rng.below(4);
            pick(&mut rng, n)
        };
        let first = if rng.below(3) == 0 { format!("{} ", needle_in(&mut rng, &chars, 2)) } else { String::new() };
        let more = alphabet[rng.below(alphabet.len())];
        let (old, new) = (Query::parse(&format!("{first}{word}")), Query::parse(&format!("{first}{word}{more}")));
        if old.atoms.is_empty() || new.needles.len() != old.needles.len() {
            continue;
        }
        let bytes = text.as_bytes();
        let Some(before) = old.match_end(bytes) else { continue };
        let Some(tail) = tail(&old.needles, &new.needles) else { panic!("{:?} -> {:?}", old.needles, new.needles) };
        let fresh = if new.mask_decides || before == END_UNKNOWN {
            continue;
        } else {
            new.match_end(bytes)
        };
        let at = before as usize;
        let on = subsequence_end(tail, &bytes[at..]).map(|more| end(at + more));
        assert_eq!(on, fresh, "{:?} then {more:?} in {text:?}", old.needles);
        went_on += 1;
        unknown += usize::from(on == Some(END_UNKNOWN));
        lost += usize::from(on.is_none());
    }
    assert!(went_on > 5_000 && unknown > 100 && lost > 1_000, "{went_on} {unknown} {lost}");
    // A new word, or a changed one, is not a tail.
    let words = |q: &str| Query::parse(q).needles;
    assert_eq!(tail(&words("ab"), &words("abc")), Some(&['c'][..]));
    assert_eq!(tail(&words("ab cd"), &words("ab cde")), Some(&['e'][..]));
    assert_eq!(tail(&words("ab"), &words("ab c")), None);
    assert_eq!(tail(&words("ab cd"), &words("abx cd")), None);
    assert_eq!(tail(&words("ab"), &words("ab")), Some(&[][..]));
}

/// The bound of each tier, against the matcher's own score of a text
/// that reaches it.
#[test]
fn the_bound_follows_where_each_letter_can_start_a_word() {
    let mut m = matcher();
    // (query, text, its bound, whether the matcher reaches it there)
    let cases = [
        // The whole needle at the start of a word: 26n + 10.
        ("ana", "x anatole", 88, true),
        // No letter of it starts a word: each consecutive letter gets 4.
        ("ana", "banana", 56, true),
        ("on", "xonx", 36, true),
        // A later letter starts a word, after a gap it pays for: 16 for
        // `a`, 16 + 10 - 3 for `n`, then 16 + 10 carried on.
        ("ana", "xa nax", 65, true),
        ("ana", "bana nx", 65, false),
        // The first letter after a delimiter (9, twice), carried on.
        ("an", "x/an", 59, true),
        // The first letter starts words, but never with the second after
        // it: a gap after it, 36 - 3 + 16.
        ("ha", "x head", 49, true),
        ("ha", "x hat", 62, true),
        ("ha", "x he/ha", 59, true),
        // The bound cannot see that `o` and `n` are never side by side.
        ("on", "xoxn", 36, false),
        // Where the first letter starts a word, how far after it the
        // second can be, up to four places: each one more costs 1.
        ("on", "x oxn", 49, true),
        ("on", "x oxxn", 48, true),
        ("on", "x oxxxn", 47, true),
        ("on", "x oxxxxn", 46, true),
        ("on", "x operations", 46, false),
        // Two words: the sum.
        ("an x", "x/an", 59 + 36, true),
    ];
    for (query, text, bound, reached) in cases {
        let q = Query::parse(query);
        let chars: Vec<char> = text.chars().collect();
        let (initials, near) = fold::initials(&chars);
        assert_eq!(q.bound(initials, &near), bound, "{query:?} in {text:?}");
        let score = q.score(Utf32Str::Ascii(text.as_bytes()), &mut m).expect("matches");
        assert!(score <= bound, "{query:?} in {text:?}: {score} over {bound}");
        assert_eq!(score == bound, reached, "{query:?} in {text:?}: scores {score}");
    }
}

#[test]
fn the_ceiling_is_the_matchers_score_and_never_below_it_on_long_texts() {
    let mut rng = Rng(11);
    let mut m = matcher();
    let mut rows = Vec::new();
    // Half the texts ASCII, which the ceiling reads as bytes; most longer
    // than the 64 columns it looks through at a time, and needles of up
    // to six characters, past the four it compares at once.
    let ascii_alphabet: Vec<char> = BOUND_ALPHABET.iter().copied().filter(char::is_ascii).collect();
    let (mut ascii_texts, mut matched, mut beyond) = (0, 0, 0);
    for k in 0..2_000 {
        let alphabet = if k % 2 == 0 { &ascii_alphabet[..] } else { BOUND_ALPHABET };
        // Up to past the 2,048 characters where the matcher gives up its
        // matrix for a greedy match.
        let len = 1 + rng.below(2_600);
        let text: Vec<char> = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        let needle = needle_in(&mut rng, &text, 6);
        let q = Query::parse(&needle);
        if q.atoms.is_empty() {
            continue;
        }
        let ascii = bytes(&text);
        let is_ascii = text.iter().all(char::is_ascii);
        let haystack = as_stored(&text, &ascii);
        let Some(score) = q.score(haystack, &mut m) else { continue };
        let ceiling = q.ceiling(haystack, &mut rows);
        assert!(ceiling >= score, "{needle:?} in {len} characters: ceiling {ceiling} under score {score}");
        // Where the matcher uses its matrix, the same score (but for its
        // one-character loop on non-ASCII text: see above).
        if len <= 2_048 && (is_ascii || q.needles.iter().all(|n| n.len() > 1)) {
            assert_eq!(ceiling, score, "{needle:?} in {text:?}");
        }
        matched += 1;
        ascii_texts += usize::from(is_ascii);
        beyond += usize::from(len > 2_048);
    }
    assert!(matched > 1_500 && ascii_texts > 700 && beyond > 100, "{matched} {ascii_texts} {beyond}");
}

/// The ceiling read from a text's UTF-8 bytes, a window at a time, is the
/// ceiling read from its characters: texts all ASCII or not, longer than
/// a window, with characters of several bytes across windows' edges, and
/// followed by bytes that match.
#[test]
fn the_ceiling_of_utf8_bytes_is_the_ceiling_of_characters() {
    let mut rng = Rng(17);
    let mut rows = Vec::new();
    let ascii_alphabet: Vec<char> = BOUND_ALPHABET.iter().copied().filter(char::is_ascii).collect();
    let (mut checked, mut wide, mut long, mut scored) = (0, 0, 0, 0);
    for k in 0..4_000 {
        let alphabet = if k % 2 == 0 { &ascii_alphabet[..] } else { BOUND_ALPHABET };
        let len = 1 + rng.below(if k % 3 == 0 { 300 } else { 70 });
        let text: Vec<char> = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        // ASCII needles only: from the text's ASCII characters, or any.
        let ascii_in_text: Vec<char> = text.iter().copied().filter(char::is_ascii).collect();
        if ascii_in_text.is_empty() {
            continue;
        }
        let needle = if k % 5 == 0 {
            (0..1 + rng.below(6)).map(|_| ascii_alphabet[rng.below(ascii_alphabet.len())]).collect::<String>()
        } else {
            needle_in(&mut rng, &ascii_in_text, 6)
        };
        let q = Query::parse(&needle);
        if q.atoms.is_empty() || q.ascii.is_none() {
            continue;
        }
        let utf8: String = text.iter().collect();
        // Bytes after the text that a window reads: needle characters.
        let mut padded = utf8.clone().into_bytes();
        padded.extend(needle.bytes().cycle().take(bytes::WINDOW));
        let stored = bytes(&text);
        let expected = q.ceiling(as_stored(&text, &stored), &mut rows);
        let got = q.ceiling_padded(bytes::Padded::new(&padded, utf8.len()), || as_stored(&text, &stored), &mut rows);
        assert_eq!(got, expected, "{needle:?} in {utf8:?}");
        checked += 1;
        wide += usize::from(utf8.len() > text.len());
        long += usize::from(utf8.len() > bytes::WINDOW);
        scored += usize::from(expected > 0);
    }
    assert!(checked > 3_000 && wide > 1_000 && long > 800 && scored > 2_000, "{checked} {wide} {long} {scored}");
}

#[test]
fn an_item_ranks_by_its_shortest_best_text_and_shows_its_first() {
    // Both people match "stew" at the start of a word, as well in each of
    // their texts: Stewart ranks first, by his alias "Stewie" (shorter than
    // "Stew Hamilton"), and shows his name, his first text of that score.
    let ix = Index::new(
        load_str(
            r#"(
    people: [
        (id: "ham", name: "Stew Hamilton"),
        (id: "stew", name: "Stewart Butterfield", aliases: ["Stewie"]),
    ],
)"#,
        )
        .expect("valid")
        .dataset,
    );
    let si = SearchIndex::new(&ix);
    let r = si.search(&ix, "stew", 10);
    let people = group(&r, Kind::Person);
    assert_eq!(labels(&r, Kind::Person), vec!["Stewart Butterfield", "Stew Hamilton"]);
    assert_eq!(people.hits[0].score, people.hits[1].score);
    assert_eq!(people.hits[0].matched, None);
    assert_eq!(highlighted(&people.hits[0]), vec!["Stew"]);
}

#[test]
fn searching_finds_what_scoring_every_field_finds() {
    let ix = Index::new(load_str(&generate(3_000, 11)).expect("valid").dataset);
    let si = SearchIndex::new(&ix);
    // From broad (streamed) to narrow (gathered through the text map).
    let queries = ["a", "e s", "7", "on", "ka", "hel", "ana", "müller", "дми", "李", "ceo", "nunez zoe", "qqq"];
    finds_what_scoring_every_field_finds(&si, &ix, &queries);
}

/// Each of `queries` finds in `si` the groups [`brute_force`] finds.
fn finds_what_scoring_every_field_finds(si: &SearchIndex, ix: &Index, queries: &[&str]) {
    for &query in queries {
        assert_eq!(found(&si.search(ix, query, 8)), brute_force(si, query, 8), "{query:?}");
    }
}

/// What `r` found, as [`brute_force`] gives it.
fn found(r: &Results) -> Vec<Found> {
    r.groups.iter().map(|g| (g.kind, g.total, g.hits.iter().map(|h| (h.item, h.score)).collect())).collect()
}

#[test]
fn threads_split_between_items_and_agree() {
    let ix = Index::new(load_str(&generate(1_000, 3)).expect("valid").dataset);
    let si = SearchIndex::new(&ix);
    // Generated names and titles repeat: each distinct text is scored once.
    assert!(si.distinct_texts() < si.len());
    let texts = 0..si.distinct_texts() as u32;
    // Broad queries stream over every field, narrow ones gather theirs.
    for query in ["e", "ka", "dir", "müller zoe", "李", "xq"] {
        let q = Query::parse(query);
        let one =
            si.scan_threads(&q, Ids::All(texts.clone()), None, 7, scan::NO_BARS, 1, &AtomicBool::new(false)).unwrap();
        for threads in [2, 3, 8] {
            let many = si
                .scan_threads(&q, Ids::All(texts.clone()), None, 7, scan::NO_BARS, threads, &AtomicBool::new(false))
                .unwrap();
            assert_eq!(many.texts, one.texts, "{query:?} on {threads} threads");
            for (a, b) in many.kinds.into_iter().zip(&one.kinds) {
                assert_eq!(a.total, b.total, "{query:?}");
                assert_eq!(a.best(), b.clone().best(), "{query:?}");
            }
        }
    }
}

#[test]
fn random_text_never_breaks_highlights() {
    const PIECES: &[&str] = &[
        "a",
        "e",
        "Z",
        "ë",
        "e\u{301}",
        "\u{301}",
        "\u{308}\u{323}",
        "ß",
        "İ",
        "Æ",
        "王",
        "小明",
        "Д",
        "ς",
        "👩\u{200d}💻",
        "🇫🇷",
        "한",
        "\u{1100}\u{1161}",
        "—",
        "«",
        " ",
        "\n",
        "\u{a0}",
        "ﬁ",
        "ǅ",
        "x",
    ];
    fn random(rng: &mut Rng) -> String {
        (0..1 + rng.below(12)).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }
    let mut rng = Rng(42);
    let (mut hits, mut highlighted) = (0, 0);
    let mut ds: Dataset = load_str(STORY).expect("valid").dataset;
    let mut texts = Vec::new();
    for _ in 0..1000 {
        texts.push(random(&mut rng));
    }
    // Spread the random strings over every searchable text.
    let mut it = texts.iter().cycle();
    let mut next = || crate::model::Text::from(it.next().unwrap().as_str());
    for round in 0..40 {
        for p in &mut ds.people {
            p.name = next();
            p.aliases = vec![next(), next()];
        }
        for o in &mut ds.orgs {
            o.name = next();
        }
        for r in &mut ds.roles {
            r.title = next();
        }
        for e in &mut ds.events {
            e.title = next();
            e.summary = Some(next().repeat(1 + round % 9));
            e.kind = Some(next());
        }
        for q in &mut ds.quotes {
            q.text = next().repeat(1 + round % 13);
            q.translation = Some(next());
        }
        for s in &mut ds.sources {
            s.title = next();
            s.publisher = Some(next());
        }
        let ix = Index::new(ds.clone());
        let si = SearchIndex::new(&ix);
        for _ in 0..8 {
            // A piece of a text (so that it matches), or noise.
            let t = &texts[rng.below(texts.len())];
            let cuts: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            let (a, b) = (cuts[rng.below(cuts.len())], cuts[rng.below(cuts.len())]);
            let query = if rng.below(4) == 0 { random(&mut rng) } else { t[a.min(b)..a.max(b)].to_owned() };
            let r = si.search(&ix, &query, 3);
            for h in r.groups.iter().flat_map(|g| &g.hits) {
                hits += 1;
                highlighted += usize::from(!h.highlight.is_empty());
                let shown = h.matched.as_deref().unwrap_or(&h.label);
                let clusters: Vec<usize> = shown.grapheme_indices(true).map(|(i, _)| i).chain([shown.len()]).collect();
                let mut end = 0;
                for range in &h.highlight {
                    assert!(range.start >= end && range.start < range.end && range.end <= shown.len(), "{h:?}");
                    assert!(shown.is_char_boundary(range.start) && shown.is_char_boundary(range.end), "{h:?}");
                    assert!(clusters.contains(&range.start) && clusters.contains(&range.end), "{h:?}");
                    end = range.end;
                }
                assert!(!shown.contains('\n'));
            }
        }
    }
    // The queries are pieces of the texts: most find something, and every
    // hit but an excerpt that cut its match away shows a highlight.
    assert!(hits > 500, "{hits} hits");
    assert!(highlighted * 10 >= hits * 9, "{highlighted} of {hits} highlighted");
}

#[test]
fn a_cancelled_search_gives_nothing() {
    let ix = Index::new(load_str(&generate(2_000, 5)).expect("valid").dataset);
    let si = SearchIndex::new(&ix);
    let cancel = AtomicBool::new(true);
    assert!(si.search_progressive(&ix, None, "ka", 5, &cancel, |_| ()).is_none());
    let go = AtomicBool::new(false);
    let found = si.search_progressive(&ix, None, "ka", 5, &go, |_| ()).expect("not cancelled");
    assert_eq!(found.groups, si.search(&ix, "ka", 5).groups);
    let refined = si.search_progressive(&ix, Some(&found), "kar", 5, &go, |_| ()).expect("not cancelled");
    assert_eq!(refined.groups, si.search(&ix, "kar", 5).groups);
    // From another thread, while it runs: it stops early or finishes whole.
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let t = s.spawn(|| si.search_progressive(&ix, None, "e", 5, &stop, |_| ()));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(r) = t.join().unwrap() {
            assert_eq!(r.groups, si.search(&ix, "e", 5).groups);
        }
    });
}

#[test]
fn a_search_index_can_go_to_another_thread() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SearchIndex>();
    send_sync::<Results>();
}

/// The preview of an index with fewer texts than its sample: runs of
/// neighbouring texts, which must not overlap (a text sampled twice would
/// put two threads on it, or count its items twice).
#[test]
fn a_preview_of_a_small_index_samples_each_text_once() {
    let ix = Index::new(load_str(&generate(2000, 5)).unwrap().dataset);
    let finder = SearchIndex::new(&ix);
    assert!(finder.distinct_texts() < PREVIEW_TEXTS);
    for query in ["a", "e", "an", "har", "zz"] {
        let preview = finder.preview(&ix, query, usize::MAX);
        let whole = finder.search(&ix, query, usize::MAX);
        assert!(preview.partial, "{query}");
        // Every text is in the sample, once.
        let totals = |r: &Results| r.groups.iter().map(|g| (g.kind, g.total)).collect::<Vec<_>>();
        assert_eq!(totals(&preview), totals(&whole), "{query}");
    }
}

#[test]
fn a_large_search_previews_a_sample_then_finds_what_a_plain_search_finds() {
    let ix = Index::new(load_str(&generate(2000, 3)).unwrap().dataset);
    let finder = SearchIndex::new(&ix);
    let never = AtomicBool::new(false);
    let n = finder.distinct_texts();
    for query in ["a", "an", "e", "zz", "qqqq"] {
        let mut previews = Vec::new();
        let whole =
            finder.run_with_preview(&ix, query, 10, None, &never, n / 10, |p| previews.push(p)).expect("not cancelled");
        let plain = finder.search(&ix, query, 10);
        assert_eq!(format!("{:?}", whole.groups), format!("{:?}", plain.groups), "{query}");
        assert!(!whole.partial, "{query}");
        assert_eq!(previews.len(), 1, "{query}: one preview");
        let preview = &previews[0];
        assert!(preview.partial && preview.query == query && preview.refinable.is_none());
        assert!(preview.total() <= whole.total(), "{query}: the sample finds no more than the whole");
        // Every item previewed is a real match, scored no higher than its
        // best text scores in the whole search.
        let all = finder.search(&ix, query, usize::MAX);
        for g in &preview.groups {
            for h in &g.hits {
                let full = all.groups.iter().flat_map(|g| &g.hits).find(|x| x.item == h.item);
                assert!(full.is_some_and(|f| f.score >= h.score), "{query}: {h:?}");
            }
        }
    }
    // Whatever the limit (ties at the limit are common in generated names),
    // and when it narrows a previous search, the search after a preview
    // finds what a plain search does.
    let queries = ["a", "an", "ana", "e", "el", "ha", "har", "o", "on"];
    typed_with_previews(&finder, &ix, &[1, 3, 10, 40], &queries, |query, limit, whole| {
        let plain = finder.search(&ix, query, limit);
        assert_eq!(format!("{:?}", whole.groups), format!("{:?}", plain.groups), "{query} ({limit})");
    });
    // A sample more than 1 / PREVIEW_RATIO of the index: no preview.
    let mut previews = 0;
    finder.run_with_preview(&ix, "a", 10, None, &never, n / PREVIEW_RATIO + 1, |_| previews += 1).unwrap();
    assert_eq!(previews, 0);
    // Narrowing a small previous search: no preview either.
    let few = finder.search(&ix, "zzz", 10);
    finder.run_with_preview(&ix, "zzzz", 10, Some(&few), &never, n / 10, |_| previews += 1).unwrap();
    assert_eq!(previews, 0);
}

/// The index of `ix` with the parts of every role text kept, as large
/// datasets keep them (see `parts`), however little titles repeat.
fn with_parts(ix: &Index) -> SearchIndex {
    build::build_with(ix, NEXT_ID.fetch_add(1, Ordering::Relaxed), 1)
}

#[test]
fn a_role_text_is_its_title_and_its_orgs_name() {
    let ix = Index::new(load_str(&generate(2_000, 5)).expect("valid").dataset);
    let si = with_parts(&ix);
    let mut checked = 0;
    for (t, title, org) in si.parts.all() {
        let text: String = si.text(t).chars().collect();
        let org: String = si.text(org as usize).chars().collect();
        assert_eq!(text, format!("{title} - {org}"));
        checked += 1;
    }
    // Every role's text is there.
    let roles: std::collections::HashSet<u32> =
        (0..si.len()).filter(|&f| si.fields[f] == Field::RoleTitle).map(|f| si.field_text[f]).collect();
    assert_eq!(checked, roles.len());
    // Generated titles hardly repeat at this size: no parts otherwise.
    assert!(SearchIndex::new(&ix).parts.all().next().is_none());
}

#[test]
fn role_texts_bounded_from_their_parts_find_what_scoring_every_field_finds() {
    let ix = Index::new(load_str(&generate(3_000, 13)).expect("valid").dataset);
    let si = with_parts(&ix);
    // Common letters across titles and orgs, a separator character (not
    // bounded from parts), several words, other scripts.
    let queries =
        ["o", "one", "ons", "head", "man op", "ea", "dir", "(8", "r-m", "-", "руко", "課長", "op ma 8", "offen"];
    finds_what_scoring_every_field_finds(&si, &ix, &queries);
}

/// Pass 1 decides whether a role text matches from its title and org
/// (see `parts::Memo::decide`) as reading its bytes does, with where the
/// match ends, its length, and a bound that no score beats: for queries of
/// one word (rows of a fixed size) and of several (the general case).
#[test]
fn a_role_text_is_decided_from_its_parts_as_from_its_bytes() {
    let ix = Index::new(load_str(&generate(3_000, 17)).expect("valid").dataset);
    let si = with_parts(&ix);
    let mut m = matcher();
    let queries =
        ["on", "one", "ons", "oa", "ea", "dir", "head", "an", "ma", "op", "8)", "man op", "he di", "ор", "ко"];
    for query in queries {
        let q = Query::parse(query);
        let memo = si.memo(&q).expect("bounded from parts");
        let (mut matched, mut missed) = (0, 0);
        for t in si.parts.texts() {
            let decided = memo.decide(&si.parts, &q.needles, t, |org| si.text(org as usize).chars());
            let decided = decided.expect("every role text has its parts");
            let bytes = si.padded(t).text();
            let read = (si.masks[t] & q.mask == q.mask).then(|| q.match_end(bytes)).flatten();
            assert_eq!(decided.map(|d| end(d.end)), read, "{query:?} in text {t}");
            let Some(d) = decided else {
                missed += 1;
                continue;
            };
            matched += 1;
            assert_eq!(d.len, si.char_len(t), "{query:?} in text {t}");
            let score = q.score_matching(si.text(t), &mut m).expect("a match scores");
            assert!(score <= d.score, "{query:?} in text {t}: {score} over {}", d.score);
        }
        assert!(matched > 0 && missed > 0, "{query:?}: {matched} {missed}");
    }
}

/// The bound from where a query's characters are in a short text is never
/// below the matcher's score, and is often below the bound from the
/// text's masks.
#[test]
fn no_short_text_scores_above_its_ordered_bound() {
    let mut rng = Rng(31);
    let mut m = matcher();
    // ASCII letters, digits, spaces and punctuation, and characters of
    // several bytes (which may be whitespace, or letters).
    let alphabet = ['a', 'e', 'n', 'o', 's', '1', '2', ' ', ' ', '-', '/', '(', '.', 'é', 'д', '\u{3000}', '李'];
    let (mut scored, mut tighter, mut exact, mut long) = (0, 0, 0, 0);
    for _ in 0..60_000 {
        // Up to two windows' worth of bytes, across their edge.
        let most = if rng.below(3) == 0 { 100 } else { 40 };
        let len = 1 + rng.below(most);
        let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        if text.len() > 2 * bytes::WINDOW {
            continue;
        }
        long += usize::from(text.len() > bytes::WINDOW);
        let chars: Vec<char> = text.chars().collect();
        let letters = ['a', 'e', 'n', 'o', 's', '1'];
        let words = 1 + rng.below(2);
        let query: Vec<String> =
            (0..words).map(|_| (0..1 + rng.below(4)).map(|_| letters[rng.below(letters.len())]).collect()).collect();
        let q = Query::parse(&query.join(" "));
        if q.needles.iter().any(|n| n.len() == 1) {
            continue;
        }
        let stored = bytes(&chars);
        let haystack = as_stored(&chars, &stored);
        let Some(score) = q.score(haystack, &mut m) else { continue };
        let mut padded = text.clone().into_bytes();
        padded.extend([b'o'; bytes::WINDOW]);
        let needles = q.ascii.as_ref().expect("ASCII");
        let tables = order::Tables::new(&q.needles, needles);
        let Some(ordered) = order::bound(needles, &tables, bytes::Padded::new(&padded, text.len())) else {
            // A needle of one character.
            assert!(q.needles.iter().any(|n| n.len() == 1), "{query:?}");
            continue;
        };
        assert!(ordered >= score, "{query:?} in {text:?}: score {score} over {ordered}");
        let (initials, near) = fold::initials(&chars);
        scored += 1;
        tighter += usize::from(ordered < q.bound(initials, &near));
        exact += usize::from(ordered == score);
    }
    assert!(scored > 5_000 && long > 5_000, "{scored} {long}");
    assert!(tighter > scored / 2 && exact > scored / 20, "{tighter} {exact} of {scored}");
}

#[test]
fn each_text_knows_the_kind_that_first_brought_it() {
    let ix = Index::new(load_str(&generate(1_500, 9)).expect("valid").dataset);
    let si = SearchIndex::new(&ix);
    let kinds: Vec<Kind> = (0..si.len()).map(|f| si.fields[f].kind()).collect();
    for t in 0..si.distinct_texts() {
        let fields = si.text_fields.get(t as u32);
        let first = Kind::ALL[si.first_kind(t as u32)];
        // The first field that holds it brought it; later ones come after.
        assert_eq!(first, kinds[fields[0] as usize], "text {t}");
        assert!(fields.iter().all(|&f| kinds[f as usize] >= first), "text {t}");
    }
    // Every kind of the generated dataset brought texts of its own.
    let brought: std::collections::BTreeSet<usize> =
        (0..si.distinct_texts() as u32).map(|t| si.first_kind(t)).collect();
    assert_eq!(brought.len(), Kind::ALL.len());
}

/// Pass 1 sharpens the bound of the texts that could hold one of the best
/// (see `scan::Bars::likely`): with every matching text sharpened, a scan
/// finds what it finds with none, on one thread or several, whether the
/// bounds come from a role's parts or from where the letters are.
#[test]
fn sharpening_every_bound_in_pass_one_changes_no_result() {
    let ix = Index::new(load_str(&generate(2_000, 13)).expect("valid").dataset);
    let si = with_parts(&ix);
    let texts = 0..si.distinct_texts() as u32;
    let every = scan::Bars { floors: [scan::NO_MATCH; 6], likely: [1; 6] };
    for query in ["on", "one", "ons", "oa", "ceo", "dir", "an", "el", "mi", "ka 7", "hr e", "lia", "zq"] {
        let q = Query::parse(query);
        let never = AtomicBool::new(false);
        for threads in [1, 2] {
            let plain = si.scan_threads(&q, Ids::All(texts.clone()), None, 6, scan::NO_BARS, threads, &never).unwrap();
            let sharp = si.scan_threads(&q, Ids::All(texts.clone()), None, 6, every, threads, &never).unwrap();
            assert_eq!(sharp.texts, plain.texts, "{query:?}");
            for (a, b) in sharp.kinds.into_iter().zip(plain.kinds) {
                assert_eq!(a.total, b.total, "{query:?}");
                assert_eq!(a.best(), b.best(), "{query:?} on {threads} threads");
            }
        }
    }
    // Through a preview, whose best items set what is likely.
    let queries = ["o", "on", "one", "d", "di", "dir", "a", "an", "ana"];
    typed_with_previews(&si, &ix, &[1, 5, 20], &queries, |query, limit, whole| {
        assert_eq!(found(whole), brute_force(&si, query, limit), "{query:?} ({limit})");
    });
}

/// Types `queries` one after the other for each of `limits`, as the search
/// thread does: each with a preview of a sample of a twentieth of the
/// texts, narrowing the one before when it adds to it. Hands each whole
/// search to `check`, with its query and limit.
fn typed_with_previews(
    si: &SearchIndex,
    ix: &Index,
    limits: &[usize],
    queries: &[&str],
    check: impl Fn(&str, usize, &Results),
) {
    let never = AtomicBool::new(false);
    let n = si.distinct_texts();
    for &limit in limits {
        let mut previous: Option<Results> = None;
        for &query in queries {
            let narrowed = previous.take().filter(|p| query.starts_with(&p.query));
            let whole = si
                .run_with_preview(ix, query, limit, narrowed.as_ref(), &never, n / 20, |_| ())
                .expect("not cancelled");
            check(query, limit, &whole);
            previous = Some(whole);
        }
    }
}
