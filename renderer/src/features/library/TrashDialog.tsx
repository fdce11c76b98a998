import { useState } from 'react';
import { formatDateTime } from '../../app/dates';
import { useStoreQuery } from '../../app/use-store-query';
import { db } from '../../db';
import { emptyTrash, listTrash, restoreFromTrash, TRASH_KEPT } from '../../db/trash';
import { useGloss } from '../../store';
import { Dialog } from '../import/Dialog';

/** Edit › Trash…: the last deletions, newest first, each with its articles and a Restore button. */
export function TrashDialog({ onClose }: { onClose(): void }) {
  const entries = useStoreQuery(() => listTrash(db), [], ['meta']);
  const notify = useGloss((s) => s.notify);
  const [emptying, setEmptying] = useState(false);

  const restore = async (id: string) => {
    try {
      const entry = await restoreFromTrash(db, id);
      notify('success', `Restored ${entry.label}`);
    } catch (err) {
      notify('error', err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Dialog
      title="Trash"
      subtitle={`The last ${TRASH_KEPT} deletions are kept until you empty the trash.`}
      onClose={onClose}
      className="trash"
      footer={
        entries && entries.length > 0 ? (
          emptying ? (
            <>
              <span>Delete these for good? This cannot be undone.</span>
              <button type="button" onClick={() => setEmptying(false)}>
                Keep them
              </button>
              <button
                type="button"
                className="primary danger-fill"
                onClick={() => void emptyTrash(db).then(() => setEmptying(false))}
              >
                Empty trash
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setEmptying(true)}>
              Empty trash…
            </button>
          )
        ) : undefined
      }
    >
      {entries === undefined ? null : entries.length === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">The trash is empty</p>
          <p>Articles you delete from the library are kept here, with their annotations, to restore.</p>
        </div>
      ) : (
        <ul className="trash-list">
          {entries.map((e) => (
            <li key={e.id}>
              <div>
                <strong>{e.label}</strong>
                <span className="muted"> · deleted {formatDateTime(e.deletedAt)}</span>
                <ul>
                  {e.removed.articles.map((a) => (
                    <li key={a.id}>{a.title || a.fileName}</li>
                  ))}
                </ul>
              </div>
              <button type="button" onClick={() => void restore(e.id)} aria-label={`Restore ${e.label}`}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
