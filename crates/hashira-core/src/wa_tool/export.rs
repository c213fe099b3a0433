//! The export folder: `lens.json`, `answers/<QuestionId>.json` (`update-answer` requests with
//! the placeholders [`WORKLOAD_PLACEHOLDER`] and [`LENS_PLACEHOLDER`]), `create-workload.json`,
//! `push.sh` and `README.txt`. Built in memory first, then written into a new or empty folder.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::script::{push_script, readme};
use super::{
    LENS_PLACEHOLDER, MAX_CHOICE_NOTES, MAX_NOTES, NA_TEXT_MARKER, WORKLOAD_PLACEHOLDER, WaResult,
    cut_notes,
};
use crate::error::Error;
use crate::lens::{LanguageFallback, lens_file, lens_id};
use crate::question_set::Lang;
use crate::workbook::{Answer, Workbook, Workload};

/// The field of a warning that texts have no version in the language asked for.
pub const LANGUAGE_FIELD: &str = "Language";

/// A text the WA Tool could not take whole: cut, with the marker, and listed here; or (field
/// [`LANGUAGE_FIELD`]) texts written in the other language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportWarning {
    /// The Hashira question id (empty for the workload).
    pub question_id: String,
    /// The request field: `Notes`, `ChoiceUpdates.<ChoiceId>.Notes`, `Description`, …
    pub field: String,
    /// Characters in the workbook, and the WA Tool's limit. For [`LANGUAGE_FIELD`]: how many
    /// of the question's texts (or, without a question, the set's and its pillars' texts) were
    /// written in the other language, and 0.
    pub length: usize,
    pub limit: usize,
    pub message: String,
}

/// Every file of the export (path relative to the folder, text), the answers written, and the
/// warnings.
#[derive(Debug, Clone, Serialize)]
pub struct WaToolExport {
    pub set_id: String,
    /// The lens's name in `lens.json` (what the WA Tool lists it as).
    pub lens_name: String,
    #[serde(skip)]
    pub files: Vec<(PathBuf, String)>,
    pub answers: usize,
    /// Every warning: the texts written in the other language (one per question, field
    /// [`LANGUAGE_FIELD`]) first, then every text cut.
    pub warnings: Vec<ExportWarning>,
    /// The texts written in the other language, as the lens export counted them.
    pub language_fallbacks: Vec<LanguageFallback>,
}

/// The texts a lens export wrote in the other language (`lens::LensFile::fallbacks`) as
/// warnings of field [`LANGUAGE_FIELD`], one per question: what the folder export lists, and
/// what the app lists for a lens file exported alone.
pub fn language_warnings(fallbacks: &[LanguageFallback], lang: Lang) -> Vec<ExportWarning> {
    fallbacks
        .iter()
        .map(|fallback| ExportWarning {
            question_id: fallback.question_id.clone(),
            field: LANGUAGE_FIELD.to_string(),
            length: fallback.texts,
            limit: 0,
            message: fallback.message(lang),
        })
        .collect()
}

