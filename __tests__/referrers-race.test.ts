/**
 * Acceptance (issue 10, item 5): concurrent attaches keep every referrer. Six processes sign one
 * image at once (each with its own key) in the legacy `.sig` format and in the bundle format,
 * and eight processes attach a release record each, against Debian's registry (no referrers
 * API: the `sha256-<hex>` fallback index). A proxy holds every read of the contended tag, so the
 * racers read the same state and all but one write are lost at first (the test asserts it: more
 * tag writes than entries, so it cannot pass without contention), and holds every other write
 * longer than one read takes: a writer that re-reads once and sees its entry can still lose it
 * to a slow write based on an older read.
 */
import { spawn } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fallbackTag, RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { COSIGN_SIGN_PREDICATE_TYPE, verifyKeyBundle } from '../src/sign/bundle.js'
import { BUNDLE_MEDIA_TYPE, type SerializedBundle } from '../src/sign/bundle-signer.js'
import { signatureTag, verifyLegacy } from '../src/sign/cosign.js'
import { generateKeyPair } from '../src/sign/keys.js'
import { readReferrers } from '../src/sign/referrer.js'
import { compileSources, removeCompiledSources } from './helpers/compile.js'
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js'
import { startReferrersFront, type ReferrersFront } from './helpers/referrers-front.js'
import { writeImage } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'tar', 'gzip')
const PASS = 'race'
const CREATED = '2024-06-06T06:06:06Z'
const HOLD_MS = 300
const SLOW_WRITE_MS = 450

