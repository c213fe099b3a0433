// Quick edits of one question while its save is still on the way (a busy machine): every edit
// builds on the one before it, the saves go one at a time, and the screen ends on what the core
// stored. The fake core here answers late, when the test says so.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import type { AnswerChangeInput, QuestionReview, QuestionUpdate, Workload } from '../lib/bindings';
import { question, summary, view } from './fixtures';
import { fakeBackend, freshAppPerTest, type Call } from './backend';
import { showWorkbook } from '../lib/store.svelte';

freshAppPerTest();

const A = 'sec_securely_operate_multi_accounts';
const B = 'sec_securely_operate_aws_account';

type Pending = { change: AnswerChangeInput; answer: () => void; refuse: () => void };

/** A core that stores each change only when the test lets its save answer. */
function lateCore(start: QuestionReview = question()) {
  let stored = start;
  const pending: Pending[] = [];
  const apply = (change: AnswerChangeInput): QuestionReview => {
    const choices = stored.choices.map((c) => {
      const mark = change.choices_not_applicable?.find((m) => m.choice_id === c.id);
      if (mark) return { ...c, status: 'NOT_APPLICABLE' as const, not_applicable_reason: mark.reason, not_applicable_text: mark.text };
      const unmarked = change.choices_not_applicable && c.status === 'NOT_APPLICABLE' ? { ...c, status: 'UNSELECTED' as const, not_applicable_reason: null, not_applicable_text: null } : c;
      if (!change.selected_choices || unmarked.status === 'NOT_APPLICABLE') return unmarked;
      return { ...unmarked, status: change.selected_choices.includes(c.id) ? ('SELECTED' as const) : ('UNSELECTED' as const) };
    });
    const notApplicable = change.not_applicable !== undefined ? change.not_applicable : stored.not_applicable;
    return { ...stored, choices, notes: change.notes ?? stored.notes, not_applicable: notApplicable, risk: 'MEDIUM' };
  };
  const calls = fakeBackend({
    open_workbook: () => view(stored),
    workbook_view: () => view(stored),
    save_answer: (args) =>
      new Promise<QuestionUpdate>((resolve, reject) => {
        const change = args.change as AnswerChangeInput;
        pending.push({
          change,
          answer: () => {
            stored = apply(change);
            resolve({ question: stored, summary: summary(), evidence: [] });
          },
          refuse: () => reject({ code: 'WORKBOOK_LOCKED', message: 'workbook /tmp/test.hashira is in use', details: { path: '/tmp/test.hashira' } }),
        });
      }),
  });
  return { calls, pending, stored: () => stored };
}

const saves = (calls: Call[]) => calls.filter((c) => c.cmd === 'save_answer').map((c) => c.args.change as AnswerChangeInput);
const box = async (title: RegExp) => (await screen.findByLabelText(title)) as HTMLInputElement;

/** Answers each save as it arrives until none is waiting. */
async function answerAll(core: ReturnType<typeof lateCore>) {
  for (let answered = 0; ; answered++) {
    await new Promise((r) => setTimeout(r, 0));
    const next = core.pending[answered];
    if (!next) return;
    next.answer();
  }
}

