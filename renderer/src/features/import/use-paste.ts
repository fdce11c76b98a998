import { useEffect } from 'react';

/** Whether a paste aimed here belongs to a field (or a dialog) rather than to the library. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [contenteditable=""], dialog'))
    return true;
  return false;
}

/**
 * Ctrl/Cmd+V outside any text field imports the clipboard as a new article: its HTML when it
 * has some (through the HTML importer), else its plain text.
 */
export function usePasteImport(onPaste: (clip: { html: string; text: string }) => void): void {
  useEffect(() => {
    const handler = (e: ClipboardEvent) => {
      if (e.defaultPrevented || isEditable(e.target) || isEditable(document.activeElement)) return;
      const data = e.clipboardData;
      if (!data) return;
      const clip = { html: data.getData('text/html'), text: data.getData('text/plain') };
      if (!clip.html.trim() && !clip.text.trim()) return;
      e.preventDefault();
      onPaste(clip);
    };
    document.addEventListener('paste', handler);
    return () => document.removeEventListener('paste', handler);
  }, [onPaste]);
}
