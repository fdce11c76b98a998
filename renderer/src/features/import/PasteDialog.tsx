import { useState } from 'react';
import { useGloss } from '../../store';
import { Dialog } from './Dialog';

/**
 * "Paste as article": a paste target for when the keyboard shortcut is not at hand. The paste
 * keeps the clipboard's HTML (so web pages go through the HTML importer); typing or editing
 * the text afterwards imports what is in the box as plain text.
 */
export function PasteDialog({
  onImport,
}: {
  onImport: (clip: { html: string; text: string }) => Promise<void>;
}) {
  const open = useGloss((s) => s.pasteOpen);
  const setOpen = useGloss((s) => s.setPasteOpen);
  const [text, setText] = useState('');
  const [html, setHtml] = useState('');
  if (!open) return null;
  const close = () => {
    setOpen(false);
    setText('');
    setHtml('');
  };
  const submit = async () => {
    const clip = { html, text };
    close();
    await onImport(clip);
  };
  return (
    <Dialog
      title="Paste as article"
      subtitle="Paste (Ctrl+V) the text of an article or a copied web page, then import it."
      className="paste-dialog"
      onClose={close}
      footer={
        <>
          <span className="modal-hint">
            {html ? 'Formatted text: imported as a web page.' : 'Plain text.'}
          </span>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!text.trim()} onClick={() => void submit()}>
            Import article
          </button>
        </>
      }
    >
      <textarea
        aria-label="Article text to import"
        placeholder="Paste the article here"
        rows={14}
        data-autofocus
        value={text}
        onPaste={(e) => {
          const pastedHtml = e.clipboardData.getData('text/html');
          const pastedText = e.clipboardData.getData('text/plain');
          if (!pastedHtml.trim()) {
            setHtml('');
            return;
          }
          e.preventDefault();
          setHtml(pastedHtml);
          setText(
            pastedText ||
              (new DOMParser().parseFromString(pastedHtml, 'text/html').body.textContent ?? '').trim(),
          );
        }}
        onChange={(e) => {
          setText(e.target.value);
          // Once the user edits what was pasted, the box's text is what they mean to import.
          setHtml('');
        }}
      />
    </Dialog>
  );
}
