//! The dataset exactly as serde reads it from RON: ids and dates are still
//! strings. [`crate::model::validate`] turns it into a checked [`crate::model::Dataset`].
//!
//! Keeping this layer separate lets validation report every problem at once
//! (serde stops at the first), each at its place in the source text.

use serde::Deserialize;

/// The top level of a dataset file: an unnamed RON struct.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Dataset")]
pub struct RawDataset {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub orgs: Vec<RawOrg>,
    #[serde(default)]
    pub people: Vec<RawPerson>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub tenures: Vec<RawTenure>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    #[serde(default)]
    pub quotes: Vec<RawQuote>,
}

/// Where a claim comes from: an article, an interview, a filing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Source")]
pub struct RawSource {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub via: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A company, a department, a party: anything that has roles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Org")]
pub struct RawOrg {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub parent_since: Option<String>,
    #[serde(default)]
    pub founded: Option<String>,
    #[serde(default)]
    pub dissolved: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A person who holds roles, takes part in events and is quoted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Person")]
pub struct RawPerson {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A position in an org (CEO of Slack), independent of who holds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Role")]
pub struct RawRole {
    pub id: String,
    pub org: String,
    pub title: String,
    #[serde(default)]
    pub reports_to: Option<String>,
    #[serde(default)]
    pub dotted_to: Vec<String>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A person holding a role for a while.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Tenure")]
pub struct RawTenure {
    pub person: String,
    pub role: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub acting: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Something that happened at a date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Event")]
pub struct RawEvent {
    pub id: String,
    pub date: String,
    #[serde(default)]
    pub date_text: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub orgs: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Words a person said, as a source reports them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Quote")]
pub struct RawQuote {
    pub id: String,
    pub speaker: String,
    pub text: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    pub source: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub translation: Option<String>,
}