describe('edits made while a save is on its way', () => {
  it('two quick clicks save both choices and show both', async () => {
    const core = lateCore();
    render(App);
    await fireEvent.click(await box(/アカウントを分離する/));
    await fireEvent.click(await box(/ルートユーザーを保護する/));
    await waitFor(() => expect(core.pending.length).toBe(1)); // one save in flight, the other waits
    await answerAll(core);
    await waitFor(() => expect(saves(core.calls).at(-1)).toEqual({ selected_choices: [A, B] }));
    expect(core.pending.length).toBe(2);
    expect(core.stored().choices.filter((c) => c.status === 'SELECTED').map((c) => c.id)).toEqual([A, B]);
    await waitFor(async () => {
      expect((await box(/アカウントを分離する/)).checked).toBe(true);
      expect((await box(/ルートユーザーを保護する/)).checked).toBe(true);
    });
  });

  it('a note typed during a pending save is saved with every choice clicked around it', async () => {
    const core = lateCore();
    render(App);
    await fireEvent.click(await box(/アカウントを分離する/));
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    await fireEvent.input(notes, { target: { value: '運用チームに確認済み' } });
    await fireEvent.blur(notes);
    await fireEvent.click(await box(/ルートユーザーを保護する/));
    await answerAll(core);
    await waitFor(() => expect(screen.getByTestId('notes-state').dataset.state).toBe('saved'));
    expect(core.stored().notes).toBe('運用チームに確認済み');
    expect(core.stored().choices.filter((c) => c.status === 'SELECTED').map((c) => c.id)).toEqual([A, B]);
    expect(notes.value).toBe('運用チームに確認済み');
    expect((await box(/アカウントを分離する/)).checked).toBe(true);
    expect((await box(/ルートユーザーを保護する/)).checked).toBe(true);
  });

  it('two quick choice N/A marks keep both, and a question N/A reason typed before its save returns is kept', async () => {
    const core = lateCore();
    render(App);
    await fireEvent.click(await screen.findByTestId(`choice-na-${A}`));
    await fireEvent.click(await screen.findByTestId(`choice-na-${B}`));
    await fireEvent.click(await screen.findByTestId('question-na'));
    // The reason field is there at once (the intent), before any save came back.
    const reason = (await screen.findByTestId('question-na-text')) as HTMLTextAreaElement;
    await fireEvent.input(reason, { target: { value: '対象外のシステム' } });
    await fireEvent.change(reason);
    await answerAll(core);
    await waitFor(() => expect(core.stored().not_applicable).toEqual({ reason: 'OUT_OF_SCOPE', text: '対象外のシステム' }));
    expect(core.stored().choices.filter((c) => c.status === 'NOT_APPLICABLE').map((c) => c.id)).toEqual([A, B]);
    expect(core.pending.length).toBe(2); // one save in flight, then everything that waited in one
    await waitFor(() => expect((screen.getByTestId('question-na-text') as HTMLTextAreaElement).value).toBe('対象外のシステム'));
    expect(screen.getByTestId(`choice-na-${A}`).textContent?.trim()).toBe(screen.getByTestId(`choice-na-${B}`).textContent?.trim());
  });

  it('a reply that comes back after another workbook is shown is not laid on its question of the same id', async () => {
    const core = lateCore();
    render(App);
    await fireEvent.click(await box(/アカウントを分離する/));
    await waitFor(() => expect(core.pending.length).toBe(1));
    showWorkbook({ ...view(), path: '/tmp/other.hashira', file_name: 'other.hashira' });
    await waitFor(async () => expect((await box(/アカウントを分離する/)).checked).toBe(false));
    core.pending[0].answer();
    await new Promise((r) => setTimeout(r, 0));
    expect((await box(/アカウントを分離する/)).checked).toBe(false);
    expect(core.pending.length).toBe(1);
  });

  it('notes typed in one workbook are neither shown in nor saved to another opened on the same question', async () => {
    const core = lateCore(question({ notes: 'A のメモ' }));
    render(App);
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    await waitFor(() => expect(notes.value).toBe('A のメモ'));
    // Typed, not yet saved (no blur, the autosave's pause not over), when another workbook is shown.
    await fireEvent.input(notes, { target: { value: 'A のメモ（追記中）' } });
    showWorkbook({ ...view(question({ notes: 'B のメモ' })), path: '/tmp/other.hashira', file_name: 'other.hashira' });
    await waitFor(() => expect((screen.getByTestId('notes') as HTMLTextAreaElement).value).toBe('B のメモ'));
    expect(screen.getByTestId('notes-state').dataset.state).toBe('saved');
    await new Promise((r) => setTimeout(r, 600)); // past the autosave's pause
    expect(saves(core.calls).filter((c) => c.notes !== undefined && c.notes !== null)).toEqual([]);
  });

  it('a failed save shows the error and returns to the stored answer, dropping what waited', async () => {
    const stored = question({ choices: question().choices.map((c) => (c.id === A ? { ...c, status: 'SELECTED' as const } : c)), risk: 'MEDIUM' });
    const core = lateCore(stored);
    render(App);
    expect((await box(/アカウントを分離する/)).checked).toBe(true);
    await fireEvent.click(await box(/ルートユーザーを保護する/));
    await fireEvent.click(await box(/いずれも該当しない/));
    await waitFor(() => expect(core.pending.length).toBe(1));
    core.pending[0].refuse();
    expect((await screen.findByTestId('error-message')).textContent).toContain('別のプログラムで使用中');
    await waitFor(async () => {
      expect((await box(/アカウントを分離する/)).checked).toBe(true);
      expect((await box(/ルートユーザーを保護する/)).checked).toBe(false);
      expect((await box(/いずれも該当しない/)).checked).toBe(false);
    });
    expect(core.calls.some((c) => c.cmd === 'workbook_view')).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(core.pending.length).toBe(1); // the click that waited behind the failed save was not sent
  });
});

