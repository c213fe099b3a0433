//! The report model: everything the report shows, as plain serializable data built from a
//! workbook. Texts are already resolved to the report's language; risks and statuses stay
//! enums so the renderer can colour them. Only [`crate::render`] knows about PDF.
//!
//! One module per part of the report builds that part's data; this one picks the sets and
//! reads the workbook once for all of them.

mod answers;
mod changes;
mod cover;
mod fisc;
mod format;
mod history;
mod integrity;
mod plan;
mod summary;
mod wg;
mod workload;

pub use answers::{
    ChoiceImprovement, ChoiceLine, ChoiceNotApplicable, EvidenceEntry, LinkLine, PillarAnswers,
    QuestionEntry, QuestionNotApplicable, SetAnswers,
};
pub use changes::{
    ChangedItem, ChangedQuestion, ChangesSection, MilestoneMark, TrendPoint, TrendSet,
};
pub use cover::{Cover, SetVersion};
pub use fisc::{CoverageStatus, FiscEntry, FiscReference, fisc_sort_key};
pub use format::{display_time, plain_text};
pub use history::HistoryEntry;
pub use integrity::{AuditHead, Integrity};
pub use plan::{AddedItem, FollowUp, PlanAction, PlanCounts, PlanItem};
pub use summary::{PillarSummary, RiskItem, SetSummary, Summary};
pub use wg::{WgAssessmentSection, WgCriterionRow};
pub use workload::Property;

use hashira_core::review::QuestionReview;
use hashira_core::workbook::Workload;
use hashira_core::{Lang, QuestionSet, Workbook};
use serde::Serialize;
use time::{OffsetDateTime, UtcOffset};

use crate::error::{ReportError, Result};
use crate::i18n::texts;
use crate::milestones::{AsOfMilestone, ChangesSince};
use format::text;

/// What to put in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    pub lang: Lang,
    /// Question sets to include, by id; empty means every set of the workbook.
    pub set_ids: Vec<String>,
    /// Confidentiality label printed on every page.
    pub label: String,
    /// Shown on the cover and in the document metadata, in the workbook's time zone
    /// (`Workbook::time_offset`) whatever this instant's offset.
    pub generated_at: OffsetDateTime,
    /// Appends the change history (every audit entry, described) after the sign-off.
    pub with_history: bool,
    /// The milestone the workbook given to [`ReportModel::build`] is (its view): the cover
    /// says so, with the milestone record's SHA-256 and the audit entry that records it.
    /// Read with [`crate::milestones::read_milestone_inputs`].
    pub as_of: Option<AsOfMilestone>,
    /// Adds the section "changes since milestone X" (after the summary).
    pub changes: Option<ChangesSince>,
}

impl ReportOptions {
    /// The instant in Japan Standard Time for Japanese, UTC for English. The report no longer
    /// depends on it: [`ReportModel::build`] shows every time in the workbook's time zone.
    pub fn report_time(lang: Lang, instant: OffsetDateTime) -> OffsetDateTime {
        match lang {
            Lang::Ja => instant.to_offset(time::macros::offset!(+9)),
            Lang::En => instant.to_offset(UtcOffset::UTC),
        }
    }

