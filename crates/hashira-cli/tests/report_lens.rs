//! `hashira report` of a workbook holding imported WA Tool custom lenses: a lens's guidance,
//! its choices' descriptions (helpful resources), improvement plans, URLs and additional
//! resources are printed as the shipped sets' texts are, in either report language whatever
//! the lens's own; question ids print as their labels, never as the workbook's `set/id` keys.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{hashira, json};

fn s3_lens() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/lenses/Amazon_S3_Lens.json")
        .to_str()
        .unwrap()
        .to_string()
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed by this test: {e}"));
    assert!(output.status.success(), "{tool} {args:?} failed");
    String::from_utf8(output.stdout).unwrap()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every page's text, white space removed (so wrapped lines still match).
fn pages(pdf: &Path) -> Vec<String> {
    poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .split('\u{c}')
        .map(squash)
        .collect()
}

/// The URLs of the PDF's link annotations, as `pdfinfo -url` lists them.
fn link_urls(pdf: &Path) -> Vec<String> {
    poppler("pdfinfo", &["-url", pdf.to_str().unwrap()])
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().nth(2).unwrap_or("").to_string())
        .collect()
}

fn report(dir: &Path, file: &str, out: &str, lang: &str) -> Vec<String> {
    hashira(dir)
        .args(["report", file, out, "--lang", lang])
        .assert()
        .success();
    pages(&dir.join(out))
}

#[test]
fn report_prints_the_s3_lens_choice_descriptions_and_their_urls() {
    let dir = tempfile::tempdir().unwrap();
    let lens = s3_lens();
    json(
        dir.path(),
        &["new", "s3.hashira", "--name", "S3", "--lens", &lens],
    );
    json(
        dir.path(),
        &["answer", "s3.hashira", "OPS_1", "--choose", "OPS_1_1"],
    );

    for lang in ["ja", "en"] {
        let out = format!("{lang}.pdf");
        let text = report(dir.path(), "s3.hashira", &out, lang).concat();
        // The lens declares `v3.1.0`: printed as declared (question_set::version_label).
        assert!(text.contains("v3.1.0"), "{lang}: {text}");
        assert!(!text.contains("vv3.1.0"), "{lang}");
        // OPS_1_2 is not selected: its helpful resource (description) and improvement plan,
        // and their URL, are printed under it.
        let description = squash(
            "Bucket tags can be used in Cost Explorer or Cost and Usage Reports to group costs \
             and visualize usage.",
        );
        let url =
            "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html";
        let improvement = squash("Tag buckets to helps manage and allocate costs");
        let at = text
            .find(&description)
            .unwrap_or_else(|| panic!("{lang}: {text}"));
        let after = &text[at..];
        assert!(after.find(url) < after.find(&improvement), "{lang}");
        assert!(after.contains(&improvement), "{lang}");
        // The URL is a link, not only text.
        let urls = link_urls(&dir.path().join(&out));
        assert!(urls.iter().any(|u| u == url), "{lang}: {urls:?}");
        assert!(urls.iter().all(|u| u.starts_with("https://")), "{urls:?}");
    }
}

