import { UserError } from '../errors.js'
import { parseDigest } from './digest.js'

/** The grammars of distribution-spec §1.1 and the docker reference library. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`)
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const HOST_RE =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?$/

export const DOCKER_HUB = 'docker.io'
/** Where Docker Hub's API really lives; `docker.io` is only the name used in references. */
export const DOCKER_HUB_API = 'registry-1.docker.io'

const VALID_REF = 'host[:port]/path[:tag][@sha256:<64 hex>], e.g. ghcr.io/acme/shop:1.2.3'
const VALID_TAG =
  'letters, digits, _ . -, starting with a letter, digit or _, at most 128 characters'

export interface Reference {
  /** Registry as written in references (`docker.io` for Docker Hub), with port when given. */
  registry: string
  /** Repository path within the registry (`library/busybox`). */
  repository: string
  tag?: string
  digest?: string
}

export function parseTag(tag: string, input = 'tags'): string {
  if (!TAG_RE.test(tag)) {
    throw new UserError('TAG_INVALID', `'${tag}' is not a valid tag`, { input, valid: VALID_TAG })
  }
  return tag
}

/** Parses `host[:port]/path[:tag][@digest]`, normalising Docker Hub names as docker does. */
export function parseReference(value: string, input = 'image'): Reference {
  const fail = (why: string): never => {
    throw new UserError('REFERENCE_INVALID', `'${value}' ${why}`, { input, valid: VALID_REF })
  }
  if (value.length === 0) fail('is empty')
  if (value !== value.trim() || /\s/.test(value)) fail('contains white space')
  if (value.includes('://'))
    fail('has a URL scheme; write the reference without http:// or https://')

  let rest = value
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = parseDigest(rest.slice(at + 1), input)
    rest = rest.slice(0, at)
  }

  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const lastColon = rest.lastIndexOf(':')
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1)
    rest = rest.slice(0, lastColon)
    if (!TAG_RE.test(tag)) fail(`has an invalid tag '${tag}' (valid tags: ${VALID_TAG})`)
  }

  let registry = DOCKER_HUB
  let repository = rest
  const firstSlash = rest.indexOf('/')
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash)
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.startsWith('[')
    ) {
      registry = first
      repository = rest.slice(firstSlash + 1)
    }
  }
  if (!HOST_RE.test(registry)) fail(`has an invalid registry host '${registry}'`)
  const port = /:(\d+)$/.exec(registry)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    fail(`has port ${port}, outside 1-65535`)
  }
  registry = registry.toLowerCase()
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  if (repository.length === 0) fail('has no repository path')
  if (/[A-Z]/.test(repository))
    fail('has upper-case letters in the repository path; repositories are lower case')
  if (!NAME_RE.test(repository)) {
    fail(
      `has an invalid repository path '${repository}' (lower-case letters, digits, and . _ __ - between them)`,
    )
  }
  if (`${registry}/${repository}`.length > 255) fail('is longer than 255 characters')
  return { registry, repository, tag, digest }
}

/** The host to talk HTTP to for a registry named in a reference. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry
}

export function formatReference(ref: Reference): string {
  const base = `${ref.registry}/${ref.repository}`
  return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** Loopback names that may use plain http without being named in `insecure-registry`. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1'
}

/** `oci:PATH`, `oci:PATH:tag` or `oci:PATH@sha256:…`: an OCI image layout folder instead of a registry. */
export interface LayoutTarget {
  path: string
  tag?: string
  digest?: string
}

export type ImageTarget =
  { kind: 'registry'; ref: Reference } | { kind: 'layout'; layout: LayoutTarget }

const VALID_LAYOUT = `oci:PATH, oci:PATH:TAG or oci:PATH@sha256:<64 hex>, with a tag of ${VALID_TAG}`

export function parseImageTarget(value: string, input = 'image'): ImageTarget {
  if (value.startsWith('oci:')) {
    let path = value.slice(4)
    let tag: string | undefined
    let digest: string | undefined
    // What the tool prints (`oci:./out/app@sha256:…`) reads back: the digest first, then a tag.
    const at = path.lastIndexOf('@')
    if (at > path.lastIndexOf('/') && /^[a-z0-9]+:/.test(path.slice(at + 1))) {
      digest = parseDigest(path.slice(at + 1), input)
      path = path.slice(0, at)
    }
    const colon = path.lastIndexOf(':')
    if (colon > path.lastIndexOf('/')) {
      tag = path.slice(colon + 1)
      path = path.slice(0, colon)
      if (!TAG_RE.test(tag)) {
        throw new UserError('REFERENCE_INVALID', `'${value}' has an invalid tag '${tag}'`, {
          input,
          valid: VALID_LAYOUT,
        })
      }
    }
    if (path.length === 0) {
      throw new UserError('REFERENCE_INVALID', `'${value}' names no folder`, {
        input,
        valid: 'oci:PATH, e.g. oci:./out/app',
      })
    }
    return { kind: 'layout', layout: { path, tag, digest } }
  }
  return { kind: 'registry', ref: parseReference(value, input) }
}

/** The tag and digest an image reference names, whichever kind it is. */
export function selectorOf(target: ImageTarget): { tag?: string; digest?: string } {
  const { tag, digest } = target.kind === 'registry' ? target.ref : target.layout
  return { tag, digest }
}
