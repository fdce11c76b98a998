import {
  applyMerge,
  MergeError,
  planMerge,
  resolveAll,
  type ConflictResolution,
  type MergePlan,
} from '../../core/merge';
import type { Annotation } from '../../core/model';
import type { ProjectDocument } from '../../core/project';
import { writeFileAtomic } from '../atomic-write';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject, saveProject } from '../fs';

const usage =
  'gloss merge <a.gloss> <b.gloss> --out <c.gloss> [--conflicts both|mine|theirs] [--report FILE.json] [--dry-run] [--json]';

const RESOLUTIONS: readonly ConflictResolution[] = ['both', 'mine', 'theirs'];

/** The `--conflicts` option's value (default `both`, which loses nothing); a usage error otherwise. */
export function parseResolution(value: string | undefined): ConflictResolution {
  const resolution = (value ?? 'both') as ConflictResolution;
  if (!RESOLUTIONS.includes(resolution)) {
    throw new CliError(`--conflicts must be one of ${RESOLUTIONS.join(', ')}, not “${value}”.`, 2);
  }
  return resolution;
}

/**
 * Merges `theirs` into `mine` through `core/merge`, every conflict settled by `resolution`, and
 * stamps the result as saved now. `gloss merge` and `gloss import` (of a Gloss JSON export) both
 * merge with it.
 * @throws {MergeError} when their file cannot be merged (saved too far ahead of this clock).
 */
export function mergeProjects(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  resolution: ConflictResolution,
): { plan: MergePlan; merged: ProjectDocument } {
  const plan = planMerge(mine, theirs);
  const now = new Date().toISOString();
  const merged = applyMerge(mine, theirs, plan, resolveAll(plan, resolution), { now });
  merged.envelope = { ...merged.envelope, savedAt: now };
  return { plan, merged };
}

const brief = (a: Annotation) => ({
  id: a.id,
  articleId: a.articleId,
  author: a.author,
  kind: a.kind,
  stance: a.stance,
  credibility: a.credibility,
  note: a.note,
  updatedAt: a.updatedAt,
  updatedBy: a.updatedBy,
  deletedAt: a.deletedAt,
});

const who = (a: { name: string; id: string } | null | undefined): string =>
  a ? a.name || a.id : 'the importer';

/** The machine-readable account of a merge (`--report`, `--json`); documented in docs/cli.md. */
export function mergeReport(
  files: { a: string; b: string; out: string | null },
  mine: ProjectDocument,
  plan: MergePlan,
  resolution: ConflictResolution,
) {
  const count = (kind: string) => plan.articles.filter((m) => m.kind === kind).length;
  return {
    type: 'gloss-merge-report',
    version: 1,
    a: { file: files.a, analyst: mine.envelope.analyst, savedAt: mine.envelope.savedAt },
    b: { file: files.b, analyst: plan.theirs.analyst, savedAt: plan.theirs.savedAt },
    out: files.out,
    articles: {
      same: count('same'),
      new: plan.newArticles.map((a) => ({ id: a.id, title: a.title })),
      reanchored: plan.articles.flatMap((m) => (m.kind === 'reanchored' ? [m] : [])),
    },
    annotations: {
      new: plan.newAnnotations.map((g) => ({
        author: g.author,
        count: g.annotations.length,
        ids: g.annotations.map((a) => a.id),
      })),
      updated: plan.updated.map((u) => ({ id: u.theirs.id, by: u.theirs.updatedBy, at: u.theirs.updatedAt })),
      deleted: plan.deleted.map((u) => ({ id: u.theirs.id, by: u.theirs.updatedBy, at: u.theirs.deletedAt })),
      conflicts: plan.conflicts.map((c) => ({
        id: c.id,
        resolution,
        mine: brief(c.mine),
        theirs: brief(c.theirs),
      })),
      keptMine: plan.keptMine,
      unchanged: plan.unchanged,
      orphaned: plan.orphaned,
    },
    articleDetails: {
      updated: plan.articleDetails.updated.map((u) => ({
        articleId: u.articleId,
        by: u.theirsStamp?.by,
        theirs: u.theirs,
      })),
      conflicts: plan.articleDetails.conflicts.map((c) => ({
        articleId: c.articleId,
        resolution: detailResolution(resolution),
        mine: { ...c.mine, by: c.mineStamp?.by ?? null },
        theirs: { ...c.theirs, by: c.theirsStamp?.by ?? null },
      })),
    },
    sourceGrades: {
      added: plan.sourceGrades.added.map((g) => ({
        source: g.source,
        reliability: g.reliability,
        by: g.updatedBy,
      })),
      updated: plan.sourceGrades.updated.map((u) => ({
        source: u.theirs.source,
        from: u.mine.reliability,
        to: u.theirs.reliability,
        by: u.theirs.updatedBy,
      })),
      conflicts: plan.sourceGrades.conflicts.map((c) => ({
        source: c.mine.source,
        resolution: detailResolution(resolution),
        mine: {
          reliability: c.mine.reliability,
          note: c.mine.note,
          by: c.mine.updatedBy,
          at: c.mine.updatedAt,
        },
        theirs: {
          reliability: c.theirs.reliability,
          note: c.theirs.note,
          by: c.theirs.updatedBy,
          at: c.theirs.updatedAt,
        },
      })),
    },
    tags: { added: plan.tags.added.map((t) => t.name) },
    sets: { added: plan.sets.added.map((s) => s.name), renamed: plan.sets.renamed },
    partial: plan.partial,
  };
}

