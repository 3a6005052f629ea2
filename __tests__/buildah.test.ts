import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildRequest, BuildResult } from '../src/builders/builder.js'
import {
  authFileContent,
  BuildahBuilder,
  buildahBudArgs,
  buildahPaths,
  buildahPushArgs,
  BUILD_IMAGE,
  dockerfileImages,
  imageRegistries,
  secretFiles,
  tlsVerifyFor,
  writeSecretFiles,
} from '../src/builders/buildah.js'
import { ReleaseError, UserError } from '../src/errors.js'
import type { Logger } from '../src/logger.js'
import { copyImage, RegistryStore, type ImageManifest } from '../src/oci/index.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const execFileAsync = promisify(execFile)
const ok = needTools('docker-registry', 'buildah', 'busybox', 'tar', 'htpasswd', 'openssl')

const EPOCH = 1_700_000_000
const CREATED = '2023-11-14T22:13:20Z'
const SECRET = 'tok-3f9c1d7e5b-never-in-argv'

interface Captured extends Logger {
  lines: string[]
  warnings: string[]
}

function captureLogger(): Captured {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    lines,
    warnings,
    debug() {},
    info: (m) => void lines.push(m),
    warning: (m) => void warnings.push(m),
    error: (m) => void lines.push(m),
    group: (_n, fn) => fn(),
  }
}

function baseRequest(
  workDir: string,
  context: string,
  logger: Logger = captureLogger(),
): BuildRequest {
  return {
    context,
    dockerfile: join(context, 'Dockerfile'),
    buildArgs: { GREETING: 'hello-arg' },
    target: undefined,
    secrets: { token: SECRET },
    sourceDateEpoch: EPOCH,
    settings: { env: {}, ports: [], labels: { 'org.example.team': 'platform' } },
    annotations: { 'org.opencontainers.image.revision': 'c0ffee' },
    include: [],
    exclude: [],
    insecureRegistries: [],
    workDir,
    logger,
  }
}

