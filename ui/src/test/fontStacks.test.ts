/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every font stack the UI declares ends in the shipped font, so a character the fonts before it
// lack falls back to it and never to a system font a fresh machine may not have (boxes). The
// e2e walk checks the computed fonts of every screen; this catches a new stack before that.
// (Read from disk: vitest hands CSS imports over empty, even with ?raw.)
const src = `${__dirname}/..`; // vitest (vite-node) defines __dirname
const css = readFileSync(`${src}/app.css`, 'utf8');
const sources = [
  { file: 'app.css', text: css },
  ...readdirSync(`${src}/components`)
    .filter((f) => f.endsWith('.svelte'))
    .map((f) => ({ file: f, text: readFileSync(`${src}/components/${f}`, 'utf8') })),
];

/** A declared stack with its `var(--x)` resolved from app.css. */
function resolve(value: string): string {
  return value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => {
    const declared = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
    if (!declared) throw new Error(`${name} is not declared in app.css`);
    return resolve(declared[1].trim());
  });
}

describe('font stacks', () => {
  it("every font-family ends in 'Hashira UI'", () => {
    const stacks = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/font-family:\s*([^;}"]+)/g)].map((m) => ({ file, stack: resolve(m[1].trim()) })),
    );
    expect(stacks.length).toBeGreaterThan(2);
    for (const { file, stack } of stacks) {
      expect(stack.split(',').map((f) => f.trim()).at(-1), `${file}: ${stack}`).toBe("'Hashira UI'");
    }
  });

  it('form controls inherit the font and pre/code use the monospace stack', () => {
    expect(css).toMatch(/button, input, select, textarea[^{]*\{ font: inherit;/);
    expect(css).toMatch(/pre, code, kbd, samp, tt \{ font-family: var\(--font-mono\); \}/);
  });
});
