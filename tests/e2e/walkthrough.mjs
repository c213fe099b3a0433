// End-to-end walk-through of the real app: the debug build that `cargo test --workspace` makes,
// driven through WebDriver (tauri-driver + Debian's WebKitWebDriver) under an X server.
//
//   create a workbook → answer SEC 1 with two choices → Japanese notes (with an HTML injection
//   attempt) → attach a file → drop two more from another program (native drag and drop) → risk on the dashboard → quit → reopen → everything is there →
//   check the same file with `hashira show --json`; create a report, export/re-import the review
//   as Excel, import a WG sheet under a service name of our own and record a decision (checked
//   with `hashira wg list --json`), follow a criterion's question into the review and the
//   question pane's WG criterion back to the WG screen, re-import the sheet (its 判定 blank) and
//   see the plan show 採用 → (blank) kept and the decision stay; make a milestone, change SEC 1,
//   see it marked changed and then/now side by side, open the milestone read-only (milestones.mjs);
//   a damaged, a newer and a locked workbook each give a clear dialog and stay unchanged; then
//   upgrade fisc-sec to a next edition (the plan, applied, the re-review filter, confirm one) and
//   edit an improvement item (upgrade.mjs).
//
// Needs DISPLAY (scripts/test runs it under xvfb-run). Screenshots go to target/e2e-artifacts/.
// Env: HASHIRA_APP (default target/debug/hashira-app), HASHIRA_CLI (default target/debug/hashira).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { remote } from 'webdriverio';
import { checkGlyphs, expectBareMonospaceCaught, shippedFaces } from './glyphs.mjs';
import { checkUnderscores } from './underscore.mjs';
import { walkUpgrade } from './upgrade.mjs';
import { walkMerge } from './merge.mjs';
import { walkMilestones } from './milestones.mjs';
import { walkBundle } from './bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.HASHIRA_APP ?? join(root, 'target/debug/hashira-app'));
const cli = resolve(process.env.HASHIRA_CLI ?? join(root, 'target/debug/hashira'));
const artifacts = join(root, 'target/e2e-artifacts');
const home = join(artifacts, 'home');
const workbook = join(artifacts, 'e2e.hashira');
const evidenceFile = join(artifacts, 'kms-key-policy.txt');
const NOTES = '鍵管理は KMS で行い、ローテーションは年次。<img src=x onerror=alert(1)>';
const WORKLOAD = 'E2E 勘定系 API 基盤';
const CLIENT = '架空銀行株式会社';

const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const faces = shippedFaces(root); // the shipped UI font's cmap: every screen is checked for tofu

function fail(message) {
  throw new Error(message);
}

async function freePort() {
  return new Promise((ok, ko) => {
    const server = createServer();
    server.unref();
    server.on('error', ko);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok || res.status) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`tauri-driver did not listen on ${port}`);
}

let shot = 0;
async function screenshot(browser, name) {
  // The UI font (BIZ UD PGothic, shipped in the app) must be loaded: Japanese in real glyphs.
  const fontLoaded = await browser.execute(async () => {
    const faces = [...(await document.fonts.load('16px "Hashira UI"', '柱')), ...(await document.fonts.load('bold 16px "Hashira UI"', '柱'))];
    await document.fonts.ready;
    return faces.length === 2 && faces.every((f) => f.status === 'loaded');
  });
  if (!fontLoaded) fail('the shipped UI font did not load');
  shot += 1;
  const file = join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  await browser.pause(300); // let WebKit paint the state we waited for
  // From the X server, not WebDriver: see tests/e2e/x-screenshot.py.
  const taken = spawnSync('/usr/bin/python3', [join(root, 'tests/e2e/x-screenshot.py'), file], { encoding: 'utf8' });
  if (taken.status !== 0) fail(`screenshot failed: ${taken.stderr}`);
  const glyphs = await checkGlyphs(browser, faces, name);
  console.log(`  screenshot ${file} (${glyphs} characters, all in the shipped font)`);
}

// Two files dragged out of another X client (tests/e2e/drag-source.py, a GTK window standing in
// for the file manager) and dropped on the question pane: xdotool moves the real pointer, so the
// drop goes through XDND, GTK and Tauri's drag-drop events as a user's would.
const dropped = [join(artifacts, 'cloudtrail-設定.txt'), join(artifacts, 'iam-policy <img src=x onerror=alert(1)>.json')];

