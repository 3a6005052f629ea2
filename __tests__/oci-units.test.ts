import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  apiHost,
  checkContent,
  dockerConfigCredentials,
  fallbackTag,
  formatReference,
  isLoopback,
  nextLink,
  parseChallenges,
  parseReference,
  sha256,
  VerifyingStream,
  type RetryPolicy,
} from '../src/oci/index.js'
// Not re-exported by the barrel: the retry helpers are internal to the registry client.
import { backoffMs, retryAfterMs } from '../src/oci/http.js'

describe('parseChallenges', () => {
  it("keeps commas and colons inside a quoted scope (Docker Hub's challenge)", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push',
        },
      },
    ])
  })

  it('splits two challenges in one header', () => {
    expect(parseChallenges('Basic realm="x", Bearer realm="y",service="s"')).toEqual([
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { realm: 'y', service: 's' } },
    ])
  })

  it('reads every header of an array', () => {
    expect(
      parseChallenges(['Basic realm="a"', 'Bearer realm="b",scope="repository:x:pull"']),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'b', scope: 'repository:x:pull' } },
    ])
    expect(parseChallenges(undefined)).toEqual([])
  })

  it('unescapes quoted-pair characters', () => {
    expect(parseChallenges('Bearer realm="a \\"quoted\\" \\\\ realm",error="x"')).toEqual([
      { scheme: 'bearer', params: { realm: 'a "quoted" \\ realm', error: 'x' } },
    ])
  })

  it('lower-cases schemes and parameter names, not values', () => {
    expect(parseChallenges('BEARER Realm="https://Auth.Example/T",SERVICE=Reg')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://Auth.Example/T', service: 'Reg' } },
    ])
  })
})

describe('nextLink', () => {
  const url = new URL('http://reg.example:5000/v2/demo/app/tags/list?n=2')
  const at = (link?: string | string[]) => nextLink({ url, headers: { link } as never })

  it('resolves a relative link against the request URL', () => {
    expect(at('</v2/demo/app/tags/list?n=2&last=b>; rel="next"')?.href).toBe(
      'http://reg.example:5000/v2/demo/app/tags/list?n=2&last=b',
    )
  })

  it('keeps an absolute link', () => {
    expect(at('<https://other.example/v2/x/tags/list?last=c>; rel="next"')?.href).toBe(
      'https://other.example/v2/x/tags/list?last=c',
    )
  })

  it('accepts an unquoted rel and picks next among several links', () => {
    expect(at('</first>; rel=first, </v2/page3>; rel=next')?.href).toBe(
      'http://reg.example:5000/v2/page3',
    )
  })

  it('answers undefined when there is no next page', () => {
    expect(at(undefined)).toBeUndefined()
    expect(at('</v2/prev>; rel="prev"')).toBeUndefined()
  })
})

describe('retryAfterMs and backoffMs', () => {
  const policy: RetryPolicy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 }

  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(retryAfterMs('3')).toBe(3_000)
    expect(retryAfterMs([' 2 '])).toBe(2_000)
    const now = Date.parse('2024-01-01T00:00:00Z')
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10_000)
    // A date already past means "now", never a negative wait.
    expect(retryAfterMs('Sun, 31 Dec 2023 23:59:00 GMT', now)).toBe(0)
    expect(retryAfterMs('soon')).toBeUndefined()
    expect(retryAfterMs('')).toBeUndefined()
    expect(retryAfterMs(undefined)).toBeUndefined()
  })

  it('grows with the attempt and stays under maxDelayMs', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
      for (let i = 0; i < 50; i++) {
        const ms = backoffMs(attempt, policy)
        expect(ms).toBeGreaterThanOrEqual(cap / 2)
        expect(ms).toBeLessThanOrEqual(cap)
      }
    }
    // Full jitter between cap/2 and cap: the ranges of attempt 0 and 3 do not overlap.
    expect(backoffMs(3, policy)).toBeGreaterThan(backoffMs(0, policy))
    expect(backoffMs(20, policy)).toBeLessThanOrEqual(policy.maxDelayMs)
  })

  it("honours the server's Retry-After, capped at maxDelayMs", () => {
    expect(backoffMs(0, policy, 700)).toBe(700)
    expect(backoffMs(5, policy, 0)).toBe(0)
    expect(backoffMs(0, policy, 60_000)).toBe(policy.maxDelayMs)
  })
})

