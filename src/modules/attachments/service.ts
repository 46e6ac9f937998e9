// Attachments: files that back a record (an incident, a source). The upload is staged to a
// temporary file while its SHA-256 and size are taken, its type is decided from its bytes
// (inspect.ts), and only then is it put into the content-addressed file store and recorded,
// with its audit entry, in one transaction. Who may see or change an attachment is decided
// by its owner record: an attachment of a record the caller may not see does not exist.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appendAudit } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { Conflict, Invalid, NotFound } from '../../domain/errors.ts';
import { editableBy } from '../../domain/incidentWorkflow.ts';
import { assertCan, can, hasRole, type Principal } from '../../domain/policy.ts';
import { visibleEngagement } from '../engagements/service.ts';
import { visibleIncident, type Caller } from '../incidents/service.ts';
import { getSource } from '../sources/service.ts';
import { VirusFound, type VirusScanner } from './antivirus.ts';
import { contentKey, type FileStore } from './fileStore.ts';
import { detectContentType, FileTooLarge, sanitiseFileName, type ZipLimits } from './inspect.ts';
import * as q from './queries.ts';
import type { AttachmentView, OwnerType } from './schemas.ts';

export interface AttachmentDeps {
  db: Database;
  store: FileStore;
  maxBytes: number;
  zip: ZipLimits;
  /** ClamAV (RAPPORTEUR_CLAMD): every upload is scanned before it is inspected or stored. */
  scanner?: VirusScanner | undefined;
}

export function describeBytes(n: number): string {
  return n >= 1_048_576 && n % 1_048_576 === 0 ? `${n / 1_048_576} MB (${n} bytes)` : `${n} bytes`;
}

/** Throws NotFound unless the caller may see the owner record; with `write`, may change it. */
async function assertOwnerAccess(
  db: Executor,
  principal: Principal,
  ownerType: OwnerType,
  ownerId: string,
  write: boolean,
): Promise<void> {
  if (ownerType === 'incident') {
    const { record, scope } = await visibleIncident(db, principal, ownerId);
    if (!write) return;
    assertCan(principal, 'incident.write', scope);
    if (!editableBy(record.status, hasRole(principal, 'editor')))
      throw new Conflict(
        `Incident ${record.reference} is ${record.status}; its attachments can no longer be changed by its post.`,
      );
    return;
  }
  if (ownerType === 'engagement') {
    // Like the engagement itself: seen by whoever may see it, changed by its post's writers.
    const { scope } = await visibleEngagement(db, principal, ownerId);
    if (write) assertCan(principal, 'engagement.write', scope);
    return;
  }
  if (!can(principal, 'source.read')) throw new NotFound(`source ${ownerId} does not exist`);
  await getSource(db, ownerId);
  if (write) assertCan(principal, 'source.write');
}

function view(row: q.AttachmentRow): AttachmentView {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt,
    downloadUrl: `/api/attachments/${row.id}`,
  };
}

export async function listAttachments(
  deps: AttachmentDeps,
  principal: Principal,
  ownerType: OwnerType,
  ownerId: string,
): Promise<AttachmentView[]> {
  await assertOwnerAccess(deps.db, principal, ownerType, ownerId, false);
  return (await q.listByOwner(deps.db, ownerType, ownerId)).map(view);
}

export interface Upload {
  fileName: string | undefined;
  content: Readable;
}

function tooLarge(maxBytes: number): FileTooLarge {
  return new FileTooLarge(
    `The file is larger than the limit of ${describeBytes(maxBytes)} (set by RAPPORTEUR_ATTACHMENT_MAX_BYTES).`,
  );
}

