import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { ChangedQuestion, DiffSummary, MilestoneComparison, MilestoneFigures, MilestoneInfo, QuestionReview, RiskCounts, RiskSummary } from '../lib/bindings';
import { errorMessage } from '../lib/i18n.svelte';
import { question, summary, view } from './fixtures';
import { fakeBackend as backend, freshAppPerTest, openScreen } from './backend';

freshAppPerTest();

const [accounts, root] = question().choices.map((c) => c.id);

function info(number: number, name: string): MilestoneInfo {
  return {
    number,
    name,
    created_at: `2026-0${number}-15T01:00:00Z`,
    created_by: '前任者',
    audit_seq: number * 10,
    content_sha256: 'ab'.repeat(32),
    size_bytes: 4096,
    evidence_files: 0,
  };
}

/** Figures as the core stored them; deliberately not what the fixture's questions would give. */
function risk(high: number, medium: number, none: number, unanswered: number): RiskSummary {
  const questions = high + medium + none + unanswered;
  const counts: RiskCounts = { ...summary().counts, questions, high, medium, none, unanswered, answered: questions - unanswered };
  const base = summary();
  return { counts, sets: [{ ...base.sets[0], counts }] };
}

const trend: { milestones: MilestoneFigures[]; now: RiskSummary } = {
  milestones: [
    { milestone: info(1, '2026年 第1四半期'), risk: risk(7, 3, 2, 8) },
    { milestone: info(2, '2026年 第2四半期'), risk: risk(4, 4, 6, 6) },
  ],
  now: risk(1, 2, 12, 5),
};

function selecting(id: string, overrides: Partial<QuestionReview> = {}): QuestionReview {
  const choices = question().choices.map((c) => ({ ...c, status: c.id === id ? ('SELECTED' as const) : ('UNSELECTED' as const) }));
  return question({ choices, ...overrides });
}

const then = selecting(accounts, { risk: 'HIGH', notes: '前回のメモ', updated_by: '前任者', updated_at: '2026-01-10T00:00:00Z' });
const now = selecting(root, { risk: 'MEDIUM', notes: '今回のメモ', updated_by: '担当者', updated_at: '2026-06-01T00:00:00Z' });

function changed(): ChangedQuestion {
  return {
    diff: {
      status: 'CHANGED',
      set_id: 'sec',
      question_id: 'SEC01',
      key: 'SEC01',
      label: 'SEC 1',
      title: question().title,
      risk_before: 'HIGH',
      risk_after: 'MEDIUM',
      selections_added: [root],
      selections_removed: [accounts],
      not_applicable: null,
      choices_not_applicable: [],
      notes: { before: '前回のメモ', after: '今回のメモ' },
      evidence_added: [],
      evidence_removed: [],
      evidence_reattached: [],
      updated_by: '担当者',
      updated_at: '2026-06-01T00:00:00Z',
    },
    then,
    now,
    then_evidence: [],
    now_evidence: [],
  };
}

function comparison(): MilestoneComparison {
  const counted = { high_resolved: 1, high_new: 0, medium_resolved: 0, medium_new: 1, questions_changed: 1, questions_added: 0, questions_removed: 0, newly_answered: 0, workload_fields_changed: 0, wg_criteria_changed: 0 };
  return { milestone: info(1, '2026年 第1四半期'), summary: counted as DiffSummary, questions: [changed()] };
}

