import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fhirErrors,
  fromFhirXml,
  readPart10,
  regenerateText,
  reviseDraft,
  type ReportDraftContent,
} from '@sentinelle/reporting';
import { dciodvfy, dsrdump, linesWith } from '@sentinelle/reporting/testing';
import { pdfPages } from '@sentinelle/reporting/testing/poppler';
import { pdfsigBuffer } from '@sentinelle/reporting/testing/pdfsig';
import { totpCodeAt } from '../auth/totp';
import { sessionHeaders, sessionOf, waitUntil } from '../testing/harness';
import { keptMassRevision, storeMammographyStudy } from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';
import { reportSrUids } from './signReport';

const t = useReadingApp();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sentinelle-reports-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A two-view MG study whose analysis is done, with the reader's revision keeping AI lesion L1. */
async function revisedStudy() {
  const { study, uid } = await t.analysedStudy();
  const revision = await t.api(`/api/studies/${uid}/revisions`, {
    method: 'POST',
    body: keptMassRevision(study.sources[0]!),
  });
  expect(revision.status).toBe(201);
  return { uid, study };
}

/** A binary GET as `who`. */
async function download(path: string, who = 'dr.martin') {
  const response = await fetch(`${t.app.url}${path}`, {
    headers: sessionHeaders(await sessionOf(t.app.url, who)),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

async function checkSr(bytes: Uint8Array, name: string) {
  const file = join(work, name);
  await writeFile(file, bytes);
  const checked = await dciodvfy(file);
  expect(checked.output).toMatch(/^ComprehensiveSR$/m);
  expect(linesWith(checked.output, 'Error')).toEqual([]);
  const dump = await dsrdump(file);
  expect(dump.exitCode).toBe(0);
  return { dataset: readPart10(bytes), dump: dump.output };
}

describe('structured reports', () => {
  test('AI findings → revision → prefilled draft → edited → signed with re-authentication → PDF, SR, FHIR → immutable → addendum', async () => {
    const { uid } = await revisedStudy();
    const base = `/api/studies/${uid}/report`;

    // The prefilled draft, not stored yet, in French by default, and in English on request.
    const opened = await t.api(base);
    expect(opened.status).toBe(200);
    expect(opened.body.versions).toEqual([]);
    expect(opened.body.draft).toMatchObject({ version: 1, status: 'draft', stored: false });
    const content = opened.body.draft.content;
    expect(content.locale).toBe('fr');
    expect(content.findings).toEqual([
      expect.objectContaining({ id: 'R1', laterality: 'L', type: 'mass', shape: 'irregular' }),
    ]);
    expect(content.aiSummary).not.toBeNull();
    expect(content.findingsText).not.toBe('');
    // No category until the physician gives one: the breast imaged starts unassessed.
    expect(content.breastAssessments).toEqual([{ laterality: 'L', assessment: null }]);
    expect(content.overallAssessment).toBeNull();
    expect(content.recommendations).toEqual([]);
    const english = await t.api(`${base}?locale=en`);
    expect(english.body.draft.content.locale).toBe('en');
    expect((await t.api(`${base}?locale=de`)).status).toBe(400);
    const { rows: none } = await t.app.ctx.pool.query('SELECT id FROM report');
    expect(none).toEqual([]);

    // Saved, edited: the breast assessed (its recommendation follows), the composition given.
    const edited = reviseDraft(content as ReportDraftContent, {
      indication: 'Dépistage organisé, patiente asymptomatique',
      composition: 'b',
      breastAssessments: [{ laterality: 'L', assessment: '4' }],
    });
    expect(edited.recommendations).toEqual(['biopsy']);
    const saved = await t.api(`${base}/draft`, { method: 'PUT', body: edited });
    expect(saved.status).toBe(200);
    expect(saved.body.report).toMatchObject({ version: 1, status: 'draft', content: edited });
    expect((await t.api(base)).body.draft).toMatchObject({ stored: true, content: edited });
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: { ...edited, extra: 1 } })).status).toBe(400);

    // Signing: not for a pathologist, not with a wrong password, not without or with a wrong TOTP code.
    const sign = (body: unknown, as = 'dr.martin') => t.api(`${base}/sign`, { method: 'POST', body, as });
    expect((await sign({ password: 'quatre chevaux verts 1987' }, 'dr.moreau')).status).toBe(403);
    expect((await sign({ password: 'wrong password' })).status).toBe(401);
    const begun = await t.api('/api/auth/totp/enrolment', { method: 'POST', body: {} });
    const secret: string = begun.body.secret;
    const confirmed = await t.api('/api/auth/totp/enrolment/confirm', {
      method: 'POST',
      body: { code: totpCodeAt(secret, new Date()) },
    });
    expect(confirmed.status).toBe(200);
    expect((await sign({ password: 'quatre chevaux verts 1987' })).status).toBe(401);
    expect((await sign({ password: 'quatre chevaux verts 1987', code: '000000' })).status).toBe(401);
    const { rows: stillDraft } = await t.app.ctx.pool.query<{ status: string }>('SELECT status FROM report');
    expect(stillDraft).toEqual([{ status: 'draft' }]);

    // Signed.
    const code = totpCodeAt(secret, new Date(Date.now() + 30_000));
    const signed = await sign({ password: 'quatre chevaux verts 1987', code });
    expect(signed.status).toBe(200);
    expect(signed.body.report).toMatchObject({
      version: 1,
      status: 'signed',
      amendsVersion: null,
      signer: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
      content: edited,
    });
    const v1 = signed.body.report;
    // The signature is in the reading history.
    const history = await t.api(`/api/studies/${uid}/reading`);
    expect(history.body.reports).toEqual([
      {
        version: 1,
        amendsVersion: null,
        signer: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
        signedAt: v1.signedAt,
      },
    ]);

    // The PDF: one valid signature covering the whole document, in the signer's name.
    const pdf = await download(`${base}/versions/1/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const verdict = await pdfsigBuffer(pdf.bytes);
    expect(verdict.signatures).toHaveLength(1);
    expect(verdict.signatures[0]).toMatchObject({ valid: true, totalDocumentSigned: true });
    // pdfsig names the institution's certificate; the signature block names the physician.
    expect(verdict.signatures[0]!.signerName).toContain('Hôpital de test Sentinelle');
    const pages = (await pdfPages(pdf.bytes)).join('\n');
    expect(pages).toContain('Dépistage organisé');
    expect(pages).toMatch(/Claire MARTIN|Claire Martin/);

    // The SR in Orthanc, as the API serves it.
    const sr = await download(`${base}/versions/1/sr`);
    expect(sr.status).toBe(200);
    expect(sr.type).toBe('application/dicom');
    const srV1 = await checkSr(sr.bytes, 'v1.dcm');
    expect(srV1.dataset.SOPInstanceUID).toBe(v1.sr.sopInstanceUid);
    expect(await t.client.findInstance(v1.sr.sopInstanceUid)).toBeDefined();

    // FHIR: a valid Bundle with the PDF as presentedForm, as JSON and XML.
    const fhir = await download(`${base}/versions/1/fhir`);
    expect(fhir.type).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(Buffer.from(fhir.bytes).toString('utf8'));
    expect(bundle.resourceType).toBe('Bundle');
    expect(fhirErrors(bundle)).toEqual([]);
    const report = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'DiagnosticReport',
    ).resource;
    expect(report.presentedForm[0].contentType).toBe('application/pdf');
    expect(Buffer.from(report.presentedForm[0].data, 'base64').equals(Buffer.from(pdf.bytes))).toBe(true);
    const xml = await download(`${base}/versions/1/fhir.xml`);
    expect(xml.type).toMatch(/^application\/fhir\+xml/);
    expect(fromFhirXml(Buffer.from(xml.bytes).toString('utf8'))).toEqual(bundle);

    // Signed is final: no new draft, no raw update or delete.
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: edited })).status).toBe(409);
    expect((await sign({ password: 'quatre chevaux verts 1987', code })).status).toBe(401); // step spent
    await expect(t.app.ctx.pool.query("UPDATE report SET locale = 'en' WHERE version = 1")).rejects.toThrow(
      /signed/,
    );
    await expect(t.app.ctx.pool.query('DELETE FROM report')).rejects.toThrow(/signed/);
    expect((await t.api(`${base}/versions/2/pdf`)).status).toBe(404);

    // The addendum: version 2 amending version 1, signed by a colleague (no TOTP), referencing it.
    expect((await t.api(`${base}/addendum`, { method: 'POST', body: {}, as: 'dr.moreau' })).status).toBe(201);
    expect((await t.api(`${base}/addendum`, { method: 'POST', body: {} })).status).toBe(409);
    const reopened = await t.api(base);
    expect(reopened.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(reopened.body.draft).toMatchObject({
      version: 2,
      amendsVersion: 1,
      stored: true,
      content: edited,
    });
    const amended = {
      ...edited,
      notes: [{ kind: 'paragraph', runs: [{ text: 'Addendum : contrôle à 6 mois.' }] }],
    };
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: amended, as: 'dr.bernard' })).status).toBe(
      200,
    );
    const signed2 = await sign({ password: 'quatre chevaux verts 1987' }, 'dr.bernard');
    expect(signed2.status).toBe(200);
    expect(signed2.body.report).toMatchObject({ version: 2, amendsVersion: 1, status: 'signed' });
    // The addendum too, newest first.
    expect((await t.api(`/api/studies/${uid}/reading`)).body.reports).toEqual([
      expect.objectContaining({
        version: 2,
        amendsVersion: 1,
        signer: expect.objectContaining({ login: 'dr.bernard' }),
      }),
      expect.objectContaining({ version: 1, amendsVersion: null }),
    ]);

    const pdf2 = await download(`${base}/versions/2/pdf`);
    expect((await pdfsigBuffer(pdf2.bytes)).signatures[0]).toMatchObject({ valid: true });
    expect((await pdfPages(pdf2.bytes)).join('\n')).toMatch(
      /Addendum \(version 2\) au compte rendu version 1/,
    );
    const srV2 = await checkSr((await download(`${base}/versions/2/sr`)).bytes, 'v2.dcm');
    const predecessors = srV2.dataset.PredecessorDocumentsSequence as
      | { ReferencedSeriesSequence: { ReferencedSOPSequence: { ReferencedSOPInstanceUID: string }[] }[] }[]
      | undefined;
    expect(JSON.stringify(predecessors)).toContain(v1.sr.sopInstanceUid);
    const bundle2 = JSON.parse(
      Buffer.from((await download(`${base}/versions/2/fhir`)).bytes).toString('utf8'),
    );
    expect(fhirErrors(bundle2)).toEqual([]);
    expect(JSON.stringify(bundle2)).toMatch(/addendum/i);

    // At rest: sealed content and PDF, no plaintext.
    const { rows } = await t.app.ctx.pool.query<{ content: string; pdf: Buffer; pdf_key_id: string }>(
      'SELECT content, pdf, pdf_key_id FROM report ORDER BY version',
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.content).toMatch(/^enc:v1:/);
      expect(row.content).not.toContain('Dépistage');
      expect(row.pdf.includes('%PDF')).toBe(false);
      expect(row.pdf_key_id).toBe(t.app.ctx.cipher.activeKeyId);
    }
    await expect(
      t.app.ctx.pool.query(
        "INSERT INTO report (study_instance_uid, version, locale, content, author_id) VALUES ($1, 9, 'fr', '{}', 1)",
        [uid],
      ),
    ).rejects.toThrow(/sealed/);

    // Without the authenticator at hand, one of the recovery codes signs instead, once.
    const [recovery] = confirmed.body.recoveryCodes as string[];
    expect((await t.api(`${base}/addendum`, { method: 'POST', body: {} })).status).toBe(201);
    expect((await sign({ password: 'quatre chevaux verts 1987', code: recovery })).status).toBe(200);
    expect((await t.api(`${base}/addendum`, { method: 'POST', body: {} })).status).toBe(201);
    expect((await sign({ password: 'quatre chevaux verts 1987', code: recovery })).status).toBe(401);
  });

  test('signing refuses an incomplete or contradictory draft with 422 and the list of problems, and stores nothing', async () => {
    const { uid } = await revisedStudy();
    const base = `/api/studies/${uid}/report`;
    const content = (await t.api(`${base}?locale=en`)).body.draft.content as ReportDraftContent;
    const sign = () =>
      t.api(`${base}/sign`, {
        method: 'POST',
        body: { password: 'quatre chevaux verts 1987' },
        as: 'dr.bernard',
      });
    const stored = async () =>
      (
        await t.app.ctx.pool.query<{ version: number; status: string; content: string; updated_at: Date }>(
          'SELECT version, status, content, updated_at FROM report WHERE study_instance_uid = $1 ORDER BY version',
          [uid],
        )
      ).rows;
    const reportSrs = async () =>
      (await t.client.findInstance(reportSrUids(uid, 1).sopInstanceUid)) === undefined ? 0 : 1;

    // As it opens: no category, no composition.
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: content })).status).toBe(200);
    const before = await stored();
    const unassessed = await sign();
    expect(unassessed.status).toBe(422);
    expect(unassessed.body.error.problems.map((p: { code: string }) => p.code)).toEqual([
      'composition-missing',
      'breast-not-assessed',
    ]);
    expect(unassessed.body.error.problems[1]).toEqual({
      code: 'breast-not-assessed',
      laterality: 'L',
      findingId: null,
      message: {
        fr: 'Sein gauche\u00a0: classification ACR à donner.',
        en: 'Left breast: the BI-RADS assessment is not given.',
      },
    });
    expect(unassessed.body.error.message).toMatch(/^the report cannot be signed: /);

    // A mass in a breast assessed ACR 1, an overall category that is not the breast's, no recommendation.
    const contradictory = {
      ...content,
      composition: 'c' as const,
      breastAssessments: [{ laterality: 'L' as const, assessment: '1' as const }],
      overallAssessment: '2' as const,
      recommendations: [],
    };
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: contradictory })).status).toBe(200);
    const saved = await stored();
    const refused = await sign();
    expect(refused.status).toBe(422);
    expect(refused.body.error.problems).toEqual([
      expect.objectContaining({ code: 'finding-in-negative-breast', laterality: 'L', findingId: 'R1' }),
      expect.objectContaining({ code: 'overall-not-most-severe' }),
      // The impression still says the breast is to be assessed: it does not state ACR 1.
      expect.objectContaining({ code: 'impression-without-category', laterality: 'L' }),
    ]);
    expect(refused.body.error.problems[0].message.fr).toMatch(
      /^Sein gauche classé ACR 1 \(négatif\) alors que/,
    );
    // Nothing changed: the draft as saved, no signed version, no SR in the study, no history entry.
    expect(await stored()).toEqual(saved);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.status).toBe('draft');
    expect(before[0]!.version).toBe(1);
    expect(await reportSrs()).toBe(0);
    expect((await t.api(`/api/studies/${uid}/reading`)).body.reports).toEqual([]);
    const opened = await t.api(base);
    expect(opened.body.versions).toEqual([]);
    expect(opened.body.draft.content).toEqual(contradictory);

    // ACR 4 without its biopsy recommendation: refused; with it, signed.
    const noBiopsy = reviseDraft(contradictory, {
      breastAssessments: [{ laterality: 'L', assessment: '4' }],
      recommendations: ['clinical-correlation'],
    });
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: noBiopsy })).status).toBe(200);
    const missing = await sign();
    expect(missing.status).toBe(422);
    expect(missing.body.error.problems.map((p: { code: string }) => p.code)).toEqual([
      'impression-without-category',
      'recommendation-missing',
    ]);

    const consistent = regenerateText(
      reviseDraft(noBiopsy, { recommendations: ['biopsy', 'clinical-correlation'] }),
    );
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: consistent })).status).toBe(200);
    const signed = await sign();
    expect(signed.status).toBe(200);
    expect(signed.body.report).toMatchObject({ version: 1, status: 'signed', content: consistent });
    expect(await reportSrs()).toBe(1);

    // The signed PDF dates the signature on Paris clocks, and its technique names the views.
    const text = (await pdfPages((await download(`${base}/versions/1/pdf`, 'dr.bernard')).bytes)).join('\n');
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(signed.body.report.signedAt));
    expect(text).toContain(`at ${paris}`);
    expect(text).not.toContain('(UTC)');
    expect(text.replace(/\s+/g, ' ')).toContain('Screening mammography of the left breast, CC view.');
  });

  test('a draft needs a finished analysis to prefill; templates are per site, versioned, changed by physician-admins', async () => {
    const study = await storeMammographyStudy(t.client, { views: ['LCC'] });
    await t.analysisOf(study.studyInstanceUid, 'queued');
    expect((await t.api(`/api/studies/${study.studyInstanceUid}/report`)).status).toBe(404);
    expect((await t.api('/api/studies/1.2.3.999/report')).status).toBe(404);

    const initial = await t.api('/api/templates/fr');
    expect(initial.body).toMatchObject({
      site: 'main',
      isDefault: true,
      template: { version: 1, locale: 'fr' },
    });
    const editable = { ...initial.body.template };
    for (const fixed of ['institution', 'version', 'locale']) delete editable[fixed];
    const changed = { ...editable, header: { ...editable.header, institutionName: 'Centre du sein' } };
    expect((await t.api('/api/templates/fr', { method: 'PUT', body: changed })).status).toBe(403);
    const saved = await t.api('/api/templates/fr', { method: 'PUT', body: changed, as: 'dr.lefevre' });
    expect(saved.status).toBe(200);
    expect(saved.body.template).toMatchObject({
      institution: 'main',
      version: 2,
      header: { institutionName: 'Centre du sein' },
    });
    expect((await t.api('/api/templates/fr')).body).toMatchObject({
      isDefault: false,
      template: { version: 2 },
    });
    expect((await t.api('/api/templates/en')).body.isDefault).toBe(true);
    expect((await t.api('/api/templates/de')).status).toBe(400);

    // The change and the refusal are in the audit trail: who, which site and language, which version.
    const audit = await waitUntil('the template entries', async () => {
      const page = await t.api('/api/audit?limit=1000', { as: 'dr.lefevre' });
      const entries = (page.body.entries as { resourceType: string }[]).filter(
        (e) => e.resourceType === 'report-template',
      );
      return entries.length === 2 ? entries : undefined;
    });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'dr.lefevre',
        action: 'update',
        resourceId: 'main/fr',
        outcome: 'success',
        detail: expect.objectContaining({ version: 2 }),
      }),
      expect.objectContaining({ actor: 'dr.martin', resourceId: 'main/fr', outcome: 'denied' }),
    ]);
  });
});
