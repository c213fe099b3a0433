// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p hashira-app bindings

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

export type ErrorCode = "WORKBOOK_NOT_FOUND" | "WORKBOOK_EXISTS" | "NOT_A_WORKBOOK" | "WORKBOOK_TOO_NEW" | "WORKBOOK_CORRUPT" | "WORKBOOK_LOCKED" | "QUESTION_SET_INVALID" | "QUESTION_SET_NOT_FOUND" | "QUESTION_SET_CONFLICT" | "QUESTION_NOT_FOUND" | "QUESTION_AMBIGUOUS" | "CHOICE_NOT_FOUND" | "INVALID_ANSWER" | "INVALID_PROPERTY" | "EVIDENCE_TOO_LARGE" | "EVIDENCE_NOT_FOUND" | "INVALID_EVIDENCE" | "IO" | "DATABASE" | "WG_NOT_FOUND" | "INVALID_WG" | "WG_SERVICE_MISSING" | "WG_PLAN_CHANGED" | "IMPORT_PLAN_CHANGED" | "XLSX_INVALID" | "IMPORT_PROBLEMS" | "MILESTONE_NOT_FOUND" | "MILESTONE_READ_ONLY" | "MILESTONE_NAME_TAKEN" | "INVALID_IMPROVEMENT_ITEM" | "IMPROVEMENT_ITEM_NOT_FOUND" | "SET_UPGRADE_REFUSED" | "MERGE_REFUSED" | "MERGE_CONFLICTS" | "MERGE_PLAN_CHANGED" | "REPORT_FAILED" | "BUNDLE_INVALID";

export type ErrorPayload = { code: ErrorCode, message: string, details: JsonValue, };

export type LocalizedText = { ja?: string, en?: string, };

export type Link = { title: string, 
/**
 * An http(s) URL; empty for a lens's additional resource that is text only.
 */
url: string, kind?: string, };

export type Risk = "UNANSWERED" | "HIGH" | "MEDIUM" | "NONE" | "NOT_APPLICABLE";

export type RiskCounts = { questions: number, 
/**
 * Applicable questions that have an answer (high + medium + none).
 */
answered: number, 
/**
 * Questions not marked not applicable.
 */
applicable: number, unanswered: number, high: number, medium: number, none: number, not_applicable: number, 
/**
 * Questions marked not applicable without a written reason text: the review is not complete
 * while there are any.
 */
not_applicable_without_reason: number, 
/**
 * answered + not_applicable: the questions the reviewer has decided.
 */
reviewed: number, 
/**
 * `floor(100 × reviewed / questions)`; 0 when there are no questions.
 */
progress_percent: number, };

export type PillarRisk = { pillar_id: string, title: LocalizedText, counts: RiskCounts, };

export type SetRisk = { set_id: string, version: string, 
/**
 * The version as every surface writes it (`question_set::version_label`).
 */
version_label: string, title: LocalizedText, counts: RiskCounts, pillars: Array<PillarRisk>, };

export type RiskSummary = { counts: RiskCounts, sets: Array<SetRisk>, };

export type ChoiceStatus = "SELECTED" | "NOT_APPLICABLE" | "UNSELECTED";

export type ChoiceReview = { id: string, title: LocalizedText, none_of_these: boolean, 
/**
 * What the best practice means (a lens choice's helpful resource), with its URL.
 */
description: LocalizedText | null, description_url: string | null, fisc_refs: Array<string>, explanation: Array<LocalizedText>, improvement: LocalizedText | null, improvement_url: string | null, 
/**
 * Related links; a lens's additional resource may have an empty `url` (text only).
 */
links: Array<Link>, status: ChoiceStatus, not_applicable_reason: NotApplicableReason | null, not_applicable_text: string | null, };

export type QuestionReview = { set_id: string, pillar_id: string, pillar_title: LocalizedText, question_id: string, label: string, title: LocalizedText, description: LocalizedText | null, guidance: LocalizedText | null, 
/**
 * The guidance's URL (a lens question's helpful resource).
 */
guidance_url: string | null, fisc_refs: Array<string>, choices: Array<ChoiceReview>, risk: Risk, not_applicable: NotApplicable | null, notes: string, updated_by: string | null, updated_at: string | null, evidence_count: number, };

export type NotApplicableReason = "OUT_OF_SCOPE" | "BUSINESS_PRIORITIES" | "ARCHITECTURE_CONSTRAINTS" | "OTHER";

export type NotApplicable = { reason: NotApplicableReason, text: string, };

export type ChoiceNotApplicable = { choice_id: string, reason: NotApplicableReason, text: string, };

