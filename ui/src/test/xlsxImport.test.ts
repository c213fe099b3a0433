import { describe, expect, it } from 'vitest';
import { IpcError } from '../lib/api';
import type { ErrorPayload } from '../lib/bindings';
import { setLocale } from '../lib/i18n.svelte';
import { XlsxImport, importProblems } from '../lib/xlsxImport.svelte';

const failure = (code: ErrorPayload['code'], details: ErrorPayload['details']) => new IpcError({ code, message: 'm', details });

describe('import problems', () => {
  it('name the sheet of a header row that is not there, in Japanese and English', () => {
    const error = failure('XLSX_INVALID', { path: '/x.xlsx', sheet: 'SEC', expected: 'ID, 回答' });
    setLocale('en');
    expect(importProblems(error)).toEqual([
      { sheet: 'SEC', row: null, column: '', header: '', file: '', path: '', message: "Sheet 'SEC' has no header row with the expected column names (looked for: ID, 回答)." },
    ]);
    setLocale('ja');
    expect(importProblems(error)?.[0].message).toBe('シート「SEC」に見出し行が見つかりません（探した列名: ID, 回答）。');
  });

  it('say which limit a file is over', () => {
    const error = failure('XLSX_INVALID', { path: '/x.xlsx', what: 'rows', actual: 200000, limit: 100000 });
    expect(importProblems(error)?.[0].message).toBe('rows が 200000 で、上限 100000 を超えています。');
  });

  it('keep only text from a malformed problem list', () => {
    const error = failure('IMPORT_PROBLEMS', { problems: [{ sheet: 'SEC', row: '5', message: 3 }, null] });
    expect(importProblems(error)).toEqual([
      { sheet: 'SEC', row: null, column: '', header: '', file: '', path: '', message: '3' },
      { sheet: '', row: null, column: '', header: '', file: '', path: '', message: '' },
    ]);
  });

  it('leave failures that are not about the file to the error dialog', () => {
    expect(importProblems(failure('WORKBOOK_LOCKED', { path: '/w.hashira' }))).toBeNull();
    expect(importProblems(failure('IMPORT_PROBLEMS', { path: '/x.xlsx' }))).toBeNull();
    expect(importProblems(new Error('bridge down'))).toBeNull();
  });
});

describe('an import applied after its preview', () => {
  type Plan = { plan_sha256: string; applied: boolean };
  const runs: Array<{ path: string; dryRun: boolean; expectPlan: string | null }> = [];
  const job = new XlsxImport<Plan>(async (path, dryRun, _options, expectPlan) => {
    runs.push({ path, dryRun, expectPlan });
    return { plan_sha256: 'ab12', applied: !dryRun };
  });

  it('passes the previewed plan fingerprint, and the previewed path, whatever was typed since', async () => {
    job.path = ' /tmp/filled.xlsx ';
    await job.preview();
    expect(job.plan?.plan_sha256).toBe('ab12');
    job.path = '/tmp/other.xlsx';
    const applied: Plan[] = [];
    await job.apply(async (plan) => {
      applied.push(plan);
    });
    expect(runs).toEqual([
      { path: '/tmp/filled.xlsx', dryRun: true, expectPlan: null },
      { path: '/tmp/filled.xlsx', dryRun: false, expectPlan: 'ab12' },
    ]);
    expect(applied).toEqual([{ plan_sha256: 'ab12', applied: true }]);
  });

  it('shows a plan changed since the preview as an error, not as the file problems', () => {
    expect(importProblems(failure('IMPORT_PLAN_CHANGED', { path: '/tmp/filled.xlsx' }))).toBeNull();
  });
});
