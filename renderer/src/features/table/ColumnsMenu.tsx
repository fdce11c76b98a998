import { ArrowDown, ArrowUp, Columns3 } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import {
  COLUMN_LABEL,
  DEFAULT_LAYOUT,
  shiftColumn,
  toggleColumn,
  visibleColumns,
  type ColumnLayout,
} from './columns';

/**
 * The table's Columns menu: a box per column to show or hide it, buttons to move it up or down
 * the order (the keyboard's way to do what dragging a header does), and Reset.
 */
export function ColumnsMenu({
  layout,
  onChange,
}: {
  layout: ColumnLayout;
  onChange(layout: ColumnLayout): void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const shown = visibleColumns(layout);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  return (
    <div
      className="columns-menu"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button
        type="button"
        className="small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <Columns3 size={14} aria-hidden="true" /> Columns
      </button>
      {open && (
        <div id={panelId} className="columns-panel" role="group" aria-label="Columns">
          <ul>
            {layout.order.map((c) => {
              const visible = shown.includes(c);
              const at = shown.indexOf(c);
              return (
                <li key={c}>
                  <label>
                    <input
                      type="checkbox"
                      checked={visible}
                      disabled={visible && shown.length === 1}
                      onChange={() => onChange(toggleColumn(layout, c))}
                    />
                    {COLUMN_LABEL[c]}
                  </label>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move ${COLUMN_LABEL[c]} left`}
                    disabled={!visible || at === 0}
                    onClick={() => onChange(shiftColumn(layout, c, -1))}
                  >
                    <ArrowUp size={14} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move ${COLUMN_LABEL[c]} right`}
                    disabled={!visible || at === shown.length - 1}
                    onClick={() => onChange(shiftColumn(layout, c, 1))}
                  >
                    <ArrowDown size={14} aria-hidden="true" />
                  </button>
                </li>
              );
            })}
          </ul>
          <button type="button" className="small" onClick={() => onChange(DEFAULT_LAYOUT)}>
            Reset columns
          </button>
        </div>
      )}
    </div>
  );
}
