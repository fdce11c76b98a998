import { describe, expect, it, vi } from 'vitest';
import { ImportError } from '../../../../core/importers';
import { fixture } from './helpers';

/**
 * Hostile Word documents (tests/fixtures/import/docx-*.docx, made by generate-docx.ts): each is
 * refused with one sentence before mammoth inflates anything. mammoth is watched: it is never
 * loaded for them, so no bomb reaches its inflater.
 */
const mammothCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('mammoth', async (importOriginal) => {
  const real = (await importOriginal()) as { default: { convertToHtml: (...a: unknown[]) => unknown } };
  return {
    default: {
      ...real.default,
      convertToHtml: (...args: unknown[]) => {
        mammothCalls.count++;
        return real.default.convertToHtml(...args);
      },
    },
  };
});

async function refusal(name: string): Promise<ImportError> {
  const err = await fixture(name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${name} was imported`).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('Word documents that are zip bombs, or worse, are refused before mammoth inflates them', () => {
  it.each([
    ['docx-bomb-overlap.docx', 'too-large', /would unpack to more than 100 MB.*zip bomb/],
    ['docx-bomb-lying-size.docx', 'too-large', /more than it declares.*zip bomb/],
    ['docx-bomb-ratio.docx', 'too-large', /unpacks to \d+ times its size.*zip bomb/],
    ['docx-many-entries.docx', 'too-large', /more than 1,000 parts.*zip bomb/],
    [
      'docx-zip-slip.docx',
      'unsupported',
      /a part named “\.\.\/\.\.\/evil\.sh” that would land outside its folder/,
    ],
  ])('%s: %s', async (name, code, message) => {
    mammothCalls.count = 0;
    const err = await refusal(name);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(new RegExp(`^“${name.replace(/\./g, '\\.')}” was not imported: `));
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
    expect(mammothCalls.count).toBe(0);
  });

  it('a real Word document still imports, through mammoth', async () => {
    mammothCalls.count = 0;
    const article = await fixture('report-source.docx');
    expect(article.format).toBe('docx');
    expect(article.text.length).toBeGreaterThan(100);
    expect(mammothCalls.count).toBe(1);
  });
});
