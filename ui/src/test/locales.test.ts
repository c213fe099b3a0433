import { describe, expect, it } from 'vitest';
import ja from '../locales/ja.json';
import en from '../locales/en.json';
import bindings from '../lib/bindings.ts?raw';

describe('locale files', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('have a message for every error code of the closed enum', () => {
    const match = /export type ErrorCode = ([^;]+);/.exec(bindings);
    expect(match).not.toBeNull();
    const codes = [...(match?.[1] ?? '').matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) expect(Object.keys(ja)).toContain(`error.${code}`);
  });
});
