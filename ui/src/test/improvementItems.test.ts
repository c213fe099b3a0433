// The improvement items screen: every item with its owner, due date and status, overdue and
// resolved ones marked as the core says; an item edited (the core's refusal shown at its field,
// the draft kept); an item of one's own added to a question.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { ItemEdit, TrackedItem } from '../lib/bindings';
import { fakeBackend, freshAppPerTest } from './backend';

freshAppPerTest();

/** Opens the screen from the dashboard's button, as a reviewer does. */
async function openFromDashboard(): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-dashboard'));
  await fireEvent.click(await screen.findByTestId('items-open'));
  await screen.findByTestId('items-screen');
}

function item(overrides: Partial<TrackedItem> = {}): TrackedItem {
  return {
    id: null,
    set_id: 'sec',
    pillar_id: 'security',
    question_id: 'SEC01',
    label: 'SEC 1',
    question_title: { ja: 'ワークロードを安全に運用するには？' },
    choice_id: 'sec_securely_operate_multi_accounts',
    title: { ja: 'アカウントを分離する' },
    priority: 'HIGH',
    in_plan: true,
    owner: '',
    due_date: null,
    status: 'OPEN',
    acceptance_reason: '',
    notes: '',
    overdue: false,
    updated_by: null,
    updated_at: null,
    ...overrides,
  };
}

const overdue = item({ id: 7, choice_id: 'sec_securely_operate_aws_account', title: { ja: 'ルートユーザーを保護する' }, owner: '佐藤', due_date: '2026-01-31', status: 'IN_PROGRESS', overdue: true, updated_by: 'tester', updated_at: '2026-02-01T00:00:00Z' });
const resolved = item({ id: 8, choice_id: 'sec_old', title: { ja: '以前の項目' }, in_plan: false, status: 'DONE', priority: null });

