import { RELIABILITY_LABELS, type Annotation, type Reliability } from '../../../../core/model';
import type { OpenConflict } from '../../../../core/sync';
import { quoted } from '../../app/Quote';
import { formatDateTime } from '../../app/dates';
import {
  ANNOTATION_FIELD_LABELS,
  DETAIL_LABELS,
  annotationFields,
  quoteOf,
} from '../project/annotation-view';

/** One field two analysts changed apart, as the conflict list shows it. */
export interface ConflictRow {
  /** The record's own field name (`note`, `credibility`, …). */
  field: string;
  /** The field as people read it (“Note”, “Credibility”). */
  label: string;
  mine: string;
  theirs: string;
}

type Fields = Record<string, unknown>;

/** A value with no field-specific wording: text as it is, a list joined, a time as a time. */
function plain(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT/.test(v) ? formatDateTime(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? v.map(plain).join(', ') : '—';
  return JSON.stringify(v);
}

/** `publishedAt` → “Published at”: a field no table below names, in words. */
function words(field: string): string {
  const spaced = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The annotation a conflict is about, when its record says which passage it marks. */
export function conflictAnnotation(conflict: OpenConflict): Annotation | null {
  const mine = conflict.mine as Partial<Annotation> | null;
  return conflict.kind === 'annotation' && Array.isArray(mine?.selectors) ? (mine as Annotation) : null;
}

/** The passage an annotation record marks ('' for a record without selectors). */
const passageOf = (a: Fields): string =>
  Array.isArray(a['selectors']) ? quoteOf(a as unknown as Annotation) : '';

/** A field's label and how each side reads, by the kind of record. */
function describe(kind: OpenConflict['kind'], field: string, mine: Fields, theirs: Fields): ConflictRow {
  if (kind === 'annotation') {
    if (field === 'selectors') {
      const passage = (a: Fields) => (passageOf(a) ? quoted(passageOf(a)) : '—');
      return { field, label: 'Passage', mine: passage(mine), theirs: passage(theirs) };
    }
    const label = ANNOTATION_FIELD_LABELS[field as keyof Annotation];
    if (label) {
      const read = (a: Fields) => new Map(annotationFields(a as unknown as Annotation)).get(label) ?? '—';
      return { field, label, mine: read(mine), theirs: read(theirs) };
    }
  }
  if (kind === 'article' && field in DETAIL_LABELS) {
    const label = DETAIL_LABELS[field as keyof typeof DETAIL_LABELS];
    return { field, label, mine: plain(mine[field]), theirs: plain(theirs[field]) };
  }
  if (kind === 'grade' && field === 'reliability') {
    const grade = (v: unknown) =>
      typeof v === 'string' && v in RELIABILITY_LABELS
        ? `${v} — ${RELIABILITY_LABELS[v as Reliability]}`
        : plain(v);
    return { field, label: 'Reliability', mine: grade(mine[field]), theirs: grade(theirs[field]) };
  }
  if (kind === 'tag' && field === 'color') {
    return { field, label: 'Colour', mine: plain(mine[field]), theirs: plain(theirs[field]) };
  }
  return { field, label: words(field), mine: plain(mine[field]), theirs: plain(theirs[field]) };
}

/** The fields of an open conflict, each labelled and worded as the rest of Gloss words them. */
export function conflictRows(conflict: OpenConflict): ConflictRow[] {
  const mine = (conflict.mine ?? {}) as Fields;
  const theirs = (conflict.theirs ?? {}) as Fields;
  return conflict.fields.map((f) => describe(conflict.kind, f, mine, theirs));
}

/** What the conflict is about, in words (also its list item's accessible name). */
export function conflictTitle(conflict: OpenConflict): string {
  const mine = (conflict.mine ?? {}) as Fields;
  const key = conflict.id.slice(conflict.id.indexOf(':') + 1);
  const name = (v: unknown) => (typeof v === 'string' && v ? v : key);
  switch (conflict.kind) {
    case 'annotation': {
      const passage = passageOf(mine);
      return `Annotation ${passage ? quoted(passage) : key}`;
    }
    case 'article':
      return `Details of the article ${quoted(name(mine['title']))}`;
    case 'grade':
      return `Source grade of ${name(mine['source'])}`;
    case 'tag':
      return `Tag ${quoted(name(mine['name']))}`;
    case 'set':
      return `Set ${quoted(name(mine['name']))}`;
  }
}
