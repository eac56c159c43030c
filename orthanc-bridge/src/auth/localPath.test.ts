import { localPath } from './localPath';
import { FOREIGN_NEXTS } from '../web/testing/foreignNexts';

describe('localPath', () => {
  test.each([...FOREIGN_NEXTS, ''])('localPath sends %j home instead of to another site', (next) => {
    expect(localPath(next)).toBe('/');
  });

  test('localPath keeps a path of this site with its query and fragment', () => {
    expect(localPath('/viewer?StudyInstanceUIDs=1.2.3')).toBe('/viewer?StudyInstanceUIDs=1.2.3');
    expect(localPath('/mammo?StudyInstanceUIDs=1.2.3#panel')).toBe('/mammo?StudyInstanceUIDs=1.2.3#panel');
    expect(localPath('/audit')).toBe('/audit');
    expect(localPath('/')).toBe('/');
  });

  test('localPath refuses what is not a string or is too long', () => {
    expect(localPath(undefined)).toBe('/');
    expect(localPath(['/audit', '//evil.example'])).toBe('/');
    expect(localPath(`/${'a'.repeat(2000)}`)).toBe('/');
  });
});