describe('references', () => {
  it('normalises Docker Hub names as docker does', () => {
    expect(parseReference('busybox')).toEqual({
      registry: 'docker.io',
      repository: 'library/busybox',
      tag: undefined,
      digest: undefined,
    })
    expect(parseReference('index.docker.io/x/y')).toMatchObject({
      registry: 'docker.io',
      repository: 'x/y',
    })
    expect(parseReference('registry-1.docker.io/library/alpine:3')).toMatchObject({
      registry: 'docker.io',
      repository: 'library/alpine',
      tag: '3',
    })
    expect(parseReference('acme/app')).toMatchObject({
      registry: 'docker.io',
      repository: 'acme/app',
    })
  })

  it('reads host, port, tag and digest together', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(parseReference(`localhost:5000/a/b:t@${digest}`)).toEqual({
      registry: 'localhost:5000',
      repository: 'a/b',
      tag: 't',
      digest,
    })
    expect(parseReference('[::1]:5000/a')).toEqual({
      registry: '[::1]:5000',
      repository: 'a',
      tag: undefined,
      digest: undefined,
    })
  })

  it('talks to registry-1.docker.io for docker.io and to any other host as named', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io')
    expect(apiHost('ghcr.io')).toBe('ghcr.io')
  })

  it('formats a parsed reference back to the same text', () => {
    for (const text of [
      'docker.io/library/busybox:1.36',
      `ghcr.io/acme/shop:1.2.3@sha256:${'b'.repeat(64)}`,
      `127.0.0.1:5000/demo/app@sha256:${'c'.repeat(64)}`,
      '[::1]:5000/a',
    ]) {
      expect(formatReference(parseReference(text))).toBe(text)
    }
    expect(formatReference(parseReference('busybox'))).toBe('docker.io/library/busybox')
  })

  it('treats only loopback hosts as loopback', () => {
    expect(isLoopback('127.0.0.1:5000')).toBe(true)
    expect(isLoopback('localhost')).toBe(true)
    expect(isLoopback('localhost:5000')).toBe(true)
    expect(isLoopback('[::1]:5000')).toBe(true)
    expect(isLoopback('example.com')).toBe(false)
    expect(isLoopback('127.0.0.1.example.com')).toBe(false)
    expect(isLoopback('localhost.example.com:5000')).toBe(false)
  })

  it('derives the referrers fallback tag from a digest', () => {
    const hex = 'd'.repeat(64)
    expect(fallbackTag(`sha256:${hex}`)).toBe(`sha256-${hex}`)
  })
})

