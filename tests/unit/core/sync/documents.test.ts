import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  documentId,
  fromDocument,
  recordDigest,
  revisionId,
  SyncDocumentError,
  toDocument,
  VALIDATE_DOC_UPDATE,
  describeSyncFailure,
} from '../../../../core/sync';
import { ALICE, makeAnnotation, makeArticle } from '../project/make-project';

const TEXT = 'Officials denied a fuel shortage. Analysts expect the corridor to stay open.';

describe('Gloss records as CouchDB documents', () => {
  it('round-trips every kind, with ids by kind and key', async () => {
    const article = await makeArticle('art-1', TEXT, { original: new Uint8Array([1, 2, 3]) });
    const records = [
      { kind: 'article' as const, record: article },
      {
        kind: 'annotation' as const,
        record: makeAnnotation('00000000-0000-4000-8000-000000000001', article, 0, 33, ALICE),
      },
      {
        kind: 'grade' as const,
        record: {
          source: 'Example Wire',
          reliability: 'B' as const,
          note: '',
          updatedAt: '2025-07-01T10:00:00.000Z',
          updatedBy: ALICE,
        },
      },
      { kind: 'tag' as const, record: { name: 'energy', color: '#3b82f6' } },
      {
        kind: 'set' as const,
        record: {
          id: 's1',
          type: 'static' as const,
          name: 'Key',
          annotationIds: [],
          createdAt: '2025-07-01',
        },
      },
    ];
    for (const r of records) {
      const doc = toDocument(r, 'alice');
      expect(doc).toMatchObject({ _id: documentId(r), type: r.kind, v: 1, by: 'alice' });
      const back = await fromDocument(JSON.parse(JSON.stringify(doc)));
      expect(back.ok).toBe(true);
      if (r.kind === 'article') {
        // The imported bytes stay local.
        expect((doc.record as Record<string, unknown>)['original']).toBeUndefined();
        const { original: _o, ...rest } = r.record;
        expect(back).toEqual({ ok: true, value: { kind: 'article', record: rest } });
      } else expect(back).toEqual({ ok: true, value: r });
    }
    expect(documentId(records[2]!)).toBe('grade:Example Wire');
  });

  it('refuses to send a record that fails its schema', () => {
    expect(() => toDocument({ kind: 'tag', record: { name: 'x', color: 'red' } }, 'alice')).toThrow(
      SyncDocumentError,
    );
  });

  it('refuses, with a reason, what a broken or hostile client might send', async () => {
    const article = await makeArticle('art-1', TEXT);
    const ann = makeAnnotation('00000000-0000-4000-8000-000000000001', article, 0, 33, ALICE);
    const cases: [unknown, RegExp][] = [
      [{ _id: 'x', hello: 1 }, /not a Gloss document/],
      [{ _id: 'tag:a', type: 'tag', v: 2, by: null, record: { name: 'a', color: '#000000' } }, /newer Gloss/],
      [
        { _id: 'tag:b', type: 'tag', v: 1, by: null, record: { name: 'a', color: '#000000' } },
        /id does not match/,
      ],
      [
        {
          _id: `annotation:${ann.id}`,
          type: 'annotation',
          v: 1,
          by: null,
          record: { ...ann, kind: 'rumour' },
        },
        /not a valid annotation: kind/,
      ],
      [
        {
          _id: 'article:art-1',
          type: 'article',
          v: 1,
          by: null,
          record: { ...article, text: TEXT.replace('denied', 'DENIED') },
        },
        /contentHash/,
      ],
      [
        JSON.parse(
          `{"_id":"tag:p","type":"tag","v":1,"by":null,"record":{"name":"p","color":"#000000","__proto__":{"x":1}}}`,
        ),
        /__proto__/,
      ],
    ];
    for (const [doc, reason] of cases) {
      const r = await fromDocument(doc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it('digests and revision ids depend on content, not key order', async () => {
    expect(await recordDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(
      await recordDigest({ b: { d: 3, c: 2 }, a: 1 }),
    );
    expect(await revisionId('1-abc', { a: 1 })).not.toBe(await revisionId('1-abd', { a: 1 }));
    expect(await revisionId('1-abc', { a: 1 }, true)).not.toBe(await revisionId('1-abc', { a: 1 }));
  });

  it('the design document is a function CouchDB can compile', () => {
    const fn = new Function(`return (${VALIDATE_DOC_UPDATE});`)() as (...a: unknown[]) => void;
    const writer = { name: 'alice', roles: ['gloss-writer'] };
    const doc = { _id: 'tag:a', type: 'tag', v: 1, by: 'alice', record: { name: 'a', color: '#000000' } };
    expect(() => fn(doc, null, writer, {})).not.toThrow();
    expect(() => fn(doc, null, { name: 'bob', roles: [] }, {})).toThrow();
    expect(() => fn({ ...doc, record: { name: 'a', color: 'red' } }, null, writer, {})).toThrow();
  });
});

describe('describeSyncFailure', () => {
  it('names what went wrong and what to do', () => {
    const url = 'https://couch.example.org/team';
    expect(describeSyncFailure({ status: 401, reason: 'Name or password is incorrect.' }, url).code).toBe(
      'auth',
    );
    expect(describeSyncFailure({ status: 404 }, url).message).toMatch(/has no database named team/);
    const refused = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(describeSyncFailure(refused, url).message).toMatch(
      /cannot reach couch.example.org: the connection was refused/,
    );
    expect(describeSyncFailure({ code: 'CERT_HAS_EXPIRED' }, url).code).toBe('tls');
    expect(describeSyncFailure({ code: 'ENOTFOUND' }, url).message).toMatch(/no such host name/);
  });

  it('takes the server’s reason into its sentence once: the answers of CouchDB 3 and PouchDB Server', () => {
    const url = 'https://couch.example.org/team';
    // CouchDB 3's reasons end with a full stop.
    expect(describeSyncFailure({ status: 401, reason: 'Name or password is incorrect.' }, url).message).toBe(
      'couch.example.org refused the user name or password (Name or password is incorrect).',
    );
    // A user who is not a member: 403 from CouchDB 3, 401 with this reason from PouchDB Server —
    // the name and password were right, so neither is called wrong.
    const couch = describeSyncFailure({ status: 403, reason: 'You are not allowed to access this db.' }, url);
    expect(couch).toEqual({
      code: 'forbidden',
      message:
        'couch.example.org refused access to the database team: You are not allowed to access this db.',
    });
    const pouch = describeSyncFailure(
      { status: 401, reason: 'You are not authorized to access this db.' },
      url,
    );
    expect(pouch).toEqual({
      code: 'forbidden',
      message:
        'couch.example.org refused access to the database team: You are not authorized to access this db.',
    });
  });

  it('names a document too large for the server and the setting that decides it', () => {
    const url = 'https://couch.example.org/team';
    // CouchDB 3.5's answer to a _bulk_docs carrying a document over its max_document_size.
    const doc = describeSyncFailure(
      { status: 413, name: 'document_too_large', reason: 'article:0b1c5c1e' },
      url,
    ).message;
    expect(doc).toMatch(/^couch\.example\.org refused article:0b1c5c1e as too large \(HTTP 413\)\./);
    expect(doc).toMatch(/raise CouchDB's \[couchdb\] max_document_size/);
    // A request over max_http_request_size.
    const request = describeSyncFailure(
      { status: 413, name: 'too_large', reason: 'the request entity is too large' },
      url,
    ).message;
    expect(request).toMatch(/refused a request as too large \(HTTP 413: the request entity is too large\)/);
    expect(request).toMatch(/\[chttpd\] max_http_request_size/);
  });
});

describe('canonicalJson', () => {
  /** What it has always been: JSON.stringify rebuilding each object with its entries sorted. */
  const byReplacer = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : v,
    );

  it('gives the very string the sorting replacer gives, for any JSON value and any keys', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '0',
        '1',
        '10',
        '9',
        '01',
        '-1',
        '4294967294',
        '4294967295',
        '__a',
        'A',
        'a',
        'é',
        '\u{1F600}',
        '',
        'a\u0000',
        '\u0000b',
      ),
    );
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string(),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(byReplacer(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same string for real records, whatever order their keys were written in', async () => {
    const article = await makeArticle('art-1', TEXT);
    const annotation = makeAnnotation('00000000-0000-4000-8000-000000000001', article, 0, 9, ALICE);
    const reversed = Object.fromEntries(Object.entries(annotation).reverse());
    expect(canonicalJson(reversed)).toBe(canonicalJson(annotation));
    expect(canonicalJson(annotation)).toBe(byReplacer(annotation));
    // Bytes (an article's imported original) and dates, as the replacer saw them.
    const odd = { bytes: new Uint8Array([3, 1, 2]), at: new Date(0), nested: [{ b: 1, a: [undefined] }] };
    expect(canonicalJson(odd)).toBe(byReplacer(odd));
    // Shapes are remembered by their keys joined: keys that hold the separator cannot mix them up.
    for (const tricky of [
      { 'a\u0000': 1, b: 2 },
      { a: 1, '\u0000b': 2 },
      { b: 2, 'a\u0000': 1 },
    ])
      expect(canonicalJson(tricky)).toBe(byReplacer(tricky));
  });
});
