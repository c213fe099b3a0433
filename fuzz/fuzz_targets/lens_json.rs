//! Arbitrary bytes as a custom-lens JSON file: `lens check`, and a valid lens read back.
//! The invariants: hashira_fuzz_checks::check_lens_json.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_lens_json(data);
});
