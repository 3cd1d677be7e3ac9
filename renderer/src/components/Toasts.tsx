// The message area: errors are announced assertively, confirmations politely; each can be dismissed.
import { useToasts } from '../store/index.js';

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  return (
    <div className="toasts" aria-label="Messages" role="region">
      <div role="alert">
        {toasts
          .filter((toast) => toast.kind === 'error')
          .map((toast) => (
            <p key={toast.id} className="toast toast-error">
              <span>{toast.message}</span>
              <button type="button" onClick={() => dismiss(toast.id)} aria-label="Dismiss message">
                ×
              </button>
            </p>
          ))}
      </div>
      <div role="status">
        {toasts
          .filter((toast) => toast.kind === 'info')
          .map((toast) => (
            <p key={toast.id} className="toast">
              <span>{toast.message}</span>
              <button type="button" onClick={() => dismiss(toast.id)} aria-label="Dismiss message">
                ×
              </button>
            </p>
          ))}
      </div>
    </div>
  );
}
