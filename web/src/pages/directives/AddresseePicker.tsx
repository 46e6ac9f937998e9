// Whom a directive goes to: whole regions (bureaus), countries (every post there) and single
// posts. Resolved to posts when the directive is issued; the directive page lists them.
import { Checkbox, Fieldset, Label, Select } from '@trussworks/react-uswds';
import type { Country, Post, Region } from '../../api.ts';
import type { Addressees } from '../../directivesApi.ts';

interface Props {
  value: Addressees;
  onChange: (value: Addressees) => void;
  regions: Region[];
  countries: Country[];
  posts: Post[];
  error?: string | undefined;
}

const toggle = <T,>(list: T[], item: T) =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

export function AddresseePicker({ value, onChange, regions, countries, posts, error }: Props) {
  return (
    <Fieldset legend="Addressees" className="margin-bottom-3" id="field-addressees">
      {error && (
        <span className="usa-error-message" role="alert">
          {error}
        </span>
      )}
      <Fieldset legend="Regions" legendStyle="srOnly">
        <p className="text-bold margin-bottom-0">Regions (every post in the region)</p>
        {regions.map((r) => (
          <Checkbox
            key={r.id}
            id={`addressee-region-${r.id}`}
            name="regions"
            label={r.name}
            checked={value.regionIds.includes(r.id)}
            onChange={() => onChange({ ...value, regionIds: toggle(value.regionIds, r.id) })}
          />
        ))}
      </Fieldset>
      <Label htmlFor="addressee-countries">Countries (every post in the country)</Label>
      <div className="usa-hint" id="addressee-countries-hint">
        Hold Ctrl (or ⌘) to choose several.
      </div>
      <Select
        id="addressee-countries"
        name="countries"
        multiple
        aria-describedby="addressee-countries-hint"
        value={value.countryCodes}
        onChange={(e) =>
          onChange({ ...value, countryCodes: [...e.target.selectedOptions].map((o) => o.value) })
        }
        style={{ height: '8rem' }}
      >
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </Select>
      <Label htmlFor="addressee-posts">Single posts</Label>
      <Select
        id="addressee-posts"
        name="posts"
        multiple
        value={value.postIds.map(String)}
        onChange={(e) =>
          onChange({ ...value, postIds: [...e.target.selectedOptions].map((o) => Number(o.value)) })
        }
        style={{ height: '8rem' }}
      >
        {posts
          .filter((p) => p.active)
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.code})
            </option>
          ))}
      </Select>
    </Fieldset>
  );
}
