/**
 * Which tags a release writes. The commit tag names one image forever; version aliases (`1.2`,
 * `1`) only ever move forward, so a backport release never drags `1` back to an older line.
 */
import semver from 'semver'
import { ReleaseError, UserError } from '../errors.js'
import { parseTag } from '../oci/reference.js'
import { dirtyTag } from './dirty.js'
import { checkReleaseTag } from './names.js'

export interface TagPlan {
  /** `sha-<40 hex>`, or `sha-<40 hex>-dirty-<tree>` for a dirty build: immutable. */
  commitTag: string
  /** A dirty build (allow-dirty): its tree hash; it takes no version tags and no extras. */
  dirtyTree?: string
  /** `1.2.3` or `1.2.3-rc.1`, when the ref is a semver tag. */
  version?: string
  /** In write order: commit tag, version tags, extras; without duplicates. */
  tags: string[]
}

const COMMIT_RE = /^[0-9a-f]{40}$/
const COMMIT_TAG_RE = /^sha-[0-9a-f]{40}$/

export function planTags(input: {
  commit: string
  ref?: string
  existingTags: string[]
  extra: string[]
  /** The working tree's hash when it differs from the commit (allow-dirty). */
  dirtyTree?: string
}): TagPlan {
  if (!COMMIT_RE.test(input.commit)) {
    throw new ReleaseError('INTERNAL', `'${input.commit}' is not a 40-hex commit id`)
  }
  if (input.dirtyTree !== undefined)
    return planDirtyTags(input.commit, input.dirtyTree, input.extra)
  const commitTag = `sha-${input.commit}`
  const version = versionOf(input.ref)

  const tags = [commitTag]
  if (version !== undefined) tags.push(...versionTags(version, input.existingTags))

  for (const raw of input.extra) {
    const tag = raw.trim()
    if (tag.length === 0) continue
    parseTag(tag, 'tags')
    checkReleaseTag(tag, input.existingTags)
    // Another commit's tag is immutable too: an extra tag must not claim it.
    if (COMMIT_TAG_RE.test(tag) && tag !== commitTag) {
      throw new UserError('TAG_INVALID', `'${tag}' is the commit tag of another commit`, {
        input: 'tags',
        valid: 'any tag except sha-<40 hex> of a different commit',
        hint: `this release's commit tag is ${commitTag} and is written on its own`,
      })
    }
    tags.push(tag)
  }
  return { commitTag, version: version?.version, tags: [...new Set(tags)] }
}

/**
 * A dirty build names bytes no commit holds: it gets only its own tag, never `sha-<commit>` (the
 * clean build of the commit still gets that later), never a version, never an extra tag that a
 * deployer might read as a release.
 */
function planDirtyTags(commit: string, tree: string, extra: string[]): TagPlan {
  const extras = extra.map((t) => t.trim()).filter((t) => t.length > 0)
  if (extras.length) {
    throw new UserError('TAG_INVALID', `'${extras[0]}' cannot tag a dirty build`, {
      input: 'tags',
      valid: 'no extra tags when allow-dirty builds uncommitted changes',
      hint: `a dirty build is tagged ${dirtyTag(commit, tree)} only; commit the changes to release them under other tags`,
    })
  }
  const commitTag = dirtyTag(commit, tree)
  return { commitTag, dirtyTree: tree, tags: [commitTag] }
}

export function assertCommitTagUnmoved(tag: string, existing: string | undefined, next: string) {
  if (existing === undefined || existing === next) return
  throw new ReleaseError(
    'TAG_IMMUTABLE',
    `tag '${tag}' already points at ${existing}; refusing to move it to ${next}`,
    {
      hint:
        'a commit tag names one image forever, so a rebuild of the same commit must give the ' +
        'same digest: make the build reproducible (set the source date, e.g. SOURCE_DATE_EPOCH ' +
        'or the commit time, and pin the base image by digest); to publish a changed image, ' +
        'make a new commit',
    },
  )
}

/** `refs/tags/v1.2.3` or `refs/tags/1.2.3`; branches and other tags carry no version. */
function versionOf(ref: string | undefined): semver.SemVer | undefined {
  const match = /^refs\/tags\/v?(\d.*)$/.exec(ref ?? '')
  if (!match) return undefined
  // semver.parse also takes `v1.2.3`; the regex above already consumed the one allowed `v`.
  const parsed = semver.parse(match[1]!)
  // Build metadata (`+build.5`) cannot appear in a tag and does not change precedence: dropped.
  return parsed ?? undefined
}

function versionTags(version: semver.SemVer, existingTags: string[]): string[] {
  const tags = [version.version]
  if (version.prerelease.length > 0) return tags

  const releases = existingTags
    // Only exact X.Y.Z[-pre] tags count: `1.2`, `latest`, `sha-…` and `v1.2.3` are not releases.
    .filter((t) => semver.valid(t) === t)
    .map((t) => new semver.SemVer(t))
    .filter((v) => v.prerelease.length === 0)
  const higher = (v: semver.SemVer) => semver.gt(v, version)

  if (!releases.some((v) => v.major === version.major && v.minor === version.minor && higher(v))) {
    tags.push(`${version.major}.${version.minor}`)
  }
  if (!releases.some((v) => v.major === version.major && higher(v))) {
    tags.push(`${version.major}`)
  }
  return tags
}
