// The whole schema. Each capability keeps its tables in a file of its own here.
export * from './reference.ts';
export * from './identity.ts';
export * from './system.ts';
export * from './incidents.ts';
export * from './iomImport.ts';
export * from './statistics.ts';
export * from './attachments.ts';
export * from './protected.ts';
export * from './directives.ts';
export * from './jobs.ts';
export * from './reports.ts';
export * from './savedSearches.ts';
export * from './engagements.ts';
export * from './assessments.ts';
export * from './partners.ts';
export * from './ingest.ts';
export * from './justice.ts';
