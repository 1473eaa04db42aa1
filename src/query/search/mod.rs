//! Fuzzy search over a whole dataset: people (names and aliases), roles
//! ("title — org"), orgs, events (title, summary, kind), quotes (text,
//! translation) and sources (title, publisher).
//!
//! [`SearchIndex::new`] folds every searchable text once (see [`fold()`]),
//! keeps each distinct folded text once, in one of two flat arenas (ASCII,
//! and the rest, also kept in UTF-8 to tell quickly what matches), with a
//! 64-bit mask of the characters it holds. A search
//! folds the query the same way, rejects most texts by their mask, scores
//! the others with `nucleo_matcher` (fuzzy, every word must match, like
//! fzf), then visits the fields of the matching texts to keep each item's
//! best field and each kind's best items in a bounded heap (see `scan`).
//! Only those few get match positions, labels and excerpts.
//!
//! For a background thread: large indexes are scanned on scoped threads,
//! [`SearchIndex::refine`] scores only the previous matches when the query
//! grows, and [`SearchIndex::search_progressive`] stops when told to and
//! shows a first sample of a large search at once.

mod bound;
mod build;
mod bytes;
mod ceiling;
mod fold;
mod highlight;
mod hit;
mod order;
mod parts;
mod scan;

pub use fold::fold;

use std::cmp::Reverse;
use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Csr, Index};
use crate::model::{EventIx, OrgIx, PersonIx, QuoteIx, RoleIx, SourceIx};
use scan::Ids;

/// The kinds of result, in the order their groups are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// People, by name or alias.
    Person,
    /// Roles, by "title — org".
    Role,
    /// Orgs, by name.
    Org,
    /// Events, by title, summary or kind.
    Event,
    /// Quotes, by text or translation.
    Quote,
    /// Sources, by title or publisher.
    Source,
}

impl Kind {
    /// Every kind, in group order.
    pub const ALL: [Kind; 6] = [Kind::Person, Kind::Role, Kind::Org, Kind::Event, Kind::Quote, Kind::Source];

    /// The heading of its group: "People", "Roles", …
    pub fn title(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Role => "Roles",
            Kind::Org => "Orgs",
            Kind::Event => "Events",
            Kind::Quote => "Quotes",
            Kind::Source => "Sources",
        }
    }
}

/// One thing a search can find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A person.
    Person(PersonIx),
    /// A role.
    Role(RoleIx),
    /// An org.
    Org(OrgIx),
    /// An event.
    Event(EventIx),
    /// A quote.
    Quote(QuoteIx),
    /// A source.
    Source(SourceIx),
}

impl Item {
    /// Its kind.
    pub fn kind(self) -> Kind {
        match self {
            Item::Person(_) => Kind::Person,
            Item::Role(_) => Kind::Role,
            Item::Org(_) => Kind::Org,
            Item::Event(_) => Kind::Event,
            Item::Quote(_) => Kind::Quote,
            Item::Source(_) => Kind::Source,
        }
    }

    fn new(kind: Kind, ix: u32) -> Item {
        match kind {
            Kind::Person => Item::Person(PersonIx(ix)),
            Kind::Role => Item::Role(RoleIx(ix)),
            Kind::Org => Item::Org(OrgIx(ix)),
            Kind::Event => Item::Event(EventIx(ix)),
            Kind::Quote => Item::Quote(QuoteIx(ix)),
            Kind::Source => Item::Source(SourceIx(ix)),
        }
    }
}

/// Which text of an item a haystack is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    PersonName,
    PersonAlias,
    /// "title — org name".
    RoleTitle,
    OrgName,
    EventTitle,
    EventSummary,
    EventKind,
    QuoteText,
    QuoteTranslation,
    SourceTitle,
    SourcePublisher,
}

impl Field {
    fn kind(self) -> Kind {
        match self {
            Field::PersonName | Field::PersonAlias => Kind::Person,
            Field::RoleTitle => Kind::Role,
            Field::OrgName => Kind::Org,
            Field::EventTitle | Field::EventSummary | Field::EventKind => Kind::Event,
            Field::QuoteText | Field::QuoteTranslation => Kind::Quote,
            Field::SourceTitle | Field::SourcePublisher => Kind::Source,
        }
    }
}

