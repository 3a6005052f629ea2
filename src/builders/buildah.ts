import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ReleaseError, UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import { dockerConfigCredentials, type Credentials } from '../oci/auth.js'
import { digestHex } from '../oci/digest.js'
import { bufferSource } from '../oci/blob-source.js'
import { LayoutStore } from '../oci/layout.js'
import { isIndexType, MediaType, toOciLayer } from '../oci/media-types.js'
import { formatReference, isLoopback, parseReference } from '../oci/reference.js'
import { parseManifest } from '../oci/referrers.js'
import { RegistryStore } from '../oci/registry.js'
import type { Store } from '../oci/store.js'
import type { ImageIndex, ImageManifest, Platform } from '../oci/types.js'
import {
  openBuildRegistry,
  type Builder,
  type BuildCache,
  type BuildRequest,
  type BuildResult,
  type ImageSettings,
} from './builder.js'
import { walkDockerfile } from './dockerfile.js'

/** The name the built image has inside the throw-away storage; never leaves the work folder. */
export const BUILD_IMAGE = 'localhost/immutable-release-build:latest'

const BASE_NAME_ANNOTATION = 'org.opencontainers.image.base.name'
const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest'
const TAIL_LINES = 20

/** Where a buildah build keeps its state; all of it under the request's work folder. */
export interface BuildahPaths {
  /** containers-storage graph root (vfs: a full copy of every layer, removed after the export). */
  root: string
  runroot: string
  authfile: string
  secrets: string
  tmp: string
  layout: string
}

export function buildahPaths(workDir: string): BuildahPaths {
  return {
    root: join(workDir, 'storage'),
    runroot: join(workDir, 'run'),
    authfile: join(workDir, 'auth.json'),
    secrets: join(workDir, 'secrets'),
    tmp: join(workDir, 'tmp'),
    layout: join(workDir, 'layout'),
  }
}

