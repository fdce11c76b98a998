import { fflateCodec, type DeflateCodec } from './codec';
import { ProjectFileError } from './errors';
import type { ProjectLimits } from './limits';

/** One entry of a zip as the central directory describes it. */
interface CentralEntry {
  name: string;
  compression: number;
  flags: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

/**
 * Checks an entry name: relative, forward slashes only, no `.` or `..` segments, no drive
 * letters, no control characters. Gloss never extracts to disk, but a name that could escape a
 * folder marks a hostile file, and a copy extracted by another tool must stay safe.
 */
export function checkEntryName(name: string): void {
  const bad = (why: string): never => {
    throw new ProjectFileError(
      'unsafe-path',
      `The project file holds an entry named “${name}”, which ${why}.`,
    );
  };
  if (name === '') bad('is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) bad('contains control characters');
  if (name.includes('\\')) bad('contains a backslash');
  if (name.startsWith('/')) bad('is an absolute path');
  if (/^[A-Za-z]:/.test(name)) bad('starts with a drive letter');
  for (const segment of name.split('/')) {
    if (segment === '..') bad('climbs out of its folder (..)');
    if (segment === '.') bad('contains a “.” segment');
  }
}

function readCentralDirectory(bytes: Uint8Array, limits: ProjectLimits): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const looksLikeZip = bytes.length >= 4 && view.getUint32(0, true) === LOCAL_SIGNATURE;
  const noEnd = (): never => {
    throw looksLikeZip
      ? new ProjectFileError(
          'truncated',
          'The project file is truncated: it starts like a zip but its end is missing. It may have been cut off while copying or saving.',
        )
      : new ProjectFileError('not-zip', 'This is not a Gloss project file: it is not a zip archive.');
  };
  if (bytes.length < 22) noEnd();
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (
      view.getUint32(i, true) === EOCD_SIGNATURE &&
      i + 22 + view.getUint16(i + 20, true) === bytes.length
    ) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) noEnd();
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIGNATURE) {
    throw new ProjectFileError(
      'unsupported-zip',
      'The project file uses Zip64, which Gloss project files never need.',
    );
  }
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 8, true) !== count) {
    throw new ProjectFileError(
      'unsupported-zip',
      'The project file is a multi-part zip, which Gloss does not read.',
    );
  }
  if (count > limits.maxEntries) {
    throw new ProjectFileError(
      'too-many-entries',
      `The project file holds ${count.toLocaleString('en')} entries; Gloss reads at most ${limits.maxEntries.toLocaleString('en')}.`,
    );
  }
  if (cdOffset + cdSize > eocd) {
    throw new ProjectFileError(
      'truncated',
      'The project file is truncated or damaged: its table of contents lies outside the file.',
    );
  }
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const broken = (): never => {
    throw new ProjectFileError('corrupt', 'The project file is damaged: its table of contents is broken.');
  };
  // Walk the whole directory rather than trusting the 16-bit count: a zip of more than 65,535
  // entries wraps it, and every entry must be seen (and counted against the limit).
  const cdEnd = cdOffset + cdSize;
  let p = cdOffset;
  while (p < cdEnd) {
    if (entries.length >= limits.maxEntries) {
      throw new ProjectFileError(
        'too-many-entries',
        `The project file holds more than ${limits.maxEntries.toLocaleString('en')} entries, the most Gloss reads.`,
      );
    }
    if (p + 46 > cdEnd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) broken();
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > cdEnd) broken();
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    checkEntryName(name);
    if (seen.has(name)) {
      throw new ProjectFileError('duplicate-entry', `The project file holds “${name}” twice.`);
    }
    seen.add(name);
    entries.push({
      name,
      flags: view.getUint16(p + 8, true),
      compression: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      declaredSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (p !== cdEnd || entries.length % 0x10000 !== count) broken();
  return entries;
}

function tooLarge(limit: number): ProjectFileError {
  return new ProjectFileError(
    'too-large',
    `The project file would unpack to more than ${formatBytes(limit)}, the most Gloss reads. It may be a “zip bomb”.`,
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MiB` : `${n.toLocaleString('en')} bytes`;
}

/**
 * Inflates one entry, stopping the moment the output passes the size the entry declared (which
 * the caller has already weighed against the limits), so a header that under-states the size
 * cannot make Gloss inflate more; then checks the CRC-32.
 */
function inflateEntry(bytes: Uint8Array, entry: CentralEntry, codec: DeflateCodec): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL_SIGNATURE) {
    throw new ProjectFileError(
      'corrupt',
      `The project file is damaged: the entry “${entry.name}” cannot be found.`,
    );
  }
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) {
    throw new ProjectFileError(
      'truncated',
      `The project file is truncated: the entry “${entry.name}” is cut off.`,
    );
  }
  const data = bytes.subarray(start, end);
  const mismatch = (): ProjectFileError =>
    new ProjectFileError(
      'size-mismatch',
      `The entry “${entry.name}” unpacks to a different size than it declares (${entry.declaredSize.toLocaleString('en')} bytes); the file is damaged or hostile.`,
    );
  let out: Uint8Array;
  if (entry.compression === 0) {
    if (data.length !== entry.declaredSize) throw mismatch();
    out = new Uint8Array(data); // a copy: a view would keep the whole file alive
  } else {
    let inflated: Uint8Array | 'too-large';
    try {
      inflated = codec.inflateRaw(data, entry.declaredSize);
    } catch (err) {
      throw new ProjectFileError(
        'corrupt',
        `The entry “${entry.name}” is damaged and cannot be unpacked (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
    if (inflated === 'too-large' || inflated.length !== entry.declaredSize) throw mismatch();
    out = inflated;
  }
  if (codec.crc32(out) !== entry.crc) {
    throw new ProjectFileError(
      'corrupt',
      `The entry “${entry.name}” is damaged: its checksum does not match its contents.`,
    );
  }
  return out;
}

/**
 * Reads every entry of a zip within `limits`. Checks names, entry count and the declared total
 * before inflating anything; then inflates each entry with a running check on its real size.
 * @throws {ProjectFileError} with a code that says what is wrong.
 */
export function readZip(
  bytes: Uint8Array,
  limits: ProjectLimits,
  codec: DeflateCodec = fflateCodec,
): Map<string, Uint8Array> {
  const entries = readCentralDirectory(bytes, limits);
  let total = 0;
  for (const e of entries) {
    if (e.flags & 1) {
      throw new ProjectFileError(
        'unsupported-zip',
        `The entry “${e.name}” is encrypted; Gloss project files never are.`,
      );
    }
    if (e.compression !== 0 && e.compression !== 8) {
      throw new ProjectFileError(
        'unsupported-zip',
        `The entry “${e.name}” uses compression method ${e.compression}; Gloss reads stored and deflated entries only.`,
      );
    }
    if (e.name.endsWith('.json') && e.declaredSize > limits.maxJsonEntryBytes) {
      throw tooLarge(limits.maxJsonEntryBytes);
    }
    total += e.declaredSize;
    if (total > limits.maxTotalUncompressedBytes) throw tooLarge(limits.maxTotalUncompressedBytes);
  }
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (!e.name.endsWith('/')) files.set(e.name, inflateEntry(bytes, e, codec));
  }
  return files;
}

const UTF8_NAMES = 0x800;
const MAX_U32 = 0xffffffff;

/** MS-DOS date and time of `d` in UTC (zip's format; UTC keeps the bytes the same everywhere). */
function dosDateTime(d: Date): { date: number; time: number } {
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

/**
 * Writes a zip of the given entries, in order, stamped with `mtime`: each entry deflated by
 * `codec` (stored instead when that is not smaller), names flagged UTF-8, no Zip64 (a project
 * that would need it is refused). An entry given as {@link StreamedEntry} is deflated piece by
 * piece as its pieces are made, so that it is never whole in memory (only its compressed form).
 * @throws {ProjectFileError} `unsafe-path` for a bad name, `too-large` past zip's 4 GiB limits.
 */
/** A zip entry's content made piece by piece (see {@link writeZip}). */
export interface StreamedEntry {
  pieces: Iterable<Uint8Array>;
}

/** Deflates a streamed entry: its compressed pieces, the CRC-32 and size of its content. */
function deflatePieces(
  entry: StreamedEntry,
  codec: DeflateCodec,
): { body: Uint8Array[]; bodySize: number; crc: number; size: number } {
  const stream = codec.deflateRawStream();
  const body: Uint8Array[] = [];
  let bodySize = 0;
  let crc = 0;
  let size = 0;
  const keep = (made: Uint8Array[]) => {
    for (const m of made) {
      body.push(m);
      bodySize += m.length;
    }
  };
  const it = entry.pieces[Symbol.iterator]();
  let next = it.next();
  if (next.done) keep(stream.push(new Uint8Array(0), true));
  while (!next.done) {
    const piece = next.value;
    next = it.next();
    crc = codec.crc32(piece, crc);
    size += piece.length;
    if (size > MAX_U32) break;
    keep(stream.push(piece, next.done === true));
  }
  return { body, bodySize, crc, size };
}

export function writeZip(
  files: Map<string, Uint8Array | StreamedEntry>,
  mtime: Date,
  codec: DeflateCodec = fflateCodec,
): Uint8Array {
  const encoder = new TextEncoder();
  const { date, time } = dosDateTime(mtime);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let centralSize = 0;
  const tooBig = () =>
    new ProjectFileError(
      'too-large',
      'The project is too large for a project file (over 4 GiB or 65,535 entries).',
    );
  if (files.size > 0xffff) throw tooBig();
  for (const [name, content] of files) {
    checkEntryName(name);
    const nameBytes = encoder.encode(name);
    let body: Uint8Array[];
    let bodySize: number;
    let crc: number;
    let size: number;
    let stored = false;
    if (content instanceof Uint8Array) {
      const deflated = codec.deflateRaw(content);
      stored = deflated.length >= content.length;
      body = [stored ? content : deflated];
      bodySize = body[0]!.length;
      crc = codec.crc32(content);
      size = content.length;
    } else {
      ({ body, bodySize, crc, size } = deflatePieces(content, codec));
    }
    if (size > MAX_U32 || offset + 30 + nameBytes.length + bodySize > MAX_U32) throw tooBig();
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_SIGNATURE, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, UTF8_NAMES, true);
    lv.setUint16(8, stored ? 0 : 8, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, bodySize, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const entry = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, CENTRAL_SIGNATURE, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, UTF8_NAMES, true);
    cv.setUint16(10, stored ? 0 : 8, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, bodySize, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    entry.set(nameBytes, 46);
    parts.push(local, ...body);
    central.push(entry);
    offset += local.length + bodySize;
    centralSize += entry.length;
  }
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, EOCD_SIGNATURE, true);
  ev.setUint16(8, files.size, true);
  ev.setUint16(10, files.size, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const p of [...parts, ...central, eocd]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
