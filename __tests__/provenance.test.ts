import { describe, expect, it } from 'vitest'
import {
  checkProvenance,
  provenanceStatement,
  SLSA_PROVENANCE_V1,
  type ProvenanceInput,
} from '../src/sign/provenance.js'

const HEX = 'd55cd6740c75e5b53de99f8cd752648e81c8d3733c51d57c9dee253ef7ab986a'
const IMAGE_DIGEST = `sha256:${HEX}`
const AMD64 = `sha256:${'a'.repeat(64)}`
const BASE_HEX = 'b'.repeat(64)
const COMMIT = '7fd1a60b01f91b314f59955a4e4d4e80d8edf11d'

const GITHUB_ENV: NodeJS.ProcessEnv = {
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY_OWNER_ID: '654321',
  RUNNER_ENVIRONMENT: 'github-hosted',
}

function input(overrides: Partial<ProvenanceInput> = {}): ProvenanceInput {
  return {
    subjects: [
      { name: 'ghcr.io/acme/shop', digest: IMAGE_DIGEST },
      { name: 'ghcr.io/acme/shop', digest: AMD64 },
    ],
    commit: COMMIT,
    ref: 'refs/heads/main',
    sourceUrl: 'https://github.com/acme/shop',
    baseImage: { name: 'docker.io/library/alpine:3.20', digest: `sha256:${BASE_HEX}` },
    builder: 'native',
    env: GITHUB_ENV,
    inputs: { image: 'ghcr.io/acme/shop', builder: 'auto', 'signature-format': 'both', tags: '' },
    startedOn: '2024-01-01T00:00:00Z',
    finishedOn: '2024-01-01T00:01:00Z',
    ...overrides,
  }
}

type Json = Record<string, unknown>

function parse(buf: Buffer): Json {
  return JSON.parse(buf.toString('utf8')) as Json
}

function at(o: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o)
}

/**
 * Written from the specs (in-toto Statement v1, SLSA Provenance v1 §"Schema"), not from the
 * code under test: the fields whose absence makes a statement invalid. SLSA treats unset, null
 * and empty as the same, so each must be non-empty.
 */
const REQUIRED_PATHS = [
  '_type',
  'subject',
  'predicateType',
  'predicate.buildDefinition',
  'predicate.buildDefinition.buildType',
  'predicate.buildDefinition.externalParameters',
  'predicate.runDetails',
  'predicate.runDetails.builder',
  'predicate.runDetails.builder.id',
]

