import { describe, expect, it } from 'vitest'
import { envInputSource, readConfig, secretsOf, type Config } from '../src/config.js'
import { UserError } from '../src/errors.js'
import { INPUT_NAMES } from '../src/inputs.js'

const OUTSIDE: NodeJS.ProcessEnv = {}
const ACTIONS: NodeJS.ProcessEnv = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'Acme/Shop',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/request',
}
const HEX = 'a'.repeat(64)

function source(inputs: Record<string, string>) {
  const map = new Map(Object.entries(inputs))
  return (name: string) => map.get(name)
}

/** readConfig with an image given, outside Actions, unless the test says otherwise. */
function read(inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = OUTSIDE): Config {
  return readConfig(source({ image: 'ghcr.io/acme/shop', ...inputs }), env)
}

function failure(fn: () => unknown): UserError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return e as UserError
  }
  throw new Error('expected a UserError, but nothing was thrown')
}

describe('readConfig defaults', () => {
  it('fills every default outside Actions', () => {
    const config = read()
    expect(config).toMatchObject({
      command: 'release',
      imageInput: 'ghcr.io/acme/shop',
      image: { kind: 'registry', ref: { registry: 'ghcr.io', repository: 'acme/shop' } },
      context: '.',
      builder: 'auto',
      env: {},
      labels: {},
      ports: [],
      buildArgs: {},
      secrets: {},
      tags: [],
      allowDirty: false,
      insecureRegistries: [],
      networkTimeoutMs: 60_000,
      keyless: false,
      signatureFormat: 'both',
      requireSignature: true,
      ledgerBranch: 'release-ledger',
      githubDeployment: false,
      failOnDrift: false,
      push: false,
      comment: false,
      verifyReproducible: false,
      pinBase: 'warn',
      json: false,
    })
    for (const key of [
      'entrypoint',
      'cmd',
      'dockerfile',
      'base',
      'environment',
      'digest',
    ] as const) {
      expect(config[key]).toBeUndefined()
    }
    expect(config.githubToken).toBeUndefined()
  })

  it('defaults the image to ghcr.io/<owner>/<repo> in lower case in Actions', () => {
    const config = readConfig(source({}), ACTIONS)
    expect(config.imageInput).toBe('ghcr.io/acme/shop')
    expect(config.image).toEqual({
      kind: 'registry',
      ref: { registry: 'ghcr.io', repository: 'acme/shop', tag: undefined, digest: undefined },
    })
  })

  it('reads an OCI layout target', () => {
    expect(read({ image: 'oci:./out/app:v1' }).image).toEqual({
      kind: 'layout',
      layout: { path: './out/app', tag: 'v1' },
    })
  })

  it('treats empty and blank inputs as not given', () => {
    expect(read({ builder: '', keyless: '  ', context: '\n' })).toMatchObject({
      builder: 'auto',
      keyless: false,
      context: '.',
    })
  })

  it('falls back to GITHUB_TOKEN for github-token', () => {
    expect(read({}, { GITHUB_TOKEN: 'ghs_x' }).githubToken).toBe('ghs_x')
    expect(read({ 'github-token': 'given' }, { GITHUB_TOKEN: 'ghs_x' }).githubToken).toBe('given')
  })

  it('returns a deeply frozen config', () => {
    const config = read({ tags: 'a', env: 'A=1' })
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.tags)).toBe(true)
    expect(Object.isFrozen(config.env)).toBe(true)
    expect(Object.isFrozen(config.image)).toBe(true)
    expect(() => ((config as { command: string }).command = 'promote')).toThrow(TypeError)
  })

  it('reads every input name, and only those (plus json)', () => {
    const asked = new Set<string>()
    readConfig((name) => {
      asked.add(name)
      return name === 'image' ? 'ghcr.io/acme/shop' : undefined
    }, OUTSIDE)
    expect([...asked].sort()).toEqual([...INPUT_NAMES, 'json'].sort())
  })
})