describe('improvement items', () => {
  it('lists every item with its fields, marks overdue and resolved ones, and filters by status', async () => {
    fakeBackend({ improvement_plan: () => [] }, { improvement_items: () => [item(), overdue, resolved] });
    await openFromDashboard();
    const rows = await screen.findAllByTestId('item');
    expect(rows.map((r) => r.dataset.item)).toEqual(['SEC01/sec_securely_operate_multi_accounts', 'SEC01/sec_securely_operate_aws_account', 'SEC01/sec_old']);
    expect(within(rows[0]).getByTestId('item-status').textContent).toBe('未着手');
    expect(within(rows[0]).getByTestId('item-owner').textContent).toBe('未設定');
    expect(within(rows[1]).getByTestId('item-overdue').textContent).toBe('期限超過');
    expect(within(rows[1]).getByTestId('item-due').textContent).toBe('2026-01-31');
    expect(within(rows[0]).queryByTestId('item-overdue')).toBeNull();
    expect(within(rows[2]).getByTestId('item-resolved').textContent).toBe('解消済み');
    await fireEvent.change(screen.getByTestId('item-filter'), { target: { value: 'overdue' } });
    await waitFor(() => expect(screen.getAllByTestId('item').map((r) => r.dataset.item)).toEqual(['SEC01/sec_securely_operate_aws_account']));
    expect(screen.getByTestId('item-count').textContent).toBe('1 / 3');
    await fireEvent.change(screen.getByTestId('item-filter'), { target: { value: 'DONE' } });
    await waitFor(() => expect(screen.getAllByTestId('item').map((r) => r.dataset.item)).toEqual(['SEC01/sec_old']));
  });

  it('edits an item through the core and shows what it saved; a refusal stays at its field with the draft', async () => {
    let attempts = 0;
    const calls = fakeBackend({ improvement_plan: () => [] }, {
      improvement_items: () => [item()],
      update_improvement_item: (args) => {
        attempts += 1;
        const edit = args.edit as ItemEdit;
        if (attempts === 1) {
          throw { code: 'INVALID_IMPROVEMENT_ITEM', message: 'x', details: { item: 'SEC01/x', field: 'acceptance_reason', reason: 'the status RISK_ACCEPTED (リスク受容) needs a reason for the acceptance' } };
        }
        return item({ id: 3, owner: edit.owner ?? '', due_date: edit.due_date, status: edit.status ?? 'OPEN', acceptance_reason: edit.acceptance_reason ?? '', notes: edit.notes ?? '', updated_by: 'tester', updated_at: '2026-12-05T23:00:00Z' });
      },
    });
    await openFromDashboard();
    await fireEvent.click(await screen.findByTestId('item-edit'));
    await fireEvent.input(screen.getByTestId('item-editor-owner'), { target: { value: '情報システム部 佐藤' } });
    await fireEvent.input(screen.getByTestId('item-editor-due'), { target: { value: '2027-03-31' } });
    expect(screen.queryByTestId('item-editor-reason')).toBeNull();
    await fireEvent.change(screen.getByTestId('item-editor-status'), { target: { value: 'RISK_ACCEPTED' } });
    await fireEvent.click(screen.getByTestId('item-editor-save'));
    const problem = await screen.findByTestId('item-editor-problem');
    expect(problem.dataset.field).toBe('acceptance_reason');
    expect(problem.textContent).toContain('改善項目を保存できません');
    // The refusal sits under the reason field, and the draft is kept.
    expect(problem.closest('label')?.querySelector('[data-testid="item-editor-reason"]')).not.toBeNull();
    expect((screen.getByTestId('item-editor-owner') as HTMLInputElement).value).toBe('情報システム部 佐藤');

    await fireEvent.input(screen.getByTestId('item-editor-reason'), { target: { value: '代替統制で対応済み' } });
    await fireEvent.click(screen.getByTestId('item-editor-save'));
    await waitFor(() => expect(screen.queryByTestId('item-editor')).toBeNull());
    const edits = calls.filter((c) => c.cmd === 'update_improvement_item').map((c) => c.args);
    expect(edits.at(-1)).toEqual({
      target: { kind: 'PRACTICE', question_id: 'SEC01', choice_id: 'sec_securely_operate_multi_accounts' },
      edit: { owner: '情報システム部 佐藤', due_date: '2027-03-31', status: 'RISK_ACCEPTED', acceptance_reason: '代替統制で対応済み', notes: '' },
    });
    const row = screen.getByTestId('item');
    expect(row.dataset.status).toBe('RISK_ACCEPTED');
    expect(within(row).getByTestId('item-status').textContent).toBe('リスク受容');
    expect(within(row).getByTestId('item-owner').textContent).toBe('情報システム部 佐藤');
    expect(row.textContent).toContain('代替統制で対応済み');
  });

  it('does not send a reason with a status other than risk accepted', async () => {
    const calls = fakeBackend({ improvement_plan: () => [] }, {
      improvement_items: () => [item({ id: 4, status: 'RISK_ACCEPTED', acceptance_reason: '旧理由' })],
      update_improvement_item: () => item({ id: 4, status: 'DONE' }),
    });
    await openFromDashboard();
    await fireEvent.click(await screen.findByTestId('item-edit'));
    expect((screen.getByTestId('item-editor-reason') as HTMLTextAreaElement).value).toBe('旧理由');
    await fireEvent.change(screen.getByTestId('item-editor-status'), { target: { value: 'DONE' } });
    await fireEvent.click(screen.getByTestId('item-editor-save'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'update_improvement_item')).toBe(true));
    expect((calls.find((c) => c.cmd === 'update_improvement_item')?.args.edit as ItemEdit).acceptance_reason).toBeNull();
  });

  it('adds an item of one own to a question', async () => {
    const calls = fakeBackend({ improvement_plan: () => [] }, {
      improvement_items: () => [],
      add_improvement_item: (args) => item({ id: 12, choice_id: null, title: { ja: String(args.title), en: String(args.title) }, owner: (args.edit as ItemEdit).owner ?? '' }),
    });
    await openFromDashboard();
    await screen.findByText('改善項目はありません。');
    await fireEvent.click(screen.getByTestId('item-add-open'));
    expect((screen.getByTestId('item-add-question') as HTMLSelectElement).value).toBe('SEC01');
    await fireEvent.input(screen.getByTestId('item-add-title'), { target: { value: 'MFA 未設定の管理者を棚卸しする' } });
    await fireEvent.input(screen.getByTestId('item-add-form-owner'), { target: { value: '佐藤' } });
    await fireEvent.click(screen.getByTestId('item-add-form-save'));
    const row = await screen.findByTestId('item');
    expect(calls.find((c) => c.cmd === 'add_improvement_item')?.args).toEqual({
      questionId: 'SEC01',
      title: 'MFA 未設定の管理者を棚卸しする',
      edit: { owner: '佐藤', due_date: '', status: 'OPEN', acceptance_reason: null, notes: '' },
    });
    expect(row.dataset.item).toBe('#12');
    expect(row.textContent).toContain('追加した項目');
    expect(screen.queryByTestId('item-add')).toBeNull();
  });
});
