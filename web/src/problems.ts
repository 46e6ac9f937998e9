// Helpers for showing a server problem next to the form fields it names.
import type { Problem } from './api.ts';

/** The id of the input for a server field path: "roles.0.postId" → "field-roles-0-postId". */
export function fieldId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The message for one field, if the problem names it. */
export function fieldError(problem: Problem | null, field: string): string | undefined {
  return problem?.errors?.find((e) => e.field === field)?.message;
}
