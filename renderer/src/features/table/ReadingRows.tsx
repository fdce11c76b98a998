import type { ReadProgress } from './read-rows';

/**
 * What the Table and the Overview show while every annotation of the project is read the first
 * time: a status line with how many are read, and a progress bar.
 */
export function ReadingRows({
  label,
  className,
  progress,
}: {
  label: string;
  className: string;
  progress: ReadProgress | null;
}) {
  const known = progress !== null && progress.total > 0;
  return (
    <section className={`pane ${className}`} aria-label={label} aria-busy="true">
      <div className="empty-state reading-rows" role="status">
        <p>
          Reading every annotation of the project…
          {known && ` ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`}
        </p>
        {known && <progress max={progress.total} value={progress.done} aria-label="Annotations read" />}
      </div>
    </section>
  );
}
