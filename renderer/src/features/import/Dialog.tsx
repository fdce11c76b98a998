import { useEffect, useId, useRef, type ReactNode } from 'react';
import './import.css';

/**
 * A modal dialog on the native `<dialog>` element: it traps focus, closes on Escape, and puts
 * focus back where it was when it closes.
 */
export function Dialog({
  title,
  subtitle,
  onClose,
  className = '',
  children,
  footer,
  closable = true,
}: {
  title: string;
  /** False for a question that must be answered: no × button, and Escape does nothing. */
  closable?: boolean;
  subtitle?: ReactNode;
  onClose: () => void;
  className?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!el.open) el.showModal();
    // showModal focuses the first focusable element (the close button); a field may ask for it.
    el.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (el.open) el.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (closable) onClose();
      }}
    >
      <header className="modal-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {subtitle && <p className="modal-subtitle">{subtitle}</p>}
        </div>
        {closable && (
          <button
            type="button"
            className="icon"
            aria-label={`Close ${title.toLowerCase()}`}
            onClick={onClose}
          >
            ×
          </button>
        )}
      </header>
      <div className="modal-body">{children}</div>
      {footer && <footer className="modal-footer">{footer}</footer>}
    </dialog>
  );
}
