import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BACKUP_BYTES } from '../../../core/bridge';
import { writeProjectFile, emptyProject } from '../../../core/project';
import {
  backupName,
  backupsToPrune,
  KEEP_LATEST,
  listBackups,
  parseBackupName,
  readBackup,
  writeBackup,
} from '../../../main/fs/backups';
import { createHandlers, dispatchInvoke, type HandlerDeps } from '../../../main/ipc/handlers';
import { teamSyncFor } from './secret-box';

let dir: string;
let backups: string;
let opened: string[];
let quitCalls: number;

const deps = (): HandlerDeps => ({
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
  appInfo: () => ({ name: 'Gloss', version: '1', platform: 'linux', host: 'electron', versions: {} }),
  backupsDir: backups,
  takeOpenedPaths: () => opened.splice(0),
  readyToQuit: () => void quitCalls++,
  teamSync: teamSyncFor(),
});
const invoke = (channel: string, arg: unknown) => dispatchInvoke(createHandlers(deps()), channel, arg, true);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-backups-'));
  backups = join(dir, 'userData', 'backups');
  opened = [];
  quitCalls = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => new Date(iso);
const bytes = (n: number) => new Uint8Array(n).fill(7);

describe('backup names', () => {
  it('carry the time and the counts, and round-trip', () => {
    const name = backupName(at('2025-06-25T10:04:05.123Z'), 3, 41);
    expect(name).toBe('gloss-backup-2025-06-25T10-04-05-123Z-a3-n41.gloss');
    expect(parseBackupName(name)).toEqual({
      name,
      createdAt: '2025-06-25T10:04:05.123Z',
      articles: 3,
      annotations: 41,
    });
  });

  it('refuse anything else, including paths', () => {
    for (const bad of [
      '../gloss-backup-2025-06-25T10-04-05-123Z-a3-n41.gloss',
      'gloss-backup-2025-06-25T10-04-05-123Z-a3-n41.gloss.tmp',
      'notes.gloss',
      'gloss-backup-2025-13-45T99-04-05-123Z-a3-n41.gloss',
    ]) {
      expect(parseBackupName(bad)).toBeNull();
    }
  });
});

