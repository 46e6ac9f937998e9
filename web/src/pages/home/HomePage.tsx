// The landing page: who you are, what roles you hold and where they apply.
import { Alert } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ROLE_LABELS } from '../../roles.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { OverdueFollowUps } from '../engagements/OverdueFollowUps.tsx';

const ROLE_SUMMARY = {
  reporter: 'Draft and edit incidents, sources, engagements and assessments for your post.',
  approver: 'Everything a reporter can, and submit your post’s items to headquarters.',
  reviewer: 'Review, return or verify items from the posts in your region.',
  editor: 'Issue directives, verify anything, compile and clear report sections.',
  analyst: 'Read everything, run analytics and exports.',
  partner: 'Read what has been shared with your organisation.',
  admin: 'Manage users, posts and reference data.',
} as const;

export function HomePage() {
  usePageTitle('Home');
  const me = useMe();
  return (
    <>
      <h1>Welcome, {me.displayName}</h1>
      {me.mustChangePassword && (
        <Alert type="warning" slim className="margin-bottom-3">
          Your password was set by an administrator.{' '}
          <Link to="/account/password">Change it now</Link>.
        </Alert>
      )}
      <h2>Your roles</h2>
      {me.roles.length === 0 ? (
        <p>You hold no role yet. Ask a system administrator to assign one.</p>
      ) : (
        <ul className="usa-list" data-testid="home-roles">
          {me.roles.map((r, i) => (
            <li key={`${r.role}-${r.postId ?? ''}-${r.regionId ?? ''}-${i}`}>
              <strong>{ROLE_LABELS[r.role]}</strong>
              {r.postName && <> at {r.postName}</>}
              {r.regionName && <> for the {r.regionName} region</>}
              {!r.postName && !r.regionName && <> (all posts and regions)</>}.{' '}
              {ROLE_SUMMARY[r.role]}
            </li>
          ))}
        </ul>
      )}
      {hasPermission(me, 'engagement.read') && <OverdueFollowUps />}
      <h2>Your account</h2>
      <dl>
        <dt className="text-bold">Username</dt>
        <dd className="margin-left-0 margin-bottom-1">{me.username}</dd>
        <dt className="text-bold">Email</dt>
        <dd className="margin-left-0">{me.email ?? 'Not recorded'}</dd>
      </dl>
    </>
  );
}
