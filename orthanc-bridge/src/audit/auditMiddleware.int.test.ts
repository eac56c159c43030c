import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { errorHandler, forbidden, unauthorized } from '../http/errors';
import { useAuditDatabase } from './testing/auditDatabase';
import { waitUntil } from '../testing/harness';
import { listAuditEvents, type AuditEntry } from './auditLog';
import { createAuditRecorder, outcomeOf, type AuditRecorderOptions } from './auditMiddleware';
import { verifyAuditChain } from './verifyAuditChain';

const t = useAuditDatabase();

const STUDY = '1.2.826.0.1.3680043.8.498.7';

/** Log lines written during a test. */
function capturingLogger() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/**
 * A small app as routes will use the recorder: a stand-in auth layer puts the user named by the
 * X-Test-User header in res.locals.auditActor; a handler puts the study's patient in res.locals.
 */
async function startApp(options: Partial<AuditRecorderOptions> = {}) {
  const { logger, lines } = capturingLogger();
  const audit = createAuditRecorder({
    store: t.store,
    logger,
    actorOf: (res) => res.locals.auditActor,
    ...options,
  });
  const app = express();
  app.use((req, res, next) => {
    const login = req.get('x-test-user');
    if (login) res.locals.auditActor = { login, role: 'radiologist' };
    next();
  });
  const study = audit((req, res) => ({
    resourceType: 'study',
    resourceId: String(req.params.uid),
    patientId: res.locals.patientId ?? null,
  }));
  app.get('/api/studies/:uid', study, (req, res) => {
    if (!res.locals.auditActor) throw unauthorized('sign in first');
    if (res.locals.auditActor.login === 'dr.nobody') throw forbidden('not your patient');
    res.locals.patientId = 'PAT-7';
    res.json({ studyInstanceUid: req.params.uid });
  });
  app.post('/api/studies/:uid/notes', study, (_req, res) => {
    res.status(201).json({ id: 1 });
  });
  app.get('/api/stream/:uid', study, (_req, res) => {
    // A large answer piped in, as the DICOMweb relay streams Orthanc's.
    res.type('text/plain');
    Readable.from(Array.from({ length: 50 }, () => Buffer.from('PAT-7 '.repeat(1000)))).pipe(res);
  });
  app.get('/api/broken/:uid', study, () => {
    throw new Error('the handler failed');
  });
  app.get('/api/slow/:uid', study, (req) => {
    // Never answers: the client gives up.
    req.on('close', () => undefined);
  });
  app.get(
    '/api/search',
    audit((req) => ({
      resourceType: 'study',
      action: 'search',
      detail: { query: String(req.query.PatientID ?? '') },
    })),
    (_req, res) => {
      res.json([]);
    },
  );
  app.get(
    '/api/undescribable',
    audit(() => {
      throw new Error('describer bug');
    }),
    (_req, res) => {
      res.json({});
    },
  );
  app.use(errorHandler(logger));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, init: { user?: string; method?: string; signal?: AbortSignal } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'user-agent': 'sentinelle-test/1.0', ...(init.user ? { 'x-test-user': init.user } : {}) },
      ...(init.signal ? { signal: init.signal } : {}),
    });
  /** Calls, then waits until the request is recorded; returns the status. */
  const step = async (path: string, init: { user?: string; method?: string } = {}) => {
    const before = (await listAuditEvents(t.store)).entries.length;
    const { status } = await call(path, init);
    await recorded(before + 1);
    return status;
  };
  return {
    audit,
    lines,
    call,
    step,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await audit.drain();
    },
  };
}

/** The entries once `count` are recorded, oldest first. */
async function recorded(count: number): Promise<AuditEntry[]> {
  return waitUntil(`${count} audit entries`, async () => {
    const { entries } = await listAuditEvents(t.store);
    return entries.length >= count ? [...entries].reverse() : undefined;
  });
}

