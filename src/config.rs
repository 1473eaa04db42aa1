//! The user's configuration: `config.ron` with a theme, style overrides,
//! key rebindings, the colour choice and the mouse default.
//!
//! Where it is read from, first found wins: `--config FILE`, then
//! `$ORGLINE_CONFIG`, then `$XDG_CONFIG_HOME/orgline/config.ron`, then
//! `~/.config/orgline/config.ron` (also on macOS, as terminal tools do).
//! A file named by the flag or the variable must exist; the default one may
//! be absent. Whatever is wrong in it is reported with `file:line:col` and
//! stops the explorer: a configuration is never silently half-applied.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::Action;
use crate::app::keymap::{Context, Key, Keymap};
use crate::model::diagnostic::{Diagnostic, Pos};
use crate::model::load::{lowercase_first, ron_options};
use crate::ui::{STYLE_NAMES, THEME_NAMES, Theme, parse_style, without_colour};

/// The variable naming a configuration file.
pub const CONFIG_VAR: &str = "ORGLINE_CONFIG";

/// Whether to draw in colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour unless `NO_COLOR` is set (non-empty) or `TERM` is `dumb`.
    #[default]
    Auto,
    /// Colour even when `NO_COLOR` is set.
    Always,
    /// No colour: the monochrome theme, selection by reverse video.
    Never,
}

impl ColorChoice {
    fn parse(s: &str) -> Option<ColorChoice> {
        match s {
            "auto" => Some(ColorChoice::Auto),
            "always" => Some(ColorChoice::Always),
            "never" => Some(ColorChoice::Never),
            _ => None,
        }
    }

    /// Whether to use colour, `env` giving the environment.
    pub fn use_colour(self, env: impl Fn(&str) -> Option<OsString>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = env("TERM").is_some_and(|v| v == "dumb");
                !no_color && !dumb
            }
        }
    }
}

/// Where the configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--config FILE`.
    Flag,
    /// `$ORGLINE_CONFIG`.
    Env,
    /// The default place in the user's config directory.
    Default,
}

impl Origin {
    /// How `orgline info` says it.
    pub fn describe(&self) -> &'static str {
        match self {
            Origin::Flag => "from --config",
            Origin::Env => "from $ORGLINE_CONFIG",
            Origin::Default => "default place",
        }
    }
}

/// The configuration file to read: from the flag, the variable, or the
/// default place (`None` when there is no home to put it in).
pub fn config_path(flag: Option<&Path>, env: impl Fn(&str) -> Option<OsString>) -> Option<(PathBuf, Origin)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), Origin::Flag));
    }
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = var(CONFIG_VAR) {
        return Some((p, Origin::Env));
    }
    config_dir(&env).map(|d| (d.join("config.ron"), Origin::Default))
}

/// The user's orgline configuration directory.
pub fn config_dir(env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(xdg) = var("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Some(xdg.join("orgline"));
    }
    var("HOME").filter(|p| p.is_absolute()).map(|h| h.join(".config").join("orgline"))
}

/// A configuration, read and checked.
#[derive(Clone, Debug)]
pub struct Config {
    /// The theme's name (`dark` when not given).
    pub theme_name: String,
    /// The base theme with the user's style overrides.
    pub theme: Theme,
    /// The user's overrides, by style name, to apply again without colour.
    overrides: Vec<(String, ratatui::style::Style)>,
    /// The keys in force.
    pub keymap: Keymap,
    /// The colour choice in the file (`None`: not given).
    pub color: Option<ColorChoice>,
    /// The mouse default (`None`: not given).
    pub mouse: Option<bool>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme_name: "dark".into(),
            theme: Theme::DARK,
            overrides: Vec::new(),
            keymap: Keymap::default(),
            color: None,
            mouse: None,
        }
    }
}

impl Config {
    /// The theme to draw with: the configured one, or without colour the
    /// monochrome theme with the user's overrides stripped of colour.
    pub fn theme_for(&self, colour: bool) -> Theme {
        if colour {
            return self.theme;
        }
        let mut theme = Theme::MONO;
        for (name, style) in &self.overrides {
            if let Some(s) = theme.style_mut(name) {
                *s = without_colour(*style);
            }
        }
        theme
    }
}

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    color: Option<String>,
    #[serde(default)]
    mouse: Option<bool>,
    #[serde(default)]
    styles: BTreeMap<String, String>,
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

