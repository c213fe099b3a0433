// Upgrading a question set from the app: the plan shown before anything changes, exactly that plan
// applied (its fingerprint), refusals by place; then the re-review list as a tree filter with its
// count, why in the question pane, and "confirm the answer" through the core.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { QuestionReview, RereviewItem, SetUpgradePreview, UpgradePlan, WorkbookView } from '../lib/bindings';
import { app } from '../lib/store.svelte';
import { fakeBackend, freshAppPerTest, type Handlers } from './backend';
import { question, summary, view } from './fixtures';

freshAppPerTest();

/** Opens the screen from the dashboard's button, as a reviewer does. */
async function openFromDashboard(): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-dashboard'));
  await fireEvent.click(await screen.findByTestId('upgrade-open'));
  await screen.findByTestId('upgrade-screen');
}

const carried = { answered: true, split: false, question_text_changed: false, rules_changed: false, choices_text_changed: [], choices_renamed: [], choices_added: [], choices_removed: [], selections_lost: [], to_rereview: false };

const plan: UpgradePlan = {
  set_id: 'sec',
  from_version: '2025-02',
  to_version: '2025-06',
  from_version_label: 'v2025-02',
  to_version_label: 'v2025-06',
  from_sha256: 'a'.repeat(64),
  to_sha256: 'b'.repeat(64),
  unchanged: [{ ...carried, from: 'SEC02', to: 'SEC02' }, { ...carried, from: 'SEC04', to: 'SEC40' }],
  changed: [{ ...carried, from: 'SEC01', to: 'SEC01', question_text_changed: true, choices_removed: ['sec_old'], selections_lost: ['sec_old'], to_rereview: true }],
  lost_selections: [{ question: 'SEC01', new_question: 'SEC01', choice_id: 'sec_old', status: 'SELECTED', reason: null, reason_text: '' }],
  new_questions: [{ id: 'SEC11', pillar_id: 'security', choices: 3 }],
  removed_questions: [{ id: 'SEC09', answered: true, evidence: 2 }],
  summary: { unchanged: 2, changed: 1, to_rereview: 1, lost_selections: 1, new_questions: 1, new_choices: 3, removed_questions: 1, removed_answers: 1, removed_evidence: 2 },
  fingerprint: 'f'.repeat(64),
};
const preview: SetUpgradePreview = { plan, warnings: [] };

const rereview: RereviewItem = {
  question_id: 'SEC01',
  set_id: 'sec',
  reasons: { question_text: true, rules: false, choices_text: ['sec_securely_operate_multi_accounts'], choices_added: [], choices_removed: ['sec_old'], selections_lost: ['sec_old'], split_from: null },
  upgrade: 'sec v2025-02 → v2025-06',
  since: '2026-12-05T23:00:00Z',
};

/** The workbook after the upgrade: SEC01 on the re-review list, SEC02 not. */
function upgraded(): WorkbookView {
  const v = view();
  const second: QuestionReview = question({ question_id: 'SEC02', label: 'SEC 2', title: { ja: '二問目', en: 'Second' } });
  return { ...v, questions: [...v.questions, second], rereview: [rereview] };
}

function upgradeCommands(): Handlers {
  let applied = false;
  return {
    choose_toml_to_import: () => '/tmp/sec-2025-06.toml',
    preview_set_upgrade: () => preview,
    apply_set_upgrade: () => {
      applied = true;
      return { plan, milestone: { number: 1, name: 'before upgrade to sec 2025-06', created_by: 'tester', created_at: '2026-12-05T23:00:00Z', audit_seq: 9, content_sha256: 'c'.repeat(64), size_bytes: 1000, evidence_files: 0 } };
    },
    workbook_view: () => (applied ? upgraded() : view()),
  };
}

