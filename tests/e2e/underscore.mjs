// Ids print one way everywhere: "OPS_1", never "OPS 1". BIZ UD PGothic's "_" is a bar thinner
// than a pixel whose own hinting rounds both edges to the same row at most sizes, and FreeType
// (WebKitGTK) then draws nothing; app.css takes "_" from a one-glyph copy with hinting that keeps
// it one pixel high (scripts/underscore-font.py). Checked on pixels from the X server: each "_"
// is screenshot as drawn and again with a space in its place; where it stood, the first picture
// must hold a dark horizontal line (tests/e2e/x-ink.py). On the real ids of the screen, and on
// probe lines at every font size the app's style sheets use, in both weights. A negative control
// in the same run draws the probes in the font as shipped (no fix) and must find the "_" missing
// at some size: the check can see the bug, so its passing means the fix works.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const PROBE = 'OPS_1 SEC_01';

function python(args, input) {
  const done = spawnSync('/usr/bin/python3', args.map(String), { encoding: 'utf8', input });
  if (done.status !== 0) throw new Error(`${args[0]} failed: ${done.stderr}`);
  return done.stdout;
}

// Runs in the page: each "_" of the text nodes that a marker below put in
// window.__underscoreNodes ([{ node, label }]), with the box it was drawn in (screen pixels).
function underscoreBoxes() {
  const boxes = [];
  for (const { node, label } of window.__underscoreNodes) {
    for (let i = node.data.indexOf('_'); i >= 0; i = node.data.indexOf('_', i + 1)) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      const style = getComputedStyle(node.parentElement);
      // Inside the advance (the neighbours' anti-aliasing stays out); down to below the font's
      // box, where a hinted bar may land.
      boxes.push({
        label: `${label} ${style.fontSize} ${style.fontWeight}`,
        x: Math.round(window.screenX + r.left + 1),
        y: Math.round(window.screenY + r.top),
        width: Math.max(1, Math.floor(r.width - 2)),
        height: Math.ceil(r.height + 4),
        visible: document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.contains(node) ?? false,
      });
    }
  }
  return boxes;
}

/**
 * Screenshots the text nodes that `mark(...args)` (run in the page) puts in
 * window.__underscoreNodes with their "_" and with spaces instead, and returns each "_" with the
 * widest dark run (px) that it drew.
 */
async function measure(browser, root, artifacts, name, mark, ...args) {
  // Two calls: WebDriver sends each function alone, as text, so one cannot call the other.
  await browser.execute(mark, ...args);
  const boxes = await browser.execute(underscoreBoxes);
  const hidden = boxes.filter((box) => !box.visible).map((box) => box.label);
  if (boxes.length === 0 || hidden.length > 0) throw new Error(`${name}: no visible "_" to check (${hidden.join(', ')})`);
  const grab = async (file) => {
    await browser.execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await browser.pause(300);
    python([join(root, 'tests/e2e/x-screenshot.py'), file]);
  };
  const drawn = join(artifacts, `underscore-${name}.png`);
  const blank = join(artifacts, `underscore-${name}-space.png`);
  await grab(drawn);
  await browser.execute(() => {
    for (const entry of window.__underscoreNodes) {
      entry.text = entry.node.data;
      entry.node.data = entry.text.replaceAll('_', ' ');
    }
  });
  try {
    await grab(blank);
  } finally {
    await browser.execute(() => {
      for (const entry of window.__underscoreNodes) entry.node.data = entry.text;
      delete window.__underscoreNodes;
    });
  }
  const ink = JSON.parse(python([join(root, 'tests/e2e/x-ink.py'), drawn, blank], JSON.stringify(boxes)));
  return boxes.map((box, i) => ({ ...box, ink: ink[i].ink, drawn: ink[i].ink >= Math.max(1, Math.floor(box.width * 0.6)) }));
}

