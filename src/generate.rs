//! A deterministic generator of large, valid datasets, for benchmarks and
//! stress tests: [`generate`] returns RON text that
//! [`crate::model::load_str`] accepts with no errors and no warnings.
//!
//! For `N` people it writes about `N / 1000 + 1` orgs (some under a parent
//! from some date, a few with a founding date), `N` roles (one reporting tree
//! per org, at most [`MAX_LEVELS`] levels deep, the root of a subsidiary
//! reporting to its parent's root, a few extra roots and dotted lines),
//! one to three consecutive tenures per person, `N / 2` events, `N / 10`
//! quotes and `N / 100 + 1` sources. Names and texts mix accented Latin,
//! Cyrillic, Greek and CJK.
//!
//! Time is cut into `ERAS` eras of ten years. A person's tenures fall in
//! consecutive eras, and in each era every role goes to at most one person,
//! so a role's holders never overlap. Every written date, whatever its
//! precision or qualifier, covers the day it was drawn from; so days that
//! strictly increase give dates that never certainly overlap or reverse.
//!
//! The only randomness is a splitmix64 generator seeded by `seed`: the same
//! arguments always give the same text.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

/// The deepest reporting chain, counting the root as one level.
pub const MAX_LEVELS: u32 = 12;
/// How many ten-year eras the story spans (1995–2024).
const ERAS: usize = 3;
const FIRST_YEAR: i32 = 1995;
const ERA_YEARS: i32 = 10;

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($($t:tt)*) => {{
        let _ = write!($($t)*);
    }};
}

/// splitmix64: tiny, fast, and good enough for test data. Public so tests
/// that need reproducible randomness use this one.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `p` percent.
    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

// --- Tables ---------------------------------------------------------------

const LATIN_GIVEN: &[&str] = &[
    "Zoë",
    "José",
    "Ségolène",
    "Łukasz",
    "Øyvind",
    "Renée",
    "Jürgen",
    "Inés",
    "Çağla",
    "Søren",
    "Anaïs",
    "Björn",
    "Mónica",
    "Tomáš",
    "Hélène",
    "Marc",
    "Parker",
    "Lidiane",
    "Noémie",
    "François",
    "Ana",
    "Stewart",
    "Małgorzata",
    "Åsa",
    "Joaquín",
    "Cal",
    "Dagný",
    "Gréta",
    "Ilse",
    "Raúl",
];
const LATIN_FAMILY: &[&str] = &[
    "Núñez",
    "Dvořák",
    "Müller",
    "Østergaard",
    "Lefèvre",
    "Gómez",
    "Wiśniewska",
    "Håkansson",
    "Çelik",
    "Désiré",
    "Benioff",
    "Harris",
    "Jones",
    "Novák",
    "Šimek",
    "García",
    "Butterfield",
    "Henderson",
    "Ó Briain",
    "Sæther",
    "Ibáñez",
    "Kovač",
    "Lindqvist",
    "Žáková",
];
const SYLLABLE_FIRST: &[&str] =
    &["Ka", "Lo", "Mi", "Ré", "Sø", "Tú", "Vå", "Zé", "Na", "Ri", "Bé", "Do", "Fa", "Gü", "Hi", "Jo"];
const SYLLABLE: &[&str] =
    &["ka", "lo", "mi", "rè", "sø", "tú", "vå", "zé", "na", "ri", "ñe", "do", "lä", "gu", "ho", "ša"];
const CYRILLIC_GIVEN: &[&str] =
    &["Алексей", "Мария", "Дмитрий", "Ольга", "Сергей", "Наталья", "Иван", "Екатерина", "Юлия", "Пётр"];
const CYRILLIC_FAMILY: &[&str] =
    &["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Ёлкин"];
