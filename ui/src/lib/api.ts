// The only module that calls `invoke` (and the only one that imports @tauri-apps/api). Every
// command is typed from the generated bindings, and every failure arrives as an `ErrorPayload`
// ({code, message, details}) — never a bare string.
import { invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWebviewWindow } from '@tauri-apps/api/webviewWindow';
import { BUNDLE_PROGRESS_EVENT, type BundleProgressEvent, type Commands, type ErrorPayload } from './bindings';

export type CommandName = keyof Commands;
type Args<C extends CommandName> = Commands[C]['args'];
type Result<C extends CommandName> = Commands[C]['result'];

/** An IPC failure, carrying the core's payload. */
export class IpcError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'IpcError';
    this.payload = payload;
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns anything thrown by `invoke` into an `ErrorPayload` of the closed code set. */
export function toPayload(error: unknown): ErrorPayload {
  if (error instanceof IpcError) return error.payload;
  if (isPayload(error)) return { code: error.code, message: error.message, details: error.details ?? null };
  // A failure of the IPC bridge itself (not from a command) still gets a code from the closed set.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'IO', message, details: { reason: message } };
}

export async function call<C extends CommandName>(command: C, args: Args<C>): Promise<Result<C>> {
  try {
    return (await invoke(command, args as Record<string, unknown>)) as Result<C>;
  } catch (error) {
    throw new IpcError(toPayload(error));
  }
}

/**
 * Files dragged from the file manager over the window, as the webview reports them (Tauri
 * intercepts native file drops; `paths` are absolute). `leave` also ends a cancelled drag.
 */
export type FileDrag = { type: 'enter'; paths: string[] } | { type: 'over' } | { type: 'drop'; paths: string[] } | { type: 'leave' };

/**
 * Calls `handler` for every file drag over this window (the capability's `core:event:allow-listen`
 * and `allow-unlisten` are for this alone). Resolves to a function that stops listening.
 */
async function onFileDrag(handler: (drag: FileDrag) => void): Promise<() => void> {
  const unlisten = await getCurrentWebview().onDragDropEvent(({ payload }) => {
    if (payload.type === 'enter' || payload.type === 'drop') handler({ type: payload.type, paths: payload.paths });
    else handler({ type: payload.type });
  });
  return () => {
    // Only called when the page goes away; a failure to unlisten then has no one to tell.
    // (`UnlistenFn` is typed `() => void`, but the webview's returns a promise.)
    void Promise.resolve(unlisten() as unknown).catch(() => undefined);
  };
}

/**
 * Calls `handler` with the progress of a bundle this window is writing (`create_bundle` sends it
 * to this window only, a few times a second). Resolves to a function that stops listening.
 */
async function onBundleProgress(handler: (progress: BundleProgressEvent) => void): Promise<() => void> {
  const unlisten = await getCurrentWebviewWindow().listen<BundleProgressEvent>(BUNDLE_PROGRESS_EVENT, ({ payload }) => handler(payload));
  return () => {
    void Promise.resolve(unlisten() as unknown).catch(() => undefined);
  };
}

