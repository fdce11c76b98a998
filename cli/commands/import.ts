import * as fs from 'node:fs/promises';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { basename, extname, resolve } from 'node:path';
import { listPickedFiles } from '../../core/fs/walk';
import { ImportError, MAX_IMPORT_BYTES, importFile } from '../../core/importers';
import type { Article } from '../../core/model';
import { emptyProject } from '../../core/project';
import { analystFrom } from '../analyst';
import { CliError, type CliCommand } from '../command';
import { isFsError, parseCommandLine, readProject, saveProject } from '../fs';
import { nodeImportContext } from '../node-import-context';

const usage =
  'gloss import <file-or-folder>... --project <file.gloss> [--analyst NAME] [--keep-originals] [--json]';

interface Outcome {
  file: string;
  status: 'imported' | 'duplicate' | 'failed';
  articleId?: string;
  title?: string;
  duplicateOf?: string;
  error?: string;
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
      status: 'failed',
      error: s.kind === 'missing' ? 'no such file or folder' : s.reason,
    });
  }
  return files.map((f) => f.path).filter((f) => resolve(f) !== project);
}

/**
 * `gloss import`: imports files and folders into a project file, creating it if needed. Duplicates
 * (same `contentHash`) are reported and skipped; a file that fails is reported and the rest still
 * import. Exit code 1 when any file failed.
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
        json: { type: 'boolean' },
      },
      usage,
    );
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
    const doc = exists
      ? await readProject(projectPath)
      : emptyProject(basename(projectPath, extname(projectPath)), analystFrom(values.analyst), now);

    const outcomes: Outcome[] = [];
    const files = await collect(positionals, outcomes, projectPath);
    const byHash = new Map<string, Article>(doc.articles.map((a) => [a.contentHash, a]));
    const ctx = nodeImportContext(now);
    const added: Article[] = [];
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
        added.push(article);
        outcomes.push({ file, status: 'imported', articleId: article.id, title: article.title });
      } catch (err) {
        outcomes.push({ file, status: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    }

    const failed = outcomes.filter((o) => o.status === 'failed').length;
    const duplicates = outcomes.filter((o) => o.status === 'duplicate').length;
    if (added.length > 0) {
      doc.articles.push(...added);
      doc.envelope = { ...doc.envelope, savedAt: now };
      await saveProject(projectPath, doc);
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ project: projectPath, written: added.length > 0, imported: added.length, duplicates, failed, files: outcomes }, null, 2)}\n`,
      );
    } else {
      for (const o of outcomes) {
        if (o.status === 'imported')
          process.stdout.write(`imported   ${o.file} → ${o.articleId} “${o.title}”\n`);
        else if (o.status === 'duplicate')
          process.stdout.write(
            `duplicate  ${o.file}: same text as “${o.title}” (${o.duplicateOf}); not added again\n`,
          );
        else process.stderr.write(`failed     ${o.file}: ${o.error}\n`);
      }
      process.stdout.write(
        `${added.length} imported, ${duplicates} duplicate${duplicates === 1 ? '' : 's'}, ${failed} failed; ${
          added.length
            ? `${projectPath} now holds ${doc.articles.length} article${doc.articles.length === 1 ? '' : 's'}`
            : `${projectPath} not changed`
        }.\n`,
      );
    }
    return failed > 0 ? 1 : 0;
  },
};
