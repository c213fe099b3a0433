// Adding a custom lens as a question set from the dashboard (path typed, browsed or dropped; a
// preview; then the previewed file added with its SHA-256), and a lens's guidance in the
// question pane (descriptions, their URLs, text-only resources).
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../App.svelte';
import type { LensPreview, QuestionReview, WorkbookView } from '../lib/bindings';
import { dragFiles, fakeBackend, freshAppPerTest, type Handlers } from './backend';
import { question, summary, view } from './fixtures';

freshAppPerTest();

const lensPath = '/tmp/lenses/Amazon_S3_Lens.json';

const preview: LensPreview = {
  file: 'Amazon_S3_Lens.json',
  sha256: 'ab'.repeat(32),
  set_id: 'amazon-s3-lens',
  name: 'Amazon S3 <b>Lens</b>',
  version: 'v3.1.0',
  version_label: 'v3.1.0',
  language: 'en',
  pillars: [
    {
      id: 'operationalExcellence',
      title: 'Operational Excellence',
      questions: [
        { id: 'OPS_1', title: 'How do you track ownership of data stored in S3?', choices: 6, none_of_these: true, rules: 2 },
        { id: 'OPS_2', title: 'How do you capture data regarding usage?', choices: 3, none_of_these: false, rules: 1 },
      ],
    },
    { id: 'security', title: 'Security', questions: [{ id: 'SEC_01', title: 'How do you manage public data?', choices: 3, none_of_these: true, rules: 3 }] },
  ],
  question_count: 3,
  choice_count: 12,
  shares_question_ids: true,
  warnings: [{ path: 'pillars[0].questions[1].riskRules', message: 'no default rule: NONE when no rule is true', severity: 'warning' }],
};

/** The workbook after the lens was added: its question and its set's figures come with it. */
function withLens(): WorkbookView {
  const base = view();
  const s3: QuestionReview = question({
    set_id: preview.set_id,
    pillar_id: 'operationalExcellence',
    pillar_title: { ja: 'Operational Excellence', en: 'Operational Excellence' },
    question_id: 'OPS_1',
    label: 'OPS_1',
    title: { ja: 'How do you track ownership of data stored in S3?', en: 'How do you track ownership of data stored in S3?' },
  });
  const sets = summary().sets;
  const s3Set = { ...sets[0], set_id: preview.set_id, version: 'v3.1.0', version_label: 'v3.1.0', title: { ja: 'Amazon S3 Lens', en: 'Amazon S3 Lens' } };
  return {
    ...base,
    sets: [...base.sets, { id: preview.set_id, version: 'v3.1.0', content_hash: 'y', added_at: '2026-01-02T00:00:00Z' }],
    questions: [...base.questions, s3],
    summary: { ...summary(), sets: [...sets, s3Set] },
  };
}

/** The lens commands; `added` switches what `workbook_view` answers once `add_lens` ran. */
function lensCommands(): Handlers {
  let added = false;
  return {
    choose_json_to_import: () => lensPath,
    preview_lens: () => preview,
    add_lens: () => {
      added = true;
      return { ...preview, shares_question_ids: true };
    },
    workbook_view: () => (added ? withLens() : view()),
    improvement_plan: () => [],
  };
}

async function openForm(): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-dashboard'));
  await screen.findByTestId('dashboard');
  await fireEvent.click(screen.getByTestId('add-set'));
  await screen.findByTestId('lens-add');
}

