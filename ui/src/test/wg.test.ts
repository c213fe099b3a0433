import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import type { WgCriterionRow, WgImport, WgQuestionCriterion, WgSummary, WgView } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, openScreen, type Handlers } from './backend';
import { question, view } from './fixtures';

const summary: WgSummary = {
  service: 'Amazon S3',
  edition: '第1版',
  edition_date: '2024-03-01',
  source_file: 's3.xlsx',
  imported_by: 'tester',
  imported_at: '2026-11-22T00:00:00Z',
  scenarios: 1,
  criteria: 2,
  notes: 1,
  decisions: { ADOPTED: 1, CONDITIONAL: 0, REJECTED: 0, NOT_EVALUATED: 1 },
  decided: 1,
};

function criterion(overrides: Partial<WgCriterionRow> = {}): WgCriterionRow {
  return {
    id: 11,
    criterion_no: '1',
    perspective: '機密性',
    category: 'アクセス制御',
    assumed_risk: '不正アクセス',
    criterion: 'バケットポリシーで公開を禁止する',
    controls: 'S3 Block Public Access',
    responsibility_aws: '-',
    responsibility_customer: '○',
    fisc_refs: '統20',
    references: '',
    questions: [{ question_id: 'SEC01', in_workbook: true }],
    decision: 'ADOPTED',
    own_measures: '',
    residual_risk: '',
    reviewer_notes: '',
    ...overrides,
  };
}

const detail: WgView = {
  service: 'Amazon S3',
  edition: '第1版',
  edition_date: '2024-03-01',
  source_file: 's3.xlsx',
  scenarios: [{ scenario_id: 'S1', scenario: '社内からの参照', connection_source: '社内 NW', route: 'Direct Connect', notes: '' }],
  criteria: [
    criterion(),
    criterion({
      id: 12,
      criterion_no: '2',
      criterion: '<img src=x onerror=alert(1)><b>暗号化</b>',
      decision: 'NOT_EVALUATED',
      questions: [
        { question_id: 'SEC02', in_workbook: true },
        { question_id: 'XYZ9', in_workbook: false },
      ],
    }),
  ],
  notes: [{ category: '運用', note: 'ログを保管する', detail: '', references: '' }],
};

const plan: WgImport = {
  file: '/tmp/wg.xlsx',
  service: 'Amazon S3',
  edition: '第2版',
  edition_date: '2025-01-01',
  scenarios: 1,
  criteria: 2,
  notes: 1,
  warnings: [],
  existing: true,
  added: 1,
  changed: 1,
  unchanged: 0,
  removed: 1,
  kept_evaluations: 1,
  cleared_evaluations: 0,
  removed_evaluations: 1,
  blanks_kept: 1,
  clear_blank: false,
  duplicate_numbers: [],
  plan_sha256: 'ab12',
  plan: [
    {
      kind: 'CHANGED',
      status: 'BLANK_KEPT',
      criterion_no: '1',
      perspective: '機密性',
      category: '',
      criterion: '公開を禁止する',
      changed_fields: ['controls'],
      evaluation: 'KEPT',
      stored_decision: 'ADOPTED',
      fields: [
        { field: 'decision', stored: 'ADOPTED', file: null, result: 'ADOPTED', outcome: 'BLANK_KEPT' },
        { field: 'own_measures', stored: '自社で監視', file: '自社で監視', result: '自社で監視', outcome: 'SAME' },
        { field: 'residual_risk', stored: '', file: null, result: '', outcome: 'SAME' },
        { field: 'reviewer_notes', stored: '', file: '<b>要確認</b>', result: '<b>要確認</b>', outcome: 'SET' },
      ],
    },
    {
      kind: 'ADDED',
      status: 'NEW',
      criterion_no: '3',
      perspective: '可用性',
      category: '',
      criterion: 'バージョニング',
      changed_fields: [],
      evaluation: 'NOT_EVALUATED',
      stored_decision: null,
      fields: [
        { field: 'decision', stored: 'NOT_EVALUATED', file: null, result: 'NOT_EVALUATED', outcome: 'SAME' },
        { field: 'own_measures', stored: '', file: null, result: '', outcome: 'SAME' },
        { field: 'residual_risk', stored: '', file: null, result: '', outcome: 'SAME' },
        { field: 'reviewer_notes', stored: '', file: null, result: '', outcome: 'SAME' },
      ],
    },
    {
      kind: 'REMOVED',
      status: 'REMOVED',
      criterion_no: '2',
      perspective: '機密性',
      category: '',
      criterion: '暗号化',
      changed_fields: [],
      evaluation: 'REMOVED',
      stored_decision: 'CONDITIONAL',
      fields: [],
    },
  ],
  dry_run: true,
  applied: false,
};

