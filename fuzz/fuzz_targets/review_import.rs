//! A review-answers sheet: dry run, then apply, on a fresh demo workbook.
//! The invariants: hashira_fuzz_checks::check_review_import.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_review_import(data);
});