/// Where a folded text lies in its arena; the top bit of `len` says which
/// arena (set: `wide`, clear: `ascii`). Its UTF-8 bytes are at
/// `bytes_start` in the same arena for an ASCII text, in `utf8` for a wide
/// one.
#[derive(Clone, Copy, Debug)]
struct TextRef {
    start: u32,
    len: u32,
    bytes_start: u32,
    bytes_len: u32,
}

const WIDE: u32 = 1 << 31;

/// The folded texts of a dataset, built once, searched on every keystroke.
///
/// Fields are listed grouped by [`Kind`] in order, each item's fields
/// together; each distinct folded text is stored once. It holds no
/// reference to the [`Index`]: a search is given the same index again to
/// build its labels. It is `Send + Sync`: build it once on any thread and
/// share it (in an `Arc`) with the thread that searches.
pub struct SearchIndex {
    /// Tells apart the results of different indexes, for [`SearchIndex::refine`].
    id: u64,
    /// Items of each kind in the dataset it was built from.
    counts: [usize; 6],
    /// Per distinct folded text: its character mask.
    masks: Vec<u64>,
    /// Per distinct folded text: where its characters can get the
    /// matcher's bonuses (see [`fold::initials`] and [`Query::bound`]).
    initials: Vec<fold::Initials>,
    /// Per distinct folded text: how far after a word character with a
    /// bonus each other character is, up to four places (see [`fold::Near`]).
    near: Vec<fold::Near>,
    /// Per distinct folded text: where it is stored.
    texts: Vec<TextRef>,
    /// Folded texts that are all ASCII, one byte a character.
    ascii: Vec<u8>,
    /// The other folded texts.
    wide: Vec<char>,
    /// The other folded texts again, in UTF-8: whether a text matches is
    /// decided on its bytes, which for these texts are about a third of
    /// their characters' (most characters are ASCII), so that a search
    /// reads less memory (at a million people, 21 MB against 66).
    utf8: Vec<u8>,
    /// Per field: its folded text, an index into `texts`.
    field_text: Vec<u32>,
    /// Per field: the index of its item within its kind.
    owners: Vec<u32>,
    /// Per field: which text of the item it is.
    fields: Vec<Field>,
    /// Per distinct text: the fields that hold it, ascending.
    text_fields: Csr<u32>,
    /// The titles and orgs of role texts.
    parts: parts::Parts,
    /// Per kind, in [`Kind::ALL`] order, the first text one of its items
    /// brought: texts are stored as they are first met, kind by kind, so
    /// text `t` was first met in the last kind that starts at or before it.
    first_texts: [u32; 6],
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("fields", &self.len())
            .field("distinct_texts", &self.distinct_texts())
            .field("ascii_bytes", &self.ascii.len())
            .field("wide_chars", &self.wide.len())
            .field("utf8_bytes", &self.utf8.len())
            .field("parts_bytes", &self.parts.heap_bytes())
            .finish()
    }
}

/// What a search found: one group per kind that has matches, in
/// [`Kind::ALL`] order.
#[derive(Clone, Debug)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// The non-empty groups, in kind order.
    pub groups: Vec<Group>,
    /// A first look, while the whole search runs: the best matches among a
    /// sample of the texts (see [`SearchIndex::search_progressive`]). Its
    /// totals count the sample only.
    pub partial: bool,
    /// What [`SearchIndex::refine`] needs to narrow this search.
    refinable: Option<Refinable>,
}

impl Results {
    /// No groups: what an empty query finds.
    pub fn empty(query: &str) -> Results {
        Results { query: query.to_owned(), groups: Vec::new(), partial: false, refinable: None }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every match of every kind (not only the hits kept).
    pub fn total(&self) -> usize {
        self.groups.iter().map(|g| g.total).sum()
    }
}

/// The matches of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Their kind.
    pub kind: Kind,
    /// How many items of this kind match.
    pub total: usize,
    /// The best of them, best first, at most the limit asked for.
    pub hits: Vec<Hit>,
}

