//! Arbitrary bytes as AWS WA Tool answers JSON: dry run, then apply, on a fresh demo workbook.
//! The invariants: hashira_fuzz_checks::check_wa_answers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_wa_answers(data);
});
