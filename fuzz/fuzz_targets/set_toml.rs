//! A question-set file: parse and validate.
//! The invariants: hashira_fuzz_checks::check_set_toml.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hashira_fuzz_checks::check_set_toml(data));
