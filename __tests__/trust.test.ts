import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ReleaseError } from '../src/errors.js'
import { IN_TOTO_PAYLOAD_TYPE } from '../src/sign/dsse.js'
import {
  GITHUB_OIDC_ISSUER,
  keylessBundleSigner,
  verifyKeylessBundle,
} from '../src/sign/keyless.js'
import {
  chooseInstance,
  instanceEndpoints,
  TEST_ENDPOINTS_VARIABLE,
  type SigstoreInstance,
} from '../src/sign/sigstore-instance.js'
import { trustCacheDir, trustFromFile, trustFromTuf } from '../src/sign/trust-root.js'
import { IDENTITY, startSigstoreMock, type SigstoreMock } from './helpers/sigstore-mock.js'
import { startTufServer, type TufServer } from './helpers/tuf-server.js'

const PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1'
const STATEMENT = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: 'a'.repeat(64) } }],
    predicateType: PREDICATE_TYPE,
    predicate: {},
  }),
)
const EXPECTED = { subjectDigest: `sha256:${'a'.repeat(64)}`, predicateType: PREDICATE_TYPE }
const POLICY = { certificateIdentity: IDENTITY, certificateOidcIssuer: GITHUB_OIDC_ISSUER }

/** A loopback port nothing listens on: a TUF repository that cannot be reached. */
async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

function recordingLog() {
  const lines: string[] = []
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warning: (m: string) => lines.push(`warning ${m}`),
  }
}

describe('trusted roots from a TUF repository', () => {
  let sigstore: SigstoreMock
  let work: string
  let cache: string
  let tuf: TufServer
  let instance: SigstoreInstance

  beforeAll(async () => {
    sigstore = await startSigstoreMock()
  })
  afterAll(async () => {
    await sigstore?.stop()
  })
  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'trust-'))
    cache = join(work, 'cache')
    tuf = await startTufServer(work, { 'trusted_root.json': JSON.stringify(sigstore.trustedRoot) })
    instance = {
      name: 'public-good',
      ...sigstore.endpoints('public-good', tuf),
    } as SigstoreInstance
  })
  afterEach(async () => {
    await tuf?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const sign = () =>
    keylessBundleSigner({
      fulcioURL: sigstore.fulcio.url,
      rekorURL: sigstore.rekor.url,
      identityToken: async () => sigstore.idToken,
      retries: 0,
    }).signDsse(IN_TOTO_PAYLOAD_TYPE, STATEMENT)

  it('fetches the trusted root through verified TUF metadata, and a bundle verifies with it', async () => {
    const log = recordingLog()
    const { trust, source } = await trustFromTuf(instance, cache, log)
    expect(source).toBe('tuf')
    expect(trust?.trustedRoot).toEqual(sigstore.trustedRoot)
    expect(trust?.requireTlog).toBe(true)
    for (const p of [
      '/timestamp.json',
      '/snapshot.json',
      '/targets.json',
      '/targets/trusted_root.json',
    ])
      expect(tuf.paths).toContain(p)
    expect(log.lines).toEqual([
      `info sigstore trust (public-good): trusted_root.json from ${tuf.url}`,
    ])
    const payload = await verifyKeylessBundle(await sign(), POLICY, [trust!], EXPECTED)
    expect(payload.equals(STATEMENT)).toBe(true)
  })

  it('picks up a rotated TUF key and a rotated Fulcio CA on refresh', async () => {
    const bundle = await sign()
    const first = await trustFromTuf(instance, cache, recordingLog())
    await verifyKeylessBundle(bundle, POLICY, [first.trust!], EXPECTED)
    expect(tuf.paths).not.toContain('/3.root.json')

    tuf.rotateKeys()
    tuf.publish({ 'trusted_root.json': JSON.stringify(sigstore.otherRoot) })
    const again = await trustFromTuf(instance, cache, recordingLog())
    expect(again.source).toBe('tuf')
    // The client walked the root chain (version 2 signed by the old and the new key)...
    expect(tuf.paths).toContain('/2.root.json')
    expect(tuf.paths).toContain('/3.root.json')
    // ...and now trusts the new CA only: the old CA's bundle no longer verifies.
    expect(again.trust?.trustedRoot).toEqual(sigstore.otherRoot)
    await expect(verifyKeylessBundle(bundle, POLICY, [again.trust!], EXPECTED)).rejects.toThrow(
      /certificate chain check failed/,
    )
  })

  it('refuses tampered metadata and does not fall back to the cache', async () => {
    const ok = await trustFromTuf(instance, cache, recordingLog())
    expect(ok.source).toBe('tuf')
    // A newer timestamp whose signature does not cover what it says.
    tuf.tamper('/timestamp.json', (b) => {
      const m = JSON.parse(b.toString()) as { signed: { version: number } }
      m.signed.version += 1
      return Buffer.from(JSON.stringify(m))
    })
    const log = recordingLog()
    const e = await trustFromTuf(instance, cache, log).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(ReleaseError)
    expect((e as ReleaseError).code).toBe('VERIFY_FAILED')
    expect((e as Error).message).toMatch(
      new RegExp(`public-good TUF repository ${tuf.url} served metadata that does not verify`),
    )
    expect(log.lines.filter((l) => l.includes('cached'))).toEqual([])
  })

  it('refuses a trusted_root.json that the targets metadata does not name', async () => {
    tuf.tamper('/targets/trusted_root.json', () => Buffer.from(JSON.stringify(sigstore.otherRoot)))
    const e = await trustFromTuf(instance, cache, recordingLog()).catch((err: unknown) => err)
    expect(e).toMatchObject({ code: 'VERIFY_FAILED' })
    expect((e as Error).message).toMatch(/does not verify/)
    expect(tuf.paths).toContain('/targets/trusted_root.json')
  })

  it('uses the cached trusted root when the repository cannot be reached, and says so', async () => {
    const online = await trustFromTuf(instance, cache, recordingLog())
    expect(online.source).toBe('tuf')
    await tuf.stop()
    const log = recordingLog()
    const offline = await trustFromTuf(instance, cache, log)
    expect(offline.source).toBe('cache')
    expect(offline.trust?.trustedRoot).toEqual(sigstore.trustedRoot)
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(
      new RegExp(
        `^warning sigstore trust \\(public-good\\): cannot reach ${tuf.url} .*; using the cached trusted root$`,
      ),
    )
    await verifyKeylessBundle(await sign(), POLICY, [offline.trust!], EXPECTED)
  })
})

