import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ImportError,
  importFile,
  isSavedPageFolder,
  notArticleReason,
  savedPageFolderReason,
} from '../../../../core/importers';
import { escapeControls } from '../../../../core/text/escape-controls';

const HYGIENE = resolve(import.meta.dirname, '../../../fixtures/import-hygiene/folder');
const bytesOf = (path: string) => new Uint8Array(readFileSync(resolve(HYGIENE, path)));
const ctx = { now: '2026-12-06T12:00:00.000Z', newId: () => 'id' };

describe('notArticleReason', () => {
  it.each([
    ['analytics.js', 'a script'],
    ['bundle.min.mjs', 'a script'],
    ['style.css', 'a style sheet'],
    ['app.js.map', 'a source map'],
    ['logo.PNG', 'an image'],
    ['photo.jpeg', 'an image'],
    ['icon.svg', 'an image'],
    ['font.woff2', 'a font'],
    ['Inter.ttf', 'a font'],
    ['clip.mp4', 'audio or video'],
  ])('%s is %s', (name, kind) => {
    expect(notArticleReason(name)).toBe(`“${name}” is ${kind}, not an article; skipped.`);
  });

  it.each(['report.txt', 'page.html', 'brief.md', 'memo.pdf', 'notes.docx', 'README', 'export.json'])(
    '%s may be an article',
    (name) => {
      expect(notArticleReason(name)).toBeNull();
    },
  );

  it('knows an image or a font by its first bytes when the name says nothing', () => {
    expect(notArticleReason('scan', bytesOf('scan'))).toBe('“scan” is an image, not an article; skipped.');
    expect(notArticleReason('download', bytesOf('Grain_files/font.woff2'))).toMatch(/is a font/);
    expect(notArticleReason('memo', new TextEncoder().encode('Officials said on Tuesday…'))).toBeNull();
    // A name that claims a document keeps it an import (refused as binary if it is not one).
    expect(notArticleReason('photo.txt', bytesOf('scan'))).toBeNull();
  });

  it('escapes control characters of a hostile name', () => {
    expect(notArticleReason('x\u0007\r\n\u001b[2J.js')).toBe(
      '“x\\u0007\\r\\n\\u001b[2J.js” is a script, not an article; skipped.',
    );
  });
});

describe('importFile refuses what is not an article with the code not-article', () => {
  it.each([
    ['tracker.js', /“tracker\.js” is a script/],
    ['Grain_files/style.css', /“style\.css” is a style sheet/],
    ['Grain_files/logo.png', /“logo\.png” is an image/],
    ['scan', /“scan” is an image/],
  ])('%s', async (path, message) => {
    const name = path.replace(/^.*\//, '');
    const err = await importFile({ name, bytes: bytesOf(path) }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('not-article');
    expect((err as ImportError).message).toMatch(message);
  });
});

describe('isSavedPageFolder', () => {
  it('is the companion folder of a page beside it', () => {
    expect(isSavedPageFolder('Grain_files', ['Grain.html', 'Grain_files', 'tracker.js'])).toBe(true);
    expect(isSavedPageFolder('Grain_files', ['grain.HTM'])).toBe(true);
    expect(isSavedPageFolder('Seite-Dateien', ['Seite.html'])).toBe(true);
  });

  it('is not a folder that merely ends in _files', () => {
    expect(isSavedPageFolder('case_files', ['case_files', 'memo.txt'])).toBe(false);
    expect(isSavedPageFolder('Grain', ['Grain.html'])).toBe(false);
  });

  it('says why once, with the folder name escaped', () => {
    expect(savedPageFolderReason('Grain_files')).toBe(
      '“Grain_files” holds the scripts, style sheets and images of a saved web page, not articles; skipped (the page itself is imported).',
    );
    expect(savedPageFolderReason('a\u0000_files')).toContain('“a\\u0000_files”');
  });
});

describe('escapeControls', () => {
  it('writes control characters as JSON does, and C1, DEL and bidi marks too', () => {
    const hostile = 'a\u0000b\u0007c\rd\ne\tf\u001b[2Jg\u007fh\u009bi\u202ej\u2028k';
    const escaped = escapeControls(hostile);
    expect(escaped).toBe('a\\u0000b\\u0007c\\rd\\ne\\tf\\u001b[2Jg\\u007fh\\u009bi\\u202ej\\u2028k');
    // What JSON escapes, we escape the same way.
    const json = JSON.stringify('a\u0000b\u0007c\rd\ne\tf\u001b').slice(1, -1);
    expect(escapeControls('a\u0000b\u0007c\rd\ne\tf\u001b')).toBe(json);
    expect(escapeControls('line one\nline two', { keepLineBreaks: true })).toBe('line one\nline two');
    expect(escapeControls('Ordinary “quoted” text — العربية 中文')).toBe(
      'Ordinary “quoted” text — العربية 中文',
    );
  });

  it('leaves a message of an ImportError without control characters', () => {
    const err = new ImportError('empty', '“bad\u0000\u0007name.txt” is empty.');
    expect(err.message).toBe('“bad\\u0000\\u0007name.txt” is empty.');
  });
});