function expectSpecValid(statement: Json): void {
  for (const path of REQUIRED_PATHS) {
    const v = at(statement, path)
    expect(v, path).toBeDefined()
    expect(v, path).not.toBeNull()
    if (typeof v === 'string') expect(v.length, path).toBeGreaterThan(0)
    else if (Array.isArray(v)) expect(v.length, path).toBeGreaterThan(0)
    else expect(Object.keys(v as Json).length, path).toBeGreaterThan(0)
  }
  expect(statement._type).toBe('https://in-toto.io/Statement/v1')
  expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1')
  // Every subject MUST have a digest; TypeURIs are URIs.
  for (const s of statement.subject as Json[]) {
    expect(Object.keys(s.digest as Json).length).toBeGreaterThan(0)
  }
  expect(at(statement, 'predicate.buildDefinition.buildType')).toMatch(/^[a-z][a-z0-9+.-]*:\/\//)
  expect(at(statement, 'predicate.runDetails.builder.id')).toMatch(/^[a-z][a-z0-9+.-]*:\/\//)
  // ResourceDescriptors need at least one of uri, digest, content.
  const deps = (at(statement, 'predicate.buildDefinition.resolvedDependencies') ?? []) as Json[]
  for (const d of deps) expect(d.uri ?? d.digest ?? d.content).toBeDefined()
  // Timestamps are RFC 3339 in UTC.
  for (const key of ['startedOn', 'finishedOn']) {
    const t = at(statement, `predicate.runDetails.metadata.${key}`)
    if (t !== undefined) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
  }
}

describe('provenanceStatement in GitHub Actions', () => {
  const statement = parse(provenanceStatement(input()))

  it('has every field in-toto v1 and SLSA provenance v1 require', () => {
    expectSpecValid(statement)
  })

  it("names the image's digest as a subject, as in-toto's digest set", () => {
    const subjects = statement.subject as Json[]
    expect(subjects[0]).toEqual({ name: 'ghcr.io/acme/shop', digest: { sha256: HEX } })
    expect(subjects[1]).toEqual({ name: 'ghcr.io/acme/shop', digest: { sha256: 'a'.repeat(64) } })
  })

  it('uses the GitHub workflow build type with the workflow as external parameter', () => {
    const def = at(statement, 'predicate.buildDefinition') as Json
    expect(def.buildType).toBe('https://actions.github.io/buildtypes/workflow/v1')
    expect(def.externalParameters).toEqual({
      workflow: {
        ref: 'refs/heads/main',
        repository: 'https://github.com/acme/shop',
        path: '.github/workflows/release.yml',
      },
    })
    expect(at(def, 'internalParameters.github')).toEqual({
      event_name: 'push',
      repository_id: '123456',
      repository_owner_id: '654321',
      runner_environment: 'github-hosted',
    })
  })

  it('records the action inputs, sorted and without empty ones', () => {
    const ext = at(statement, 'predicate.buildDefinition.internalParameters') as Json
    const build = ext.immutablerelease_build as Json
    expect(build.builder).toBe('native')
    expect(build.inputs).toEqual({
      builder: 'auto',
      image: 'ghcr.io/acme/shop',
      'signature-format': 'both',
    })
    expect(Object.keys(build.inputs as Json)).toEqual(['builder', 'image', 'signature-format'])
  })

  it('resolves the source commit and the base image digest', () => {
    const deps = at(statement, 'predicate.buildDefinition.resolvedDependencies') as Json[]
    expect(deps).toContainEqual({
      uri: 'git+https://github.com/acme/shop@refs/heads/main',
      digest: { gitCommit: COMMIT },
    })
    expect(deps).toContainEqual({
      uri: 'oci://docker.io/library/alpine:3.20',
      digest: { sha256: BASE_HEX },
    })
  })

  it('names the workflow as builder and the run attempt as invocation', () => {
    expect(at(statement, 'predicate.runDetails.builder.id')).toBe(
      'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    )
    const invocationId = at(statement, 'predicate.runDetails.metadata.invocationId') as string
    expect(invocationId).toBe('https://github.com/acme/shop/actions/runs/9876543210/attempts/2')
    expect(invocationId).toMatch(/\/attempts\/2$/)
    expect(at(statement, 'predicate.runDetails.metadata.startedOn')).toBe(
      '2024-01-01T00:00:00.000Z',
    )
  })

  it('is byte-identical for the same input, whatever order the inputs came in', () => {
    const a = provenanceStatement(input())
    const b = provenanceStatement(
      input({
        inputs: {
          tags: '',
          'signature-format': 'both',
          builder: 'auto',
          image: 'ghcr.io/acme/shop',
        },
      }),
    )
    expect(b.equals(a)).toBe(true)
    // Compact: no whitespace between tokens.
    expect(a.toString()).not.toMatch(/\n|": /)
    expect(Object.keys(parse(a))).toEqual(['_type', 'subject', 'predicateType', 'predicate'])
  })

  it("keeps a ref containing '@' whole", () => {
    const env = {
      ...GITHUB_ENV,
      GITHUB_REF: 'refs/tags/shop@1.2.0',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/tags/shop@1.2.0',
    }
    const s = parse(provenanceStatement(input({ env, ref: undefined })))
    expect(at(s, 'predicate.buildDefinition.externalParameters.workflow')).toEqual({
      ref: 'refs/tags/shop@1.2.0',
      repository: 'https://github.com/acme/shop',
      path: '.github/workflows/release.yml',
    })
  })

  it('records workflow_dispatch inputs as the external inputs', () => {
    const s = parse(
      provenanceStatement(input({ dispatchInputs: { version: '1.2.3', dry: false } })),
    )
    expect(at(s, 'predicate.buildDefinition.externalParameters.inputs')).toEqual({
      dry: false,
      version: '1.2.3',
    })
  })

  it('passes checkProvenance against the image digest', () => {
    expect(checkProvenance(statement, IMAGE_DIGEST)).toEqual([])
    expect(checkProvenance(provenanceStatement(input()), AMD64)).toEqual([])
  })
})

describe('provenanceStatement outside Actions', () => {
  const local = input({
    env: { PATH: '/usr/bin', HOME: '/home/me' },
    startedOn: undefined,
    finishedOn: undefined,
  })
  const statement = parse(provenanceStatement(local))

  it('still has every required field, with our build type and builder', () => {
    expectSpecValid(statement)
    expect(at(statement, 'predicate.buildDefinition.buildType')).toBe(
      'https://immutable-release.dev/buildtypes/cli/v1',
    )
    expect(at(statement, 'predicate.runDetails.builder.id')).toBe(
      'https://github.com/immutable-release/cli',
    )
  })

  it('omits what only CI knows', () => {
    const text = JSON.stringify(statement)
    expect(text).not.toContain('invocationId')
    expect(text).not.toContain('actions/runs')
    expect(text).not.toContain('"github"')
    expect(at(statement, 'predicate.runDetails.metadata')).toBeUndefined()
  })

  it('keeps the commit and the base as resolved dependencies', () => {
    const deps = at(statement, 'predicate.buildDefinition.resolvedDependencies') as Json[]
    expect(deps).toEqual([
      { uri: 'git+https://github.com/acme/shop@refs/heads/main', digest: { gitCommit: COMMIT } },
      { uri: 'oci://docker.io/library/alpine:3.20', digest: { sha256: BASE_HEX } },
    ])
  })

  it('has non-empty external parameters with no source URL, ref or inputs', () => {
    const bare = parse(
      provenanceStatement(
        input({
          env: {},
          sourceUrl: undefined,
          ref: undefined,
          baseImage: undefined,
          inputs: {},
          startedOn: undefined,
          finishedOn: undefined,
        }),
      ),
    )
    expectSpecValid(bare)
    expect(at(bare, 'predicate.buildDefinition.externalParameters')).toEqual({
      source: { commit: COMMIT },
    })
    expect(at(bare, 'predicate.buildDefinition.resolvedDependencies')).toEqual([
      { digest: { gitCommit: COMMIT } },
    ])
    expect(checkProvenance(bare, IMAGE_DIGEST)).toEqual([])
  })

  it('refuses a subject that is not a digest', () => {
    expect(() =>
      provenanceStatement(input({ subjects: [{ name: 'x', digest: 'latest' }] })),
    ).toThrow(/not a digest/)
    expect(() => provenanceStatement(input({ subjects: [] }))).toThrow(/at least one subject/)
  })
})

describe('checkProvenance', () => {
  const good = (): Json => parse(provenanceStatement(input()))

  it('flags a missing builder.id', () => {
    const s = good()
    delete (at(s, 'predicate.runDetails.builder') as Json).id
    const problems = checkProvenance(s, IMAGE_DIGEST)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/runDetails\.builder\.id/)
  })

  it('flags a subject digest that is not the image', () => {
    const problems = checkProvenance(good(), `sha256:${'c'.repeat(64)}`)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/no subject has digest sha256:c{64}/)
  })

  it('flags each missing required field', () => {
    const s = good()
    s._type = 'https://in-toto.io/Statement/v0.1'
    s.predicateType = 'https://slsa.dev/provenance/v0.2'
    const def = at(s, 'predicate.buildDefinition') as Json
    delete def.buildType
    def.externalParameters = {}
    ;(s.subject as Json[])[1] = { name: 'no digest' }
    const problems = checkProvenance(s, IMAGE_DIGEST)
    expect(problems).toEqual([
      expect.stringMatching(/^_type/),
      expect.stringMatching(/^subject\[1\]\.digest/),
      expect.stringMatching(/^predicateType/),
      expect.stringMatching(/buildType/),
      expect.stringMatching(/externalParameters/),
    ])
  })

  it('reads bytes and rejects what is not a statement', () => {
    expect(checkProvenance(provenanceStatement(input()), IMAGE_DIGEST)).toEqual([])
    expect(checkProvenance(Buffer.from('{not json'), IMAGE_DIGEST)).toEqual([
      'statement is not JSON',
    ])
    expect(checkProvenance([], IMAGE_DIGEST)).toEqual(['statement is not a JSON object'])
    expect(checkProvenance({ _type: 'x' }, IMAGE_DIGEST).length).toBeGreaterThan(3)
  })

  it('exports the predicate type it checks', () => {
    expect(SLSA_PROVENANCE_V1).toBe('https://slsa.dev/provenance/v1')
  })
})