export type EvidenceKind = "FILE" | "LINK" | "TEXT";

export type Evidence = { id: number, question_id: string, choice_id: string | null, kind: EvidenceKind, title: string, file_name: string | null, media_type: string | null, size_bytes: number | null, sha256: string | null, url: string | null, excerpt: string | null, added_by: string, added_at: string, };

export type Environment = "PRODUCTION" | "PREPRODUCTION";

export type Workload = { name: string, description: string, review_owner: string, environment: Environment | null, aws_regions: Array<string>, other_regions: Array<string>, account_ids: Array<string>, industry: string, architecture_url: string, notes: string, client_organization: string, reviewers: Array<string>, 
/**
 * `YYYY-MM-DD`.
 */
review_date: string | null, 
/**
 * The workbook's time zone as a UTC offset, `+09:00`: every surface shows times in it.
 */
time_zone: string, };

export type WorkbookSetInfo = { id: string, version: string, content_hash: string, added_at: string, };

export type AuditEntry = { seq: number, at: string, actor: string, action: string, target: string, old_value: JsonValue | null, new_value: JsonValue | null, entry_hash: string, };

export type ProblemKind = "INTEGRITY" | "FOREIGN_KEY" | "QUESTION_SET" | "EVIDENCE" | "AUDIT_TRAIL" | "RECORDED_STATE" | "MILESTONE";

export type Problem = { kind: ProblemKind, message: string, table: string | null, key: string | null, field: string | null, expected: JsonValue | null, found: JsonValue | null, };

export type VerifyReport = { ok: boolean, audit_entries: number, evidence_files: number, problems: Array<Problem>, };

export type ImprovementSource = "IMPROVEMENT" | "EXPLANATION" | "NONE";

export type ImprovementText = { source: ImprovementSource, items: Array<LocalizedText>, };

export type ImprovementAction = { choice_id: string, title: LocalizedText, fisc_refs: Array<string>, text: ImprovementText, };

export type ImprovementItem = { 
/**
 * `HIGH` or `MEDIUM`.
 */
priority: Risk, set_id: string, pillar_id: string, pillar_title: LocalizedText, question_id: string, label: string, question_title: LocalizedText, actions: Array<ImprovementAction>, };

export type AppInfo = { version: string, 
/**
 * The workbook path given as the first program argument, if any.
 */
initial_path: string | null, 
/**
 * Started as `hashira-app --demo`: open the demo workbook.
 */
open_demo_at_start: boolean, question_sets: Array<SetChoice>, default_set_ids: Array<string>, reviewer_name: string, };

export type SetChoice = { id: string, version: string, 
/**
 * The version as every surface writes it (`question_set::version_label`).
 */
version_label: string, title: LocalizedText, question_count: number, };

export type RecentWorkbook = { path: string, name: string, opened_at: string, };

export type WorkbookView = { path: string, file_name: string, workload: Workload, sets: Array<WorkbookSetInfo>, questions: Array<QuestionReview>, summary: RiskSummary, 
/**
 * The questions a set upgrade asks to look at again (要再確認), with why.
 */
rereview: Array<RereviewItem>, };

export type QuestionUpdate = { question: QuestionReview, summary: RiskSummary, evidence: Array<Evidence>, 
/**
 * The question's place on the re-review list after the change; absent when it is not on it
 * (saving or confirming the answer takes it off).
 */
rereview?: RereviewItem, };

export type AnswerChangeInput = { selected_choices?: Array<string>, choices_not_applicable?: Array<ChoiceNotApplicable>, not_applicable?: NotApplicable | null, notes?: string, };

export type EvidenceInput = { "kind": "FILE", path: string, title: string, } | { "kind": "LINK", url: string, title: string, } | { "kind": "TEXT", text: string, title: string, };

export type Lang = "ja" | "en";

export type ReportGlyphWarning = { character: string, 
/**
 * `U+20BB7`.
 */
code_point: string, 
/**
 * What the report prints instead: `〓`, or empty when it is left out.
 */
replacement: string, question_id: string | null, 
/**
 * Where in the report's data (`answers.pillars.questions.notes`).
 */
field: string | null, };

export type ReportDone = { path: string, pages: number, bytes: number, sets: Array<string>, label: string, 
/**
 * The title of the section "changes since milestone X", when the report has it.
 */
since: string | null, 
/**
 * Characters the report font lacks, printed as 〓 (or left out): shown after writing.
 */
warnings: Array<ReportGlyphWarning>, };

export type XlsxExportDone = { path: string, sheets: Array<string>, rows: number, };

