import { userInfo } from 'node:os';
import type { Analyst } from '../core/model';

/**
 * The analyst a name stands for: the id is the name in lower case with runs of other characters
 * turned into `-` (`Ana María` → `ana-maría`), so the same name always gives the same id. Without
 * a name, the user's login name.
 */
export function analystFrom(name: string | undefined): Analyst {
  const n = (name ?? userInfo().username).trim();
  return {
    id:
      n
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '') || 'analyst',
    name: n,
  };
}
