import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { command } from '../../../cli/commands/import';
import { readProjectFile } from '../../../core/project';

const COUNT = 1_000;
const RUNS = 3;
const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/text');
const SOURCES = ['isw-2025-06-25.txt', 'putin-historical-lands.txt', 'putin-press-on-reuters.txt'];

/**
 * `gloss import` of a folder of 1,000 plain-text articles into a new project, through the
 * command's own code path (walk, read, import with boilerplate removal and metadata, duplicate
 * check, one atomic save), in this process so that tsx's start-up is not counted. The articles
 * are the corpus's three text files, each copy made distinct by a sentence in the middle. Target
 * (issue "Import"): ≥ 200 articles/s.
 */
export async function run(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-bench-import-'));
  try {
    const texts = await Promise.all(SOURCES.map((f) => readFile(join(corpus, f), 'utf8')));
    const folder = join(dir, 'articles');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    for (let i = 0; i < COUNT; i++) {
      const text = texts[i % texts.length]!;
      const cut = text.indexOf('.', text.length / 2) + 1;
      // A distinct sentence mid-text (trailers are stripped as boilerplate, so it goes inside).
      const body = `${text.slice(0, cut)} Bench copy ${i} of this article.${text.slice(cut)}`;
      await writeFile(join(folder, `article-${String(i).padStart(4, '0')}.txt`), body);
    }
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const project = join(dir, `run-${r}.gloss`);
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true; // the per-file report is not what is measured
      const t0 = performance.now();
      let code: number;
      try {
        code = await command.run([folder, '--project', project, '--analyst', 'Bench']);
      } finally {
        process.stdout.write = write;
      }
      const seconds = (performance.now() - t0) / 1000;
      const doc = await readProjectFile(await readFile(project));
      if (code !== 0 || doc.articles.length !== COUNT) {
        throw new Error(`import failed: exit ${code}, ${doc.articles.length} articles`);
      }
      rates.push(COUNT / seconds);
    }
    rates.sort((a, b) => a - b);
    return { import_cli_1000_text_articles_per_s: rates[Math.floor(rates.length / 2)]! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