describe('upgrading a question set', () => {
  it('shows the plan before anything changes, applies exactly that plan, and leads to the re-review list', async () => {
    const calls = fakeBackend({ improvement_plan: () => [] }, upgradeCommands());
    await openFromDashboard();
    await fireEvent.click(screen.getAllByRole('button', { name: '参照…' })[0]);
    await waitFor(() => expect((screen.getByTestId('upgrade-path') as HTMLInputElement).value).toBe('/tmp/sec-2025-06.toml'));
    await fireEvent.input(screen.getByTestId('upgrade-map'), { target: { value: '/tmp/sec.map.toml' } });
    await fireEvent.click(screen.getByTestId('upgrade-preview'));
    const shown = await screen.findByTestId('upgrade-plan');
    expect(calls.filter((c) => c.cmd === 'preview_set_upgrade').map((c) => c.args)).toEqual([
      { setId: 'sec', edition: { kind: 'FILE', path: '/tmp/sec-2025-06.toml' }, mapPath: '/tmp/sec.map.toml' },
    ]);
    expect(shown.textContent).toContain('sec v2025-02 → v2025-06');
    expect(screen.getByTestId('upgrade-count-unchanged').textContent).toBe('2');
    expect(screen.getByTestId('upgrade-count-rereview').textContent).toBe('1');
    expect(screen.getByTestId('upgrade-count-lost').textContent).toBe('1');
    expect(screen.getByTestId('upgrade-count-removed-evidence').textContent).toBe('2');
    const changed = within(screen.getByTestId('upgrade-changed')).getByText('SEC01').closest('li') as HTMLElement;
    expect(changed.dataset.rereview).toBe('true');
    expect(changed.textContent).toContain('質問文');
    expect(changed.textContent).toContain('削除された選択肢 sec_old');
    expect(screen.getByTestId('upgrade-lost').textContent).toContain('SEC01 · sec_old');
    expect(screen.getByTestId('upgrade-new').textContent).toContain('SEC11');
    expect(screen.getByTestId('upgrade-removed').textContent).toContain('エビデンス 2 件');
    expect(screen.getByTestId('upgrade-unchanged').textContent).toContain('SEC04 → SEC40');
    expect(calls.some((c) => c.cmd === 'apply_set_upgrade')).toBe(false);

    // What is typed after the preview does not change what is applied.
    await fireEvent.input(screen.getByTestId('upgrade-path'), { target: { value: '/tmp/other.toml' } });
    await fireEvent.click(screen.getByTestId('upgrade-apply'));
    const done = await screen.findByTestId('upgrade-done');
    expect(calls.filter((c) => c.cmd === 'apply_set_upgrade').map((c) => c.args)).toEqual([
      { setId: 'sec', edition: { kind: 'FILE', path: '/tmp/sec-2025-06.toml' }, mapPath: '/tmp/sec.map.toml', expectPlan: plan.fingerprint },
    ]);
    expect(done.textContent).toContain('before upgrade to sec 2025-06');

    await fireEvent.click(await screen.findByTestId('upgrade-show-rereview'));
    const filter = (await screen.findByTestId('filter')) as HTMLSelectElement;
    expect(filter.value).toBe('rereview');
    expect(filter.selectedOptions[0].textContent).toBe('要再確認（1）');
    const listed = [...document.querySelectorAll<HTMLElement>('.tree-item')].map((el) => el.dataset.question);
    expect(listed).toEqual(['SEC01']);
  });

  it('lists a refused map by place and changes nothing', async () => {
    const calls = fakeBackend({ improvement_plan: () => [] }, upgradeCommands(), {
      preview_set_upgrade: () => {
        throw {
          code: 'SET_UPGRADE_REFUSED',
          message: 'the id map names ids neither edition has',
          details: { set_id: 'sec', kind: 'MAP_UNKNOWN_ID', reason: 'the id map names ids neither edition has; nothing was changed', problems: ["[questions] SEC99: no question 'SEC99' in the old edition"] },
        };
      },
    });
    await openFromDashboard();
    await fireEvent.click(screen.getByTestId('upgrade-kind-SHIPPED'));
    expect(screen.queryByTestId('upgrade-path')).toBeNull();
    await fireEvent.input(screen.getByTestId('upgrade-map'), { target: { value: '/tmp/bad.map.toml' } });
    await fireEvent.click(screen.getByTestId('upgrade-preview'));
    const problems = await screen.findByTestId('upgrade-problems');
    expect(calls.find((c) => c.cmd === 'preview_set_upgrade')?.args.edition).toEqual({ kind: 'SHIPPED' });
    expect(problems.textContent).toContain('質問セット「sec」を更新できません');
    expect(screen.getAllByTestId('upgrade-problem').map((r) => r.textContent)).toEqual(["[questions] SEC99: no question 'SEC99' in the old edition"]);
    expect(screen.queryByTestId('upgrade-plan')).toBeNull();
    expect(screen.queryByTestId('error-dialog')).toBeNull();
  });

  it('lists a set file that does not parse by line', async () => {
    fakeBackend({ improvement_plan: () => [] }, upgradeCommands(), {
      preview_set_upgrade: () => {
        throw {
          code: 'QUESTION_SET_INVALID',
          message: 'bad set',
          details: { origin: '/tmp/new.toml', reason: 'x', problems: [{ place: { file: '/tmp/new.toml', line: 2 }, message: 'invalid array' }] },
        };
      },
    });
    await openFromDashboard();
    await fireEvent.input(screen.getByTestId('upgrade-path'), { target: { value: '/tmp/new.toml' } });
    await fireEvent.click(screen.getByTestId('upgrade-preview'));
    await screen.findByTestId('upgrade-problems');
    const row = screen.getByTestId('upgrade-problem');
    expect(row.textContent).toContain('/tmp/new.toml · 2 行目');
    expect(row.textContent).toContain('invalid array');
  });
});

