//! Improvement items as a bank's managers follow them up: every best practice the plan lists
//! (an unselected practice of a HIGH or MEDIUM question) and every item a reviewer adds, each
//! with an owner, a due date, a status and notes.
//!
//! A practice needs no row until someone edits it: the list is the plan (computed from the
//! answers, as [`super::plan`] does) merged with the `improvement_item` rows. A practice that
//! leaves the plan later (it is selected, marked not applicable, or its question is no longer
//! HIGH or MEDIUM) keeps its row — who owned it and what was decided stay on record — and is
//! listed as no longer in the plan (`in_plan: false`, 解消済み / Resolved): never overdue, not
//! in the report's plan. If it comes back into the plan, its row comes back with it.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::error::{Error, Result};
use crate::glossary::{self, Term};
use crate::question_set::LocalizedText;
use crate::review::{ChoiceStatus, QuestionReview};
use crate::risk::Risk;

/// Where an item stands (the WA Tool's improvement status, plus risk acceptance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemStatus {
    /// 未着手.
    #[default]
    Open,
    /// 対応中.
    InProgress,
    /// 完了.
    Done,
    /// リスク受容: not to be done, with a reason.
    RiskAccepted,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [
        ItemStatus::Open,
        ItemStatus::InProgress,
        ItemStatus::Done,
        ItemStatus::RiskAccepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Open => "OPEN",
            ItemStatus::InProgress => "IN_PROGRESS",
            ItemStatus::Done => "DONE",
            ItemStatus::RiskAccepted => "RISK_ACCEPTED",
        }
    }

    /// The glossary's word for the status.
    pub fn term(self) -> &'static Term {
        glossary::item_status(self)
    }

    /// Still to be acted on: only these can be overdue.
    pub fn is_pending(self) -> bool {
        matches!(self, ItemStatus::Open | ItemStatus::InProgress)
    }

    /// Accepts the code (`IN_PROGRESS`, `in-progress`) or the glossary's word in either
    /// language (対応中, In progress).
    pub fn parse(text: &str) -> Option<ItemStatus> {
        let code = text.trim().to_ascii_uppercase().replace(['-', ' '], "_");
        let word = text.trim().to_lowercase();
        ItemStatus::ALL.into_iter().find(|s| {
            s.as_str() == code || s.term().ja == text.trim() || s.term().en.to_lowercase() == word
        })
    }
}

/// What an edit of an item may change: what the `improvement_item` row holds for it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemFields {
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub status: ItemStatus,
    /// Kept only while the status is RISK_ACCEPTED (and then required).
    pub acceptance_reason: String,
    pub notes: String,
}

/// A change to an item. Each `Some` part replaces that part; `None` leaves it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemEdit {
    #[serde(default)]
    pub owner: Option<String>,
    /// `Some("")` clears the due date.
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub status: Option<ItemStatus>,
    #[serde(default)]
    pub acceptance_reason: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which item an edit is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemTarget {
    /// A best practice of the plan, by its question key and choice id.
    Practice {
        question_id: String,
        choice_id: String,
    },
    /// An item by its row id (every item a reviewer added; a practice once edited).
    Id { id: i64 },
}

impl ItemTarget {
    /// How errors and audit entries name the item: `SEC3/SEC3-01` or `#12`.
    pub fn name(&self) -> String {
        match self {
            ItemTarget::Practice {
                question_id,
                choice_id,
            } => format!("{question_id}/{choice_id}"),
            ItemTarget::Id { id } => format!("#{id}"),
        }
    }
}

