//! A generated question set for the benchmarks and the size tests (included with `#[path]`
//! by both): 25 questions per pillar, each with `choices` choices and "None of these", texts
//! of realistic length.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use hashira_core::QuestionSet;

pub fn generated_set(questions: usize, choices: usize) -> QuestionSet {
    let mut text = String::from(
        "format_version = 1\nid = \"bench\"\nversion = \"1\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"性能測定用\" }\n[source]\ndocument = \"generated\"\nedition = \"1\"\n",
    );
    for q in 0..questions {
        if q % 25 == 0 {
            writeln!(
                text,
                "[[pillars]]\nid = \"p{}\"\ntitle = {{ ja = \"柱 {}\" }}",
                q / 25,
                q / 25
            )
            .unwrap();
        }
        writeln!(
            text,
            "[[pillars.questions]]\nid = \"G{q}\"\ntitle = {{ ja = \"質問 {q}: 認証情報と認証をどのように管理していますか？\" }}\n\
             description = {{ ja = \"質問 {q} の説明。ワークロードへのアクセスを安全に管理するための仕組み。\" }}\n\
             risk_rules = [{{ condition = \"G{q}_no\", risk = \"HIGH\" }}, {{ condition = \"G{q}-1 && G{q}-2\", risk = \"NONE\" }}, {{ condition = \"default\", risk = \"MEDIUM\" }}]"
        )
        .unwrap();
        for c in 1..=choices {
            writeln!(
                text,
                "[[pillars.questions.choices]]\nid = \"G{q}-{c}\"\ntitle = {{ ja = \"対策 {c}: 多要素認証を必須にする\" }}\n\
                 explanation = [{{ ja = \"解説 {q}-{c}。管理者アカウントには多要素認証を設定し、定期的に見直す。\" }}]"
            )
            .unwrap();
        }
        writeln!(
            text,
            "[[pillars.questions.choices]]\nid = \"G{q}_no\"\ntitle = {{ ja = \"いずれも該当しない\" }}\nnone_of_these = true"
        )
        .unwrap();
    }
    QuestionSet::from_toml(&text, "generated").unwrap()
}
