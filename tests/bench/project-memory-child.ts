import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, strFromU8, strToU8, unzipSync } from 'fflate';
import { readProjectFile, writeProjectFile } from '../../core/project';
import { makeProject } from '../unit/core/project/make-project';

/**
 * One step of a project file's life in a process of its own, so that its peak resident memory is
 * its own: `node --import tsx tests/bench/project-memory-child.ts <what> <file> <articles>
 * <annotations>` prints `{ms, peakRssMb, error}` (`error`: why the step failed, if it did). With the app's codec (fflate):
 * - `doc`: only the project document in memory (the floor of every save);
 * - `save`: the document, then `writeProjectFile` (documents streamed into the zip) to `file`;
 * - `save-whole`: the document, then each document as one `JSON.stringify` string, deflated whole
 *   (what saving did before);
 * - `open`: `readProjectFile` of `file` (documents read in pieces);
 * - `open-whole`: `file` unzipped, each document decoded as one string and `JSON.parse`d (what
 *   opening did before, without its checks).
 */
const [what, file, articles, annotations] = process.argv.slice(2) as [string, string, string, string];
const make = () => makeProject({ articles: Number(articles), annotations: Number(annotations), seed: 3 });
let ms = 0;
let error: string | undefined;
// A step that fails (a string too long for V8, a file over the limits) says why, with its memory.
const timed = async (fn: () => Promise<unknown> | unknown) => {
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  ms = performance.now() - t0;
};
switch (what) {
  case 'doc':
    await make();
    break;
  case 'save': {
    const doc = await make();
    await timed(async () => writeFileSync(file, await writeProjectFile(doc)));
    break;
  }
  case 'save-whole': {
    const doc = await make();
    await timed(() => {
      for (const part of [doc.articles, doc.annotations, doc.sourceGrades, doc.tags, doc.sets]) {
        deflateSync(strToU8(JSON.stringify(part)), { level: 1 });
      }
    });
    break;
  }
  case 'open':
    await timed(() => readProjectFile(readFileSync(file)));
    break;
  case 'open-whole':
    await timed(() => {
      for (const [name, bytes] of Object.entries(unzipSync(readFileSync(file)))) {
        if (name.endsWith('.json')) JSON.parse(strFromU8(bytes));
      }
    });
    break;
  default:
    throw new Error(`unknown step ${what}`);
}
process.stdout.write(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, error }));
