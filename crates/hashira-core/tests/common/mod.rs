//! Shared set-up for the core's integration tests: real workbook files in a temporary folder.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::question_set::shipped::shipped_set;
use hashira_core::{FixedClock, Workbook};

pub const ACTOR: &str = "鈴木 一郎";

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap())
}

pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new workbook with sec + fisc-sec.
    pub fn workbook(&self, name: &str) -> Workbook {
        Workbook::create(
            &self.path(name),
            "テスト用ワークロード",
            vec![
                shipped_set("sec").unwrap(),
                shipped_set("fisc-sec").unwrap(),
            ],
            ACTOR,
            clock(),
        )
        .unwrap()
    }
}

pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}
