/**
 * Bad references, digests, tags and credentials, as users type them: each must fail before
 * anything runs, with a UserError that names the input and says what would be valid.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { describeError, ReleaseError, UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const PASSWORD = 'correct-horse-battery-staple-42'
const UPPER_HEX = 'ABCDEF0123456789'.repeat(4)

interface Row {
  title: string
  inputs: Record<string, string>
  /** The input the message must name. */
  input: string
  env?: NodeJS.ProcessEnv
  /** A value that must never appear in the message. */
  secret?: string
  /** Something else the message must say. */
  mentions?: string
}

const rows: Row[] = [
  { title: 'upper-case repository', inputs: { image: 'UPPER/case' }, input: 'image' },
  { title: 'two tags', inputs: { image: 'ghcr.io/acme/shop:bad:tag' }, input: 'image' },
  { title: 'URL scheme', inputs: { image: 'https://ghcr.io/x' }, input: 'image' },
  { title: 'empty path component', inputs: { image: 'ghcr.io//x' }, input: 'image' },
  { title: 'trailing slash', inputs: { image: 'ghcr.io/acme/' }, input: 'image' },
  { title: 'white space', inputs: { image: 'ghcr.io/acme/shop latest' }, input: 'image' },
  { title: 'port out of range', inputs: { image: 'ghcr.io:99999/x' }, input: 'image' },
  {
    title: 'upper-case digest hex',
    inputs: { image: `ghcr.io/x@sha256:${UPPER_HEX}` },
    input: 'image',
  },
  { title: 'short digest in image', inputs: { image: 'ghcr.io/x@sha256:abc' }, input: 'image' },
  { title: 'empty image outside Actions', inputs: { image: '' }, input: 'image' },
  { title: 'layout without a path', inputs: { image: 'oci:' }, input: 'image' },
  { title: 'layout with a bad tag', inputs: { image: 'oci:./x:bad tag' }, input: 'image' },
  { title: 'short digest', inputs: { digest: 'sha256:123' }, input: 'digest' },
  { title: 'md5 digest', inputs: { digest: `md5:${'a'.repeat(32)}` }, input: 'digest' },
  { title: 'digest without algorithm', inputs: { digest: 'a'.repeat(64) }, input: 'digest' },
  { title: 'upper-case digest', inputs: { digest: `sha256:${UPPER_HEX}` }, input: 'digest' },
  {
    title: 'rollback to a tag',
    inputs: { command: 'rollback', environment: 'prod', to: 'v1' },
    input: 'to',
  },
  { title: '129-character tag', inputs: { tags: 'a'.repeat(129) }, input: 'tags' },
  { title: 'tag with a leading -', inputs: { tags: '-leading' }, input: 'tags' },
  { title: 'tag with a /', inputs: { tags: 'feature/x' }, input: 'tags' },
  { title: 'tag with a leading .', inputs: { tags: '.hidden' }, input: 'tags' },
  {
    title: 'password without user',
    inputs: { 'registry-password': PASSWORD },
    input: 'registry-username',
    secret: PASSWORD,
    mentions: 'registry-password',
  },
  {
    title: 'user without password',
    inputs: { 'registry-username': 'bot' },
    input: 'registry-password',
    mentions: 'registry-username',
  },
  {
    title: 'password with a blank user',
    inputs: { 'registry-username': '   ', 'registry-password': PASSWORD },
    input: 'registry-username',
    secret: PASSWORD,
    mentions: 'registry-password',
  },
  {
    title: 'secrets line without =',
    inputs: { secrets: `npm_token=x\n${PASSWORD}` },
    input: 'secrets',
    secret: PASSWORD,
    mentions: 'line 2',
  },
  {
    title: 'insecure registry with scheme',
    inputs: { 'insecure-registry': 'http://x' },
    input: 'insecure-registry',
  },
  {
    title: 'insecure registry with path',
    inputs: { 'insecure-registry': 'x.local/v2' },
    input: 'insecure-registry',
  },
  {
    title: 'insecure registry bad port',
    inputs: { 'insecure-registry': 'x.local:0x50' },
    input: 'insecure-registry',
  },
  { title: 'port 70000', inputs: { ports: '70000' }, input: 'ports' },
  { title: 'env line without =', inputs: { env: 'A=1\nJUST_A_NAME' }, input: 'env' },
  { title: 'bad boolean', inputs: { keyless: 'maybe' }, input: 'keyless' },
  { title: 'bad enum', inputs: { 'signature-format': 'pgp' }, input: 'signature-format' },
  {
    title: 'bad environment name',
    inputs: { command: 'promote', environment: 'Prod!' },
    input: 'environment',
  },
  {
    title: 'identity and identity regexp',
    inputs: { 'certificate-identity': 'a@b', 'certificate-identity-regexp': '.*' },
    input: 'certificate-identity',
  },
  { title: 'bad base reference', inputs: { base: 'Debian:bookworm' }, input: 'base' },
  { title: 'zero network timeout', inputs: { 'network-timeout': '0' }, input: 'network-timeout' },
  {
    title: 'negative network timeout',
    inputs: { 'network-timeout': '-5' },
    input: 'network-timeout',
  },
  {
    title: 'network timeout with a unit',
    inputs: { 'network-timeout': '60s' },
    input: 'network-timeout',
  },
  {
    title: 'network timeout of a week',
    inputs: { 'network-timeout': '604800' },
    input: 'network-timeout',
  },
  {
    title: 'registry CA that does not exist',
    inputs: { 'registry-ca': '/nonexistent/ca.pem' },
    input: 'registry-ca',
    mentions: 'ENOENT',
  },
  {
    title: 'registry CA that is not PEM',
    inputs: { 'registry-ca': 'package.json' },
    input: 'registry-ca',
    mentions: 'no PEM certificate',
  },
  {
    title: 'registry CA given inline',
    inputs: { 'registry-ca': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
    input: 'registry-ca',
  },
  // Environment names that are, or collide with, tags the tool writes (issue #10 item 1).
  ...(
    [
      [`sha-${'a'.repeat(40)}`, 'commit tags'],
      ['sha-abc', 'commit tags'],
      ['sha256-abc', 'sha256-<hex>'],
      ['1', 'version'],
      ['v2', 'version'],
      ['latest', 'tag the release writes'],
      ['buildcache', 'tag the release writes'],
      ['prod-previous', "environment 'prod'"],
    ] as const
  ).map(([name, mentions]): Row => ({
    title: `environment named ${name}`,
    inputs: { command: 'promote', environment: name },
    input: 'environment',
    mentions,
  })),
  {
    title: 'from-environment named latest',
    inputs: { command: 'promote', environment: 'production', 'from-environment': 'latest' },
    input: 'from-environment',
    mentions: 'tag the release writes',
  },
  {
    title: 'requires a commit tag',
    inputs: { command: 'promote', environment: 'production', requires: 'sha-abc' },
    input: 'requires',
    mentions: 'commit tags',
  },
  {
    title: 'compare-to a version alias',
    inputs: { command: 'check', 'compare-to': '1' },
    input: 'compare-to',
    mentions: 'version',
  },
  {
    title: 'status of a -previous tag',
    inputs: { command: 'status', environment: 'staging-previous' },
    input: 'environment',
    mentions: "environment 'staging'",
  },
  { title: 'ledger on main', inputs: { 'ledger-branch': 'main' }, input: 'ledger-branch' },
  { title: 'ledger on master', inputs: { 'ledger-branch': 'master' }, input: 'ledger-branch' },
  { title: 'ledger on HEAD', inputs: { 'ledger-branch': 'HEAD' }, input: 'ledger-branch' },
  {
    title: 'ledger branch as a full ref',
    inputs: { 'ledger-branch': 'refs/heads/release-ledger' },
    input: 'ledger-branch',
  },
  {
    title: 'secrets line with the secret before its =',
    inputs: { secrets: `NPM_TOKEN: ${PASSWORD}+x==` },
    input: 'secrets',
    secret: PASSWORD,
    mentions: 'line 1',
  },
  {
    title: 'secrets key given twice',
    inputs: { secrets: `${PASSWORD}=1\n${PASSWORD}=2` },
    input: 'secrets',
    secret: PASSWORD,
    mentions: 'a second time',
  },
  {
    title: 'require-signature maybe',
    inputs: { 'require-signature': 'maybe' },
    input: 'require-signature',
  },
  {
    title: 'fail-on-severity severe',
    inputs: { command: 'scan', 'fail-on-severity': 'severe' },
    input: 'fail-on-severity',
    mentions: 'critical',
  },
  {
    title: 'ignore-advisories without a reason',
    inputs: { command: 'scan', 'ignore-advisories': 'CVE-2024-1 fine\nGHSA-xxxx' },
    input: 'ignore-advisories',
    mentions: 'GHSA-xxxx',
  },
  {
    title: 'advisories from an ftp URL',
    inputs: { command: 'scan', advisories: 'ftp://osv.example/all.zip' },
    input: 'advisories',
    mentions: 'http',
  },
]

describe('bad input', () => {
  it('has at least 24 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(24)
  })

  it.each(rows)('$title', ({ inputs, input, env, secret, mentions }) => {
    const all: Record<string, string> = { image: 'ghcr.io/acme/shop', ...inputs }
    let error: unknown
    try {
      readConfig((name) => all[name], env ?? {})
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UserError)
    const e = error as UserError
    expect(e.input).toBe(input)
    expect(e.message).toContain(`input '${input}'`)
    expect(e.message).toContain('valid:')
    // The first line of what the action prints is what the annotation shows.
    expect(describeError(e).split('\n')[0]).toContain(`input '${input}'`)
    if (secret !== undefined) expect(describeError(e)).not.toContain(secret)
    if (mentions !== undefined) expect(e.message).toContain(mentions)
  })
})

