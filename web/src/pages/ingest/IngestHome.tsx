// Reading texts in: paste an article or upload a file (.txt, .md, .html, .pdf with a text
// layer, .docx; up to 20 MB), with the publisher and publication date when the text does not
// state them; and the queue of documents waiting for review.
import {
  Button,
  FileInput,
  FormGroup,
  Label,
  Select,
  Table,
  TextInput,
  Textarea,
} from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { ingestApi } from './ingestApi.ts';

export function IngestHome() {
  usePageTitle('Read texts in');
  const me = useMe();
  const navigate = useNavigate();
  const canWrite = hasPermission(me, 'ingest.write');
  const posts = useLoad(useCallback(() => api.posts(), []));
  const queue = useLoad(useCallback(() => ingestApi.queue(), []));
  const myPost = me.roles.find((r) => r.postId !== null)?.postId ?? null;
  const [postId, setPostId] = useState<string>('');
  const [publisher, setPublisher] = useState('');
  const [publishedOn, setPublishedOn] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const chosenPost = postId || (myPost ? String(myPost) : '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const meta = {
        postId: Number(chosenPost),
        ...(publisher.trim() ? { publisher: publisher.trim() } : {}),
        ...(publishedOn ? { publishedOn } : {}),
      };
      const result = file
        ? await ingestApi.upload(file, meta, me.csrfToken)
        : await ingestApi.paste({ ...meta, text });
      navigate(`/ingest/${result.document.id}${result.duplicate ? '?duplicate=1' : ''}`);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const pending = queue.data?.items.filter((d) => d.reviewStatus === 'pending') ?? [];
  return (
    <>
      <h1>Read texts in</h1>
      <p>
        Paste a news report, briefing or cable, or upload it as a file. Rapporteur keeps it as a
        source, finds dates, places, categories, numbers, quotes and who said them, and proposes
        records. Nothing becomes more than a draft until you accept it.
      </p>
      {canWrite && (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="ingest-form-heading">
          <h2 id="ingest-form-heading">New text</h2>
          <ProblemAlert problem={problem} />
          <FormGroup>
            <Label htmlFor="ingest-post" requiredMarker>
              Post
            </Label>
            <Select
              id="ingest-post"
              name="postId"
              required
              value={chosenPost}
              onChange={(e) => setPostId(e.target.value)}
            >
              <option value="">- Select -</option>
              {(posts.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.code})
                </option>
              ))}
            </Select>
          </FormGroup>
          <FormGroup>
            <Label htmlFor="ingest-publisher" hint=" (when the text does not say)">
              Publisher
            </Label>
            <TextInput
              id="ingest-publisher"
              name="publisher"
              type="text"
              value={publisher}
              onChange={(e) => setPublisher(e.target.value)}
            />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="ingest-published" hint=" (when the text does not say)">
              Publication date
            </Label>
            <input
              className="usa-input"
              id="ingest-published"
              name="publishedOn"
              type="date"
              value={publishedOn}
              onChange={(e) => setPublishedOn(e.target.value)}
            />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="ingest-text">Text</Label>
            <Textarea
              id="ingest-text"
              name="text"
              value={text}
              disabled={!!file}
              onChange={(e) => setText(e.target.value)}
            />
          </FormGroup>
          <FormGroup>
            <Label
              htmlFor="ingest-file"
              hint=" .txt, .md, .html, .pdf with a text layer or .docx; up to 20 MB"
            >
              Or a file
            </Label>
            <FileInput
              id="ingest-file"
              name="file"
              accept=".txt,.md,.html,.htm,.pdf,.docx"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </FormGroup>
          <Button type="submit" disabled={busy || !chosenPost || (!file && !text.trim())}>
            {busy ? 'Reading…' : 'Read in and propose records'}
          </Button>
        </form>
      )}
      <h2>Review queue</h2>
      <ProblemAlert problem={queue.problem} />
      <p role="status" aria-live="polite">
        {queue.data
          ? pending.length === 0
            ? 'No text is waiting for review.'
            : `${pending.length} text${pending.length === 1 ? '' : 's'} waiting for review.`
          : 'Loading the queue…'}
      </p>
      {queue.data && queue.data.items.length > 0 && (
        <Table bordered={false} fullWidth>
          <caption className="usa-sr-only">Texts read in, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Language</th>
              <th scope="col">Open proposals</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/ingest/${d.id}`}>{d.title ?? d.fileName ?? d.id}</Link>
                </td>
                <td>{d.language ?? 'not supported'}</td>
                <td>
                  {d.open} of {d.proposals}
                </td>
                <td>{d.reviewStatus === 'pending' ? 'Waiting for review' : 'Reviewed'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