const wgCommands: Handlers = {
  wg_assessments: () => [summary],
  wg_assessment: () => detail,
  update_wg_evaluation: () => criterion(),
  choose_xlsx_to_import: () => '/tmp/wg.xlsx',
  choose_output_path: () => '/tmp/out/s3.xlsx',
  import_wg_xlsx: (args) => (args.dryRun ? plan : { ...plan, dry_run: false, applied: true }),
  export_wg_xlsx: (args) => ({ path: args.path, service: args.service, criteria: 2 }),
};

function backend(overrides: Handlers = {}) {
  return fakeBackend(wgCommands, overrides);
}

async function openS3() {
  await openScreen('wg');
  await fireEvent.click(await screen.findByTestId('wg-open-Amazon S3'));
  await screen.findByTestId('wg-detail');
}

freshAppPerTest();

describe('WG evaluations', () => {
  it('lists the stored services with counts by decision', async () => {
    backend();
    await openScreen('wg');
    expect(screen.getByTestId('nav-wg').textContent).toBe('WG 評価');
    const rows = await screen.findAllByTestId('wg-service');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('Amazon S3');
    expect(rows[0].textContent).toContain('第1版');
  });

  it('shows the three tables as text, never as HTML', async () => {
    backend();
    await openS3();
    const texts = screen.getAllByTestId('wg-criterion-text');
    expect(texts[1].textContent).toBe('<img src=x onerror=alert(1)><b>暗号化</b>');
    expect(screen.getByTestId('wg-detail').querySelector('img, b')).toBeNull();
    expect(screen.getByTestId('wg-detail').textContent).toContain('Direct Connect');
    expect(screen.getByTestId('wg-detail').textContent).toContain('ログを保管する');
  });

  it('saves a decision at once and a text on blur, with a visible state', async () => {
    const calls = backend();
    await openS3();
    await fireEvent.change(screen.getByTestId('wg-decision-1'), { target: { value: 'CONDITIONAL' } });
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'update_wg_evaluation')?.args).toEqual({
        service: 'Amazon S3',
        criterionId: 12,
        change: { decision: 'CONDITIONAL' },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('wg-state-1').dataset.state).toBe('saved'));
    // The per-service decision counts are reloaded after a decision is saved.
    const updateAt = calls.findIndex((c) => c.cmd === 'update_wg_evaluation');
    await waitFor(() => expect(calls.slice(updateAt).some((c) => c.cmd === 'wg_assessments')).toBe(true));
    const area = screen.getByTestId('wg-own_measures-0');
    await fireEvent.input(area, { target: { value: '独自の暗号鍵' } });
    expect(screen.getByTestId('wg-state-0').dataset.state).toBe('dirty');
    await fireEvent.blur(area);
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'update_wg_evaluation')[1]?.args).toEqual({
        service: 'Amazon S3',
        criterionId: 11,
        change: { own_measures: '独自の暗号鍵' },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('wg-state-0').dataset.state).toBe('saved'));
  });

  it('shows each criterion as a card and filters them by decision, keeping a changed one shown', async () => {
    backend();
    await openS3();
    const cards = screen.getAllByTestId('wg-criterion');
    expect(cards.map((c) => c.tagName)).toEqual(['ARTICLE', 'ARTICLE']);
    expect(cards[0].textContent).toContain('利用者');
    expect(cards[0].textContent).toContain('自機関の対策');
    await fireEvent.change(screen.getByTestId('wg-filter'), { target: { value: 'NOT_EVALUATED' } });
    expect(screen.getAllByTestId('wg-criterion').map((c) => c.dataset.decision)).toEqual(['NOT_EVALUATED']);
    expect(screen.getByTestId('wg-filter-count').textContent).toBe('2 件中 1 件を表示');
    // The only criterion shown is position 1: its fields keep their position in their test ids.
    await fireEvent.change(screen.getByTestId('wg-decision-1'), { target: { value: 'REJECTED' } });
    await waitFor(() => expect(screen.getByTestId('wg-state-1').dataset.state).toBe('saved'));
    expect(screen.getAllByTestId('wg-criterion')).toHaveLength(1);
    await fireEvent.change(screen.getByTestId('wg-filter'), { target: { value: 'NOT_EVALUATED' } });
    expect(screen.queryAllByTestId('wg-criterion')).toHaveLength(0);
    expect(screen.getByTestId('wg-filter-none')).toBeTruthy();
    await fireEvent.change(screen.getByTestId('wg-filter'), { target: { value: 'ALL' } });
    expect(screen.getAllByTestId('wg-criterion')).toHaveLength(2);
  });

  it('sends a decision whose save failed again with the next save of its criterion', async () => {
    let refuse = true;
    const calls = backend({
      update_wg_evaluation: () => {
        if (refuse) throw { code: 'WORKBOOK_LOCKED', message: 'workbook /tmp/test.hashira is in use', details: { path: '/tmp/test.hashira' } };
        return criterion();
      },
    });
    await openS3();
    await fireEvent.change(screen.getByTestId('wg-decision-1'), { target: { value: 'CONDITIONAL' } });
    await screen.findByTestId('error-dialog');
    expect(screen.getByTestId('wg-state-1').dataset.state).toBe('dirty');
    refuse = false;
    const area = screen.getByTestId('wg-reviewer_notes-1');
    await fireEvent.input(area, { target: { value: '鍵管理を確認' } });
    await fireEvent.blur(area);
    await waitFor(() => expect(screen.getByTestId('wg-state-1').dataset.state).toBe('saved'));
    const updates = calls.filter((c) => c.cmd === 'update_wg_evaluation').map((c) => c.args.change);
    expect(updates).toEqual([{ decision: 'CONDITIONAL' }, { reviewer_notes: '鍵管理を確認', decision: 'CONDITIONAL' }]);
    // Once stored, it is not sent again.
    await fireEvent.input(area, { target: { value: '鍵管理を確認済み' } });
    await fireEvent.blur(area);
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'update_wg_evaluation')).toHaveLength(3));
    expect(calls.filter((c) => c.cmd === 'update_wg_evaluation')[2].args.change).toEqual({ reviewer_notes: '鍵管理を確認済み' });
  });

  it('keeps what was typed when a save fails and shows the error dialog', async () => {
    backend({
      update_wg_evaluation: () => {
        throw { code: 'IO', message: 'disk full', details: null };
      },
    });
    await openS3();
    const area = screen.getByTestId('wg-reviewer_notes-0') as HTMLTextAreaElement;
    await fireEvent.input(area, { target: { value: '要確認' } });
    await fireEvent.blur(area);
    await screen.findByTestId('error-dialog');
    expect(area.value).toBe('要確認');
    expect(screen.getByTestId('wg-state-0').dataset.state).toBe('dirty');
  });

  it('shows the dry-run merge plan and imports only on confirmation', async () => {
    const calls = backend();
    await openScreen('wg');
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    const rows = await screen.findAllByTestId('wg-plan-row');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['CHANGED', 'ADDED', 'REMOVED']);
    expect(rows.map((r) => r.dataset.status)).toEqual(['BLANK_KEPT', 'NEW', 'REMOVED']);
    // The institution's columns, stored → file: a blank 判定 keeps 採用, a note is added.
    const fields = [...rows[0].querySelectorAll('[data-testid="wg-plan-field"]')].map((f) => f.textContent?.replace(/\s+/g, ' ').trim());
    expect(fields).toEqual(['採否: 採用 → （空欄） 保持', '自機関の対策: 自社で監視', 'レビュー担当者の所見: （空欄） → <b>要確認</b>']);
    expect(rows[0].querySelector('b')).toBeNull();
    expect(rows[0].textContent).toContain('ファイルが空欄（保存済みの値を保持）');
    expect(rows[2].textContent).toContain('条件付き採用');
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args.dryRun)).toEqual([true]);
    await fireEvent.click(screen.getByTestId('wg-apply'));
    await screen.findByTestId('wg-applied');
    // No service name typed: the file names the service.
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args)).toEqual([
      { path: '/tmp/wg.xlsx', dryRun: true, service: null, clearBlank: false, expectPlan: null },
      { path: '/tmp/wg.xlsx', dryRun: false, service: null, clearBlank: false, expectPlan: 'ab12' },
    ]);
  });

  it('cancelling the plan imports nothing', async () => {
    const calls = backend();
    await openScreen('wg');
    await fireEvent.click(screen.getAllByText('参照…')[0]);
    await waitFor(() => expect((screen.getByTestId('wg-import-path') as HTMLInputElement).value).toBe('/tmp/wg.xlsx'));
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    await fireEvent.click(screen.getByText('キャンセル'));
    expect(screen.queryByTestId('wg-plan')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args.dryRun)).toEqual([true]);
  });

  it("exports a service's sheet", async () => {
    const calls = backend();
    await openS3();
    await fireEvent.click(screen.getAllByText('参照…')[1]);
    await waitFor(() => expect((screen.getByTestId('wg-export-path') as HTMLInputElement).value).toBe('/tmp/out/s3.xlsx'));
    expect(calls.find((c) => c.cmd === 'choose_output_path')?.args).toEqual({ kind: 'xlsx', suggestedName: 'Amazon S3' });
    await fireEvent.click(screen.getByTestId('wg-export'));
    await screen.findByTestId('wg-exported');
    expect(calls.find((c) => c.cmd === 'export_wg_xlsx')?.args).toEqual({ path: '/tmp/out/s3.xlsx', service: 'Amazon S3' });
  });
});

