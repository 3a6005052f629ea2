import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { BUNDLE_MEDIA_TYPE } from '../src/sign/bundle-signer.js'
import { signatureTag } from '../src/sign/cosign.js'
import { GITHUB_OIDC_ISSUER } from '../src/sign/keyless.js'
import { readReferrers } from '../src/sign/referrer.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import {
  IDENTITY,
  JOB_WORKFLOW_REF,
  REQUEST_TOKEN,
  startSigstoreMock,
  type SigstoreMock,
} from './helpers/sigstore-mock.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const DATE = '2024-06-06T06:06:06Z'
const REPOSITORY = 'apps/keyless'

describe.skipIf(!ok)('keyless release and verify through the commands', () => {
  let work: string
  let registry: TestRegistry
  let sigstore: SigstoreMock
  let repo: string
  let trustedRootFile: string
  let image: string
  let first: CommandResult
  const masked = new Set<string>()

  const run = async (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, ...env }
    return runCommand(
      readConfig((n) => inputs[n], all),
      { logger: nullLogger, env: all, cwd: repo, mask: (s) => masked.add(s) },
    )
  }
  /** A GitHub Actions job with `id-token: write`, pointed at the mock Sigstore services. */
  const releaseEnv = (): NodeJS.ProcessEnv => ({
    ...sigstore.actionsEnv(),
    SIGSTORE_FULCIO_URL: sigstore.fulcio.url,
    SIGSTORE_REKOR_URL: sigstore.rekor.url,
    SIGSTORE_TSA_URL: sigstore.tsa.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_WORKFLOW_REF: JOB_WORKFLOW_REF,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'push',
  })
  const release = () => run({ image, context: repo, keyless: 'true' }, releaseEnv())
  const verify = (digest: string, identity = IDENTITY) =>
    run(
      {
        command: 'verify',
        image,
        digest,
        'certificate-identity': identity,
        'certificate-oidc-issuer': GITHUB_OIDC_ISSUER,
      },
      { SIGSTORE_TRUSTED_ROOT: trustedRootFile },
    )
  const store = () => new RegistryStore(registry.host, REPOSITORY, {})
  const registryWrites = (from: number) =>
    registry
      .logLines()
      .slice(from)
      .map((l) => /"(PUT|POST|PATCH|DELETE) (\/v2\/[^ ?"]+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`)

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-keyless-'))
    sigstore = await startSigstoreMock()
    trustedRootFile = join(work, 'trusted_root.json')
    writeFileSync(trustedRootFile, JSON.stringify(sigstore.trustedRoot))
    registry = await startRegistry('none')
    image = `${registry.host}/${REPOSITORY}`
    repo = join(work, 'repo')
    mkdirSync(repo)
    writeFileSync(join(repo, 'index.html'), 'keyless\n')
    const env = { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE }
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['commit', '-q', '-m', 'one'],
    ]) {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: repo,
        env,
      })
    }
    first = await release()
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    await sigstore?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('signs with bundles only: no legacy .sig signature', async () => {
    expect(first.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(first.outputs['record-digest']).toMatch(/^sha256:[a-f0-9]{64}$/)
    const metadata = JSON.parse(first.outputs.metadata!) as {
      signatures: string[]
      provenance: string | null
      'record-digest': string
    }
    expect(metadata.signatures.length).toBeGreaterThan(0)
    for (const s of metadata.signatures) expect(s).toMatch(/^.+@sha256:[a-f0-9]{64}$/)
    expect(metadata.signatures.some((s) => s.endsWith('.sig'))).toBe(false)
    expect(metadata.provenance).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(metadata['record-digest']).toBe(first.outputs['record-digest'])

    const tags = await store().listTags()
    expect(tags).not.toContain(signatureTag(first.outputs.digest!))
    expect(tags.filter((t) => /^sha256-[a-f0-9]{64}\.sig$/.test(t))).toEqual([])

    // Each bundle carries a Fulcio certificate, a Rekor entry and a timestamp from the mocks.
    expect(sigstore.fulcio.requests).toBeGreaterThan(0)
    expect(sigstore.rekor.requests).toBe(sigstore.fulcio.requests)
    expect(sigstore.tsa.requests).toBe(sigstore.fulcio.requests)

    // The record names the keyless identity Fulcio certified, and the bundle format only.
    const records = await readReferrers(store(), first.outputs.digest!, RECORD_ARTIFACT_TYPE)
    expect(records.map((r) => r.descriptor.digest)).toEqual([first.outputs['record-digest']])
    const record = JSON.parse(records[0]!.blob.toString('utf8')) as {
      signature: { formats: string[]; identity: unknown; references: string[] }
    }
    expect(record.signature.formats).toEqual(['bundle'])
    expect(record.signature.identity).toEqual({
      kind: 'keyless',
      subject: IDENTITY,
      issuer: GITHUB_OIDC_ISSUER,
    })
  })

  it('keeps the OIDC tokens out of the outputs, the summary and what it pushed', async () => {
    // Both credentials were handed over for masking...
    expect([...masked]).toEqual(expect.arrayContaining([REQUEST_TOKEN, sigstore.idToken]))
    // ...and appear in nothing the action prints or pushes.
    const printed = JSON.stringify(first.outputs) + first.summary
    expect(first.summary.length).toBeGreaterThan(0)
    const pushed = [
      ...(await readReferrers(store(), first.outputs.digest!, RECORD_ARTIFACT_TYPE)),
      ...(await readReferrers(store(), first.outputs.digest!, BUNDLE_MEDIA_TYPE)),
    ]
      .map((r) => r.blob.toString('utf8'))
      .join('\n')
    for (const secret of [REQUEST_TOKEN, sigstore.idToken]) {
      expect(printed).not.toContain(secret)
      expect(pushed).not.toContain(secret)
    }
    // The token's payload alone (the part that names the workflow) is not leaked either.
    const claims = sigstore.idToken.split('.')[1]!
    expect(printed).not.toContain(claims)
    expect(pushed).not.toContain(claims)
  })

  it('verifies with the trusted root, the workflow identity and the issuer', async () => {
    const r = await verify(first.outputs.digest!)
    expect(r.outputs.verified).toBe('true')
    expect(r.outputs.digest).toBe(first.outputs.digest)
    expect(r.summary).toMatch(/\| image: bundle signature \| 1 of 1 verify \|/)
    expect(r.summary).not.toMatch(/legacy signature/)
    expect(r.summary).toMatch(/\| record \| sha256:[a-f0-9]{64} names this digest \|/)
    expect(r.summary).toMatch(/\| record: bundle signature \| 1 of 1 verify \|/)
    expect(r.summary).toMatch(/\| provenance \| sha256:[a-f0-9]{64}: signed, /)
  })

  it('fails verification for another workflow identity, naming the check', async () => {
    const err = await verify(
      first.outputs.digest!,
      'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('VERIFY_FAILED')
    expect((err as Error).message).toMatch(/verify failed at 'image: bundle signature'/)
    expect((err as Error).message).toMatch(/certificate identity check failed/)
  })

  it('signs nothing new when the same commit is released again', async () => {
    // The first run's writes are in the log, so an empty list below means none, not a missed log.
    expect(registryWrites(0)).toContain(`PUT /v2/${REPOSITORY}/manifests/${first.outputs.digest}`)
    const before = registry.logLines().length
    const signed = sigstore.fulcio.requests
    const logged = sigstore.rekor.requests
    const again = await release()
    expect(registryWrites(before)).toEqual([])
    expect(sigstore.fulcio.requests).toBe(signed)
    expect(sigstore.rekor.requests).toBe(logged)
    expect(again.outputs).toEqual(first.outputs)
    expect((await verify(again.outputs.digest!)).outputs.verified).toBe('true')
  })
})
