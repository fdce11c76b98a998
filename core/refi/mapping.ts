import { z } from 'zod';
import { ANNOTATION_KINDS, STANCES, type AnnotationKind, type Stance } from '../model';

/** What one of their codes becomes in Gloss. */
export type CodeTarget =
  | { to: 'kind'; kind: AnnotationKind }
  | { to: 'stance'; stance: Stance }
  | { to: 'credibility'; credibility: number }
  | { to: 'tag'; tag: string }
  | { to: 'nothing' };

/** The analyst's mapping, keyed by code path (`Emotions/Joy`), so it can be remembered by name. */
export type CodeMapping = Record<string, CodeTarget>;

/** Parses `kind:claim`, `stance:opinion`, `credibility:3`, `tag`, `tag:name` or `nothing`. */
export function parseCodeTarget(value: string, codeName: string): CodeTarget | null {
  const [what, ...rest] = value.split(':');
  const arg = rest.join(':');
  if (what === 'kind' && (ANNOTATION_KINDS as readonly string[]).includes(arg))
    return { to: 'kind', kind: arg as AnnotationKind };
  if (what === 'stance' && (STANCES as readonly string[]).includes(arg))
    return { to: 'stance', stance: arg as Stance };
  if (what === 'credibility' && /^[1-6]$/.test(arg)) return { to: 'credibility', credibility: Number(arg) };
  if (what === 'tag') return { to: 'tag', tag: arg || codeName };
  if (what === 'nothing' && !arg) return { to: 'nothing' };
  return null;
}

/** The inverse of {@link parseCodeTarget}. */
export function formatCodeTarget(t: CodeTarget): string {
  switch (t.to) {
    case 'kind':
      return `kind:${t.kind}`;
    case 'stance':
      return `stance:${t.stance}`;
    case 'credibility':
      return `credibility:${t.credibility}`;
    case 'tag':
      return `tag:${t.tag}`;
    case 'nothing':
      return 'nothing';
  }
}

/**
 * A remembered mapping as a project keeps it (the envelope's `refiCodeMapping`, the app's `meta`
 * key `refiMapping`) and `gloss import --map` reads it: `{"<code path>": "kind:claim" | … |
 * "nothing"}`, every value one {@link parseCodeTarget} reads.
 */
export type StoredCodeMapping = Record<string, string>;

export const StoredCodeMappingSchema = z.record(
  z.string().min(1, { error: 'a code path is not empty' }),
  z.string().refine((v) => parseCodeTarget(v, 'code') !== null, {
    error:
      'expected kind:claim|assessment|figure, stance:opinion|reporting, credibility:1-6, tag, tag:<name> or nothing',
  }),
);

/** Reads a stored mapping (values that do not parse are left out: the proposal stands for them). */
export function fromStoredMapping(stored: StoredCodeMapping | undefined): CodeMapping {
  const out: CodeMapping = {};
  for (const [path, value] of Object.entries(stored ?? {})) {
    const target = parseCodeTarget(value, path.replace(/^.*\//, ''));
    if (target) out[path] = target;
  }
  return out;
}

/** What is remembered after an import: the earlier choices, overridden by the ones just used. */
export function rememberMapping(prior: StoredCodeMapping | undefined, used: CodeMapping): StoredCodeMapping {
  const out: StoredCodeMapping = { ...prior };
  for (const [path, target] of Object.entries(used)) out[path] = formatCodeTarget(target);
  return out;
}
