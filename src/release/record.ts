/**
 * The release record v1 (DESIGN §3): one JSON document per released digest, stored as a
 * referrer of the image and copied into the ledger. It is immutable once written, so it holds
 * only facts that stay true: what was built, from what, by which run, signed how.
 */
import type { Platform } from '../oci/types.js'
import type { SignerIdentity } from '../sign/bundle-signer.js'
import { runAttempt, runUrl as attemptUrl } from '../run-url.js'
import { SLSA_PROVENANCE_V1 } from '../sign/provenance.js'

export const RECORD_ARTIFACT_TYPE = 'application/vnd.immutable-release.record.v1+json'
export const RECORD_SCHEMA_VERSION = 1

export type SignatureFormat = 'legacy' | 'bundle'

export interface ReleaseRecord {
  schemaVersion: 1
  image: {
    /** `registry/path` without tag or digest. */
    repository: string
    digest: string
    mediaType: string
    /** For an index each platform manifest; for a single manifest the image itself. */
    platforms: { platform: string; digest: string }[]
    /** Manifests, configs and layers, in bytes. */
    size: number
  }
  tags: string[]
  version: string | null
  source: {
    /** https URL, null when the remote names no public repository. */
    repository: string | null
    commit: string
    ref: string | null
    /** The commit's tree; for a dirty build, the working tree's that was built. */
    tree: string
    /** Present (true) only for a dirty build (allow-dirty): the image is not the commit's tree. */
    dirty?: true
    /** RFC 3339, UTC. */
    commitTime: string
  }
  build: {
    builder: string
    base: { name: string; digest: string } | null
    sourceDateEpoch: number
    /** null: not shown either way (only a second build can show it). */
    reproducible: boolean | null
    /** What the builder could not guarantee (docker without buildx: reproducibility). */
    caveat?: string
  }
  /** null outside GitHub Actions. */
  ci: {
    workflow: string
    /** A string: run ids are opaque and may outgrow JSON's exact integers. */
    runId: string
    runAttempt: number
    runUrl: string
    actor: string | null
    event: string | null
  } | null
  signature: {
    formats: SignatureFormat[]
    identity: SignerIdentity | null
    /** Where the signatures are: `repo:sha256-<hex>.sig`, `repo@sha256:<referrer>`. */
    references: string[]
  }
  /** The provenance referrer manifest's digest; null when no provenance was written. */
  provenance: { predicateType: string; digest: string } | null
  /** Each platform's CycloneDX SBOM referrer, in `image.platforms` order; absent when off. */
  sbom?: { mediaType: string; digests: string[] }
  /** The commits since the previous release, newest first; absent in older records. */
  changes?: RecordChanges
  /** RFC 3339: the commit time. */
  created: string
}

export interface RecordChanges {
  /** The previous release's commit; null for the first release or when it is unknown. */
  since: string | null
  commits: { commit: string; subject: string; author: string; pullRequest?: number }[]
  /** Commits left out of the list (at most 250 are listed). */
  more: number
  /** e.g. 'first release', or 'history not available; use fetch-depth: 0'. */
  note?: string
}

export interface RecordInput {
  repository: string
  digest: string
  mediaType: string
  size: number
  /** Index children (their descriptors fit as they are), or the image itself with its platform. */
  platforms: { digest: string; platform: Platform | string }[]
  tags: string[]
  version?: string
  /** CommitFacts fit as they are. */
  source: {
    commit: string
    tree: string
    commitTime: number
    ref?: string
    sourceUrl?: string
    dirty?: boolean
  }
  builder: string
  base?: { name: string; digest: string }
  sourceDateEpoch: number
  reproducible?: boolean | null
  caveat?: string
  /** GITHUB_* facts; the record's `ci` is null without GITHUB_RUN_ID. */
  env: NodeJS.ProcessEnv
  signature: { formats: SignatureFormat[]; identity: SignerIdentity | null; references: string[] }
  provenance?: { predicateType?: string; digest: string } | null
  sbom?: { mediaType: string; digests: string[] }
  changes?: RecordChanges
}

/**
 * Whole seconds, UTC: the form of the image's `org.opencontainers.image.created`, so the two
 * agree. Not imported from builders/native, which would drag the registry client in.
 */
