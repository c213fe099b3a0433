//! The workload properties and the WG decisions of a [`ReviewDiff`](super::ReviewDiff).

use std::collections::BTreeMap;

use super::{Change, DiffStatus, WgCriterionDiff, WgServiceChange, WorkloadChange};
use crate::error::Result;
use crate::wg::{WgCriterion, WgStored};
use crate::workbook::{Workbook, WorkloadField};

/// Every workload property whose value differs, in the properties' order.
pub fn diff_workload(from: &Workbook, to: &Workbook) -> Result<Vec<WorkloadChange>> {
    // The properties as their JSON values, keyed as `WorkloadField::key` names them: the
    // field names of `Workload`'s serialisation.
    let value = |workbook: &Workbook| -> Result<serde_json::Value> {
        Ok(serde_json::to_value(workbook.workload()?).unwrap_or_default())
    };
    let (before, after) = (value(from)?, value(to)?);
    Ok(WorkloadField::ALL
        .into_iter()
        .filter_map(|field| {
            let b = before.get(field.key()).cloned().unwrap_or_default();
            let a = after.get(field.key()).cloned().unwrap_or_default();
            (b != a).then_some(WorkloadChange {
                field,
                before: b,
                after: a,
            })
        })
        .collect())
}

fn stored_all(workbook: &Workbook) -> Result<BTreeMap<String, WgStored>> {
    workbook
        .wg_assessments()?
        .into_iter()
        .map(|s| Ok((s.service.clone(), workbook.wg_stored(&s.service)?)))
        .collect()
}

fn criteria(stored: &WgStored) -> impl Iterator<Item = (i64, &WgCriterion)> {
    stored
        .criterion_ids
        .iter()
        .copied()
        .zip(&stored.assessment.criteria)
}

fn criterion_diff(
    status: DiffStatus,
    service: &str,
    id: i64,
    before: Option<&WgCriterion>,
    after: Option<&WgCriterion>,
) -> Option<WgCriterionDiff> {
    let shown = after.or(before)?;
    let text =
        |c: Option<&WgCriterion>, get: fn(&WgCriterion) -> String| c.map(get).unwrap_or_default();
    let decision = |c: Option<&WgCriterion>| {
        c.map(|c| c.decision)
            .unwrap_or_default()
            .as_str()
            .to_string()
    };
    let diff = WgCriterionDiff {
        status,
        service: service.to_string(),
        criterion_id: id,
        criterion_no: shown.criterion_no.clone(),
        criterion: shown.criterion.clone(),
        decision: Change::of(decision(before), decision(after)),
        own_measures: Change::of(
            text(before, |c| c.own_measures.clone()),
            text(after, |c| c.own_measures.clone()),
        ),
        residual_risk: Change::of(
            text(before, |c| c.residual_risk.clone()),
            text(after, |c| c.residual_risk.clone()),
        ),
        reviewer_notes: Change::of(
            text(before, |c| c.reviewer_notes.clone()),
            text(after, |c| c.reviewer_notes.clone()),
        ),
    };
    let changed = status != DiffStatus::Changed
        || diff.decision.is_some()
        || diff.own_measures.is_some()
        || diff.residual_risk.is_some()
        || diff.reviewer_notes.is_some();
    changed.then_some(diff)
}

/// Services only on one side, and every criterion whose institution columns differ (a
/// criterion only on one side too), by service name then the "to" side's criterion order.
pub fn diff_wg(
    from: &Workbook,
    to: &Workbook,
) -> Result<(Vec<WgServiceChange>, Vec<WgCriterionDiff>)> {
    let before = stored_all(from)?;
    let after = stored_all(to)?;
    let mut services = Vec::new();
    let mut changes = Vec::new();
    let service_change = |status, stored: &WgStored| WgServiceChange {
        status,
        service: stored.assessment.service.clone(),
        edition: stored.assessment.edition.clone(),
        criteria: stored.assessment.criteria.len(),
    };
    for (service, now) in &after {
        let Some(then) = before.get(service) else {
            services.push(service_change(DiffStatus::Added, now));
            continue;
        };
        for (id, c) in criteria(now) {
            let old = criteria(then).find(|(i, _)| *i == id).map(|(_, c)| c);
            let status = if old.is_some() {
                DiffStatus::Changed
            } else {
                DiffStatus::Added
            };
            changes.extend(criterion_diff(status, service, id, old, Some(c)));
        }
        for (id, c) in criteria(then) {
            if !now.criterion_ids.contains(&id) {
                changes.extend(criterion_diff(
                    DiffStatus::Removed,
                    service,
                    id,
                    Some(c),
                    None,
                ));
            }
        }
    }
    for (service, then) in &before {
        if !after.contains_key(service) {
            services.push(service_change(DiffStatus::Removed, then));
        }
    }
    Ok((services, changes))
}
