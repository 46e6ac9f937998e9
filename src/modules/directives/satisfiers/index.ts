// The record types that can satisfy requirements today. A new record type adds one line here
// (or calls registerSatisfier from its own module at start).
import { assessmentSatisfier } from './assessments.ts';
import { engagementSatisfier } from './engagements.ts';
import { incidentSatisfier } from './incidents.ts';
import { registerSatisfier } from './registry.ts';
import { statisticsSatisfier } from './statistics.ts';

registerSatisfier(incidentSatisfier);
registerSatisfier(engagementSatisfier);
registerSatisfier(assessmentSatisfier);
registerSatisfier(statisticsSatisfier);

export * from './registry.ts';
