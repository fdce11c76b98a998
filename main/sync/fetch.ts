import { remoteKey } from '../../core/sync';

/** A request from the sync worker, as it crosses the bridge. */
export interface SyncRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body?: string;
}

/** The answer, as it crosses back. */
export interface SyncResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Thrown for a request the proxy will not make. */
export class SyncRequestError extends Error {
  override readonly name = 'SyncRequestError';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);
/** Headers the renderer may not set: credentials are the main process's alone. */
const FORBIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'host']);

/**
 * The `fetch` that the renderer's PouchDB uses for the team database, performed here in the main
 * process (docs/architecture.md, "Team sync"): only requests to the configured database (its URL
 * or below, same origin), only CouchDB's methods, the renderer's credential headers dropped and
 * the user's added from the credential store. The renderer never holds the password and never
 * reaches any other address through this.
 */
export function createSyncFetch(options: {
  /** The database URL (without credentials). */
  url: string;
  auth: { username: string; password: string } | null;
  /** The HTTP client: Electron's `net.fetch` in the app, Node's `fetch` in tests. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}): (request: SyncRequest) => Promise<SyncResponse> {
  const db = new URL(remoteKey(options.url));
  const prefix = `${db.href.replace(/\/+$/, '')}/`;
  const authorization = options.auth
    ? `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`
    : undefined;
  return async (request) => {
    let target: URL;
    try {
      target = new URL(request.url);
    } catch {
      throw new SyncRequestError(`not a URL: ${request.url}`);
    }
    if (target.username || target.password)
      throw new SyncRequestError('a sync request may not carry credentials');
    const href = target.href;
    if (target.origin !== db.origin || !(href === prefix.slice(0, -1) || href.startsWith(prefix))) {
      throw new SyncRequestError(`${target.origin}${target.pathname} is not the team database`);
    }
    const method = request.method.toUpperCase();
    if (!METHODS.has(method)) throw new SyncRequestError(`method ${request.method} is not allowed`);
    const headers = new Headers();
    for (const [k, v] of request.headers) if (!FORBIDDEN_HEADERS.has(k.toLowerCase())) headers.append(k, v);
    if (authorization) headers.set('authorization', authorization);
    const res = await options.fetch(href, {
      method,
      headers,
      ...(request.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: request.body } : {}),
    });
    return { status: res.status, headers: [...res.headers.entries()], body: await res.text() };
  };
}
