import type { LibraryChange, LibraryQuery, LibraryWindow } from './library-model';

/** Asks the library list's worker for articles (see `LibraryModel`); tells it what the feed reported. */
export type LibraryRequest =
  | { type: 'open'; dbName: string }
  | { type: 'window'; seq: number; query: LibraryQuery; start: number; end: number }
  | {
      type: 'ids';
      seq: number;
      query: LibraryQuery;
      among?: string[];
      between?: [string, string];
    }
  | { type: 'indexOf'; seq: number; query: LibraryQuery; id: string }
  | { type: 'changed'; change: LibraryChange };

export type LibraryReply =
  | { type: 'changed' }
  | { type: 'window'; seq: number; window: LibraryWindow }
  | { type: 'ids'; seq: number; ids: string[] }
  | { type: 'indexOf'; seq: number; index: number }
  | { type: 'error'; seq: number | null; message: string };
