import { describe } from '../anchoring';
import { sha256Hex } from '../hash';
import { lineBlocks } from '../importers/text';
import {
  RELIABILITY_GRADES,
  type Annotation,
  type AnnotationKind,
  type Article,
  type Reliability,
  type SourceGrade,
  type Stance,
  type Tag,
  TimestampSchema,
} from '../model';
import type { CodeMapping } from './mapping';
import { positionUnits, type QdaCode, type QdaProject } from './read-qdpx';
import { CREDIBILITY_CODES, GROUPS, KIND_CODES, STANCE_CODES, TAG_COLOR } from './vocabulary';
import { MEMO_ATTRIBUTION, MEMO_FIGURE } from './write-qdpx';

const byName = <T extends string>(table: Record<T, { name: string }>, name: string): T | undefined =>
  (Object.keys(table) as T[]).find((k) => table[k].name.toLowerCase() === name.trim().toLowerCase());

/**
 * The mapping Gloss proposes: Gloss's own vocabulary (Claim, Assessment, Figure; Opinion,
 * Reporting; the credibility grades 1–6), as Gloss writes it or by those names anywhere, maps to
 * itself; the group codes that only hold them map to nothing; every other code becomes a tag of
 * its own name. `remembered` (an earlier choice, by code path) wins over the proposal.
 */
export function proposeMapping(codes: readonly QdaCode[], remembered: CodeMapping = {}): CodeMapping {
  const out: CodeMapping = {};
  const groups = new Set<string>(Object.values(GROUPS).map((g) => g.name));
  for (const c of codes) {
    const known = remembered[c.path];
    if (known) {
      out[c.path] = known;
      continue;
    }
    const kind = byName(KIND_CODES, c.name);
    const stance = byName(STANCE_CODES, c.name);
    const credibility = CREDIBILITY_CODES.find((g) => g.name.toLowerCase() === c.name.trim().toLowerCase());
    if (kind) out[c.path] = { to: 'kind', kind };
    else if (stance) out[c.path] = { to: 'stance', stance };
    else if (credibility) out[c.path] = { to: 'credibility', credibility: credibility.value };
    else if (!c.codable || (groups.has(c.name) && !c.path.includes('/'))) out[c.path] = { to: 'nothing' };
    else out[c.path] = { to: 'tag', tag: c.name };
  }
  return out;
}

export interface QdaToGlossOptions {
  mapping: CodeMapping;
  /** The kind of a selection none of whose codes maps to a kind. */
  defaultKind: AnnotationKind;
  now: string;
  newId: () => string;
  /** The analyst a selection without a known user is attributed to. */
  fallbackAuthor: { id: string; name: string };
}

export interface QdaImport {
  articles: Article[];
  annotations: Annotation[];
  sourceGrades: SourceGrade[];
  tags: Tag[];
  warnings: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const validTime = (v: string | null): v is string => v !== null && TimestampSchema.safeParse(v).success;

/** A UTF-16 offset moved off the middle of a surrogate pair (`back` to its start, or `forward` past it). */
function wholeCharacter(text: string, offset: number, widen: 'back' | 'forward'): number {
  const c = text.charCodeAt(offset);
  const inside = offset > 0 && offset < text.length && c >= 0xdc00 && c <= 0xdfff;
  const prev = text.charCodeAt(offset - 1);
  if (!inside || prev < 0xd800 || prev > 0xdbff) return offset;
  return widen === 'back' ? offset - 1 : offset + 1;
}

/** The UTF-16 offset at which each code point of `text` starts, and its length at the end. */
function codePointStarts(text: string): Uint32Array {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    starts.push(i);
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i++;
  }
  starts.push(text.length);
  return Uint32Array.from(starts);
}

/**
 * Maps a UTF-16 offset into `raw` to the offset of the same place in Gloss's form of it
 * ({@link lightCanonical} of the text before it). Text already in NFC changes only at line ends
 * (a CRLF before the offset is one shorter), which an index of CRLFs answers at once; any
 * other text is canonicalised up to each offset (exact, and linear per offset).
 */
function canonicalOffsets(raw: string): (offset: number) => number {
  if (raw.normalize('NFC') !== raw) return (offset) => lightCanonical(raw.slice(0, offset)).length;
  const crlfBefore = new Uint32Array(raw.length + 1);
  for (let i = 0; i < raw.length; i++) {
    const pair = i > 0 && raw.charCodeAt(i) === 10 && raw.charCodeAt(i - 1) === 13;
    crlfBefore[i + 1] = crlfBefore[i]! + (pair ? 1 : 0);
  }
  return (offset) => offset - crlfBefore[offset]!;
}

/** Gloss's text form without trimming (so positions keep their meaning): NFC and `\n` line ends. */
const lightCanonical = (s: string) => s.replace(/\r\n?|\u2028|\u2029/g, '\n').normalize('NFC');

/**
 * Turns a read REFI-QDA project into Gloss records: each text source an article (its text in
 * Gloss's form, metadata from the variables Gloss writes: Title, Source, Byline, Published,
 * URL, Language), each selection an annotation on the same passage (code points converted to
 * Gloss's UTF-16 offsets; id kept when it is a UUID), coded through `mapping`; the description
 * is the note; a memo is read back into attribution and figure (as Gloss writes them) or
 * appended to the note; "Source reliability" becomes the source's grade.
 */
