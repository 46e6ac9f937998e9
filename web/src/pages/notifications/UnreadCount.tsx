// The unread-notification count in the header: loaded on each page change and every minute,
// and updated at once when the notifications page marks them read.
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { directivesApi } from '../../directivesApi.ts';

const listeners = new Set<(n: number) => void>();
export function announceUnread(n: number) {
  for (const l of listeners) l(n);
}

export function UnreadCount() {
  const [unread, setUnread] = useState<number | null>(null);
  const location = useLocation();
  useEffect(() => {
    let live = true;
    const refresh = () =>
      directivesApi.notifications().then(
        (r) => live && setUnread(r.unread),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 60_000);
    listeners.add(setUnread);
    return () => {
      live = false;
      clearInterval(timer);
      listeners.delete(setUnread);
    };
  }, [location.pathname]);
  if (unread === null) return null;
  return (
    <Link to="/notifications" className="margin-right-2" data-testid="unread-count">
      Notifications{unread > 0 ? ` (${unread} unread)` : ''}
    </Link>
  );
}