export interface BudOptions {
  /** false only when every registry the Dockerfile pulls from is loopback or declared insecure. */
  tlsVerify: boolean
  /** `--identity-label=false`; buildah before 1.26 does not know the flag. */
  identityLabel: boolean
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/

/**
 * Secret ids and the files their values go to, sorted so that argv is the same on every run.
 * Files are numbered rather than named by id, so that no id can name a path outside `dir`.
 */
export function secretFiles(
  secrets: Record<string, string>,
  dir: string,
): { id: string; path: string }[] {
  return Object.keys(secrets)
    .sort()
    .map((id, i) => {
      if (!SECRET_ID.test(id)) {
        throw new UserError('INPUT_INVALID', `secret id '${id}' cannot be passed to a builder`, {
          input: 'secrets',
          valid: 'ids of letters, digits, _ . -',
        })
      }
      return { id, path: join(dir, `secret-${i}`) }
    })
}

/** Writes each secret value to its own 0600 file: builders read them from there, never argv. */
export async function writeSecretFiles(
  secrets: Record<string, string>,
  dir: string,
): Promise<{ id: string; path: string }[]> {
  const files = secretFiles(secrets, dir)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  for (const { id, path } of files) {
    await writeFile(path, secrets[id]!, { mode: 0o600, flag: 'wx' })
    // The mode of writeFile only applies to new files and is filtered by the umask.
    await chmod(path, 0o600)
  }
  return files
}

const sortedEntries = (record: Record<string, string>): [string, string][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** The Dockerfile to build: the one named, else `Dockerfile` at the context's root, as docker does. */
export function dockerfileOf(request: Pick<BuildRequest, 'context' | 'dockerfile'>): string {
  return request.dockerfile ?? join(request.context, 'Dockerfile')
}

/** The whole argv of `buildah bud`; pure, so a test can see that no secret value is in it. */
export function buildahBudArgs(
  request: BuildRequest,
  paths: BuildahPaths,
  options: BudOptions = { tlsVerify: true, identityLabel: true },
): string[] {
  const args = [
    ...storageArgs(paths),
    'bud',
    // chroot isolation and vfs need neither a daemon nor overlay mounts, as root or rootless.
    '--isolation',
    'chroot',
    '--format',
    'oci',
    // A layer per step, each a cache entry: with or without a remote cache the image is the
    // same, since a step taken from the cache gives the very layer running it would.
    '--layers',
    '--pull',
    '--timestamp',
    String(request.sourceDateEpoch),
    '--authfile',
    paths.authfile,
  ]
  // The version label would make the digest depend on which buildah the runner has.
  if (options.identityLabel) args.push('--identity-label=false')
  if (!options.tlsVerify) args.push('--tls-verify=false')
  args.push('-f', dockerfileOf(request))
  if (request.target) args.push('--target', request.target)
  if (request.cache?.kind === 'registry') {
    args.push('--cache-from', request.cache.repository)
    if (request.cache.write) args.push('--cache-to', request.cache.repository)
  }
  for (const [k, v] of sortedEntries(request.buildArgs)) args.push('--build-arg', `${k}=${v}`)
  for (const [k, v] of sortedEntries(request.settings.labels)) args.push('--label', `${k}=${v}`)
  for (const [k, v] of sortedEntries(request.annotations)) args.push('--annotation', `${k}=${v}`)
  for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
    args.push('--secret', `id=${id},src=${path}`)
  }
  args.push('-t', BUILD_IMAGE, request.context)
  return args
}

function storageArgs(paths: BuildahPaths): string[] {
  return ['--storage-driver', 'vfs', '--root', paths.root, '--runroot', paths.runroot]
}

export function buildahPushArgs(paths: BuildahPaths): string[] {
  return [
    ...storageArgs(paths),
    'push',
    // Named, so that a future default (zstd) cannot change the digests.
    '--compression-format',
    'gzip',
    BUILD_IMAGE,
    `oci:${paths.layout}:build`,
  ]
}

// ---------------------------------------------------------------------------------------------
// Dockerfile reading: which images a build pulls, for credentials, TLS and the base record.

export interface DockerfileImages {
  /** Every image the build pulls (FROM, COPY --from, RUN --mount from=), after ARG expansion. */
  images: string[]
  /** The image the built stage starts from, following stage names; undefined for scratch. */
  base?: string
}

/**
 * Reads the images a Dockerfile pulls. Only ARGs before the first FROM can appear in FROM lines;
 * build args override their defaults, as in docker. An image that needs an unknown variable is
 * left out rather than guessed.
 */
export function dockerfileImages(
  text: string,
  buildArgs: Record<string, string> = {},
  target?: string,
): DockerfileImages {
  const stages: { name?: string; from: string }[] = []
  const external = new Set<string>()
  const isStage = (name: string): boolean =>
    /^\d+$/.test(name) || stages.some((s) => s.name === name.toLowerCase())
  const addExternal = (image: string | undefined): void => {
    if (image && image !== 'scratch' && !isStage(image)) external.add(image)
  }

  const { froms, steps } = walkDockerfile(text, buildArgs)
  let next = 0
  for (const { instruction, words: rest } of steps) {
    if (instruction === 'FROM') {
      const { image, stage: name } = froms[next++]!
      // A FROM naming an earlier stage builds on that stage, not on an image.
      if (image !== undefined && !isStage(image)) addExternal(image)
      stages.push({ name, from: image ?? '' })
    } else if (instruction === 'COPY' || instruction === 'ADD') {
      for (const w of rest) {
        if (w.startsWith('--from=')) addExternal(w.slice('--from='.length))
      }
    } else if (instruction === 'RUN') {
      for (const w of rest) {
        if (!w.startsWith('--mount=')) continue
        for (const field of w.slice('--mount='.length).split(',')) {
          if (field.startsWith('from=')) addExternal(field.slice('from='.length))
        }
      }
    }
  }

  let stage = target
    ? stages.find((s) => s.name === target.toLowerCase())
    : stages[stages.length - 1]
  const seen = new Set<string>()
  while (stage) {
    const from = stage.from
    if (from === '' || from === 'scratch') return { images: [...external] }
    const parent = /^\d+$/.test(from)
      ? stages[Number(from)]
      : stages.find((s) => s.name === from.toLowerCase())
    if (!parent) return { images: [...external], base: from }
    if (seen.has(from)) break
    seen.add(from)
    stage = parent
  }
  return { images: [...external] }
}

/** Registry hosts of the images, skipping any reference that does not parse. */
export function imageRegistries(images: string[]): string[] {
  const out = new Set<string>()
  for (const image of images) {
    try {
      out.add(parseReference(image, 'dockerfile').registry)
    } catch {
      // Malformed: buildah will say so in its own words.
    }
  }
  return [...out].sort()
}

/** TLS stays on unless every registry pulled from may be spoken to in plain http. */
export function tlsVerifyFor(registries: string[], insecureRegistries: string[]): boolean {
  if (registries.length === 0) return true
  return !registries.every((r) => isLoopback(r) || insecureRegistries.includes(r))
}

/** containers-auth.json (docker config format) for the registries the build pulls from. */
export async function authFileContent(
  registries: string[],
  credentials: BuildRequest['credentials'],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ auths: Record<string, Record<string, string>> }> {
  const auths: Record<string, Record<string, string>> = {}
  for (const registry of registries) {
    // As the registry client does: the inputs first, then what docker login left behind.
    const found: Credentials | undefined =
      (await credentials?.(registry)) ?? (await dockerConfigCredentials(registry, env))
    if (!found) continue
    if (found.identityToken) {
      auths[registry] = {
        ...(found.username ? { username: found.username } : {}),
        identitytoken: found.identityToken,
      }
    } else if (found.username !== undefined && found.password !== undefined) {
      auths[registry] = {
        auth: Buffer.from(`${found.username}:${found.password}`).toString('base64'),
      }
    }
  }
  return { auths }
}

// ---------------------------------------------------------------------------------------------
// Running a build tool.

export interface RunOptions {
  logger: Logger
  env?: NodeJS.ProcessEnv
  /** Values replaced by *** in every logged line (a RUN step may print a secret it reads). */
  mask?: string[]
  /** For the error: what was being done, e.g. `buildah bud`. */
  what: string
  hint: string
  /** Sees every line (masked) as it is logged, e.g. to tell cached steps from those that ran. */
  onLine?: (line: string) => void
}

/**
 * Runs a program (argv, no shell), streaming its stdout and stderr lines to the log. A non-zero
 * exit throws BUILD_FAILED with the last lines, so the error alone tells what went wrong.
 */
export function runBuildTool(program: string, args: string[], options: RunOptions): Promise<void> {
  const mask = (options.mask ?? []).filter((s) => s !== '').sort((a, b) => b.length - a.length)
  const clean = (line: string): string => {
    let out = line
    for (const secret of mask) out = out.split(secret).join('***')
    return out
  }
  const tail: string[] = []
  const emit = (line: string): void => {
    const text = clean(line)
    options.logger.info(text)
    options.onLine?.(text)
    tail.push(text)
    if (tail.length > TAIL_LINES) tail.shift()
  }
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    })
    const partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' }
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const parts = (partial[stream] + chunk.toString('utf8')).split(/\r?\n|\r/)
      partial[stream] = parts.pop() ?? ''
      for (const line of parts) emit(line)
    }
    child.stdout.on('data', collect('stdout'))
    child.stderr.on('data', collect('stderr'))
    child.once('error', (error) => {
      reject(
        new ReleaseError('BUILD_FAILED', `could not run ${program}: ${error.message}`, {
          hint: `install ${program} or choose another builder`,
          cause: error,
        }),
      )
    })
    child.once('close', (code, signal) => {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') emit(partial[stream])
      }
      if (code === 0) {
        resolve()
        return
      }
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`
      reject(
        new ReleaseError(
          'BUILD_FAILED',
          `${options.what} ${how}; its last lines:\n${tail.join('\n')}`,
          { hint: options.hint },
        ),
      )
    })
  })
}

/** Settings a Dockerfile build cannot take from the inputs: the Dockerfile decides them. */
export function warnIgnoredSettings(
  settings: ImageSettings,
  logger: Logger,
  builder: string,
): void {
  const ignored: string[] = []
  if (settings.entrypoint) ignored.push('entrypoint')
  if (settings.cmd) ignored.push('cmd')
  if (Object.keys(settings.env).length > 0) ignored.push('env')
  if (settings.workdir) ignored.push('workdir')
  if (settings.user) ignored.push('user')
  if (settings.ports.length > 0) ignored.push('ports')
  if (ignored.length === 0) return
  logger.warning(
    `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored by the ${builder} builder: ` +
      'a Dockerfile build takes them from its ENTRYPOINT, CMD, ENV, WORKDIR, USER and EXPOSE lines',
  )
}

function buildahVersion(program: string): Promise<[number, number] | undefined> {
  return new Promise((resolve) => {
    execFile(program, ['--version'], { timeout: 10_000 }, (error, stdout) => {
      const m = /version\s+(\d+)\.(\d+)/.exec(String(stdout))
      resolve(error || !m ? undefined : [Number(m[1]), Number(m[2])])
    })
  })
}

/**
 * `buildah bud --layers` leaves traces of how each step was made, which are not content: every
 * history entry names its parent image ("FROM <id>", which differs when the parent came from a
 * cache), and the base annotations name the last step's parent (an intermediate or cache image)
 * rather than the Dockerfile's base. Both are put right, the base as its registry names it, so
 * the image is the same whether steps ran or came from a cache.
 */
async function forgetStepTraces(
  layout: LayoutStore,
  built: { bytes: Buffer; digest: string; mediaType: string },
  options: { base: () => Promise<{ name: string; digest: string } | undefined> },
): Promise<{ bytes: Buffer; digest: string; mediaType: string }> {
  const manifest = parseManifest(built.bytes, `built manifest ${built.digest}`) as ImageManifest
  const configBytes = await layout.readBlob(manifest.config)
  const config = JSON.parse(configBytes.toString('utf8')) as {
    history?: { comment?: string }[]
  }
  let changed = false
  for (const entry of config.history ?? []) {
    if (entry.comment?.startsWith('FROM ')) {
      delete entry.comment
      changed = true
    }
  }
  const annotations = { ...(manifest.annotations ?? {}) }
  const base = await options.base()
  delete annotations[BASE_NAME_ANNOTATION]
  delete annotations[BASE_DIGEST_ANNOTATION]
  if (base) {
    annotations[BASE_NAME_ANNOTATION] = formatReference(parseReference(base.name, 'dockerfile'))
    annotations[BASE_DIGEST_ANNOTATION] = base.digest
  }
  const sorted = Object.fromEntries(
    Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1)),
  )
  if (JSON.stringify(sorted) !== JSON.stringify(manifest.annotations ?? {})) {
    manifest.annotations = sorted
    changed = true
  }
  if (!changed) return built
  const newConfig = bufferSource(Buffer.from(JSON.stringify(config)))
  await layout.putBlob(newConfig)
  manifest.config = { ...manifest.config, digest: newConfig.digest, size: newConfig.size }
  const bytes = Buffer.from(JSON.stringify(manifest))
  const descriptor = await layout.putManifest(bytes, built.mediaType, 'build')
  return { bytes, digest: descriptor.digest, mediaType: built.mediaType }
}

/**
 * buildah fails the whole build when a cache push is refused, and `<image>/buildcache` is a
 * repository the image's credentials may not reach (Docker Hub takes no third path level, a
 * token may not create a package): asked first, a cache that cannot be written is only read.
 */
async function writableCache(request: BuildRequest): Promise<BuildCache | undefined> {
  const cache = request.cache
  if (cache?.kind !== 'registry' || !cache.write) return cache
  const ref = parseReference(cache.repository, 'cache')
  const store = await openBuildRegistry(request, ref)
  const refusal = store instanceof RegistryStore ? await store.pushRefusal() : undefined
  if (refusal === undefined) return cache
  request.logger.warning(
    `build cache ${cache.repository} cannot be written (${refusal}); the build reads it but ` +
      'adds nothing. Name a repository these credentials may push to in the cache input, or set cache: none',
  )
  return { ...cache, write: false }
}

/**
 * Which steps of a `buildah bud --layers` came from the cache, from its log: each `STEP n/m: …`
 * line, then `--> Using cache <id>` when a stored or pulled layer stood in for running it.
 * FROM steps run nothing, so they are neither.
 */
export class StepLog {
  private readonly steps: { text: string; cached: boolean }[] = []

  read(line: string): void {
    const step = /^STEP \d+\/\d+: (.*)$/.exec(line)
    if (step) {
      const text = step[1] as string
      if (!/^FROM\s/i.test(text)) this.steps.push({ text, cached: false })
      return
    }
    const last = this.steps[this.steps.length - 1]
    if (last && /^--> Using cache [0-9a-f]+/.test(line)) last.cached = true
  }

  result(): { cached: string[]; ran: string[] } {
    return {
      cached: this.steps.filter((s) => s.cached).map((s) => s.text),
      ran: this.steps.filter((s) => !s.cached).map((s) => s.text),
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The builder.

interface ImageConfig {
  architecture?: string
  os?: string
  variant?: string
  rootfs?: { diff_ids?: string[] }
}

const samePlatform = (a: Platform | undefined, c: ImageConfig): boolean =>
  a !== undefined &&
  a.os === c.os &&
  a.architecture === c.architecture &&
  (a.variant ?? '') === (c.variant ?? '')

/**
 * buildah's push re-compresses the base image's layers from its storage, so the exported image
 * would carry base layers whose digests exist nowhere else (and depend on buildah's gzip). When
 * the base's own layers have the same content (diff_ids), point the manifest at them instead: the
 * image then shares its base layers with the base, as docker's images do, and a push can mount
 * them from the base's repository rather than upload them.
 */
async function reuseBaseLayers(
  layout: LayoutStore,
  manifestBytes: Buffer,
  config: ImageConfig,
  baseStore: Store,
  baseDigest: string,
): Promise<{ bytes: Buffer; dropped: string[] } | undefined> {
  let fetched = await baseStore.getManifest(baseDigest)
  if (isIndexType(fetched.mediaType)) {
    const index = parseManifest(fetched.bytes, `base index ${baseDigest}`) as ImageIndex
    const child = index.manifests.find((m) => samePlatform(m.platform, config))
    if (!child) return undefined
    fetched = await baseStore.getManifest(child.digest)
  }
  const base = parseManifest(fetched.bytes, `base manifest ${fetched.digest}`) as ImageManifest
  const baseConfig = JSON.parse(
    (await baseStore.readBlob(base.config)).toString('utf8'),
  ) as ImageConfig
  const baseIds = baseConfig.rootfs?.diff_ids ?? []
  const ids = config.rootfs?.diff_ids ?? []
  if (baseIds.length === 0 || baseIds.length !== base.layers.length) return undefined
  if (baseIds.some((id, i) => ids[i] !== id)) return undefined

  const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest
  if (manifest.layers.length < baseIds.length) return undefined
  const dropped: string[] = []
  manifest.layers = manifest.layers.map((layer, i) => {
    if (i >= base.layers.length) return layer
    const replacement = toOciLayer(base.layers[i]!)
    if (replacement.digest !== layer.digest) dropped.push(layer.digest)
    return { ...layer, ...replacement }
  })
  if (dropped.length === 0) return undefined
  const kept = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)])
  const bytes = Buffer.from(JSON.stringify(manifest))
  await layout.putManifest(bytes, manifest.mediaType ?? MediaType.OciManifest, 'build')
  return { bytes, dropped: dropped.filter((d) => !kept.has(d)) }
}

/**
 * The base a Dockerfile build started from: as the builder recorded it in the manifest
 * (buildah does), else the FROM line, resolved to a digest by asking its registry. Best effort:
 * undefined when neither says.
 */
export async function resolveDockerfileBase(
  request: Pick<BuildRequest, 'credentials' | 'insecureRegistries' | 'logger' | 'onSecret'>,
  annotations: Record<string, string> | undefined,
  fromLine: string | undefined,
): Promise<{ name: string; digest: string } | undefined> {
  const name = annotations?.[BASE_NAME_ANNOTATION]
  const digest = annotations?.[BASE_DIGEST_ANNOTATION]
  if (name && digest) return { name, digest }
  if (!fromLine) return undefined
  try {
    const ref = parseReference(fromLine, 'dockerfile')
    if (ref.digest) return { name: fromLine, digest: ref.digest }
    const store = await openBuildRegistry(request, ref)
    const head = await store.headManifest(ref.tag ?? 'latest')
    return head ? { name: fromLine, digest: head.digest } : undefined
  } catch (e) {
    request.logger.debug(`base image of the build unknown: ${(e as Error).message}`)
    return undefined
  }
}

/**
 * Dockerfile builds with buildah: no daemon, no privileges beyond what buildah's chroot isolation
 * needs. Storage lives in the work folder and is removed once the image is exported as an OCI
 * layout, so nothing is left on the runner and no two builds share a cache.
 */
export class BuildahBuilder implements Builder {
  readonly name = 'buildah' as const

  constructor(private readonly program = 'buildah') {}

  async build(request: BuildRequest): Promise<BuildResult> {
    const { logger } = request
    const dockerfile = dockerfileOf(request)
    // ',' would split the --secret option and ':' the oci:PATH:TAG destination.
    if (/[,:]/.test(request.workDir)) {
      throw new ReleaseError(
        'INTERNAL',
        `work folder ${request.workDir} contains ',' or ':', which buildah's options cannot carry`,
      )
    }
    let text: string
    try {
      text = await readFile(dockerfile, 'utf8')
    } catch (e) {
      throw new UserError('INPUT_INVALID', `cannot read ${dockerfile}`, {
        input: 'dockerfile',
        cause: e,
      })
    }
    const found = dockerfileImages(text, request.buildArgs, request.target)
    const cache = await writableCache(request)
    if (cache?.kind === 'none') logger.info(`no build cache: ${cache.why}`)
    const cacheRegistries = cache?.kind === 'registry' ? [cache.repository] : []
    const registries = imageRegistries([...found.images, ...cacheRegistries])
    const tlsVerify = tlsVerifyFor(registries, request.insecureRegistries)
    warnIgnoredSettings(request.settings, logger, 'buildah')
    const steps = new StepLog()

    const version = await buildahVersion(this.program)
    const identityLabel = version !== undefined && (version[0] > 1 || version[1] >= 26)
    if (!identityLabel) {
      logger.warning(
        `buildah ${version ? version.join('.') : '(unknown version)'} cannot leave out its io.buildah.version label, so the digest depends on the buildah version; 1.26 or later can`,
      )
    }

    const paths = buildahPaths(request.workDir)
    await mkdir(paths.tmp, { recursive: true })
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // containers/image stages big blobs in TMPDIR (default /var/tmp): keep them in the work folder.
      TMPDIR: paths.tmp,
    }
    const mask = Object.values(request.secrets)
    try {
      const auth = await authFileContent(registries, request.credentials)
      await writeFile(paths.authfile, JSON.stringify(auth), { mode: 0o600, flag: 'wx' })
      await chmod(paths.authfile, 0o600)
      await writeSecretFiles(request.secrets, paths.secrets)

      const hint =
        'read the build log above; a pull that fails may need credentials or the insecure-registry input'
      await runBuildTool(
        this.program,
        buildahBudArgs({ ...request, cache }, paths, { tlsVerify, identityLabel }),
        { logger, env, mask, what: 'buildah bud', hint, onLine: (line) => steps.read(line) },
      )
      // The secrets were only for the RUN steps; off the disk before anything else happens.
      await rm(paths.secrets, { recursive: true, force: true })
      await runBuildTool(this.program, buildahPushArgs(paths), {
        logger,
        env,
        mask,
        what: 'buildah push to an OCI layout',
        hint: 'the work folder may be out of space',
      })
    } finally {
      await rm(paths.secrets, { recursive: true, force: true })
      await rm(paths.authfile, { force: true })
      await this.removeStorage(paths, env)
    }

    const layout = await LayoutStore.open(paths.layout)
    let descriptor = await layout.headManifest('build')
    if (!descriptor) {
      throw new ReleaseError('BUILD_FAILED', `buildah push left no 'build' tag in ${paths.layout}`)
    }
    const built = await layout.getManifest('build')
    if (isIndexType(built.mediaType)) {
      throw new ReleaseError(
        'BUILD_FAILED',
        'buildah exported an index where one image was expected',
      )
    }
    const fetched = await forgetStepTraces(layout, built, {
      base: () => resolveDockerfileBase(request, undefined, found.base),
    })
    descriptor = (await layout.headManifest('build'))!
    const manifest = parseManifest(
      fetched.bytes,
      `built manifest ${fetched.digest}`,
    ) as ImageManifest
    const config = JSON.parse(
      (await layout.readBlob(manifest.config)).toString('utf8'),
    ) as ImageConfig
    const platform: Platform = {
      architecture: config.architecture ?? 'unknown',
      os: config.os ?? 'unknown',
    }
    if (config.variant) platform.variant = config.variant

    const base = await resolveDockerfileBase(request, manifest.annotations, found.base)
    let baseStore: Store | undefined
    if (base) {
      try {
        const ref = parseReference(base.name, 'dockerfile')
        baseStore = await openBuildRegistry(request, ref)
        const reused = await reuseBaseLayers(layout, fetched.bytes, config, baseStore, base.digest)
        if (reused) {
          descriptor = (await layout.headManifest('build'))!
          // The re-compressed copies are no longer referenced; base images can be large.
          for (const digest of [...reused.dropped, fetched.digest]) {
            await rm(join(paths.layout, 'blobs', 'sha256', digestHex(digest)), { force: true })
          }
          logger.debug(`reused ${reused.dropped.length} base layer(s) of ${base.name}`)
        }
      } catch (e) {
        // Only an optimisation: buildah's own layers are a complete image.
        logger.debug(`kept buildah's base layers: ${(e as Error).message}`)
      }
    }

    let cacheUse: BuildResult['cacheUse']
    if (cache?.kind === 'registry') {
      cacheUse = { ref: cache.repository, ...steps.result() }
      logger.info(
        `build cache ${cache.repository}: ${cacheUse.cached.length} step(s) from the cache, ${cacheUse.ran.length} ran${cacheUse.cached.length ? `; cached: ${cacheUse.cached.join(' | ')}` : ''}`,
      )
    }
    return {
      builder: 'buildah',
      layout,
      reference: 'build',
      descriptor,
      platforms: [platform],
      baseStore,
      base,
      cacheUse,
    }
  }

  private async removeStorage(paths: BuildahPaths, env: NodeJS.ProcessEnv): Promise<void> {
    // rmi first: buildah unmounts what it still holds, so rm cannot walk into a live mount.
    await new Promise<void>((resolve) => {
      execFile(
        this.program,
        [...storageArgs(paths), 'rmi', '--all', '--force'],
        { env, timeout: 120_000 },
        () => resolve(),
      )
    })
    await rm(paths.root, { recursive: true, force: true })
    await rm(paths.runroot, { recursive: true, force: true })
    await rm(paths.tmp, { recursive: true, force: true })
  }
}
