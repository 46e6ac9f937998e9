// One requirement of a tasking, as the post works on it: the records that satisfy it (linked,
// or matched by category, period and country and linkable with one click), the text answer,
// and "nothing to report" with its required explanation.
import { Button, Checkbox, Form, Label, Textarea } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { Tasking } from '../../directivesApi.ts';

type Requirement = Tasking['requirements'][number];

interface Props {
  requirement: Requirement;
  index: number;
  editable: boolean;
  onLink: (recordType: string, recordId: string, link: boolean) => Promise<void>;
  onAnswer: (answer: {
    answer: string;
    nothingToReport: boolean;
    explanation: string | null;
  }) => Promise<void>;
}

export function RequirementAnswer({ requirement: r, index, editable, onLink, onAnswer }: Props) {
  const [answer, setAnswer] = useState(r.answer);
  const [nothing, setNothing] = useState(r.nothingToReport);
  const [explanation, setExplanation] = useState(r.explanation ?? '');
  const id = `requirement-${index}`;
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void onAnswer({ answer, nothingToReport: nothing, explanation: nothing ? explanation : null });
  };
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="border-1px border-base-lighter padding-2 margin-bottom-3"
      data-testid={id}
    >
      <h3 id={`${id}-heading`} className="margin-top-0">
        {index + 1}. {r.title}{' '}
        <span className="text-normal font-sans-2xs">
          {r.required ? '(required)' : '(optional)'}
        </span>
      </h3>
      {r.guidance && <p className="text-base-dark">{r.guidance}</p>}
      {r.kind === 'records' && (
        <>
          <p>
            {r.recordTypeLabel}: {r.criteriaText}. {r.records.filter((x) => x.linked).length}{' '}
            linked, {r.records.filter((x) => !x.linked).length} more matched.
          </p>
          {r.records.length === 0 ? (
            <p>No matching records yet.</p>
          ) : (
            <ul className="usa-list usa-list--unstyled">
              {r.records.map((rec) => (
                <li key={`${rec.recordType}:${rec.id}`} className="margin-bottom-1">
                  <Link to={rec.href}>{rec.label}</Link>{' '}
                  <span className="text-base-dark">
                    ({rec.date ?? 'no date'}, {rec.status})
                  </span>{' '}
                  {rec.linked ? <strong>Linked</strong> : <span>Matched</span>}{' '}
                  {editable && (
                    <Button
                      type="button"
                      unstyled
                      onClick={() => void onLink(rec.recordType, rec.id, !rec.linked)}
                    >
                      {rec.linked ? 'Unlink' : 'Link'}
                      <span className="usa-sr-only"> {rec.label}</span>
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {editable ? (
        <Form onSubmit={save} className="maxw-full">
          <Label htmlFor={`${id}-answer`}>
            {r.kind === 'question' ? 'Answer' : 'Comment (optional)'}
          </Label>
          <Textarea
            id={`${id}-answer`}
            name={`${id}-answer`}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <Checkbox
            id={`${id}-nothing`}
            name={`${id}-nothing`}
            label="Nothing to report"
            checked={nothing}
            onChange={(e) => setNothing(e.target.checked)}
          />
          {nothing && (
            <>
              <Label htmlFor={`${id}-explanation`} requiredMarker>
                Why there is nothing to report
              </Label>
              <Textarea
                id={`${id}-explanation`}
                name={`${id}-explanation`}
                value={explanation}
                onChange={(e) => setExplanation(e.target.value)}
              />
            </>
          )}
          <Button type="submit" outline>
            Save answer<span className="usa-sr-only"> to requirement {index + 1}</span>
          </Button>
        </Form>
      ) : (
        <>
          {r.answer && <p style={{ whiteSpace: 'pre-wrap' }}>{r.answer}</p>}
          {r.nothingToReport && <p>Nothing to report: {r.explanation}</p>}
        </>
      )}
    </section>
  );
}
