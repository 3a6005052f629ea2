/**
 * Issue 15, item 4 (referrers part): both branches of the referrers client run. Debian's
 * registry (distribution 2.8) has no referrers API, so the client keeps the `sha256-<hex>`
 * fallback index; in front of it, a test front that speaks OCI distribution 1.1 (GET
 * /v2/<name>/referrers/<digest>, `OCI-Subject` on manifest PUT) makes the client use the API and
 * write no fallback tag. A signed release and verify go through each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger } from '../src/logger.js'
import { fallbackTag, RegistryStore } from '../src/oci/index.js'
import { putReferrer } from '../src/sign/referrer.js'
import { committedRepo } from './helpers/committed-repo.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { writeImage } from './helpers/images.js'
import { startReferrersFront, type ReferrersFront } from './helpers/referrers-front.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const DATE = '2024-06-06T06:06:06Z'
const PASS = 'api'
const FALLBACK = /^sha256-[0-9a-f]{64}$/

describe.skipIf(!ok)('referrers API and fallback tag', () => {
  let work: string
  let registry: TestRegistry
  let front: ReferrersFront
  let repo: string
  let keyFile: string
  let pubFile: string

  const run = async (inputs: Record<string, string>): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work }
    return runCommand(
      readConfig((n) => inputs[n], all),
      {
        logger: nullLogger,
        env: all,
        cwd: repo,
      },
    )
  }
  const releaseAndVerify = async (host: string, repository: string): Promise<string> => {
    const image = `${host}/${repository}`
    const r = await run({
      image,
      context: repo,
      'signing-key': keyFile,
      'signing-key-passphrase': PASS,
    })
    const v = await run({
      command: 'verify',
      image,
      digest: r.outputs.digest!,
      'verify-key': pubFile,
    })
    expect(v.outputs.verified).toBe('true')
    return r.outputs.digest!
  }
  /** Two artifacts of different types referring to a fresh image. */
  const attachTwo = async (store: RegistryStore) => {
    const subject = (await writeImage(store, [{ 'a.txt': `${store.repository}\n` }])).descriptor
    const a = await putReferrer(store, subject, {
      artifactType: 'application/vnd.test.a',
      blob: Buffer.from('a'),
      blobMediaType: 'application/vnd.test.a',
    })
    const b = await putReferrer(store, subject, {
      artifactType: 'application/vnd.test.b',
      blob: Buffer.from('b'),
      blobMediaType: 'application/vnd.test.b',
    })
    return { subject: subject.digest, a: a.digest, b: b.digest }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'referrers-api-'))
    registry = await startRegistry('none')
    front = await startReferrersFront(registry.host)
    const keyFiles = await writeKeyFiles(work, PASS)
    keyFile = keyFiles.key
    pubFile = keyFiles.pub
    repo = committedRepo(join(work, 'repo'), { 'index.html': 'referred\n' }, DATE)
  }, 60_000)

  afterAll(async () => {
    await front?.stop()
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('uses the referrers API through the front, writing no fallback tag', async () => {
    const store = new RegistryStore(front.host, 'api/artifacts', {})
    const { subject, a, b } = await attachTwo(store)
    expect((await store.referrers(subject)).map((d) => d.digest)).toEqual([a, b])
    expect((await store.referrers(subject, 'application/vnd.test.b')).map((d) => d.digest)).toEqual(
      [b],
    )
    const api = front.requests.filter((r) => r.path.includes(`/referrers/${subject}`))
    expect(api.map((r) => r.status)).toEqual([200, 200])
    // Read behind the front: the registry holds no fallback index.
    const direct = new RegistryStore(registry.host, 'api/artifacts', {})
    expect(await direct.listTags()).not.toContain(fallbackTag(subject))

    // A signed release and its verification, through the API alone.
    await releaseAndVerify(front.host, 'api/release')
    const tags = await new RegistryStore(registry.host, 'api/release', {}).listTags()
    expect(tags.filter((t) => FALLBACK.test(t))).toEqual([])
    expect(tags.some((t) => t.endsWith('.sig'))).toBe(true)
  }, 120_000)

  it('keeps the fallback tag without the front', async () => {
    const store = new RegistryStore(registry.host, 'fallback/artifacts', {})
    const { subject, a, b } = await attachTwo(store)
    expect((await store.referrers(subject)).map((d) => d.digest)).toEqual([a, b])
    expect((await store.referrers(subject, 'application/vnd.test.b')).map((d) => d.digest)).toEqual(
      [b],
    )
    expect(await store.listTags()).toContain(fallbackTag(subject))
    // The registry has no API: it answered the referrers call with a 404.
    await registry.settle()
    expect(
      registry.logLines().some((l) => l.includes(`/referrers/${subject}`) && / 404 /.test(l)),
    ).toBe(true)

    const digest = await releaseAndVerify(registry.host, 'fallback/release')
    const tags = await new RegistryStore(registry.host, 'fallback/release', {}).listTags()
    expect(tags).toContain(fallbackTag(digest))
  }, 120_000)
})