/// Reads a configuration file's text. Every problem is a diagnostic with
/// its place; the first error stops nothing else from being reported.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawConfig = if text.trim().is_empty() || only_comments(text) {
        RawConfig::default()
    } else {
        ron_options().from_str(text).map_err(|e| {
            let pos = Pos::new(e.span.start.line as u32, e.span.start.col as u32);
            vec![Diagnostic::error(Some(pos), lowercase_first(&e.code.to_string()))]
        })?
    };
    let mut diags = Vec::new();
    let mut config = Config::default();
    if let Some(name) = &raw.theme {
        match Theme::named(name) {
            Some(t) => {
                config.theme = t;
                config.theme_name = name.clone();
            }
            None => diags.push(Diagnostic::error(
                locate(text, "theme", None),
                format!("no theme `{name}`; the themes are {}", list(THEME_NAMES)),
            )),
        }
    }
    if let Some(c) = &raw.color {
        match ColorChoice::parse(c) {
            Some(choice) => config.color = Some(choice),
            None => diags.push(Diagnostic::error(
                locate(text, "color", None),
                format!("color `{c}`: expected \"auto\", \"always\" or \"never\""),
            )),
        }
    }
    config.mouse = raw.mouse;
    for (name, spec) in &raw.styles {
        let pos = locate(text, "styles", Some(name));
        let Some(slot) = config.theme.style_mut(name) else {
            let names: Vec<&str> = STYLE_NAMES.iter().map(|(n, _)| *n).collect();
            diags.push(Diagnostic::error(pos, format!("no style `{name}`; the styles are {}", list(&names))));
            continue;
        };
        match parse_style(spec) {
            Ok(style) => {
                *slot = style;
                config.overrides.push((name.clone(), style));
            }
            Err(e) => diags.push(Diagnostic::error(
                locate_value(text, "styles", name, spec).or(pos),
                format!("style `{name}`: {e}"),
            )),
        }
    }
    let mut changed = Vec::new();
    for (name, keys) in &raw.keys {
        let pos = locate(text, "keys", Some(name));
        let (context, action_name) = match name.split_once('.') {
            Some((c, a)) => match Context::from_name(c) {
                Some(ctx) => (Some(ctx), a),
                None => {
                    let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                    diags.push(Diagnostic::error(
                        pos,
                        format!("`{name}`: no context `{c}`; the contexts are {}", list(&names)),
                    ));
                    continue;
                }
            },
            None => (None, name.as_str()),
        };
        let Some(action) = Action::from_name(action_name) else {
            let hint = closest_action(action_name).map(|a| format!("; did you mean `{a}`?")).unwrap_or_default();
            diags.push(Diagnostic::error(
                pos,
                format!("no action `{action_name}`{hint} (`orgline info --keys` lists them)"),
            ));
            continue;
        };
        let mut parsed = Vec::new();
        for k in keys {
            match Key::parse(k) {
                Ok(key) => parsed.push(key),
                Err(e) => diags.push(Diagnostic::error(locate_value(text, "keys", name, k).or(pos), e)),
            }
        }
        match config.keymap.rebind(context, action, &parsed) {
            Ok(()) => {
                let contexts: Vec<Context> = match context {
                    Some(c) => vec![c],
                    None => Context::ALL.to_vec(),
                };
                changed.extend(contexts.into_iter().map(|c| (c, action)));
            }
            Err(e) => diags.push(Diagnostic::error(pos, e)),
        }
    }
    if diags.is_empty()
        && let Some(problem) = config.keymap.conflict(&changed)
    {
        diags.push(Diagnostic::error(locate(text, "keys", None), problem));
    }
    if diags.is_empty() { Ok(config) } else { Err(diags) }
}

/// Reads the configuration at `path`. `required` (named by the flag or the
/// variable): a missing file is an error; otherwise it means the defaults.
pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Config::default()),
        Err(e) => return Err(ConfigError::Unreadable(format!("cannot read configuration {}: {e}", path.display()))),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid);
            return Err(ConfigError::Invalid {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                diags: vec![Diagnostic::error(
                    Some(Pos::of_offset(&prefix, prefix.len())),
                    "the configuration is not valid UTF-8",
                )],
            });
        }
    };
    parse(&text).map_err(|diags| ConfigError::Invalid { text, diags })
}

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// It could not be read.
    Unreadable(String),
    /// It is wrong: its text and what is wrong in it.
    Invalid {
        /// The file's text.
        text: String,
        /// The problems.
        diags: Vec<Diagnostic>,
    },
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn closest_action(name: &str) -> Option<&'static str> {
    crate::app::keymap::ACTION_NAMES
        .iter()
        .map(|(_, n)| (crate::model::load::strsim_distance(name, n), *n))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| n)
}

