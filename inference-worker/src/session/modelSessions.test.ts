/**
 * The worker's model cache on the real registry: a job's model is loaded once and kept, and a
 * model or version the registry does not have is refused for good.
 */
import { classifyFailure } from '../worker/failures';
import { ModelSessions, ModelUnavailableError } from './modelSessions';

describe('ModelSessions', () => {
  const sessions = new ModelSessions({ threads: 1, provider: 'cpu' });
  afterAll(() => sessions.release());

  test('ModelSessions loads the registry entry a job asks for once and keeps its session', async () => {
    const first = await sessions.get('mammo-ffdm-mil-cnn', '2.0.0');
    expect(first.entry).toMatchObject({ id: 'mammo-ffdm-mil-cnn', version: '2.0.0' });
    expect(first.inputSize).toEqual({ width: 320, height: 512 });
    expect(await sessions.get('mammo-ffdm-mil-cnn', '2.0.0')).toBe(first);
  });

  test('ModelSessions refuses, as a permanent failure, a model or a version the registry does not have', async () => {
    const otherVersion = sessions.get('mammo-ffdm-mil-cnn', '1.9.0');
    await expect(otherVersion).rejects.toThrow(
      'the job asks for mammo-ffdm-mil-cnn 1.9.0; the registry has mammo-ffdm-mil-cnn 2.0.0',
    );
    const unknown = sessions.get('no-such-model', '1.0.0');
    await expect(unknown).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(classifyFailure(await unknown.catch((error: unknown) => error)).kind).toBe('permanent');
  });
});
