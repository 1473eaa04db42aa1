//! Colours and styles, in one place: the built-in themes, the monochrome
//! one used without colour, and per-style overrides by name.

use ratatui::style::{Color, Modifier, Style};

/// The styles the explorer draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Border of the focused pane.
    pub focus_border: Style,
    /// Border of other panes.
    pub border: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected row of the focused pane.
    pub selected: Style,
    /// The selected row of an unfocused pane.
    pub selected_unfocused: Style,
    /// The as-of badge.
    pub as_of: Style,
    /// The program name badge.
    pub brand: Style,
    /// Secondary text.
    pub dim: Style,
    /// A certain holder.
    pub holder: Style,
    /// A possible holder.
    pub possible: Style,
    /// The acting marker.
    pub acting: Style,
    /// `vacant`.
    pub vacant: Style,
    /// An org name where the tree crosses orgs.
    pub org: Style,
    /// Events and quotes of the selected role's holders.
    pub highlight: Style,
    /// Year headers.
    pub year: Style,
    /// Events after the as-of date.
    pub future: Style,
    /// The "now" marker.
    pub now: Style,
    /// Headings in cards and help.
    pub heading: Style,
    /// Links in cards.
    pub link: Style,
    /// Keys in help and hints.
    pub key: Style,
    /// Errors in the date prompt.
    pub error: Style,
    /// Success in the date prompt.
    pub ok: Style,
    /// The quote text.
    pub quote: Style,
    /// A translation.
    pub translation: Style,
    /// The banner that says the file has become invalid.
    pub banner_error: Style,
    /// Tenure-chart bars of successive holders (the background is the bar's
    /// colour; a style without one is drawn as plain blocks).
    pub bars: [Style; 4],
    /// Tenure-chart bar of an acting holder.
    pub acting_bar: Style,
}

/// The names a configuration uses for the styles, with what each is for.
pub const STYLE_NAMES: &[(&str, &str)] = &[
    ("focus_border", "border of the focused pane"),
    ("border", "border of the other panes"),
    ("title", "pane titles"),
    ("selected", "the selected row of the focused pane"),
    ("selected_unfocused", "the selected row of another pane"),
    ("as_of", "the as-of badge and filter label"),
    ("brand", "the program and place badge"),
    ("dim", "secondary text and hints"),
    ("holder", "a certain holder"),
    ("possible", "a possible holder (Name?)"),
    ("acting", "the acting marker"),
    ("vacant", "vacant"),
    ("org", "an org where the chart crosses orgs"),
    ("highlight", "events and quotes of the selected role's holders, messages"),
    ("year", "year headers"),
    ("future", "events after the as-of date"),
    ("now", "the as-of marker"),
    ("heading", "headings in cards and help"),
    ("link", "links in cards"),
    ("key", "keys in help and hints"),
    ("error", "errors"),
    ("ok", "confirmations"),
    ("quote", "quote text"),
    ("translation", "translations"),
    ("banner_error", "the banner saying the file became invalid"),
    ("bar1", "tenure chart: first holder's bar"),
    ("bar2", "tenure chart: second holder's bar"),
    ("bar3", "tenure chart: third holder's bar"),
    ("bar4", "tenure chart: fourth holder's bar"),
    ("acting_bar", "tenure chart: an acting holder's bar"),
];

/// The built-in themes, by the name a configuration gives.
pub const THEME_NAMES: &[&str] = &["dark", "light", "high-contrast", "mono"];

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}
const fn on(f: Color, b: Color) -> Style {
    Style::new().fg(f).bg(b)
}
const BOLD: Modifier = Modifier::BOLD;
const ITALIC: Modifier = Modifier::ITALIC;

/// The default dark theme.
pub const THEME: Theme = Theme::DARK;

