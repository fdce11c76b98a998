import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, type ImportContext } from '../../../../core/importers';
import type { Article } from '../../../../core/model';
import { bytesOf, CORPUS, ctx, FIXTURES } from './helpers';

const BAD = resolve(FIXTURES, '../import-bad');

/** The context the app's window uses: a pause between the steps of a page (here counted). */
function pausing(): { ctx: ImportContext; pauses: () => number } {
  let pauses = 0;
  return {
    ctx: {
      ...ctx,
      pause: async () => {
        pauses++;
      },
    },
    pauses: () => pauses,
  };
}

const page = (path: string, name: string) => ({ name, bytes: bytesOf(path) });

/** An article without its id (each import makes a new one). */
const content = ({ id: _id, ...rest }: Article) => rest;

describe('reading a web page in steps (as the app window imports)', () => {
  it('gives the host a turn between the steps and the same article as reading straight through', async () => {
    const inputs = [
      ...['guardian-1', 'medium-1', 'qq', 'rtl-1'].map((site) =>
        page(join(CORPUS, 'html', site, 'source.html'), `${site}.html`),
      ),
      page(join(FIXTURES, 'hostile.html'), 'hostile.html'),
    ];
    for (const input of inputs) {
      const stepped = pausing();
      const inSteps = await importFile(input, stepped.ctx);
      // The cut, parse, metadata, Readability, sanitising, the rest, structure: six turns at least.
      expect(stepped.pauses(), input.name).toBeGreaterThanOrEqual(6);
      expect(content(inSteps), input.name).toEqual(content(await importFile(input, ctx)));
    }
  }, 120_000);

  it('reads the body of a page in which Readability finds no article', async () => {
    const input = {
      name: 'aside.html',
      bytes: new TextEncoder().encode(
        '<html><body><aside>Only an aside holds text here.</aside></body></html>',
      ),
    };
    const stepped = pausing();
    const a = await importFile(input, stepped.ctx);
    expect(a.text).toBe('Only an aside holds text here.');
    // One more turn for the body's fallback.
    expect(stepped.pauses()).toBe(7);
    expect(content(a)).toEqual(content(await importFile(input, ctx)));
  });

  it('refuses a page of scripts, frames and forms with the same message, in steps or not', async () => {
    const input = page(join(BAD, 'no-article.html'), 'no-article.html');
    const message = '“no-article.html” has no article text to import.';
    const stepped = pausing();
    await expect(importFile(input, stepped.ctx)).rejects.toMatchObject({
      name: 'ImportError',
      code: 'empty',
      message,
    });
    expect(stepped.pauses()).toBeGreaterThanOrEqual(6);
    await expect(importFile(input, ctx)).rejects.toMatchObject({ code: 'empty', message });
  });
});
