import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { LayoutStore, RegistryStore, type ImageManifest } from '../src/oci/index.js'
import { writeImage, writeIndex } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools(
  'docker-registry',
  'git',
  'skopeo',
  'umoci',
  'tar',
  'gzip',
  'htpasswd',
  'openssl',
)
const GIT_DATE = '2024-05-01T12:00:00Z'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    env: { ...process.env, GIT_AUTHOR_DATE: GIT_DATE, GIT_COMMITTER_DATE: GIT_DATE },
    encoding: 'utf8',
  }).trim()
}

/** Every mode bit and mtime in the tree changed, as a checkout under another umask and clock would leave it. */
function scramble(dir: string, fileMode: number, dirMode: number, mtime: number): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue
    const p = join(dir, entry.name)
    if (entry.isDirectory()) {
      scramble(p, fileMode, dirMode, mtime)
      chmodSync(p, dirMode)
    } else if (entry.isFile()) {
      const exec = (statSync(p).mode & 0o111) !== 0
      chmodSync(p, exec ? fileMode | 0o100 : fileMode)
    }
    utimesSync(p, mtime, mtime)
  }
}

async function release(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
): Promise<CommandResult> {
  const config = readConfig((name) => inputs[name], { PATH: process.env.PATH, ...env })
  return runCommand(config, {
    logger: nullLogger,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: inputs.context,
  })
}

function metadata(r: CommandResult): Record<string, unknown> {
  return JSON.parse(r.outputs.metadata!) as Record<string, unknown>
}