/** Writes the upload to a private temporary file, hashing and counting it on the way. */
async function stage(content: Readable, file: string, maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(content, meter, fs.createWriteStream(file, { mode: 0o600, flags: 'wx' }));
  } catch (err) {
    if (err instanceof FileTooLarge) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw err;
  }
  if ((content as { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
  return { size, sha256: hash.digest('hex') };
}

export async function uploadAttachment(
  deps: AttachmentDeps,
  caller: Caller,
  ownerType: OwnerType,
  ownerId: string,
  upload: Upload | undefined,
): Promise<AttachmentView> {
  if (!upload)
    throw Invalid.field('file', 'send the file as multipart/form-data in a field named "file"');
  await assertOwnerAccess(deps.db, caller.principal, ownerType, ownerId, true);
  const fileName = sanitiseFileName(upload.fileName);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rapporteur-upload-'));
  try {
    const staged = path.join(dir, 'content');
    const { size, sha256 } = await stage(upload.content, staged, deps.maxBytes);
    // Scanned before its bytes are parsed or stored; an unreachable scanner refuses (503).
    const verdict = await deps.scanner?.scan(fs.createReadStream(staged));
    if (verdict && !verdict.clean) {
      await deps.db.transaction(async (tx) => {
        await appendAudit(tx, caller.actor, {
          action: 'attachment.malware_refused',
          entityType: ownerType,
          entityId: ownerId,
          changes: { fileName, sizeBytes: size, sha256, signature: verdict.signature },
        });
      });
      throw new VirusFound('file', verdict.signature);
    }
    const contentType = await detectContentType(staged, fileName, size, deps.zip);
    const storageKey = contentKey(sha256);
    await deps.store.put(storageKey, fs.createReadStream(staged));
    const row = await deps.db.transaction(async (tx) => {
      await assertOwnerAccess(tx, caller.principal, ownerType, ownerId, true);
      const inserted = await q.insertAttachment(tx, {
        ownerType,
        ownerId,
        fileName,
        contentType,
        sizeBytes: size,
        sha256,
        storageKey,
        uploadedBy: caller.actor.id,
      });
      await appendAudit(tx, caller.actor, {
        action: 'attachment.uploaded',
        entityType: ownerType,
        entityId: ownerId,
        changes: { attachmentId: inserted.id, fileName, contentType, sizeBytes: size, sha256 },
      });
      return inserted;
    });
    // A concurrent delete of the last other copy may have removed the shared content.
    if (!(await deps.store.exists(storageKey)))
      await deps.store.put(storageKey, fs.createReadStream(staged));
    return view(row);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function visibleAttachment(db: Executor, principal: Principal, id: string, write: boolean) {
  const row = await q.findAttachment(db, id);
  if (!row) throw new NotFound(`attachment ${id} does not exist`);
  try {
    await assertOwnerAccess(db, principal, row.ownerType as OwnerType, row.ownerId, write);
  } catch (err) {
    // Not even the owner's id leaks from an attachment of a record the caller may not see.
    if (err instanceof NotFound) throw new NotFound(`attachment ${id} does not exist`);
    throw err;
  }
  return row;
}

export async function openAttachment(deps: AttachmentDeps, principal: Principal, id: string) {
  const row = await visibleAttachment(deps.db, principal, id, false);
  return { attachment: view(row), content: await deps.store.get(row.storageKey) };
}

export async function deleteAttachment(
  deps: AttachmentDeps,
  caller: Caller,
  id: string,
): Promise<void> {
  const row = await deps.db.transaction(async (tx) => {
    const found = await visibleAttachment(tx, caller.principal, id, true);
    await q.deleteAttachment(tx, id);
    await appendAudit(tx, caller.actor, {
      action: 'attachment.deleted',
      entityType: found.ownerType,
      entityId: found.ownerId,
      changes: {
        attachmentId: found.id,
        fileName: found.fileName,
        contentType: found.contentType,
        sizeBytes: found.sizeBytes,
        sha256: found.sha256,
      },
    });
    return found;
  });
  if ((await q.usesOfContent(deps.db, row.storageKey)) === 0)
    await deps.store.delete(row.storageKey);
}