impl Theme {
    /// The default: light text on a dark background.
    pub const DARK: Theme = Theme {
        focus_border: fg(Color::Cyan).add_modifier(BOLD),
        border: fg(Color::DarkGray),
        title: Style::new().add_modifier(BOLD),
        selected: on(Color::Black, Color::Cyan).add_modifier(BOLD),
        selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
        as_of: on(Color::Black, Color::Yellow).add_modifier(BOLD),
        brand: on(Color::Black, Color::Cyan).add_modifier(BOLD),
        dim: fg(Color::DarkGray),
        holder: fg(Color::White),
        possible: fg(Color::Yellow).add_modifier(ITALIC),
        acting: fg(Color::LightBlue),
        vacant: fg(Color::Red),
        org: fg(Color::Magenta).add_modifier(BOLD),
        highlight: fg(Color::LightYellow).add_modifier(BOLD),
        year: fg(Color::Cyan).add_modifier(BOLD),
        future: fg(Color::DarkGray),
        now: fg(Color::Yellow).add_modifier(BOLD),
        heading: fg(Color::Cyan).add_modifier(BOLD),
        link: fg(Color::LightBlue),
        key: fg(Color::Cyan).add_modifier(BOLD),
        error: fg(Color::Red).add_modifier(BOLD),
        ok: fg(Color::Green),
        quote: fg(Color::White),
        translation: fg(Color::Gray).add_modifier(ITALIC),
        banner_error: on(Color::Red, Color::Black).add_modifier(BOLD),
        bars: [
            on(Color::Black, Color::Blue),
            on(Color::Black, Color::Green),
            on(Color::Black, Color::Magenta),
            on(Color::Black, Color::Cyan),
        ],
        acting_bar: on(Color::White, Color::DarkGray).add_modifier(ITALIC),
    };

    /// Dark text for terminals with a light background.
    pub const LIGHT: Theme = Theme {
        focus_border: fg(Color::Blue).add_modifier(BOLD),
        border: fg(Color::Gray),
        title: Style::new().add_modifier(BOLD),
        selected: on(Color::White, Color::Blue).add_modifier(BOLD),
        selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
        as_of: on(Color::Black, Color::LightYellow).add_modifier(BOLD),
        brand: on(Color::White, Color::Blue).add_modifier(BOLD),
        dim: fg(Color::DarkGray),
        holder: fg(Color::Black),
        possible: fg(Color::Rgb(0x8a, 0x5a, 0x00)).add_modifier(ITALIC),
        acting: fg(Color::Blue),
        vacant: fg(Color::Red),
        org: fg(Color::Magenta).add_modifier(BOLD),
        highlight: fg(Color::Rgb(0x80, 0x40, 0x00)).add_modifier(BOLD),
        year: fg(Color::Blue).add_modifier(BOLD),
        future: fg(Color::Gray),
        now: fg(Color::Red).add_modifier(BOLD),
        heading: fg(Color::Blue).add_modifier(BOLD),
        link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
        key: fg(Color::Blue).add_modifier(BOLD),
        error: fg(Color::Red).add_modifier(BOLD),
        ok: fg(Color::Green),
        quote: fg(Color::Black),
        translation: fg(Color::DarkGray).add_modifier(ITALIC),
        banner_error: on(Color::White, Color::Red).add_modifier(BOLD),
        bars: [
            on(Color::White, Color::Blue),
            on(Color::White, Color::Green),
            on(Color::White, Color::Magenta),
            on(Color::White, Color::Cyan),
        ],
        acting_bar: on(Color::Black, Color::Gray).add_modifier(ITALIC),
    };

    /// Few colours, each at full strength, and bold wherever it helps.
    pub const HIGH_CONTRAST: Theme = Theme {
        focus_border: fg(Color::LightYellow).add_modifier(BOLD),
        border: fg(Color::White),
        title: fg(Color::White).add_modifier(BOLD),
        selected: on(Color::Black, Color::LightYellow).add_modifier(BOLD),
        selected_unfocused: Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
        as_of: on(Color::Black, Color::White).add_modifier(BOLD),
        brand: on(Color::Black, Color::White).add_modifier(BOLD),
        dim: fg(Color::Gray),
        holder: fg(Color::White).add_modifier(BOLD),
        possible: fg(Color::LightYellow).add_modifier(ITALIC.union(Modifier::UNDERLINED)),
        acting: fg(Color::LightCyan).add_modifier(BOLD),
        vacant: fg(Color::LightRed).add_modifier(BOLD),
        org: fg(Color::LightMagenta).add_modifier(BOLD),
        highlight: fg(Color::LightYellow).add_modifier(BOLD),
        year: fg(Color::LightCyan).add_modifier(BOLD),
        future: fg(Color::Gray),
        now: fg(Color::LightYellow).add_modifier(BOLD),
        heading: fg(Color::LightCyan).add_modifier(BOLD.union(Modifier::UNDERLINED)),
        link: fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
        key: fg(Color::LightYellow).add_modifier(BOLD),
        error: fg(Color::LightRed).add_modifier(BOLD),
        ok: fg(Color::LightGreen).add_modifier(BOLD),
        quote: fg(Color::White),
        translation: fg(Color::White).add_modifier(ITALIC),
        banner_error: on(Color::White, Color::Red).add_modifier(BOLD),
        bars: [
            on(Color::Black, Color::LightBlue),
            on(Color::Black, Color::LightGreen),
            on(Color::Black, Color::LightMagenta),
            on(Color::Black, Color::LightCyan),
        ],
        acting_bar: on(Color::Black, Color::White).add_modifier(ITALIC),
    };

