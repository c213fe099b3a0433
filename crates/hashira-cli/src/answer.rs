//! `hashira questions` and `hashira answer`.

use std::path::PathBuf;

use clap::Args;
use hashira_core::Lang;
use hashira_core::question_set::{Question, lookup};
use hashira_core::review::ChoiceStatus;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason,
};
use hashira_core::{Error, ErrorCode, ErrorPayload};

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    file: PathBuf,
    /// Only this question set.
    #[arg(long = "set", value_name = "ID")]
    set: Option<String>,
    /// Show the review as milestone NAME (or number) holds it.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
    /// Only the re-review list (要再確認): questions a set upgrade changed under their answer.
    #[arg(long)]
    rereview: bool,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    file: PathBuf,
    question_id: String,
    /// The question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    set: Option<String>,
    /// Select a choice (repeatable). Replaces the current selection.
    #[arg(long = "choose", value_name = "CHOICE_ID", conflicts_with_all = ["none", "clear"])]
    choose: Vec<String>,
    /// Select "None of these".
    #[arg(long, conflicts_with = "clear")]
    none: bool,
    /// Clear the selection.
    #[arg(long)]
    clear: bool,
    /// Mark the question not applicable: OUT_OF_SCOPE, BUSINESS_PRIORITIES,
    /// ARCHITECTURE_CONSTRAINTS or OTHER.
    #[arg(long = "na", value_name = "REASON", conflicts_with = "applicable")]
    na: Option<String>,
    /// Explanation for --na (may start with "-").
    #[arg(
        long = "na-text",
        value_name = "TEXT",
        requires = "na",
        allow_hyphen_values = true
    )]
    na_text: Option<String>,
    /// Make a not-applicable question applicable again.
    #[arg(long)]
    applicable: bool,
    /// Mark one choice not applicable: CHOICE_ID:REASON or CHOICE_ID:REASON:TEXT (repeatable;
    /// replaces the current list). Use --choice-na-clear to remove them all.
    #[arg(
        long = "choice-na",
        value_name = "CHOICE_ID:REASON[:TEXT]",
        allow_hyphen_values = true
    )]
    choice_na: Vec<String>,
    /// Remove every choice's not-applicable mark.
    #[arg(long = "choice-na-clear", conflicts_with = "choice_na")]
    choice_na_clear: bool,
    /// Notes (replaces the current notes; may start with "-", as a bulleted list does).
    #[arg(long, allow_hyphen_values = true)]
    notes: Option<String>,
    /// Confirm the answer as it is (after a set upgrade): takes the question off the
    /// re-review list; with other options, after saving them.
    #[arg(long)]
    confirm: bool,
    /// Who makes the change (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

fn parse_reason(question_id: &str, text: &str) -> Result<NotApplicableReason, Error> {
    NotApplicableReason::parse(text).ok_or_else(|| Error::InvalidAnswer {
        question_id: question_id.to_string(),
        message: format!(
            "'{text}' is not a reason; use one of {}",
            NotApplicableReason::ALL.map(|r| r.as_str()).join(", ")
        ),
    })
}

