//! Any bytes checked as a hand-over bundle zip.
//! The invariants: hashira_fuzz_checks::check_bundle_verify.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hashira_fuzz_checks::check_bundle_verify(data);
});
