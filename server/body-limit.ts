import type { MiddlewareHandler } from 'hono';
import { Refusal } from '../ledger/core/errors.js';

/**
 * Refuses a request body larger than `maxBytes` with 413 `body_too_large`, and keeps the
 * connection honest. The refused body is read to its end and dropped, up to
 * `maxDiscardedBytes`, so that the next request on a keep-alive (or pipelined) connection
 * is read from where it starts and answered. A body larger still is not read: the 413
 * says `Connection: close`, and the server closes the connection after it.
 *
 * (hono's own `bodyLimit` answers an oversized Content-Length without reading the body;
 * @hono/node-server then drains it for at most 500 ms and drops the connection, so the
 * next request on it got no answer.)
 *
 * @example
 * app.use('/api/*', limitBody({ maxBytes: 256 * 1024, maxDiscardedBytes: 2 * 1024 * 1024 }));
 */
export function limitBody(options: {
  maxBytes: number;
  maxDiscardedBytes: number;
}): MiddlewareHandler {
  const { maxBytes, maxDiscardedBytes } = options;
  return async (c, next) => {
    const refuse = (closeConnection: boolean): never => {
      // Node's HTTP server closes the connection after an answer that says so.
      if (closeConnection) c.header('Connection', 'close');
      throw new Refusal('body_too_large', `The request body is larger than ${maxBytes} bytes.`);
    };
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('transfer-encoding')
      ? undefined
      : Number.parseInt(c.req.header('content-length') ?? '', 10);
    if (declared !== undefined && Number.isFinite(declared)) {
      // The HTTP parser delivers exactly the declared length: nothing to count.
      if (declared <= maxBytes) return next();
      if (declared > maxDiscardedBytes) refuse(true);
    }
    const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxDiscardedBytes) {
        reader.releaseLock();
        refuse(true);
      }
      if (size <= maxBytes) chunks.push(value);
    }
    if (size > maxBytes) refuse(false);
    c.req.raw = new Request(c.req.raw, { body: concat(chunks, size) });
    return next();
  };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}
