/**
 * Layout folders (issue #10 item 9): an empty lock file costs a few polls, not 30 s; temp files
 * of killed writers are swept; a folder that is not a layout is refused before any write.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { UserError } from '../src/errors.js'
import { EMPTY_JSON, LayoutStore, MediaType } from '../src/oci/index.js'
import { makeLayout } from './helpers/images.js'
import { treeDigest } from './helpers/tree-digest.js'

// Every `open` of this process, for counting lock attempts: the real call, observed.
const fsEvents = vi.hoisted(() => ({
  opens: [] as { path: string; result: string }[],
}))
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>()
  const open: typeof fs.open = async (path, ...rest) => {
    try {
      const handle = await fs.open(path, ...rest)
      fsEvents.opens.push({ path: String(path), result: 'opened' })
      return handle
    } catch (e) {
      fsEvents.opens.push({ path: String(path), result: (e as NodeJS.ErrnoException).code ?? '?' })
      throw e
    }
  }
  return { ...fs, default: { ...fs, open }, open }
})

const DEAD_PID = 999_999

function manifest(name: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      artifactType: 'application/vnd.test.hardening+json',
      config: { mediaType: EMPTY_JSON.mediaType, digest: EMPTY_JSON.digest, size: EMPTY_JSON.size },
      layers: [],
      annotations: { name },
    }),
  )
}

describe('layout hardening', () => {
  let work: string

  beforeAll(() => {
    expect(() => process.kill(DEAD_PID, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    work = mkdtempSync(join(tmpdir(), 'hardening-layout-'))
  })
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('breaks an empty lock file after a counted number of polls', async () => {
    const dir = join(work, 'empty-lock')
    const store = await makeLayout(dir)
    const lock = join(dir, 'index.json.lock')
    for (const [content, tag] of [
      ['', 'one'],
      ['garbage', 'two'],
    ] as const) {
      await writeFile(lock, content)
      const before = fsEvents.opens.length
      await store.putManifest(manifest(tag), MediaType.OciManifest, tag)
      const opens = fsEvents.opens.slice(before).filter((o) => o.path.startsWith(lock))
      // Five polls found it unreadable, one broke it under the guard, then the lock was taken.
      expect(opens).toEqual([
        ...Array.from({ length: 5 }, () => ({ path: lock, result: 'EEXIST' })),
        { path: `${lock}.break`, result: 'opened' },
        { path: lock, result: 'opened' },
      ])
      expect(await store.listTags()).toContain(tag)
    }
    // Positive control: a lock naming a live holder (this process) is not broken.
    await writeFile(lock, `${process.pid} ${Date.now()}`)
    const before = fsEvents.opens.length
    const write = store.putManifest(manifest('three'), MediaType.OciManifest, 'three')
    const waited = () =>
      fsEvents.opens.slice(before).filter((o) => o.path === lock && o.result === 'EEXIST').length
    for (let polls = 0; waited() < 8; polls++) {
      if (polls > 2000) throw new Error('the writer did not try the lock')
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(await store.listTags()).not.toContain('three')
    rmSync(lock)
    await write
    expect(await store.listTags()).toContain('three')
  })

  it("sweeps a dead writer's temp files at the first lock, and keeps a live one's", async () => {
    const dir = join(work, 'temp-files')
    await makeLayout(dir)
    const dead = [
      join(dir, `index.json.${DEAD_PID}.0123abcd.tmp`),
      join(dir, 'blobs', 'sha256', `${'e'.repeat(64)}.${DEAD_PID}.deadbeef.tmp`),
    ]
    const live = join(dir, `index.json.${process.pid}.feedf00d.tmp`)
    for (const f of [...dead, live]) writeFileSync(f, 'half written')
    const store = await LayoutStore.open(dir)
    await store.putManifest(manifest('x'), MediaType.OciManifest, 'x')
    for (const f of dead) await expect(stat(f)).rejects.toMatchObject({ code: 'ENOENT' })
    expect((await stat(live)).isFile()).toBe(true)
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([
      `index.json.${process.pid}.feedf00d.tmp`,
    ])
  })

  it('refuses to make a layout in a folder that holds something else, writing nothing', async () => {
    const dir = join(work, 'source')
    mkdirSync(join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'README.md'), 'my project\n')
    const before = treeDigest(dir)
    const error = await LayoutStore.open(dir, { create: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('image')
    expect((error as Error).message).toMatch(/not an OCI image layout .* holds "README.md", "src"/)
    expect(treeDigest(dir)).toBe(before)
    // Positive controls: a new folder and an empty one become layouts, at the first write.
    const empty = join(work, 'empty')
    mkdirSync(empty)
    for (const d of [empty, join(work, 'new')]) {
      const store = await LayoutStore.open(d, { create: true })
      expect(await store.listTags()).toEqual([])
      expect(existsSync(join(d, 'oci-layout'))).toBe(false)
      await store.putManifest(manifest('first'), MediaType.OciManifest, 'first')
      expect((await readdir(d)).sort()).toEqual(['blobs', 'index.json', 'oci-layout'])
      expect(await (await LayoutStore.open(d)).listTags()).toEqual(['first'])
    }
  })
})
