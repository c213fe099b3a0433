//! Risk counts by risk: the core's `RiskCounts` has a field per risk; the charts read a count
//! by risk, in one order. (Whole counts are added with `RiskCounts::merge`.)

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
