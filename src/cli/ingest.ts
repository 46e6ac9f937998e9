// `rapporteur ingest PATH --post EMB-XX`: read a file, every supported file of a folder, or
// every supported file inside a .zip into the review queue, one document at a time (each in
// its own transaction: one bad file does not hold back the rest). Prints one line per file;
// exit code 2 when any file was refused.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import yauzl from 'yauzl';
import { systemActor } from '../db/audit.ts';
import { DomainError, Invalid } from '../domain/errors.ts';
import { formatOf, INGEST_FILE_LIMIT } from '../modules/ingest/decode.ts';
import { ingest, postIdByCode } from '../modules/ingest/service.ts';
import { CliError, withDatabase } from './database.ts';

interface NamedFile {
  name: string;
  read(): Promise<Buffer>;
  size: number;
}

function zipEntries(file: string): Promise<NamedFile[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) return reject(new CliError(`${file} is not a readable zip file`));
      const out: NamedFile[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/') && formatOf(entry.fileName, null))
          out.push({
            name: entry.fileName,
            size: entry.uncompressedSize,
            read: () =>
              new Promise((res, rej) =>
                zip.openReadStream(entry, (e, stream) => {
                  if (e || !stream) return rej(e ?? new Error('unreadable entry'));
                  const chunks: Buffer[] = [];
                  let total = 0;
                  stream.on('data', (c: Buffer) => {
                    total += c.length;
                    // A zip bomb stops at the limit instead of filling memory.
                    if (total > INGEST_FILE_LIMIT + 1) stream.destroy(new Error('too large'));
                    else chunks.push(c);
                  });
                  stream.on('end', () => res(Buffer.concat(chunks)));
                  stream.on('error', rej);
                }),
              ),
          });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function filesAt(target: string): Promise<NamedFile[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new CliError(`${target} does not exist`);
  const one = (p: string, size: number): NamedFile => ({ name: p, size, read: () => readFile(p) });
  if (info.isDirectory()) {
    const names = (await readdir(target)).sort();
    const out: NamedFile[] = [];
    for (const n of names) {
      const p = path.join(target, n);
      const s = await stat(p);
      if (s.isFile() && formatOf(n, null)) out.push(one(p, s.size));
    }
    return out;
  }
  if (/\.zip$/i.test(target)) return zipEntries(target);
  return [one(target, info.size)];
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest <path>')
    .description(
      'read texts into the review queue: a .txt, .md, .html, .pdf or .docx file, a folder of them, or a .zip of them',
    )
    .requiredOption('--post <code>', 'the post the texts belong to, e.g. EMB-FR')
    .option('--publisher <name>', 'the publisher, when the texts do not say')
    .option('--published-on <date>', 'the publication date (YYYY-MM-DD), when the texts do not say')
    .action(
      async (target: string, opts: { post: string; publisher?: string; publishedOn?: string }) => {
        if (opts.publishedOn && !/^\d{4}-\d{2}-\d{2}$/.test(opts.publishedOn))
          throw new CliError('--published-on must be a date as YYYY-MM-DD');
        const files = await filesAt(target);
        if (files.length === 0)
          throw new CliError(`no .txt, .md, .html, .pdf or .docx files in ${target}`);
        await withDatabase(async ({ db }) => {
          const postId = await postIdByCode(db, opts.post);
          const actor = systemActor(`cli:${process.env.USER ?? 'unknown'}`);
          let refused = 0;
          for (const f of files) {
            try {
              if (f.size > INGEST_FILE_LIMIT)
                throw Invalid.field(
                  'file',
                  `the file is larger than the limit of ${INGEST_FILE_LIMIT / 1048576} MB`,
                );
              const result = await ingest(
                db,
                { actor, principal: null },
                {
                  postId,
                  publisher: opts.publisher ?? null,
                  publishedOn: opts.publishedOn ?? null,
                  file: { bytes: await f.read(), fileName: path.basename(f.name), mediaType: null },
                },
              );
              const d = result.document;
              console.log(
                result.duplicate
                  ? `${f.name}: duplicate of document ${d.id} (same text), nothing added`
                  : `${f.name}: document ${d.id}, language ${d.language ?? d.detectedLanguage}, ${d.extractionStatus === 'done' ? 'proposals ready for review' : (d.extractionNote ?? 'extraction did not run')}`,
              );
            } catch (err) {
              if (!(err instanceof DomainError)) throw err;
              refused++;
              const detail =
                err instanceof Invalid ? err.errors.map((e) => e.message).join('; ') : err.message;
              console.log(`${f.name}: refused: ${detail}`);
            }
          }
          console.log(`${files.length - refused} of ${files.length} files read in`);
          if (refused) process.exitCode = 2;
        });
      },
    );
}
