//! Reading a dataset entry by entry: the top-level struct is read by hand
//! so that each list hands its entries to the [`Builder`] as they come,
//! instead of collecting them all first. Every entry is still read by its
//! derived `Deserialize`, and the top level asks ron for exactly what the
//! derived [`crate::model::raw::RawDataset`] asks for, so syntax errors and
//! their positions are the same.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::build::Builder;
use super::raw::Ref;

/// The fields of the top-level struct, in the order `RawDataset` declares them.
const FIELDS: &[&str] = &["title", "as_of", "sources", "orgs", "people", "roles", "tenures", "events", "quotes"];

/// Reads a whole dataset into a [`Builder`].
pub(crate) struct DatasetSeed<'b, 'a>(pub &'b mut Builder<'a>);

impl<'de> DeserializeSeed<'de> for DatasetSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for DatasetSeed<'_, 'de> {
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
                0 => b.set_title(map.next_value()?),
                1 => {
                    let as_of: Option<Ref<'de>> = map.next_value()?;
                    b.set_as_of(as_of);
                }
                2 => map.next_value_seed(List(&mut *b, Builder::push_source::<Ref<'de>>))?,
                3 => map.next_value_seed(List(&mut *b, Builder::push_org::<Ref<'de>>))?,
                4 => map.next_value_seed(List(&mut *b, Builder::push_person))?,
                5 => map.next_value_seed(List(&mut *b, Builder::push_role::<Ref<'de>>))?,
                6 => map.next_value_seed(List(&mut *b, Builder::push_tenure::<Ref<'de>>))?,
                7 => map.next_value_seed(List(&mut *b, Builder::push_event::<Ref<'de>>))?,
                _ => map.next_value_seed(List(&mut *b, Builder::push_quote::<Ref<'de>>))?,
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

/// A list whose entries go to the builder one by one.
struct List<'b, 'a, T>(&'b mut Builder<'a>, fn(&mut Builder<'a>, T));

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for List<'_, 'de, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for List<'_, 'de, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(entry) = seq.next_element()? {
            (self.1)(self.0, entry);
        }
        Ok(())
    }
}
