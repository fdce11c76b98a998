import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../../core/bridge';
import { listBackups } from '../../platform/gloss';
import { useGloss } from '../../store';
import { Dialog } from '../import/Dialog';
import { describeCounts } from './actions';
import { restoreBackup } from './backups';
import { mergeBackupsByName } from './merge-undo';
import type { MergeBackup } from '../../db/db';
import { formatDateTime } from '../../app/dates';

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;
const local = formatDateTime;

async function restore(backup: BackupInfo): Promise<boolean> {
  const { notify, setProjectBusy, selectArticle } = useGloss.getState();
  setProjectBusy('Restoring backup…');
  try {
    await restoreBackup(backup);
    selectArticle(null);
    notify('success', `Restored the backup of ${local(backup.createdAt)}: ${describeCounts(backup)}.`);
    return true;
  } catch (err) {
    notify('error', 'The backup could not be restored; the library is unchanged.', [(err as Error).message]);
    return false;
  } finally {
    setProjectBusy(null);
  }
}

/** Help > Restore from backup…: the backups kept, and restoring one after a confirmation. */
export function BackupsDialog({ onClose }: { onClose: () => void }) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const [merges, setMerges] = useState<Map<string, MergeBackup>>(new Map());
  useEffect(() => {
    listBackups().then(setBackups, (err: Error) => setError(err.message));
    mergeBackupsByName().then(setMerges, () => undefined);
  }, []);
  const label = (b: BackupInfo) => {
    const merge = merges.get(b.name);
    return merge
      ? `Restore the library from before the merge of “${merge.fileName}”`
      : `Restore the backup of ${local(b.createdAt)}`;
  };
  return (
    <Dialog
      title="Restore from backup"
      subtitle="Gloss backs up the library every 10 minutes when it changed, and when it closes. It keeps the last 10 backups and one a day for 30 days."
      onClose={onClose}
      className="project-dialog"
      footer={
        confirming ? (
          <>
            <span className="footer-note">
              Replace the whole library with the backup of {local(confirming.createdAt)}? The library as it is
              now is backed up first.
            </span>
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void restore(confirming).then((ok) => (ok ? onClose() : setConfirming(null)))}
            >
              Replace library
            </button>
          </>
        ) : (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )
      }
    >
      {error && <p role="alert">{error}</p>}
      {backups?.length === 0 && (
        <p className="empty-note">No backups yet. The first is written after your first change.</p>
      )}
      {backups && backups.length > 0 && (
        <table className="backups">
          <thead>
            <tr>
              <th scope="col">Written</th>
              <th scope="col">Size</th>
              <th scope="col">Articles</th>
              <th scope="col">Annotations</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name} className={confirming?.name === b.name ? 'selected' : undefined}>
                <td>
                  {local(b.createdAt)}
                  {merges.has(b.name) && (
                    <span className="backup-note">
                      {' '}
                      — before the merge of “{merges.get(b.name)?.fileName}”
                    </span>
                  )}
                </td>
                <td>{size(b.size)}</td>
                <td>{b.articles}</td>
                <td>{b.annotations}</td>
                <td>
                  <button
                    type="button"
                    aria-label={label(b)}
                    title={label(b)}
                    onClick={() => setConfirming(b)}
                  >
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

/** Start-up: the library is empty, yet backups exist. Offer the latest. */
export function RestoreOffer({ backup, onClose }: { backup: BackupInfo; onClose: () => void }) {
  return (
    <Dialog
      title="Your library is empty"
      subtitle={`A backup from ${local(backup.createdAt)} holds ${describeCounts(backup)}.`}
      onClose={onClose}
      className="project-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>
            Start empty
          </button>
          <button
            type="button"
            className="primary"
            data-autofocus
            onClick={() => void restore(backup).then(onClose)}
          >
            Restore latest backup
          </button>
        </>
      }
    >
      <p>
        Gloss found no articles or annotations, but it has backups of earlier work. Restore the latest, or
        start with an empty library (Help &gt; Restore from backup… lists every backup).
      </p>
    </Dialog>
  );
}
