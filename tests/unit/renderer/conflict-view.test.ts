import { describe, expect, it } from 'vitest';
import type { OpenConflict } from '../../../core/sync';
import {
  conflictAnnotation,
  conflictRows,
  conflictTitle,
} from '../../../renderer/src/features/sync/conflict-view';
import { makeAnnotation } from './records';

const TEXT = 'Trump responded that “it’s possible.” The Kremlin said nothing.';
const ana = { id: 'ana', name: 'Ana Analyst' };
const bo = { id: 'bo', name: 'Bo Reviewer' };

const conflict = (
  over: Partial<OpenConflict> & Pick<OpenConflict, 'kind' | 'fields' | 'mine' | 'theirs'>,
) => ({
  id: `${over.kind}:x`,
  theirsBy: 'ana',
  resolution: 'open' as const,
  ...over,
});

describe('an open conflict in the Team Sync dialog', () => {
  it('words an annotation’s fields as the merge preview does: labels, credibility, figure, tags, state', () => {
    const base = makeAnnotation(TEXT, 0, 36, { author: ana, kind: 'figure' });
    const at = '2026-12-01T09:00:00.000Z';
    const mine = {
      ...base,
      note: 'Bo: said to reporters.',
      credibility: 2,
      figure: { value: 80000, unit: 'killed' },
      tags: ['nato', 'summit'],
      updatedBy: bo,
      provenance: {
        note: { by: bo, at },
        credibility: { by: bo, at },
        figure: { by: bo, at },
        tags: { by: bo, at },
      },
    };
    const theirs = { ...base, note: 'Ana: said at the summit.', credibility: 5, deletedAt: at };
    const rows = conflictRows(
      conflict({
        kind: 'annotation',
        fields: ['note', 'credibility', 'figure', 'tags', 'deletedAt'],
        mine,
        theirs,
      }),
    );
    expect(rows.map((r) => [r.label, r.mine, r.theirs])).toEqual([
      ['Note', 'Bo: said to reporters. (Bo Reviewer)', 'Ana: said at the summit.'],
      ['Credibility', '2 — Probably true (Bo Reviewer)', '5 — Improbable'],
      ['Figure', '80,000 killed (Bo Reviewer)', '—'],
      ['Tags', 'nato, summit (Bo Reviewer)', '—'],
      ['State', 'live', expect.stringMatching(/^deleted /)],
    ]);
    // The passage once in quotation marks, though it holds some of its own.
    expect(conflictAnnotation(conflict({ kind: 'annotation', fields: ['note'], mine, theirs }))).toBe(mine);
    expect(conflictTitle(conflict({ kind: 'annotation', fields: ['note'], mine, theirs }))).toBe(
      'Annotation “Trump responded that “it’s possible.”',
    );
  });

  it('shows a moved passage as the two passages', () => {
    const mine = makeAnnotation(TEXT, 0, 36);
    const theirs = makeAnnotation(TEXT, 37, 63, { id: mine.id });
    const [row] = conflictRows(conflict({ kind: 'annotation', fields: ['selectors'], mine, theirs }));
    expect(row).toEqual({
      field: 'selectors',
      label: 'Passage',
      mine: '“Trump responded that “it’s possible.”',
      theirs: '“The Kremlin said nothing.”',
    });
  });

  it('words a source grade, a tag, an article’s details and a set; anything else in plain words, never JSON of a list', () => {
    const grade = (reliability: string) => ({ source: 'Reuters', reliability, note: '' });
    expect(
      conflictRows(
        conflict({ kind: 'grade', fields: ['reliability'], mine: grade('B'), theirs: grade('E') }),
      ),
    ).toEqual([
      { field: 'reliability', label: 'Reliability', mine: 'B — Usually reliable', theirs: 'E — Unreliable' },
    ]);
    expect(conflictTitle(conflict({ kind: 'grade', fields: [], mine: grade('B'), theirs: grade('E') }))).toBe(
      'Source grade of Reuters',
    );
    // Only an annotation with its passage is shown under its kind badge.
    expect(
      conflictAnnotation(conflict({ kind: 'grade', fields: [], mine: grade('B'), theirs: grade('E') })),
    ).toBe(null);
    expect(conflictAnnotation(conflict({ kind: 'annotation', fields: ['note'], mine: {}, theirs: {} }))).toBe(
      null,
    );
    expect(
      conflictRows(
        conflict({
          kind: 'tag',
          fields: ['color'],
          mine: { name: 'nato', color: '#3b82f6' },
          theirs: { name: 'nato', color: '#ef4444' },
        }),
      ),
    ).toEqual([{ field: 'color', label: 'Colour', mine: '#3b82f6', theirs: '#ef4444' }]);
    const article = (title: string, byline: string) => ({ id: 'a', title, byline, source: 'ISW' });
    const details = conflict({
      kind: 'article',
      fields: ['title', 'byline'],
      mine: article('Trump on Russia', ''),
      theirs: article('Trump acknowledges Russia', 'ISW staff'),
    });
    expect(conflictRows(details).map((r) => [r.label, r.mine, r.theirs])).toEqual([
      ['Title', 'Trump on Russia', 'Trump acknowledges Russia'],
      ['Byline', '—', 'ISW staff'],
    ]);
    expect(conflictTitle(details)).toBe('Details of the article “Trump on Russia”');
    const set = conflict({
      kind: 'set',
      fields: ['articleIds'],
      mine: { name: 'Summit', articleIds: ['a', 'b'] },
      theirs: { name: 'Summit', articleIds: [] },
    });
    expect(conflictRows(set)).toEqual([
      { field: 'articleIds', label: 'Article ids', mine: 'a, b', theirs: '—' },
    ]);
    expect(conflictTitle(set)).toBe('Set “Summit”');
  });
});
