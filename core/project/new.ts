import type { Analyst } from '../model';
import { PROJECT_TYPE, PROJECT_VERSION, type ProjectDocument } from './schema';

/** The `app` this Gloss stamps into the envelopes it writes. */
export const GLOSS_APP = Object.freeze({ name: 'Gloss', version: '0.1.0' });

/** A new, empty project owned by `analyst`. */
export function emptyProject(name: string, analyst: Analyst, savedAt: string): ProjectDocument {
  return {
    envelope: { type: PROJECT_TYPE, version: PROJECT_VERSION, app: { ...GLOSS_APP }, savedAt, analyst, name },
    articles: [],
    annotations: [],
    sourceGrades: [],
    tags: [],
    sets: [],
  };
}
