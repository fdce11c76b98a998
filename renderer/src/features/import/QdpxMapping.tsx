import { useEffect, useMemo, useState } from 'react';
import { toJsonDocument } from '../../../../core/exporters';
import { ANNOTATION_KINDS, type AnnotationKind } from '../../../../core/model';
import {
  formatCodeTarget,
  parseCodeTarget,
  proposeMapping,
  qdaToGloss,
  type CodeMapping,
  type QdaProject,
} from '../../../../core/refi';
import { db } from '../../db';
import { exportAsProject } from '../../../../core/exporters';
import { previewMerge } from '../project/actions';
import { appInfo } from '../../platform/gloss';
import { readNamedAnalyst } from '../analyst/analyst';
import { useGloss } from '../../store';
import { Dialog } from './Dialog';
import { readRememberedMapping, storeMapping } from './refi-mapping';

const CHOICES: { value: string; label: string }[] = [
  { value: 'kind:claim', label: 'Kind: claim' },
  { value: 'kind:assessment', label: 'Kind: assessment' },
  { value: 'kind:figure', label: 'Kind: figure' },
  { value: 'stance:opinion', label: 'Stance: opinion' },
  { value: 'stance:reporting', label: 'Stance: reporting' },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ value: `credibility:${n}`, label: `Credibility ${n}` })),
  { value: 'tag', label: 'Tag (its name)' },
  { value: 'nothing', label: 'Nothing' },
];

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * The mapping step of a REFI-QDA import: each of the project's codes (with its colour and how
 * many selections use it) is mapped to a kind, a stance, a credibility grade, a tag or nothing;
 * Gloss proposes, the analyst's earlier choices are remembered. Import writes everything in one
 * transaction through the merge preview, as a Gloss JSON export is (same text: annotations join
 * the stored article).
 */
export function QdpxMappingDialog() {
  const pending = useGloss((s) => s.pendingQdpx);
  // At start-up, a mapping an earlier Gloss kept in local storage moves into the project, so
  // that the next save or backup carries it even before another REFI-QDA import.
  useEffect(() => {
    void readRememberedMapping(db).catch(() => undefined);
  }, []);
  if (!pending) return null;
  return <MappingStep key={pending.name} name={pending.name} project={pending.project} />;
}

function MappingStep({ name, project }: { name: string; project: QdaProject }) {
  const setPending = useGloss((s) => s.setPendingQdpx);
  const notify = useGloss((s) => s.notify);
  const [mapping, setMapping] = useState<CodeMapping>(() => proposeMapping(project.codes));
  // The project's remembered choices replace the proposal once read (Import waits for them).
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void readRememberedMapping(db)
      .catch(() => ({}))
      .then((remembered) => {
        if (!live) return;
        setMapping(proposeMapping(project.codes, remembered));
        setLoaded(true);
      });
    return () => {
      live = false;
    };
  }, [project]);
  const [defaultKind, setDefaultKind] = useState<AnnotationKind>('claim');
  const [busy, setBusy] = useState(false);
  const uses = useMemo(() => {
    const count = new Map<string, number>();
    for (const s of project.sources) {
      for (const sel of s.selections) for (const g of sel.codeGuids) count.set(g, (count.get(g) ?? 0) + 1);
    }
    return count;
  }, [project]);
  const selections = project.sources.reduce((n, s) => n + s.selections.length, 0);
  const close = () => setPending(null);

  const run = async () => {
    setBusy(true);
    try {
      const now = new Date().toISOString();
      const analyst = await readNamedAnalyst(db);
      const result = await qdaToGloss(project, {
        mapping,
        defaultKind,
        now,
        newId: () => crypto.randomUUID(),
        fallbackAuthor: analyst ? { id: analyst.id, name: analyst.name } : { id: 'refi-import', name: '' },
      });
      const info = await appInfo();
      // Through the same merge preview as a colleague's file: nothing is written until Merge.
      const doc = await exportAsProject(
        toJsonDocument({ ...result, app: { name: info.name, version: info.version }, exportedAt: now }),
      );
      await storeMapping(db, mapping);
      if (result.warnings.length) notify('info', `“${name}”`, result.warnings);
      await previewMerge(name, doc);
      setPending(null);
    } catch (err) {
      notify('error', `“${name}” could not be imported`, [err instanceof Error ? err.message : String(err)]);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Map the project's codes"
      subtitle={`“${name}” (${project.origin || 'REFI-QDA'}): ${plural(project.sources.length, 'text source')}, ${plural(selections, 'coded passage')}, ${plural(project.codes.length, 'code')}.`}
      onClose={close}
      className="qdpx-mapping"
      footer={
        <>
          <label className="qdpx-default">
            Passages with no kind:{' '}
            <select value={defaultKind} onChange={(e) => setDefaultKind(e.target.value as AnnotationKind)}>
              {ANNOTATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={busy || !loaded}
            data-autofocus
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      {project.codes.length === 0 ? (
        <p className="muted">
          The project has no codes: its passages are imported with the kind chosen below.
        </p>
      ) : (
        <table className="qdpx-codes">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Passages</th>
              <th scope="col">Becomes</th>
            </tr>
          </thead>
          <tbody>
            {project.codes.map((c) => {
              const target = mapping[c.path] ?? { to: 'nothing' };
              const value = target.to === 'tag' ? 'tag' : formatCodeTarget(target);
              return (
                <tr key={c.guid || c.path}>
                  <th scope="row">
                    <span
                      className="qdpx-swatch"
                      style={{ background: c.color ?? 'transparent' }}
                      aria-hidden
                    />
                    {c.path}
                  </th>
                  <td>{uses.get(c.guid) ?? 0}</td>
                  <td>
                    <select
                      aria-label={`${c.path} becomes`}
                      value={value}
                      disabled={!loaded}
                      onChange={(e) => {
                        const t = parseCodeTarget(e.target.value, c.name);
                        if (t) setMapping({ ...mapping, [c.path]: t });
                      }}
                    >
                      {CHOICES.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.value === 'tag' ? `Tag “${c.name}”` : o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {project.warnings.length > 0 && (
        <ul className="qdpx-warnings">
          {project.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