describe('embedded trust material, offline', () => {
  let work: string
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'trust-embedded-'))
  })
  afterEach(() => rmSync(work, { recursive: true, force: true }))

  it("falls back to public-good's trusted root shipped in @sigstore/tuf", async () => {
    const log = recordingLog()
    const mirror = await closedPort()
    const { trust, source } = await trustFromTuf(
      { name: 'public-good', fulcioURL: 'x', tufMirrorURL: mirror },
      work,
      log,
    )
    expect(source).toBe('embedded')
    const root = trust?.trustedRoot as { certificateAuthorities: { uri: string }[] }
    expect(root.certificateAuthorities.map((c) => c.uri)).toContain('https://fulcio.sigstore.dev')
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^warning sigstore trust \(public-good\): cannot reach .*; using the embedded trusted root$/,
      ),
    ])
  })

  it("loads GitHub's embedded TUF root (its signatures verify) and reports that no trusted root is cached", async () => {
    const log = recordingLog()
    const mirror = await closedPort()
    const result = await trustFromTuf(
      { name: 'github', fulcioURL: 'x', tufMirrorURL: mirror },
      work,
      log,
    )
    expect(result).toEqual({})
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^warning sigstore trust \(github\): cannot reach .*, and no trusted root of it is cached/,
      ),
    ])
    // Positive control: a first root whose signature does not verify is refused outright.
    const bad = join(work, 'bad-root.json')
    const embedded = JSON.parse(
      readFileSync(
        new URL('../src/sign/trust/tuf-repo.github.com-root.json', import.meta.url),
        'utf8',
      ),
    ) as { signed: { version: number } }
    embedded.signed.version = 99
    writeFileSync(bad, JSON.stringify(embedded))
    await expect(
      trustFromTuf(
        { name: 'github', fulcioURL: 'x', tufMirrorURL: mirror, tufRootPath: bad },
        join(work, 'other'),
        recordingLog(),
      ),
    ).rejects.toMatchObject({ code: 'VERIFY_FAILED' })
  })

  it('reads a trusted root file, and names the input when it cannot', async () => {
    const file = join(work, 'trusted_root.json')
    const sigstore = await startSigstoreMock()
    try {
      writeFileSync(file, JSON.stringify(sigstore.githubRoot))
      expect(await trustFromFile(file, 'trusted-root')).toEqual({
        name: file,
        trustedRoot: sigstore.githubRoot,
        requireTlog: false,
      })
    } finally {
      await sigstore.stop()
    }
    writeFileSync(file, '{"tlogs": "not a list"}')
    await expect(trustFromFile(file, 'SIGSTORE_TRUSTED_ROOT')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      input: 'SIGSTORE_TRUSTED_ROOT',
    })
  })
})