const CJK_FAMILY: &[&str] = &["李", "王", "张", "刘", "陈", "杨", "佐藤", "鈴木", "高橋", "田中", "김", "박"];
const CJK_GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "秀英", "翔太", "陽菜", "蓮", "結衣", "민준", "서연"];
const GREEK_GIVEN: &[&str] = &["Νίκος", "Ελένη", "Γιώργος", "Μαρία", "Δημήτρης"];
const GREEK_FAMILY: &[&str] = &["Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Αθανασίου"];

const ORG_SUFFIX: &[&str] =
    &["Holdings", "Systèmes", "Группа", "株式会社", "Labs", "GmbH", "S.A.", "& Söhne", "Ψηφιακή", "Coöperatie", "集团"];
const DEPTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Finance",
    "Legal",
    "Marketing",
    "Research",
    "Operations",
    "Produit",
    "Ventes",
    "Отдел кадров",
    "研究開発",
    "Données",
    "Öffentlichkeitsarbeit",
    "Logística",
];
const TOP_TITLES: &[&str] = &["Chief Executive Officer", "PDG", "Генеральный директор", "代表取締役社長"];
const LEVEL1_TITLES: &[&str] = &["Vice President", "Directeur général adjoint", "Вице-президент", "副社長"];
const LEVEL2_TITLES: &[&str] = &["Director", "Directrice", "Директор", "部長"];
const LOWER_TITLES: &[&str] = &["Head", "Manager", "Responsable", "Руководитель группы", "課長", "Team Lead"];
const EXTRA_ROOT_TITLES: &[&str] = &["Chair of the Board", "Présidente du conseil", "Председатель совета"];

const OTHER_KINDS: &[&str] = &["acquisition", "product", "strategy", "meeting", "reorganization", "founding"];
const OTHER_PHRASES: &[&str] = &[
    "annonce un nouveau produit",
    "меняет стратегию",
    "組織再編を発表",
    "opens an office in Zürich",
    "lance « Data Cloud »",
    "holds its \"all-hands\" meeting",
    "收购一家初创公司",
];
const DATE_TEXTS: &[&str] = &["un an plus tard", "весной", "年初", "quelques mois plus tard", "early that year"];
const PUBLISHERS: &[&str] = &["Le Monde", "Ведомости", "日本経済新聞", "CNBC", "Süddeutsche Zeitung", "El País"];
const SOURCE_TITLES: &[&str] =
    &["Rapport annuel", "Годовой отчёт", "Interview", "年次報告書", "Pressemitteilung", "Communiqué « exclusif »"];
const PERSON_NOTES: &[&str] =
    &["Née à Zürich.", "Родился в Санкт-Петербурге.", "東京出身。", "Cofondateur.", "Known as \"the fixer\"."];

/// (language, text, English translation or "" for none).
const QUOTES: &[(&str, &str, &str)] = &[
    ("fr", "Nous allons construire quelque chose de grand.", "We are going to build something great."),
    ("fr", "Le problème, c’est l’intégration de la culture.", "The problem is integrating the culture."),
    ("fr", "Il a dit « oui », puis \"non\".", "He said \"yes\", then \"no\"."),
    ("fr", "Le chemin est C:\\Slack\\GPT, pas ailleurs.", "The path is C:\\Slack\\GPT, nowhere else."),
    ("fr", "Première ligne.\nDeuxième ligne.", "First line.\nSecond line."),
    ("ru", "Мы строим что-то большое.", "We are building something big."),
    ("ru", "Это не интеграция в полном смысле слова.", "This is not an integration in the full sense."),
    ("ja", "私たちは大きなものを作ります。", "We will make something big."),
    ("zh", "我们要建设伟大的东西。", "We want to build great things."),
    ("de", "Wir bauen etwas Großes.", "We are building something big."),
    ("el", "Χτίζουμε κάτι μεγάλο.", ""),
    ("en", "There was no \"integration\" in the proper sense.", ""),
    ("en", "I am very excited to begin this new chapter.", ""),
];
const CONTEXTS: &[&str] = &["À la conférence annuelle.", "В интервью.", "記者会見で。", "On an earnings call."];

// --- The model the text is written from ----------------------------------

