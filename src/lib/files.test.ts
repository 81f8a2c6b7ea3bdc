import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeStreamToFile } from './files.ts';

test('a source that fails at once: once the write is settled, removing the path leaves no file behind', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Like a refused upload: the check fails on the first chunk, often while the file is still being
  // opened (a plain pipeline() then settles first and the file appears after the removal).
  const runs = 300;
  for (let i = 0; i < runs; i++) {
    const path = join(dir, `${i}.tmp`);
    const check = new Transform({ transform: (_chunk, _encoding, callback) => callback(new Error('refused')) });
    const writing = writeStreamToFile(check, path);
    check.end(Buffer.alloc(4000));
    await assert.rejects(writing, /refused/);
    await rm(path, { force: true });
  }
  await sleep(100);
  assert.deepEqual(readdirSync(dir), []);
});

test('a source that ends is written whole', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await writeStreamToFile(Readable.from([Buffer.from('abc'), Buffer.from('é')]), join(dir, 'f'));
  assert.equal(readFileSync(join(dir, 'f'), 'utf8'), 'abcé');
});
