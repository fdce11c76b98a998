import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ExportFormatError, looksLikeJsonExport, readJsonExportAsProject } from '../../core/exporters';
import { ImportError, MAX_IMPORT_BYTES, importFile } from '../../core/importers';
import type { Article } from '../../core/model';
import { emptyProject } from '../../core/project';
import { analystFrom } from '../analyst';
import { CliError, type CliCommand } from '../command';
import { isFsError, parseCommandLine, readProject, saveProject } from '../fs';
import { nodeImportContext } from '../node-import-context';
import { mergeProjects, mergeReport, parseResolution, summary } from './merge';

const usage =
  'gloss import <file-or-folder>... --project <file.gloss> [--analyst NAME] [--keep-originals] [--conflicts both|mine|theirs] [--json]';

interface Outcome {
  file: string;
  status: 'imported' | 'duplicate' | 'merged' | 'failed';
  articleId?: string;
  title?: string;
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
 * Every file under the given paths (folders walked recursively, hidden entries skipped, each
 * folder once even when symbolic links loop), sorted, leaving out the project file itself.
 */
async function collect(paths: string[], outcomes: Outcome[], projectPath: string): Promise<string[]> {
  const files: string[] = [];
  const seenFolders = new Set<string>();
  const project = resolve(projectPath);
  const walk = async (path: string, top: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      outcomes.push({
        file: path,
        status: 'failed',
        error: isFsError(err, 'ENOENT') ? 'no such file or folder' : String(err),
      });
      return;
    }
    if (info.isDirectory()) {
      const real = await realpath(path);
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
      for (const n of names) await walk(join(path, n), false);
    } else if (info.isFile()) {
      if (resolve(path) !== project) files.push(path);
    } else if (top) {
      outcomes.push({ file: path, status: 'failed', error: 'not a file or folder' });
    }
  };
  for (const p of paths) await walk(p, true);
  return files;
}

/**
 * `gloss import`: imports files and folders into a project file, creating it if needed. Duplicates
 * (same `contentHash`) are reported and skipped; a file that fails is reported and the rest still
 * import. A Gloss JSON export (any `.json` file, or a file that starts like one) is merged into
 * the project as `gloss merge` merges a colleague's file (conflicts settled by `--conflicts`); a
 * `.json` file that is no valid export is refused with the reason. Exit code 1 when any file
 * failed.
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

    const outcomes: Outcome[] = [];
    const files = await collect(positionals, outcomes, projectPath);
    const byHash = new Map<string, Article>(doc.articles.map((a) => [a.contentHash, a]));
    const ctx = nodeImportContext(now);
    const summaries: string[] = [];
    let added = 0;
    let merged = 0;
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
        added++;
        outcomes.push({ file, status: 'imported', articleId: article.id, title: article.title });
      } catch (err) {
        const reason =
          err instanceof ExportFormatError
            ? `not restored: ${oneLine(err)}`
            : err instanceof Error
              ? err.message
              : String(err);
        outcomes.push({ file, status: 'failed', error: reason });
      }
    }

    const failed = outcomes.filter((o) => o.status === 'failed').length;
    const duplicates = outcomes.filter((o) => o.status === 'duplicate').length;
    const written = added > 0 || merged > 0;
    if (written) {
      doc.envelope = { ...doc.envelope, savedAt: now };
      await saveProject(projectPath, doc);
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ project: projectPath, written, imported: added, merged, duplicates, failed, files: outcomes }, null, 2)}\n`,
      );
    } else {
      for (const text of summaries) process.stdout.write(text);
      for (const o of outcomes) {
        if (o.status === 'merged') process.stdout.write(`merged     ${o.file} (Gloss JSON export)\n`);
        else if (o.status === 'imported')
          process.stdout.write(`imported   ${o.file} → ${o.articleId} “${o.title}”\n`);
        else if (o.status === 'duplicate')
          process.stdout.write(
            `duplicate  ${o.file}: same text as “${o.title}” (${o.duplicateOf}); not added again\n`,
          );
        else process.stderr.write(`failed     ${o.file}: ${o.error}\n`);
      }
      process.stdout.write(
        `${added} imported, ${merged ? `${merged} export${merged === 1 ? '' : 's'} merged, ` : ''}${duplicates} duplicate${duplicates === 1 ? '' : 's'}, ${failed} failed; ${
          written
            ? `${projectPath} now holds ${doc.articles.length} article${doc.articles.length === 1 ? '' : 's'}`
            : `${projectPath} not changed`
        }.\n`,
      );
    }
    return failed > 0 ? 1 : 0;
  },
};