export const api = {
  onFileDrag,
  onBundleProgress,
  appInfo: () => call('app_info', {}),
  recentWorkbooks: () => call('recent_workbooks', {}),
  setReviewerName: (name: Args<'set_reviewer_name'>['name']) => call('set_reviewer_name', { name }),
  chooseWorkbookToOpen: () => call('choose_workbook_to_open', {}),
  chooseNewWorkbookPath: (suggestedName: Args<'choose_new_workbook_path'>['suggestedName']) => call('choose_new_workbook_path', { suggestedName }),
  chooseEvidenceFile: () => call('choose_evidence_file', {}),
  createWorkbook: (args: Args<'create_workbook'>) => call('create_workbook', args),
  openWorkbook: (path: Args<'open_workbook'>['path']) => call('open_workbook', { path }),
  openDemo: () => call('open_demo', {}),
  closeWorkbook: () => call('close_workbook', {}),
  workbookView: () => call('workbook_view', {}),
  saveAnswer: (questionId: Args<'save_answer'>['questionId'], change: Args<'save_answer'>['change']) =>
    call('save_answer', { questionId, change }),
  updateWorkload: (workload: Args<'update_workload'>['workload']) => call('update_workload', { workload }),
  listEvidence: (questionId: Args<'list_evidence'>['questionId']) => call('list_evidence', { questionId }),
  addEvidence: (args: Args<'add_evidence'>) => call('add_evidence', args),
  removeEvidence: (evidenceId: Args<'remove_evidence'>['evidenceId']) => call('remove_evidence', { evidenceId }),
  exportEvidence: (evidenceId: Args<'export_evidence'>['evidenceId']) => call('export_evidence', { evidenceId }),
  openEvidence: (evidenceId: Args<'open_evidence'>['evidenceId']) => call('open_evidence', { evidenceId }),
  auditLog: () => call('audit_log', {}),
  history: (filter: Args<'history'>['filter']) => call('history', { filter }),
  improvementPlan: () => call('improvement_plan', {}),
  verify: () => call('verify', {}),
  // `kind` is a String in Rust; the UI asks only for these.
  chooseOutputPath: (kind: 'pdf' | 'xlsx' | 'json' | 'zip', suggestedName: Args<'choose_output_path'>['suggestedName']) => call('choose_output_path', { kind, suggestedName }),
  chooseXlsxToImport: () => call('choose_xlsx_to_import', {}),
  chooseFolder: () => call('choose_folder', {}),
  chooseJsonToImport: () => call('choose_json_to_import', {}),
  createReport: (args: Args<'create_report'>) => call('create_report', args),
  openOutput: (path: Args<'open_output'>['path']) => call('open_output', { path }),
  createBundle: (args: Args<'create_bundle'>) => call('create_bundle', args),
  checkBundle: (path: Args<'check_bundle'>['path']) => call('check_bundle', { path }),
  showOutputInFolder: (path: Args<'show_output_in_folder'>['path']) => call('show_output_in_folder', { path }),
  exportReviewXlsx: (path: Args<'export_review_xlsx'>['path'], setIds: Args<'export_review_xlsx'>['setIds']) => call('export_review_xlsx', { path, setIds }),
  importReviewXlsx: (
    path: Args<'import_review_xlsx'>['path'],
    dryRun: Args<'import_review_xlsx'>['dryRun'],
    expectPlan: Args<'import_review_xlsx'>['expectPlan'],
  ) => call('import_review_xlsx', { path, dryRun, expectPlan }),
  wgAssessments: () => call('wg_assessments', {}),
  wgAssessment: (service: Args<'wg_assessment'>['service']) => call('wg_assessment', { service }),
  updateWgEvaluation: (
    service: Args<'update_wg_evaluation'>['service'],
    criterionId: Args<'update_wg_evaluation'>['criterionId'],
    change: Args<'update_wg_evaluation'>['change']) =>
    call('update_wg_evaluation', { service, criterionId, change }),
  importWgXlsx: (
    path: Args<'import_wg_xlsx'>['path'],
    dryRun: Args<'import_wg_xlsx'>['dryRun'],
    service: Args<'import_wg_xlsx'>['service'],
    clearBlank: Args<'import_wg_xlsx'>['clearBlank'],
    expectPlan: Args<'import_wg_xlsx'>['expectPlan'],
  ) => call('import_wg_xlsx', { path, dryRun, service, clearBlank, expectPlan }),
  exportWgXlsx: (path: Args<'export_wg_xlsx'>['path'], service: Args<'export_wg_xlsx'>['service']) => call('export_wg_xlsx', { path, service }),
  deleteWgAssessment: (service: Args<'delete_wg_assessment'>['service']) => call('delete_wg_assessment', { service }),
  wgCriteriaForQuestion: (questionId: Args<'wg_criteria_for_question'>['questionId']) => call('wg_criteria_for_question', { questionId }),
  exportForWaTool: (
    setId: Args<'export_for_wa_tool'>['setId'],
    lang: Args<'export_for_wa_tool'>['lang'],
    outDir: Args<'export_for_wa_tool'>['outDir'],
    workloadId: Args<'export_for_wa_tool'>['workloadId'],
  ) => call('export_for_wa_tool', { setId, lang, outDir, workloadId }),
  exportLens: (setId: Args<'export_lens'>['setId'], lang: Args<'export_lens'>['lang'], path: Args<'export_lens'>['path']) =>
    call('export_lens', { setId, lang, path }),
  importWaTool: (
    setId: Args<'import_wa_tool'>['setId'],
    path: Args<'import_wa_tool'>['path'],
    dryRun: Args<'import_wa_tool'>['dryRun'],
    expectPlan: Args<'import_wa_tool'>['expectPlan'],
  ) => call('import_wa_tool', { setId, path, dryRun, expectPlan }),
  previewLens: (path: Args<'preview_lens'>['path']) => call('preview_lens', { path }),
  addLens: (path: Args<'add_lens'>['path'], expectSha256: Args<'add_lens'>['expectSha256']) => call('add_lens', { path, expectSha256 }),
  milestones: () => call('milestones', {}),
  addMilestone: (name: Args<'add_milestone'>['name']) => call('add_milestone', { name }),
  showMilestone: (number: Args<'show_milestone'>['number']) => call('show_milestone', { number }),
  showCurrentReview: () => call('show_current_review', {}),
  compareWithMilestone: (number: Args<'compare_with_milestone'>['number']) => call('compare_with_milestone', { number }),
  previewSetUpgrade: (setId: Args<'preview_set_upgrade'>['setId'], edition: Args<'preview_set_upgrade'>['edition'], mapPath: Args<'preview_set_upgrade'>['mapPath']) =>
    call('preview_set_upgrade', { setId, edition, mapPath }),
  applySetUpgrade: (args: Args<'apply_set_upgrade'>) => call('apply_set_upgrade', args),
  planMerge: (path: Args<'plan_merge'>['path']) => call('plan_merge', { path }),
  applyMerge: (args: Args<'apply_merge'>) => call('apply_merge', args),
  confirmAnswer: (questionId: Args<'confirm_answer'>['questionId']) => call('confirm_answer', { questionId }),
  chooseTomlToImport: () => call('choose_toml_to_import', {}),
  improvementItems: () => call('improvement_items', {}),
  updateImprovementItem: (target: Args<'update_improvement_item'>['target'], edit: Args<'update_improvement_item'>['edit']) =>
    call('update_improvement_item', { target, edit }),
  addImprovementItem: (questionId: Args<'add_improvement_item'>['questionId'], title: Args<'add_improvement_item'>['title'], edit: Args<'add_improvement_item'>['edit']) =>
    call('add_improvement_item', { questionId, title, edit }),
};
