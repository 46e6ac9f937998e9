// Reviewing one text: the text on one side with every proposed field's words highlighted, the
// proposed records on the other, each field with its confidence and where it came from.
// Keyboard: j / k move between fields, a accepts, e edits, d discards (the help is on the
// page); buttons do the same for pointer and screen-reader users.
import { Alert, Button, Grid, GridContainer, Label, TextInput } from '@trussworks/react-uswds';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ingestApi, type Decision, type Proposal, type ProposedField } from './ingestApi.ts';
import './ingest.css';

const KIND_LABEL: Record<Proposal['kind'], string> = {
  source: 'Source record',
  incident: 'Candidate incident',
  engagement: 'Candidate engagement',
  directive: 'Candidate directive',
};
const DECISION_LABEL: Record<Decision, string> = {
  proposed: 'not decided',
  accepted: 'accepted',
  edited: 'edited',
  discarded: 'discarded',
};

interface Slot {
  proposal: Proposal;
  field: ProposedField;
  key: string;
}

const show = (v: unknown) =>
  Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '—' : String(v);

/** The value typed into the edit box, read back as the field's kind of value. */
function parseEdit(original: unknown, typed: string): unknown {
  if (Array.isArray(original))
    return typed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof original === 'number') return Number(typed);
  return typed;
}

