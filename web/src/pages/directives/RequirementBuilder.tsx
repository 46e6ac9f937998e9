// The ordered requirements of a directive: each collects records of a registered type (with
// incident categories as criteria) or asks a question; required or optional, with guidance.
import {
  Button,
  Checkbox,
  Fieldset,
  Label,
  Select,
  TextInput,
  Textarea,
} from '@trussworks/react-uswds';
import type { Problem } from '../../api.ts';
import type { RequirementInput } from '../../directivesApi.ts';
import { fieldError } from '../../problems.ts';
import { ENGAGEMENT_KINDS } from '../../../../src/domain/engagements.ts';
import { STAT_COUNTED } from '../../../../src/domain/vocabularies.ts';
import { INCIDENT_CATEGORIES } from '../../vocabularies.ts';

interface Props {
  value: RequirementInput[];
  onChange: (value: RequirementInput[]) => void;
  recordTypes: { recordType: string; label: string }[];
  problem: Problem | null;
}

export function RequirementBuilder({ value, onChange, recordTypes, problem }: Props) {
  const set = (i: number, patch: Partial<RequirementInput>) =>
    onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };
  return (
    <Fieldset legend="Requirements" className="margin-bottom-3" id="field-requirements">
      {fieldError(problem, 'requirements') && (
        <span className="usa-error-message">{fieldError(problem, 'requirements')}</span>
      )}
      <ol className="usa-list">
        {value.map((r, i) => {
          const id = `req-${i}`;
          const categories = (r.criteria?.categories as string[] | undefined) ?? [];
          const catError = problem?.errors?.find((e) =>
            e.field.startsWith(`requirements.${i}.`),
          )?.message;
          return (
            <li key={i} className="border-1px border-base-lighter padding-2 margin-bottom-2">
              <Label htmlFor={`${id}-title`}>Requirement {i + 1}: title</Label>
              <TextInput
                id={`${id}-title`}
                name={`${id}-title`}
                type="text"
                value={r.title}
                onChange={(e) => set(i, { title: e.target.value })}
              />
              <Label htmlFor={`${id}-kind`}>What the post provides</Label>
              <Select
                id={`${id}-kind`}
                name={`${id}-kind`}
                value={r.kind === 'question' ? 'question' : (r.recordType ?? '')}
                onChange={(e) =>
                  e.target.value === 'question'
                    ? set(i, { kind: 'question', recordType: null, criteria: {} })
                    : set(i, {
                        kind: 'records',
                        recordType: e.target.value,
                        criteria: e.target.value === 'incident' ? { categories: [] } : {},
                      })
                }
              >
                <option value="question">An answer in text</option>
                {recordTypes.map((t) => (
                  <option key={t.recordType} value={t.recordType}>
                    Records: {t.label}
                  </option>
                ))}
              </Select>
              {r.kind === 'records' && r.recordType === 'incident' && (
                <>
                  <Label htmlFor={`${id}-categories`}>Incident categories</Label>
                  <Select
                    id={`${id}-categories`}
                    name={`${id}-categories`}
                    multiple
                    style={{ height: '7rem' }}
                    value={categories}
                    onChange={(e) =>
                      set(i, {
                        criteria: { categories: [...e.target.selectedOptions].map((o) => o.value) },
                      })
                    }
                  >
                    {INCIDENT_CATEGORIES.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </>
              )}
              {r.kind === 'records' && r.recordType === 'engagement' && (
                <>
                  <Label htmlFor={`${id}-kinds`}>Engagement kinds</Label>
                  <Select
                    id={`${id}-kinds`}
                    name={`${id}-kinds`}
                    multiple
                    style={{ height: '7rem' }}
                    value={(r.criteria?.kinds as string[] | undefined) ?? []}
                    onChange={(e) =>
                      set(i, {
                        criteria: { kinds: [...e.target.selectedOptions].map((o) => o.value) },
                      })
                    }
                  >
                    {ENGAGEMENT_KINDS.map((k) => (
                      <option key={k.code} value={k.code}>
                        {k.label}
                      </option>
                    ))}
                  </Select>
                </>
              )}
              {r.kind === 'records' && r.recordType === 'statistics_table' && (
                <>
                  <Label htmlFor={`${id}-counted`}>
                    Tables that count (none chosen: any table)
                  </Label>
                  <Select
                    id={`${id}-counted`}
                    name={`${id}-counted`}
                    multiple
                    style={{ height: '7rem' }}
                    value={(r.criteria?.counted as string[] | undefined) ?? []}
                    onChange={(e) =>
                      set(i, {
                        criteria: { counted: [...e.target.selectedOptions].map((o) => o.value) },
                      })
                    }
                  >
                    {STAT_COUNTED.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </>
              )}
              {r.kind === 'records' && r.recordType === 'assessment' && (
                <p className="usa-hint">
                  Any assessment of the host country whose period overlaps the reporting period.
                </p>
              )}
              {catError && <span className="usa-error-message">{catError}</span>}
              <Label htmlFor={`${id}-guidance`}>Guidance for posts</Label>
              <Textarea
                id={`${id}-guidance`}
                name={`${id}-guidance`}
                value={r.guidance ?? ''}
                onChange={(e) => set(i, { guidance: e.target.value })}
              />
              <Checkbox
                id={`${id}-required`}
                name={`${id}-required`}
                label="Required"
                checked={r.required}
                onChange={(e) => set(i, { required: e.target.checked })}
              />
              <div className="margin-top-1">
                <Button type="button" unstyled disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up<span className="usa-sr-only"> requirement {i + 1}</span>
                </Button>{' '}
                <Button
                  type="button"
                  unstyled
                  disabled={i === value.length - 1}
                  onClick={() => move(i, 1)}
                >
                  Move down<span className="usa-sr-only"> requirement {i + 1}</span>
                </Button>{' '}
                <Button
                  type="button"
                  unstyled
                  onClick={() => onChange(value.filter((_, j) => j !== i))}
                >
                  Remove<span className="usa-sr-only"> requirement {i + 1}</span>
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <Button
        type="button"
        outline
        onClick={() =>
          onChange([...value, { kind: 'question', title: '', guidance: '', required: true }])
        }
      >
        Add a requirement
      </Button>
    </Fieldset>
  );
}
