import { kindOfId } from './documents';

/** Why a connection to the team server failed, in words a user can act on. */
export interface SyncFailure {
  code: 'auth' | 'forbidden' | 'no-database' | 'unreachable' | 'dns' | 'tls' | 'timeout' | 'server';
  /** One line: what happened and what to do. */
  message: string;
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/**
 * The error codes an error carries, its own and its causes' (Node's fetch wraps the socket's);
 * Electron's `net.fetch` says its Chromium network error in the message (`net::ERR_…`).
 */
function codes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; errno?: unknown; cause?: unknown; message?: unknown };
    if (typeof o.code === 'string') out.push(o.code);
    if (typeof o.errno === 'string') out.push(o.errno);
    const chromium = typeof o.message === 'string' ? /net::(ERR_[A-Z0-9_]+)/.exec(o.message) : null;
    if (chromium) out.push(chromium[1]!);
    e = o.cause;
  }
  return out;
}

/** Chromium's network errors (Electron's `net.fetch`) that mean the connection broke off or never came. */
const CHROMIUM_BROKEN = [
  'ERR_INTERNET_DISCONNECTED',
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_CLOSED',
  'ERR_CONNECTION_ABORTED',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_TIMED_OUT',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_NETWORK_CHANGED',
  'ERR_NETWORK_IO_SUSPENDED',
  'ERR_EMPTY_RESPONSE',
];

/**
 * Turns whatever PouchDB or fetch threw while talking to `url` (a database URL without
 * credentials) into a {@link SyncFailure}.
 */
export function describeSyncFailure(err: unknown, url: string): SyncFailure {
  const u = new URL(url);
  const host = u.host;
  const db = decodeURIComponent(
    u.pathname
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .pop() ?? '',
  );
  const e = (err ?? {}) as { status?: unknown; name?: unknown; reason?: unknown; message?: unknown };
  const said = typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : '';
  // The server's reason as a clause of Gloss's sentence: CouchDB 3's end with a full stop.
  const reason = said.trim().replace(/\.+$/, '');
  const c = codes(err);
  const tls = c.find(
    (x) =>
      TLS_CODES.has(x) || x.startsWith('ERR_TLS') || x.startsWith('ERR_SSL') || x.startsWith('ERR_CERT_'),
  );
  if (tls) {
    return {
      code: 'tls',
      message: `the secure connection to ${host} failed (${tls}): its certificate is not one this computer trusts. Give the server a certificate from a trusted authority, or add your team's authority to the system's trust store (NODE_EXTRA_CA_CERTS for the command line).`,
    };
  }
  if (c.includes('ECONNREFUSED') || c.includes('ERR_CONNECTION_REFUSED')) {
    return {
      code: 'unreachable',
      message: `cannot reach ${host}: the connection was refused. Check the address and that the server is running.`,
    };
  }
  if (
    c.includes('ENOTFOUND') ||
    c.includes('EAI_AGAIN') ||
    c.includes('ERR_NAME_NOT_RESOLVED') ||
    c.includes('ERR_NAME_RESOLUTION_FAILED')
  ) {
    return {
      code: 'dns',
      message: `cannot find the server ${u.hostname}: no such host name. Check the address and your network.`,
    };
  }
  if (
    c.some((x) =>
      ['ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', ...CHROMIUM_BROKEN].includes(x),
    )
  ) {
    return {
      code: 'timeout',
      message: `the connection to ${host} broke off (${c[0]}). Check your network; Gloss retries when it is back.`,
    };
  }
  // PouchDB Server answers a user who is not a member of the database with 401 and this reason,
  // where CouchDB 3 answers 403: the user name and password were right.
  const notMember = e.status === 401 && /not authorized to access this db/i.test(reason);
  if (e.status === 401 && !notMember) {
    return {
      code: 'auth',
      message: `${host} refused the user name or password${reason ? ` (${reason})` : ''}.`,
    };
  }
  if (e.status === 403 || notMember) {
    return {
      code: 'forbidden',
      message: `${host} refused access to the database ${db}: ${reason || 'forbidden'}.`,
    };
  }
  if (e.status === 413) {
    // CouchDB 3 refuses a document over its `max_document_size` (8 MB by default) with 413,
    // `document_too_large` and the document's id as the reason — and with it the whole request
    // (the batch that carried it); a request over `max_http_request_size` with `too_large`.
    const doc = e.name === 'document_too_large' || kindOfId(reason) ? reason : '';
    return {
      code: 'server',
      message: doc
        ? `${host} refused ${doc} as too large (HTTP 413). Ask the server's admin to raise CouchDB's [couchdb] max_document_size (8 MB by default) above the largest article (see docs/team-server.md).`
        : `${host} refused a request as too large (HTTP 413${reason ? `: ${reason}` : ''}). Ask the server's admin to raise CouchDB's [chttpd] max_http_request_size (see docs/team-server.md).`,
    };
  }
  if (e.status === 404) {
    return {
      code: 'no-database',
      message: `${host} has no database named ${db}. Ask the server's admin to create it (see docs/team-server.md).`,
    };
  }
  return {
    code: 'server',
    message: `the server at ${host} failed${typeof e.status === 'number' ? ` (HTTP ${e.status})` : ''}: ${reason || String(err)}.`,
  };
}

const STATUS_OF: Record<string, number> = { unauthorized: 401, forbidden: 403, not_found: 404 };

/**
 * The error in a database's answer to `info()`: PouchDB's HTTP adapter hands back the server's
 * error body (`{error: 'not_found', reason}`) as if it were the database's info.
 */
export function infoError(info: unknown): { status: number; name: string; reason: string } | undefined {
  const i = (info ?? {}) as { error?: unknown; reason?: unknown };
  if (typeof i.error !== 'string') return undefined;
  return {
    status: STATUS_OF[i.error] ?? 500,
    name: i.error,
    reason: typeof i.reason === 'string' ? i.reason : '',
  };
}

/** Whether a failed request is worth retrying: the network, a timeout, or the server's own trouble. */
export function isRetryable(err: unknown): boolean {
  const status = (err as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status === 0) return true;
  return status >= 500 || status === 408 || status === 429;
}
