/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import RichText from '../components/RichText.svelte';
import { parseInline, parseRichText, plainText, type Block } from '../lib/richText';
import { question, view } from './fixtures';
import { fakeBackend as backend, freshAppPerTest } from './backend';

freshAppPerTest();

const text = (t: string) => ({ kind: 'text', text: t }) as const;
const strong = (t: string) => ({ kind: 'strong', text: t }) as const;
const link = (title: string, url: string) => ({ kind: 'link', title, url }) as const;
const paragraph = (...inline: ReturnType<typeof parseInline>) => ({ kind: 'paragraph', inline }) as const;

// questions/sec.toml, SEC1's guidance, as shipped.
const SEC1_GUIDANCE = `
Point : 認証部分の不正アクセス防止策

- ✓ 不正アクセス防御策
 - パスワード要件、MFA、ユーザー管理、自動化
- ✓ インシデント発生時のトレース、現状把握
 - 定期的な棚卸、監査、不正アクセス確認(CloudTrail等)
- ✓ 変化への対処
 - アクセス要件の変更`;

const SEC1_BLOCKS: Block[] = [
  paragraph(text('Point : 認証部分の不正アクセス防止策')),
  {
    kind: 'list',
    items: [
      { inline: [text('✓ 不正アクセス防御策')], children: [[text('パスワード要件、MFA、ユーザー管理、自動化')]] },
      { inline: [text('✓ インシデント発生時のトレース、現状把握')], children: [[text('定期的な棚卸、監査、不正アクセス確認(CloudTrail等)')]] },
      { inline: [text('✓ 変化への対処')], children: [[text('アクセス要件の変更')]] },
    ],
  },
];

// The one grammar shared with the report's `plain_text` (its Rust test reads the same file).
const corpus = JSON.parse(readFileSync(`${__dirname}/../../../questions/markdown-corpus.json`, 'utf8')) as {
  cases: { name: string; source: string; plain: string; blocks: Block[] }[];
};

describe('markdown corpus (questions/markdown-corpus.json)', () => {
  it('holds every rule', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(20);
  });
  it.each(corpus.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(plainText(c.source)).toBe(c.plain);
    expect(parseRichText(c.source)).toEqual(c.blocks);
  });
});

describe('rich text parser: inline', () => {
  const IAM = 'https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html';
  it.each([
    ['a link', '詳細は[こちら](https://repost.aws/ja/knowledge-center/x)を参照。', [text('詳細は'), link('こちら', 'https://repost.aws/ja/knowledge-center/x'), text('を参照。')]],
    ['a link inside Japanese brackets', `詳細については、「[IAM ユーザー用の設定](${IAM})」を参照。`, [text('詳細については、「'), link('IAM ユーザー用の設定', IAM), text('」を参照。')]],
    [
      '#, ? and balanced parentheses inside URLs',
      '[DR](https://docs.aws.amazon.com/dr.html#aws-services-1) と [検索](https://example.com/s?q=a&b=1) と [Wiki](https://en.wikipedia.org/wiki/Foo_(bar)) (注)',
      [
        link('DR', 'https://docs.aws.amazon.com/dr.html#aws-services-1'),
        text(' と '),
        link('検索', 'https://example.com/s?q=a&b=1'),
        text(' と '),
        link('Wiki', 'https://en.wikipedia.org/wiki/Foo_(bar)'),
        text(' (注)'),
      ],
    ],
    ['parentheses in a title', '[Amazon S3 レプリケーション (CRR)](http://aws.amazon.com/s3/)', [link('Amazon S3 レプリケーション (CRR)', 'http://aws.amazon.com/s3/')]],
    ['a URL that is its own title, shown alone', '[https://aws.amazon.com/](https://aws.amazon.com/)', [link('', 'https://aws.amazon.com/')]],
    ['an empty title, the URL alone', '[](https://aws.amazon.com/)', [link('', 'https://aws.amazon.com/')]],
    ['the link after a [ whose title would hold another [', `= [ ] { } 記号。「[設定](${IAM})」`, [text('= [ ] { } 記号。「'), link('設定', IAM), text('」')]],
  ])('reads %s', (_, source, expected) => {
    expect(parseInline(source)).toEqual(expected);
  });

  it('reads escapes as the characters (the FISC password rule)', () => {
    expect(parseInline('数字、! @ # $ % ^ & \\* ( ) \\_ + - = [ ] { } | \' 記号のうち、最低 3 つ。\\[注\\]')).toEqual([
      text("数字、! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' 記号のうち、最低 3 つ。[注]"),
    ]);
    // An escaped bracket starts no link.
    expect(parseInline('\\[a](https://x.example/)')).toEqual([text('[a](https://x.example/)')]);
  });

  it('reads **bold** as strong and drops an unpaired marker, as the report does', () => {
    expect(parseInline('✓ **トラフィックの区分を明確に** です')).toEqual([text('✓ '), strong('トラフィックの区分を明確に'), text(' です')]);
    expect(parseInline('**重要**')).toEqual([strong('重要')]);
    expect(parseInline('a ** b')).toEqual([text('a  b')]);
    expect(parseInline('\\*\\*そのまま\\*\\*')).toEqual([text('**そのまま**')]);
  });

  it('leaves a lone [ or ]( that is not a link as it was', () => {
    for (const source of ['[a] b', 'a ](b) c', '[a](b c)', '[a](https://x.example/', '[a]()', 'x [ y ] z', '[注] [a]( b)']) {
      expect(parseInline(source), source).toEqual([text(source)]);
    }
    expect(parseInline('[[a](https://x.example/)')).toEqual([text('['), link('a', 'https://x.example/')]);
  });
});

