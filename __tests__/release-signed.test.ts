import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { describeError, ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { fallbackTag, MediaType, RegistryStore, type ImageIndex } from '../src/oci/index.js'
import { keyBundleSigner } from '../src/sign/bundle.js'
import { attachAttestation } from '../src/sign/attach.js'
import { signatureTag } from '../src/sign/cosign.js'
import { generateKeyPair, loadSigningKey } from '../src/sign/keys.js'
import { provenanceStatement, SLSA_PROVENANCE_V1 } from '../src/sign/provenance.js'
import { keySigner } from '../src/sign/signer.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startFaultProxy } from './helpers/fault-proxy.js'
import { committedRepo } from './helpers/committed-repo.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const DATE = '2024-06-06T06:06:06Z'
const PASS = 'correct horse'
// Another image's digest: every repository here holds the same deterministic build of the commit.
const FOREIGN = `sha256:${'b'.repeat(64)}`

describe.skipIf(!ok)('signed release and verify', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let keyFile: string
  let pubFile: string
  let otherPub: string
  let tests = 0

  const run = async (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, ...env }
    return runCommand(
      readConfig((n) => inputs[n], all),
      { logger: nullLogger, env: all, cwd: repo },
    )
  }
  const release = (image: string) =>
    run({ image, context: repo, 'signing-key': keyFile, 'signing-key-passphrase': PASS })
  const verify = (digest: string, image: string, key = pubFile) =>
    run({ command: 'verify', image, digest, 'verify-key': key })
  const store = (repository: string) => new RegistryStore(registry.host, repository, {})

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-signed-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    keyFile = keyFiles.key
    pubFile = keyFiles.pub
    otherPub = join(work, 'other.pub')
    writeFileSync(otherPub, (await generateKeyPair('x')).publicKeyPem)
  }, 60_000)

  // Each test gets its own repository (same commit, same build) and its own image repositories.
  beforeEach(() => {
    tests++
    repo = committedRepo(join(work, `repo-${tests}`), { 'index.html': 'signed\n' }, DATE)
  })

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('signs in both formats, writes provenance and a record, and verify passes', async () => {
    const first = await release(`${registry.host}/apps/signed`)
    const metadata = JSON.parse(first.outputs.metadata!) as {
      signatures: string[]
      provenance: string
    }
    expect(first.outputs['record-digest']).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(metadata.signatures).toContain(
      `${registry.host}/apps/signed:${signatureTag(first.outputs.digest!)}`,
    )
    expect(metadata.signatures.some((s) => s.includes('@sha256:'))).toBe(true)
    expect(metadata.provenance).toMatch(/^sha256:/)
    const r = await verify(first.outputs.digest!, `${registry.host}/apps/signed`)
    expect(r.outputs.verified).toBe('true')
    expect(r.summary).toMatch(/\| image: bundle signature \| 1 of 1 verify \|/)
    expect(r.summary).toMatch(/\| image: legacy signature \| 1 of 1 verify \|/)
    expect(r.summary).toMatch(/\| record: bundle signature \|/)
    expect(r.summary).toMatch(/\| provenance \|/)
    // A tag is resolved to its digest.
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim()
    const byTag = await run({
      command: 'verify',
      image: `${registry.host}/apps/signed:sha-${commit}`,
      'verify-key': pubFile,
    })
    expect(byTag.outputs.digest).toBe(first.outputs.digest)
  })

  it('fails verification with another key, naming the check', async () => {
    const image = `${registry.host}/apps/otherkey`
    const first = await release(image)
    // Positive control: the right key verifies the same image.
    expect((await verify(first.outputs.digest!, image)).outputs.verified).toBe('true')
    const err = await verify(first.outputs.digest!, image, otherPub).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('VERIFY_FAILED')
    expect((err as Error).message).toMatch(/verify failed at 'image: bundle signature'/)
  })

  it('a failed verify returns only once the reads it started are answered', async () => {
    const image = `${registry.host}/apps/settled`
    const released = await release(image)
    const record = released.outputs['record-digest']!
    const proxy = await startFaultProxy(registry.host)
    try {
      // The record's own signatures are read beside the image's: hold those reads, so that the
      // image's check (another key) fails while they are still under way.
      const recordHex = record.slice('sha256:'.length)
      proxy.setDelay(
        (method, path) => method === 'GET' && path.includes(`sha256-${recordHex}`),
        400,
      )
      const err = await verify(
        released.outputs.digest!,
        `${proxy.host}/apps/settled`,
        otherPub,
      ).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'VERIFY_FAILED' })
      expect((err as Error).message).toMatch(/verify failed at 'image: bundle signature'/)
      // Contention happened: reads were held; each was answered before verify returned.
      expect(proxy.delayed.length).toBeGreaterThan(0)
      const answered = new Set(proxy.requests.map((r) => `${r.method} ${r.path}`))
      for (const held of proxy.delayed) expect(answered).toContain(`${held.method} ${held.path}`)
    } finally {
      await proxy.stop()
    }
  })

  it('catches a signature made for another digest', async () => {
    const image = `${registry.host}/apps/sigswap`
    const a = await release(image)
    // Another commit's image in the same repository, signed with the same key...
    writeFileSync(join(repo, 'index.html'), 'other\n')
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo })
    git('commit', '-q', '-am', 'two')
    const b = await release(image)
    git('reset', '-q', '--hard', 'HEAD~1')
    expect(b.outputs.digest).not.toBe(a.outputs.digest)
    const s = store('apps/sigswap')
    // ...whose .sig manifest is copied onto a's signature tag, and a's bundles removed.
    const bSig = await s.getManifest(signatureTag(b.outputs.digest!))
    await s.putManifest(bSig.bytes, bSig.mediaType, signatureTag(a.outputs.digest!))
    await dropReferrers(
      s,
      a.outputs.digest!,
      (d) =>
        d.artifactType === 'application/vnd.dev.sigstore.bundle.v0.3+json' &&
        d.annotations?.['dev.sigstore.bundle.predicateType'] !== SLSA_PROVENANCE_V1,
    )
    const err = await verify(a.outputs.digest!, image).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/verify failed at 'image: legacy signature'/)
    expect((err as Error).message).toContain(b.outputs.digest)
  })

  it('catches a swapped record and a swapped provenance', async () => {
    const image = `${registry.host}/apps/swap`
    const r = await release(image)
    const s = store('apps/swap')
    const digest = r.outputs.digest!
    // Swap the record: the index now lists a record that names another image.
    const fallback = await s.getManifest(fallbackTag(digest))
    const index = JSON.parse(fallback.bytes.toString()) as ImageIndex
    const recordDesc = index.manifests.find(
      (d) => d.artifactType === 'application/vnd.immutable-release.record.v1+json',
    )!
    const recordManifest = JSON.parse(
      (await s.getManifest(recordDesc.digest)).bytes.toString(),
    ) as { layers: { digest: string; size: number }[] }
    const record = JSON.parse((await s.readBlob(recordManifest.layers[0]!)).toString()) as {
      image: { digest: string }
    }
    record.image.digest = FOREIGN
    await dropReferrers(s, digest, (d) => d.digest === recordDesc.digest)
    const { putReferrer } = await import('../src/sign/referrer.js')
    await putReferrer(
      s,
      { mediaType: MediaType.OciManifest, digest, size: 1 },
      {
        artifactType: 'application/vnd.immutable-release.record.v1+json',
        blob: Buffer.from(JSON.stringify(record)),
        blobMediaType: 'application/vnd.immutable-release.record.v1+json',
      },
    )
    let err = await verify(digest, image).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/verify failed at 'record'.*sha256/)

    // Swap the provenance instead: a signed statement about another image replaces the real one.
    const r2 = await release(`${registry.host}/apps/swap2`)
    const s2 = store('apps/swap2')
    await dropReferrers(
      s2,
      r2.outputs.digest!,
      (d) => d.annotations?.['dev.sigstore.bundle.predicateType'] === SLSA_PROVENANCE_V1,
    )
    const signer = keyBundleSigner(keySigner(await loadSigningKey(keyFile, PASS)))
    const statement = provenanceStatement({
      subjects: [{ name: 'x', digest: FOREIGN }],
      commit: 'a'.repeat(40),
      builder: 'native',
      env: {},
      inputs: {},
    })
    const subject = { mediaType: MediaType.OciManifest, digest: r2.outputs.digest!, size: 1 }
    await attachAttestation(
      { store: s2, repository: 'x', signer, format: 'both', created: DATE },
      subject,
      SLSA_PROVENANCE_V1,
      statement,
    )
    err = await verify(r2.outputs.digest!, `${registry.host}/apps/swap2`).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/verify failed at 'provenance'/)
  })

  it('repairs only the missing signature when the same commit is released again', async () => {
    const image = `${registry.host}/apps/repair`
    const r = await release(image)
    const s = store('apps/repair')
    const sig = await s.headManifest(signatureTag(r.outputs.digest!))
    const res = await fetch(`http://${registry.host}/v2/apps/repair/manifests/${sig!.digest}`, {
      method: 'DELETE',
    })
    expect(res.status).toBe(202)
    await registry.settle()
    const before = registry.logLines().length
    const again = await release(image)
    await registry.settle()
    const writes = registry
      .logLines()
      .slice(before)
      .map((l) => /"(PUT|POST|PATCH|DELETE) (\/v2\/[^ ?"]+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`)
    // Only the .sig manifest is written again (its payload and config blobs are still stored).
    expect(writes).toEqual([`PUT /v2/apps/repair/manifests/${signatureTag(r.outputs.digest!)}`])
    expect(again.outputs).toEqual(r.outputs)
    expect((await verify(r.outputs.digest!, image)).outputs.verified).toBe('true')
  })

  it('refuses keyless without the id-token permission before any registry write', async () => {
    await registry.settle()
    const before = registry.logLines().length
    const err = await run(
      { image: `${registry.host}/apps/keyless`, context: repo, keyless: 'true' },
      { GITHUB_ACTIONS: 'true' },
    ).catch((e: unknown) => e)
    expect((err as ReleaseError).code).toBe('PERMISSION_MISSING')
    expect(describeError(err)).toMatch(/permissions: id-token: write/)
    // This repository's requests only: an earlier test's verify may still be finishing reads of
    // its own repository when it has already failed.
    const mine = () =>
      registry
        .logLines()
        .slice(before)
        .filter((l) => l.includes('/v2/apps/keyless/'))
    await registry.settle()
    expect(mine()).toEqual([])
    // Positive control: a request for this repository shows in the same filter.
    await (await fetch(`http://${registry.host}/v2/apps/keyless/tags/list`)).arrayBuffer()
    await registry.settle()
    expect(mine().length).toBeGreaterThan(0)
  })
})

/** Rewrites a subject's referrers fallback index without the entries `drop` picks. */
async function dropReferrers(
  store: RegistryStore,
  subject: string,
  drop: (d: ImageIndex['manifests'][number]) => boolean,
): Promise<void> {
  const tag = fallbackTag(subject)
  const index = JSON.parse((await store.getManifest(tag)).bytes.toString()) as ImageIndex
  index.manifests = index.manifests.filter((d) => !drop(d))
  await store.putManifest(Buffer.from(JSON.stringify(index)), MediaType.OciIndex, tag)
}
