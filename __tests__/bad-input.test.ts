/**
 * Bad references, digests, tags and credentials, as users type them: each must fail before
 * anything runs, with a UserError that names the input and says what would be valid.
 */
import { describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { describeError, UserError } from '../src/errors.js'

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