/** A core whose workload saves answer only when the test lets them. */
function lateWorkloadCore() {
  let stored: Workload = view().workload;
  const pending: { workload: Workload; answer: () => void; refuse: () => void }[] = [];
  const calls = fakeBackend({
    workbook_view: () => ({ ...view(), workload: stored }),
    update_workload: (args) =>
      new Promise<Workload>((resolve, reject) => {
        const workload = args.workload as Workload;
        pending.push({
          workload,
          // The core trims what it stores: the form must end on the stored text.
          answer: () => resolve((stored = { ...workload, name: workload.name.trim() })),
          refuse: () => reject({ code: 'WORKBOOK_LOCKED', message: 'workbook /tmp/test.hashira is in use', details: { path: '/tmp/test.hashira' } }),
        });
      }),
  });
  return { calls, pending, stored: () => stored };
}

async function typeField(testid: string, value: string) {
  const field = screen.getByTestId(testid) as HTMLInputElement;
  await fireEvent.input(field, { target: { value } });
  await fireEvent.change(field);
}

describe('workload fields changed while a save is on its way', () => {
  async function openWorkload() {
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-workload'));
    await screen.findByTestId('workload-editor');
  }

  it('sends one save at a time and the latest form after it, ending on what the core stored', async () => {
    const core = lateWorkloadCore();
    await openWorkload();
    await typeField('wl-name', ' 勘定系 ');
    await typeField('wl-industry', '銀行');
    await new Promise((r) => setTimeout(r, 0));
    expect(core.pending.length).toBe(1);
    core.pending[0].answer();
    await waitFor(() => expect(core.pending.length).toBe(2));
    // The name the core stored (trimmed) and the industry changed while the first save was away.
    expect(core.pending[1].workload).toMatchObject({ name: '勘定系', industry: '銀行' });
    core.pending[1].answer();
    await waitFor(() => expect((screen.getByTestId('wl-name') as HTMLInputElement).value).toBe('勘定系'));
    expect((screen.getByTestId('wl-industry') as HTMLInputElement).value).toBe('銀行');
    expect(core.stored()).toMatchObject({ name: '勘定系', industry: '銀行' });
  });

  it('a failed save shows the error and returns the form to the stored workload', async () => {
    const core = lateWorkloadCore();
    await openWorkload();
    await typeField('wl-name', '勘定系');
    await waitFor(() => expect(core.pending.length).toBe(1));
    core.pending[0].refuse();
    expect((await screen.findByTestId('error-message')).textContent).toContain('別のプログラムで使用中');
    await waitFor(() => expect((screen.getByTestId('wl-name') as HTMLInputElement).value).toBe('テスト'));
    expect(core.calls.some((c) => c.cmd === 'workbook_view')).toBe(true);
  });
});