/// The set `set_id` of `workbook` and its answers as WA Tool requests. `workload_id` (32 hex
/// digits) makes `push.sh` update that workload instead of creating one.
pub fn export_for_wa_tool(
    workbook: &Workbook,
    set_id: &str,
    lang: Lang,
    workload_id: Option<&str>,
) -> WaResult<WaToolExport> {
    if let Some(id) = workload_id
        && (id.len() != 32 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    {
        return Err(Error::InvalidProperty {
            field: "workload-id".to_string(),
            message: format!("'{id}' is not a WA Tool workload id (32 lowercase hex digits)"),
        }
        .into());
    }
    let set = workbook.question_set(set_id)?;
    let lens = lens_file(set, lang)?;
    let lens_name = lens.lens.name.clone();
    let answers = workbook.answers()?;
    // The texts written in the other language come first, by question.
    let mut warnings = language_warnings(&lens.fallbacks, lang);
    let mut files = vec![(PathBuf::from("lens.json"), lens.text)];
    let mut count = 0;
    for (_, question) in set.questions() {
        // Answered or marked N/A, and also a question with only notes or a choice marked N/A:
        // nothing the reviewer wrote is left behind.
        let Some(answer) = answers.get(question.key()).filter(|a| {
            a.is_answered() || !a.notes.is_empty() || !a.choices_not_applicable.is_empty()
        }) else {
            continue;
        };
        let request = update_answer(&question.id, answer, &mut warnings);
        let text = pretty(&request)?;
        files.push((
            Path::new("answers").join(format!("{}.json", lens_id(&question.id))),
            text,
        ));
        count += 1;
    }
    let workload = workbook.workload()?;
    files.push((
        PathBuf::from("create-workload.json"),
        pretty(&create_workload(&workload, &mut warnings))?,
    ));
    files.push((PathBuf::from("push.sh"), push_script(workload_id)));
    files.push((PathBuf::from("README.txt"), readme(set.id(), count)));
    Ok(WaToolExport {
        set_id: set.id().to_string(),
        lens_name,
        files,
        answers: count,
        warnings,
        language_fallbacks: lens.fallbacks,
    })
}

fn pretty(value: &Value) -> WaResult<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::InvalidAnswer {
        question_id: String::new(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

fn warn(
    warnings: &mut Vec<ExportWarning>,
    question_id: &str,
    field: String,
    length: usize,
    limit: usize,
) {
    warnings.push(ExportWarning {
        question_id: question_id.to_string(),
        message: format!(
            "{field} has {length} characters, over the WA Tool's {limit}: cut with a marker"
        ),
        field,
        length,
        limit,
    });
}

/// One `aws wellarchitected update-answer --cli-input-json` document for the question
/// `question_id` (its id in the set, not the workbook's key: a set keyed `set_id/question_id`
/// because another set shares its ids is still its own lens to the WA Tool).
fn update_answer(question_id: &str, answer: &Answer, warnings: &mut Vec<ExportWarning>) -> Value {
    let mut request = Map::new();
    request.insert("WorkloadId".into(), json!(WORKLOAD_PLACEHOLDER));
    request.insert("LensAlias".into(), json!(LENS_PLACEHOLDER));
    request.insert("QuestionId".into(), json!(lens_id(question_id)));
    let selected: Vec<String> = answer.selected_choices.iter().map(|c| lens_id(c)).collect();
    request.insert("SelectedChoices".into(), json!(selected));
    let mut updates = Map::new();
    for choice in &answer.choices_not_applicable {
        let id = lens_id(&choice.choice_id);
        let (notes, cut) = cut_notes(&choice.text, MAX_CHOICE_NOTES);
        if cut {
            warn(
                warnings,
                question_id,
                format!("ChoiceUpdates.{id}.Notes"),
                choice.text.chars().count(),
                MAX_CHOICE_NOTES,
            );
        }
        updates.insert(
            id,
            json!({ "Status": "NOT_APPLICABLE", "Reason": choice.reason.as_str(), "Notes": notes }),
        );
    }
    if !updates.is_empty() {
        request.insert("ChoiceUpdates".into(), Value::Object(updates));
    }
    let mut notes = answer.notes.clone();
    if let Some(na) = &answer.not_applicable
        && !na.text.is_empty()
    {
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str(NA_TEXT_MARKER);
        notes.push_str(&na.text);
    }
    let (cut_text, cut) = cut_notes(&notes, MAX_NOTES);
    if cut {
        warn(
            warnings,
            question_id,
            "Notes".to_string(),
            notes.chars().count(),
            MAX_NOTES,
        );
    }
    request.insert("Notes".into(), json!(cut_text));
    request.insert(
        "IsApplicable".into(),
        json!(answer.not_applicable.is_none()),
    );
    if let Some(na) = &answer.not_applicable {
        request.insert("Reason".into(), json!(na.reason.as_str()));
    }
    Value::Object(request)
}

/// A text for a field of `min..=max` characters: cut (with a warning) or, when too short,
/// `fallback`.
fn bounded(
    text: &str,
    fallback: &str,
    field: &str,
    max: usize,
    warnings: &mut Vec<ExportWarning>,
) -> String {
    let text = text.trim();
    let text = if text.chars().count() < 3 {
        fallback
    } else {
        text
    };
    let (cut, was_cut) = cut_notes(text, max);
    if was_cut {
        warn(warnings, "", field.to_string(), text.chars().count(), max);
    }
    cut
}

/// The `create-workload` request from the workbook's properties. `Lenses` holds
/// [`LENS_PLACEHOLDER`] (push.sh puts the imported lens's ARN there); `ClientRequestToken` is
/// left to the AWS CLI, which makes one.
fn create_workload(workload: &Workload, warnings: &mut Vec<ExportWarning>) -> Value {
    let mut request = Map::new();
    let name = bounded(
        &workload.name,
        "Hashira workload",
        "WorkloadName",
        100,
        warnings,
    );
    request.insert("WorkloadName".into(), json!(name));
    let description = bounded(
        &workload.description,
        &format!("Hashira review: {name}"),
        "Description",
        250,
        warnings,
    );
    request.insert("Description".into(), json!(description));
    let environment = match workload.environment {
        Some(environment) => environment.as_str(),
        None => {
            warnings.push(ExportWarning {
                question_id: String::new(),
                field: "Environment".to_string(),
                length: 0,
                limit: 0,
                message: "the workbook sets no environment: PRODUCTION is written; edit create-workload.json if it is PREPRODUCTION".to_string(),
            });
            "PRODUCTION"
        }
    };
    request.insert("Environment".into(), json!(environment));
    if !workload.account_ids.is_empty() {
        request.insert("AccountIds".into(), json!(workload.account_ids));
    }
    if !workload.aws_regions.is_empty() {
        request.insert("AwsRegions".into(), json!(workload.aws_regions));
    }
    let other: Vec<String> = workload
        .other_regions
        .iter()
        .take(5)
        .map(|r| cut_notes(r, 25).0)
        .filter(|r| r.chars().count() >= 3)
        .collect();
    if !other.is_empty() {
        request.insert("NonAwsRegions".into(), json!(other));
    }
    let url = workload.architecture_url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        request.insert("ArchitecturalDesign".into(), json!(url));
    }
    if workload.review_owner.trim().chars().count() >= 3 {
        request.insert(
            "ReviewOwner".into(),
            json!(bounded(
                &workload.review_owner,
                "",
                "ReviewOwner",
                255,
                warnings
            )),
        );
    }
    if !workload.notes.trim().is_empty() {
        request.insert(
            "Notes".into(),
            json!(bounded(&workload.notes, "", "Notes", MAX_NOTES, warnings)),
        );
    }
    request.insert("Lenses".into(), json!([LENS_PLACEHOLDER]));
    Value::Object(request)
}
