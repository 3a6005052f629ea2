import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMPTY_JSON, LayoutStore, MediaType, sha256 } from '../src/oci/index.js'
import { compileSources, removeCompiledSources } from './helpers/compile.js'

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

// Each child waits for a shared start time so that all of them race on creating the layout, not
// only on index.json; it prints the digests it wrote so the parent can check every tag. With an
// interval, tag i is written at startAt + i * interval, so the writers collide once per slot.
const WRITER = `
import { pathToFileURL } from 'node:url'
const [compiled, dir, proc, count, startAt, interval] = process.argv.slice(2)
const until = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())))
const { LayoutStore } = await import(pathToFileURL(compiled + '/oci/index.js').href)
const template = ${JSON.stringify(TEMPLATE)}
const manifestFor = (tag) =>
  Buffer.from(JSON.stringify({ ...template, annotations: { 'org.example.tag': tag } }))
await until(Number(startAt))
const store = await LayoutStore.open(dir, { create: true })
const written = {}
for (let i = 0; i < Number(count); i++) {
  if (Number(interval) > 0) await until(Number(startAt) + i * Number(interval))
  const tag = 'p' + proc + '-' + i
  written[tag] = (await store.putManifest(manifestFor(tag), template.mediaType, tag)).digest
}
process.stdout.write(JSON.stringify(written))
`

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

  /** Runs the writers to completion; returns the digest each tag was given. */
  async function runWriters(
    dir: string,
    count: number,
    startAt: number,
    interval = 0,
  ): Promise<Record<string, string>> {
    const script = join(work, 'writer.mjs')
    await writeFile(script, WRITER)
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runNode([
          script,
          compiled,
          dir,
          String(p),
          String(count),
          String(startAt),
          String(interval),
        ]),
      ),
    )
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
    // Long enough for every child to have started node and loaded the modules.
    const startAt = Date.now() + 1500
    await expectLayout(dir, await runWriters(dir, TAGS_EACH, startAt))
  })

  it(`lets only one of ${PROCESSES} processes break a dead writer's lock`, async () => {
    const dir = join(work, 'stale-race')
    await LayoutStore.open(dir, { create: true })
    const lock = join(dir, 'index.json.lock')
    const rounds = 20
    const interval = 250
    const startAt = Date.now() + 1500
    // Before each slot, act as a writer that took the lock and died: every child then finds the
    // same stale lock at once, and all but one must wait for the one that broke it.
    let planted = 0
    const planting = (async () => {
      for (let i = 0; i < rounds; i++) {
        const slot = startAt + i * interval
        await new Promise((r) => setTimeout(r, Math.max(0, slot - 100 - Date.now())))
        while (Date.now() < slot - 10) {
          try {
            await writeFile(lock, `${DEAD_PID} ${Date.now()}`, { flag: 'wx' })
            planted++
            break
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
            await new Promise((r) => setTimeout(r, 5))
          }
        }
      }
    })()
    const written = await runWriters(dir, rounds, startAt, interval)
    await planting
    // The previous slot's writes take milliseconds; nearly every slot must have had a stale lock.
    expect(planted).toBeGreaterThanOrEqual(rounds - 2)
    await expectLayout(dir, written)
  })

  it('breaks a lock left by a dead process', async () => {
    const dir = join(work, 'stale')
    const store = await LayoutStore.open(dir, { create: true })
    await writeFile(join(dir, 'index.json.lock'), `${DEAD_PID} ${Date.now()}`)

    const started = Date.now()
    const desc = await store.putManifest(manifestFor('after-stale'), MediaType.OciManifest, 'v1')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await store.headManifest('v1'))?.digest).toBe(desc.digest)
    expect(await leftovers(dir)).toEqual([])
  })

  it('makes a writer wait while a live process holds the lock', async () => {
    const dir = join(work, 'live')
    const store = await LayoutStore.open(dir, { create: true })
    const lock = join(dir, 'index.json.lock')
    await writeFile(lock, `${process.pid} ${Date.now()}`)

    const started = Date.now()
    let finishedAt: number | undefined
    const write = store
      .putManifest(manifestFor('after-live'), MediaType.OciManifest, 'v1')
      .then((d) => ((finishedAt = Date.now()), d))
    await new Promise((r) => setTimeout(r, 200))
    // Still held: neither the tag nor the write may have gone through.
    expect(finishedAt).toBeUndefined()
    expect(await store.listTags()).toEqual([])
    await new Promise((r) => setTimeout(r, 100))
    await rm(lock)

    const desc = await write
    expect(finishedAt! - started).toBeGreaterThanOrEqual(250)
    expect((await store.headManifest('v1'))?.digest).toBe(desc.digest)
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await leftovers(dir)).toEqual([])
  })
})
