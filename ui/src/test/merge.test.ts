// Merging a reviewer's workbook from the app: the plan shown before anything changes (what is taken
// with who and when, each conflict with both sides), apply disabled until every conflict has a side,
// exactly that plan applied with the sides chosen, a plan that changed since refused and shown again,
// a conflict settled by an edited value (the answer from the question's choices, notes as text),
// and a refusal of the core in the error dialog. Text from the other file stays text.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { MergeOutcome, MergePlanShown, MergeRowShown } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, type Handlers } from './backend';
import { view } from './fixtures';

freshAppPerTest();

const both = (ja: string, en: string) => ({ ja, en });

const taken: MergeRowShown = {
  id: 'answer:SEC2',
  item: 'ANSWER',
  item_label: both('回答', 'Answers'),
  target: 'SEC2',
  subject: both('SEC2 人為的なアクセスをどのように制御していますか?', 'SEC2 How do you manage identities for people?'),
  base: null,
  ours: both('未回答', 'Unanswered'),
  theirs: both('選択: SEC2-01 (<b>強力なサインイン</b>)', 'Selected: SEC2-01 (Strong sign-in)'),
  ours_by: null,
  ours_when: null,
  theirs_by: '佐藤',
  theirs_when: '2026-12-06 11:00',
  edit_ours: null,
  edit_theirs: null,
  choices: [],
};

const conflict: MergeRowShown = {
  id: 'answer:SEC1',
  item: 'ANSWER',
  item_label: both('回答', 'Answers'),
  target: 'SEC1',
  subject: both('SEC1 ワークロードを安全に運用するには?', 'SEC1 How do you securely operate your workload?'),
  base: both('未回答', 'Unanswered'),
  ours: both('選択: SEC1-01 (アカウントを分ける)', 'Selected: SEC1-01'),
  theirs: both('選択: SEC1-02 (ルートを守る)', 'Selected: SEC1-02'),
  ours_by: '山田',
  ours_when: '2026-12-06 10:00',
  theirs_by: '佐藤',
  theirs_when: '2026-12-06 10:30',
  edit_ours: { selected_choices: ['SEC1-01'], choices_not_applicable: [], not_applicable: null },
  edit_theirs: { selected_choices: ['SEC1-02'], choices_not_applicable: [], not_applicable: null },
  choices: [
    { id: 'SEC1-01', title: both('アカウントを分ける', 'Separate accounts'), none_of_these: false },
    { id: 'SEC1-02', title: both('ルートを守る', 'Secure the root user'), none_of_these: false },
    { id: 'SEC1_no', title: both('いずれも該当しない', 'None of these'), none_of_these: true },
  ],
};

const notes: MergeRowShown = {
  id: 'notes:SEC3',
  item: 'NOTES',
  item_label: both('メモ', 'Notes'),
  target: 'SEC3',
  subject: both('SEC3 アクセス許可', 'SEC3 Permissions'),
  base: both('', ''),
  ours: both('山田のメモ', 'Yamada note'),
  theirs: both('佐藤のメモ', 'Sato note'),
  ours_by: '山田',
  ours_when: '2026-12-06 10:00',
  theirs_by: '佐藤',
  theirs_when: '2026-12-06 10:30',
  edit_ours: '山田のメモ',
  edit_theirs: '佐藤のメモ',
  choices: [],
};

function plan(fingerprint: string, conflicts: MergeRowShown[] = [conflict]): MergePlanShown {
  return {
    other: '/tmp/sato.hashira',
    fork_seq: 12,
    fork_when: '2026-12-06 09:00',
    their_entries: 3,
    already_merged: false,
    taken_counts: [{ item: 'ANSWER', label: both('回答', 'Answers'), count: 1 }],
    taken: [taken],
    conflicts,
    notes: [],
    fingerprint,
  };
}

const outcome: MergeOutcome = { merged: true, their_entries: 3, taken: 1, resolutions: { 'answer:SEC1': 'theirs' }, audit_head: '20:abc' };

async function openFromDashboard(): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-dashboard'));
  await fireEvent.click(await screen.findByTestId('merge-open'));
  await screen.findByTestId('merge-screen');
}

async function showPlan(): Promise<void> {
  await fireEvent.click(screen.getByRole('button', { name: '参照…' }));
  await waitFor(() => expect((screen.getByTestId('merge-path') as HTMLInputElement).value).toBe('/tmp/sato.hashira'));
  await fireEvent.click(screen.getByTestId('merge-plan'));
  await screen.findByTestId('merge-summary');
}

