import { describe, expect, it } from 'vitest';
import {
  awaitingLine,
  indicatorLabel,
  lastSyncLine,
  statusLabel,
} from '../../../renderer/src/features/sync/sync-words';

const pulled = (added: number, updated = 0, removed = 0) => ({ added, updated, removed });

describe('Team Sync in words', () => {
  it('says what the last sync took in and sent, one change or many', () => {
    expect(lastSyncLine({ pulled: pulled(1), pushed: 0, settled: 0 })).toBe(
      'the last sync took in 1 change and sent 0.',
    );
    expect(lastSyncLine({ pulled: pulled(0), pushed: 1, settled: 0 })).toBe(
      'the last sync took in 0 changes and sent 1.',
    );
    expect(lastSyncLine({ pulled: pulled(200_000, 10_000, 3), pushed: 2_500, settled: 0 })).toBe(
      'the last sync took in 210,003 changes and sent 2,500.',
    );
    expect(lastSyncLine({ pulled: pulled(0), pushed: 0, settled: 0 })).toBe(
      'the last sync took in nothing and sent nothing.',
    );
  });

  it('gives the indicator its status and progress', () => {
    expect(statusLabel({ kind: 'off' })).toBe('Team sync off');
    expect(statusLabel({ kind: 'syncing', docs: 0 })).toBe('Syncing…');
    expect(statusLabel({ kind: 'syncing', docs: 4000, total: 210_003 })).toBe('Syncing 4,000 of 210,003…');
    expect(statusLabel({ kind: 'syncing', docs: 1000, phase: 'apply', total: 2000 })).toBe(
      'Syncing: taking in 1,000 of 2,000…',
    );
    expect(statusLabel({ kind: 'syncing', docs: 3, phase: 'push' })).toBe('Syncing: sending 3…');
    expect(statusLabel({ kind: 'offline', message: 'x', retryAt: 10_400 }, 1_000)).toBe(
      'Offline · retrying in 9 s',
    );
    expect(statusLabel({ kind: 'offline', message: 'x', retryAt: null })).toBe('Offline');
  });

  it('names in the indicator’s accessible label only what waits for the analyst', () => {
    const upToDate = { kind: 'up-to-date', at: '2026-12-07T12:00:00.000Z' } as const;
    expect(indicatorLabel(upToDate, { conflicts: 0, notAccepted: 0, waiting: 0, detail: 'Synced.' })).toBe(
      'Team sync: Up to date. Synced.',
    );
    expect(indicatorLabel(upToDate, { conflicts: 2, notAccepted: 1, waiting: 1, detail: 'Synced.' })).toBe(
      'Team sync: Up to date, 2 conflicts, 1 change not accepted by the server, 1 annotation waiting for their article. Synced.',
    );
    expect(indicatorLabel(upToDate, { conflicts: 1, notAccepted: 3, waiting: 0, detail: 'Synced.' })).toBe(
      'Team sync: Up to date, 1 conflict, 3 changes not accepted by the server. Synced.',
    );
  });

  it('says how many annotations wait for which article', () => {
    expect(awaitingLine({ articleId: 'a', title: 'Putin’s aims', annotations: 1 })).toBe(
      '1 annotation waits for their article (“Putin’s aims”) to arrive from the server.',
    );
    expect(awaitingLine({ articleId: 'a', title: null, annotations: 1200 })).toBe(
      '1,200 annotations wait for their article to arrive from the server.',
    );
  });
});