/// A name as indices into the tables; written out only when needed.
#[derive(Clone, Copy)]
struct Name {
    culture: u8,
    given: u8,
    family: u16,
}

/// How a drawn day is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Day,
    Month,
    Year,
    MonthApprox,
    DayUncertain,
    YearApprox,
    MonthBoth,
    MonthInterval,
    OpenStartYear,
}

/// A day (from the common era) and how to write it.
#[derive(Clone, Copy)]
struct When {
    day: i32,
    form: Form,
}

struct Org {
    stem: (u8, u8),
    suffix: u8,
    root: Option<u32>,
}

struct Role {
    org: u32,
    level: u32,
    dept: u8,
    variant: u8,
    extra_root: bool,
}

struct Tenure {
    person: u32,
    role: u32,
    start: Option<When>,
    end: Option<When>,
}

struct Event {
    when: When,
    first_person: u32,
}

fn pick_form(rng: &mut Rng) -> Form {
    match rng.below(100) {
        0..70 => Form::Day,
        70..85 => Form::Month,
        85..90 => Form::Year,
        90..94 => Form::MonthApprox,
        94..97 => Form::DayUncertain,
        97 => Form::YearApprox,
        98 => Form::MonthBoth,
        _ => Form::MonthInterval,
    }
}

fn ymd(day: i32) -> (i32, u32, u32) {
    let d = NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN);
    (d.year(), d.month(), d.day())
}

/// Writes `w` as a quoted EDTF string. Every form covers the drawn day.
fn write_when(out: &mut String, w: When) {
    let (y, m, d) = ymd(w.day);
    out.push('"');
    match w.form {
        Form::Day => w!(out, "{y:04}-{m:02}-{d:02}"),
        Form::Month => w!(out, "{y:04}-{m:02}"),
        Form::Year => w!(out, "{y:04}"),
        Form::MonthApprox => w!(out, "{y:04}-{m:02}~"),
        Form::DayUncertain => w!(out, "{y:04}-{m:02}-{d:02}?"),
        Form::YearApprox => w!(out, "{y:04}~"),
        Form::MonthBoth => w!(out, "{y:04}-{m:02}%"),
        Form::MonthInterval => {
            // A window of 41 days always spans at least two months.
            let (y0, m0, _) = ymd(w.day - 20);
            let (y1, m1, _) = ymd(w.day + 20);
            w!(out, "{y0:04}-{m0:02}/{y1:04}-{m1:02}");
        }
        Form::OpenStartYear => w!(out, "../{y:04}"),
    }
    out.push('"');
}

fn day_of(year: i32, month: u32, day: u32) -> i32 {
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, |d| d.num_days_from_ce())
}

/// Writes `s` as a RON string literal (the importer's escaping, with a
/// fast path for the plain text nearly every generated string is).
fn q(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&crate::import::writer::string(s));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

fn random_name(rng: &mut Rng) -> Name {
    let (culture, given, family) = match rng.below(100) {
        0..45 => (0, rng.below(LATIN_GIVEN.len()), rng.below(LATIN_FAMILY.len())),
        45..65 => {
            let s = SYLLABLE.len();
            (1, rng.below(LATIN_GIVEN.len()), rng.below(SYLLABLE_FIRST.len() * s * (s + 1)))
        }
        65..80 => (2, rng.below(CYRILLIC_GIVEN.len()), rng.below(CYRILLIC_FAMILY.len())),
        80..95 => (3, rng.below(CJK_GIVEN.len()), rng.below(CJK_FAMILY.len())),
        _ => (4, rng.below(GREEK_GIVEN.len()), rng.below(GREEK_FAMILY.len())),
    };
    Name { culture, given: given as u8, family: family as u16 }
}

