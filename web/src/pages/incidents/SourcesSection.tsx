// The incident's linked sources (Admiralty: the source's reliability A–F, the information's
// credibility 1–6, the supporting excerpt), and a form to record a new source and link it.
import { Button, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { incidentsApi, type Incident } from '../../incidentsApi.ts';
import {
  INFORMATION_CREDIBILITY,
  labelOf,
  SOURCE_RELIABILITY,
  SOURCE_TYPES,
} from '../../vocabularies.ts';

const LABELS = {
  type: 'Source type',
  publisher: 'Publisher',
  title: 'Source title',
  url: 'URL',
  reliability: 'Reliability',
  credibility: 'Credibility',
  excerpt: 'Excerpt',
};

export function SourcesSection({
  incident,
  canLink,
  onChanged,
}: {
  incident: Incident;
  canLink: boolean;
  onChanged: () => Promise<void>;
}) {
  return (
    <section aria-labelledby="sources-heading" className="margin-bottom-4">
      <h2 id="sources-heading">Sources</h2>
      {incident.sources.length === 0 ? (
        <p>No sources are linked yet. An incident cannot be submitted without one.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="linked-sources">
          {incident.sources.map(({ source, credibility, excerpt }) => (
            <li
              key={source.id}
              className="margin-bottom-2 border-left-05 border-base-lighter padding-left-2"
            >
              <p className="margin-y-05 text-bold">
                {source.url ? <a href={source.url}>{source.title}</a> : source.title}
              </p>
              <p className="margin-y-05">
                {source.publisher} · {labelOf(SOURCE_TYPES, source.type)} · Reliability{' '}
                {source.reliability} ({labelOf(SOURCE_RELIABILITY, source.reliability)}) ·
                Credibility {credibility} ({labelOf(INFORMATION_CREDIBILITY, String(credibility))})
              </p>
              {excerpt && <blockquote className="margin-y-05 margin-left-0">{excerpt}</blockquote>}
            </li>
          ))}
        </ul>
      )}
      {canLink && <LinkSourceForm incident={incident} onChanged={onChanged} />}
    </section>
  );
}

function LinkSourceForm({
  incident,
  onChanged,
}: {
  incident: Incident;
  onChanged: () => Promise<void>;
}) {
  const [type, setType] = useState('news_media');
  const [publisher, setPublisher] = useState('');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [reliability, setReliability] = useState('C');
  const [credibility, setCredibility] = useState('3');
  const [excerpt, setExcerpt] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const source = await incidentsApi.createSource({
        type,
        publisher: publisher.trim(),
        title: title.trim(),
        url: url.trim() || null,
        reliability,
      });
      await incidentsApi.linkSource(
        incident.id,
        source.id,
        Number(credibility),
        excerpt.trim() || null,
      );
      setPublisher('');
      setTitle('');
      setUrl('');
      setExcerpt('');
      await onChanged();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <Form onSubmit={submit} noValidate className="maxw-tablet" aria-labelledby="add-source-heading">
      <h3 id="add-source-heading">Add a source</h3>
      <ProblemAlert problem={problem} labels={LABELS} />
      <SelectField
        name="type"
        label="Source type"
        problem={problem}
        value={type}
        onChange={setType}
        required
      >
        {SOURCE_TYPES.map((t) => (
          <option key={t.code} value={t.code}>
            {t.label}
          </option>
        ))}
      </SelectField>
      <TextField
        name="publisher"
        label="Publisher"
        problem={problem}
        value={publisher}
        onChange={setPublisher}
        required
      />
      <TextField
        name="title"
        label="Source title"
        problem={problem}
        value={title}
        onChange={setTitle}
        required
      />
      <TextField
        name="url"
        label="URL"
        type="url"
        problem={problem}
        value={url}
        onChange={setUrl}
      />
      <SelectField
        name="reliability"
        label="Reliability"
        problem={problem}
        value={reliability}
        onChange={setReliability}
        required
      >
        {SOURCE_RELIABILITY.map((r) => (
          <option key={r.code} value={r.code}>
            {r.code} — {r.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="credibility"
        label="Credibility"
        problem={problem}
        value={credibility}
        onChange={setCredibility}
        required
      >
        {INFORMATION_CREDIBILITY.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} — {c.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        name="excerpt"
        label="Excerpt"
        hint="The passage that supports the incident"
        problem={problem}
        value={excerpt}
        onChange={setExcerpt}
      />
      <Button type="submit" className="margin-top-2">
        Add and link source
      </Button>
    </Form>
  );
}
