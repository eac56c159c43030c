import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('training code', () => {
  it('training code passes its Python self-check: augmentation geometry, FROC on truth maps, export and parity', async () => {
    const script = fileURLToPath(new URL('../training/selfcheck.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], { maxBuffer: 1 << 24 });
    expect(stdout.match(/^ok /gm)).toHaveLength(3);
  });
});
