// Field-level differences between two versions of a record, as the audit log and the
// history views show them: only the fields that changed, each with its before and after.
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  ignore: readonly string[] = ['version', 'updatedAt'],
): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}
