import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('looks at a listed path before opening it: a link, a folder, a FIFO or a deleted file is never opened', async () => {
    const dir = await makeTempDir();
    writeFileSync(path.join(dir, 'target'), 'secret\n');
    symlinkSync('target', path.join(dir, 'link'));
    mkdirSync(path.join(dir, 'folder'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    writeFileSync(path.join(dir, 'plain'), 'x');
    expect(await nodeFileReader.read(path.join(dir, 'link'), 100)).toEqual({ kind: 'symlink' });
    expect(await nodeFileReader.read(path.join(dir, 'folder'), 100)).toEqual({ kind: 'gone' });
    // Opening a FIFO for reading would wait for a writer; opening some devices acts.
    expect(await nodeFileReader.read(path.join(dir, 'pipe'), 100)).toEqual({ kind: 'not-regular' });
    expect(await nodeFileReader.read(path.join(dir, 'deleted'), 100)).toEqual({ kind: 'gone' });
    // A file where git expected a folder: the path below it is gone too.
    expect(await nodeFileReader.read(path.join(dir, 'plain', 'below'), 100)).toEqual({ kind: 'gone' });
  });
});
