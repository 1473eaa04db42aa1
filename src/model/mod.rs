//! The typed dataset, its RON loader, the date type, validation and
//! diagnostics. Knows nothing of terminals.

mod build;
pub mod dataset;
pub mod date;
pub mod diagnostic;
pub mod fast;
pub mod load;
pub mod locate;
pub mod raw;
pub mod snapshot;
mod stream;
pub mod text;
pub mod validate;

pub use dataset::*;
pub use date::{Coverage, Date, Span};
pub use diagnostic::{Diagnostic, Pos, Severity};
pub use load::{BUNDLED, BUNDLED_NAME, Loaded, load_bytes, load_bytes_counting, load_str};
