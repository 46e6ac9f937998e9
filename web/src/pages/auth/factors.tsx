// Enrolment pieces shared by the required-enrolment page and the account security page:
// setting up an authenticator app (QR code, then a code to confirm), registering a passkey or
// security key, and showing new recovery codes once.
import { Alert, AlertHeading, Button, Form } from '@trussworks/react-uswds';
import { startRegistration } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { authApi, type StepResult } from './authApi.ts';

function webauthnProblem(error: unknown): Problem {
  if (error instanceof Error && error.name === 'NotAllowedError')
    return {
      type: 'about:blank',
      title: 'The security key did not answer',
      status: 0,
      detail: 'The request was cancelled or timed out. Try again.',
    };
  return toProblem(error);
}

export function TotpEnrolment({ onDone }: { onDone: (result: StepResult) => void }) {
  const [setup, setSetup] = useState<{ secret: string; qrCode: string } | null>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function begin() {
    setProblem(null);
    setBusy(true);
    try {
      setSetup(await authApi.totpSetup());
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      onDone(await authApi.totpConfirm(code));
    } catch (error) {
      setProblem(toProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (!setup)
    return (
      <>
        <ProblemAlert problem={problem} />
        <Button type="button" onClick={begin} disabled={busy}>
          Set up an authenticator app
        </Button>
      </>
    );
  return (
    <>
      <ol className="usa-list">
        <li>Open your authenticator app and add an account by scanning this QR code.</li>
        <li>Type the six-digit code the app then shows.</li>
      </ol>
      <img
        src={setup.qrCode}
        alt="QR code for adding Rapporteur to your authenticator app"
        width={200}
        height={200}
      />
      <p>
        Cannot scan? Enter this key by hand: <code className="text-bold">{setup.secret}</code>
      </p>
      <ProblemAlert problem={problem} labels={{ code: 'Code from the app' }} />
      <Form onSubmit={confirm}>
        <TextField
          name="code"
          label="Code from the app"
          hint="Six digits; a new one appears every 30 seconds."
          problem={problem}
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
        />
        <Button type="submit" disabled={busy}>
          Confirm
        </Button>
      </Form>
    </>
  );
}

export function PasskeyEnrolment({ onDone }: { onDone: (result: StepResult) => void }) {
  const [name, setName] = useState('Security key');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function register(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const optionsJSON = await authApi.webauthnRegisterOptions();
      const response = await startRegistration({ optionsJSON: optionsJSON as never });
      onDone(await authApi.webauthnRegister(name, response));
    } catch (error) {
      setProblem(webauthnProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ProblemAlert problem={problem} labels={{ name: 'Name of the key' }} />
      <Form onSubmit={register}>
        <TextField
          name="name"
          label="Name of the key"
          hint="So that you can tell your keys apart, e.g. “Blue USB key”."
          problem={problem}
          value={name}
          onChange={setName}
          required
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Waiting for the key…' : 'Add a passkey or security key'}
        </Button>
      </Form>
    </>
  );
}

export function RecoveryCodes({ codes }: { codes: string[] }) {
  if (!codes.length) return null;
  return (
    <Alert type="warning">
      <AlertHeading level="h2">Your recovery codes: save them now</AlertHeading>
      <p>
        Each code signs you in once if you lose your authenticator. They are shown only this once;
        keep them somewhere safe, away from your device.
      </p>
      <ul className="usa-list usa-list--unstyled font-mono-sm" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export { webauthnProblem };
