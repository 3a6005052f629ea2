import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ReleaseError, UserError } from '../errors.js'
import { LayoutStore } from '../oci/layout.js'
import { isIndexType } from '../oci/media-types.js'
import { parseManifest } from '../oci/referrers.js'
import type { ImageIndex, ImageManifest, Platform } from '../oci/types.js'
import type { Builder, BuildRequest, BuildResult } from './builder.js'
import {
  dockerfileImages,
  dockerfileOf,
  resolveDockerfileBase,
  runBuildTool,
  secretFiles,
  warnIgnoredSettings,
  writeSecretFiles,
} from './buildah.js'
import { dockerCacheArgs } from './cache.js'
import { layoutFromDockerArchive } from './docker-archive.js'

export interface DockerPaths {
  secrets: string
  /** buildx's OCI exporter writes a tar of an image layout here. */
  archive: string
  layout: string
}

export function dockerPaths(workDir: string): DockerPaths {
  return {
    secrets: join(workDir, 'secrets'),
    archive: join(workDir, 'image.tar'),
    layout: join(workDir, 'layout'),
  }
}

const sortedEntries = (record: Record<string, string>): [string, string][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/**
 * argv and extra environment of `docker buildx build`; pure, so a test can check every flag and
 * that no secret value is in argv. The source date goes in the environment: buildx hands
 * SOURCE_DATE_EPOCH to BuildKit, which stamps `created` and history with it, and
 * `rewrite-timestamp` clamps the files' mtimes in the layers to it.
 */
export function dockerBuildArgs(request: BuildRequest): {
  args: string[]
  env: Record<string, string>
} {
  const paths = dockerPaths(request.workDir)
  const args = ['buildx', 'build', '--file', dockerfileOf(request), '--pull']
  for (const [k, v] of sortedEntries(request.buildArgs)) args.push('--build-arg', `${k}=${v}`)
  if (request.target) args.push('--target', request.target)
  args.push(...dockerCacheArgs(request.cache))
  for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
    args.push('--secret', `id=${id},src=${path}`)
  }
  for (const [k, v] of sortedEntries(request.settings.labels)) args.push('--label', `${k}=${v}`)
  for (const [k, v] of sortedEntries(request.annotations)) {
    args.push('--annotation', `manifest:${k}=${v}`)
  }
  // Attestations would turn the result into an index whose extra manifest changes every run.
  args.push(
    '--provenance=false',
    '--sbom=false',
    '--output',
    `type=oci,dest=${paths.archive},rewrite-timestamp=true`,
    request.context,
  )
  return { args, env: { SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) } }
}

/** stdout of a short docker command, or undefined when it fails (or takes over 5 s). */
function dockerOutput(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 5_000, env }, (error, stdout) =>
      resolve(error ? undefined : String(stdout).trim()),
    )
  })
}

/** True when a Docker daemon answers within 5 s; a missing CLI or a stopped daemon is false. */
export async function dockerAvailable(
  program = 'docker',
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const server = await dockerOutput(program, ['version', '--format', '{{.Server.Version}}'], env)
  return server !== undefined && server !== ''
}

/**
 * How this machine's docker builds: `buildx` when the plugin is there; else `docker build`, with
 * BuildKit when the client carries it itself (clients before 23, DOCKER_BUILDKIT=1; from 23 on,
 * BuildKit in the CLI is buildx), else the classic builder.
 */
export type DockerMode = 'buildx' | 'buildkit' | 'classic'

export async function dockerMode(
  program = 'docker',
  env: NodeJS.ProcessEnv = process.env,
): Promise<DockerMode> {
  if ((await dockerOutput(program, ['buildx', 'version'], env)) !== undefined) return 'buildx'
  const client = await dockerOutput(program, ['version', '--format', '{{.Client.Version}}'], env)
  const major = Number(/^(\d+)\./.exec(client ?? '')?.[1] ?? 0)
  return major > 0 && major < 23 ? 'buildkit' : 'classic'
}

/** What a build without buildx cannot guarantee: said in the log and in the image's annotations. */
export function dockerCaveat(mode: Exclude<DockerMode, 'buildx'>): string {
  const how =
    mode === 'buildkit'
      ? "docker buildx is missing: built with the daemon's BuildKit through `docker build`"
      : 'docker buildx is missing and this docker CLI has no BuildKit of its own: built with the classic builder'
  return (
    `${how} and exported with \`docker save\`. Not reproducible: file times in the layers are ` +
    'not clamped to the source date, `created` and the history carry the build time, and the ' +
    'layers are compressed here; build the same commit twice and the digests differ. Install ' +
    'buildx (docker/setup-buildx-action) or use builder: buildah for reproducible builds'
  )
}

/** Annotation that carries dockerCaveat on the built image (and so into the registry). */
export const CAVEAT_ANNOTATION = 'dev.immutable-release.build.caveat'

