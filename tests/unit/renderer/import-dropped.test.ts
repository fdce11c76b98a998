import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_BATCH_FILES, MAX_IMPORT_BYTES } from '../../../core/importers';
import { droppedFiles, readDropped } from '../../../renderer/src/features/import/dropped-files';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');

/**
 * A FileSystemEntry tree over a real folder, as Chromium hands one to a drop: folders list
 * their entries in batches (here of two) until `readEntries` returns an empty batch.
 */
function entryFor(path: string, name: string): FileSystemEntry {
  if (statSync(path).isDirectory()) {
    return {
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        const names = readdirSync(path).reverse();
        return {
          readEntries: (ok: (e: FileSystemEntry[]) => void) =>
            setTimeout(() => ok(names.splice(0, 2).map((n) => entryFor(join(path, n), n)))),
        };
      },
    } as unknown as FileSystemEntry;
  }
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (ok: (f: File) => void) => setTimeout(() => ok(new File([readFileSync(path)], name))),
  } as unknown as FileSystemEntry;
}

function transfer(items: { entry: FileSystemEntry | null; file?: File }[]): DataTransfer {
  return {
    items: items.map((i) => ({
      kind: 'file',
      webkitGetAsEntry: () => i.entry,
      getAsFile: () => i.file ?? null,
    })),
    files: [],
  } as unknown as DataTransfer;
}

describe('droppedFiles', () => {
  it('reads dropped folders recursively, in name order, with loose files beside them', async () => {
    const loose = new File(['A loose note.'], 'note.txt');
    const dropped = await droppedFiles(
      transfer([{ entry: entryFor(CORPUS, 'corpus') }, { entry: null, file: loose }]),
    );
    const names = dropped.files.map((f) => f.name);
    expect(names[0]).toBe('note.txt');
    // Name order as people read it (`localeCompare`): html, README.md, text.
    expect(names.slice(1)).toEqual([
      ...readdirSync(join(CORPUS, 'html')).flatMap(() => ['expected-metadata.json', 'source.html']),
      'README.md',
      'isw-2025-06-25.txt',
      'putin-historical-lands.txt',
      'putin-press-on-reuters.txt',
    ]);
    expect(dropped.unread).toEqual([]);
  });

  it('skips hidden entries and reports one that cannot be read, by name', async () => {
    const broken = {
      name: 'locked.txt',
      isFile: true,
      isDirectory: false,
      file: (_ok: unknown, fail: (e: Error) => void) => fail(new Error('Permission denied')),
    } as unknown as FileSystemEntry;
    const hidden = { name: '.DS_Store', isFile: true, isDirectory: false } as unknown as FileSystemEntry;
    const dropped = await droppedFiles(transfer([{ entry: broken }, { entry: hidden }]));
    expect(dropped.files).toEqual([]);
    expect(dropped.unread).toEqual([
      { name: 'locked.txt', reason: '“locked.txt” could not be read: Permission denied' },
    ]);
  });
});

describe('readDropped', () => {
  it('reads the bytes and refuses files over the import limit unread', async () => {
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'huge.txt');
    const small = new File(['Short text.'], 'short.txt');
    const { inputs, unread } = await readDropped({ files: [big, small], unread: [] });
    expect(inputs.map((i) => [i.name, new TextDecoder().decode(i.bytes)])).toEqual([
      ['short.txt', 'Short text.'],
    ]);
    expect(unread).toHaveLength(1);
    expect(unread[0]!.reason).toMatch(/huge\.txt.*Gloss imports files up to/);
  });

  it('skips a saved page’s companion folder unread, once, with its reason', async () => {
    const folder = resolve(import.meta.dirname, '../../fixtures/import-hygiene/folder');
    const dropped = await droppedFiles(transfer([{ entry: entryFor(folder, 'folder') }]));
    expect(dropped.files.map((f) => f.name)).toEqual(['memo.txt', 'Grain.html', 'scan', 'tracker.js']);
    expect(dropped.unread).toEqual([
      {
        name: 'Grain_files',
        reason:
          '“Grain_files” holds the scripts, style sheets and images of a saved web page, not articles; skipped (the page itself is imported).',
        skipped: true,
      },
    ]);
  });
});

describe('the bounds of a drop are those of a pick, and what passes them is reported', () => {
  /** A File that says it is `size` bytes without holding them (only its size is looked at first). */
  const sized = (name: string, size: number) => {
    const f = new File(['x'], name);
    Object.defineProperty(f, 'size', { value: size });
    return f;
  };

  it(`reads no more than ${MAX_BATCH_BYTES / 1048576} MB of files together; the rest is named, unread`, async () => {
    // Fifteen files of 19 MB each (under the per-file limit) pass 256 MB together after 13.
    const files = Array.from({ length: 15 }, (_, i) => sized(`part-${i + 1}.txt`, 19 * 1048576));
    const { inputs, unread } = await readDropped({ files, unread: [] });
    expect(inputs).toHaveLength(13);
    expect(unread.map((u) => u.name)).toEqual(['part-14.txt', 'part-15.txt']);
    expect(unread[0]!.reason).toBe(
      '“part-14.txt” was not read: the files dropped together pass 256 MB. Import the rest in another batch.',
    );
  });

  it(`stops at ${MAX_BATCH_FILES.toLocaleString('en')} files and says where, for a dropped folder and for a list`, async () => {
    const many = Array.from({ length: MAX_BATCH_FILES + 2 }, (_, i) => `n${String(i).padStart(5, '0')}.txt`);
    const folder = {
      name: 'big',
      isFile: false,
      isDirectory: true,
      createReader: () => {
        const left = many.map(
          (name) =>
            ({
              name,
              isFile: true,
              isDirectory: false,
              file: (ok: (f: File) => void) => ok(new File(['a'], name)),
            }) as unknown as FileSystemEntry,
        );
        return { readEntries: (ok: (e: FileSystemEntry[]) => void) => ok(left.splice(0, 1000)) };
      },
    } as unknown as FileSystemEntry;
    const dropped = await droppedFiles(transfer([{ entry: folder }]));
    expect(dropped.files).toHaveLength(MAX_BATCH_FILES);
    expect(dropped.unread).toEqual([
      {
        name: 'n05000.txt',
        reason:
          'Gloss reads at most 5,000 files at a time: “n05000.txt” and the files after it were not read.',
      },
    ]);
    // The same bound when the files come as a plain list (a FileList from a file input).
    const list = many.map((name) => new File(['a'], name));
    const read = await readDropped({ files: list, unread: [] });
    expect(read.inputs).toHaveLength(MAX_BATCH_FILES);
    expect(read.unread.map((u) => u.name)).toEqual(['n05000.txt']);
  });
});