async function dropFiles(browser, files) {
  const source = spawn('/usr/bin/python3', [join(root, 'tests/e2e/drag-source.py'), ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((ok, ko) => {
      source.stdout.once('data', ok);
      source.once('exit', (code) => ko(new Error(`drag source exited with ${code}`)));
    });
    const xdotool = (...args) => {
      const run = spawnSync('xdotool', args.map(String), { encoding: 'utf8' });
      if (run.status !== 0) fail(`xdotool ${args.join(' ')}: ${run.stderr}`);
      return run.stdout;
    };
    await browser.pause(500);
    const wid = xdotool('search', '--name', '^hashira-e2e-drag-source$').trim().split('\n')[0];
    xdotool('windowraise', wid);
    const geometry = Object.fromEntries(xdotool('getwindowgeometry', '--shell', wid).trim().split('\n').map((l) => l.split('=')));
    const [x, y] = [Number(geometry.X) + 40, Number(geometry.Y) + 30];
    xdotool('mousemove', x, y, 'mousedown', 1);
    // GTK starts a drag only after the pointer moves with the button held; move in steps
    // to the middle of the question pane.
    for (let i = 1; i <= 20; i += 1) {
      xdotool('mousemove', x + i * 35, y + i * 18);
      await browser.pause(40);
    }
    await (await byTestId(browser, 'drop-zone')).waitForExist({ timeout: 5000, timeoutMsg: 'no drop zone while dragging' });
    await screenshot(browser, 'evidence-dragging');
    xdotool('mouseup', 1);
    await (await byTestId(browser, 'drop-zone')).waitForExist({ reverse: true, timeout: 5000, timeoutMsg: 'drop zone stayed after the drop' });
  } finally {
    source.kill();
  }
}

async function session(port, args = []) {
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: app, args },
    },
  });
}

async function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

