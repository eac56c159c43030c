/**
 * The RFC 7239 Forwarded header Orthanc's DICOMweb plugin reads to write the URLs it returns
 * (RetrieveURL, BulkDataURI) with the bridge's origin. The plugin (1.7) splits on ';' and '=' and
 * takes the values verbatim: a quoted host comes back as `http://"127.0.0.1:3000"/…`, so the host is
 * sent bare, and only a plain host[:port] the client named passes (else the bridge's own address).
 */
import type { Request } from 'express';

const HOST = /^([A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){0,126}|\[[0-9A-Fa-f:.]{2,45}\])(:[0-9]{1,5})?$/;

function ownAddress(req: Request): string {
  const { localAddress, localPort } = req.socket;
  const address = localAddress?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') ?? '127.0.0.1';
  return `${address.includes(':') ? `[${address}]` : address}:${localPort ?? 80}`;
}

export function forwardedFor(req: Request): string {
  const named = req.headers.host;
  const host = named && HOST.test(named) ? named : ownAddress(req);
  return `proto=${req.protocol};host=${host}`;
}