describe('envInputSource', () => {
  it('reads INPUT_<NAME> as the runner sets it, hyphens kept', () => {
    const env = {
      'INPUT_REGISTRY-USERNAME': 'bot',
      INPUT_IMAGE: 'ghcr.io/a/b',
      INPUT_SOME_NAME: 'spaced',
    }
    const get = envInputSource(env)
    expect(get('registry-username')).toBe('bot')
    expect(get('image')).toBe('ghcr.io/a/b')
    expect(get('some name')).toBe('spaced')
    expect(get('tags')).toBeUndefined()
  })

  it('feeds readConfig', () => {
    const config = readConfig(
      envInputSource({ INPUT_IMAGE: 'ghcr.io/a/b', 'INPUT_LEDGER-BRANCH': 'ledger' }),
      OUTSIDE,
    )
    expect(config.ledgerBranch).toBe('ledger')
  })
})

describe('list and map inputs', () => {
  it.each([
    ['tags', 'a, b\nc\n\n,', ['a', 'b', 'c']],
    ['tags', '1.2.3\nlatest', ['1.2.3', 'latest']],
    ['ports', '80, 443/TCP\n53/udp', ['80', '443/tcp', '53/udp']],
    ['ports', '1,65535', ['1', '65535']],
  ] as const)('%s %j', (name, value, expected) => {
    expect(read({ [name]: value })[name]).toEqual(expected)
  })

  it('reads insecure registries as host[:port], lower case', () => {
    expect(
      read({ 'insecure-registry': 'Registry.Local:5000, 10.0.0.1\n[::1]:5000\nlocalhost' })
        .insecureRegistries,
    ).toEqual(['registry.local:5000', '10.0.0.1', '[::1]:5000', 'localhost'])
  })

  it.each([
    ['["/app", "--port", "8080"]', ['/app', '--port', '8080']],
    ['[]', []],
    ['/bin/sh\n-c\necho a, b', ['/bin/sh', '-c', 'echo a, b']],
    ['one argument with spaces', ['one argument with spaces']],
  ])('cmd/entrypoint %j', (value, expected) => {
    const config = read({ cmd: value, entrypoint: value })
    expect(config.cmd).toEqual(expected)
    expect(config.entrypoint).toEqual(expected)
  })

  it('reads KEY=VALUE maps, one per line', () => {
    const config = read({
      env: 'A=1\n\n# a comment\nB=x=y\n  C=z  \nEMPTY=',
      labels: 'org.opencontainers.image.source=https://github.com/acme/shop\nteam-name=web',
      'build-args': 'VERSION=1.2.3,comma kept',
      secrets: 'npm_token=abc',
    })
    expect(config.env).toEqual({ A: '1', B: 'x=y', C: 'z', EMPTY: '' })
    expect(config.labels).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'team-name': 'web',
    })
    expect(config.buildArgs).toEqual({ VERSION: '1.2.3,comma kept' })
    expect(config.secrets).toEqual({ npm_token: 'abc' })
  })

  it('keeps a __proto__ key as data', () => {
    const config = read({ 'build-args': '__proto__=x' })
    expect(Object.getPrototypeOf(config.buildArgs)).toBe(Object.prototype)
    expect(Object.keys(config.buildArgs)).toEqual(['__proto__'])
  })
})

describe('booleans and enums', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
  ])('keyless %j is %s', (value, expected) => {
    expect(read({ keyless: value }).keyless).toBe(expected)
    expect(read({ 'require-signature': value }).requireSignature).toBe(expected)
  })

  it.each([
    ['command', 'status', 'command'],
    ['builder', 'buildah', 'builder'],
    ['signature-format', 'legacy', 'signatureFormat'],
    ['pin-base', 'require', 'pinBase'],
    ['pin-base', 'off', 'pinBase'],
  ] as const)('%s %s', (name, value, field) => {
    expect(read({ [name]: value })[field]).toBe(value)
  })

  it.each([
    ['keyless', 'maybe', 'true, false, yes, no, 1, 0'],
    ['push', 'on', 'true, false, yes, no, 1, 0'],
    ['builder', 'kaniko', 'auto, native, buildah, docker'],
    ['signature-format', 'pgp', 'legacy, bundle, both'],
    ['pin-base', 'strict', 'off, warn, require'],
    ['command', 'deploy', 'release, check, promote'],
  ])('%s %j is refused with the valid values', (name, value, valid) => {
    const e = failure(() => read({ [name]: value }))
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.input).toBe(name)
    expect(e.message).toContain(`input '${name}'`)
    expect(e.message).toContain(`valid: ${valid}`)
  })
})

