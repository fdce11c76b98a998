import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_PROJECT_LIMITS, ProjectFileError } from '../project';
import { readZip } from '../project/zip';
import { escapeControls } from '../text/escape-controls';

/** A `.qdpx` (or `.qde`) file that cannot be read, and why; the message can be shown as is. */
export class QdpxError extends Error {
  override readonly name = 'QdpxError';
  constructor(message: string) {
    super(escapeControls(message));
  }
}

/** One code of the code book, flattened: `path` names it with its parents (`Emotions/Joy`). */
export interface QdaCode {
  guid: string;
  name: string;
  path: string;
  color: string | null;
  codable: boolean;
  description: string;
}

export interface QdaSelection {
  guid: string;
  /** Positions into the source's plain text, end exclusive, in the units of {@link positionUnits}. */
  start: number;
  end: number;
  description: string;
  codeGuids: string[];
  noteGuids: string[];
  creatingUser: string | null;
  modifyingUser: string | null;
  created: string | null;
  modified: string | null;
}

export interface QdaSource {
  guid: string;
  name: string;
  text: string;
  selections: QdaSelection[];
  /** Variable values by variable name. */
  variables: Record<string, string>;
  created: string | null;
}

/** What Gloss reads of a QDA-XML project. */
export interface QdaProject {
  name: string;
  origin: string;
  users: Map<string, { name: string; id: string | null }>;
  codes: QdaCode[];
  sources: QdaSource[];
  /** Memos by GUID: their plain text. */
  notes: Map<string, string>;
  /** What was left out, each said in a sentence (picture, PDF and media sources, unknown paths). */
  warnings: string[];
}

/** How a tool counts `startPosition`/`endPosition` in a text source's plain text. */
export interface PositionUnits {
  /** `code-point`: Unicode code points (an emoji is one); `utf-16`: UTF-16 code units (an emoji is two). */
  unit: 'code-point' | 'utf-16';
  /** How many positions a CRLF line end of the `.txt` takes. */
  crlf: 1 | 2;
}

/**
 * The units a project's positions count, by the `origin` that names the tool. The standard says
 * "characters"; tools differ in what that is. NVivo (a .NET program) counts UTF-16 code units,
 * CRLF as two: in a real NVivo 12.6 export (tests/fixtures/refi-qda/real/) 293 of 303 passages
 * start and end on word boundaries read so, 22 read as code points. ATLAS.ti counts a CRLF line
 * end as one (QualCoder's importer says the same). QualCoder (Python string indices), MAXQDA,
 * Gloss and any other tool: code points, CRLF as two.
 */
export function positionUnits(origin: string): PositionUnits {
  if (/nvivo/i.test(origin)) return { unit: 'utf-16', crlf: 2 };
  if (/atlas\.ti/i.test(origin)) return { unit: 'code-point', crlf: 1 };
  return { unit: 'code-point', crlf: 2 };
}

type XmlNode = Record<string, unknown>;

