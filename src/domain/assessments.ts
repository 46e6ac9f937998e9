// The rules of policy assessments, as pure functions. A framework version has indicators and
// one rating scale, lowest level first; the lowest level is always "insufficient information",
// and an indicator with no evidence linked cannot be rated above it. Workflow as for incidents:
// draft|returned → submitted (the post's approver) → reviewed | returned (a reviewer of the
// region or an editor who did not write or edit it).
import { Conflict, type FieldError } from './errors.ts';

export const INSUFFICIENT = 'insufficient_information';

export const INSUFFICIENT_LEVEL = {
  code: INSUFFICIENT,
  label: 'Insufficient information',
  definition: 'The evidence at hand does not allow a rating.',
} as const;

/** Record types an indicator's evidence may point to (statistics: a dataset). */
export const EVIDENCE_RECORD_TYPES = ['source', 'incident', 'engagement', 'statistic'] as const;
export type EvidenceRecordType = (typeof EVIDENCE_RECORD_TYPES)[number];

export interface Level {
  code: string;
  label: string;
  definition: string;
}
export interface Indicator {
  code: string;
  question: string;
  guidance: string;
}
export interface FrameworkContent {
  guidance: string;
  scale: Level[];
  indicators: Indicator[];
}

const CODE = /^[a-z0-9][a-z0-9_]*$/;

/** The scale as stored: "insufficient information" first, whether or not the editor listed it. */
export function normaliseScale(scale: readonly Level[]): Level[] {
  const rest = scale.filter((l) => l.code !== INSUFFICIENT);
  const own = scale.find((l) => l.code === INSUFFICIENT);
  return [own ?? { ...INSUFFICIENT_LEVEL }, ...rest];
}

export function frameworkErrors(content: FrameworkContent): FieldError[] {
  const errors: FieldError[] = [];
  const levels = new Set<string>();
  content.scale.forEach((l, i) => {
    if (!CODE.test(l.code))
      errors.push({ field: `scale.${i}.code`, message: 'use lower-case letters, digits and _' });
    if (levels.has(l.code))
      errors.push({ field: `scale.${i}.code`, message: `level "${l.code}" is listed twice` });
    levels.add(l.code);
    if (!l.definition.trim())
      errors.push({ field: `scale.${i}.definition`, message: 'each level needs a definition' });
  });
  if (content.scale.filter((l) => l.code !== INSUFFICIENT).length < 2)
    errors.push({
      field: 'scale',
      message: 'a scale needs at least two levels besides "insufficient information"',
    });
  const codes = new Set<string>();
  content.indicators.forEach((ind, i) => {
    if (!CODE.test(ind.code))
      errors.push({
        field: `indicators.${i}.code`,
        message: 'use lower-case letters, digits and _',
      });
    if (codes.has(ind.code))
      errors.push({
        field: `indicators.${i}.code`,
        message: `indicator "${ind.code}" is listed twice`,
      });
    codes.add(ind.code);
  });
  if (content.indicators.length === 0)
    errors.push({ field: 'indicators', message: 'a framework needs at least one indicator' });
  return errors;
}

export interface RatingInput {
  indicatorCode: string;
  rating: string | null;
  evidenceCount: number;
}

/** Errors in a set of ratings against a framework version, named by their position in the request. */
export function ratingErrors(
  content: Pick<FrameworkContent, 'scale' | 'indicators'>,
  ratings: readonly RatingInput[],
): FieldError[] {
  const errors: FieldError[] = [];
  const scale = content.scale.map((l) => l.code);
  ratings.forEach((r, i) => {
    if (!content.indicators.some((ind) => ind.code === r.indicatorCode)) {
      errors.push({
        field: `ratings.${i}.indicatorCode`,
        message: `indicator "${r.indicatorCode}" is not in this framework version`,
      });
      return;
    }
    if (r.rating === null) return;
    if (!scale.includes(r.rating)) {
      errors.push({
        field: `ratings.${i}.rating`,
        message: `"${r.rating}" is not on this framework's scale (${scale.join(', ')})`,
      });
      return;
    }
    if (r.rating !== INSUFFICIENT && r.evidenceCount === 0)
      errors.push({
        field: `ratings.${i}.rating`,
        message: 'link evidence before rating above "insufficient information"',
      });
  });
  return errors;
}

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'reviewed';
export type AssessmentAction = 'submit' | 'review' | 'return';

const FROM: Record<AssessmentAction, readonly AssessmentStatus[]> = {
  submit: ['draft', 'returned'],
  review: ['submitted'],
  return: ['submitted'],
};
const TO: Record<AssessmentAction, AssessmentStatus> = {
  submit: 'submitted',
  review: 'reviewed',
  return: 'returned',
};

export function nextAssessmentStatus(
  current: AssessmentStatus,
  action: AssessmentAction,
): AssessmentStatus {
  if (!FROM[action].includes(current))
    throw new Conflict(
      `A ${current} assessment cannot be ${TO[action]}; only ${FROM[action].join(' or ')} assessments can.`,
    );
  return TO[action];
}

/** Post roles edit while the assessment is with the post; editors may correct any. */
export function assessmentEditable(status: AssessmentStatus, byEditor: boolean): boolean {
  return byEditor || status === 'draft' || status === 'returned';
}

/** Rank of a level on the scale (0 = insufficient information); -1 when unrated or unknown. */
export function rankOf(scale: readonly Level[], code: string | null): number {
  return code === null ? -1 : scale.findIndex((l) => l.code === code);
}
