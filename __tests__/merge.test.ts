import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError, UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore, type ImageIndex } from '../src/oci/index.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { writeImage, writeIndex } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')

describe.skipIf(!ok)('merge of per-platform releases', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let key: string
  let pub: string
  const platformRelease: Record<string, CommandResult> = {}

  const run = (inputs: Record<string, string>): Promise<CommandResult> => {
    const env = { PATH: process.env.PATH, HOME: work }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger: nullLogger, env, cwd: repo },
    )
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'merge-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, 'pw')
    key = keyFiles.key
    pub = keyFiles.pub
    repo = join(work, 'repo')
    mkdirSync(repo)
    writeFileSync(join(repo, 'app.txt'), 'app\n')
    const env = {
      ...process.env,
      GIT_AUTHOR_DATE: '2024-02-02T02:02:02Z',
      GIT_COMMITTER_DATE: '2024-02-02T02:02:02Z',
    }
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['commit', '-q', '-m', 'app'],
    ]) {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: repo,
        env,
      })
    }
    // One base per platform, as each runner of a matrix would have its own.
    for (const [arch, variant] of [
      ['amd64', undefined],
      ['arm64', 'v8'],
    ] as const) {
      const baseStore = new RegistryStore(registry.host, `base/${arch}`, {})
      await writeImage(baseStore, [{ [`etc/${arch}`]: arch }], {
        tag: 'v1',
        platform: { architecture: arch, os: 'linux', ...(variant ? { variant } : {}) },
      })
      platformRelease[arch] = await run({
        image: `${registry.host}/apps/shop-${arch}`,
        context: repo,
        base: `${registry.host}/base/${arch}:v1`,
        'signing-key': key,
        'signing-key-passphrase': 'pw',
      })
    }
  }, 120_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('joins two single-platform releases into one signed, recorded index', async () => {
    const image = `${registry.host}/apps/shop`
    const r = await run({
      command: 'merge',
      image,
      context: repo,
      // One as the release job's metadata output, one as repo@digest.
      sources: [
        platformRelease.amd64!.outputs.metadata!,
        platformRelease.arm64!.outputs.image!,
      ].join('\n'),
      'signing-key': key,
      'signing-key-passphrase': 'pw',
    })
    const store = new RegistryStore(registry.host, 'apps/shop', {})
    const index = JSON.parse(
      (await store.getManifest(r.outputs.digest!)).bytes.toString(),
    ) as ImageIndex
    expect(index.manifests.map((m) => [m.digest, m.platform?.architecture])).toEqual([
      [platformRelease.amd64!.outputs.digest, 'amd64'],
      [platformRelease.arm64!.outputs.digest, 'arm64'],
    ])
    expect(r.outputs.tags!.split('\n')[0]).toMatch(/^sha-[a-f0-9]{40}$/)
    expect((await store.headManifest(r.outputs.tags!.split('\n')[0]!))?.digest).toBe(
      r.outputs.digest,
    )
    expect(r.outputs['record-digest']).toMatch(/^sha256:/)
    const v = await run({ command: 'verify', image, digest: r.outputs.digest!, 'verify-key': pub })
    expect(v.outputs.verified).toBe('true')
    expect(v.summary).toMatch(/platform linux\/arm64\/v8: bundle signature/)

    // A re-run gives the same index and outputs.
    const again = await run({
      command: 'merge',
      image,
      context: repo,
      sources: [
        platformRelease.amd64!.outputs.metadata!,
        platformRelease.arm64!.outputs.image!,
      ].join('\n'),
      'signing-key': key,
      'signing-key-passphrase': 'pw',
    })
    expect(again.outputs).toEqual(r.outputs)
  })

  it('refuses a missing digest and a multi-platform source, naming it', async () => {
    const image = `${registry.host}/apps/refused`
    const missing = `${registry.host}/apps/shop-amd64@sha256:${'e'.repeat(64)}`
    const err1 = await run({ command: 'merge', image, context: repo, sources: missing }).catch(
      (e: unknown) => e,
    )
    expect(err1).toBeInstanceOf(ReleaseError)
    expect((err1 as Error).message).toContain(missing)
    const idx = await writeIndex(new RegistryStore(registry.host, 'apps/multi', {}), 'v1')
    const multi = `${registry.host}/apps/multi@${idx.descriptor.digest}`
    const err2 = await run({ command: 'merge', image, context: repo, sources: multi }).catch(
      (e: unknown) => e,
    )
    expect(err2).toBeInstanceOf(UserError)
    expect((err2 as Error).message).toMatch(/input 'sources': .*multi-platform index/)
    expect(await new RegistryStore(registry.host, 'apps/refused', {}).listTags()).toEqual([])
  })
})
