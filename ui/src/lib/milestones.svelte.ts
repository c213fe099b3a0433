// Milestones in the window: the one shown read-only instead of the review now, and the one the
// review is compared with ("changes since milestone X"). Every figure and every difference comes
// from the core (`milestones`, `compare_with_milestone`); nothing here compares answers.
import { tick } from 'svelte';
import { api } from './api';
import type { ChangedQuestion, MilestoneComparison, MilestoneInfo, MilestoneTrend, WorkbookView } from './bindings';
import { app, busy, followers, selectQuestion, showError } from './store.svelte';
import { t } from './i18n.svelte';

export const milestones = $state({
  /** The list with each milestone's figures and the figures now; null until loaded. */
  trend: null as MilestoneTrend | null,
  /** The milestone the window shows read-only, or null for the review now. */
  shown: null as MilestoneInfo | null,
  /** What changed since the chosen milestone, or null when not comparing. */
  comparison: null as MilestoneComparison | null,
});

/** Whether the window shows a milestone: every edit control is disabled (and Rust refuses). */
export function readOnly(): boolean {
  return milestones.shown !== null;
}

export async function loadMilestones(): Promise<void> {
  try {
    milestones.trend = await api.milestones();
  } catch (error) {
    showError(error);
  }
}

/** Makes milestone `name` of the review now; true when it was made. */
export async function addMilestone(name: string): Promise<boolean> {
  const made = await busy(t('ms.adding'), () => api.addMilestone(name));
  if (!made) return false;
  await loadMilestones();
  return true;
}

/** Puts `view` in the window, staying on the question shown when it has it. */
async function replaceView(view: WorkbookView): Promise<void> {
  const current = app.currentId;
  // No question for one update: the pane drops its notes draft of the other review's answer.
  app.currentId = null;
  await tick();
  app.view = view;
  app.search = '';
  app.filter = 'all';
  const keep = view.questions.find((q) => q.question_id === current) ?? view.questions[0];
  if (keep) selectQuestion(keep.question_id);
}

/** Shows milestone `number` read-only in the review screen. */
export async function showMilestone(number: number): Promise<void> {
  const shown = await busy(t('common.loading'), () => api.showMilestone(number));
  if (!shown) return;
  milestones.comparison = null;
  milestones.shown = shown.milestone;
  await replaceView(shown.view);
}

/** Back to the review now from a milestone. */
export async function showCurrentReview(): Promise<void> {
  const view = await busy(t('common.loading'), () => api.showCurrentReview());
  if (!view) return;
  milestones.shown = null;
  await replaceView(view);
}

/** Compares the review now with milestone `number` (null: stop comparing). */
export async function compareWith(number: number | null): Promise<void> {
  if (number === null) {
    milestones.comparison = null;
    return;
  }
  const comparison = await busy(t('common.loading'), () => api.compareWithMilestone(number));
  if (comparison) milestones.comparison = comparison;
}

/** After a change to the review now: the comparison again, so the marks follow the answers. */
export async function refreshComparison(): Promise<void> {
  const number = milestones.comparison?.milestone.number;
  if (number === undefined || milestones.shown) return;
  try {
    const comparison = await api.compareWithMilestone(number);
    if (milestones.comparison?.milestone.number === number) milestones.comparison = comparison;
  } catch (error) {
    showError(error);
  }
}

/** The change of the question keyed `questionId` since the compared milestone, if any. */
export function changeOf(questionId: string): ChangedQuestion | null {
  return milestones.comparison?.questions.find((q) => q.diff.key === questionId && q.diff.status !== 'REMOVED') ?? null;
}

/** Forgets the window's milestones (the workbook was closed or another one opened). */
export function resetMilestones(): void {
  milestones.trend = null;
  milestones.shown = null;
  milestones.comparison = null;
}

followers.changed.push(() => void refreshComparison());
followers.replaced.push(resetMilestones);
