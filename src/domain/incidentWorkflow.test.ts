import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, Invalid } from './errors.ts';
import {
  assertDecisionComment,
  assertIndependentReviewer,
  assertReadyToSubmit,
  canSeeIncident,
  editableBy,
  factErrors,
  incidentVisibility,
  latestPossibleToday,
  locationWarnings,
  nextStatus,
} from './incidentWorkflow.ts';
import type { Principal, RoleAssignment } from './policy.ts';

const principal = (...roles: Partial<RoleAssignment>[]): Principal => ({
  userId: 'me',
  username: 'me',
  displayName: 'Me',
  via: 'session',
  roles: roles.map((r) => ({ role: 'reporter', postId: null, regionId: null, ...r })),
});

describe('incident workflow', () => {
  it('moves draft and returned records to submitted, and submitted ones to a decision', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('returned', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'return')).toBe('returned');
    expect(nextStatus('submitted', 'verify')).toBe('verified');
    expect(nextStatus('submitted', 'reject')).toBe('rejected');
  });

  it('refuses every other move as a conflict with the state of the record', () => {
    expect(() => nextStatus('draft', 'verify')).toThrow(Conflict);
    expect(() => nextStatus('verified', 'submit')).toThrow(Conflict);
    expect(() => nextStatus('merged', 'reject')).toThrow(Conflict);
  });

  it('needs a source to submit and a comment to return or reject', () => {
    expect(() => assertReadyToSubmit(0)).toThrow(Invalid);
    expect(() => assertReadyToSubmit(1)).not.toThrow();
    expect(() => assertDecisionComment('return', '  ')).toThrow(Invalid);
    expect(() => assertDecisionComment('reject', undefined)).toThrow(Invalid);
    expect(() => assertDecisionComment('verify', undefined)).not.toThrow();
  });

  it('keeps authors and editors from reviewing their own record', () => {
    expect(() => assertIndependentReviewer('r', ['a', null, 'r'])).toThrow(Forbidden);
    expect(() => assertIndependentReviewer('r', ['a', null])).not.toThrow();
  });

  it('lets the post edit while the record is with the post, editors until it is merged', () => {
    expect(editableBy('draft', false)).toBe(true);
    expect(editableBy('returned', false)).toBe(true);
    expect(editableBy('submitted', false)).toBe(false);
    expect(editableBy('verified', true)).toBe(true);
    expect(editableBy('merged', true)).toBe(false);
  });
});

describe('incident facts', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  const fields = (facts: Parameters<typeof factErrors>[0]) =>
    factErrors(facts, now).map((e) => e.field);

  it('accepts a coherent record', () => {
    expect(
      fields({
        categories: ['trafficking'],
        occurredStart: '2026-06-01',
        occurredEnd: '2026-06-15',
        datePrecision: 'range',
        route: 'darien',
        marking: 'sbu',
        latitude: 8.5,
        longitude: -77.5,
      }),
    ).toEqual([]);
  });

  it('names each field at fault', () => {
    expect(fields({ categories: ['trafficking', 'littering'] })).toEqual(['categories.1']);
    expect(fields({ occurredStart: '2026-06-10', occurredEnd: '2026-06-01' })).toEqual([
      'occurredEnd',
    ]);
    expect(fields({ occurredStart: '2026-07-01', occurredEnd: '2026-07-01' })).toEqual([
      'occurredStart',
      'occurredEnd',
    ]);
    expect(fields({ datePrecision: 'decade', route: 'moon', marking: 'top_secret' })).toEqual([
      'datePrecision',
      'route',
      'marking',
    ]);
    expect(fields({ latitude: 91, longitude: 181 })).toEqual(['latitude', 'longitude']);
    expect(fields({ latitude: 10, longitude: null })).toEqual(['longitude']);
    expect(
      fields({ outcome: { arrests: 2, arrestsOn: '2026-05-01', chargedOn: '2027-01-01' } }),
    ).toEqual(['outcome.chargedOn']);
  });

  it("takes today as the latest date anywhere on Earth, so a Pacific post's today is not the future", () => {
    expect(latestPossibleToday(new Date('2026-06-15T12:00:00Z'))).toBe('2026-06-16');
    expect(fields({ occurredStart: '2026-06-16', occurredEnd: '2026-06-16' })).toEqual([]);
  });

  it('warns when a point is far from the stated country, and only then', () => {
    const france = { code: 'FR', name: 'France', latitude: 46, longitude: 2 };
    expect(locationWarnings({ latitude: 43.3, longitude: 5.4 }, france)).toEqual([]);
    expect(locationWarnings({ latitude: -43.3, longitude: -5.4 }, france)).toHaveLength(1);
    expect(locationWarnings({ latitude: null, longitude: null }, france)).toEqual([]);
  });
});

describe('who sees an incident', () => {
  const record = (over: Partial<Parameters<typeof canSeeIncident>[1]> = {}) => ({
    postId: 1,
    regionId: 10,
    status: 'draft' as const,
    createdBy: 'someone',
    ...over,
  });

  it("shows a post's drafts to its own post roles and to nobody else", () => {
    expect(canSeeIncident(incidentVisibility(principal({ postId: 1 })), record())).toBe(true);
    expect(canSeeIncident(incidentVisibility(principal({ postId: 2 })), record())).toBe(false);
    expect(
      canSeeIncident(incidentVisibility(principal({ role: 'reviewer', regionId: 10 })), record()),
    ).toBe(false);
    expect(canSeeIncident(incidentVisibility(principal({ role: 'editor' })), record())).toBe(false);
    expect(
      canSeeIncident(
        incidentVisibility(principal({ role: 'editor' })),
        record({ createdBy: 'me' }),
      ),
    ).toBe(true);
  });

  it("shows released records to the region's reviewers and to editors and analysts", () => {
    const submitted = record({ status: 'submitted' });
    expect(
      canSeeIncident(incidentVisibility(principal({ role: 'reviewer', regionId: 10 })), submitted),
    ).toBe(true);
    expect(
      canSeeIncident(incidentVisibility(principal({ role: 'reviewer', regionId: 11 })), submitted),
    ).toBe(false);
    expect(canSeeIncident(incidentVisibility(principal({ role: 'analyst' })), submitted)).toBe(
      true,
    );
    expect(canSeeIncident(incidentVisibility(principal({ postId: 2 })), submitted)).toBe(false);
  });
});
