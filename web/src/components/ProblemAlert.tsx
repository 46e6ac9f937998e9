// The error summary at the top of a form: what went wrong, and a link to each field at fault
// (the fields repeat their own message beside them).
import { Alert } from '@trussworks/react-uswds';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Problem } from '../api.ts';
import { fieldId } from '../problems.ts';

interface ProblemAlertProps {
  problem: Problem | null;
  /** Human labels for field paths, e.g. { username: 'Username' }. */
  labels?: Record<string, string>;
  /** Extra content, e.g. a reload button for a version conflict. */
  children?: ReactNode;
}

export function ProblemAlert({ problem, labels = {}, children }: ProblemAlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const errors = problem.errors ?? [];
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="margin-bottom-3" data-testid="problem">
      <Alert type="error">
        <p className="usa-alert__text text-bold">{problem.title}</p>
        {/* The server's detail usually repeats the field errors; list those instead. */}
        {problem.detail && problem.detail !== problem.title && errors.length === 0 && (
          <p className="usa-alert__text">{problem.detail}</p>
        )}
        {errors.length > 0 && (
          <ul className="margin-bottom-0">
            {errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <a href={`#${fieldId(e.field)}`}>{labels[e.field] ?? e.field}</a>: {e.message}
              </li>
            ))}
          </ul>
        )}
        {children}
      </Alert>
    </div>
  );
}
