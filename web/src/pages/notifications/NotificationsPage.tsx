// The user's notifications: directive issued, amended, due soon, overdue, returned, accepted.
import { Button } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { directivesApi } from '../../directivesApi.ts';
import { announceUnread } from './UnreadCount.tsx';

const load = () => directivesApi.notifications();

export function NotificationsPage() {
  usePageTitle('Notifications');
  const { data, problem, reload } = useLoad(load);
  const markAll = async () => {
    const { unread } = await directivesApi.markRead();
    announceUnread(unread);
    await reload();
  };
  return (
    <>
      <h1>Notifications</h1>
      <ProblemAlert problem={problem} />
      {!data ? (
        !problem && <Loading what="notifications" />
      ) : (
        <>
          <p>
            {data.unread} unread.{' '}
            {data.unread > 0 && (
              <Button type="button" unstyled onClick={() => void markAll()}>
                Mark all read
              </Button>
            )}
          </p>
          <ul className="usa-list usa-list--unstyled">
            {data.items.map((n) => (
              <li key={n.id} className="border-bottom-1px border-base-lighter padding-y-1">
                <strong>{n.readAt ? '' : 'New: '}</strong>
                {n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
                {n.body && <div>{n.body}</div>}
                <div className="font-sans-3xs text-base-dark">
                  {new Date(n.createdAt).toLocaleString()}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
