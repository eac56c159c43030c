import { errorJson, forbidden, notFound, unauthorized } from './errors';

describe('errors', () => {
  it('errorJson gives the English message, and the code and params a screen words in its own language', () => {
    expect(errorJson(unauthorized('wrong password', 'wrong-password'))).toEqual({
      error: { status: 401, message: 'wrong password', code: 'wrong-password' },
    });
    expect(
      errorJson(
        forbidden('this needs the permission audit:read', 'permission-needed', { permission: 'audit:read' }),
      ),
    ).toEqual({
      error: {
        status: 403,
        message: 'this needs the permission audit:read',
        code: 'permission-needed',
        params: { permission: 'audit:read' },
      },
    });
  });

  it('errorJson of an error without a code stays { status, message }', () => {
    expect(errorJson(notFound('no such study'))).toEqual({
      error: { status: 404, message: 'no such study' },
    });
  });
});