export async function qdaToGloss(project: QdaProject, options: QdaToGlossOptions): Promise<QdaImport> {
  const codes = new Map(project.codes.map((c) => [c.guid, c]));
  const warnings = [...project.warnings];
  const articles: Article[] = [];
  const annotations: Annotation[] = [];
  const grades = new Map<string, SourceGrade>();
  const tags = new Map<string, Tag>();
  const stamp = (v: string | null) => (validTime(v) ? v : options.now);
  for (const source of project.sources) {
    const text = lightCanonical(source.text);
    const v = source.variables;
    const article: Article = {
      id: options.newId(),
      contentHash: await sha256Hex(text),
      title: v['Title'] || source.name,
      source: v['Source'] ?? '',
      byline: v['Byline'] ?? '',
      publishedAt: v['Published'] && ISO.test(v['Published']) ? v['Published'] : null,
      url: v['URL'] ?? '',
      language: v['Language'] ?? '',
      importedAt: options.now,
      format: 'text',
      fileName: `${source.name}.txt`,
      text,
      blocks: lineBlocks(text),
      removed: [],
    };
    articles.push(article);
    const reliability = v['Source reliability'];
    if (article.source && reliability && (RELIABILITY_GRADES as readonly string[]).includes(reliability)) {
      grades.set(article.source, {
        source: article.source,
        reliability: reliability as Reliability,
        note: '',
        updatedAt: options.now,
        updatedBy: options.fallbackAuthor,
      });
    }
    const units = positionUnits(project.origin);
    const raw = units.crlf === 1 ? source.text.replace(/\r\n/g, '\n') : source.text;
    const toUtf16 = units.unit === 'utf-16' ? null : codePointStarts(raw);
    const length = toUtf16 ? toUtf16.length - 1 : raw.length;
    const unitName = units.unit === 'utf-16' ? 'UTF-16 units' : 'characters';
    const toGloss = canonicalOffsets(raw);
    for (const sel of source.selections) {
      if (sel.end > length) {
        warnings.push(
          `A selection of “${source.name}” ends at ${sel.end}, past the text (${length} ${unitName}); left out.`,
        );
        continue;
      }
      // Their units → UTF-16 of their text (a cut inside a surrogate pair widens to the whole
      // character) → UTF-16 of Gloss's form of that text.
      const at = (offset: number, widen: 'back' | 'forward') =>
        toUtf16 ? toUtf16[offset]! : wholeCharacter(raw, offset, widen);
      const start = toGloss(at(sel.start, 'back'));
      const end = toGloss(at(sel.end, 'forward'));
      if (end <= start) continue;
      let kind: AnnotationKind | null = null;
      let stance: Stance | null = null;
      let credibility: number | null = null;
      const annotationTags: string[] = [];
      for (const guid of sel.codeGuids) {
        const code = codes.get(guid);
        if (!code) continue;
        const target = options.mapping[code.path] ?? { to: 'tag', tag: code.name };
        if (target.to === 'kind') kind ??= target.kind;
        else if (target.to === 'stance') stance ??= target.stance;
        else if (target.to === 'credibility') credibility ??= target.credibility;
        else if (target.to === 'tag' && target.tag.trim()) {
          const tag = target.tag.trim();
          if (!annotationTags.includes(tag)) annotationTags.push(tag);
          if (!tags.has(tag)) tags.set(tag, { name: tag, color: code.color ?? TAG_COLOR });
        }
      }
      let note = sel.description;
      let attribution = '';
      let figure: Annotation['figure'] = null;
      for (const noteGuid of sel.noteGuids) {
        const memo = project.notes.get(noteGuid);
        if (!memo) continue;
        const rest: string[] = [];
        for (const line of memo.split(/\r?\n/)) {
          if (line.startsWith(MEMO_ATTRIBUTION)) attribution = line.slice(MEMO_ATTRIBUTION.length);
          else if (line.startsWith(MEMO_FIGURE)) {
            const m = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?: (.*))?$/i.exec(line.slice(MEMO_FIGURE.length));
            if (m) figure = { value: Number(m[1]), unit: m[2] ?? '' };
            else rest.push(line);
          } else rest.push(line);
        }
        const extra = rest.join('\n').trim();
        if (extra) note = note ? `${note}\n\n${extra}` : extra;
      }
      const finalKind = kind ?? options.defaultKind;
      const user = sel.creatingUser ? project.users.get(sel.creatingUser) : undefined;
      const author = user
        ? { id: user.id || `refi-${sel.creatingUser}`, name: user.name }
        : options.fallbackAuthor;
      const created = stamp(sel.created);
      const modifier = sel.modifyingUser ? project.users.get(sel.modifyingUser) : undefined;
      const updatedBy = modifier
        ? { id: modifier.id || `refi-${sel.modifyingUser}`, name: modifier.name }
        : author;
      annotations.push({
        id: UUID.test(sel.guid) ? sel.guid : options.newId(),
        articleId: article.id,
        selectors: [...describe(text, start, end)],
        kind: finalKind,
        stance,
        note,
        tags: annotationTags,
        attribution,
        credibility,
        figure: finalKind === 'figure' ? figure : null,
        author,
        createdAt: created,
        updatedAt: validTime(sel.modified) ? sel.modified : created,
        updatedBy,
        provenance: {},
        deletedAt: null,
      });
    }
  }
  return { articles, annotations, sourceGrades: [...grades.values()], tags: [...tags.values()], warnings };
}
