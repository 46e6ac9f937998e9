// Sign-in settings that administrators change at run time: whether MFA is required (for
// everyone, or for those who can see protected victim details) and the system-use notice shown
// on the sign-in page. Kept as one row of the settings table, versioned like any edit.
import { z } from 'zod';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { Conflict } from '../../domain/errors.ts';
import * as q from './queries.ts';

export const MFA_REQUIREMENTS = ['off', 'all', 'protected'] as const;
export type MfaRequirement = (typeof MFA_REQUIREMENTS)[number];

export const signInSettingsValue = z.object({
  mfaRequired: z.enum(MFA_REQUIREMENTS),
  systemNotice: z.string().max(4000),
});
export type SignInSettingsValue = z.infer<typeof signInSettingsValue>;

export const DEFAULT_NOTICE =
  'This is a restricted system for authorised staff of the ministry and its partners. ' +
  'Use is monitored and logged; unauthorised use is prohibited.';

const KEY = 'auth.sign_in';

export async function getSignInSettings(
  db: Executor,
): Promise<SignInSettingsValue & { version: number }> {
  const row = await q.readSetting(db, KEY);
  const parsed = signInSettingsValue.safeParse(row?.value);
  const value = parsed.success
    ? parsed.data
    : { mfaRequired: 'off' as const, systemNotice: DEFAULT_NOTICE };
  return { ...value, version: row?.version ?? 0 };
}

export async function updateSignInSettings(
  db: Database,
  actor: Actor,
  input: SignInSettingsValue & { version: number },
) {
  const { version, ...value } = input;
  return db.transaction(async (tx) => {
    const before = await getSignInSettings(tx);
    const row = await q.writeSetting(tx, KEY, value, version + 1);
    if (!row || before.version !== version) {
      throw new Conflict(
        `The sign-in settings were changed by someone else (you edited version ${version}, they are now version ${before.version}). Reload and reapply your change.`,
        before,
      );
    }
    await appendAudit(tx, actor, {
      action: 'settings.sign_in_updated',
      entityType: 'settings',
      entityId: KEY,
      changes: {
        from: { mfaRequired: before.mfaRequired, systemNotice: before.systemNotice },
        to: value,
      },
    });
    return { ...value, version: row.version };
  });
}