const LISTS = new Set([
  'User',
  'Code',
  'Variable',
  'TextSource',
  'PictureSource',
  'PDFSource',
  'AudioSource',
  'VideoSource',
  'PlainTextSelection',
  'Coding',
  'NoteRef',
  'VariableValue',
  'Note',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => LISTS.has(name),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const node = (v: unknown): XmlNode => (typeof v === 'object' && v !== null ? (v as XmlNode) : {});
const list = (v: unknown): XmlNode[] => (Array.isArray(v) ? v.map(node) : []);
/** The text of an element that may carry attributes (`{#text, …}`) or be a bare string. */
const text = (v: unknown): string => (typeof v === 'string' ? v : str(node(v)['#text']));
/** GUIDs compare without braces and case (`{ab…}` and `AB…` are the same). */
export const normalGuid = (g: string): string => g.replace(/^\{|\}$/g, '').toLowerCase();

/**
 * A colour as `#rrggbb`: QDA-XML writes `#RRGGBB` or `#RGB`, some tools `#AARRGGBB` or
 * `rgb(r, g, b)`; anything else is `null`.
 */
export function normalColor(value: string): string | null {
  const v = value.trim().toLowerCase();
  let m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) return `#${m[1]}`;
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`;
  m = /^#[0-9a-f]{2}([0-9a-f]{6})$/.exec(v);
  if (m) return `#${m[1]}`;
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/.exec(v);
  if (m)
    return `#${[m[1], m[2], m[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('')}`;
  return null;
}

function flattenCodes(nodes: XmlNode[], parent: string, out: QdaCode[]): void {
  for (const c of nodes) {
    const name = str(c['name']);
    const path = parent ? `${parent}/${name}` : name;
    out.push({
      guid: normalGuid(str(c['guid'])),
      name,
      path,
      color: normalColor(str(c['color'])),
      codable: str(c['isCodable']) !== 'false',
      description: text(c['Description']),
    });
    flattenCodes(list(c['Code']), path, out);
  }
}

/** Finds a source's text file among the zip entries, whatever the folder's case or the path form. */
function sourceFile(files: Map<string, Uint8Array>, path: string): Uint8Array | undefined {
  const m = /^(?:internal|relative):\/\/\/?(.+)$/i.exec(path);
  const wanted = (m ? m[1]! : path).replace(/\\/g, '/').replace(/^\.?\//, '');
  const lower = wanted.toLowerCase();
  for (const candidate of [`sources/${lower}`, lower]) {
    for (const [name, bytes] of files) if (name.toLowerCase() === candidate) return bytes;
  }
  const base = lower.replace(/^.*\//, '');
  for (const [name, bytes] of files) {
    if (name.toLowerCase().endsWith(`/${base}`) && /^sources\//i.test(name)) return bytes;
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8');

/** Parses QDA-XML text (a `project.qde`), with the zip's other entries for `plainTextPath`. */
export function parseQde(xml: string, files: Map<string, Uint8Array> = new Map()): QdaProject {
  if (/<!ENTITY/i.test(xml)) throw new QdpxError('The project declares XML entities, which Gloss refuses.');
  let doc: XmlNode;
  try {
    doc = node(parser.parse(xml));
  } catch (err) {
    throw new QdpxError(`The project is not valid XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const project = node(doc['Project']);
  if (!doc['Project']) throw new QdpxError('This is not a REFI-QDA project: it has no <Project> element.');
  const warnings: string[] = [];
  const users = new Map<string, { name: string; id: string | null }>();
  for (const u of list(node(project['Users'])['User'])) {
    users.set(normalGuid(str(u['guid'])), { name: str(u['name']), id: str(u['id']) || null });
  }
  const codes: QdaCode[] = [];
  flattenCodes(list(node(node(project['CodeBook'])['Codes'])['Code']), '', codes);
  const variables = new Map<string, string>();
  for (const v of list(node(project['Variables'])['Variable'])) {
    variables.set(normalGuid(str(v['guid'])), str(v['name']));
  }
  const notes = new Map<string, string>();
  for (const n of list(node(project['Notes'])['Note'])) {
    const inline = text(n['PlainTextContent']);
    const file = str(n['plainTextPath']) ? sourceFile(files, str(n['plainTextPath'])) : undefined;
    notes.set(normalGuid(str(n['guid'])), inline || (file ? utf8.decode(file) : ''));
  }
  const sources: QdaSource[] = [];
  const sourcesNode = node(project['Sources']);
  // A PDF source whose text representation is given is read as that text (ATLAS.ti, NVivo).
  const pdfTexts = list(sourcesNode['PDFSource']).flatMap((pdf): XmlNode[] => {
    const rep = node(pdf['Representation']);
    return pdf['Representation'] ? [{ ...rep, name: str(pdf['name']) || str(rep['name']) }] : [];
  });
  const pdfWithout = list(sourcesNode['PDFSource']).length - pdfTexts.length;
  if (pdfWithout)
    warnings.push(
      `${pdfWithout} PDF source${pdfWithout === 1 ? '' : 's'} without a text representation left out.`,
    );
  for (const kind of ['PictureSource', 'AudioSource', 'VideoSource']) {
    const n = list(sourcesNode[kind]).length;
    if (n)
      warnings.push(
        `${n} ${kind.replace('Source', '').toLowerCase()} source${n === 1 ? '' : 's'} left out: Gloss imports text sources.`,
      );
  }
  for (const s of [...list(sourcesNode['TextSource']), ...pdfTexts]) {
    const name = str(s['name']) || str(s['guid']);
    let body: string | null = null;
    const relative = /^relative:\/\//i.test(str(s['plainTextPath']));
    if (s['PlainTextContent'] !== undefined) body = text(s['PlainTextContent']);
    else if (str(s['plainTextPath'])) {
      const bytes = sourceFile(files, str(s['plainTextPath']));
      if (bytes) body = utf8.decode(bytes).replace(/^\ufeff/, '');
    }
    if (body === null) {
      if (relative) {
        warnings.push(
          `“${name}” left out: its text is stored outside the .qdpx file (${str(s['plainTextPath'])}).`,
        );
        continue;
      }
      warnings.push(
        `“${name}” left out: its text (${str(s['plainTextPath']) || 'no plainTextPath'}) is not in the file.`,
      );
      continue;
    }
    const values: Record<string, string> = {};
    for (const vv of list(s['VariableValue'])) {
      const ref = normalGuid(str(node(vv['VariableRef'])['targetGUID']));
      const varName = variables.get(ref);
      if (!varName) continue;
      for (const key of [
        'TextValue',
        'DateValue',
        'DateTimeValue',
        'IntegerValue',
        'FloatValue',
        'BooleanValue',
      ]) {
        if (vv[key] !== undefined) values[varName] = text(vv[key]);
      }
    }
    const selections: QdaSelection[] = [];
    for (const sel of list(s['PlainTextSelection'])) {
      const start = Number(str(sel['startPosition']));
      const end = Number(str(sel['endPosition']));
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
        warnings.push(
          `A selection of “${name}” has no valid position (${str(sel['startPosition'])}–${str(sel['endPosition'])}); left out.`,
        );
        continue;
      }
      selections.push({
        guid: normalGuid(str(sel['guid'])),
        start,
        end,
        description: text(sel['Description']),
        codeGuids: list(sel['Coding']).map((c) => normalGuid(str(node(c['CodeRef'])['targetGUID']))),
        noteGuids: list(sel['NoteRef']).map((r) => normalGuid(str(r['targetGUID']))),
        creatingUser: str(sel['creatingUser']) ? normalGuid(str(sel['creatingUser'])) : null,
        modifyingUser: str(sel['modifyingUser']) ? normalGuid(str(sel['modifyingUser'])) : null,
        created: str(sel['creationDateTime']) || null,
        modified: str(sel['modifiedDateTime']) || null,
      });
    }
    sources.push({
      guid: normalGuid(str(s['guid'])),
      name,
      text: body,
      selections,
      variables: values,
      created: str(s['creationDateTime']) || null,
    });
  }
  return {
    name: str(project['name']),
    origin: str(project['origin']),
    users,
    codes,
    sources,
    notes,
    warnings,
  };
}

/** A project with no text source Gloss can read is refused, with what was left out and why. */
function importable(project: QdaProject): QdaProject {
  if (project.sources.length > 0) return project;
  const why = project.warnings.length ? ` ${project.warnings.join(' ')}` : ' It holds no sources.';
  throw new QdpxError(`No text source in this project can be imported.${why}`);
}

/**
 * Reads a REFI-QDA project exchange file: a zip holding one `.qde` (named `project.qde` by the
 * standard; any single `.qde` at the top is accepted) and the sources' text files under
 * `Sources/` (or `sources/`, as MAXQDA writes it). A bare `.qde` (XML) is read too, with
 * its sources inline. The zip is read within Gloss's project-file limits (names, sizes, bombs).
 * A project none of whose text sources can be read is refused ({@link QdpxError}, naming what
 * was left out), as there is nothing to import.
 */
export function readQdpx(bytes: Uint8Array): QdaProject {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) return importable(parseQde(utf8.decode(bytes).replace(/^\ufeff/, '')));
  let files: Map<string, Uint8Array>;
  try {
    files = readZip(bytes, DEFAULT_PROJECT_LIMITS);
  } catch (err) {
    if (err instanceof ProjectFileError) throw new QdpxError(`The .qdpx file cannot be read: ${err.message}`);
    throw err;
  }
  const qdes = [...files.keys()].filter((n) => /\.qde$/i.test(n) && !n.includes('/'));
  const qde =
    qdes.find((n) => n.toLowerCase() === 'project.qde') ?? (qdes.length === 1 ? qdes[0] : undefined);
  if (!qde) {
    throw new QdpxError(
      qdes.length
        ? `The .qdpx file holds several .qde files (${qdes.join(', ')}); Gloss expects one.`
        : 'The .qdpx file holds no project.qde: it is not a REFI-QDA project.',
    );
  }
  return importable(parseQde(utf8.decode(files.get(qde)!).replace(/^\ufeff/, ''), files));
}

/** Whether a file is a REFI-QDA project: named `.qdpx` or `.qde`, or a zip holding a `.qde`. */
export function isQdpx(name: string, bytes: Uint8Array): boolean {
  if (/\.(qdpx|qde)$/i.test(name)) return true;
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  // The zip's directory names its entries in plain bytes: look for a top-level `.qde`.
  const tail = bytes.subarray(Math.max(0, bytes.length - (1 << 20)));
  const names = new TextDecoder('latin1').decode(tail);
  return /\.qde/i.test(names) && !names.includes('word/document.xml');
}
