import { useGloss } from '../store';

/** Messages about what just happened (imports, errors), newest last, each dismissable. */
export function Notices() {
  const notices = useGloss((s) => s.notices);
  const dismiss = useGloss((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <div className="notice-body">
            <p className="notice-title">{n.title}</p>
            {n.details.length > 0 && (
              <ul>
                {n.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
            {n.technical && (
              <details className="notice-technical">
                <summary>Technical detail</summary>
                <p>{n.technical}</p>
              </details>
            )}
          </div>
          {n.action && (
            <button
              type="button"
              onClick={() => {
                dismiss(n.id);
                void n.action?.run();
              }}
            >
              {n.action.label}
            </button>
          )}
          <button type="button" className="icon" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
