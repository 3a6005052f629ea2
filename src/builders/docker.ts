import { execFile } from 'node:child_process'
import { mkdir, readFile, rm } from 'node:fs/promises'
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

/** True when a Docker daemon answers within 5 s; a missing CLI or a stopped daemon is false. */
export function dockerAvailable(program = 'docker'): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      program,
      ['version', '--format', '{{.Server.Version}}'],
      { timeout: 5_000 },
      (error, stdout) => resolve(!error && String(stdout).trim() !== ''),
    )
  })
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

/**
 * Dockerfile builds with `docker buildx build`, when a daemon answers. The image is exported as
 * an OCI layout (no daemon image store, no `docker push`), so it is pushed like any other build.
 * Pulls use the daemon's credentials and registry settings (docker login, buildkitd.toml).
 */
export class DockerBuilder implements Builder {
  readonly name = 'docker' as const

  constructor(private readonly program = 'docker') {}

  async build(request: BuildRequest): Promise<BuildResult> {
    const { logger } = request
    // ',' would split the --secret and --output options.
    if (request.workDir.includes(',')) {
      throw new ReleaseError(
        'INTERNAL',
        `work folder ${request.workDir} contains ',', which buildx's options cannot carry`,
      )
    }
    const { args, env } = dockerBuildArgs(request)
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

    try {
      await writeSecretFiles(request.secrets, paths.secrets)
      await runBuildTool(this.program, args, {
        logger,
        env: { ...process.env, ...env },
        mask: Object.values(request.secrets),
        what: 'docker buildx build',
        // The default 'docker' driver has no OCI exporter unless the containerd image store is on.
        hint: "read the build log above. Exporting an OCI layout needs a buildx builder with the docker-container driver (docker/setup-buildx-action) or Docker's containerd image store, and BuildKit 0.13 or later for rewrite-timestamp; or set builder: buildah",
      })
    } finally {
      await rm(paths.secrets, { recursive: true, force: true })
    }

    await mkdir(paths.layout, { recursive: true })
    await extract(paths.archive, paths.layout)
    await rm(paths.archive, { force: true })
    const layout = await LayoutStore.open(paths.layout)

    // BuildKit names nothing in index.json unless given a name: tag what it wrote as 'build'.
    const index = JSON.parse(await readFile(join(paths.layout, 'index.json'), 'utf8')) as ImageIndex
    const root = index.manifests[0]
    if (!root || index.manifests.length !== 1) {
      throw new ReleaseError(
        'BUILD_FAILED',
        `docker buildx wrote ${index.manifests.length} images to ${paths.layout}, expected one`,
      )
    }
    const fetched = await layout.getManifest(root.digest)
    const descriptor = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build')

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
}
