// Labelled form fields that show their own error beside them (USWDS form-group pattern).
// The input's id comes from the server field path so the error summary can link to it.
import {
  ErrorMessage,
  FormGroup,
  Label,
  Select,
  Textarea,
  TextInput,
} from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import type { Problem } from '../api.ts';
import { fieldError, fieldId } from '../problems.ts';

interface CommonProps {
  /** The server's field path, e.g. "username" or "roles.0.postId". */
  name: string;
  label: string;
  problem: Problem | null;
  hint?: string;
  required?: boolean;
}

interface TextFieldProps extends CommonProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'date' | 'url';
  autoComplete?: string;
  /** The on-screen keyboard to offer, e.g. "numeric" or "decimal" for numbers typed as text. */
  inputMode?: 'numeric' | 'decimal';
}

function describedBy(
  id: string,
  hint: string | undefined,
  error: string | undefined,
): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField({
  name,
  label,
  problem,
  hint,
  required,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
}: TextFieldProps) {
  const id = fieldId(name);
  const error = fieldError(problem, name);
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={id} error={!!error} requiredMarker={required}>
        {label}
      </Label>
      {hint && (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <TextInput
        id={id}
        name={name}
        // TextInput's types omit "date", which it renders just the same (a native date input).
        type={type as 'text'}
        value={value}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        validationStatus={error ? 'error' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormGroup>
  );
}

interface SelectFieldProps extends CommonProps {
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}

export function SelectField({
  name,
  label,
  problem,
  hint,
  required,
  value,
  onChange,
  children,
}: SelectFieldProps) {
  const id = fieldId(name);
  const error = fieldError(problem, name);
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={id} error={!!error} requiredMarker={required}>
        {label}
      </Label>
      {hint && (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <Select
        id={id}
        name={name}
        value={value}
        required={required}
        validationStatus={error ? 'error' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </Select>
    </FormGroup>
  );
}

export function TextAreaField({
  name,
  label,
  problem,
  hint,
  required,
  value,
  onChange,
}: Omit<TextFieldProps, 'type' | 'autoComplete' | 'inputMode'>) {
  const id = fieldId(name);
  const error = fieldError(problem, name);
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={id} error={!!error} requiredMarker={required}>
        {label}
      </Label>
      {hint && (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <Textarea
        id={id}
        name={name}
        value={value}
        required={required}
        error={!!error}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormGroup>
  );
}
