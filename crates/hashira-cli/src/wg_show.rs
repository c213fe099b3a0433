//! `hashira wg show`: one stored service's three tables, with the institution's columns and each
//! criterion's row (`wg evaluate --row`) and id (`wg evaluate --id`).

use hashira_core::glossary;
use hashira_core::wg::{WgCriterion, WgNote, WgScenario, WgStored};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::wg::ShowArgs;
use crate::workbook::open;

/// The JSON of `wg show` (a contract: snake_case, the core's field names).
#[derive(Serialize)]
struct Shown<'a> {
    service: &'a str,
    edition: &'a str,
    edition_date: &'a str,
    source_file: &'a str,
    source_sha256: &'a str,
    scenarios: &'a [WgScenario],
    criteria: Vec<ShownCriterion<'a>>,
    notes: &'a [WgNote],
}

#[derive(Serialize)]
struct ShownCriterion<'a> {
    /// The criterion's stored id.
    id: i64,
    /// 1-based row among the criteria.
    row: usize,
    #[serde(flatten)]
    criterion: &'a WgCriterion,
}

pub fn show(args: ShowArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let WgStored {
        assessment: a,
        criterion_ids,
    } = workbook.wg_stored(&args.service)?;
    let criteria: Vec<ShownCriterion<'_>> = a
        .criteria
        .iter()
        .zip(&criterion_ids)
        .enumerate()
        .map(|(i, (criterion, id))| ShownCriterion {
            id: *id,
            row: i + 1,
            criterion,
        })
        .collect();
    if context.json {
        return print_json(&Shown {
            service: &a.service,
            edition: &a.edition,
            edition_date: &a.edition_date,
            source_file: &a.source_file,
            source_sha256: &a.source_sha256,
            scenarios: &a.scenarios,
            criteria,
            notes: &a.notes,
        });
    }
    out!(
        "{}  {} {}  (from {})",
        a.service,
        dash(&a.edition),
        dash(&a.edition_date),
        dash(&a.source_file)
    );
    out!("");
    out!("利用シナリオと接続経路 ({})", a.scenarios.len());
    for s in &a.scenarios {
        out!("  [{}] {}", dash(&s.scenario_id), one_line(&s.scenario));
        labelled("接続元", &s.connection_source);
        labelled("接続経路", &s.route);
        labelled("備考", &s.notes);
    }
    out!("");
    out!("セキュリティクライテリア ({})", a.criteria.len());
    for c in &criteria {
        let k = c.criterion;
        out!(
            "  #{} id {}  項番 {}  {} / {}",
            c.row,
            c.id,
            dash(&k.criterion_no),
            dash(&k.perspective),
            dash(&k.category)
        );
        labelled("クライテリア", &k.criterion);
        labelled("想定リスク", &k.assumed_risk);
        labelled("対策", &k.controls);
        if !k.question_ids.is_empty() {
            out!("      質問: {}", k.question_ids.join(", "));
        }
        out!(
            "      {}: {}",
            glossary::WG_DECISION.ja,
            k.decision.label_ja()
        );
        labelled(glossary::OWN_MEASURES.ja, &k.own_measures);
        labelled(glossary::RESIDUAL_RISK.ja, &k.residual_risk);
        labelled(glossary::REVIEWER_NOTES.ja, &k.reviewer_notes);
    }
    out!("");
    out!("サービス利用時の留意事項 ({})", a.notes.len());
    for n in &a.notes {
        out!("  [{}] {}", dash(&n.category), one_line(&n.note));
        labelled("詳細", &n.detail);
    }
    Ok(())
}

fn dash(text: &str) -> &str {
    if text.trim().is_empty() { "-" } else { text }
}

/// A multi-line cell on one line, its lines joined by ` / `.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// `      label: text`, only for a text that is not blank.
fn labelled(label: &str, text: &str) {
    if !text.trim().is_empty() {
        out!("      {label}: {}", one_line(text));
    }
}
