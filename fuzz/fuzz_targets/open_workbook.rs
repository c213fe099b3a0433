//! Any bytes opened as a workbook, then verified if they open.
//! The invariants: hashira_fuzz_checks::check_open_workbook.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hashira_fuzz_checks::check_open_workbook(data));
