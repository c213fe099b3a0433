//! A WG evaluation sheet: dry run, then apply (merged with the stored evaluation), on a fresh demo workbook.
//! The invariants: hashira_fuzz_checks::check_wg_import.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_wg_import(data);
});
