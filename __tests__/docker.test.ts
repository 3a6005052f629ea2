import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BuildahBuilder } from '../src/builders/buildah.js'
import type { BuildRequest } from '../src/builders/builder.js'
import {
  CAVEAT_ANNOTATION,
  dockerAvailable,
  dockerBuildArgs,
  dockerCaveat,
  DockerBuilder,
  dockerDaemonBuildArgs,
  dockerMode,
  dockerPaths,
} from '../src/builders/docker.js'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { copyImage, RegistryStore, type ImageManifest } from '../src/oci/index.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { dockerdUnavailable, startDockerd, type TestDockerd } from './helpers/dockerd.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const SECRET = 'ghp_secretvalue0123456789'

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    context: '/src/app',
    dockerfile: '/src/app/build/Dockerfile',
    buildArgs: { NODE_VERSION: '20', A: 'x=y' },
    target: 'runtime',
    secrets: { npmrc: SECRET, token: 'second-secret' },
    sourceDateEpoch: 1_700_000_000,
    settings: { env: {}, ports: [], labels: { 'org.example.team': 'platform' } },
    annotations: {
      'org.opencontainers.image.revision': 'c0ffee',
      'org.opencontainers.image.source': 'https://github.com/acme/app',
    },
    include: [],
    exclude: [],
    insecureRegistries: [],
    workDir: '/work/dir',
    logger: nullLogger,
    ...overrides,
  }
}

function captureLogger(): Logger & { warnings: string[]; lines: string[] } {
  const warnings: string[] = []
  const lines: string[] = []
  return {
    ...nullLogger,
    info: (m: string) => void lines.push(m),
    warning: (m: string) => void warnings.push(m),
    warnings,
    lines,
  }
}

const values = (args: string[], flag: string): string[] =>
  args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []))

describe('dockerBuildArgs', () => {
  it('passes every option, with the context last', () => {
    const { args, env } = dockerBuildArgs(request())
    expect(args.slice(0, 2)).toEqual(['buildx', 'build'])
    expect(values(args, '--file')).toEqual(['/src/app/build/Dockerfile'])
    expect(args).toContain('--pull')
    expect(values(args, '--build-arg')).toEqual(['A=x=y', 'NODE_VERSION=20'])
    expect(values(args, '--target')).toEqual(['runtime'])
    expect(values(args, '--secret')).toEqual([
      'id=npmrc,src=/work/dir/secrets/secret-0',
      'id=token,src=/work/dir/secrets/secret-1',
    ])
    expect(values(args, '--label')).toEqual(['org.example.team=platform'])
    expect(values(args, '--annotation')).toEqual([
      'manifest:org.opencontainers.image.revision=c0ffee',
      'manifest:org.opencontainers.image.source=https://github.com/acme/app',
    ])
    expect(args).toContain('--provenance=false')
    expect(args).toContain('--sbom=false')
    expect(values(args, '--output')).toEqual([
      `type=oci,dest=${dockerPaths('/work/dir').archive},rewrite-timestamp=true`,
    ])
    expect(dockerPaths('/work/dir').archive).toBe('/work/dir/image.tar')
    expect(args[args.length - 1]).toBe('/src/app')
    expect(env).toEqual({ SOURCE_DATE_EPOCH: '1700000000' })
  })

  it('never carries a secret value in argv', () => {
    const r = request()
    const { args, env } = dockerBuildArgs(r)
    for (const value of Object.values(r.secrets)) {
      expect(args.join('\0')).not.toContain(value)
      expect(Object.values(env).join('\0')).not.toContain(value)
    }
  })

  it('leaves out what was not asked for', () => {
    const { args } = dockerBuildArgs(
      request({ target: undefined, buildArgs: {}, secrets: {}, annotations: {} }),
    )
    for (const flag of ['--target', '--build-arg', '--secret', '--annotation']) {
      expect(args).not.toContain(flag)
    }
  })

  it('defaults to the Dockerfile at the context root, as docker does', () => {
    const { args } = dockerBuildArgs(request({ dockerfile: undefined }))
    expect(values(args, '--file')).toEqual(['/src/app/Dockerfile'])
  })

  it('refuses a secret id that would inject options', () => {
    expect(() => dockerBuildArgs(request({ secrets: { 'x,src=/etc/shadow': 'v' } }))).toThrow(
      /input 'secrets'/,
    )
  })
})

