import { describe, expect, it } from 'vitest'
import {
  buildRecord,
  checkRecord,
  RECORD_ARTIFACT_TYPE,
  serializeRecord,
  type RecordInput,
  type ReleaseRecord,
} from '../src/release/record.js'

const DIGEST = `sha256:${'d'.repeat(64)}`
const AMD64 = `sha256:${'a'.repeat(64)}`
const ARM64 = `sha256:${'e'.repeat(64)}`
const BASE = `sha256:${'b'.repeat(64)}`
const PROVENANCE = `sha256:${'f'.repeat(64)}`
const COMMIT = '7fd1a60b01f91b314f59955a4e4d4e80d8edf11d'
const TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'
const COMMIT_TIME = 1_704_067_200 // 2024-01-01T00:00:00Z

const GITHUB_ENV: NodeJS.ProcessEnv = {
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '3',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_NAME: 'push',
}

function input(overrides: Partial<RecordInput> = {}): RecordInput {
  return {
    repository: 'ghcr.io/acme/shop',
    digest: DIGEST,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    size: 12345,
    platforms: [
      { digest: AMD64, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: ARM64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ],
    tags: [`sha-${COMMIT}`, '1.2.3', '1.2', '1'],
    version: '1.2.3',
    source: {
      commit: COMMIT,
      tree: TREE,
      commitTime: COMMIT_TIME,
      ref: 'refs/tags/v1.2.3',
      sourceUrl: 'https://github.com/acme/shop',
    },
    builder: 'native',
    base: { name: 'docker.io/library/alpine:3.20', digest: BASE },
    sourceDateEpoch: COMMIT_TIME,
    reproducible: true,
    env: GITHUB_ENV,
    signature: {
      formats: ['legacy', 'bundle'],
      identity: { kind: 'key', keyId: 'SHA256:abc' },
      references: [`ghcr.io/acme/shop:sha256-${'d'.repeat(64)}.sig`],
    },
    provenance: { digest: PROVENANCE },
    ...overrides,
  }
}

describe('buildRecord', () => {
  it('fills every v1 field from the release facts', () => {
    const r = buildRecord(input())
    expect(r).toEqual({
      schemaVersion: 1,
      image: {
        repository: 'ghcr.io/acme/shop',
        digest: DIGEST,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: [
          { platform: 'linux/amd64', digest: AMD64 },
          { platform: 'linux/arm64/v8', digest: ARM64 },
        ],
        size: 12345,
      },
      tags: [`sha-${COMMIT}`, '1.2.3', '1.2', '1'],
      version: '1.2.3',
      source: {
        repository: 'https://github.com/acme/shop',
        commit: COMMIT,
        ref: 'refs/tags/v1.2.3',
        tree: TREE,
        commitTime: '2024-01-01T00:00:00Z',
      },
      build: {
        builder: 'native',
        base: { name: 'docker.io/library/alpine:3.20', digest: BASE },
        sourceDateEpoch: COMMIT_TIME,
        reproducible: true,
      },
      ci: {
        workflow: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
        runId: '9876543210',
        runAttempt: 3,
        runUrl: 'https://github.com/acme/shop/actions/runs/9876543210/attempts/3',
        actor: 'octocat',
        event: 'push',
      },
      signature: {
        formats: ['legacy', 'bundle'],
        identity: { kind: 'key', keyId: 'SHA256:abc' },
        references: [`ghcr.io/acme/shop:sha256-${'d'.repeat(64)}.sig`],
      },
      provenance: { predicateType: 'https://slsa.dev/provenance/v1', digest: PROVENANCE },
      created: '2024-01-01T00:00:00Z',
    } satisfies ReleaseRecord)
    expect(checkRecord(r, { digest: DIGEST, commit: COMMIT })).toEqual([])
  })

  it('outside Actions: ci is null; absent facts are null, not missing', () => {
    const r = buildRecord(
      input({
        env: {},
        base: undefined,
        version: undefined,
        reproducible: undefined,
        provenance: undefined,
        source: { commit: COMMIT, tree: TREE, commitTime: COMMIT_TIME },
        platforms: [{ digest: DIGEST, platform: 'linux/amd64' }],
        signature: { formats: [], identity: null, references: [] },
      }),
    )
    expect(r.ci).toBeNull()
    expect(r.build.base).toBeNull()
    expect(r.build.reproducible).toBeNull()
    expect(r.version).toBeNull()
    expect(r.provenance).toBeNull()
    expect(r.source.repository).toBeNull()
    expect(r.source.ref).toBeNull()
    expect(r.image.platforms).toEqual([{ platform: 'linux/amd64', digest: DIGEST }])
    const parsed = JSON.parse(serializeRecord(r).toString()) as Record<string, unknown>
    expect(Object.keys(parsed)).toContain('ci')
    expect(parsed.ci).toBeNull()
  })

  it('dates the record by the commit, not the clock', () => {
    const first = serializeRecord(buildRecord(input()))
    const later = serializeRecord(buildRecord(input()))
    expect(later.equals(first)).toBe(true)
    expect(buildRecord(input()).created).toBe('2024-01-01T00:00:00Z')
  })

  it('keeps a keyless identity', () => {
    const identity = {
      kind: 'keyless' as const,
      subject: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
    }
    const r = buildRecord(input({ signature: { formats: ['bundle'], identity, references: [] } }))
    expect(JSON.parse(serializeRecord(r).toString()).signature.identity).toEqual(identity)
  })
})

describe('serializeRecord', () => {
  it('is compact, in schema order, whatever order the object was built in', () => {
    const r = buildRecord(input())
    const bytes = serializeRecord(r)
    expect(bytes.toString()).not.toMatch(/\n|": /)
    expect(Object.keys(JSON.parse(bytes.toString()))).toEqual([
      'schemaVersion',
      'image',
      'tags',
      'version',
      'source',
      'build',
      'ci',
      'signature',
      'provenance',
      'created',
    ])

    // The same record with every object's keys reversed, as a parser might hand it back.
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v
    const shuffled = reverse(r) as ReleaseRecord
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(r))
    expect(serializeRecord(shuffled).equals(bytes)).toBe(true)
  })

  it('round-trips through JSON and drops unknown fields', () => {
    const r = buildRecord(input())
    const bytes = serializeRecord(r)
    const parsed = JSON.parse(bytes.toString()) as ReleaseRecord
    expect(serializeRecord(parsed).equals(bytes)).toBe(true)
    const extra = { ...parsed, extra: 'x', image: { ...parsed.image, junk: 1 } } as ReleaseRecord
    expect(serializeRecord(extra).equals(bytes)).toBe(true)
  })

  it('names its artifact type', () => {
    expect(RECORD_ARTIFACT_TYPE).toBe('application/vnd.immutable-release.record.v1+json')
  })
})

describe('checkRecord', () => {
  const record = (): Record<string, unknown> =>
    JSON.parse(serializeRecord(buildRecord(input())).toString()) as Record<string, unknown>

  it('accepts the record and its bytes', () => {
    expect(checkRecord(record(), { digest: DIGEST })).toEqual([])
    expect(checkRecord(serializeRecord(buildRecord(input())), { digest: DIGEST })).toEqual([])
  })

  it('flags a digest mismatch', () => {
    const problems = checkRecord(record(), { digest: AMD64 })
    expect(problems).toEqual([`image.digest is ${DIGEST}, expected ${AMD64}`])
  })

  it('flags a wrong schemaVersion', () => {
    const r = record()
    r.schemaVersion = 2
    expect(checkRecord(r, { digest: DIGEST })).toEqual(['schemaVersion is 2, expected 1'])
  })

  it('flags a commit mismatch when a commit is expected', () => {
    const other = 'f'.repeat(40)
    expect(checkRecord(record(), { digest: DIGEST, commit: other })).toEqual([
      `source.commit is "${COMMIT}", expected ${other}`,
    ])
  })

  it('flags a broken shape', () => {
    const r = record()
    delete r.source
    r.ci = 'yes'
    const problems = checkRecord(r, { digest: DIGEST, commit: COMMIT })
    expect(problems).toContain('source is missing')
    expect(problems).toContain('ci is neither an object nor null')
    expect(problems).toContainEqual(expect.stringMatching(/^source\.commit is undefined/))
    expect(checkRecord('nope', { digest: DIGEST })).toEqual(['record is not JSON'])
    expect(checkRecord(null, { digest: DIGEST })).toEqual(['record is not a JSON object'])
  })
})
