//! Risk counts by risk: the core's `RiskCounts` has a field per risk and a way to add one
//! question; the report also needs to read a count by risk and to add whole counts (a set's
//! pillars into the totals, the same pillar across sets).

use hashira_core::{Risk, RiskCounts};

/// Every risk, worst first: the order of chart segments and legends.
pub(crate) const RISKS: [Risk; 5] = [
    Risk::High,
    Risk::Medium,
    Risk::None,
    Risk::NotApplicable,
    Risk::Unanswered,
];

pub(crate) fn count_of(counts: &RiskCounts, risk: Risk) -> usize {
    match risk {
        Risk::High => counts.high,
        Risk::Medium => counts.medium,
        Risk::None => counts.none,
        Risk::NotApplicable => counts.not_applicable,
        Risk::Unanswered => counts.unanswered,
    }
}

/// Adds `more` to `counts` question by question, so the derived fields (questions, answered,
/// applicable) stay as `RiskCounts::add` keeps them.
pub(crate) fn add_counts(counts: &mut RiskCounts, more: &RiskCounts) {
    for risk in RISKS {
        for _ in 0..count_of(more, risk) {
            counts.add(risk);
        }
    }
}
