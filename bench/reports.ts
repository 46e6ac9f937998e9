// Report generation at scale: with N synthetic incidents in the database (default 100,000),
// generate the country report of every country in one region and export each as DOCX and PDF,
// through the same services the API uses. Target (issue 7): under 60 s on the PostgreSQL server.
import { sql } from 'drizzle-orm';
import type { RunningServer } from '../src/app.ts';
import { systemActor } from '../src/db/audit.ts';
import { queryRows } from '../src/db/raw.ts';
import type { Principal } from '../src/domain/policy.ts';
import { generateSyntheticData } from '../src/modules/demo/generate.ts';
import { createReport, exportReport } from '../src/modules/reports/service.ts';

export interface ReportFigures {
  incidents: number;
  generateDataSeconds: number;
  region: string;
  countries: number;
  seconds: number;
  docxBytes: number;
  pdfBytes: number;
}

export async function measureReports(
  server: RunningServer,
  editorId: string,
  incidents: number,
  regionCode = 'EUR',
): Promise<ReportFigures> {
  const db = server.handle.db;
  const generated = await generateSyntheticData(db, systemActor('bench'), {
    incidents,
    batchSize: 50_000,
  });
  const [region] = await queryRows<{ id: number; name: string }>(
    db,
    sql`select id, name from regions where code = ${regionCode}`,
  );
  const countries = await queryRows<{ code: string }>(
    db,
    sql`select distinct c.code from countries c join posts p on p.country_code = c.code
        where c.region_id = ${region!.id} and p.kind = 'embassy' order by c.code`,
  );
  const principal: Principal = {
    userId: editorId,
    username: 'bench.editor',
    displayName: 'Benchmark editor',
    roles: [{ role: 'editor', postId: null, regionId: null }],
    via: 'system',
  };
  const caller = { principal, actor: { id: editorId, label: 'bench' } };
  const year = 2025;
  let docxBytes = 0;
  let pdfBytes = 0;
  const started = performance.now();
  for (const { code } of countries) {
    const report = await createReport(db, caller, { countryCode: code, year });
    docxBytes += (await exportReport(db, caller, report.id, 'docx', 'internal')).body.length;
    pdfBytes += (await exportReport(db, caller, report.id, 'pdf', 'internal')).body.length;
  }
  return {
    incidents: generated.incidents,
    generateDataSeconds: generated.seconds,
    region: region!.name,
    countries: countries.length,
    seconds: (performance.now() - started) / 1000,
    docxBytes,
    pdfBytes,
  };
}
