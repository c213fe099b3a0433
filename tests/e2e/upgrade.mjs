// The set-upgrade and improvement-item part of the e2e walk (walkthrough.mjs calls it with a new
// session on the walk's workbook): answer FISCSEC1 (none of these: HIGH, so its practices are
// improvement items) and FISCSEC5 (a choice the next edition removes); upgrade fisc-sec to the
// fixture next edition 1.7.0 with its id map (crates/hashira-core/tests/fixtures/upgrade), see the
// plan, apply it, see the re-review filter with its count, confirm FISCSEC1; edit one improvement
// item's status and owner. Then `hashira questions --rereview` and `hashira plan` of the same file
// agree with what the app showed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const OWNER = '情報システム部 佐藤';

export async function walkUpgrade({ browser, byTestId, screenshot, fail, cli, workbook, root }) {
  const fixtures = join(root, 'crates/hashira-core/tests/fixtures/upgrade');
  const text = async (id) => (await byTestId(browser, id)).getText();

  async function open(questionId) {
    const item = await browser.$(`.tree-item[data-question="${questionId}"]`);
    await item.waitForExist({ timeout: 10000, timeoutMsg: `${questionId} is not in the tree` });
    await item.scrollIntoView();
    await item.click();
    await browser.waitUntil(async () => (await (await byTestId(browser, 'question-pane')).getAttribute('data-question')) === questionId, {
      timeout: 10000,
      timeoutMsg: `${questionId} did not open`,
    });
  }
  async function choose(choiceId) {
    const box = await browser.$(`#choice-${choiceId}`);
    await box.scrollIntoView();
    await box.click();
    await browser.waitUntil(async () => box.isSelected(), { timeout: 10000, timeoutMsg: `${choiceId} was not saved` });
  }

  console.log('step: answer FISCSEC1 (none of these) and FISCSEC5 (a choice the next edition removes)');
  await (await byTestId(browser, 'question-pane')).waitForDisplayed({ timeout: 20000 });
  await open('FISCSEC1');
  await choose('FISCSEC1_no');
  await browser.waitUntil(async () => (await (await browser.$('.tree-item[data-question="FISCSEC1"]')).getAttribute('data-risk')) === 'HIGH', {
    timeout: 10000,
    timeoutMsg: 'FISCSEC1 is not HIGH after "none of these"',
  });
  await open('FISCSEC5');
  await choose('FISCSEC5-BP04');

  console.log('step: upgrade fisc-sec to 1.7.0: the plan first');
  await (await byTestId(browser, 'nav-dashboard')).click();
  await (await byTestId(browser, 'upgrade-open')).click();
  await (await byTestId(browser, 'upgrade-screen')).waitForDisplayed({ timeout: 5000 });
  await (await byTestId(browser, 'upgrade-set')).selectByAttribute('value', 'fisc-sec');
  await (await byTestId(browser, 'upgrade-path')).setValue(join(fixtures, 'fisc-sec-1.7.0.toml'));
  await (await byTestId(browser, 'upgrade-map')).setValue(join(fixtures, 'fisc-sec-1.7.0.map.toml'));
  await (await byTestId(browser, 'upgrade-preview')).click();
  await (await byTestId(browser, 'upgrade-plan')).waitForDisplayed({ timeout: 30000, timeoutMsg: 'no upgrade plan' });
  const counts = {};
  for (const key of ['rereview', 'lost', 'new-questions', 'removed']) counts[key] = await text(`upgrade-count-${key}`);
  const expected = { rereview: '2', lost: '1', 'new-questions': '1', removed: '0' };
  for (const [key, value] of Object.entries(expected)) {
    if (counts[key] !== value) fail(`the plan shows ${key} ${counts[key]}, expected ${value}: ${JSON.stringify(counts)}`);
  }
  const rereviewed = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="upgrade-changed"] li[data-rereview="true"]')].map((li) => li.dataset.question),
  );
  if (!isSame(rereviewed, ['FISCSEC1', 'FISCSEC5'])) fail(`the plan marks ${rereviewed} to re-review`);
  if (!(await text('upgrade-lost')).includes('FISCSEC5 · FISCSEC5-BP04')) fail('the plan does not list the lost selection FISCSEC5-BP04');
  if (!(await text('upgrade-new')).includes('FISCSEC11')) fail('the plan does not list the new question FISCSEC11');
  await screenshot(browser, 'upgrade-plan');
  await (await byTestId(browser, 'upgrade-changed')).scrollIntoView();
  await screenshot(browser, 'upgrade-plan-lists');

  console.log('step: apply exactly that plan; the re-review filter with its count');
  await (await byTestId(browser, 'upgrade-apply')).click();
  await (await byTestId(browser, 'upgrade-done')).waitForDisplayed({ timeout: 30000, timeoutMsg: 'the upgrade was not applied' });
  const done = await text('upgrade-done');
  if (!done.includes('before upgrade to fisc-sec 1.7.0')) fail(`the upgrade does not name its milestone: ${done}`);
  await screenshot(browser, 'upgrade-done');
  await (await byTestId(browser, 'upgrade-show-rereview')).click();
  const filter = await byTestId(browser, 'filter');
  await filter.waitForDisplayed({ timeout: 5000 });
  const filterShown = async () => browser.execute(() => document.querySelector('[data-testid="filter"]').selectedOptions[0]?.textContent);
  if ((await filterShown()) !== '要再確認（2）') fail(`the tree filter shows ${await filterShown()}`);
  const listed = async () => browser.execute(() => [...document.querySelectorAll('.tree-item')].map((el) => el.dataset.question));
  if (!isSame(await listed(), ['FISCSEC1', 'FISCSEC5'])) fail(`the re-review filter lists ${await listed()}`);
  const marked = await browser.execute(() => [...document.querySelectorAll('[data-testid="rereview-mark"]')].map((m) => m.closest('.tree-item').dataset.question));
  if (!isSame(marked, ['FISCSEC1', 'FISCSEC5'])) fail(`the tree marks ${marked} to re-review`);
  await open('FISCSEC1');
  const notice = await byTestId(browser, 'rereview-notice');
  await notice.waitForDisplayed({ timeout: 5000, timeoutMsg: 'FISCSEC1 shows no re-review notice' });
  if (!(await notice.getText()).includes('質問文が変わりました')) fail(`the notice does not say the question text changed: ${await notice.getText()}`);
  await screenshot(browser, 'rereview-notice');

  console.log('step: confirm FISCSEC1: off the list');
  await (await byTestId(browser, 'confirm-answer')).click();
  await browser.waitUntil(async () => !(await (await byTestId(browser, 'rereview-notice')).isExisting()), {
    timeout: 10000,
    timeoutMsg: 'the notice stayed after confirming',
  });
  await browser.waitUntil(async () => (await filterShown()) === '要再確認（1）', { timeout: 5000, timeoutMsg: 'the filter count did not drop to 1' });
  if (!isSame(await listed(), ['FISCSEC5'])) fail(`after confirming, the re-review filter lists ${await listed()}`);
  await open('FISCSEC5');
  await screenshot(browser, 'rereview-confirmed');

  console.log('step: edit an improvement item: status and owner');
  await (await byTestId(browser, 'nav-dashboard')).click();
  await (await byTestId(browser, 'items-open')).click();
  await (await byTestId(browser, 'items-screen')).waitForDisplayed({ timeout: 5000 });
  const row = await browser.$('[data-testid="item"][data-item="FISCSEC1/FISCSEC1-BP01"]');
  await row.waitForExist({ timeout: 20000, timeoutMsg: 'no improvement item FISCSEC1/FISCSEC1-BP01' });
  await row.scrollIntoView();
  await (await row.$('[data-testid="item-edit"]')).click();
  await (await row.$('[data-testid="item-editor-owner"]')).setValue(OWNER);
  await (await row.$('[data-testid="item-editor-status"]')).selectByAttribute('value', 'IN_PROGRESS');
  await (await row.$('[data-testid="item-editor-save"]')).click();
  await browser.waitUntil(async () => (await row.getAttribute('data-status')) === 'IN_PROGRESS', { timeout: 10000, timeoutMsg: 'the item status was not saved' });
  if ((await (await row.$('[data-testid="item-status"]')).getText()) !== '対応中') fail('the item does not show 対応中');
  await screenshot(browser, 'improvement-item-edited');
  await browser.deleteSession();

  const json = (...args) => {
    const run = spawnSync(cli, [...args, '--json'], { encoding: 'utf8' });
    if (run.status !== 0) fail(`hashira ${args.join(' ')} failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  const left = json('questions', workbook, '--rereview').map((r) => r.question_id);
  if (!isSame(left, ['FISCSEC5'])) fail(`hashira questions --rereview lists ${left}`);
  const item = json('plan', workbook).find((i) => i.question_id === 'FISCSEC1' && i.choice_id === 'FISCSEC1-BP01');
  if (item?.status !== 'IN_PROGRESS' || item?.owner !== OWNER) fail(`hashira plan shows ${JSON.stringify(item)}`);
  console.log(`  CLI agrees: FISCSEC5 still to re-review; FISCSEC1/FISCSEC1-BP01 ${item.status} (${item.owner})`);
}

function isSame(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
