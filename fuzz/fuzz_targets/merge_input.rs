//! Any bytes as another reviewer's copy, merged into a tiny workbook.
//! The invariants: hashira_fuzz_checks::check_merge_input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_merge_input(data);
});
