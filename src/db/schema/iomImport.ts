// Which IOM Missing Migrants Project record became which incident, so that importing the same
// file again creates nothing new. The key is the file's own ID within its layout: the 2019
// export's Web ID and the newer layouts' Incident ID are separate numbering schemes.
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.ts';

export const iomImportRows = pgTable(
  'iom_import_rows',
  {
    layout: text('layout').notNull(),
    externalId: text('external_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    // The import that created the incident: the `entity_id` of its one 'import.iom' audit entry.
    importId: uuid('import_id').notNull(),
    sourceRowNumber: integer('source_row_number').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.layout, t.externalId] }),
    index('iom_import_rows_incident_idx').on(t.incidentId),
    index('iom_import_rows_import_idx').on(t.importId),
  ],
);
