// One directive: its text (sanitised Markdown from the server), requirements, the posts it
// goes to, its amendments, and the editor's actions: edit or amend, issue, close.
import { Alert, Button, ButtonGroup } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { directivesApi, kindLabel } from '../../directivesApi.ts';
import { useMe } from '../../session.tsx';
import { AmendmentList } from './AmendmentList.tsx';

export function DirectivePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const load = useCallback(() => directivesApi.get(id), [id]);
  const { data: d, problem: loadProblem, reload } = useLoad(load);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  usePageTitle(d ? `${d.reference} ${d.title}` : 'Directive');
  if (loadProblem?.status === 404) return <NotFound />;
  if (!d)
    return loadProblem ? <ProblemAlert problem={loadProblem} /> : <Loading what="directive" />;
  const canWrite = me.permissions.includes('directive.write');

  async function act(action: 'issue' | 'close') {
    setProblem(null);
    setDone(null);
    try {
      const after = await directivesApi[action](d!.id, d!.version);
      await reload();
      setDone(action === 'issue' ? `Issued to ${after.taskingCount} posts.` : 'Closed.');
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/directives">Back to directives</Link>
      </p>
      <h1>
        <span className="display-block font-body-sm text-base-dark">{d.reference}</span>
        {d.title}
      </h1>
      {done && (
        <div role="status">
          <Alert type="success" slim>
            {done}
          </Alert>
        </div>
      )}
      <ProblemAlert
        problem={problem}
        labels={{ addressees: 'Addressees', dueOn: 'Due date', requirements: 'Requirements' }}
      />
      <dl>
        {(
          [
            ['Status', d.status],
            ['Kind', kindLabel(d.kind)],
            ['Issuing office', d.issuingOffice],
            ['Issued', d.issuedOn ?? 'not yet'],
            ['Reporting period', `${d.periodStart} to ${d.periodEnd}`],
            ['Due', d.dueOn],
          ] as const
        ).map(([term, value]) => (
          <div key={term} className="grid-row margin-bottom-1">
            <dt className="grid-col-4 text-bold">{term}</dt>
            <dd
              className="grid-col-8 margin-left-0"
              data-testid={`directive-${term.toLowerCase().replace(/ /g, '-')}`}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {canWrite && (
        <ButtonGroup className="margin-bottom-3">
          {d.status !== 'closed' && (
            <Link className="usa-button usa-button--outline" to={`/directives/${d.id}/edit`}>
              {d.status === 'issued' ? 'Amend' : 'Edit draft'}
            </Link>
          )}
          {d.status === 'draft' && (
            <Button type="button" onClick={() => void act('issue')}>
              Issue to {d.posts.length} posts
            </Button>
          )}
          {d.status === 'issued' && (
            <Button type="button" secondary onClick={() => void act('close')}>
              Close directive
            </Button>
          )}
        </ButtonGroup>
      )}
      {d.status !== 'draft' && (
        <p>
          <Link to={`/directives/${d.id}/compliance`}>
            Compliance of the {d.taskingCount} posts
          </Link>
        </p>
      )}
      <section aria-labelledby="text-heading">
        <h2 id="text-heading">Text</h2>
        {/* Rendered from Markdown and sanitised by the server (marked + sanitize-html). */}
        <div className="usa-prose" dangerouslySetInnerHTML={{ __html: d.bodyHtml }} />
      </section>
      <section aria-labelledby="req-heading">
        <h2 id="req-heading">Requirements</h2>
        <ol className="usa-list">
          {d.requirements
            .filter((r) => !r.withdrawn)
            .map((r) => (
              <li key={r.id}>
                <strong>{r.title}</strong> {r.required ? '(required)' : '(optional)'} —{' '}
                {r.kind === 'question'
                  ? 'answer in text'
                  : `${r.recordTypeLabel}: ${r.criteriaText}`}
                {r.guidance && <div className="text-base-dark">{r.guidance}</div>}
              </li>
            ))}
        </ol>
      </section>
      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">
          {d.status === 'draft' ? 'Posts the addressees name now' : 'Posts tasked'}
        </h2>
        <p data-testid="directive-posts">
          {d.posts.length === 0 ? 'None yet.' : d.posts.map((p) => p.name).join(', ')}
        </p>
      </section>
      {d.amendments.length > 0 && (
        <section aria-labelledby="amend-heading">
          <h2 id="amend-heading">Amendments</h2>
          <AmendmentList amendments={d.amendments} />
        </section>
      )}
    </>
  );
}