export type FieldChange = { field: string, before: JsonValue, after: JsonValue, };

export type AnswerDiff = { question_id: string, sheet: string, row: number, changes: Array<FieldChange>, };

export type ReviewImport = { file: string, rows: number, sheets: Array<string>, changes: Array<AnswerDiff>, 
/**
 * The file's SHA-256 as read.
 */
sha256: string, 
/**
 * The previewed plan's fingerprint, passed back to apply exactly that plan.
 */
plan_sha256: string, applied: boolean, dry_run: boolean, };

export type WgDecisionCode = "ADOPTED" | "CONDITIONAL" | "REJECTED" | "NOT_EVALUATED";

export type WgSummary = { service: string, edition: string, edition_date: string, source_file: string, imported_by: string, imported_at: string, scenarios: number, criteria: number, notes: number, 
/**
 * Criteria per decision code (`ADOPTED`, …).
 */
decisions: { [key in string]: number }, 
/**
 * Criteria that carry an institution decision (what a delete would lose).
 */
decided: number, };

export type WgScenarioRow = { scenario_id: string, scenario: string, connection_source: string, route: string, notes: string, };

export type WgLinkedQuestion = { question_id: string, 
/**
 * Whether one of the workbook's question sets has the question (else it cannot be opened).
 */
in_workbook: boolean, };

export type WgCriterionRow = { 
/**
 * The criterion's stored id: the screen's key and what a change names (kept when a
 * re-import matches the criterion).
 */
id: number, criterion_no: string, perspective: string, category: string, assumed_risk: string, criterion: string, controls: string, responsibility_aws: string, responsibility_customer: string, fisc_refs: string, references: string, 
/**
 * The question ids the criterion names, in the sheet's order.
 */
questions: Array<WgLinkedQuestion>, decision: WgDecisionCode, own_measures: string, residual_risk: string, reviewer_notes: string, };

export type WgNoteRow = { category: string, note: string, detail: string, references: string, };

export type WgView = { service: string, edition: string, edition_date: string, source_file: string, scenarios: Array<WgScenarioRow>, criteria: Array<WgCriterionRow>, notes: Array<WgNoteRow>, };

export type WgChangeInput = { decision?: WgDecisionCode, own_measures?: string, residual_risk?: string, reviewer_notes?: string, };

export type WgChangeKind = "ADDED" | "CHANGED" | "UNCHANGED" | "REMOVED";

export type WgOutcome = "KEPT" | "FROM_FILE" | "CLEARED" | "NOT_EVALUATED" | "REMOVED";

export type WgStatus = "NEW" | "REMOVED" | "DECISION_CLEARED" | "DECISION_CHANGED" | "EVALUATION_CLEARED" | "EVALUATION_CHANGED" | "BLANK_KEPT" | "TEXT_CHANGED" | "UNCHANGED";

export type WgField = "decision" | "own_measures" | "residual_risk" | "reviewer_notes";

export type WgFieldChange = "SAME" | "SET" | "BLANK_KEPT" | "CLEARED";

export type WgFieldRow = { field: WgField, stored: string, file: string | null, result: string, outcome: WgFieldChange, };

export type WgDuplicateRow = { criterion_no: string, 
/**
 * 1-based rows of the criteria sheet.
 */
rows: Array<number>, };

export type WgMergeRow = { kind: WgChangeKind, status: WgStatus, criterion_no: string, perspective: string, category: string, criterion: string, changed_fields: Array<string>, evaluation: WgOutcome, 
/**
 * The stored decision, when there was an evaluation.
 */
stored_decision: WgDecisionCode | null, 
/**
 * The four institution columns (none for a removed criterion).
 */
fields: Array<WgFieldRow>, };

export type WgImport = { file: string, service: string, edition: string, edition_date: string, scenarios: number, criteria: number, notes: number, warnings: Array<string>, 
/**
 * Whether a stored evaluation of the service exists (the plan merges into it).
 */
existing: boolean, added: number, changed: number, unchanged: number, removed: number, kept_evaluations: number, cleared_evaluations: number, removed_evaluations: number, 
/**
 * Criteria whose blank cell leaves a stored value as it is.
 */
blanks_kept: number, 
/**
 * Whether blank cells clear stored values (the import form's checkbox).
 */
clear_blank: boolean, duplicate_numbers: Array<WgDuplicateRow>, 
/**
 * The plan's fingerprint: applying with it stores exactly this plan or nothing.
 */
plan_sha256: string, plan: Array<WgMergeRow>, dry_run: boolean, applied: boolean, };

