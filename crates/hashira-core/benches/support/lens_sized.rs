//! A generated question set of the size a WA Tool lens can hold — 20 questions per pillar
//! (the lens format's limit), at most 10 pillars — for the lens and WA Tool benchmarks
//! (`benches/lens.rs`) and `scripts/bench-lens` (through `examples/lens_bench_set.rs`). Texts
//! are of realistic length, with a FISC reference and a 解説 per choice, so every part of the
//! export is exercised. Ids are at least three characters, as lens ids must be.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use hashira_core::QuestionSet;

/// Questions per pillar: the lens format's maximum.
pub const PER_PILLAR: usize = 20;

pub fn lens_sized_set(questions: usize, choices: usize) -> QuestionSet {
    QuestionSet::from_toml(&lens_sized_text(questions, choices), "generated").unwrap()
}

pub fn lens_sized_text(questions: usize, choices: usize) -> String {
    let mut text = String::from(
        "format_version = 1\nid = \"bench\"\nversion = \"1\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"性能測定用\", en = \"Benchmark\" }\n[source]\ndocument = \"generated\"\nedition = \"1\"\n",
    );
    for q in 0..questions {
        if q % PER_PILLAR == 0 {
            let p = q / PER_PILLAR;
            writeln!(
                text,
                "[[pillars]]\nid = \"pillar_{p}\"\ntitle = {{ ja = \"柱 {p}\", en = \"Pillar {p}\" }}"
            )
            .unwrap();
        }
        writeln!(
            text,
            "[[pillars.questions]]\nid = \"GEN{q}\"\ntitle = {{ ja = \"質問 {q}: 認証情報と認証をどのように管理していますか？\" }}\n\
             description = {{ ja = \"質問 {q} の説明。ワークロードへのアクセスを安全に管理するための仕組み。\" }}\n\
             risk_rules = [{{ condition = \"GEN{q}_no\", risk = \"HIGH\" }}, {{ condition = \"GEN{q}-1 && GEN{q}-2\", risk = \"NONE\" }}, \
             {{ condition = \"GEN{q}-1 || GEN{q}-3\", risk = \"MEDIUM\" }}, {{ condition = \"default\", risk = \"HIGH\" }}]"
        )
        .unwrap();
        for c in 1..=choices {
            writeln!(
                text,
                "[[pillars.questions.choices]]\nid = \"GEN{q}-{c}\"\ntitle = {{ ja = \"対策 {c}: 多要素認証を必須にする\" }}\n\
                 fisc_refs = [\"実{c}\"]\n\
                 explanation = [{{ ja = \"解説 {q}-{c}。管理者アカウントには多要素認証を設定する。\" }}]"
            )
            .unwrap();
        }
        writeln!(
            text,
            "[[pillars.questions.choices]]\nid = \"GEN{q}_no\"\ntitle = {{ ja = \"いずれも該当しない\", en = \"None of these\" }}\nnone_of_these = true"
        )
        .unwrap();
    }
    text
}
