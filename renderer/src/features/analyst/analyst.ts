import type { Analyst } from '../../../../core/model';
import { getMeta, putMeta, type GlossDB } from '../../db/db';

/** The most characters an analyst's name may have. */
export const MAX_ANALYST_NAME = 80;

/**
 * The analyst of this profile, or null while nobody has said who they are (a fresh profile, or
 * one whose analyst was made before names were asked for, which has an id but no name).
 */
export async function readNamedAnalyst(db: GlossDB): Promise<Analyst | null> {
  const analyst = await getMeta(db, 'analyst');
  return analyst && analyst.name.trim() ? analyst : null;
}

/** Why `name` cannot be an analyst's name, or null when it can. */
export function analystNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter your name: it is stamped on every annotation you make.';
  if (trimmed.length > MAX_ANALYST_NAME) return `A name has at most ${MAX_ANALYST_NAME} characters.`;
  return null;
}

/**
 * Names the analyst of this profile, keeping their id when they have one (so that annotations
 * already made stay theirs) and drawing a random UUID when not. One transaction.
 */
export async function saveAnalystName(db: GlossDB, name: string): Promise<Analyst> {
  const problem = analystNameProblem(name);
  if (problem) throw new Error(problem);
  return db.transaction('rw', db.meta, async () => {
    const prior = await getMeta(db, 'analyst');
    const analyst: Analyst = { id: prior?.id || crypto.randomUUID(), name: name.trim() };
    await putMeta(db, 'analyst', analyst);
    return analyst;
  });
}
