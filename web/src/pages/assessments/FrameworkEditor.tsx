// The framework editor: name, guidance, the rating scale (lowest first, a definition for each
// level; "insufficient information" is always the lowest) and the indicators. Saving a
// framework an assessment already uses creates a new version; assessments keep theirs.
import { Button, Fieldset, Form } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi, type Framework, type Indicator, type Level } from '../../engagementApi.ts';

const blankLevel = (): Level => ({ code: '', label: '', definition: '' });
const blankIndicator = (): Indicator => ({ code: '', question: '', guidance: '' });

export function FrameworkEditor() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  usePageTitle(isNew ? 'New framework' : 'Edit framework');
  const navigate = useNavigate();
  const load = useCallback(
    async () => (isNew ? null : await assessmentApi.framework(id)),
    [id, isNew],
  );
  const current = useLoad<Framework | null>(load);
  const [name, setName] = useState('');
  const [guidance, setGuidance] = useState('');
  const [scale, setScale] = useState<Level[]>([blankLevel(), blankLevel()]);
  const [indicators, setIndicators] = useState<Indicator[]>([blankIndicator()]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    const f = current.data;
    if (!f) return;
    setName(f.name);
    setGuidance(f.latest.guidance);
    setScale(f.latest.scale);
    setIndicators(f.latest.indicators);
  }, [current.data]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const body = { name, guidance, scale, indicators };
      const result = current.data
        ? await assessmentApi.updateFramework(id, { version: current.data.version, ...body })
        : await assessmentApi.createFramework(body);
      setSaved(`Saved as version ${result.latest.number}.`);
      if (isNew) navigate(`/assessments/frameworks/${result.id}`);
      else await current.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  const setLevel = (i: number, key: keyof Level, value: string) =>
    setScale(scale.map((l, j) => (j === i ? { ...l, [key]: value } : l)));
  const setIndicator = (i: number, key: keyof Indicator, value: string) =>
    setIndicators(indicators.map((l, j) => (j === i ? { ...l, [key]: value } : l)));

  return (
    <>
      <p className="margin-top-0">
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <h1>{isNew ? 'New framework' : `Framework: ${current.data?.name ?? ''}`}</h1>
      {current.data && (
        <p>
          Version {current.data.latest.number}
          {current.data.latest.usedBy > 0
            ? `, used by ${current.data.latest.usedBy} assessment(s): saving creates version ${current.data.latest.number + 1}.`
            : ', not used yet: saving changes it in place.'}
        </p>
      )}
      {saved && (
        <p className="usa-alert usa-alert--success usa-alert--slim padding-1" role="status">
          {saved}
        </p>
      )}
      <ProblemAlert problem={problem ?? current.problem} />
      {!isNew && !current.data && !current.problem && <Loading what="framework" />}
      <Form onSubmit={(e) => void save(e)} className="maxw-full" noValidate>
        <TextField
          name="name"
          label="Name"
          problem={problem}
          value={name}
          onChange={setName}
          required
        />
        <TextAreaField
          name="guidance"
          label="Guidance"
          problem={problem}
          value={guidance}
          onChange={setGuidance}
        />
        <h2>Rating scale, lowest first</h2>
        <p className="usa-hint">
          &ldquo;Insufficient information&rdquo; is always the lowest level.
        </p>
        {scale.map((l, i) => (
          <Fieldset
            key={i}
            legend={`Level ${i + 1}`}
            className="border-1px border-base-lighter padding-2 margin-bottom-2"
          >
            <TextField
              name={`scale.${i}.code`}
              label="Code"
              hint="lower-case letters, digits and _"
              problem={problem}
              value={l.code}
              onChange={(v) => setLevel(i, 'code', v)}
              required
            />
            <TextField
              name={`scale.${i}.label`}
              label="Label"
              problem={problem}
              value={l.label}
              onChange={(v) => setLevel(i, 'label', v)}
              required
            />
            <TextAreaField
              name={`scale.${i}.definition`}
              label="Definition"
              problem={problem}
              value={l.definition}
              onChange={(v) => setLevel(i, 'definition', v)}
              required
            />
          </Fieldset>
        ))}
        <Button type="button" outline onClick={() => setScale([...scale, blankLevel()])}>
          Add a level
        </Button>
        <h2>Indicators</h2>
        {indicators.map((ind, i) => (
          <Fieldset
            key={i}
            legend={`Indicator ${i + 1}`}
            className="border-1px border-base-lighter padding-2 margin-bottom-2"
          >
            <TextField
              name={`indicators.${i}.code`}
              label="Code"
              problem={problem}
              value={ind.code}
              onChange={(v) => setIndicator(i, 'code', v)}
              required
            />
            <TextField
              name={`indicators.${i}.question`}
              label="Question"
              problem={problem}
              value={ind.question}
              onChange={(v) => setIndicator(i, 'question', v)}
              required
            />
            <TextAreaField
              name={`indicators.${i}.guidance`}
              label="Indicator guidance"
              problem={problem}
              value={ind.guidance}
              onChange={(v) => setIndicator(i, 'guidance', v)}
            />
          </Fieldset>
        ))}
        <Button
          type="button"
          outline
          onClick={() => setIndicators([...indicators, blankIndicator()])}
        >
          Add an indicator
        </Button>
        <div className="margin-top-3">
          <Button type="submit">Save framework</Button>
        </div>
      </Form>
    </>
  );
}
