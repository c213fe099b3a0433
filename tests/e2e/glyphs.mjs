// No boxes (tofu) on any screen, on any machine: every visible character must be in the shipped
// font ('Hashira UI', BIZ UD PGothic) that its element's font stack falls back to, and every
// stack must end in that font. Checked from the fonts' own cmap (tests/e2e/cmap.mjs), not from
// what this machine happens to have installed, so it means the same on a developer's desktop
// full of Japanese fonts as on a fresh CI machine with none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCmap } from './cmap.mjs';

const SHIPPED = 'Hashira UI';

/** The @font-face rules of ui/src/app.css: family → [{ weight, has }], read from the shipped files. */
export function shippedFaces(root) {
  const css = readFileSync(join(root, 'ui/src/app.css'), 'utf8');
  const faces = new Map();
  for (const [, body] of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const family = /font-family:\s*['"]?([^'";]+)['"]?\s*;/.exec(body)?.[1];
    const url = /url\(['"]?\/?([^'")]+)['"]?\)/.exec(body)?.[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(body)?.[1] ?? 400);
    if (!family || !url) throw new Error(`unreadable @font-face in app.css: ${body}`);
    const list = faces.get(family) ?? [];
    list.push({ weight, has: readCmap(join(root, 'ui/public', url)) });
    faces.set(family, list);
  }
  if (!faces.has(SHIPPED)) throw new Error(`app.css declares no @font-face for ${SHIPPED}`);
  return faces;
}

// Runs in the page: each visible piece of text with its element's computed font.
function visibleText() {
  const out = [];
  const describe = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const add = (el, text) => {
    if (!text.trim()) return;
    const style = getComputedStyle(el);
    out.push({ text, family: style.fontFamily, weight: Number(style.fontWeight) || 400, element: describe(el) });
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'OPTION', 'OPTGROUP', 'TEXTAREA'].includes(el.tagName) || !shown(el)) continue;
    add(el, node.data);
  }
  // Form controls draw their own text: values, the chosen option, placeholders.
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (!shown(el)) continue;
    if (el.tagName === 'SELECT') add(el, el.selectedOptions[0]?.text ?? '');
    else if (!['checkbox', 'radio', 'file', 'hidden'].includes(el.type)) add(el, el.value || el.placeholder || '');
  }
  return out;
}

/** The families of a computed `font-family`, unquoted. */
function families(stack) {
  return stack.split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, ''));
}

/**
 * Fails when a text element's font stack does not end in the shipped font, or a visible
 * character has no glyph in any shipped face of its stack (it would be a box wherever no system
 * font has it). Returns the number of characters checked.
 */
export async function checkGlyphs(browser, faces, screen) {
  const pieces = await browser.execute(visibleText);
  const problems = new Map();
  const report = (key, message) => problems.has(key) || problems.set(key, message);
  let checked = 0;
  for (const { text, family, weight, element } of pieces) {
    const stack = families(family);
    if (stack.at(-1) !== SHIPPED) {
      report(`stack ${family}`, `${element} uses "${family}", which does not end in '${SHIPPED}' ("${text.trim().slice(0, 40)}")`);
    }
    const shipped = stack.filter((f) => faces.has(f)).map((f) => {
      const list = faces.get(f);
      return list.reduce((best, face) => (Math.abs(face.weight - weight) < Math.abs(best.weight - weight) ? face : best), list[0]);
    });
    for (const ch of text) {
      if (/\s/u.test(ch)) continue;
      checked += 1;
      const cp = ch.codePointAt(0);
      if (!shipped.some((face) => face.has(cp))) {
        const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        report(`char ${cp} ${element}`, `${ch} (${code}) in ${element} has no glyph in the shipped font of "${family}" ("${text.trim().slice(0, 40)}")`);
      }
    }
  }
  if (problems.size > 0) throw new Error(`tofu risk on the ${screen} screen:\n  ${[...problems.values()].join('\n  ')}`);
  return checked;
}

/**
 * Negative control, on a screen with Japanese in monospace text: set back to the bare
 * `monospace` the UI used before (the boxes users saw in the change history), the check must
 * fail. Proves on the real app, every run, that the check catches that bug.
 */
export async function expectBareMonospaceCaught(browser, faces, screen) {
  // CSSOM, not a <style> element: the app's CSP allows no inline style sheets.
  const changed = await browser.execute(() => {
    const elements = [...document.querySelectorAll('.mono, pre')];
    for (const el of elements) el.style.setProperty('font-family', 'monospace');
    return elements.length;
  });
  let caught = null;
  try {
    await checkGlyphs(browser, faces, screen);
  } catch (error) {
    caught = error.message;
  } finally {
    await browser.execute(() => {
      for (const el of document.querySelectorAll('.mono, pre')) el.style.removeProperty('font-family');
    });
  }
  if (!caught || !caught.includes('"monospace"')) {
    throw new Error(`the glyph check did not catch ${changed} elements in a bare monospace font on the ${screen} screen: ${caught}`);
  }
}