// Marker, run in the page: the ids of the question screen (the question pane's heading and its
// pillar line, the item in the tree: none cut off by an ellipsis).
function realIds() {
  const nodes = [];
  for (const [selector, label] of [
    ['[data-testid="question-id"]', 'pane heading'],
    ['[data-testid="question-pane"] > p.muted.small', 'pane pillar line'],
    ['.tree-item.current .label', 'tree'],
  ]) {
    const el = document.querySelector(selector);
    const node = [...(el?.childNodes ?? [])].find((n) => n.nodeType === Node.TEXT_NODE && n.data.includes('_'));
    if (node) nodes.push({ node, label });
  }
  window.__underscoreNodes = nodes;
}

// Marker, run in the page: a probe line per font size of the app's style sheets, in 400 and 700, in
// `family` (loaded with FontFace from the shipped files when `files` is given), over the window.
async function probes(family, files, text) {
  if (files) {
    for (const [weight, url] of files) {
      const face = new FontFace(family, `url(${url})`, { weight: String(weight) });
      document.fonts.add(face);
      await face.load();
    }
  }
  const sizes = new Set([getComputedStyle(document.documentElement).fontSize]);
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.style?.fontSize?.endsWith('px')) sizes.add(rule.style.fontSize);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  document.getElementById('underscore-probes')?.remove();
  const box = document.createElement('div');
  box.id = 'underscore-probes';
  // CSSOM, not a <style> element: the app's CSP allows no inline style sheets.
  Object.assign(box.style, { position: 'fixed', inset: '0', zIndex: '2147483647', background: '#fff', color: '#1d2330', padding: '8px 12px', overflow: 'hidden' });
  const nodes = [];
  for (const size of [...sizes].sort((a, b) => parseFloat(a) - parseFloat(b))) {
    const line = document.createElement('div');
    Object.assign(line.style, { display: 'flex', gap: '24px' });
    for (const weight of [400, 700]) {
      const span = document.createElement('span');
      Object.assign(span.style, { fontFamily: `'${family}'`, fontSize: size, fontWeight: String(weight), whiteSpace: 'pre' });
      span.textContent = text;
      line.appendChild(span);
      nodes.push({ node: span.firstChild, label: family });
    }
    box.appendChild(line);
  }
  document.body.appendChild(box);
  await document.fonts.ready;
  window.__underscoreNodes = nodes;
}

const describe = (list) => list.map((b) => `${b.label} (${b.ink}/${b.width} px)`).join(', ');

/**
 * Fails unless every "_" of the screen's ids and of the probes at every font size the UI uses
 * is drawn, and unless the same probes in the font as shipped miss one (the bug, caught).
 * Screenshots stay in `artifacts` (underscore-*.png). Returns how many "_" were checked.
 */
export async function checkUnderscores(browser, root, artifacts) {
  const results = [
    ...(await measure(browser, root, artifacts, 'ids', realIds)),
  ];
  try {
    results.push(...(await measure(browser, root, artifacts, 'sizes', probes, 'Hashira UI', null, PROBE)));
    const shipped = [[400, '/fonts/BIZUDPGothic-Regular.ttf'], [700, '/fonts/BIZUDPGothic-Bold.ttf']];
    const control = await measure(browser, root, artifacts, 'unfixed', probes, 'Hashira UI unfixed', shipped, PROBE);
    const missing = control.filter((b) => !b.drawn);
    if (missing.length === 0) {
      throw new Error(`the "_" check did not see the bug: BIZ UD PGothic as shipped drew every "_" (${describe(control)})`);
    }
    console.log(`  negative control: without the fix "_" is missing at ${[...new Set(missing.map((b) => b.label.split(' ').at(-2)))].join(', ')}`);
  } finally {
    await browser.execute(() => {
      document.getElementById('underscore-probes')?.remove();
      for (const face of [...document.fonts].filter((f) => f.family.includes('unfixed'))) document.fonts.delete(face);
    });
  }
  const lost = results.filter((b) => !b.drawn);
  if (lost.length > 0) throw new Error(`"_" not drawn (ids would read "OPS 1"): ${describe(lost)}`);
  return results.length;
}
