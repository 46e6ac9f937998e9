// Route guards. Signed-out visitors are sent to the sign-in page (and brought back after);
// signed-in users without the permission see "Not authorised". The server enforces both again.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { hasPermission, useSession } from '../session.tsx';
import { NotAuthorised } from './NotAuthorised.tsx';
import { PageFrame } from './PageFrame.tsx';

export function RequireSignIn({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  }
  if (me === null) {
    const next = location.pathname + location.search;
    return (
      <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />
    );
  }
  // Signed in with the first factor only: the second step (or enrolment) comes first.
  if (me.stage === 'mfa') return <Navigate to="/login/mfa" replace />;
  if (me.stage === 'enrol') return <Navigate to="/login/enrol" replace />;
  return <>{children}</>;
}

export function RequirePermission({
  permission,
  children,
}: {
  permission: string;
  children: ReactNode;
}) {
  const { me } = useSession();
  if (!me || !hasPermission(me, permission)) return <NotAuthorised />;
  return <>{children}</>;
}

export function Loading({ what = 'page' }: { what?: string }) {
  return (
    <p role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}
