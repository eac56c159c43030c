import { parseDicomWebPath } from './dicomWebPath';
import { dicomWebQuery } from './dicomWebQuery';

const S = '1.2.840.1';
const SE = '1.2.840.2';
const I = '1.2.840.3';

const route = (url: string, method = 'GET') => {
  const verdict = parseDicomWebPath(url, method);
  return verdict.ok ? verdict.route : verdict.status;
};

describe('dicomWebPath', () => {
  test('dicomWebPath reads every DICOMweb path shape with its UIDs', () => {
    expect(route('/dicom-web/studies')).toMatchObject({ kind: 'search', level: 'study' });
    expect(route('/dicom-web/series')).toMatchObject({ kind: 'search', level: 'series' });
    expect(route('/dicom-web/instances')).toMatchObject({ kind: 'search', level: 'instance' });
    expect(route(`/dicom-web/studies/${S}`)).toMatchObject({ kind: 'retrieve', level: 'study', studyUid: S });
    for (const part of ['metadata', 'rendered', 'thumbnail'])
      expect(route(`/dicom-web/studies/${S}/${part}`)).toMatchObject({ kind: 'retrieve', retrieve: part });
    expect(route(`/dicom-web/studies/${S}/series`)).toMatchObject({
      kind: 'search',
      level: 'series',
      studyUid: S,
    });
    expect(route(`/dicom-web/studies/${S}/instances`)).toMatchObject({ kind: 'search', level: 'instance' });
    expect(route(`/dicom-web/studies/${S}/series/${SE}/metadata`)).toMatchObject({
      level: 'series',
      seriesUid: SE,
      retrieve: 'metadata',
    });
    expect(route(`/dicom-web/studies/${S}/series/${SE}/instances`)).toMatchObject({
      kind: 'search',
      seriesUid: SE,
    });
    const instance = `/dicom-web/studies/${S}/series/${SE}/instances/${I}`;
    expect(route(instance)).toMatchObject({ level: 'instance', instanceUid: I, retrieve: 'whole' });
    expect(route(`${instance}/frames/1,2,3`)).toMatchObject({ retrieve: 'frames' });
    expect(route(`${instance}/frames/1/rendered`)).toMatchObject({ retrieve: 'rendered' });
    expect(route(`${instance}/bulk/7fe00010`)).toMatchObject({ retrieve: 'bulk' });
    expect(route(`${instance}/bulk/00540016/0/00181074`)).toMatchObject({ retrieve: 'bulk' });
    expect(route('/dicom-web/studies', 'POST')).toMatchObject({ kind: 'store' });
    expect(route(`/dicom-web/studies/${S}`, 'POST')).toMatchObject({ kind: 'store', studyUid: S });
    expect(route(`/dicom-web/studies/${S}/series/${SE}/instances`)).toMatchObject({
      segments: ['studies', S, 'series', SE, 'instances'],
    });
  });

  test('dicomWebPath refuses dot segments, encodings, backslashes and empty segments with 400', () => {
    for (const path of [
      `/dicom-web/studies/${S}/../${SE}/metadata`,
      `/dicom-web/studies/${S}/./metadata`,
      `/dicom-web/studies/${S}/%2e%2e/${SE}`,
      `/dicom-web/studies/${S}/%2E%2E/%2E%2E/patients`,
      `/dicom-web/studies/${S}%2f..%2f${SE}`,
      `/dicom-web/studies/${S}/%252e%252e/${SE}`,
      `/dicom-web/studies/${S}/..\\..\\system`,
      `/dicom-web/studies/${S}\\..\\${SE}`,
      `/dicom-web/studies//${S}`,
      `/dicom-web/studies/${S}/`,
      '/dicom-web/studies/.hidden',
      `/dicom-web/studies/${S};x=1`,
      `/dicom-web/studies/${S}%00`,
    ])
      expect([path, route(path)]).toEqual([path, 400]);
  });

  test('dicomWebPath answers 404 outside the grammar: other prefixes, keywords in another case, bad UIDs', () => {
    for (const path of [
      '/DICOM-WEB/studies',
      '/dicom-web',
      '/dicom-webstudies',
      '/dicom-web/Studies',
      `/dicom-web/studies/${S}/Metadata`,
      `/dicom-web/STUDIES/${S}`,
      '/dicom-web/patients',
      '/dicom-web/system',
      '/dicom-web/studies/1.2.3abc',
      '/dicom-web/studies/1..2',
      `/dicom-web/studies/${'1.'.repeat(40)}1`,
      `/dicom-web/studies/${S}/series/${SE}/instances/${I}/frames/0`,
      `/dicom-web/studies/${S}/series/${SE}/instances/${I}/frames/1/metadata`,
      `/dicom-web/studies/${S}/series/${SE}/instances/${I}/bulk/7fe0001`,
      `/dicom-web/studies/${S}/series/${SE}/instances/${I}/bulkdata/7fe00010/extra`,
      `/dicom-web/studies/${S}/series/${SE}/instances/${I}/metadata/more`,
    ])
      expect([path, route(path)]).toEqual([path, 404]);
  });

  test('dicomWebPath takes GET and HEAD everywhere, POST on studies only, nothing else', () => {
    expect(route(`/dicom-web/studies/${S}`, 'HEAD')).toMatchObject({ kind: 'retrieve' });
    expect(route(`/dicom-web/studies/${S}/metadata`, 'POST')).toBe(405);
    expect(route('/dicom-web/series', 'POST')).toBe(405);
    expect(route(`/dicom-web/studies/${S}`, 'DELETE')).toBe(405);
    expect(route(`/dicom-web/studies/${S}`, 'PUT')).toBe(405);
  });
});

describe('dicomWebQuery', () => {
  const search = parseDicomWebPath('/dicom-web/studies', 'GET');
  const metadata = parseDicomWebPath(`/dicom-web/studies/${S}/metadata`, 'GET');
  if (!search.ok || !metadata.ok) throw new Error('test routes');

  test('dicomWebQuery writes the search again from its decoded parameters', () => {
    expect(
      dicomWebQuery(search.route, 'limit=101&offset=0&includefield=00081030%2C00080060&PatientName=DU*'),
    ).toMatchObject({
      ok: true,
      query: 'limit=101&offset=0&includefield=00081030,00080060&PatientName=DU*',
    });
    expect(dicomWebQuery(search.route, '00100020=P%26x').ok).toBe(true);
  });

  test('dicomWebQuery refuses parameters a request does not take and control characters', () => {
    expect(dicomWebQuery(search.route, 'x-path=../../system').ok).toBe(false);
    expect(dicomWebQuery(search.route, 'PatientName=a%0Ab').ok).toBe(false);
    expect(dicomWebQuery(metadata.route, 'PatientName=x').ok).toBe(false);
    expect(dicomWebQuery(metadata.route, 'accept=application%2Fdicom%2Bjson').ok).toBe(true);
  });
});
