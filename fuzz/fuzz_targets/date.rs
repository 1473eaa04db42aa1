//! Fuzzes the EDTF date parser. The checks live in
//! `tests/fuzz_checks/mod.rs`, shared with `tests/fuzz_corpus.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check_date(data));
