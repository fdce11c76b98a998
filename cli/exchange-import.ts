import { readFile } from 'node:fs/promises';
import { ANNOTATION_KINDS, type AnnotationKind } from '../core/model';
import {
  addToProject,
  parseCodeTarget,
  rememberMapping,
  proposeMapping,
  qdaToGloss,
  readQdpx,
  isQdpx,
  type AddedCounts,
  type CodeMapping,
  type ImportTarget,
} from '../core/refi';
import { matchHypothesis, parseHypothesis } from '../core/hypothesis';
import { writeFileAtomic } from './atomic-write';
import { CliError } from './command';
import { isFsError } from './fs';

export { isQdpx };

/**
 * The code mapping file of `--map`: `{"<code path>": "kind:claim" | "stance:opinion" |
 * "credibility:3" | "tag" | "tag:<name>" | "nothing"}`. Missing: an empty mapping.
 */
export async function readMapping(path: string): Promise<CodeMapping> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if (isFsError(err, 'ENOENT')) return {};
    throw new CliError(`cannot read the mapping ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CliError(
      `${path} is not JSON; a mapping is {"code path": "kind:claim" | "stance:opinion" | "credibility:3" | "tag" | "tag:name" | "nothing"}`,
      2,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError(`${path}: a mapping is a JSON object from code paths to targets`, 2);
  }
  const out: CodeMapping = {};
  for (const [code, value] of Object.entries(json as Record<string, unknown>)) {
    const name = code.replace(/^.*\//, '');
    const target = typeof value === 'string' ? parseCodeTarget(value, name) : null;
    if (!target) {
      throw new CliError(
        `${path}: “${code}” maps to ${JSON.stringify(value)}; expected kind:claim|assessment|figure, stance:opinion|reporting, credibility:1-6, tag, tag:<name> or nothing`,
        2,
      );
    }
    out[code] = target;
  }
  return out;
}

export interface QdpxImported {
  counts: AddedCounts;
  sources: number;
  mapping: CodeMapping;
  warnings: string[];
}

/**
 * Imports a REFI-QDA project into `doc`: codes mapped by `mapping` (remembered choices), the
 * rest as {@link proposeMapping} proposes; selections no code makes a kind get `defaultKind`.
 */
export async function importQdpx(
  bytes: Uint8Array,
  doc: ImportTarget,
  options: {
    remembered: CodeMapping;
    defaultKind: AnnotationKind;
    now: string;
    author: { id: string; name: string };
  },
): Promise<QdpxImported> {
  const project = readQdpx(bytes);
  const mapping = proposeMapping(project.codes, options.remembered);
  const result = await qdaToGloss(project, {
    mapping,
    defaultKind: options.defaultKind,
    now: options.now,
    newId: () => crypto.randomUUID(),
    fallbackAuthor: options.author,
  });
  const counts = addToProject(doc, result);
  return { counts, sources: result.articles.length, mapping, warnings: result.warnings };
}

/** Saves the mapping used, merged over what the file held, atomically. */
export async function saveMapping(path: string, remembered: CodeMapping, used: CodeMapping): Promise<void> {
  const json = rememberMapping(rememberMapping({}, remembered), used);
  await writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
}

export function defaultKind(value: string | undefined): AnnotationKind {
  if (value === undefined) return 'claim';
  if (!(ANNOTATION_KINDS as readonly string[]).includes(value)) {
    throw new CliError(
      `unknown kind “${value}” for --default-kind; expected one of ${ANNOTATION_KINDS.join(', ')}`,
      2,
    );
  }
  return value as AnnotationKind;
}

export interface HypothesisImported {
  matched: { quote: string; title: string; by: string }[];
  unmatched: { quote: string; uri: string; reason: string }[];
  counts: AddedCounts;
}

/**
 * Imports a Hypothesis JSON export into `doc`: each annotation matched onto one of the project's
 * articles (by URL, then title, then quote), the rest reported with their reason.
 */
export async function importHypothesis(
  text: string,
  doc: ImportTarget,
  options: { defaultKind: AnnotationKind; now: string },
): Promise<HypothesisImported> {
  const { annotations } = parseHypothesis(text);
  const { matched, unmatched } = await matchHypothesis(annotations, doc.articles, {
    defaultKind: options.defaultKind,
    now: options.now,
    newId: () => crypto.randomUUID(),
  });
  const counts = addToProject(doc, {
    articles: [],
    annotations: matched.map((m) => m.annotation),
    sourceGrades: [],
    tags: [],
  });
  return {
    matched: matched.map((m) => ({
      quote: m.annotation.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '',
      title: m.article.title,
      by: m.by,
    })),
    unmatched: unmatched.map((u) => ({ quote: u.quote, uri: u.uri, reason: u.reason })),
    counts,
  };
}
