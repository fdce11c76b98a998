import { agreement, DEFAULT_MIN_JACCARD, type AgreementReport, type SpanSummary } from '../../core/agreement';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject } from '../fs';

const usage = 'gloss agree <a.gloss> <b.gloss> [--json] [--min-overlap X] [--analyst-a ID] [--analyst-b ID]';

const QUOTE_WIDTH = 60;

const num = (x: number | null, digits = 3): string => (x === null ? 'n/a' : x.toFixed(digits));

function clip(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > QUOTE_WIDTH ? `${flat.slice(0, QUOTE_WIDTH - 1)}…` : flat;
}

function side(s: SpanSummary | null): string {
  if (!s) return '—';
  return `“${clip(s.quote)}” ${s.kind}/${s.stance ?? '-'}/${s.credibility ?? '-'}`;
}

/** The report as text: the figures, then every disagreement with both sides. */
export function formatAgreement(r: AgreementReport): string {
  const name = (a: { id: string; name: string }) => a.name || a.id;
  const lines = [
    `Agreement of ${name(r.analystA)} (A) and ${name(r.analystB)} (B) on ${r.articles} article${r.articles === 1 ? '' : 's'} both annotated`,
    `  spans: A ${r.spans.a}, B ${r.spans.b}, matched ${r.spans.matched} (overlap ≥ ${r.minJaccard}); F1 ${num(r.spans.f1)}, precision ${num(r.spans.precision)}, recall ${num(r.spans.recall)}${r.spans.unanchored ? `; ${r.spans.unanchored} not found in the text` : ''}`,
    `  kind:   Cohen's kappa ${num(r.kind.kappa)} (observed ${num(r.kind.observed)}, n ${r.kind.n})`,
    `  stance: Cohen's kappa ${num(r.stance.kappa)} (observed ${num(r.stance.observed)}, n ${r.stance.n})`,
    `  credibility: Krippendorff's alpha (ordinal) ${num(r.credibility.alpha)} (n ${r.credibility.n})`,
    `Disagreements: ${r.disagreements.length}`,
  ];
  let article = '';
  for (const d of r.disagreements) {
    if (d.articleId !== article) {
      article = d.articleId;
      lines.push(`  ${d.articleTitle || d.articleId}`);
    }
    const what =
      d.type === 'classification'
        ? `differ in ${d.fields.join(', ')}`
        : d.type === 'only-a'
          ? 'only A'
          : 'only B';
    lines.push(`    [${what}]`, `      A: ${side(d.a)}`, `      B: ${side(d.b)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `gloss agree`: inter-annotator agreement of two analysts' project files on the articles both
 * annotated (docs/project-format.md, "Agreement").
 */
export const command: CliCommand = {
  usage,
  summary:
    'Agreement of two analysts: span F1, Cohen’s kappa (kind, stance), Krippendorff’s alpha (credibility).',
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        json: { type: 'boolean' },
        'min-overlap': { type: 'string' },
        'analyst-a': { type: 'string' },
        'analyst-b': { type: 'string' },
      },
      usage,
    );
    if (positionals.length !== 2) throw new CliError(`give two project files.\nusage: ${usage}`, 2);
    const minJaccard =
      values['min-overlap'] === undefined ? DEFAULT_MIN_JACCARD : Number(values['min-overlap']);
    if (!(minJaccard > 0 && minJaccard <= 1)) {
      throw new CliError(
        `--min-overlap must be a number above 0 and at most 1, not “${values['min-overlap']}”.`,
        2,
      );
    }
    const a = await readProject(positionals[0]!);
    const b = await readProject(positionals[1]!);
    const report = agreement(a, b, {
      minJaccard,
      ...(values['analyst-a'] ? { analystA: values['analyst-a'] } : {}),
      ...(values['analyst-b'] ? { analystB: values['analyst-b'] } : {}),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAgreement(report));
    return 0;
  },
};
