/**
 * The bridge's own pages, plain HTML and a script each, in French and English: sign-in (password,
 * second factor, TOTP enrolment) at /login, the audit trail at /audit, accounts at /users, the site's
 * report templates at /templates, patients' identity conflicts at /identity-conflicts, the AI models
 * (shadow evaluation, comparison, promotion) at /models, training exports at /training-exports. And the guard
 * that sends a browser without a session to /login before any viewer page or file.
 */
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

const PAGES_DIR = fileURLToPath(new URL('./pages/', import.meta.url));

export function signInPageRoutes(): Router {
  const router = Router();
  const page =
    (file: string): RequestHandler =>
    (_req, res) => {
      res.set('cache-control', 'no-store').sendFile(file, { root: PAGES_DIR });
    };
  router.get('/login', page('login.html'));
  router.get('/audit', page('audit.html'));
  router.get('/users', page('users.html'));
  router.get('/templates', page('templates.html'));
  router.get('/identity-conflicts', page('identity.html'));
  router.get('/models', page('models.html'));
  router.get('/training-exports', page('trainingExports.html'));
  router.use('/pages', express.static(PAGES_DIR, { index: false, maxAge: 0 }));
  return router;
}

/** Pages and files of the viewer need a signed-in session: a page redirects to /login, anything else is a 401. */
export function requireSignInForPages(): RequestHandler {
  return (req, res, next) => {
    if (res.locals.user) return next();
    if (req.method === 'GET' && req.accepts('html'))
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    res.status(401).json({ error: { status: 401, message: 'sign in first' } });
  };
}
