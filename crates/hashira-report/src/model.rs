//! The report model: everything the report shows, as plain serializable data built from a
//! workbook. Texts are already resolved to the report's language; risks and statuses stay
//! enums so the renderer can colour them. Only [`crate::render`] knows about PDF.

use std::collections::BTreeMap;

use hashira_core::improvement::{self, ImprovementItem};
use hashira_core::review::{ChoiceStatus, QuestionReview};
use hashira_core::wg::WgDecision;
use hashira_core::workbook::{Environment, EvidenceKind, NotApplicableReason, Workload};
use hashira_core::{Lang, LocalizedText, Risk, RiskCounts, Workbook};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{OffsetDateTime, UtcOffset};

use crate::error::{ReportError, Result};
use crate::i18n::texts;

/// What to put in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    pub lang: Lang,
    /// Question sets to include, by id; empty means every set of the workbook.
    pub set_ids: Vec<String>,
    /// Confidentiality label printed on every page.
    pub label: String,
    /// Shown on the cover and in the document metadata; its offset is the report's time zone.
    pub generated_at: OffsetDateTime,
}

impl ReportOptions {
    /// The time zone a report is shown in: Japan Standard Time for Japanese, UTC for English.
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportModel {
    pub lang: Lang,
    pub title: String,
    pub label: String,
    /// `YYYY-MM-DD HH:MM (UTC+09:00)` in the report's time zone.
    pub generated_at: String,
    /// RFC 3339, for the document metadata.
    pub generated_at_rfc3339: String,
    pub cover: Cover,
    pub summary: Summary,
    pub workload: Vec<Property>,
    pub answers: Vec<SetAnswers>,
    pub improvement_plan: Vec<PlanItem>,
    pub fisc_coverage: Vec<FiscReference>,
    /// WG (セキュリティリスク評価共同化WG) evaluations stored in the workbook, by service;
    /// empty when it has none, and the section is then left out.
    pub wg_assessments: Vec<WgAssessmentSection>,
    pub sign_off: SignOff,
}

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub questions: usize,
    /// Answered, including questions marked not applicable.
    pub done: usize,
    pub percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarSummary {
    pub id: String,
    pub title: String,
    pub counts: RiskCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetSummary {
    pub id: String,
    pub title: String,
    pub version: String,
    pub counts: RiskCounts,
    pub pillars: Vec<PillarSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskItem {
    pub risk: Risk,
    pub set_id: String,
    pub pillar: String,
    pub question_id: String,
    pub label: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub progress: Progress,
    pub totals: RiskCounts,
    pub sets: Vec<SetSummary>,
    /// HIGH first, then MEDIUM, each in review order.
    pub risks: Vec<RiskItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    pub key: String,
    pub label: String,
    pub value: String,
    /// Set when the value is a link.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceLine {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceImprovement {
    pub id: String,
    pub title: String,
    /// `improvement`, else the 解説 items, else empty.
    pub improvement: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceNotApplicable {
    pub id: String,
    pub title: String,
    pub reason: NotApplicableReason,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionNotApplicable {
    pub reason: NotApplicableReason,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceEntry {
    pub id: i64,
    pub title: String,
    pub kind: EvidenceKind,
    /// File name, URL, or empty for text.
    pub name: String,
    pub choice_id: Option<String>,
    pub size_bytes: Option<i64>,
    /// First 12 hex digits of the file's SHA-256.
    pub sha256_short: Option<String>,
    pub url: Option<String>,
    pub excerpt: Option<String>,
    pub added_by: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionEntry {
    pub id: String,
    pub label: String,
    pub title: String,
    pub risk: Risk,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    pub selected: Vec<ChoiceLine>,
    pub not_selected: Vec<ChoiceImprovement>,
    pub choices_not_applicable: Vec<ChoiceNotApplicable>,
    pub not_applicable: Option<QuestionNotApplicable>,
    pub notes: String,
    pub evidence: Vec<EvidenceEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarAnswers {
    pub id: String,
    pub title: String,
    pub questions: Vec<QuestionEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAnswers {
    pub id: String,
    pub title: String,
    pub version: String,
    pub pillars: Vec<PillarAnswers>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction {
    pub choice_id: String,
    pub title: String,
    pub fisc_refs: Vec<String>,
    pub improvement: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub priority: Risk,
    pub set_id: String,
    pub set_title: String,
    pub pillar: String,
    pub question_id: String,
    pub label: String,
    pub title: String,
    pub actions: Vec<PlanAction>,
}

/// The state of one best practice as seen from a FISC reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CoverageStatus {
    Selected,
    NotSelected,
    NotApplicable,
    Unanswered,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiscEntry {
    pub set_id: String,
    pub question_id: String,
    pub label: String,
    pub question_title: String,
    pub choice_id: String,
    pub choice_title: String,
    pub status: CoverageStatus,
    pub question_risk: Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiscReference {
    /// `実63`.
    pub reference: String,
    pub entries: Vec<FiscEntry>,
}

/// One WG criterion row as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WgCriterionRow {
    pub criterion_no: String,
    pub perspective: String,
    pub criterion: String,
    /// Decision label as shown (採用, 条件付き採用, …).
    pub decision: String,
    pub own_measures: String,
    pub residual_risk: String,
}

/// A WG (セキュリティリスク評価共同化WG) evaluation of one AWS service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WgAssessmentSection {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub imported_by: String,
    pub imported_at: String,
    /// Decision label → number of criteria.
    pub decisions: Vec<(String, usize)>,
    pub criteria: Vec<WgCriterionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignOff {
    /// Names printed on the reviewer lines (the workbook's reviewers, else the review owner);
    /// at least one line is printed even when empty.
    pub reviewers: Vec<String>,
    /// Approver lines are left blank to be filled in by hand.
    pub approver_lines: usize,
}

/// Formats an instant as `2026-04-01 09:00 (UTC+09:00)`.
pub fn display_time(instant: OffsetDateTime) -> String {
    let offset = instant.offset();
    let (h, m, _) = offset.as_hms();
    let zone = if offset.is_utc() {
        "UTC".to_string()
    } else {
        format!(
            "UTC{}{:02}:{:02}",
            if offset.is_negative() { '-' } else { '+' },
            h.unsigned_abs(),
            m.unsigned_abs()
        )
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} ({zone})",
        instant.year(),
        u8::from(instant.month()),
        instant.day(),
        instant.hour(),
        instant.minute()
    )
}

/// A stored timestamp (`2026-04-01T00:00:00.000Z`) in the report's offset, without the zone:
/// `2026-04-01 09:00`. Unparseable text is shown as stored.
fn display_stored(stored: &str, offset: UtcOffset) -> String {
    match OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339) {
        Ok(at) => {
            let at = at.to_offset(offset);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute()
            )
        }
        Err(_) => stored.to_string(),
    }
}

/// Source markdown as plain text: `[title](url)` → `title (url)`, `\*` → `*`, `**bold**` → `bold`.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let url_part = &after[close + 2..];
            url_part
                .find(')')
                .map(|end| (&after[..close], &url_part[..end], close + 2 + end + 1))
        });
        match link {
            Some((title, url, consumed)) if !title.contains('[') && !url.contains(' ') => {
                out.push_str(&rest[..open]);
                if title == url || title.is_empty() {
                    out.push_str(url);
                } else {
                    out.push_str(&format!("{title} ({url})"));
                }
                rest = &after[consumed..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace("\\*", "*")
        .replace("\\_", "_")
        .replace("\\[", "[")
        .replace("\\]", "]")
}

fn text(value: &LocalizedText, lang: Lang) -> String {
    value.get(lang).to_string()
}

fn sha256_file(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| ReportError::Io {
        action: "cannot read the workbook file",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Sorts `実1 < 実5 < 実10 < 実63-2`, and the other FISC categories after 実 in the order
/// 統, 実, 設, 監.
pub fn fisc_sort_key(reference: &str) -> (u8, Vec<u64>, String) {
    let mut chars = reference.chars();
    let category = match chars.next() {
        Some('統') => 0,
        Some('実') => 1,
        Some('設') => 2,
        Some('監') => 3,
        _ => 9,
    };
    let numbers = chars
        .as_str()
        .split('-')
        .map(|part| part.parse::<u64>().unwrap_or(u64::MAX))
        .collect();
    (category, numbers, reference.to_string())
}

fn workload_properties(workload: &Workload, lang: Lang) -> Vec<Property> {
    let t = texts(lang);
    let list = |items: &[String]| items.join(if lang == Lang::Ja { "、" } else { ", " });
    let environment = match workload.environment {
        Some(Environment::Production) => t.production.to_string(),
        Some(Environment::Preproduction) => t.preproduction.to_string(),
        None => String::new(),
    };
    let values: [(&str, String); 13] = [
        ("name", workload.name.clone()),
        ("description", workload.description.clone()),
        ("review_owner", workload.review_owner.clone()),
        ("environment", environment),
        ("aws_regions", list(&workload.aws_regions)),
        ("other_regions", list(&workload.other_regions)),
        ("account_ids", list(&workload.account_ids)),
        ("industry", workload.industry.clone()),
        ("architecture_url", workload.architecture_url.clone()),
        ("notes", workload.notes.clone()),
        ("client_organization", workload.client_organization.clone()),
        ("reviewers", list(&workload.reviewers)),
        (
            "review_date",
            workload.review_date.clone().unwrap_or_default(),
        ),
    ];
    values
        .into_iter()
        .zip(t.workload_fields)
        .map(|((key, value), label)| Property {
            key: key.to_string(),
            label: label.to_string(),
            url: (key == "architecture_url" && !value.is_empty()).then(|| value.clone()),
            value,
        })
        .collect()
}

fn coverage_status(review: &QuestionReview, status: ChoiceStatus) -> CoverageStatus {
    match review.risk {
        Risk::NotApplicable => CoverageStatus::NotApplicable,
        Risk::Unanswered => CoverageStatus::Unanswered,
        _ => match status {
            ChoiceStatus::Selected => CoverageStatus::Selected,
            ChoiceStatus::NotApplicable => CoverageStatus::NotApplicable,
            ChoiceStatus::Unselected => CoverageStatus::NotSelected,
        },
    }
}

fn improvement_lines(items: &[LocalizedText], lang: Lang) -> Vec<String> {
    items
        .iter()
        .map(|item| plain_text(item.get(lang)))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

impl ReportModel {
    /// Builds the model. Reads the workbook (review, risks, evidence, workload) and hashes its
    /// file; writes nothing.
    pub fn build(workbook: &Workbook, options: &ReportOptions) -> Result<ReportModel> {
        let lang = options.lang;
        let t = texts(lang);
        let offset = options.generated_at.offset();

        // Which sets, in the workbook's order.
        let known: Vec<&str> = workbook.question_sets().iter().map(|s| s.id()).collect();
        for id in &options.set_ids {
            if !known.contains(&id.as_str()) {
                return Err(ReportError::Core(
                    hashira_core::Error::QuestionSetNotFound {
                        id: id.clone(),
                        known: known.join(", "),
                    },
                ));
            }
        }
        let included = |set_id: &str| {
            options.set_ids.is_empty() || options.set_ids.iter().any(|id| id == set_id)
        };
        let sets: Vec<_> = workbook
            .question_sets()
            .iter()
            .filter(|s| included(s.id()))
            .collect();
        let set_title = |set_id: &str| {
            sets.iter()
                .find(|s| s.id() == set_id)
                .map(|s| text(s.title(), lang))
                .unwrap_or_default()
        };

        let workload = workbook.workload()?;
        let reviews: Vec<QuestionReview> = workbook
            .review(None)?
            .into_iter()
            .filter(|r| included(&r.set_id))
            .collect();
        let summary_all = workbook.risk_summary()?;
        let evidence = workbook.list_evidence(None)?;

        // Cover.
        let path = workbook.path();
        let cover = Cover {
            workload_name: workload.name.clone(),
            client_organization: workload.client_organization.clone(),
            reviewers: workload.reviewers.clone(),
            review_date: workload.review_date.clone(),
            sets: sets
                .iter()
                .map(|s| SetVersion {
                    id: s.id().to_string(),
                    title: text(s.title(), lang),
                    version: s.version().to_string(),
                })
                .collect(),
            workbook_file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            workbook_sha256: sha256_file(path)?,
        };

        // Summary.
        let mut totals = RiskCounts::default();
        let set_summaries: Vec<SetSummary> = summary_all
            .sets
            .iter()
            .filter(|s| included(&s.set_id))
            .map(|s| {
                for pillar in &s.pillars {
                    for (risk, n) in [
                        (Risk::High, pillar.counts.high),
                        (Risk::Medium, pillar.counts.medium),
                        (Risk::None, pillar.counts.none),
                        (Risk::NotApplicable, pillar.counts.not_applicable),
                        (Risk::Unanswered, pillar.counts.unanswered),
                    ] {
                        for _ in 0..n {
                            totals.add(risk);
                        }
                    }
                }
                SetSummary {
                    id: s.set_id.clone(),
                    title: text(&s.title, lang),
                    version: s.version.clone(),
                    counts: s.counts,
                    pillars: s
                        .pillars
                        .iter()
                        .map(|p| PillarSummary {
                            id: p.pillar_id.clone(),
                            title: text(&p.title, lang),
                            counts: p.counts,
                        })
                        .collect(),
                }
            })
            .collect();
        let done = totals.answered + totals.not_applicable;
        let percent = (done * 100).checked_div(totals.questions).unwrap_or(0) as u32;
        let mut risks: Vec<RiskItem> = reviews
            .iter()
            .filter(|r| matches!(r.risk, Risk::High | Risk::Medium))
            .map(|r| RiskItem {
                risk: r.risk,
                set_id: r.set_id.clone(),
                pillar: text(&r.pillar_title, lang),
                question_id: r.question_id.clone(),
                label: r.label.clone(),
                title: text(&r.title, lang),
            })
            .collect();
        risks.sort_by_key(|r| if r.risk == Risk::High { 0 } else { 1 });
        let summary = Summary {
            progress: Progress {
                questions: totals.questions,
                done,
                percent,
            },
            totals,
            sets: set_summaries,
            risks,
        };

        // Answers: set → pillar → question.
        let mut answers: Vec<SetAnswers> = Vec::new();
        for review in &reviews {
            if answers.last().is_none_or(|s| s.id != review.set_id) {
                let version = sets
                    .iter()
                    .find(|s| s.id() == review.set_id)
                    .map(|s| s.version().to_string())
                    .unwrap_or_default();
                answers.push(SetAnswers {
                    id: review.set_id.clone(),
                    title: set_title(&review.set_id),
                    version,
                    pillars: Vec::new(),
                });
            }
            let Some(set) = answers.last_mut() else {
                continue;
            };
            if set.pillars.last().is_none_or(|p| p.id != review.pillar_id) {
                set.pillars.push(PillarAnswers {
                    id: review.pillar_id.clone(),
                    title: text(&review.pillar_title, lang),
                    questions: Vec::new(),
                });
            }
            let Some(pillar) = set.pillars.last_mut() else {
                continue;
            };
            pillar
                .questions
                .push(question_entry(review, &evidence, lang, offset));
        }

        // Improvement plan (the logic lives in hashira-core).
        let plan: Vec<ImprovementItem> = improvement::plan(&reviews);
        let improvement_plan = plan
            .iter()
            .map(|item| PlanItem {
                priority: item.priority,
                set_id: item.set_id.clone(),
                set_title: set_title(&item.set_id),
                pillar: text(&item.pillar_title, lang),
                question_id: item.question_id.clone(),
                label: item.label.clone(),
                title: text(&item.question_title, lang),
                actions: item
                    .actions
                    .iter()
                    .map(|a| PlanAction {
                        choice_id: a.choice_id.clone(),
                        title: text(&a.title, lang),
                        fisc_refs: a.fisc_refs.clone(),
                        improvement: improvement_lines(&a.text.items, lang),
                    })
                    .collect(),
            })
            .collect();

        // FISC coverage.
        let mut by_ref: BTreeMap<(u8, Vec<u64>, String), Vec<FiscEntry>> = BTreeMap::new();
        for review in &reviews {
            for choice in &review.choices {
                for reference in &choice.fisc_refs {
                    by_ref
                        .entry(fisc_sort_key(reference))
                        .or_default()
                        .push(FiscEntry {
                            set_id: review.set_id.clone(),
                            question_id: review.question_id.clone(),
                            label: review.label.clone(),
                            question_title: text(&review.title, lang),
                            choice_id: choice.id.clone(),
                            choice_title: text(&choice.title, lang),
                            status: coverage_status(review, choice.status),
                            question_risk: review.risk,
                        });
                }
            }
        }
        let fisc_coverage = by_ref
            .into_iter()
            .map(|((_, _, reference), entries)| FiscReference { reference, entries })
            .collect();

        let mut reviewers = workload.reviewers.clone();
        if reviewers.is_empty() && !workload.review_owner.trim().is_empty() {
            reviewers.push(workload.review_owner.clone());
        }

        Ok(ReportModel {
            lang,
            title: t.title.to_string(),
            label: options.label.clone(),
            generated_at: display_time(options.generated_at),
            generated_at_rfc3339: options
                .generated_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            cover,
            summary,
            workload: workload_properties(&workload, lang),
            answers,
            improvement_plan,
            fisc_coverage,
            wg_assessments: wg_sections(workbook, lang, offset)?,
            sign_off: SignOff {
                reviewers,
                approver_lines: 1,
            },
        })
    }

    /// Every question of the model, in order.
    pub fn questions(&self) -> impl Iterator<Item = &QuestionEntry> {
        self.answers
            .iter()
            .flat_map(|s| s.pillars.iter().flat_map(|p| p.questions.iter()))
    }
}

fn wg_sections(
    workbook: &Workbook,
    lang: Lang,
    offset: UtcOffset,
) -> Result<Vec<WgAssessmentSection>> {
    let mut sections = Vec::new();
    for summary in workbook.wg_assessments()? {
        let assessment = workbook.wg_assessment(&summary.service)?;
        let decisions = WgDecision::ALL
            .into_iter()
            .map(|d| {
                (
                    crate::i18n::wg_decision(lang, d).to_string(),
                    summary.decisions.get(d.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        sections.push(WgAssessmentSection {
            service: summary.service.clone(),
            edition: summary.edition.clone(),
            edition_date: summary.edition_date.clone(),
            source_file: summary.source_file.clone(),
            imported_by: summary.imported_by.clone(),
            imported_at: display_stored(&summary.imported_at, offset),
            decisions,
            criteria: assessment
                .criteria
                .iter()
                .map(|c| WgCriterionRow {
                    criterion_no: c.criterion_no.clone(),
                    perspective: c.perspective.clone(),
                    criterion: c.criterion.clone(),
                    decision: crate::i18n::wg_decision(lang, c.decision).to_string(),
                    own_measures: c.own_measures.clone(),
                    residual_risk: c.residual_risk.clone(),
                })
                .collect(),
        });
    }
    Ok(sections)
}

fn question_entry(
    review: &QuestionReview,
    evidence: &[hashira_core::workbook::Evidence],
    lang: Lang,
    offset: UtcOffset,
) -> QuestionEntry {
    let answered = matches!(review.risk, Risk::High | Risk::Medium | Risk::None);
    let selected = review
        .choices
        .iter()
        .filter(|c| c.status == ChoiceStatus::Selected)
        .map(|c| ChoiceLine {
            id: c.id.clone(),
            title: text(&c.title, lang),
        })
        .collect();
    let not_selected = if answered {
        review
            .choices
            .iter()
            .filter(|c| !c.none_of_these && c.status == ChoiceStatus::Unselected)
            .map(|c| ChoiceImprovement {
                id: c.id.clone(),
                title: text(&c.title, lang),
                improvement: improvement_lines(
                    &improvement::improvement_text(c.improvement.as_ref(), &c.explanation).items,
                    lang,
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let choices_not_applicable = review
        .choices
        .iter()
        .filter(|c| c.status == ChoiceStatus::NotApplicable)
        .map(|c| ChoiceNotApplicable {
            id: c.id.clone(),
            title: text(&c.title, lang),
            reason: c
                .not_applicable_reason
                .unwrap_or(NotApplicableReason::Other),
            text: c.not_applicable_text.clone().unwrap_or_default(),
        })
        .collect();
    QuestionEntry {
        id: review.question_id.clone(),
        label: review.label.clone(),
        title: text(&review.title, lang),
        risk: review.risk,
        answered_by: review.updated_by.clone(),
        answered_at: review
            .updated_at
            .as_deref()
            .map(|at| display_stored(at, offset)),
        selected,
        not_selected,
        choices_not_applicable,
        not_applicable: review
            .not_applicable
            .as_ref()
            .map(|na| QuestionNotApplicable {
                reason: na.reason,
                text: na.text.clone(),
            }),
        notes: review.notes.clone(),
        evidence: evidence
            .iter()
            .filter(|e| e.question_id == review.question_id)
            .map(|e| EvidenceEntry {
                id: e.id,
                title: e.title.clone(),
                kind: e.kind,
                name: match e.kind {
                    EvidenceKind::File => e.file_name.clone().unwrap_or_default(),
                    EvidenceKind::Link => e.url.clone().unwrap_or_default(),
                    EvidenceKind::Text => String::new(),
                },
                choice_id: e.choice_id.clone(),
                size_bytes: e.size_bytes,
                sha256_short: e.sha256.as_ref().map(|h| h.chars().take(12).collect()),
                url: e.url.clone(),
                excerpt: e.excerpt.clone(),
                added_by: e.added_by.clone(),
                added_at: display_stored(&e.added_at, offset),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisc_refs_sort_numerically() {
        let mut refs = vec![
            "実10", "実5", "実1", "実100", "実63-2", "実63", "統2", "設1",
        ];
        refs.sort_by_key(|r| fisc_sort_key(r));
        assert_eq!(
            refs,
            vec![
                "統2", "実1", "実5", "実10", "実63", "実63-2", "実100", "設1"
            ]
        );
    }

    #[test]
    fn markdown_links_and_escapes_become_plain_text() {
        assert_eq!(
            plain_text("詳細は[こちら](https://example.com/a)を参照。\\*注意\\_"),
            "詳細はこちら (https://example.com/a)を参照。*注意_"
        );
        assert_eq!(plain_text("[a] b"), "[a] b");
        assert_eq!(plain_text("**重要**"), "重要");
    }

    #[test]
    fn times_are_shown_in_the_report_offset() {
        let at = time::macros::datetime!(2026-04-01 09:30 +09:00);
        assert_eq!(display_time(at), "2026-04-01 09:30 (UTC+09:00)");
        assert_eq!(
            display_time(at.to_offset(UtcOffset::UTC)),
            "2026-04-01 00:30 (UTC)"
        );
        assert_eq!(
            display_stored("2026-04-01T00:00:00.000Z", time::macros::offset!(+9)),
            "2026-04-01 09:00"
        );
        assert_eq!(display_stored("garbage", UtcOffset::UTC), "garbage");
    }
}