describe('rich text parser: blocks', () => {
  it('reads the SEC1 guidance as a paragraph and a nested list', () => {
    expect(parseRichText(SEC1_GUIDANCE)).toEqual(SEC1_BLOCKS);
  });

  it('reads CRLF and CR line ends as LF', () => {
    expect(parseRichText(SEC1_GUIDANCE.replace(/\n/g, '\r\n'))).toEqual(SEC1_BLOCKS);
    expect(parseRichText('a\rb\r\rc')).toEqual([paragraph(text('a\nb')), paragraph(text('c'))]);
  });

  it('breaks paragraphs at empty lines and keeps single line breaks', () => {
    expect(parseRichText('一行目\n二行目\n\n \n三行目')).toEqual([paragraph(text('一行目\n二行目')), paragraph(text('三行目'))]);
    expect(parseRichText('')).toEqual([]);
    expect(parseRichText('\n  \n')).toEqual([]);
  });

  it('takes the first item as the list indentation, continuation lines and items across empty lines', () => {
    // fisc-rel: items indented by two, each with an indented continuation line.
    const source = '以下のパターン。\n  - 構成を合わせる\n    両リージョンに共通なサービスのみ。\n\n  - 異なる構成\n    個別実装。\n\n  AWS Backup は、';
    expect(parseRichText(source)).toEqual([
      paragraph(text('以下のパターン。')),
      {
        kind: 'list',
        items: [
          { inline: [text('構成を合わせる\n両リージョンに共通なサービスのみ。')], children: [] },
          { inline: [text('異なる構成\n個別実装。')], children: [] },
        ],
      },
      paragraph(text('AWS Backup は、')),
    ]);
  });

  it('reads links and bold inside list items', () => {
    expect(parseRichText('- ✓ **鍵の管理主体**\n  - [Amazon EC2](http://aws.amazon.com/ec2/) インスタンス')).toEqual([
      {
        kind: 'list',
        items: [{ inline: [text('✓ '), strong('鍵の管理主体')], children: [[link('Amazon EC2', 'http://aws.amazon.com/ec2/'), text(' インスタンス')]] }],
      },
    ]);
  });

  it('ends a list at a line that is not indented more than it', () => {
    expect(parseRichText('- a\nb')).toEqual([{ kind: 'list', items: [{ inline: [text('a')], children: [] }] }, paragraph(text('b'))]);
  });
});

describe('RichText', () => {
  it('renders markup-like text as literal text, and a link as text that goes nowhere', () => {
    const { container } = render(RichText, { text: '<img src=x onerror=alert(1)>\n\n[<b>x</b>](javascript:alert(1)) と [こちら](https://repost.aws/a)' });
    expect(container.querySelector('img, b, a, script')).toBeNull();
    const paragraphs = [...container.querySelectorAll('p')].map((p) => p.textContent);
    expect(paragraphs).toEqual(['<img src=x onerror=alert(1)>', '<b>x</b> (javascript:alert(1)) と こちら (https://repost.aws/a)']);
    const urls = [...container.querySelectorAll('.url')];
    expect(urls.map((u) => [u.textContent, u.getAttribute('title')])).toEqual([
      ['(javascript:alert(1))', 'javascript:alert(1)'],
      ['(https://repost.aws/a)', 'https://repost.aws/a'],
    ]);
    expect(container.querySelector('[href]')).toBeNull();
  });

  it('renders bold as strong', () => {
    const { container } = render(RichText, { text: '**重要** です' });
    expect(container.querySelector('p strong')?.textContent).toBe('重要');
    expect(container.querySelector('p')?.textContent).toBe('重要 です');
  });

  it('shows the SEC1 guidance in the question pane as a nested list', async () => {
    backend({ open_workbook: () => view(question({ guidance: { ja: SEC1_GUIDANCE } })) });
    render(App);
    await screen.findByTestId('question-pane');
    const guidance = document.querySelector('.guidance') as HTMLElement;
    expect(guidance.querySelector('p')?.textContent).toBe('Point : 認証部分の不正アクセス防止策');
    const items = [...guidance.querySelectorAll(':scope > ul > li')];
    expect(items).toHaveLength(3);
    expect(items.map((li) => li.textContent?.replace(li.querySelector('ul')?.textContent ?? '', ''))).toEqual(['✓ 不正アクセス防御策', '✓ インシデント発生時のトレース、現状把握', '✓ 変化への対処']);
    expect(items.map((li) => [...li.querySelectorAll('ul > li')].map((c) => c.textContent))).toEqual([
      ['パスワード要件、MFA、ユーザー管理、自動化'],
      ['定期的な棚卸、監査、不正アクセス確認(CloudTrail等)'],
      ['アクセス要件の変更'],
    ]);
    expect(guidance.textContent).not.toContain('- ');
  });

  it('shows links in a choice explanation and improvement as title and URL, after the improvement label', async () => {
    const choices = question().choices.map((c, i) =>
      i === 0
        ? {
            ...c,
            explanation: [{ ja: '詳細は「[パスワードポリシー](https://docs.aws.amazon.com/p.html#x)」を参照。\\*注' }],
            improvement: { ja: '[こちら](https://repost.aws/k)を確認する' },
          }
        : c,
    );
    backend({ open_workbook: () => view(question({ choices })) });
    render(App);
    await screen.findByTestId('question-pane');
    const help = document.querySelector('[data-choice="sec_securely_operate_multi_accounts"] .help') as HTMLElement;
    const paragraphs = [...help.querySelectorAll('p')].map((p) => p.textContent);
    expect(paragraphs).toEqual([
      '詳細は「パスワードポリシー (https://docs.aws.amazon.com/p.html#x)」を参照。*注',
      '改善策: こちら (https://repost.aws/k)を確認する',
    ]);
    expect(help.querySelector('a')).toBeNull();
  });
});
