import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import type { Executor } from '../../db/connection.ts';
import { auditLog, countries, posts, regions } from '../../db/schema/index.ts';
import { ISO_COUNTRIES } from '../../domain/isoCountries.ts';
import { countReferenceData } from './queries.ts';
import { embassyFor, seedReferenceData } from './seed.ts';

async function auditEntries(db: Executor, action: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
  return row?.n ?? 0;
}

async function bureauOf(db: Executor, alpha2: string): Promise<string | undefined> {
  const [row] = await db
    .select({ bureau: regions.code })
    .from(countries)
    .innerJoin(regions, eq(regions.id, countries.regionId))
    .where(eq(countries.code, alpha2));
  return row?.bureau;
}

describeEachBackend('reference data seed', (getDb) => {
  it('creates the six bureaus, every ISO country and an embassy in each independent one', async () => {
    const { db } = getDb().handle;
    const summary = await seedReferenceData(db);

    expect(ISO_COUNTRIES).toHaveLength(250);
    expect(summary).toEqual({
      regionsAdded: 6,
      regionsUpdated: 0,
      countriesAdded: ISO_COUNTRIES.length,
      countriesUpdated: 0,
      postsAdded: 194, // world-countries marks 194 entries independent
    });
    expect(await countReferenceData(db)).toEqual({
      regions: 6,
      countries: 250,
      posts: 194,
      populations: 0,
    });
    expect(await auditEntries(db, 'reference.seed')).toBe(1);
  });

  it.each([
    ['FR', 'EUR'],
    ['CA', 'WHA'],
    ['EG', 'NEA'],
    ['KZ', 'SCA'],
    ['MR', 'AF'],
    ['FJ', 'EAP'],
    ['GL', 'EUR'],
  ])('files %s under the %s bureau', async (alpha2, bureau) => {
    expect(await bureauOf(getDb().handle.db, alpha2)).toBe(bureau);
  });

  it('records a country as ISO 3166-1 states it', async () => {
    const { db } = getDb().handle;
    const [france] = await db.select().from(countries).where(eq(countries.code, 'FR'));
    expect(france).toMatchObject({
      alpha3: 'FRA',
      numeric: '250',
      name: 'France',
      officialName: 'French Republic',
      independent: true,
      capital: 'Paris',
    });
    // Kosovo: a user-assigned code, no ISO numeric, independence disputed, so no embassy.
    const [kosovo] = await db.select().from(countries).where(eq(countries.code, 'XK'));
    expect(kosovo).toMatchObject({ alpha3: 'UNK', numeric: null, independent: false });
    expect(await db.select().from(posts).where(eq(posts.countryCode, 'XK'))).toEqual([]);
  });

  it('names each embassy after the capital it sits in', async () => {
    const { db } = getDb().handle;
    const [paris] = await db.select().from(posts).where(eq(posts.code, 'EMB-FR'));
    expect(paris).toMatchObject({
      name: 'Embassy Paris',
      kind: 'embassy',
      countryCode: 'FR',
      city: 'Paris',
      active: true,
    });
    // South Africa lists three capitals; the embassy is in the seat of government.
    const [pretoria] = await db.select().from(posts).where(eq(posts.code, 'EMB-ZA'));
    expect(pretoria).toMatchObject({ name: 'Embassy Pretoria', city: 'Pretoria' });
    // Territories get no embassy of their own.
    expect(await db.select().from(posts).where(eq(posts.countryCode, 'GL'))).toEqual([]);
  });

  it('changes nothing when run again', async () => {
    const { db } = getDb().handle;
    const before = await countReferenceData(db);
    const [parisBefore] = await db.select().from(posts).where(eq(posts.code, 'EMB-FR'));

    const summary = await seedReferenceData(db);

    expect(summary).toEqual({
      regionsAdded: 0,
      regionsUpdated: 0,
      countriesAdded: 0,
      countriesUpdated: 0,
      postsAdded: 0,
    });
    expect(await countReferenceData(db)).toEqual(before);
    expect(await auditEntries(db, 'reference.seed')).toBe(1);
    const [parisAfter] = await db.select().from(posts).where(eq(posts.code, 'EMB-FR'));
    expect(parisAfter).toEqual(parisBefore);
  });

  it('keeps an admin’s edits to a post and restores only missing embassies', async () => {
    const { db } = getDb().handle;
    await db
      .update(posts)
      .set({
        name: 'Embassy of the Republic in Paris',
        city: 'Paris 7e',
        active: false,
        version: 2,
      })
      .where(eq(posts.code, 'EMB-FR'));
    await db.delete(posts).where(eq(posts.code, 'EMB-DE'));

    const summary = await seedReferenceData(db);

    expect(summary.postsAdded).toBe(1);
    const [paris] = await db.select().from(posts).where(eq(posts.code, 'EMB-FR'));
    expect(paris).toMatchObject({
      name: 'Embassy of the Republic in Paris',
      city: 'Paris 7e',
      active: false,
      version: 2,
    });
    const [berlin] = await db.select().from(posts).where(eq(posts.code, 'EMB-DE'));
    expect(berlin).toMatchObject({ name: 'Embassy Berlin', city: 'Berlin' });
  });

  it('puts back a bureau’s name and a country’s facts that drifted from the reference', async () => {
    const { db } = getDb().handle;
    await db.update(regions).set({ name: 'Europe' }).where(eq(regions.code, 'EUR'));
    await db.update(countries).set({ capital: 'Lyon' }).where(eq(countries.code, 'FR'));

    const summary = await seedReferenceData(db);

    expect(summary).toMatchObject({ regionsUpdated: 1, countriesUpdated: 1, countriesAdded: 0 });
    const [eur] = await db.select().from(regions).where(eq(regions.code, 'EUR'));
    expect(eur?.name).toBe('Europe and Eurasia');
    const [france] = await db.select().from(countries).where(eq(countries.code, 'FR'));
    expect(france?.capital).toBe('Paris');
  });
});

describe('embassy naming', () => {
  it('names the post after the country when the capital is not known', () => {
    expect(
      embassyFor({
        cca2: 'ZZ',
        name: { common: 'Nowhere', official: 'Republic of Nowhere', native: {} },
        capital: [],
      }),
    ).toEqual({
      code: 'EMB-ZZ',
      name: 'Embassy to Nowhere',
      kind: 'embassy',
      countryCode: 'ZZ',
      city: null,
    });
  });
});