describe('dockerDaemonBuildArgs (docker build without buildx)', () => {
  it('builds into the daemon under the tag, BuildKit on or off by mode', () => {
    const buildkit = dockerDaemonBuildArgs(request(), 'buildkit', 'ir-build:1')
    expect(buildkit.args.slice(0, 1)).toEqual(['build'])
    expect(values(buildkit.args, '--tag')).toEqual(['ir-build:1'])
    expect(values(buildkit.args, '--secret')).toEqual([
      'id=npmrc,src=/work/dir/secrets/secret-0',
      'id=token,src=/work/dir/secrets/secret-1',
    ])
    expect(buildkit.args).not.toContain('--output')
    expect(buildkit.args[buildkit.args.length - 1]).toBe('/src/app')
    expect(buildkit.env.DOCKER_BUILDKIT).toBe('1')
    const classic = dockerDaemonBuildArgs(request({ secrets: {} }), 'classic', 'ir-build:1')
    expect(classic.env.DOCKER_BUILDKIT).toBe('0')
    expect(values(classic.args, '--build-arg')).toEqual(['A=x=y', 'NODE_VERSION=20'])
  })

  it('refuses build secrets with the classic builder, naming the input', () => {
    expect(() => dockerDaemonBuildArgs(request(), 'classic', 'ir-build:1')).toThrow(
      /input 'secrets': the classic docker builder/,
    )
  })
})

describe('dockerAvailable', () => {
  it('is false when no daemon answers at DOCKER_HOST', async () => {
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/ir-test/docker.sock' }
    expect(await dockerAvailable('docker', env)).toBe(false)
  })

  it('is false when the CLI is missing', async () => {
    expect(await dockerAvailable('docker-cli-that-does-not-exist')).toBe(false)
  })
})

const ok = needTools('docker', 'dockerd', 'docker-registry', 'buildah', 'busybox', 'tar', 'gzip')
const noDaemon = dockerdUnavailable()

