//! The dataset exactly as serde reads it from RON: ids and dates are still
//! strings. [`crate::model::validate`] turns it into a checked [`crate::model::Dataset`].
//!
//! Keeping this layer separate lets validation report every problem at once
//! (serde stops at the first), each at its place in the source text.
//!
//! Each entry type takes the type of its strings as `R`: `String` by
//! default, or [`Ref`], which borrows from the text. The loader reads
//! entries one at a time with `R = Ref`, so the millions of ids, dates and
//! names it reads are copied once, into the dataset, or never.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

/// A string as written (a reference, a date, a name): borrowed from the
/// text, or owned when the string had escapes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref<'a>(pub Cow<'a, str>);

impl AsRef<str> for Ref<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Ref<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = Ref<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Ref(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Ref(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Ref(Cow::Owned(v)))
            }
        }
        // What `String` asks for, so ron reports the same errors.
        d.deserialize_string(RefVisitor)
    }
}

/// The top level of a dataset file: an unnamed RON struct.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Dataset")]
pub struct RawDataset<R = String> {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub as_of: Option<R>,
    #[serde(default)]
    pub sources: Vec<RawSource<R>>,
    #[serde(default)]
    pub orgs: Vec<RawOrg<R>>,
    #[serde(default)]
    pub people: Vec<RawPerson<R>>,
    #[serde(default)]
    pub roles: Vec<RawRole<R>>,
    #[serde(default)]
    pub tenures: Vec<RawTenure<R>>,
    #[serde(default)]
    pub events: Vec<RawEvent<R>>,
    #[serde(default)]
    pub quotes: Vec<RawQuote<R>>,
}

/// Where a claim comes from: an article, an interview, a filing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Source")]
pub struct RawSource<R = String> {
    pub id: R,
    pub title: R,
    #[serde(default)]
    pub publisher: Option<R>,
    #[serde(default)]
    pub date: Option<R>,
    #[serde(default)]
    pub language: Option<R>,
    #[serde(default)]
    pub url: Option<R>,
    #[serde(default)]
    pub via: Option<R>,
    #[serde(default)]
    pub note: Option<R>,
}

/// A company, a department, a party: anything that has roles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Org")]
pub struct RawOrg<R = String> {
    pub id: R,
    pub name: R,
    #[serde(default)]
    pub parent: Option<R>,
    #[serde(default)]
    pub parent_since: Option<R>,
    #[serde(default)]
    pub founded: Option<R>,
    #[serde(default)]
    pub dissolved: Option<R>,
    #[serde(default)]
    pub note: Option<R>,
}

/// A person who holds roles, takes part in events and is quoted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Person")]
pub struct RawPerson<R = String> {
    pub id: R,
    pub name: R,
    #[serde(default)]
    pub aliases: Vec<R>,
    #[serde(default)]
    pub note: Option<R>,
}

/// A position in an org (CEO of Slack), independent of who holds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Role")]
pub struct RawRole<R = String> {
    pub id: R,
    pub org: R,
    pub title: R,
    #[serde(default)]
    pub reports_to: Option<R>,
    #[serde(default)]
    pub dotted_to: Vec<R>,
    #[serde(default)]
    pub seats: Option<u32>,
    #[serde(default)]
    pub start: Option<R>,
    #[serde(default)]
    pub end: Option<R>,
    #[serde(default)]
    pub note: Option<R>,
}

/// A person holding a role for a while.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Tenure")]
pub struct RawTenure<R = String> {
    pub person: R,
    pub role: R,
    #[serde(default)]
    pub start: Option<R>,
    #[serde(default)]
    pub end: Option<R>,
    #[serde(default)]
    pub acting: bool,
    #[serde(default)]
    pub sources: Vec<R>,
    #[serde(default)]
    pub note: Option<R>,
}

/// Something that happened at a date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Event")]
pub struct RawEvent<R = String> {
    pub id: R,
    pub date: R,
    #[serde(default)]
    pub date_text: Option<R>,
    pub title: R,
    #[serde(default)]
    pub summary: Option<R>,
    #[serde(default)]
    pub kind: Option<R>,
    #[serde(default)]
    pub people: Vec<R>,
    #[serde(default)]
    pub orgs: Vec<R>,
    #[serde(default)]
    pub sources: Vec<R>,
}

/// Words a person said, as a source reports them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Quote")]
pub struct RawQuote<R = String> {
    pub id: R,
    pub speaker: R,
    pub text: R,
    #[serde(default)]
    pub date: Option<R>,
    #[serde(default)]
    pub context: Option<R>,
    #[serde(default)]
    pub event: Option<R>,
    pub source: R,
    #[serde(default)]
    pub language: Option<R>,
    #[serde(default)]
    pub translation: Option<R>,
}
