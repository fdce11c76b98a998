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

/**
 * The migration table: `MIGRATIONS[n]` upgrades format version `n` to `n + 1`. Version 1 is the
 * first, so the table is empty; every future version adds its step here (and a fixture of the old
 * version under tests/fixtures/project/).
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({});

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
