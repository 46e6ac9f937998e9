// Antivirus scanning of uploaded files by ClamAV's daemon (clamd), ASVS 5.4.3. The file is sent
// with clamd's INSTREAM command: "zINSTREAM\0", then chunks each preceded by its length as a
// 4-byte big-endian integer, then a zero length; clamd answers "stream: OK" or
// "stream: <signature> FOUND" (NUL-terminated). Written here rather than taken from npm: the
// clients there are unmaintained (clamdjs, TCP only) or wrap the clamscan binaries as well
// (clamscan); the protocol is this one exchange. Scanning fails closed: when a scanner is
// configured and cannot give a verdict (unreachable, timed out, an error reply), the upload is
// refused with 503 and nothing is stored. clamd's StreamMaxLength must be at least the largest
// upload (RAPPORTEUR_ATTACHMENT_MAX_BYTES, and the 20 MB import limit), or clamd answers with
// an error and every larger upload is refused.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { actorOf } from '../../http/access.ts';

/** A file clamd found infected: 422 naming the field and the signature. */
export class VirusFound extends DomainError {
  readonly status = 422;
  readonly title = 'File refused: malware found';
  readonly errors: FieldError[];
  constructor(
    readonly field: string,
    readonly signature: string,
  ) {
    super(`The virus scanner found ${signature} in the file; it was not stored.`);
    this.errors = [{ field, message: `malware found: ${signature}` }];
  }
}

/** The configured scanner could not give a verdict; nothing is stored unscanned. */
export class ScannerUnavailable extends DomainError {
  readonly status = 503;
  readonly title = 'Virus scanner unavailable';
}

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

export interface VirusScanner {
  /** Sends every byte of `content` to the scanner; rejects with ScannerUnavailable. */
  scan(content: Readable | Buffer): Promise<ScanVerdict>;
}

/** Where clamd listens: `tcp://host:port`, `unix:///path/clamd.sock` or a socket path. */
export function clamdAddress(setting: string): net.NetConnectOpts {
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(setting);
  if (tcp) return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (setting.startsWith('unix://')) return { path: setting.slice('unix://'.length) };
  if (setting.startsWith('/')) return { path: setting };
  throw new Error(
    `RAPPORTEUR_CLAMD must be tcp://host:port, unix:///path or an absolute socket path, not ${JSON.stringify(setting)}`,
  );
}

const CHUNK_BYTES = 64 * 1024;

/** Splits what is read into chunks of at most 64 KiB, each framed for INSTREAM. */
function* framed(chunk: Buffer): Generator<Buffer> {
  for (let at = 0; at < chunk.length; at += CHUNK_BYTES) {
    const part = chunk.subarray(at, at + CHUNK_BYTES);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    yield length;
    yield part;
  }
}

export function createClamdScanner(setting: string, timeoutMs = 30_000): VirusScanner {
  const address = clamdAddress(setting);
  return {
    scan(content) {
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      return new Promise<ScanVerdict>((resolve, reject) => {
        const replies: Buffer[] = [];
        let settled = false;
        const fail = (reason: string) => {
          if (settled) return;
          settled = true;
          socket.destroy();
          source.destroy();
          reject(
            new ScannerUnavailable(
              `The virus scanner could not scan the file (${reason}); nothing was stored. Try again shortly.`,
            ),
          );
        };
        const socket = net.connect(address);
        socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
        socket.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
        socket.on('data', (chunk: Buffer) => replies.push(chunk));
        socket.on('close', () => {
          if (settled) return;
          const reply = Buffer.concat(replies).toString('utf8').replace(/\0/g, '').trim();
          const found = /^stream: (.+) FOUND$/.exec(reply);
          if (reply === 'stream: OK') {
            settled = true;
            resolve({ clean: true });
          } else if (found) {
            settled = true;
            resolve({ clean: false, signature: found[1]! });
          } else fail(reply ? `clamd answered "${reply.slice(0, 200)}"` : 'connection closed');
        });
        socket.on('connect', () => {
          void (async () => {
            try {
              socket.write('zINSTREAM\0');
              for await (const chunk of source) {
                for (const piece of framed(Buffer.from(chunk as Uint8Array))) {
                  if (!socket.write(piece))
                    await new Promise<void>((r) => {
                      const go = () => {
                        socket.off('drain', go);
                        socket.off('close', go);
                        r();
                      };
                      socket.on('drain', go);
                      socket.on('close', go);
                    });
                  if (settled) return;
                }
              }
              socket.end(Buffer.alloc(4));
            } catch (err) {
              // clamd may close early (say, over StreamMaxLength) and then says why on close.
              if (!replies.length) fail((err as Error).message);
            }
          })();
        });
      });
    },
  };
}

/** The scanner of an installation, or none when RAPPORTEUR_CLAMD is unset. */
export function scannerOf(setting: string | undefined): VirusScanner | undefined {
  return setting ? createClamdScanner(setting) : undefined;
}

/**
 * The uploads that arrive as the request body itself (incident, IOM, justice and statistics
 * imports, ingestion files: every route whose content-type parser keeps the body as bytes) are
 * scanned once parsed and authorised, before the route reads them. Infected: 422 naming the
 * field `body`, audited as `upload.malware_refused`. Attachments (multipart) are scanned by
 * their service, after staging, with the same scanner.
 */
export function registerUploadScanning(
  app: FastifyInstance,
  db: Database,
  scanner: VirusScanner | undefined,
): void {
  if (!scanner) return;
  app.addHook('preHandler', async (request) => {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return;
    const verdict = await scanner.scan(body);
    if (verdict.clean) return;
    await db.transaction(async (tx) => {
      await appendAudit(tx, actorOf(request), {
        action: 'upload.malware_refused',
        entityType: 'upload',
        entityId: null,
        changes: {
          route: `${request.method} ${request.routeOptions.url ?? request.url}`,
          sizeBytes: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
          signature: verdict.signature,
        },
      });
    });
    throw new VirusFound('body', verdict.signature);
  });
}
