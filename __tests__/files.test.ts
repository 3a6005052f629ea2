import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectContext } from '../src/builders/context.js'
import { writeLayer } from '../src/builders/layer.js'
import { ReleaseError } from '../src/errors.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('tar', 'gzip')
const MTIME = 1_700_000_000
const scratch = mkdtempSync(join(tmpdir(), 'files-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Content that differs per file, sized so some are read ahead whole and some streamed. */
function content(i: number): Buffer {
  const size = i % 97 === 0 ? 300 * 1024 + i : 100 + ((i * 7919) % 5000)
  const seed = createHash('sha256').update(`file ${i}`).digest()
  return Buffer.alloc(size, seed)
}

describe.skipIf(!ok)('reading many files', () => {
  it('writes 3,000 files read side by side in order: GNU tar reads back every byte', async () => {
    const context = join(scratch, 'many')
    const paths: string[] = []
    for (let i = 0; i < 3000; i++) {
      const dir = join(context, `d${i % 30}`, `e${i % 7}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, `f${i}.txt`), content(i))
      paths.push(`d${i % 30}/e${i % 7}/f${i}.txt`)
    }
    const entries = await collectContext(context, { include: [], exclude: [], destination: '/' })
    const layer = await writeLayer(entries, { mtime: MTIME, outFile: join(scratch, 'many.tgz') })

    const listed = execFileSync('tar', ['-tzf', layer.path], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
    // In the sorted order of the entries: the writer kept the order the reads finished out of.
    expect(listed).toEqual(entries.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path)))
    const out = join(scratch, 'many-out')
    mkdirSync(out)
    execFileSync('tar', ['-xzf', layer.path, '-C', out])
    for (const [i, path] of paths.entries()) {
      expect(readFileSync(join(out, path)).equals(content(i))).toBe(true)
    }
    // The same files written again give the same bytes.
    const again = await writeLayer(entries, { mtime: MTIME, outFile: join(scratch, 'again.tgz') })
    expect(again.digest).toBe(layer.digest)
  })

  it('fails with CONTEXT_CHANGED when a small file changes size after the walk', async () => {
    const context = join(scratch, 'changing')
    mkdirSync(context)
    for (let i = 0; i < 200; i++) writeFileSync(join(context, `f${i}.txt`), `file ${i}\n`)
    const entries = await collectContext(context, { include: [], exclude: [], destination: '/' })
    // Positive control: unchanged, the layer is written.
    await writeLayer(entries, { mtime: MTIME, outFile: join(scratch, 'unchanged.tgz') })
    writeFileSync(join(context, 'f150.txt'), 'file 150, longer now\n')
    const error = await writeLayer(entries, {
      mtime: MTIME,
      outFile: join(scratch, 'changed.tgz'),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReleaseError)
    expect((error as ReleaseError).code).toBe('CONTEXT_CHANGED')
    expect((error as ReleaseError).message).toContain('f150.txt')
  })
})
