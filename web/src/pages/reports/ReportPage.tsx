// One country report: its sections with footnote numbers where citations sit, warnings for
// figures without a citation, the section editor (citations inserted by searching verified
// records), clearance actions, regeneration with a preview, paragraph comments, versions with
// their word diffs, and exports.
import {
  Alert,
  Button,
  ButtonGroup,
  Form,
  Label,
  Textarea,
  TextInput,
} from '@trussworks/react-uswds';
import { Fragment, useCallback, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  inlineRuns,
  paragraphsOf,
  segments,
  stripCitations,
  type InlineRun,
} from '../../../../src/domain/citations.ts';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import {
  reportsApi,
  type DiffPart,
  type RegeneratePreview,
  type Report,
  type ReportSection,
} from '../../reportsApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { ReportStatusTag } from './ReportList.tsx';

/** Paragraphs of a body with each citation shown as its note number, counted from `first`. */
function renderBody(body: string, first: number): { nodes: ReactNode[]; next: number } {
  let n = first;
  const nodes = paragraphsOf(body).map((paragraph, i) => (
    <p key={i}>
      {segments(paragraph).map((segment, k) => {
        if (segment.kind === 'text')
          return <Fragment key={k}>{inlineRuns(segment.text).map(inlineNode)}</Fragment>;
        const note = n++;
        return (
          <sup key={k}>
            <a href={`#note-${note}`} aria-label={`note ${note}`}>
              {note}
            </a>
          </sup>
        );
      })}
    </p>
  ));
  return { nodes, next: n };
}

