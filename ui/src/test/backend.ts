// The fake backend of the screen tests: the commands every test needs (the app opens a workbook
// at start), the test file's own commands, and a test's overrides; each call is recorded.
import { afterEach, beforeEach } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import { app, type Screen } from '../lib/store.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { info, view } from './fixtures';

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

const opening: Handlers = {
  app_info: () => info,
  recent_workbooks: () => [],
  open_workbook: () => view(),
  workbook_view: () => view(),
  list_evidence: () => [],
  wg_criteria_for_question: () => [],
};

/** Installs the fake backend: later handlers win; an unknown command fails as IO. */
export function fakeBackend(...layers: Handlers[]): Call[] {
  const handlers: Handlers = Object.assign({}, opening, ...layers);
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
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
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });
}
