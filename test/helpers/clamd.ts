// A local stand-in for ClamAV's daemon (clamd) that speaks its INSTREAM protocol faithfully:
// "zINSTREAM\0", then chunks each preceded by a 4-byte big-endian length, then a zero length;
// it answers "stream: Eicar-Test-Signature FOUND\0" when the bytes contain the EICAR test
// string (as ClamAV does) and "stream: OK\0" otherwise. It is not ClamAV: it knows one
// signature. It keeps every stream it was sent, so a test can tell whether a scan happened.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const EICAR_SIGNATURE = 'Eicar-Test-Signature';

export interface FakeClamd {
  /** tcp://127.0.0.1:<port>, as RAPPORTEUR_CLAMD takes it. */
  url: string;
  /** The bytes of every stream scanned, in order. */
  scanned: Buffer[];
  close(): Promise<void>;
}

const COMMAND = Buffer.from('zINSTREAM\0');

/** `streamMaxLength`: like clamd's StreamMaxLength, a longer stream is answered with an error. */
export function startFakeClamd({ streamMaxLength = Infinity } = {}): Promise<FakeClamd> {
  const scanned: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    let commandSeen = false;
    let answered = false;
    const chunks: Buffer[] = [];
    const answer = (reply: string) => {
      answered = true;
      socket.end(reply);
    };
    socket.on('data', (data: Buffer) => {
      if (answered) return; // as clamd: what follows its answer is not read
      buffered = Buffer.concat([buffered, data]);
      if (!commandSeen) {
        if (buffered.length < COMMAND.length) return;
        if (!buffered.subarray(0, COMMAND.length).equals(COMMAND)) {
          answer('UNKNOWN COMMAND\0');
          return;
        }
        commandSeen = true;
        buffered = buffered.subarray(COMMAND.length);
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length === 0) {
          const content = Buffer.concat(chunks);
          scanned.push(content);
          answer(content.includes(EICAR) ? `stream: ${EICAR_SIGNATURE} FOUND\0` : 'stream: OK\0');
          return;
        }
        if (buffered.length < 4 + length) return;
        chunks.push(buffered.subarray(4, 4 + length));
        buffered = buffered.subarray(4 + length);
        if (chunks.reduce((n, c) => n + c.length, 0) > streamMaxLength) {
          answer('INSTREAM size limit exceeded. ERROR\0');
          return;
        }
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `tcp://127.0.0.1:${port}`,
        scanned,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