    /// Every set, the language's default label (社外秘 / Confidential).
    pub fn new(lang: Lang, generated_at: OffsetDateTime) -> ReportOptions {
        ReportOptions {
            lang,
            set_ids: Vec::new(),
            label: texts(lang).default_label.to_string(),
            generated_at,
            with_history: false,
            as_of: None,
            changes: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportModel {
    pub lang: Lang,
    pub title: String,
    pub label: String,
    /// `YYYY-MM-DD HH:MM (UTC+09:00)` in the workbook's time zone.
    pub generated_at: String,
    /// RFC 3339, for the document metadata.
    pub generated_at_rfc3339: String,
    pub cover: Cover,
    /// The workbook's `verify` result and audit chain head, stated on the cover; a failure
    /// is also warned about on every page.
    pub integrity: Integrity,
    pub summary: Summary,
    pub workload: Vec<Property>,
    pub answers: Vec<SetAnswers>,
    pub improvement_plan: Vec<PlanItem>,
    pub fisc_coverage: Vec<FiscReference>,
    /// WG (セキュリティリスク評価共同化WG) evaluations stored in the workbook, by service;
    /// empty when it has none, and the section is then left out.
    pub wg_assessments: Vec<WgAssessmentSection>,
    pub sign_off: SignOff,
    /// The change history appendix; empty (and left out) unless `with_history` was asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
    /// Set when the report shows the review as of a milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<MilestoneMark>,
    /// The section "changes since milestone X", when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignOff {
    /// Names printed on the reviewer lines (the workbook's reviewers, else the review owner);
    /// at least one line is printed even when empty.
    pub reviewers: Vec<String>,
    /// Approver lines are left blank to be filled in by hand.
    pub approver_lines: usize,
}

impl SignOff {
    fn for_workload(workload: &Workload) -> SignOff {
        let mut reviewers = workload.reviewers.clone();
        if reviewers.is_empty() && !workload.review_owner.trim().is_empty() {
            reviewers.push(workload.review_owner.clone());
        }
        SignOff {
            reviewers,
            approver_lines: 1,
        }
    }
}

impl ReportModel {
    /// Builds the model. Reads the workbook (review, risks, evidence, workload), verifies it
    /// and hashes its file; writes nothing. Times are shown in the workbook's time zone.
    pub fn build(workbook: &Workbook, options: &ReportOptions) -> Result<ReportModel> {
        let lang = options.lang;
        let offset = workbook.time_offset()?;
        let generated_at = options.generated_at.to_offset(offset);
        let sets = SelectedSets::new(workbook, &options.set_ids, lang)?;

        let workload = workbook.workload()?;
        let reviews: Vec<QuestionReview> = workbook
            .review(None)?
            .into_iter()
            .filter(|r| sets.includes(&r.set_id))
            .collect();
        // The core's figures for exactly the sets in the report.
        let risks = hashira_core::risk::summarize(&sets.owned(), &workbook.answers()?);
        let evidence = workbook.list_evidence(None)?;
        let mut cover = Cover::build(workbook, &workload, &sets)?;
        let milestone = options
            .as_of
            .as_ref()
            .map(|as_of| MilestoneMark::build(as_of, lang, offset));
        // A milestone's review is read from a copy: the cover names the workbook file and the
        // milestone's record, never the copy.
        if let Some(mark) = &milestone {
            cover.workbook_file_name = mark.file_name.clone();
            cover.workbook_sha256 = mark.content_sha256.clone();
        }
        let mut integrity = Integrity::check(workbook)?;
        // A milestone is vouched for by the workbook file: its `verify` checks every
        // milestone's chunks against the record the audit chain holds. The copy a milestone is
        // read back into has no milestones of its own, so its own check would report the
        // earlier ones its audit trail records as deleted.
        if let Some(as_of) = &options.as_of {
            integrity.passed = as_of.vouched_for();
            integrity.problems = as_of.workbook_problems.clone();
        }
        // Items are overdue as of the report's state: the milestone's time, or the report's.
        let items_at = options
            .as_of
            .as_ref()
            .and_then(|a| hashira_core::diff::ReviewDiff::instant_of(&a.info))
            .unwrap_or(options.generated_at);
        let changes = options.changes.as_ref().map(|c| {
            changes::ChangesSection::build(
                c,
                &changes::SectionContext {
                    lang,
                    offset,
                    to: options.as_of.as_ref(),
                    now: &risks.sets,
                    set_ids: &options.set_ids,
                },
            )
        });

        Ok(ReportModel {
            lang,
            title: texts(lang).title.to_string(),
            label: options.label.clone(),
            generated_at: display_time(generated_at),
            generated_at_rfc3339: generated_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            cover,
            integrity,
            summary: Summary::build(&risks, &reviews, lang),
            workload: workload::workload_properties(&workload, lang),
            answers: answers::answers(&reviews, &evidence, &sets, lang, offset),
            improvement_plan: plan::improvement_plan(
                &reviews,
                &workbook.improvement_items(items_at)?,
                &sets,
                lang,
            ),
            fisc_coverage: fisc::fisc_coverage(&reviews, lang),
            wg_assessments: wg::wg_sections(workbook, lang, offset)?,
            sign_off: SignOff::for_workload(&workload),
            history: if options.with_history {
                history::history_entries(workbook, lang)?
            } else {
                Vec::new()
            },
            milestone,
            changes,
        })
    }

    /// A draft: the review is not complete (questions unanswered, or N/A without a reason).
    pub fn is_draft(&self) -> bool {
        !self.summary.complete
    }

    /// Every question of the model, in order.
    pub fn questions(&self) -> impl Iterator<Item = &QuestionEntry> {
        self.answers
            .iter()
            .flat_map(|s| s.pillars.iter().flat_map(|p| p.questions.iter()))
    }
}

/// The question sets the report covers, in the workbook's order.
pub(crate) struct SelectedSets<'a> {
    /// As asked for; empty means every set.
    ids: &'a [String],
    sets: Vec<&'a QuestionSet>,
    lang: Lang,
}

impl<'a> SelectedSets<'a> {
    /// Fails on an id the workbook does not have, naming the ones it has.
    fn new(workbook: &'a Workbook, ids: &'a [String], lang: Lang) -> Result<SelectedSets<'a>> {
        let known: Vec<&str> = workbook.question_sets().iter().map(|s| s.id()).collect();
        for id in ids {
            if !known.contains(&id.as_str()) {
                return Err(ReportError::Core(
                    hashira_core::Error::QuestionSetNotFound {
                        id: id.clone(),
                        known: known.join(", "),
                    },
                ));
            }
        }
        let mut selected = SelectedSets {
            ids,
            sets: Vec::new(),
            lang,
        };
        selected.sets = workbook
            .question_sets()
            .iter()
            .filter(|s| selected.includes(s.id()))
            .collect();
        Ok(selected)
    }

    pub(crate) fn includes(&self, set_id: &str) -> bool {
        self.ids.is_empty() || self.ids.iter().any(|id| id == set_id)
    }

    /// Copies of the sets, for the core's `summarize`.
    fn owned(&self) -> Vec<QuestionSet> {
        self.sets.iter().map(|s| (*s).clone()).collect()
    }

    fn find(&self, set_id: &str) -> Option<&QuestionSet> {
        self.sets.iter().copied().find(|s| s.id() == set_id)
    }

    /// The set's title in the report's language; empty for a set not included.
    pub(crate) fn title(&self, set_id: &str) -> String {
        self.find(set_id)
            .map(|s| text(s.title(), self.lang))
            .unwrap_or_default()
    }

    /// The version of the set copied into the workbook; empty for a set not included.
    pub(crate) fn version(&self, set_id: &str) -> String {
        self.find(set_id)
            .map(|s| s.version().to_string())
            .unwrap_or_default()
    }

    pub(crate) fn versions(&self) -> Vec<SetVersion> {
        self.sets
            .iter()
            .map(|s| SetVersion {
                id: s.id().to_string(),
                title: text(s.title(), self.lang),
                version: s.version().to_string(),
            })
            .collect()
    }
}
