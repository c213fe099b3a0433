// Files dropped from the file manager onto the open question become its evidence, one
// `add_evidence` call per file in the order dropped — exactly what the evidence form's "add file"
// does. The listener covers the whole window: with a question open, a drop anywhere adds to that
// question (the question pane shows where they go); elsewhere it adds nothing and says why.
import { api, toPayload, type FileDrag } from './api';
import type { ErrorPayload } from './bindings';
import { t } from './i18n.svelte';
import { app, applyUpdate, currentQuestion, showError } from './store.svelte';

/** A dropped file that could not be added, with the core's error. */
export type DropFailure = { name: string; error: ErrorPayload };

/** What the last drop onto a question did (shown by that question's evidence panel). */
export type DropResult = { questionId: string; added: number; failures: DropFailure[] };

export const drop = $state({
  /** Files are being dragged over the window while a question is open. */
  over: false,
  /** The file being added (1-based) of how many, while a drop is being added. */
  progress: null as { current: number; total: number } | null,
  result: null as DropResult | null,
  /** Files were dropped where no question is open. */
  hint: false,
  /** A form on screen takes dropped files itself (the lens form's path), not the open question. */
  claimed: false,
});

// What takes a drop while a form has claimed drops (`claimDrops`).
let claimant: ((paths: string[]) => void) | null = null;

/**
 * While the form that calls this is on screen, dropped files go to `take` (a path field) instead
 * of becoming evidence. Returns what gives drops back (for `onMount`).
 */
export function claimDrops(take: (paths: string[]) => void): () => void {
  claimant = take;
  drop.claimed = true;
  return () => {
    if (claimant !== take) return;
    claimant = null;
    drop.claimed = false;
    drop.over = false;
  };
}

const HINT_MS = 6000;
let hintTimer: ReturnType<typeof setTimeout> | undefined;
// Whether the drag in progress carries files (a drag of text or a link reports none).
let files = false;
// Drops are added one after another, each to the question it was dropped on.
let queue: Promise<void> = Promise.resolve();

/** The last part of a dropped path: the title the evidence gets, as "browse" gives it. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function openQuestionId(): string | null {
  if (!app.view || app.screen !== 'review') return null;
  return currentQuestion()?.question_id ?? null;
}

function showHint(): void {
  drop.hint = true;
  clearTimeout(hintTimer);
  hintTimer = setTimeout(() => (drop.hint = false), HINT_MS);
}

async function addFiles(questionId: string, paths: string[]): Promise<void> {
  let added = 0;
  const failures: DropFailure[] = [];
  drop.result = { questionId, added, failures: [] };
  try {
    for (const [index, path] of paths.entries()) {
      drop.progress = { current: index + 1, total: paths.length };
      app.busy = t('ev.dropProgress', { current: index + 1, total: paths.length });
      const name = fileName(path);
      try {
        applyUpdate(await api.addEvidence({ questionId, choiceId: null, evidence: { kind: 'FILE', path, title: name } }));
        added += 1;
      } catch (error) {
        // One file's failure is reported with its name; the others are still added.
        failures.push({ name, error: toPayload(error) });
      }
      drop.result = { questionId, added, failures: [...failures] };
    }
  } finally {
    drop.progress = null;
    app.busy = null;
  }
}

/** Handles one drag event of the window's file drag-and-drop. */
export function handleFileDrag(drag: FileDrag): void {
  if (drag.type === 'enter') files = drag.paths.length > 0;
  if (drag.type === 'enter' || drag.type === 'over') {
    drop.over = files && (claimant !== null || openQuestionId() !== null);
    return;
  }
  drop.over = false;
  files = false;
  if (drag.type === 'leave' || drag.paths.length === 0) return;
  if (claimant) {
    drop.hint = false;
    claimant([...drag.paths]);
    return;
  }
  const questionId = openQuestionId();
  if (!questionId) {
    showHint();
    return;
  }
  drop.hint = false;
  const paths = [...drag.paths];
  queue = queue.then(() => addFiles(questionId, paths)).catch(showError);
}

/** Listens for file drags over the window; returns what stops listening (for `onMount`). */
export function listenForFileDrops(): () => void {
  let stop: (() => void) | null = null;
  let ended = false;
  api.onFileDrag(handleFileDrag).then(
    (unlisten) => {
      if (ended) unlisten();
      else stop = unlisten;
    },
    (error: unknown) => {
      if (!ended) showError(error);
    },
  );
  return () => {
    ended = true;
    stop?.();
    drop.over = false;
  };
}
