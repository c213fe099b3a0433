//! A copy taken of a reviewer's copy (the lead hands SEC to 佐藤, who hands part of it on to
//! 鈴木): merging both back, in either order, adds each reviewer's entries to the lead's log
//! once. 鈴木's file carries 佐藤's entries from before it was taken; once 佐藤's file is merged
//! they are here already, and a second copy of them would tell an auditor that 佐藤 answered
//! (and took a copy) twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{by, json, question};
use serde_json::Value;

/// Every entry of `file`'s log as (actor, action, target).
fn log(dir: &Path, file: &str) -> Vec<(String, String, String)> {
    json(dir, &["log", file])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (text("actor"), text("action"), text("target"))
        })
        .collect()
}

fn count(entries: &[(String, String, String)], actor: &str, action: &str, target: &str) -> usize {
    entries
        .iter()
        .filter(|(a, b, c)| a == actor && b == action && c == target)
        .count()
}

fn selected(dir: &Path, file: &str, id: &str) -> Vec<String> {
    common::selected(&question(dir, file, id))
}

/// lead's workbook with 佐藤's copy (SEC1 answered, then copied on to 鈴木, then SEC3) and
/// 鈴木's copy of it (SEC2).
fn chain(d: &Path) {
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    by(d, "佐藤", &["copy", "w.hashira", "sato.hashira"]);
    by(
        d,
        "佐藤",
        &["answer", "sato.hashira", "SEC1", "--choose", "SEC1-01"],
    );
    by(d, "佐藤", &["answer", "sato.hashira", "SEC4", "--none"]);
    by(d, "鈴木", &["copy", "sato.hashira", "suzuki.hashira"]);
    by(
        d,
        "佐藤",
        &["answer", "sato.hashira", "SEC3", "--choose", "SEC3-01"],
    );
    by(d, "鈴木", &["answer", "suzuki.hashira", "SEC2", "--none"]);
}

fn merge(d: &Path, other: &str) -> Value {
    by(d, "lead", &["merge", "w.hashira", other])
}

fn each_change_once(d: &Path) {
    let entries = log(d, "w.hashira");
    for (actor, target) in [
        ("佐藤", "SEC1"),
        ("佐藤", "SEC4"),
        ("佐藤", "SEC3"),
        ("鈴木", "SEC2"),
    ] {
        assert_eq!(
            count(&entries, actor, "answer.update", target),
            1,
            "{actor}'s {target} in the lead's log: {entries:#?}"
        );
    }
    let copies = entries
        .iter()
        .filter(|(_, action, _)| action == "workbook.copy")
        .count();
    assert_eq!(copies, 2, "each copy once: {entries:#?}");
    assert_eq!(selected(d, "w.hashira", "SEC1"), ["SEC1-01"]);
    assert_eq!(selected(d, "w.hashira", "SEC3"), ["SEC3-01"]);
    assert_eq!(selected(d, "w.hashira", "SEC2"), ["SEC2_no"]);
    assert_eq!(selected(d, "w.hashira", "SEC4"), ["SEC4_no"]);
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);
}

#[test]
fn the_first_copy_merged_first_then_the_copy_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    chain(d);
    let first = merge(d, "sato.hashira");
    assert_eq!(first["their_entries"], 4, "{first}");
    // 鈴木's file holds 佐藤's copy entry and SEC1, SEC4: merged already, not added again.
    let plan = json(d, &["merge", "w.hashira", "suzuki.hashira", "--dry-run"]);
    assert_eq!(
        plan["their_entries"], 2,
        "鈴木's copy and SEC2 only: {plan}"
    );
    let second = merge(d, "suzuki.hashira");
    assert_eq!(second["their_entries"], 2, "{second}");
    each_change_once(d);
    // And merging either again changes nothing.
    assert_eq!(merge(d, "sato.hashira")["merged"], false);
    assert_eq!(merge(d, "suzuki.hashira")["merged"], false);
}

#[test]
fn the_copy_of_a_copy_merged_first_then_the_first_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    chain(d);
    let first = merge(d, "suzuki.hashira");
    assert_eq!(first["their_entries"], 5, "{first}");
    // 佐藤's entries up to the copy came in with 鈴木's file; SEC3 (after it) is new.
    let second = merge(d, "sato.hashira");
    assert_eq!(second["their_entries"], 1, "{second}");
    each_change_once(d);
}
