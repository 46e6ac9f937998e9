// Ingestion use cases: read a text (pasted or a file) into a source record and an ingested
// document with what the extraction engine proposes; review the proposals field by field;
// accept one (an incident proposal becomes a draft incident through the incidents service) or
// discard it. The same text twice is recognised by its normalised-text hash and not stored again.
import { createHash } from 'node:crypto';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import type { StoredProposalField } from '../../db/schema/index.ts';
import { Conflict, Invalid, NotFound } from '../../domain/errors.ts';
import { incidentVisibility } from '../../domain/incidentWorkflow.ts';
import { assertCan, can, PERMISSIONS, type Principal } from '../../domain/policy.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import { createIncident } from '../incidents/service.ts';
import { decodeFile, formatOf, MEDIA_TYPES, normaliseText } from './decode.ts';
import { extract } from './extract/engine.ts';
import { detectLanguage } from './extract/language.ts';
import { propose, type Proposal } from './extract/proposals.ts';
import { SUPPORTED_LANGUAGES } from './extract/types.ts';
import { findSource, insertSource } from '../sources/queries.ts';
import * as q from './queries.ts';

export interface IngestInput {
  postId: number;
  /** Pasted text, or the bytes of a file with its name and media type. */
  text?: string;
  file?: { bytes: Uint8Array; fileName: string | null; mediaType: string | null };
  publisher?: string | null;
  title?: string | null;
  url?: string | null;
  publishedOn?: string | null;
  sourceType?: string;
}

