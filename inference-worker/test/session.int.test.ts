import { existsSync } from 'node:fs';
import { resolveModel } from '@sentinelle/models';
import { MammoModel } from '../src/index';

describe('MammoModel', () => {
  it('MammoModel falls back to CPU with a reason when CUDA is asked for but unavailable, and gives CPU results', async () => {
    const resolved = await resolveModel();
    const reasons: string[] = [];
    const model = await MammoModel.load(resolved, {
      provider: 'cuda',
      threads: 1,
      onFallback: (r) => reasons.push(r),
    });
    const cpu = await MammoModel.load(resolved, { provider: 'cpu', threads: 1 });
    const { height, width } = model.inputSize;
    const input = Float32Array.from({ length: height * width }, (_, i) => Math.sin(i / 97) * 2);
    const [viaFallback] = await model.run([input]);
    const [viaCpu] = await cpu.run([input]);
    await Promise.all([model.release(), cpu.release()]);

    if (existsSync('/dev/nvidiactl')) {
      expect(model.executionProvider).toBe('cuda');
    } else {
      expect(model.executionProvider).toBe('cpu');
      expect(reasons).toHaveLength(1);
      expect(viaFallback!.malignancyLogit).toBe(viaCpu!.malignancyLogit);
    }
  });

  it('MammoModel refuses an input of the wrong size with a message naming the expected size', async () => {
    const resolved = await resolveModel();
    const { height, width } = resolved.entry.input;
    const model = await MammoModel.load(resolved, { provider: 'cpu', threads: 1 });
    await expect(model.run([new Float32Array(10)])).rejects.toThrow(`${height}×${width}`);
    await model.release();
  });
});
