import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import type { Evidence, QuestionReview } from '../lib/bindings';
import { question, summary, view } from './fixtures';
import { fakeBackend, freshAppPerTest } from './backend';

const second: QuestionReview = question({
  question_id: 'SEC02',
  label: 'SEC 2',
  title: { ja: '人為的なアクセスをどのように制御していますか？', en: 'How do you manage human access?' },
  risk: 'HIGH',
  notes: 'ブレークグラス手順を確認',
});

const evidence: Evidence = {
  id: 7,
  question_id: 'SEC01',
  choice_id: null,
  kind: 'FILE',
  title: '構成図',
  file_name: 'diagram.png',
  media_type: 'image/png',
  size_bytes: 2048,
  sha256: 'ab'.repeat(32),
  url: null,
  excerpt: null,
  added_by: '山田',
  added_at: '2026-01-01T00:00:00Z',
};

function backend() {
  const workbook = view();
  workbook.questions = [question(), second];
  return fakeBackend({
    open_workbook: () => workbook,
    list_evidence: (args) => (args.questionId === 'SEC01' ? [evidence] : []),
    remove_evidence: () => ({ question: question(), summary: summary(), evidence: [] }),
    save_answer: () => ({
      question: question({ not_applicable: { reason: 'OUT_OF_SCOPE', text: '' }, risk: 'NOT_APPLICABLE' }),
      summary: summary(),
      evidence: [],
    }),
  });
}

freshAppPerTest();

describe('navigation, search and filter', () => {
  it('moves between questions with N and P', async () => {
    backend();
    render(App);
    await screen.findByTestId('question-pane');
    await fireEvent.keyDown(window, { key: 'n' });
    await waitFor(() => expect(screen.getByTestId('question-id').textContent).toBe('SEC 2'));
    await fireEvent.keyDown(window, { key: 'p' });
    await waitFor(() => expect(screen.getByTestId('question-id').textContent).toBe('SEC 1'));
  });

  it('toggles a choice with its number key', async () => {
    const calls = backend();
    render(App);
    await screen.findByTestId('question-pane');
    await fireEvent.keyDown(window, { key: '2' });
    await waitFor(() => expect(calls.find((c) => c.cmd === 'save_answer')?.args).toEqual({
      questionId: 'SEC01',
      change: { selected_choices: ['sec_securely_operate_aws_account'] },
    }));
  });

  it('searches titles and notes, and filters by risk', async () => {
    backend();
    render(App);
    await screen.findByTestId('question-pane');
    const items = () => [...document.querySelectorAll<HTMLElement>('.tree-item')].map((el) => el.dataset.question);
    expect(items()).toEqual(['SEC01', 'SEC02']);
    await fireEvent.input(screen.getByTestId('search'), { target: { value: 'ブレークグラス' } });
    await waitFor(() => expect(items()).toEqual(['SEC02']));
    await fireEvent.input(screen.getByTestId('search'), { target: { value: '' } });
    const filter = screen.getByTestId('filter') as HTMLSelectElement;
    filter.value = 'UNANSWERED';
    await fireEvent.change(filter);
    await waitFor(() => expect(items()).toEqual(['SEC01']));
  });

  it('removes evidence only after confirmation', async () => {
    const calls = backend();
    render(App);
    await screen.findByTestId('evidence-item');
    expect(screen.getByText('diagram.png')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('evidence-remove'));
    expect(calls.some((c) => c.cmd === 'remove_evidence')).toBe(false);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'remove_evidence')?.args).toEqual({ evidenceId: 7 }));
    await waitFor(() => expect(screen.queryByTestId('evidence-item')).toBeNull());
  });

  it('marks the question not applicable with a reason', async () => {
    const calls = backend();
    render(App);
    await fireEvent.click(await screen.findByTestId('question-na'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'save_answer')?.args).toEqual({
      questionId: 'SEC01',
      change: { not_applicable: { reason: 'OUT_OF_SCOPE', text: '' } },
    }));
    await waitFor(() => expect(screen.getByLabelText('理由')).toBeTruthy());
    // The reason is a multi-line field (a reason is often a paragraph), flagged while empty.
    const reason = screen.getByTestId('question-na-text');
    expect(reason.tagName).toBe('TEXTAREA');
    expect(reason.classList.contains('missing')).toBe(true);
    expect(screen.getByText('理由が未記入です。記入するまでレビューは未完了のままです。')).toBeTruthy();
    const text = '対象システムは電子メールを使用しない。\n勘定系とは専用線のみで接続する。';
    await fireEvent.change(reason, { target: { value: text } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'save_answer').at(-1)?.args).toEqual({
      questionId: 'SEC01',
      change: { not_applicable: { reason: 'OUT_OF_SCOPE', text } },
    }));
  });
});
