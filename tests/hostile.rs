//! Hostile strings from a dataset never reach the terminal raw: the
//! explorer is rendered through the real crossterm backend into bytes and
//! read back with a terminal emulator (vt100); the text views and `check`
//! are run as a user runs them.

use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::rc::Rc;

use orgline::app::{Action, Pane, State, update};
use orgline::model::{Date, load_str};
use orgline::query::Index;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/hostile.ron")).unwrap()
}

fn index() -> Index {
    Index::new(load_str(&fixture()).expect("hostile fixture is valid").dataset)
}

/// Bytes no dataset string may produce: BEL, OSC/DCS/APC/PM/SOS introducers,
/// C1 controls (UTF-8 encoded), bidi controls, invisible format characters.
fn forbidden(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for (i, w) in bytes.windows(2).enumerate() {
        if w[0] == 0x1b && matches!(w[1], b']' | b'P' | b'_' | b'^' | b'X') {
            found.push(format!("ESC {} at byte {i}", w[1] as char));
        }
    }
    if bytes.contains(&0x07) {
        found.push("BEL".into());
    }
    for c in text.chars() {
        let bad = matches!(c,
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{200b}' | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{8}' | '\r');
        if bad {
            found.push(format!("U+{:04X}", c as u32));
        }
    }
    found
}

/// A writer whose bytes the test keeps.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws `state` through crossterm into bytes; returns them and the screen
/// as a terminal shows it.
fn render(state: &State, index: &Index, w: u16, h: u16) -> (Vec<u8>, vt100::Parser) {
    let sink = Sink::default();
    let backend = CrosstermBackend::new(sink.clone());
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) };
    let mut terminal = Terminal::with_options(backend, options).unwrap();
    terminal.draw(|f| orgline::ui::draw(f, state, index, &orgline::ui::THEME)).unwrap();
    let bytes = sink.0.borrow().clone();
    let mut parser = vt100::Parser::new(NonZeroU16::new(h).unwrap(), NonZeroU16::new(w).unwrap(), 0);
    parser.process(&bytes);
    (bytes, parser)
}

/// Every CSI the backend writes is its own: cursor moves, colours, modes.
/// A CSI from the data would show up as one the backend never writes.
fn foreign_csi(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let mut j = i + 2;
            while j < bytes.len() && !(0x40..=0x7e).contains(&bytes[j]) {
                j += 1;
            }
            let fin = bytes.get(j).copied().unwrap_or(0);
            // H: cursor position, m: style, J/K: clear, ?25h/l: cursor shown/hidden.
            if !matches!(fin, b'H' | b'm' | b'J' | b'K' | b'h' | b'l') {
                out.push(String::from_utf8_lossy(&bytes[i..=j.min(bytes.len() - 1)]).into_owned());
            }
            // The data tried `ESC[2J` (clear), `ESC[5m` (blink), `ESC[8m` (hidden): those
            // never come from the backend with these parameters.
            let params = &bytes[i + 2..j.min(bytes.len())];
            if (fin == b'J' && params == b"2") || (fin == b'm' && matches!(params, b"5" | b"8" | b"28")) {
                out.push(String::from_utf8_lossy(&bytes[i..=j]).into_owned());
            }
            i = j;
        }
        i += 1;
    }
    out
}

