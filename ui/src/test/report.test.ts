import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import type { MilestoneFigures, RiskCounts, WorkbookView } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, openScreen } from './backend';
import { view } from './fixtures';

const base: RiskCounts = { questions: 0, answered: 0, applicable: 0, unanswered: 0, high: 0, medium: 0, none: 0, not_applicable: 0, not_applicable_without_reason: 0, reviewed: 0, progress_percent: 0 };

/** The test workbook with two sets whose counts are given as the core sends them. */
function workbook(sec: Partial<RiskCounts>, fisc: Partial<RiskCounts>): WorkbookView {
  const v = view();
  const secCounts = { ...base, ...sec };
  const fiscCounts = { ...base, ...fisc };
  v.sets = [...v.sets, { id: 'fisc', version: '13', content_hash: 'y', added_at: '2026-01-01T00:00:00Z' }];
  v.summary = {
    counts: { ...base, questions: 99, unanswered: 99 },
    sets: [
      { set_id: 'sec', version: '2025-02', version_label: 'v2025-02', title: { ja: 'セキュリティの柱', en: 'Security pillar' }, counts: secCounts, pillars: [] },
      { set_id: 'fisc', version: '13', version_label: 'v13', title: { ja: 'FISC 実務基準', en: 'FISC' }, counts: fiscCounts, pillars: [] },
    ],
  };
  return v;
}

function backend(v: WorkbookView) {
  return fakeBackend({
    open_workbook: () => v,
    workbook_view: () => v,
    choose_output_path: () => '/tmp/out/report.pdf',
    create_report: (args) => ({ path: args.path, pages: 12, bytes: 1000, sets: args.setIds, label: args.label }),
  });
}

freshAppPerTest();

describe('report of an incomplete review', () => {
  it('warns with the unanswered and N/A-without-reason counts of the chosen sets, and lets the user continue as a draft', async () => {
    const calls = backend(
      workbook(
        { questions: 28, answered: 8, not_applicable: 2, not_applicable_without_reason: 1, unanswered: 18, reviewed: 10, progress_percent: 35 },
        { questions: 5, answered: 5, reviewed: 5, progress_percent: 100 },
      ),
    );
    await openScreen('report');
    const warning = await screen.findByTestId('report-draft-warning');
    expect(warning.textContent).toContain('ドラフトになります');
    // The set's own figures, as read from the core's counts.
    expect(screen.getByTestId('report-draft-sec').textContent).toBe(
      'セキュリティの柱: 28 問中 未回答 18 問、理由のない対象外 1 問',
    );
    // A complete set is not listed.
    expect(screen.queryByTestId('report-draft-fisc')).toBeNull();
    const create = screen.getByTestId('report-create');
    expect(create.textContent?.trim()).toBe('ドラフトとして作成');

    // Continuing writes the report (a draft).
    await fireEvent.click(screen.getByTestId('report-browse'));
    await waitFor(() => expect((screen.getByTestId('report-path') as HTMLInputElement).value).toBe('/tmp/out/report.pdf'));
    await fireEvent.click(create);
    await screen.findByTestId('report-done');
    expect(calls.find((c) => c.cmd === 'create_report')?.args.setIds).toEqual(['sec', 'fisc']);
  });

  it('follows the chosen sets: leaving out the incomplete set removes the warning', async () => {
    backend(workbook({ questions: 3, unanswered: 0, not_applicable: 1, not_applicable_without_reason: 1, answered: 2, reviewed: 3, progress_percent: 100 }, { questions: 5, answered: 5, reviewed: 5, progress_percent: 100 }));
    await openScreen('report');
    expect((await screen.findByTestId('report-draft-sec')).textContent).toContain('理由のない対象外 1 問');
    await fireEvent.click(screen.getByTestId('report-set-sec'));
    await waitFor(() => expect(screen.queryByTestId('report-draft-warning')).toBeNull());
    expect(screen.getByTestId('report-create').textContent?.trim()).toBe('作成');
  });

  it('shows no warning for a complete review', async () => {
    backend(workbook({ questions: 3, answered: 3, reviewed: 3, progress_percent: 100 }, { questions: 5, answered: 4, not_applicable: 1, reviewed: 5, progress_percent: 100 }));
    await openScreen('report');
    await screen.findByTestId('report-create');
    expect(screen.queryByTestId('report-draft-warning')).toBeNull();
  });
});

describe('changes since a milestone', () => {
  const milestone = (number: number, name: string): MilestoneFigures => ({
    milestone: {
      number,
      name,
      created_at: '2026-04-01T00:00:00.000Z',
      created_by: '佐藤',
      audit_seq: number * 3,
      content_sha256: 'ab'.repeat(32),
      size_bytes: 1000,
      evidence_files: 0,
    },
    risk: { counts: base, sets: [] },
  });

  it('offers the workbook’s milestones and passes the chosen one as since', async () => {
    const v = workbook({ questions: 3, answered: 3, reviewed: 3, progress_percent: 100 }, { questions: 5, answered: 5, reviewed: 5, progress_percent: 100 });
    const calls = fakeBackend({
      open_workbook: () => v,
      workbook_view: () => v,
      milestones: () => ({ milestones: [milestone(1, '2026Q1'), milestone(2, '2026Q2')], now: v.summary }),
      choose_output_path: () => '/tmp/out/report.pdf',
      create_report: (args) => ({
        path: args.path,
        pages: 14,
        bytes: 1000,
        sets: args.setIds,
        label: args.label,
        since: args.since ? `前回のマイルストーン『#1 ${args.since}』からの変更` : null,
        warnings: [],
      }),
    });
    await openScreen('report');
    const select = (await screen.findByTestId('report-since')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual(['載せない', '#1 2026Q1', '#2 2026Q2']);
    expect(select.value).toBe('');
    await fireEvent.change(select, { target: { value: '2026Q1' } });
    await fireEvent.click(screen.getByTestId('report-browse'));
    await waitFor(() => expect((screen.getByTestId('report-path') as HTMLInputElement).value).toBe('/tmp/out/report.pdf'));
    await fireEvent.click(screen.getByTestId('report-create'));
    await screen.findByTestId('report-done');
    expect(calls.find((c) => c.cmd === 'create_report')?.args.since).toBe('2026Q1');
  });

  it('sends no milestone when none is chosen, and shows no choice without milestones', async () => {
    const v = workbook({ questions: 3, answered: 3, reviewed: 3, progress_percent: 100 }, { questions: 5, answered: 5, reviewed: 5, progress_percent: 100 });
    const calls = backend(v);
    await openScreen('report');
    await screen.findByTestId('report-create');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'milestones')).toBe(true));
    expect(screen.queryByTestId('report-since')).toBeNull();
    await fireEvent.click(screen.getByTestId('report-browse'));
    await waitFor(() => expect((screen.getByTestId('report-path') as HTMLInputElement).value).toBe('/tmp/out/report.pdf'));
    await fireEvent.click(screen.getByTestId('report-create'));
    await screen.findByTestId('report-done');
    expect(calls.find((c) => c.cmd === 'create_report')?.args.since).toBeNull();
  });
});
