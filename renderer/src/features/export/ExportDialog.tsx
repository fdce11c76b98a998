import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CsvColumn, CsvDelimiter } from '../../../../core/exporters';
import { toFilterRow, type FilterRow } from '../../../../core/filter';
import { ANNOTATION_KINDS, STANCES, type AnnotationFilter } from '../../../../core/model';
import { db } from '../../db';
import { countExport, scopeAnnotations } from '../../db/export-data';
import { appInfo, BridgeError, saveFile } from '../../platform/gloss';
import { useGloss } from '../../store';
import type { ExportProgress } from './build-export';
import { CsvOptions } from './CsvOptions';
import { ProgressLine } from './ExportProgress';
import { EXPORT_FORMATS, formatById, suggestedFileName, type ExportFormatId } from './formats';
import { ExportCanceled, runExport, type RunningExport } from './run-export';
import { defaultScopeId, scopeOptions, type ScopeContext } from './scopes';
import './export.css';

const NO_GRADES = new Map<string, never>();
const KIND_LABELS = { claim: 'Claim', assessment: 'Assessment', figure: 'Figure' } as const;
const STANCE_LABELS = { opinion: 'Opinion', reporting: 'Reporting' } as const;

/** Choices the dialog remembers from one opening to the next. */
export interface ExportChoices {
  format: ExportFormatId;
  columns: CsvColumn[];
  bom: boolean;
  delimiter: CsvDelimiter;
}

