import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv, toHtmlReport, toJson, toMarkdown, toW3CJson } from '../../../../core/exporters';
import { dataset, root } from './fixture';

/**
 * Golden baselines: the export of the fixture dataset in every format, byte for byte, so that
 * any change to an export shows up in review. After an intended change, delete the files in
 * tests/fixtures/export/expected/ and run the tests once to write them again.
 */
const dir = resolve(root, 'tests/fixtures/export/expected');
const input = dataset();

describe('golden exports of the fixture dataset', () => {
  it.each([
    ['dataset.csv', () => toCsv(input)],
    ['dataset.json', () => toJson(input)],
    ['dataset.jsonld', () => toW3CJson(input)],
    ['dataset.md', () => toMarkdown(input)],
    ['dataset.html', () => toHtmlReport(input)],
  ])('%s is unchanged', (name, make) => {
    const path = resolve(dir, name);
    const actual = make();
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, actual);
    }
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });
});
