// The synthetic demo data set (`rapporteur serve --demo`): demo users for each role, marked
// synthetic in the database, and the installation-wide flag that puts the "synthetic demo
// data" banner on every page and every export. Later capabilities add their demo records here.
import { appendAudit, systemActor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { createUser } from '../admin/service.ts';
import { existingUsernames, postByCode, regionByCode } from '../admin/queries.ts';
import { writeSetting } from '../system/queries.ts';
import { SYNTHETIC_DATA_KEY } from '../system/service.ts';

export const DEMO_PASSWORD = 'demo-password-not-secret';

export async function loadDemoData(db: Database): Promise<{ usersCreated: number }> {
  const actor = systemActor('demo-loader');
  await db.transaction(async (tx) => {
    await writeSetting(tx, SYNTHETIC_DATA_KEY, true);
    await appendAudit(tx, actor, {
      action: 'demo.marked_synthetic',
      entityType: 'settings',
      entityId: SYNTHETIC_DATA_KEY,
    });
  });
  const paris = await postByCode(db, 'EMB-FR');
  const europe = await regionByCode(db, 'EUR');
  if (!paris || !europe)
    throw new Error('reference data missing: the demo needs Embassy Paris and the Europe bureau');
  const demoUsers = [
    {
      username: 'demo.reporter',
      displayName: 'Demo Reporter (synthetic)',
      roles: [{ role: 'reporter' as const, postId: paris.id }],
    },
    {
      username: 'demo.approver',
      displayName: 'Demo Approver (synthetic)',
      roles: [{ role: 'approver' as const, postId: paris.id }],
    },
    {
      username: 'demo.reviewer',
      displayName: 'Demo Reviewer (synthetic)',
      roles: [{ role: 'reviewer' as const, regionId: europe.id }],
    },
    {
      username: 'demo.editor',
      displayName: 'Demo Editor (synthetic)',
      roles: [{ role: 'editor' as const }],
    },
    {
      username: 'demo.analyst',
      displayName: 'Demo Analyst (synthetic)',
      roles: [{ role: 'analyst' as const }],
    },
  ];
  const have = await existingUsernames(
    db,
    demoUsers.map((u) => u.username),
  );
  let usersCreated = 0;
  for (const u of demoUsers) {
    if (have.has(u.username)) continue;
    await createUser(db, actor, {
      ...u,
      password: DEMO_PASSWORD,
      mustChangePassword: false,
      synthetic: true,
    });
    usersCreated++;
  }
  return { usersCreated };
}