describe('writeBackup, listBackups, readBackup', () => {
  it('write into a folder made on demand, list newest first with sizes, and read back the bytes', async () => {
    await writeBackup(
      backups,
      { bytes: bytes(10), articles: 1, annotations: 2 },
      at('2025-06-25T10:00:00.000Z'),
    );
    await writeBackup(
      backups,
      { bytes: bytes(20), articles: 1, annotations: 5 },
      at('2025-06-25T10:10:00.000Z'),
    );
    const list = await listBackups(backups);
    expect(list.map((b) => [b.createdAt, b.size, b.articles, b.annotations])).toEqual([
      ['2025-06-25T10:10:00.000Z', 20, 1, 5],
      ['2025-06-25T10:00:00.000Z', 10, 1, 2],
    ]);
    const read = await readBackup(backups, list[0]!.name);
    expect(read.bytes).toEqual(bytes(20));
    // No temporary files are left behind.
    expect(readdirSync(backups).every((n) => parseBackupName(n) !== null)).toBe(true);
  });

  it('refuse to read a file named like a backup that is larger than any backup, or a folder', async () => {
    mkdirSync(backups, { recursive: true });
    const huge = 'gloss-backup-2025-06-25T10-00-00-000Z-a1-n1.gloss';
    const fd = openSync(join(backups, huge), 'w');
    ftruncateSync(fd, MAX_BACKUP_BYTES + 1); // sparse: no disk used
    closeSync(fd);
    await expect(readBackup(backups, huge)).rejects.toThrow(/larger than any backup/);
    const folder = 'gloss-backup-2025-06-25T11-00-00-000Z-a1-n1.gloss';
    mkdirSync(join(backups, folder));
    await expect(readBackup(backups, folder)).rejects.toThrow(/not a backup Gloss wrote/);
  });

  it('list nothing when the folder does not exist, and ignore foreign files', async () => {
    expect(await listBackups(backups)).toEqual([]);
    await writeBackup(
      backups,
      { bytes: bytes(1), articles: 0, annotations: 0 },
      at('2025-06-25T10:00:00.000Z'),
    );
    writeFileSync(join(backups, 'readme.txt'), 'x');
    expect((await listBackups(backups)).map((b) => b.name)).toHaveLength(1);
  });

  it('keep the last ten plus the newest of each day', async () => {
    // Three days: four backups on the 20th, four on the 21st, twelve on the 25th.
    const times = [
      ...[8, 9, 10, 11].map((h) => `2025-06-20T${String(h).padStart(2, '0')}:00:00.000Z`),
      ...[8, 9, 10, 11].map((h) => `2025-06-21T${String(h).padStart(2, '0')}:00:00.000Z`),
      ...Array.from({ length: 12 }, (_, i) => `2025-06-25T${String(i + 8).padStart(2, '0')}:00:00.000Z`),
    ];
    for (const t of times)
      await writeBackup(backups, { bytes: bytes(3), articles: 1, annotations: 1 }, at(t));
    const kept = (await listBackups(backups)).map((b) => b.createdAt);
    expect(kept).toHaveLength(KEEP_LATEST + 2);
    expect(kept.slice(0, KEEP_LATEST)).toEqual(times.slice(-KEEP_LATEST).reverse());
    expect(kept.slice(KEEP_LATEST)).toEqual(['2025-06-21T11:00:00.000Z', '2025-06-20T11:00:00.000Z']);
  });

  it('drop daily backups older than thirty days', () => {
    const old = { name: 'a', createdAt: '2025-01-01T00:00:00.000Z', size: 1, articles: 0, annotations: 0 };
    const recent = Array.from({ length: KEEP_LATEST }, (_, i) => ({
      ...old,
      name: `r${i}`,
      createdAt: `2025-06-25T10:00:0${i}.000Z`,
    })).reverse();
    expect(backupsToPrune([...recent, old], at('2025-06-25T12:00:00.000Z')).map((b) => b.name)).toEqual([
      'a',
    ]);
  });
});

describe('backup channels', () => {
  it('write, list and read a real project file through the validated channels', async () => {
    const doc = emptyProject('Backup', { id: 'a1', name: 'Ann' }, '2025-06-25T10:00:00.000Z');
    const file = await writeProjectFile(doc);
    const written = await invoke('gloss:write-backup', { bytes: file, articles: 0, annotations: 0 });
    expect(written).toMatchObject({ ok: true, value: { size: file.byteLength, articles: 0 } });
    const list = await invoke('gloss:list-backups', undefined);
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    const name = written.ok ? (written.value as { name: string }).name : '';
    const read = await invoke('gloss:read-backup', { name });
    expect(read.ok && (read.value as { bytes: Uint8Array }).bytes).toEqual(file);
  });

  it('refuse a path, an empty backup and a negative count', async () => {
    expect(await invoke('gloss:read-backup', { name: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(
      await invoke('gloss:write-backup', { bytes: new Uint8Array(), articles: 0, annotations: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(
      await invoke('gloss:write-backup', { bytes: bytes(1), articles: -1, annotations: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('report a missing backup as an io error', async () => {
    const name = backupName(at('2025-06-25T10:00:00.000Z'), 0, 0);
    expect(await invoke('gloss:read-backup', { name })).toMatchObject({ ok: false, error: { code: 'io' } });
  });

  it('hand over files the system opened once, and signal readiness to quit', async () => {
    const path = join(dir, 'shared.gloss');
    writeFileSync(path, 'PK');
    opened.push(path);
    const first = await invoke('gloss:take-opened-files', undefined);
    expect(first).toMatchObject({ ok: true, value: { canceled: false, files: [{ name: 'shared.gloss' }] } });
    expect(await invoke('gloss:take-opened-files', undefined)).toMatchObject({
      ok: true,
      value: { canceled: true, files: [] },
    });
    expect(await invoke('gloss:ready-to-quit', undefined)).toEqual({ ok: true, value: undefined });
    expect(quitCalls).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('PK');
  });
});
