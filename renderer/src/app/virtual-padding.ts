import type { Virtualizer } from '@tanstack/react-virtual';
import type { CSSProperties } from 'react';

/**
 * The padding that stands in for the rows a virtualised list leaves out: the list element is as
 * tall as all its rows would be, with only the rows in view (and a few around) present. Put it
 * on the list inside the scroll box, never on the scroll box itself (padding there makes the box
 * as tall as the whole list, and the virtualizer then renders every row).
 */
export function virtualPadding<S extends Element>(virtualizer: Virtualizer<S, Element>): CSSProperties {
  const rows = virtualizer.getVirtualItems();
  return {
    paddingTop: rows[0]?.start ?? 0,
    paddingBottom: Math.max(0, virtualizer.getTotalSize() - (rows[rows.length - 1]?.end ?? 0)),
  };
}
