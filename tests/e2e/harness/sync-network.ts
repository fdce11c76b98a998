import type { NetFetch } from '../../../main/sync/service';
import { freePort } from '../../unit/cli/sync/couch';

/** One read of a replication's changes feed (`_changes`, not the live feed): from where, how many. */
export interface ChangesRead {
  since: string;
  results: number;
}

/**
 * The network of one app profile's main process, as the e2e browser host gives its team sync:
 * Node's `fetch`, which the test can cut off (`offline`: every request goes to a closed port and
 * fails as a pulled cable or a stopped server makes it fail — a real refused connection, no
 * invented error), and which notes each read of a replication's changes feed, so that a test can
 * tell an incremental sync (from a checkpoint) from a full re-read.
 */
export class SyncNetwork {
  offline = false;
  readonly changesReads: ChangesRead[] = [];
  /** Requests made while offline (each refused). */
  refused = 0;
  private dead = 0;

  readonly fetch: NetFetch = async (url, init) => {
    if (this.offline) {
      this.refused++;
      this.dead ||= await freePort();
      return fetch(`http://127.0.0.1:${this.dead}/`, { method: 'GET' });
    }
    const res = await fetch(url, init);
    const u = new URL(url);
    if (!u.pathname.endsWith('/_changes') || u.searchParams.get('feed') === 'longpoll' || !res.ok) return res;
    const text = await res.text();
    const results = (JSON.parse(text) as { results?: unknown[] }).results?.length ?? 0;
    this.changesReads.push({ since: u.searchParams.get('since') ?? '0', results });
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
