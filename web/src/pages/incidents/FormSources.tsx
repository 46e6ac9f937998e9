// The sources part of the incident form: what is linked (or chosen, on a new record) with its
// credibility grade and excerpt, and the picker to link more.
import { Button, Fieldset } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { INFORMATION_CREDIBILITY, labelOf } from '../../vocabularies.ts';

export interface ListedSource {
  id: string;
  label: string;
  credibility: number;
  excerpt: string | null;
}

export function FormSources({
  items,
  hint,
  onRemove,
  picker,
}: {
  items: ListedSource[];
  hint: string;
  onRemove?: (id: string) => void;
  picker: ReactNode;
}) {
  return (
    <Fieldset legend="Sources" legendStyle="large" id="field-sources">
      <p className="usa-hint">{hint}</p>
      {items.length > 0 && (
        <ul className="usa-list usa-list--unstyled" data-testid="form-sources">
          {items.map((s) => (
            <li
              key={s.id}
              className="margin-bottom-2 border-left-05 border-base-lighter padding-left-2"
            >
              <p className="margin-y-05 text-bold">{s.label}</p>
              <p className="margin-y-05">
                Credibility {s.credibility} (
                {labelOf(INFORMATION_CREDIBILITY, String(s.credibility))})
              </p>
              {s.excerpt && (
                <blockquote className="margin-y-05 margin-left-0">{s.excerpt}</blockquote>
              )}
              {onRemove && (
                <Button type="button" unstyled onClick={() => onRemove(s.id)}>
                  Remove {s.label}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {picker}
    </Fieldset>
  );
}