/// One improvement item as every surface lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrackedItem {
    /// The row's id; `None` for a practice nobody has edited yet (it has no row).
    pub id: Option<i64>,
    pub set_id: String,
    pub pillar_id: String,
    pub question_id: String,
    pub label: String,
    pub question_title: LocalizedText,
    /// The best practice; `None` for an item a reviewer added.
    pub choice_id: Option<String>,
    /// The practice's title, or the title the reviewer gave (the same in both languages).
    pub title: LocalizedText,
    /// The question's risk when HIGH or MEDIUM.
    pub priority: Option<Risk>,
    /// In the improvement plan now. False for a practice that left it (selected, not
    /// applicable, or its question no longer HIGH or MEDIUM): 解消済み / Resolved.
    pub in_plan: bool,
    #[serde(flatten)]
    pub fields: ItemFields,
    /// Due before today (in the workbook's time zone), still OPEN or IN_PROGRESS, in the plan.
    pub overdue: bool,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

impl TrackedItem {
    /// How the CLI and errors name it: `SEC3/SEC3-01`, or `#12` for an added item.
    pub fn name(&self) -> String {
        self.target().name()
    }

    /// The target that edits this item.
    pub fn target(&self) -> ItemTarget {
        match (&self.choice_id, self.id) {
            (Some(choice_id), _) => ItemTarget::Practice {
                question_id: self.question_id.clone(),
                choice_id: choice_id.clone(),
            },
            (None, Some(id)) => ItemTarget::Id { id },
            // Not reachable: an added item always has its row.
            (None, None) => ItemTarget::Id { id: 0 },
        }
    }
}

/// One stored `improvement_item` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemRow {
    pub id: i64,
    pub question_id: String,
    pub choice_id: Option<String>,
    pub title: String,
    pub fields: ItemFields,
    pub updated_by: String,
    pub updated_at: String,
}

/// Today's date in the workbook's time zone: what "overdue" is measured against.
pub fn today(now: OffsetDateTime, offset: UtcOffset) -> Date {
    now.to_offset(offset).date()
}

/// Whether an item is overdue on `today`.
pub fn is_overdue(fields: &ItemFields, in_plan: bool, today: Date) -> bool {
    in_plan
        && fields.status.is_pending()
        && fields
            .due_date
            .as_deref()
            .and_then(parse_date)
            .is_some_and(|due| due < today)
}

fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).ok()
}

/// Owners and reasons are one line; the caps only guard the file against accidents.
const OWNER_LIMIT_CHARS: usize = 200;
const TEXT_LIMIT_CHARS: usize = 100_000;

fn invalid(item: &str, field: &str, message: impl Into<String>) -> Error {
    Error::InvalidImprovementItem {
        item: item.to_string(),
        field: field.to_string(),
        message: message.into(),
    }
}

/// `current` with `edit` applied, checked: a real calendar date, a reason exactly when the
/// status is RISK_ACCEPTED, an owner on one line.
pub fn apply_edit(item: &str, current: &ItemFields, edit: &ItemEdit) -> Result<ItemFields> {
    let mut next = current.clone();
    if let Some(owner) = &edit.owner {
        let owner = owner.trim();
        if owner.chars().any(char::is_control) {
            return Err(invalid(item, "owner", "the owner must be on one line"));
        }
        if owner.chars().count() > OWNER_LIMIT_CHARS {
            return Err(invalid(
                item,
                "owner",
                format!("the owner is longer than {OWNER_LIMIT_CHARS} characters"),
            ));
        }
        next.owner = owner.to_string();
    }
    if let Some(due) = &edit.due_date {
        let due = due.trim();
        next.due_date = if due.is_empty() {
            None
        } else {
            let date = parse_date(due).ok_or_else(|| {
                invalid(
                    item,
                    "due_date",
                    format!("'{due}' is not a date (use YYYY-MM-DD, e.g. 2026-03-31)"),
                )
            })?;
            Some(date.to_string())
        };
    }
    if let Some(status) = edit.status {
        next.status = status;
    }
    if let Some(notes) = &edit.notes {
        if notes.chars().count() > TEXT_LIMIT_CHARS {
            return Err(invalid(
                item,
                "notes",
                format!("the notes are longer than {TEXT_LIMIT_CHARS} characters"),
            ));
        }
        next.notes = notes.clone();
    }
    let accepted = next.status == ItemStatus::RiskAccepted;
    match &edit.acceptance_reason {
        Some(reason) if !reason.trim().is_empty() && !accepted => {
            return Err(invalid(
                item,
                "acceptance_reason",
                format!(
                    "a reason is given only with the status {} (リスク受容); the status is {}",
                    ItemStatus::RiskAccepted.as_str(),
                    next.status.as_str()
                ),
            ));
        }
        Some(reason) => next.acceptance_reason = reason.trim().to_string(),
        None => {}
    }
    if !accepted {
        // The reason belongs to the acceptance: a reopened item does not carry an old one.
        next.acceptance_reason.clear();
    } else if next.acceptance_reason.is_empty() {
        return Err(invalid(
            item,
            "acceptance_reason",
            "the status RISK_ACCEPTED (リスク受容) needs a reason for the acceptance",
        ));
    } else if next.acceptance_reason.chars().count() > TEXT_LIMIT_CHARS {
        return Err(invalid(
            item,
            "acceptance_reason",
            format!("the reason is longer than {TEXT_LIMIT_CHARS} characters"),
        ));
    }
    Ok(next)
}

