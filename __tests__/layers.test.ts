import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'skopeo')
const GIT_DATE = '2024-05-01T12:00:00Z'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    env: { ...process.env, GIT_AUTHOR_DATE: GIT_DATE, GIT_COMMITTER_DATE: GIT_DATE },
    encoding: 'utf8',
  }).trim()
}

/** Text that gzip cannot shrink to nothing: a dependency folder of some weight. */
function noise(label: string, size: number): string {
  let out = ''
  for (let i = 0; out.length < size; i++) {
    out += createHash('sha256').update(`${label} ${i}`).digest('hex') + '\n'
  }
  return out
}

async function release(inputs: Record<string, string>): Promise<CommandResult> {
  const config = readConfig((name) => inputs[name], { PATH: process.env.PATH })
  return runCommand(config, {
    logger: nullLogger,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    cwd: inputs.context,
  })
}

interface Manifest {
  config: { digest: string }
  layers: { digest: string; size: number }[]
}

/** Read back with skopeo: an independent reader of what the registry holds. */
function manifestOf(image: string, digest: string): Manifest {
  return JSON.parse(
    execFileSync(
      'skopeo',
      ['inspect', '--tls-verify=false', '--raw', `docker://${image}@${digest}`],
      {
        encoding: 'utf8',
      },
    ),
  ) as Manifest
}

/** Digests of the blobs whose upload the registry completed, from its access log. */
function uploadedBlobs(lines: string[]): string[] {
  const digests: string[] = []
  for (const line of lines) {
    const m =
      /"PUT \/v2\/[^ "]+\/blobs\/uploads\/[^ "]*[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})/i.exec(
        line,
      )
    if (m) digests.push(m[1]!.replace(/%3A/i, ':'))
  }
  return digests
}

describe.skipIf(!ok)('native layers', () => {
  let work: string
  let bare: string
  let registry: TestRegistry

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'layers-'))
    registry = await startRegistry('none')
    const seed = join(work, 'seed')
    mkdirSync(join(seed, 'node_modules', 'left-pad'), { recursive: true })
    mkdirSync(join(seed, 'node_modules', 'big', 'lib'), { recursive: true })
    mkdirSync(join(seed, 'vendor', 'acme'), { recursive: true })
    mkdirSync(join(seed, 'src'), { recursive: true })
    writeFileSync(join(seed, 'node_modules', 'left-pad', 'index.js'), noise('left-pad', 40_000))
    writeFileSync(join(seed, 'node_modules', 'big', 'lib', 'main.js'), noise('big', 300_000))
    writeFileSync(join(seed, 'vendor', 'acme', 'acme.php'), noise('acme', 60_000))
    writeFileSync(join(seed, 'package.json'), '{"name":"app"}\n')
    writeFileSync(join(seed, 'src', 'app.js'), 'console.log("one")\n')
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

  it('a one-file source change uploads one small layer; dependency layers keep their digests', async () => {
    const image = `${registry.host}/apps/layered`
    const a = clone('clone-a')
    await registry.settle()
    const before = registry.logLines().length
    const first = await release({ image, context: a })
    const firstManifest = manifestOf(image, first.outputs.digest!)
    // node_modules, vendor, then the rest: three layers, dependency folders first.
    expect(firstManifest.layers).toHaveLength(3)
    await registry.settle()
    const firstUploads = uploadedBlobs(registry.logLines().slice(before))
    // Positive control for the count below: the first release uploads every layer.
    for (const layer of firstManifest.layers) expect(firstUploads).toContain(layer.digest)

    writeFileSync(join(a, 'src', 'app.js'), 'console.log("two")\n')
    git(a, 'commit', '-q', '-am', 'second')
    await registry.settle()
    const mark = registry.logLines().length
    const second = await release({ image, context: a })
    expect(second.outputs.digest).not.toBe(first.outputs.digest)
    const secondManifest = manifestOf(image, second.outputs.digest!)
    expect(secondManifest.layers).toHaveLength(3)
    expect(secondManifest.layers.slice(0, 2)).toEqual(firstManifest.layers.slice(0, 2))
    expect(secondManifest.layers[2]!.digest).not.toBe(firstManifest.layers[2]!.digest)

    await registry.settle()
    const uploads = uploadedBlobs(registry.logLines().slice(mark))
    // The new source layer and the config; the dependency layers were already there.
    expect(uploads).toContain(secondManifest.layers[2]!.digest)
    expect(uploads).toContain(secondManifest.config.digest)
    for (const layer of secondManifest.layers.slice(0, 2))
      expect(uploads).not.toContain(layer.digest)
    const uploadedLayerBytes = secondManifest.layers
      .filter((l) => uploads.includes(l.digest))
      .reduce((n, l) => n + l.size, 0)
    const imageBytes = secondManifest.layers.reduce((n, l) => n + l.size, 0)
    expect(uploadedLayerBytes).toBeLessThan(imageBytes * 0.05)
  })

  it('gives the same digest and layers from two clones of the same commit', async () => {
    const a = clone('clone-same-a')
    const b = clone('clone-same-b')
    // Another umask and clock on the second runner.
    chmodSync(join(b, 'node_modules', 'big', 'lib', 'main.js'), 0o600)
    chmodSync(join(b, 'vendor', 'acme'), 0o700)
    const ra = await release({ image: `${registry.host}/apps/clone-a`, context: a })
    const rb = await release({ image: `oci:${join(work, 'out-b')}`, context: b })
    expect(ra.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(rb.outputs.digest).toBe(ra.outputs.digest)
    // Positive control: another layers input changes the layers, hence the digest.
    const rc = await release({
      image: `oci:${join(work, 'out-c')}`,
      context: b,
      layers: 'none',
    })
    expect(rc.outputs.digest).not.toBe(ra.outputs.digest)
  })

  it('follows the layers input: its patterns in order, then the rest', async () => {
    const dir = clone('clone-input')
    const image = `${registry.host}/apps/custom`
    const r = await release({ image, context: dir, layers: 'vendor\nsrc' })
    const manifest = manifestOf(image, r.outputs.digest!)
    expect(manifest.layers).toHaveLength(3)
    const one = await release({ image: `${registry.host}/apps/one`, context: dir, layers: 'none' })
    expect(manifestOf(`${registry.host}/apps/one`, one.outputs.digest!).layers).toHaveLength(1)
  })

  it('rejects a negated layers pattern naming the input, before anything is pushed', async () => {
    const dir = clone('clone-bad')
    const image = `${registry.host}/apps/bad`
    await registry.settle()
    const mark = registry.logLines().length
    const error = await release({ image, context: dir, layers: '!src' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('layers')
    await registry.settle()
    expect(uploadedBlobs(registry.logLines().slice(mark))).toEqual([])
  })
})