describe.skipIf(!ok)('native release', () => {
  let work: string
  let bare: string
  let registry: TestRegistry

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-'))
    registry = await startRegistry('none')
    const seed = join(work, 'seed')
    mkdirSync(join(seed, 'site', 'assets'), { recursive: true })
    writeFileSync(join(seed, 'site', 'index.html'), '<h1>hi</h1>\n')
    writeFileSync(join(seed, 'site', 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 })
    writeFileSync(join(seed, 'site', 'assets', 'a.css'), 'body{}\n')
    git(seed, 'init', '-q', '-b', 'main')
    git(seed, 'add', '.')
    git(seed, 'commit', '-q', '-m', 'first')
    bare = join(work, 'origin.git')
    execFileSync('git', ['clone', '-q', '--bare', seed, bare])
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const clone = (name: string): string => {
    const dir = join(work, name)
    execFileSync('git', ['clone', '-q', bare, dir])
    return dir
  }

  it('gives the identical digest from two clones with other modes and mtimes; one byte changes it', async () => {
    const a = clone('clone-a')
    const b = clone('clone-b')
    scramble(join(a, 'site'), 0o644, 0o755, 1_000_000_000)
    scramble(join(b, 'site'), 0o600, 0o700, 1_700_000_123)
    const ra = await release({ image: `oci:${join(work, 'out-a')}`, context: join(a, 'site') })
    const rb = await release({ image: `oci:${join(work, 'out-b')}`, context: join(b, 'site') })
    expect(ra.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(rb.outputs.digest).toBe(ra.outputs.digest)

    writeFileSync(join(b, 'site', 'index.html'), '<h1>hI</h1>\n')
    await expect(
      release({ image: `oci:${join(work, 'out-c')}`, context: join(b, 'site') }),
    ).rejects.toThrow(/allow-dirty.*site\/index\.html|site\/index\.html.*allow-dirty/s)
    const rc = await release({
      image: `oci:${join(work, 'out-c')}`,
      context: join(b, 'site'),
      'allow-dirty': 'true',
    })
    expect(rc.outputs.digest).not.toBe(ra.outputs.digest)
  })

  it('puts the layer on every platform of a two-platform base index', async () => {
    const baseStore = new RegistryStore(registry.host, 'base/multi', {})
    const base = await writeIndex(baseStore, 'v1')
    const dir = clone('clone-multi')
    const image = `${registry.host}/apps/multi`
    const r = await release({
      image,
      context: join(dir, 'site'),
      base: `${registry.host}/base/multi:v1`,
    })
    const raw = JSON.parse(
      execFileSync(
        'skopeo',
        ['inspect', '--tls-verify=false', '--raw', `docker://${image}@${r.outputs.digest}`],
        { encoding: 'utf8' },
      ),
    ) as {
      mediaType: string
      manifests: { digest: string; platform: { architecture: string } }[]
      annotations: Record<string, string>
    }
    expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(raw.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
    expect(raw.annotations['org.opencontainers.image.base.digest']).toBe(base.descriptor.digest)
    expect(raw.annotations['org.opencontainers.image.base.name']).toBe(
      `${registry.host}/base/multi:v1`,
    )
    const target = new RegistryStore(registry.host, 'apps/multi', {})
    for (const [i, m] of raw.manifests.entries()) {
      const manifest = JSON.parse((await target.getManifest(m.digest)).bytes.toString()) as {
        layers: { digest: string }[]
      }
      // The base platform's layer, then ours, which is the same on every platform.
      expect(manifest.layers.length).toBe(2)
      expect(manifest.layers[0]!.digest).toBe(
        base.children.find((c) => c.descriptor.platform?.architecture === m.platform.architecture)!
          .layers[0]!.digest,
      )
      if (i > 0)
        expect(manifest.layers[1]!.digest).toBe(
          (
            JSON.parse((await target.getManifest(raw.manifests[0]!.digest)).bytes.toString()) as {
              layers: { digest: string }[]
            }
          ).layers[1]!.digest,
        )
    }
    expect(metadata(r).platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])

    // umoci unpacks one platform with our modes (rootless: it needs no root, and maps the owners
    // to whoever runs it); the owners are read from the layers themselves.
    const layoutDir = join(work, 'arm-layout')
    execFileSync('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--override-arch',
      'arm64',
      '--override-variant',
      'v8',
      `docker://${image}@${r.outputs.digest}`,
      `oci:${layoutDir}:arm`,
    ])
    const bundle = join(work, 'bundle')
    execFileSync('umoci', ['unpack', '--rootless', '--image', `${layoutDir}:arm`, bundle])
    const run = statSync(join(bundle, 'rootfs', 'app', 'run.sh'))
    const page = statSync(join(bundle, 'rootfs', 'app', 'index.html'))
    const assets = statSync(join(bundle, 'rootfs', 'app', 'assets'))
    expect([run.mode & 0o7777, page.mode & 0o7777, assets.mode & 0o7777]).toEqual([
      0o755, 0o644, 0o755,
    ])
    const arm = await LayoutStore.open(layoutDir)
    const layers = (JSON.parse((await arm.getManifest('arm')).bytes.toString()) as ImageManifest)
      .layers
    const listing = layers.flatMap((l) =>
      execFileSync(
        'tar',
        ['--numeric-owner', '-tvzf', join(layoutDir, 'blobs', 'sha256', l.digest.slice(7))],
        { encoding: 'utf8' },
      ).split('\n'),
    )
    const owners = (path: string) =>
      listing.filter((l) => l.endsWith(` ${path}`)).map((l) => l.split(/\s+/)[1])
    expect([...owners('app/run.sh'), ...owners('app/index.html')]).toEqual(['0/0', '0/0'])
    expect(statSync(join(bundle, 'rootfs', 'etc', 'arch')).isFile()).toBe(true)
  })

  it('never moves the commit tag, and a second release of the commit uploads nothing', async () => {
    const dir = clone('clone-guard')
    const image = `${registry.host}/apps/guard`
    await registry.settle()
    const start = registry.logLines().length
    const first = await release({ image, context: join(dir, 'site') })
    await registry.settle()
    const before = registry.logLines().length
    const second = await release({ image, context: join(dir, 'site') })
    const uploads = (from: number, to?: number) =>
      registry
        .logLines()
        .slice(from, to)
        .filter((l) => /"(POST|PUT|PATCH) \/v2\/apps\/guard\/blobs\//.test(l))
    await registry.settle()
    expect(uploads(before)).toEqual([])
    // Positive control: the same filter over the first release's log finds its uploads.
    expect(uploads(start, before).length).toBeGreaterThan(0)
    expect(second.outputs).toEqual(first.outputs)

    // Someone points the commit tag at another image: the next release refuses to move it back.
    const commit = git(dir, 'rev-parse', 'HEAD')
    const store = new RegistryStore(registry.host, 'apps/guard', {})
    const other = await writeImage(store, [{ 'other.txt': 'x' }], { tag: `sha-${commit}` })
    const tagsBefore = (await store.listTags()).sort()
    const err = await release({ image, context: join(dir, 'site') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('TAG_IMMUTABLE')
    expect((err as Error).message).toContain(other.descriptor.digest)
    expect((err as Error).message).toContain(first.outputs.digest)
    expect((await store.listTags()).sort()).toEqual(tagsBefore)
    expect((await store.headManifest(`sha-${commit}`))?.digest).toBe(other.descriptor.digest)
  })

  it('moves version aliases only forward: 1.2.9 after 1.3.0 leaves 1 on 1.3.0', async () => {
    const dir = clone('clone-semver')
    const image = `${registry.host}/apps/semver`
    const v130 = await release(
      { image, context: join(dir, 'site') },
      { GITHUB_REF: 'refs/tags/v1.3.0' },
    )
    expect(v130.outputs.tags!.split('\n')).toEqual(expect.arrayContaining(['1.3.0', '1.3', '1']))
    writeFileSync(join(dir, 'site', 'index.html'), 'backport\n')
    git(dir, 'commit', '-q', '-am', 'backport')
    const v129 = await release(
      { image, context: join(dir, 'site') },
      { GITHUB_REF: 'refs/tags/v1.2.9' },
    )
    const tags = v129.outputs.tags!.split('\n')
    expect(tags).toContain('1.2.9')
    expect(tags).toContain('1.2')
    expect(tags).not.toContain('1')
    const store = new RegistryStore(registry.host, 'apps/semver', {})
    expect((await store.headManifest('1'))?.digest).toBe(v130.outputs.digest)
    expect((await store.headManifest('1.2'))?.digest).toBe(v129.outputs.digest)
    expect((await store.headManifest('1.3'))?.digest).toBe(v130.outputs.digest)
  })

  it('writes a layout that umoci and skopeo read, with annotations from the commit', async () => {
    const dir = clone('clone-layout')
    const out = join(work, 'out-layout')
    const r = await release({ image: `oci:${out}`, context: join(dir, 'site') })
    const layout = await LayoutStore.open(out)
    const commit = git(dir, 'rev-parse', 'HEAD')
    const m = JSON.parse((await layout.getManifest(`sha-${commit}`)).bytes.toString()) as {
      annotations: Record<string, string>
    }
    expect(m.annotations['org.opencontainers.image.revision']).toBe(commit)
    expect(m.annotations['org.opencontainers.image.created']).toBe('2024-05-01T12:00:00Z')
    const inspected = JSON.parse(
      execFileSync('skopeo', ['inspect', `oci:${out}:sha-${commit}`], { encoding: 'utf8' }),
    ) as { Digest: string; Created: string }
    expect(inspected.Digest).toBe(r.outputs.digest)
    expect(inspected.Created).toBe('2024-05-01T12:00:00Z')
    expect(execFileSync('umoci', ['ls', '--layout', out], { encoding: 'utf8' })).toContain(
      `sha-${commit}`,
    )
  })
})
