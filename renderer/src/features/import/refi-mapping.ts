import {
  StoredCodeMappingSchema,
  fromStoredMapping,
  rememberMapping,
  type CodeMapping,
  type StoredCodeMapping,
} from '../../../../core/refi';
import { getMeta, putMeta, type GlossDB } from '../../db/db';
import { REFI_MAPPING_META_KEY } from '../../db/project-data';

/** Where Gloss 0.1 kept the mapping: the window's local storage, outside the project. */
export const LEGACY_MAPPING_KEY = 'gloss.refiCodeMapping';

/** What the window's storage held, each value checked; anything unreadable is dropped. */
function legacyMapping(storage: Pick<Storage, 'getItem'> | undefined): StoredCodeMapping {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(LEGACY_MAPPING_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: StoredCodeMapping = {};
    for (const [path, value] of Object.entries(raw)) {
      const one = StoredCodeMappingSchema.safeParse({ [path]: value });
      if (one.success) out[path] = value as string;
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * The project's remembered code mapping (the `meta` key `refiMapping`, saved in project files).
 * A mapping still in the window's local storage, where earlier versions kept it, is moved into
 * the project first (the project's own choices win), in one transaction, and the old key removed.
 */
export async function readRememberedMapping(
  db: GlossDB,
  storage: Pick<Storage, 'getItem' | 'removeItem'> | undefined = globalThis.localStorage,
): Promise<CodeMapping> {
  const legacy = legacyMapping(storage);
  if (Object.keys(legacy).length === 0) return fromStoredMapping(await getMeta(db, REFI_MAPPING_META_KEY));
  const kept = await db.transaction('rw', db.meta, async () => {
    const stored = (await getMeta(db, REFI_MAPPING_META_KEY)) ?? {};
    const merged = { ...legacy, ...stored };
    await putMeta(db, REFI_MAPPING_META_KEY, merged);
    return merged;
  });
  storage?.removeItem(LEGACY_MAPPING_KEY);
  return fromStoredMapping(kept);
}

/** Remembers the choices of an import in the project, over the earlier ones (one transaction). */
export async function storeMapping(db: GlossDB, used: CodeMapping): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const prior = await getMeta(db, REFI_MAPPING_META_KEY);
    await putMeta(db, REFI_MAPPING_META_KEY, rememberMapping(prior, used));
  });
}
