//! Releases, versions and the Code's history: several modifications applied in order make
//! the next version of the Code, and every earlier version stays readable byte for byte.
//!
//! `history.rs` reads and writes the history folder inside the text folder (the public API
//! the published website reads); `patch.rs` its reverse patches; `csv.rs` `effects.csv`.

mod csv;
pub mod history;
mod patch;

pub use history::{Amendment, Effect, History, Version, effects_csv, front_matter_version, with_version};
