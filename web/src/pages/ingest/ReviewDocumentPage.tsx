// Reviewing one text: the text on one side with every proposed field's words highlighted, the
// proposed records on the other (source, incident, engagements, directive), each field with its
// confidence and where it came from. Keyboard: j / k move between fields, n / p between
// records, a accepts, e edits, d discards, c creates the draft record (the help is on the
// page); buttons do the same for pointer and screen-reader users. A record the person may not
// create says why, and its button is unavailable.
import {
  Alert,
  Button,
  Grid,
  GridContainer,
  Label,
  Textarea,
  TextInput,
} from '@trussworks/react-uswds';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { DIRECTIVE_KINDS } from '../../directivesApi.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  ENGAGEMENT_TOPICS,
  INCIDENT_CATEGORIES,
} from '../engagements/terms.ts';
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
/** What accepting a proposal makes, and where that record lives. */
const RECORD: Record<Proposal['kind'], { create: string; open: string; path: string } | null> = {
  source: null,
  incident: {
    create: 'Create draft incident from accepted fields',
    open: 'Open the draft incident',
    path: '/incidents/',
  },
  engagement: {
    create: 'Create draft engagement from accepted fields',
    open: 'Open the draft engagement',
    path: '/engagements/',
  },
  directive: {
    create: 'Create draft directive from accepted fields',
    open: 'Open the draft directive',
    path: '/directives/',
  },
};
const BUREAU_CODES = 'AF, EAP, EUR, NEA, SCA, WHA';

interface Slot {
  proposal: Proposal;
  field: ProposedField;
  key: string;
}

/** Fields whose value is a list; requirements are sentences, one per line. */
const LIST_FIELDS = new Set([
  'categories',
  'topics',
  'addressedRegions',
  'addressedCountries',
  'addressedPosts',
  'requirements',
]);
const separatorOf = (field: string) => (field === 'requirements' ? '\n' : ', ');

const show = (v: unknown, field = '') =>
  Array.isArray(v)
    ? v.join(field === 'requirements' ? ' / ' : ', ')
    : v === null || v === undefined
      ? '— (not found in the text)'
      : String(v);

/** The value typed into the edit box, read back as the field's kind of value. */
function parseEdit(field: string, original: unknown, typed: string): unknown {
  if (LIST_FIELDS.has(field) || Array.isArray(original))
    return typed
      .split(field === 'requirements' ? /\n/ : /,/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof original === 'number' || field.endsWith('Count')) return Number(typed);
  return typed;
}

const codes = (terms: readonly { code: string; label: string }[]) =>
  terms.map((t) => `${t.code} (${t.label})`).join(', ');

