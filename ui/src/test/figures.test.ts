import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import type { RiskCounts, RiskSummary } from '../lib/bindings';
import { setLocale } from '../lib/i18n.svelte';
import { view } from './fixtures';
import { fakeBackend, freshAppPerTest } from './backend';

freshAppPerTest();

// 27 questions: 5 answered (2 high, 1 medium, 2 none) and 3 not applicable (1 without a reason),
// so 8 reviewed. 8/27 is 29.6 %: the core rounds down to 29, and the screen must print the
// core's 29 — never its own 30 (rounded) nor 5/24 (answered of applicable, the old label).
const counts: RiskCounts = {
  questions: 27,
  answered: 5,
  applicable: 24,
  unanswered: 19,
  high: 2,
  medium: 1,
  none: 2,
  not_applicable: 3,
  not_applicable_without_reason: 1,
  reviewed: 8,
  progress_percent: 29,
};

function summary(): RiskSummary {
  return {
    counts,
    sets: [{ set_id: 'sec', version: '2025-02', version_label: 'v2025-02', title: { ja: 'セキュリティの柱', en: 'Security pillar' }, counts, pillars: [{ pillar_id: 'security', title: { ja: 'セキュリティ' }, counts }] }],
  };
}

function openWithFigures() {
  fakeBackend({ open_workbook: () => ({ ...view(), summary: summary() }), improvement_plan: () => [] });
  render(App);
}

describe('the review figures', () => {
  it('the tree shows reviewed/questions and the core’s rounded-down percent', async () => {
    openWithFigures();
    expect((await screen.findByTestId('progress-sec')).textContent).toBe('8/27 レビュー済み（29%）');
    const fill = document.querySelector<HTMLElement>('.tree-set[data-set="sec"] .progress-fill');
    expect(fill?.style.width).toBe('29%');
  });

  it('the dashboard prints the same figures, with N/A without a reason', async () => {
    openWithFigures();
    await screen.findByTestId('question-pane');
    await fireEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    expect(screen.getByTestId('dash-total-progress').textContent).toBe('進捗 8/27 レビュー済み（29%）');
    expect(screen.getByTestId('dash-progress-sec').textContent).toBe('8/27 レビュー済み（29%）');
    const shown = ['count-high', 'count-medium', 'count-none', 'count-not-applicable', 'count-unanswered', 'count-na-without-reason'].map(
      (id) => screen.getByTestId(id).textContent,
    );
    expect(shown).toEqual(['2', '1', '2', '3', '19', '1']);
  });

  it('says "reviewed" in English too', async () => {
    setLocale('en');
    openWithFigures();
    expect((await screen.findByTestId('progress-sec')).textContent).toBe('8/27 reviewed (29%)');
  });
});
