//! The quotes pane's state: the quotes shown, the cursor, and how far the
//! view has scrolled, in quotes and in lines of a long quote.

use crate::model::QuoteIx;
use crate::model::text::escape_controls;
use crate::query::{Index, source_citation};

/// What a line of a quote block shows, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteLineKind {
    /// Speaker and date.
    Head,
    /// The words as said.
    Text,
    /// Their translation.
    Translation,
    /// Where they are from.
    Source,
    /// The circumstances.
    Context,
    /// The gap after a quote.
    Blank,
}

/// One wrapped line of a quote block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteLine {
    /// For styling.
    pub kind: QuoteLineKind,
    /// Already escaped and wrapped to the width.
    pub text: String,
}

fn wrap_into(out: &mut Vec<QuoteLine>, kind: QuoteLineKind, text: &str, width: usize, indent: &str) {
    let opts = textwrap::Options::new(width.max(4)).initial_indent(indent).subsequent_indent(indent);
    for line in textwrap::wrap(text, opts) {
        out.push(QuoteLine { kind, text: line.into_owned() });
    }
}

/// The lines of quote `q` wrapped to `width` columns: speaker and date,
/// the text, the translation, the source, the context, a blank.
pub fn quote_block(index: &Index, q: QuoteIx, width: usize) -> Vec<QuoteLine> {
    let ds = index.dataset();
    let quote = ds.quote(q);
    let mut out = Vec::new();
    let mut head = escape_controls(&ds.person(quote.speaker).name).into_owned();
    if let Some(d) = &quote.date {
        head.push_str(" · ");
        head.push_str(&escape_controls(d.as_str()));
    }
    wrap_into(&mut out, QuoteLineKind::Head, &head, width, "");
    wrap_into(&mut out, QuoteLineKind::Text, &format!("« {} »", escape_controls(&quote.text)), width, "  ");
    if let Some(t) = &quote.translation {
        wrap_into(&mut out, QuoteLineKind::Translation, &format!("“{}”", escape_controls(t)), width, "  ");
    }
    wrap_into(&mut out, QuoteLineKind::Source, &format!("— {}", source_citation(ds, quote.source)), width, "  ");
    if let Some(c) = &quote.context {
        wrap_into(&mut out, QuoteLineKind::Context, &escape_controls(c), width, "  ");
    }
    out.push(QuoteLine { kind: QuoteLineKind::Blank, text: String::new() });
    out
}

/// The width quote text wraps to in a pane of `inner` columns: one column
/// for the selection bar, one of margin. The app measures and the ui draws
/// with this same width, so they agree on every block's height.
pub fn wrap_width(inner: usize) -> usize {
    inner.saturating_sub(2)
}

/// The quotes shown and where the view stands.
#[derive(Clone, Debug, Default)]
pub struct QuotesView {
    quotes: Vec<QuoteIx>,
    cursor: usize,
    /// The first quote shown at the top of the pane.
    pub top: usize,
    /// Lines of the top quote scrolled past (for quotes longer than the pane).
    pub skip: usize,
}

impl QuotesView {
    /// A view over `quotes` (in date order).
    pub fn new(quotes: Vec<QuoteIx>) -> QuotesView {
        QuotesView { quotes, ..Default::default() }
    }

    /// The quotes shown.
    pub fn quotes(&self) -> &[QuoteIx] {
        &self.quotes
    }

    /// Index of the cursor in [`Self::quotes`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The quote under the cursor.
    pub fn selected(&self) -> Option<QuoteIx> {
        self.quotes.get(self.cursor).copied()
    }

    /// Moves by `delta` quotes, clamped; a new quote is shown from its start.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.quotes.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Cursor to the first or last quote.
    pub fn move_to(&mut self, last: bool) {
        self.cursor = if last { self.quotes.len().saturating_sub(1) } else { 0 };
    }

    /// Puts the cursor on `q`; false if it is not shown. (The quotes are
    /// in the order of `Index::quotes_in_order`: a binary search.)
    pub fn select(&mut self, index: &Index, q: QuoteIx) -> bool {
        let i = self.quotes.partition_point(|&x| index.quote_order(x, q).is_lt());
        let found = self.quotes.get(i) == Some(&q);
        if found {
            self.cursor = i;
        }
        found
    }

    /// Puts the cursor on the last quote dated at or before `as_of`
    /// (undated quotes are left alone), and shows it from its start.
    pub fn follow_date(&mut self, index: &Index, as_of: crate::model::date::Span) {
        let ds = index.dataset();
        let dated_before = |q: &QuoteIx| ds.quote(*q).date.as_ref().is_some_and(|d| d.span().earliest <= as_of.latest);
        // Dated quotes come first, in date order.
        let n = self.quotes.partition_point(dated_before);
        if n > 0 && self.cursor != n - 1 {
            self.cursor = n - 1;
            self.skip = 0;
        }
    }

    /// Keeps the selected quote in view in a pane of `height` lines and
    /// `width` columns: the view starts at the selected quote when it was
    /// above, and moves down just enough for the selected quote's block to
    /// fit. Only the blocks on screen are measured.
    pub fn scroll_into_view(&mut self, index: &Index, width: usize, height: usize) {
        if self.cursor <= self.top {
            if self.cursor < self.top {
                self.top = self.cursor;
                self.skip = 0;
            }
            return;
        }
        // Walk back from the selected quote while the blocks still fit.
        let mut lines = 0usize;
        let mut first = self.cursor;
        loop {
            let skip = if first == self.top { self.skip } else { 0 };
            let h = quote_block(index, self.quotes[first], width).len().saturating_sub(skip);
            if lines + h > height && first != self.cursor {
                first += 1;
                break;
            }
            lines += h;
            if first == self.top || lines >= height {
                break;
            }
            first -= 1;
        }
        if first > self.top {
            self.top = first;
            self.skip = 0;
        }
    }

    /// Scrolls by a page: within the selected quote while it overflows the
    /// pane, else to the next (or previous) quote.
    pub fn page(&mut self, index: &Index, width: usize, height: usize, down: bool) {
        let Some(q) = self.selected() else { return };
        let block = quote_block(index, q, width).len();
        let step = height.saturating_sub(1).max(1);
        if down {
            if self.top == self.cursor && self.skip + height < block {
                self.skip = (self.skip + step).min(block.saturating_sub(height));
            } else {
                self.move_by(1);
                self.top = self.cursor;
                self.skip = 0;
            }
        } else if self.top == self.cursor && self.skip > 0 {
            self.skip = self.skip.saturating_sub(step);
        } else {
            self.move_by(-1);
            self.top = self.cursor;
            self.skip = 0;
        }
    }
}
