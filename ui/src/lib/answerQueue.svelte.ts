// Saves of a question's answer: one in flight per question, built from what the reviewer last asked
// for. A click made while a save is on its way must build on that click's intent, not on the answer
// the core last returned — otherwise two quick clicks send two selections and the later one replaces
// the earlier (a lost answer in a record a bank signs). The core still decides everything: each reply
// is applied as it is, and once nothing waits the pane shows exactly what the core stored. A failed
// save drops what was waiting for that question and re-reads what the core has stored.
import { api } from './api';
import type { AnswerChangeInput, QuestionReview } from './bindings';
import { app, applyUpdate, followers, reloadQuestion, showError } from './store.svelte';

type Field = keyof AnswerChangeInput;

/** Per question: the fields asked for and not yet confirmed by the core (sent or waiting). */
const intents = $state<Record<string, AnswerChangeInput>>({});
/** Per question: the fields asked for since the save in flight was sent. */
const waiting = new Map<string, Set<Field>>();
const inFlight = new Set<string>();
/** Per question: edits told of the outcome when its queue empties (true) or a save fails (false). */
const settled = new Map<string, ((stored: boolean) => void)[]>();

/**
 * The question as the reviewer asked for it: the stored answer with the edits not yet confirmed
 * laid over it. Only for showing and for building the next edit; the core's reply replaces it.
 */
export function intended(question: QuestionReview): QuestionReview {
  const intent = intents[question.question_id];
  if (!intent || Object.keys(intent).length === 0) return question;
  const shown = { ...question };
  if (intent.notes !== undefined) shown.notes = intent.notes;
  if (intent.not_applicable !== undefined) shown.not_applicable = intent.not_applicable;
  if (intent.selected_choices !== undefined || intent.choices_not_applicable !== undefined) {
    const selected = intent.selected_choices ?? question.choices.filter((c) => c.status === 'SELECTED').map((c) => c.id);
    const na = intent.choices_not_applicable;
    shown.choices = question.choices.map((c) => {
      const mark = na ? na.find((m) => m.choice_id === c.id) : undefined;
      if (mark) return { ...c, status: 'NOT_APPLICABLE', not_applicable_reason: mark.reason, not_applicable_text: mark.text };
      if (na && c.status === 'NOT_APPLICABLE') return { ...c, status: selected.includes(c.id) ? 'SELECTED' : 'UNSELECTED', not_applicable_reason: null, not_applicable_text: null };
      if (c.status === 'NOT_APPLICABLE') return c;
      return { ...c, status: selected.includes(c.id) ? 'SELECTED' : 'UNSELECTED' };
    });
  }
  return shown;
}

/** Whether a save of `questionId` is in flight or waiting. */
export function saving(questionId: string): boolean {
  return inFlight.has(questionId) || (waiting.get(questionId)?.size ?? 0) > 0;
}

/**
 * Asks for `change` to the question's answer. It is laid over the edits not yet confirmed and sent
 * after the save in flight. Resolves to whether it was stored (false: a save failed, the error was
 * shown and the question re-read).
 */
export function edit(questionId: string, change: AnswerChangeInput): Promise<boolean> {
  // Read back after the assignment: the stored value is the state's proxy of `{}`, and only
  // changes made through the proxy reach what shows the intent (`??=` would hand back the plain
  // object).
  if (!intents[questionId]) intents[questionId] = {};
  const intent = intents[questionId];
  const fields = waiting.get(questionId) ?? new Set<Field>();
  for (const field of Object.keys(change) as Field[]) {
    // A copy: the intent must not share arrays with the caller or with the shown answer.
    (intent as Record<Field, unknown>)[field] = structuredClone(change[field]);
    fields.add(field);
  }
  waiting.set(questionId, fields);
  const outcome = afterSaves(questionId);
  void send(questionId);
  return outcome;
}

/**
 * Resolves when no save of `questionId` is in flight or waiting: to true, or to false if one failed.
 * For an action on the answer as the reviewer sees it (confirming it off the re-review list): sent
 * before a pending save returns, it would act on the answer the core held before that save.
 */
export function afterSaves(questionId: string): Promise<boolean> {
  if (!saving(questionId)) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    settled.set(questionId, [...(settled.get(questionId) ?? []), resolve]);
  });
}

function settle(questionId: string, stored: boolean): void {
  const told = settled.get(questionId) ?? [];
  settled.delete(questionId);
  for (const tell of told) tell(stored);
}

async function send(questionId: string): Promise<void> {
  if (inFlight.has(questionId)) return; // the save in flight sends what waits when it returns
  inFlight.add(questionId);
  const workbook = app.view?.path;
  try {
    for (let fields = waiting.get(questionId); fields && fields.size > 0; fields = waiting.get(questionId)) {
      waiting.delete(questionId);
      const intent = intents[questionId] ?? {};
      const change: AnswerChangeInput = {};
      for (const field of fields) (change as Record<Field, unknown>)[field] = $state.snapshot(intent[field]);
      try {
        const update = await api.saveAnswer(questionId, change);
        // Another workbook shown meanwhile: the reply is not its question's (the same id may be there).
        if (app.view?.path !== workbook) return;
        applyUpdate(update);
      } catch (error) {
        delete intents[questionId];
        waiting.delete(questionId);
        showError(error);
        await reloadQuestion(questionId);
        settle(questionId, false);
        return;
      }
      // A field sent and not asked for again is now what the core stored: show the core's.
      const again = waiting.get(questionId);
      for (const field of fields) if (!again?.has(field)) delete intent[field];
    }
    delete intents[questionId];
    settle(questionId, true);
  } finally {
    inFlight.delete(questionId);
    // Edits of another workbook's question with the same id, asked while this reply was away.
    if (waiting.get(questionId)?.size) void send(questionId);
  }
}

/** Forgets every intent: when another workbook is shown, and at a test's fresh start. */
export function resetAnswerQueue(): void {
  for (const id of Object.keys(intents)) delete intents[id];
  waiting.clear();
  // A save in flight ends by itself; its reply is not applied to another workbook.
  for (const id of [...settled.keys()]) settle(id, false);
}

followers.replaced.push(resetAnswerQueue);
