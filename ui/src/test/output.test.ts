import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import type { ReviewImport } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, openScreen, type Handlers } from './backend';

const plan: ReviewImport = {
  file: '/tmp/filled.xlsx',
  rows: 3,
  sheets: ['SEC'],
  changes: [{ question_id: 'SEC01', sheet: 'SEC', row: 4, changes: [{ field: 'notes', before: '', after: '確認済み' }] }],
  sha256: 'f00d',
  plan_sha256: 'ab12',
  applied: false,
  dry_run: true,
};

const outputCommands: Handlers = {
  choose_output_path: (args) => (args.kind === 'pdf' ? '/tmp/out/report.pdf' : '/tmp/out/review.xlsx'),
  choose_xlsx_to_import: () => '/tmp/filled.xlsx',
  create_report: (args) => ({ path: args.path, pages: 12, bytes: 1000, sets: ['sec'], label: args.label }),
  open_output: () => null,
  export_review_xlsx: (args) => ({ path: args.path, sheets: ['SEC'], rows: 10 }),
  import_review_xlsx: (args) => (args.dryRun ? plan : { ...plan, applied: true, dry_run: false }),
};

function backend(overrides: Handlers = {}) {
  return fakeBackend(outputCommands, overrides);
}

freshAppPerTest();

describe('create report', () => {
  it('creates the PDF with the chosen options and opens it only when asked', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls = backend({
      create_report: async (args) => {
        await gate;
        return { path: args.path, pages: 12, bytes: 1000, sets: ['sec'], label: args.label };
      },
    });
    await openScreen('report');
    expect((screen.getByTestId('report-label') as HTMLInputElement).value).toBe('社外秘');
    await fireEvent.click(screen.getByTestId('report-browse'));
    await waitFor(() => expect((screen.getByTestId('report-path') as HTMLInputElement).value).toBe('/tmp/out/report.pdf'));
    expect(calls.find((c) => c.cmd === 'choose_output_path')?.args).toEqual({ kind: 'pdf', suggestedName: 'テスト' });
    await fireEvent.click(screen.getByTestId('report-lang-en'));
    expect((screen.getByTestId('report-label') as HTMLInputElement).value).toBe('Confidential');
    await fireEvent.click(screen.getByTestId('report-create'));
    // Progress is visible while the report is written.
    await waitFor(() => expect(screen.getByTestId('report-progress').dataset.phase).toBe('building'));
    expect((screen.getByTestId('report-create') as HTMLButtonElement).disabled).toBe(true);
    release();
    await screen.findByTestId('report-done');
    expect(calls.find((c) => c.cmd === 'create_report')?.args).toEqual({
      path: '/tmp/out/report.pdf',
      lang: 'en',
      setIds: ['sec'],
      label: 'Confidential',
      withHistory: false,
      since: null,
    });
    expect(calls.some((c) => c.cmd === 'open_output')).toBe(false);
    await fireEvent.click(screen.getByTestId('report-open'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'open_output')?.args).toEqual({ path: '/tmp/out/report.pdf' }));
  });

  it('asks for a path before creating, and shows a failure in the error dialog', async () => {
    const calls = backend({
      create_report: () => {
        throw { code: 'REPORT_FAILED', message: 'x', details: { reason: 'font' } };
      },
    });
    await openScreen('report');
    await fireEvent.click(screen.getByTestId('report-create'));
    expect(screen.getByRole('alert').textContent).toBe('保存先を指定してください。');
    expect(calls.some((c) => c.cmd === 'create_report')).toBe(false);
    await fireEvent.input(screen.getByTestId('report-path'), { target: { value: '/tmp/r.pdf' } });
    await fireEvent.click(screen.getByTestId('report-create'));
    await screen.findByTestId('error-dialog');
    expect(screen.getByTestId('report-progress').dataset.phase).toBe('idle');
  });
});

describe('review answers as Excel', () => {
  it('exports the review', async () => {
    const calls = backend();
    await openScreen('excel');
    await fireEvent.input(screen.getByTestId('excel-export-path'), { target: { value: '/tmp/out/review.xlsx' } });
    await fireEvent.click(screen.getByTestId('excel-export'));
    await screen.findByTestId('excel-exported');
    expect(calls.find((c) => c.cmd === 'export_review_xlsx')?.args).toEqual({ path: '/tmp/out/review.xlsx', setIds: [] });
  });

  it('lists every change of a dry run and applies only on confirmation', async () => {
    const calls = backend();
    await openScreen('excel');
    await fireEvent.input(screen.getByTestId('excel-import-path'), { target: { value: '/tmp/filled.xlsx' } });
    await fireEvent.click(screen.getByTestId('excel-preview'));
    const rows = await screen.findAllByTestId('excel-change');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('SEC01');
    expect(rows[0].textContent).toContain('確認済み');
    expect(calls.filter((c) => c.cmd === 'import_review_xlsx').map((c) => c.args.dryRun)).toEqual([true]);
    await fireEvent.click(screen.getByTestId('excel-apply'));
    await screen.findByTestId('excel-applied');
    expect(calls.filter((c) => c.cmd === 'import_review_xlsx').map((c) => c.args.dryRun)).toEqual([true, false]);
    // Applying passes the previewed plan's fingerprint: a file or workbook changed since is refused.
    expect(calls.filter((c) => c.cmd === 'import_review_xlsx').map((c) => c.args.expectPlan)).toEqual([null, 'ab12']);
    expect(calls.some((c) => c.cmd === 'workbook_view')).toBe(true);
  });

  it('shows problems by sheet, row and column, as text', async () => {
    const calls = backend({
      import_review_xlsx: () => {
        throw {
          code: 'IMPORT_PROBLEMS',
          message: 'problems',
          details: { path: '/tmp/filled.xlsx', problems: [{ sheet: 'SEC', row: 5, column: 'H', header: '回答', message: '<b>unknown</b> choice' }] },
        };
      },
    });
    await openScreen('excel');
    await fireEvent.input(screen.getByTestId('excel-import-path'), { target: { value: '/tmp/filled.xlsx' } });
    await fireEvent.click(screen.getByTestId('excel-preview'));
    const table = await screen.findByTestId('excel-problems');
    expect(table.textContent).toContain('H (回答)');
    expect(table.textContent).toContain('<b>unknown</b> choice');
    expect(table.querySelector('b')).toBeNull();
    expect(screen.queryByTestId('excel-apply')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_review_xlsx')).toHaveLength(1);
  });
});
