import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteSelector, type Annotation } from '../../../../core/model';
import { QDA_PROJECT_NS, toQdpx } from '../../../../core/refi';
import { dataset, live, root } from '../exporters/fixture';

const run = promisify(execFile);
const XSD = resolve(root, 'tests/fixtures/refi-qda/Project.xsd');
const dir = mkdtempSync(join(tmpdir(), 'gloss-qdpx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Validates a project.qde against the QDA-XML 1.0 schema with xmllint (libxml2-utils). */
async function xmllint(qde: Uint8Array, name: string): Promise<string> {
  expect(existsSync('/usr/bin/xmllint'), 'xmllint is missing: apt-get install libxml2-utils').toBe(true);
  const path = join(dir, name);
  writeFileSync(path, qde);
  const { stderr } = await run('/usr/bin/xmllint', ['--noout', '--schema', XSD, path]);
  return stderr;
}

function parse(qde: Uint8Array): Document {
  return new JSDOM(strFromU8(qde), { contentType: 'application/xml' }).window.document;
}
const all = (doc: Document | Element, tag: string) =>
  Array.from(doc.getElementsByTagNameNS(QDA_PROJECT_NS, tag));

describe('toQdpx', async () => {
  const input = dataset();
  const zip = unzipSync(await toQdpx(input));
  const qde = zip['project.qde']!;
  const doc = parse(qde);

  it('is valid against the QDA-XML 1.0 project schema (xmllint --schema)', async () => {
    expect(await xmllint(qde, 'dataset.qde')).toMatch(/validates/);
  });

  it('holds project.qde and one UTF-8 plain-text source per article', () => {
    const sources = all(doc, 'TextSource');
    expect(sources).toHaveLength(new Set(live(input).map((a) => a.articleId)).size);
    for (const s of sources) {
      const path = s.getAttribute('plainTextPath')!;
      expect(path).toBe(`internal://${s.getAttribute('guid')}.txt`);
      expect(zip[`Sources/${s.getAttribute('guid')}.txt`]).toBeDefined();
    }
  });

  it('writes each live annotation as a PlainTextSelection whose code-point positions slice out its quote', () => {
    const byId = new Map(input.annotations.map((a) => [a.id.toUpperCase(), a]));
    const selections = all(doc, 'PlainTextSelection');
    expect(selections).toHaveLength(live(input).length);
    for (const s of selections) {
      const a = byId.get(s.getAttribute('guid')!)!;
      const source = s.parentElement!;
      const text = strFromU8(zip[`Sources/${source.getAttribute('guid')}.txt`]!);
      const points = [...text];
      const start = Number(s.getAttribute('startPosition'));
      const end = Number(s.getAttribute('endPosition'));
      expect(points.slice(start, end).join('')).toBe(quoteSelector(a).exact);
      expect(s.getAttribute('creationDateTime')).toBe(a.createdAt);
      expect(s.getAttribute('modifiedDateTime')).toBe(a.updatedAt);
      const description = all(s, 'Description')[0]?.textContent ?? '';
      expect(description).toBe(a.note);
    }
  });

  it('codes kind, stance, credibility and tags, with colours, and writes analysts as users', () => {
    const codes = new Map(all(doc, 'Code').map((c) => [c.getAttribute('guid')!, c]));
    const users = new Map(all(doc, 'User').map((u) => [u.getAttribute('guid')!, u]));
    const byId = new Map(input.annotations.map((a) => [a.id.toUpperCase(), a]));
    for (const s of all(doc, 'PlainTextSelection')) {
      const a: Annotation = byId.get(s.getAttribute('guid')!)!;
      const names = all(s, 'CodeRef').map((r) =>
        codes.get(r.getAttribute('targetGUID')!)!.getAttribute('name'),
      );
      const expected = [
        { claim: 'Claim', assessment: 'Assessment', figure: 'Figure' }[a.kind],
        ...(a.stance ? [a.stance === 'opinion' ? 'Opinion' : 'Reporting'] : []),
        ...(a.credibility ? [expect.stringMatching(new RegExp(`^${a.credibility} `))] : []),
        ...a.tags,
      ];
      expect(names).toEqual(expected);
      const user = users.get(s.getAttribute('creatingUser')!)!;
      expect(user.getAttribute('id')).toBe(a.author.id);
      expect(user.getAttribute('name')).toBe(a.author.name || a.author.id);
    }
    for (const c of codes.values()) expect(c.getAttribute('color')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('writes source grades and metadata as variables', () => {
    const variables = new Map(
      all(doc, 'Variable').map((v) => [v.getAttribute('guid')!, v.getAttribute('name')]),
    );
    const grades = new Map(input.sourceGrades.map((g) => [g.source, g.reliability]));
    for (const s of all(doc, 'TextSource')) {
      const values = Object.fromEntries(
        all(s, 'VariableValue').map((v) => [
          variables.get(all(v, 'VariableRef')[0]!.getAttribute('targetGUID')!),
          all(v, 'TextValue')[0]!.textContent,
        ]),
      );
      const article = input.articles.find((a) => a.title === values['Title'])!;
      expect(values['Source']).toBe(article.source || undefined);
      expect(values['Source reliability']).toBe(grades.get(article.source));
    }
  });

  it('gives the same GUIDs in every export of the same library', async () => {
    const again = parse(
      unzipSync(await toQdpx({ ...input, exportedAt: '2027-01-01T00:00:00.000Z' }))['project.qde']!,
    );
    const guids = (d: Document) =>
      Array.from(d.querySelectorAll('[guid]')).map((e) => e.getAttribute('guid'));
    expect(guids(again)).toEqual(guids(doc));
  });

  it('stays valid with hostile text and with nothing to export', async () => {
    const hostile = dataset();
    const first = hostile.annotations.find((a) => a.deletedAt === null)!;
    first.note = 'Control \u0001\u0007 chars, ]]> and <tags> & "quotes"\r\nline two';
    first.tags = ['<b>', 'a"b'];
    const bytes = unzipSync(await toQdpx(hostile))['project.qde']!;
    expect(await xmllint(bytes, 'hostile.qde')).toMatch(/validates/);
    const description = all(parse(bytes), 'Description').find((d) => d.textContent?.startsWith('Control'));
    expect(description?.textContent).toBe(
      'Control \ufffd\ufffd chars, ]]> and <tags> & "quotes"\r\nline two',
    );
    const empty = unzipSync(await toQdpx({ ...input, annotations: [] }))['project.qde']!;
    expect(await xmllint(empty, 'empty.qde')).toMatch(/validates/);
  });
});
