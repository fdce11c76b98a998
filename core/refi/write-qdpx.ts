import { strToU8, zipSync } from 'fflate';
import { anchor } from '../anchoring';
import type { ExportInput } from '../exporters/input';
import { groupRecords } from '../exporters/records';
import type { Analyst, Annotation } from '../model';
import { toCodePointOffset } from '../text/code-points';
import {
  CREDIBILITY_CODES,
  GROUPS,
  KIND_CODES,
  QDA_PROJECT_NS,
  STANCE_CODES,
  TAG_COLOR,
  VARIABLES,
  stableGuid,
  type VariableKey,
} from './vocabulary';

// XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/FFFF.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as XML character data: markup escaped, CR kept as a reference (a parser would turn a
 * literal CR into LF), characters XML cannot hold replaced by U+FFFD.
 */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value: as {@link xmlText}, plus quotes, and tab/LF/CR kept as references. */
function attr(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** `xsd:dateTime` needs a time: a bare date becomes midnight UTC. */
function dateTime(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso;
}

/** Line prefixes of the memo that carries what QDA-XML has no place for (read back on import). */
export const MEMO_ATTRIBUTION = 'Attributed to: ';
export const MEMO_FIGURE = 'Figure: ';

function memoText(a: Annotation): string {
  const lines: string[] = [];
  if (a.attribution) lines.push(`${MEMO_ATTRIBUTION}${a.attribution}`);
  if (a.figure) lines.push(`${MEMO_FIGURE}${a.figure.value} ${a.figure.unit}`.trimEnd());
  return lines.join('\n');
}

export interface QdpxOptions {
  /** The project's name in `project.qde`; "Gloss export" by default. */
  name?: string;
}

/**
 * The annotations of `input` as a REFI-QDA project exchange file (`.qdpx`): a zip holding
 * `project.qde` (QDA-XML 1.0) and `Sources/<guid>.txt`, one UTF-8 plain-text file per article.
 *
 * - Users: every analyst who wrote an annotation (GUID stable across exports, `id` their Gloss id).
 * - CodeBook: the kinds, stances and credibility grades (with colours) and the tags, each under a
 *   parent code that is not codable.
 * - Variables: the article metadata and the source's reliability grade, valued per source.
 * - Each annotation: a `PlainTextSelection` (positions in Unicode code points of the source's
 *   plain text) with a `Coding` per code, its author and dates; its note is the selection's
 *   `Description`; attribution and figure go into a memo (`Note`) the selection refers to.
 *
 * GUIDs are derived from Gloss ids, so exporting the same library twice gives the same GUIDs.
 */
export async function toQdpx(input: ExportInput, options: QdpxOptions = {}): Promise<Uint8Array> {
  const groups = groupRecords(input).filter((g) => g.article !== undefined);
  const users = new Map<string, Analyst>();
  const tags = new Set<string>();
  for (const g of groups) {
    for (const r of g.records) {
      users.set(r.annotation.author.id, r.annotation.author);
      if (!users.has(r.annotation.updatedBy.id)) users.set(r.annotation.updatedBy.id, r.annotation.updatedBy);
      for (const t of r.annotation.tags) tags.add(t);
    }
  }
  const guid = stableGuid;
  const userGuid = new Map<string, string>();
  for (const id of users.keys()) userGuid.set(id, await guid('analyst', id));
  const kindGuid = Object.fromEntries(
    await Promise.all(Object.keys(KIND_CODES).map(async (k) => [k, await guid('code', `kind:${k}`)])),
  ) as Record<string, string>;
  const stanceGuid = Object.fromEntries(
    await Promise.all(Object.keys(STANCE_CODES).map(async (k) => [k, await guid('code', `stance:${k}`)])),
  ) as Record<string, string>;
  const credibilityGuid = new Map<number, string>();
  for (const c of CREDIBILITY_CODES)
    credibilityGuid.set(c.value, await guid('code', `credibility:${c.value}`));
  const sortedTags = [...tags].sort((a, b) => a.localeCompare(b));
  const tagGuid = new Map<string, string>();
  for (const t of sortedTags) tagGuid.set(t, await guid('code', `tag:${t}`));
  const variableGuid = new Map<VariableKey, string>();
  for (const v of VARIABLES) variableGuid.set(v.key, await guid('variable', v.key));

  const out: string[] = [];
  const w = (line: string) => out.push(line);
  w('<?xml version="1.0" encoding="utf-8"?>');
  w(
    `<Project xmlns="${QDA_PROJECT_NS}" name="${attr(options.name ?? 'Gloss export')}" origin="${attr(`${input.app.name} ${input.app.version}`)}" creationDateTime="${attr(dateTime(input.exportedAt))}">`,
  );
  if (users.size) {
    w('  <Users>');
    for (const [id, user] of users) {
      w(`    <User guid="${userGuid.get(id)}" name="${attr(user.name || id)}" id="${attr(id)}"/>`);
    }
    w('  </Users>');
  }
  w('  <CodeBook>');
  w('    <Codes>');
  const group = async (key: keyof typeof GROUPS, description: string, children: string[]) => {
    const g = GROUPS[key];
    w(
      `      <Code guid="${await guid('code', `group:${key}`)}" name="${g.name}" isCodable="false" color="${g.color}">`,
    );
    w(`        <Description>${xmlText(description)}</Description>`);
    for (const c of children) w(c);
    w('      </Code>');
  };
  const code = (id: string, name: string, color: string) =>
    `        <Code guid="${id}" name="${attr(name)}" isCodable="true" color="${color}"/>`;
  await group(
    'kind',
    'Gloss: what a passage is.',
    Object.entries(KIND_CODES).map(([k, c]) => code(kindGuid[k]!, c.name, c.color)),
  );
  await group(
    'stance',
    'Gloss: opinion or reporting.',
    Object.entries(STANCE_CODES).map(([k, c]) => code(stanceGuid[k]!, c.name, c.color)),
  );
  await group(
    'credibility',
    'Gloss: Admiralty information credibility of the passage (1–6).',
    CREDIBILITY_CODES.map((c) => code(credibilityGuid.get(c.value)!, c.name, c.color)),
  );
  await group(
    'tags',
    'Gloss: the analysts’ tags.',
    sortedTags.map((t) => code(tagGuid.get(t)!, t, TAG_COLOR)),
  );
  w('    </Codes>');
  w('  </CodeBook>');
  w('  <Variables>');
  for (const v of VARIABLES) {
    w(`    <Variable guid="${variableGuid.get(v.key)}" name="${v.name}" typeOfVariable="${v.type}"/>`);
  }
  w('  </Variables>');

  const files: Record<string, Uint8Array> = {};
  const notes: string[] = [];
  // QDA-XML wants at least one source inside <Sources>: an empty export leaves it out.
  if (groups.length) w('  <Sources>');
  for (const g of groups) {
    const article = g.article!;
    const sourceGuid = await guid('article', article.id);
    files[`Sources/${sourceGuid}.txt`] = strToU8(article.text);
    w(
      `    <TextSource guid="${sourceGuid}" name="${attr(article.title || article.fileName || article.id)}" plainTextPath="internal://${sourceGuid}.txt" creationDateTime="${attr(dateTime(article.importedAt))}">`,
    );
    for (const r of g.records) {
      const a = r.annotation;
      let start = r.start;
      let end = r.end;
      if (start === null || end === null) {
        const found = anchor(article.text, a.selectors);
        if (found.status === 'orphan') continue;
        start = toCodePointOffset(article.text, found.start);
        end = toCodePointOffset(article.text, found.end);
      }
      const user = userGuid.get(a.author.id)!;
      const modifier = userGuid.get(a.updatedBy.id)!;
      const selection = a.id.toUpperCase();
      const created = attr(dateTime(a.createdAt));
      const who = `creatingUser="${user}" creationDateTime="${created}"`;
      w(
        `      <PlainTextSelection guid="${await guid('annotation', a.id)}" name="${attr(r.quote.exact.slice(0, 200))}" startPosition="${start}" endPosition="${end}" ${who} modifyingUser="${modifier}" modifiedDateTime="${attr(dateTime(a.updatedAt))}">`,
      );
      if (a.note) w(`        <Description>${xmlText(a.note)}</Description>`);
      const codings = [
        kindGuid[a.kind]!,
        ...(a.stance ? [stanceGuid[a.stance]!] : []),
        ...(a.credibility !== null ? [credibilityGuid.get(a.credibility)!] : []),
        ...a.tags.map((t) => tagGuid.get(t)!),
      ];
      for (const [i, target] of codings.entries()) {
        w(`        <Coding guid="${await guid('coding', `${selection}:${i}:${target}`)}" ${who}>`);
        w(`          <CodeRef targetGUID="${target}"/>`);
        w('        </Coding>');
      }
      const memo = memoText(a);
      if (memo) {
        const noteGuid = await guid('memo', a.id);
        w(`        <NoteRef targetGUID="${noteGuid}"/>`);
        notes.push(
          `    <Note guid="${noteGuid}" name="${attr(`Gloss details: ${r.quote.exact.slice(0, 60)}`)}" ${who}>`,
          `      <PlainTextContent>${xmlText(memo)}</PlainTextContent>`,
          '    </Note>',
        );
      }
      w('      </PlainTextSelection>');
    }
    const values: Record<VariableKey, string> = {
      title: article.title,
      source: article.source,
      byline: article.byline,
      publishedAt: article.publishedAt ?? '',
      url: article.url,
      language: article.language,
      sourceReliability: g.sourceGrade?.reliability ?? '',
    };
    for (const v of VARIABLES) {
      if (!values[v.key]) continue;
      w('      <VariableValue>');
      w(`        <VariableRef targetGUID="${variableGuid.get(v.key)}"/>`);
      w(`        <TextValue>${xmlText(values[v.key])}</TextValue>`);
      w('      </VariableValue>');
    }
    w('    </TextSource>');
  }
  if (groups.length) w('  </Sources>');
  if (notes.length) {
    w('  <Notes>');
    out.push(...notes);
    w('  </Notes>');
  }
  w('</Project>');
  files['project.qde'] = strToU8(`${out.join('\n')}\n`);
  return zipSync(files, { level: 6, mtime: new Date(input.exportedAt) });
}
