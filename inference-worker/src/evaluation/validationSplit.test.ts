import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readValidationSplit, validationWomen } from './validationSplit';

describe('validationSplit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-split-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validationWomen gives the listed women of one dataset and refuses a dataset the split does not name', async () => {
    const path = join(dir, 'split.json');
    await writeFile(
      path,
      JSON.stringify({
        seed: 7,
        share: 0.2,
        validationWomen: { 'mini-mias': ['mias-016'], rsna: ['1025', '126'] },
      }),
    );
    const split = await readValidationSplit(path);
    expect([...validationWomen(split, 'rsna')]).toEqual(['1025', '126']);
    expect(() => validationWomen(split, 'other')).toThrow(
      /no validation women for dataset "other".*--dataset/,
    );
  });

  it('readValidationSplit names the file and the field when the split is malformed', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ seed: 7, share: 2, validationWomen: {} }));
    await expect(readValidationSplit(path)).rejects.toThrow(/bad\.json is invalid.*share/s);
    await expect(readValidationSplit(join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json cannot be read/,
    );
  });
});