function isoSeconds(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function platformName(p: Platform | string): string {
  return typeof p === 'string' ? p : [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

function ciFacts(env: NodeJS.ProcessEnv): ReleaseRecord['ci'] {
  const runUrl = attemptUrl(env)
  if (!runUrl || !env.GITHUB_RUN_ID) return null
  return {
    workflow: env.GITHUB_WORKFLOW_REF || env.GITHUB_WORKFLOW || '',
    runId: env.GITHUB_RUN_ID,
    runAttempt: runAttempt(env),
    runUrl,
    actor: env.GITHUB_ACTOR || null,
    event: env.GITHUB_EVENT_NAME || null,
  }
}

export function buildRecord(input: RecordInput): ReleaseRecord {
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    image: {
      repository: input.repository,
      digest: input.digest,
      mediaType: input.mediaType,
      platforms: input.platforms.map((p) => ({
        platform: platformName(p.platform),
        digest: p.digest,
      })),
      size: input.size,
    },
    tags: [...input.tags],
    version: input.version ?? null,
    source: {
      repository: input.source.sourceUrl ?? null,
      commit: input.source.commit,
      ref: input.source.ref ?? null,
      tree: input.source.tree,
      ...(input.source.dirty ? { dirty: true as const } : {}),
      commitTime: isoSeconds(input.source.commitTime),
    },
    build: {
      builder: input.builder,
      base: input.base ? { name: input.base.name, digest: input.base.digest } : null,
      sourceDateEpoch: input.sourceDateEpoch,
      reproducible: input.reproducible ?? null,
      ...(input.caveat ? { caveat: input.caveat } : {}),
    },
    ci: ciFacts(input.env),
    signature: {
      formats: [...input.signature.formats],
      identity: input.signature.identity,
      references: [...input.signature.references],
    },
    provenance: input.provenance
      ? {
          predicateType: input.provenance.predicateType ?? SLSA_PROVENANCE_V1,
          digest: input.provenance.digest,
        }
      : null,
    ...(input.sbom
      ? { sbom: { mediaType: input.sbom.mediaType, digests: [...input.sbom.digests] } }
      : {}),
    ...(input.changes ? { changes: changesJson(input.changes) } : {}),
    // The commit time, never the wall clock: the record is derived from the release's facts
    // alone, so writing it again (a repair, a re-run of the same attempt, the CLI) gives the
    // same bytes and the same referrer digest instead of a second, conflicting record.
    created: isoSeconds(input.source.commitTime),
  }
}

/** In the schema's key order, with only its fields. */
function changesJson(c: RecordChanges): RecordChanges {
  return {
    since: c.since,
    commits: c.commits.map((e) => ({
      commit: e.commit,
      subject: e.subject,
      author: e.author,
      ...(e.pullRequest ? { pullRequest: e.pullRequest } : {}),
    })),
    more: c.more,
    ...(c.note ? { note: c.note } : {}),
  }
}

function identityJson(id: SignerIdentity | null): SignerIdentity | null {
  if (!id) return null
  return id.kind === 'key'
    ? { kind: 'key', keyId: id.keyId }
    : { kind: 'keyless', subject: id.subject, issuer: id.issuer }
}

/**
 * Compact JSON in the schema's key order whatever order the object was built or parsed in, with
 * only the schema's fields: the same record is always the same bytes, hence the same digest.
 */
export function serializeRecord(r: ReleaseRecord): Buffer {
  const ordered: ReleaseRecord = {
    schemaVersion: r.schemaVersion,
    image: {
      repository: r.image.repository,
      digest: r.image.digest,
      mediaType: r.image.mediaType,
      platforms: r.image.platforms.map((p) => ({ platform: p.platform, digest: p.digest })),
      size: r.image.size,
    },
    tags: r.tags,
    version: r.version ?? null,
    source: {
      repository: r.source.repository,
      commit: r.source.commit,
      ref: r.source.ref,
      tree: r.source.tree,
      // Absent rather than false, so clean records keep the bytes (and digests) they always had.
      ...(r.source.dirty ? { dirty: true as const } : {}),
      commitTime: r.source.commitTime,
    },
    build: {
      builder: r.build.builder,
      base: r.build.base ? { name: r.build.base.name, digest: r.build.base.digest } : null,
      sourceDateEpoch: r.build.sourceDateEpoch,
      reproducible: r.build.reproducible,
      ...(r.build.caveat ? { caveat: r.build.caveat } : {}),
    },
    ci: r.ci
      ? {
          workflow: r.ci.workflow,
          runId: r.ci.runId,
          runAttempt: r.ci.runAttempt,
          runUrl: r.ci.runUrl,
          actor: r.ci.actor,
          event: r.ci.event,
        }
      : null,
    signature: {
      formats: r.signature.formats,
      identity: identityJson(r.signature.identity),
      references: r.signature.references,
    },
    provenance: r.provenance
      ? { predicateType: r.provenance.predicateType, digest: r.provenance.digest }
      : null,
    // Absent rather than null, so records written without one keep their bytes.
    ...(r.sbom ? { sbom: { mediaType: r.sbom.mediaType, digests: r.sbom.digests } } : {}),
    ...(r.changes ? { changes: changesJson(r.changes) } : {}),
    created: r.created,
  }
  return Buffer.from(JSON.stringify(ordered), 'utf8')
}

/**
 * Whether `found` (a record's bytes) describes the same release as `wanted`: image, commit,
 * tree, dirtiness and version; with `sameSigner`, also the signer's identity. Run facts (`ci`),
 * tags and signature references may differ between runs of one release.
 */
export function sameRelease(wanted: ReleaseRecord, found: Buffer, sameSigner: boolean): boolean {
  let r: Partial<ReleaseRecord>
  try {
    r = JSON.parse(found.toString('utf8')) as Partial<ReleaseRecord>
  } catch {
    return false
  }
  if (
    !isObject(r) ||
    checkRecord(r, { digest: wanted.image.digest, commit: wanted.source.commit }).length
  )
    return false
  const same =
    r.source?.tree === wanted.source.tree &&
    (r.source?.dirty === true) === (wanted.source.dirty === true) &&
    (r.version ?? null) === wanted.version
  if (!same || !sameSigner) return same
  const a = identityJson(r.signature?.identity ?? null)
  const b = identityJson(wanted.signature.identity)
  return a !== null && JSON.stringify(a) === JSON.stringify(b)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * What is wrong with a record read back from a registry or the ledger, [] when nothing: the v1
 * shape, and that it describes the expected digest (and commit, when given). Takes the parsed
 * JSON or its bytes.
 */
export function checkRecord(
  record: unknown,
  expected: { digest: string; commit?: string },
): string[] {
  let r = record
  if (typeof r === 'string' || r instanceof Uint8Array) {
    try {
      r = JSON.parse(Buffer.from(r).toString('utf8'))
    } catch {
      return ['record is not JSON']
    }
  }
  if (!isObject(r)) return ['record is not a JSON object']
  const problems: string[] = []
  if (r.schemaVersion !== RECORD_SCHEMA_VERSION) {
    problems.push(
      `schemaVersion is ${JSON.stringify(r.schemaVersion)}, expected ${RECORD_SCHEMA_VERSION}`,
    )
  }
  for (const key of ['image', 'source', 'build', 'signature'] as const) {
    if (!isObject(r[key])) problems.push(`${key} is missing`)
  }
  if (!Array.isArray(r.tags)) problems.push('tags is missing')
  if (typeof r.created !== 'string') problems.push('created is missing')
  for (const key of ['ci', 'provenance'] as const) {
    if (r[key] !== null && !isObject(r[key])) problems.push(`${key} is neither an object nor null`)
  }

  const digest = isObject(r.image) ? r.image.digest : undefined
  if (typeof digest !== 'string') {
    problems.push('image.digest is missing')
  } else if (digest !== expected.digest) {
    problems.push(`image.digest is ${digest}, expected ${expected.digest}`)
  }
  if (expected.commit !== undefined) {
    const commit = isObject(r.source) ? r.source.commit : undefined
    if (commit !== expected.commit) {
      problems.push(`source.commit is ${JSON.stringify(commit)}, expected ${expected.commit}`)
    }
  }
  return problems
}