function mergeCommands(extra: Handlers = {}): Handlers {
  return { improvement_plan: () => [], choose_workbook_to_open: () => '/tmp/sato.hashira', plan_merge: () => plan('f1'), ...extra };
}

describe('merging a reviewer\'s workbook', () => {
  it('shows the plan, waits for every conflict, applies exactly that plan and refreshes the review', async () => {
    let merged = false;
    const calls = fakeBackend(
      mergeCommands({
        apply_merge: () => {
          merged = true;
          return outcome;
        },
        workbook_view: () => ({ ...view(), workload: { ...view().workload, name: merged ? 'merged' : view().workload.name } }),
      }),
    );
    await openFromDashboard();
    await showPlan();
    expect(calls.filter((c) => c.cmd === 'plan_merge').map((c) => c.args)).toEqual([{ path: '/tmp/sato.hashira' }]);
    expect(screen.getByTestId('merge-counts').textContent).toContain('相手側から取り込む変更 1 件');
    expect(screen.getByTestId('merge-counts').textContent).toContain('競合 1 件');
    expect(screen.getByTestId('merge-unchanged').textContent).toContain('変更履歴 3 件');
    const row = screen.getByTestId('merge-taken');
    expect(row.dataset.id).toBe('answer:SEC2');
    expect(row.textContent).toContain('佐藤 · 2026-12-06 11:00');
    // Text from the other file is text, never markup.
    expect(row.textContent).toContain('<b>強力なサインイン</b>');
    expect(row.querySelector('b')).toBeNull();
    const card = screen.getByTestId('merge-conflict');
    expect(within(card).getByTestId('merge-ours').textContent).toContain('山田 · 2026-12-06 10:00');
    expect(within(card).getByTestId('merge-ours').textContent).toContain('SEC1-01');
    expect(within(card).getByTestId('merge-theirs').textContent).toContain('佐藤 · 2026-12-06 10:30');
    expect(within(card).getByTestId('merge-theirs').textContent).toContain('SEC1-02');
    expect(card.textContent).toContain('コピーが分かれた時点の値: 未回答');

    const apply = screen.getByTestId('merge-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    expect(screen.getByTestId('merge-unchosen').textContent).toContain('1 件');
    await fireEvent.click(within(card).getByTestId('merge-choose-theirs'));
    await waitFor(() => expect(apply.disabled).toBe(false));
    // What is typed after the plan does not change what is applied.
    await fireEvent.input(screen.getByTestId('merge-path'), { target: { value: '/tmp/other.hashira' } });
    await fireEvent.click(apply);
    const done = await screen.findByTestId('merge-done');
    expect(calls.filter((c) => c.cmd === 'apply_merge').map((c) => c.args)).toEqual([
      { path: '/tmp/sato.hashira', expectPlan: 'f1', choices: [{ id: 'answer:SEC1', resolution: 'theirs' }] },
    ]);
    expect(done.textContent).toContain('取り込んだ変更 1 件');
    expect(screen.getByTestId('merge-resolution').textContent).toBe('回答 SEC1 ワークロードを安全に運用するには?: 相手側の値にする');
    await waitFor(() => expect(screen.getByTestId('workload-name').textContent).toBe('merged'));
    expect(screen.queryByTestId('merge-summary')).toBeNull();
  });

  it('a plan that changed since it was shown is refused, shown again and chosen again', async () => {
    let plans = 0;
    const calls = fakeBackend(
      mergeCommands({
        plan_merge: () => plan(`f${++plans}`),
        apply_merge: (args) => {
          if (args.expectPlan === 'f1') throw { code: 'MERGE_PLAN_CHANGED', message: 'changed', details: { path: '/tmp/sato.hashira' } };
          return outcome;
        },
      }),
    );
    await openFromDashboard();
    await showPlan();
    await fireEvent.click(within(screen.getByTestId('merge-conflict')).getByTestId('merge-choose-ours'));
    await fireEvent.click(screen.getByTestId('merge-apply'));
    const notice = await screen.findByTestId('merge-replanned');
    expect(notice.textContent).toContain('何も変更していません');
    expect(calls.filter((c) => c.cmd === 'plan_merge')).toHaveLength(2);
    expect(screen.queryByTestId('merge-done')).toBeNull();
    expect(screen.queryByTestId('error-dialog')).toBeNull();
    // The new plan's conflicts are chosen again before it can be applied.
    const apply = screen.getByTestId('merge-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    await fireEvent.click(within(screen.getByTestId('merge-conflict')).getByTestId('merge-choose-ours'));
    await fireEvent.click(apply);
    await screen.findByTestId('merge-done');
    expect(calls.filter((c) => c.cmd === 'apply_merge').map((c) => c.args.expectPlan)).toEqual(['f1', 'f2']);
  });

  it('a conflict settled by edit: started from a side, apply waits for a usable value, the value is sent', async () => {
    const calls = fakeBackend(
      mergeCommands({
        plan_merge: () => plan('f1', [conflict, notes]),
        apply_merge: () => ({ ...outcome, resolutions: { 'answer:SEC1': 'edit', 'notes:SEC3': 'edit' } }),
      }),
    );
    await openFromDashboard();
    await showPlan();
    const [answerCard, notesCard] = screen.getAllByTestId('merge-conflict');
    const apply = screen.getByTestId('merge-apply') as HTMLButtonElement;

    // The answer: started from ours (SEC1-01), SEC1-02 added; "None of these" stands alone.
    await fireEvent.click(within(answerCard).getByTestId('merge-choose-edit'));
    const boxes = () => within(answerCard).getAllByTestId('merge-edit-choice') as HTMLInputElement[];
    expect(boxes().map((b) => [b.dataset.id, b.checked])).toEqual([
      ['SEC1-01', true],
      ['SEC1-02', false],
      ['SEC1_no', false],
    ]);
    await fireEvent.click(boxes()[2]);
    expect(boxes().map((b) => b.checked)).toEqual([false, false, true]);
    await fireEvent.click(within(answerCard).getByTestId('merge-edit-from-theirs'));
    expect(boxes().map((b) => b.checked)).toEqual([false, true, false]);
    await fireEvent.click(boxes()[0]);
    // N/A without a reason is not a usable edit: apply stays disabled.
    await fireEvent.click(within(answerCard).getByTestId('merge-edit-na'));
    await within(answerCard).findByTestId('merge-edit-incomplete');
    await fireEvent.click(within(notesCard).getByTestId('merge-choose-edit'));
    const text = within(notesCard).getByTestId('merge-edit-text') as HTMLTextAreaElement;
    expect(text.value).toBe('山田のメモ');
    await fireEvent.input(text, { target: { value: '二人のメモ' } });
    expect(apply.disabled).toBe(true);
    expect(screen.getByTestId('merge-unchosen').textContent).toContain('1 件');
    await fireEvent.click(within(answerCard).getByTestId('merge-edit-na'));
    await waitFor(() => expect(apply.disabled).toBe(false));

    await fireEvent.click(apply);
    const done = await screen.findByTestId('merge-done');
    expect(calls.filter((c) => c.cmd === 'apply_merge').map((c) => c.args.choices)).toEqual([
      [
        { id: 'answer:SEC1', resolution: { edit: { selected_choices: ['SEC1-02', 'SEC1-01'], choices_not_applicable: [], not_applicable: null } } },
        { id: 'notes:SEC3', resolution: { edit: '二人のメモ' } },
      ],
    ]);
    expect(within(done).getAllByTestId('merge-resolution').map((r) => r.textContent)).toEqual([
      '回答 SEC1 ワークロードを安全に運用するには?: 編集',
      'メモ SEC3 アクセス許可: 編集',
    ]);
  });

  it('a file of another workbook is refused in the error dialog with the core\'s reason', async () => {
    fakeBackend(
      mergeCommands({
        plan_merge: () => {
          throw {
            code: 'MERGE_REFUSED',
            message: 'refused',
            details: { path: '/tmp/sato.hashira', kind: 'OTHER_WORKBOOK', reason: 'it is another workbook (id b, this one is a): only copies of one workbook can be merged' },
          };
        },
      }),
    );
    await openFromDashboard();
    await fireEvent.input(screen.getByTestId('merge-path'), { target: { value: '/tmp/sato.hashira' } });
    await fireEvent.click(screen.getByTestId('merge-plan'));
    const dialog = await screen.findByTestId('error-dialog');
    expect(dialog.textContent).toContain('/tmp/sato.hashira はこのワークブックに統合できません');
    expect(dialog.textContent).toContain('it is another workbook');
    expect(screen.queryByTestId('merge-summary')).toBeNull();
  });
});