/// One item found, ready to show as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// What was found.
    pub item: Item,
    /// The matcher's score of its best text; higher is better.
    pub score: u32,
    /// The row's text: a person's name, "title — org" for a role, an org's
    /// name, "date title" for an event, an excerpt of a quote (around the
    /// match when the quote's text matched), a source's title. One line.
    pub label: String,
    /// When the best match was in another text (an alias, a summary, a kind,
    /// a translation, a publisher): that text, as an excerpt of at most 80
    /// characters around the match if it is long. One line.
    pub matched: Option<String>,
    /// Byte ranges to highlight, in `matched` if present, else in `label`;
    /// each covers whole grapheme clusters, sorted and disjoint.
    pub highlight: Vec<Range<usize>>,
}

/// The matched texts of a search, kept so that a longer query is scored
/// on them only.
#[derive(Clone)]
struct Refinable {
    index_id: u64,
    needles: Vec<Vec<char>>,
    /// The matched texts, ascending; `None` when they were too many to be
    /// worth listing (see `scan::Scanned::texts`).
    texts: Option<Arc<[u32]>>,
    /// Per text: where the match of the last needle ends (see
    /// `scan::Scanned::ends`).
    ends: Arc<[u8]>,
}

impl fmt::Debug for Refinable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refinable")
            .field("needles", &self.needles)
            .field("texts", &self.texts.as_ref().map(|t| t.len()))
            .finish()
    }
}

/// A parsed query: one fuzzy atom per word, folded.
struct Query {
    atoms: Vec<Atom>,
    /// The characters each atom matches, as the matcher sees them.
    needles: Vec<Vec<char>>,
    /// Each needle's bound.
    bounds: Vec<bound::NeedleBound>,
    /// The union of the needles' character masks.
    mask: u64,
    /// Whether a text matches as soon as its mask holds `mask`: each
    /// needle is one letter or digit, which has a bit of its own.
    mask_decides: bool,
    /// Whether any needle's bound reads the texts' [`fold::Near`] masks.
    reads_near: bool,
    /// The needles' bytes, when every character of every needle is ASCII
    /// (see [`Query::match_end_short`]).
    ascii: Option<Vec<Vec<u8>>>,
    /// What the titles and orgs of role texts tell of it, worked out as the
    /// search asks (see [`parts`]); `None` inside if they cannot tell.
    parts: OnceLock<Option<parts::Memo>>,
    /// The bounds of short texts from where its characters are, worked out
    /// as the search asks (see [`order`]).
    order: OnceLock<order::Tables>,
}

impl Query {
    fn parse(query: &str) -> Query {
        let mut atoms = Vec::new();
        let mut needles = Vec::new();
        let mut mask = 0;
        for word in query.split_whitespace() {
            let folded = fold(word);
            if folded.is_empty() {
                continue;
            }
            // Smart case and normalization off: both sides are folded already.
            let atom = Atom::new(&folded, CaseMatching::Respect, Normalization::Never, AtomKind::Fuzzy, false);
            let needle: Vec<char> = atom.needle_text().chars().collect();
            mask |= fold::mask(needle.iter().copied());
            atoms.push(atom);
            needles.push(needle);
        }
        let mask_decides = needles.iter().all(|n| matches!(n[..], ['a'..='z' | '0'..='9']));
        let bounds: Vec<bound::NeedleBound> =
            needles.iter().enumerate().map(|(i, n)| bound::NeedleBound::new(n, i < bound::TABLED_WORDS)).collect();
        let reads_near = bounds.iter().any(bound::NeedleBound::reads_near);
        let ascii = needles.iter().map(|n| bytes::ascii(n)).collect();
        Query {
            atoms,
            needles,
            bounds,
            mask,
            mask_decides,
            reads_near,
            ascii,
            parts: OnceLock::new(),
            order: OnceLock::new(),
        }
    }

    /// The summed score of every atom, if all match.
    #[cfg(test)]
    fn score(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        if !self.matches(haystack.chars().collect::<String>().as_bytes()) {
            return None;
        }
        self.score_matching(haystack, matcher)
    }

    /// Whether every atom matches: the characters of each needle occur in
    /// `haystack` (a text's UTF-8 bytes) in order, which is when a fuzzy
    /// atom scores. The matcher checks this too, but through more calls and
    /// on four bytes a character for wide text. (What a search uses is
    /// [`Query::match_end`].)
    #[cfg(test)]
    fn matches(&self, haystack: &[u8]) -> bool {
        self.needles.iter().all(|n| is_subsequence(n, haystack))
    }

