import { beforeEach, describe, expect, it } from 'vitest';
import { resetStore, useGloss } from '../../../renderer/src/store';

beforeEach(() => resetStore());

describe('the UI store', () => {
  it('selects an article', () => {
    useGloss.getState().selectArticle('a1');
    expect(useGloss.getState().selectedArticleId).toBe('a1');
  });

  it('keeps the five newest notices and dismisses one by id', () => {
    const { notify } = useGloss.getState();
    for (let i = 1; i <= 7; i++) notify('info', `notice ${i}`);
    const titles = useGloss.getState().notices.map((n) => n.title);
    expect(titles).toEqual(['notice 3', 'notice 4', 'notice 5', 'notice 6', 'notice 7']);
    const id = useGloss.getState().notices[0]!.id;
    useGloss.getState().dismissNotice(id);
    expect(useGloss.getState().notices.map((n) => n.title)).toEqual([
      'notice 4',
      'notice 5',
      'notice 6',
      'notice 7',
    ]);
  });

  it('resets to the initial state between tests', () => {
    useGloss.getState().setImportProgress({ done: 1, total: 2 });
    resetStore();
    expect(useGloss.getState().importProgress).toBeNull();
    expect(useGloss.getState().notices).toEqual([]);
  });
});
