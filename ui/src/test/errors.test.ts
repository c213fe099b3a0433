import { describe, expect, it } from 'vitest';
import { errorMessage, setLocale } from '../lib/i18n.svelte';
import { toPayload } from '../lib/api';
import type { ErrorCode } from '../lib/bindings';
import ja from '../locales/ja.json';

describe('error messages', () => {
  it('explain a workbook from a newer version, in Japanese and English', () => {
    const payload = {
      code: 'WORKBOOK_TOO_NEW' as const,
      message: 'x.hashira was written by a newer version of Hashira',
      details: { path: '/data/x.hashira', found: 9, supported: 2 },
    };
    setLocale('ja');
    expect(errorMessage(payload)).toBe(
      '/data/x.hashira は新しいバージョンの Hashira で作成されています（形式 9、このバージョンは 2 まで対応）。Hashira を更新してください。ファイルは変更していません。',
    );
    setLocale('en');
    expect(errorMessage(payload)).toContain('newer Hashira (format 9; this version reads up to 2)');
    setLocale('ja');
  });

  it('fill every placeholder the core provides for each code', () => {
    const codes = Object.keys(ja)
      .filter((k) => k.startsWith('error.') && /^[A-Z_]+$/.test(k.slice(6)))
      .map((k) => k.slice(6) as ErrorCode);
    const details = { path: '/p', reason: 'r', question_id: 'SEC01', choice_id: 'c', field: 'f', set_id: 's', size: 1, limit: 2, found: 3, supported: 2, evidence_id: 4, service: 'S3' };
    for (const code of codes) {
      const text = errorMessage({ code, message: 'm', details });
      expect(text, code).not.toMatch(/[{}]/);
    }
  });

  it('say what is wrong with an .xlsx file whose error has no reason (never an empty bracket)', () => {
    setLocale('ja');
    const missing = errorMessage({
      code: 'XLSX_INVALID',
      message: 'no sheet',
      details: { path: '/in/s3.xlsx', sheet: 'セキュリティクライテリア', found: ['Sheet1', 'メモ'] },
    });
    expect(missing).toBe('/in/s3.xlsx: シート「セキュリティクライテリア」がありません（ファイル内のシート: Sheet1, メモ）。');
    const noHeader = errorMessage({ code: 'XLSX_INVALID', message: 'm', details: { path: '/in/a.xlsx', sheet: '回答', expected: ['質問ID', '選択肢ID'] } });
    expect(noHeader).toContain('シート「回答」に見出し行が見つかりません（探した列名: 質問ID, 選択肢ID）');
    const problems = errorMessage({ code: 'IMPORT_PROBLEMS', message: 'm', details: { path: '/in/a.xlsx', problems: [{}, {}, {}] } });
    expect(problems).toBe('/in/a.xlsx: 3 件の問題があります。ワークブックは変更していません。');
    for (const text of [missing, noHeader, problems]) expect(text).not.toMatch(/（）|\(\)/);
    setLocale('en');
    expect(errorMessage({ code: 'XLSX_INVALID', message: 'm', details: { path: '/in/a.xlsx', what: 'rows', actual: 2000000, limit: 1048576 } })).toMatch(/^\/in\/a.xlsx: rows/);
    setLocale('ja');
  });

  it('turn a bridge failure into a payload of the closed set', () => {
    expect(toPayload(new Error('ipc down'))).toEqual({ code: 'IO', message: 'ipc down', details: { reason: 'ipc down' } });
    expect(toPayload({ code: 'WORKBOOK_LOCKED', message: 'locked', details: { path: '/x' } }).code).toBe('WORKBOOK_LOCKED');
  });
});