export type WgExportDone = { path: string, service: string, criteria: number, };

export type WgQuestionCriterion = { service: string, 
/**
 * The criterion's stored id.
 */
id: number, 
/**
 * 0-based position in the service's criteria (what the WG screen scrolls to).
 */
position: number, criterion_no: string, perspective: string, category: string, criterion: string, decision: WgDecisionCode, };

export type HistoryKind = "workbook_create" | "question_set_add" | "workbook_migrate" | "answer_update" | "evidence_add" | "evidence_remove" | "workload_update" | "answers_import" | "wg_import" | "wg_replace" | "wg_evaluate" | "wg_delete" | "workbook_copy" | "workbook_merge" | "workbook_record" | "answer_confirm" | "answers_import_wa_tool" | "improvement_item_set" | "improvement_item_add" | "milestone_add" | "question_set_upgrade" | "other";

export type HistoryQuestion = { id: string, label: string, title: LocalizedText, };

export type HistoryChange = { 
/**
 * The field's key: `selected_choices`, `notes`, `decision`, a workload property's key…
 */
field: string, label: LocalizedText, 
/**
 * The value before (absent for a value that did not exist).
 */
old: LocalizedText | null, 
/**
 * The value after (absent for a value that no longer exists).
 */
new: LocalizedText | null, added: Array<LocalizedText>, removed: Array<LocalizedText>, 
/**
 * Free text someone typed (notes, reasons): shown quoted, kept whole.
 */
free_text: boolean, };

export type HistoryRecord = { seq: number, 
/**
 * The stored instant (UTC, RFC 3339).
 */
at: string, 
/**
 * The instant in the workbook's time zone: `2026-04-01 09:00`.
 */
when: string, actor: string, 
/**
 * The audit action as stored (`answer.update`).
 */
action: string, kind: HistoryKind, kind_label: LocalizedText, 
/**
 * The audit target as stored.
 */
target: string, 
/**
 * The question, when the change is about one.
 */
question: HistoryQuestion | null, 
/**
 * What the change is about when it is not a question: a service and criterion, a
 * workload property, a file, a question set.
 */
subject: LocalizedText | null, changes: Array<HistoryChange>, };

export type HistoryFilter = { 
/**
 * A question id (case-insensitive): the entries about that question.
 */
question: string | null, 
/**
 * Who made the change, as recorded.
 */
actor: string | null, 
/**
 * First day shown, `YYYY-MM-DD`, inclusive, in the workbook's time zone.
 */
from: string | null, 
/**
 * Last day shown, `YYYY-MM-DD`, inclusive, in the workbook's time zone.
 */
to: string | null, 
/**
 * Kinds of change shown (empty: all).
 */
kinds: Array<HistoryKind>, };

export type HistoryItem = { record: HistoryRecord, entry: AuditEntry, };

export type HistoryView = { items: Array<HistoryItem>, actors: Array<string>, };

export type WaToolWarning = { question_id: string, field: string, length: number, limit: number, message: string, };

export type WaToolExportDone = { out_dir: string, set_id: string, lens_name: string, answers: number, files: Array<string>, warnings: Array<WaToolWarning>, };

export type LensExportDone = { path: string, set_id: string, set_version: string, lens_name: string, questions: number, bytes: number, warnings: Array<WaToolWarning>, };

export type WaToolAnswer = { selected_choices: Array<string>, choices_not_applicable: Array<ChoiceNotApplicable>, not_applicable: NotApplicable | null, notes: string, };

export type WaToolChange = { file: string, question_id: string, before: WaToolAnswer, after: WaToolAnswer, };

export type WaToolImport = { set_id: string, files: Array<string>, answers_read: number, changes: Array<WaToolChange>, 
/**
 * The plan's fingerprint: passed back on apply, it refuses files changed since.
 */
plan_sha256: string, dry_run: boolean, applied: boolean, };

export type Severity = "error" | "warning";

export type LensProblem = { path: string, message: string, severity: Severity, };

export type LensPreviewQuestion = { id: string, title: string, choices: number, none_of_these: boolean, rules: number, };

export type LensPreviewPillar = { id: string, title: string, questions: Array<LensPreviewQuestion>, };

export type LensPreview = { 
/**
 * The file's name, as the set records it.
 */
file: string, 
/**
 * SHA-256 of the file's bytes: give it back to [`Workbook::add_lens`] to add exactly this.
 */
sha256: string, set_id: string, name: string, version: string, 
/**
 * The version as every surface writes it (`question_set::version_label`).
 */
version_label: string, language: Lang, pillars: Array<LensPreviewPillar>, question_count: number, 
/**
 * Best-practice choices, not counting "None of these".
 */
choice_count: number, 
/**
 * Some question id of the lens is already used by another set, so the workbook keys this
 * set's questions `set_id/question_id` and commands need `--set` for the shared ids.
 */
shares_question_ids: boolean, warnings: Array<LensProblem>, };

