//! Adding a custom lens to a workbook: read the file (refused over 5 MB before it is read),
//! preview what it adds, and add exactly what was previewed (the apply names the file's
//! SHA-256 from the preview and is refused if the file changed).

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::check::MAX_READ_BYTES;
use super::import::{LensImport, lens_to_set};
use super::problem::{LensProblem, too_big};
use crate::error::{Error, ErrorCode, ErrorPayload};
use crate::hashing::sha256_hex;
use crate::question_set::{Lang, QuestionSet};
use crate::workbook::Workbook;

/// Why a lens was not added: the workbook's own error, or the lens's problems by JSON path.
#[derive(Debug, thiserror::Error)]
pub enum LensImportError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("{file} cannot be imported as a question set ({}): {}", count(.problems.len()), first(.problems))]
    Refused {
        file: String,
        problems: Vec<LensProblem>,
    },
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

fn first(problems: &[LensProblem]) -> String {
    let shown: Vec<String> = problems.iter().take(5).map(|p| p.to_string()).collect();
    shown.join("; ")
}

impl LensImportError {
    pub fn payload(&self) -> ErrorPayload {
        match self {
            LensImportError::Core(error) => error.payload(),
            LensImportError::Refused { file, problems } => ErrorPayload {
                code: ErrorCode::ImportProblems,
                message: self.to_string(),
                details: json!({ "file": file, "problems": problems }),
            },
        }
    }
}

/// What adding a lens would add, shown before anything changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LensPreview {
    /// The file's name, as the set records it.
    pub file: String,
    /// SHA-256 of the file's bytes: give it back to [`Workbook::add_lens`] to add exactly this.
    pub sha256: String,
    pub set_id: String,
    pub name: String,
    pub version: String,
    /// The version as every surface writes it (`question_set::version_label`).
    pub version_label: String,
    pub language: Lang,
    pub pillars: Vec<LensPreviewPillar>,
    pub question_count: usize,
    /// Best-practice choices, not counting "None of these".
    pub choice_count: usize,
    /// Some question id of the lens is already used by another set, so the workbook keys this
    /// set's questions `set_id/question_id` and commands need `--set` for the shared ids.
    pub shares_question_ids: bool,
    pub warnings: Vec<LensProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LensPreviewPillar {
    pub id: String,
    pub title: String,
    pub questions: Vec<LensPreviewQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LensPreviewQuestion {
    pub id: String,
    pub title: String,
    pub choices: usize,
    pub none_of_these: bool,
    pub rules: usize,
}

/// The bytes of the lens file at `path`, refused over 5 MB without being read.
pub fn read_lens_file(path: &Path) -> Result<Vec<u8>, LensImportError> {
    let io = |source| Error::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let refused = |size| LensImportError::Refused {
        file: path.display().to_string(),
        problems: vec![too_big(size)],
    };
    if size > MAX_READ_BYTES {
        return Err(refused(size));
    }
    let mut bytes = Vec::new();
    Read::by_ref(&mut file)
        .take(MAX_READ_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(refused(bytes.len() as u64));
    }
    Ok(bytes)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Workbook {
    /// The lens at `path` as this workbook would add it (`set_id`, or one made from its name).
    pub fn preview_lens(
        &self,
        path: &Path,
        set_id: Option<&str>,
    ) -> Result<(LensPreview, QuestionSet), LensImportError> {
        let bytes = read_lens_file(path)?;
        self.lens_from_bytes(&bytes, path, set_id)
    }

    /// Adds the lens at `path` as a question set, in one transaction with its audit entry.
    /// `expected_sha256` (from [`Workbook::preview_lens`]) refuses a file changed since.
    pub fn add_lens(
        &mut self,
        path: &Path,
        set_id: Option<&str>,
        expected_sha256: Option<&str>,
        actor: &str,
    ) -> Result<LensPreview, LensImportError> {
        let bytes = read_lens_file(path)?;
        if expected_sha256.is_some_and(|expected| expected != sha256_hex(&bytes)) {
            return Err(Error::ImportPlanChanged {
                path: path.to_path_buf(),
            }
            .into());
        }
        let (mut preview, set) = self.lens_from_bytes(&bytes, path, set_id)?;
        let added = self.add_question_set(set, actor)?;
        preview.shares_question_ids = added.has_qualified_keys();
        Ok(preview)
    }

    fn lens_from_bytes(
        &self,
        bytes: &[u8],
        path: &Path,
        set_id: Option<&str>,
    ) -> Result<(LensPreview, QuestionSet), LensImportError> {
        let present = self.set_infos()?;
        let taken: Vec<&str> = present.iter().map(|s| s.id.as_str()).collect();
        if let Some(id) = set_id
            && taken.contains(&id)
        {
            return Err(Error::QuestionSetConflict {
                set_id: id.to_string(),
                message: "the workbook already holds a set with this id".into(),
            }
            .into());
        }
        let name = file_name(path);
        let LensImport { set, warnings } =
            lens_to_set(bytes, &name, set_id, &taken).map_err(|refused| {
                LensImportError::Refused {
                    file: path.display().to_string(),
                    problems: refused.problems,
                }
            })?;
        let used: std::collections::HashSet<&str> = self
            .question_sets()
            .iter()
            .flat_map(|s| s.questions().map(|(_, q)| q.key()))
            .collect();
        let preview = LensPreview {
            file: name,
            sha256: sha256_hex(bytes),
            set_id: set.id().to_string(),
            name: set.title().get(Lang::Ja).to_string(),
            version: set.version().to_string(),
            version_label: crate::question_set::version_label(set.version()),
            language: set
                .document()
                .languages
                .first()
                .copied()
                .unwrap_or_default(),
            pillars: set
                .pillars()
                .iter()
                .map(|p| LensPreviewPillar {
                    id: p.id.clone(),
                    title: p.title.get(Lang::Ja).to_string(),
                    questions: p
                        .questions
                        .iter()
                        .map(|q| LensPreviewQuestion {
                            id: q.id.clone(),
                            title: q.title.get(Lang::Ja).to_string(),
                            choices: q.practice_choices().count(),
                            none_of_these: q.none_choice().is_some(),
                            rules: q.risk_rules.len(),
                        })
                        .collect(),
                })
                .collect(),
            question_count: set.question_count(),
            choice_count: set.choice_count(),
            shares_question_ids: set.questions().any(|(_, q)| used.contains(q.id.as_str())),
            warnings,
        };
        Ok((preview, set))
    }
}
