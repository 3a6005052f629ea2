import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { EMPTY_JSON, LayoutStore, MediaType, sha256 } from '../src/oci/index.js'
import { compileSources, removeCompiledSources } from './helpers/compile.js'
import { makeLayout } from './helpers/images.js'

// Every `open` of this process, for counting lock attempts: the real call, observed.
const fsEvents = vi.hoisted(() => ({
  opens: [] as { path: string; result: 'opened' | string }[],
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

const PROCESSES = 6
const TAGS_EACH = 15
const DEAD_PID = 999_999

const TEMPLATE = {
  schemaVersion: 2,
  mediaType: MediaType.OciManifest,
  artifactType: 'application/vnd.test.lock+json',
  config: { mediaType: EMPTY_JSON.mediaType, digest: EMPTY_JSON.digest, size: EMPTY_JSON.size },
  layers: [],
}

/** A manifest unique to `tag`, so a tag pointing at another writer's manifest is caught. */
function manifestFor(tag: string): Buffer {
  return Buffer.from(JSON.stringify({ ...TEMPLATE, annotations: { 'org.example.tag': tag } }))
}

// Each child signals that it is ready and waits for the parent's go file, so all of them race on
// creating the layout, not only on index.json; it prints the digests it wrote so the parent can
// check every tag. Gated, tag i waits for go-i, and the child reports done-<proc>-<i>: the parent
// starts each round once the previous one is done, so the writers collide once per round.
const WRITER = `
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [compiled, dir, proc, count, sync, gated] = process.argv.slice(2)
const gate = async (name) => {
  for (let polls = 0; !existsSync(join(sync, name)); polls++) {
    if (polls > 12_000) throw new Error('no ' + name + ' from the parent')
    await new Promise((r) => setTimeout(r, 5))
  }
}
const { LayoutStore } = await import(pathToFileURL(compiled + '/oci/index.js').href)
const template = ${JSON.stringify(TEMPLATE)}
const manifestFor = (tag) =>
  Buffer.from(JSON.stringify({ ...template, annotations: { 'org.example.tag': tag } }))
writeFileSync(join(sync, 'ready-' + proc), '')
await gate('go-0')
const store = await LayoutStore.open(dir, { create: true })
const written = {}
for (let i = 0; i < Number(count); i++) {
  if (gated === 'gated' && i > 0) await gate('go-' + i)
  const tag = 'p' + proc + '-' + i
  written[tag] = (await store.putManifest(manifestFor(tag), template.mediaType, tag)).digest
  writeFileSync(join(sync, 'done-' + proc + '-' + i), '')
}
process.stdout.write(JSON.stringify(written))
`

/** Polls up to `polls` times, 5 ms apart: a bounded count of polls, not a deadline. */
async function waitFor(done: () => boolean, what: string, polls = 12_000): Promise<void> {
  for (let i = 0; i < polls; i++) {
    if (done()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`${what} after ${polls} polls`)
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function runNode(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Files that are not part of the layout: temp files, locks, lock guards. */
async function leftovers(dir: string): Promise<string[]> {
  const top = (await readdir(dir)).filter((n) => !['blobs', 'index.json', 'oci-layout'].includes(n))
  const blobs = (await readdir(join(dir, 'blobs', 'sha256'))).filter(
    (n) => !/^[a-f0-9]{64}$/.test(n),
  )
  return [...top, ...blobs.map((n) => `blobs/sha256/${n}`)]
}

describe('layout index.json lock', () => {
  let work: string
  let compiled: string

  beforeAll(async () => {
    // The premise of the stale-lock tests: no process has this id (pid_max is usually far lower).
    expect(() => process.kill(DEAD_PID, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    work = mkdtempSync(join(tmpdir(), 'layout-lock-'))
    compiled = await compileSources()
  })

  afterAll(async () => {
    await removeCompiledSources()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  /**
   * Runs the writers to completion; returns the digest each tag was given. Gated, `beforeRound`
   * runs before each round's go file, while no writer is between rounds.
   */
  async function runWriters(
    dir: string,
    count: number,
    gated: boolean,
    beforeRound: (round: number) => Promise<void> = async () => undefined,
  ): Promise<Record<string, string>> {
    const sync = `${dir}.sync`
    mkdirSync(sync)
    const script = join(work, 'writer.mjs')
    await writeFile(script, WRITER)
    const children = Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runNode([script, compiled, dir, String(p), String(count), sync, gated ? 'gated' : '']),
      ),
    )
    let failed = false
    void children.then((runs) => (failed = runs.some((r) => r.code !== 0)))
    const all =
      (prefix: string, suffix = '') =>
      () =>
        failed ||
        Array.from({ length: PROCESSES }, (_, p) => `${prefix}${p}${suffix}`).every((f) =>
          existsSync(join(sync, f)),
        )
    await waitFor(all('ready-'), 'the writers did not start')
    for (let round = 0; round < (gated ? count : 1); round++) {
      await beforeRound(round)
      await writeFile(join(sync, `go-${round}`), '')
      if (gated) await waitFor(all('done-', `-${round}`), `round ${round} did not finish`)
    }
    const runs = await children
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 })
    const written: Record<string, string> = Object.assign(
      {},
      ...runs.map((r) => JSON.parse(r.stdout) as Record<string, string>),
    )
    expect(Object.keys(written)).toHaveLength(PROCESSES * count)
    return written
  }

  /** index.json is intact, lists exactly the written tags, and nothing half-done is left. */
  async function expectLayout(dir: string, written: Record<string, string>): Promise<void> {
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
      manifests: unknown[]
    }
    const store = await LayoutStore.open(dir)
    expect((await store.listTags()).sort()).toEqual(Object.keys(written).sort())
    expect(index.manifests).toHaveLength(Object.keys(written).length)
    for (const [tag, digest] of Object.entries(written)) {
      expect(digest).toBe(sha256(manifestFor(tag)))
      expect((await store.getManifest(tag)).digest, tag).toBe(digest)
    }
    expect(await leftovers(dir)).toEqual([])
  }

  it(`keeps every tag when ${PROCESSES} processes create and write one layout at once`, async () => {
    const dir = join(work, 'shared')
    await expectLayout(dir, await runWriters(dir, TAGS_EACH, false))
  })

  it(`lets only one of ${PROCESSES} processes break a dead writer's lock`, async () => {
    const dir = join(work, 'stale-race')
    await makeLayout(dir)
    const lock = join(dir, 'index.json.lock')
    const rounds = 20
    // Before each round, act as a writer that took the lock and died: every child then finds the
    // same stale lock at once, and all but one must wait for the one that broke it.
    let planted = 0
    const written = await runWriters(dir, rounds, true, async () => {
      await writeFile(lock, `${DEAD_PID} ${Date.now()}`, { flag: 'wx' })
      planted++
    })
    expect(planted).toBe(rounds)
    await expectLayout(dir, written)
  })

  it('breaks a lock left by a dead process', async () => {
    const dir = join(work, 'stale')
    const store = await makeLayout(dir)
    const lock = join(dir, 'index.json.lock')
    await writeFile(lock, `${DEAD_PID} ${Date.now()}`)

    const before = fsEvents.opens.length
    const desc = await store.putManifest(manifestFor('after-stale'), MediaType.OciManifest, 'v1')
    expect((await store.headManifest('v1'))?.digest).toBe(desc.digest)
    expect(await leftovers(dir)).toEqual([])
    // Found the dead holder's lock, broke it under the guard once, then took the lock.
    expect(fsEvents.opens.slice(before).filter((o) => o.path.startsWith(lock))).toEqual([
      { path: lock, result: 'EEXIST' },
      { path: `${lock}.break`, result: 'opened' },
      { path: lock, result: 'opened' },
    ])
  })

  it('makes a writer wait while a live process holds the lock', async () => {
    const dir = join(work, 'live')
    const store = await makeLayout(dir)
    const lock = join(dir, 'index.json.lock')
    await writeFile(lock, `${process.pid} ${Date.now()}`)

    const before = fsEvents.opens.length
    const refused = () =>
      fsEvents.opens.slice(before).filter((o) => o.path === lock && o.result === 'EEXIST').length
    let finished = false
    const write = store
      .putManifest(manifestFor('after-live'), MediaType.OciManifest, 'v1')
      .then((d) => ((finished = true), d))
    // The writer found the lock held three times, and neither the tag nor the write went through.
    await waitFor(() => refused() >= 3, 'the writer did not try the lock')
    expect(finished).toBe(false)
    expect(await store.listTags()).toEqual([])
    await rm(lock)

    const desc = await write
    expect(fsEvents.opens.slice(before).filter((o) => o.result === 'opened')).toEqual([
      { path: lock, result: 'opened' },
    ])
    expect((await store.headManifest('v1'))?.digest).toBe(desc.digest)
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await leftovers(dir)).toEqual([])
  })
})