describe('buildahBudArgs', () => {
  const workDir = '/work/dir'
  const paths = buildahPaths(workDir)
  const request: BuildRequest = {
    ...baseRequest(workDir, '/src/app'),
    target: 'runtime',
    secrets: { token: SECRET, 'npm.rc': 'other-secret-value' },
    annotations: { 'org.opencontainers.image.revision': 'c0ffee', 'a.b': 'x=y' },
  }

  it('passes every option, with the context last', () => {
    const args = buildahBudArgs(request, paths, { tlsVerify: true, identityLabel: true })
    const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []))
    expect(args.slice(0, 7)).toEqual([
      '--storage-driver',
      'vfs',
      '--root',
      '/work/dir/storage',
      '--runroot',
      '/work/dir/run',
      'bud',
    ])
    expect(pairs('--isolation')).toEqual(['chroot'])
    expect(pairs('--format')).toEqual(['oci'])
    expect(args).toContain('--layers')
    // No cache asked for: nothing read from or written to a registry.
    expect(args).not.toContain('--cache-from')
    expect(args).not.toContain('--cache-to')
    expect(args).toContain('--pull')
    expect(args).toContain('--identity-label=false')
    expect(args).not.toContain('--tls-verify=false')
    expect(pairs('--timestamp')).toEqual(['1700000000'])
    expect(pairs('--authfile')).toEqual(['/work/dir/auth.json'])
    expect(pairs('-f')).toEqual(['/src/app/Dockerfile'])
    expect(pairs('--target')).toEqual(['runtime'])
    expect(pairs('--build-arg')).toEqual(['GREETING=hello-arg'])
    expect(pairs('--label')).toEqual(['org.example.team=platform'])
    expect(pairs('--annotation')).toEqual(['a.b=x=y', 'org.opencontainers.image.revision=c0ffee'])
    expect(pairs('--secret')).toEqual([
      'id=npm.rc,src=/work/dir/secrets/secret-0',
      'id=token,src=/work/dir/secrets/secret-1',
    ])
    expect(pairs('-t')).toEqual([BUILD_IMAGE])
    expect(args[args.length - 1]).toBe('/src/app')
  })

  it('reads the cache repository, and writes it only when asked to', () => {
    const cache = {
      kind: 'registry' as const,
      ref: 'r.example/app:buildcache',
      repository: 'r.example/app/buildcache',
      write: true,
      gha: false,
    }
    const pairs = (args: string[], flag: string) =>
      args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []))
    const writing = buildahBudArgs({ ...request, cache }, paths)
    expect(pairs(writing, '--cache-from')).toEqual(['r.example/app/buildcache'])
    expect(pairs(writing, '--cache-to')).toEqual(['r.example/app/buildcache'])
    const reading = buildahBudArgs({ ...request, cache: { ...cache, write: false } }, paths)
    expect(pairs(reading, '--cache-from')).toEqual(['r.example/app/buildcache'])
    expect(reading).not.toContain('--cache-to')
  })

  it('never carries a secret value', () => {
    const args = buildahBudArgs(request, paths, { tlsVerify: false, identityLabel: false })
    const argv = args.join('\0')
    for (const value of Object.values(request.secrets)) expect(argv).not.toContain(value)
    expect(args).toContain('--tls-verify=false')
    expect(args).not.toContain('--identity-label=false')
  })

  it('builds the Dockerfile at the context root when none is named', async () => {
    const args = buildahBudArgs({ ...request, dockerfile: undefined }, paths)
    expect(args[args.indexOf('-f') + 1]).toBe('/src/app/Dockerfile')
    const empty = await mkdtemp(join(tmpdir(), 'ir-nodockerfile-'))
    try {
      const build = new BuildahBuilder('buildah-not-needed').build(
        baseRequest(join(empty, 'work'), empty),
      )
      await expect(build).rejects.toThrow(UserError)
      await expect(build).rejects.toThrow(/input 'dockerfile': cannot read .*\/Dockerfile/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('exports to the layout folder with gzip layers', () => {
    expect(buildahPushArgs(paths).slice(6)).toEqual([
      'push',
      '--compression-format',
      'gzip',
      BUILD_IMAGE,
      'oci:/work/dir/layout:build',
    ])
  })

  it('refuses secret ids that would break the option or name a path', () => {
    expect(() => secretFiles({ 'a,src=/etc/passwd': 'x' }, '/d')).toThrow(UserError)
    expect(() => secretFiles({ '../x y': 'x' }, '/d')).toThrow(/input 'secrets'/)
  })

  it('writes secret files readable by the owner only, whatever the umask', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ir-secrets-'))
    const old = process.umask(0)
    try {
      const files = await writeSecretFiles({ token: SECRET }, join(dir, 'secrets'))
      expect(files).toHaveLength(1)
      expect((await stat(files[0]!.path)).mode & 0o777).toBe(0o600)
      expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700)
      expect(await readFile(files[0]!.path, 'utf8')).toBe(SECRET)
    } finally {
      process.umask(old)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('dockerfileImages', () => {
  it('follows stages, ARGs before FROM, COPY --from and RUN --mount from=', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG REGISTRY=ghcr.io',
      'ARG VERSION',
      'FROM --platform=$BUILDPLATFORM ${REGISTRY}/acme/sdk:${VERSION:-1} AS build',
      'RUN --mount=type=cache,target=/c \\',
      '    --mount=type=bind,from=docker.io/library/golang:1.22,target=/go make',
      'FROM build AS test',
      'COPY --from=quay.io/x/tools:2 /bin/t /bin/t',
      'from 127.0.0.1:5000/base/busybox:latest as runtime',
      'COPY --from=build /out /out',
      'COPY --from=0 /out /out2',
    ].join('\n')
    expect(dockerfileImages(text, { VERSION: '3' })).toEqual({
      images: [
        'ghcr.io/acme/sdk:3',
        'docker.io/library/golang:1.22',
        'quay.io/x/tools:2',
        '127.0.0.1:5000/base/busybox:latest',
      ],
      base: '127.0.0.1:5000/base/busybox:latest',
    })
    expect(dockerfileImages(text, {}, 'test').base).toBe('ghcr.io/acme/sdk:1')
    expect(dockerfileImages('FROM scratch\nCOPY x /x\n').base).toBeUndefined()
    expect(dockerfileImages('FROM $UNKNOWN\n')).toEqual({ images: [] })
  })

  it('honours the escape directive', () => {
    const text = '# escape=`\nFROM alpine:3.20 `\n  AS a\n'
    expect(dockerfileImages(text)).toEqual({ images: ['alpine:3.20'], base: 'alpine:3.20' })
  })

  it('turns images into registries and decides TLS', () => {
    const registries = imageRegistries(['alpine', '127.0.0.1:5000/a/b', 'localhost/x:1', 'Bad Ref'])
    expect(registries).toEqual(['127.0.0.1:5000', 'docker.io', 'localhost'])
    expect(tlsVerifyFor(registries, [])).toBe(true)
    expect(tlsVerifyFor(['127.0.0.1:5000', 'localhost'], [])).toBe(false)
    expect(tlsVerifyFor(['reg.internal:5000'], ['reg.internal:5000'])).toBe(false)
    expect(tlsVerifyFor([], [])).toBe(true)
  })

  it('writes credentials in the auth file format, the inputs before docker config', async () => {
    const dockerConfig = mkdtempSync(join(tmpdir(), 'ir-dockercfg-'))
    try {
      writeFileSync(
        join(dockerConfig, 'config.json'),
        JSON.stringify({
          auths: { 'quay.io': { auth: Buffer.from('q:qp').toString('base64') } },
        }),
      )
      const auth = await authFileContent(
        ['127.0.0.1:5000', 'ghcr.io', 'quay.io', 'docker.io'],
        async (r) =>
          r === '127.0.0.1:5000'
            ? { username: 'u', password: 'p:w' }
            : r === 'ghcr.io'
              ? { identityToken: 'idt' }
              : undefined,
        { DOCKER_CONFIG: dockerConfig },
      )
      expect(auth).toEqual({
        auths: {
          '127.0.0.1:5000': { auth: Buffer.from('u:p:w').toString('base64') },
          'ghcr.io': { identitytoken: 'idt' },
          'quay.io': { auth: Buffer.from('q:qp').toString('base64') },
        },
      })
    } finally {
      rmSync(dockerConfig, { recursive: true, force: true })
    }
  })
})

async function tarListing(layer: Buffer): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ir-listing-'))
  try {
    const file = join(dir, 'layer.tar.gz')
    writeFileSync(file, layer)
    const { stdout } = await execFileAsync(
      'tar',
      ['-tvzf', file, '--full-time', '--numeric-owner'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    return stdout.trim().split('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function extractMember(layer: Buffer, member: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ir-member-'))
  try {
    const file = join(dir, 'layer.tar.gz')
    writeFileSync(file, layer)
    const { stdout } = await execFileAsync('tar', ['-xzOf', file, member])
    return stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

interface Inspected {
  manifest: ImageManifest
  config: {
    created: string
    config: { Labels?: Record<string, string>; Cmd?: string[] }
    history: { created: string; created_by: string }[]
    rootfs: { diff_ids: string[] }
  }
  configBytes: Buffer
}

async function inspect(result: BuildResult): Promise<Inspected> {
  const fetched = await result.layout.getManifest(result.reference)
  const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest
  const configBytes = await result.layout.readBlob(manifest.config)
  return { manifest, config: JSON.parse(configBytes.toString('utf8')), configBytes }
}

/** Reads a layer from the layout, or from the base's repository when the manifest reuses it. */
async function layerBytes(result: BuildResult, index: number): Promise<Buffer> {
  const { manifest } = await inspect(result)
  const layer = manifest.layers[index]!
  if (await result.layout.hasBlob(layer.digest)) return result.layout.readBlob(layer)
  return result.baseStore!.readBlob(layer)
}

/** What differs between two builds, down to the entries of differing layers. */
async function explainDifference(a: BuildResult, b: BuildResult): Promise<string> {
  const [ia, ib] = [await inspect(a), await inspect(b)]
  const out: string[] = []
  if (!ia.configBytes.equals(ib.configBytes)) {
    out.push(`configs differ:\n${ia.configBytes.toString()}\n${ib.configBytes.toString()}`)
  }
  for (let i = 0; i < Math.max(ia.manifest.layers.length, ib.manifest.layers.length); i++) {
    const [la, lb] = [ia.manifest.layers[i], ib.manifest.layers[i]]
    if (la?.digest === lb?.digest) continue
    out.push(`layer ${i}: ${la?.digest} vs ${lb?.digest}`)
    if (!la || !lb) continue
    const [ta, tb] = [
      await tarListing(await layerBytes(a, i)),
      await tarListing(await layerBytes(b, i)),
    ]
    const onlyA = ta.filter((l) => !tb.includes(l))
    const onlyB = tb.filter((l) => !ta.includes(l))
    out.push(
      `  only in first:\n    ${onlyA.join('\n    ')}`,
      `  only in second:\n    ${onlyB.join('\n    ')}`,
    )
    if (onlyA.length === 0 && onlyB.length === 0) {
      const [ga, gb] = [gunzipSync(await layerBytes(a, i)), gunzipSync(await layerBytes(b, i))]
      out.push(`  same listing; uncompressed ${ga.equals(gb) ? 'equal (gzip differs)' : 'differs'}`)
    }
  }
  const { annotations: aa } = ia.manifest
  const { annotations: ab } = ib.manifest
  if (JSON.stringify(aa) !== JSON.stringify(ab)) {
    out.push(`annotations differ: ${JSON.stringify(aa)} vs ${JSON.stringify(ab)}`)
  }
  return out.join('\n')
}

describe.skipIf(!ok)('BuildahBuilder against a test registry', () => {
  let registry: TestRegistry
  let base: { reference: string; digest: string }
  let baseLayerDigest: string
  const dirs: string[] = []

  const credentials: BuildRequest['credentials'] = async (host) =>
    host === registry.host
      ? { username: registry.username, password: registry.password }
      : undefined

  async function context(extra: string[] = []): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ir-buildah-ctx-'))
    dirs.push(dir)
    const lines = [
      `FROM ${base.reference}`,
      'ARG GREETING',
      'RUN mkdir -p /out && echo built > /out/file && chmod 0644 /out/file && echo "$GREETING" > /out/greeting',
      'RUN --mount=type=secret,id=token cat /run/secrets/token > /dev/null',
      'COPY app.txt /app/app.txt',
      ...extra,
      'CMD ["cat","/app/app.txt"]',
      '',
    ]
    await writeFile(join(dir, 'Dockerfile'), lines.join('\n'))
    await writeFile(join(dir, 'app.txt'), 'hello from the app\n')
    return dir
  }

  async function workDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ir-buildah-work-'))
    dirs.push(dir)
    return dir
  }

  async function build(request: BuildRequest): Promise<BuildResult> {
    return new BuildahBuilder().build(request)
  }

  beforeAll(async () => {
    registry = await startRegistry('htpasswd')
    base = await pushBusyboxBase(registry.host, {
      username: registry.username,
      password: registry.password,
    })
    const store = new RegistryStore(registry.host, 'base/busybox', {
      credentials: { username: registry.username, password: registry.password },
    })
    const manifest = JSON.parse(
      (await store.getManifest('latest')).bytes.toString(),
    ) as ImageManifest
    baseLayerDigest = manifest.layers[0]!.digest
  })

  afterAll(async () => {
    await registry?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('builds a Dockerfile with RUN, COPY, a secret and a build arg into an OCI layout', async () => {
    const logger = captureLogger()
    const ctx = await context()
    const work = await workDir()
    const result = await build({ ...baseRequest(work, ctx, logger), credentials })

    expect(result.builder).toBe('buildah')
    expect(result.reference).toBe('build')
    expect((await result.layout.headManifest('build'))?.digest).toBe(result.descriptor.digest)
    expect(result.platforms).toEqual([
      { os: 'linux', architecture: process.arch === 'arm64' ? 'arm64' : 'amd64' },
    ])
    expect(result.base).toEqual({ name: base.reference, digest: base.digest })

    const { manifest, config } = await inspect(result)
    expect(config.created).toBe(CREATED)
    expect(config.history.slice(1).every((h) => h.created === CREATED)).toBe(true)
    expect(config.config.Labels).toEqual({ 'org.example.team': 'platform' })
    expect(config.config.Cmd).toEqual(['cat', '/app/app.txt'])
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.revision': 'c0ffee',
      'org.opencontainers.image.base.name': base.reference,
      'org.opencontainers.image.base.digest': base.digest,
    })

    // The base layer is the base image's own blob, not buildah's re-compressed copy; then one
    // layer per RUN and COPY step (--layers: each one a cache entry).
    expect(manifest.layers).toHaveLength(4)
    expect(manifest.layers[0]!.digest).toBe(baseLayerDigest)
    expect(await result.layout.hasBlob(baseLayerDigest)).toBe(false)
    expect(result.baseStore?.description).toBe(`registry ${registry.host}/base/busybox`)

    // The first RUN step's layer and the COPY step's, every entry at the source date, owned by root.
    const top = await layerBytes(result, 1)
    const copyLayer = await layerBytes(result, 3)
    const listing = await tarListing(top)
    const copiedListing = await tarListing(copyLayer)
    const names = [...listing, ...copiedListing].map((l) => l.split(/\s+/).pop())
    expect(names).toEqual(expect.arrayContaining(['out/file', 'out/greeting', 'app/app.txt']))
    for (const line of [...listing, ...copiedListing]) {
      expect(line).toContain('2023-11-14 22:13:20')
      expect(line).toMatch(/^\S+ 0\/0 /)
    }
    expect(await extractMember(top, 'out/file')).toBe('built\n')
    expect(await extractMember(top, 'out/greeting')).toBe('hello-arg\n')
    expect(await extractMember(copyLayer, 'app/app.txt')).toBe('hello from the app\n')
    expect(listing.find((l) => l.endsWith(' out/file'))).toMatch(/^-rw-r--r-- /)

    // The secret was mounted for the RUN step only: in no blob, no log line, no file left.
    for (const name of await readdir(join(work, 'layout', 'blobs', 'sha256'))) {
      const blob = await readFile(join(work, 'layout', 'blobs', 'sha256', name))
      const text = blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob
      expect(text.includes(SECRET)).toBe(false)
    }
    expect(logger.lines.join('\n')).not.toContain(SECRET)
    expect(logger.lines.some((l) => l.startsWith('STEP'))).toBe(true)
    // Storage, secrets, auth file and temp files are gone; only the layout stays.
    expect(await readdir(work)).toEqual(['layout'])

    // The release path: the built layout pushes with the base's layers mounted, not uploaded.
    const target = new RegistryStore(registry.host, 'app/built', {
      credentials: { username: registry.username, password: registry.password },
    })
    const copied = await copyImage(result.layout, target, 'build', {
      tags: ['v1'],
      fallback: result.baseStore,
    })
    expect(copied.descriptor.digest).toBe(result.descriptor.digest)
    expect(copied.stats.blobs.mounted).toBe(1)
  })

  it('gives the same digest twice at the same source date, another at another date', async () => {
    // Two contexts in different folders, files with different mtimes: as two clones would be.
    const [ctxA, ctxB] = [await context(), await context()]
    utimesSync(
      join(ctxB, 'app.txt'),
      new Date('2001-02-03T04:05:06Z'),
      new Date('2001-02-03T04:05:06Z'),
    )
    const a = await build({ ...baseRequest(await workDir(), ctxA), credentials })
    const b = await build({ ...baseRequest(await workDir(), ctxB), credentials })
    const why = a.descriptor.digest === b.descriptor.digest ? '' : await explainDifference(a, b)
    expect(why).toBe('')
    expect(b.descriptor.digest).toBe(a.descriptor.digest)

    const later = await build({
      ...baseRequest(await workDir(), ctxA),
      credentials,
      sourceDateEpoch: EPOCH + 60,
    })
    expect(later.descriptor.digest).not.toBe(a.descriptor.digest)
    expect((await inspect(later)).config.created).toBe('2023-11-14T22:14:20Z')
  })

  it('keeps the file modes of the checkout in COPY: a umask 002 clone gives another digest', async () => {
    // Unlike the native builder, COPY takes permission bits from the context as they are on disk.
    const [ctxA, ctxB] = [await context(), await context()]
    await chmod(join(ctxA, 'app.txt'), 0o644)
    await chmod(join(ctxB, 'app.txt'), 0o664)
    const a = await build({ ...baseRequest(await workDir(), ctxA), credentials })
    const b = await build({ ...baseRequest(await workDir(), ctxB), credentials })
    expect(b.descriptor.digest).not.toBe(a.descriptor.digest)
    const why = await explainDifference(a, b)
    expect(why).toMatch(/^configs differ:/)
    expect(why).toMatch(/only in first:\n\s+-rw-r--r-- 0\/0 .* app\/app\.txt\n/)
    expect(why).toMatch(/only in second:\n\s+-rw-rw-r-- 0\/0 .* app\/app\.txt$/m)
  })

  it('fails with BUILD_FAILED, the last lines, masked secrets, and cleans up', async () => {
    const ctx = await context([
      'RUN --mount=type=secret,id=token echo "leaking $(cat /run/secrets/token)" && echo about-to-fail && false',
    ])
    const work = await workDir()
    const logger = captureLogger()
    const error = await new BuildahBuilder()
      .build({ ...baseRequest(work, ctx, logger), credentials })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(ReleaseError)
    const e = error as ReleaseError
    expect(e.code).toBe('BUILD_FAILED')
    expect(e.message).toMatch(/^buildah bud exited with \d+; its last lines:/)
    expect(e.message).toContain('about-to-fail')
    expect(e.message).toContain('leaking ***')
    expect(e.message).not.toContain(SECRET)
    expect(e.hint).toBeTruthy()
    expect(logger.lines.join('\n')).not.toContain(SECRET)
    expect(await readdir(work)).toEqual([])
  })

  it('fails when the base registry refuses the credentials', async () => {
    const ctx = await context()
    const work = await workDir()
    await mkdir(join(work, 'unrelated'))
    const error = await new BuildahBuilder()
      .build({
        ...baseRequest(work, ctx),
        credentials: async () => ({ username: 'tester', password: 'wrong' }),
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect((error as ReleaseError).code).toBe('BUILD_FAILED')
    expect((error as ReleaseError).message).toMatch(/unauthorized|authentication required|401/i)
    expect(await readdir(work)).toEqual(['unrelated'])
  })
})
