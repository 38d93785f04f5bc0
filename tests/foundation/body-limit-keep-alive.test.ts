import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_BODY_BYTES, MAX_DISCARDED_BODY_BYTES } from '../../server/app.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes raw bytes on one TCP connection and collects the HTTP/1.1 answers until
 * `expected` have come or the server closes the connection.
 */
function exchange(
  port: number,
  request: Buffer | string,
  expected: number,
): Promise<{ responses: RawResponse[]; closedByServer: boolean; error?: string }> {
  return new Promise((resolveExchange) => {
    const socket = connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    let settled = false;
    const settle = (closedByServer: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolveExchange({ responses, closedByServer, ...(error ? { error } : {}) });
    };
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) break;
        const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? '0');
        if (buffered.length < end + 4 + length) break;
        responses.push({
          status: Number(statusLine!.split(' ')[1]),
          headers,
          body: buffered.subarray(end + 4, end + 4 + length).toString('utf8'),
        });
        buffered = buffered.subarray(end + 4 + length);
      }
      if (responses.length === expected) settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('error', (error) => settle(true, error.message));
    socket.write(request);
  });
}

function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

const healthRequest = 'GET /health HTTP/1.1\r\nHost: test\r\n\r\n';

describeEachDatabase('a 413 for an oversized body', (database) => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    const { app } = createTestApp(database);
    await new Promise<void>((ready) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  test('with a Content-Length: the connection stays usable, and the pipelined next request is answered', async () => {
    const body = 'x'.repeat(MAX_BODY_BYTES + 1);
    const { responses, closedByServer } = await exchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}${healthRequest}`,
      2,
    );
    expect(closedByServer).toBe(false);
    expect(responses.map((response) => response.status)).toEqual([413, 200]);
    expect(JSON.parse(responses[0]!.body)).toMatchObject({ error: { code: 'body_too_large' } });
    expect(responses[0]!.headers.connection).not.toBe('close');
    expect(JSON.parse(responses[1]!.body)).toMatchObject({ status: 'ok' });
  });

  test('chunked: the connection stays usable, and the pipelined next request is answered', async () => {
    const body = 'x'.repeat(MAX_BODY_BYTES + 1);
    const { responses, closedByServer } = await exchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${chunk(body.slice(0, 100_000))}${chunk(body.slice(100_000))}0\r\n\r\n` +
        healthRequest,
      2,
    );
    expect(closedByServer).toBe(false);
    expect(responses.map((response) => response.status)).toEqual([413, 200]);
    expect(JSON.parse(responses[0]!.body)).toMatchObject({ error: { code: 'body_too_large' } });
  });

  test('a body too large even to drop is answered 413 with Connection: close, and the connection is closed cleanly', async () => {
    // Only the head is sent: the server must answer without waiting for the body.
    const { responses, closedByServer, error } = await exchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${MAX_DISCARDED_BODY_BYTES + 1}\r\n\r\n`,
      2,
    );
    expect(error).toBeUndefined();
    expect(closedByServer).toBe(true);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.status).toBe(413);
    expect(responses[0]!.headers.connection).toBe('close');
    expect(JSON.parse(responses[0]!.body)).toMatchObject({ error: { code: 'body_too_large' } });
  });

  test('a body within the limit is still read whole by the handler', async () => {
    const { responses } = await exchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${chunk('{"usern')}${chunk('ame":"nobody","password":1}')}0\r\n\r\n`,
      1,
    );
    // The handler saw the whole JSON (both chunks): it refuses the number as a password.
    expect(responses[0]!.status).toBe(400);
    expect(JSON.parse(responses[0]!.body)).toMatchObject({ error: { code: 'invalid_input' } });
  });
});