/// A title a reviewer gives an item: one line, not blank.
pub(crate) fn check_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(invalid("(new)", "title", "an added item needs a title"));
    }
    if title.chars().any(char::is_control) || title.chars().count() > 500 {
        return Err(invalid(
            "(new)",
            "title",
            "the title must be one line of at most 500 characters",
        ));
    }
    Ok(title.to_string())
}

fn priority(risk: Risk) -> Option<Risk> {
    matches!(risk, Risk::High | Risk::Medium).then_some(risk)
}

/// Every item: the plan's practices (HIGH first, then MEDIUM, in review order; each question's
/// added items after its practices), then added items on questions outside the plan, then the
/// practices no longer in the plan whose rows are kept.
pub(crate) fn merge(reviews: &[QuestionReview], rows: &[ItemRow], today: Date) -> Vec<TrackedItem> {
    let make = |review: &QuestionReview,
                choice_id: Option<String>,
                title: LocalizedText,
                in_plan: bool,
                row: Option<&ItemRow>| {
        let fields = row.map(|r| r.fields.clone()).unwrap_or_default();
        TrackedItem {
            id: row.map(|r| r.id),
            set_id: review.set_id.clone(),
            pillar_id: review.pillar_id.clone(),
            question_id: review.question_id.clone(),
            label: review.label.clone(),
            question_title: review.title.clone(),
            choice_id,
            title,
            priority: priority(review.risk),
            in_plan,
            overdue: is_overdue(&fields, in_plan, today),
            fields,
            updated_by: row.map(|r| r.updated_by.clone()),
            updated_at: row.map(|r| r.updated_at.clone()),
        }
    };
    let practice_row = |question: &str, choice: &str| {
        rows.iter()
            .find(|r| r.question_id == question && r.choice_id.as_deref() == Some(choice))
    };
    let added = |review: &QuestionReview| {
        rows.iter()
            .filter(|r| r.question_id == review.question_id && r.choice_id.is_none())
            .map(|r| make(review, None, LocalizedText::ja(&r.title), true, Some(r)))
            .collect::<Vec<_>>()
    };
    let in_plan_practice = |review: &QuestionReview, choice: &crate::review::ChoiceReview| {
        priority(review.risk).is_some()
            && !choice.none_of_these
            && choice.status == ChoiceStatus::Unselected
    };
    let mut items = Vec::new();
    for level in [Risk::High, Risk::Medium] {
        for review in reviews.iter().filter(|r| r.risk == level) {
            for choice in review.choices.iter() {
                if in_plan_practice(review, choice) {
                    let row = practice_row(&review.question_id, &choice.id);
                    items.push(make(
                        review,
                        Some(choice.id.clone()),
                        choice.title.clone(),
                        true,
                        row,
                    ));
                }
            }
            items.extend(added(review));
        }
    }
    for review in reviews.iter().filter(|r| priority(r.risk).is_none()) {
        items.extend(added(review));
    }
    for review in reviews {
        for choice in &review.choices {
            if !in_plan_practice(review, choice)
                && let Some(row) = practice_row(&review.question_id, &choice.id)
            {
                items.push(make(
                    review,
                    Some(choice.id.clone()),
                    choice.title.clone(),
                    false,
                    Some(row),
                ));
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(status: ItemStatus, due: Option<&str>) -> ItemFields {
        ItemFields {
            status,
            due_date: due.map(str::to_string),
            ..ItemFields::default()
        }
    }

    #[test]
    fn overdue_is_a_due_date_before_today_on_an_item_still_to_do_in_the_plan() {
        let today = time::macros::date!(2026 - 04 - 01);
        let due = Some("2026-03-31");
        assert!(is_overdue(&fields(ItemStatus::Open, due), true, today));
        assert!(is_overdue(
            &fields(ItemStatus::InProgress, due),
            true,
            today
        ));
        assert!(!is_overdue(&fields(ItemStatus::Done, due), true, today));
        assert!(!is_overdue(
            &fields(ItemStatus::RiskAccepted, due),
            true,
            today
        ));
        assert!(!is_overdue(&fields(ItemStatus::Open, due), false, today));
        assert!(!is_overdue(
            &fields(ItemStatus::Open, Some("2026-04-01")),
            true,
            today
        ));
        assert!(!is_overdue(&fields(ItemStatus::Open, None), true, today));
    }

    #[test]
    fn today_is_the_date_in_the_workbooks_time_zone() {
        let now = time::macros::datetime!(2026-03-31 20:00 UTC);
        assert_eq!(
            today(now, time::macros::offset!(+9)),
            time::macros::date!(2026 - 04 - 01)
        );
        assert_eq!(
            today(now, UtcOffset::UTC),
            time::macros::date!(2026 - 03 - 31)
        );
    }

    #[test]
    fn edits_check_dates_and_the_reason_for_acceptance() {
        let open = ItemFields::default();
        let edit = |status, reason: Option<&str>| ItemEdit {
            status,
            acceptance_reason: reason.map(str::to_string),
            ..ItemEdit::default()
        };
        let bad_date = ItemEdit {
            due_date: Some("2026-02-30".into()),
            ..ItemEdit::default()
        };
        assert!(apply_edit("x", &open, &bad_date).is_err());
        let accepted = apply_edit("x", &open, &edit(Some(ItemStatus::RiskAccepted), None));
        assert_eq!(
            accepted.unwrap_err().code(),
            crate::ErrorCode::InvalidImprovementItem
        );
        let accepted = apply_edit(
            "x",
            &open,
            &edit(Some(ItemStatus::RiskAccepted), Some(" 費用 ")),
        )
        .unwrap();
        assert_eq!(accepted.acceptance_reason, "費用");
        // Reopened: the reason goes with the acceptance.
        let reopened = apply_edit("x", &accepted, &edit(Some(ItemStatus::Open), None)).unwrap();
        assert_eq!(reopened.acceptance_reason, "");
        assert!(apply_edit("x", &open, &edit(None, Some("why"))).is_err());
        let cleared = apply_edit(
            "x",
            &fields(ItemStatus::Open, Some("2026-01-01")),
            &ItemEdit {
                due_date: Some(String::new()),
                ..ItemEdit::default()
            },
        )
        .unwrap();
        assert_eq!(cleared.due_date, None);
    }

    #[test]
    fn statuses_parse_from_codes_and_the_glossarys_words() {
        for status in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(status.as_str()), Some(status));
            assert_eq!(ItemStatus::parse(status.term().ja), Some(status));
            assert_eq!(ItemStatus::parse(status.term().en), Some(status));
        }
        assert_eq!(
            ItemStatus::parse("in-progress"),
            Some(ItemStatus::InProgress)
        );
        assert_eq!(ItemStatus::parse("later"), None);
    }
}