/** Inputs refused only once the command runs (they need git or the registry): nothing written. */
interface RunRow {
  title: string
  /** Inputs on top of the dirty image's; `{image}` gets the test registry's image. */
  inputs: Record<string, string>
  code: string
  /** The input (UserError) or the text (a refused gate) the message must name. */
  input?: string
  mentions: string
}

const runRows: RunRow[] = [
  {
    title: 'extra tags on a dirty build',
    inputs: { 'allow-dirty': 'true', tags: 'latest' },
    code: 'TAG_INVALID',
    input: 'tags',
    mentions: 'dirty',
  },
  {
    title: 'promote of a dirty build without allow-dirty',
    inputs: {
      command: 'promote',
      ledger: 'none',
      environment: 'staging',
      'require-signature': 'false',
    },
    code: 'GATE_REFUSED',
    mentions: "gate 'dirty'",
  },
]

describe.skipIf(!needTools('docker-registry', 'git', 'tar', 'gzip'))(
  'bad input at run time',
  () => {
    let work: string
    let registry: TestRegistry
    let repo: string
    let digest: string
    const snapshot = (): string[] => {
      const out: string[] = []
      const walk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name)
          if (e.isDirectory()) walk(p)
          else
            out.push(
              `${relative(registry.dataDir, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`,
            )
        }
      }
      walk(registry.dataDir)
      return out.sort()
    }
    const run = (inputs: Record<string, string>) => {
      const all = { PATH: process.env.PATH, HOME: work }
      const given: Record<string, string> = {
        image: `${registry.host}/bad/dirty`,
        context: repo,
        // The dirty image, once beforeAll has released it.
        ...(digest ? { digest } : {}),
        ...inputs,
      }
      return runCommand(
        readConfig((n) => given[n], all),
        { logger: nullLogger, env: all, cwd: repo },
      )
    }

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'bad-input-'))
      registry = await startRegistry('none')
      repo = join(work, 'repo')
      mkdirSync(repo)
      writeFileSync(join(repo, 'index.html'), 'committed\n')
      for (const args of [
        ['init', '-q', '-b', 'main'],
        ['add', '.'],
        ['commit', '-q', '-m', 'one'],
      ]) {
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo })
      }
      writeFileSync(join(repo, 'index.html'), 'not committed\n')
      digest = (await run({ 'allow-dirty': 'true' })).outputs.digest!
    }, 60_000)

    afterAll(async () => {
      await registry?.stop()
      if (work) rmSync(work, { recursive: true, force: true })
    })

    it.each(runRows)('$title', async ({ inputs, code, input, mentions }) => {
      const before = snapshot()
      const error = await run(inputs).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(input ? UserError : ReleaseError)
      expect((error as ReleaseError).code).toBe(code)
      if (input) expect((error as UserError).input).toBe(input)
      expect((error as Error).message).toContain(mentions)
      expect(snapshot()).toEqual(before)
    })
  },
)