    /// No colour at all: for `NO_COLOR`, `TERM=dumb` and `--color never`.
    /// Selection and focus show by reverse video and bold.
    pub const MONO: Theme = {
        let none = Style::new();
        let rev = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            focus_border: none.add_modifier(BOLD),
            border: none.add_modifier(Modifier::DIM),
            title: none.add_modifier(BOLD),
            selected: rev.add_modifier(BOLD),
            selected_unfocused: rev,
            as_of: rev.add_modifier(BOLD),
            brand: rev.add_modifier(BOLD),
            dim: none.add_modifier(Modifier::DIM),
            holder: none,
            possible: none.add_modifier(ITALIC),
            acting: none.add_modifier(ITALIC),
            vacant: none.add_modifier(BOLD),
            org: none.add_modifier(BOLD.union(Modifier::UNDERLINED)),
            highlight: none.add_modifier(BOLD),
            year: none.add_modifier(BOLD.union(Modifier::UNDERLINED)),
            future: none.add_modifier(Modifier::DIM),
            now: none.add_modifier(BOLD),
            heading: none.add_modifier(BOLD.union(Modifier::UNDERLINED)),
            link: none.add_modifier(Modifier::UNDERLINED),
            key: none.add_modifier(BOLD),
            error: none.add_modifier(BOLD),
            ok: none,
            quote: none,
            translation: none.add_modifier(ITALIC),
            banner_error: rev.add_modifier(BOLD),
            bars: [rev, rev, rev, rev],
            acting_bar: rev.add_modifier(ITALIC),
        }
    };

    /// A built-in theme by name (`dark`, `light`, `high-contrast`, `mono`).
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::DARK),
            "light" => Some(Theme::LIGHT),
            "high-contrast" | "high_contrast" => Some(Theme::HIGH_CONTRAST),
            "mono" | "monochrome" => Some(Theme::MONO),
            _ => None,
        }
    }

    /// The style called `name` in a configuration (see [`STYLE_NAMES`]).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "focus_border" => &mut self.focus_border,
            "border" => &mut self.border,
            "title" => &mut self.title,
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "as_of" => &mut self.as_of,
            "brand" => &mut self.brand,
            "dim" => &mut self.dim,
            "holder" => &mut self.holder,
            "possible" => &mut self.possible,
            "acting" => &mut self.acting,
            "vacant" => &mut self.vacant,
            "org" => &mut self.org,
            "highlight" => &mut self.highlight,
            "year" => &mut self.year,
            "future" => &mut self.future,
            "now" => &mut self.now,
            "heading" => &mut self.heading,
            "link" => &mut self.link,
            "key" => &mut self.key,
            "error" => &mut self.error,
            "ok" => &mut self.ok,
            "quote" => &mut self.quote,
            "translation" => &mut self.translation,
            "banner_error" => &mut self.banner_error,
            "bar1" => &mut self.bars[0],
            "bar2" => &mut self.bars[1],
            "bar3" => &mut self.bars[2],
            "bar4" => &mut self.bars[3],
            "acting_bar" => &mut self.acting_bar,
            _ => return None,
        })
    }

    /// True when no style of the theme sets a colour.
    pub fn is_monochrome(&self) -> bool {
        let mut copy = *self;
        STYLE_NAMES.iter().all(|(name, _)| {
            copy.style_mut(name).is_none_or(|s| s.fg.is_none() && s.bg.is_none() && s.underline_color.is_none())
        })
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::DARK
    }
}