    /// Whether every atom matches a text whose mask holds the query's (see
    /// `Query::matches`; most texts that pass the mask fail here), as the
    /// [`End`] of the match of its last needle.
    #[inline]
    fn match_end(&self, haystack: &[u8]) -> Option<End> {
        if self.mask_decides {
            return Some(END_UNKNOWN);
        }
        let (last, others) = self.needles.split_last()?;
        if !others.iter().all(|n| is_subsequence(n, haystack)) {
            return None;
        }
        subsequence_end(last, haystack).map(end)
    }

    /// [`Query::match_end`] of a text of `len` bytes at most
    /// [`bytes::WINDOW`], the start of `window`, when the needles are ASCII
    /// (`None` when they are not: ask `match_end`), for a query that the
    /// mask does not decide. Found in a few compares a needle character,
    /// where `memchr` took a call for each (at a million people, for most
    /// texts of a search).
    #[inline]
    fn match_end_short(&self, window: &[u8; bytes::WINDOW], len: usize) -> Option<Option<End>> {
        let needles = self.ascii.as_ref()?;
        let (last, others) = needles.split_last()?;
        if !others.iter().all(|n| bytes::subsequence_end(n, window, len).is_some()) {
            return Some(None);
        }
        Some(bytes::subsequence_end(last, window, len).map(end))
    }

    /// `Query::score` of a text that `Query::matches` (both test-only).
    #[inline]
    fn score_matching(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        let mut total = 0;
        for atom in &self.atoms {
            total += u32::from(atom.score(haystack, matcher)?);
        }
        Some(total)
    }

    /// The summed score of every atom in a text that `Query::matches`,
    /// as the matcher would give it (at least; see [`ceiling`]), without the
    /// matcher. `rows` is scratch space.
    #[inline]
    fn ceiling(&self, haystack: Utf32Str<'_>, rows: &mut Vec<ceiling::Row>) -> u32 {
        self.needles.iter().map(|n| ceiling::ceiling(n, haystack, rows)).sum()
    }

    /// [`Query::ceiling`] of a text given by its UTF-8 bytes, `text`, or as
    /// `stored` says where a needle is not all ASCII.
    #[inline]
    fn ceiling_padded<'t>(
        &self,
        text: bytes::Padded<'t>,
        stored: impl Fn() -> Utf32Str<'t>,
        rows: &mut Vec<ceiling::Row>,
    ) -> u32 {
        let Some(ascii) = &self.ascii else { return self.ceiling(stored(), rows) };
        let mut total = 0;
        for (n, b) in self.needles.iter().zip(ascii) {
            total += ceiling::ceiling_utf8(n, b, text, rows).unwrap_or_else(|| ceiling::ceiling(n, stored(), rows));
        }
        total
    }

    /// A score that no text whose [`fold::initials`] are `initials` can
    /// beat (see [`bound`]).
    #[inline]
    fn bound(&self, initials: fold::Initials, near: &fold::Near) -> u32 {
        // One word, most queries: without the loop, which was not inlined
        // into pass 1's.
        if let [only] = &self.bounds[..] {
            return only.get(initials, near);
        }
        self.bounds.iter().map(|b| b.get(initials, near)).sum()
    }

    /// The highest [`Query::bound`] of any text: that of a text whose
    /// every character could get every bonus (bounds only grow with them).
    fn top_bound(&self) -> u32 {
        self.bound(fold::Initials { white: !0, other: !0, white_pairs: !0 }, &[!0; fold::NEAR])
    }
}

/// Whether the characters of `needle` occur in `haystack`, a text's UTF-8
/// bytes, in order. A character's encoding is found only where the
/// character is (UTF-8 is self-synchronising), so this is the same as
/// looking for the characters; `memchr` finds an ASCII one sixteen or more
/// bytes at a time.
#[inline]
fn is_subsequence(needle: &[char], haystack: &[u8]) -> bool {
    subsequence_end(needle, haystack).is_some()
}

