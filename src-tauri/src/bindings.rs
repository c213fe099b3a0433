//! TypeScript declarations of everything that crosses IPC, generated from the Rust types into
//! `ui/src/lib/bindings.ts` (committed). `cargo test -p hashira-app` fails when the committed file
//! is out of date; `UPDATE_BINDINGS=1 cargo test -p hashira-app bindings` rewrites it.
//! The `Commands` map (each command's arguments and result) is read from the `#[tauri::command]`
//! signatures (`bindings/signatures.rs`): the UI holds no hand-written copy of a Rust shape.

#[cfg(test)]
mod signatures;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use hashira_core::improvement::{
        ImprovementAction, ImprovementItem, ImprovementSource, ImprovementText,
    };
    use hashira_core::question_set::{Link, LocalizedText};
    use hashira_core::review::{ChoiceReview, ChoiceStatus, QuestionReview};
    use hashira_core::risk::{PillarRisk, SetRisk};
    use hashira_core::workbook::{
        AuditEntry, ChoiceNotApplicable, Environment, Evidence, EvidenceKind, NotApplicable,
        NotApplicableReason, Problem, ProblemKind, VerifyReport, WorkbookSetInfo, Workload,
    };
    use hashira_core::{ErrorCode, ErrorPayload, Risk, RiskCounts, RiskSummary};
    use ts_rs::{Config, TS};

    use super::signatures;
    use crate::dto::{
        AnswerChangeInput, AnswerDiff, AppInfo, EvidenceInput, FieldChange, QuestionUpdate,
        RecentWorkbook, ReportDone, ReportGlyphWarning, ReviewImport, SetChoice, WgChangeInput,
        WgChangeKind, WgCriterionRow, WgDecisionCode, WgExportDone, WgImport, WgLinkedQuestion,
        WgMergeRow, WgNoteRow, WgOutcome, WgQuestionCriterion, WgScenarioRow, WgSummary, WgView,
        WorkbookView, XlsxExportDone,
    };

    fn decl<T: TS>(cfg: &Config, out: &mut String) {
        out.push_str("export ");
        out.push_str(&T::decl(cfg));
        out.push_str("\n\n");
    }

    fn generate() -> String {
        let cfg = Config::new().with_large_int("number");
        let mut out = String::from(
            "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit.\n\
             // Regenerate: UPDATE_BINDINGS=1 cargo test -p hashira-app bindings\n\n\
             export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;\n\n",
        );
        decl::<ErrorCode>(&cfg, &mut out);
        decl::<ErrorPayload>(&cfg, &mut out);
        decl::<LocalizedText>(&cfg, &mut out);
        decl::<Link>(&cfg, &mut out);
        decl::<Risk>(&cfg, &mut out);
        decl::<RiskCounts>(&cfg, &mut out);
        decl::<PillarRisk>(&cfg, &mut out);
        decl::<SetRisk>(&cfg, &mut out);
        decl::<RiskSummary>(&cfg, &mut out);
        decl::<ChoiceStatus>(&cfg, &mut out);
        decl::<ChoiceReview>(&cfg, &mut out);
        decl::<QuestionReview>(&cfg, &mut out);
        decl::<NotApplicableReason>(&cfg, &mut out);
        decl::<NotApplicable>(&cfg, &mut out);
        decl::<ChoiceNotApplicable>(&cfg, &mut out);
        decl::<EvidenceKind>(&cfg, &mut out);
        decl::<Evidence>(&cfg, &mut out);
        decl::<Environment>(&cfg, &mut out);
        decl::<Workload>(&cfg, &mut out);
        decl::<WorkbookSetInfo>(&cfg, &mut out);
        decl::<AuditEntry>(&cfg, &mut out);
        decl::<ProblemKind>(&cfg, &mut out);
        decl::<Problem>(&cfg, &mut out);
        decl::<VerifyReport>(&cfg, &mut out);
        decl::<ImprovementSource>(&cfg, &mut out);
        decl::<ImprovementText>(&cfg, &mut out);
        decl::<ImprovementAction>(&cfg, &mut out);
        decl::<ImprovementItem>(&cfg, &mut out);
        decl::<AppInfo>(&cfg, &mut out);
        decl::<SetChoice>(&cfg, &mut out);
        decl::<RecentWorkbook>(&cfg, &mut out);
        decl::<WorkbookView>(&cfg, &mut out);
        decl::<QuestionUpdate>(&cfg, &mut out);
        decl::<AnswerChangeInput>(&cfg, &mut out);
        decl::<EvidenceInput>(&cfg, &mut out);
        decl::<hashira_core::Lang>(&cfg, &mut out);
        decl::<ReportGlyphWarning>(&cfg, &mut out);
        decl::<ReportDone>(&cfg, &mut out);
        decl::<XlsxExportDone>(&cfg, &mut out);
        decl::<FieldChange>(&cfg, &mut out);
        decl::<AnswerDiff>(&cfg, &mut out);
        decl::<ReviewImport>(&cfg, &mut out);
        decl::<WgDecisionCode>(&cfg, &mut out);
        decl::<WgSummary>(&cfg, &mut out);
        decl::<WgScenarioRow>(&cfg, &mut out);
        decl::<WgLinkedQuestion>(&cfg, &mut out);
        decl::<WgCriterionRow>(&cfg, &mut out);
        decl::<WgNoteRow>(&cfg, &mut out);
        decl::<WgView>(&cfg, &mut out);
        decl::<WgChangeInput>(&cfg, &mut out);
        decl::<WgChangeKind>(&cfg, &mut out);
        decl::<WgOutcome>(&cfg, &mut out);
        decl::<crate::dto::WgStatus>(&cfg, &mut out);
        decl::<crate::dto::WgField>(&cfg, &mut out);
        decl::<crate::dto::WgFieldChange>(&cfg, &mut out);
        decl::<crate::dto::WgFieldRow>(&cfg, &mut out);
        decl::<crate::dto::WgDuplicateRow>(&cfg, &mut out);
        decl::<WgMergeRow>(&cfg, &mut out);
        decl::<WgImport>(&cfg, &mut out);
        decl::<WgExportDone>(&cfg, &mut out);
        decl::<WgQuestionCriterion>(&cfg, &mut out);
        decl::<hashira_core::history::HistoryKind>(&cfg, &mut out);
        decl::<hashira_core::history::HistoryQuestion>(&cfg, &mut out);
        decl::<hashira_core::history::HistoryChange>(&cfg, &mut out);
        decl::<hashira_core::history::HistoryRecord>(&cfg, &mut out);
        decl::<hashira_core::history::HistoryFilter>(&cfg, &mut out);
        decl::<crate::dto::HistoryItem>(&cfg, &mut out);
        decl::<crate::dto::HistoryView>(&cfg, &mut out);
        decl::<crate::dto::WaToolWarning>(&cfg, &mut out);
        decl::<crate::dto::WaToolExportDone>(&cfg, &mut out);
        decl::<crate::dto::LensExportDone>(&cfg, &mut out);
        decl::<crate::dto::WaToolAnswer>(&cfg, &mut out);
        decl::<crate::dto::WaToolChange>(&cfg, &mut out);
        decl::<crate::dto::WaToolImport>(&cfg, &mut out);
        decl::<hashira_core::lens::Severity>(&cfg, &mut out);
        decl::<hashira_core::lens::LensProblem>(&cfg, &mut out);
        decl::<hashira_core::lens::add::LensPreviewQuestion>(&cfg, &mut out);
        decl::<hashira_core::lens::add::LensPreviewPillar>(&cfg, &mut out);
        decl::<hashira_core::lens::LensPreview>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::RereviewItem>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::CarriedQuestion>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::ChoiceRename>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::LostSelection>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::NewQuestion>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::RemovedQuestion>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::UpgradeSummary>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::UpgradePlan>(&cfg, &mut out);
        decl::<hashira_core::workbook::upgrade::UpgradeOutcome>(&cfg, &mut out);
        decl::<crate::dto::UpgradeEdition>(&cfg, &mut out);
        decl::<crate::dto::SetUpgradePreview>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeItem>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeSide>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeResolution>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeSettled>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeChoiceShown>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeRowShown>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeCount>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergePlanShown>(&cfg, &mut out);
        decl::<hashira_core::workbook::merge::MergeOutcome>(&cfg, &mut out);
        decl::<crate::dto::MergeChoice>(&cfg, &mut out);
        decl::<hashira_core::improvement::ItemStatus>(&cfg, &mut out);
        decl::<hashira_core::improvement::ItemFields>(&cfg, &mut out);
        decl::<hashira_core::improvement::ItemEdit>(&cfg, &mut out);
        decl::<hashira_core::improvement::ItemTarget>(&cfg, &mut out);
        decl::<hashira_core::improvement::TrackedItem>(&cfg, &mut out);
        decl::<hashira_core::workbook::milestone::MilestoneInfo>(&cfg, &mut out);
        decl::<hashira_core::workbook::milestone::MilestoneFigures>(&cfg, &mut out);
        decl::<crate::dto::MilestoneTrend>(&cfg, &mut out);
        decl::<crate::dto::MilestoneShown>(&cfg, &mut out);
        decl::<hashira_core::diff::Change<()>>(&cfg, &mut out);
        decl::<hashira_core::diff::DiffStatus>(&cfg, &mut out);
        decl::<hashira_core::diff::ChoiceNotApplicableChange>(&cfg, &mut out);
        decl::<hashira_core::diff::EvidenceReattached>(&cfg, &mut out);
        decl::<hashira_core::diff::QuestionDiff>(&cfg, &mut out);
        decl::<hashira_core::diff::DiffSummary>(&cfg, &mut out);
        decl::<crate::dto::ChangedQuestion>(&cfg, &mut out);
        decl::<crate::dto::MilestoneComparison>(&cfg, &mut out);
        decl::<crate::dto::BundleProgressEvent>(&cfg, &mut out);
        decl::<crate::dto::BundleMilestone>(&cfg, &mut out);
        decl::<crate::dto::BundleCreated>(&cfg, &mut out);
        decl::<crate::dto::BundleProblemCode>(&cfg, &mut out);
        decl::<crate::dto::BundleProblemRow>(&cfg, &mut out);
        decl::<crate::dto::BundleChecked>(&cfg, &mut out);
        // The name of the window event carrying `BundleProgressEvent`: one constant for both sides.
        out.push_str(&format!(
            "/** The window event carrying `BundleProgressEvent` while a bundle is written. */\nexport const BUNDLE_PROGRESS_EVENT = {};\n\n",
            serde_json::to_string(crate::dto::BUNDLE_PROGRESS_EVENT).unwrap()
        ));

        // Every command of `lib.rs`'s invoke handler, in its order, typed from its signature.
        let named: BTreeMap<String, String> = out
            .lines()
            .filter_map(|line| line.strip_prefix("export type "))
            .filter_map(|rest| rest.split([' ', '<']).next())
            .map(|n| (n.to_string(), n.to_string()))
            .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
        let mut signatures = signatures::read_commands(&dir, &named).unwrap();
        let mut commands = Vec::new();
        for registered in registered_commands() {
            let signature = signatures.remove(&registered).unwrap_or_else(|| {
                panic!("command {registered} is registered but has no #[tauri::command] fn")
            });
            commands.push((signature.name, signature.args, signature.result));
        }
        assert!(
            signatures.is_empty(),
            "#[tauri::command] fns not registered in lib.rs: {:?}",
            signatures.keys().collect::<Vec<_>>()
        );
        out.push_str(
            "/** Every IPC command: its arguments and its result. */\nexport type Commands = {\n",
        );
        for (command, args, result) in commands {
            out.push_str(&format!(
                "  {command}: {{ args: {args}, result: {result} }},\n"
            ));
        }
        out.push_str("};\n");
        out
    }

    #[test]
    fn bindings_are_up_to_date() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let generated = generate();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date: run `UPDATE_BINDINGS=1 cargo test -p hashira-app bindings` and commit it",
            path.display()
        );
    }

    /// The commands of `lib.rs`'s `generate_handler!` list, in order.
    fn registered_commands() -> Vec<String> {
        include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.trim().strip_prefix("commands::"))
            .map(|command| command.trim_end_matches(',').to_string())
            .collect()
    }

    #[test]
    fn every_command_is_declared() {
        let generated = generate();
        let commands = registered_commands();
        assert!(
            commands.len() > 30,
            "lib.rs's generate_handler! list was not found"
        );
        for command in commands {
            {
                assert!(
                    generated.contains(&format!("  {command}: {{")),
                    "command {command} is missing from the TypeScript bindings"
                );
            }
        }
    }
}
