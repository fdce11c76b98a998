import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS } from '../e2e/harness/fixtures';

/** Corpus paragraphs, the material seeded articles are made of. */
export function paragraphs(): string[] {
  return ['isw-2025-06-25.txt', 'putin-historical-lands.txt', 'putin-press-on-reuters.txt']
    .flatMap((f) => readFileSync(join(CORPUS, 'text', f), 'utf8').split(/\n\s*\n|\n/))
    .map((p) => p.trim())
    .filter((p) => p.length > 120);
}

/**
 * Writes a library straight into IndexedDB, as the app stores it: `articles` articles of three
 * corpus paragraphs each (about 1,500 characters), `perArticle` annotations on each, a tenth
 * with a note and tags. One transaction per 500 articles keeps the page's memory bounded. With
 * `realHashes` each article's `contentHash` is the SHA-256 of its text (a project file saved
 * from the library must then open again); otherwise a cheap stand-in. `from` adds articles
 * `from` to `articles - 1` to a library seeded up to `from` (growing it in place).
 */
export async function seed(
  page: Page,
  paras: string[],
  options: { articles: number; perArticle: number; realHashes?: boolean; from?: number },
): Promise<void> {
  await page.evaluate(
    ({ paras, articles, perArticle, realHashes, from: first }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const sources = ['Reuters', 'BBC News', 'Institute for the Study of War', 'Le Monde', 'Meduza'];
          const kinds = ['claim', 'assessment', 'figure'];
          const hex = (buf: ArrayBuffer) =>
            [...new Uint8Array(buf)].map((x) => x.toString(16).padStart(2, '0')).join('');
          const textOf = (i: number) => {
            const chosen = [0, 1, 2].map((k) => paras[(i * 7 + k * 13) % paras.length]!);
            return { chosen, text: `${chosen.join('\n\n')}\n\nFile ${i}.` };
          };
          const hashes = async (from: number): Promise<string[]> => {
            const to = Math.min(articles, from + 500);
            const out: string[] = [];
            for (let i = from; i < to; i++) {
              out.push(
                realHashes
                  ? hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(textOf(i).text)))
                  : i.toString(16).padStart(64, '0'),
              );
            }
            return out;
          };
          const batch = async (from: number) => {
            if (from >= articles) {
              const grades = idb.transaction(['sourceGrades'], 'readwrite');
              grades
                .objectStore('sourceGrades')
                .put({ source: 'Reuters', reliability: 'B', note: '', updatedAt: '2026-01-01T00:00:00Z' });
              grades.oncomplete = () => {
                idb.close();
                resolve();
              };
              return;
            }
            const contentHashes = await hashes(from);
            const tx = idb.transaction(['articles', 'bodies', 'annotations'], 'readwrite');
            for (let i = from; i < Math.min(articles, from + 500); i++) {
              const id = `seed-${i}`;
              const { chosen, text } = textOf(i);
              const blocks: { type: string; start: number; end: number }[] = [];
              let at = 0;
              for (const p of chosen) {
                blocks.push({ type: 'paragraph', start: at, end: at + p.length });
                at += p.length + 2;
              }
              blocks.push({ type: 'paragraph', start: at, end: text.length });
              tx.objectStore('articles').put({
                id,
                contentHash: contentHashes[i - from]!,
                title: `${chosen[0]!.slice(0, 70)} (${i})`,
                source: sources[i % sources.length],
                byline: '',
                publishedAt: new Date(Date.UTC(2024, 0, 1 + (i % 700))).toISOString().slice(0, 10),
                url: '',
                language: 'en',
                importedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
                format: 'text',
                fileName: `${id}.txt`,
                chars: text.length,
              });
              tx.objectStore('bodies').put({ id, text, blocks, removed: [] });
              for (let k = 0; k < perArticle; k++) {
                const n = i * perArticle + k;
                const start = (k * 61) % Math.max(1, text.length - 80);
                const end = start + 20 + (k % 40);
                const note = n % 10 === 0;
                tx.objectStore('annotations').put({
                  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
                  articleId: id,
                  selectors: [
                    { type: 'TextPositionSelector', start, end },
                    {
                      type: 'TextQuoteSelector',
                      exact: text.slice(start, end),
                      prefix: text.slice(Math.max(0, start - 32), start),
                      suffix: text.slice(end, end + 32),
                    },
                  ],
                  kind: kinds[n % 3],
                  stance: n % 4 === 0 ? 'opinion' : n % 4 === 1 ? 'reporting' : null,
                  note: note ? `Checked against source ${n % 97}.` : '',
                  tags: note ? ['checked', `batch-${n % 13}`] : [],
                  attribution: k % 5 === 0 ? 'Kremlin spokesperson' : '',
                  credibility: (n % 6) + 1,
                  figure: null,
                  author: { id: 'bench', name: 'Bench Analyst' },
                  updatedBy: { id: 'bench', name: 'Bench Analyst' },
                  provenance: {},
                  createdAt: new Date(Date.UTC(2026, 1, 1, 0, 0, n % 86_400)).toISOString(),
                  updatedAt: '2026-03-01T00:00:00.000Z',
                  deletedAt: null,
                });
              }
            }
            tx.oncomplete = () => void batch(from + 500).catch(reject);
            tx.onerror = () => reject(tx.error);
          };
          batch(first).catch(reject);
        };
      }),
    {
      paras,
      articles: options.articles,
      perArticle: options.perArticle,
      realHashes: !!options.realHashes,
      from: options.from ?? 0,
    },
  );
}