/// Two lenses that both have `q1`: the second is keyed `lens-b/q1` in the workbook, and the
/// report prints `q1` under each set. Lens B is Japanese and printed in an English report (and
/// lens A, English, in a Japanese one); its text-only additional resource is text, not a link.
#[test]
fn report_prints_two_lenses_sharing_an_id_under_their_own_sets_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), LENS_A).unwrap();
    std::fs::write(dir.path().join("b.json"), LENS_B).unwrap();
    let created = json(
        dir.path(),
        &[
            "new",
            "two.hashira",
            "--name",
            "Two",
            "--lens",
            "a.json",
            "--lens",
            "b.json",
        ],
    );
    let sets: Vec<String> = created["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let [a, b] = [&sets[0], &sets[1]];
    let questions = json(dir.path(), &["questions", "two.hashira"]);
    let keys: Vec<&str> = questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question_id"].as_str().unwrap())
        .collect();
    let key_b = format!("{b}/q1");
    assert_eq!(keys, ["q1", key_b.as_str()], "{questions}");
    for (set, choice) in [(a, "q1_a"), (b, "q1_b")] {
        json(
            dir.path(),
            &[
                "answer",
                "two.hashira",
                "q1",
                "--set",
                set,
                "--choose",
                choice,
            ],
        );
    }

    for (lang, see_also) in [("en", "Seealso:"), ("ja", "参考:")] {
        let out = format!("{lang}.pdf");
        let pages = report(dir.path(), "two.hashira", &out, lang);
        let whole = pages.concat();
        assert!(
            !whole.contains(&key_b),
            "{lang}: the key {key_b} is printed"
        );
        assert!(!whole.contains(&format!("{a}/q1")), "{lang}");

        // Each set's answers page: its heading, then q1 and that lens's own question.
        let answers_page = |set: &str, title: &str| {
            pages
                .iter()
                .find(|p| {
                    p.find(&format!("({set})v1.0"))
                        .is_some_and(|h| p[h..].contains(&format!("q1{}", squash(title))))
                })
                .unwrap_or_else(|| panic!("{lang}: no answers page for {set}"))
                .clone()
        };
        let page_a = answers_page(a, "How do you rotate encryption keys?");
        let page_b = answers_page(b, "暗号鍵をどのようにローテーションしていますか？");
        assert!(!page_a.contains("暗号鍵をどのように"), "{lang}");
        assert!(!page_b.contains("Howdoyourotate"), "{lang}");

        // Lens A (English) in either language: q1_b is not selected, so its description,
        // improvement plan and URLs are printed under it.
        for text in [
            "Keys that are never rotated stay exposed for as long as they exist.",
            "https://example.com/a/help",
            "Audit key use with CloudTrail",
            "https://example.com/a/plan",
            "https://example.com/a/more",
        ] {
            assert!(page_a.contains(&squash(text)), "{lang}: {text} in {page_a}");
        }
        // Lens B (Japanese): the guidance and its URL; q1_a's description, improvement plan,
        // a text-only resource (as text) and a resource with a URL.
        for text in [
            "鍵の管理者と利用者を分けて確認します。",
            "https://example.com/b/guidance",
            "自動ローテーションで漏えい時の影響を抑えます。",
            "KMSの自動ローテーションを有効にする",
            &format!("{see_also}社内の鍵管理手順書を参照"),
            &format!("{see_also}ローテーション設定例(https://example.com/b/more)"),
        ] {
            assert!(page_b.contains(text), "{lang}: {text} in {page_b}");
        }

        let urls = link_urls(&dir.path().join(&out));
        for url in [
            "https://example.com/a/help",
            "https://example.com/a/plan",
            "https://example.com/b/guidance",
            "https://example.com/b/help",
            "https://example.com/b/more",
        ] {
            assert!(urls.iter().any(|u| u == url), "{lang}: {url} in {urls:?}");
        }
        // No link annotation for the text-only resource.
        assert!(urls.iter().all(|u| u.starts_with("https://")), "{urls:?}");
    }
}

const LENS_A: &str = r#"{
  "schemaVersion": "2021-11-01",
  "name": "Lens A",
  "description": "A test lens in English.",
  "_version": "1.0",
  "pillars": [{
    "id": "security",
    "name": "Security",
    "questions": [{
      "id": "q1",
      "title": "How do you rotate encryption keys?",
      "description": "Keys are rotated on a schedule.",
      "choices": [
        {
          "id": "q1_a",
          "title": "Keys rotate automatically",
          "helpfulResource": {"displayText": "Automatic rotation needs no one to remember it.", "url": "https://example.com/a/auto"},
          "improvementPlan": {"displayText": "Turn on automatic rotation", "url": "https://example.com/a/auto-plan"}
        },
        {
          "id": "q1_b",
          "title": "Key use is audited",
          "helpfulResource": {"displayText": "Keys that are never rotated stay exposed for as long as they exist.", "url": "https://example.com/a/help"},
          "improvementPlan": {"displayText": "Audit key use with CloudTrail", "url": "https://example.com/a/plan"},
          "additionalResources": [
            {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "CloudTrail for KMS", "url": "https://example.com/a/more"}]}
          ]
        },
        {"id": "q1_no", "title": "None of these"}
      ],
      "riskRules": [
        {"condition": "q1_a && q1_b", "risk": "NO_RISK"},
        {"condition": "q1_a || q1_b", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"}
      ]
    }]
  }]
}"#;

const LENS_B: &str = r#"{
  "schemaVersion": "2021-11-01",
  "name": "Lens B",
  "description": "日本語のテスト用レンズ。",
  "_version": "1.0",
  "pillars": [{
    "id": "security",
    "name": "セキュリティ",
    "questions": [{
      "id": "q1",
      "title": "暗号鍵をどのようにローテーションしていますか？",
      "description": "鍵は定期的にローテーションします。",
      "helpfulResource": {"displayText": "鍵の管理者と利用者を分けて確認します。", "url": "https://example.com/b/guidance"},
      "choices": [
        {
          "id": "q1_a",
          "title": "鍵を自動でローテーションする",
          "helpfulResource": {"displayText": "自動ローテーションで漏えい時の影響を抑えます。", "url": "https://example.com/b/help"},
          "improvementPlan": {"displayText": "KMS の自動ローテーションを有効にする", "url": "https://example.com/b/plan"},
          "additionalResources": [
            {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "社内の鍵管理手順書を参照"}]},
            {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "ローテーション設定例", "url": "https://example.com/b/more"}]}
          ]
        },
        {
          "id": "q1_b",
          "title": "鍵の利用を監査する",
          "helpfulResource": {"displayText": "CloudTrail で鍵の利用を記録します。", "url": "https://example.com/b/audit"},
          "improvementPlan": {"displayText": "CloudTrail を有効にする", "url": "https://example.com/b/audit-plan"}
        }
      ],
      "riskRules": [
        {"condition": "q1_a && q1_b", "risk": "NO_RISK"},
        {"condition": "q1_a || q1_b", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"}
      ]
    }]
  }]
}"#;
