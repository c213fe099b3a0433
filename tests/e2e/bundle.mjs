// The hand-over bundle part of the e2e walk (walkthrough.mjs calls it with a new session on the
// walk's workbook, which has evidence files): open the bundle screen, write the bundle with its
// progress shown from the app's progress events, verify it in the app; write it again to the same
// path, which asks before replacing; then outside the app unzip it, run the real
// `sha256sum -c SHA256SUMS` inside, and `hashira bundle verify` it (exit 0), and check that the
// screen showed the manifest's audit chain head and the zip's file count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export async function walkBundle(browser, { byTestId, screenshot, fail, cli, workbook }) {
  const out = join(dirname(workbook), 'e2e-hand-over.zip');
  const text = async (id) => (await byTestId(browser, id)).getText();

  async function create() {
    await (await byTestId(browser, 'bundle-create')).click();
  }
  async function waitDone() {
    await (await byTestId(browser, 'bundle-done')).waitForDisplayed({ timeout: 120000, timeoutMsg: 'the bundle was not written' });
  }

  console.log('step: bundle for hand-over: write it with its progress');
  await (await byTestId(browser, 'nav-bundle')).click();
  await (await byTestId(browser, 'bundle-screen')).waitForDisplayed({ timeout: 10000 });
  await (await byTestId(browser, 'bundle-path')).setValue(out);
  await create();
  await waitDone();
  const progress = await byTestId(browser, 'bundle-progress');
  const events = Number(await progress.getAttribute('data-events'));
  if (!(events >= 1)) fail(`no progress event reached the page (data-events ${events})`);
  const files = await text('bundle-progress-files');
  const counted = /^(\d+)\/(\d+) ファイル$/.exec(files);
  if (!counted || counted[1] !== counted[2]) fail(`the progress does not end at n/n files: ${files}`);
  const bar = await byTestId(browser, 'bundle-progress-bar');
  const [value, max] = [Number(await bar.getAttribute('value')), Number(await bar.getAttribute('max'))];
  if (!(max > 0 && value === max)) fail(`the progress bar ends at ${value} of ${max}`);
  const written = await text('bundle-written');
  if (!written.includes(`${out} に保存しました（${counted[1]} ファイル`)) fail(`the result says ${written}`);
  const head = await text('bundle-head');
  console.log(`  ${files}, ${events} progress event(s), head ${head}`);
  await screenshot(browser, 'bundle-done');

  console.log('step: verify the bundle in the app');
  await (await byTestId(browser, 'bundle-verify')).click();
  const check = await byTestId(browser, 'bundle-check');
  await check.waitForDisplayed({ timeout: 60000, timeoutMsg: 'the bundle was not verified' });
  if ((await check.getAttribute('data-ok')) !== 'true') fail(`the app's check of the bundle failed: ${await check.getText()}`);
  await check.scrollIntoView();
  await screenshot(browser, 'bundle-verified');

  console.log('step: write it again to the same file: asked before replacing');
  await (await byTestId(browser, 'bundle-path')).scrollIntoView();
  await create();
  const confirm = await byTestId(browser, 'confirm-dialog');
  await confirm.waitForDisplayed({ timeout: 20000, timeoutMsg: 'an existing bundle was not asked about' });
  if (!(await confirm.getText()).includes(out)) fail(`the replace question does not name the file: ${await confirm.getText()}`);
  await screenshot(browser, 'bundle-replace');
  await (await byTestId(browser, 'confirm-ok')).click();
  await waitDone();
  const replacedHead = await text('bundle-head');
  await browser.deleteSession();

  console.log('step: the bundle outside the app: unzip, sha256sum -c, hashira bundle verify');
  const run = (command, args, options = {}) => {
    const done = spawnSync(command, args, { encoding: 'utf8', ...options });
    if (done.status !== 0) fail(`${command} ${args.join(' ')} exited ${done.status}: ${done.stdout}${done.stderr}`);
    return done.stdout;
  };
  const listed = run('unzip', ['-Z1', out]).trim().split('\n');
  if (`${listed.length}/${listed.length} ファイル` !== files) fail(`the zip has ${listed.length} entries, the app showed ${files}`);
  if (!listed.some((name) => name.startsWith('evidence/'))) fail(`no evidence in the bundle: ${listed}`);
  const dir = mkdtempSync(join(tmpdir(), 'hashira-e2e-bundle-'));
  run('unzip', ['-q', out, '-d', dir]);
  const sums = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
  const checkedFiles = sums.trim().split('\n').filter((line) => line.endsWith(': OK')).length;
  if (checkedFiles !== listed.length - 1) fail(`sha256sum -c checked ${checkedFiles} files of ${listed.length - 1}: ${sums}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8'));
  if (manifest.audit_chain_head !== replacedHead) fail(`the app showed head ${replacedHead}, the manifest has ${manifest.audit_chain_head}`);
  const verified = run(cli, ['bundle', 'verify', out]);
  console.log(`  sha256sum -c: ${checkedFiles} OK; ${verified.trim()}`);
}
