import { applyMerge, planMerge, resolveAll, type ConflictResolution, type MergePlan } from '../../core/merge';
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
 */
export function mergeProjects(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  resolution: ConflictResolution,
): { plan: MergePlan; merged: ProjectDocument } {
  const plan = planMerge(mine, theirs);
  const merged = applyMerge(mine, theirs, plan, resolveAll(plan, resolution));
  merged.envelope = { ...merged.envelope, savedAt: new Date().toISOString() };
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
  deletedAt: a.deletedAt,
});

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
      updated: plan.updated.map((u) => u.theirs.id),
      deleted: plan.deleted.map((u) => u.theirs.id),
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
    sourceGrades: {
      added: plan.sourceGrades.added.map((g) => g.source),
      updated: plan.sourceGrades.updated.map((g) => g.source),
    },
    tags: { added: plan.tags.added.map((t) => t.name) },
    sets: { added: plan.sets.added.map((s) => s.name) },
  };
}

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
    lines.push(`    ${c.id}: mine ${side(c.mine)} | theirs ${side(c.theirs)}`);
  }
  if (plan.orphaned.length) {
    lines.push(`  orphaned (not found in my text, kept as they are): ${plan.orphaned.length}`);
  }
  const other = [
    plan.sourceGrades.added.length + plan.sourceGrades.updated.length
      ? `source grades ${plan.sourceGrades.added.length} new, ${plan.sourceGrades.updated.length} updated`
      : '',
    plan.tags.added.length ? `tags ${plan.tags.added.length} new` : '',
    plan.sets.added.length ? `sets ${plan.sets.added.length} new` : '',
  ].filter(Boolean);
  if (other.length) lines.push(`  ${other.join(', ')}`);
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
    const { plan, merged } = mergeProjects(mine, theirs, resolution);
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
