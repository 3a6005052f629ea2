import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import type { Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { BUNDLE_MEDIA_TYPE } from '../src/sign/bundle-signer.js'
import { signatureTag } from '../src/sign/cosign.js'
import { GITHUB_OIDC_ISSUER } from '../src/sign/keyless.js'
import { TEST_ENDPOINTS_VARIABLE } from '../src/sign/sigstore-instance.js'
import { readReferrers } from '../src/sign/referrer.js'
import { committedRepo } from './helpers/committed-repo.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import {
  IDENTITY,
  JOB_WORKFLOW_REF,
  REQUEST_TOKEN,
  startSigstoreMock,
  type SigstoreMock,
} from './helpers/sigstore-mock.js'
import { needTools } from './helpers/tools.js'
import { startTufServer, type TufServer } from './helpers/tuf-server.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const DATE = '2024-06-06T06:06:06Z'

/** Every line logged, with its level, so a test can read what the action told the user. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: () => {},
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    error: (m) => lines.push(`error ${m}`),
    group: (_name, fn) => fn(),
  }
}

async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

const requests = (m: SigstoreMock) => ({
  fulcio: m.fulcio.requests,
  rekor: m.rekor.requests,
  tsa: m.tsa.requests,
})

describe.skipIf(!ok)('keyless release and verify through the commands', () => {
  let work: string
  let registry: TestRegistry
  /** Stands in for public-good (Fulcio, Rekor, TSA) and for GitHub's instance (Fulcio, TSA). */
  let publicGood: SigstoreMock
  let github: SigstoreMock
  let publicTuf: TufServer
  let githubTuf: TufServer
  let endpointsFile: string
  let publicEvent: string
  let privateEvent: string
  let repo: string
  let trustedRootFile: string
  let publicRelease: CommandResult
  let publicLog: string[]
  const masked = new Set<string>()

  const run = async (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult & { log: string[] }> => {
    const logger = recordingLogger()
    const all = {
      PATH: process.env.PATH,
      HOME: work,
      XDG_CACHE_HOME: join(work, 'cache'),
      [TEST_ENDPOINTS_VARIABLE]: endpointsFile,
      ...env,
    }
    const result = await runCommand(
      readConfig((n) => inputs[n], all),
      {
        logger,
        env: all,
        cwd: repo,
        mask: (s) => masked.add(s),
      },
    )
    return { ...result, log: logger.lines }
  }
  /** A GitHub Actions job with `id-token: write` in acme/app, whose event says how visible it is. */
  const actionsEnv = (event: string): NodeJS.ProcessEnv => ({
    ...publicGood.actionsEnv(),
    GITHUB_EVENT_PATH: event,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_WORKFLOW_REF: JOB_WORKFLOW_REF,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'push',
  })
  const image = (repository: string) => `${registry.host}/${repository}`
  const release = (repository: string, event: string, inputs: Record<string, string> = {}) =>
    run({ image: image(repository), context: repo, keyless: 'true', ...inputs }, actionsEnv(event))
  const verify = (
    repository: string,
    digest: string,
    inputs: Record<string, string> = {},
    env: NodeJS.ProcessEnv = {},
  ) =>
    run(
      {
        command: 'verify',
        image: image(repository),
        digest,
        'certificate-identity': IDENTITY,
        'certificate-oidc-issuer': GITHUB_OIDC_ISSUER,
        ...inputs,
      },
      env,
    )
  const store = (repository: string) => new RegistryStore(registry.host, repository, {})
  const registryWrites = (from: number, repository: string) =>
    registry
      .logLines()
      .slice(from)
      .map((l) => /"(PUT|POST|PATCH|DELETE) (\/v2\/[^ ?"]+)/.exec(l))
      .filter((m) => m?.[2]?.startsWith(`/v2/${repository}/`))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`)

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-keyless-'))
    publicGood = await startSigstoreMock()
    github = await startSigstoreMock()
    publicTuf = await startTufServer(work, {
      'trusted_root.json': JSON.stringify(publicGood.trustedRoot),
    })
    mkdirSync(join(work, 'github-tuf'))
    githubTuf = await startTufServer(join(work, 'github-tuf'), {
      'trusted_root.json': JSON.stringify(github.githubRoot),
    })
    endpointsFile = join(work, 'endpoints.json')
    writeFileSync(
      endpointsFile,
      JSON.stringify({
        'public-good': publicGood.endpoints('public-good', publicTuf),
        github: github.endpoints('github', githubTuf),
      }),
    )
    publicEvent = join(work, 'public-event.json')
    writeFileSync(
      publicEvent,
      JSON.stringify({ repository: { private: false, visibility: 'public' } }),
    )
    privateEvent = join(work, 'private-event.json')
    writeFileSync(
      privateEvent,
      JSON.stringify({ repository: { private: true, visibility: 'private' } }),
    )
    trustedRootFile = join(work, 'trusted_root.json')
    writeFileSync(trustedRootFile, JSON.stringify(publicGood.trustedRoot))
    registry = await startRegistry('none')
    repo = committedRepo(join(work, 'repo'), { 'index.html': 'keyless\n' }, DATE)
    const r = await release('apps/public', publicEvent)
    publicRelease = r
    publicLog = r.log
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    await publicGood?.stop()
    await github?.stop()
    await publicTuf?.stop()
    await githubTuf?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('a public repository signs with public-good: Fulcio, Rekor, bundles only', async () => {
    expect(publicLog).toContain(
      `info keyless signing with Sigstore public-good (sigstore: auto, the repository is public): Fulcio ${publicGood.fulcio.url}, transparency log ${publicGood.rekor.url}`,
    )
    expect(publicLog).toContain(
      `warning ${TEST_ENDPOINTS_VARIABLE} is set: public-good endpoints are test stand-ins`,
    )
    const first = publicRelease
    expect(first.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    const metadata = JSON.parse(first.outputs.metadata!) as {
      signatures: string[]
      provenance: string | null
      'record-digest': string
    }
    expect(metadata.signatures.length).toBeGreaterThan(0)
    expect(metadata.signatures.some((s) => s.endsWith('.sig'))).toBe(false)
    expect(metadata.provenance).toMatch(/^sha256:[a-f0-9]{64}$/)
    const tags = await store('apps/public').listTags()
    expect(tags).not.toContain(signatureTag(first.outputs.digest!))

    // Each bundle carries a certificate of the public-good stand-in and a Rekor entry.
    expect(publicGood.fulcio.requests).toBeGreaterThan(0)
    expect(publicGood.rekor.requests).toBe(publicGood.fulcio.requests)
    const records = await readReferrers(
      store('apps/public'),
      first.outputs.digest!,
      RECORD_ARTIFACT_TYPE,
    )
    const record = JSON.parse(records[0]!.blob.toString('utf8')) as {
      signature: { formats: string[]; identity: unknown }
    }
    expect(record.signature.formats).toEqual(['bundle'])
    expect(record.signature.identity).toEqual({
      kind: 'keyless',
      subject: IDENTITY,
      issuer: GITHUB_OIDC_ISSUER,
    })
  })

  it("a private repository signs with GitHub's instance: an RFC 3161 timestamp, no log, nothing sent to public-good", async () => {
    const publicBefore = requests(publicGood)
    const githubBefore = requests(github)
    const r = await release('apps/private', privateEvent)
    const line = r.log.find((l) => l.startsWith('info keyless signing with'))
    expect(line).toBe(
      `info keyless signing with Sigstore github (sigstore: auto, the repository is private): Fulcio ${github.fulcio.url}, no transparency log, RFC 3161 timestamps from ${github.tsa.url}`,
    )
    // What GitHub's stand-in received (positive control) and what public-good's did not.
    const githubAfter = requests(github)
    expect(githubAfter.fulcio).toBeGreaterThan(githubBefore.fulcio)
    expect(githubAfter.tsa - githubBefore.tsa).toBe(githubAfter.fulcio - githubBefore.fulcio)
    expect(githubAfter.rekor).toBe(githubBefore.rekor)
    expect(requests(publicGood)).toEqual(publicBefore)
    expect(r.log.join('\n')).not.toMatch(/sigstore\.dev/)

    const bundles = await readReferrers(store('apps/private'), r.outputs.digest!, BUNDLE_MEDIA_TYPE)
    expect(bundles.length).toBeGreaterThan(0)
    for (const b of bundles) {
      const material = (
        JSON.parse(b.blob.toString('utf8')) as {
          verificationMaterial: {
            tlogEntries?: unknown[]
            timestampVerificationData: { rfc3161Timestamps: unknown[] }
          }
        }
      ).verificationMaterial
      expect(material.tlogEntries ?? []).toEqual([])
      expect(material.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    }

    // Verified with the trust material of both instances from TUF: no trusted root file.
    const v = await verify('apps/private', r.outputs.digest!)
    expect(v.outputs.verified).toBe('true')
    expect(v.log).toContain(`info sigstore trust (github): trusted_root.json from ${githubTuf.url}`)
    expect(v.log).toContain(
      `info sigstore trust (public-good): trusted_root.json from ${publicTuf.url}`,
    )
    expect(v.summary).toMatch(/\| provenance \| sha256:[a-f0-9]{64}: signed, /)
  })

  it("`sigstore: github` signs with GitHub's instance even for a public repository", async () => {
    const before = requests(github)
    const r = await release('apps/explicit', publicEvent, { sigstore: 'github' })
    expect(r.log).toContain(
      `info keyless signing with Sigstore github (sigstore: github): Fulcio ${github.fulcio.url}, no transparency log, RFC 3161 timestamps from ${github.tsa.url}`,
    )
    expect(requests(github).fulcio).toBeGreaterThan(before.fulcio)
  })

  it('verifies a public-good release from TUF, from `trusted-root`, and from SIGSTORE_TRUSTED_ROOT', async () => {
    const digest = publicRelease.outputs.digest!
    const fromTuf = await verify('apps/public', digest)
    expect(fromTuf.outputs.verified).toBe('true')
    expect(fromTuf.summary).toMatch(/\| image: bundle signature \| 1 of 1 verify \|/)
    expect(fromTuf.summary).toMatch(/\| record: bundle signature \| 1 of 1 verify \|/)

    const fromInput = await verify('apps/public', digest, { 'trusted-root': trustedRootFile })
    expect(fromInput.outputs.verified).toBe('true')
    expect(fromInput.log).toContain(`info sigstore trust: ${trustedRootFile} (trusted-root)`)
    expect(fromInput.log.filter((l) => l.includes('from http'))).toEqual([])

    const fromAlias = await verify(
      'apps/public',
      digest,
      {},
      { SIGSTORE_TRUSTED_ROOT: trustedRootFile },
    )
    expect(fromAlias.outputs.verified).toBe('true')
    expect(fromAlias.log).toContain(
      `info sigstore trust: ${trustedRootFile} (SIGSTORE_TRUSTED_ROOT)`,
    )

    // A trusted root that holds only GitHub's stand-in does not vouch for public-good's bundles.
    const githubOnly = join(work, 'github-only.json')
    writeFileSync(githubOnly, JSON.stringify(github.githubRoot))
    await expect(verify('apps/public', digest, { 'trusted-root': githubOnly })).rejects.toThrow(
      /certificate chain check failed/,
    )
  })

  it('takes the identity and issuer from the GitHub context when verifying in the same repository', async () => {
    const digest = publicRelease.outputs.digest!
    const context = (repository: string) => ({
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: repository,
    })
    const same = await run(
      { command: 'verify', image: image('apps/public'), digest },
      context('acme/app'),
    )
    expect(same.outputs.verified).toBe('true')
    expect(same.log).toContain(
      'info keyless policy from the GitHub context: identity /^https://github\\.com/acme/app/\\.github/workflows//, issuer https://token.actions.githubusercontent.com',
    )
    // Another repository's workflows did not sign it.
    const other = await run(
      { command: 'verify', image: image('apps/public'), digest },
      context('evil/app'),
    ).catch((e: unknown) => e)
    expect(other).toBeInstanceOf(ReleaseError)
    expect((other as Error).message).toMatch(/certificate identity check failed: .* does not match/)
  })

  it('fails verification for another workflow identity, naming the check', async () => {
    const err = await verify('apps/public', publicRelease.outputs.digest!, {
      'certificate-identity':
        'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('VERIFY_FAILED')
    expect((err as Error).message).toMatch(/verify failed at 'image: bundle signature'/)
    expect((err as Error).message).toMatch(/certificate identity check failed/)
  })

  it('offline, with no trusted root file: the embedded roots are used and an unsigned image is reported unsigned', async () => {
    const unsigned = await run({ image: image('apps/unsigned'), context: repo }, {})
    const offline = join(work, 'offline-endpoints.json')
    writeFileSync(
      offline,
      JSON.stringify({
        'public-good': { fulcioURL: 'http://127.0.0.1:9', tufMirrorURL: await closedPort() },
        github: { fulcioURL: 'http://127.0.0.1:9', tufMirrorURL: await closedPort() },
      }),
    )
    const cache = join(work, 'empty-cache')
    const offlineVerify = (repository: string, digest: string) =>
      verify(repository, digest, {}, { [TEST_ENDPOINTS_VARIABLE]: offline, XDG_CACHE_HOME: cache })
    const logged: string[] = []
    const err = await offlineVerify('apps/unsigned', unsigned.outputs.digest!).catch(
      (e: unknown) => {
        logged.push(String(e))
        return e
      },
    )
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as Error).message).toMatch(
      /verify failed at 'image: signature': no signature of sha256:[a-f0-9]{64} found/,
    )
    expect((err as Error).message).not.toMatch(/trusted root|trust/i)
    // Positive control: the same offline run on a signed image gets past the signature lookup and
    // reaches the embedded (real) public-good root, which does not know the stand-in's CA.
    const signed = await offlineVerify('apps/public', publicRelease.outputs.digest!).catch(
      (e: unknown) => e,
    )
    expect((signed as Error).message).toMatch(/certificate chain check failed/)
  })

  it('says, offline, which trust material it falls back to', async () => {
    const offline = join(work, 'offline-endpoints-2.json')
    writeFileSync(
      offline,
      JSON.stringify({
        'public-good': { fulcioURL: 'http://127.0.0.1:9', tufMirrorURL: await closedPort() },
        github: { fulcioURL: 'http://127.0.0.1:9', tufMirrorURL: await closedPort() },
      }),
    )
    const logger = recordingLogger()
    const env = {
      HOME: work,
      XDG_CACHE_HOME: join(work, 'empty-cache-2'),
      [TEST_ENDPOINTS_VARIABLE]: offline,
    }
    await runCommand(
      readConfig(
        (n) =>
          ({
            command: 'verify',
            image: image('apps/public'),
            digest: publicRelease.outputs.digest!,
            'certificate-identity': IDENTITY,
            'certificate-oidc-issuer': GITHUB_OIDC_ISSUER,
          })[n],
        env,
      ),
      { logger, env, cwd: repo },
    ).catch(() => undefined)
    // Both instances load at once; sorted, github's line comes first.
    expect(logger.lines.filter((l) => l.startsWith('warning sigstore trust')).sort()).toEqual([
      expect.stringMatching(
        /^warning sigstore trust \(github\): cannot reach http:\/\/127\.0\.0\.1:\d+ .*, and no trusted root of it is cached/,
      ),
      expect.stringMatching(
        /^warning sigstore trust \(public-good\): cannot reach http:\/\/127\.0\.0\.1:\d+ .*; using the embedded trusted root$/,
      ),
    ])
  })

  it('writes no tag when keyless signing fails: the image stays reachable by digest only', async () => {
    const broken = join(work, 'broken-endpoints.json')
    writeFileSync(
      broken,
      JSON.stringify({
        'public-good': {
          ...publicGood.endpoints('public-good', publicTuf),
          fulcioURL: await closedPort(),
        },
      }),
    )
    await registry.settle()
    const before = registry.logLines().length
    const e = await run(
      { image: image('apps/unsigned-fail'), context: repo, keyless: 'true' },
      { ...actionsEnv(publicEvent), [TEST_ENDPOINTS_VARIABLE]: broken },
    ).catch((err: unknown) => err)
    expect(e).toMatchObject({ code: 'SIGNING_FAILED' })
    // The image itself was pushed (positive control), its tags were not.
    await registry.settle()
    expect(
      registryWrites(before, 'apps/unsigned-fail').some((w) =>
        /^PUT \/v2\/apps\/unsigned-fail\/manifests\/sha256:/.test(w),
      ),
    ).toBe(true)
    expect(
      registryWrites(before, 'apps/unsigned-fail').filter((w) =>
        /\/manifests\/(?!sha256:)/.test(w),
      ),
    ).toEqual([])
    expect(await store('apps/unsigned-fail').listTags()).toEqual([])
  })

  it('keeps the OIDC tokens out of the outputs, the summary and what it pushed', async () => {
    const first = publicRelease
    expect([...masked]).toEqual(expect.arrayContaining([REQUEST_TOKEN, publicGood.idToken]))
    const printed = JSON.stringify(first.outputs) + first.summary + publicLog.join('\n')
    expect(first.summary.length).toBeGreaterThan(0)
    const pushed = [
      ...(await readReferrers(store('apps/public'), first.outputs.digest!, RECORD_ARTIFACT_TYPE)),
      ...(await readReferrers(store('apps/public'), first.outputs.digest!, BUNDLE_MEDIA_TYPE)),
    ]
      .map((r) => r.blob.toString('utf8'))
      .join('\n')
    for (const secret of [REQUEST_TOKEN, publicGood.idToken]) {
      expect(printed).not.toContain(secret)
      expect(pushed).not.toContain(secret)
    }
    const claims = publicGood.idToken.split('.')[1]!
    expect(printed).not.toContain(claims)
    expect(pushed).not.toContain(claims)
  })

  it('signs nothing new when the same commit is released again', async () => {
    const first = publicRelease
    await registry.settle()
    expect(registryWrites(0, 'apps/public')).toContain(
      `PUT /v2/apps/public/manifests/${first.outputs.digest}`,
    )
    const before = registry.logLines().length
    const signed = requests(publicGood)
    const again = await release('apps/public', publicEvent)
    await registry.settle()
    expect(registryWrites(before, 'apps/public')).toEqual([])
    expect(requests(publicGood)).toEqual(signed)
    expect(again.outputs).toEqual(first.outputs)
  })
})
