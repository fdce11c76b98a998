import * as fs from 'node:fs/promises';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { basename, extname, resolve } from 'node:path';
import { ExportFormatError, looksLikeJsonExport, readJsonExportAsProject } from '../../core/exporters';
import { listPickedFiles } from '../../core/fs/walk';
import { ImportError, MAX_IMPORT_BYTES, importFile } from '../../core/importers';
import { escapeControls } from '../../core/text/escape-controls';
import type { Article } from '../../core/model';
import { emptyProject } from '../../core/project';
import { analystFrom } from '../analyst';
import { CliError, type CliCommand } from '../command';
import { isFsError, parseCommandLine, readProject, saveProject } from '../fs';
import { nodeImportContext } from '../node-import-context';
import {
  defaultKind,
  importHypothesis,
  importQdpx,
  isQdpx,
  readMapping,
  saveMapping,
} from '../exchange-import';
import { looksLikeHypothesis } from '../../core/hypothesis';
import { fromStoredMapping, rememberMapping, type CodeMapping } from '../../core/refi';
import { mergeProjects, mergeReport, parseResolution, summary } from './merge';

const usage =
  'gloss import <file-or-folder>... --project <file.gloss> [--analyst NAME] [--keep-originals] [--conflicts both|mine|theirs] [--map CODES.json] [--default-kind K] [--json]';

interface Outcome {
  file: string;
  status: 'imported' | 'duplicate' | 'merged' | 'skipped' | 'failed';
  articleId?: string;
  title?: string;
  /** For a REFI-QDA project or a Hypothesis export: how many annotations it added. */
  annotations?: number;
  /** For a Hypothesis export: what matched an article (and how) and what did not (and why). */
  matched?: { quote: string; title: string; by: string }[];
  unmatched?: { quote: string; uri: string; reason: string }[];
  duplicateOf?: string;
  error?: string;
  /** For a Gloss JSON export: the merge, as `gloss merge --json` reports it. */
  merge?: ReturnType<typeof mergeReport>;
}

/** An export's problem on one line: the reason, then each issue. */
function oneLine(err: ExportFormatError): string {
  const base = err.issues.length ? err.message.slice(0, err.message.indexOf('\n  - ')) : err.message;
  return [base.replace(/:$/, ''), ...err.issues].join('; ').replace(/\s*\n\s*/g, ' ');
}

/**
 * Every file under the given paths, listed as the app's Import lists them (`listPickedFiles`:
 * folders walked sorted, hidden entries skipped, each folder once even when symbolic links loop,
 * folders named `*.gloss` not entered), leaving out the project file itself. What was skipped is
 * reported as failed, except a folder already read through another link.
 */
async function collect(paths: string[], outcomes: Outcome[], projectPath: string): Promise<string[]> {
  const project = resolve(projectPath);
  const { files, skipped } = await listPickedFiles({ fs, path }, paths, {
    folders: true,
    maxFiles: Number.POSITIVE_INFINITY,
  });
  for (const s of skipped) {
    if (s.kind === 'seen') continue;
    outcomes.push({
      file: s.path,
      // A saved page's companion folder is no failure: the page itself is imported.
      status: s.kind === 'saved-page-folder' ? 'skipped' : 'failed',
      error: s.kind === 'missing' ? 'no such file or folder' : s.reason,
    });
  }
  return files.map((f) => f.path).filter((f) => resolve(f) !== project);
}

/**
 * `gloss import`: imports files and folders into a project file, creating it if needed. Duplicates
 * (same `contentHash`) are reported and skipped; a file that fails is reported and the rest still
 * import. A Gloss JSON export (any `.json` file, or a file that starts like one, that is not a
 * Hypothesis export) is merged into the project as `gloss merge` merges a colleague's file
 * (conflicts settled by `--conflicts`); a `.json` file that is no valid export is refused with the
 * reason. Exit code 1 when any file failed.
 */
