//! The Popolo objects as read: every field optional, unknown ones ignored.

use serde::Deserialize;
use serde_json::Value;

/// The top level of a Popolo file; every list may be missing.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Popolo {
    pub persons: Option<Vec<Person>>,
    pub organizations: Option<Vec<Organization>>,
    pub memberships: Option<Vec<Membership>>,
    pub posts: Option<Vec<Post>>,
    pub events: Option<Vec<Event>>,
    pub areas: Option<Vec<Area>>,
    pub meta: Option<Meta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Meta {
    pub sources: Option<Vec<Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Person {
    pub id: Option<Value>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub other_names: Option<Vec<OtherName>>,
    pub sources: Option<Vec<Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OtherName {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub id: Option<Value>,
    pub name: Option<String>,
    pub classification: Option<String>,
    pub parent_id: Option<Value>,
    pub founding_date: Option<String>,
    pub dissolution_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Post {
    pub id: Option<Value>,
    pub label: Option<String>,
    pub role: Option<String>,
    pub organization_id: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Membership {
    pub person_id: Option<Value>,
    pub organization_id: Option<Value>,
    pub post_id: Option<Value>,
    pub on_behalf_of_id: Option<Value>,
    pub legislative_period_id: Option<Value>,
    pub area_id: Option<Value>,
    pub role: Option<String>,
    pub label: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub sources: Option<Vec<Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Event {
    pub id: Option<Value>,
    pub name: Option<String>,
    pub classification: Option<String>,
    pub organization_id: Option<Value>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub sources: Option<Vec<Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Area {
    pub id: Option<Value>,
    pub name: Option<String>,
}

/// An id as text: a non-empty string, or a number.
pub fn id_text(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// A string with something in it.
pub fn text(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The URLs of a `sources` list: strings, or objects with a `url`.
pub fn urls(sources: &Option<Vec<Value>>) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for s in sources.iter().flatten() {
        match s {
            Value::String(u) if !u.trim().is_empty() => out.push((u.trim().to_owned(), None)),
            Value::Object(o) => {
                if let Some(Value::String(u)) =
                    o.get("url").filter(|u| u.as_str().is_some_and(|u| !u.trim().is_empty()))
                {
                    let note = o.get("note").and_then(Value::as_str).map(str::to_owned);
                    out.push((u.trim().to_owned(), note));
                }
            }
            _ => {}
        }
    }
    out
}