type Status =
  | { state: 'idle' }
  | { state: 'running'; progress: ExportProgress | null }
  | { state: 'saving' }
  | { state: 'error'; message: string };

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The export dialog, mounted while open; File › Export…, the toolbar button and Ctrl/Cmd+E open it. */
export function ExportDialog({
  context,
  choices,
  setChoices,
  onClose,
}: {
  context: ScopeContext;
  choices: ExportChoices;
  setChoices: (c: ExportChoices) => void;
  onClose: () => void;
}) {
  const notify = useGloss((s) => s.notify);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [scopeId, setScopeId] = useState(() => defaultScopeId(context));
  const [kinds, setKinds] = useState<string[]>([...ANNOTATION_KINDS]);
  const [stances, setStances] = useState<string[]>([...STANCES]);
  const [tags, setTags] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const running = useRef<RunningExport | null>(null);
  // Bumped by every start, cancel and close: a step that finds it changed was cancelled meanwhile.
  const attempt = useRef(0);

  const options = useMemo(() => scopeOptions(context), [context]);
  const option = options.find((o) => o.id === scopeId) ?? options.find((o) => o.id === 'project')!;
  const scope = option.scope(context);
  const scopeKey = JSON.stringify(scope);
  const inScope = useStoreQuery(
    () => (scope ? scopeAnnotations(db, scope) : []),
    [scopeKey],
    ['annotations', 'articles'],
  );

  const scopeTags = useMemo(
    () => [...new Set((inScope ?? []).flatMap((a) => a.tags))].sort((a, b) => a.localeCompare(b)),
    [inScope],
  );
  const filter: AnnotationFilter = useMemo(
    () => ({
      ...(kinds.length < ANNOTATION_KINDS.length ? { kinds: kinds as AnnotationFilter['kinds'] } : {}),
      ...(stances.length < STANCES.length ? { stances: stances as AnnotationFilter['stances'] } : {}),
      ...(tags.length ? { tags } : {}),
    }),
    [kinds, stances, tags],
  );
  // The scope's rows, made once per scope and only when a filter first narrows (the dialog's
  // filters, kind, stance and tags, read only the annotations).
  const rowsOf = useMemo(() => {
    let rows: FilterRow[] | undefined;
    return () => (rows ??= (inScope ?? []).map((a) => toFilterRow(a, undefined, NO_GRADES)));
  }, [inScope]);
  // An empty kind or stance list would not narrow at all; here it means "none of them".
  const excludesAll = kinds.length === 0 || stances.length === 0;
  const counts = useMemo(
    () => (inScope && !excludesAll ? countExport(inScope, filter, rowsOf) : { annotations: 0, articles: 0 }),
    [inScope, rowsOf, filter, excludesAll],
  );

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!el.open) el.showModal();
    const attempts = attempt;
    return () => {
      attempts.current++;
      running.current?.cancel();
      if (el.open) el.close();
      opener?.focus?.();
    };
  }, []);

  const busy = status.state === 'running' || status.state === 'saving';
  const format = formatById(choices.format);
  const csvEmpty = choices.format === 'csv' && choices.columns.length === 0;
  const canExport = !busy && scope !== null && counts.annotations > 0 && !csvEmpty;

  async function start() {
    if (!scope || !canExport) return;
    const mine = ++attempt.current;
    setStatus({ state: 'running', progress: null });
    try {
      const info = await appInfo();
      if (attempt.current !== mine) return;
      const run = runExport(
        {
          dbName: db.name,
          scope,
          filter,
          format: choices.format,
          csv: { columns: choices.columns, bom: choices.bom, delimiter: choices.delimiter },
          app: { name: info.name, version: info.version },
          exportedAt: new Date().toISOString(),
        },
        (progress) => setStatus({ state: 'running', progress }),
      );
      running.current = run;
      const built = await run.result;
      running.current = null;
      if (attempt.current !== mine) return;
      setStatus({ state: 'saving' });
      const saved = await saveFile({
        title: 'Export annotations',
        suggestedName: suggestedFileName(choices.format, option.naming(context)),
        filters: [format.filter],
        bytes: built.bytes,
      });
      if (saved.canceled) {
        setStatus({ state: 'idle' });
        return;
      }
      notify(
        'success',
        `Exported ${plural(built.annotations, 'annotation')} to “${saved.name ?? 'the file'}”`,
        [
          `${format.label}, ${plural(built.articles, 'article')}, ${(built.bytes.length / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB.`,
        ],
      );
      onClose();
    } catch (err) {
      running.current = null;
      if (err instanceof ExportCanceled) {
        setStatus({ state: 'idle' });
        return;
      }
      const message = err instanceof BridgeError || err instanceof Error ? err.message : String(err);
      setStatus({ state: 'error', message: `The export failed: ${message}` });
    }
  }

  function cancel() {
    attempt.current++;
    running.current?.cancel();
    running.current = null;
    setStatus({ state: 'idle' });
  }

  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((x) => x !== value);

  const summary =
    scope === null
      ? option.detail(context)
      : inScope === undefined
        ? 'Counting…'
        : excludesAll
          ? 'No kind or no stance is ticked: nothing would be written.'
          : counts.annotations === 0
            ? inScope.length === 0
              ? 'There are no annotations in this scope yet.'
              : 'No annotation matches these filters.'
            : `${plural(counts.annotations, 'annotation')} from ${plural(counts.articles, 'article')} will be written.`;

  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // Keys typed here are the dialog's, not the reader's shortcuts (Delete, J/K, C/A/F…).
      onKeyDown={(e) => e.stopPropagation()}
    >
      <header className="export-header">
        <h2 id={titleId}>Export annotations</h2>
        <button type="button" className="icon" aria-label="Close export dialog" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="export-body">
        <div className="export-column">
          <fieldset className="export-group" disabled={busy}>
            <legend>Scope</legend>
            {options.map((o) => {
              const available = o.scope(context) !== null;
              return (
                <label key={o.id} className={`export-choice${available ? '' : ' unavailable'}`}>
                  <input
                    type="radio"
                    name="export-scope"
                    value={o.id}
                    checked={scopeId === o.id}
                    disabled={!available}
                    onChange={() => setScopeId(o.id)}
                  />
                  <span>
                    <span className="export-choice-label">{o.label}</span>
                    <span className="export-choice-detail">{o.detail(context)}</span>
                  </span>
                </label>
              );
            })}
          </fieldset>
          <fieldset className="export-group" disabled={busy}>
            <legend>Format</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f.id} className="export-choice">
                <input
                  type="radio"
                  name="export-format"
                  value={f.id}
                  checked={choices.format === f.id}
                  onChange={() => setChoices({ ...choices, format: f.id })}
                />
                <span>
                  <span className="export-choice-label">
                    {f.label} <span className="export-ext">.{f.extension}</span>
                  </span>
                  <span className="export-choice-detail">{f.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </div>
        <div className="export-column">
          <fieldset className="export-group" disabled={busy}>
            <legend>Filter</legend>
            <div className="export-filter-row" role="group" aria-label="Kinds">
              <span className="export-filter-name" aria-hidden="true">
                Kind
              </span>
              {ANNOTATION_KINDS.map((k) => (
                <label key={k} className="export-chip">
                  <input
                    type="checkbox"
                    checked={kinds.includes(k)}
                    onChange={(e) => setKinds(toggle(kinds, k, e.target.checked))}
                  />
                  <span className={`export-dot dot-${k}`} aria-hidden="true" />
                  {KIND_LABELS[k]}
                </label>
              ))}
            </div>
            <div className="export-filter-row" role="group" aria-label="Stances">
              <span className="export-filter-name" aria-hidden="true">
                Stance
              </span>
              {STANCES.map((s) => (
                <label key={s} className="export-chip">
                  <input
                    type="checkbox"
                    checked={stances.includes(s)}
                    onChange={(e) => setStances(toggle(stances, s, e.target.checked))}
                  />
                  {STANCE_LABELS[s]}
                </label>
              ))}
            </div>
            <div className="export-filter-row" role="group" aria-label="Only with any of these tags">
              <span className="export-filter-name" aria-hidden="true">
                Tags
              </span>
              {scopeTags.length === 0 ? (
                <span className="export-muted">No tags in this scope</span>
              ) : (
                scopeTags.map((t) => (
                  <label key={t} className="export-chip">
                    <input
                      type="checkbox"
                      checked={tags.includes(t)}
                      onChange={(e) => setTags(toggle(tags, t, e.target.checked))}
                    />
                    {t}
                  </label>
                ))
              )}
            </div>
            {scopeTags.length > 0 && (
              <p className="export-hint">With no tag ticked, every tag (and untagged passages) is kept.</p>
            )}
          </fieldset>
          {choices.format === 'csv' && (
            <CsvOptions choices={choices} setChoices={setChoices} disabled={busy} />
          )}
        </div>
      </div>
      <footer className="export-footer">
        <div className="export-status">
          {status.state === 'running' || status.state === 'saving' ? (
            <ProgressLine status={status} format={format.label} />
          ) : status.state === 'error' ? (
            <p className="export-error" role="alert">
              {status.message}
            </p>
          ) : (
            <p className="export-summary" role="status" aria-label="Export summary">
              {csvEmpty ? 'Tick at least one CSV column.' : summary}
            </p>
          )}
        </div>
        {status.state === 'running' ? (
          <button type="button" onClick={cancel}>
            Cancel export
          </button>
        ) : (
          <button type="button" onClick={onClose} disabled={status.state === 'saving'}>
            Close
          </button>
        )}
        <button type="button" className="primary" disabled={!canExport} onClick={() => void start()}>
          Export…
        </button>
      </footer>
    </dialog>
  );
}
