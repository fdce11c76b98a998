import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { GlossDB, getMeta, putMeta } from '../../../renderer/src/db/db';
import { StoreValidationError } from '../../../renderer/src/db/guard';
import { readProjectDocument, replaceStore } from '../../../renderer/src/db/project-data';
import {
  LEGACY_MAPPING_KEY,
  readRememberedMapping,
  storeMapping,
} from '../../../renderer/src/features/import/refi-mapping';

const SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'project', 'v1-sample.gloss');
const ME = { id: 'me-0001', name: 'Me' };
const dbs: GlossDB[] = [];
let counter = 0;
const open = () => {
  const db = new GlossDB(`gloss-refi-mapping-${++counter}-${Date.now()}`);
  dbs.push(db);
  return db;
};
let db: GlossDB;

/** A window's local storage, as far as the mapping uses it. */
function storage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    removeItem: (k: string) => void items.delete(k),
  };
}

beforeEach(() => {
  db = open();
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await Dexie.delete(d.name);
  }
});

describe('the REFI-QDA code mapping is kept in the project', () => {
  it('is stored through the guard, which refuses a mapping Gloss cannot read', async () => {
    await storeMapping(db, { 'Topics/Threat': { to: 'stance', stance: 'opinion' } });
    expect(await getMeta(db, 'refiMapping')).toEqual({ 'Topics/Threat': 'stance:opinion' });
    await expect(putMeta(db, 'refiMapping', { Claim: 'kind:rumour' })).rejects.toThrow(StoreValidationError);
    expect(await getMeta(db, 'refiMapping')).toEqual({ 'Topics/Threat': 'stance:opinion' });
    // A later import adds its choices over the earlier ones.
    await storeMapping(db, {
      'Topics/Threat': { to: 'nothing' },
      'Topics/Weapons': { to: 'tag', tag: 'Weapons' },
    });
    expect(await readRememberedMapping(db, storage())).toEqual({
      'Topics/Threat': { to: 'nothing' },
      'Topics/Weapons': { to: 'tag', tag: 'Weapons' },
    });
  });

  it('travels in the project file and survives a new profile', async () => {
    await replaceStore(db, await readProjectFile(new Uint8Array(readFileSync(SAMPLE))));
    await storeMapping(db, { 'Statement type/Claim': { to: 'kind', kind: 'assessment' } });
    const file = await writeProjectFile(await readProjectDocument(db, ME));
    const doc = await readProjectFile(file);
    expect(doc.envelope.refiCodeMapping).toEqual({ 'Statement type/Claim': 'kind:assessment' });
    // Another profile (a fresh database, an empty window storage) opens the file.
    const fresh = open();
    await replaceStore(fresh, doc);
    expect(await readRememberedMapping(fresh, storage())).toEqual({
      'Statement type/Claim': { to: 'kind', kind: 'assessment' },
    });
  });

  it('is the opened project’s: opening a project without one forgets the library’s', async () => {
    await storeMapping(db, { A: { to: 'nothing' } });
    await replaceStore(db, await readProjectFile(new Uint8Array(readFileSync(SAMPLE))));
    expect(await getMeta(db, 'refiMapping')).toBeUndefined();
    const doc = await readProjectDocument(db, ME);
    expect('refiCodeMapping' in doc.envelope).toBe(false);
  });

  it('moves what the window’s local storage held into the project, once', async () => {
    await storeMapping(db, { 'Topics/Threat': { to: 'stance', stance: 'reporting' } });
    const legacy = storage({
      [LEGACY_MAPPING_KEY]: JSON.stringify({
        'Topics/Threat': 'stance:opinion',
        'Topics/Weapons': 'tag:Arms',
        Broken: 'kind:rumour',
      }),
    });
    const mapping = await readRememberedMapping(db, legacy);
    // The project's own choice wins; an unreadable entry is dropped; the old key is gone.
    expect(mapping).toEqual({
      'Topics/Threat': { to: 'stance', stance: 'reporting' },
      'Topics/Weapons': { to: 'tag', tag: 'Arms' },
    });
    expect(await getMeta(db, 'refiMapping')).toEqual({
      'Topics/Threat': 'stance:reporting',
      'Topics/Weapons': 'tag:Arms',
    });
    expect(legacy.items.has(LEGACY_MAPPING_KEY)).toBe(false);
  });

  it('ignores local storage that is not a mapping', async () => {
    const junk = storage({ [LEGACY_MAPPING_KEY]: '{not json' });
    expect(await readRememberedMapping(db, junk)).toEqual({});
    expect(await getMeta(db, 'refiMapping')).toBeUndefined();
  });
});
