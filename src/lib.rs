//! orgline: who held which role when, and how we know.
//!
//! Layers, each depending only on those before it:
//! [`model`] (the typed dataset, loader, dates, diagnostics) ←
//! [`query`] (the index and the answers the views need) ←
//! [`app`] (the explorer's state, actions and keymap; pure) ←
//! [`ui`] (drawing) ←
//! [`runtime`] (the terminal session) and [`cli`] (the commands), which
//! read the user's [`config`].
//! [`export`] writes the dataset and its org chart for other tools (JSON,
//! DOT, Mermaid, Markdown), on top of [`model`] and [`query`].
//! [`generate`] makes synthetic datasets for benchmarks and tests;
//! [`import`] makes datasets from HR exports (CSV) and Popolo JSON.

pub mod alloc;
pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod generate;
pub mod import;
pub mod model;
pub mod query;
pub mod runtime;
pub mod ui;