export const command: CliCommand = {
  usage,
  summary: 'Import files (and folders) into a project file, creating it if needed; duplicates are skipped.',
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        project: { type: 'string' },
        analyst: { type: 'string' },
        'keep-originals': { type: 'boolean' },
        conflicts: { type: 'string' },
        map: { type: 'string' },
        'default-kind': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const resolution = parseResolution(values.conflicts);
    const projectPath = values.project;
    if (!projectPath) throw new CliError(`--project <file.gloss> is required.\nusage: ${usage}`, 2);
    if (positionals.length === 0)
      throw new CliError(`name at least one file or folder to import.\nusage: ${usage}`, 2);

    const now = new Date().toISOString();
    let exists = true;
    try {
      await stat(projectPath);
    } catch (err) {
      if (!isFsError(err, 'ENOENT')) throw err;
      exists = false;
    }
    let doc = exists
      ? await readProject(projectPath)
      : emptyProject(basename(projectPath, extname(projectPath)), analystFrom(values.analyst), now);

    const summaries: string[] = [];
    let merged = 0;
    const kindForUncoded = defaultKind(values['default-kind']);
    // The project's remembered mapping, under the choices of the --map file.
    const remembered: CodeMapping = {
      ...fromStoredMapping(doc.envelope.refiCodeMapping),
      ...(values.map ? await readMapping(values.map) : {}),
    };
    const usedMapping: CodeMapping = {};
    let exchanged = 0;
    let exchangedArticles = 0;
    const outcomes: Outcome[] = [];
    const files = await collect(positionals, outcomes, projectPath);
    const byHash = new Map<string, Article>(doc.articles.map((a) => [a.contentHash, a]));
    const ctx = nodeImportContext(now);
    const added: Article[] = [];
    // Hypothesis exports are matched once every article of this import is in the project.
    const hypothesis: { file: string; text: string }[] = [];
    for (const file of files) {
      try {
        const size = (await stat(file)).size;
        if (size > MAX_IMPORT_BYTES) {
          throw new ImportError(
            'too-large',
            `“${basename(file)}” is ${Math.round(size / 1048576)} MiB; Gloss imports files up to ${MAX_IMPORT_BYTES / 1048576} MiB.`,
          );
        }
        const bytes = await readFile(file);
        if (isQdpx(basename(file), bytes)) {
          const before = doc.articles.length;
          const done = await importQdpx(bytes, doc, {
            remembered,
            defaultKind: kindForUncoded,
            now,
            author: doc.envelope.analyst,
          });
          Object.assign(usedMapping, done.mapping);
          for (const a of doc.articles.slice(before)) byHash.set(a.contentHash, a);
          exchangedArticles += done.counts.articles;
          exchanged +=
            done.counts.articles + done.counts.annotations + done.counts.sourceGrades + done.counts.tags;
          outcomes.push({
            file,
            status: 'imported',
            title: `REFI-QDA project: ${done.sources} source${done.sources === 1 ? '' : 's'} (${done.counts.articles} new), ${done.counts.annotations} annotation${done.counts.annotations === 1 ? '' : 's'}${done.warnings.length ? `; ${done.warnings.join(' ')}` : ''}`,
            annotations: done.counts.annotations,
          });
          continue;
        }
        if (/\.json$/i.test(file)) {
          const text = new TextDecoder('utf-8').decode(bytes);
          if (looksLikeHypothesis(text)) {
            hypothesis.push({ file, text });
            continue;
          }
        }
        if (looksLikeJsonExport(basename(file), bytes)) {
          // A Gloss JSON export is merged, as a colleague's project is (gloss merge's code).
          const theirs = await readJsonExportAsProject(bytes);
          const result = mergeProjects(doc, theirs, resolution);
          outcomes.push({
            file,
            status: 'merged',
            merge: mergeReport({ a: projectPath, b: file, out: projectPath }, doc, result.plan, resolution),
          });
          summaries.push(summary(result.plan, resolution));
          doc = result.merged;
          for (const a of result.plan.newArticles) byHash.set(a.contentHash, a);
          merged++;
          continue;
        }
        const article = await importFile({ name: basename(file), bytes }, ctx);
        const same = byHash.get(article.contentHash);
        if (same) {
          outcomes.push({
            file,
            status: 'duplicate',
            articleId: same.id,
            title: same.title,
            duplicateOf: same.id,
          });
          continue;
        }
        if (values['keep-originals']) article.original = new Uint8Array(bytes);
        byHash.set(article.contentHash, article);
        doc.articles.push(article);
        added.push(article);
        outcomes.push({ file, status: 'imported', articleId: article.id, title: article.title });
      } catch (err) {
        if (err instanceof ImportError && err.code === 'not-article') {
          outcomes.push({ file, status: 'skipped', error: err.message });
        } else if (err instanceof ExportFormatError) {
          outcomes.push({ file, status: 'failed', error: `not restored: ${oneLine(err)}` });
        } else {
          outcomes.push({ file, status: 'failed', error: err instanceof Error ? err.message : String(err) });
        }
      }
    }

    for (const h of hypothesis) {
      try {
        const done = await importHypothesis(h.text, doc, { defaultKind: kindForUncoded, now });
        exchanged += done.counts.annotations;
        outcomes.push({
          file: h.file,
          status: 'imported',
          title: `Hypothesis export: ${done.matched.length} matched, ${done.counts.annotations} added, ${done.unmatched.length} not matched`,
          annotations: done.counts.annotations,
          matched: done.matched,
          unmatched: done.unmatched,
        });
      } catch (err) {
        outcomes.push({
          file: h.file,
          status: 'failed',
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }

    const failed = outcomes.filter((o) => o.status === 'failed').length;
    const duplicates = outcomes.filter((o) => o.status === 'duplicate').length;
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    if (values.map && Object.keys(usedMapping).length) await saveMapping(values.map, remembered, usedMapping);
    let mappingChanged = false;
    if (Object.keys(usedMapping).length) {
      const kept = rememberMapping(doc.envelope.refiCodeMapping, usedMapping);
      mappingChanged = JSON.stringify(kept) !== JSON.stringify(doc.envelope.refiCodeMapping ?? {});
      doc.envelope = { ...doc.envelope, refiCodeMapping: kept };
    }
    const written = added.length > 0 || exchanged > 0 || merged > 0 || mappingChanged;
    if (written) {
      doc.envelope = { ...doc.envelope, savedAt: now };
      await saveProject(projectPath, doc);
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ project: projectPath, written, imported: added.length + exchangedArticles, merged, duplicates, skipped, failed, files: outcomes }, null, 2)}\n`,
      );
    } else {
      // File names and titles come from the disk and the files: escape their control characters.
      const e = (s: string | undefined) => escapeControls(s ?? '');
      for (const text of summaries) process.stdout.write(text);
      for (const o of outcomes) {
        if (o.status === 'merged') process.stdout.write(`merged     ${e(o.file)} (Gloss JSON export)\n`);
        else if (o.status === 'imported' && o.annotations !== undefined) {
          process.stdout.write(`imported   ${e(o.file)}: ${e(o.title)}\n`);
          for (const m of o.matched ?? [])
            process.stdout.write(
              `  matched   by ${m.by.padEnd(5)} “${e(m.quote.slice(0, 60))}” → “${e(m.title)}”\n`,
            );
          for (const u of o.unmatched ?? [])
            process.stdout.write(`  unmatched “${e(u.quote.slice(0, 60))}” (${e(u.uri)}): ${e(u.reason)}\n`);
        } else if (o.status === 'imported')
          process.stdout.write(`imported   ${e(o.file)} → ${o.articleId} “${e(o.title)}”\n`);
        else if (o.status === 'duplicate')
          process.stdout.write(
            `duplicate  ${e(o.file)}: same text as “${e(o.title)}” (${o.duplicateOf}); not added again\n`,
          );
        else if (o.status === 'skipped') process.stdout.write(`skipped    ${e(o.file)}: ${e(o.error)}\n`);
        else process.stderr.write(`failed     ${e(o.file)}: ${e(o.error)}\n`);
      }
      process.stdout.write(
        `${added.length + exchangedArticles} imported, ${merged ? `${merged} export${merged === 1 ? '' : 's'} merged, ` : ''}${duplicates} duplicate${duplicates === 1 ? '' : 's'}, ${skipped} skipped, ${failed} failed; ${
          written
            ? `${projectPath} now holds ${doc.articles.length} article${doc.articles.length === 1 ? '' : 's'}`
            : `${projectPath} not changed`
        }.\n`,
      );
    }
    return failed > 0 ? 1 : 0;
  },
};
