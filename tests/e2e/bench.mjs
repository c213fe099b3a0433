// Benchmarks of the real app (recorded in BENCHMARKS.md, not a timed test):
//   1. start (process start → first question rendered), opening the demo workbook;
//   2. saving an answer: click → IPC → SQLite commit → UI updated.
// Memory is measured without automation by bench-memory.sh; start without it by bench-first-paint.py.
// Usage (needs an X server, e.g. under xvfb-run):
//   HASHIRA_APP=target/release/hashira-app node tests/e2e/bench.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.HASHIRA_APP ?? join(root, 'target/release/hashira-app'));
const cli = resolve(process.env.HASHIRA_CLI ?? join(root, 'target/debug/hashira'));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const saves = Number(process.env.BENCH_SAVES ?? 30);
const dir = join(root, 'target/bench');
const demo = join(dir, 'demo.hashira');

async function freePort() {
  return new Promise((ok, ko) => {
    const server = createServer();
    server.on('error', ko);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const BOOT = Number(/btime (\d+)/.exec(readFileSync('/proc/stat', 'utf8'))[1]);

function processes() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return {
          pid: Number(pid),
          start: Number(fields[19]),
          exe: readlinkSync(`/proc/${pid}/exe`),
        };
      } catch {
        return null;
      }
    })
    .filter(Boolean);
}

function appProcess() {
  return processes()
    .filter((p) => p.exe === app)
    .sort((a, b) => b.start - a.start)[0];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

async function main() {
  if (!existsSync(app)) throw new Error(`no app at ${app}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const made = spawnSync(cli, ['demo', demo], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`hashira demo failed: ${made.stderr}`);

  const port = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], {
    stdio: 'ignore',
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), LANG: 'C.UTF-8' },
  });
  await new Promise((r) => setTimeout(r, 1000));
  const starts = [];
  const phases = [];
  let saveTimes = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const browser = await remote({
        hostname: '127.0.0.1',
        port,
        logLevel: 'error',
        capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: app, args: [demo] } },
      });
      await (await browser.$('[data-testid="question-pane"]')).waitForDisplayed({ timeout: 30000 });
      const rendered = await browser.execute(() => {
        const mark = performance.getEntriesByName('hashira:first-question')[0];
        return mark ? [performance.timeOrigin, mark.startTime] : null;
      });
      const proc = appProcess();
      const startedMs = (BOOT + proc.start / CLK_TCK) * 1000;
      starts.push(rendered[0] + rendered[1] - startedMs);
      phases.push({ webviewMs: Math.round(rendered[0] - startedMs), pageToQuestionMs: Math.round(rendered[1]) });

      if (run === 0) {
        // Save latency: toggle the first practice of the current question, measured in the page
        // from the click until the pane shows the saved answer (its "last changed" line updates).
        saveTimes = await browser.executeAsync((count, done) => {
          const times = [];
          const box = document.querySelector('[data-choice][data-none="false"] input[type="checkbox"]');
          const pane = document.querySelector('[data-testid="question-pane"]');
          let i = 0;
          const step = () => {
            if (i >= count) return done(times);
            const before = pane.dataset.updatedAt;
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (pane.dataset.updatedAt !== before) {
                observer.disconnect();
                times.push(performance.now() - t0);
                i += 1;
                setTimeout(step, 50);
              }
            });
            observer.observe(pane, { attributes: true, attributeFilter: ['data-updated-at'] });
            box.click();
          };
          step();
        }, saves);
      }
      await browser.deleteSession();
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    driver.kill();
  }
  const result = {
    app,
    startMs: { runs: starts.map(Math.round), median: Math.round(median(starts)), phases },
    saveMs: { n: saveTimes.length, median: +median(saveTimes).toFixed(1), p95: +p95(saveTimes).toFixed(1), max: +Math.max(...saveTimes).toFixed(1) },
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
