//! The checked dataset: every reference resolved to an index, every date parsed.
//!
//! Only [`crate::model::load`] builds one, so code above `model` can index
//! the vectors with the typed indices without checking.

use super::date::Date;

/// The text of a dataset field: stored inline when it is at most 24 bytes
/// long (most ids, names and titles), so a million people do not cost
/// millions of small allocations.
pub type Text = compact_str::CompactString;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in its vector of the dataset.
            #[inline]
            pub fn ix(self) -> usize {
                self.0 as usize
            }

            /// The index of the `i`-th entry.
            #[inline]
            pub fn from_ix(i: usize) -> Self {
                Self(i as u32)
            }
        }
    };
}

index_type!(
    /// Index of a [`Source`] in [`Dataset::sources`].
    SourceIx
);
index_type!(
    /// Index of an [`Org`] in [`Dataset::orgs`].
    OrgIx
);
index_type!(
    /// Index of a [`Person`] in [`Dataset::people`].
    PersonIx
);
index_type!(
    /// Index of a [`Role`] in [`Dataset::roles`].
    RoleIx
);
index_type!(
    /// Index of a [`Tenure`] in [`Dataset::tenures`].
    TenureIx
);
index_type!(
    /// Index of an [`Event`] in [`Dataset::events`].
    EventIx
);
index_type!(
    /// Index of a [`Quote`] in [`Dataset::quotes`].
    QuoteIx
);

/// Free text that most entries lack: a missing note takes 8 bytes, not
/// the 24 of an `Option<Text>` (a million people, roles and two million
/// tenures have one each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note(Option<Box<Text>>);

impl Note {
    /// The note `text`, if any.
    pub fn new(text: Option<Text>) -> Note {
        Note(text.map(Box::new))
    }

    /// The note's text.
    pub fn get(&self) -> Option<&Text> {
        self.0.as_deref()
    }

    /// The note's text as a `str`.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref().map(Text::as_str)
    }
}

/// A short list of indices (the sources of a tenure, the people of an
/// event): up to two are stored inline, in the 24 bytes a `Vec` takes,
/// without a heap block. A million people have millions of such lists,
/// nearly all of one or two entries.
pub type Ixs<T> = smallvec::SmallVec<[T; 2]>;

/// One validated dataset: people, organizations, roles, tenures, events,
/// quotes and the sources behind them. Entries keep their file order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// What the dataset is about.
    pub title: Option<Text>,
    /// The date the dataset describes; the explorer opens there.
    pub as_of: Option<Date>,
    /// Articles, interviews, filings.
    pub sources: Vec<Source>,
    /// Companies, departments, parties.
    pub orgs: Vec<Org>,
    /// People.
    pub people: Vec<Person>,
    /// Positions in orgs.
    pub roles: Vec<Role>,
    /// Who held which role, when.
    pub tenures: Vec<Tenure>,
    /// Dated events.
    pub events: Vec<Event>,
    /// What people said.
    pub quotes: Vec<Quote>,
}

/// Where a claim comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// Unique among sources.
    pub id: Text,
    /// Title of the article, interview or document.
    pub title: Text,
    /// Who published it.
    pub publisher: Option<Text>,
    /// When it was published.
    pub date: Option<Date>,
    /// Its language (a free tag such as `fr`).
    pub language: Option<Text>,
    /// Where to read it.
    pub url: Option<Text>,
    /// The source through which this one is known (an interview reported by an article).
    pub via: Option<SourceIx>,
    /// Free text.
    pub note: Note,
}

/// A company, a department, a party: anything that has roles.
#[derive(Clone, Debug)]
pub struct Org {
    /// Unique among orgs.
    pub id: Text,
    /// Display name.
    pub name: Text,
    /// The org that owns or contains this one.
    pub parent: Option<OrgIx>,
    /// Since when `parent` holds; absent means always.
    pub parent_since: Option<Date>,
    /// When the org came into being.
    pub founded: Option<Date>,
    /// When it ceased to exist.
    pub dissolved: Option<Date>,
    /// Free text.
    pub note: Note,
}

