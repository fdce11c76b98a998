import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, toHtmlReport, toMarkdown } from '../../../../core/exporters';
import { quoteSelector } from '../../../../core/model';
import { dataset, live } from './fixture';

const input = dataset();

describe('toHtmlReport', () => {
  const html = toHtmlReport(input);
  const doc = new JSDOM(html).window.document;

  it('is one self-contained page: inline style, no scripts, no external resources', () => {
    expect(doc.querySelectorAll('script, iframe, object, embed, img, link, form')).toHaveLength(0);
    expect(doc.querySelectorAll('style')).toHaveLength(1);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) expect(attr.name, el.outerHTML).not.toMatch(/^on/);
    }
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    expect(csp.getAttribute('content')).toContain("default-src 'none'");
    expect(doc.querySelector('meta[charset]')!.getAttribute('charset')).toBe('utf-8');
  });

  it('groups passages by article and shows each quote exactly, in export order', () => {
    const sections = [...doc.querySelectorAll('section.article')];
    expect(sections.map((s) => s.querySelector('h2')!.textContent)).toEqual([
      input.articles[0]!.title,
      'Regional press digest 🌍 — الملخص 摘要',
      '=Telegram posts, 24 June',
    ]);
    const quotes = [...doc.querySelectorAll('blockquote.quote')].map((q) => q.textContent);
    expect(quotes.sort()).toEqual(
      live(input)
        .map((a) => quoteSelector(a).exact)
        .sort(),
    );
    expect(doc.querySelectorAll('article.annotation')).toHaveLength(live(input).length);
  });

  it('shows classification, grades, figure, tags and notes as text, markup escaped', () => {
    const card = doc.getElementById(
      `annotation-${live(input).find((a) => a.stance === 'opinion' && a.note.includes('<script>'))!.id}`,
    )!;
    expect(card.querySelector('h3')!.textContent).toBe('4. Claim · opinion');
    expect(card.querySelector('.note')!.textContent).toBe(
      'Note: <script>alert("x")</script> & <b>bold</b> *md* _em_ [link](http://x) # not a heading',
    );
    expect(card.querySelector('.note b')).toBeNull();
    const rubio = [...doc.querySelectorAll('article.annotation')].find((c) =>
      c.textContent!.includes('Marco Rubio'),
    )!;
    const facts = Object.fromEntries(
      [...rubio.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]),
    );
    expect(facts).toEqual({
      'Attributed to': 'Marco Rubio',
      Grade: 'B2 — usually reliable source; probably true',
      Figure: '80000 killed-in-action',
      Tags: 'casualties',
    });
  });

  it('links only web addresses and sets dir="auto" for right-to-left text', () => {
    const links = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([input.articles[0]!.url]);
    expect(doc.body.textContent).toContain('javascript:alert(1)');
    const arabic = [...doc.querySelectorAll('blockquote')].find((q) => q.textContent!.startsWith('قال'))!;
    expect(arabic.getAttribute('dir')).toBe('auto');
    expect(doc.body.textContent).toContain('外交部发言人表示，谈判将于下周在日内瓦恢复。');
    expect(doc.body.textContent).toContain('Emoji survive: 🚩🚀👍🏽 and 👨‍👩‍👧.');
  });
});

describe('toMarkdown', () => {
  const md = toMarkdown(input);

  it('has a heading per article and a numbered heading and quote per passage', () => {
    expect(md.match(/^## /gm)).toHaveLength(3);
    expect(md.match(/^### \d+\. /gm)).toHaveLength(live(input).length);
    expect(md).toContain(
      '> US President Donald Trump stated that Russia may have territorial ambitions beyond Ukraine\n',
    );
    expect(md).toContain('- **Grade:** B2 — usually reliable source; probably true\n');
    expect(md).toContain('- **Figure:** 80000 killed-in-action\n');
  });

  it('escapes markup in user text', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain(
      '\\<script\\>alert("x")\\</script\\> & \\<b\\>bold\\</b\\> \\*md\\* \\_em\\_ \\[link\\](http://x) # not a heading',
    );
    expect(md).toContain('## =Telegram posts, 24 June');
    expect(md).not.toContain('<javascript:alert(1)>');
  });

  it('keeps multi-line notes and quotes inside their blocks', () => {
    expect(md).toContain('Recurring Kremlin line, cf. "compatriots abroad".\nSee also Dec 2024 interview.');
  });

  it('keeps Arabic, Chinese and emoji text', () => {
    expect(md).toContain('> قال المتحدث باسم وزارة الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في الدوحة.');
    expect(md).toContain('> 外交部发言人表示，谈判将于下周在日内瓦恢复。');
    expect(md).toContain('- **Tags:** 谈判, 外交');
    expect(md).toContain('Emoji survive: 🚩🚀👍🏽 and 👨‍👩‍👧.');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['> quote', '\\> quote'],
    ['---', '\\---'],
    ['===', '\\==='],
    ['6.5 billion', '6.5 billion'],
    ['long-held view', 'long-held view'],
    ['a *b* _c_ `d` [e] <f> | ~g~', 'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f\\> \\| \\~g\\~'],
    ['&amp; AT&T', '\\&amp; AT&T'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j → %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});

describe('reports: a suggested attribution says so', () => {
  it('writes “(suggested, not confirmed)” after an attribution Gloss suggested', () => {
    const input = dataset();
    const [a, b] = live(input);
    a!.attribution = 'Marco Rubio';
    a!.attributionSource = 'suggested';
    b!.attribution = 'Kyiv Independent';
    b!.attributionSource = 'analyst';
    const md = toMarkdown({ ...input, annotations: [a!, b!] });
    expect(md).toContain('**Attributed to:** Marco Rubio (suggested, not confirmed)');
    expect(md).toContain('**Attributed to:** Kyiv Independent\n');
  });
});
