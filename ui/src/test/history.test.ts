import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { AuditEntry, HistoryFilter, HistoryItem, HistoryView } from '../lib/bindings';
import { setLocale } from '../lib/i18n.svelte';
import { fakeBackend, freshAppPerTest } from './backend';

const both = (ja: string, en: string = ja) => ({ ja, en });

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: '2026-04-01T00:00:00.000Z',
    actor: '山田 太郎',
    action: 'answer.update',
    target: 'SEC1',
    old_value: { notes: '旧メモ', selected_choices: ['SEC1-03'] },
    new_value: { notes: '新メモ', selected_choices: ['SEC1-02'] },
    entry_hash: 'ab'.repeat(32),
    ...overrides,
  } as AuditEntry;
}

const answer: HistoryItem = {
  entry: entry(12),
  record: {
    seq: 12,
    at: '2026-04-01T00:00:00.000Z',
    when: '2026-04-01 09:00',
    actor: '山田 太郎',
    action: 'answer.update',
    kind: 'answer_update',
    kind_label: both('回答の変更', 'Answer changed'),
    target: 'SEC1',
    question: { id: 'SEC1', label: 'SEC1', title: both('認証情報と認証をどのように管理していますか？', 'How do you manage credentials?') },
    subject: null,
    changes: [
      {
        field: 'selected_choices',
        label: both('選択', 'Selected'),
        old: null,
        new: null,
        added: [both('SEC1-02 (AWS ルートユーザーを保護する)', 'SEC1-02 (Secure AWS root user)')],
        removed: [both('SEC1-03 (MFA の使用を義務化する)', 'SEC1-03 (Enforce MFA)')],
        free_text: false,
      },
      {
        field: 'notes',
        label: both('メモ', 'Notes'),
        old: both('旧メモ'),
        new: both('<img src=x onerror=alert(1)>新メモ'),
        added: [],
        removed: [],
        free_text: true,
      },
    ],
  },
};

const workload: HistoryItem = {
  entry: entry(13, { action: 'workload.update', target: 'environment', actor: '佐藤', old_value: null, new_value: 'PRODUCTION' }),
  record: {
    seq: 13,
    at: '2026-04-02T01:00:00.000Z',
    when: '2026-04-02 10:00',
    actor: '佐藤',
    action: 'workload.update',
    kind: 'workload_update',
    kind_label: both('ワークロードのプロパティ変更', 'Workload property changed'),
    target: 'environment',
    question: null,
    subject: null,
    changes: [
      { field: 'environment', label: both('環境', 'Environment'), old: both('（なし）', '(none)'), new: both('本番', 'Production'), added: [], removed: [], free_text: false },
    ],
  },
};

function backend(items: HistoryItem[] = [answer, workload]) {
  const filters: HistoryFilter[] = [];
  const calls = fakeBackend({
    history: (args) => {
      const filter = args.filter as HistoryFilter;
      filters.push(filter);
      const shown = items.filter(
        (i) => (!filter.question || i.record.question?.id === filter.question) && (!filter.actor || i.record.actor === filter.actor),
      );
      const view: HistoryView = { items: shown, actors: ['山田 太郎', '佐藤'] };
      return view;
    },
  });
  return { calls, filters };
}

async function openHistory() {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-audit'));
  return screen.findByTestId('audit-view');
}

