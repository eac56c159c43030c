/**
 * Where a browser may be sent after signing in: a path of this site, never another one. The check
 * reads `next` as the browser's URL parser will (it drops tabs and newlines, reads `\` as `/`, and
 * resolves `/.//host` to `//host`), so a string that looks like a path but leaves the origin once
 * parsed is refused. Anything refused becomes `/`. The sign-in page's script applies the same rule
 * (pages/login.js, `nextPath`).
 */
const MAX_LENGTH = 2000;
/** Any origin serves as the base: what matters is that `next` stays on it. */
const BASE = 'https://sentinelle.invalid';

/** Starts with exactly one slash (not `//host`, not `/\host`). */
const singleSlash = (path: string) => /^\/(?![/\\])/.test(path);

/** The path, percent-decoded until stable (undefined when it does not decode): `/%2F%2Fhost` is `//host` to a server that decodes it. */
function decoded(path: string): string | undefined {
  let current = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}

export function localPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH || !singleSlash(raw)) return '/';
  // Controls, spaces and backslashes: the parser would drop or reinterpret them.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = decoded(url.pathname);
  if (path === undefined || !singleSlash(url.pathname) || !singleSlash(path) || path.includes('\\'))
    return '/';
  return url.pathname + url.search + url.hash;
}
