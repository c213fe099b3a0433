//! The cover: what was reviewed, by whom, against which sets, and which workbook file (by
//! name and SHA-256 of its bytes) the report was made from.

use hashira_core::Workbook;
use hashira_core::workbook::Workload;
use serde::Serialize;

use super::SelectedSets;
use crate::error::{ReportError, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetVersion {
    pub id: String,
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    pub workload_name: String,
    pub client_organization: String,
    pub reviewers: Vec<String>,
    pub review_date: Option<String>,
    pub sets: Vec<SetVersion>,
    pub workbook_file_name: String,
    /// SHA-256 (hex) of the workbook file's bytes when the report was built.
    pub workbook_sha256: String,
}

impl Cover {
    pub(crate) fn build(
        workbook: &Workbook,
        workload: &Workload,
        sets: &SelectedSets,
    ) -> Result<Cover> {
        let path = workbook.path();
        Ok(Cover {
            workload_name: workload.name.clone(),
            client_organization: workload.client_organization.clone(),
            reviewers: workload.reviewers.clone(),
            review_date: workload.review_date.clone(),
            sets: sets.versions(),
            workbook_file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            workbook_sha256: sha256_file(path)?,
        })
    }
}

fn sha256_file(path: &std::path::Path) -> Result<String> {
    hashira_core::hashing::sha256_file(path).map_err(|source| ReportError::Io {
        action: "cannot read the workbook file",
        path: path.to_path_buf(),
        source,
    })
}
