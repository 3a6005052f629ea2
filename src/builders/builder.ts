import type { Logger } from '../logger.js'
import type { Credentials } from '../oci/auth.js'
import type { LayoutStore } from '../oci/layout.js'
import { openStore } from '../oci/open-store.js'
import type { Reference } from '../oci/reference.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, Platform } from '../oci/types.js'

export type BuilderName = 'native' | 'buildah' | 'docker'

export interface ImageSettings {
  entrypoint?: string[]
  cmd?: string[]
  env: Record<string, string>
  workdir?: string
  user?: string
  ports: string[]
  labels: Record<string, string>
}

export interface BuildRequest {
  /** Folder whose files are built (absolute). */
  context: string
  /** Dockerfile path (absolute) for buildah/docker builds. */
  dockerfile?: string
  /** Base image reference for native builds; `scratch` for none. */
  base?: string
  buildArgs: Record<string, string>
  target?: string
  /** Build secrets by id; values are secret and are passed to the builder as files, never argv. */
  secrets: Record<string, string>
  /** Seconds since the epoch: every timestamp in the image (source date, usually the commit time). */
  sourceDateEpoch: number
  settings: ImageSettings
  /** Manifest (and index) annotations, e.g. org.opencontainers.image.revision. */
  annotations: Record<string, string>
  /** Include/exclude patterns (.dockerignore syntax) for native builds. */
  include: string[]
  exclude: string[]
  /**
   * Native builds: patterns (.dockerignore syntax), one layer each, written before the rest of the
   * context; undefined means DEPENDENCY_LAYERS, [] one layer for everything.
   */
  layers?: string[]
  /** Dockerfile builds: where steps are cached between runs; undefined means no cache. */
  cache?: BuildCache
  /** Credentials for pulling the base image, by registry host. */
  credentials?: (registry: string) => Promise<Credentials | undefined>
  insecureRegistries: string[]
  /** Masks what pulling the base derives (registry tokens, helper passwords). */
  onSecret?: (value: string) => void
  /** A fresh, empty folder the builder may use; the result layout lives under it. */
  workDir: string
  logger: Logger
}

/** A registry cache of build steps, or why there is none (said in the log). */
export type BuildCache =
  | {
      kind: 'registry'
      /** BuildKit's cache: one manifest at this repository:tag, read and (when `write`) written. */
      ref: string
      /** buildah's cache: a repository of its own, one tag per cached step. */
      repository: string
      write: boolean
      /** Also the GitHub Actions cache (docker only: BuildKit's type=gha). */
      gha: boolean
    }
  | { kind: 'none'; why: string }

export interface BuildResult {
  builder: BuilderName
  /** The built image in an OCI layout. */
  layout: LayoutStore
  /**
   * Where the base image's layers are, when the layout does not hold them: a push copies them
   * from there (mounted when it is the same registry) instead of downloading them first.
   */
  baseStore?: Store
  /** Tag of the built image in `layout`. */
  reference: string
  descriptor: Descriptor
  platforms: Platform[]
  base?: { name: string; digest: string }
  /** Dockerfile builds with a cache: the steps taken from it and the steps that ran. */
  cacheUse?: { ref: string; cached: string[]; ran: string[] }
}

export interface Builder {
  readonly name: BuilderName
  build(request: BuildRequest): Promise<BuildResult>
}

/** A registry a build reads from (a base image) or writes to (a cache), as the request may. */
export async function openBuildRegistry(
  request: Pick<BuildRequest, 'credentials' | 'insecureRegistries' | 'onSecret'>,
  ref: Reference,
): Promise<Store> {
  return openStore(
    { kind: 'registry', ref },
    {
      credentials: await request.credentials?.(ref.registry),
      insecureRegistries: request.insecureRegistries,
      onSecret: request.onSecret,
    },
  )
}
