import { and, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import { auditLog, populations } from '../../db/schema/index.ts';
import { Invalid } from '../../domain/errors.ts';
import { loadReferenceData } from './load.ts';
import { DEFAULT_POPULATION_FILE, importWorldBankPopulation } from './population.ts';

describeEachBackend('first-run reference data load', (getDb) => {
  it('refuses to import population figures before there are countries to attach them to', async () => {
    const error = await importWorldBankPopulation(getDb().handle.db, DEFAULT_POPULATION_FILE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).errors[0]?.field).toBe('countries');
  });

  it('seeds the organisation and the shipped figures once, even when two instances start together', async () => {
    const { db } = getDb().handle;
    const both = await Promise.all([loadReferenceData(db), loadReferenceData(db)]);

    // Whichever got the lock first did the work; the other found everything in place.
    const [first, second] = both[0].population ? both : [both[1], both[0]];
    expect(first.seed).toMatchObject({ regionsAdded: 6, countriesAdded: 250, postsAdded: 194 });
    expect(first.population).toMatchObject({
      imported: 13_945,
      changed: 13_945,
      skippedAggregates: 3_250,
    });
    expect(second.seed).toEqual({
      regionsAdded: 0,
      regionsUpdated: 0,
      countriesAdded: 0,
      countriesUpdated: 0,
      postsAdded: 0,
    });
    expect(second.population).toBeNull();
    for (const summary of both) {
      expect(summary.totals).toEqual({
        regions: 6,
        countries: 250,
        posts: 194,
        populations: 13_945,
      });
    }
    const audited = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(like(auditLog.action, 'reference.%'))
      .orderBy(auditLog.seq);
    expect(audited.map((a) => a.action)).toEqual(['reference.seed', 'reference.population.import']);
  });

  it('leaves loaded figures alone on the next start', async () => {
    const { db } = getDb().handle;
    // An admin imported a newer figure; a restart must not put the shipped one back.
    await db
      .update(populations)
      .set({ population: 84_000_000 })
      .where(and(eq(populations.countryCode, 'DE'), eq(populations.year, 2020)));

    const summary = await loadReferenceData(db);

    expect(summary.seed).toEqual({
      regionsAdded: 0,
      regionsUpdated: 0,
      countriesAdded: 0,
      countriesUpdated: 0,
      postsAdded: 0,
    });
    expect(summary.population).toBeNull();
    expect(summary.totals).toEqual({ regions: 6, countries: 250, posts: 194, populations: 13_945 });
    const [germany] = await db
      .select()
      .from(populations)
      .where(and(eq(populations.countryCode, 'DE'), eq(populations.year, 2020)));
    expect(germany?.population).toBe(84_000_000);
  });
});
