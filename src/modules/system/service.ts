// Installation-level facts and checks: what the system is running on, whether the data is
// synthetic demo data, readiness, and audit-chain verification.
import type { BackendKind, Database } from '../../db/connection.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import * as q from './queries.ts';
import { describeChainProblem } from '../../domain/auditChain.ts';

export const VERSION = '0.1.0';
export const SYNTHETIC_DATA_KEY = 'synthetic_data';

export async function systemInfo(db: Database, backend: BackendKind) {
  const synthetic = await q.readSetting(db, SYNTHETIC_DATA_KEY);
  return { name: 'Rapporteur', version: VERSION, backend, syntheticData: synthetic === true };
}

export async function checkReady(db: Database): Promise<void> {
  await q.ping(db);
}

export async function auditReport(db: Database) {
  const result = await verifyAuditChain(db);
  return {
    ok: result.ok,
    checked: result.checked,
    firstBadSeq: result.problem?.seq ?? null,
    problem: result.problem ? describeChainProblem(result.problem) : null,
  };
}
