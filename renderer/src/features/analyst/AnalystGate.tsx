import { useStoreQuery } from '../../app/use-store-query';
import type { Analyst } from '../../../../core/model';
import { db } from '../../db';
import { getMeta } from '../../db/db';
import { useGloss } from '../../store';
import { AnalystDialog } from './AnalystDialog';

/** The analyst record as stored (null when none; undefined while loading). */
export function useAnalyst(): Analyst | null | undefined {
  return useStoreQuery(async () => (await getMeta(db, 'analyst')) ?? null, [], ['meta']);
}

/**
 * Shows the first-run dialog until the profile's analyst has a name, and the change dialog when
 * asked for (toolbar button or menu). `blocked` holds the first-run question back while another
 * start-up question (restoring a backup) is open.
 */
export function AnalystGate({ blocked = false }: { blocked?: boolean }) {
  const analyst = useAnalyst();
  const changing = useGloss((s) => s.analystDialogOpen);
  const setOpen = useGloss((s) => s.setAnalystDialogOpen);
  if (analyst === undefined) return null;
  const unnamed = !analyst?.name.trim();
  if (unnamed && !blocked) {
    return <AnalystDialog mode="first-run" current={analyst} onDone={() => undefined} />;
  }
  if (changing && !unnamed) {
    return <AnalystDialog mode="change" current={analyst} onDone={() => setOpen(false)} />;
  }
  return null;
}

/** The toolbar button that shows who is annotating and opens the change dialog. */
export function AnalystButton() {
  const analyst = useAnalyst();
  const setOpen = useGloss((s) => s.setAnalystDialogOpen);
  const name = analyst?.name.trim();
  return (
    <button
      type="button"
      className="analyst-button"
      title="Change the name stamped on your annotations"
      onClick={() => setOpen(true)}
      disabled={!name}
    >
      Analyst: {name || '—'}
    </button>
  );
}