/// Where in `haystack` the earliest match of [`is_subsequence`] ends: the
/// offset past its last byte. Any longer needle that starts with `needle`
/// matches if and only if the rest of it matches after that offset.
#[inline]
fn subsequence_end(needle: &[char], haystack: &[u8]) -> Option<usize> {
    let mut at = 0;
    for &c in needle {
        let rest = &haystack[at..];
        let (found, width) = if c.is_ascii() {
            (memchr::memchr(c as u8, rest), 1)
        } else {
            let mut buf = [0; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            (memchr::memmem::find(rest, enc), enc.len())
        };
        at += found? + width;
    }
    Some(at)
}

/// What a search keeps of each text for the next keystroke: 0 if it did not
/// match; else the offset in its UTF-8 bytes where the earliest match of
/// the query's last needle ends (see [`subsequence_end`]), or
/// [`END_UNKNOWN`] where that is 255 or more or was not worked out (one
/// letter, which the mask decides).
type End = u8;

/// A text matched; where, is not known.
const END_UNKNOWN: End = End::MAX;

/// The [`End`] of a match that ends at byte offset `at`.
#[inline]
fn end(at: usize) -> End {
    match at {
        1..255 => at as End,
        _ => END_UNKNOWN,
    }
}

/// What the last needle of `new` adds to that of `old`, when `new` only
/// extends the last word of `old` (where a match can go on from where it
/// ended).
fn tail<'n>(old: &[Vec<char>], new: &'n [Vec<char>]) -> Option<&'n [char]> {
    let (last, same) = new.split_last()?;
    let (old_last, old_same) = old.split_last()?;
    (same == old_same && last.starts_with(old_last)).then(|| &last[old_last.len()..])
}

/// Whether every text matching the words `new` also matches the words `old`:
/// each word of `new` extends the word of `old` at its place, and there may
/// be more. (A fuzzy match of a word is a match of any prefix of it.)
fn narrows(old: &[Vec<char>], new: &[Vec<char>]) -> bool {
    new.len() >= old.len() && old.iter().zip(new).all(|(old, new)| new.starts_with(old))
}

/// A kept match, ordered best last: higher score, then shorter text, then
/// earlier item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    score: u32,
    shorter: Reverse<u32>,
    earlier: Reverse<u32>,
    field: u32,
}

/// The matcher configuration every search uses.
fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// A search that would score more texts than this first scores an even
/// sample of this many, for a preview (see [`SearchIndex::search_progressive`]).
/// At a million people the preview comes in about 2 ms (p95 2.1–2.6 ms over
/// typed queries), and the whole search ends sooner than with a larger
/// sample, though the floors the sample sets are lower: with 30k, the
/// preview took 5–10 ms and typed `one ons oa on` complete p95 was
/// 35.6–38.1 ms against 33.8–34.6 (session 17). (With 60k, refinements of
/// 100k–240k texts, which had no preview, took up to 40 ms.)
pub const PREVIEW_TEXTS: usize = 5_000;

/// A preview's sample is made of runs of this many neighbouring texts.
const SAMPLE_RUN: usize = 128;

/// A search sends a preview only when it would score this many times more
/// texts than the sample: below that (100k people and less, mostly) the
/// whole search takes little more than the preview would.
pub const PREVIEW_RATIO: usize = 3;

/// Excerpts are at most this many characters long.
const EXCERPT_CHARS: usize = 80;

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

impl SearchIndex {
    /// Folds every searchable text of `index` once.
    ///
    /// # Panics
    ///
    /// If the folded text exceeds 2³¹ characters (a dataset of several GiB).
    pub fn new(index: &Index) -> SearchIndex {
        build::build(index, NEXT_ID.fetch_add(1, Ordering::Relaxed))
    }

    /// The number of searchable texts (fields): a person's name and each
    /// alias, a role's "title — org", an event's title, summary and kind, …
    pub fn len(&self) -> usize {
        self.field_text.len()
    }

    /// Whether there is nothing to search.
    pub fn is_empty(&self) -> bool {
        self.field_text.is_empty()
    }

    /// The number of distinct folded texts, each scored once per search.
    pub fn distinct_texts(&self) -> usize {
        self.texts.len()
    }

