import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import type { WaToolAnswer, WaToolExportDone, WaToolImport } from '../lib/bindings';
import { fakeBackend, freshAppPerTest, openScreen, type Handlers } from './backend';

const empty: WaToolAnswer = { selected_choices: [], choices_not_applicable: [], not_applicable: null, notes: '' };

const plan: WaToolImport = {
  set_id: 'sec',
  files: ['/tmp/wa/SEC01.json'],
  answers_read: 1,
  changes: [
    {
      file: '/tmp/wa/SEC01.json',
      question_id: 'SEC01',
      before: empty,
      after: { ...empty, selected_choices: ['SEC01-a'], notes: '<b>WA Tool で確認</b>' },
    },
  ],
  plan_sha256: 'a'.repeat(64),
  dry_run: true,
  applied: false,
};

const exported: WaToolExportDone = {
  out_dir: '/tmp/wa-out',
  set_id: 'sec',
  lens_name: 'Security pillar',
  answers: 1,
  files: ['lens.json', 'answers/SEC01.json', 'create-workload.json', 'push.sh', 'README.txt'],
  warnings: [{ question_id: 'SEC01', field: 'Notes', length: 3000, limit: 2084, message: 'notes cut to 2084 characters' }],
};

const waCommands: Handlers = {
  choose_folder: () => '/tmp/wa-out',
  choose_json_to_import: () => '/tmp/wa/SEC01.json',
  export_for_wa_tool: () => exported,
  export_lens: (args) => ({
    path: args.path,
    set_id: 'sec',
    set_version: '2025-02',
    lens_name: 'Security pillar',
    questions: 1,
    bytes: 900,
    warnings:
      args.lang === 'en'
        ? [{ question_id: 'SEC01', field: 'Language', length: 2, limit: 0, message: '2 texts have no English version: the Japanese text is written' }]
        : [],
  }),
  import_wa_tool: (args) => (args.dryRun ? plan : { ...plan, dry_run: false, applied: true }),
};

freshAppPerTest();

