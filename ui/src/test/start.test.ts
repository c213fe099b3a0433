import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import { info, view } from './fixtures';
import { fakeBackend, freshAppPerTest } from './backend';

describe('what the window opens at start', () => {
  freshAppPerTest();

  it('opens the workbook given as the first argument', async () => {
    const calls = fakeBackend();
    render(App);
    await screen.findByTestId('question-pane');
    expect(calls.filter((c) => c.cmd === 'open_workbook').map((c) => c.args.path)).toEqual(['/tmp/test.hashira']);
    expect(calls.some((c) => c.cmd === 'open_demo')).toBe(false);
  });

  it('opens the demo when started with --demo', async () => {
    const calls = fakeBackend({
      app_info: () => ({ ...info, initial_path: null, open_demo_at_start: true }),
      open_demo: () => view(),
    });
    render(App);
    await screen.findByTestId('question-pane');
    expect(calls.filter((c) => c.cmd === 'open_demo')).toHaveLength(1);
    expect(calls.some((c) => c.cmd === 'open_workbook')).toBe(false);
  });

  it('shows the start screen with neither', async () => {
    const calls = fakeBackend({ app_info: () => ({ ...info, initial_path: null }) });
    render(App);
    await screen.findByTestId('start-screen');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'app_info')).toBe(true));
    await new Promise((settled) => setTimeout(settled, 50)); // the start-up code has run on
    expect(screen.queryByTestId('question-pane')).toBeNull();
    expect(calls.some((c) => c.cmd === 'open_workbook' || c.cmd === 'open_demo')).toBe(false);
  });
});