describe('the re-review list', () => {
  it('is a tree filter with its count; the pane says why, and confirming takes the question off the list', async () => {
    const calls = fakeBackend({ improvement_plan: () => [] }, {
      open_workbook: () => upgraded(),
      workbook_view: () => upgraded(),
      confirm_answer: () => ({ question: question(), summary: summary(), evidence: [] }),
    });
    render(App);
    const notice = await screen.findByTestId('rereview-notice');
    expect(notice.textContent).toContain('sec v2025-02 → v2025-06');
    const reasons = [...screen.getByTestId('rereview-reasons').querySelectorAll('li')].map((li) => li.textContent);
    expect(reasons).toEqual([
      '質問文が変わりました',
      '選択肢の文が変わりました: アカウントを分離する (sec_securely_operate_multi_accounts)',
      '選択肢が削除されました: sec_old',
      '削除された選択肢の選択は失われました: sec_old',
    ]);
    const filter = screen.getByTestId('filter') as HTMLSelectElement;
    expect([...filter.options].find((o) => o.value === 'rereview')?.textContent).toBe('要再確認（1）');
    // The tree marks the question on the list, and only it.
    const marked = () => [...document.querySelectorAll('[data-testid="rereview-mark"]')].map((m) => (m.closest('.tree-item') as HTMLElement).dataset.question);
    expect(marked()).toEqual(['SEC01']);
    await fireEvent.change(filter, { target: { value: 'rereview' } });
    await waitFor(() => expect([...document.querySelectorAll<HTMLElement>('.tree-item')].map((el) => el.dataset.question)).toEqual(['SEC01']));

    await fireEvent.click(screen.getByTestId('confirm-answer'));
    await waitFor(() => expect(screen.queryByTestId('rereview-notice')).toBeNull());
    expect(calls.filter((c) => c.cmd === 'confirm_answer').map((c) => c.args)).toEqual([{ questionId: 'SEC01' }]);
    expect(app.view?.rereview).toEqual([]);
    expect([...filter.options].find((o) => o.value === 'rereview')?.textContent).toBe('要再確認（0）');
    expect(document.querySelectorAll('.tree-item').length).toBe(0);
    await fireEvent.change(filter, { target: { value: 'all' } });
    await waitFor(() => expect(document.querySelectorAll('.tree-item').length).toBe(2));
    expect(marked()).toEqual([]);
  });

  it('confirms the answer shown: a change still being saved reaches the core first', async () => {
    let answerSave: () => void = () => {};
    const calls = fakeBackend({ improvement_plan: () => [] }, {
      open_workbook: () => upgraded(),
      workbook_view: () => upgraded(),
      save_answer: () =>
        new Promise((resolve) => {
          answerSave = () => resolve({ question: question({ notes: 'x' }), summary: summary(), evidence: [], rereview: [] });
        }),
      confirm_answer: () => ({ question: question({ notes: 'x' }), summary: summary(), evidence: [], rereview: [] }),
    });
    render(App);
    await screen.findByTestId('rereview-notice');
    await fireEvent.click(document.getElementById('choice-sec_securely_operate_aws_account') as HTMLElement);
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'save_answer').length).toBe(1));
    await fireEvent.click(screen.getByTestId('confirm-answer'));
    await new Promise((r) => setTimeout(r, 20));
    // Not sent while the save is away: it would confirm the answer the core held before it.
    expect(calls.filter((c) => c.cmd === 'confirm_answer')).toEqual([]);
    expect((screen.getByTestId('confirm-answer') as HTMLButtonElement).disabled).toBe(true);
    answerSave();
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'confirm_answer').length).toBe(1));
    const order = calls.map((c) => c.cmd).filter((cmd) => cmd === 'save_answer' || cmd === 'confirm_answer');
    expect(order).toEqual(['save_answer', 'confirm_answer']);
  });

  it('keeps a question on the list when the core still lists it after a save', async () => {
    fakeBackend({ improvement_plan: () => [] }, {
      open_workbook: () => upgraded(),
      save_answer: () => ({ question: question({ notes: 'x' }), summary: summary(), evidence: [], rereview }),
    });
    render(App);
    await screen.findByTestId('rereview-notice');
    await fireEvent.click(document.getElementById('choice-sec_securely_operate_aws_account') as HTMLElement);
    await waitFor(() => expect(app.view?.questions[0].notes).toBe('x'));
    expect(app.view?.rereview.map((r) => r.question_id)).toEqual(['SEC01']);
    expect(screen.getByTestId('rereview-notice')).toBeTruthy();
  });
});
