/**
 * The bodies of Orthanc Explorer's writes, read and checked, then written again by the bridge:
 * a search (tools/find) matches on anything but a patient's identity (no name or ID oracle);
 * a send to a modality or peer names Orthanc resources; protection is 0 or 1.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { badRequest } from '../http/errors';
import { readBody } from '../orthanc/relay';
import type { ExplorerBody } from './explorerRoutes';
import { isIdentityKey } from './hideIdentity';

const MAX_BODY_BYTES = 64 * 1024;
const ORTHANC_ID = z.string().regex(/^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/);

const FindSchema = z.strictObject({
  Level: z.enum(['Patient', 'Study', 'Series', 'Instance']),
  Query: z.record(z.string().regex(/^[A-Za-z0-9,]{1,64}$/), z.string().max(256)),
  Expand: z.boolean().optional(),
  Full: z.boolean().optional(),
  Short: z.boolean().optional(),
  CaseSensitive: z.boolean().optional(),
  Limit: z.int().min(0).max(100_000).optional(),
  Since: z.int().min(0).optional(),
});

const StoreSchema = z.union([
  ORTHANC_ID,
  z.array(ORTHANC_ID).min(1).max(1000),
  z.strictObject({
    Resources: z.array(ORTHANC_ID).min(1).max(1000),
    Synchronous: z.boolean().optional(),
  }),
]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body to send Orthanc for a write, built from the browser's once checked. */
export async function explorerBody(req: Request, kind: ExplorerBody): Promise<Uint8Array | undefined> {
  if (kind === 'none')
    return req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE'
      ? undefined
      : new Uint8Array();
  // A JSON body was parsed already (application/json); jQuery's default type leaves it to us.
  const text =
    req.body !== undefined
      ? JSON.stringify(req.body)
      : (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
  if (kind === 'protected') {
    const value = text.trim();
    if (value !== '0' && value !== '1') throw badRequest('protection is 0 or 1');
    return new TextEncoder().encode(value);
  }
  if (kind === 'store') {
    const trimmed = text.trim();
    const parsed = StoreSchema.safeParse(
      ORTHANC_ID.safeParse(trimmed).success ? trimmed : parseJson(trimmed),
    );
    if (!parsed.success) throw badRequest('name the Orthanc resources to send');
    return new TextEncoder().encode(
      typeof parsed.data === 'string' ? parsed.data : JSON.stringify(parsed.data),
    );
  }
  const find = FindSchema.safeParse(parseJson(text));
  if (!find.success) throw badRequest('not a search Orthanc Explorer sends');
  const identity = Object.keys(find.data.Query).filter((key) => isIdentityKey(key));
  if (identity.length)
    throw badRequest(
      `Orthanc Explorer through Sentinelle does not search by patient identity (${identity.join(', ')})`,
    );
  return new TextEncoder().encode(JSON.stringify(find.data));
}