describe('where fetched metadata is cached', () => {
  it('under RUNNER_TOOL_CACHE in Actions, the user cache folder elsewhere', () => {
    expect(
      trustCacheDir({ GITHUB_ACTIONS: 'true', RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' }),
    ).toBe('/opt/hostedtoolcache/immutable-release/sigstore')
    expect(trustCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/me' })).toBe(
      '/x/cache/immutable-release/sigstore',
    )
    expect(trustCacheDir({ HOME: '/home/me', RUNNER_TOOL_CACHE: '/opt/t' })).toBe(
      '/home/me/.cache/immutable-release/sigstore',
    )
  })
})

describe('which Sigstore instance signs', () => {
  let work: string
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'instance-'))
  })
  afterEach(() => rmSync(work, { recursive: true, force: true }))

  const event = (repository: unknown) => {
    const path = join(
      work,
      `event-${createHash('sha1')
        .update(JSON.stringify(repository ?? null))
        .digest('hex')}.json`,
    )
    writeFileSync(path, JSON.stringify(repository === undefined ? {} : { repository }))
    return { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: path }
  }

  it("auto: GitHub's for private and internal repositories, public-good for public ones", () => {
    expect(chooseInstance('auto', event({ private: true, visibility: 'private' }))).toEqual({
      name: 'github',
      reason: 'sigstore: auto, the repository is private',
    })
    expect(chooseInstance('auto', event({ private: true, visibility: 'internal' }))).toEqual({
      name: 'github',
      reason: 'sigstore: auto, the repository is internal',
    })
    expect(chooseInstance('auto', event({ private: false, visibility: 'public' }))).toEqual({
      name: 'public-good',
      reason: 'sigstore: auto, the repository is public',
    })
    // Older payloads carry only `private`.
    expect(chooseInstance('auto', event({ private: false })).name).toBe('public-good')
    expect(chooseInstance('auto', event({ private: true })).name).toBe('github')
  })

  it('auto: the safe side when the payload does not say; public-good outside Actions', () => {
    expect(chooseInstance('auto', event(undefined))).toEqual({
      name: 'github',
      reason: 'sigstore: auto, the event payload does not say whether the repository is public',
    })
    expect(chooseInstance('auto', { GITHUB_ACTIONS: 'true' }).name).toBe('github')
    expect(chooseInstance('auto', {})).toEqual({
      name: 'public-good',
      reason: 'sigstore: auto, outside GitHub Actions',
    })
  })

  it('an explicit choice wins over the payload', () => {
    expect(chooseInstance('public-good', event({ visibility: 'private' })).name).toBe('public-good')
    expect(chooseInstance('github', {}).name).toBe('github')
  })

  it("GitHub's endpoints: githubapp.com for github.com, the tenant's host for GHE.com", () => {
    const warn: string[] = []
    expect(instanceEndpoints('github', {}, (m) => warn.push(m))).toEqual({
      name: 'github',
      fulcioURL: 'https://fulcio.githubapp.com',
      tsaURL: 'https://timestamp.githubapp.com',
      tufMirrorURL: 'https://tuf-repo.github.com',
    })
    expect(
      instanceEndpoints('github', { GITHUB_SERVER_URL: 'https://acme.ghe.com' }, (m) =>
        warn.push(m),
      ),
    ).toMatchObject({
      fulcioURL: 'https://fulcio.acme.ghe.com',
      tsaURL: 'https://timestamp.acme.ghe.com',
    })
    expect(instanceEndpoints('public-good', {}, (m) => warn.push(m))).toEqual({
      name: 'public-good',
      fulcioURL: 'https://fulcio.sigstore.dev',
      rekorURL: 'https://rekor.sigstore.dev',
      tufMirrorURL: 'https://tuf-repo-cdn.sigstore.dev',
    })
    expect(warn).toEqual([])
  })

  it('test stand-ins replace every endpoint of an instance and are announced', () => {
    const file = join(work, 'endpoints.json')
    writeFileSync(
      file,
      JSON.stringify({
        github: {
          fulcioURL: 'http://127.0.0.1:1',
          tsaURL: 'http://127.0.0.1:2',
          tufMirrorURL: 'http://127.0.0.1:3',
        },
      }),
    )
    const warn: string[] = []
    const env = { [TEST_ENDPOINTS_VARIABLE]: file }
    expect(instanceEndpoints('github', env, (m) => warn.push(m))).toEqual({
      name: 'github',
      fulcioURL: 'http://127.0.0.1:1',
      tsaURL: 'http://127.0.0.1:2',
      tufMirrorURL: 'http://127.0.0.1:3',
    })
    expect(warn).toEqual([`${TEST_ENDPOINTS_VARIABLE} is set: github endpoints are test stand-ins`])
    // An instance the file does not name keeps its real endpoints, silently.
    expect(instanceEndpoints('public-good', env, (m) => warn.push(m)).fulcioURL).toBe(
      'https://fulcio.sigstore.dev',
    )
    expect(warn).toHaveLength(1)
  })
})