describe('milestones screen', () => {
  it('lists the milestones with who, when and the figures each kept', async () => {
    backend({ milestones: () => trend });
    await openScreen('milestones');
    const rows = await screen.findAllByTestId('milestone-row');
    expect(rows.map((r) => r.dataset.number)).toEqual(['1', '2']);
    expect(within(rows[0]).getByTestId('milestone-row-name').textContent).toBe('2026年 第1四半期');
    expect(rows[0].textContent).toContain('前任者');
    const figures = within(rows[1]).getByTestId('milestone-row-figures').textContent ?? '';
    expect(figures.replace(/\s+/g, ' ')).toContain('高リスク 4 · 中リスク 4');
  });

  it('creates a milestone under the name typed and lists it; a name over 100 characters waits', async () => {
    let listed = trend.milestones.slice(0, 1);
    const calls = backend({
      milestones: () => ({ milestones: listed, now: trend.now }),
      add_milestone: (args) => {
        const made = { milestone: info(2, String(args.name)), risk: trend.now };
        listed = [...listed, made];
        return made.milestone;
      },
    });
    await openScreen('milestones');
    const name = (await screen.findByTestId('milestone-name')) as HTMLInputElement;
    const add = screen.getByTestId('milestone-add') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    await fireEvent.input(name, { target: { value: 'あ'.repeat(101) } });
    expect(add.disabled).toBe(true);
    expect(screen.getByTestId('milestone-name-length').textContent).toContain('101');
    await fireEvent.input(name, { target: { value: ' 改善後の確認 ' } });
    expect(add.disabled).toBe(false);
    await fireEvent.click(add);
    await waitFor(() => expect(screen.getAllByTestId('milestone-row')).toHaveLength(2));
    expect(calls.find((c) => c.cmd === 'add_milestone')?.args).toEqual({ name: '改善後の確認' });
    expect((await screen.findByTestId('milestone-added')).textContent).toContain('マイルストーン 2「改善後の確認」');
  });

  it("shows the core's refusal of a name already taken in the reviewer's language", async () => {
    backend({
      milestones: () => trend,
      add_milestone: () => {
        throw {
          code: 'MILESTONE_NAME_TAKEN',
          message: "this workbook already has a milestone named '2026年 第1四半期' (number 1): milestone names are unique; choose another name",
          details: { name: '2026年 第1四半期', number: 1, existing: '2026年 第1四半期' },
        };
      },
    });
    await openScreen('milestones');
    await fireEvent.input(await screen.findByTestId('milestone-name'), { target: { value: '2026年 第1四半期' } });
    await fireEvent.click(screen.getByTestId('milestone-add'));
    const message = await screen.findByTestId('error-message');
    // In the reviewer's language, not the core's English reason.
    expect(message.textContent).toContain('すでにマイルストーン 1「2026年 第1四半期」があります');
    expect(message.textContent).not.toContain('already');
    expect(screen.getAllByTestId('milestone-row')).toHaveLength(2);
  });
});

