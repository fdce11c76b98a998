import { useEffect } from 'react';
import { useGloss } from '../store';

/**
 * Puts the chosen appearance on the document (`data-theme="light"|"dark"`), following the
 * operating system's setting, as it changes, when the choice is “system”.
 */
export function useTheme(): void {
  const theme = useGloss((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme !== 'system') {
      root.dataset.theme = theme;
      return;
    }
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => (root.dataset.theme = query.matches ? 'dark' : 'light');
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
}
