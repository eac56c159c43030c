import { mammoViewCode, VIEW_CODES } from '../extension-mammo-ai/src/hangingProtocols/mammoView';

describe('mammoView', () => {
  it('mammoViewCode reads the view from View Code Sequence, in either shape OHIF gives it', () => {
    const code = { CodingSchemeDesignator: 'SCT', CodeValue: '399368009' };
    expect(mammoViewCode({ images: [{ ViewCodeSequence: [code], ViewPosition: 'CC' }] })).toBe(
      VIEW_CODES.MLO,
    );
    expect(mammoViewCode({ images: [{ ViewCodeSequence: code }] })).toBe(VIEW_CODES.MLO);
  });

  it('mammoViewCode falls back to View Position when the image has no View Code Sequence', () => {
    expect(mammoViewCode({ images: [{ ViewPosition: 'CC' }] })).toBe(VIEW_CODES.CC);
    expect(mammoViewCode({ images: [{ ViewPosition: ' mlo ' }] })).toBe(VIEW_CODES.MLO);
    expect(mammoViewCode({ images: [{ ViewCodeSequence: [{}], ViewPosition: 'MLO' }] })).toBe(VIEW_CODES.MLO);
  });

  it('mammoViewCode says nothing, and never throws, for an image that names no screening view', () => {
    expect(mammoViewCode({ images: [{ ViewPosition: 'XCCL' }] })).toBeUndefined();
    expect(mammoViewCode({ images: [{}] })).toBeUndefined();
    expect(mammoViewCode({ images: [] })).toBeUndefined();
    expect(mammoViewCode({})).toBeUndefined();
    expect(mammoViewCode(undefined)).toBeUndefined();
  });
});
