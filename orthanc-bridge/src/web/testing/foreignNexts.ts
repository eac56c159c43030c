/**
 * `next` values that lead away from the bridge once a browser parses them (the pen test's
 * `/%09/evil.example` and the usual tricks), as the query string gives them, decoded: each must
 * send the signed-in browser home.
 */
export const FOREIGN_NEXTS: readonly string[] = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\/evil.example',
  'https://evil.example',
  'HTTPS://evil.example/path',
  'javascript:alert(1)',
  '/%2F%2Fevil.example',
  '/%2f/evil.example',
  '/%5Cevil.example',
  '/%252F%252Fevil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e/%2fevil.example',
  ' //evil.example',
  'evil.example',
];
