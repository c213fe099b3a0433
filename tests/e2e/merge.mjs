// The merge part of the e2e walk (walkthrough.mjs calls it with a new session on the walk's
// workbook): a second reviewer's copy made with the real CLI (`hashira copy … --by 佐藤`), 佐藤
// answers SEC7 and SEC8 there with the CLI; in the app the lead answers SEC7 differently (the
// conflict), then opens "merge a reviewer's workbook", plans: one conflict (SEC7, both sides with
// who) and one change taken (SEC8 by 佐藤); looks at the third choice (編集: SEC7's choices, started
// from ours), takes theirs, applies. Then `hashira questions/show/log
// --json` and `hashira verify` on the file: the answers are exactly 佐藤's, the counts moved by one
// answered question, the log attributes both answers to 佐藤 (marked as merged from the copy) and
// closes with the merge entry (kind workbook_merge), and the chain verifies.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const REVIEWER = '佐藤';
const CONFLICT = { question: 'SEC7', ours: 'SEC7-01', theirs: 'SEC7-02' };
const TAKEN = { question: 'SEC8', theirs: 'SEC8-01' };

export async function walkMerge(browser, { byTestId, screenshot, fail, cli, workbook }) {
  const copy = join(dirname(workbook), 'e2e-sato.hashira');
  const run = (...args) => {
    const done = spawnSync(cli, args, { encoding: 'utf8' });
    if (done.status !== 0) fail(`hashira ${args.join(' ')} failed (${done.status}): ${done.stderr}`);
    return done.stdout;
  };
  const json = (...args) => JSON.parse(run(...args, '--json'));
  const selected = (file, question) => {
    const q = json('questions', file).find((x) => x.question_id === question);
    if (!q) fail(`hashira questions ${basename(file)} has no ${question}`);
    return { choices: q.choices.filter((c) => c.status === 'SELECTED').map((c) => c.id), by: q.updated_by };
  };

  console.log(`step: merge: ${REVIEWER}'s copy made and answered with the CLI`);
  rmSync(copy, { force: true });
  run('copy', workbook, copy, '--by', REVIEWER);
  run('answer', copy, CONFLICT.question, '--choose', CONFLICT.theirs, '--by', REVIEWER);
  run('answer', copy, TAKEN.question, '--choose', TAKEN.theirs, '--by', REVIEWER);
  for (const q of [CONFLICT.question, TAKEN.question]) {
    if (selected(workbook, q).choices.length) fail(`${q} was answered in the walk's workbook before the merge step`);
  }

  console.log(`step: merge: the lead answers ${CONFLICT.question} differently in the app`);
  await (await byTestId(browser, 'question-pane')).waitForDisplayed({ timeout: 20000 });
  const item = await browser.$(`.tree-item[data-question="${CONFLICT.question}"]`);
  await item.waitForExist({ timeout: 10000, timeoutMsg: `${CONFLICT.question} is not in the tree` });
  await item.scrollIntoView();
  await item.click();
  const box = await browser.$(`#choice-${CONFLICT.ours}`);
  await box.waitForExist({ timeout: 10000, timeoutMsg: `${CONFLICT.question} did not open` });
  await box.scrollIntoView();
  await box.click();
  await browser.waitUntil(async () => box.isSelected(), { timeout: 10000, timeoutMsg: `${CONFLICT.ours} was not saved` });
  const before = json('show', workbook).risk.counts;

  console.log('step: merge: the plan in the app — one conflict, one change taken');
  await (await byTestId(browser, 'nav-dashboard')).click();
  await (await byTestId(browser, 'merge-open')).click();
  await (await byTestId(browser, 'merge-screen')).waitForDisplayed({ timeout: 10000 });
  await (await byTestId(browser, 'merge-path')).setValue(copy);
  await (await byTestId(browser, 'merge-plan')).click();
  await (await byTestId(browser, 'merge-summary')).waitForDisplayed({ timeout: 30000, timeoutMsg: 'no merge plan' });
  const rows = async (id) =>
    browser.execute((testid) => [...document.querySelectorAll(`[data-testid="${testid}"]`)].map((el) => ({ id: el.dataset.id, text: el.textContent })), id);
  const taken = await rows('merge-taken');
  const conflicts = await rows('merge-conflict');
  if (taken.map((r) => r.id).join() !== `answer:${TAKEN.question}`) fail(`the plan takes ${JSON.stringify(taken)}`);
  if (!taken[0].text.includes(REVIEWER) || !taken[0].text.includes(TAKEN.theirs)) fail(`the taken change does not name ${REVIEWER} and ${TAKEN.theirs}: ${taken[0].text}`);
  if (conflicts.map((r) => r.id).join() !== `answer:${CONFLICT.question}`) fail(`the plan's conflicts are ${JSON.stringify(conflicts)}`);
  const conflict = await browser.$(`[data-testid="merge-conflict"][data-id="answer:${CONFLICT.question}"]`);
  const ours = await (await conflict.$('[data-testid="merge-ours"]')).getText();
  const theirs = await (await conflict.$('[data-testid="merge-theirs"]')).getText();
  if (!ours.includes(CONFLICT.ours) || !theirs.includes(CONFLICT.theirs) || !theirs.includes(REVIEWER)) {
    fail(`the conflict does not show both sides with who: ours «${ours}», theirs «${theirs}»`);
  }
  const apply = await byTestId(browser, 'merge-apply');
  if (await apply.isEnabled()) fail('merge-apply is enabled before the conflict has a side');
  await screenshot(browser, 'merge-plan');
  await conflict.scrollIntoView();
  await screenshot(browser, 'merge-conflict');

  // The third choice, 編集 / Edit: the question's choices, started from this workbook's value.
  // Looked at and left: the walk takes 佐藤's side (the CLI tests merge edited values).
  console.log('step: merge: the edit choice shows the question\'s choices, started from ours');
  await (await conflict.$('[data-testid="merge-choose-edit"]')).click();
  const editPane = await conflict.$('[data-testid="merge-edit"]');
  await editPane.waitForDisplayed({ timeout: 5000, timeoutMsg: 'choosing 編集 shows no edit pane' });
  const boxes = async () =>
    browser.execute(
      (id) => [...document.querySelectorAll(`[data-testid="merge-conflict"][data-id="${id}"] [data-testid="merge-edit-choice"]`)].map((b) => [b.dataset.id, b.checked]),
      `answer:${CONFLICT.question}`,
    );
  const started = await boxes();
  if (started.length < 2 || started.filter(([, on]) => on).map(([id]) => id).join() !== CONFLICT.ours) fail(`the edit pane starts from ${JSON.stringify(started)}, not ${CONFLICT.ours}`);
  await browser.waitUntil(async () => apply.isEnabled(), { timeout: 5000, timeoutMsg: 'merge-apply stayed disabled with a usable edit' });
  await editPane.scrollIntoView();
  await screenshot(browser, 'merge-edit');

  console.log(`step: merge: take ${REVIEWER}'s side and apply`);
  await (await conflict.$('[data-testid="merge-choose-theirs"]')).click();
  if ((await conflict.$$('[data-testid="merge-edit"]')).length) fail('the edit pane stays after taking theirs');
  await browser.waitUntil(async () => apply.isEnabled(), { timeout: 5000, timeoutMsg: 'merge-apply stayed disabled after choosing' });
  await apply.click();
  const done = await byTestId(browser, 'merge-done');
  await done.waitForDisplayed({ timeout: 30000, timeoutMsg: 'the merge was not applied' });
  const said = await done.getText();
  if (!said.includes('取り込んだ変更 1 件') || !said.includes('解決した競合 1 件')) fail(`the merge result says ${said}`);
  await screenshot(browser, 'merge-done');
  // The change history names the merge and the copy as such, 佐藤's answers under 佐藤.
  await (await byTestId(browser, 'merge-to-history')).click();
  await (await byTestId(browser, 'audit-view')).waitForDisplayed({ timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="history-entry"]')).length > 0, { timeout: 20000, timeoutMsg: 'no history entries' });
  const kinds = await browser.execute(() => [...document.querySelectorAll('[data-testid="history-kind"]')].map((k) => k.textContent));
  for (const kind of ['レビュー担当者のワークブックの統合', 'ワークブックのコピー（レビュー担当者用）']) {
    if (!kinds.includes(kind)) fail(`the change history shows no ${kind}: ${[...new Set(kinds)].join(', ')}`);
  }
  const bySato = await browser.execute(
    (who) =>
      [...document.querySelectorAll('[data-testid="history-entry"]')]
        .filter((e) => e.querySelector('[data-testid="history-actor-name"]')?.textContent === who)
        .map((e) => e.querySelector('[data-testid="history-question-id"]')?.textContent ?? ''),
    REVIEWER,
  );
  if (!bySato.includes(CONFLICT.question) || !bySato.includes(TAKEN.question)) fail(`the change history shows ${REVIEWER}'s entries as ${JSON.stringify(bySato)}`);
  // Each of them says whose file it came from (the core's first line of a merged entry).
  const origins = await browser.execute(
    (who) =>
      [...document.querySelectorAll('[data-testid="history-entry"]')]
        .filter((e) => e.querySelector('[data-testid="history-actor-name"]')?.textContent === who)
        .map((e) => e.querySelector('[data-testid="history-change"]')?.textContent?.trim() ?? ''),
    REVIEWER,
  );
  if (origins.length === 0 || !origins.every((line) => /^統合元: .*e2e-sato\.hashira の #\d+$/.test(line))) {
    fail(`${REVIEWER}'s merged entries do not name their file: ${JSON.stringify(origins)}`);
  }
  // A conflict's resolution reads as its subject, not the resolutions file's id.
  const resolution = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="history-change"]')].map((c) => c.textContent?.trim() ?? '').find((t) => t.startsWith('競合の解決')),
  );
  if (resolution !== `競合の解決: 回答 ${CONFLICT.question}: 相手側を採用`) fail(`the merge entry reads ${resolution}`);
  await browser.execute(() => {
    const entries = [...document.querySelectorAll('[data-testid="history-entry"]')];
    entries.find((e) => e.textContent.includes('レビュー担当者のワークブックの統合'))?.scrollIntoView({ block: 'center' });
  });
  await screenshot(browser, 'merge-history');
  // The review is the merged one: SEC8 now answered in the tree.
  await (await byTestId(browser, 'nav-review')).click();
  const merged = await browser.$(`.tree-item[data-question="${TAKEN.question}"]`);
  await merged.waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await merged.getAttribute('data-risk')) !== 'UNANSWERED', {
    timeout: 10000,
    timeoutMsg: `the tree still shows ${TAKEN.question} unanswered after the merge`,
  });
  await browser.deleteSession();

  // The file, as the CLI reads it.
  for (const [q, choice] of [[CONFLICT.question, CONFLICT.theirs], [TAKEN.question, TAKEN.theirs]]) {
    const found = selected(workbook, q);
    if (found.choices.join() !== choice || found.by !== REVIEWER) fail(`after the merge ${q} is ${JSON.stringify(found)}, expected ${choice} by ${REVIEWER}`);
  }
  const after = json('show', workbook).risk.counts;
  if (after.answered !== before.answered + 1 || after.questions !== before.questions) {
    fail(`hashira show counts ${JSON.stringify(after)} after the merge, ${JSON.stringify(before)} before`);
  }
  const log = json('log', workbook);
  const last = log[log.length - 1];
  if (last.action !== 'workbook.merge' || last.description?.kind !== 'workbook_merge' || last.target !== basename(copy)) {
    fail(`the log does not end with the merge: ${JSON.stringify(last)}`);
  }
  for (const q of [CONFLICT.question, TAKEN.question]) {
    const entry = log.find((e) => e.action === 'answer.update' && e.target === q && e.actor === REVIEWER);
    if (!entry || entry.merged_from?.file !== basename(copy)) fail(`the log does not attribute ${q} to ${REVIEWER} from ${basename(copy)}: ${JSON.stringify(entry)}`);
  }
  const copied = log.find((e) => e.action === 'workbook.copy');
  if (copied?.description?.kind !== 'workbook_copy' || copied.actor !== REVIEWER) fail(`the copy entry reads ${JSON.stringify(copied)}`);
  const text = run('log', workbook);
  if (!text.includes('レビュー担当者のワークブックの統合') || !text.includes('ワークブックのコピー（レビュー担当者用）')) fail('hashira log does not name the copy and the merge');
  run('verify', workbook);
  console.log(`  CLI agrees: ${CONFLICT.question} ${CONFLICT.theirs} and ${TAKEN.question} ${TAKEN.theirs} by ${REVIEWER}, answered ${before.answered} → ${after.answered}, log ends with the merge, verify passes`);
}
