import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Deps } from './app-env.js';
import { authenticate } from './auth/middleware.js';
import { limitBody } from './body-limit.js';
import { errorAnswer } from './error-answer.js';
import { ERROR_STATUS } from './error-status.js';
import { errorBody } from './http-errors.js';
import { Refusal } from '../ledger/core/errors.js';
import { openApiDocument } from './openapi.js';
import { apiRoutes } from './routes/index.js';
import { MAX_UPLOAD_BODY_BYTES } from './routes/reconciliations.js';
import { MAX_SYNC_BODY_BYTES } from './routes/sync.js';
import { SessionCache } from './auth/session-cache.js';

const SAME_ORIGIN_FRAMEABLE = /^\/api\/statements\/[^/]+\/preview\.pdf$/;

/** `'self'` for the statement preview PDF (framed by /books/), `'none'` everywhere else. */
export function frameAncestorsFor(path: string): string {
  return SAME_ORIGIN_FRAMEABLE.test(path) ? "'self'" : "'none'";
}

/** The largest request body accepted; a 200-line sale is about 20 KB. */
export const MAX_BODY_BYTES = 256 * 1024;
/**
 * A refused body up to this size is read and dropped, so the connection stays usable;
 * beyond it the 413 closes the connection rather than read that much for nothing.
 */
export const MAX_DISCARDED_BODY_BYTES = 8 * MAX_BODY_BYTES;

export interface CreateAppOptions extends Omit<Deps, 'now' | 'logger' | 'sessions'> {
  now?: Deps['now'];
  logger?: Deps['logger'];
  /** The built front end (vite's `dist/`); absent in API-only tests. */
  staticRoot?: string;
}

export const consoleLogger: Deps['logger'] = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const deps: Deps = {
    db: options.db,
    dbKind: options.dbKind,
    config: options.config,
    logger: options.logger ?? consoleLogger,
    now: options.now ?? (() => new Date()),
    sessions: new SessionCache(),
  };
  const app = new Hono<AppEnv>();

  // One line per request: method, path, status, duration.
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    await next();
    const durationMs = (performance.now() - started).toFixed(1);
    deps.logger.info(`${c.req.method} ${c.req.path} ${c.res.status} ${durationMs}ms`);
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        // Nothing may frame the app, except that the console shows the statement preview
        // PDF inline (same origin only) before it is published.
        frameAncestors: [(c) => frameAncestorsFor(c.req.path)],
      },
    }),
  );

  app.get('/health', async (c) => {
    await deps.db.selectFrom('users').select('id').limit(1).execute();
    return c.json({ status: 'ok', db: deps.dbKind });
  });

  const ordinaryLimit = limitBody({
    maxBytes: MAX_BODY_BYTES,
    maxDiscardedBytes: MAX_DISCARDED_BODY_BYTES,
  });
  // A month's merchant bill, base64-encoded, is larger than any other request.
  const uploadLimit = limitBody({
    maxBytes: MAX_UPLOAD_BODY_BYTES,
    maxDiscardedBytes: MAX_UPLOAD_BODY_BYTES,
  });
  // The tablet's outbox in one request: a few hundred queued sales.
  const syncLimit = limitBody({
    maxBytes: MAX_SYNC_BODY_BYTES,
    maxDiscardedBytes: MAX_SYNC_BODY_BYTES,
  });
  const limitFor: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.path === '/api/reconciliations'
      ? uploadLimit(c, next)
      : c.req.path === '/api/sync'
        ? syncLimit(c, next)
        : ordinaryLimit(c, next);
  app.use('/api/*', limitFor);
  app.use('/api/*', authenticate);
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.route('/api', apiRoutes);
  app.all('/api/*', () => {
    throw new Refusal('not_found', 'No such endpoint.');
  });

  if (options.staticRoot && existsSync(options.staticRoot)) {
    const root = resolve(options.staticRoot);
    app.use('/*', serveStatic({ root }));
    // A file that is not there is a 404, not the app page: a missing script or icon must
    // fail visibly rather than be parsed as HTML.
    app.get('/*', async (c, next) => {
      if (/\.[a-z0-9]{1,8}$/i.test(c.req.path) || c.req.path.startsWith('/assets/'))
        return c.json({ error: { code: 'not_found', message: 'No such file.' } }, 404);
      await next();
    });
    // Client-side routes of each front end fall back to its index.html.
    for (const prefix of ['/pos', '/books']) {
      app.get(`${prefix}/*`, serveStatic({ root, path: `${prefix.slice(1)}/index.html` }));
    }
    // The residents' pages: their own routes answer 200; any other address gets the same
    // page, which shows its not-found view, with the status a crawler or a link checker reads.
    app.get('/*', async (c) => {
      const page = await readFile(join(root, 'index.html'), 'utf8').catch(() => null);
      if (page === null)
        return c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
      return c.html(page, isResidentsRoute(c.req.path) ? 200 : 404);
    });
  }

  app.notFound((c) => c.json(errorBody('not_found', 'Not found.'), ERROR_STATUS.not_found));

  app.onError((caught, c) => errorAnswer(caught, c, deps));

  return app;
}

/** The residents' app's own addresses (pos-ui/src/public/router.ts parses the same). */
function isResidentsRoute(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '') || '/';
  return (
    ['/', '/index.html', '/funds', '/verify'].includes(trimmed) ||
    /^\/statements\/\d{4}-(0[1-9]|1[0-2])(\/versions\/[1-9]\d{0,5})?$/.test(trimmed)
  );
}