describe('adding a question set from a custom lens', () => {
  it('previews the lens typed, adds exactly that file with the preview SHA-256, and the dashboard and tree show the new set', async () => {
    const calls = fakeBackend(lensCommands());
    await openForm();
    expect(screen.getByRole('button', { name: '質問セットを追加' })).toBeTruthy();
    await fireEvent.input(screen.getByTestId('lens-path'), { target: { value: `  ${lensPath} ` } });
    await fireEvent.click(screen.getByTestId('lens-preview'));
    const plan = await screen.findByTestId('lens-plan');
    expect(calls.filter((c) => c.cmd === 'preview_lens').map((c) => c.args)).toEqual([{ path: lensPath }]);
    // Text from the file is text, never markup.
    expect(screen.getByTestId('lens-name').textContent).toBe('Amazon S3 <b>Lens</b>');
    expect(plan.querySelector('b')).toBeNull();
    expect(screen.getByTestId('lens-set-id').textContent).toBe('amazon-s3-lens');
    expect(plan.textContent).toContain('v3.1.0');
    expect(plan.textContent).toContain('英語');
    expect(screen.getByTestId('lens-counts').textContent).toBe('2 柱・3 問・選択肢 12');
    // Pillars with their questions and choice counts ("None of these" said where the lens has it).
    const ops = plan.querySelector('[data-pillar="operationalExcellence"]') as HTMLElement;
    expect(ops.querySelector('summary')?.textContent).toContain('Operational Excellence');
    // The first pillar is open, the others show their question counts.
    expect((ops as HTMLDetailsElement).open).toBe(true);
    const security = plan.querySelector('[data-pillar="security"]') as HTMLDetailsElement;
    expect(security.open).toBe(false);
    expect(security.querySelector('summary')?.textContent).toContain('1 問');
    const rows = [...ops.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()));
    expect(rows).toEqual([
      ['OPS_1', 'How do you track ownership of data stored in S3?', '6 + いずれも該当しない'],
      ['OPS_2', 'How do you capture data regarding usage?', '3'],
    ]);
    const warning = screen.getByTestId('lens-warning');
    expect(warning.textContent).toContain('pillars[0].questions[1].riskRules');
    expect(warning.textContent).toContain('no default rule');
    expect(screen.getByTestId('lens-shared').textContent).toContain('amazon-s3-lens/質問 ID');
    expect(calls.some((c) => c.cmd === 'add_lens')).toBe(false);

    // What is typed after the preview does not change what is added.
    await fireEvent.input(screen.getByTestId('lens-path'), { target: { value: '/tmp/other.json' } });
    await fireEvent.click(screen.getByTestId('lens-add-apply'));
    const added = await screen.findByTestId('lens-added');
    expect(calls.filter((c) => c.cmd === 'add_lens').map((c) => c.args)).toEqual([{ path: lensPath, expectSha256: preview.sha256 }]);
    expect(added.textContent).toContain('Amazon S3 <b>Lens</b>');
    expect(added.textContent).toContain('3 問');
    await screen.findByTestId('dash-set-amazon-s3-lens');
    expect(screen.queryByTestId('lens-plan')).toBeNull();

    await fireEvent.click(within(added).getByRole('button', { name: '最初の質問を開く' }));
    const pane = await screen.findByTestId('question-pane');
    expect(pane.dataset.question).toBe('OPS_1');
    expect(document.querySelector('.tree-set[data-set="amazon-s3-lens"] [data-question="OPS_1"]')).not.toBeNull();
  });

  it('lists the problems of a lens that cannot be added by JSON path, and offers nothing to add', async () => {
    const problems = [
      { path: 'pillars[2].questions[5].riskRules[1].condition', message: 'unknown choice id "choise3"', severity: 'error' },
      { path: '$', message: 'invalid JSON at line 3, column 7', severity: 'error' },
    ];
    fakeBackend(lensCommands(), {
      preview_lens: () => {
        throw { code: 'IMPORT_PROBLEMS', message: 'refused', details: { file: lensPath, problems } };
      },
    });
    await openForm();
    await fireEvent.click(screen.getByRole('button', { name: '参照…' }));
    await waitFor(() => expect((screen.getByTestId('lens-path') as HTMLInputElement).value).toBe(lensPath));
    await fireEvent.click(screen.getByTestId('lens-preview'));
    const list = await screen.findByTestId('lens-problems');
    expect(list.textContent).toContain('2 件');
    const rows = screen.getAllByTestId('lens-problem').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['pillars[2].questions[5].riskRules[1].condition', 'unknown choice id "choise3"'],
      ['$', 'invalid JSON at line 3, column 7'],
    ]);
    expect(screen.queryByTestId('lens-add-apply')).toBeNull();
    expect(document.querySelector('[data-testid="error-message"]')).toBeNull();
  });

  it('a file changed since the preview is refused with the error dialog and the set is not shown as added', async () => {
    fakeBackend(lensCommands(), {
      add_lens: () => {
        throw { code: 'IMPORT_PLAN_CHANGED', message: 'changed', details: { path: lensPath } };
      },
    });
    await openForm();
    await fireEvent.input(screen.getByTestId('lens-path'), { target: { value: lensPath } });
    await fireEvent.click(screen.getByTestId('lens-preview'));
    await fireEvent.click(await screen.findByTestId('lens-add-apply'));
    const message = await screen.findByTestId('error-message');
    expect(message.textContent).toContain(lensPath);
    expect(screen.queryByTestId('lens-added')).toBeNull();
    expect(screen.queryByTestId('dash-set-amazon-s3-lens')).toBeNull();
  });

  it('a lens file dropped on the form is previewed, and does not become evidence', async () => {
    const calls = fakeBackend(lensCommands());
    await openForm();
    await dragFiles({ type: 'enter', paths: [lensPath] });
    await dragFiles({ type: 'over' });
    expect((await screen.findByTestId('drop-zone')).textContent).toContain('レンズファイルをドロップ');
    await dragFiles({ type: 'drop', paths: [lensPath] });
    await screen.findByTestId('lens-plan');
    expect((screen.getByTestId('lens-path') as HTMLInputElement).value).toBe(lensPath);
    expect(calls.filter((c) => c.cmd === 'preview_lens').map((c) => c.args)).toEqual([{ path: lensPath }]);
    expect(calls.some((c) => c.cmd === 'add_evidence')).toBe(false);
    expect(screen.queryByTestId('drop-zone')).toBeNull();
    expect(screen.queryByTestId('drop-hint')).toBeNull();

    // Two files at once: the form says so and previews neither.
    await dragFiles({ type: 'enter', paths: [lensPath, '/tmp/b.json'] });
    await dragFiles({ type: 'drop', paths: [lensPath, '/tmp/b.json'] });
    expect((await screen.findByRole('alert')).textContent).toContain('1 つだけ');
    expect(calls.filter((c) => c.cmd === 'preview_lens')).toHaveLength(1);
  });

  it('closing the form gives drops back to the open question', async () => {
    const calls = fakeBackend(lensCommands(), { add_evidence: () => ({ question: question(), summary: summary(), evidence: [] }) });
    await openForm();
    await fireEvent.click(within(screen.getByTestId('lens-add')).getByRole('button', { name: '閉じる' }));
    expect(screen.queryByTestId('lens-add')).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-review'));
    await screen.findByTestId('question-pane');
    await dragFiles({ type: 'enter', paths: ['/tmp/evidence.txt'] });
    await dragFiles({ type: 'drop', paths: ['/tmp/evidence.txt'] });
    await waitFor(() => expect(calls.some((c) => c.cmd === 'add_evidence')).toBe(true));
    expect(calls.some((c) => c.cmd === 'preview_lens')).toBe(false);
  });
});

