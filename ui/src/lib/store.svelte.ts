// App state shared by the screens. Workbook data always comes back from the core after a change;
// nothing here computes risk or decides what an answer means.
import { api, IpcError, toPayload } from './api';
import type {
  AppInfo,
  ErrorPayload,
  Evidence,
  QuestionReview,
  QuestionUpdate,
  RecentWorkbook,
  RereviewItem,
  RiskSummary,
  WorkbookView,
} from './bindings';

export type Screen = 'review' | 'dashboard' | 'workload' | 'audit' | 'report' | 'bundle' | 'excel' | 'wa' | 'wg' | 'upgrade' | 'merge' | 'items' | 'milestones';
export type Filter = 'all' | 'UNANSWERED' | 'HIGH' | 'MEDIUM' | 'NONE' | 'NOT_APPLICABLE' | 'answered' | 'rereview';

export const app = $state({
  info: null as AppInfo | null,
  recent: [] as RecentWorkbook[],
  view: null as WorkbookView | null,
  screen: 'review' as Screen,
  currentId: null as string | null,
  evidence: [] as Evidence[],
  search: '',
  filter: 'all' as Filter,
  busy: null as string | null,
  error: null as ErrorPayload | null,
  /** The WG criterion the WG screen opens on next (from the question pane's links). */
  wgTarget: null as WgTarget | null,
});

/** A criterion of a stored WG evaluation: the service and the 0-based row of its criteria. */
export type WgTarget = { service: string; position: number };

export function showError(error: unknown): void {
  app.error = error instanceof IpcError ? error.payload : toPayload(error);
}

export function currentQuestion(): QuestionReview | null {
  const view = app.view;
  if (!view || !app.currentId) return null;
  return view.questions.find((q) => q.question_id === app.currentId) ?? null;
}

/** The question's entry on the re-review list (要再確認), as the core keeps it, if it is on it. */
export function rereviewOf(questionId: string): RereviewItem | undefined {
  return app.view?.rereview.find((r) => r.question_id === questionId);
}

function matches(q: QuestionReview, term: string, filter: Filter, rereview: Set<string>): boolean {
  if (filter === 'rereview') {
    if (!rereview.has(q.question_id)) return false;
  } else if (filter === 'answered' && (q.risk === 'UNANSWERED' || q.risk === 'NOT_APPLICABLE')) return false;
  else if (filter !== 'all' && filter !== 'answered' && q.risk !== filter) return false;
  if (!term) return true;
  const needle = term.toLowerCase();
  const texts = [
    q.question_id,
    q.label,
    q.title.ja,
    q.title.en,
    q.notes,
    ...q.choices.flatMap((c) => [c.title.ja, c.title.en]),
  ];
  return texts.some((text) => text?.toLowerCase().includes(needle));
}

/** The questions shown in the tree, in set order, after search and filter. */
export function visibleQuestions(): QuestionReview[] {
  const view = app.view;
  if (!view) return [];
  const rereview = new Set(view.rereview.map((r) => r.question_id));
  return view.questions.filter((q) => matches(q, app.search.trim(), app.filter, rereview));
}

async function loadEvidence(questionId: string): Promise<void> {
  try {
    const evidence = await api.listEvidence(questionId);
    if (app.currentId === questionId) app.evidence = evidence;
  } catch (error) {
    showError(error);
  }
}

export function selectQuestion(questionId: string): void {
  app.currentId = questionId;
  app.screen = 'review';
  app.evidence = [];
  void loadEvidence(questionId);
}

/** Opens the WG screen on `target`'s service, scrolled to and highlighting the criterion. */
export function openWgCriterion(target: WgTarget): void {
  app.wgTarget = target;
  app.screen = 'wg';
}

export function step(delta: number): void {
  const list = visibleQuestions();
  if (list.length === 0) return;
  const index = list.findIndex((q) => q.question_id === app.currentId);
  const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + delta));
  selectQuestion(list[next].question_id);
}

/**
 * Followers of the open review: `changed` after every change the core confirmed (the milestone
 * comparison is asked again), `replaced` when another workbook is shown or it is closed.
 */
export const followers = { changed: [] as (() => void)[], replaced: [] as (() => void)[] };

export function applyUpdate(update: QuestionUpdate): void {
  const view = app.view;
  if (!view) return;
  const index = view.questions.findIndex((q) => q.question_id === update.question.question_id);
  if (index >= 0) view.questions[index] = update.question;
  view.summary = update.summary as RiskSummary;
  // The core says whether the question is still on the re-review list after the change.
  const questionId = update.question.question_id;
  const listed = view.rereview.findIndex((r) => r.question_id === questionId);
  if (update.rereview && listed >= 0) view.rereview[listed] = update.rereview;
  else if (update.rereview) view.rereview.push(update.rereview);
  else if (listed >= 0) view.rereview.splice(listed, 1);
  if (app.currentId === update.question.question_id) app.evidence = update.evidence;
  for (const follow of followers.changed) follow();
}

/**
 * Re-reads a question's stored answer after a save of it failed, so the screen shows what the core
 * has and never an answer that was not saved. The summary and re-review list come with it.
 */
export async function reloadQuestion(questionId: string): Promise<void> {
  try {
    const stored = await api.workbookView();
    const view = app.view;
    if (!view || view.path !== stored.path) return;
    const fresh = stored.questions.find((q) => q.question_id === questionId);
    const index = view.questions.findIndex((q) => q.question_id === questionId);
    if (fresh && index >= 0) view.questions[index] = fresh;
    view.summary = stored.summary;
    view.rereview = stored.rereview;
  } catch (error) {
    showError(error);
  }
}

export function showWorkbook(view: WorkbookView): void {
  for (const follow of followers.replaced) follow();
  app.view = view;
  app.screen = 'review';
  const first = view.questions[0];
  app.search = '';
  app.filter = 'all';
  if (first) selectQuestion(first.question_id);
}

/** Runs `work` with a visible progress note; errors go to the error dialog. */
export async function busy<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
  app.busy = label;
  try {
    return await work();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    app.busy = null;
  }
}

export async function refreshRecent(): Promise<void> {
  try {
    app.recent = await api.recentWorkbooks();
  } catch (error) {
    showError(error);
  }
}

export async function closeWorkbook(): Promise<void> {
  try {
    await api.closeWorkbook();
  } catch (error) {
    showError(error);
  }
  for (const follow of followers.replaced) follow();
  app.view = null;
  app.currentId = null;
  await refreshRecent();
}
