import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import type { ReportDone } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, openScreen } from './backend';
import { view } from './fixtures';

freshAppPerTest();

/** The report's warnings (characters its font lacks, printed as 〓) shown after writing. */
describe('report glyph warnings', () => {
  function backend(warnings: ReportDone['warnings']) {
    fakeBackend({
      open_workbook: () => view(),
      workbook_view: () => view(),
      create_report: (args): ReportDone => ({ path: String(args.path), pages: 12, bytes: 1000, sets: ['sec'], label: '社外秘', since: null, warnings }),
    });
  }

  async function create() {
    await openScreen('report');
    await fireEvent.input(await screen.findByTestId('report-path'), { target: { value: '/tmp/out/report.pdf' } });
    await fireEvent.click(screen.getByTestId('report-create'));
    await screen.findByTestId('report-done');
  }

  it('lists every replaced character by code point, question and field', async () => {
    backend([
      { character: '𠮷', code_point: 'U+20BB7', replacement: '〓', question_id: 'SEC5', field: 'answers.pillars.questions.notes' },
      { character: '\u{E0100}', code_point: 'U+E0100', replacement: '', question_id: null, field: 'cover.workload_name' },
    ]);
    await create();
    expect(screen.getByTestId('report-glyph-warnings').textContent).toContain('2 か所');
    const items = screen.getAllByTestId('report-glyph-warning').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'U+20BB7 → 〓 質問 SEC5 answers.pillars.questions.notes',
      'U+E0100 （異体字セレクタ: 省いて印刷） cover.workload_name',
    ]);
    // The character itself is not shown: the UI font lacks it too.
    expect(screen.getByTestId('report-done').textContent).not.toContain('𠮷');
  });

  it('shows nothing when every character was printed', async () => {
    backend([]);
    await create();
    expect(screen.queryByTestId('report-glyph-warnings')).toBeNull();
  });
});