describe('WG import problems', () => {
  async function previewFailing(payload: { code: string; message: string; details: unknown }) {
    const calls = backend({
      import_wg_xlsx: () => {
        throw payload;
      },
    });
    await openS3();
    // A note typed but not yet saved, then the import.
    await fireEvent.input(screen.getByTestId('wg-reviewer_notes-0'), { target: { value: '要確認' } });
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    return calls;
  }

  it('lists the problems of the file by sheet, row and column, as text, and keeps what was typed', async () => {
    const calls = await previewFailing({
      code: 'IMPORT_PROBLEMS',
      message: '/tmp/wg.xlsx: 2 problem(s), nothing was imported',
      details: {
        path: '/tmp/wg.xlsx',
        problems: [
          { sheet: 'セキュリティクライテリア', row: 7, column: 'F', header: '責任分界', message: '<img src=x onerror=alert(1)> is not a code' },
          { sheet: 'セキュリティクライテリア', row: 9, column: '', header: '', message: 'the row has no criterion' },
        ],
      },
    });
    const table = await screen.findByTestId('wg-problems');
    expect(table.querySelector('h2')?.textContent).toBe('2 件の問題があります。ワークブックは変更していません。');
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['シート', '行', '列', '内容']);
    const rows = screen.getAllByTestId('import-problem').map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['セキュリティクライテリア', '7', 'F (責任分界)', '<img src=x onerror=alert(1)> is not a code'],
      ['セキュリティクライテリア', '9', '', 'the row has no criterion'],
    ]);
    expect(table.querySelector('img')).toBeNull();
    expect(screen.queryByTestId('error-dialog')).toBeNull();
    expect(screen.queryByTestId('wg-plan')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args.dryRun)).toEqual([true]);
    // What was typed stays: the path, and the unsaved note of the open service.
    expect((screen.getByTestId('wg-import-path') as HTMLInputElement).value).toBe('/tmp/wg.xlsx');
    expect((screen.getByTestId('wg-reviewer_notes-0') as HTMLTextAreaElement).value).toBe('要確認');
    expect(screen.getByTestId('wg-state-0').dataset.state).toBe('dirty');
  });

  it('shows a missing sheet in the same table, in the chosen language', async () => {
    await previewFailing({
      code: 'XLSX_INVALID',
      message: "/tmp/wg.xlsx: no sheet 'セキュリティクライテリア' (the file has: Sheet1)",
      details: { path: '/tmp/wg.xlsx', sheet: 'セキュリティクライテリア', found: ['Sheet1', '<b>x</b>'] },
    });
    const row = await screen.findByTestId('import-problem');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'セキュリティクライテリア',
      '',
      '',
      'シート「セキュリティクライテリア」がありません（ファイル内のシート: Sheet1, <b>x</b>）。',
    ]);
    expect(row.querySelector('b')).toBeNull();
    expect(screen.queryByTestId('error-dialog')).toBeNull();
  });

  it('shows an invalid WG evaluation in the same table', async () => {
    await previewFailing({
      code: 'INVALID_WG',
      message: 'invalid WG evaluation: <img src=x onerror=alert(1)>',
      details: { reason: '<img src=x onerror=alert(1)>' },
    });
    const table = await screen.findByTestId('wg-problems');
    expect(screen.getByTestId('import-problem').textContent).toContain('WG 評価の内容が正しくありません（<img src=x onerror=alert(1)>）。');
    expect(table.querySelector('img')).toBeNull();
  });

  it('clears the problems when the next dry run succeeds', async () => {
    let fail = true;
    backend({
      import_wg_xlsx: (args) => {
        if (fail) throw { code: 'XLSX_INVALID', message: 'damaged', details: { path: '/tmp/wg.xlsx', reason: 'it is damaged' } };
        return args.dryRun ? plan : { ...plan, dry_run: false, applied: true };
      },
    });
    await openScreen('wg');
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    expect((await screen.findByTestId('import-problem')).textContent).toContain('Excel ファイルを読み込めません（it is damaged）。');
    fail = false;
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    expect(screen.queryByTestId('wg-problems')).toBeNull();
  });

  it('sends a failure that is not about the file to the error dialog', async () => {
    await previewFailing({ code: 'WORKBOOK_LOCKED', message: 'locked', details: { path: '/tmp/test.hashira' } });
    await screen.findByTestId('error-dialog');
    expect(screen.queryByTestId('wg-problems')).toBeNull();
    expect((screen.getByTestId('wg-import-path') as HTMLInputElement).value).toBe('/tmp/wg.xlsx');
  });
});

