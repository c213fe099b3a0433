// The milestone part of the e2e walk (walkthrough.mjs calls it on the open workbook, in the review
// with SEC 1 answered with `chosen`): create a milestone, compare the review with it, change SEC 1,
// see the change marker in the tree and the side-by-side view of SEC 1 then/now, open the
// milestone read-only (banner, controls disabled, a change refused by Rust with
// MILESTONE_READ_ONLY), go back, see the risk trend on the dashboard; then `hashira milestone list`
// and `hashira diff` of the same file agree with what the app showed.
import { spawnSync } from 'node:child_process';

export const MILESTONE = 'E2E 第1四半期レビュー';

export async function walkMilestones({ browser, byTestId, screenshot, fail, cli, workbook, questionId, chosen }) {
  const removed = chosen[1];
  const choice = (id) => browser.$(`#choice-${id}`);

  console.log('step: create a milestone');
  await (await byTestId(browser, 'nav-milestones')).click();
  await (await byTestId(browser, 'milestones-screen')).waitForDisplayed({ timeout: 5000 });
  await (await byTestId(browser, 'milestone-name')).setValue(MILESTONE);
  await (await byTestId(browser, 'milestone-add')).click();
  await (await byTestId(browser, 'milestone-added')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'the milestone was not created' });
  const rows = await browser.$$('[data-testid="milestone-row"]');
  if (rows.length !== 1) fail(`the milestone list has ${rows.length} rows, not 1`);
  const rowName = await (await rows[0].$('[data-testid="milestone-row-name"]')).getText();
  if (rowName !== MILESTONE) fail(`the milestone is listed as ${rowName}`);
  await screenshot(browser, 'milestone-created');

  console.log('step: compare with the milestone, change SEC 1, see the change marker');
  await (await rows[0].$('[data-testid="milestone-compare"]')).click();
  await (await byTestId(browser, 'compare-count')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'no comparison with the milestone' });
  if ((await (await byTestId(browser, 'compare-count')).getAttribute('data-count')) !== '0') fail('questions marked changed before any change');
  const item = await browser.$(`.tree-item[data-question="${questionId}"]`);
  await item.scrollIntoView();
  await item.click();
  await browser.waitUntil(async () => (await (await byTestId(browser, 'question-pane')).getAttribute('data-question')) === questionId, { timeout: 10000 });
  await (await choice(removed)).click();
  await browser.waitUntil(async () => !(await (await choice(removed)).isSelected()), { timeout: 5000 });
  const marker = await browser.$(`.tree-item[data-question="${questionId}"] [data-testid="changed-mark"]`);
  await marker.waitForExist({ timeout: 20000, timeoutMsg: 'SEC 1 is not marked changed in the tree' });
  const marked = await browser.execute(() => [...document.querySelectorAll('[data-testid="changed-mark"]')].map((m) => m.closest('.tree-item').dataset.question));
  if (marked.length !== 1 || marked[0] !== questionId) fail(`the tree marks ${marked} changed, expected only ${questionId}`);
  await screenshot(browser, 'milestone-change-marked');

  console.log('step: SEC 1 then and now, side by side');
  await (await byTestId(browser, 'then-now-toggle')).click();
  const table = await byTestId(browser, 'then-now-table');
  await table.waitForDisplayed({ timeout: 5000 });
  const then = await browser.execute(
    (id) => document.querySelector(`[data-testid="then-selected"] [data-choice="${id}"]`)?.className ?? null,
    removed,
  );
  if (!then?.includes('removed')) fail(`the then column does not show ${removed} as removed: ${then}`);
  const now = await browser.execute(
    (id) => document.querySelector(`[data-testid="now-selected"] [data-choice="${id}"]`) !== null,
    removed,
  );
  if (now) fail(`the now column still lists ${removed}`);
  if (!(await (await byTestId(browser, 'then-heading')).getText()).includes(MILESTONE)) fail('the then column does not name the milestone');
  await table.scrollIntoView();
  await screenshot(browser, 'milestone-then-now');

  console.log('step: open the milestone read-only');
  await (await byTestId(browser, 'nav-milestones')).click();
  await (await byTestId(browser, 'milestone-open')).click();
  const banner = await byTestId(browser, 'milestone-banner');
  await banner.waitForDisplayed({ timeout: 20000, timeoutMsg: 'no banner for the milestone shown' });
  const said = await banner.getText();
  if (!said.includes(`マイルストーン 1「${MILESTONE}」`) || !said.includes('読み取り専用')) fail(`unclear banner: ${said}`);
  await (await byTestId(browser, 'nav-review')).click();
  await (await browser.$(`.tree-item[data-question="${questionId}"]`)).click();
  await browser.waitUntil(async () => (await (await byTestId(browser, 'question-pane')).getAttribute('data-question')) === questionId, { timeout: 10000 });
  if (!(await (await choice(removed)).isSelected())) fail(`the milestone does not show ${removed} selected`);
  // Disabled through the question's fieldset (WebDriver's isEnabled looks at the element alone).
  const disabled = await browser.execute(
    (id) => [`#choice-${id}`, '[data-testid="notes"]', '[data-testid="question-na"]', '[data-testid="ev-add"]'].map((s) => document.querySelector(s)?.matches(':disabled') ?? 'missing'),
    removed,
  );
  if (disabled.some((d) => d !== true)) fail(`controls of the milestone's question not disabled: ${disabled}`);
  if (await (await byTestId(browser, 'nav-workload')).isExisting()) fail('the workload editor is offered in the milestone');
  // Past the disabled controls, Rust refuses the change itself.
  const refused = await browser.execute(async (id) => {
    try {
      await window.__TAURI_INTERNALS__.invoke('save_answer', { questionId: id, change: { notes: '書き換え' } });
      return null;
    } catch (error) {
      return error;
    }
  }, questionId);
  if (refused?.code !== 'MILESTONE_READ_ONLY') fail(`a change while the milestone is shown was not refused: ${JSON.stringify(refused)}`);
  await screenshot(browser, 'milestone-read-only');

  console.log('step: back to the current review');
  await (await byTestId(browser, 'milestone-back')).click();
  await banner.waitForExist({ reverse: true, timeout: 20000, timeoutMsg: 'the banner stayed after going back' });
  await browser.waitUntil(async () => !(await (await choice(removed)).isSelected()) && (await browser.execute((id) => !document.querySelector(`#choice-${id}`).matches(':disabled'), removed)), {
    timeout: 10000,
    timeoutMsg: 'the current review is not shown again',
  });

  console.log('step: the risk trend on the dashboard');
  await (await byTestId(browser, 'nav-dashboard')).click();
  const trend = await byTestId(browser, 'trend-total');
  await trend.waitForDisplayed({ timeout: 20000, timeoutMsg: 'no risk trend on the dashboard' });
  const bars = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="trend-total"] [data-testid="trend-row"]')].map((row) => ({
      point: row.dataset.point,
      ...row.querySelector('.stack').dataset,
    })),
  );
  const count = async (id) => (await (await byTestId(browser, id)).getText()).trim();
  const nowBar = bars.find((b) => b.point === 'now');
  if (bars.length !== 2 || bars[0].point !== 'm1' || !nowBar) fail(`the trend shows ${JSON.stringify(bars)}`);
  if (nowBar.high !== (await count('count-high')) || nowBar.medium !== (await count('count-medium'))) {
    fail(`the trend's "now" (${JSON.stringify(nowBar)}) is not the dashboard's figures`);
  }
  await (await byTestId(browser, 'risk-trend')).scrollIntoView();
  await screenshot(browser, 'milestone-trend');

  const listed = spawnSync(cli, ['milestone', 'list', '--json', workbook], { encoding: 'utf8' });
  if (listed.status !== 0) fail(`hashira milestone list failed: ${listed.stderr}`);
  const milestones = JSON.parse(listed.stdout);
  const names = milestones.map((m) => m.name);
  if (names.length !== 1 || names[0] !== MILESTONE) fail(`CLI lists the milestones ${listed.stdout}`);
  const diff = spawnSync(cli, ['diff', workbook, '--json'], { encoding: 'utf8' });
  if (diff.status !== 0) fail(`hashira diff failed: ${diff.stderr}`);
  const changed = JSON.parse(diff.stdout);
  const questions = changed.questions.map((q) => q.key);
  if (questions.length !== 1 || questions[0] !== questionId) fail(`CLI diff lists ${questions}, the app marked ${questionId}`);
  console.log(`  CLI agrees: milestone ${MILESTONE}; changed since: ${questions}`);
}
