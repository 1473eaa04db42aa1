//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

/// The styles the explorer draws with.
#[derive(Clone, Copy, Debug)]
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
}

/// The default dark theme.
pub const THEME: Theme = Theme {
    focus_border: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::DarkGray),
    title: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
    selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
    as_of: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
    brand: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
    dim: Style::new().fg(Color::DarkGray),
    holder: Style::new().fg(Color::White),
    possible: Style::new().fg(Color::Yellow).add_modifier(Modifier::ITALIC),
    acting: Style::new().fg(Color::LightBlue),
    vacant: Style::new().fg(Color::Red),
    org: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
    highlight: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
    year: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    future: Style::new().fg(Color::DarkGray),
    now: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    link: Style::new().fg(Color::LightBlue),
    key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    ok: Style::new().fg(Color::Green),
    quote: Style::new().fg(Color::White),
    translation: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
};