describe('promotion inputs', () => {
  it.each(['production', 'prod-eu-1', '0a', 'a'.repeat(63)])('environment %j', (name) => {
    expect(read({ command: 'promote', environment: name }).environment).toBe(name)
  })

  it('reads digest, to, from-environment and compare-to', () => {
    const config = read({
      command: 'rollback',
      environment: 'production',
      digest: `sha256:${HEX}`,
      to: `sha256:${'b'.repeat(64)}`,
      'from-environment': 'staging',
      'compare-to': 'production',
      'environment-url': 'https://shop.example',
      ledger: 'none',
    })
    expect(config).toMatchObject({
      digest: `sha256:${HEX}`,
      to: `sha256:${'b'.repeat(64)}`,
      fromEnvironment: 'staging',
      compareTo: { kind: 'environment', environment: 'production' },
      environmentUrl: 'https://shop.example',
      ledger: 'none',
    })
  })

  it('reads compare-to as an image reference when it is not an environment name', () => {
    expect(read({ 'compare-to': 'ghcr.io/acme/shop:1.2.3' }).compareTo).toEqual({
      kind: 'image',
      image: {
        kind: 'registry',
        ref: { registry: 'ghcr.io', repository: 'acme/shop', tag: '1.2.3', digest: undefined },
      },
    })
  })
})

describe('cross-field rules', () => {
  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, string, string]>([
    [
      'password without user',
      { 'registry-password': 'pw' },
      OUTSIDE,
      'registry-username',
      'CREDENTIALS_INVALID',
    ],
    [
      'user without password',
      { 'registry-username': 'bot' },
      OUTSIDE,
      'registry-password',
      'CREDENTIALS_INVALID',
    ],
    [
      'identity and regexp',
      { 'certificate-identity': 'a', 'certificate-identity-regexp': '^a' },
      OUTSIDE,
      'certificate-identity',
      'INPUT_INVALID',
    ],
    [
      'keyless and a key',
      { keyless: 'true', 'signing-key': 'cosign.key' },
      OUTSIDE,
      'keyless',
      'INPUT_INVALID',
    ],
    [
      'promote without environment',
      { command: 'promote' },
      OUTSIDE,
      'environment',
      'INPUT_MISSING',
    ],
    [
      'rollback without environment',
      { command: 'rollback' },
      OUTSIDE,
      'environment',
      'INPUT_MISSING',
    ],
    ['hold without environment', { command: 'hold' }, OUTSIDE, 'environment', 'INPUT_MISSING'],
    ['unhold without environment', { command: 'unhold' }, OUTSIDE, 'environment', 'INPUT_MISSING'],
    [
      'mark-bad without digest',
      { command: 'mark-bad', environment: 'production' },
      OUTSIDE,
      'digest',
      'INPUT_MISSING',
    ],
    [
      'promote from itself',
      { command: 'promote', environment: 'prod', 'from-environment': 'prod' },
      OUTSIDE,
      'from-environment',
      'INPUT_INVALID',
    ],
    [
      'keyless without id-token permission',
      { keyless: 'true' },
      { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/shop' },
      'keyless',
      'PERMISSION_MISSING',
    ],
    [
      'insecure registry with scheme',
      { 'insecure-registry': 'http://x' },
      OUTSIDE,
      'insecure-registry',
      'INPUT_INVALID',
    ],
  ])('%s', (_title, inputs, env, input, code) => {
    const e = failure(() => read(inputs, env))
    expect(e.code).toBe(code)
    expect(e.input).toBe(input)
    expect(e.message).toContain(`input '${input}'`)
    expect(e.message).toContain('valid:')
  })

  it('names both credential inputs', () => {
    const e = failure(() => read({ 'registry-password': 'pw' }))
    expect(e.message).toContain('registry-username')
    expect(e.message).toContain('registry-password')
  })

  it('tells how to get an OIDC token when keyless lacks one', () => {
    const e = failure(() => read({ keyless: 'true' }, { GITHUB_ACTIONS: 'true' }))
    expect(e.hint).toBe('add `permissions: id-token: write` to the job')
  })

  it.each<[string, Record<string, string>, NodeJS.ProcessEnv]>([
    ['keyless with a token URL', { keyless: 'true' }, ACTIONS],
    ['keyless outside Actions', { keyless: 'true' }, OUTSIDE],
    [
      'keyless for a command that does not sign',
      { keyless: 'true', command: 'status' },
      { GITHUB_ACTIONS: 'true' },
    ],
    ['both credentials', { 'registry-username': 'bot', 'registry-password': 'pw' }, OUTSIDE],
    ['mark-bad with a digest', { command: 'mark-bad', digest: `sha256:${HEX}` }, OUTSIDE],
    ['promote with an environment', { command: 'promote', environment: 'production' }, OUTSIDE],
    [
      'identity alone',
      {
        'certificate-identity':
          'https://github.com/acme/shop/.github/workflows/r.yml@refs/heads/main',
      },
      OUTSIDE,
    ],
  ])('accepts %s', (_title, inputs, env) => {
    expect(() => read(inputs, env)).not.toThrow()
  })
})

