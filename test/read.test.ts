import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFileReader } from '../src/io/read.js';
import { makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

describe('the file reader', () => {
  it('reads a file whole when it is within the limit', async () => {
    const file = path.join(await makeTempDir(), 'a.txt');
    writeFileSync(file, 'x'.repeat(10_000));
    const read = await nodeFileReader.read(file, 10_000);
    expect(read.kind === 'bytes' ? read.bytes.length : read.kind).toBe(10_000);
  });

  it('calls a file over the limit oversized from its size, before reading it', async () => {
    const file = path.join(await makeTempDir(), 'a.txt');
    writeFileSync(file, 'x'.repeat(10_001));
    expect(await nodeFileReader.read(file, 10_000)).toEqual({ kind: 'oversized', size: 10_001 });
  });

  it('stops one byte past the limit on a file whose size lies (procfs says 0)', async () => {
    // /proc/self/maps claims 0 bytes and holds kilobytes; a reader trusting the size reads it all.
    expect(await nodeFileReader.read('/proc/self/maps', 64)).toEqual({ kind: 'oversized', size: 65 });
    const whole = await nodeFileReader.read('/proc/self/maps', 1 << 20);
    expect(whole.kind).toBe('bytes');
    expect(whole.kind === 'bytes' && whole.bytes.toString('utf8').includes('\n')).toBe(true);
  });

  it('reads an empty file as no bytes', async () => {
    const file = path.join(await makeTempDir(), 'empty');
    writeFileSync(file, '');
    const read = await nodeFileReader.read(file, 100);
    expect(read.kind === 'bytes' ? read.bytes.length : read.kind).toBe(0);
  });
});
