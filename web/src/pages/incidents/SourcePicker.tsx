// Finds an existing source record (by title or publisher) and links it to the incident with
// the Admiralty grade of the information (credibility 1–6) and the supporting excerpt.
// It lives inside the incident form, so it uses buttons, not a form of its own.
import { Button, Fieldset } from '@trussworks/react-uswds';
import { useState, type KeyboardEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { incidentsApi, type Source } from '../../incidentsApi.ts';
import {
  INFORMATION_CREDIBILITY,
  labelOf,
  SOURCE_RELIABILITY,
  SOURCE_TYPES,
} from '../../vocabularies.ts';

export const sourceLabel = (s: Source) =>
  `${s.title} (${s.publisher}, reliability ${s.reliability})`;

interface Props {
  /** Sources already linked or chosen, left out of the results. */
  exclude: string[];
  onPick: (source: Source, credibility: number, excerpt: string | null) => Promise<void>;
}

export function SourcePicker({ exclude, onPick }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Source[] | null>(null);
  const [chosen, setChosen] = useState<Source | null>(null);
  const [credibility, setCredibility] = useState('3');
  const [excerpt, setExcerpt] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    setProblem(null);
    try {
      setResults((await incidentsApi.searchSources(query.trim())).items);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Enter in the search box searches instead of saving the whole incident.
    if (event.key === 'Enter' && (event.target as HTMLElement).id === 'field-sourceSearch') {
      event.preventDefault();
      void search();
    }
  }

  async function link() {
    if (!chosen) return;
    setBusy(true);
    setProblem(null);
    try {
      await onPick(chosen, Number(credibility), excerpt.trim() || null);
      setChosen(null);
      setExcerpt('');
      setCredibility('3');
      setResults(null);
      setQuery('');
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const shown = results?.filter((s) => !exclude.includes(s.id)) ?? null;
  return (
    <div onKeyDown={onKeyDown} className="margin-top-2" data-testid="source-picker">
      <ProblemAlert problem={problem} labels={{ credibility: 'Credibility', excerpt: 'Excerpt' }} />
      <TextField
        name="sourceSearch"
        label="Search sources"
        hint="Words of the title or the publisher of a recorded source"
        problem={null}
        value={query}
        onChange={setQuery}
      />
      <Button type="button" outline onClick={() => void search()} className="margin-top-1">
        Search
      </Button>
      {shown && (
        <div role="status" className="margin-top-2">
          {shown.length === 0 ? (
            <p>
              No source found. Record a new source on the incident&rsquo;s page (&ldquo;Add a
              source&rdquo;).
            </p>
          ) : (
            <ul className="usa-list usa-list--unstyled" aria-label="Sources found">
              {shown.map((s) => (
                <li key={s.id} className="margin-bottom-1">
                  <Button
                    type="button"
                    unstyled
                    aria-pressed={chosen?.id === s.id}
                    onClick={() => setChosen(s)}
                  >
                    {s.title}
                  </Button>{' '}
                  <span className="text-base-dark">
                    {s.publisher} · {labelOf(SOURCE_TYPES, s.type)} · reliability {s.reliability} (
                    {labelOf(SOURCE_RELIABILITY, s.reliability)})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {chosen && (
        <Fieldset legend={`Link “${chosen.title}”`} className="incident-form__row">
          <SelectField
            name="credibility"
            label="Credibility of the information"
            hint="Admiralty grade of what this source says about the incident"
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
            label="Supporting excerpt"
            hint="The passage of the source that supports the incident"
            problem={problem}
            value={excerpt}
            onChange={setExcerpt}
          />
          <Button type="button" onClick={() => void link()} disabled={busy}>
            Link this source
          </Button>
        </Fieldset>
      )}
    </div>
  );
}