describe('AWS WA Tool screen', () => {
  it('exports the chosen set for the WA Tool and lists the notes that were cut, by question', async () => {
    const calls = fakeBackend(waCommands);
    await openScreen('wa');
    await fireEvent.click(screen.getAllByRole('button', { name: '参照…' })[0]);
    await waitFor(() => expect((screen.getByTestId('wa-out-dir') as HTMLInputElement).value).toBe('/tmp/wa-out'));
    await fireEvent.change(screen.getByTestId('wa-lang'), { target: { value: 'en' } });
    await fireEvent.input(screen.getByTestId('wa-workload-id'), { target: { value: '0123456789abcdef0123456789abcdef' } });
    await fireEvent.click(screen.getByTestId('wa-export'));
    await screen.findByTestId('wa-exported');
    expect(calls.find((c) => c.cmd === 'export_for_wa_tool')?.args).toEqual({
      setId: 'sec',
      lang: 'en',
      outDir: '/tmp/wa-out',
      workloadId: '0123456789abcdef0123456789abcdef',
    });
    expect(screen.getByTestId('wa-exported').textContent).toContain('5 個のファイル');
    expect(screen.getByTestId('wa-exported').textContent).toContain('Security pillar');
    const warning = screen.getByTestId('wa-warning');
    expect(warning.textContent).toContain('SEC01');
    expect(warning.textContent).toContain('3000 / 2084');
    expect(screen.getByTestId('wa-push').textContent).toBe('cd "/tmp/wa-out" && WORKLOAD_ID=0123456789abcdef0123456789abcdef ./push.sh');
  });

  it('says, by question, which texts had no English version and were written in Japanese', async () => {
    const english: WaToolExportDone = {
      ...exported,
      set_id: 'fisc-sec',
      warnings: [
        { question_id: '', field: 'Language', length: 1, limit: 0, message: '1 text has no English version: the Japanese text is written' },
        { question_id: 'FISCSEC1', field: 'Language', length: 11, limit: 0, message: '11 texts have no English version: the Japanese text is written' },
        ...exported.warnings,
      ],
    };
    fakeBackend(waCommands, { export_for_wa_tool: () => english });
    await openScreen('wa');
    await fireEvent.change(screen.getByTestId('wa-lang'), { target: { value: 'en' } });
    await fireEvent.input(screen.getByTestId('wa-out-dir'), { target: { value: '/tmp/wa-out' } });
    await fireEvent.click(screen.getByTestId('wa-export'));
    await screen.findByTestId('wa-exported');
    // Changing the language afterwards does not change what the shown export says.
    await fireEvent.change(screen.getByTestId('wa-lang'), { target: { value: 'ja' } });
    const rows = screen.getAllByTestId('wa-warning').map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['（セット・柱の名前や説明）', '言語', '', '英語の訳がないテキスト 1 件を日本語のまま書き出しました'],
      ['FISCSEC1', '言語', '', '英語の訳がないテキスト 11 件を日本語のまま書き出しました'],
      ['SEC01', 'Notes', '3000 / 2084', 'notes cut to 2084 characters'],
    ]);
  });

  it('sends no workload id when none is typed, and exports the set as a lens file', async () => {
    const calls = fakeBackend(waCommands);
    await openScreen('wa');
    await fireEvent.input(screen.getByTestId('wa-out-dir'), { target: { value: '/tmp/wa-out' } });
    await fireEvent.click(screen.getByTestId('wa-export'));
    await screen.findByTestId('wa-exported');
    expect(calls.find((c) => c.cmd === 'export_for_wa_tool')?.args).toMatchObject({ lang: 'ja', workloadId: null });
    await fireEvent.input(screen.getByTestId('wa-lens-path'), { target: { value: '/tmp/lens.json' } });
    await fireEvent.click(screen.getByTestId('wa-lens-export'));
    await screen.findByTestId('wa-lens-exported');
    expect(calls.find((c) => c.cmd === 'export_lens')?.args).toEqual({ setId: 'sec', lang: 'ja', path: '/tmp/lens.json' });
    expect(screen.queryByTestId('wa-lens-warning')).toBeNull();
  });

  it('lists the texts a lens file exported alone kept in Japanese', async () => {
    fakeBackend(waCommands);
    await openScreen('wa');
    await fireEvent.change(screen.getByTestId('wa-lang'), { target: { value: 'en' } });
    await fireEvent.input(screen.getByTestId('wa-lens-path'), { target: { value: '/tmp/lens.json' } });
    await fireEvent.click(screen.getByTestId('wa-lens-export'));
    await screen.findByTestId('wa-lens-exported');
    const row = screen.getByTestId('wa-lens-warning');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'SEC01',
      '言語',
      '',
      '英語の訳がないテキスト 2 件を日本語のまま書き出しました',
    ]);
  });

  it('shows the dry-run plan as text and applies exactly what was previewed, with its fingerprint', async () => {
    const calls = fakeBackend(waCommands);
    await openScreen('wa');
    await fireEvent.input(screen.getByTestId('wa-import-path'), { target: { value: '/tmp/wa/SEC01.json' } });
    await fireEvent.click(screen.getByTestId('wa-preview'));
    const change = await screen.findByTestId('wa-change');
    expect(change.textContent).toContain('SEC01-a');
    // Notes from the file are text, never markup.
    expect(change.textContent).toContain('<b>WA Tool で確認</b>');
    expect(change.querySelector('b')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wa_tool').map((c) => c.args)).toEqual([
      { setId: 'sec', path: '/tmp/wa/SEC01.json', dryRun: true, expectPlan: null },
    ]);
    // A path typed after the preview is not what gets applied.
    await fireEvent.input(screen.getByTestId('wa-import-path'), { target: { value: '/tmp/other.json' } });
    await fireEvent.click(screen.getByTestId('wa-apply'));
    await screen.findByTestId('wa-applied');
    expect(calls.filter((c) => c.cmd === 'import_wa_tool').map((c) => c.args)[1]).toEqual({
      setId: 'sec',
      path: '/tmp/wa/SEC01.json',
      dryRun: false,
      // The previewed plan's fingerprint: a file changed since is refused by the core.
      expectPlan: 'a'.repeat(64),
    });
    expect(screen.queryByTestId('wa-plan')).toBeNull();
  });

  it('lists unknown ids by file and JSON path, and changes nothing', async () => {
    const calls = fakeBackend(waCommands, {
      import_wa_tool: () => {
        throw {
          code: 'IMPORT_PROBLEMS',
          message: 'the WA Tool answers cannot be imported (1 problems)',
          details: { problems: [{ file: '/tmp/wa/x.json', path: 'Answer.SelectedChoices[1]', message: "unknown choice 'ZZZ'" }] },
        };
      },
    });
    await openScreen('wa');
    await fireEvent.input(screen.getByTestId('wa-import-path'), { target: { value: '/tmp/wa' } });
    await fireEvent.click(screen.getByTestId('wa-preview'));
    const row = await screen.findByTestId('wa-problem');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '/tmp/wa/x.json',
      'Answer.SelectedChoices[1]',
      "unknown choice 'ZZZ'",
    ]);
    expect(screen.queryByTestId('wa-plan')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'import_wa_tool')).toHaveLength(1);
  });
});
