//! Writes a generated question set to a file for `scripts/bench-scale`: the same generator the
//! Excel benchmarks use (`hashira-xlsx/benches/support/generated.rs`), so the whole-process
//! figures and the in-process ones are measured on sets of one shape.
//!
//! Run: `cargo run --release -p hashira-core --example bench_set -- QUESTIONS CHOICES OUT.toml`
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [questions, choices, out] = args.as_slice() else {
        eprintln!("usage: bench_set QUESTIONS CHOICES OUT.toml");
        std::process::exit(2);
    };
    let set = generated::generated_set(questions.parse().unwrap(), choices.parse().unwrap());
    std::fs::write(out, set.source_text()).unwrap();
}
