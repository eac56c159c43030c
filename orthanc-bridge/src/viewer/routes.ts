import { join } from 'node:path';
import type { ViewerFiles } from '@sentinelle/ohif-extensions';
import express, { Router } from 'express';
import helmet from 'helmet';

/**
 * The OHIF viewer at the bridge's origin: our app-config.js instead of the build's, our extension
 * and mode under /sentinelle/, the build's files, and index.html for the viewer's own routes
 * (/, /mammo?StudyInstanceUIDs=…) so that a reload or a shared link opens the same page.
 */
export function viewerRoutes(files: ViewerFiles): Router {
  const router = Router();
  // OHIF needs inline bootstrap scripts, WebAssembly codecs and blob: web workers; it talks only
  // to this origin.
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"],
          'worker-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'", 'data:', 'blob:'],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  router.get('/app-config.js', (_req, res) => {
    res.set('cache-control', 'no-cache').sendFile(files.appConfigPath, { dotfiles: 'allow' });
  });
  router.use(
    '/sentinelle',
    express.static(files.modulesDir, { index: false, cacheControl: true, maxAge: 0 }),
  );
  router.use(express.static(files.appDir, { index: false, maxAge: '1h' }));
  router.get(/.*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.set('cache-control', 'no-cache').sendFile(join(files.appDir, 'index.html'), { dotfiles: 'allow' });
  });
  return router;
}
