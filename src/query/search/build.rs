//! Building a [`SearchIndex`]: every searchable text folded once.

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::bytes;
use super::fold::{self, fold_into};
use super::parts::{Parts, PartsBuilder};
use super::{Csr, Field, Index, Kind, SearchIndex, TextRef, WIDE};

/// Between a role's title and its org's name, in a role's text.
const ROLE_SEPARATOR: &str = " — ";

/// Appends fields to an index under construction, storing each distinct
/// folded text once.
struct Builder {
    ix: SearchIndex,
    scratch: Vec<char>,
    /// How many characters of `scratch` the first part of the last text
    /// added folded to.
    first_part: usize,
    /// Distinct texts by content, as indices into `ix.texts`.
    seen: HashTable<u32>,
}

/// The hash of a folded text, the same whichever arena holds it.
fn hash(chars: impl Iterator<Item = char>) -> u64 {
    let mut h = FxHasher::default();
    for c in chars {
        h.write_u32(c as u32);
    }
    h.finish()
}

impl Builder {
    /// Adds the text made of `parts` as field `field` of item `owner`.
    /// Empty texts are kept too (they never match), so that a person's
    /// aliases can be told apart by their position. Whether the text is new.
    fn add<'a>(&mut self, owner: usize, field: Field, parts: impl IntoIterator<Item = &'a str>) -> bool {
        self.scratch.clear();
        for (k, part) in parts.into_iter().enumerate() {
            fold_into(part, &mut self.scratch);
            if k == 0 {
                self.first_part = self.scratch.len();
            }
        }
        let texts = self.ix.texts.len();
        let text = self.intern();
        let ix = &mut self.ix;
        ix.field_text.push(text);
        ix.owners.push(owner as u32);
        ix.fields.push(field);
        ix.texts.len() > texts
    }

    /// The index of the text in `scratch`, stored if new.
    fn intern(&mut self) -> u32 {
        let (ix, s) = (&mut self.ix, &self.scratch);
        let h = hash(s.iter().copied());
        if let Some(&t) = self.seen.find(h, |&t| ix.text(t as usize).chars().eq(s.iter().copied())) {
            return t;
        }
        let len = u32::try_from(s.len()).ok().filter(|&n| n < WIDE).expect("a searchable text of over 2^31 characters");
        let text = if s.iter().all(char::is_ascii) {
            let start = arena_offset(ix.ascii.len());
            ix.ascii.extend(s.iter().map(|&c| c as u8));
            TextRef { start, len, bytes_start: start, bytes_len: len }
        } else {
            let start = arena_offset(ix.wide.len());
            ix.wide.extend_from_slice(s);
            let bytes_start = arena_offset(ix.utf8.len());
            let mut buf = [0; 4];
            for c in s {
                ix.utf8.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            let bytes_len = arena_offset(ix.utf8.len() - bytes_start as usize);
            TextRef { start, len: len | WIDE, bytes_start, bytes_len }
        };
        let t = ix.texts.len() as u32;
        ix.texts.push(text);
        ix.masks.push(fold::mask(s.iter().copied()));
        let (initials, near) = fold::initials(s);
        ix.initials.push(initials);
        ix.near.push(near);
        let ix = &self.ix;
        self.seen.insert_unique(h, t, |&t| hash(ix.text(t as usize).chars()));
        t
    }
}

fn arena_offset(len: usize) -> u32 {
    u32::try_from(len).expect("over 4 GiB of searchable text")
}

/// Folds every searchable text of `index`, kind by kind in [`Kind::ALL`]
/// order, each item's fields together.
///
/// [`Kind::ALL`]: super::Kind::ALL
pub(super) fn build(index: &Index, id: u64) -> SearchIndex {
    build_with(index, id, Parts::REPEATS)
}