describe("a lens's guidance in the question pane", () => {
  it('shows a choice description and its URL, the improvement plan URL, the guidance URL, and text-only resources as text', async () => {
    const choices = question().choices.map((c, i) =>
      i === 0
        ? {
            ...c,
            description: { en: 'Tagging can be used to ensure each resource <i>clearly</i> describes its owner.' },
            description_url: 'https://docs.aws.amazon.com/tagging.html',
            improvement: { en: 'Tag the buckets' },
            improvement_url: 'https://docs.aws.amazon.com/cost-alloc-tags.html',
            links: [
              { title: 'Talk to the data owners', url: '' },
              { title: 'Ask the platform team', url: '' },
              { title: 'S3 user guide', url: 'https://docs.aws.amazon.com/s3.html' },
            ],
          }
        : c,
    );
    const q = question({
      guidance: { en: 'Look for a logical owner.' },
      guidance_url: 'https://docs.aws.amazon.com/owner.html',
      choices,
    });
    fakeBackend({ open_workbook: () => view(q) });
    render(App);
    const pane = await screen.findByTestId('question-pane');
    expect(pane.textContent).toContain('Look for a logical owner.');
    const guidance = screen.getByTestId('guidance-url');
    expect(guidance.textContent).toBe('詳細');
    expect(guidance.getAttribute('href')).toBe('https://docs.aws.amazon.com/owner.html');

    const help = screen.getByTestId('choice-help-sec_securely_operate_multi_accounts');
    expect(help.textContent).toContain('Tagging can be used to ensure each resource <i>clearly</i> describes its owner.');
    expect(help.querySelector('i')).toBeNull();
    const description = within(help).getByTestId('choice-description-url');
    expect(description.getAttribute('href')).toBe('https://docs.aws.amazon.com/tagging.html');
    expect(help.textContent).toContain('https://docs.aws.amazon.com/tagging.html');
    const improvement = within(help).getByTestId('choice-improvement-url');
    expect(improvement.getAttribute('href')).toBe('https://docs.aws.amazon.com/cost-alloc-tags.html');
    expect(help.textContent).toContain('改善策: Tag the buckets');
    // Both text-only resources are shown (the same empty url twice), as text, not as links.
    expect(within(help).getAllByTestId('choice-link-text').map((s) => s.textContent)).toEqual(['Talk to the data owners', 'Ask the platform team']);
    expect(within(help).getAllByTestId('choice-link').map((a) => a.getAttribute('href'))).toEqual(['https://docs.aws.amazon.com/s3.html']);
    // A choice without any of it has no help at all.
    expect(pane.querySelector('[data-testid="choice-help-sec_securely_operate_aws_account"]')).toBeNull();
  });
});
