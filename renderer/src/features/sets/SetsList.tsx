import { useStoreQuery } from '../../app/use-store-query';
import { db } from '../../db';
import { deleteSet, listSets } from '../../db/sets';
import { useGloss } from '../../store';
import { saveSetAsProject } from '../project/actions';
import '../table/table.css';

/**
 * The saved sets, in the library sidebar: choosing one shows its annotations in the table; each
 * can be saved as a project file of its own, or deleted.
 */
export function SetsList() {
  const sets = useStoreQuery(() => listSets(db), [], ['sets']);
  const activeSetId = useGloss((s) => s.activeSetId);
  const showSet = useGloss((s) => s.showSet);
  const busy = useGloss((s) => s.projectBusy);
  if (!sets || sets.length === 0) return null;
  return (
    <nav className="sets" aria-label="Annotated sets">
      <h3>Sets</h3>
      <ul>
        {sets.map((set) => (
          <li key={set.id} className={set.id === activeSetId ? 'active' : undefined}>
            <button
              type="button"
              className="set-open"
              aria-current={set.id === activeSetId ? 'true' : undefined}
              onClick={() => showSet(set.id, set.type === 'filter' ? set.filter : {})}
            >
              {set.name}
              <span className="set-size">
                {set.type === 'filter' ? 'saved filter' : `${set.annotationIds.length} pinned`}
              </span>
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Save set ${set.name} as project`}
              title="Save set as project…: its annotations and their articles in a .gloss file"
              disabled={!!busy}
              onClick={() => void saveSetAsProject(set.id)}
            >
              ⤓
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Delete set ${set.name}`}
              onClick={() => {
                if (set.id === activeSetId) showSet(null, {});
                void deleteSet(db, set.id);
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
