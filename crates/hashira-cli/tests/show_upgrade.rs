//! `hashira show` counts with the rules a workbook keeps beside each set (schema 5) instead of
//! parsing the sets: on a file of an older release, which the first open upgrades, it prints
//! exactly the figures and sets the parsed sets give (issue #11 §5).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::json;
use hashira_core::workbook::LATEST_SCHEMA_VERSION;
use hashira_core::{FixedClock, Workbook};
use serde_json::json;

/// `show --json`'s sets and figures as the core computes them from the parsed sets.
fn parsed_figures(path: &Path) -> (serde_json::Value, serde_json::Value) {
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let workbook = Workbook::open(path, clock).unwrap();
    let infos = workbook.set_infos().unwrap();
    let sets: Vec<serde_json::Value> = infos
        .iter()
        .zip(workbook.question_sets())
        .map(|(info, set)| {
            json!({
                "id": info.id,
                "version": info.version,
                "content_hash": info.content_hash,
                "added_at": info.added_at,
                "title": set.title(),
                "question_count": set.question_count(),
                "choice_count": set.choice_count(),
            })
        })
        .collect();
    (
        json!(sets),
        serde_json::to_value(workbook.risk_summary().unwrap()).unwrap(),
    )
}

#[test]
fn show_of_a_first_release_workbook_prints_the_parsed_sets_figures_after_its_upgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/schema-1-demo.hashira");
    std::fs::copy(fixture, dir.join("old.hashira")).unwrap();

    let show = json(dir, &["show", "old.hashira"]);
    assert_eq!(show["schema_version"], LATEST_SCHEMA_VERSION);
    let (sets, risk) = parsed_figures(&dir.join("old.hashira"));
    assert_eq!(show["sets"], sets);
    assert_eq!(show["risk"], risk);
    assert!(show["risk"]["counts"]["answered"].as_u64().unwrap() > 0);
    // A second show, on the upgraded file, prints the same.
    assert_eq!(json(dir, &["show", "old.hashira"]), show);
}