export type RereviewItem = { 
/**
 * The question's key in the workbook.
 */
question_id: string, set_id: string, 
/**
 * What changed, as the upgrade plan listed it (`question_text`, `choices_text`,
 * `selections_lost`…).
 */
reasons: JsonValue, 
/**
 * The upgrade that asked for it: "SET OLD → NEW".
 */
upgrade: string, since: string, };

export type CarriedQuestion = { 
/**
 * The old question id and the new one (the same unless the map renames it).
 */
from: string, to: string, 
/**
 * Whether the old question had an answer (a selection, N/A, or notes).
 */
answered: boolean, 
/**
 * One of several questions the old one was split into.
 */
split: boolean, question_text_changed: boolean, rules_changed: boolean, 
/**
 * New choice ids whose title or description changed.
 */
choices_text_changed: Array<string>, choices_renamed: Array<ChoiceRename>, choices_added: Array<string>, choices_removed: Array<string>, 
/**
 * Old choice ids selected or marked N/A whose choice is gone.
 */
selections_lost: Array<string>, 
/**
 * Goes on the re-review list: answered and changed.
 */
to_rereview: boolean, };

export type ChoiceRename = { from: string, to: string, };

export type LostSelection = { question: string, new_question: string, choice_id: string, 
/**
 * `SELECTED` or `NOT_APPLICABLE`.
 */
status: string, reason: string | null, reason_text: string, };

export type NewQuestion = { id: string, pillar_id: string, choices: number, };

export type RemovedQuestion = { id: string, answered: boolean, evidence: number, };

export type UpgradeSummary = { unchanged: number, changed: number, to_rereview: number, lost_selections: number, new_questions: number, new_choices: number, removed_questions: number, removed_answers: number, removed_evidence: number, };

export type UpgradePlan = { set_id: string, from_version: string, to_version: string, 
/**
 * The two versions as every surface writes them (`question_set::version_label`).
 */
from_version_label: string, to_version_label: string, from_sha256: string, to_sha256: string, 
/**
 * Carried (by id or through the map) with nothing changed.
 */
unchanged: Array<CarriedQuestion>, 
/**
 * Carried, but the question's text or rules, or a choice, changed: an answered one goes on
 * the re-review list (`to_rereview`).
 */
changed: Array<CarriedQuestion>, 
/**
 * Selections and choice N/A marks dropped because their choice is gone. The pre-upgrade
 * milestone keeps them, and the audit entry lists them.
 */
lost_selections: Array<LostSelection>, 
/**
 * Questions of the new edition no old question becomes: unanswered.
 */
new_questions: Array<NewQuestion>, 
/**
 * Old questions the new edition drops: their answers and evidence leave the current
 * review and stay in the pre-upgrade milestone.
 */
removed_questions: Array<RemovedQuestion>, summary: UpgradeSummary, 
/**
 * SHA-256 of the workbook's state and both editions and the map: `--expect-plan`.
 */
fingerprint: string, };

export type UpgradeOutcome = { plan: UpgradePlan, milestone: MilestoneInfo, };

export type UpgradeEdition = { "kind": "FILE", path: string, } | { "kind": "LENS", path: string, } | { "kind": "SHIPPED" };

export type SetUpgradePreview = { plan: UpgradePlan, 
/**
 * A lens's warnings (texts in the other language…); empty for a set file or the shipped set.
 */
warnings: Array<LensProblem>, };

export type MergeItem = "ANSWER" | "NOTES" | "WORKLOAD" | "WG_DECISION" | "IMPROVEMENT_ITEM" | "EVIDENCE" | "REREVIEW";

export type MergeSide = "ours" | "theirs";

export type MergeResolution = MergeSide | { edit: JsonValue, };

export type MergeSettled = "ours" | "theirs" | "edit";

export type MergeChoiceShown = { id: string, title: LocalizedText, 
/**
 * "None of these": selected alone.
 */
none_of_these: boolean, };

