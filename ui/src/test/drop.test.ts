// Files dragged from the file manager onto the open question become its evidence, each through
// `add_evidence` as the evidence form's "add file" does.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import type { Evidence } from '../lib/bindings';
import { info, question, summary } from './fixtures';
import { dragFiles, fakeBackend, freshAppPerTest, listening, type Handlers } from './backend';

freshAppPerTest();

function stored(id: number, path: string, title: string): Evidence {
  const name = path.split('/').pop() ?? path;
  return {
    id,
    question_id: 'SEC01',
    choice_id: null,
    kind: 'FILE',
    title,
    file_name: name,
    media_type: 'text/plain',
    size_bytes: 10,
    sha256: 'cd'.repeat(32),
    url: null,
    excerpt: null,
    added_by: 'tester',
    added_at: '2026-01-01T00:00:00Z',
  };
}

type AddArgs = { questionId: string; choiceId: string | null; evidence: { kind: string; path: string; title: string } };

/** `add_evidence` over a growing list; `fail` decides a path's error (or none). */
function adding(fail: (path: string) => unknown = () => null, wait: (path: string) => Promise<void> = async () => {}): Handlers {
  const list: Evidence[] = [];
  return {
    add_evidence: async (raw) => {
      const args = raw as AddArgs;
      await wait(args.evidence.path);
      const error = fail(args.evidence.path);
      if (error) throw error;
      list.push(stored(list.length + 1, args.evidence.path, args.evidence.title));
      return { question: question({ evidence_count: list.length }), summary: summary(), evidence: [...list] };
    },
  };
}

const adds = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === 'add_evidence').map((c) => c.args as AddArgs);

const errorDialog = () => document.querySelector('[data-testid="error-message"]');

const titles = () => screen.queryAllByTestId('evidence-item').map((li) => li.querySelector('.ev-title')?.textContent);