fn write_family(out: &mut String, n: Name) {
    let f = usize::from(n.family);
    match n.culture {
        0 => out.push_str(LATIN_FAMILY[f]),
        1 => {
            // First syllable, second syllable, optional third (index 0 = none).
            let s = SYLLABLE.len();
            out.push_str(SYLLABLE_FIRST[f / (s * (s + 1))]);
            out.push_str(SYLLABLE[(f / (s + 1)) % s]);
            if let Some(third) = (f % (s + 1)).checked_sub(1) {
                out.push_str(SYLLABLE[third]);
            }
        }
        2 => out.push_str(CYRILLIC_FAMILY[f]),
        3 => out.push_str(CJK_FAMILY[f]),
        _ => out.push_str(GREEK_FAMILY[f]),
    }
}

fn write_name(out: &mut String, n: Name) {
    let g = usize::from(n.given);
    match n.culture {
        0 | 1 => out.push_str(LATIN_GIVEN[g]),
        2 => out.push_str(CYRILLIC_GIVEN[g]),
        3 => {
            // Family name first, no space.
            write_family(out, n);
            out.push_str(CJK_GIVEN[g]);
            return;
        }
        _ => out.push_str(GREEK_GIVEN[g]),
    }
    out.push(' ');
    write_family(out, n);
}

fn write_org_name(out: &mut String, o: &Org) {
    out.push_str(SYLLABLE_FIRST[usize::from(o.stem.0)]);
    out.push_str(SYLLABLE[usize::from(o.stem.1)]);
    out.push(' ');
    out.push_str(ORG_SUFFIX[usize::from(o.suffix)]);
}

fn write_role_title(out: &mut String, r: &Role) {
    let v = usize::from(r.variant);
    let dept = DEPTS[usize::from(r.dept)];
    if r.extra_root {
        out.push_str(EXTRA_ROOT_TITLES[v % EXTRA_ROOT_TITLES.len()]);
        return;
    }
    match r.level {
        0 => out.push_str(TOP_TITLES[v % TOP_TITLES.len()]),
        1 => w!(out, "{} — {dept}", LEVEL1_TITLES[v % LEVEL1_TITLES.len()]),
        2 => w!(out, "{} — {dept}", LEVEL2_TITLES[v % LEVEL2_TITLES.len()]),
        l => w!(out, "{} — {dept} ({l})", LOWER_TITLES[v % LOWER_TITLES.len()]),
    }
}

/// Shuffles `0..n` (Fisher–Yates).
fn permutation(n: usize, rng: &mut Rng) -> Vec<u32> {
    let mut v: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        v.swap(i, rng.below(i + 1));
    }
    v
}

