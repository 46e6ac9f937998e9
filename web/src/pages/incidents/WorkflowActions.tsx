// The workflow buttons the user may use on this incident: Submit for the post's approver;
// Return (with a comment), Verify and Reject (with a comment) for an independent reviewer.
import { Alert, Button, ButtonGroup, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { TextAreaField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { incidentsApi, type Incident } from '../../incidentsApi.ts';
import type { Allowed } from './allowed.ts';

type Decision = 'return' | 'verify' | 'reject';
const DONE: Record<Decision | 'submit', string> = {
  submit: 'Submitted for review.',
  return: 'Returned to the post.',
  verify: 'Verified.',
  reject: 'Rejected.',
};

interface Props {
  incident: Incident;
  can: Allowed;
  onChanged: () => Promise<void>;
}

export function WorkflowActions({ incident, can, onChanged }: Props) {
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!can.submit && !can.review) return null;

  async function act(action: Decision | 'submit') {
    setProblem(null);
    setDone(null);
    try {
      if (action === 'submit') await incidentsApi.submit(incident.id, incident.version);
      else await incidentsApi.decide(incident.id, action, incident.version, comment.trim());
      setComment('');
      setDone(DONE[action]);
      await onChanged();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => event.preventDefault();

  return (
    <section aria-labelledby="workflow-heading" className="margin-bottom-4">
      <h2 id="workflow-heading">Review</h2>
      {done && (
        <div role="status">
          <Alert type="success" slim>
            {done}
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} labels={{ comment: 'Comment', sources: 'Sources' }} />
      {can.submit && (
        <Button type="button" onClick={() => void act('submit')}>
          Submit for review
        </Button>
      )}
      {can.review && (
        <Form onSubmit={onSubmit} className="maxw-tablet">
          <TextAreaField
            name="comment"
            label="Review comment"
            hint="Required to return or reject; added to the comments"
            problem={problem}
            value={comment}
            onChange={setComment}
          />
          <ButtonGroup className="margin-top-2">
            <Button type="button" onClick={() => void act('verify')}>
              Verify
            </Button>
            <Button type="button" outline onClick={() => void act('return')}>
              Return with comment
            </Button>
            <Button type="button" secondary onClick={() => void act('reject')}>
              Reject
            </Button>
          </ButtonGroup>
        </Form>
      )}
    </section>
  );
}
