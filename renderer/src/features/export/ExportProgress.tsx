import type { ExportProgress } from './build-export';

/** The export's progress bar and what it is doing now (reading, writing, saving). */
export function ProgressLine({
  status,
  format,
}: {
  status: { state: 'running'; progress: ExportProgress | null } | { state: 'saving' };
  format: string;
}) {
  const p = status.state === 'running' ? status.progress : null;
  const text =
    status.state === 'saving'
      ? 'Choose where to save the file…'
      : p?.phase === 'reading'
        ? `Reading annotations: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}…`
        : p?.phase === 'writing'
          ? p.total > 0 && p.done > 0
            ? `Writing the ${format} file: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} annotations…`
            : `Writing the ${format} file…`
          : 'Starting…';
  return (
    <div className="export-progress">
      {p && p.total > 0 ? (
        <progress aria-label="Export progress" max={p.total} value={p.done} />
      ) : (
        <progress aria-label="Export progress" />
      )}
      <span role="status">{text}</span>
    </div>
  );
}