    /// Searches every text for `query`, keeping the best `limit_per_kind`
    /// hits of each kind. An empty or blank query finds nothing.
    ///
    /// `index` must be the index this was built from (labels and highlights
    /// come from it).
    ///
    /// # Panics
    ///
    /// If `index` has a different number of items of some kind than the one
    /// this was built from.
    pub fn search(&self, index: &Index, query: &str, limit_per_kind: usize) -> Results {
        let never = AtomicBool::new(false);
        self.run_with_preview(index, query, limit_per_kind, None, &never, usize::MAX, |_| ())
            .expect("a search that cannot be cancelled")
    }

    /// [`search`](SearchIndex::search), scoring only the texts that matched
    /// `previous` when `query` only adds to it (more characters at the end of
    /// its words, or more words) and `previous` came from this index; the
    /// full search otherwise. The results are the same either way.
    pub fn refine(&self, index: &Index, previous: &Results, query: &str, limit_per_kind: usize) -> Results {
        let never = AtomicBool::new(false);
        self.run_with_preview(index, query, limit_per_kind, Some(previous), &never, usize::MAX, |_| ())
            .expect("a search that cannot be cancelled")
    }

    /// [`refine`](SearchIndex::refine) (or [`search`](SearchIndex::search)
    /// without `previous`) for a background thread: `None` if `cancel` was
    /// set before the search finished, e.g. because the query changed again.
    /// The flag is checked every few thousand texts, so a cancelled search
    /// stops within a millisecond or so.
    ///
    /// When it has to score many texts (more than [`PREVIEW_RATIO`] ×
    /// [`PREVIEW_TEXTS`], every text of a large index or a large previous
    /// result) it works in two steps: first the best matches among an even
    /// sample of [`PREVIEW_TEXTS`] of them, handed to `preview` at once
    /// (marked [`Results::partial`]), then the whole search, returned. A
    /// search of one to three common letters at a million people takes
    /// 35–140 ms; the preview comes in 5–30.
    pub fn search_progressive(
        &self,
        index: &Index,
        previous: Option<&Results>,
        query: &str,
        limit_per_kind: usize,
        cancel: &AtomicBool,
        preview: impl FnOnce(Results),
    ) -> Option<Results> {
        self.run_with_preview(index, query, limit_per_kind, previous, cancel, PREVIEW_TEXTS, preview)
    }

    /// A search, with a preview on a sample of `sample` texts first when it
    /// would score more than [`PREVIEW_RATIO`] times that many.
    #[allow(clippy::too_many_arguments)]
    fn run_with_preview(
        &self,
        index: &Index,
        query: &str,
        limit: usize,
        previous: Option<&Results>,
        cancel: &AtomicBool,
        sample: usize,
        preview: impl FnOnce(Results),
    ) -> Option<Results> {
        let ds = index.dataset();
        let counts =
            [ds.people.len(), ds.roles.len(), ds.orgs.len(), ds.events.len(), ds.quotes.len(), ds.sources.len()];
        assert_eq!(counts, self.counts, "SearchIndex used with another Index than the one it was built from");
        let q = Query::parse(query);
        if q.atoms.is_empty() {
            return Some(Results::empty(query));
        }
        let previous = previous
            .and_then(|p| p.refinable.as_ref())
            .filter(|p| p.index_id == self.id && narrows(&p.needles, &q.needles));
        let texts = match previous.and_then(|p| p.texts.as_deref()) {
            Some(list) => Ids::Some(list),
            None => Ids::All(0..self.texts.len() as u32),
        };
        // Where only the last word grew, each text's match goes on from
        // where it ended.
        let known = previous.map(|p| scan::Known { ends: &p.ends, tail: tail(&p.needles, &q.needles) });
        // Only where the sample is a small part of the work. What it kept
        // spares the whole search the items that could not beat it.
        let mut bars = scan::NO_BARS;
        if texts.len() > sample.saturating_mul(PREVIEW_RATIO) {
            let first;
            (first, bars) = self.sample(index, query, &q, &texts, sample, limit, cancel)?;
            preview(first);
        }
        let scanned = self.scan_parallel(&q, texts, known, limit, bars, cancel).ok()?;
        let refinable = Refinable {
            index_id: self.id,
            needles: q.needles.clone(),
            texts: scanned.texts.map(Into::into),
            ends: scanned.ends.into(),
        };
        Some(self.results(index, query, &q, scanned.kinds, Some(refinable)))
    }

