import type { WrittenAnnotation } from '../../db/changes';
import type { ReadProgress } from './read-rows';
import type { OverviewData } from '../overview/aggregate';
import type { TableQuery, TableWindow } from './table-model';

/** Asks the table's worker for rows (see `TableModel`); tells it what the change feed reported. */
export type TableRequest =
  | { type: 'open'; dbName: string }
  | { type: 'window'; seq: number; query: TableQuery }
  | {
      type: 'ids';
      seq: number;
      query: Omit<TableQuery, 'start' | 'end'>;
      among?: string[];
      between?: [string, string];
    }
  | { type: 'overview'; seq: number; query: Pick<TableQuery, 'filter' | 'pinned'> }
  | { type: 'patch'; written: WrittenAnnotation[] }
  | { type: 'reload' };

export type TableReply =
  | { type: 'progress'; progress: ReadProgress }
  | { type: 'changed' }
  | { type: 'window'; seq: number; window: TableWindow }
  | { type: 'ids'; seq: number; ids: string[] }
  | { type: 'overview'; seq: number; overview: { data: OverviewData; all: number } }
  | { type: 'error'; seq: number | null; message: string };