// A workbook of two questions, SEC01 and SEC02; the WG criteria link both ways.
const second = question({ question_id: 'SEC02', label: 'SEC 2', title: { ja: '人為的なアクセスの管理', en: 'Human access' } });
const linked: WgQuestionCriterion[] = [
  { service: 'Amazon EC2', id: 45, position: 4, criterion_no: '5', perspective: '機密性', category: '', criterion: 'IMDSv2 を必須にする', decision: 'NOT_EVALUATED' },
  { service: 'Amazon S3', id: 12, position: 1, criterion_no: '2', perspective: '機密性', category: 'アクセス制御', criterion: '<img src=x onerror=alert(1)><b>暗号化</b>', decision: 'CONDITIONAL' },
];

function linkedBackend(overrides: Handlers = {}) {
  const workbook = view();
  workbook.questions = [question(), second];
  return fakeBackend(
    wgCommands,
    {
      open_workbook: () => workbook,
      wg_criteria_for_question: (args) => (args.questionId === 'SEC01' ? linked : []),
    },
    overrides,
  );
}

describe('WG criteria and review questions', () => {
  it('lists the criteria of the open question in the question pane, as text, and hides the section when there are none', async () => {
    const calls = linkedBackend();
    render(App);
    const texts = await screen.findAllByTestId('wg-link-text');
    const section = screen.getByTestId('wg-links');
    expect(section.querySelector('h3')?.textContent).toBe('関連する WG クライテリア');
    expect(texts.map((p) => p.textContent)).toEqual(['IMDSv2 を必須にする', '<img src=x onerror=alert(1)><b>暗号化</b>']);
    expect(section.querySelector('img, b')).toBeNull();
    const links = screen.getAllByTestId('wg-link');
    expect(links[1].textContent).toContain('Amazon S3');
    expect(links[1].textContent).toContain('2');
    expect(links[1].textContent).toContain('機密性 / アクセス制御');
    expect(screen.getAllByTestId('wg-link-decision').map((d) => d.textContent)).toEqual(['未評価', '条件付き採用']);
    expect(calls.filter((c) => c.cmd === 'wg_criteria_for_question').map((c) => c.args)).toEqual([{ questionId: 'SEC01' }]);
    // The next question names no criterion: no section at all.
    await fireEvent.click(screen.getByTestId('next-question'));
    await waitFor(() => expect(screen.getByTestId('question-pane').dataset.question).toBe('SEC02'));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'wg_criteria_for_question')).toHaveLength(2));
    expect(screen.queryByTestId('wg-links')).toBeNull();
  });

  it('opens the WG screen on the criterion clicked, scrolled to it and highlighted', async () => {
    // jsdom does not scroll: record which elements were asked to.
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
      scrolled.push(this);
    });
    onTestFinished(() => {
      Element.prototype.scrollIntoView = original;
    });
    const calls = linkedBackend();
    render(App);
    await fireEvent.click((await screen.findAllByTestId('wg-link'))[1]);
    await screen.findByTestId('wg-detail');
    expect(calls.find((c) => c.cmd === 'wg_assessment')?.args).toEqual({ service: 'Amazon S3' });
    const rows = screen.getAllByTestId('wg-criterion');
    await waitFor(() => expect(rows[1].getAttribute('aria-current')).toBe('true'));
    expect(rows[0].getAttribute('aria-current')).toBeNull();
    expect(rows[1].classList.contains('highlighted')).toBe(true);
    await waitFor(() => expect(scrolled.filter((e) => e.matches('[data-testid="wg-criterion"]'))).toEqual([rows[1]]));
    expect(screen.getByTestId('nav-wg').classList.contains('active')).toBe(true);
  });

  it('opens a question of the criteria table in the review; an id no set has is plain text, marked unknown', async () => {
    linkedBackend();
    await openS3();
    const unknown = screen.getByTestId('wg-question-unknown');
    expect(unknown.tagName).toBe('SPAN');
    expect(unknown.textContent).toBe('XYZ9（不明）');
    expect(screen.queryByTestId('wg-question-XYZ9')).toBeNull();
    await fireEvent.click(screen.getByTestId('wg-question-SEC02'));
    const pane = await screen.findByTestId('question-pane');
    expect(pane.dataset.question).toBe('SEC02');
    expect(screen.getByTestId('nav-review').classList.contains('active')).toBe(true);
  });
});