describe('change history', () => {
  freshAppPerTest();

  it('reads as a record: who, when, the question and its title, choices and notes old → new', async () => {
    backend();
    await openHistory();
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries).toHaveLength(2);
    // Newest first.
    const latest = within(entries[0]);
    expect(latest.getByTestId('history-kind').textContent).toBe('ワークロードのプロパティ変更');
    expect(latest.getByTestId('history-old').textContent).toBe('（なし）');
    expect(latest.getByTestId('history-new').textContent).toBe('本番');
    const first = within(entries[1]);
    expect(first.getByTestId('history-when').textContent).toBe('2026-04-01 09:00');
    expect(first.getByTestId('history-actor-name').textContent).toBe('山田 太郎');
    expect(first.getByTestId('history-question-id').textContent).toBe('SEC1');
    expect(first.getByTestId('history-question-title').textContent).toBe('認証情報と認証をどのように管理していますか？');
    expect(first.getByTestId('history-added').textContent).toBe('+ SEC1-02 (AWS ルートユーザーを保護する)');
    expect(first.getByTestId('history-removed').textContent).toBe('− SEC1-03 (MFA の使用を義務化する)');
    expect(first.getByTestId('history-old').textContent).toBe('“旧メモ”');
    // Workbook text stays text.
    expect(first.getByTestId('history-new').textContent).toBe('“<img src=x onerror=alert(1)>新メモ”');
    expect(document.querySelector('[data-testid="audit-view"] img')).toBeNull();
    // The raw entry is there on request, as recorded.
    const raw = first.getByTestId('history-raw');
    expect(raw.closest('details')?.open).toBe(false);
    expect(JSON.parse(raw.textContent ?? '')).toEqual(answer.entry);
  });

  it('opens a question of the workbook in the review', async () => {
    const sec01: HistoryItem = {
      entry: entry(14, { target: 'SEC01' }),
      record: { ...answer.record, seq: 14, target: 'SEC01', question: { id: 'SEC01', label: 'SEC 1', title: both('ワークロードを安全に運用するには？') } },
    };
    const unknown: HistoryItem = {
      entry: entry(15, { target: 'XYZ9' }),
      record: { ...answer.record, seq: 15, target: 'XYZ9', question: { id: 'XYZ9', label: 'XYZ9', title: {} } },
    };
    backend([sec01, unknown]);
    await openHistory();
    const [newest, older] = await screen.findAllByTestId('history-entry');
    expect(within(newest).queryByTestId('history-open-question')).toBeNull();
    await fireEvent.click(within(older).getByTestId('history-open-question'));
    expect((await screen.findByTestId('question-pane')).dataset.question).toBe('SEC01');
  });

  it('shows the labels in English', async () => {
    setLocale('en');
    backend([answer]);
    await openHistory();
    const only = within(await screen.findByTestId('history-entry'));
    expect(only.getByTestId('history-kind').textContent).toBe('Answer changed');
    expect(only.getByTestId('history-added').textContent).toBe('+ SEC1-02 (Secure AWS root user)');
  });

  it('filters by question, actor and dates through the core', async () => {
    const { filters } = backend();
    await openHistory();
    await screen.findAllByTestId('history-entry');
    expect(filters[0]).toEqual({ question: null, actor: null, from: null, to: null, kinds: [] });

    await fireEvent.input(screen.getByTestId('history-question'), { target: { value: 'SEC1' } });
    await fireEvent.click(screen.getByTestId('history-apply'));
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(1));
    expect(filters.at(-1)?.question).toBe('SEC1');

    await fireEvent.click(screen.getByTestId('history-clear'));
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(2));
    const actor = screen.getByTestId('history-actor') as HTMLSelectElement;
    expect([...actor.options].map((o) => o.textContent)).toEqual(['すべて', '山田 太郎', '佐藤']);
    await fireEvent.change(actor, { target: { value: '佐藤' } });
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(1));
    expect(filters.at(-1)?.actor).toBe('佐藤');

    for (const [id, value] of [['history-from', '2026-04-01'], ['history-to', '2026-04-02']]) {
      const input = screen.getByTestId(id);
      await fireEvent.input(input, { target: { value } });
      await fireEvent.change(input);
    }
    await waitFor(() => expect(filters.at(-1)).toEqual({ question: null, actor: '佐藤', from: '2026-04-01', to: '2026-04-02', kinds: [] }));
  });

  it('says so when nothing matches', async () => {
    backend([]);
    await openHistory();
    expect((await screen.findByTestId('history-empty')).textContent).toBe('該当する変更はありません。');
  });
});

describe('report with the change history', () => {
  freshAppPerTest();

  it('asks for the appendix only when its box is checked', async () => {
    const calls = fakeBackend({
      choose_output_path: () => '/tmp/out/report.pdf',
      create_report: (args) => ({ path: args.path, pages: 12, bytes: 1000, sets: ['sec'], label: args.label, warnings: [] }),
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-report'));
    await screen.findByTestId('report-screen');
    const box = screen.getByTestId('report-with-history') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.closest('label')?.textContent?.trim()).toBe('付録として変更履歴を付ける');
    await fireEvent.input(screen.getByTestId('report-path'), { target: { value: '/tmp/out/report.pdf' } });
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId('report-create'));
    await screen.findByTestId('report-done');
    expect(calls.find((c) => c.cmd === 'create_report')?.args.withHistory).toBe(true);
  });
});