// One racer: waits for the shared start time, then signs (or attaches a record) once.
const RACER = `
import { pathToFileURL } from 'node:url'
const [compiled, host, repo, subjectJson, mode, arg, startAt] = process.argv.slice(2)
const load = (p) => import(pathToFileURL(compiled + p).href)
const { RegistryStore } = await load('/oci/index.js')
const { signSubject, attachRecord } = await load('/sign/attach.js')
const store = new RegistryStore(host, repo, {})
const subject = JSON.parse(subjectJson)
const ctx = { store, repository: host + '/' + repo, format: mode, created: ${JSON.stringify(CREATED)} }
let out
if (mode === 'record') {
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())))
  const r = await attachRecord({ ...ctx, format: 'bundle' }, subject, ${JSON.stringify(RECORD_ARTIFACT_TYPE)}, Buffer.from(arg))
  out = r.descriptor.digest
} else {
  const { keyBundleSigner } = await load('/sign/bundle.js')
  const { keySigner } = await load('/sign/signer.js')
  const { loadSigningKey } = await load('/sign/keys.js')
  const signer = keyBundleSigner(keySigner(await loadSigningKey(arg, ${JSON.stringify(PASS)})))
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())))
  out = (await signSubject({ ...ctx, signer }, subject)).references
}
process.stdout.write(JSON.stringify(out))
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
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe.skipIf(!ok)('concurrent referrer writes (acceptance)', () => {
  let work: string
  let compiled: string
  let registry: TestRegistry
  let proxy: FaultProxy
  let front: ReferrersFront
  let casProxy: FaultProxy
  const keys: { file: string; publicKeyPem: string }[] = []

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'referrers-race-'))
    registry = await startRegistry('none')
    proxy = await startFaultProxy(registry.host)
    front = await startReferrersFront(registry.host, { conditionalWrites: true })
    casProxy = await startFaultProxy(front.host)
    compiled = await compileSources()
    writeFileSync(join(work, 'racer.mjs'), RACER)
    for (let i = 0; i < 6; i++) {
      const pair = await generateKeyPair(PASS)
      const file = join(work, `key-${i}.key`)
      writeFileSync(file, pair.privateKeyPem, { mode: 0o600 })
      keys.push({ file, publicKeyPem: pair.publicKeyPem })
    }
  }, 120_000)

  afterAll(async () => {
    await proxy?.stop()
    await casProxy?.stop()
    await front?.stop()
    await registry?.stop()
    await removeCompiledSources()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  /** A fresh image in its own repository, pushed directly (not through the proxy). */
  const subjectIn = async (repo: string) =>
    (await writeImage(new RegistryStore(registry.host, repo, {}), [{ 'x.txt': `${repo}\n` }]))
      .descriptor

  /**
   * Runs the racers through `via`, every read of `tag` held so that they all collide; returns
   * the subject and the status of every write of the tag.
   */
  async function race(
    repo: string,
    tag: (digest: string) => string,
    mode: string,
    args: string[],
    via: FaultProxy = proxy,
  ): Promise<{ digest: string; writes: (number | 'reset')[] }> {
    const subject = await subjectIn(repo)
    const tagPath = `/v2/${repo}/manifests/${tag(subject.digest)}`
    let puts = 0
    via.setDelay((method, path) => {
      if (path !== tagPath) return false
      if (method === 'GET') return HOLD_MS
      return method === 'PUT' && puts++ % 2 === 1 ? SLOW_WRITE_MS : false
    }, HOLD_MS)
    const before = via.requests.length
    const startAt = String(Date.now() + 2_000)
    const runs = await Promise.all(
      args.map((arg) =>
        runNode([
          join(work, 'racer.mjs'),
          compiled,
          via.host,
          repo,
          JSON.stringify({
            mediaType: subject.mediaType,
            digest: subject.digest,
            size: subject.size,
          }),
          mode,
          arg,
          startAt,
        ]),
      ),
    )
    via.setDelay(undefined)
    for (const r of runs) expect(r.stderr, r.stderr).toBe('')
    for (const r of runs) expect(r.code).toBe(0)
    const writes = via.requests
      .slice(before)
      .filter((r) => r.method === 'PUT' && r.path === tagPath)
      .map((r) => r.status)
    return { digest: subject.digest, writes }
  }

  /** Contention happened: some racers wrote the tag again after losing their first write. */
  const expectLostWrites = (writes: (number | 'reset')[], racers: number): void => {
    expect(writes.filter((w) => w === 201).length).toBeGreaterThan(racers)
  }

  /** The `.sig` tag holds one layer per key, and each key's signature verifies. */
  const expectSignedByAll = async (repo: string, digest: string): Promise<void> => {
    const store = new RegistryStore(registry.host, repo, {})
    const sig = JSON.parse(
      (await store.getManifest(signatureTag(digest))).bytes.toString('utf8'),
    ) as { layers: unknown[] }
    expect(sig.layers).toHaveLength(keys.length)
    for (const k of keys) {
      const r = await verifyLegacy(
        store,
        `${registry.host}/${repo}`,
        digest,
        createPublicKey(k.publicKeyPem),
      )
      expect(r).toEqual({ verified: 1, total: keys.length })
    }
  }

  it('six processes sign one image in the legacy format: all six signatures verify', async () => {
    const repo = 'race/legacy'
    const files = keys.map((k) => k.file)
    const { digest, writes } = await race(repo, signatureTag, 'legacy', files)
    expectLostWrites(writes, files.length)
    await expectSignedByAll(repo, digest)
  }, 120_000)

  it('with If-Match honoured, stale legacy writes are refused and retried, none lost', async () => {
    const repo = 'race/legacy-cas'
    const files = keys.map((k) => k.file)
    const { digest, writes } = await race(repo, signatureTag, 'legacy', files, casProxy)
    // Every stale write was refused (412) instead of landing: one landed write per signer.
    expect(writes).toContain(412)
    expect(writes.filter((w) => w === 201)).toHaveLength(files.length)
    await expectSignedByAll(repo, digest)
  }, 120_000)

  it('six processes sign one image in the bundle format: all six bundles verify', async () => {
    const repo = 'race/bundle'
    const files = keys.map((k) => k.file)
    const { digest, writes } = await race(repo, fallbackTag, 'bundle', files)
    expectLostWrites(writes, files.length)
    const store = new RegistryStore(registry.host, repo, {})
    const bundles = await readReferrers(store, digest, BUNDLE_MEDIA_TYPE)
    expect(bundles).toHaveLength(6)
    for (const k of keys) {
      let verified = 0
      for (const b of bundles) {
        const bundle = JSON.parse(b.blob.toString('utf8')) as SerializedBundle
        await verifyKeyBundle(
          bundle,
          createPublicKey(k.publicKeyPem),
          digest,
          COSIGN_SIGN_PREDICATE_TYPE,
        ).then(
          () => verified++,
          () => undefined,
        )
      }
      expect(verified).toBe(1)
    }
  }, 120_000)

  it('eight processes attach a record each: all eight are listed', async () => {
    const repo = 'race/records'
    const records = Array.from({ length: 8 }, (_, i) => JSON.stringify({ racer: i }))
    const { digest, writes } = await race(repo, fallbackTag, 'record', records)
    expectLostWrites(writes, records.length)
    const store = new RegistryStore(registry.host, repo, {})
    const listed = await readReferrers(store, digest, RECORD_ARTIFACT_TYPE)
    expect(listed.map((r) => r.blob.toString('utf8')).sort()).toEqual([...records].sort())
  }, 120_000)
})