/// `style` without its colours (modifiers kept), for drawing without colour.
pub fn without_colour(style: Style) -> Style {
    Style { fg: None, bg: None, underline_color: None, ..style }
}

/// Reads a style written as words: modifiers (`bold`, `dim`, `italic`,
/// `underlined`, `reversed`, `crossed_out`, `blink`), a foreground colour,
/// and `on COLOUR` for the background. Colours are names (`red`,
/// `light-blue`, `dark-gray`, `reset`), `#rrggbb` or an index `0`–`255`.
/// `""` is the terminal's default look. Errors name the word.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace();
    let mut fg_set = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underline" | "underlined" => Some(Modifier::UNDERLINED),
            "reverse" | "reversed" => Some(Modifier::REVERSED),
            "crossed_out" | "crossed-out" | "strikethrough" => Some(Modifier::CROSSED_OUT),
            "blink" | "slow_blink" => Some(Modifier::SLOW_BLINK),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
            continue;
        }
        if lower == "on" {
            let Some(bg) = words.next() else {
                return Err("`on` must be followed by a background colour".into());
            };
            style = style.bg(parse_colour(bg)?);
            continue;
        }
        if fg_set {
            return Err(format!("`{word}`: a second foreground colour (write `on {word}` for the background)"));
        }
        style = style.fg(parse_colour(word)?);
        fg_set = true;
    }
    Ok(style)
}

fn parse_colour(word: &str) -> Result<Color, String> {
    word.parse::<Color>().map_err(|_| {
        format!(
            "`{word}` is neither a modifier (bold, dim, italic, underlined, reversed, crossed_out, blink) \
             nor a colour (a name such as red or light-blue, #rrggbb, or 0-255)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_name_is_settable_and_the_list_is_complete() {
        let mut t = Theme::DARK;
        for (name, _) in STYLE_NAMES {
            *t.style_mut(name).unwrap_or_else(|| panic!("{name}")) = Style::new().fg(Color::Indexed(7));
        }
        assert!(t.style_mut("nope").is_none());
        // Every field was reached: no style of the dark theme is left.
        let mut t2 = t;
        for (name, _) in STYLE_NAMES {
            assert_eq!(*t2.style_mut(name).unwrap(), Style::new().fg(Color::Indexed(7)), "{name}");
        }
        assert_eq!(std::mem::size_of::<Theme>(), STYLE_NAMES.len() * std::mem::size_of::<Style>());
    }

    #[test]
    fn mono_has_no_colour_and_shows_the_selection_by_reverse_video() {
        assert!(Theme::MONO.is_monochrome());
        assert!(!Theme::DARK.is_monochrome() && !Theme::LIGHT.is_monochrome());
        assert!(!Theme::HIGH_CONTRAST.is_monochrome());
        assert!(Theme::MONO.selected.add_modifier.contains(Modifier::REVERSED));
        assert!(Theme::MONO.focus_border.add_modifier.contains(Modifier::BOLD));
        for name in THEME_NAMES {
            assert!(Theme::named(name).is_some(), "{name}");
        }
    }

    #[test]
    fn styles_are_read_from_words() {
        assert_eq!(
            parse_style("bold black on yellow"),
            Ok(Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD))
        );
        assert_eq!(parse_style("#ff8800 italic"), Ok(Style::new().fg(Color::Rgb(255, 136, 0)).add_modifier(ITALIC)));
        assert_eq!(parse_style("on 236"), Ok(Style::new().bg(Color::Indexed(236))));
        assert_eq!(parse_style("light-blue"), Ok(Style::new().fg(Color::LightBlue)));
        assert_eq!(parse_style(""), Ok(Style::new()));
        assert!(parse_style("bold purplish").unwrap_err().contains("`purplish`"));
        assert!(parse_style("red blue").unwrap_err().contains("second foreground"));
        assert!(parse_style("red on").unwrap_err().contains("background"));
    }

    #[test]
    fn colours_come_off_and_modifiers_stay() {
        let s = without_colour(Theme::DARK.selected);
        assert_eq!(s.fg, None);
        assert_eq!(s.bg, None);
        assert!(s.add_modifier.contains(Modifier::BOLD));
    }
}
