// Engagement vocabularies, shared with the server's domain rules (pure module, no I/O).
import {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  ENGAGEMENT_TOPICS,
  FOLLOW_UP_STATUSES,
  HOST_STANCES,
} from '../../../../src/domain/engagements.ts';
import { INCIDENT_CATEGORIES, POLICY_TOPICS } from '../../../../src/domain/vocabularies.ts';

export {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  ENGAGEMENT_TOPICS,
  FOLLOW_UP_STATUSES,
  HOST_STANCES,
};
export { INCIDENT_CATEGORIES, POLICY_TOPICS };
