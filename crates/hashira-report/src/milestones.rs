//! What a report needs from the workbook's milestones, read by the caller (CLI, app) and passed
//! in [`ReportOptions`](crate::ReportOptions): the milestone a report is "as of" (its record's
//! SHA-256 and the audit entry that records it), and the changes since an earlier milestone
//! with the risk trend. Everything here is read from the workbook file itself, never from the
//! temporary copy a milestone is read back into, and every figure is the core's: the diff is
//! `ReviewDiff::of_sides` of the two sides `Workbook::compared_sides` reads (only the questions
//! whose rows differ, as `hashira diff` and the app compare), the trend is
//! `Workbook::milestone_trend` (the figures each milestone kept when it was made).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use hashira_core::diff::ReviewDiff;
use hashira_core::workbook::milestone::{
    ComparedSides, MilestoneFigures, MilestoneInfo, ReviewAsOf,
};
use hashira_core::{Clock, Error, LocalizedText, Workbook};
use time::OffsetDateTime;

use crate::error::Result;

/// The milestone a report shows the review as of, checked against the workbook file.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOfMilestone {
    pub info: MilestoneInfo,
    /// The workbook file the milestone belongs to (its name, printed on the cover).
    pub file_name: String,
    /// The seq of the workbook's `milestone.add` audit entry that records this milestone's
    /// number, name and SHA-256; `None` when no entry does.
    pub recorded_at_seq: Option<i64>,
    /// The problems the workbook's own `verify` found (which checks every milestone against
    /// its audit entry), in its words.
    pub workbook_problems: Vec<String>,
}

impl AsOfMilestone {
    /// Reads how the workbook `origin` vouches for milestone `info`.
    pub fn read(origin: &Workbook, info: &MilestoneInfo) -> Result<AsOfMilestone> {
        let recorded_at_seq = origin
            .audit_log()?
            .into_iter()
            .filter(|entry| entry.action == "milestone.add")
            .find(|entry| {
                entry.new_value.as_ref().is_some_and(|v| {
                    v["number"].as_i64() == Some(info.number)
                        && v["name"].as_str() == Some(info.name.as_str())
                        && v["content_sha256"].as_str() == Some(info.content_sha256.as_str())
                })
            })
            .map(|entry| entry.seq);
        let report = origin.verify()?;
        Ok(AsOfMilestone {
            info: info.clone(),
            file_name: file_name(origin.path()),
            recorded_at_seq,
            workbook_problems: report.problems.into_iter().map(|p| p.message).collect(),
        })
    }

    /// Its record is in the audit chain and the workbook passed `verify`.
    pub fn vouched_for(&self) -> bool {
        self.recorded_at_seq.is_some() && self.workbook_problems.is_empty()
    }
}

/// The changes since milestone `milestone` and the risk trend, for the report's "changes
/// since" section.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesSince {
    pub milestone: MilestoneInfo,
    pub diff: ReviewDiff,
    /// Every milestone up to the report's state (all of them for a report of the review now;
    /// up to and including the milestone for a report as of one), oldest first.
    pub trend: Vec<MilestoneFigures>,
    /// The titles of the choices the diff names, by [`choice_key`]: from the "to" side's set
    /// texts, else from the milestone's (a choice a new edition removed).
    pub choice_titles: BTreeMap<String, LocalizedText>,
}

/// The key of a choice in [`ChangesSince::choice_titles`].
pub fn choice_key(set_id: &str, question_id: &str, choice_id: &str) -> String {
    format!("{set_id}\u{1f}{question_id}\u{1f}{choice_id}")
}

impl ChangesSince {
    /// What changed from milestone `since` to the other side of `sides` (read from `origin`,
    /// the workbook file; items overdue as of the "to" milestone's instant, or `now` for the
    /// review now), with the trend up to milestone number `up_to` (all when `None`).
    pub fn read(
        since: &MilestoneInfo,
        sides: &ComparedSides<'_>,
        now: OffsetDateTime,
        origin: &Workbook,
        up_to: Option<i64>,
    ) -> Result<ChangesSince> {
        let diff = ReviewDiff::of_sides(sides, now)?;
        let trend = origin
            .milestone_trend()?
            .into_iter()
            .filter(|figures| up_to.is_none_or(|n| figures.milestone.number <= n))
            .collect();
        let mut choice_titles = BTreeMap::new();
        for q in &diff.questions {
            let ids = q
                .selections_added
                .iter()
                .chain(&q.selections_removed)
                .chain(q.choices_not_applicable.iter().map(|c| &c.choice_id));
            for choice_id in ids {
                // The sides' sets hold the compared questions, every choice of each.
                let title = [sides.to(), sides.from()]
                    .into_iter()
                    .find_map(|side| choice_title(side, &q.set_id, &q.question_id, choice_id));
                if let Some(title) = title {
                    choice_titles.insert(choice_key(&q.set_id, &q.question_id, choice_id), title);
                }
            }
        }
        Ok(ChangesSince {
            milestone: since.clone(),
            diff,
            trend,
            choice_titles,
        })
    }
}

fn choice_title(
    workbook: &Workbook,
    set_id: &str,
    question_id: &str,
    choice_id: &str,
) -> Option<LocalizedText> {
    let set = workbook.question_sets().iter().find(|s| s.id() == set_id)?;
    let (_, question) = set.questions().find(|(_, q)| q.id == question_id)?;
    let choice = question.choices.iter().find(|c| c.id == choice_id)?;
    Some(choice.title.clone())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The changes since milestone `since` (a name or number) to the review now in `workbook`
/// (the workbook file, open), items overdue as of `now`: what the app's report option reads.
pub fn changes_since_now(
    workbook: &Workbook,
    since: &str,
    now: OffsetDateTime,
) -> Result<ChangesSince> {
    let info = workbook.milestone(since)?;
    let sides = workbook.compared_sides(&info, None)?;
    ChangesSince::read(&info, &sides, now, workbook, None)
}

/// The milestone inputs of a report of `review` (a workbook now or as of a milestone), with the
/// changes since milestone `since` when asked for. A `since` made after the milestone the
/// report is as of (or that milestone itself) is refused: the changes would run backwards, or
/// be none. Every milestone is read from the workbook `review` is of.
pub fn read_milestone_inputs(
    review: &ReviewAsOf,
    since: Option<&str>,
    clock: Arc<dyn Clock>,
) -> Result<(Option<AsOfMilestone>, Option<ChangesSince>)> {
    let opened;
    let origin: &Workbook = match review {
        ReviewAsOf::Now(workbook) => workbook,
        ReviewAsOf::Milestone(view) => {
            opened = Workbook::open(view.origin(), clock.clone())?;
            &opened
        }
    };
    let as_of = review
        .milestone()
        .map(|info| AsOfMilestone::read(origin, info))
        .transpose()?;
    let changes = match since {
        None => None,
        Some(name) => {
            let up_to = review.milestone().map(|m| m.number);
            let info = origin.milestone(name)?;
            if let Some(to) = review.milestone().filter(|to| info.number >= to.number) {
                return Err(Error::InvalidProperty {
                    field: "since".into(),
                    message: format!(
                        "milestone {} '{}' is not earlier than milestone {} '{}', the \
                         report's; --since names an earlier one",
                        info.number, info.name, to.number, to.name
                    ),
                }
                .into());
            }
            // The report's state is its milestone or the review now of the same file; items
            // are overdue as of that milestone's time, or now.
            let sides = origin.compared_sides(&info, review.milestone())?;
            Some(ChangesSince::read(
                &info,
                &sides,
                clock.now(),
                origin,
                up_to,
            )?)
        }
    };
    Ok((as_of, changes))
}