describe('a milestone shown read-only', () => {
  it('shows the review as of the milestone under a banner, with every control disabled, and goes back', async () => {
    const minutes = { id: 7, question_id: 'SEC01', choice_id: null, kind: 'FILE' as const, title: '議事録', file_name: '議事録.pdf', media_type: 'application/pdf', size_bytes: 1200, sha256: 'e'.repeat(64), url: null, excerpt: null, added_by: '前任者', added_at: '2026-01-10T00:00:00Z' };
    const calls = backend({
      milestones: () => trend,
      show_milestone: () => ({ milestone: info(1, '2026年 第1四半期'), view: view(then) }),
      show_current_review: () => view(now),
      open_workbook: () => view(now),
      list_evidence: () => [minutes],
      export_evidence: () => '/home/r/議事録.pdf',
    });
    await openScreen('milestones');
    await fireEvent.click((await screen.findAllByTestId('milestone-open'))[0]);
    const banner = await screen.findByTestId('milestone-banner');
    expect(banner.textContent).toContain('マイルストーン 1「2026年 第1四半期」');
    expect(banner.textContent).toContain('読み取り専用');
    expect(calls.find((c) => c.cmd === 'show_milestone')?.args).toEqual({ number: 1 });
    // The review screen shows the milestone's answer, and nothing in the question can be changed.
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    expect(notes.value).toBe('前回のメモ');
    expect(screen.getByTestId('pane-frame').dataset.readOnly).toBe('true');
    const box = screen.getByLabelText(/アカウントを分離する/) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.matches(':disabled')).toBe(true);
    expect(notes.matches(':disabled')).toBe(true);
    expect(screen.getByTestId('question-na').matches(':disabled')).toBe(true);
    expect(screen.getByTestId('ev-add').matches(':disabled')).toBe(true);
    expect(screen.getByTestId('ev-title').matches(':disabled')).toBe(true);
    // What reads the milestone stays: moving on, and saving a file it lists (from its record).
    expect(screen.getByTestId('next-question').matches(':disabled')).toBe(false);
    const item = await screen.findByTestId('evidence-item');
    expect(within(item).getByTestId('evidence-remove').matches(':disabled')).toBe(true);
    const save = within(item).getByTestId('evidence-export');
    expect(save.matches(':disabled')).toBe(false);
    await fireEvent.click(save);
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'export_evidence').map((c) => c.args)).toEqual([{ evidenceId: 7 }]));
    expect((await screen.findByText('書き出しました: /home/r/議事録.pdf')).textContent).toContain('/home/r/議事録.pdf');
    // Screens that change the review are not offered.
    expect(screen.queryByTestId('nav-workload')).toBeNull();
    expect(screen.queryByTestId('nav-excel')).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-milestones'));
    expect(((await screen.findByTestId('milestone-add')) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('milestone-back'));
    await waitFor(() => expect(screen.queryByTestId('milestone-banner')).toBeNull());
    expect(calls.some((c) => c.cmd === 'show_current_review')).toBe(true);
    await fireEvent.click(screen.getByTestId('nav-review'));
    expect(((await screen.findByTestId('notes')) as HTMLTextAreaElement).value).toBe('今回のメモ');
    expect(screen.getByTestId('pane-frame').dataset.readOnly).toBe('false');
    expect(screen.getByTestId('notes').matches(':disabled')).toBe(false);
    expect(screen.getByTestId('ev-add').matches(':disabled')).toBe(false);
    expect(screen.getByTestId('nav-workload')).toBeTruthy();
  });

  it('shows the notes of the review shown when going back from the review screen itself', async () => {
    backend({
      milestones: () => trend,
      show_milestone: () => ({ milestone: info(1, '2026年 第1四半期'), view: view(then) }),
      show_current_review: () => view(now),
      open_workbook: () => view(now),
    });
    render(App);
    expect(((await screen.findByTestId('notes')) as HTMLTextAreaElement).value).toBe('今回のメモ');
    await fireEvent.click(screen.getByTestId('nav-milestones'));
    await fireEvent.click((await screen.findAllByTestId('milestone-open'))[0]);
    await screen.findByTestId('milestone-banner');
    await fireEvent.click(screen.getByTestId('nav-review'));
    await waitFor(() => expect((screen.getByTestId('notes') as HTMLTextAreaElement).value).toBe('前回のメモ'));
    await fireEvent.click(screen.getByTestId('milestone-back'));
    await waitFor(() => expect(screen.queryByTestId('milestone-banner')).toBeNull());
    await waitFor(() => expect((screen.getByTestId('notes') as HTMLTextAreaElement).value).toBe('今回のメモ'));
  });

  it("says why Rust refused a change while a milestone is shown", () => {
    const message = errorMessage({
      code: 'MILESTONE_READ_ONLY',
      message: "milestone '2026年 第1四半期' is shown, and a milestone cannot be changed",
      details: { name: '2026年 第1四半期' },
    });
    expect(message).toBe('マイルストーン「2026年 第1四半期」を表示しているため変更できません。現在のレビューに戻ってから変更してください。');
  });
});

async function openDashboard() {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-dashboard'));
  await screen.findByTestId('dashboard');
}

