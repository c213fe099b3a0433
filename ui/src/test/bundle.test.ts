import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { BUNDLE_PROGRESS_EVENT, type BundleChecked, type BundleCreated, type BundleProgressEvent } from '../lib/bindings';
import { emitEvent, fakeBackend, freshAppPerTest, listening, openScreen } from './backend';

const OUT = '/tmp/out/hand-over.zip';

const created: BundleCreated = {
  path: OUT,
  files: 7,
  evidence_files: 2,
  bytes: 5 * 1024 * 1024,
  workbook_id: 'wb-1',
  audit_chain_head: '42:ab12cd',
  milestone: null,
  sums_sha256: 'f'.repeat(64),
  warnings: [],
};

const ok: BundleChecked = { ok: true, path: OUT, files_checked: 5, audit_chain_head: '42:ab12cd', problems: [] };

function step(files_done: number, done_bytes: number, current: string): BundleProgressEvent {
  return { done_bytes, total_bytes: 4 * 1024 * 1024, files_done, files_total: 7, current };
}

/** A `create_bundle` that sends `events` to the page and finishes when `finish` is called. */
function slowCreate(events: BundleProgressEvent[]) {
  let finish: () => void = () => undefined;
  const handler = async () => {
    for (const event of events) emitEvent(BUNDLE_PROGRESS_EVENT, event);
    await new Promise<void>((resolve) => (finish = resolve));
    return created;
  };
  return { handler, finish: () => finish() };
}

async function fillPathAndCreate() {
  await fireEvent.input(screen.getByTestId('bundle-path'), { target: { value: OUT } });
  await fireEvent.click(screen.getByTestId('bundle-create'));
}

freshAppPerTest();

describe('bundle for hand-over', () => {
  it('shows files and bytes done of the total and the entry being written while it runs, then the result', async () => {
    const run = slowCreate([step(2, 0, 'evidence/sec/SEC1/1-policy.pdf'), step(3, 3 * 1024 * 1024, 'evidence/sec/SEC1/2-log.txt')]);
    const calls = fakeBackend({ create_bundle: run.handler, check_bundle: () => ok });
    await openScreen('bundle');
    await fillPathAndCreate();

    await waitFor(() => expect(screen.getByTestId('bundle-progress-files').textContent).toBe('3/7 ファイル'));
    expect(screen.getByTestId('bundle-current').textContent).toBe('evidence/sec/SEC1/2-log.txt');
    const bar = screen.getByTestId('bundle-progress-bar') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([3 * 1024 * 1024, 4 * 1024 * 1024]);
    expect(screen.getByTestId('bundle-progress').textContent).toContain('（75%）');
    expect((screen.getByTestId('bundle-create') as HTMLButtonElement).disabled).toBe(true);

    emitEvent(BUNDLE_PROGRESS_EVENT, { ...step(7, 4 * 1024 * 1024, ''), current: '' });
    run.finish();
    await screen.findByTestId('bundle-done');
    expect(screen.getByTestId('bundle-progress-files').textContent).toBe('7/7 ファイル');
    // One size once written: the zip's (the progress counted the snapshot and evidence only).
    expect(screen.queryByTestId('bundle-progress-bytes')).toBeNull();
    expect(screen.getByTestId('bundle-progress').textContent).not.toContain('MB');
    expect(screen.getByTestId('bundle-progress').dataset.events).toBe('3');
    expect(screen.getByTestId('bundle-written').textContent).toBe(`${OUT} に保存しました（7 ファイル、うちエビデンス 2 件、5 MB）。`);
    expect(screen.getByTestId('bundle-head').textContent).toBe('42:ab12cd');
    expect(screen.queryByTestId('bundle-current')).toBeNull();
    // The page stops listening once the bundle is written.
    expect(listening(BUNDLE_PROGRESS_EVENT)).toBe(false);
    expect(calls.find((c) => c.cmd === 'create_bundle')?.args).toEqual({ path: OUT, lang: 'ja', milestone: null, overwrite: false });

    await fireEvent.click(screen.getByTestId('bundle-verify'));
    const check = await screen.findByTestId('bundle-check');
    expect(check.dataset.ok).toBe('true');
    expect(check.textContent).toContain('検証 OK: 5 ファイル');
    expect(calls.find((c) => c.cmd === 'check_bundle')?.args).toEqual({ path: OUT });
  });

  it('asks before replacing an existing file, and replaces it only when confirmed', async () => {
    const calls = fakeBackend({
      create_bundle: (args) => {
        if (!args.overwrite) throw { code: 'IO', message: `${OUT} already exists`, details: { path: OUT, kind: 'AlreadyExists' } };
        return created;
      },
    });
    await openScreen('bundle');
    await fillPathAndCreate();
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain(`${OUT} はすでにあります`);
    expect(screen.queryByTestId('error-dialog')).toBeNull();
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await screen.findByTestId('bundle-done');
    expect(calls.filter((c) => c.cmd === 'create_bundle').map((c) => c.args.overwrite)).toEqual([false, true]);
  });

  it('shows any other failure in the error dialog, not as a question to replace', async () => {
    fakeBackend({
      create_bundle: () => {
        throw { code: 'WORKBOOK_EXISTS', message: 'the workbook itself', details: { path: OUT } };
      },
    });
    await openScreen('bundle');
    await fillPathAndCreate();
    await screen.findByTestId('error-dialog');
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.queryByTestId('bundle-progress')).toBeNull();
  });

  it('names every missing, extra or changed file the check finds', async () => {
    const failed: BundleChecked = {
      ok: false,
      path: OUT,
      files_checked: 5,
      audit_chain_head: '42:ab12cd',
      problems: [
        { kind: 'CHANGED', path: 'evidence/sec/SEC1/1-policy.pdf', message: 'its SHA-256 is not the manifest’s', expected: 'aa', found: 'bb' },
        { kind: 'EXTRA', path: 'notes.txt', message: 'not in the manifest', expected: null, found: null },
      ],
    };
    fakeBackend({ create_bundle: () => created, check_bundle: () => failed });
    await openScreen('bundle');
    await fillPathAndCreate();
    await screen.findByTestId('bundle-done');
    await fireEvent.click(screen.getByTestId('bundle-verify'));
    const check = await screen.findByTestId('bundle-check');
    expect(check.dataset.ok).toBe('false');
    const rows = screen.getAllByTestId('bundle-problem');
    expect(rows.map((r) => [r.dataset.kind, r.dataset.path])).toEqual([
      ['CHANGED', 'evidence/sec/SEC1/1-policy.pdf'],
      ['EXTRA', 'notes.txt'],
    ]);
    expect(rows[0].textContent).toContain('内容が異なる');
  });
});
