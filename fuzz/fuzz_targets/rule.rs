//! A risk-rule condition (a set file's `condition`, always UTF-8 text once the file is read).
//! The invariants: hashira_fuzz_checks::check_rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        hashira_fuzz_checks::check_rule(text);
    }
});