describe('risk trend on the dashboard', () => {
  it("draws each milestone's and today's figures as the core gave them, per set", async () => {
    backend({ milestones: () => trend, improvement_plan: () => [] });
    await openDashboard();
    const total = await screen.findByTestId('trend-total');
    const rows = within(total).getAllByTestId('trend-row');
    expect(rows.map((r) => r.dataset.point)).toEqual(['m1', 'm2', 'now']);
    const bar = (row: HTMLElement) => row.querySelector<HTMLElement>('.stack')?.dataset;
    expect(bar(rows[0])).toMatchObject({ high: '7', medium: '3', none: '2', unanswered: '8' });
    expect(bar(rows[2])).toMatchObject({ high: '1', medium: '2', none: '12', unanswered: '5' });
    const set = within(screen.getByTestId('trend-sec')).getAllByTestId('trend-row');
    expect(bar(set[1])).toMatchObject({ high: '4', medium: '4', none: '6', unanswered: '6' });
    expect(set[2].textContent).toContain('現在');
  });

  it('says how to get a trend when there is no milestone', async () => {
    backend({ improvement_plan: () => [] });
    await openDashboard();
    expect((await screen.findByTestId('risk-trend-empty')).textContent).toContain('マイルストーンを作成すると');
  });
});

describe('changes since a milestone', () => {
  it('marks the changed questions in the tree and shows one then and now side by side', async () => {
    const calls = backend({ milestones: () => trend, open_workbook: () => view(now), compare_with_milestone: () => comparison() });
    render(App);
    const select = (await screen.findByTestId('compare-milestone')) as HTMLSelectElement;
    expect(document.querySelector('[data-testid="changed-mark"]')).toBeNull();
    await fireEvent.change(select, { target: { value: '1' } });
    const mark = await screen.findByTestId('changed-mark');
    expect(mark.closest('.tree-item')?.getAttribute('data-question')).toBe('SEC01');
    expect(calls.find((c) => c.cmd === 'compare_with_milestone')?.args).toEqual({ number: 1 });
    expect(screen.getByTestId('compare-count').dataset.count).toBe('1');
    expect(screen.getByTestId('compare-summary').textContent).toContain('HIGH 解消 1');

    await fireEvent.click(await screen.findByTestId('then-now-toggle'));
    const table = await screen.findByTestId('then-now-table');
    expect(within(table).getByTestId('then-heading').textContent).toContain('マイルストーン 1「2026年 第1四半期」');
    expect(within(table).getByTestId('then-notes').textContent).toBe('前回のメモ');
    expect(within(table).getByTestId('now-notes').textContent).toBe('今回のメモ');
    expect(within(table).getByTestId('then-risk').textContent).toContain('高リスク');
    expect(within(table).getByTestId('now-risk').textContent).toContain('中リスク');
    const removed = within(table).getByTestId('then-selected').querySelector(`[data-choice="${accounts}"]`);
    const added = within(table).getByTestId('now-selected').querySelector(`[data-choice="${root}"]`);
    expect(removed?.className).toContain('removed');
    expect(added?.className).toContain('added');
    expect(table.querySelector('tr[data-row="notes"]')?.classList.contains('differs')).toBe(true);
    expect(table.querySelector('tr[data-row="evidence"]')?.classList.contains('differs')).toBe(false);
  });

  it('asks the core again after a change, so the marks follow the answers', async () => {
    let answersNow = comparison();
    const calls = backend({
      milestones: () => trend,
      open_workbook: () => view(now),
      compare_with_milestone: () => answersNow,
      save_answer: () => {
        answersNow = { ...comparison(), questions: [] };
        return { question: then, summary: summary(), evidence: [] };
      },
    });
    render(App);
    await fireEvent.change(await screen.findByTestId('compare-milestone'), { target: { value: '1' } });
    await screen.findByTestId('changed-mark');
    await fireEvent.click(screen.getByLabelText(/アカウントを分離する/));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'save_answer')).toBe(true));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'compare_with_milestone')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId('changed-mark')).toBeNull());
    expect(screen.queryByTestId('then-now')).toBeNull();
  });
});
