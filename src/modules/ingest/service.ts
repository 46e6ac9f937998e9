// Ingestion use cases: read a text (pasted or a file) into a source record and an ingested
// document with what the extraction engine proposes; review the proposals field by field;
// accept one or discard it. Accepting makes a draft through the owning module's own service, so
// its validation, permissions, audit and versioning apply: an incident proposal becomes a draft
// incident, an engagement proposal a draft engagement, a directive proposal a draft directive,
// each linked to the text's source. The same text twice is recognised by its normalised-text
// hash and not stored again.
import { createHash } from 'node:crypto';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import type { StoredProposalField } from '../../db/schema/index.ts';
import type { ZodType } from 'zod';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { incidentVisibility } from '../../domain/incidentWorkflow.ts';
import {
  assertCan,
  can,
  PERMISSIONS,
  type Permission,
  type Principal,
} from '../../domain/policy.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import { createDirectiveBody } from '../directives/schemas.ts';
import { createDirective } from '../directives/service.ts';
import { createEngagementBody } from '../engagements/schemas.ts';
import { createEngagement } from '../engagements/service.ts';
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
      postCode: post.code,
    };
    const proposals = propose(facts, extraction, extraction ? await q.directory(tx) : undefined);

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
          duplicates: await duplicatesOf(tx, caller.principal, p, post.countryCode, text),
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

/**
 * Records the proposal may repeat, among those the person reading the text in may see:
 * incidents, engagements, or directives (only for those who may read directives).
 */
async function duplicatesOf(
  db: Executor,
  principal: Principal | null,
  p: Proposal,
  postCountry: string,
  text: string,
) {
  const get = (name: string) => p.fields.find((f) => f.field === name)?.value ?? undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const visibility = principal ? incidentVisibility(principal) : null;
  switch (p.kind) {
    case 'incident':
      return q.similarIncidents(db, visibility, {
        countryCode: (get('countryCode') as string | undefined) ?? postCountry,
        occurredStart: (get('occurredStart') as string | undefined) ?? null,
        categories: strings(get('categories')),
        title: (get('title') as string | undefined) ?? '',
        narrative: text.slice(0, 2000),
      });
    case 'engagement':
      return q.similarEngagements(db, visibility, {
        countryCode: (get('countryCode') as string | undefined) ?? postCountry,
        occurredOn: (get('occurredOn') as string | undefined) ?? null,
        topics: strings(get('topics')),
        kind: (get('kind') as string | undefined) ?? null,
        summary: (get('concernsRaised') as string | undefined) ?? '',
      });
    case 'directive':
      if (principal && !can(principal, 'directive.read')) return [];
      return q.similarDirectives(db, {
        title: (get('title') as string | undefined) ?? '',
        body: text.slice(0, 2000),
        dueOn: (get('dueOn') as string | undefined) ?? null,
        issuingOffice: (get('issuingOffice') as string | undefined) ?? '',
      });
    default:
      return [];
  }
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
  const { doc, post } = await visibleDocument(db, principal, id);
  const proposals = await q.proposalsOf(db, id);
  return {
    ...doc,
    source: (await findSource(db, doc.sourceId))!,
    proposals: await Promise.all(proposals.map((p) => withAcceptance(db, principal, p, post))),
  };
}

type Post = Awaited<ReturnType<typeof scopeOf>>;

