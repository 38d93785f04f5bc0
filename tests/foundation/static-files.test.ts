import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { silentLogger } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const root = mkdtempSync(join(tmpdir(), 'xmf-static-'));
mkdirSync(join(root, 'assets'));
mkdirSync(join(root, 'pos'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>residents</title>');
writeFileSync(join(root, 'pos', 'index.html'), '<!doctype html><title>pos</title>');
writeFileSync(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
writeFileSync(join(root, 'assets', 'public-abc.js'), 'console.log(1)');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeEachDatabase(
  'static files: real favicon, 404 for missing files, app routes',
  (database) => {
    const app = () =>
      createApp({
        db: database.current.db,
        dbKind: database.kind,
        config: { ...readConfig({}), adminPassword: undefined },
        logger: silentLogger,
        staticRoot: root,
      });

    test('the favicon and existing assets are served as files', async () => {
      const favicon = await app().request('/favicon.ico');
      expect(favicon.status).toBe(200);
      expect(new Uint8Array(await favicon.arrayBuffer())).toEqual(
        new Uint8Array([0, 0, 1, 0, 1, 0]),
      );
      expect((await app().request('/assets/public-abc.js')).status).toBe(200);
    });

    test('a missing asset or file is a 404, never the app page', async () => {
      for (const path of ['/assets/missing.js', '/assets/nothing', '/robots.txt', '/pos/gone.js']) {
        const response = await app().request(path);
        expect(response.status, path).toBe(404);
        expect(await response.text(), path).not.toContain('<title>');
      }
    });

    test('the residents’ routes answer the app; an unknown address gets its not-found page with 404', async () => {
      for (const path of [
        '/',
        '/verify',
        '/funds',
        '/statements/2026-10',
        '/statements/2026-10/versions/2',
      ]) {
        const response = await app().request(path);
        expect(response.status, path).toBe(200);
        expect(await response.text()).toContain('<title>residents</title>');
      }
      const unknown = await app().request('/no-such-page');
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('<title>residents</title>');
      expect(await (await app().request('/pos/shift')).text()).toContain('<title>pos</title>');
    });
  },
);
