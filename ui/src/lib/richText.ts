// The lightweight markdown of the shipped question texts (verbatim AWS sources), parsed into
// plain data that RichText.svelte renders with elements and text only — never as HTML.
//
// One inline grammar with the PDF report's `plain_text` (crates/hashira-report/src/model/format.rs):
// both pass questions/markdown-corpus.json (the Rust test and src/test/richText.test.ts read it).
// `[title](url)` is a link shown as "title (url)" (the URL alone when the title is empty or the
// URL itself), `\*` `\_` `\[` `\]` are the characters, `**bold**` is bold (an unpaired `**` is
// dropped, as the report drops it). A `[` whose title holds another unescaped `[`, or whose URL
// holds whitespace, is empty or never closes, is text. A URL may hold balanced parentheses
// (`…/Foo_(bar)`).
//
// Blocks: lines separated by an empty line are paragraphs (line breaks inside kept); a line
// "- item" starts a list. The list's first item sets its indentation: a later item indented
// more is nested under the previous item (" - x" under "- y"), one indented no more is a sibling;
// a line indented more than the list without "- " continues the last item. Empty lines between
// items keep the list.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  /** `title` is empty when there is only the URL to show. */
  | { kind: 'link'; title: string; url: string };

export interface ListItem {
  inline: Inline[];
  children: Inline[][];
}

export type Block = { kind: 'paragraph'; inline: Inline[] } | { kind: 'list'; items: ListItem[] };

const ESCAPED = new Set(['*', '_', '[', ']']);

function unescape(text: string): string {
  return text.replace(/\\([*_[\]])/g, '$1');
}

/** The link starting at `open` (a `[`), or null when the text there is not a link. */
function linkAt(source: string, open: number): { title: string; url: string; end: number } | null {
  const close = source.indexOf('](', open + 1);
  if (close < 0) return null;
  const rawTitle = source.slice(open + 1, close);
  if (rawTitle.replaceAll('\\[', '').includes('[')) return null;
  let depth = 0;
  for (let i = close + 2; i < source.length; i++) {
    const c = source[i];
    if (/\s/.test(c)) return null;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const url = unescape(source.slice(close + 2, i));
      if (url === '') return null;
      const title = unescape(rawTitle).replaceAll('**', '');
      return { title: title === url ? '' : title, url, end: i + 1 };
    }
  }
  return null;
}

type Token = { kind: 'text'; text: string } | { kind: 'bold' } | Extract<Inline, { kind: 'link' }>;

/** One block's text as inline segments. */
export function parseInline(source: string): Inline[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '\\' && ESCAPED.has(source[i + 1])) {
      text += source[i + 1];
      i += 2;
    } else if (c === '*' && source[i + 1] === '*') {
      flush();
      tokens.push({ kind: 'bold' });
      i += 2;
    } else if (c === '[') {
      const link = linkAt(source, i);
      if (link) {
        flush();
        tokens.push({ kind: 'link', title: link.title, url: link.url });
        i = link.end;
      } else {
        text += c;
        i++;
      }
    } else {
      text += c;
      i++;
    }
  }
  flush();

  // Markers pair in order; an odd one out (the last) is dropped.
  const markers = tokens.filter((t) => t.kind === 'bold').length;
  let usable = markers - (markers % 2);
  let strong = false;
  const out: Inline[] = [];
  for (const token of tokens) {
    if (token.kind === 'bold') {
      if (usable > 0) {
        usable--;
        strong = !strong;
      }
    } else if (token.kind === 'link') {
      out.push(token);
    } else {
      const kind = strong ? 'strong' : 'text';
      const last = out[out.length - 1];
      if (last && last.kind === kind) last.text += token.text;
      else out.push({ kind, text: token.text });
    }
  }
  return out;
}

/** Inline segments as the report prints them: a link as "title (url)", or its URL alone. */
export function plainInline(inline: Inline[]): string {
  return inline.map((part) => (part.kind !== 'link' ? part.text : part.title ? `${part.title} (${part.url})` : part.url)).join('');
}

/** Source markdown as plain text: the report's `plain_text` (list lines stay as they are). */
export function plainText(source: string): string {
  return plainInline(parseInline(source));
}

const ITEM = /^([ \t]*)- (.*)$/;

interface RawItem {
  lines: string[];
  children: string[][];
}

/** A whole text as paragraphs and lists. */
export function parseRichText(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] | null = null;
  let list: { indent: number; items: RawItem[] } | null = null;
  let current: string[] | null = null; // the lines of the last item or nested item
  let blank = false;

  const endParagraph = () => {
    if (paragraph) blocks.push({ kind: 'paragraph', inline: parseInline(paragraph.join('\n')) });
    paragraph = null;
  };
  const endList = () => {
    if (list) {
      blocks.push({
        kind: 'list',
        items: list.items.map((item) => ({
          inline: parseInline(item.lines.join('\n')),
          children: item.children.map((child) => parseInline(child.join('\n'))),
        })),
      });
    }
    list = null;
    current = null;
  };

  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      endParagraph();
      blank = true;
      continue;
    }
    const item = ITEM.exec(line);
    const indent = line.length - line.trimStart().length;
    if (item) {
      endParagraph();
      const text = item[2].trim();
      if (!list) list = { indent, items: [] };
      const parent = list.items[list.items.length - 1];
      if (parent && indent > list.indent) {
        current = [text];
        parent.children.push(current);
      } else {
        current = [text];
        list.items.push({ lines: current, children: [] });
      }
    } else if (list && current && !blank && indent > list.indent) {
      current.push(line.trim());
    } else {
      endList();
      paragraph ??= [];
      paragraph.push(line.trim());
    }
    blank = false;
  }
  endParagraph();
  endList();
  return blocks;
}