/** Article details and grades have no "both": keeping both is keeping mine. */
const detailResolution = (r: ConflictResolution): ConflictResolution => (r === 'both' ? 'mine' : r);

/** The text summary of a merge, as `gloss merge` prints it (docs/cli.md). */
export function summary(plan: MergePlan, resolution: ConflictResolution): string {
  const lines = [
    `Merging ${plan.theirs.analyst.name || plan.theirs.analyst.id}'s file (saved ${plan.theirs.savedAt}):`,
  ];
  const reanchored = plan.articles.filter((m) => m.kind === 'reanchored').length;
  lines.push(
    `  articles: ${plan.newArticles.length} new, ${reanchored} matched by URL and re-anchored, ${plan.articles.length - plan.newArticles.length - reanchored} already here`,
  );
  if (plan.newAnnotations.length === 0) lines.push('  new annotations: none');
  for (const g of plan.newAnnotations) {
    lines.push(`  new annotations by ${g.author.name || g.author.id}: ${g.annotations.length}`);
  }
  lines.push(
    `  updated: ${plan.updated.length}, deleted: ${plan.deleted.length}, kept mine: ${plan.keptMine}, unchanged: ${plan.unchanged}`,
  );
  lines.push(
    `  conflicts: ${plan.conflicts.length}${plan.conflicts.length ? ` (resolved: ${resolution})` : ''}`,
  );
  for (const c of plan.conflicts) {
    const side = (a: Annotation) =>
      a.deletedAt ? 'deleted' : `${a.kind}/${a.stance ?? '-'}/${a.credibility ?? '-'} “${a.note}”`;
    lines.push(
      `    ${c.id}: mine ${side(c.mine)} by ${who(c.mine.updatedBy)} | theirs ${side(c.theirs)} by ${who(c.theirs.updatedBy)}`,
    );
  }
  if (plan.orphaned.length) {
    lines.push(`  orphaned (not found in my text, kept as they are): ${plan.orphaned.length}`);
  }
  for (const u of plan.articleDetails.updated) {
    lines.push(
      `  article details edited by ${who(u.theirsStamp?.by)}: “${u.mine.title}” → “${u.theirs.title}” (${u.articleId})`,
    );
  }
  for (const c of plan.articleDetails.conflicts) {
    lines.push(
      `  article details conflict (resolved: ${detailResolution(resolution)}): ${c.articleId}: mine by ${who(c.mineStamp?.by)} “${c.mine.title}” / ${c.mine.source} | theirs by ${who(c.theirsStamp?.by)} “${c.theirs.title}” / ${c.theirs.source}`,
    );
  }
  for (const g of plan.sourceGrades.added)
    lines.push(`  source grade new: ${g.source} ${g.reliability} (by ${who(g.updatedBy)})`);
  for (const u of plan.sourceGrades.updated) {
    lines.push(
      `  source grade updated: ${u.theirs.source} ${u.mine.reliability} → ${u.theirs.reliability} (by ${who(u.theirs.updatedBy)})`,
    );
  }
  for (const c of plan.sourceGrades.conflicts) {
    lines.push(
      `  source grade conflict (resolved: ${detailResolution(resolution)}): ${c.mine.source}: mine ${c.mine.reliability} by ${who(c.mine.updatedBy)} | theirs ${c.theirs.reliability} by ${who(c.theirs.updatedBy)}`,
    );
  }
  if (plan.tags.added.length) lines.push(`  tags new: ${plan.tags.added.map((t) => t.name).join(', ')}`);
  for (const s of plan.sets.added) {
    const renamed = plan.sets.renamed.find((r) => r.id === s.id);
    lines.push(
      `  set new: ${s.name}${renamed ? ` (theirs is named “${renamed.from}”, which you use already)` : ''}`,
    );
  }
  if (plan.partial)
    lines.push(
      '  a partial file (one set, or a Gloss JSON export): the record of your last exchange with them stays as it was',
    );
  return `${lines.join('\n')}\n`;
}

/**
 * `gloss merge`: merges B (a colleague's file) into A (mine) and writes the result to `--out`,
 * leaving A and B as they are. Conflicts are settled by `--conflicts` (default `both`, which
 * loses nothing). `--dry-run` previews only.
 */
export const command: CliCommand = {
  usage,
  summary: 'Merge a colleague’s project (b) into yours (a) and write the result; --dry-run previews.',
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        out: { type: 'string', short: 'o' },
        conflicts: { type: 'string' },
        report: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 2) throw new CliError(`give two project files.\nusage: ${usage}`, 2);
    const [aPath, bPath] = positionals as [string, string];
    const dryRun = values['dry-run'] === true;
    if (!dryRun && !values.out) throw new CliError(`--out <c.gloss> is required.\nusage: ${usage}`, 2);
    const resolution = parseResolution(values.conflicts);

    const mine = await readProject(aPath);
    const theirs = await readProject(bPath);
    let result: { plan: MergePlan; merged: ProjectDocument };
    try {
      result = mergeProjects(mine, theirs, resolution);
    } catch (err) {
      if (err instanceof MergeError) throw new CliError(`${bPath}: ${err.message}`);
      throw err;
    }
    const { plan, merged } = result;
    const report = mergeReport(
      { a: aPath, b: bPath, out: dryRun ? null : values.out! },
      mine,
      plan,
      resolution,
    );
    if (!dryRun) await saveProject(values.out!, merged);
    if (values.report) {
      await writeFileAtomic(values.report, new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
    }
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(summary(plan, resolution));
      process.stdout.write(dryRun ? 'Dry run: nothing written.\n' : `Wrote ${values.out}.\n`);
    }
    return 0;
  },
};
