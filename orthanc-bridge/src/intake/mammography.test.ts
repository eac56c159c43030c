import { classifyInstance, sortViews, viewOf } from './mammography';

describe('mammography', () => {
  it('classifyInstance keeps MG images by modality or by digital mammography SOP class', () => {
    expect(
      classifyInstance({ Modality: 'MG', SOPClassUID: '1.2.840.10008.5.1.4.1.1.7', Rows: '8', Columns: '8' }),
    ).toBe('mammography');
    expect(classifyInstance({ Modality: 'OT', SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2.1' })).toBe(
      'mammography',
    );
    expect(classifyInstance({ Modality: 'MG', SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.22' })).toBe('other');
    expect(
      classifyInstance({ Modality: 'CT', SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', Rows: '8', Columns: '8' }),
    ).toBe('other');
    expect(classifyInstance({ Modality: 'MG', SOPClassUID: '1.2.840.10008.5.1.4.1.1.13.1.3' })).toBe(
      'tomosynthesis',
    );
  });

  it('viewOf reads laterality and view from ViewPosition or the view code sequence', () => {
    expect(viewOf({ ImageLaterality: 'R', ViewPosition: 'CC' })).toBe('RCC');
    expect(viewOf({ Laterality: 'L', ViewPosition: 'MLO' })).toBe('LMLO');
    expect(viewOf({ ImageLaterality: 'L', ViewCodeSequence: [{ CodeValue: '399368009' }] })).toBe('LMLO');
    expect(viewOf({ ImageLaterality: 'R', ViewCodeSequence: [{ CodeMeaning: 'cranio-caudal' }] })).toBe(
      'RCC',
    );
    expect(viewOf({ ViewPosition: 'CC' })).toBe('CC');
    expect(viewOf({ ImageLaterality: 'R' })).toBeUndefined();
  });

  it('sortViews puts the four screening views first, then the others', () => {
    expect(sortViews(['LMLO', 'RXCCL', 'RCC', 'LMLO', 'LCC', 'RMLO'])).toEqual([
      'RCC',
      'LCC',
      'RMLO',
      'LMLO',
      'RXCCL',
    ]);
  });
});
