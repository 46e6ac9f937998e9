// One post's tasking: the directive's text and what changed since the post last looked, each
// requirement with its records and answer, and the workflow: the approver submits, the
// issuing office accepts or returns with comments.
import { Alert, Button, ButtonGroup } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { NotAuthorised } from '../../components/NotAuthorised.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { directivesApi, type Tasking } from '../../directivesApi.ts';
import { useMe } from '../../session.tsx';
import { AmendmentList } from '../directives/AmendmentList.tsx';
import { StatusTag } from '../directives/CompliancePage.tsx';
import { RequirementAnswer } from './RequirementAnswer.tsx';

const OPEN = ['not_started', 'in_progress', 'returned', 'overdue'];

export function TaskingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const load = useCallback(() => directivesApi.tasking(id), [id]);
  const { data: t, problem: loadProblem, reload } = useLoad(load);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  usePageTitle(t ? `${t.directiveReference} — ${t.postName}` : 'Tasking');
  if (loadProblem?.status === 404) return <NotFound />;
  if (loadProblem?.status === 403) return <NotAuthorised />;
  if (!t) return loadProblem ? <ProblemAlert problem={loadProblem} /> : <Loading what="tasking" />;

  const onPost = (role: string) => me.roles.some((r) => r.role === role && r.postId === t.postId);
  const editable =
    (onPost('reporter') || onPost('approver')) &&
    OPEN.includes(t.status) &&
    t.directive.status === 'issued';
  const canSubmit = onPost('approver') && OPEN.includes(t.status);
  const canReview = me.permissions.includes('tasking.review') && t.status === 'submitted';

  async function run(action: () => Promise<Tasking>, message: string) {
    setProblem(null);
    setDone(null);
    try {
      await action();
      // Reload before confirming, so the message and the status shown beside it agree.
      await reload();
      setComment('');
      setDone(message);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/taskings">Back to taskings</Link>
      </p>
      <h1>
        <span className="display-block font-body-sm text-base-dark">
          {t.directiveReference} · {t.postName}
        </span>
        {t.directiveTitle}
      </h1>
      <p>
        Status:{' '}
        <span data-testid="tasking-status">
          <StatusTag status={t.status} />
        </span>{' '}
        · due {t.dueOn}
      </p>
      {done && (
        <div role="status">
          <Alert type="success" slim>
            {done}
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem}>
        <ConflictNotice
          problem={problem}
          onReload={() => void reload().then(() => setProblem(null))}
        />
      </ProblemAlert>
      {t.reviewComment && t.status !== 'accepted' && (
        <Alert type="warning">
          <h2 className="usa-alert__heading">Returned by headquarters</h2>
          {t.reviewComment}
        </Alert>
      )}
      {t.changesSinceSeen.length > 0 && (
        <section aria-labelledby="changes-heading" className="margin-y-3">
          <Alert type="info">
            <h2 id="changes-heading" className="usa-alert__heading">
              The directive was amended since you last looked
            </h2>
            <AmendmentList amendments={t.changesSinceSeen} />
            {editable && (
              <Button
                type="button"
                outline
                onClick={() => void run(() => directivesApi.acknowledge(t.id), 'Marked as read.')}
              >
                I have read the changes
              </Button>
            )}
          </Alert>
        </section>
      )}
      <section aria-labelledby="directive-heading">
        <h2 id="directive-heading">Directive</h2>
        <p>
          {t.directive.issuingOffice} · reporting period {t.directive.periodStart} to{' '}
          {t.directive.periodEnd}
        </p>
        <div className="usa-prose" dangerouslySetInnerHTML={{ __html: t.directive.bodyHtml }} />
      </section>
      <section aria-labelledby="requirements-heading">
        <h2 id="requirements-heading">Requirements</h2>
        {t.requirements.map((r, i) => (
          <RequirementAnswer
            key={`${r.id}:${t.version}:${r.answer}:${r.nothingToReport}`}
            requirement={r}
            index={i}
            editable={editable}
            onLink={(recordType, recordId, link) =>
              run(
                () =>
                  (link ? directivesApi.link : directivesApi.unlink)(t.id, {
                    requirementId: r.id,
                    recordType,
                    recordId,
                  }),
                link ? 'Record linked.' : 'Record unlinked.',
              )
            }
            onAnswer={(answer) =>
              run(() => directivesApi.answer(t.id, r.id, answer), 'Answer saved.')
            }
          />
        ))}
      </section>
      {(canSubmit || canReview) && (
        <section aria-labelledby="workflow-heading" className="margin-bottom-4">
          <h2 id="workflow-heading">{canReview ? 'Review' : 'Submit'}</h2>
          {canSubmit && (
            <Button
              type="button"
              onClick={() =>
                void run(() => directivesApi.submit(t.id, t.version), 'Submitted to headquarters.')
              }
            >
              Submit to headquarters
            </Button>
          )}
          {canReview && (
            <>
              <TextAreaField
                name="comment"
                label="Comment to the post"
                hint="Required when returning."
                problem={problem}
                value={comment}
                onChange={setComment}
              />
              <ButtonGroup>
                <Button
                  type="button"
                  onClick={() =>
                    void run(
                      () => directivesApi.review(t.id, 'accept', t.version, comment.trim()),
                      'Accepted.',
                    )
                  }
                >
                  Accept
                </Button>
                <Button
                  type="button"
                  secondary
                  onClick={() =>
                    void run(
                      () => directivesApi.review(t.id, 'return', t.version, comment.trim()),
                      'Returned to the post.',
                    )
                  }
                >
                  Return to the post
                </Button>
              </ButtonGroup>
            </>
          )}
        </section>
      )}
      {t.reviews.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <ul className="usa-list">
            {t.reviews.map((r, i) => (
              <li key={i}>
                {new Date(r.at).toLocaleString()}: {r.action} by {r.actorName ?? 'someone'}
                {r.comment ? ` — “${r.comment}”` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
