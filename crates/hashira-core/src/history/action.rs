//! The one list of audit actions the core writes, each with the kind of change the history
//! shows it as. Every `write.audit(…)` names its action by a constant of this list; the audit
//! trail refuses (in debug builds) an action not on it, and a test asserts none of them is
//! described as "other". Entries merged in from another file keep their own action names.

use super::HistoryKind;

/// Declares each action's constant, the list of all of them and their kinds, from one table.
macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident = $text:literal => $kind:ident,)*) => {
        $($(#[$doc])* pub const $name: &str = $text;)*

        /// Every action the core writes.
        pub const ALL: &[&str] = &[$($name),*];

        /// The kind of change an action is shown as; an action not on the list is `Other`.
        pub(super) fn kind(action: &str) -> HistoryKind {
            match action {
                $($text => HistoryKind::$kind,)*
                _ => HistoryKind::Other,
            }
        }
    };
}

actions! {
    WORKBOOK_CREATE = "workbook.create" => WorkbookCreate,
    QUESTION_SET_ADD = "question_set.add" => QuestionSetAdd,
    /// The file's schema upgraded on open.
    WORKBOOK_MIGRATE = "workbook.migrate" => WorkbookMigrate,
    /// Tracked rows a write changed after its last entry (see ARCHITECTURE.md, tracking).
    WORKBOOK_RECORD = "workbook.record" => WorkbookRecord,
    ANSWER_UPDATE = "answer.update" => AnswerUpdate,
    /// A question taken off the re-review list after a set upgrade.
    ANSWER_CONFIRM = "answer.confirm" => AnswerConfirm,
    EVIDENCE_ADD = "evidence.add" => EvidenceAdd,
    EVIDENCE_REMOVE = "evidence.remove" => EvidenceRemove,
    WORKLOAD_UPDATE = "workload.update" => WorkloadUpdate,
    ANSWERS_IMPORT_XLSX = "answers.import_xlsx" => AnswersImport,
    ANSWERS_IMPORT_WA_TOOL = "answers.import_wa_tool" => AnswersImportWaTool,
    WG_IMPORT = "wg.import" => WgImport,
    WG_REPLACE = "wg.replace" => WgReplace,
    WG_EVALUATE = "wg.evaluate" => WgEvaluate,
    WG_DELETE = "wg.delete" => WgDelete,
    WORKBOOK_COPY = "workbook.copy" => WorkbookCopy,
    WORKBOOK_MERGE = "workbook.merge" => WorkbookMerge,
    IMPROVEMENT_ITEM_SET = "improvement_item.set" => ImprovementItemSet,
    IMPROVEMENT_ITEM_ADD = "improvement_item.add" => ImprovementItemAdd,
    MILESTONE_ADD = "milestone.add" => MilestoneAdd,
    QUESTION_SET_UPGRADE = "question_set.upgrade" => QuestionSetUpgrade,
}