describe('dockerConfigCredentials', () => {
  let dir: string
  let bin: string
  const savedPath = process.env.PATH
  const env = (): NodeJS.ProcessEnv => ({ DOCKER_CONFIG: dir })
  const config = (value: unknown): void =>
    writeFileSync(join(dir, 'config.json'), JSON.stringify(value))
  const b64 = (s: string): string => Buffer.from(s).toString('base64')

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'docker-config-'))
    bin = mkdtempSync(join(tmpdir(), 'cred-helper-'))
    // A helper as docker runs them: the server on stdin, JSON on stdout, "not found" plus exit 1
    // for servers it has nothing for.
    for (const [name, server] of [
      ['testhelper', 'ghcr.io'],
      ['teststore', 'https://index.docker.io/v1/'],
    ] as const) {
      const path = join(bin, `docker-credential-${name}`)
      writeFileSync(
        path,
        [
          '#!/bin/sh',
          '[ "$1" = get ] || exit 2',
          'read -r server',
          `if [ "$server" = "${server}" ]; then`,
          `  printf '{"ServerURL":"%s","Username":"u-${name}","Secret":"s-${name}"}' "$server"`,
          'else',
          "  echo 'credentials not found in native keychain'",
          '  exit 1',
          'fi',
          '',
        ].join('\n'),
      )
      chmodSync(path, 0o755)
    }
    // runCredentialHelper finds the helper through this process's PATH, as docker does.
    process.env.PATH = `${bin}${delimiter}${savedPath ?? ''}`
  })

  afterEach(() => {
    rmSync(join(dir, 'config.json'), { force: true })
  })

  afterAll(() => {
    process.env.PATH = savedPath
    rmSync(dir, { recursive: true, force: true })
    rmSync(bin, { recursive: true, force: true })
  })

  it('answers undefined when there is no config.json', async () => {
    expect(await dockerConfigCredentials('ghcr.io', env())).toBeUndefined()
  })

  it('decodes a base64 auth entry, splitting at the first colon only', async () => {
    config({ auths: { 'ghcr.io': { auth: b64('alice:pa:ss') } } })
    expect(await dockerConfigCredentials('ghcr.io', env())).toEqual({
      username: 'alice',
      password: 'pa:ss',
    })
  })

  it("uses docker's https://index.docker.io/v1/ entry for docker.io", async () => {
    config({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:secret') } } })
    expect(await dockerConfigCredentials('docker.io', env())).toEqual({
      username: 'hub',
      password: 'secret',
    })
  })

  it('matches an entry written with a scheme and path to its host', async () => {
    config({ auths: { 'https://registry.example.com/v2/': { auth: b64('r:p') } } })
    expect(await dockerConfigCredentials('registry.example.com', env())).toEqual({
      username: 'r',
      password: 'p',
    })
  })

  it('returns an identity token instead of a password', async () => {
    config({ auths: { 'myreg.azurecr.io': { username: '<token>', identitytoken: 'refresh-1' } } })
    expect(await dockerConfigCredentials('myreg.azurecr.io', env())).toEqual({
      username: '<token>',
      identityToken: 'refresh-1',
    })
  })

  it('asks the credHelpers helper named for the registry', async () => {
    config({ credHelpers: { 'ghcr.io': 'testhelper' } })
    expect(await dockerConfigCredentials('ghcr.io', env())).toEqual({
      username: 'u-testhelper',
      password: 's-testhelper',
    })
  })

  it('asks credsStore with the Docker Hub server URL docker uses', async () => {
    config({ credsStore: 'teststore' })
    expect(await dockerConfigCredentials('docker.io', env())).toEqual({
      username: 'u-teststore',
      password: 's-teststore',
    })
    // A server the store has nothing for is anonymous, not an error.
    expect(await dockerConfigCredentials('quay.io', env())).toBeUndefined()
  })

  it('prefers an auths entry over credsStore', async () => {
    config({ credsStore: 'teststore', auths: { 'docker.io': { auth: b64('direct:pw') } } })
    expect(await dockerConfigCredentials('docker.io', env())).toEqual({
      username: 'direct',
      password: 'pw',
    })
  })

  it("never hands one host's credentials to a look-alike host", async () => {
    config({
      auths: { 'ghcr.io': { auth: b64('gh:secret') } },
      credHelpers: { 'ghcr.io': 'testhelper' },
    })
    for (const other of ['ghcr.io.evil.com', 'evil.com/ghcr.io', 'evil.com']) {
      expect(await dockerConfigCredentials(other, env()), other).toBeUndefined()
    }
    config({
      auths: {
        'ghcr.io.evil.com': { auth: b64('a:1') },
        'https://evil.com/ghcr.io': { auth: b64('b:2') },
        'evil.com/ghcr.io': { auth: b64('c:3') },
      },
    })
    expect(await dockerConfigCredentials('ghcr.io', env())).toBeUndefined()
  })

  it('rejects a helper name that could name another program', async () => {
    config({ credHelpers: { 'ghcr.io': '../../bin/sh' } })
    await expect(dockerConfigCredentials('ghcr.io', env())).rejects.toMatchObject({
      code: 'CREDENTIALS_INVALID',
    })
  })

  it('reports unreadable JSON as CREDENTIALS_INVALID', async () => {
    writeFileSync(join(dir, 'config.json'), '{ not json')
    await expect(dockerConfigCredentials('ghcr.io', env())).rejects.toMatchObject({
      code: 'CREDENTIALS_INVALID',
    })
  })
})

describe('content verification', () => {
  const bytes = Buffer.from('hello, verified world\n')
  const good = { digest: sha256(bytes), size: bytes.length }

  const stream = (expected: { digest: string; size?: number }, chunks: Buffer[]) =>
    pipeline(
      Readable.from(chunks),
      new VerifyingStream(expected, 'test blob'),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) void chunk
      },
    )

  it('passes matching content through checkContent and VerifyingStream', async () => {
    expect(() => checkContent(bytes, good, 'test blob')).not.toThrow()
    await expect(stream(good, [bytes.subarray(0, 5), bytes.subarray(5)])).resolves.toBeUndefined()
  })

  it('reports a wrong digest as DIGEST_MISMATCH', async () => {
    const wrong = { digest: sha256('other'), size: bytes.length }
    expect(() => checkContent(bytes, wrong, 'test blob')).toThrow(
      expect.objectContaining({ code: 'DIGEST_MISMATCH' }),
    )
    await expect(stream(wrong, [bytes])).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
  })

  it('reports a wrong size as SIZE_MISMATCH, short or long', async () => {
    for (const size of [bytes.length - 1, bytes.length + 1]) {
      const wrong = { digest: good.digest, size }
      expect(() => checkContent(bytes, wrong, 'test blob')).toThrow(
        expect.objectContaining({ code: 'SIZE_MISMATCH' }),
      )
      await expect(stream(wrong, [bytes])).rejects.toMatchObject({ code: 'SIZE_MISMATCH' })
    }
  })
})
