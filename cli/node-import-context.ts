import { randomUUID } from 'node:crypto';
import type { ImportContext } from '../core/importers';

/** The import context on Node: the clock and ids that the renderer takes from the browser. */
export function nodeImportContext(now = new Date().toISOString()): ImportContext {
  return { now, newId: randomUUID };
}
