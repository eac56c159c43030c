import { findPeaks } from './findPeaks';
import type { LesionMaps } from './lesionMaps';
import { MAP_CHANNELS } from './lesionMaps';

const SIZE = 16;

function maps(
  cells: { channel: 'mass' | 'calcifications'; row: number; col: number; p: number }[],
): LesionMaps {
  const data = new Float32Array(3 * SIZE * SIZE);
  for (const { channel, row, col, p } of cells)
    data[MAP_CHANNELS[channel] * SIZE * SIZE + row * SIZE + col] = p;
  return { data, height: SIZE, width: SIZE, stride: 8 };
}

describe('findPeaks', () => {
  const plateauAndNeighbour = maps([
    { channel: 'mass', row: 4, col: 4, p: 0.8 },
    { channel: 'mass', row: 4, col: 5, p: 0.8 },
    { channel: 'mass', row: 5, col: 4, p: 0.8 },
    { channel: 'mass', row: 5, col: 5, p: 0.8 },
    { channel: 'mass', row: 4, col: 6, p: 0.5 },
    { channel: 'mass', row: 4, col: 7, p: 0.7 },
    { channel: 'calcifications', row: 4, col: 4, p: 0.6 },
  ]);
  const summary = (radius: number) =>
    findPeaks(plateauAndNeighbour, { lesionThreshold: 0.5, nmsRadiusCells: radius }).map((c) => [
      c.type,
      c.row,
      c.col,
    ]);

  it('findPeaks keeps one peak per flat top and suppresses a weaker one of the same type within the radius', () => {
    expect(summary(3)).toEqual([
      ['mass', 4, 4],
      ['calcifications', 4, 4],
    ]);
    expect(summary(2)).toEqual([
      ['mass', 4, 4],
      ['mass', 4, 7],
      ['calcifications', 4, 4],
    ]);
  });

  it('findPeaks returns at most maxPeaks candidates, strongest first, above the floor, flagged against the threshold', () => {
    const spikes = Array.from({ length: 15 }, (_, k) => ({
      channel: 'mass' as const,
      row: 1 + 3 * Math.floor(k / 5),
      col: 1 + 3 * (k % 5),
      p: 0.2 + 0.05 * k,
    }));
    const found = findPeaks(maps(spikes), { lesionThreshold: 0.78, maxPeaks: 10 });
    expect(found.map((c) => c.score)).toEqual(
      spikes
        .map((s) => Math.fround(s.p))
        .reverse()
        .slice(0, 10),
    );
    expect(found.filter((c) => c.aboveThreshold).map((c) => c.score)).toEqual(
      [0.9, 0.85, 0.8].map(Math.fround),
    );
    // Default floor: half the threshold, 0.39: the 11 spikes from 0.4 up.
    expect(findPeaks(maps(spikes), { lesionThreshold: 0.78, maxPeaks: 20 })).toHaveLength(11);
  });

  it('findPeaks ignores peaks whose cell centre lies in the padding', () => {
    const edge = maps([
      { channel: 'mass', row: 2, col: 9, p: 0.9 },
      { channel: 'mass', row: 2, col: 10, p: 0.95 },
    ]);
    // Content 80 model px wide: cells 0..9 (cell 9 centre 75.5); cell 10 is padding and outranks 9.
    expect(findPeaks(edge, { lesionThreshold: 0.5, extent: { width: 80, height: 128 } })).toEqual([]);
    expect(findPeaks(edge, { lesionThreshold: 0.5 }).map((c) => c.col)).toEqual([10]);
  });
});