// The docker builder for real: a private dockerd (root, vfs, no networking set-up), a busybox
// base made here and pulled over loopback from the test registry (127.0.0.0/8 is an insecure
// registry to dockerd by default), and buildah's build of the same Dockerfile to compare with.
// Skipped only where a private daemon cannot start (not root: GitHub's test job, whose e2e job
// builds with the runner's own Docker instead); the name says why, since vitest does not.
const suite = `DockerBuilder against a private dockerd${noDaemon ? ` (skipped: ${noDaemon})` : ''}`
describe.skipIf(!ok || noDaemon !== undefined)(suite, () => {
  let work: string
  let registry: TestRegistry
  let dockerd: TestDockerd
  let base: { reference: string; digest: string }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ir-docker-'))
    registry = await startRegistry('none')
    base = await pushBusyboxBase(registry.host)
    dockerd = await startDockerd()
  }, 120_000)

  afterAll(async () => {
    await dockerd?.stop()
    await registry?.stop()
    if (work) await rm(work, { recursive: true, force: true })
  })

  const context = async (name: string): Promise<string> => {
    const dir = join(work, name)
    await mkdir(dir)
    await writeFile(
      join(dir, 'Dockerfile'),
      `FROM ${base.reference}\nRUN echo built-by-run > /built.txt\nCOPY app.txt /app.txt\n`,
    )
    await writeFile(join(dir, 'app.txt'), 'hello from the app\n')
    return dir
  }

  const buildRequest = async (ctx: string, logger: Logger): Promise<BuildRequest> => ({
    ...request({ context: ctx, dockerfile: join(ctx, 'Dockerfile'), logger }),
    buildArgs: {},
    target: undefined,
    secrets: {},
    workDir: await mkdtemp(join(work, 'build-')),
  })

  /** Every path in the image's layers, and the text of the files named, read from the registry. */
  const contents = async (repository: string, tag: string, read: string[]) => {
    const store = new RegistryStore(registry.host, repository, {})
    const manifest = JSON.parse((await store.getManifest(tag)).bytes.toString()) as ImageManifest
    const paths = new Set<string>()
    const texts: Record<string, string> = {}
    for (const layer of manifest.layers) {
      const file = join(work, `${layer.digest.slice(7)}.tgz`)
      await writeFile(file, await store.readBlob(layer))
      for (const line of execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n')) {
        const path = line.replace(/^\.?\//, '').replace(/\/$/, '')
        if (path !== '' && !path.includes('.wh.')) paths.add(path)
      }
      for (const name of read) {
        try {
          texts[name] = execFileSync('tar', ['-xzOf', file, name], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          })
        } catch {
          // Not in this layer.
        }
      }
    }
    return { manifest, paths: [...paths].sort(), texts }
  }

  it('releases with the docker builder and records what a build without buildx cannot guarantee', async () => {
    const mode = await dockerMode('docker', dockerd.env)
    const dir = join(work, 'release')
    await mkdir(dir)
    // No RUN step: the release uses the daemon's default network, and this daemon has no bridge.
    await writeFile(join(dir, 'Dockerfile'), `FROM ${base.reference}\nCOPY app.txt /app.txt\n`)
    await writeFile(join(dir, 'app.txt'), 'released\n')
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['commit', '-q', '-m', 'one'],
    ]) {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir })
    }
    const inputs: Record<string, string> = {
      image: `${registry.host}/apps/docker-release`,
      context: dir,
      builder: 'docker',
    }
    const env = { PATH: process.env.PATH, HOME: work }
    const saved = process.env.DOCKER_HOST
    process.env.DOCKER_HOST = dockerd.host
    let r: CommandResult
    try {
      r = await runCommand(
        readConfig((n) => inputs[n], env),
        { logger: nullLogger, env, cwd: dir },
      )
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST
      else process.env.DOCKER_HOST = saved
    }
    const store = new RegistryStore(registry.host, 'apps/docker-release', {})
    const recordManifest = JSON.parse(
      (await store.getManifest(r.outputs['record-digest']!)).bytes.toString(),
    ) as ImageManifest
    const record = JSON.parse((await store.readBlob(recordManifest.layers[0]!)).toString()) as {
      image: { digest: string }
      build: { builder: string; reproducible: boolean | null; caveat?: string }
    }
    expect(record.image.digest).toBe(r.outputs.digest)
    expect(record.build).toMatchObject({ builder: 'docker', reproducible: null })
    expect(record.build.caveat).toBe(mode === 'buildx' ? undefined : dockerCaveat(mode))
  }, 240_000)

  it('says a daemon answers at its socket', async () => {
    expect(await dockerAvailable('docker', dockerd.env)).toBe(true)
    expect(dockerd.polls).toBeGreaterThanOrEqual(1)
  })

  it('builds a Dockerfile with a RUN step, pushes it, and holds the same files as buildah', async () => {
    const ctx = await context('app')
    const dockerLog = captureLogger()
    const mode = await dockerMode('docker', dockerd.env)
    // The daemon has no bridge (--bridge=none): RUN steps get no network, and need none here.
    const built = await new DockerBuilder('docker', dockerd.env, 'none').build(
      await buildRequest(ctx, dockerLog),
    )
    expect(built.builder).toBe('docker')
    expect(built.platforms).toEqual([expect.objectContaining({ os: 'linux' })])
    await copyImage(built.layout, new RegistryStore(registry.host, 'apps/docker', {}), 'build', {
      tags: ['v1'],
    })

    const buildahBuilt = await new BuildahBuilder().build(await buildRequest(ctx, captureLogger()))
    await copyImage(
      buildahBuilt.layout,
      new RegistryStore(registry.host, 'apps/buildah', {}),
      'build',
      {
        tags: ['v1'],
        fallback: buildahBuilt.baseStore,
      },
    )

    const read = ['built.txt', 'app.txt']
    const docker = await contents('apps/docker', 'v1', read)
    const buildah = await contents('apps/buildah', 'v1', read)
    expect(docker.texts).toEqual({
      'built.txt': 'built-by-run\n',
      'app.txt': 'hello from the app\n',
    })
    expect(docker.texts).toEqual(buildah.texts)
    // The same files, apart from the mount points a RUN step may leave behind (buildah: empty
    // dev, proc, run, sys and the etc files it bind-mounts; BuildKit: dev, etc, proc, sys;
    // the classic builder: none).
    const mountPoints = [
      'dev',
      'etc',
      'etc/hostname',
      'etc/hosts',
      'etc/resolv.conf',
      'proc',
      'run',
      'sys',
    ]
    const files = (paths: string[]) => paths.filter((p) => !mountPoints.includes(p))
    expect(files(docker.paths)).toEqual(files(buildah.paths))
    expect(docker.paths).toEqual(expect.arrayContaining(['bin/busybox', 'built.txt', 'app.txt']))
    // The same files; the digests differ (different builders, timestamps and compression).
    console.log(
      `docker (${mode}) ${built.descriptor.digest}, buildah ${buildahBuilt.descriptor.digest}: ` +
        `${docker.paths.length} paths each`,
    )

    if (mode === 'buildx') return
    // Without buildx: the log and the image say what the build cannot guarantee.
    expect(dockerLog.warnings).toContain(dockerCaveat(mode))
    expect(docker.manifest.annotations?.[CAVEAT_ANNOTATION]).toBe(dockerCaveat(mode))
    expect(docker.manifest.annotations?.['org.opencontainers.image.revision']).toBe('c0ffee')
    // The daemon keeps no image of ours: the build log names the tag it built (the positive
    // control), and the daemon no longer knows it.
    const tag = /immutable-release-build:[0-9a-f]{16}/.exec(dockerLog.lines.join('\n'))?.[0]
    expect(tag).toBeDefined()
    expect(() =>
      execFileSync('docker', ['image', 'inspect', tag!], { env: dockerd.env, stdio: 'pipe' }),
    ).toThrow(/No such image/)
  }, 240_000)
})