/// The change the options ask for, with the question's and choices' ids as the set spells them
/// (`sec1-02` given, `SEC1-02` saved).
fn change_from(args: &AnswerArgs, question: &Question) -> Result<AnswerChange, Failure> {
    let question_id = &question.key().to_string();
    let resolve_choice_id = |text: &str| -> Result<String, Error> {
        Ok(lookup::resolve_choice(question, text)?.id.clone())
    };
    let selected_choices = if args.clear {
        Some(Vec::new())
    } else if args.none {
        let none = question.none_choice().ok_or_else(|| Error::InvalidAnswer {
            question_id: question_id.clone(),
            message: "the question has no \"None of these\" choice".into(),
        })?;
        Some(vec![none.id.clone()])
    } else if !args.choose.is_empty() {
        let ids: Result<Vec<String>, Error> =
            args.choose.iter().map(|c| resolve_choice_id(c)).collect();
        Some(ids?)
    } else {
        None
    };
    let not_applicable = if args.applicable {
        Some(None)
    } else if let Some(reason) = &args.na {
        Some(Some(NotApplicable {
            reason: parse_reason(question_id, reason)?,
            text: args.na_text.clone().unwrap_or_default(),
        }))
    } else {
        None
    };
    let choices_not_applicable = if args.choice_na_clear {
        Some(Vec::new())
    } else if args.choice_na.is_empty() {
        None
    } else {
        let mut marked = Vec::new();
        for spec in &args.choice_na {
            let mut parts = spec.splitn(3, ':');
            let (Some(choice_id), Some(reason)) = (parts.next(), parts.next()) else {
                return Err(Failure::Error(ErrorPayload {
                    code: ErrorCode::InvalidAnswer,
                    message: format!(
                        "invalid answer for {question_id}: --choice-na '{spec}' must be CHOICE_ID:REASON[:TEXT]"
                    ),
                    details: serde_json::json!({ "question_id": question_id, "field": "choice-na" }),
                }));
            };
            marked.push(ChoiceNotApplicable {
                choice_id: resolve_choice_id(choice_id)?,
                reason: parse_reason(question_id, reason)?,
                text: parts.next().unwrap_or("").to_string(),
            });
        }
        Some(marked)
    };
    Ok(AnswerChange {
        selected_choices,
        choices_not_applicable,
        not_applicable,
        notes: args.notes.clone(),
    })
}

pub fn answer(args: AnswerArgs, context: &Context) -> Result<(), Failure> {
    // Reads only this question of the workbook's sets: a point change to a 10,000-question
    // set takes milliseconds, not the parse of the whole set (BENCHMARKS.md, "Scale").
    let mut workbook = hashira_core::Workbook::open_for_question(
        &args.file,
        context.clock.clone(),
        &args.question_id,
    )?;
    let (_, _, question) = workbook.resolve_question_in(args.set.as_deref(), &args.question_id)?;
    let question_id = question.key().to_string();
    let change = change_from(&args, question)?;
    let actor = context.actor(args.by.as_deref());
    let saved = workbook.save_answer(&question_id, change, &actor)?;
    if args.confirm {
        workbook.confirm_answer(&question_id, &actor)?;
    }
    let risk = workbook.question_risk(&question_id)?;
    if context.json {
        let mut value = serde_json::to_value(&saved).unwrap_or_default();
        value["risk"] = serde_json::json!(risk);
        return print_json(&value);
    }
    let selected = if saved.selected_choices.is_empty() {
        "-".to_string()
    } else {
        saved.selected_choices.join(", ")
    };
    out!("{question_id}: {} (selected: {selected})", risk.as_str());
    Ok(())
}

pub fn questions(args: QuestionsArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open_as_of(&args.file, args.milestone.as_deref(), context)?;
    if args.rereview {
        return crate::set_upgrade::print_rereview(&workbook, args.set.as_deref(), context);
    }
    let reviews = workbook.review(args.set.as_deref())?;
    if context.json {
        return print_json(&reviews);
    }
    for review in &reviews {
        out!(
            "{:<10} {:<14} {}",
            review.question_id,
            review.risk.as_str(),
            review.title.get(Lang::Ja)
        );
        for choice in &review.choices {
            let mark = match choice.status {
                ChoiceStatus::Selected => "[x]",
                ChoiceStatus::NotApplicable => "[-]",
                ChoiceStatus::Unselected => "[ ]",
            };
            out!(
                "    {mark} {:<16} {}",
                choice.id,
                choice.title.get(Lang::Ja)
            );
        }
        if let Some(na) = &review.not_applicable {
            out!("    not applicable: {} {}", na.reason.as_str(), na.text);
        }
        if !review.notes.is_empty() {
            out!("    notes: {}", review.notes.replace('\n', "\n           "));
        }
    }
    Ok(())
}
