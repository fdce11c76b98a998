import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { db, listArticles } from '../../db';
import { useGloss } from '../../store';
import { formatChars, formatDate } from './format';

export function LibraryPane({ onImport }: { onImport: () => void }) {
  const articles = useLiveQuery(() => listArticles(db), []);
  const selectedId = useGloss((s) => s.selectedArticleId);
  const selectArticle = useGloss((s) => s.selectArticle);
  const loaded = articles !== undefined;

  // The moment the library shows what is stored: benchmarks measure start-up to here.
  useEffect(() => {
    if (loaded && performance.getEntriesByName('gloss:interactive').length === 0) {
      requestAnimationFrame(() => performance.mark('gloss:interactive'));
    }
  }, [loaded]);

  return (
    <section className="pane library" aria-label="Library">
      <header className="pane-header">
        <h2>Library</h2>
        {articles && articles.length > 0 && <span className="count">{articles.length}</span>}
      </header>
      {articles === undefined ? null : articles.length === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">Your library is empty</p>
          <p>
            Import the articles you want to annotate: text and Markdown files, saved web pages, PDF and Word
            documents.
          </p>
          <button type="button" className="primary" onClick={onImport}>
            Import articles…
          </button>
          <p className="hint">
            Or drop files or folders anywhere on this window, or paste an article with <kbd>Ctrl</kbd>+
            <kbd>V</kbd>. Shortcut: <kbd>Ctrl</kbd>+<kbd>I</kbd>
          </p>
        </div>
      ) : (
        <ul className="article-list" role="listbox" aria-label="Articles">
          {articles.map((a) => (
            <li
              key={a.id}
              role="option"
              aria-selected={a.id === selectedId}
              tabIndex={0}
              className="article-item"
              onClick={() => selectArticle(a.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  selectArticle(a.id);
                }
              }}
            >
              <span className="article-title">{a.title || a.fileName}</span>
              <span className="article-meta">
                {[a.source, formatDate(a.publishedAt), formatChars(a.chars)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