/// A person.
#[derive(Clone, Debug)]
pub struct Person {
    /// Unique among people.
    pub id: Text,
    /// Display name.
    pub name: Text,
    /// Other names the person is known by.
    pub aliases: Vec<Text>,
    /// Free text.
    pub note: Note,
}

/// A position in an org, independent of who holds it.
#[derive(Clone, Debug)]
pub struct Role {
    /// Unique among roles.
    pub id: Text,
    /// The org the role belongs to.
    pub org: OrgIx,
    /// Display title.
    pub title: Text,
    /// The role this one reports to (possibly in a parent org).
    pub reports_to: Option<RoleIx>,
    /// Dotted-line reporting.
    pub dotted_to: Ixs<RoleIx>,
    /// How many people may hold it at once (1 unless the dataset says more:
    /// a board, "sales representative", a parliament's members).
    pub seats: u32,
    /// When the role came into being; absent means always.
    pub start: Option<Date>,
    /// When the role ended; absent means still.
    pub end: Option<Date>,
    /// Free text.
    pub note: Note,
}

/// A person holding a role for a while.
#[derive(Clone, Debug)]
pub struct Tenure {
    /// Who.
    pub person: PersonIx,
    /// Which role.
    pub role: RoleIx,
    /// From when; absent means open (unbounded).
    pub start: Option<Date>,
    /// Until when; absent means open (still held).
    pub end: Option<Date>,
    /// An interim holder.
    pub acting: bool,
    /// The sources that back this tenure.
    pub sources: Ixs<SourceIx>,
    /// Free text.
    pub note: Note,
}

/// Something that happened at a date.
#[derive(Clone, Debug)]
pub struct Event {
    /// Unique among events.
    pub id: Text,
    /// When it happened.
    pub date: Date,
    /// The source's own wording of the date ("un an plus tard").
    pub date_text: Option<Text>,
    /// Short title.
    pub title: Text,
    /// Longer description.
    pub summary: Option<Text>,
    /// A free tag: `acquisition`, `appointment`, …
    pub kind: Option<Text>,
    /// People involved.
    pub people: Ixs<PersonIx>,
    /// Orgs involved.
    pub orgs: Ixs<OrgIx>,
    /// The sources that report it.
    pub sources: Ixs<SourceIx>,
}

/// Words a person said, as a source reports them.
#[derive(Clone, Debug)]
pub struct Quote {
    /// Unique among quotes.
    pub id: Text,
    /// Who said it.
    pub speaker: PersonIx,
    /// The words, in the original language.
    pub text: Text,
    /// When it was said.
    pub date: Option<Date>,
    /// The circumstances.
    pub context: Option<Text>,
    /// The event it belongs to.
    pub event: Option<EventIx>,
    /// The source that reports it.
    pub source: SourceIx,
    /// The language of `text`.
    pub language: Option<Text>,
    /// A translation of `text`.
    pub translation: Option<Text>,
}

impl Dataset {
    /// The person at `i`.
    pub fn person(&self, i: PersonIx) -> &Person {
        &self.people[i.ix()]
    }
    /// The role at `i`.
    pub fn role(&self, i: RoleIx) -> &Role {
        &self.roles[i.ix()]
    }
    /// The org at `i`.
    pub fn org(&self, i: OrgIx) -> &Org {
        &self.orgs[i.ix()]
    }
    /// The tenure at `i`.
    pub fn tenure(&self, i: TenureIx) -> &Tenure {
        &self.tenures[i.ix()]
    }
    /// The event at `i`.
    pub fn event(&self, i: EventIx) -> &Event {
        &self.events[i.ix()]
    }
    /// The quote at `i`.
    pub fn quote(&self, i: QuoteIx) -> &Quote {
        &self.quotes[i.ix()]
    }
    /// The source at `i`.
    pub fn source(&self, i: SourceIx) -> &Source {
        &self.sources[i.ix()]
    }
}