export interface IngestCaller {
  actor: Actor;
  /** Null for the command line, which acts as the operator of the installation. */
  principal: Principal | null;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** The duplicate key: case and spacing do not make a different article. */
export const textKey = (text: string) =>
  sha256(normaliseText(text).toLowerCase().replace(/\s+/g, ' '));
const today = () => new Date().toISOString().slice(0, 10);

async function scopeOf(db: Executor, postId: number) {
  const post = await q.postWithRegion(db, postId);
  if (!post) throw Invalid.field('postId', `post ${postId} does not exist`);
  return post;
}

function overallConfidence(p: Proposal): number {
  const spanned = p.fields.filter((f) => f.rule !== 'given');
  if (spanned.length === 0) return 1;
  return Math.round((spanned.reduce((n, f) => n + f.confidence, 0) / spanned.length) * 100) / 100;
}

const stored = (p: Proposal): StoredProposalField[] =>
  p.fields.map((f) => ({ ...f, decision: 'proposed' }));

/** The value a reviewer settled on: edited if edited, the proposal if accepted, nothing if not decided. */
function decided(fields: StoredProposalField[], name: string): unknown {
  const f = fields.find((x) => x.field === name);
  if (!f || f.decision === 'discarded' || f.decision === 'proposed') return undefined;
  return f.decision === 'edited' ? f.edited : f.value;
}

export async function ingest(db: Database, caller: IngestCaller, input: IngestInput) {
  let text: string;
  let mediaType: string;
  let originalHash: string;
  if (input.file) {
    const format = formatOf(input.file.fileName, input.file.mediaType);
    if (!format)
      throw Invalid.field('file', 'unsupported file type: upload .txt, .md, .html, .pdf or .docx');
    text = await decodeFile(input.file.bytes, format);
    mediaType = MEDIA_TYPES[format];
    originalHash = sha256(input.file.bytes);
  } else {
    text = normaliseText(input.text ?? '');
    if (text.length === 0) throw Invalid.field('text', 'the text is empty');
    if (text.includes('\u0000')) throw Invalid.field('text', 'the text contains binary data');
    mediaType = 'text/plain';
    originalHash = sha256(input.text ?? '');
  }
  const key = textKey(text);

  return db.transaction(async (tx) => {
    const post = await scopeOf(tx, input.postId);
    if (caller.principal)
      assertCan(caller.principal, 'ingest.write', { postId: post.postId, regionId: post.regionId });
    const existing = await q.documentByTextHash(tx, key);
    if (existing) {
      // The earlier copy is shown only to whoever may read it; others learn no more than that
      // the text is already in the system.
      const owner = await scopeOf(tx, existing.postId);
      if (
        caller.principal &&
        !can(caller.principal, 'ingest.read', { postId: owner.postId, regionId: owner.regionId })
      )
        throw new Conflict(
          'This text was already read in by another post. Ask that post or headquarters for it.',
        );
      return { duplicate: true as const, document: existing };
    }

    const detected = detectLanguage(text);
    const language = detected.language;
    const extraction = language
      ? extract(text, { language, publishedOn: input.publishedOn ?? null, today: today() })
      : null;
    const note = language
      ? null
      : `Extraction did not run: ${detected.detected === 'und' ? 'the language could not be told (too little text)' : `the text is in a language without a lexicon (${detected.detected})`}; supported: ${SUPPORTED_LANGUAGES.join(', ')}. The source was saved.`;
    const facts = {
      text,
      title: input.title,
      publisher: input.publisher,
      url: input.url,
      publishedOn: input.publishedOn,
      language,
    };
    const proposals = propose(facts, extraction);

    const sourceTitle = (
      input.title ??
      (proposals[0]!.fields.find((f) => f.field === 'title')?.value as string | undefined) ??
      'Untitled text'
    ).slice(0, 1000);
    const publisher =
      input.publisher ?? (input.url ? new URL(input.url).hostname : 'Unknown publisher');
    const sourceRow = await insertSource(tx, {
      type: input.sourceType ?? 'news_media',
      publisher,
      title: sourceTitle,
      url: input.url ?? null,
      publishedOn: input.publishedOn ?? extraction?.publicationDate?.value ?? null,
      language: language ?? detected.detected,
      reliability: 'F',
      postId: post.postId,
      createdBy: caller.actor.id,
    });
    const document = await q.insertDocument(tx, {
      sourceId: sourceRow.id,
      postId: post.postId,
      fileName: input.file?.fileName ?? null,
      mediaType,
      sha256: originalHash,
      textSha256: key,
      language,
      detectedLanguage: detected.detected,
      text,
      extractionStatus: extraction ? 'done' : 'not_run',
      extractionNote: note,
      extraction,
      createdBy: caller.actor.id,
    });
    const rows = await q.insertProposals(
      tx,
      await Promise.all(
        proposals.map(async (p, position) => ({
          documentId: document.id,
          position,
          kind: p.kind,
          fields: stored(p),
          confidence: overallConfidence(p),
          duplicates:
            p.kind === 'incident'
              ? await duplicatesOf(tx, caller.principal, p, post.countryCode, text)
              : [],
        })),
      ),
    );
    await appendAudit(tx, caller.actor, {
      action: 'source.created',
      entityType: 'source',
      entityId: sourceRow.id,
      changes: { title: sourceTitle, publisher, via: 'ingest' },
    });
    await appendAudit(tx, caller.actor, {
      action: 'ingest.document_created',
      entityType: 'ingested_document',
      entityId: document.id,
      changes: {
        sha256: originalHash,
        textSha256: key,
        language,
        extraction: document.extractionStatus,
        proposals: rows.length,
      },
    });
    return { duplicate: false as const, document };
  });
}

/** Incidents the proposal may repeat, among those the person reading the text in may see. */
async function duplicatesOf(
  db: Executor,
  principal: Principal | null,
  p: Proposal,
  postCountry: string,
  text: string,
) {
  const get = (name: string) => p.fields.find((f) => f.field === name)?.value;
  return q.similarIncidents(db, principal ? incidentVisibility(principal) : null, {
    countryCode: (get('countryCode') as string | undefined) ?? postCountry,
    occurredStart: (get('occurredStart') as string | undefined) ?? null,
    categories: (get('categories') as string[] | undefined) ?? [],
    title: (get('title') as string | undefined) ?? '',
    narrative: text.slice(0, 2000),
  });
}

async function visibleDocument(db: Executor, principal: Principal, id: string) {
  const doc = await q.findDocument(db, id);
  if (!doc) throw new NotFound(`ingested document ${id} does not exist`);
  const post = await scopeOf(db, doc.postId);
  if (!can(principal, 'ingest.read', { postId: post.postId, regionId: post.regionId }))
    throw new NotFound(`ingested document ${id} does not exist`);
  return { doc, post };
}

export async function getDocument(db: Database, principal: Principal, id: string) {
  const { doc } = await visibleDocument(db, principal, id);
  return {
    ...doc,
    source: (await findSource(db, doc.sourceId))!,
    proposals: await q.proposalsOf(db, id),
  };
}

export async function listDocuments(
  db: Database,
  principal: Principal,
  query: { status?: 'pending' | 'reviewed'; limit: number },
) {
  const readers: readonly string[] = PERMISSIONS['ingest.read'].roles;
  const global = principal.roles.some(
    (r) => r.postId === null && r.regionId === null && readers.includes(r.role),
  );
  const rows = await q.listDocuments(db, 'all', query.status, global ? query.limit : 500);
  if (global) return rows;
  // Post and region roles: only the documents of posts they cover.
  const visible = [];
  for (const row of rows) {
    const post = await scopeOf(db, row.postId);
    if (can(principal, 'ingest.read', { postId: post.postId, regionId: post.regionId }))
      visible.push(row);
    if (visible.length >= query.limit) break;
  }
  return visible;
}

interface Decision {
  field: string;
  decision: 'accepted' | 'edited' | 'discarded' | 'proposed';
  value?: unknown;
}

async function writableProposal(db: Executor, principal: Principal, id: string, version: number) {
  const proposal = await q.findProposal(db, id, true);
  if (!proposal) throw new NotFound(`proposal ${id} does not exist`);
  const { doc, post } = await visibleDocument(db, principal, proposal.documentId);
  assertCan(principal, 'ingest.write', { postId: post.postId, regionId: post.regionId });
  if (proposal.version !== version)
    throw new Conflict(
      `This proposal was changed since you opened it (you saw version ${version}, it is now version ${proposal.version}). Reload it and try again.`,
      proposal,
    );
  if (proposal.status !== 'proposed')
    throw new Conflict(`This proposal was already ${proposal.status}.`, proposal);
  return { proposal, doc, post };
}

export async function decideFields(
  db: Database,
  caller: { principal: Principal; actor: Actor },
  id: string,
  input: { version: number; decisions: Decision[] },
) {
  return db.transaction(async (tx) => {
    const { proposal } = await writableProposal(tx, caller.principal, id, input.version);
    const fields = proposal.fields.map((f) => ({ ...f }));
    input.decisions.forEach((d, i) => {
      let f = fields.find((x) => x.field === d.field);
      if (!f) {
        if (d.decision !== 'edited')
          throw Invalid.field(`decisions.${i}.field`, `no proposed field ${d.field}`);
        // A reviewer may add a field the engine did not find.
        f = {
          field: d.field,
          value: null,
          span: null,
          confidence: 1,
          rule: 'reviewer',
          decision: 'edited',
        };
        fields.push(f);
      }
      f.decision = d.decision;
      if (d.decision === 'edited') f.edited = d.value;
      else delete f.edited;
    });
    const row = await q.updateProposal(tx, id, { fields });
    await appendAudit(tx, caller.actor, {
      action: 'ingest.proposal_reviewed',
      entityType: 'ingest_proposal',
      entityId: id,
      changes: { decisions: input.decisions },
    });
    return row;
  });
}

const CATEGORY_CODES = new Set<string>(INCIDENT_CATEGORIES.map((c) => c.code));

/** The draft incident a reviewed incident proposal stands for; every missing required field named. */
function incidentInput(fields: StoredProposalField[], doc: q.DocumentRow, text: string) {
  const title = decided(fields, 'title');
  const categories = decided(fields, 'categories');
  const occurredStart = decided(fields, 'occurredStart');
  const errors = [];
  if (typeof title !== 'string' || !title.trim())
    errors.push({ field: 'title', message: 'accept or enter a title' });
  if (!Array.isArray(categories) || categories.length === 0)
    errors.push({ field: 'categories', message: 'accept or enter at least one category' });
  else
    categories.forEach((c, i) => {
      if (!CATEGORY_CODES.has(String(c)))
        errors.push({ field: `categories.${i}`, message: `unknown category ${String(c)}` });
    });
  if (typeof occurredStart !== 'string')
    errors.push({ field: 'occurredStart', message: 'accept or enter the date it happened' });
  if (errors.length) throw new Invalid(errors);
  const count = (name: string) => {
    const v = decided(fields, name);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
  };
  const acts = (categories as string[]).map((act) => ({
    act,
    victimCount: count('victimsCount') ?? count('personsCount') ?? null,
  }));
  const country = decided(fields, 'countryCode');
  const place = decided(fields, 'placeName');
  const span = fields.find((f) => f.field === 'title')?.span;
  return {
    postId: doc.postId,
    title: (title as string).trim().slice(0, 500),
    narrative: text.slice(0, 100_000),
    language: doc.language,
    categories: categories as string[],
    occurredStart: occurredStart as string,
    occurredEnd:
      (decided(fields, 'occurredEnd') as string | undefined) ?? (occurredStart as string),
    datePrecision: (decided(fields, 'datePrecision') as string | undefined) ?? 'day',
    ...(typeof country === 'string' ? { countryCode: country.toUpperCase() } : {}),
    ...(typeof place === 'string' ? { placeName: place } : {}),
    acts,
    sources: [
      {
        sourceId: doc.sourceId,
        credibility: 6,
        excerpt: span ? text.slice(span.start, span.end) : null,
      },
    ],
  };
}

export async function acceptProposal(
  db: Database,
  caller: { principal: Principal; actor: Actor & { id: string } },
  id: string,
  version: number,
) {
  return db.transaction(async (tx) => {
    const { proposal, doc } = await writableProposal(tx, caller.principal, id, version);
    let createdRecordId: string | null = null;
    if (proposal.kind === 'incident') {
      // The incidents service runs its own transaction: nested here it is a savepoint, so the
      // draft and the proposal's acceptance commit together or not at all.
      const incident = await createIncident(
        tx as unknown as Database,
        caller,
        incidentInput(proposal.fields, doc, doc.text),
      );
      createdRecordId = incident.id;
    } else if (proposal.kind === 'source') {
      createdRecordId = doc.sourceId;
    }
    // Engagement and directive proposals are kept as reviewed proposal data until their modules
    // take them in.
    const row = await q.updateProposal(tx, id, { status: 'accepted', createdRecordId });
    await q.refreshReviewStatus(tx, doc.id);
    await appendAudit(tx, caller.actor, {
      action: 'ingest.proposal_accepted',
      entityType: 'ingest_proposal',
      entityId: id,
      changes: { kind: proposal.kind, createdRecordId },
    });
    return row;
  });
}

export async function discardProposal(
  db: Database,
  caller: { principal: Principal; actor: Actor },
  id: string,
  version: number,
) {
  return db.transaction(async (tx) => {
    const { doc } = await writableProposal(tx, caller.principal, id, version);
    const row = await q.updateProposal(tx, id, { status: 'discarded' });
    await q.refreshReviewStatus(tx, doc.id);
    await appendAudit(tx, caller.actor, {
      action: 'ingest.proposal_discarded',
      entityType: 'ingest_proposal',
      entityId: id,
      changes: {},
    });
    return row;
  });
}

export const postIdByCode = async (db: Database, code: string) => {
  const post = await q.postByCode(db, code);
  if (!post) throw Invalid.field('post', `no post with code ${code}`);
  return post.id;
};
