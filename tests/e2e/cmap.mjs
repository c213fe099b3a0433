// Which characters a TrueType/OpenType font has a glyph for, read from its `cmap` table
// (formats 4 and 12, the ones BIZ UD fonts and every CJK font carry). Used by the e2e glyph
// check: a character the shipped font lacks would be drawn as a box on a machine without a
// Japanese system font, whatever fonts the test machine itself has.
import { readFileSync } from 'node:fs';

function tableOffset(buf, tag) {
  const count = buf.readUInt16BE(4);
  for (let i = 0; i < count; i += 1) {
    const rec = 12 + i * 16;
    if (buf.toString('latin1', rec, rec + 4) === tag) return buf.readUInt32BE(rec + 8);
  }
  throw new Error(`font has no ${tag} table`);
}

// Format 12: sequential groups [start, end] → start glyph.
function format12(buf, at) {
  const groups = [];
  const count = buf.readUInt32BE(at + 12);
  for (let i = 0; i < count; i += 1) {
    const g = at + 16 + i * 12;
    groups.push([buf.readUInt32BE(g), buf.readUInt32BE(g + 4), buf.readUInt32BE(g + 8)]);
  }
  return (cp) => {
    let lo = 0;
    let hi = groups.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end, glyph] = groups[mid];
      if (cp < start) hi = mid - 1;
      else if (cp > end) lo = mid + 1;
      else return glyph + (cp - start) !== 0;
    }
    return false;
  };
}

// Format 4: BMP segments with deltas or glyph-index ranges.
function format4(buf, at) {
  const segX2 = buf.readUInt16BE(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return false;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) return false;
      const delta = buf.readInt16BE(deltas + s);
      const rangeOffset = buf.readUInt16BE(ranges + s);
      if (rangeOffset === 0) return ((cp + delta) & 0xffff) !== 0;
      const glyph = buf.readUInt16BE(ranges + s + rangeOffset + (cp - start) * 2);
      return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
    }
    return false;
  };
}

/** `has(codePoint)` for the font file at `path`: true when the font maps it to a real glyph. */
export function readCmap(path) {
  const buf = readFileSync(path);
  const cmap = tableOffset(buf, 'cmap');
  const subtables = [];
  const count = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i += 1) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const at = cmap + buf.readUInt32BE(rec + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode) subtables.push({ format: buf.readUInt16BE(at), at });
  }
  const full = subtables.find((t) => t.format === 12);
  if (full) return format12(buf, full.at);
  const bmp = subtables.find((t) => t.format === 4);
  if (bmp) return format4(buf, bmp.at);
  throw new Error(`${path}: no Unicode cmap of format 4 or 12`);
}
