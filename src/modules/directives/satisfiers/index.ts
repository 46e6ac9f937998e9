// The record types that can satisfy requirements today. A new record type adds one line here
// (or calls registerSatisfier from its own module at start).
import { engagementSatisfier } from './engagements.ts';
import { incidentSatisfier } from './incidents.ts';
import { registerSatisfier } from './registry.ts';

registerSatisfier(incidentSatisfier);
registerSatisfier(engagementSatisfier);

export * from './registry.ts';
