/**
 * Draws the POS app icons (a steamed bun on the shop's red) as PNGs without any image
 * library: the pixels are computed and written as an RGBA PNG with Node's zlib. Run once
 * after changing the design: `npx tsx tools/make-pos-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const RED = [0xb7, 0x1c, 0x1c];
const CREAM = [0xff, 0xf4, 0xdc];
const FOLD = [0xd9, 0xb8, 0x82];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function icon(size: number): Buffer {
  const rows: Buffer[] = [];
  const centre = size / 2;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      // A bun: an ellipse in the middle 60 % (inside the maskable safe zone), with three folds.
      const dx = (x + 0.5 - centre) / (size * 0.3);
      const dy = (y + 0.5 - centre * 1.05) / (size * 0.24);
      const inside = dx * dx + dy * dy <= 1;
      const fold =
        inside && dy < 0.1 && [-0.35, 0, 0.35].some((at) => Math.abs(dx - at) < 0.04 && dy > -0.8);
      const colour = fold ? FOLD : inside ? CREAM : RED;
      row.set([...colour, 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const folder = resolve(import.meta.dirname, '../pos-ui/public/pos');
for (const size of [192, 512]) writeFileSync(resolve(folder, `icon-${size}.png`), icon(size));
writeFileSync(resolve(folder, 'apple-touch-icon.png'), icon(180));