export type MergeRowShown = { 
/**
 * The plan's id (`answer:SEC1`): what a resolution names.
 */
id: string, item: MergeItem, item_label: LocalizedText, 
/**
 * The question id, workload column, criterion or item as the plan names it.
 */
target: string, 
/**
 * The question with its label and title, a property's label, else the target.
 */
subject: LocalizedText, 
/**
 * The value where the copies parted (conflicts only).
 */
base: LocalizedText | null, ours: LocalizedText, theirs: LocalizedText, ours_by: string | null, 
/**
 * In the workbook's time zone: `2026-04-01 09:00`.
 */
ours_when: string | null, theirs_by: string | null, theirs_when: string | null, 
/**
 * A conflict's two values in the form its edit takes (`merge/edit.rs`), to start an edit
 * from; `null` for a change taken, or a side with nothing to start from.
 */
edit_ours: JsonValue | null, edit_theirs: JsonValue | null, 
/**
 * An answer conflict's question's choices, for choosing an edited answer.
 */
choices: Array<MergeChoiceShown>, };

export type MergeCount = { item: MergeItem, label: LocalizedText, count: number, };

export type MergePlanShown = { other: string, 
/**
 * The last audit entry both copies share, and when it was written.
 */
fork_seq: number, fork_when: string, 
/**
 * The other file's audit entries that the merge adds here.
 */
their_entries: number, already_merged: boolean, taken_counts: Array<MergeCount>, taken: Array<MergeRowShown>, conflicts: Array<MergeRowShown>, notes: Array<string>, 
/**
 * What the apply must name (the plan's fingerprint).
 */
fingerprint: string, };

export type MergeOutcome = { 
/**
 * False when there was nothing to merge (already merged): neither file changed.
 */
merged: boolean, their_entries: number, taken: number, 
/**
 * Conflict id → the side taken, or `edit` (the reviewer's own value).
 */
resolutions: { [key in string]: MergeSettled }, audit_head: string, };

export type MergeChoice = { id: string, resolution: MergeResolution, };

export type ItemStatus = "OPEN" | "IN_PROGRESS" | "DONE" | "RISK_ACCEPTED";

export type ItemFields = { owner: string, 
/**
 * `YYYY-MM-DD`.
 */
due_date: string | null, status: ItemStatus, 
/**
 * Kept only while the status is RISK_ACCEPTED (and then required).
 */
acceptance_reason: string, notes: string, };

export type ItemEdit = { owner: string | null, 
/**
 * `Some("")` clears the due date.
 */
due_date: string | null, status: ItemStatus | null, acceptance_reason: string | null, notes: string | null, };

export type ItemTarget = { "kind": "PRACTICE", question_id: string, choice_id: string, } | { "kind": "ID", id: number, };

export type TrackedItem = { 
/**
 * The row's id; `None` for a practice nobody has edited yet (it has no row).
 */
id: number | null, set_id: string, pillar_id: string, question_id: string, label: string, question_title: LocalizedText, 
/**
 * The best practice; `None` for an item a reviewer added.
 */
choice_id: string | null, 
/**
 * The practice's title, or the title the reviewer gave (the same in both languages).
 */
title: LocalizedText, 
/**
 * The question's risk when HIGH or MEDIUM.
 */
priority: Risk | null, 
/**
 * In the improvement plan now. False for a practice that left it (selected, not
 * applicable, or its question no longer HIGH or MEDIUM): 解消済み / Resolved.
 */
in_plan: boolean, 
/**
 * Due before today (in the workbook's time zone), still OPEN or IN_PROGRESS, in the plan.
 */
overdue: boolean, updated_by: string | null, updated_at: string | null, owner: string, 
/**
 * `YYYY-MM-DD`.
 */
due_date: string | null, status: ItemStatus, 
/**
 * Kept only while the status is RISK_ACCEPTED (and then required).
 */
acceptance_reason: string, notes: string, };

export type MilestoneInfo = { 
/**
 * 1, 2, 3… in the order they were made.
 */
number: number, name: string, created_at: string, created_by: string, 
/**
 * The last audit entry the milestone holds.
 */
audit_seq: number, 
/**
 * SHA-256 of the snapshot, as the audit chain records it.
 */
content_sha256: string, size_bytes: number, 
/**
 * Stored evidence files the milestone lists.
 */
evidence_files: number, };

export type MilestoneFigures = { milestone: MilestoneInfo, risk: RiskSummary, };

export type MilestoneTrend = { milestones: Array<MilestoneFigures>, now: RiskSummary, };

export type MilestoneShown = { milestone: MilestoneInfo, view: WorkbookView, };

export type Change<T> = { before: T, after: T, };

export type DiffStatus = "ADDED" | "REMOVED" | "CHANGED";

export type ChoiceNotApplicableChange = { choice_id: string, before: NotApplicable | null, after: NotApplicable | null, };

