import { ProjectFileError } from './errors';
import { PROJECT_VERSION } from './schema';

/**
 * A project file as plain JSON before validation: the envelope and every JSON document by entry
 * name. Migrations work on this form, so they never depend on today's types.
 */
export interface RawProject {
  manifest: Record<string, unknown>;
  documents: Record<string, unknown>;
}

/** Turns a version-`n` raw project into a version-`n + 1` one. */
export type Migration = (raw: RawProject) => RawProject;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 1 → 2: provenance. Every annotation gets `updatedBy` (its author: version 1 recorded no
 * one else) and an empty `provenance` (every judgement as its author made it); every source grade
 * gets `updatedBy`, the file's owner (version 1 kept grades per project, set by its owner).
 * Anything that is not the expected shape is left for validation to refuse.
 */
export function migrateV1toV2(raw: RawProject): RawProject {
  const owner = raw.manifest['analyst'];
  const documents = { ...raw.documents };
  const annotations = documents['annotations.json'];
  if (Array.isArray(annotations)) {
    documents['annotations.json'] = annotations.map((a) =>
      isRecord(a) ? { ...a, updatedBy: a['updatedBy'] ?? a['author'], provenance: a['provenance'] ?? {} } : a,
    );
  }
  const grades = documents['source-grades.json'];
  if (Array.isArray(grades)) {
    documents['source-grades.json'] = grades.map((g) =>
      isRecord(g) ? { ...g, updatedBy: g['updatedBy'] ?? owner } : g,
    );
  }
  return { ...raw, documents };
}

/**
 * The migration table: `MIGRATIONS[n]` upgrades format version `n` to `n + 1`. Every new version
 * adds its step here and a fixture of the old version under tests/fixtures/project/
 * (`v1-sample.gloss`, …).
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({ 1: migrateV1toV2 });

/**
 * Upgrades a raw project step by step to `target` (default {@link PROJECT_VERSION}; tests pass
 * another to exercise a chain of steps).
 * @throws {ProjectFileError} `newer-version` for a file from a newer Gloss, `schema` for a
 * version that is not a positive integer or has no migration.
 */
export function migrate(
  raw: RawProject,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = PROJECT_VERSION,
): RawProject {
  const version = raw.manifest['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProjectFileError(
      'schema',
      `manifest.json: “version” must be a positive whole number, not ${JSON.stringify(version)}.`,
    );
  }
  if (version > target) {
    const app = raw.manifest['app'] as { name?: unknown; version?: unknown } | undefined;
    const by = app && typeof app.version === 'string' ? ` (Gloss ${app.version})` : '';
    throw new ProjectFileError(
      'newer-version',
      `This project file was saved by a newer Gloss${by} in format version ${version}; this Gloss reads up to version ${target}. Update Gloss to open it.`,
    );
  }
  let current = raw;
  for (let v = version; v < target; v++) {
    const step = migrations[v];
    if (!step) throw new ProjectFileError('schema', `No migration from project format version ${v}.`);
    current = step(current);
    current = { ...current, manifest: { ...current.manifest, version: v + 1 } };
  }
  return current;
}