fn only_comments(text: &str) -> bool {
    let mut s = Scan::new(text);
    s.skip_trivia();
    s.at >= text.len()
}

/// Where a field of the top-level struct sits (`field`), or a string key
/// of the map in it (`key`): the position of its first token.
fn locate(text: &str, field: &str, key: Option<&str>) -> Option<Pos> {
    let (at, _) = find_field(text, field)?;
    match key {
        None => Some(Pos::of_offset(text, at)),
        Some(k) => find_literal(text, k, at).map(|o| Pos::of_offset(text, o)).or(Some(Pos::of_offset(text, at))),
    }
}

/// Where the string `value` is written in the list of `key` in `field`.
fn locate_value(text: &str, field: &str, key: &str, value: &str) -> Option<Pos> {
    let (at, _) = find_field(text, field)?;
    let k = find_literal(text, key, at)?;
    find_literal(text, value, k + key.len() + 2).map(|o| Pos::of_offset(text, o))
}

/// The offset of the identifier `field` followed by `:` outside strings and
/// comments.
fn find_field(text: &str, field: &str) -> Option<(usize, ())> {
    let mut s = Scan::new(text);
    loop {
        s.skip_trivia();
        if s.at >= text.len() {
            return None;
        }
        let rest = &text[s.at..];
        if rest.starts_with('"') {
            s.skip_string();
            continue;
        }
        if rest.starts_with(field)
            && !rest[field.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            && (s.at == 0 || !text[..s.at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
            && rest[field.len()..].trim_start().starts_with(':')
        {
            return Some((s.at, ()));
        }
        s.at += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// The offset of the string literal `"lit"` at or after `from`, outside comments.
fn find_literal(text: &str, lit: &str, from: usize) -> Option<usize> {
    let mut s = Scan::new(text);
    s.at = from.min(text.len());
    while !text.is_char_boundary(s.at) {
        s.at += 1;
    }
    loop {
        s.skip_trivia();
        if s.at >= text.len() {
            return None;
        }
        if text[s.at..].starts_with('"') {
            let start = s.at;
            s.skip_string();
            // Only a closed string is compared (its end is a quote, one byte).
            let closed = s.at > start + 1 && text.as_bytes().get(s.at - 1) == Some(&b'"');
            if closed && text.get(start + 1..s.at - 1) == Some(lit) {
                return Some(start);
            }
            continue;
        }
        s.at += text[s.at..].chars().next().map_or(1, char::len_utf8);
    }
}

/// A cursor over RON text that knows comments and strings.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan { text, at: 0 }
    }
    fn skip_trivia(&mut self) {
        loop {
            let rest = &self.text[self.at..];
            let trimmed = rest.trim_start();
            self.at += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.at += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                self.at += body.find("*/").map_or(trimmed.len(), |e| e + 4);
            } else {
                return;
            }
        }
    }
    /// At a `"`: past the closing quote (or the end).
    fn skip_string(&mut self) {
        let bytes = self.text.as_bytes();
        let mut i = self.at + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    self.at = i + 1;
                    return;
                }
                _ => i += 1,
            }
        }
        self.at = bytes.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Code;
    use ratatui::style::{Color, Modifier};

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .expect_err("should fail")
            .iter()
            .map(|d| match d.pos {
                Some(p) => format!("{}:{}: {}", p.line, p.col, d.message),
                None => d.message.clone(),
            })
            .collect()
    }

    #[test]
    fn the_flag_then_the_variable_then_xdg_then_home() {
        let flag = Path::new("/f.ron");
        assert_eq!(config_path(Some(flag), env(&[(CONFIG_VAR, "/e.ron")])), Some((flag.into(), Origin::Flag)));
        assert_eq!(
            config_path(None, env(&[(CONFIG_VAR, "/e.ron"), ("HOME", "/h")])),
            Some(("/e.ron".into(), Origin::Env))
        );
        assert_eq!(
            config_path(None, env(&[(CONFIG_VAR, ""), ("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])),
            Some(("/x/orgline/config.ron".into(), Origin::Default))
        );
        assert_eq!(
            config_path(None, env(&[("XDG_CONFIG_HOME", "rel"), ("HOME", "/h")])),
            Some(("/h/.config/orgline/config.ron".into(), Origin::Default))
        );
        assert_eq!(config_path(None, env(&[])), None);
    }

    #[test]
    fn no_color_and_dumb_terminals_turn_colour_off_unless_forced() {
        assert!(ColorChoice::Auto.use_colour(env(&[("TERM", "xterm")])));
        assert!(!ColorChoice::Auto.use_colour(env(&[("NO_COLOR", "1")])));
        assert!(ColorChoice::Auto.use_colour(env(&[("NO_COLOR", "")])), "an empty NO_COLOR does not count");
        assert!(!ColorChoice::Auto.use_colour(env(&[("TERM", "dumb")])));
        assert!(ColorChoice::Always.use_colour(env(&[("NO_COLOR", "1"), ("TERM", "dumb")])));
        assert!(!ColorChoice::Never.use_colour(env(&[])));
    }

    #[test]
    fn an_empty_or_commented_file_is_the_defaults() {
        for text in ["", "  \n", "// nothing yet\n", "()", "\u{feff}()"] {
            let c = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(c.theme, Theme::DARK);
            assert_eq!(c.keymap.bindings().len(), Keymap::default().bindings().len());
        }
    }

    #[test]
    fn a_full_configuration_applies() {
        let c = parse(
            r#"// mine
            (
                theme: "light",
                color: "never",
                mouse: true,
                styles: { "selected": "bold black on #ffcc00", "vacant": "red crossed_out" },
                keys: { "quit": ["Ctrl-q"], "chart.collapse": ["Left", "a"], "search.down": ["Ctrl-j"] },
            )"#,
        )
        .expect("valid");
        assert_eq!(c.theme_name, "light");
        assert_eq!(c.color, Some(ColorChoice::Never));
        assert_eq!(c.mouse, Some(true));
        assert_eq!(c.theme.selected.bg, Some(Color::Rgb(0xff, 0xcc, 0)));
        assert_eq!(c.theme.holder, Theme::LIGHT.holder);
        let km = &c.keymap;
        assert_eq!(km.lookup(&[Context::Global], Key::ctrl('q')), Some(Action::Quit));
        assert_eq!(km.lookup(&[Context::Global], Key::ch('q')), None, "q no longer quits");
        assert_eq!(km.lookup(&[Context::Global], Key::ctrl('c')), Some(Action::Quit), "Ctrl-c always quits");
        assert_eq!(km.lookup(&[Context::Chart], Key::ch('a')), Some(Action::Collapse));
        assert_eq!(km.lookup(&[Context::Chart], Key::ch('h')), None);
        assert_eq!(km.lookup(&[Context::Search], Key::ctrl('j')), Some(Action::Down));
        assert_eq!(km.lookup(&[Context::Search], Key::plain(Code::Down)), None);
        // Help and hints show the new keys.
        let help = km.help_rows(Context::Global);
        assert!(help.iter().any(|(k, d)| k == "Ctrl-q Ctrl-c" || (k.contains("Ctrl-q") && d.contains("quit"))));
        assert!(km.hints(&[Context::Global]).iter().any(|(k, h)| k == "Ctrl-q" && *h == "quit"));
        // Without colour: the monochrome theme, the user's modifiers kept.
        let mono = c.theme_for(false);
        assert!(mono.is_monochrome());
        assert!(mono.selected.add_modifier.contains(Modifier::BOLD));
        assert!(mono.vacant.add_modifier.contains(Modifier::CROSSED_OUT));
    }

    #[test]
    fn a_key_that_would_hide_another_action_is_refused() {
        // `n` is next_match everywhere; as down in the panes, cards and help
        // it would hide it.
        let e = errors(r#"(keys: { "down": ["n"] })"#);
        assert!(e[0].contains("would hide `next_match`"), "{e:?}");
        // Moving next_match elsewhere first makes it fine; the search box
        // keeps its own down.
        let c = parse(r#"(keys: { "down": ["n"], "next_match": ["Ctrl-n"] })"#).expect("valid");
        assert_eq!(c.keymap.lookup(&[Context::Chart, Context::Panes], Key::ch('n')), Some(Action::Down));
        assert_eq!(
            c.keymap.lookup(&[Context::Chart, Context::Panes, Context::Global], Key::ctrl('n')),
            Some(Action::NextMatch)
        );
        assert_eq!(c.keymap.lookup(&[Context::Search], Key::plain(Code::Down)), Some(Action::Down));
    }

    #[test]
    fn mistakes_are_reported_where_they_are() {
        assert_eq!(errors("(\n  theme: \"solarized\",\n)")[0].split(": ").next(), Some("2:3"));
        assert!(errors("(theme: \"solarized\")")[0].contains("`dark`, `light`, `high-contrast`, `mono`"));
        let e = errors("(\n  styles: {\n    \"vacnt\": \"red\",\n  },\n)");
        assert!(e[0].starts_with("3:5: no style `vacnt`"), "{e:?}");
        let e = errors("(styles: { \"vacant\": \"bold purplish\" })");
        assert!(e[0].contains("`purplish`"), "{e:?}");
        let e = errors("(\n keys: {\n  \"qiut\": [\"x\"],\n },\n)");
        assert!(e[0].starts_with("3:3: no action `qiut`; did you mean `quit`?"), "{e:?}");
        let e = errors("(keys: { \"quit\": [\"Ctrl-\"] , \"up\": [\"Hyper-k\"] })");
        assert!(e.iter().any(|m| m.contains("`Hyper-k` is not a key")), "{e:?}");
        let e = errors("(keys: { \"nowhere.quit\": [\"x\"] })");
        assert!(e[0].contains("no context `nowhere`"), "{e:?}");
        let e = errors("(keys: { \"timeline.collapse\": [\"x\"] })");
        assert!(e[0].contains("it can be bound in: chart"), "{e:?}");
        let e = errors("(keys: { \"search.down\": [\"j\"] })");
        assert!(e[0].contains("letters are typed there"), "{e:?}");
        let e = errors("(keys: { \"quit\": [\"j\"] })");
        assert!(e[0].contains("would never fire") && e[0].contains("`down`"), "{e:?}");
        let e = errors("(keys: { \"chart.collapse\": [\"l\"] })");
        assert!(e[0].contains("bound twice in `chart`"), "{e:?}");
        let e = errors("(colour: \"never\")");
        assert!(e[0].starts_with("1:2:"), "{e:?}");
        assert!(e[0].contains("colour"), "{e:?}");
        let e = errors("(theme: \"dark\"");
        assert!(!e.is_empty());
        let e = errors("(color: \"sometimes\")");
        assert!(e[0].contains("\"auto\", \"always\" or \"never\""), "{e:?}");
    }

    #[test]
    fn comments_and_strings_do_not_mislead_the_locator() {
        let text = "// theme: \"x\"\n(\n  /* keys: */ styles: { \"dim\": \"theme:\" },\n  theme: \"nope\",\n)";
        assert_eq!(locate(text, "theme", None), Some(Pos::new(4, 3)));
        assert_eq!(locate(text, "styles", Some("dim")), Some(Pos::new(3, 25)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever the text, reading it answers a configuration or
        /// diagnostics, and every lookup of a place stays in bounds.
        #[test]
        fn any_text_is_read_without_panicking(text in "[(){}\\[\\]\":,a-z_. é\\\\/*\n-]{0,80}") {
            let _ = parse(&text);
            for f in ["theme", "keys", "styles"] {
                let _ = locate(&text, f, Some("quit"));
                let _ = locate_value(&text, f, "quit", "é");
            }
            let _ = find_literal(&text, "é", 1);
        }

        #[test]
        fn a_valid_configuration_with_any_key_names_is_read_without_panicking(
            name in "[a-z_.]{0,20}",
            key in "\\PC{0,6}",
        ) {
            let text = format!("(keys: {{ {name:?}: [{key:?}] }}, styles: {{ {name:?}: {key:?} }})");
            let _ = parse(&text);
        }
    }

    #[test]
    fn the_hint_moves_to_the_first_new_key_and_repeats_are_dropped() {
        let c = parse(r#"(keys: { "down": ["Ctrl-j", "Ctrl-j", "Down"] })"#).expect("valid");
        let hints = c.keymap.hints(&[Context::Chart, Context::Panes, Context::Global]);
        assert!(hints.iter().any(|(k, h)| k == "Ctrl-j" && *h == "move"), "{hints:?}");
        let rows = c.keymap.help_rows(Context::Panes);
        assert!(rows.iter().any(|(k, d)| k == "Ctrl-j ↓" && d.contains("move down")), "{rows:?}");
    }

    #[test]
    fn every_key_label_reads_back() {
        for b in Keymap::default().bindings() {
            assert_eq!(Key::parse(&b.key.label()), Ok(b.key), "{}", b.key.label());
        }
        assert_eq!(Key::parse("ctrl-Q"), Ok(Key::ctrl('q')));
        assert_eq!(Key::parse("space"), Ok(Key::ch(' ')));
        assert_eq!(Key::parse("F12"), Ok(Key::plain(Code::F(12))));
        assert!(Key::parse("F13").is_err());
        assert!(Key::parse("").is_err());
        assert!(Key::parse("\u{7}").is_err());
        assert_eq!(Key::parse("-"), Ok(Key::ch('-')));
    }
}