#[test]
fn the_explorer_shows_escapes_and_emits_none_from_the_data() {
    let ix = index();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut state = State::new(&ix, Date::parse("2024").unwrap(), w, h);
        let mut screens = Vec::new();
        screens.push(render(&state, &ix, w, h));
        // A card of the hostile role and of the hostile quote; the help.
        update(&mut state, &ix, Action::Open);
        screens.push(render(&state, &ix, w, h));
        update(&mut state, &ix, Action::Close);
        update(&mut state, &ix, Action::FocusQuotes);
        update(&mut state, &ix, Action::Open);
        screens.push(render(&state, &ix, w, h));
        update(&mut state, &ix, Action::Close);
        update(&mut state, &ix, Action::FocusTimeline);
        update(&mut state, &ix, Action::Open);
        screens.push(render(&state, &ix, w, h));
        for (k, (bytes, parser)) in screens.iter().enumerate() {
            assert_eq!(forbidden(bytes), Vec::<String>::new(), "{w}x{h} screen {k}");
            assert_eq!(foreign_csi(bytes), Vec::<String>::new(), "{w}x{h} screen {k}");
            let text = parser.screen().contents();
            assert!(text.contains("\\u{1b}"), "{w}x{h} screen {k}: escapes are visible\n{text}");
        }
        // The first screen: the chart's right border stands in one column on every row.
        let (_, parser) = &screens[0];
        let s = State::new(&ix, Date::parse("2024").unwrap(), w, h);
        let chart = s.screen.pane(Pane::Chart).unwrap();
        let x = chart.right() - 1;
        for y in chart.y..chart.bottom() {
            let cell = parser.screen().cell(y, x).map(|c| c.contents().to_string()).unwrap_or_default();
            assert!(["│", "┃", "╮", "╯", "┓", "┛"].contains(&cell.as_ref()), "{w}x{h}: row {y} col {x} is {cell:?}");
        }
    }
}

#[test]
fn wide_and_combining_text_keeps_the_layout() {
    let ix = index();
    let state = State::new(&ix, Date::parse("2024").unwrap(), 100, 30);
    let (bytes, parser) = render(&state, &ix, 100, 30);
    let text = parser.screen().contents();
    assert!(text.contains("最高技術責任者"), "{text}");
    assert!(text.contains("Zoë"), "composed, as NFC: {text}");
    // The ZWJ sequence is written whole, in one two-column cell. (vt100
    // itself does not join emoji sequences, so its screen cannot show it.)
    assert!(String::from_utf8_lossy(&bytes).contains("👩\u{200d}💻"), "{text}");
    // The long name is cut with an ellipsis, not wrapped or spilled.
    assert!(text.contains("Wolfeschlegel") && text.contains('…'), "{text}");
}

fn run(args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"))
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

#[test]
fn text_views_and_check_emit_no_control_from_the_data() {
    for args in [
        &["tree", "hostile.ron"][..],
        &["timeline", "hostile.ron"],
        &["quotes", "hostile.ron"],
        &["check", "hostile.ron"],
        &["tree", "hostile.ron", "--as-of", "\u{1b}]0;x\u{7}"],
        &["timeline", "hostile.ron", "--person", "\u{1b}[2J\u{202e}"],
        &["diff", "hostile.ron", "2010", "2024"],
        &["diff", "hostile.ron", "2010", "\u{1b}]0;x\u{7}"],
    ] {
        let (_, stdout, stderr) = run(args);
        for (name, bytes) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(!bytes.contains(&0x1b), "{args:?} {name}: {:?}", String::from_utf8_lossy(bytes));
            assert_eq!(forbidden(bytes), Vec::<String>::new(), "{args:?} {name}");
        }
    }
    let (code, stdout, _) = run(&["tree", "hostile.ron"]);
    assert_eq!(code, 0);
    let tree = String::from_utf8(stdout).unwrap();
    assert!(tree.contains("CEO \\u{1b}[31mred\\u{1b}[0m [Acme\\u{202e}evil\\u{202c} 株式会社]"), "{tree}");
    assert!(tree.contains("Пётр Ильич Чайковский"), "a tab becomes a space: {tree}");
}

#[test]
fn a_hostile_file_name_and_invalid_data_are_escaped_in_check() {
    let dir = std::env::temp_dir().join(format!("orgline-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad\u{1b}]0;x\u{7}.ron");
    std::fs::write(
        &path,
        "(people: [(id: \"a\u{1b}[2J\", name: \"x\")], roles: [(id: \"r\", org: \"\u{9b}nope\", title: \"t\")])",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orgline")).args(["check", path.to_str().unwrap()]).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1));
    for bytes in [&out.stdout, &out.stderr] {
        assert!(!bytes.contains(&0x1b) && !bytes.contains(&0x07), "{:?}", String::from_utf8_lossy(bytes));
        assert_eq!(forbidden(bytes), Vec::<String>::new());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unknown org \"\\u{9b}nope\""), "{text}");
}