describe('every input error names its input', () => {
  it.each<[string, string, string]>([
    ['image', 'ghcr.io/Acme/shop', 'image'],
    ['base', 'BAD//base', 'base'],
    ['tags', 'ok,bad tag', 'tags'],
    ['ports', '0', 'ports'],
    ['ports', '80/sctp', 'ports'],
    ['cmd', '[1, 2]', 'cmd'],
    ['entrypoint', '["unclosed"', 'entrypoint'],
    ['env', 'A=1\nB', 'env'],
    ['labels', '1bad=x', 'labels'],
    ['build-args', 'A=1\nA=2', 'build-args'],
    ['digest', 'sha256:123', 'digest'],
    ['to', 'latest', 'to'],
    ['environment', 'Prod!', 'environment'],
    ['from-environment', 'staging_eu', 'from-environment'],
    ['compare-to', 'Production!', 'compare-to'],
    ['insecure-registry', 'registry.local/v2', 'insecure-registry'],
    ['insecure-registry', 'myregistry', 'insecure-registry'],
    ['certificate-identity-regexp', '([', 'certificate-identity-regexp'],
    ['environment-url', 'ftp://shop.example', 'environment-url'],
    ['ledger', '--upload-pack=evil', 'ledger'],
    ['ledger-branch', '../main', 'ledger-branch'],
    ['ledger-branch', '-x', 'ledger-branch'],
  ])('%s %j', (name, value, input) => {
    const e = failure(() => read({ [name]: value }))
    expect(e.message).toContain(`input '${input}'`)
    expect(e.message).toContain('valid:')
  })

  it('says which line of a map is wrong', () => {
    expect(failure(() => read({ env: 'A=1\n\nNOPE' })).message).toContain('line 3')
  })
})

describe('secretsOf', () => {
  it('lists every secret value, and no empty one', () => {
    const config = read({
      'registry-username': 'bot',
      'registry-password': 'hunter2',
      'github-token': 'ghs_token',
      'signing-key-passphrase': 'phrase',
      secrets: 'a=one\nb=two\nempty=',
    })
    expect(secretsOf(config).sort()).toEqual(['ghs_token', 'hunter2', 'one', 'phrase', 'two'])
  })

  it('also masks each line of a multi-line key', () => {
    const pem = [
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----',
      'eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjo2NTUzNiwiciI6',
      'OH0=',
      '-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    ].join('\n')
    const secrets = secretsOf(read({ 'signing-key': pem }))
    expect(secrets).toContain(pem)
    expect(secrets).toContain('eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjo2NTUzNiwiciI6')
    expect(secrets).not.toContain('OH0=')
  })

  it('is empty without secrets', () => {
    expect(secretsOf(read())).toEqual([])
  })
})

describe('tags from docker/metadata-action', () => {
  it('takes full image:tag lines of this image as its tags', () => {
    const c = read({
      image: 'ghcr.io/acme/shop',
      tags: 'ghcr.io/acme/shop:1.2.3\nghcr.io/acme/shop:latest\nedge',
    })
    expect(c.tags).toEqual(['1.2.3', 'latest', 'edge'])
  })

  it('refuses a line naming another image, or a digest, naming the input', () => {
    for (const tags of ['ghcr.io/acme/other:1.0.0', 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64)]) {
      const e = failure(() => read({ image: 'ghcr.io/acme/shop', tags }))
      expect(e.message).toContain("input 'tags'")
      expect(e.message).toContain('valid:')
    }
  })
})
