import { describe, expect, it } from 'vitest'
import { ReleaseError, UserError } from '../src/errors.js'
import { assertCommitTagUnmoved, planTags } from '../src/release/tags.js'

const COMMIT = '0123456789abcdef0123456789abcdef01234567'
const SHA_TAG = `sha-${COMMIT}`
const DIGEST_A = `sha256:${'a'.repeat(64)}`
const DIGEST_B = `sha256:${'b'.repeat(64)}`

interface Case {
  name: string
  ref?: string
  existing?: string[]
  extra?: string[]
  version?: string
  tags: string[]
}

const cases: Case[] = [
  { name: 'no ref: the commit tag only', tags: [SHA_TAG] },
  {
    name: 'branch ref: the commit tag and extras',
    ref: 'refs/heads/main',
    extra: ['latest', 'edge'],
    tags: [SHA_TAG, 'latest', 'edge'],
  },
  {
    name: 'v1.2.3 with nothing existing: full version and both aliases',
    ref: 'refs/tags/v1.2.3',
    version: '1.2.3',
    tags: [SHA_TAG, '1.2.3', '1.2', '1'],
  },
  {
    name: 'a version tag without v',
    ref: 'refs/tags/1.2.3',
    version: '1.2.3',
    tags: [SHA_TAG, '1.2.3', '1.2', '1'],
  },
  {
    name: '1.2.9 after 1.3.0: 1.2 moves, 1 stays on 1.3.0',
    ref: 'refs/tags/v1.2.9',
    existing: ['1.3.0', '1.2.8', '1', '1.3', 'latest', SHA_TAG],
    version: '1.2.9',
    tags: [SHA_TAG, '1.2.9', '1.2'],
  },
  {
    name: '1.2.9 after 1.2.10: no alias moves',
    ref: 'refs/tags/v1.2.9',
    existing: ['1.2.10'],
    version: '1.2.9',
    tags: [SHA_TAG, '1.2.9'],
  },
  {
    name: 're-releasing the highest version keeps its aliases',
    ref: 'refs/tags/v1.3.0',
    existing: ['1.3.0', '1.2.9'],
    version: '1.3.0',
    tags: [SHA_TAG, '1.3.0', '1.3', '1'],
  },
  {
    name: 'a newer major line does not hold back this one',
    ref: 'refs/tags/v1.4.0',
    existing: ['2.0.0', '1.3.0'],
    version: '1.4.0',
    tags: [SHA_TAG, '1.4.0', '1.4', '1'],
  },
  {
    name: 'higher prereleases and non-exact tags do not count',
    ref: 'refs/tags/v1.2.3',
    existing: ['1.2.4-rc.1', '1.3.0-beta', 'v1.9.0', '1.9', '01.9.0', 'sha-1.9.0'],
    version: '1.2.3',
    tags: [SHA_TAG, '1.2.3', '1.2', '1'],
  },
  {
    name: 'a prerelease gets only its full version',
    ref: 'refs/tags/v2.0.0-rc.1',
    version: '2.0.0-rc.1',
    tags: [SHA_TAG, '2.0.0-rc.1'],
  },
  {
    name: 'build metadata, which no tag may hold, is dropped',
    ref: 'refs/tags/v1.2.3+build.5',
    version: '1.2.3',
    tags: [SHA_TAG, '1.2.3', '1.2', '1'],
  },
  { name: 'a non-semver tag ref gives no version', ref: 'refs/tags/release-x', tags: [SHA_TAG] },
  { name: 'a partial version is no version', ref: 'refs/tags/v1.2', tags: [SHA_TAG] },
  {
    name: 'a branch named like a version is no version',
    ref: 'refs/heads/v1.2.3',
    tags: [SHA_TAG],
  },
  {
    name: 'extras are deduplicated against each other and the planned tags',
    ref: 'refs/tags/v1.2.3',
    extra: ['latest', '1.2', 'latest', SHA_TAG, ' stable ', ''],
    version: '1.2.3',
    tags: [SHA_TAG, '1.2.3', '1.2', '1', 'latest', 'stable'],
  },
]

describe('planTags', () => {
  it.each(cases)('$name', (c) => {
    const plan = planTags({
      commit: COMMIT,
      ref: c.ref,
      existingTags: c.existing ?? [],
      extra: c.extra ?? [],
    })
    expect(plan.commitTag).toBe(SHA_TAG)
    expect(plan.version).toBe(c.version)
    expect(plan.tags).toEqual(c.tags)
  })

  it('refuses an invalid extra tag, naming the tags input', () => {
    let error: unknown
    try {
      planTags({ commit: COMMIT, existingTags: [], extra: ['ok', 'not a tag'] })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('tags')
    expect((error as UserError).message).toContain('not a tag')
  })

  it('refuses an extra tag that claims another commit’s tag', () => {
    const other = `sha-${'f'.repeat(40)}`
    expect(() => planTags({ commit: COMMIT, existingTags: [], extra: [other] })).toThrow(UserError)
  })

  it('refuses extra tags that promote owns: an environment, its -previous tag, sha256-*', () => {
    const existingTags = ['production', 'production-previous', 'staging', 'edge']
    const refused = (tag: string) => {
      try {
        planTags({ commit: COMMIT, existingTags, extra: [tag] })
      } catch (e) {
        expect((e as UserError).input).toBe('tags')
        return (e as UserError).message
      }
      return undefined
    }
    expect(refused('production')).toContain('is an environment')
    expect(refused('staging-previous')).toContain("environment 'staging'")
    expect(refused(`sha256-${'a'.repeat(64)}.sig`)).toContain('signature')
    // Positive control: a tag the registry holds without an X-previous beside it is an extra
    // tag a release moves, as `edge` is; a new tag is written too.
    expect(planTags({ commit: COMMIT, existingTags, extra: ['edge', 'nightly'] }).tags).toEqual([
      SHA_TAG,
      'edge',
      'nightly',
    ])
  })

  it('refuses a commit that is not 40 hex', () => {
    expect(() => planTags({ commit: 'HEAD', existingTags: [], extra: [] })).toThrow(ReleaseError)
  })
})

describe('assertCommitTagUnmoved', () => {
  it('allows writing the same digest again', () => {
    expect(() => assertCommitTagUnmoved(SHA_TAG, DIGEST_A, DIGEST_A)).not.toThrow()
  })

  it('allows a tag that does not exist yet', () => {
    expect(() => assertCommitTagUnmoved(SHA_TAG, undefined, DIGEST_A)).not.toThrow()
  })

  it('refuses to move the tag, naming it and both digests', () => {
    let error: unknown
    try {
      assertCommitTagUnmoved(SHA_TAG, DIGEST_A, DIGEST_B)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ReleaseError)
    const e = error as ReleaseError
    expect(e.code).toBe('TAG_IMMUTABLE')
    expect(e.message).toContain(SHA_TAG)
    expect(e.message).toContain(DIGEST_A)
    expect(e.message).toContain(DIGEST_B)
    expect(e.hint).toMatch(/same digest/)
    expect(e.hint).toMatch(/source date/)
  })
})
