/**
 * Issue 10, item 4: tags are the last thing a release writes. A signing that fails after the
 * push leaves no release tag: the image is there by digest only. The next run finishes the job:
 * signatures, provenance, record, then the tags. Signing is made to fail by something in the
 * way of the legacy signature (the `.sig` tag holds an index, which release refuses to
 * overwrite), so the failure comes after the image is pushed, as an unreachable Fulcio's would.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { MediaType, RegistryStore } from '../src/oci/index.js'
import { signatureTag } from '../src/sign/cosign.js'
import { committedRepo } from './helpers/committed-repo.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const DATE = '2024-06-06T06:06:06Z'
const REPOSITORY = 'apps/order'
const PASS = 'order'

describe.skipIf(!ok)('release writes its tags last', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let commit: string
  let keyFile: string
  let pubFile: string

  const run = async (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, GITHUB_REF: 'refs/tags/v1.2.3', ...env }
    return runCommand(
      readConfig((n) => inputs[n], all),
      {
        logger: nullLogger,
        env: all,
        cwd: repo,
      },
    )
  }
  const release = () =>
    run({
      image: `${registry.host}/${REPOSITORY}`,
      context: repo,
      tags: 'latest',
      'signing-key': keyFile,
      'signing-key-passphrase': PASS,
    })

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-order-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    keyFile = keyFiles.key
    pubFile = keyFiles.pub
    repo = committedRepo(join(work, 'repo'), { 'index.html': 'ordered\n' }, DATE)
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim()
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('leaves no release tag when signing fails after the push; the next run tags', async () => {
    const releaseTags = [`sha-${commit}`, '1.2.3', '1.2', '1', 'latest']
    // The same commit built into a layout: native builds do not depend on where they go.
    const local = await run({ image: `oci:${join(work, 'layout')}`, context: repo })
    const digest = local.outputs.digest!
    const store = new RegistryStore(registry.host, REPOSITORY, {})
    const blocker = await store.putManifest(
      Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] }),
      ),
      MediaType.OciIndex,
      signatureTag(digest),
    )

    const failed = await release().catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(ReleaseError)
    expect((failed as ReleaseError).code).toBe('MANIFEST_INVALID')
    // Pushed: the image is in the registry, reachable by its digest...
    expect((await store.headManifest(digest))?.digest).toBe(digest)
    // ...and by no release tag: only the blocked signature tag, and the referrers' fallback tag
    // of the bundle signature written beside it.
    const tags = await store.listTags()
    expect(tags).toContain(signatureTag(digest))
    expect(tags.filter((t) => !t.startsWith('sha256-'))).toEqual([])

    const removed = await fetch(
      `http://${registry.host}/v2/${REPOSITORY}/manifests/${blocker.digest}`,
      { method: 'DELETE' },
    )
    expect(removed.status).toBe(202)
    const good = await release()
    expect(good.outputs.digest).toBe(digest)
    expect(good.outputs.tags!.split('\n')).toEqual(releaseTags)
    for (const t of releaseTags) expect((await store.headManifest(t))?.digest).toBe(digest)
    const verified = await run({
      command: 'verify',
      image: `${registry.host}/${REPOSITORY}:sha-${commit}`,
      'verify-key': pubFile,
    })
    expect(verified.outputs.verified).toBe('true')
  }, 120_000)
})
