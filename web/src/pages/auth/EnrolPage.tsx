// Required enrolment: this installation requires a second factor and the user has none yet.
// After setting one up they see their recovery codes once, then continue into the app.
import { Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { PageFrame } from '../../components/PageFrame.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session.tsx';
import type { StepResult } from './authApi.ts';
import { PasskeyEnrolment, RecoveryCodes, TotpEnrolment } from './factors.tsx';

export function EnrolPage() {
  usePageTitle('Set up a second factor');
  const { me, refresh, signOut } = useSession();
  const navigate = useNavigate();
  const [codes, setCodes] = useState<string[] | null>(null);

  if (me === null) return <Navigate to="/login" replace />;
  if (me && me.stage === 'mfa') return <Navigate to="/login/mfa" replace />;
  if (me && me.stage === 'full' && codes === null) return <Navigate to="/" replace />;

  function done(result: StepResult) {
    setCodes(result.recoveryCodes);
  }

  return (
    <PageFrame>
      <div className="maxw-tablet">
        <h1>Set up a second factor</h1>
        {codes === null ? (
          <>
            <p>
              This system holds details of victims and witnesses, so signing in needs a second
              factor besides your password. Set up one of these to continue.
            </p>
            <section aria-labelledby="app-heading">
              <h2 id="app-heading">Authenticator app</h2>
              <TotpEnrolment onDone={done} />
            </section>
            <section aria-labelledby="key-heading">
              <h2 id="key-heading">Passkey or security key</h2>
              <PasskeyEnrolment onDone={done} />
            </section>
            <p>
              <Button type="button" unstyled onClick={() => void signOut()}>
                Cancel and sign out
              </Button>
            </p>
          </>
        ) : (
          <>
            <p>Your second factor is set up.</p>
            <RecoveryCodes codes={codes} />
            <Button
              type="button"
              onClick={async () => {
                await refresh();
                navigate('/', { replace: true });
              }}
            >
              I have saved my codes: continue
            </Button>
          </>
        )}
      </div>
    </PageFrame>
  );
}