/**
 * argv and extra environment of `docker build` without buildx: the image goes to the daemon's
 * store as `tag`, for `docker save`. The classic builder has no build secrets.
 */
export function dockerDaemonBuildArgs(
  request: BuildRequest,
  mode: Exclude<DockerMode, 'buildx'>,
  tag: string,
): { args: string[]; env: Record<string, string> } {
  const paths = dockerPaths(request.workDir)
  const args = ['build', '--file', dockerfileOf(request), '--pull']
  for (const [k, v] of sortedEntries(request.buildArgs)) args.push('--build-arg', `${k}=${v}`)
  if (request.target) args.push('--target', request.target)
  const secrets = secretFiles(request.secrets, paths.secrets)
  if (secrets.length > 0 && mode === 'classic') {
    throw new UserError(
      'INPUT_INVALID',
      "input 'secrets': the classic docker builder (no buildx, no BuildKit) has no build secrets",
      {
        input: 'secrets',
        hint: 'install buildx (docker/setup-buildx-action), or set builder: buildah',
      },
    )
  }
  for (const { id, path } of secrets) args.push('--secret', `id=${id},src=${path}`)
  for (const [k, v] of sortedEntries(request.settings.labels)) args.push('--label', `${k}=${v}`)
  args.push('--tag', tag, request.context)
  return {
    args,
    env: {
      DOCKER_BUILDKIT: mode === 'buildkit' ? '1' : '0',
      SOURCE_DATE_EPOCH: String(request.sourceDateEpoch),
    },
  }
}

function extract(archive: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('tar', ['-xf', archive, '-C', dir], { timeout: 600_000 }, (error, _out, stderr) => {
      if (!error) {
        resolve()
        return
      }
      reject(
        new ReleaseError('BUILD_FAILED', `cannot unpack ${archive}: ${String(stderr).trim()}`, {
          cause: error,
          hint: 'the work folder may be out of space',
        }),
      )
    })
  })
}

const BUILDX_HINT =
  "read the build log above. Exporting an OCI layout needs a buildx builder with the docker-container driver (docker/setup-buildx-action) or Docker's containerd image store, and BuildKit 0.13 or later for rewrite-timestamp; or set builder: buildah"
const DAEMON_HINT =
  'read the build log above; DOCKER_HOST names the daemon that builds. For reproducible builds install buildx (docker/setup-buildx-action) or set builder: buildah'

/**
 * Dockerfile builds with docker, when a daemon answers. With buildx the image is exported as an
 * OCI layout (no daemon image store, no `docker push`), so it is pushed like any other build.
 * Without buildx, `docker build` (the daemon's BuildKit, or the classic builder) puts it in the
 * daemon's store, `docker save` takes it out, and it is turned into an OCI layout here; what that
 * cannot guarantee is said in the log and on the image (CAVEAT_ANNOTATION).
 * Pulls use the daemon's credentials and registry settings (docker login, daemon.json).
 */
export class DockerBuilder implements Builder {
  readonly name = 'docker' as const

  constructor(
    private readonly program = 'docker',
    /** The environment docker runs in (DOCKER_HOST, DOCKER_CONFIG). */
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The network of RUN steps (`--network`); the daemon's default when undefined. */
    private readonly network?: string,
  ) {}

  async build(request: BuildRequest): Promise<BuildResult> {
    const { logger } = request
    // ',' would split the --secret and --output options.
    if (request.workDir.includes(',')) {
      throw new ReleaseError(
        'INTERNAL',
        `work folder ${request.workDir} contains ',', which buildx's options cannot carry`,
      )
    }
    const paths = dockerPaths(request.workDir)
    let text: string
    try {
      text = await readFile(dockerfileOf(request), 'utf8')
    } catch (e) {
      throw new UserError('INPUT_INVALID', `cannot read ${dockerfileOf(request)}`, {
        input: 'dockerfile',
        cause: e,
      })
    }
    const found = dockerfileImages(text, request.buildArgs, request.target)
    warnIgnoredSettings(request.settings, logger, 'docker')

    const mode = await dockerMode(this.program, this.env)
    let layout: LayoutStore
    if (mode === 'buildx') {
      const command = dockerBuildArgs(request)
      if (this.network) command.args.splice(2, 0, '--network', this.network)
      await this.run(request, command, 'docker buildx build', BUILDX_HINT)
      await mkdir(paths.layout, { recursive: true })
      await extract(paths.archive, paths.layout)
      await rm(paths.archive, { force: true })
      layout = await LayoutStore.open(paths.layout)
      await tagTheOneImage(layout, paths.layout, {})
    } else {
      const caveat = dockerCaveat(mode)
      logger.warning(caveat)
      layout = await this.buildWithoutBuildx(request, mode, {
        ...request.annotations,
        [CAVEAT_ANNOTATION]: caveat,
      })
    }

    const fetched = await layout.getManifest('build')
    const descriptor = {
      mediaType: fetched.mediaType,
      digest: fetched.digest,
      size: fetched.bytes.length,
    }
    const platforms: Platform[] = []
    let annotations: Record<string, string> | undefined
    if (isIndexType(fetched.mediaType)) {
      const children = parseManifest(fetched.bytes, `built index ${fetched.digest}`) as ImageIndex
      annotations = children.annotations
      for (const child of children.manifests) {
        if (child.platform && child.platform.os !== 'unknown') platforms.push(child.platform)
      }
    } else {
      const manifest = parseManifest(
        fetched.bytes,
        `built manifest ${fetched.digest}`,
      ) as ImageManifest
      annotations = manifest.annotations
      const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8')) as {
        architecture?: string
        os?: string
        variant?: string
      }
      const platform: Platform = {
        architecture: config.architecture ?? 'unknown',
        os: config.os ?? 'unknown',
      }
      if (config.variant) platform.variant = config.variant
      platforms.push(platform)
    }

