import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExportInput } from '../../../../core/exporters';

export const root = resolve(import.meta.dirname, '../../../..');

/**
 * A small realistic export: real sentences of the ISW update of 25 June 2025, a multilingual
 * digest (Arabic, Chinese, emoji) and a Telegram compilation carrying the CSV-injection corpus;
 * one annotation is a tombstone.
 */
export function dataset(): ExportInput {
  return JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
}

/** The live (not soft-deleted) annotations of the dataset. */
export function live(input: ExportInput): ExportInput['annotations'] {
  return input.annotations.filter((a) => a.deletedAt === null);
}