/// [`build`], keeping the parts of role texts if titles and orgs repeat
/// over `repeats` role texts each (see [`PartsBuilder::finish`]).
pub(super) fn build_with(index: &Index, id: u64, repeats: u64) -> SearchIndex {
    let ds = index.dataset();
    let counts = [ds.people.len(), ds.roles.len(), ds.orgs.len(), ds.events.len(), ds.quotes.len(), ds.sources.len()];
    let fields = ds.people.iter().map(|p| 1 + p.aliases.len()).sum::<usize>()
        + ds.roles.len()
        + ds.orgs.len()
        + ds.events.len() * 3
        + ds.quotes.len() * 2
        + ds.sources.len() * 2;
    let mut b = Builder {
        ix: SearchIndex {
            id,
            counts,
            masks: Vec::new(),
            initials: Vec::new(),
            near: Vec::new(),
            texts: Vec::new(),
            ascii: Vec::new(),
            wide: Vec::new(),
            utf8: Vec::new(),
            field_text: Vec::with_capacity(fields),
            owners: Vec::with_capacity(fields),
            fields: Vec::with_capacity(fields),
            text_fields: Csr::default(),
            parts: Default::default(),
            first_texts: [0; 6],
        },
        scratch: Vec::with_capacity(256),
        first_part: 0,
        seen: HashTable::new(),
    };

    let mut first_texts = [0; 6];
    let mut first_of = |b: &Builder, kind: Kind| first_texts[kind as usize] = b.ix.texts.len() as u32;
    first_of(&b, Kind::Person);
    for (i, p) in ds.people.iter().enumerate() {
        b.add(i, Field::PersonName, [p.name.as_str()]);
        for alias in &p.aliases {
            b.add(i, Field::PersonAlias, [alias.as_str()]);
        }
    }
    first_of(&b, Kind::Role);
    let mut parts = PartsBuilder::new(b.ix.texts.len(), &fold::fold(ROLE_SEPARATOR));
    for (i, r) in ds.roles.iter().enumerate() {
        // One text for both the title alone and "cto slack": the title leads,
        // so a title-only query scores as it would on the title alone.
        if b.add(i, Field::RoleTitle, [r.title.as_str(), ROLE_SEPARATOR, ds.org(r.org).name.as_str()]) {
            parts.title(b.scratch[..b.first_part].iter().copied());
            parts.stored(r.org.0 as usize);
        }
    }
    first_of(&b, Kind::Org);
    let first_org = b.ix.len();
    for (i, o) in ds.orgs.iter().enumerate() {
        b.add(i, Field::OrgName, [o.name.as_str()]);
    }
    let org_texts = b.ix.field_text[first_org..].to_vec();
    first_of(&b, Kind::Event);
    for (i, e) in ds.events.iter().enumerate() {
        b.add(i, Field::EventTitle, [e.title.as_str()]);
        if let Some(s) = &e.summary {
            b.add(i, Field::EventSummary, [s.as_str()]);
        }
        if let Some(k) = &e.kind {
            b.add(i, Field::EventKind, [k.as_str()]);
        }
    }
    first_of(&b, Kind::Quote);
    for (i, q) in ds.quotes.iter().enumerate() {
        b.add(i, Field::QuoteText, [q.text.as_str()]);
        if let Some(t) = &q.translation {
            b.add(i, Field::QuoteTranslation, [t.as_str()]);
        }
    }
    first_of(&b, Kind::Source);
    for (i, s) in ds.sources.iter().enumerate() {
        b.add(i, Field::SourceTitle, [s.title.as_str()]);
        if let Some(p) = &s.publisher {
            b.add(i, Field::SourcePublisher, [p.as_str()]);
        }
    }
    let mut ix = b.ix;
    ix.first_texts = first_texts;
    ix.parts = parts.finish(org_texts, repeats);
    // So that 64 bytes from any place in a text can be read at once.
    ix.ascii.extend_from_slice(&[0; bytes::WINDOW]);
    ix.utf8.extend_from_slice(&[0; bytes::WINDOW]);
    ix.masks.shrink_to_fit();
    ix.initials.shrink_to_fit();
    ix.near.shrink_to_fit();
    ix.texts.shrink_to_fit();
    ix.ascii.shrink_to_fit();
    ix.wide.shrink_to_fit();
    ix.utf8.shrink_to_fit();
    ix.text_fields = Csr::build(ix.texts.len(), ix.field_text.iter().enumerate().map(|(f, &t)| (t, f as u32)));
    ix
}
