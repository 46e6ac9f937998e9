// What a request log line says about the request. Free-text search terms are left out: people
// search for a victim's name or document number, and the log must never carry protected details
// in clear text (ASVS 16.2.5, 14.2.1). The rest of the URL stays, for tracing.
import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are whatever someone typed into a search box. */
const FREE_TEXT_PARAMS = new Set(['q']);

export function urlForLog(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  for (const key of [...params.keys()])
    if (FREE_TEXT_PARAMS.has(key)) params.set(key, '[redacted]');
  return `${url.slice(0, at)}?${params.toString()}`;
}

export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: urlForLog(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
