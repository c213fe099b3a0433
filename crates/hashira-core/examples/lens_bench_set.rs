//! Writes a generated question set of the size a WA Tool lens can hold (20 questions per
//! pillar) for `scripts/bench-lens`: the same generator as `benches/lens.rs`.
//!
//! Run: `cargo run --release -p hashira-core --example lens_bench_set -- QUESTIONS CHOICES OUT.toml`
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/lens_sized.rs"]
mod lens_sized;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [questions, choices, out] = args.as_slice() else {
        eprintln!("usage: lens_bench_set QUESTIONS CHOICES OUT.toml");
        std::process::exit(2);
    };
    let text = lens_sized::lens_sized_text(questions.parse().unwrap(), choices.parse().unwrap());
    std::fs::write(out, text).unwrap();
}
