import { limitByWomen, ofWomen } from './selectImages';

const images = ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', 'e'].map((patient, i) => ({
  file: `${i}.png`,
  patient,
}));

describe('selectImages', () => {
  it('ofWomen keeps only the images of the listed women, in label order', () => {
    expect(ofWomen(images, new Set(['b', 'e'])).map((i) => i.file)).toEqual([
      '2.png',
      '3.png',
      '8.png',
      '9.png',
    ]);
  });

  it('limitByWomen takes whole women spread over the list and never more images than the limit', () => {
    const four = limitByWomen(images, 4);
    expect(four.map((i) => i.patient)).toEqual(['a', 'a', 'c', 'c']);
    expect(limitByWomen(images, 5)).toHaveLength(4);
    expect(limitByWomen(images, 100)).toHaveLength(10);
  });

  it('limitByWomen keeps the first woman whole even when she alone exceeds the limit', () => {
    expect(limitByWomen(images, 1).map((i) => i.patient)).toEqual(['a', 'a']);
  });
});