describe('Deleting a WG evaluation', () => {
  it('asks first, naming the service and its decided criteria, and deletes only on confirmation', async () => {
    let stored = [summary];
    const calls = backend({
      wg_assessments: () => stored,
      delete_wg_assessment: () => {
        stored = [];
        return null;
      },
    });
    await openS3();
    await fireEvent.click(screen.getByTestId('wg-delete-Amazon S3'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Amazon S3 の WG 評価を削除しますか？');
    expect(dialog.textContent).toContain('クライテリア 1 件');
    await fireEvent.click(screen.getByText('キャンセル'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(calls.some((c) => c.cmd === 'delete_wg_assessment')).toBe(false);
    expect(screen.getByTestId('wg-detail')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('wg-delete-Amazon S3'));
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await screen.findByTestId('wg-deleted');
    expect(calls.filter((c) => c.cmd === 'delete_wg_assessment').map((c) => c.args)).toEqual([{ service: 'Amazon S3' }]);
    // The list is read again after the delete, and the deleted service is no longer shown.
    const deleteAt = calls.findIndex((c) => c.cmd === 'delete_wg_assessment');
    expect(calls.slice(deleteAt).some((c) => c.cmd === 'wg_assessments')).toBe(true);
    await screen.findByTestId('wg-empty');
    expect(screen.queryByTestId('wg-detail')).toBeNull();
    expect(screen.getByTestId('wg-deleted').textContent).toBe('Amazon S3 の WG 評価を削除しました。');
  });

  it('keeps the service shown when the delete fails, with the error dialog', async () => {
    backend({
      delete_wg_assessment: () => {
        throw { code: 'WORKBOOK_LOCKED', message: 'locked', details: { path: '/tmp/test.hashira' } };
      },
    });
    await openS3();
    await fireEvent.click(screen.getByTestId('wg-delete-Amazon S3'));
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await screen.findByTestId('error-dialog');
    expect(screen.getByTestId('wg-detail')).toBeTruthy();
    expect(screen.getAllByTestId('wg-service')).toHaveLength(1);
    expect(screen.queryByTestId('wg-deleted')).toBeNull();
  });
});

describe('WG import with a service name', () => {
  it('passes the name typed to the dry run and imports what was previewed', async () => {
    const calls = backend();
    await openScreen('wg');
    expect(screen.getByText('サービス名（空欄ならファイルから）')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.input(screen.getByTestId('wg-import-service'), { target: { value: '  Amazon S3（本番）  ' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    // Typing after the preview does not change what is applied: the plan shown is what is imported.
    await fireEvent.input(screen.getByTestId('wg-import-service'), { target: { value: '別の名前' } });
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/other.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-apply'));
    await screen.findByTestId('wg-applied');
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args)).toEqual([
      { path: '/tmp/wg.xlsx', dryRun: true, service: 'Amazon S3（本番）', clearBlank: false, expectPlan: null },
      { path: '/tmp/wg.xlsx', dryRun: false, service: 'Amazon S3（本番）', clearBlank: false, expectPlan: 'ab12' },
    ]);
  });
});

describe('WG import: blank cells and the service name', () => {
  it('clears blank cells only when the box is ticked, and applies what was previewed', async () => {
    const calls = backend({
      import_wg_xlsx: (args) => ({ ...plan, clear_blank: Boolean(args.clearBlank), dry_run: Boolean(args.dryRun), applied: !args.dryRun }),
    });
    await openScreen('wg');
    const box = screen.getByTestId('wg-import-clear-blank') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByText('ファイルの空欄で保存済みの評価を消去する')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    // Unticking after the preview does not change what is applied.
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId('wg-apply'));
    await screen.findByTestId('wg-applied');
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args)).toEqual([
      { path: '/tmp/wg.xlsx', dryRun: true, service: null, clearBlank: true, expectPlan: null },
      { path: '/tmp/wg.xlsx', dryRun: false, service: null, clearBlank: true, expectPlan: 'ab12' },
    ]);
  });

  it('asks for the service name when the file names none, marking the field required', async () => {
    const calls = backend({
      import_wg_xlsx: (args) => {
        if (!args.service) {
          throw {
            code: 'WG_SERVICE_MISSING',
            message: '/tmp/ec2.xlsx: the file names no AWS service',
            details: { path: '/tmp/ec2.xlsx' },
          };
        }
        return { ...plan, service: String(args.service) };
      },
    });
    await openScreen('wg');
    const input = screen.getByTestId('wg-import-service') as HTMLInputElement;
    expect(input.required).toBe(false);
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/ec2.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    const problem = await screen.findByTestId('import-problem');
    expect(problem.textContent).toContain('「/tmp/ec2.xlsx」にはサービス名');
    expect(screen.queryByTestId('error-dialog')).toBeNull();
    expect(input.required).toBe(true);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('サービス名（必須: このファイルにはサービス名がありません）')).toBeTruthy();
    await fireEvent.input(input, { target: { value: 'Amazon EC2' } });
    expect(input.getAttribute('aria-invalid')).toBeNull();
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    expect(screen.queryByTestId('import-problem')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args.service)).toEqual([null, 'Amazon EC2']);
  });

  it('imports nothing when the workbook or the file changed since the preview, and says so', async () => {
    const calls = backend({
      import_wg_xlsx: (args) => {
        if (args.dryRun) return plan;
        throw { code: 'WG_PLAN_CHANGED', message: 'changed since the preview', details: { service: 'Amazon S3' } };
      },
    });
    await openScreen('wg');
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    await screen.findByTestId('wg-plan');
    await fireEvent.click(screen.getByTestId('wg-apply'));
    const dialog = await screen.findByTestId('error-dialog');
    expect(dialog.textContent).toContain('プレビューの後に WG 評価「Amazon S3」またはファイルが変わりました');
    expect(screen.queryByTestId('wg-applied')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wg_xlsx').map((c) => c.args.expectPlan)).toEqual([null, 'ab12']);
  });

  it('lists criterion numbers used on more than one row', async () => {
    backend({ import_wg_xlsx: () => ({ ...plan, duplicate_numbers: [{ criterion_no: '2', rows: [4, 9] }] }) });
    await openScreen('wg');
    await fireEvent.input(screen.getByTestId('wg-import-path'), { target: { value: '/tmp/wg.xlsx' } });
    await fireEvent.click(screen.getByTestId('wg-preview'));
    expect((await screen.findByTestId('wg-plan-duplicate')).textContent).toContain('項番「2」が複数の行にあります（4, 9 行目）');
  });
});