export type EvidenceReattached = { before: Evidence, after: Evidence, };

export type QuestionDiff = { status: DiffStatus, set_id: string, 
/**
 * The question's id within its set.
 */
question_id: string, 
/**
 * Its key in the workbook (`QuestionReview::question_id`) on the "to" side, else "from".
 */
key: string, 
/**
 * As surfaces print it (`SEC 1`).
 */
label: string, title: LocalizedText, 
/**
 * The risk each side's review gives; `None` on the side the question is not on.
 */
risk_before: Risk | null, risk_after: Risk | null, 
/**
 * Choice ids, in the question's order.
 */
selections_added: Array<string>, selections_removed: Array<string>, 
/**
 * The question's own not-applicable mark (reason and text), when it changed.
 */
not_applicable: Change<NotApplicable | null> | null, choices_not_applicable: Array<ChoiceNotApplicableChange>, notes: Change<string> | null, evidence_added: Array<Evidence>, evidence_removed: Array<Evidence>, evidence_reattached: Array<EvidenceReattached>, 
/**
 * The "to" side's last change of the answer (who and when).
 */
updated_by: string | null, updated_at: string | null, };

export type DiffSummary = { high_resolved: number, high_new: number, medium_resolved: number, medium_new: number, 
/**
 * Questions on both sides whose answer, risk or evidence differs.
 */
questions_changed: number, questions_added: number, questions_removed: number, 
/**
 * Unanswered (or not there) before, answered or not applicable after.
 */
newly_answered: number, workload_fields_changed: number, wg_criteria_changed: number, 
/**
 * Items DONE on the "to" side that were not DONE (or not there) before.
 */
items_done: number, 
/**
 * Items RISK_ACCEPTED on the "to" side that were not before.
 */
items_risk_accepted: number, 
/**
 * Items followed up only on the "to" side (added by a reviewer, or a practice that
 * entered the plan and was edited).
 */
items_added: number, 
/**
 * Items followed up only on the "from" side.
 */
items_removed: number, 
/**
 * Items on both sides whose status, owner, due date, reason, notes or place in the plan
 * differs.
 */
items_changed: number, 
/**
 * Every item overdue on the "to" side (changed or not): due before that side's date,
 * still OPEN or IN_PROGRESS, in the plan.
 */
items_overdue: number, };

export type ChangedQuestion = { diff: QuestionDiff, then: QuestionReview | null, now: QuestionReview | null, then_evidence: Array<Evidence>, now_evidence: Array<Evidence>, };

export type MilestoneComparison = { milestone: MilestoneInfo, summary: DiffSummary, questions: Array<ChangedQuestion>, };

export type BundleProgressEvent = { done_bytes: number, total_bytes: number, files_done: number, files_total: number, 
/**
 * The path inside the zip being written; empty once the bundle is complete.
 */
current: string, };

export type BundleMilestone = { number: number, name: string, };

export type BundleCreated = { path: string, 
/**
 * Entries of the zip, `MANIFEST.json` and `SHA256SUMS` included.
 */
files: number, evidence_files: number, 
/**
 * Size of the zip.
 */
bytes: number, workbook_id: string, 
/**
 * The manifest's audit chain head (`seq:hash`) of the snapshot inside.
 */
audit_chain_head: string, milestone: BundleMilestone | null, 
/**
 * SHA-256 of `SHA256SUMS`: the fingerprint to send the recipient by another channel.
 */
sums_sha256: string, 
/**
 * Characters the report font lacks (printed as 〓).
 */
warnings: Array<ReportGlyphWarning>, };

export type BundleProblemCode = "MISSING" | "EXTRA" | "CHANGED" | "AUDIT_CHAIN" | "SNAPSHOT";

export type BundleProblemRow = { kind: BundleProblemCode, 
/**
 * The file of the bundle it is about.
 */
path: string, message: string, expected: string | null, found: string | null, };

export type BundleChecked = { ok: boolean, path: string, files_checked: number, audit_chain_head: string, problems: Array<BundleProblemRow>, };

/** The window event carrying `BundleProgressEvent` while a bundle is written. */
export const BUNDLE_PROGRESS_EVENT = "bundle-progress";

