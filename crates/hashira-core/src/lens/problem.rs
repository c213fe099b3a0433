//! One problem `lens check` reports.

use serde::Serialize;

use super::check::{MAX_LENS_BYTES, MAX_READ_BYTES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where (`$` is the whole file), what, and whether the WA Tool would refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LensProblem {
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

impl std::fmt::Display for LensProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}: {}", self.path, self.message)
    }
}

/// The one problem of a file too big to read.
pub(crate) fn too_big(size: u64) -> LensProblem {
    LensProblem {
        path: "$".into(),
        message: format!(
            "the file is {size} bytes; files over {MAX_READ_BYTES} bytes are refused without being read (the WA Tool takes at most {MAX_LENS_BYTES})"
        ),
        severity: Severity::Error,
    }
}

/// What is wrong with a lens URL, or `None`: the WA Tool's rule (http:// or https://) and then
/// the one a question set applies to its links, so a lens `lens check` passes also imports.
pub(crate) fn url_problem(url: &str) -> Option<String> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        Some(format!("\"{url}\" must start with http:// or https://"))
    } else if !crate::question_set::validate::is_web_url(url) {
        Some(format!("\"{url}\" is not a valid http(s) URL"))
    } else {
        None
    }
}

/// What is wrong with a question's "None of these" choices (ids ending in `_no`), given
/// whether each choice is one: at most one, and not every choice. Both the check and the
/// import say it, in these words, at `…choices`.
pub(crate) fn none_of_these_problems(none_of_these: &[bool]) -> Vec<String> {
    let nones = none_of_these.iter().filter(|n| **n).count();
    let mut problems = Vec::new();
    if nones > 1 {
        problems.push(format!(
            "{nones} choices end in '_no'; a question has one \"None of these\""
        ));
    }
    if !none_of_these.is_empty() && nones == none_of_these.len() {
        problems.push("has no choices besides \"None of these\"".into());
    }
    problems
}
