import { useLiveQuery } from 'dexie-react-hooks';
import { db, getArticle } from '../../db';
import { useGloss } from '../../store';
import { formatDate } from '../library/format';
import { ArticleView } from './ArticleView';

export function ReaderPane() {
  const selectedId = useGloss((s) => s.selectedArticleId);
  const article = useLiveQuery(() => (selectedId ? getArticle(db, selectedId) : undefined), [selectedId]);

  if (!selectedId || !article) {
    return (
      <section className="pane reader" aria-label="Reader">
        <div className="empty-state reader-empty" role="note">
          <p className="empty-title">No article open</p>
          <p>Choose an article in the library on the left to read it here.</p>
        </div>
      </section>
    );
  }

  const meta = [article.source, article.byline, formatDate(article.publishedAt)].filter(Boolean);
  return (
    <section className="pane reader" aria-label="Reader">
      <article className="reader-scroll">
        <header className="reader-header">
          <h1>{article.title || article.fileName}</h1>
          {meta.length > 0 && <p className="reader-meta">{meta.join(' · ')}</p>}
          <p className="reader-file">
            {article.fileName}
            {article.url && (
              <>
                {' · '}
                <a href={article.url} target="_blank" rel="noreferrer noopener">
                  {article.url}
                </a>
              </>
            )}
          </p>
          {article.warnings?.map((w) => (
            <p key={w} className="reader-warning" role="note">
              {w}
            </p>
          ))}
        </header>
        <ArticleView article={article} />
      </article>
    </section>
  );
}
