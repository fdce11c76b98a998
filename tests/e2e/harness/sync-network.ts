import { request as httpsRequest } from 'node:https';
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
  /**
   * A certificate authority this profile's computer trusts besides the usual ones (a team's own,
   * added to the system's trust store, which Electron's `net.fetch` uses): HTTPS requests then
   * go through Node's `https` with it (Node's `fetch` takes no authority of its own).
   */
  trust: string | null = null;
  private dead = 0;

  readonly fetch: NetFetch = async (url, init) => {
    if (this.offline) {
      this.refused++;
      this.dead ||= await freePort();
      return fetch(`http://127.0.0.1:${this.dead}/`, { method: 'GET' });
    }
    const res =
      this.trust && url.startsWith('https:')
        ? await this.viaTrust(url, init, this.trust)
        : await fetch(url, init);
    const u = new URL(url);
    if (!u.pathname.endsWith('/_changes') || u.searchParams.get('feed') === 'longpoll' || !res.ok) return res;
    const text = await res.text();
    const results = (JSON.parse(text) as { results?: unknown[] }).results?.length ?? 0;
    this.changesReads.push({ since: u.searchParams.get('since') ?? '0', results });
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  };

  /** One request over a new TLS connection that trusts `ca` (no connection kept between requests). */
  private viaTrust(url: string, init: RequestInit, ca: string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init.headers)),
          ca,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
            const status = res.statusCode ?? 0;
            resolve(
              new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
                status,
                headers,
              }),
            );
          });
        },
      );
      req.on('error', reject);
      if (typeof init.body === 'string') req.end(init.body);
      else req.end();
    });
  }
}
