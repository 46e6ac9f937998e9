// Choose one or more roles for a user. Post roles ask for a post, the reviewer role for a
// region; the other roles apply everywhere. Field names follow the server's error paths
// ("roles.0.postId") so its messages land beside the right select.
import { Button, Fieldset } from '@trussworks/react-uswds';
import type { Problem } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import type { Directory } from '../../directory.ts';
import { fieldError, fieldId } from '../../problems.ts';
import { ROLE_LABELS, ROLES, scopeOf } from '../../roles.ts';
import { EMPTY_ROLE, type RoleDraft } from './roleDrafts.ts';

interface RolePickerProps {
  value: RoleDraft[];
  onChange: (value: RoleDraft[]) => void;
  directory: Directory;
  problem: Problem | null;
}

export function RolePicker({ value, onChange, directory, problem }: RolePickerProps) {
  const update = (index: number, change: Partial<RoleDraft>) =>
    onChange(value.map((d, i) => (i === index ? { ...d, ...change } : d)));
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index));
  const rolesError = fieldError(problem, 'roles');

  return (
    <Fieldset legend="Roles" className="margin-top-3">
      {rolesError && (
        <p className="usa-error-message" id={fieldId('roles')}>
          {rolesError}
        </p>
      )}
      {value.map((draft, i) => (
        <div
          key={i}
          id={fieldId(`roles.${i}`)}
          tabIndex={-1}
          className="border-1px border-base-lighter radius-md padding-2 margin-top-2"
          data-testid="role-row"
        >
          <p className="margin-0 text-bold">Role {i + 1}</p>
          {fieldError(problem, `roles.${i}`) && (
            <p className="usa-error-message">{fieldError(problem, `roles.${i}`)}</p>
          )}
          <SelectField
            name={`roles.${i}.role`}
            label="Role"
            problem={problem}
            value={draft.role}
            onChange={(role) =>
              update(i, { role: role as RoleDraft['role'], postId: '', regionId: '' })
            }
            required
          >
            <option value="">- Select a role -</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </SelectField>
          {draft.role !== '' && scopeOf(draft.role) === 'post' && (
            <SelectField
              name={`roles.${i}.postId`}
              label="Post"
              hint="The embassy, consulate or mission this role acts for."
              problem={problem}
              value={draft.postId}
              onChange={(postId) => update(i, { postId })}
              required
            >
              <option value="">- Select a post -</option>
              {directory.posts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.countryName})
                </option>
              ))}
            </SelectField>
          )}
          {draft.role !== '' && scopeOf(draft.role) === 'region' && (
            <SelectField
              name={`roles.${i}.regionId`}
              label="Region"
              hint="The regional bureau whose posts this reviewer covers."
              problem={problem}
              value={draft.regionId}
              onChange={(regionId) => update(i, { regionId })}
              required
            >
              <option value="">- Select a region -</option>
              {directory.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </SelectField>
          )}
          <Button type="button" unstyled className="margin-top-2" onClick={() => remove(i)}>
            Remove role {i + 1}
          </Button>
        </div>
      ))}
      <Button
        type="button"
        outline
        className="margin-top-2"
        onClick={() => onChange([...value, { ...EMPTY_ROLE }])}
      >
        Add {value.length ? 'another' : 'a'} role
      </Button>
    </Fieldset>
  );
}