async function main() {
  if (!existsSync(app)) fail(`app not built: ${app} (run cargo test --workspace, or cargo build -p hashira-app)`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(evidenceFile, 'KMS キーポリシー（抜粋）\nkey-rotation: enabled\n');
  writeFileSync(dropped[0], 'CloudTrail: 全リージョン有効\n');
  writeFileSync(dropped[1], '{"Version": "2012-10-17"}\n');

  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // A private settings/data folder: recent list and demo never touch the user's own.
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      USER: 'e2e-reviewer',
      LANG: 'C.UTF-8',
    },
  });
  try {
    await waitForPort(port, 15000);

    // ---- First run: create, answer, note, attach, dashboard.
    console.log('step: create a workbook');
    let browser = await session(port);
    await (await byTestId(browser, 'start-screen')).waitForDisplayed({ timeout: 20000 });
    await (await byTestId(browser, 'set-sec')).waitForExist({ timeout: 20000 });
    await browser.waitUntil(async () => !(await browser.$('[data-testid="busy"]').isExisting()), { timeout: 20000 });
    await screenshot(browser, 'start-screen');
    await (await byTestId(browser, 'new-name')).setValue(WORKLOAD);
    await (await byTestId(browser, 'new-path')).setValue(workbook);
    await (await byTestId(browser, 'create-workbook')).click();
    const pane = await byTestId(browser, 'question-pane');
    await pane.waitForDisplayed({ timeout: 20000 });
    const label = await (await byTestId(browser, 'question-id')).getText();
    if (label !== 'SEC1') fail(`first question is ${label}, expected SEC1 (ids print one way, never SEC 1)`);
    const title = await browser.getTitle();
    if (!title.includes(WORKLOAD)) fail(`window title "${title}" does not name the workbook`);
    await screenshot(browser, 'review-sec1');

    console.log('step: answer SEC 1 with two choices');
    const questionId = await pane.getAttribute('data-question');
    const choiceIds = await browser.execute(() =>
      [...document.querySelectorAll('[data-choice]')]
        .filter((el) => el.getAttribute('data-none') !== 'true')
        .map((el) => el.getAttribute('data-choice')),
    );
    if (choiceIds.length < 2) fail('SEC 1 has fewer than two choices');
    const chosen = choiceIds.slice(0, 2);
    for (const id of chosen) {
      await (await browser.$(`#choice-${id}`)).click();
      await browser.waitUntil(async () => (await browser.$(`#choice-${id}`)).isSelected(), { timeout: 5000 });
    }
    const headRisk = await browser.$('.q-head [data-testid="risk-mark"]');
    await browser.waitUntil(async () => !(await headRisk.getAttribute('class')).includes('UNANSWERED'), {
      timeout: 5000,
      timeoutMsg: 'risk did not change after answering',
    });
    const riskAfter = (await headRisk.getAttribute('class')).replace(/.*risk-/, '');
    console.log(`  SEC 1 risk is now ${riskAfter}`);
    await screenshot(browser, 'answered');

    console.log('step: Japanese notes');
    const notes = await byTestId(browser, 'notes');
    await notes.setValue(NOTES);
    await browser.waitUntil(async () => (await (await byTestId(browser, 'notes-state')).getAttribute('data-state')) === 'saved', {
      timeout: 10000,
      timeoutMsg: 'notes were not saved',
    });
    if ((await browser.$$('img')).length !== 0) fail('the note was rendered as HTML');
    await screenshot(browser, 'notes');

    console.log('step: attach a file as evidence');
    await (await byTestId(browser, 'ev-path')).setValue(evidenceFile);
    await (await byTestId(browser, 'ev-title')).setValue('KMS キーポリシー');
    await (await byTestId(browser, 'ev-add')).click();
    const item = await byTestId(browser, 'evidence-item');
    await item.waitForDisplayed({ timeout: 10000 });
    const hash = await (await byTestId(browser, 'evidence-hash')).getText();
    if (!/SHA-256 [0-9a-f]{64}/.test(hash)) fail(`evidence hash not shown: ${hash}`);
    await item.scrollIntoView();
    await screenshot(browser, 'evidence');

    console.log('step: drop two files from another program onto the question (native drag and drop)');
    await dropFiles(browser, dropped);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="evidence-item"]')).length === 3, {
      timeout: 20000,
      timeoutMsg: 'the dropped files were not added as evidence',
    });
    const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="evidence-item"]')].map((e) => e.textContent));
    for (const file of dropped) {
      if (!names.some((text) => text.includes(basename(file)))) fail(`dropped ${basename(file)} is not listed: ${names}`);
    }
    if (await (await byTestId(browser, 'drop-failure')).isExisting()) fail('a dropped file failed');
    await screenshot(browser, 'evidence-dropped');

    console.log('step: add the Amazon S3 lens as a question set (dashboard → 質問セットを追加), answer its OPS_1');
    const lensFile = join(artifacts, 'Amazon_S3_Lens.json');
    copyFileSync(join(root, 'tests/lenses/Amazon_S3_Lens.json'), lensFile);
    await (await byTestId(browser, 'nav-dashboard')).click();
    await (await byTestId(browser, 'add-set')).click();
    await (await byTestId(browser, 'lens-path')).setValue(lensFile);
    await (await byTestId(browser, 'lens-preview')).click();
    await (await byTestId(browser, 'lens-plan')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'no preview of the lens' });
    const lensCounts = await (await byTestId(browser, 'lens-counts')).getText();
    if (!lensCounts.startsWith('6 柱・35 問')) fail(`the lens preview says ${lensCounts}, not 6 pillars and 35 questions`);
    const lensSet = await (await byTestId(browser, 'lens-set-id')).getText();
    await screenshot(browser, 'lens-preview');
    await (await byTestId(browser, 'lens-add-apply')).click();
    await (await byTestId(browser, 'lens-added')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'the lens was not added' });
    await (await byTestId(browser, `dash-set-${lensSet}`)).waitForExist({ timeout: 5000, timeoutMsg: `the dashboard does not show the set ${lensSet}` });
    await (await byTestId(browser, 'nav-review')).click();
    const ops1 = await browser.$(`.tree-set[data-set="${lensSet}"] .tree-item[data-question="OPS_1"]`);
    await ops1.waitForExist({ timeout: 5000, timeoutMsg: `OPS_1 of ${lensSet} is not in the tree` });
    await ops1.scrollIntoView();
    await ops1.click();
    await browser.waitUntil(async () => (await (await byTestId(browser, 'question-pane')).getAttribute('data-question')) === 'OPS_1', {
      timeout: 10000,
      timeoutMsg: 'OPS_1 did not open',
    });
    const lensChoices = await browser.execute(() => [...document.querySelectorAll('[data-choice]')].map((el) => el.getAttribute('data-choice')));
    if (lensChoices.length !== 7 || lensChoices[0] !== 'OPS_1_1') fail(`OPS_1 shows the choices ${lensChoices}`);
    await (await browser.$('[data-testid="choice-help-OPS_1_1"] summary')).click();
    const lensHelp = await (await byTestId(browser, 'choice-help-OPS_1_1')).getText();
    if (!lensHelp.includes('Tagging can be used to ensure each resource clearly describes what team and workload owns it.')) {
      fail(`the description of OPS_1_1 is not shown: ${lensHelp}`);
    }
    await (await browser.$('#choice-OPS_1_1')).click();
    await browser.waitUntil(async () => (await browser.$('#choice-OPS_1_1')).isSelected(), { timeout: 5000 });
    await browser.waitUntil(async () => !(await (await browser.$('.q-head [data-testid="risk-mark"]')).getAttribute('class')).includes('UNANSWERED'), {
      timeout: 5000,
      timeoutMsg: 'OPS_1 risk did not change after answering',
    });
    // Ids print one way: the "_" of OPS_1 drawn at every size the UI uses (pixels, both weights).
    const underscores = await checkUnderscores(browser, root, artifacts);
    console.log(`  every "_" drawn: ${underscores} on the ids of OPS_1 and at every font size of the UI`);
    await screenshot(browser, 'lens-question');

    console.log('step: dashboard shows the risk');
    await (await byTestId(browser, 'nav-dashboard')).click();
    await (await byTestId(browser, 'dashboard')).waitForDisplayed({ timeout: 5000 });
    const high = Number(await (await byTestId(browser, 'count-high')).getText());
    const medium = Number(await (await byTestId(browser, 'count-medium')).getText());
    if (riskAfter === 'HIGH' || riskAfter === 'MEDIUM') {
      const listed = await browser.$(`[data-testid="risk-list"] [data-question="${questionId}"]`);
      if (!(await listed.isExisting())) fail('SEC 1 is not in the dashboard risk list');
      const planned = await browser.$(`[data-testid="improvement-plan"] [data-question="${questionId}"]`);
      await planned.waitForExist({ timeout: 10000, timeoutMsg: 'SEC 1 is not in the improvement plan' });
    }
    await screenshot(browser, 'dashboard');

    console.log('step: workload properties and the English switch');
    await (await byTestId(browser, 'nav-workload')).click();
    const client = await byTestId(browser, 'wl-client_organization');
    await client.waitForDisplayed({ timeout: 5000 });
    await client.setValue(CLIENT);
    await (await byTestId(browser, 'wl-industry')).click(); // leaving the field saves it
    await browser.waitUntil(async () => (await browser.$('.save-state.saved').isExisting()), {
      timeout: 10000,
      timeoutMsg: 'workload change was not saved',
    });
    // The top nav is one line at 1280 px in both languages (every button at the same top).
    const navRows = () => browser.execute(() => new Set([...document.querySelectorAll('.topbar nav button')].map((b) => b.getBoundingClientRect().top)).size);
    const navWidth = await browser.execute(() => window.innerWidth);
    if (navWidth !== 1280) fail(`the window is ${navWidth} px wide, not the 1280 px the nav is checked at`);
    if ((await navRows()) !== 1) fail(`the nav wraps at ${navWidth} px in Japanese`);
    await (await byTestId(browser, 'lang-switch')).click();
    await browser.waitUntil(async () => (await (await byTestId(browser, 'nav-dashboard')).getText()) === 'Dashboard', { timeout: 5000 });
    if ((await navRows()) !== 1) fail(`the nav wraps at ${navWidth} px in English`);
    console.log(`  the nav is one line at ${navWidth} px in Japanese and English`);
    await screenshot(browser, 'workload-english');
    await (await byTestId(browser, 'lang-switch')).click();

    console.log('step: quit');
    await browser.deleteSession();

    // ---- Second run: the workbook path as the first argument.
    console.log('step: reopen');
    browser = await session(port, [workbook]);
    const pane2 = await byTestId(browser, 'question-pane');
    await pane2.waitForDisplayed({ timeout: 20000 });
    for (const id of chosen) {
      if (!(await (await browser.$(`#choice-${id}`)).isSelected())) fail(`choice ${id} lost after reopening`);
    }
    const notesAgain = await (await byTestId(browser, 'notes')).getValue();
    if (notesAgain !== NOTES) fail(`notes lost after reopening: ${notesAgain}`);
    if ((await browser.$$('[data-testid="evidence-item"]')).length !== 3) fail('evidence lost after reopening');
    if ((await browser.$$('img')).length !== 0) fail('the note was rendered as HTML after reopening');
    await screenshot(browser, 'reopened');
    await (await byTestId(browser, 'nav-dashboard')).click();
    await (await byTestId(browser, 'dashboard')).waitForDisplayed({ timeout: 5000 });
    if (Number(await (await byTestId(browser, 'count-high')).getText()) !== high) fail('high count changed after reopening');
    if (Number(await (await byTestId(browser, 'count-medium')).getText()) !== medium) fail('medium count changed after reopening');
    // Every figure the dashboard prints, compared below with `hashira show --json` of the same file.
    const dashboard = await browser.execute(() => {
      const text = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim() ?? null;
      const sets = {};
      for (const el of document.querySelectorAll('[data-testid^="dash-progress-"]')) {
        sets[el.getAttribute('data-testid').slice('dash-progress-'.length)] = el.textContent.trim();
      }
      const counts = ['high', 'medium', 'none', 'not-applicable', 'unanswered', 'na-without-reason'].map((id) => text(`count-${id}`));
      return { total: text('dash-total-progress'), counts, sets };
    });
    await (await byTestId(browser, 'nav-audit')).click();
    await (await byTestId(browser, 'verify')).click();
    const verified = await byTestId(browser, 'verify-result');
    await verified.waitForDisplayed({ timeout: 10000 });
    if (!(await verified.getAttribute('class')).includes('ok')) fail(`verify failed: ${await verified.getText()}`);
    // The change history's monospace text (the raw entries, opened) holds Japanese: the
    // screenshot shows it in real glyphs, not boxes, and the glyph check covers it.
    const monoJapanese = await browser.execute(() => {
      const view = document.querySelector('[data-testid="audit-view"]');
      for (const details of view.querySelectorAll('details')) details.open = true;
      for (const pre of view.querySelectorAll('pre')) pre.scrollTop = pre.scrollHeight; // new_value is near the end
      return [...view.querySelectorAll(':is(.mono, pre)')].some((el) => el.getClientRects().length > 0 && /[\u3040-\u30ff\u4e00-\u9fff]/.test(el.textContent));
    });
    if (!monoJapanese) fail('the change history shows no Japanese in a monospace element');
    await expectBareMonospaceCaught(browser, faces, 'audit (bare monospace)');
    await screenshot(browser, 'audit-verified');

    console.log('step: create the PDF report');
    const reportPdf = join(artifacts, 'e2e-report.pdf');
    rmSync(reportPdf, { force: true });
    await (await byTestId(browser, 'nav-report')).click();
    await (await byTestId(browser, 'report-screen')).waitForDisplayed({ timeout: 5000 });
    if ((await (await byTestId(browser, 'report-label')).getValue()) !== '社外秘') fail('the report label is not 社外秘 by default');
    await (await byTestId(browser, 'report-path')).setValue(reportPdf);
    // The review is unfinished here: the screen warns before writing, and the report is a draft.
    const draftWarning = await byTestId(browser, 'report-draft-warning');
    await draftWarning.waitForDisplayed({ timeout: 5000, timeoutMsg: 'no warning before writing the report of an incomplete review' });
    const draftSets = await browser.execute(() => [...document.querySelectorAll('[data-testid^="report-draft-"]')].map((el) => el.getAttribute('data-testid')));
    if (!draftSets.includes('report-draft-sec')) fail(`the draft warning does not list the unfinished set sec: ${draftSets}`);
    const createLabel = await (await byTestId(browser, 'report-create')).getText();
    if (createLabel !== 'ドラフトとして作成') fail(`the create button does not say it writes a draft: ${createLabel}`);
    await screenshot(browser, 'report-draft-warning');
    await (await byTestId(browser, 'report-create')).click();
    await (await byTestId(browser, 'report-done')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'the report was not created' });
    await screenshot(browser, 'report-created');
    if (!existsSync(reportPdf)) fail(`no report at ${reportPdf}`);
    const text = spawnSync('pdftotext', [reportPdf, '-'], { encoding: 'utf8' });
    if (text.status !== 0) fail(`pdftotext failed: ${text.stderr}`);
    if (!text.stdout.includes(WORKLOAD)) fail('the report does not name the workload');
    console.log(`  report ${reportPdf} names the workload`);
    // Every page of a draft carries the mark (pdftotext ends each page with a form feed), and the
    // cover states the integrity check of the workbook it was made from.
    const pages = text.stdout.split('\f').filter((page) => page.trim() !== '');
    const unmarked = pages.map((page, i) => (page.includes('ドラフト（未完了）') ? null : i + 1)).filter(Boolean);
    if (pages.length < 2 || unmarked.length > 0) fail(`report pages without the draft mark: ${unmarked} of ${pages.length}`);
    if (!pages[0].includes('改ざん検査: 問題なし')) fail('the cover does not state the integrity check');
    console.log(`  all ${pages.length} pages marked ドラフト（未完了）; the cover states 改ざん検査: 問題なし`);

    console.log('step: export the review to Excel');
    const reviewXlsx = join(artifacts, 'e2e-review.xlsx');
    rmSync(reviewXlsx, { force: true });
    await (await byTestId(browser, 'nav-excel')).click();
    await (await byTestId(browser, 'excel-screen')).waitForDisplayed({ timeout: 5000 });
    await (await byTestId(browser, 'excel-export-path')).setValue(reviewXlsx);
    await (await byTestId(browser, 'excel-export')).click();
    await (await byTestId(browser, 'excel-exported')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'the review was not exported' });
    if (!existsSync(reviewXlsx) || readFileSync(reviewXlsx).subarray(0, 2).toString('latin1') !== 'PK') fail(`no .xlsx (zip) at ${reviewXlsx}`);

    console.log('step: re-import the exported sheet (dry run)');
    await (await byTestId(browser, 'excel-import-path')).setValue(reviewXlsx);
    await (await byTestId(browser, 'excel-preview')).click();
    await (await byTestId(browser, 'excel-plan')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'no dry-run plan for the exported sheet' });
    await screenshot(browser, 'excel');

    console.log('step: export the set for the AWS WA Tool (hand-off folder)');
    const waDir = join(artifacts, 'e2e-wa-tool');
    rmSync(waDir, { recursive: true, force: true });
    await (await byTestId(browser, 'nav-wa')).click();
    await (await byTestId(browser, 'wa-screen')).waitForDisplayed({ timeout: 5000 });
    await (await byTestId(browser, 'wa-out-dir')).setValue(waDir);
    await (await byTestId(browser, 'wa-export')).click();
    await (await byTestId(browser, 'wa-exported')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'nothing was exported for the WA Tool' });
    const waAnswers = existsSync(join(waDir, 'answers')) ? readdirSync(join(waDir, 'answers')).filter((f) => f.endsWith('.json')) : [];
    if (waAnswers.length === 0 || !existsSync(join(waDir, 'lens.json')) || !existsSync(join(waDir, 'push.sh'))) {
      fail(`the WA Tool folder ${waDir} lacks lens.json, push.sh or answers/*.json`);
    }
    console.log(`  ${waAnswers.length} answer(s) in ${waDir}/answers, lens.json and push.sh`);
    await screenshot(browser, 'wa-tool');

    console.log('step: WG evaluation: import a WG sheet in the app under a service name, review the plan, set a decision');
    const wgSheet = join(root, 'crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx');
    const WG_SERVICE = 'Amazon S3（E2E 本番）';
    await (await byTestId(browser, 'nav-wg')).click();
    await (await byTestId(browser, 'wg-screen')).waitForDisplayed({ timeout: 5000 });
    await (await byTestId(browser, 'wg-import-path')).setValue(wgSheet);
    await (await byTestId(browser, 'wg-import-service')).setValue(WG_SERVICE);
    await (await byTestId(browser, 'wg-preview')).click();
    await (await byTestId(browser, 'wg-plan')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'no WG dry-run plan' });
    const planTitle = await (await browser.$('[data-testid="wg-plan"] h2')).getText();
    if (!planTitle.includes(WG_SERVICE)) fail(`the WG plan does not name the service given: ${planTitle}`);
    await screenshot(browser, 'wg-plan');
    await (await byTestId(browser, 'wg-apply')).click();
    const openService = await browser.$('[data-testid^="wg-open-"]');
    await openService.waitForDisplayed({ timeout: 60000, timeoutMsg: 'the imported WG evaluation is not listed' });
    await openService.click();
    await (await byTestId(browser, 'wg-detail')).waitForDisplayed({ timeout: 20000 });
    await (await byTestId(browser, 'wg-decision-0')).selectByAttribute('value', 'ADOPTED');
    await browser.waitUntil(
      async () => (await (await byTestId(browser, 'wg-state-0')).getAttribute('data-state')) === 'saved',
      { timeout: 20000, timeoutMsg: 'the decision was not saved' },
    );
    await screenshot(browser, 'wg-detail');

    console.log('step: WG criterion → its question in the review → the criterion back on the WG screen');
    const criterionText = await (await browser.$$('[data-testid="wg-criterion-text"]'))[0].getText();
    const questionLink = await browser.$('[data-testid="wg-criterion"] button[data-testid^="wg-question-"]');
    await questionLink.waitForDisplayed({ timeout: 5000, timeoutMsg: 'the first criterion names no question of the workbook' });
    const linkedId = (await questionLink.getAttribute('data-testid')).replace('wg-question-', '');
    await questionLink.click();
    await browser.waitUntil(
      async () => (await (await byTestId(browser, 'question-pane')).getAttribute('data-question')) === linkedId,
      { timeout: 20000, timeoutMsg: `the review did not open ${linkedId}` },
    );
    await (await byTestId(browser, 'wg-links')).waitForDisplayed({ timeout: 20000, timeoutMsg: `no WG criteria in the pane of ${linkedId}` });
    const paneLink = (await browser.$$('[data-testid="wg-link"]'))[0];
    const paneText = await (await browser.$$('[data-testid="wg-link-text"]'))[0].getText();
    const paneDecision = await (await browser.$$('[data-testid="wg-link-decision"]'))[0].getAttribute('data-decision');
    if (!(await paneLink.getText()).includes(WG_SERVICE) || paneText !== criterionText || paneDecision !== 'ADOPTED') {
      fail(`the pane of ${linkedId} shows ${await paneLink.getText()} / ${paneText} / ${paneDecision}`);
    }
    await browser.execute(() => document.querySelector('[data-testid="wg-links"]')?.scrollIntoView({ block: 'center' }));
    await screenshot(browser, 'question-wg-links');
    await paneLink.click();
    await (await byTestId(browser, 'wg-detail')).waitForDisplayed({ timeout: 20000 });
    await browser.waitUntil(
      async () =>
        browser.execute(() => {
          const rows = [...document.querySelectorAll('[data-testid="wg-criterion"]')];
          return rows.findIndex((row) => row.getAttribute('aria-current') === 'true') === 0;
        }),
      { timeout: 20000, timeoutMsg: 'the WG screen did not highlight the criterion' },
    );
    await screenshot(browser, 'wg-criterion-highlighted');

    // The same sheet again: its 判定 of that criterion is blank. The plan shows the stored
    // decision before → after (kept), and applying keeps 採用 (the CLI check below counts it).
    console.log('step: WG re-import of a sheet with a blank decision: the plan shows 採用 → (blank) kept');
    await (await byTestId(browser, 'wg-import-path')).setValue(wgSheet);
    await (await byTestId(browser, 'wg-import-service')).setValue(WG_SERVICE);
    await (await byTestId(browser, 'wg-preview')).click();
    await (await byTestId(browser, 'wg-plan')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'no WG re-import plan' });
    const reimported = await browser.$('[data-testid="wg-plan-row"]');
    const reimportStatus = await reimported.getAttribute('data-status');
    const decisionLine = await (await reimported.$('[data-testid="wg-plan-field"][data-field="decision"]')).getText();
    if (reimportStatus !== 'BLANK_KEPT' || !decisionLine.includes('採用 → （空欄） 保持')) {
      fail(`the re-import plan hides the stored decision: ${reimportStatus} / ${decisionLine}`);
    }
    await screenshot(browser, 'wg-reimport-plan');
    await (await byTestId(browser, 'wg-apply')).click();
    await (await byTestId(browser, 'wg-applied')).waitForDisplayed({ timeout: 60000, timeoutMsg: 'the WG re-import was not applied' });
    await browser.waitUntil(async () => (await (await byTestId(browser, 'wg-decision-0')).getValue()) === 'ADOPTED', {
      timeout: 20000,
      timeoutMsg: 'the re-import changed the stored decision',
    });
    // A milestone, a change since, its marker and then/now, the milestone read-only (milestones.mjs).
    await walkMilestones({ browser, byTestId, screenshot, fail, cli, workbook, questionId, chosen });
    await browser.deleteSession();
    const wgList = spawnSync(cli, ['wg', 'list', '--json', workbook], { encoding: 'utf8' });
    if (wgList.status !== 0) fail(`hashira wg list failed: ${wgList.stderr}`);
    const evaluations = JSON.parse(wgList.stdout);
    if (evaluations.length !== 1 || evaluations[0].service !== WG_SERVICE || evaluations[0].decisions?.ADOPTED !== 1) {
      fail(`CLI sees WG evaluations ${wgList.stdout}`);
    }
    console.log(`  CLI agrees: ${evaluations[0].service} has 1 criterion adopted`);

    // ---- A file that is not a workbook: a clear dialog, and the file is left as it was.
    console.log('step: open a damaged file');
    const damaged = join(artifacts, 'damaged.hashira');
    const junk = 'これはワークブックではありません\n'.repeat(100);
    writeFileSync(damaged, junk);
    browser = await session(port, [damaged]);
    const dialog = await byTestId(browser, 'error-dialog');
    await dialog.waitForDisplayed({ timeout: 20000 });
    const said = await (await byTestId(browser, 'error-message')).getText();
    if (!said.includes('damaged.hashira') || said.includes('{')) fail(`unclear error: ${said}`);
    await screenshot(browser, 'damaged-file');
    await browser.deleteSession();
    if (readFileSync(damaged, 'utf8') !== junk) fail('the damaged file was modified');

    // ---- A workbook from a newer Hashira, and one locked by another program: a clear dialog
    // naming the file, and not a byte changed.
    const sqlite = (file, sql) => {
      const run = spawnSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.close()', file, sql], { encoding: 'utf8' });
      if (run.status !== 0) fail(`python3 sqlite3 failed: ${run.stderr}`);
    };
    async function expectRefusal(file, name, expected) {
      const before = sha(file);
      browser = await session(port, [file]);
      await (await byTestId(browser, 'error-dialog')).waitForDisplayed({ timeout: 20000 });
      const text = await (await byTestId(browser, 'error-message')).getText();
      if (!text.includes(basename(file)) || !expected.test(text) || text.includes('{')) fail(`unclear ${name} dialog: ${text}`);
      if (await (await byTestId(browser, 'question-pane')).isExisting()) fail(`the ${name} workbook was opened`);
      await screenshot(browser, name);
      await browser.deleteSession();
      if (sha(file) !== before) fail(`the ${name} workbook was modified`);
      console.log(`  ${name}: ${text}`);
    }

    console.log('step: open a workbook written by a newer Hashira');
    const newer = join(artifacts, 'newer.hashira');
    copyFileSync(workbook, newer);
    sqlite(newer, 'PRAGMA user_version = 999;');
    await expectRefusal(newer, 'newer-workbook', /新しいバージョン.*999/);

    console.log('step: open a workbook another program holds locked');
    const locked = join(artifacts, 'locked.hashira');
    copyFileSync(workbook, locked);
    // Another program inside an exclusive transaction (as SQLite tools and sync clients can be).
    const holder = spawn('python3', ['-c', [
      'import sqlite3,sys,time',
      'c=sqlite3.connect(sys.argv[1], isolation_level=None)',
      "c.execute('BEGIN EXCLUSIVE')",
      "print('locked', flush=True)",
      'time.sleep(120)',
    ].join('\n'), locked], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((ok, ko) => {
      holder.stdout.once('data', ok);
      holder.once('exit', (code) => ko(new Error(`lock holder exited with ${code}`)));
    });
    try {
      await expectRefusal(locked, 'locked-workbook', /別のプログラムで使用中/);
    } finally {
      holder.kill();
    }

    // ---- The CLI reads the same file.
    console.log('step: hashira show --json');
    if (existsSync(cli)) {
      const shown = spawnSync(cli, ['show', '--json', workbook], { encoding: 'utf8' });
      if (shown.status !== 0) fail(`hashira show failed: ${shown.stderr}`);
      const data = JSON.parse(shown.stdout);
      if (data.workload?.name !== WORKLOAD) fail(`CLI sees workload ${data.workload?.name}`);
      if (data.workload?.client_organization !== CLIENT) fail(`CLI sees client ${data.workload?.client_organization}`);
      const counts = data.risk?.counts;
      if (!counts || counts.high !== high || counts.medium !== medium || counts.answered < 1) {
        fail(`CLI risk counts differ: ${JSON.stringify(counts)} vs high ${high} medium ${medium}`);
      }
      writeFileSync(join(artifacts, 'hashira-show.json'), shown.stdout);
      // The dashboard prints the core's figures, never its own: the same numbers as the CLI.
      const progress = (c) => `${c.reviewed}/${c.questions} レビュー済み（${c.progress_percent}%）`;
      const expected = {
        total: `進捗 ${progress(counts)}`,
        counts: [counts.high, counts.medium, counts.none, counts.not_applicable, counts.unanswered]
          .map(String)
          .concat(counts.not_applicable_without_reason > 0 ? [String(counts.not_applicable_without_reason)] : [null]),
        sets: Object.fromEntries(data.risk.sets.map((s) => [s.set_id, progress(s.counts)])),
      };
      if (!isDeepStrictEqual(dashboard, expected)) {
        fail(`dashboard figures differ from hashira show --json: ${JSON.stringify(dashboard)} vs ${JSON.stringify(expected)}`);
      }
      console.log(`  CLI agrees with the dashboard: ${dashboard.total}, ${Object.keys(dashboard.sets).length} sets`);
      const s3 = data.risk.sets.find((s) => s.set_id === lensSet);
      if (!s3 || s3.counts.questions !== 35 || s3.counts.answered !== 1) fail(`CLI sees the lens set ${lensSet} as ${JSON.stringify(s3?.counts)}`);
      console.log(`  CLI agrees: the lens set ${lensSet} (${dashboard.sets[lensSet]}) has 35 questions, 1 answered`);
      const listed = spawnSync(cli, ['evidence', 'list', workbook, '--json'], { encoding: 'utf8' });
      if (listed.status !== 0) fail(`hashira evidence list failed: ${listed.stderr}`);
      const stored = JSON.parse(listed.stdout);
      for (const file of [evidenceFile, ...dropped]) {
        const found = stored.find((e) => e.sha256 === sha(file));
        if (!found || found.file_name !== basename(file) || found.question_id !== questionId) {
          fail(`CLI does not see ${basename(file)} as evidence of ${questionId}: ${listed.stdout}`);
        }
      }
      console.log(`  CLI agrees: ${stored.length} evidence files with their SHA-256`);
      console.log(`  CLI agrees: answered ${counts.answered}, high ${counts.high}, medium ${counts.medium}`);
    } else {
      fail(`CLI not built: ${cli}`);
    }
    // ---- Upgrade fisc-sec to a next edition, the re-review list, an improvement item (upgrade.mjs);
    // after the checks above, which count the answers as the first part left them.
    browser = await session(port, [workbook]);
    await walkUpgrade({ browser, byTestId, screenshot, fail, cli, workbook, root });
    await walkBundle(await session(port, [workbook]), { byTestId, screenshot, fail, cli, workbook });
    await walkMerge(await session(port, [workbook]), { byTestId, screenshot, fail, cli, workbook });
    console.log('e2e walk-through passed');
  } finally {
    driver.kill();
  }
}

main().catch((error) => {
  console.error(`e2e FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