function inlineNode(run: InlineRun, i: number): ReactNode {
  if (run.bold) return <strong key={i}>{run.text}</strong>;
  if (run.italic) return <em key={i}>{run.text}</em>;
  return <Fragment key={i}>{run.text}</Fragment>;
}

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="report-diff">
      {parts.map((p, i) =>
        p.change === 'added' ? (
          <ins key={i} className="bg-green text-white">
            {p.text}
          </ins>
        ) : p.change === 'removed' ? (
          <del key={i} className="bg-secondary-dark text-white">
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

export function ReportPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const report = useLoad(useCallback(() => reportsApi.get(id), [id]));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [audience, setAudience] = useState<'internal' | 'foreign'>('internal');
  const [preview, setPreview] = useState<RegeneratePreview | null>(null);
  usePageTitle(report.data ? `${report.data.countryName} ${report.data.year} report` : 'Report');

  if (report.problem?.status === 404 || report.problem?.status === 400) return <NotFound />;
  if (!report.data)
    return report.problem ? <ProblemAlert problem={report.problem} /> : <Loading what="report" />;
  const r = report.data;
  const canWrite = hasPermission(me, 'report.write');
  const canReview = hasPermission(me, 'report.review');
  const canClear = hasPermission(me, 'report.clear');

  async function run(label: string, action: () => Promise<unknown>) {
    setProblem(null);
    setDone(null);
    try {
      await action();
      await report.reload();
      setDone(label);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  let footnote = 1;
  return (
    <>
      <p className="margin-top-0">
        <Link to="/reports">Back to reports</Link>
      </p>
      <h1>
        {r.countryName} {r.year}
      </h1>
      <p>
        <ReportStatusTag status={r.status} /> Content version {r.contentVersion}
        {r.clearedVersion ? `; version ${r.clearedVersion} was cleared` : ''}
      </p>
      {r.taskingId && (
        <p>
          This report answers the annual human-rights directive:{' '}
          <Link to={`/taskings/${r.taskingId}`}>open the post&apos;s tasking</Link>.
        </p>
      )}
      {r.synthetic && (
        <Alert type="warning" slim>
          This report cites synthetic records; every export is marked &quot;synthetic data&quot;.
        </Alert>
      )}
      {r.locked && (
        <Alert type="info" slim>
          This version is cleared and locked. Editing it starts version {r.contentVersion + 1},
          which must be reviewed and cleared again.
        </Alert>
      )}
      {done && (
        <div role="status">
          <Alert type="success" slim>
            {done}
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem}>
        <ConflictNotice problem={problem} onReload={() => void report.reload()} />
      </ProblemAlert>

      <section aria-labelledby="clearance-heading" className="margin-bottom-4">
        <h2 id="clearance-heading">Clearance</h2>
        {(canReview || canClear) && r.status !== 'cleared' && (
          <Form onSubmit={(e) => e.preventDefault()} className="maxw-tablet">
            <Label htmlFor="clearance-note">Note for the clearance trail (optional)</Label>
            <TextInput
              id="clearance-note"
              name="clearance-note"
              type="text"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <ButtonGroup className="margin-top-2">
              {canReview && r.status === 'drafted' && (
                <Button
                  type="button"
                  onClick={() =>
                    void run('Marked reviewed.', () =>
                      reportsApi.act(id, 'review', r.version, note),
                    )
                  }
                >
                  Mark reviewed
                </Button>
              )}
              {canClear && r.status === 'reviewed' && (
                <Button
                  type="button"
                  onClick={() =>
                    void run('Cleared. This version is now locked.', () =>
                      reportsApi.act(id, 'clear', r.version, note),
                    )
                  }
                >
                  Clear
                </Button>
              )}
              {canReview && r.status === 'reviewed' && (
                <Button
                  type="button"
                  outline
                  onClick={() =>
                    void run('Returned for changes.', () =>
                      reportsApi.act(id, 'return', r.version, note),
                    )
                  }
                >
                  Return for changes
                </Button>
              )}
            </ButtonGroup>
          </Form>
        )}
        {hasPermission(me, 'report.export') && (
          <div className="margin-top-2">
            <SelectField
              name="audience"
              label="Export for"
              problem={null}
              value={audience}
              onChange={(v) => setAudience(v as 'internal' | 'foreign')}
            >
              <option value="internal">Internal readers</option>
              <option value="foreign">Foreign partners (leaves out non-releasable content)</option>
            </SelectField>
            <p>
              Download:{' '}
              {(['docx', 'pdf', 'html'] as const).map((f, i) => (
                <span key={f}>
                  {i > 0 && ' · '}
                  <a href={reportsApi.exportUrl(id, f, audience)} download>
                    {f.toUpperCase()}
                  </a>
                </span>
              ))}
            </p>
          </div>
        )}
      </section>

      {canWrite && (
        <section aria-labelledby="regenerate-heading" className="margin-bottom-4">
          <h2 id="regenerate-heading">New verified records</h2>
          <Button
            type="button"
            outline
            onClick={() =>
              void (async () => {
                setProblem(null);
                try {
                  setPreview(await reportsApi.regeneratePreview(id));
                } catch (error) {
                  setProblem(toProblem(error));
                }
              })()
            }
          >
            Check what regenerating would change
          </Button>
          {preview && (
            <div className="margin-top-2" role="region" aria-label="Regeneration preview">
              <p>
                {preview.changes.some((c) => c.changed)
                  ? `From ${preview.verifiedIncidents} verified incidents, these sections would change:`
                  : 'Regenerating would change nothing.'}
              </p>
              {preview.changes
                .filter((c) => c.changed)
                .map((c) => (
                  <div key={c.sectionId}>
                    <h3>
                      {c.number}. {c.title}
                    </h3>
                    <Diff parts={c.diff} />
                  </div>
                ))}
              {preview.changes.some((c) => c.changed) && (
                <Button
                  type="button"
                  onClick={() =>
                    void run('Regenerated from verified records.', async () => {
                      await reportsApi.regenerate(id, r.version);
                      setPreview(null);
                    })
                  }
                >
                  Apply these changes
                </Button>
              )}
            </div>
          )}
        </section>
      )}

      {r.sections.map((section) => {
        const rendered = renderBody(section.body, footnote);
        footnote = rendered.next;
        return (
          <SectionView
            key={section.id}
            report={r}
            section={section}
            rendered={rendered.nodes}
            canWrite={canWrite}
            onSaved={async (label) => {
              await report.reload();
              setDone(label);
            }}
          />
        );
      })}

      <section aria-labelledby="notes-heading" className="margin-top-4">
        <h2 id="notes-heading">Notes</h2>
        {r.footnotes.length === 0 ? (
          <p>No citations yet.</p>
        ) : (
          <ol className="font-body-xs">
            {r.footnotes.map((f) => (
              <li key={f.n} id={`note-${f.n}`}>
                {f.text}{' '}
                {f.records
                  .filter((x) => x.type === 'incident')
                  .slice(0, 5)
                  .map((x) => (
                    <Link key={x.id} to={`/incidents/${x.id}`} className="margin-right-1">
                      {x.reference}
                    </Link>
                  ))}
              </li>
            ))}
          </ol>
        )}
      </section>
      <CommentsAndVersions report={r} />
    </>
  );
}

function SectionView({
  report,
  section,
  rendered,
  canWrite,
  onSaved,
}: {
  report: Report;
  section: ReportSection;
  rendered: ReactNode[];
  canWrite: boolean;
  onSaved: (label: string) => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(section.body);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ id: string; reference: string; title: string }[]>([]);
  const area = useRef<HTMLTextAreaElement>(null);
  const headingId = `section-${section.number}`;
  const textId = `section-${section.number}-text`;

  async function save() {
    setProblem(null);
    try {
      await reportsApi.saveSection(report.id, section.id, report.version, body);
      setEditing(false);
      await onSaved(`Section ${section.number} saved.`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  function insert(token: string) {
    const at = area.current?.selectionEnd ?? body.length;
    setBody(body.slice(0, at) + token + body.slice(at));
  }

  return (
    <section aria-labelledby={headingId} className="margin-bottom-4 border-top border-base-lighter">
      <h2 id={headingId}>
        {section.number}. {section.title}
      </h2>
      {section.warnings.length > 0 && (
        <Alert type="warning" slim>
          <ul className="margin-0">
            {section.warnings.map((w, i) => (
              <li key={i}>
                {w.message} “{stripCitations(w.sentence)}”
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {!editing && <div className="measure-6">{rendered}</div>}
      {canWrite && !editing && (
        <Button
          type="button"
          outline
          onClick={() => {
            setBody(section.body);
            setEditing(true);
          }}
        >
          Edit section {section.number}
        </Button>
      )}
      {editing && (
        <Form onSubmit={(e) => (e.preventDefault(), void save())} className="maxw-full">
          <ProblemAlert problem={problem}>
            <ConflictNotice problem={problem} onReload={() => void onSaved('Reloaded.')} />
          </ProblemAlert>
          <Label htmlFor={textId}>Text of section {section.number}</Label>
          <div className="usa-hint" id={`${textId}-hint`}>
            Markdown. Citations look like [[cite:incident:…]]: keep them with their sentence. Every
            sentence with a figure needs one.
          </div>
          <Textarea
            id={textId}
            name={textId}
            inputRef={area}
            aria-describedby={`${textId}-hint`}
            className="maxw-full height-card-lg"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="margin-top-2">
            <Label htmlFor={`${textId}-cite`}>Find a verified record to cite</Label>
            <div className="display-flex">
              <TextInput
                id={`${textId}-cite`}
                name="cite"
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <Button
                type="button"
                outline
                className="margin-left-1 margin-top-1"
                onClick={() =>
                  void (async () => {
                    if (!query.trim()) return;
                    try {
                      setFound((await reportsApi.citable(report.id, query.trim())).items);
                    } catch (error) {
                      setProblem(toProblem(error));
                    }
                  })()
                }
              >
                Search
              </Button>
            </div>
            {found.length > 0 && (
              <ul className="usa-list">
                {found.map((f) => (
                  <li key={f.id}>
                    {f.reference}: {f.title}{' '}
                    <Button
                      type="button"
                      unstyled
                      onClick={() => insert(`[[cite:incident:${f.id}]]`)}
                    >
                      Insert citation to {f.reference}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <ButtonGroup className="margin-top-2">
            <Button type="submit">Save section</Button>
            <Button type="button" outline onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </ButtonGroup>
        </Form>
      )}
    </section>
  );
}

function CommentsAndVersions({ report }: { report: Report }) {
  const me = useMe();
  const comments = useLoad(useCallback(() => reportsApi.comments(report.id), [report]));
  const versions = useLoad(useCallback(() => reportsApi.versions(report.id), [report]));
  const [sectionId, setSectionId] = useState(report.sections[0]?.id ?? '');
  const [paragraph, setParagraph] = useState('1');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const numberOf = (sid: string) => report.sections.find((s) => s.id === sid)?.number ?? '?';

  async function add() {
    setProblem(null);
    try {
      await reportsApi.comment(report.id, sectionId, Number(paragraph) - 1, body.trim());
      setBody('');
      await comments.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <section aria-labelledby="comments-heading" className="margin-top-4">
        <h2 id="comments-heading">Comments on paragraphs</h2>
        {comments.data && comments.data.items.length === 0 && <p>No comments yet.</p>}
        <ul className="usa-list">
          {comments.data?.items.map((c) => (
            <li key={c.id}>
              <strong>
                Section {numberOf(c.sectionId)}, paragraph {c.paragraph + 1}
              </strong>{' '}
              — {c.author ?? 'someone'}: {c.body}
            </li>
          ))}
        </ul>
        {hasPermission(me, 'report.comment') && (
          <Form onSubmit={(e) => (e.preventDefault(), void add())} className="maxw-tablet">
            <ProblemAlert problem={problem} labels={{ body: 'Comment' }} />
            <SelectField
              name="sectionId"
              label="Section"
              problem={problem}
              value={sectionId}
              onChange={setSectionId}
            >
              {report.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.number}. {s.title}
                </option>
              ))}
            </SelectField>
            <Label htmlFor="comment-paragraph">Paragraph number</Label>
            <TextInput
              id="comment-paragraph"
              name="paragraph"
              type="number"
              min={1}
              value={paragraph}
              onChange={(e) => setParagraph(e.target.value)}
            />
            <Label htmlFor="comment-body">Comment</Label>
            <Textarea
              id="comment-body"
              name="body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
            <Button type="submit" className="margin-top-2" disabled={!body.trim()}>
              Add comment
            </Button>
          </Form>
        )}
      </section>
      <section aria-labelledby="versions-heading" className="margin-top-4">
        <h2 id="versions-heading">Versions and clearance trail</h2>
        <ol className="usa-list" reversed>
          {versions.data?.items.map((v) => (
            <li key={v.id}>
              Version {v.contentVersion}, {v.status} — {v.note ?? ''} ({v.createdBy ?? 'system'},{' '}
              {new Date(v.createdAt).toLocaleString()})
              {v.changes.length > 0 && (
                <details>
                  <summary>What changed</summary>
                  {v.changes.map((c) => (
                    <div key={c.number}>
                      <h3 className="font-body-sm">Section {c.number}</h3>
                      <Diff parts={c.diff} />
                    </div>
                  ))}
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
