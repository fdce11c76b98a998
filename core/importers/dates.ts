const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
/** Month names of the other languages of the corpus and its neighbours (de, fr, es, it). */
const FOREIGN_MONTHS: Record<string, number> = {
  januar: 1,
  janvier: 1,
  enero: 1,
  gennaio: 1,
  februar: 2,
  février: 2,
  fevrier: 2,
  febrero: 2,
  febbraio: 2,
  märz: 3,
  maerz: 3,
  mars: 3,
  marzo: 3,
  avril: 4,
  abril: 4,
  aprile: 4,
  mai: 5,
  mayo: 5,
  maggio: 5,
  juni: 6,
  juin: 6,
  junio: 6,
  giugno: 6,
  juli: 7,
  juillet: 7,
  julio: 7,
  luglio: 7,
  août: 8,
  aout: 8,
  agosto: 8,
  septembre: 9,
  septiembre: 9,
  settembre: 9,
  oktober: 10,
  octobre: 10,
  octubre: 10,
  ottobre: 10,
  novembre: 11,
  noviembre: 11,
  dezember: 12,
  décembre: 12,
  decembre: 12,
  diciembre: 12,
  dicembre: 12,
};
Object.assign(MONTHS, FOREIGN_MONTHS);
const MONTH = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|${Object.keys(FOREIGN_MONTHS).join('|')})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|\\.)?';
const YEAR = '(\\d{4})';

const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}\\b`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b${DAY}\\s+(?:of\\s+|de\\s+)?${MONTH},?\\s+(?:de\\s+)?${YEAR}\\b`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const NUMERIC = /\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\b/;

const pad = (n: number) => String(n).padStart(2, '0');

function iso(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > days ? null : `${year}-${pad(month)}-${pad(day)}`;
}

/** A date found in a string, as an ISO date, with the matched text. */
export interface FoundDate {
  iso: string;
  match: string;
  index: number;
}

/**
 * Finds the first date in a string written in one of the common forms: `June 25, 2025`,
 * `25 June 2025`, `2025-06-25`, `07-27-2025` / `07/27/2025` (month first unless the first number
 * cannot be a month, or the separator is a dot as in `25.06.2025`). Returns null when there is none.
 */
export function findDate(s: string): FoundDate | null {
  const found: FoundDate[] = [];
  let m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    const d = iso(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2]));
    if (d) found.push({ iso: d, match: m[0], index: m.index });
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const d = iso(Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1]));
    if (d) found.push({ iso: d, match: m[0], index: m.index });
  }
  m = ISO.exec(s);
  if (m) {
    const d = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) found.push({ iso: d, match: m[0], index: m.index });
  }
  m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dayFirst = a > 12 || m[2] === '.';
    const d = dayFirst ? iso(Number(m[4]), b, a) : iso(Number(m[4]), a, b);
    if (d) found.push({ iso: d, match: m[0], index: m.index });
  }
  found.sort((x, y) => x.index - y.index);
  return found[0] ?? null;
}

const FILLER =
  /\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|e[sd]t|c[sd]t|p[sd]t|bst|cet|cest|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|date)\b|\d{1,2}:\d{2}(?::\d{2})?|[|·•,:.\-–—/()]/gi;

/** Whether a line says little besides a date (`Published Sunday, June 25, 2025 10:04 GMT`). */
export function isDateLine(line: string): boolean {
  const d = findDate(line);
  if (!d) return false;
  const rest = (line.slice(0, d.index) + ' ' + line.slice(d.index + d.match.length)).replace(FILLER, ' ');
  return rest.trim() === '';
}

/**
 * Normalises a machine-readable publication time (`article:published_time`, JSON-LD
 * `datePublished`, `<time datetime>`) to ISO 8601, or null when it cannot be read.
 */
export function normaliseIsoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return v;
  const t = Date.parse(v);
  if (!Number.isNaN(t)) return new Date(t).toISOString();
  return findDate(v)?.iso ?? null;
}
