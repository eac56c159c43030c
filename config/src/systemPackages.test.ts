import { loadConfig, missingDebianPackages, requiredDebianPackages } from './index';

describe('requiredDebianPackages', () => {
  test('requiredDebianPackages asks only for the services Sentinelle starts itself', () => {
    const ocr = ['tesseract-ocr', 'tesseract-ocr-fra', 'tesseract-ocr-eng'];
    expect(requiredDebianPackages(loadConfig({}))).toEqual([
      'dcmtk',
      ...ocr,
      'orthanc',
      'orthanc-dicomweb',
      'orthanc-python',
      'orthanc-gdcm',
      'postgresql',
      'redis-server',
    ]);
    const external = loadConfig({
      ORTHANC_URL: 'http://127.0.0.1:8042',
      ORTHANC_PASSWORD: 'long-enough',
      DATABASE_URL: 'postgres://127.0.0.1/sentinelle',
      REDIS_URL: 'redis://127.0.0.1',
    });
    // The worker reads text burned into pixels when it de-identifies a training export.
    expect(requiredDebianPackages(external)).toEqual(['dcmtk', ...ocr]);
    // The four-view demo study is built at start (dcmcjpeg) and checked with dciodvfy.
    expect(requiredDebianPackages(external, { demo: true })).toEqual(['dcmtk', ...ocr, 'dicom3tools']);
  });
});

describe('missingDebianPackages', () => {
  test('missingDebianPackages lists what dpkg does not have installed', () => {
    const missing = missingDebianPackages(['dcmtk', 'sentinelle-no-such-package']);
    if (missing === undefined) return; // not a Debian-like system
    expect(missing).toEqual(['sentinelle-no-such-package']);
  });
});
