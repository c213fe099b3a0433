// The fake backend of the screen tests: the commands every test needs (the app opens a workbook
// at start), the test file's own commands, and a test's overrides; each call is recorded. It also
// stands in for the webview's event system, so a test can drag files over the window.
import { afterEach, beforeEach, expect } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import type { FileDrag } from '../lib/api';
import { drop } from '../lib/evidenceDrop.svelte';
import { app, type Screen } from '../lib/store.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { info, summary, view } from './fixtures';
import { resetMilestones } from '../lib/milestones.svelte';
import { resetAnswerQueue } from '../lib/answerQueue.svelte';

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

const opening: Handlers = {
  app_info: () => info,
  recent_workbooks: () => [],
  open_workbook: () => view(),
  workbook_view: () => view(),
  list_evidence: () => [],
  wg_criteria_for_question: () => [],
  milestones: () => ({ milestones: [], now: summary() }),
};

// The page's event listeners (`plugin:event|listen`), by the id `listen` answered with.
let listeners = new Map<number, { event: string; handler: number }>();
let nextListener = 1;

/** Event plumbing, not commands: answered here and not recorded. */
function eventPlugin(cmd: string, args: Record<string, unknown>): { answer: unknown } | null {
  if (cmd === 'plugin:event|listen') {
    const id = nextListener++;
    listeners.set(id, { event: String(args.event), handler: Number(args.handler) });
    return { answer: id };
  }
  if (cmd === 'plugin:event|unlisten') {
    listeners.delete(Number(args.eventId));
    return { answer: null };
  }
  return null;
}

const dragEvents: Record<FileDrag['type'], string> = {
  enter: 'tauri://drag-enter',
  over: 'tauri://drag-over',
  drop: 'tauri://drag-drop',
  leave: 'tauri://drag-leave',
};

/** Whether the page listens for `event` now. */
export function listening(event: string): boolean {
  return [...listeners.values()].some((l) => l.event === event);
}

/** Files dragged over the window as the webview reports them (waits for the page to listen). */
export async function dragFiles(drag: FileDrag): Promise<void> {
  const event = dragEvents[drag.type];
  await waitFor(() => expect(listening(event)).toBe(true));
  const position = { x: 200, y: 100 };
  const payload = drag.type === 'leave' ? null : 'paths' in drag ? { paths: drag.paths, position } : { position };
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, data: unknown): void } })
    .__TAURI_INTERNALS__;
  for (const [id, listener] of listeners) {
    if (listener.event === event) internals.runCallback(listener.handler, { event, id, payload });
  }
}

/** An event sent to the page as Rust's `emit_to` sends it: to every listener of `event` now. */
export function emitEvent(event: string, payload: unknown): void {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, data: unknown): void } })
    .__TAURI_INTERNALS__;
  for (const [id, listener] of listeners) {
    if (listener.event === event) internals.runCallback(listener.handler, { event, id, payload });
  }
}

/** Installs the fake backend: later handlers win; an unknown command fails as IO. */
export function fakeBackend(...layers: Handlers[]): Call[] {
  const handlers: Handlers = Object.assign({}, opening, ...layers);
  const calls: Call[] = [];
  listeners = new Map();
  mockWindows('main');
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    const event = eventPlugin(cmd, args);
    if (event) return event.answer;
    calls.push({ cmd, args });
    const handler = handlers[cmd];
    if (handler) return handler(args);
    throw { code: 'IO', message: `unexpected ${cmd}`, details: null };
  });
  return calls;
}

/** Renders the app with the test workbook open and goes to `name`'s screen. */
export async function openScreen(name: Exclude<Screen, 'review'>): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByTestId(`nav-${name}`));
  await screen.findByTestId(`${name}-screen`);
}

/** Japanese, no workbook and no error before each test; the DOM and the mock cleared after. */
export function freshAppPerTest(): void {
  beforeEach(() => {
    setLocale('ja');
    app.view = null;
    app.error = null;
    app.wgTarget = null;
    resetMilestones();
    resetAnswerQueue();
    drop.over = false;
    drop.progress = null;
    drop.result = null;
    drop.hint = false;
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });
}