describe('dropping files onto the open question', () => {
  it('shows the drop zone over the question pane while files are dragged, and hides it on leave', async () => {
    fakeBackend();
    render(App);
    await screen.findByTestId('question-pane');
    expect(screen.queryByTestId('drop-zone')).toBeNull();

    await dragFiles({ type: 'enter', paths: ['/home/r/iam-policy.json'] });
    const zone = await screen.findByTestId('drop-zone');
    expect(zone.textContent).toBe('ここにドロップしてエビデンスとして追加（SEC 1）');
    await dragFiles({ type: 'over' });
    expect(screen.getByTestId('drop-zone')).toBe(zone);

    await dragFiles({ type: 'leave' });
    await waitFor(() => expect(screen.queryByTestId('drop-zone')).toBeNull());
  });

  it('adds each dropped file to the current question in order, with progress, then lists them', async () => {
    let release: () => void = () => {};
    const second = new Promise<void>((resolve) => (release = resolve));
    const calls = fakeBackend(adding(undefined, (path) => (path.endsWith('b.pdf') ? second : Promise.resolve())));
    render(App);
    await screen.findByTestId('question-pane');

    await dragFiles({ type: 'enter', paths: ['/home/r/a.png', '/home/r/b.pdf', '/home/r/c.txt'] });
    await dragFiles({ type: 'drop', paths: ['/home/r/a.png', '/home/r/b.pdf', '/home/r/c.txt'] });
    try {
      await waitFor(() => expect(screen.queryByTestId('drop-zone')).toBeNull());
      await waitFor(() => expect(screen.getByTestId('drop-progress').textContent).toBe('2/3 件追加中…'));
      expect(screen.getByTestId('busy').textContent).toBe('2/3 件追加中…');
      expect(titles()).toEqual(['a.png']);
    } finally {
      release(); // drops are added one after another: a held one would hold the next test's
    }
    await waitFor(() => expect(titles()).toEqual(['a.png', 'b.pdf', 'c.txt']));
    expect(adds(calls)).toEqual([
      { questionId: 'SEC01', choiceId: null, evidence: { kind: 'FILE', path: '/home/r/a.png', title: 'a.png' } },
      { questionId: 'SEC01', choiceId: null, evidence: { kind: 'FILE', path: '/home/r/b.pdf', title: 'b.pdf' } },
      { questionId: 'SEC01', choiceId: null, evidence: { kind: 'FILE', path: '/home/r/c.txt', title: 'c.txt' } },
    ]);
    expect(screen.getByTestId('drop-added').textContent).toBe('3 件のファイルをエビデンスとして追加しました。');
    expect(screen.queryByTestId('drop-progress')).toBeNull();
    expect(screen.queryByTestId('busy')).toBeNull();
  });

  it('drops two files: add_evidence twice for the question, and the list refreshed', async () => {
    const calls = fakeBackend(adding());
    render(App);
    await screen.findByTestId('question-pane');
    await dragFiles({ type: 'drop', paths: ['/srv/evidence/cloudtrail.csv', '/srv/evidence/config.json'] });
    await waitFor(() => expect(titles()).toEqual(['cloudtrail.csv', 'config.json']));
    expect(adds(calls).map((a) => [a.questionId, a.evidence.path])).toEqual([
      ['SEC01', '/srv/evidence/cloudtrail.csv'],
      ['SEC01', '/srv/evidence/config.json'],
    ]);
    expect(screen.queryByTestId('drop-failure')).toBeNull();
    expect(errorDialog()).toBeNull();
  });

  it('reports a failing file by name, still adds the others, and keeps the typed notes', async () => {
    const tooBig = {
      code: 'EVIDENCE_TOO_LARGE',
      message: 'file /home/r/dump.bin is too large',
      details: { path: '/home/r/dump.bin', size: 60_000_000, limit: 52_428_800 },
    };
    const folder = { code: 'INVALID_EVIDENCE', message: '/home/r/logs is not a regular file', details: { reason: '/home/r/logs is not a regular file' } };
    const calls = fakeBackend(
      adding((path) => (path.endsWith('dump.bin') ? tooBig : path.endsWith('logs') ? folder : null)),
      { save_answer: () => ({ question: question({ notes: '確認中のメモ' }), summary: summary(), evidence: [] }) },
    );
    render(App);
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    await fireEvent.input(notes, { target: { value: '確認中のメモ' } });

    await dragFiles({ type: 'drop', paths: ['/home/r/dump.bin', '/home/r/policy.pdf', '/home/r/logs'] });
    await waitFor(() => expect(screen.getAllByTestId('drop-failure')).toHaveLength(2));
    const failures = screen.getAllByTestId('drop-failure').map((li) => li.textContent);
    expect(failures[0]).toBe(
      '「dump.bin」を追加できませんでした: ファイル /home/r/dump.bin は大きすぎます（60000000 バイト、上限 52428800 バイト）。',
    );
    expect(failures[1]).toBe('「logs」を追加できませんでした: エビデンスを追加できません（/home/r/logs is not a regular file）。');
    await waitFor(() => expect(titles()).toEqual(['policy.pdf']));
    expect(adds(calls).map((a) => a.evidence.path)).toEqual(['/home/r/dump.bin', '/home/r/policy.pdf', '/home/r/logs']);
    expect(screen.getByTestId('drop-added').textContent).toBe('1 件のファイルをエビデンスとして追加しました。');
    expect(notes.value).toBe('確認中のメモ');
    // The failures are shown beside the list, not as a dialog that would interrupt the others.
    expect(errorDialog()).toBeNull();

    await fireEvent.click(screen.getByTestId('drop-result-close'));
    expect(screen.queryByTestId('drop-result')).toBeNull();
  });

  it('adds nothing when dropped on the dashboard, and says to open a question', async () => {
    const calls = fakeBackend(adding(), { improvement_plan: () => [] });
    render(App);
    await screen.findByTestId('question-pane');
    await fireEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    await dragFiles({ type: 'enter', paths: ['/home/r/a.png'] });
    await dragFiles({ type: 'drop', paths: ['/home/r/a.png'] });
    expect((await screen.findByTestId('drop-hint')).textContent).toBe(
      'エビデンスを追加するには、質問を開いてからファイルをドロップしてください。',
    );
    expect(screen.queryByTestId('drop-zone')).toBeNull();
    expect(adds(calls)).toEqual([]);

    // Back on the question, nothing was added there either.
    await fireEvent.click(screen.getByTestId('nav-review'));
    await screen.findByTestId('question-pane');
    expect(titles()).toEqual([]);
    expect(screen.queryByTestId('drop-result')).toBeNull();
  });

  it('adds nothing when dropped on the start screen', async () => {
    const calls = fakeBackend(adding(), { app_info: () => ({ ...info, initial_path: null }) });
    render(App);
    await screen.findByTestId('lang-switch');
    await dragFiles({ type: 'drop', paths: ['/home/r/a.png'] });
    expect(await screen.findByTestId('drop-hint')).toBeTruthy();
    expect(adds(calls)).toEqual([]);
  });

  it('shows a file name as text, never as HTML', async () => {
    const name = '<img src=x onerror=alert(1)>.txt';
    const broken = { code: 'IO', message: 'cannot read', details: { path: `/tmp/${name}`, reason: 'Permission denied (os error 13)' } };
    fakeBackend(adding((path) => (path.startsWith('/tmp/') ? broken : null)));
    render(App);
    await screen.findByTestId('question-pane');
    await dragFiles({ type: 'drop', paths: [`/home/r/${name}`, `/tmp/${name}`] });
    await waitFor(() => expect(titles()).toEqual([name]));
    expect(screen.getByTestId('evidence-item').querySelector('.ev-main')?.textContent).toContain(name);
    const failure = await screen.findByTestId('drop-failure');
    expect(failure.textContent).toContain(`「${name}」を追加できませんでした`);
    expect(document.querySelector('img')).toBeNull();
  });

  it('stops listening when the app goes away', async () => {
    fakeBackend();
    const { unmount } = render(App);
    await screen.findByTestId('question-pane');
    await dragFiles({ type: 'enter', paths: ['/home/r/a.png'] });
    unmount();
    await waitFor(() => expect(listening('tauri://drag-drop')).toBe(false));
  });
});


// The overlay names the question in English too.
describe('drop zone in English', () => {
  it('says where the files go', async () => {
    fakeBackend();
    render(App);
    await screen.findByTestId('question-pane');
    await fireEvent.click(screen.getByTestId('lang-switch'));
    await dragFiles({ type: 'enter', paths: ['/home/r/a.png'] });
    expect((await screen.findByTestId('drop-zone')).textContent).toBe('Drop here to add as evidence (SEC 1)');
    await dragFiles({ type: 'drop', paths: [] });
    await waitFor(() => expect(screen.queryByTestId('drop-zone')).toBeNull());
  });
});
