/**
 * Issue 10, item 3: which release record counts. An unsigned re-run of a signed release adds no
 * record (nor anything else); an unsigned record that lands later anyway (listed last) never
 * shadows the signed one for verify or the promote gates; and a re-run repairs only what is
 * missing. Registry writes are counted from the registry's own log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { signatureTag } from '../src/sign/cosign.js'
import { putReferrer, readReferrers } from '../src/sign/referrer.js'
import { committedRepo } from './helpers/committed-repo.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const DATE = '2024-06-06T06:06:06Z'
const PASS = 'records'

describe.skipIf(!ok)('release record selection and repair', () => {
  let work: string
  let registry: TestRegistry
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
  const signed = (image: string) =>
    run({ image, context: repo, 'signing-key': keyFile, 'signing-key-passphrase': PASS })
  const unsigned = (image: string) => run({ image, context: repo })
  const verify = (image: string, digest: string) =>
    run({ command: 'verify', image, digest, 'verify-key': pubFile })
  /** PUT/POST/PATCH/DELETE requests for `repository` in the registry's log from line `from` on. */
  const registryWrites = (from: number, repository: string): string[] =>
    registry
      .logLines()
      .slice(from)
      .map((l) => /"(PUT|POST|PATCH|DELETE) (\/v2\/[^ ?"]+)/.exec(l))
      .filter((m) => m?.[2]?.startsWith(`/v2/${repository}/`))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`)

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-records-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    keyFile = keyFiles.key
    pubFile = keyFiles.pub
    repo = committedRepo(join(work, 'repo'), { 'index.html': 'recorded\n' }, DATE)
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('an unsigned re-run of a signed release writes nothing', async () => {
    const image = `${registry.host}/apps/rerun`
    await registry.settle()
    const start = registry.logLines().length
    const first = await signed(image)
    await registry.settle()
    expect(registryWrites(start, 'apps/rerun').length).toBeGreaterThan(0)
    const before = registry.logLines().length
    const again = await unsigned(image)
    await registry.settle()
    expect(registryWrites(before, 'apps/rerun')).toEqual([])
    expect(again.outputs['record-digest']).toBe(first.outputs['record-digest'])
    const records = await readReferrers(
      new RegistryStore(registry.host, 'apps/rerun', {}),
      first.outputs.digest!,
      RECORD_ARTIFACT_TYPE,
    )
    expect(records).toHaveLength(1)
    expect((await verify(image, first.outputs.digest!)).outputs.verified).toBe('true')
  }, 60_000)

  it('an unsigned record listed last never shadows the signed one', async () => {
    const image = `${registry.host}/apps/shadow`
    const store = new RegistryStore(registry.host, 'apps/shadow', {})
    const first = await signed(image)
    const digest = first.outputs.digest!
    const [signedRecord] = await readReferrers(store, digest, RECORD_ARTIFACT_TYPE)
    // What an older, unsigned re-run attached: the same release, no signature, another run.
    const record = JSON.parse(signedRecord!.blob.toString('utf8')) as Record<string, unknown>
    const stripped = Buffer.from(
      JSON.stringify({
        ...record,
        signature: { formats: [], identity: null, references: [] },
        provenance: null,
      }),
    )
    const subject = (await store.headManifest(digest))!
    const shadow = await putReferrer(store, subject, {
      artifactType: RECORD_ARTIFACT_TYPE,
      blob: stripped,
      blobMediaType: RECORD_ARTIFACT_TYPE,
    })
    // The state that `.pop()` got wrong: the unsigned record is the last one listed.
    const listed = await readReferrers(store, digest, RECORD_ARTIFACT_TYPE)
    expect(listed.map((r) => r.descriptor.digest)).toEqual([
      first.outputs['record-digest'],
      shadow.digest,
    ])

    const verified = await verify(image, digest)
    expect(verified.outputs.verified).toBe('true')
    expect(verified.summary).toContain(
      `| record | ${first.outputs['record-digest']} names this digest |`,
    )
    const promoted = await run({
      command: 'promote',
      image,
      ledger: 'none',
      environment: 'staging',
      digest,
      'verify-key': pubFile,
    })
    expect(promoted.outputs.promoted).toBe('true')
    expect((await store.headManifest('staging'))?.digest).toBe(digest)
  }, 60_000)

  it('a re-run repairs only the signature that went missing', async () => {
    const image = `${registry.host}/apps/repair`
    const store = new RegistryStore(registry.host, 'apps/repair', {})
    const first = await signed(image)
    const record = first.outputs['record-digest']!
    const sig = await store.headManifest(signatureTag(record))
    const removed = await fetch(`http://${registry.host}/v2/apps/repair/manifests/${sig!.digest}`, {
      method: 'DELETE',
    })
    expect(removed.status).toBe(202)

    await registry.settle()
    const before = registry.logLines().length
    const again = await signed(image)
    expect(again.outputs['record-digest']).toBe(record)
    await registry.settle()
    const manifestWrites = registryWrites(before, 'apps/repair').filter((w) =>
      w.includes('/manifests/'),
    )
    expect(manifestWrites).toEqual([`PUT /v2/apps/repair/manifests/${signatureTag(record)}`])
    expect((await store.headManifest(signatureTag(record)))?.digest).toBeDefined()
  }, 60_000)
})