describe('auditMiddleware', () => {
  test('auditMiddleware records who read what, from where, with outcome success for a 200 and denied for a 401 or 403', async () => {
    const app = await startApp();
    try {
      // One request at a time, each recorded before the next: entries in request order.
      expect(await app.step(`/api/studies/${STUDY}?includefield=all`, { user: 'dr.martin' })).toBe(200);
      expect(await app.step(`/api/studies/${STUDY}`, { user: 'dr.nobody' })).toBe(403);
      expect(await app.step(`/api/studies/${STUDY}`)).toBe(401);
      const [read, refused, anonymous] = await recorded(3);
      expect(read).toMatchObject({
        actor: 'dr.martin',
        actorRole: 'radiologist',
        action: 'read',
        resourceType: 'study',
        resourceId: STUDY,
        patientId: 'PAT-7',
        sourceIp: '127.0.0.1',
        userAgent: 'sentinelle-test/1.0',
        outcome: 'success',
        httpStatus: 200,
        detail: { method: 'GET', path: `/api/studies/${STUDY}` },
      });
      expect(refused).toMatchObject({
        actor: 'dr.nobody',
        resourceId: STUDY,
        patientId: null,
        sourceIp: '127.0.0.1',
        outcome: 'denied',
        httpStatus: 403,
      });
      expect(anonymous).toMatchObject({
        actor: 'anonymous',
        actorRole: null,
        resourceId: STUDY,
        outcome: 'denied',
        httpStatus: 401,
      });
      expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toMatchObject({ ok: true, checked: 3 });
    } finally {
      await app.close();
    }
  });

  test('auditMiddleware takes the action from the method or the describer, and records failures', async () => {
    const app = await startApp();
    try {
      expect(await app.step(`/api/studies/${STUDY}/notes`, { user: 'dr.martin', method: 'POST' })).toBe(201);
      expect(await app.step('/api/search?PatientID=PAT-7', { user: 'dr.martin' })).toBe(200);
      expect(await app.step(`/api/broken/${STUDY}`, { user: 'dr.martin' })).toBe(500);
      const [created, searched, failed] = await recorded(3);
      expect(created).toMatchObject({
        action: 'create',
        resourceId: STUDY,
        outcome: 'success',
        httpStatus: 201,
      });
      expect(searched).toMatchObject({
        action: 'search',
        resourceId: null,
        detail: { query: 'PAT-7', method: 'GET', path: '/api/search' },
      });
      expect(failed).toMatchObject({
        action: 'read',
        resourceId: STUDY,
        outcome: 'failure',
        httpStatus: 500,
      });
    } finally {
      await app.close();
    }
  });

  test('auditMiddleware records a request whose client went away before the answer as a failure without status', async () => {
    const app = await startApp();
    try {
      await expect(
        app.call(`/api/slow/${STUDY}`, { user: 'dr.martin', signal: AbortSignal.timeout(200) }),
      ).rejects.toThrow();
      const [gone] = await recorded(1);
      expect(gone).toMatchObject({
        actor: 'dr.martin',
        resourceId: STUDY,
        outcome: 'failure',
        httpStatus: null,
        detail: { aborted: true, path: `/api/slow/${STUDY}` },
      });
    } finally {
      await app.close();
    }
  });

  test('auditMiddleware withholds the answer of a request it cannot record: 503 (500 for a describer bug), no patient data, logged at error level', async () => {
    const app = await startApp({
      append: () => Promise.reject(new Error('the database is gone')),
    });
    try {
      const read = await app.call(`/api/studies/${STUDY}`, { user: 'dr.martin' });
      expect(read.status).toBe(503);
      expect(await read.json()).toEqual({
        error: { status: 503, message: 'the audit trail cannot record this request; try again shortly' },
      });
      const streamed = await app.call(`/api/stream/${STUDY}`, { user: 'dr.martin' });
      expect(streamed.status).toBe(503);
      expect(await streamed.text()).not.toContain('PAT-7');
      const undescribable = await app.call('/api/undescribable', { user: 'dr.martin' });
      expect(undescribable.status).toBe(500);
      expect(await undescribable.json()).toEqual({ error: { status: 500, message: 'internal error' } });
      await app.audit.drain();
      const errors = app.lines.filter((l) => l.level === 50).map((l) => [l.msg, l.err?.message]);
      expect(errors).toEqual([
        ['[audit] the audit entry could not be recorded: the answer was withheld', 'the database is gone'],
        ['[audit] the audit entry could not be recorded: the answer was withheld', 'the database is gone'],
        ['[audit] could not describe the request', 'describer bug'],
      ]);
      expect((await listAuditEvents(t.store)).entries).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('auditMiddleware records the entry before the answer leaves, a streamed answer included', async () => {
    const app = await startApp();
    try {
      const read = await app.call(`/api/studies/${STUDY}`, { user: 'dr.martin' });
      expect(read.status).toBe(200);
      // No waiting: the entry is there by the time the answer is.
      expect((await listAuditEvents(t.store)).entries).toMatchObject([
        { resourceId: STUDY, httpStatus: 200 },
      ]);
      const streamed = await app.call(`/api/stream/${STUDY}`, { user: 'dr.martin' });
      expect(await streamed.text()).toBe('PAT-7 '.repeat(50_000));
      expect((await listAuditEvents(t.store)).entries).toHaveLength(2);
    } finally {
      await app.close();
    }
  });

  test('auditMiddleware records a request whose UID is too long or whose fields hold NUL, marking what it cut', async () => {
    const app = await startApp();
    try {
      const long = `1.${'2'.repeat(298)}`;
      expect(await app.step(`/api/studies/${long}`, { user: 'dr.martin' })).toBe(200);
      expect(await app.step('/api/search?PatientID=PAT%007', { user: 'dr.martin' })).toBe(200);
      const [cut, nul] = await recorded(2);
      expect(cut).toMatchObject({
        resourceId: long.slice(0, 256),
        detail: { truncated: { resourceId: 300 }, path: `/api/studies/${long}` },
      });
      expect(nul).toMatchObject({ detail: { query: 'PAT\u24007' } });
      expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await app.close();
    }
  });

  test('outcomeOf maps 2xx and 3xx to success, 401 and 403 to denied, anything else to failure', () => {
    expect([200, 204, 304, 401, 403, 400, 404, 409, 500, 503].map(outcomeOf)).toEqual([
      'success',
      'success',
      'success',
      'denied',
      'denied',
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
    ]);
  });
});
