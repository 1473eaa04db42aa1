//! Reading a dataset entry by entry: the top-level struct is read by hand
//! so that each list hands its entries to a [`Sink`] as they come, instead
//! of collecting them all first: to the [`Builder`] itself, or in batches
//! to a builder on another thread. Every entry is still read by its
//! derived `Deserialize`, and the top level asks ron for exactly what the
//! derived [`crate::model::raw::RawDataset`] asks for, so syntax errors and
//! their positions are the same.

use std::fmt;
use std::sync::mpsc::SyncSender;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::build::Builder;
use super::raw::{RawEvent, RawOrg, RawPerson, RawQuote, RawRole, RawSource, RawTenure, Ref};

/// The fields of the top-level struct, in the order `RawDataset` declares them.
const FIELDS: &[&str] = &["title", "as_of", "sources", "orgs", "people", "roles", "tenures", "events", "quotes"];

/// One part of a dataset as read, on its way to the [`Builder`].
pub(crate) enum Entry<'a> {
    Title(Option<String>),
    AsOf(Option<Ref<'a>>),
    Source(RawSource<Ref<'a>>),
    Org(RawOrg<Ref<'a>>),
    Person(RawPerson<Ref<'a>>),
    Role(RawRole<Ref<'a>>),
    Tenure(RawTenure<Ref<'a>>),
    Event(RawEvent<Ref<'a>>),
    Quote(RawQuote<Ref<'a>>),
}

/// Where the entries of a dataset go, in the order of the text.
pub(crate) trait Sink<'a> {
    fn push(&mut self, entry: Entry<'a>);
}

impl<'a> Sink<'a> for Builder<'a> {
    fn push(&mut self, entry: Entry<'a>) {
        match entry {
            Entry::Title(t) => self.set_title(t),
            Entry::AsOf(a) => self.set_as_of(a),
            Entry::Source(x) => self.push_source(x),
            Entry::Org(x) => self.push_org(x),
            Entry::Person(x) => self.push_person(x),
            Entry::Role(x) => self.push_role(x),
            Entry::Tenure(x) => self.push_tenure(x),
            Entry::Event(x) => self.push_event(x),
            Entry::Quote(x) => self.push_quote(x),
        }
    }
}

/// Entries sent in batches to a builder on another thread, so that reading
/// the text and building the dataset run side by side.
pub(crate) struct Batches<'a> {
    batch: Vec<Entry<'a>>,
    tx: SyncSender<Vec<Entry<'a>>>,
}

/// Entries per batch: enough to make the channel's cost negligible, few
/// enough that the builder starts at once.
const BATCH: usize = 1024;

impl<'a> Batches<'a> {
    pub(crate) fn new(tx: SyncSender<Vec<Entry<'a>>>) -> Self {
        Batches { batch: Vec::with_capacity(BATCH), tx }
    }

    /// Sends what is left.
    pub(crate) fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            // A builder that stopped has panicked: its join reports it.
            let _ = self.tx.send(batch);
        }
    }
}

impl<'a> Sink<'a> for Batches<'a> {
    fn push(&mut self, entry: Entry<'a>) {
        self.batch.push(entry);
        if self.batch.len() == BATCH {
            self.flush();
        }
    }
}

/// Reads a whole dataset into a [`Sink`].
pub(crate) struct DatasetSeed<'s, S>(pub &'s mut S);

impl<'de, S: Sink<'de>> DeserializeSeed<'de> for DatasetSeed<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de, S: Sink<'de>> Visitor<'de> for DatasetSeed<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Dataset")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        let mut seen = [false; FIELDS.len()];
        while let Some(Field(k)) = map.next_key()? {
            if std::mem::replace(&mut seen[k], true) {
                return Err(de::Error::duplicate_field(FIELDS[k]));
            }
            match k {
                0 => b.push(Entry::Title(map.next_value()?)),
                1 => b.push(Entry::AsOf(map.next_value()?)),
                2 => map.next_value_seed(List(&mut *b, Entry::Source))?,
                3 => map.next_value_seed(List(&mut *b, Entry::Org))?,
                4 => map.next_value_seed(List(&mut *b, Entry::Person))?,
                5 => map.next_value_seed(List(&mut *b, Entry::Role))?,
                6 => map.next_value_seed(List(&mut *b, Entry::Tenure))?,
                7 => map.next_value_seed(List(&mut *b, Entry::Event))?,
                _ => map.next_value_seed(List(&mut *b, Entry::Quote))?,
            }
        }
        Ok(())
    }
}

/// A field name of the top-level struct, as its index in [`FIELDS`].
struct Field(usize);

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("field identifier")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                FIELDS.iter().position(|f| *f == v).map(Field).ok_or_else(|| E::unknown_field(v, FIELDS))
            }
        }
        d.deserialize_identifier(FieldVisitor)
    }
}

/// A list whose entries go to the sink one by one.
struct List<'s, 'a, S, T>(&'s mut S, fn(T) -> Entry<'a>);

impl<'de, S: Sink<'de>, T: de::Deserialize<'de>> DeserializeSeed<'de> for List<'_, 'de, S, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, S: Sink<'de>, T: de::Deserialize<'de>> Visitor<'de> for List<'_, 'de, S, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element()? {
            self.0.push((self.1)(entry));
        }
        Ok(())
    }
}