/** What the edit box expects, when it expects codes or a date. */
function hintFor(kind: Proposal['kind'], field: string): string | null {
  if (/^(occurred|published|due|period)/.test(field)) return 'A date as YYYY-MM-DD.';
  if (field === 'countryCode') return 'A two-letter country code, e.g. GR.';
  if (field === 'categories') return `Codes separated by commas: ${codes(INCIDENT_CATEGORIES)}.`;
  if (field === 'topics') return `Codes separated by commas: ${codes(ENGAGEMENT_TOPICS)}.`;
  if (field === 'post') return 'The code of the post the engagement is recorded for, e.g. EMB-GR.';
  if (field === 'counterpartLevel') return `One of: ${codes(COUNTERPART_LEVELS)}.`;
  if (field === 'kind')
    return `One of: ${codes(kind === 'directive' ? DIRECTIVE_KINDS : ENGAGEMENT_KINDS)}.`;
  if (field === 'addressedRegions') return `Bureau codes separated by commas: ${BUREAU_CODES}.`;
  if (field === 'addressedCountries') return 'Two-letter country codes separated by commas.';
  if (field === 'addressedPosts') return 'Post codes separated by commas, e.g. EMB-GR, EMB-IT.';
  if (field === 'requirements') return 'One requirement per line; Ctrl+Enter saves.';
  return null;
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
  const editArea = useRef<HTMLTextAreaElement>(null);

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
    const value = slot.field.decision === 'edited' ? slot.field.edited : slot.field.value;
    setEditing(slot.key);
    setDraft(
      Array.isArray(value)
        ? value.join(separatorOf(slot.field.field))
        : value === null || value === undefined
          ? ''
          : String(value),
    );
    setTimeout(() => (editBox.current ?? editArea.current)?.focus(), 0);
  };

  /** c: create the record the current field belongs to, or say why that is not possible. */
  const create = (p: Proposal) => {
    if (p.acceptance.allowed) return void finish(p, 'accept');
    const why = p.acceptance.reason ?? 'This proposal cannot be accepted now.';
    setAnnouncement(why);
    document.getElementById(`why-${p.id}`)?.scrollIntoView?.({ block: 'nearest' });
  };

  /** n / p: the first field of the next or previous record still open. */
  const jumpRecord = (step: 1 | -1) => {
    if (!current) return;
    const ids = [...new Set(slots.map((s) => s.proposal.id))];
    const at = ids.indexOf(current.proposal.id);
    const target = ids[Math.min(Math.max(at + step, 0), ids.length - 1)];
    const i = slots.findIndex((s) => s.proposal.id === target);
    if (i >= 0) setIndex(i);
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
        n: () => jumpRecord(1),
        p: () => jumpRecord(-1),
        a: () => void decide(current, 'accepted'),
        d: () => void decide(current, 'discarded'),
        e: () => startEdit(current),
        c: () => create(current.proposal),
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
          <kbd>j</kbd> next field, <kbd>k</kbd> previous field, <kbd>n</kbd> next record,{' '}
          <kbd>p</kbd> previous record, <kbd>a</kbd> accept, <kbd>e</kbd> edit (Enter saves, Escape
          cancels; in the requirements, one per line, Ctrl+Enter saves), <kbd>d</kbd> discard,{' '}
          <kbd>c</kbd> create the draft record from the current record&rsquo;s accepted fields. The
          current field is outlined, and its words are marked in the text. Fields the text did not
          give are shown empty: press <kbd>e</kbd> to enter them.
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
                          <Link to={`${RECORD[p.kind]?.path ?? '/incidents/'}${x.id}`}>
                            {x.reference}: {x.title}
                          </Link>{' '}
                          (similarity {Math.round(x.similarity * 100)} %)
                        </li>
                      ))}
                    </ul>
                  </Alert>
                )}
                {p.status === 'accepted' && RECORD[p.kind] && p.createdRecordId && (
                  <p>
                    <Link to={`${RECORD[p.kind]!.path}${p.createdRecordId}`}>
                      {RECORD[p.kind]!.open}
                    </Link>
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
                        {show(f.decision === 'edited' ? f.edited : f.value, f.field)}{' '}
                        <span className="text-base-dark">
                          ({Math.round(f.confidence * 100)} %, {f.rule};{' '}
                          {DECISION_LABEL[f.decision]})
                        </span>
                        {slot && editing === key ? (
                          <form
                            onSubmit={(e) => {
                              e.preventDefault();
                              setEditing(null);
                              void decide(slot, 'edited', parseEdit(f.field, f.value, draft));
                            }}
                            onKeyDown={(e) => {
                              if (e.key === 'Escape') setEditing(null);
                              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                                e.preventDefault();
                                e.currentTarget.requestSubmit();
                              }
                            }}
                          >
                            <Label htmlFor={`edit-${key}`}>New value for {f.field}</Label>
                            {hintFor(p.kind, f.field) && (
                              <span className="usa-hint" id={`hint-${key}`}>
                                {hintFor(p.kind, f.field)}
                              </span>
                            )}
                            {f.field === 'requirements' ? (
                              <Textarea
                                id={`edit-${key}`}
                                name={f.field}
                                inputRef={editArea}
                                value={draft}
                                aria-describedby={`hint-${key}`}
                                onChange={(e) => setDraft(e.target.value)}
                              />
                            ) : (
                              <TextInput
                                id={`edit-${key}`}
                                name={f.field}
                                type="text"
                                inputRef={editBox}
                                value={draft}
                                {...(hintFor(p.kind, f.field)
                                  ? { 'aria-describedby': `hint-${key}` }
                                  : {})}
                                onChange={(e) => setDraft(e.target.value)}
                              />
                            )}
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
                {p.status === 'proposed' && !p.acceptance.allowed && p.acceptance.reason && (
                  <p id={`why-${p.id}`} className="ingest-why">
                    <strong>You cannot create this record.</strong> {p.acceptance.reason}
                  </p>
                )}
                {p.status === 'proposed' && (
                  <p>
                    <Button
                      type="button"
                      disabled={!p.acceptance.allowed}
                      {...(!p.acceptance.allowed && p.acceptance.reason
                        ? { 'aria-describedby': `why-${p.id}` }
                        : {})}
                      onClick={() => void finish(p, 'accept')}
                    >
                      {RECORD[p.kind]?.create ?? `Accept ${KIND_LABEL[p.kind].toLowerCase()}`}
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