/// Returns the RON text of a valid dataset with `people` people, the same
/// for the same arguments. See the module documentation for its shape.
pub fn generate(people: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let n = people;
    let n_orgs = n / 1000 + 1;
    let n_roles = n;
    let n_sources = n / 100 + 1;
    let n_events = n / 2;
    let n_quotes = n / 10;

    let mut out = String::with_capacity(4096 + n * 520);
    let mut buf = String::with_capacity(256);

    w!(
        out,
        "// Generated by orgline::generate ({n} people, seed {seed}): deterministic, synthetic.\n(\n    title: \"Generated dataset: {n} people, seed {seed}\",\n    as_of: \"2025\",\n\n"
    );

    // Sources.
    out.push_str("    sources: [\n");
    for i in 0..n_sources {
        w!(out, "        (id: \"s{i}\", title: ");
        buf.clear();
        w!(buf, "{} {}", rng.pick(SOURCE_TITLES), i);
        q(&mut out, &buf);
        out.push_str(", publisher: ");
        q(&mut out, rng.pick(PUBLISHERS));
        out.push_str(", date: ");
        let year = FIRST_YEAR + rng.below(30) as i32;
        write_when(&mut out, When { day: day_of(year, 1 + rng.below(12) as u32, 1), form: Form::Month });
        let (lang, _, _) = QUOTES[rng.below(QUOTES.len())];
        w!(out, ", language: \"{lang}\", url: \"https://example.org/sources/{i}\"");
        if i > 0 && rng.percent(10) {
            w!(out, ", via: \"s{}\"", rng.below(i));
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n\n");

    // Orgs: a subsidiary's parent comes earlier, nesting at most two deep.
    let mut orgs: Vec<Org> = Vec::with_capacity(n_orgs);
    let mut nesting = vec![0u8; n_orgs];
    let mut parents: Vec<Option<u32>> = vec![None; n_orgs];
    out.push_str("    orgs: [\n");
    for o in 0..n_orgs {
        let org = Org {
            stem: (rng.below(SYLLABLE_FIRST.len()) as u8, rng.below(SYLLABLE.len()) as u8),
            suffix: rng.below(ORG_SUFFIX.len()) as u8,
            root: None,
        };
        w!(out, "        (id: \"o{o}\", name: ");
        buf.clear();
        write_org_name(&mut buf, &org);
        q(&mut out, &buf);
        if o > 0 && rng.percent(40) {
            let p = rng.below(o);
            if nesting[p] < 2 {
                nesting[o] = nesting[p] + 1;
                parents[o] = Some(p as u32);
                w!(out, ", parent: \"o{p}\"");
                if rng.percent(70) {
                    out.push_str(", parent_since: ");
                    let year = FIRST_YEAR + 1 + rng.below(25) as i32;
                    let form = if rng.percent(70) { Form::Year } else { Form::Month };
                    write_when(&mut out, When { day: day_of(year, 1 + rng.below(12) as u32, 1), form });
                }
            }
        }
        if rng.percent(25) {
            out.push_str(", founded: ");
            let year = 1970 + rng.below(FIRST_YEAR as usize - 1970) as i32;
            let form = if rng.percent(80) { Form::Year } else { Form::YearApprox };
            write_when(&mut out, When { day: day_of(year, 6, 1), form });
        }
        out.push_str("),\n");
        orgs.push(org);
    }
    out.push_str("    ],\n\n");

    // Roles: each org a contiguous block whose first role is its root; every
    // other role reports to an earlier one in the block, never deeper than
    // MAX_LEVELS.
    let mut roles: Vec<Role> = Vec::with_capacity(n_roles);
    let mut reports: Vec<Option<u32>> = Vec::with_capacity(n_roles);
    let mut dotted: Vec<Option<u32>> = Vec::with_capacity(n_roles);
    for o in 0..n_orgs {
        let (a, b) = (o * n_roles / n_orgs, (o + 1) * n_roles / n_orgs);
        for j in 0..b - a {
            let i = a + j;
            let (up, extra_root) = if j == 0 {
                orgs[o].root = Some(i as u32);
                (parents[o].and_then(|p| orgs[p as usize].root), false)
            } else if rng.percent(1) {
                (None, true)
            } else {
                let (lo, hi) = ((j - 1) / 3, (j - 1) * 2 / 3);
                let mut p = a + lo + rng.below(hi - lo + 1);
                while roles[p].level + 1 >= MAX_LEVELS {
                    p = reports[p].map_or(a, |x| x as usize);
                }
                (Some(p as u32), false)
            };
            let level = up.map_or(0, |p| roles[p as usize].level + 1);
            roles.push(Role {
                org: o as u32,
                level,
                dept: rng.below(DEPTS.len()) as u8,
                variant: rng.below(12) as u8,
                extra_root,
            });
            reports.push(up);
            dotted.push((i > 1 && rng.percent(2)).then(|| rng.below(i) as u32).filter(|&d| Some(d) != up));
        }
    }

    // People and their tenures.
    let era_start = |era: usize| day_of(FIRST_YEAR + ERA_YEARS * era as i32, 1, 1);
    let (base, story_days) = (era_start(0), (era_start(ERAS) - era_start(0)) as usize);
    let perms: Vec<Vec<u32>> = (0..ERAS).map(|_| permutation(n_roles, &mut rng)).collect();
    let mut used = [0usize; ERAS];
    let mut names: Vec<Name> = Vec::with_capacity(n);
    let mut tenures: Vec<Tenure> = Vec::with_capacity(n * 2 + 16);
    out.push_str("    people: [\n");
    for p in 0..n {
        let name = random_name(&mut rng);
        names.push(name);
        w!(out, "        (id: \"p{p}\", name: ");
        buf.clear();
        write_name(&mut buf, name);
        q(&mut out, &buf);
        if rng.percent(20) {
            out.push_str(", aliases: [");
            buf.clear();
            write_family(&mut buf, name);
            q(&mut out, &buf);
            out.push(']');
        }
        if rng.percent(5) {
            out.push_str(", note: ");
            q(&mut out, rng.pick(PERSON_NOTES));
        }
        out.push_str("),\n");

        let k = 1 + rng.below(ERAS);
        let first = rng.below(ERAS - k + 1);
        for (era, perm) in perms.iter().enumerate().skip(first).take(k) {
            // At most one person per era per role: there are as many roles as people.
            let role = perm[used[era]];
            used[era] += 1;
            // Within the era's years, so that even a year-precision end
            // stays before the next era's first day.
            let (first_day, next_era) = (era_start(era), era_start(era + 1));
            let start_day = first_day + rng.below(1000) as i32;
            let room = (next_era - 50 - start_day - 200) as usize;
            let end_day = start_day + 200 + rng.below(room) as i32;
            let start = if era == 0 && rng.percent(3) {
                rng.percent(50).then_some(When { day: start_day, form: Form::OpenStartYear })
            } else {
                Some(When { day: start_day, form: pick_form(&mut rng) })
            };
            let end = if era == ERAS - 1 && rng.percent(35) {
                None
            } else {
                Some(When { day: end_day, form: pick_form(&mut rng) })
            };
            tenures.push(Tenure { person: p as u32, role, start, end });
        }
    }
    out.push_str("    ],\n\n");

    out.push_str("    roles: [\n");
    for (i, r) in roles.iter().enumerate() {
        w!(out, "        (id: \"r{i}\", org: \"o{}\", title: ", r.org);
        buf.clear();
        write_role_title(&mut buf, r);
        q(&mut out, &buf);
        if let Some(up) = reports[i] {
            w!(out, ", reports_to: \"r{up}\"");
        }
        if let Some(d) = dotted[i] {
            w!(out, ", dotted_to: [\"r{d}\"]");
        }
        if rng.percent(2) {
            out.push_str(", start: ");
            write_when(&mut out, When { day: day_of(1990, 1, 1), form: Form::Year });
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n\n");

    out.push_str("    tenures: [\n");
    for t in &tenures {
        w!(out, "        (person: \"p{}\", role: \"r{}\"", t.person, t.role);
        if let Some(s) = t.start {
            out.push_str(", start: ");
            write_when(&mut out, s);
        }
        if let Some(e) = t.end {
            out.push_str(", end: ");
            write_when(&mut out, e);
        }
        if rng.percent(4) {
            out.push_str(", acting: true");
        }
        match rng.below(10) {
            0 => {}
            1 => {
                let a = rng.below(n_sources);
                let b = (a + 1 + rng.below(n_sources)) % n_sources;
                if a == b {
                    w!(out, ", sources: [\"s{a}\"]");
                } else {
                    w!(out, ", sources: [\"s{a}\", \"s{b}\"]");
                }
            }
            _ => w!(out, ", sources: [\"s{}\"]", rng.below(n_sources)),
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n\n");

    // Events: appointments at tenure starts, departures at tenure ends,
    // and other news at random dates.
    let mut events: Vec<Event> = Vec::with_capacity(n_events);
    out.push_str("    events: [\n");
    for e in 0..n_events {
        let t = &tenures[rng.below(tenures.len())];
        let r = &roles[t.role as usize];
        let roll = rng.below(100);
        let (when, kind, org, first) = match (roll, t.start, t.end) {
            (0..40, Some(s), _) if s.form != Form::OpenStartYear => (s, "appointment", r.org, t.person),
            (40..60, _, Some(end)) => (end, "departure", r.org, t.person),
            _ => {
                let day = base + rng.below(story_days) as i32;
                let kind = rng.pick(OTHER_KINDS);
                (When { day, form: pick_form(&mut rng) }, kind, rng.below(n_orgs) as u32, rng.below(n) as u32)
            }
        };
        w!(out, "        (id: \"e{e}\", date: ");
        write_when(&mut out, when);
        if rng.percent(10) {
            out.push_str(", date_text: ");
            q(&mut out, rng.pick(DATE_TEXTS));
        }
        out.push_str(", title: ");
        buf.clear();
        match kind {
            "appointment" => {
                write_name(&mut buf, names[first as usize]);
                buf.push_str(" becomes ");
                write_role_title(&mut buf, r);
            }
            "departure" => {
                write_name(&mut buf, names[first as usize]);
                buf.push_str(" leaves as ");
                write_role_title(&mut buf, r);
            }
            _ => {
                write_org_name(&mut buf, &orgs[org as usize]);
                buf.push(' ');
                buf.push_str(rng.pick(OTHER_PHRASES));
            }
        }
        q(&mut out, &buf);
        w!(out, ", kind: \"{kind}\", people: [\"p{first}\"");
        let mut others = [first; 2];
        for k in 0..rng.below(3) {
            let p = rng.below(n) as u32;
            if p != first && !others[..k].contains(&p) {
                others[k] = p;
                w!(out, ", \"p{p}\"");
            }
        }
        w!(out, "], orgs: [\"o{org}\"], sources: [\"s{}\"]),\n", rng.below(n_sources));
        events.push(Event { when, first_person: first });
    }
    out.push_str("    ],\n\n");

    // Quotes: some at an event (by one of its people, dated as it is).
    out.push_str("    quotes: [\n");
    for i in 0..n_quotes {
        let (lang, text, translation) = QUOTES[rng.below(QUOTES.len())];
        let event = (!events.is_empty() && rng.percent(40)).then(|| rng.below(events.len()));
        let speaker = event.map_or_else(|| rng.below(n) as u32, |e| events[e].first_person);
        w!(out, "        (id: \"q{i}\", speaker: \"p{speaker}\", text: ");
        q(&mut out, text);
        let date = match event {
            Some(e) => Some(events[e].when),
            None if rng.percent(85) => {
                let day = base + rng.below(story_days) as i32;
                Some(When { day, form: pick_form(&mut rng) })
            }
            None => None,
        };
        if let Some(d) = date {
            out.push_str(", date: ");
            write_when(&mut out, d);
        }
        if rng.percent(30) {
            out.push_str(", context: ");
            q(&mut out, rng.pick(CONTEXTS));
        }
        if let Some(e) = event {
            w!(out, ", event: \"e{e}\"");
        }
        w!(out, ", source: \"s{}\", language: \"{lang}\"", rng.below(n_sources));
        if !translation.is_empty() && rng.percent(70) {
            out.push_str(", translation: ");
            q(&mut out, translation);
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, load_str};

    fn load(people: usize, seed: u64) -> Dataset {
        let text = generate(people, seed);
        match load_str(&text) {
            Ok(l) => {
                assert!(
                    l.warnings.is_empty(),
                    "warnings at {people} people: {:?}",
                    &l.warnings[..l.warnings.len().min(5)]
                );
                l.dataset
            }
            Err(d) => panic!("errors at {people} people: {:?}", &d[..d.len().min(5)]),
        }
    }

    /// The number of roles in the longest `reports_to` chain.
    fn max_levels(ds: &Dataset) -> u32 {
        let mut level = vec![0u32; ds.roles.len()];
        // Superiors come earlier in the file, so one pass suffices; check it.
        for (i, r) in ds.roles.iter().enumerate() {
            level[i] = match r.reports_to {
                Some(up) => {
                    assert!(up.ix() < i, "role {i} reports to a later role");
                    level[up.ix()] + 1
                }
                None => 1,
            };
        }
        level.into_iter().max().unwrap_or(0)
    }

    #[test]
    fn deterministic() {
        assert_eq!(generate(500, 7), generate(500, 7));
        assert_ne!(generate(500, 7), generate(500, 8));
    }

    #[test]
    fn loads_without_problems() {
        for people in [0, 1, 2, 10, 1000] {
            for seed in [1, 2, 3] {
                load(people, seed);
            }
        }
    }

    #[test]
    fn counts_and_shape() {
        let n = 10_000;
        let ds = load(n, 1);
        assert_eq!(ds.people.len(), n);
        assert_eq!(ds.roles.len(), n);
        assert_eq!(ds.orgs.len(), n / 1000 + 1);
        assert_eq!(ds.sources.len(), n / 100 + 1);
        assert_eq!(ds.events.len(), n / 2);
        assert_eq!(ds.quotes.len(), n / 10);
        // One to three per person, two on average.
        assert!((n * 19 / 10..n * 21 / 10).contains(&ds.tenures.len()), "{} tenures", ds.tenures.len());
        let mut per_person = vec![0; n];
        for t in &ds.tenures {
            per_person[t.person.ix()] += 1;
        }
        assert!(per_person.iter().all(|&c| (1..=3).contains(&c)));

        assert!(ds.orgs.iter().any(|o| o.parent.is_some() && o.parent_since.is_some()));
        assert!(ds.orgs.iter().any(|o| o.founded.is_some()));
        assert!(ds.roles.iter().any(|r| !r.dotted_to.is_empty()));
        assert!(ds.tenures.iter().any(|t| t.acting));
        assert!(ds.tenures.iter().any(|t| t.end.is_none()));
        assert!(ds.tenures.iter().any(|t| t.start.is_none()));
        let dates: Vec<&str> =
            ds.tenures.iter().flat_map(|t| [t.start.as_ref(), t.end.as_ref()]).flatten().map(|d| d.as_str()).collect();
        for suffix in ['~', '?', '%'] {
            assert!(dates.iter().any(|d| d.ends_with(suffix)), "no date ending in {suffix}");
        }
        assert!(dates.iter().any(|d| d.len() == 4), "no year-only date");
        assert!(dates.iter().any(|d| d.len() == 7), "no month-only date");
        assert!(ds.quotes.iter().any(|q| q.event.is_some() && q.translation.is_some()));
        assert!(ds.events.iter().all(|e| (1..=3).contains(&e.people.len()) && e.orgs.len() == 1));

        let names: String = ds.people.iter().map(|p| p.name.as_str()).collect();
        assert!(names.chars().any(|c| matches!(c, 'à'..='ÿ')), "no accented Latin");
        assert!(names.chars().any(|c| matches!(c, 'А'..='я')), "no Cyrillic");
        assert!(names.chars().any(|c| matches!(c, '\u{4e00}'..='\u{9fff}')), "no CJK");
        assert!(ds.quotes.iter().any(|q| q.text.contains('"') || q.text.contains('\\')));
    }

    #[test]
    fn reporting_depth_is_bounded() {
        for (n, seed) in [(1000, 1), (10_000, 2), (30_000, 3)] {
            let ds = load(n, seed);
            let levels = max_levels(&ds);
            assert!((2..=MAX_LEVELS).contains(&levels), "{levels} levels at {n} people");
        }
    }

    #[test]
    fn one_holder_at_a_time() {
        let ds = load(3000, 5);
        let mut by_role: Vec<Vec<(chrono::NaiveDate, chrono::NaiveDate)>> = vec![Vec::new(); ds.roles.len()];
        for t in &ds.tenures {
            let s = t.start.as_ref().map_or(chrono::NaiveDate::MIN, |d| d.span().earliest);
            let e = t.end.as_ref().map_or(chrono::NaiveDate::MAX, |d| d.span().latest);
            by_role[t.role.ix()].push((s, e));
        }
        for spans in &mut by_role {
            spans.sort();
            assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{spans:?}");
        }
    }
}
