// One assessment: per indicator the question, a rating on the framework's scale (each level's
// definition shown), a narrative and evidence links (sources, incidents, engagements,
// statistics). Without evidence only "insufficient information" is accepted. Then the
// workflow: the approver submits, a reviewer marks it reviewed or returns it.
import { Button, Fieldset, Form, Label, Select, TextInput } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi, type Evidence } from '../../engagementApi.ts';
import { hasPermission, useMe } from '../../session.tsx';

interface Draft {
  indicatorCode: string;
  rating: string;
  narrative: string;
  evidence: Evidence[];
}

const RECORD_TYPES = [
  { code: 'source', label: 'Source' },
  { code: 'incident', label: 'Incident' },
  { code: 'engagement', label: 'Engagement' },
  { code: 'statistic', label: 'Statistics dataset' },
];

export function AssessmentForm() {
  const { id = '' } = useParams();
  const me = useMe();
  const load = useCallback(() => assessmentApi.get(id), [id]);
  const current = useLoad(load);
  const a = current.data;
  usePageTitle(a ? `Assessment ${a.countryCode} ${a.periodStart}` : 'Assessment');
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [adding, setAdding] = useState<Record<number, { recordType: string; recordId: string }>>(
    {},
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [comment, setComment] = useState('');

  useEffect(() => {
    if (!a) return;
    setDrafts(
      a.ratings.map((r) => ({
        indicatorCode: r.indicatorCode,
        rating: r.rating ?? '',
        narrative: r.narrative,
        evidence: r.evidence,
      })),
    );
  }, [a]);

  const editable =
    hasPermission(me, 'assessment.write') &&
    (a?.status === 'draft' ||
      a?.status === 'returned' ||
      me.roles.some((r) => r.role === 'editor'));

  async function act(work: () => Promise<unknown>, done: string) {
    setProblem(null);
    setNotice(null);
    try {
      await work();
      await current.reload();
      setNotice(done);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!a) return;
    void act(
      () =>
        assessmentApi.update(id, {
          version: a.version,
          ratings: drafts.map((d) => ({
            indicatorCode: d.indicatorCode,
            rating: d.rating || null,
            narrative: d.narrative,
            evidence: d.evidence.map((e) => ({
              recordType: e.recordType,
              recordId: e.recordId,
              note: e.note,
            })),
          })),
        }),
      'Ratings saved.',
    );
  }

  const setDraft = (i: number, change: Partial<Draft>) =>
    setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...change } : d)));

  return (
    <>
      <p className="margin-top-0">
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <ProblemAlert problem={problem ?? current.problem} />
      {notice && (
        <p className="usa-alert usa-alert--success usa-alert--slim padding-1" role="status">
          {notice}
        </p>
      )}
      {!a && !current.problem && <Loading what="assessment" />}
      {a && (
        <>
          <h1>
            Assessment of {a.countryCode}, {a.periodStart} to {a.periodEnd}
          </h1>
          <p>
            {a.framework.frameworkName}, version {a.framework.number} · status:{' '}
            <strong data-testid="assessment-status">{a.status}</strong>
          </p>
          {a.framework.guidance && <p className="usa-hint">{a.framework.guidance}</p>}
          <h2>Rating scale</h2>
          <dl>
            {a.framework.scale.map((l) => (
              <div key={l.code}>
                <dt className="text-bold">{l.label}</dt>
                <dd className="margin-left-0 margin-bottom-1">{l.definition}</dd>
              </div>
            ))}
          </dl>
          <Form onSubmit={save} className="maxw-full" noValidate>
            {a.ratings.map((r, i) => {
              const d = drafts[i];
              if (!d) return null;
              const add = adding[i] ?? { recordType: 'source', recordId: '' };
              return (
                <Fieldset
                  key={r.indicatorCode}
                  legend={r.question}
                  className="border-1px border-base-lighter padding-2 margin-bottom-2"
                >
                  <SelectField
                    name={`ratings.${i}.rating`}
                    label={`Rating: ${r.indicatorCode}`}
                    problem={problem}
                    value={d.rating}
                    onChange={(v) => setDraft(i, { rating: v })}
                  >
                    <option value="">Not rated</option>
                    {a.framework.scale.map((l) => (
                      <option key={l.code} value={l.code}>
                        {l.label}
                      </option>
                    ))}
                  </SelectField>
                  <TextAreaField
                    name={`ratings.${i}.narrative`}
                    label={`Narrative: ${r.indicatorCode}`}
                    problem={problem}
                    value={d.narrative}
                    onChange={(v) => setDraft(i, { narrative: v })}
                  />
                  <p className="text-bold margin-bottom-0">Evidence</p>
                  {d.evidence.length === 0 ? (
                    <p className="margin-top-0">No evidence linked.</p>
                  ) : (
                    <ul className="usa-list">
                      {d.evidence.map((e, j) => (
                        <li key={`${e.recordType}:${e.recordId}`}>
                          {e.label ?? `${e.recordType} ${e.recordId}`}{' '}
                          {editable && (
                            <Button
                              type="button"
                              unstyled
                              onClick={() =>
                                setDraft(i, { evidence: d.evidence.filter((_, k) => k !== j) })
                              }
                            >
                              Remove
                            </Button>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                  {editable && (
                    <div className="display-flex flex-align-end flex-wrap">
                      <div className="margin-right-2">
                        <Label htmlFor={`evidence-type-${i}`}>
                          Evidence type ({r.indicatorCode})
                        </Label>
                        <Select
                          id={`evidence-type-${i}`}
                          name={`evidence-type-${i}`}
                          value={add.recordType}
                          onChange={(e) =>
                            setAdding({ ...adding, [i]: { ...add, recordType: e.target.value } })
                          }
                        >
                          {RECORD_TYPES.map((t) => (
                            <option key={t.code} value={t.code}>
                              {t.label}
                            </option>
                          ))}
                        </Select>
                      </div>
                      <div className="margin-right-2">
                        <Label htmlFor={`evidence-id-${i}`}>Record ID ({r.indicatorCode})</Label>
                        <TextInput
                          id={`evidence-id-${i}`}
                          name={`evidence-id-${i}`}
                          type="text"
                          value={add.recordId}
                          onChange={(e) =>
                            setAdding({ ...adding, [i]: { ...add, recordId: e.target.value } })
                          }
                        />
                      </div>
                      <Button
                        type="button"
                        outline
                        onClick={() => {
                          if (!add.recordId.trim()) return;
                          setDraft(i, {
                            evidence: [
                              ...d.evidence,
                              {
                                recordType: add.recordType,
                                recordId: add.recordId.trim(),
                                note: null,
                              },
                            ],
                          });
                          setAdding({
                            ...adding,
                            [i]: { recordType: add.recordType, recordId: '' },
                          });
                        }}
                      >
                        Link evidence ({r.indicatorCode})
                      </Button>
                    </div>
                  )}
                </Fieldset>
              );
            })}
            {editable && <Button type="submit">Save ratings</Button>}
          </Form>
          <h2>Workflow</h2>
          {hasPermission(me, 'assessment.submit') &&
            (a.status === 'draft' || a.status === 'returned') && (
              <Button
                type="button"
                onClick={() =>
                  void act(() => assessmentApi.submit(id, a.version), 'Submitted for review.')
                }
              >
                Submit for review
              </Button>
            )}
          {hasPermission(me, 'assessment.review') && a.status === 'submitted' && (
            <>
              <TextAreaField
                name="comment"
                label="Review comment"
                problem={problem}
                value={comment}
                onChange={setComment}
              />
              <Button
                type="button"
                onClick={() =>
                  void act(
                    () => assessmentApi.review(id, a.version, 'reviewed', comment),
                    'Marked reviewed.',
                  )
                }
              >
                Mark reviewed
              </Button>
              <Button
                type="button"
                outline
                onClick={() =>
                  void act(
                    () => assessmentApi.review(id, a.version, 'returned', comment),
                    'Returned to the post.',
                  )
                }
              >
                Return to the post
              </Button>
            </>
          )}
        </>
      )}
    </>
  );
}