/** Every IPC command: its arguments and its result. */
export type Commands = {
  app_info: { args: {}, result: AppInfo },
  recent_workbooks: { args: {}, result: Array<RecentWorkbook> },
  set_reviewer_name: { args: { name: string }, result: string },
  choose_workbook_to_open: { args: {}, result: string | null },
  choose_new_workbook_path: { args: { suggestedName: string }, result: string | null },
  choose_evidence_file: { args: {}, result: string | null },
  create_workbook: { args: { path: string, workload: Workload, setIds: Array<string> }, result: WorkbookView },
  open_workbook: { args: { path: string }, result: WorkbookView },
  open_demo: { args: {}, result: WorkbookView },
  close_workbook: { args: {}, result: null },
  workbook_view: { args: {}, result: WorkbookView },
  save_answer: { args: { questionId: string, change: AnswerChangeInput }, result: QuestionUpdate },
  update_workload: { args: { workload: Workload }, result: Workload },
  list_evidence: { args: { questionId: string }, result: Array<Evidence> },
  add_evidence: { args: { questionId: string, choiceId: string | null, evidence: EvidenceInput }, result: QuestionUpdate },
  remove_evidence: { args: { evidenceId: number }, result: QuestionUpdate },
  export_evidence: { args: { evidenceId: number }, result: string | null },
  open_evidence: { args: { evidenceId: number }, result: null },
  audit_log: { args: {}, result: Array<AuditEntry> },
  history: { args: { filter: HistoryFilter }, result: HistoryView },
  improvement_plan: { args: {}, result: Array<ImprovementItem> },
  verify: { args: {}, result: VerifyReport },
  choose_output_path: { args: { kind: string, suggestedName: string }, result: string | null },
  choose_xlsx_to_import: { args: {}, result: string | null },
  create_report: { args: { path: string, lang: Lang, setIds: Array<string>, label: string, withHistory: boolean, since: string | null }, result: ReportDone },
  open_output: { args: { path: string }, result: null },
  export_review_xlsx: { args: { path: string, setIds: Array<string> }, result: XlsxExportDone },
  import_review_xlsx: { args: { path: string, dryRun: boolean, expectPlan: string | null }, result: ReviewImport },
  wg_assessments: { args: {}, result: Array<WgSummary> },
  wg_assessment: { args: { service: string }, result: WgView },
  update_wg_evaluation: { args: { service: string, criterionId: number, change: WgChangeInput }, result: WgCriterionRow },
  import_wg_xlsx: { args: { path: string, dryRun: boolean, service: string | null, clearBlank: boolean, expectPlan: string | null }, result: WgImport },
  export_wg_xlsx: { args: { path: string, service: string }, result: WgExportDone },
  delete_wg_assessment: { args: { service: string }, result: null },
  wg_criteria_for_question: { args: { questionId: string }, result: Array<WgQuestionCriterion> },
  choose_folder: { args: {}, result: string | null },
  choose_json_to_import: { args: {}, result: string | null },
  export_for_wa_tool: { args: { setId: string, lang: Lang, outDir: string, workloadId: string | null }, result: WaToolExportDone },
  export_lens: { args: { setId: string, lang: Lang, path: string }, result: LensExportDone },
  import_wa_tool: { args: { setId: string, path: string, dryRun: boolean, expectPlan: string | null }, result: WaToolImport },
  preview_lens: { args: { path: string }, result: LensPreview },
  add_lens: { args: { path: string, expectSha256: string }, result: LensPreview },
  preview_set_upgrade: { args: { setId: string, edition: UpgradeEdition, mapPath: string | null }, result: SetUpgradePreview },
  apply_set_upgrade: { args: { setId: string, edition: UpgradeEdition, mapPath: string | null, expectPlan: string }, result: UpgradeOutcome },
  plan_merge: { args: { path: string }, result: MergePlanShown },
  apply_merge: { args: { path: string, expectPlan: string, choices: Array<MergeChoice> }, result: MergeOutcome },
  confirm_answer: { args: { questionId: string }, result: QuestionUpdate },
  choose_toml_to_import: { args: {}, result: string | null },
  improvement_items: { args: {}, result: Array<TrackedItem> },
  update_improvement_item: { args: { target: ItemTarget, edit: ItemEdit }, result: TrackedItem },
  add_improvement_item: { args: { questionId: string, title: string, edit: ItemEdit }, result: TrackedItem },
  milestones: { args: {}, result: MilestoneTrend },
  add_milestone: { args: { name: string }, result: MilestoneInfo },
  show_milestone: { args: { number: number }, result: MilestoneShown },
  show_current_review: { args: {}, result: WorkbookView },
  compare_with_milestone: { args: { number: number }, result: MilestoneComparison },
  create_bundle: { args: { path: string, lang: Lang, milestone: string | null, overwrite: boolean }, result: BundleCreated },
  check_bundle: { args: { path: string }, result: BundleChecked },
  show_output_in_folder: { args: { path: string }, result: null },
};