function HighlightedText({
  text,
  slots,
  current,
}: {
  text: string;
  slots: Slot[];
  current: string | null;
}) {
  const parts: ReactNode[] = [];
  let at = 0;
  const spans = slots
    .filter((s) => s.field.span && s.field.span.end > s.field.span.start)
    .sort((a, b) => a.field.span!.start - b.field.span!.start);
  for (const s of spans) {
    const { start, end } = s.field.span!;
    if (start < at) continue; // overlapping spans: the first one is marked
    parts.push(text.slice(at, start));
    parts.push(
      <mark
        key={s.key}
        id={`mark-${s.key}`}
        className={s.key === current ? 'ingest-mark is-current' : 'ingest-mark'}
        title={s.field.field}
      >
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return <div className="ingest-text">{parts}</div>;
}

export function ReviewDocumentPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const doc = useLoad(useCallback(() => ingestApi.document(id), [id]));
  const queue = useLoad(useCallback(() => ingestApi.queue('pending'), []));
  usePageTitle(doc.data ? `Review: ${doc.data.source.title}` : 'Review a text');
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [index, setIndex] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const editBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (doc.data) setProposals(doc.data.proposals);
  }, [doc.data]);

  const slots = useMemo<Slot[]>(
    () =>
      (proposals ?? [])
        .filter((p) => p.status === 'proposed')
        .flatMap((p) =>
          p.fields.map((field) => ({ proposal: p, field, key: `${p.id}:${field.field}` })),
        ),
    [proposals],
  );
  const current = slots[Math.min(index, slots.length - 1)] ?? null;

  const replace = (p: Proposal) =>
    setProposals((list) => (list ?? []).map((x) => (x.id === p.id ? p : x)));

  const decide = useCallback(
    async (slot: Slot, decision: Decision, value?: unknown) => {
      try {
        const updated = await ingestApi.decide(slot.proposal.id, slot.proposal.version, [
          { field: slot.field.field, decision, ...(decision === 'edited' ? { value } : {}) },
        ]);
        replace(updated);
        setProblem(null);
        setAnnouncement(`${slot.field.field}: ${DECISION_LABEL[decision]}`);
        setIndex((i) => Math.min(i + 1, slots.length - 1));
      } catch (error) {
        setProblem(toProblem(error));
      }
    },
    [slots.length],
  );

  const finish = async (p: Proposal, how: 'accept' | 'discard') => {
    try {
      const updated =
        how === 'accept'
          ? await ingestApi.accept(p.id, p.version)
          : await ingestApi.discard(p.id, p.version);
      replace(updated);
      setProblem(null);
      setAnnouncement(`${KIND_LABEL[p.kind]} ${how === 'accept' ? 'accepted' : 'discarded'}`);
      setIndex(0);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const startEdit = (slot: Slot) => {
    setEditing(slot.key);
    setDraft(show(slot.field.decision === 'edited' ? slot.field.edited : slot.field.value));
    setTimeout(() => editBox.current?.focus(), 0);
  };

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (editing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)
        return;
      if (!current) return;
      const keys: Record<string, () => void> = {
        j: () => setIndex((i) => Math.min(i + 1, slots.length - 1)),
        k: () => setIndex((i) => Math.max(i - 1, 0)),
        a: () => void decide(current, 'accepted'),
        d: () => void decide(current, 'discarded'),
        e: () => startEdit(current),
      };
      const action = keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [current, decide, editing, slots.length]);

  useEffect(() => {
    if (current)
      document.getElementById(`mark-${current.key}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  if (doc.problem) return <ProblemAlert problem={doc.problem} />;
  if (!doc.data || !proposals) return <Loading what="text" />;
  const d = doc.data;
  const next = queue.data?.items.find((x) => x.id !== d.id);

  return (
    <>
      <h1>Review: {d.source.title}</h1>
      {params.get('duplicate') && (
        <Alert type="info" slim>
          <strong>Already read in.</strong> This text was read in before (same text); here is what
          was proposed then.
        </Alert>
      )}
      <p>
        {d.source.publisher}
        {d.source.publishedOn ? `, ${d.source.publishedOn}` : ''} · language{' '}
        {d.language ?? `${d.detectedLanguage} (not supported)`} · SHA-256{' '}
        <code>{d.sha256.slice(0, 16)}…</code>
      </p>
      {d.extractionStatus === 'not_run' && (
        <Alert type="warning" slim>
          <strong>Extraction did not run.</strong> {d.extractionNote}
        </Alert>
      )}
      <section aria-labelledby="keys-heading" className="ingest-keys">
        <h2 id="keys-heading">Keyboard</h2>
        <p>
          <kbd>j</kbd> next field, <kbd>k</kbd> previous field, <kbd>a</kbd> accept, <kbd>e</kbd>{' '}
          edit (Enter saves, Escape cancels), <kbd>d</kbd> discard. The current field is outlined,
          and its words are marked in the text.
        </p>
      </section>
      <ProblemAlert problem={problem} />
      <p className="usa-sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      <GridContainer className="padding-x-0">
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <h2>Text</h2>
            <HighlightedText text={d.text} slots={slots} current={current?.key ?? null} />
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <h2>Proposed records</h2>
            {proposals.map((p) => (
              <section key={p.id} aria-labelledby={`proposal-${p.id}`} className="margin-bottom-3">
                <h3 id={`proposal-${p.id}`}>
                  {KIND_LABEL[p.kind]}{' '}
                  <span className="text-base-dark">
                    ({Math.round(p.confidence * 100)} % confidence, {p.status})
                  </span>
                </h3>
                {p.duplicates.length > 0 && (
                  <Alert type="warning" slim>
                    <strong>Possible duplicates.</strong>{' '}
                    <ul>
                      {p.duplicates.map((x) => (
                        <li key={x.id}>
                          <Link to={`/incidents/${x.id}`}>
                            {x.reference}: {x.title}
                          </Link>{' '}
                          (similarity {Math.round(x.similarity * 100)} %)
                        </li>
                      ))}
                    </ul>
                  </Alert>
                )}
                {p.status === 'accepted' && p.kind === 'incident' && p.createdRecordId && (
                  <p>
                    <Link to={`/incidents/${p.createdRecordId}`}>Open the draft incident</Link>
                  </p>
                )}
                <ul className="usa-list usa-list--unstyled">
                  {p.fields.map((f) => {
                    const key = `${p.id}:${f.field}`;
                    const slot = slots.find((s) => s.key === key);
                    const isCurrent = current?.key === key;
                    return (
                      <li
                        key={key}
                        aria-current={isCurrent ? 'true' : undefined}
                        className={isCurrent ? 'ingest-field is-current' : 'ingest-field'}
                      >
                        <strong>{f.field}</strong>:{' '}
                        {show(f.decision === 'edited' ? f.edited : f.value)}{' '}
                        <span className="text-base-dark">
                          ({Math.round(f.confidence * 100)} %, {f.rule};{' '}
                          {DECISION_LABEL[f.decision]})
                        </span>
                        {slot && editing === key ? (
                          <form
                            onSubmit={(e) => {
                              e.preventDefault();
                              setEditing(null);
                              void decide(slot, 'edited', parseEdit(f.value, draft));
                            }}
                            onKeyDown={(e) => {
                              if (e.key === 'Escape') setEditing(null);
                            }}
                          >
                            <Label htmlFor={`edit-${key}`}>New value for {f.field}</Label>
                            <TextInput
                              id={`edit-${key}`}
                              name={f.field}
                              type="text"
                              inputRef={editBox}
                              value={draft}
                              onChange={(e) => setDraft(e.target.value)}
                            />
                            <Button type="submit">Save</Button>
                          </form>
                        ) : (
                          slot && (
                            <span className="ingest-actions">
                              <Button
                                type="button"
                                unstyled
                                onClick={() => void decide(slot, 'accepted')}
                                aria-label={`Accept ${f.field}`}
                              >
                                Accept
                              </Button>{' '}
                              <Button
                                type="button"
                                unstyled
                                onClick={() => startEdit(slot)}
                                aria-label={`Edit ${f.field}`}
                              >
                                Edit
                              </Button>{' '}
                              <Button
                                type="button"
                                unstyled
                                onClick={() => void decide(slot, 'discarded')}
                                aria-label={`Discard ${f.field}`}
                              >
                                Discard
                              </Button>
                            </span>
                          )
                        )}
                      </li>
                    );
                  })}
                </ul>
                {p.status === 'proposed' && (
                  <p>
                    <Button type="button" onClick={() => void finish(p, 'accept')}>
                      {p.kind === 'incident'
                        ? 'Create draft incident from accepted fields'
                        : `Accept ${KIND_LABEL[p.kind].toLowerCase()}`}
                    </Button>
                    <Button type="button" outline onClick={() => void finish(p, 'discard')}>
                      Discard {KIND_LABEL[p.kind].toLowerCase()}
                    </Button>
                  </p>
                )}
              </section>
            ))}
          </Grid>
        </Grid>
      </GridContainer>
      <p>
        {next ? (
          <Link to={`/ingest/${next.id}`}>Next text in the queue</Link>
        ) : (
          'No other text is waiting for review.'
        )}{' '}
        · <Link to="/ingest">Back to the queue</Link>
      </p>
    </>
  );
}