    /// The preview [`SearchIndex::search_progressive`] sends first for a
    /// search of every text: the best among [`PREVIEW_TEXTS`] of them,
    /// evenly spread. For benchmarks.
    pub fn preview(&self, index: &Index, query: &str, limit_per_kind: usize) -> Results {
        let never = AtomicBool::new(false);
        let all = Ids::All(0..self.texts.len() as u32);
        self.sample(index, query, &Query::parse(query), &all, PREVIEW_TEXTS, limit_per_kind, &never)
            .expect("a search that cannot be cancelled")
            .0
    }

    /// The best matches of `q` among about `sample` of `texts`, in runs
    /// evenly spread, as partial results, with the bars they set for the
    /// whole search.
    #[allow(clippy::too_many_arguments)]
    fn sample(
        &self,
        index: &Index,
        query: &str,
        q: &Query,
        texts: &Ids<'_>,
        sample: usize,
        limit: usize,
        cancel: &AtomicBool,
    ) -> Option<(Results, scan::Bars)> {
        // Runs of neighbouring texts, not single texts far apart: texts
        // (and their fields) are stored in the order they were met, so a run
        // is read from a few cache lines and a sampled text each from its
        // own (the preview took half as long again that way).
        let runs = sample.div_ceil(SAMPLE_RUN).max(1);
        let step = texts.len().div_ceil(runs).max(1);
        let some: Vec<u32> = match texts {
            // (Runs never overlap, even when there are few texts.)
            Ids::All(r) => {
                let run = SAMPLE_RUN.min(step) as u32;
                r.clone().step_by(step).flat_map(|t| t..(t + run).min(r.end)).collect()
            }
            Ids::Some(s) => s.chunks(step).flat_map(|run| &run[..run.len().min(SAMPLE_RUN)]).copied().collect(),
        };
        // On every thread: the sample is small, but the fields it reaches
        // are not (an event kind is held by thousands of events).
        let scanned =
            self.scan_threads(q, Ids::Some(&some), None, limit, scan::NO_BARS, scan::all_threads(), cancel).ok()?;
        let bars = scan::Bars {
            floors: scanned.kinds.each_ref().map(scan::Top::floor),
            likely: scanned.kinds.each_ref().map(scan::Top::best_rank),
        };
        let mut first = self.results(index, query, q, scanned.kinds, None);
        first.partial = true;
        Some((first, bars))
    }

    /// The results of a scan: each kind's best, with labels and highlights.
    fn results(
        &self,
        index: &Index,
        query: &str,
        q: &Query,
        kinds: [scan::Top; 6],
        refinable: Option<Refinable>,
    ) -> Results {
        let ds = index.dataset();
        let mut builder = hit::HitBuilder::new(self, ds, q);
        let groups = Kind::ALL
            .iter()
            .zip(kinds)
            .filter(|(_, top)| top.total > 0)
            .map(|(&kind, top)| Group {
                kind,
                total: top.total,
                hits: top.best().into_iter().map(|c| builder.hit(kind, c)).collect(),
            })
            .collect();
        Results { query: query.to_owned(), groups, partial: false, refinable }
    }

    /// How many characters folded text `t` has.
    #[inline]
    fn char_len(&self, t: usize) -> u32 {
        self.texts[t].len & !WIDE
    }

    /// The UTF-8 bytes of text `t`, with the bytes after them in their
    /// arena, which ends with [`bytes::WINDOW`] to spare.
    #[inline]
    fn padded(&self, t: usize) -> bytes::Padded<'_> {
        let t = self.texts[t];
        let (start, len) = (t.bytes_start as usize, t.bytes_len as usize);
        let arena = if t.len & WIDE != 0 { &self.utf8 } else { &self.ascii };
        bytes::Padded::with_ascii(&arena[start..start + len + bytes::WINDOW], len, t.len & WIDE == 0)
    }

    /// Folded text `t`, as the matcher takes it.
    #[inline]
    fn text(&self, t: usize) -> Utf32Str<'_> {
        let t = self.texts[t];
        let (start, len) = (t.start as usize, (t.len & !WIDE) as usize);
        if t.len & WIDE != 0 {
            Utf32Str::Unicode(&self.wide[start..start + len])
        } else {
            Utf32Str::Ascii(&self.ascii[start..start + len])
        }
    }
}

#[cfg(test)]
mod tests;
