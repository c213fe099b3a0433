import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import { question, summary, view } from './fixtures';
import { fakeBackend as backend, freshAppPerTest } from './backend';

freshAppPerTest();

describe('review screen', () => {
  it('opens the workbook given on the command line and shows the question in Japanese', async () => {
    backend();
    render(App);
    expect(await screen.findByTestId('question-title')).toHaveProperty('textContent', 'ワークロードを安全に運用するには？');
    expect(screen.getByTestId('question-id').textContent).toBe('SEC 1');
  });

  it('saves a toggled choice through the typed API and shows the new risk', async () => {
    const calls = backend({
      save_answer: (args) => {
        const change = args.change as { selected_choices: string[] };
        const choices = question().choices.map((c) => ({ ...c, status: change.selected_choices.includes(c.id) ? ('SELECTED' as const) : ('UNSELECTED' as const) }));
        return { question: question({ choices, risk: 'MEDIUM' }), summary: summary(), evidence: [] };
      },
    });
    render(App);
    const box = (await screen.findByLabelText(/アカウントを分離する/)) as HTMLInputElement;
    await fireEvent.click(box);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'save_answer')).toBe(true));
    const save = calls.find((c) => c.cmd === 'save_answer');
    expect(save?.args).toEqual({ questionId: 'SEC01', change: { selected_choices: ['sec_securely_operate_multi_accounts'] } });
    await waitFor(() => expect(document.querySelector('.q-head [data-testid="risk-mark"]')?.getAttribute('title')).toBe('中リスク'));
  });

  it('shows notes as text, never as HTML', async () => {
    backend({ open_workbook: () => view(question({ notes: '<img src=x onerror=alert(1)>' })) });
    render(App);
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    expect(notes.value).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows a readable localised error and keeps the typed notes', async () => {
    backend({
      save_answer: () => {
        throw { code: 'WORKBOOK_LOCKED', message: 'workbook /tmp/test.hashira is in use', details: { path: '/tmp/test.hashira' } };
      },
    });
    render(App);
    const notes = (await screen.findByTestId('notes')) as HTMLTextAreaElement;
    await fireEvent.input(notes, { target: { value: '確認中のメモ' } });
    await fireEvent.blur(notes);
    const message = await screen.findByTestId('error-message');
    expect(message.textContent).toContain('別のプログラムで使用中');
    expect(message.textContent).not.toContain('{');
    expect(notes.value).toBe('確認中のメモ');
    await waitFor(() => expect(screen.getByTestId('notes-state').dataset.state).toBe('dirty'));
  });

  it('switches to English', async () => {
    backend();
    render(App);
    await screen.findByTestId('question-title');
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('question-title').textContent).toBe('How do you securely operate your workload?');
  });
});