    return {
      builder: 'docker',
      layout,
      reference: 'build',
      descriptor,
      platforms,
      base: await resolveDockerfileBase(request, annotations, found.base),
    }
  }

  private async run(
    request: BuildRequest,
    command: { args: string[]; env: Record<string, string> },
    what: string,
    hint: string,
  ): Promise<void> {
    const paths = dockerPaths(request.workDir)
    try {
      await writeSecretFiles(request.secrets, paths.secrets)
      await runBuildTool(this.program, command.args, {
        logger: request.logger,
        env: { ...this.env, ...command.env },
        mask: Object.values(request.secrets),
        what,
        hint,
      })
    } finally {
      await rm(paths.secrets, { recursive: true, force: true })
    }
  }

  /** `docker build` into the daemon's store under a tag of its own, then `docker save`. */
  private async buildWithoutBuildx(
    request: BuildRequest,
    mode: Exclude<DockerMode, 'buildx'>,
    annotations: Record<string, string>,
  ): Promise<LayoutStore> {
    const paths = dockerPaths(request.workDir)
    const tag = `immutable-release-build:${randomBytes(8).toString('hex')}`
    const { logger } = request
    if (request.cache?.kind === 'registry') {
      logger.info(`no build cache: ${request.cache.ref} needs buildx, which is missing`)
    }
    try {
      const command = dockerDaemonBuildArgs(request, mode, tag)
      if (this.network) command.args.splice(1, 0, '--network', this.network)
      await this.run(request, command, 'docker build', DAEMON_HINT)
      await runBuildTool(this.program, ['save', '--output', paths.archive, tag], {
        logger,
        env: this.env,
        what: 'docker save',
        hint: DAEMON_HINT,
      })
    } finally {
      // The daemon keeps nothing of ours: the layout below is the result.
      await dockerOutput(this.program, ['rmi', tag], this.env)
    }
    const saved = join(request.workDir, 'saved')
    await mkdir(saved, { recursive: true })
    await extract(paths.archive, saved)
    await rm(paths.archive, { force: true })
    // Docker 25 and later save an OCI layout; older daemons their own docker-archive format.
    if (
      await access(join(saved, 'oci-layout')).then(
        () => true,
        () => false,
      )
    ) {
      const layout = await LayoutStore.open(saved)
      await tagTheOneImage(layout, saved, annotations)
      return layout
    }
    const layout = await LayoutStore.open(paths.layout, { create: true })
    await layoutFromDockerArchive(saved, layout, 'build', annotations)
    await rm(saved, { recursive: true, force: true })
    return layout
  }
}

/**
 * Tags the one image a build wrote to `dir` as 'build' (BuildKit names nothing in index.json
 * unless given a name), adding `annotations` to it when it is a single manifest.
 */
async function tagTheOneImage(
  layout: LayoutStore,
  dir: string,
  annotations: Record<string, string>,
): Promise<void> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as ImageIndex
  const root = index.manifests[0]
  if (!root || index.manifests.length !== 1) {
    throw new ReleaseError(
      'BUILD_FAILED',
      `docker wrote ${index.manifests.length} images to ${dir}, expected one`,
    )
  }
  const fetched = await layout.getManifest(root.digest)
  let bytes = fetched.bytes
  if (Object.keys(annotations).length > 0 && !isIndexType(fetched.mediaType)) {
    const manifest = parseManifest(bytes, `built manifest ${fetched.digest}`) as ImageManifest
    manifest.annotations = { ...manifest.annotations, ...annotations }
    bytes = Buffer.from(JSON.stringify(manifest))
  }
  await layout.putManifest(bytes, fetched.mediaType, 'build')
}