/** Who holds a permission, in words: "reporter, approver or editor". */
function holders(permission: Permission) {
  const roles = [...PERMISSIONS[permission].roles];
  return roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}` : roles[0];
}

/**
 * Whether this person may accept the proposal now, and if not why: reviewing needs
 * ingest.write for the post; the record made from it needs the owning module's permission
 * (incident.write or engagement.write for the post, directive.write).
 */
async function acceptance(
  db: Executor,
  principal: Principal,
  proposal: q.ProposalRow,
  post: Post,
): Promise<{ allowed: boolean; reason: string | null }> {
  if (proposal.status !== 'proposed') return { allowed: false, reason: null };
  const scope = { postId: post.postId, regionId: post.regionId };
  if (!can(principal, 'ingest.write', scope))
    return {
      allowed: false,
      reason: `Reviewing texts of ${post.code} needs the ingest.write permission (a ${holders('ingest.write')} of that post).`,
    };
  const later =
    'You can still accept, edit or discard its fields; someone who holds it can then create the record.';
  switch (proposal.kind) {
    case 'incident':
      return can(principal, 'incident.write', scope)
        ? { allowed: true, reason: null }
        : {
            allowed: false,
            reason: `Creating incidents for ${post.code} needs the incident.write permission (a ${holders('incident.write')} of that post). ${later}`,
          };
    case 'engagement': {
      const chosen = decided(proposal.fields, 'post');
      const target = typeof chosen === 'string' ? await q.postByCode(db, chosen.trim()) : null;
      const targetScope = target ? { postId: target.id, regionId: target.regionId } : scope;
      const code = target?.code ?? post.code;
      return can(principal, 'engagement.write', targetScope)
        ? { allowed: true, reason: null }
        : {
            allowed: false,
            reason: `Creating engagements for ${code} needs the engagement.write permission (a ${holders('engagement.write')} of that post). ${later}`,
          };
    }
    case 'directive':
      return can(principal, 'directive.write')
        ? { allowed: true, reason: null }
        : {
            allowed: false,
            reason: `Creating directives needs the directive.write permission (held by: ${holders('directive.write')}). ${later}`,
          };
    default:
      return { allowed: true, reason: null };
  }
}

async function withAcceptance(
  db: Executor,
  principal: Principal,
  proposal: q.ProposalRow,
  post: Post,
) {
  return { ...proposal, acceptance: await acceptance(db, principal, proposal, post) };
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
    const { proposal, post } = await writableProposal(tx, caller.principal, id, input.version);
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
    return withAcceptance(tx, caller.principal, row, post);
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

/** Names the field of the proposal rather than of the record ("addressedCountries.1"). */
const FIELD_OF_PATH: [RegExp, string][] = [
  [/^postId$/, 'post'],
  [/^addressees\.countryCodes/, 'addressedCountries'],
  [/^addressees\.regionIds/, 'addressedRegions'],
  [/^addressees\.postIds/, 'addressedPosts'],
  [/^requirements\.(\d+)\..*$/, 'requirements.$1'],
  [/^sources\..*$/, 'source'],
];
const proposalField = (path: string) => {
  for (const [re, name] of FIELD_OF_PATH) if (re.test(path)) return path.replace(re, name);
  return path;
};

/** The record's own request shape, checked as its route checks it, faults named by proposal field. */
function checked<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Invalid(
    result.error.issues.map((i) => ({
      field: proposalField(i.path.join('.')),
      message: i.message,
    })),
  );
}

/** Runs the owning module's service; its field errors are named by proposal field. */
async function inModule<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof Invalid)
      throw new Invalid(error.errors.map((e) => ({ ...e, field: proposalField(e.field) })));
    throw error;
  }
}

/** Engagement and directive fields had other names before they matched the records' fields. */
const EARLIER_NAMES: Record<string, string[]> = {
  concernsRaised: ['summary'],
  occurredOn: ['date'],
  countryCode: ['toCountry'],
  issuingOffice: ['issuedBy'],
  addressedCountries: ['addressedTo'],
  requirements: ['asks'],
};
function decidedAs(fields: StoredProposalField[], name: string): unknown {
  for (const n of [name, ...(EARLIER_NAMES[name] ?? [])]) {
    const v = decided(fields, n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A list as the reviewer left it: a list, or text with one item per line (or comma). */
function listOf(value: unknown, separator: RegExp = /[,\n]/): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(separator);
  return items.map((v) => v.trim()).filter(Boolean);
}
const textOf = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

function required(errors: FieldError[], field: string, value: unknown, what: string) {
  if (value === undefined || (Array.isArray(value) && value.length === 0))
    errors.push({ field, message: `accept or enter ${what}` });
}

async function engagementInput(db: Executor, fields: StoredProposalField[], doc: q.DocumentRow) {
  const chosen = textOf(decidedAs(fields, 'post'));
  const post = chosen ? await q.postByCode(db, chosen) : undefined;
  if (chosen && !post) throw Invalid.field('post', `no post with code ${chosen}`);
  const occurredOn = textOf(decidedAs(fields, 'occurredOn'));
  const kind = textOf(decidedAs(fields, 'kind'));
  const counterpartOffice = textOf(decidedAs(fields, 'counterpartOffice'));
  const counterpartLevel = textOf(decidedAs(fields, 'counterpartLevel'));
  const topics = listOf(decidedAs(fields, 'topics'));
  const errors: FieldError[] = [];
  required(errors, 'occurredOn', occurredOn, 'the date of the engagement');
  required(errors, 'kind', kind, 'the kind of engagement');
  required(
    errors,
    'counterpartOffice',
    counterpartOffice,
    'the office the concerns were raised with',
  );
  required(errors, 'counterpartLevel', counterpartLevel, "the counterpart's level");
  required(errors, 'topics', topics, 'at least one topic');
  if (errors.length) throw new Invalid(errors);
  const country = textOf(decidedAs(fields, 'countryCode'));
  const concerns = textOf(decidedAs(fields, 'concernsRaised')) ?? '';
  const span = fields.find((f) => f.field === 'concernsRaised')?.span;
  const excerpt = span ? doc.text.slice(span.start, span.end) : concerns;
  return checked(createEngagementBody, {
    postId: post?.id ?? doc.postId,
    ...(country ? { countryCode: country } : {}),
    occurredOn,
    kind,
    counterpartOffice: counterpartOffice!.slice(0, 500),
    counterpartLevel,
    topics,
    concernsRaised: concerns.slice(0, 20_000),
    sources: [
      {
        sourceId: doc.sourceId,
        note: `Proposed from the text read in: “${excerpt.slice(0, 1900)}”`,
      },
    ],
    status: 'draft',
  });
}

async function directiveInput(db: Executor, fields: StoredProposalField[], doc: q.DocumentRow) {
  const title = textOf(decidedAs(fields, 'title'));
  const kind = textOf(decidedAs(fields, 'kind'));
  const issuingOffice = textOf(decidedAs(fields, 'issuingOffice'));
  const dueOn = textOf(decidedAs(fields, 'dueOn'));
  const periodStart = textOf(decidedAs(fields, 'periodStart'));
  const periodEnd = textOf(decidedAs(fields, 'periodEnd'));
  const errors: FieldError[] = [];
  required(errors, 'title', title, 'a title');
  required(errors, 'kind', kind, 'the kind of directive');
  required(errors, 'issuingOffice', issuingOffice, 'the issuing office');
  required(errors, 'dueOn', dueOn, 'the due date (the text may state none)');
  required(errors, 'periodStart', periodStart, 'the start of the reporting period');
  required(errors, 'periodEnd', periodEnd, 'the end of the reporting period');

  // Addressees: bureaus and posts by their codes, countries by theirs; unknown ones are named.
  const directory = await q.directory(db);
  const regionCodes = listOf(decidedAs(fields, 'addressedRegions')) ?? [];
  const postCodes = listOf(decidedAs(fields, 'addressedPosts')) ?? [];
  const countryCodes = (listOf(decidedAs(fields, 'addressedCountries')) ?? []).map((c) =>
    c.toUpperCase(),
  );
  const regionIds = regionCodes.map((code, i) => {
    const r = directory.regions.find((x) => x.code.toLowerCase() === code.toLowerCase());
    if (!r) errors.push({ field: `addressedRegions.${i}`, message: `no bureau with code ${code}` });
    return r?.id ?? 0;
  });
  const postIds = postCodes.map((code, i) => {
    const p = directory.posts.find((x) => x.code.toLowerCase() === code.toLowerCase());
    if (!p)
      errors.push({ field: `addressedPosts.${i}`, message: `no active post with code ${code}` });
    return p?.id ?? 0;
  });
  const known = await q.existingCountryCodes(
    db,
    countryCodes.filter((c) => /^[A-Z]{2}$/.test(c)),
  );
  countryCodes.forEach((c, i) => {
    if (!known.has(c))
      errors.push({ field: `addressedCountries.${i}`, message: `unknown country ${c}` });
  });
  if (errors.length) throw new Invalid(errors);

  const requirements = listOf(decidedAs(fields, 'requirements'), /\n/) ?? [];
  const source = (await findSource(db, doc.sourceId))!;
  const cited = [
    `${source.publisher}: “${source.title}”`,
    source.url ? `<${source.url}>` : null,
    source.publishedOn,
  ]
    .filter(Boolean)
    .join(', ');
  return checked(createDirectiveBody, {
    title: title!.slice(0, 500),
    kind,
    issuingOffice: issuingOffice!.slice(0, 200),
    periodStart,
    periodEnd,
    dueOn,
    body: `${doc.text.slice(0, 190_000)}\n\n---\n\n*Read in from ${cited} (source ${source.id}).*`,
    addressees: { regionIds, countryCodes, postIds },
    requirements: requirements.map((r) => ({ kind: 'question', title: r.slice(0, 500) })),
  });
}

export async function acceptProposal(
  db: Database,
  caller: { principal: Principal; actor: Actor & { id: string } },
  id: string,
  version: number,
) {
  return db.transaction(async (tx) => {
    const { proposal, doc, post } = await writableProposal(tx, caller.principal, id, version);
    const allowed = await acceptance(tx, caller.principal, proposal, post);
    if (!allowed.allowed)
      throw new Forbidden(allowed.reason ?? 'You may not accept this proposal.');
    // The modules' services run their own transactions: nested here each is a savepoint, so
    // the draft and the proposal's acceptance commit together or not at all.
    const nested = tx as unknown as Database;
    let createdRecordId: string | null = null;
    switch (proposal.kind) {
      case 'incident':
        createdRecordId = (
          await inModule(() =>
            createIncident(nested, caller, incidentInput(proposal.fields, doc, doc.text)),
          )
        ).id;
        break;
      case 'engagement': {
        const input = await engagementInput(tx, proposal.fields, doc);
        createdRecordId = (await inModule(() => createEngagement(nested, caller, input))).id;
        break;
      }
      case 'directive': {
        const input = await directiveInput(tx, proposal.fields, doc);
        createdRecordId = (await inModule(() => createDirective(nested, caller, input))).id;
        break;
      }
      case 'source':
        createdRecordId = doc.sourceId;
        break;
    }
    const row = await q.updateProposal(tx, id, { status: 'accepted', createdRecordId });
    await q.refreshReviewStatus(tx, doc.id);
    await appendAudit(tx, caller.actor, {
      action: 'ingest.proposal_accepted',
      entityType: 'ingest_proposal',
      entityId: id,
      changes: { kind: proposal.kind, createdRecordId, sourceId: doc.sourceId },
    });
    return withAcceptance(tx, caller.principal, row, post);
  });
}

export async function discardProposal(
  db: Database,
  caller: { principal: Principal; actor: Actor },
  id: string,
  version: number,
) {
  return db.transaction(async (tx) => {
    const { doc, post } = await writableProposal(tx, caller.principal, id, version);
    const row = await q.updateProposal(tx, id, { status: 'discarded' });
    await q.refreshReviewStatus(tx, doc.id);
    await appendAudit(tx, caller.actor, {
      action: 'ingest.proposal_discarded',
      entityType: 'ingest_proposal',
      entityId: id,
      changes: {},
    });
    return withAcceptance(tx, caller.principal, row, post);
  });
}

export const postIdByCode = async (db: Database, code: string) => {
  const post = await q.postByCode(db, code);
  if (!post) throw Invalid.field('post', `no post with code ${code}`);
  return post.id;
};
