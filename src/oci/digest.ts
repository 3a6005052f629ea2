import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { ReleaseError, UserError } from '../errors.js'

const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
const SHA256_HEX_RE = /^[a-f0-9]{64}$/
const SHA512_HEX_RE = /^[a-f0-9]{128}$/

export function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** Validates a digest string: the spec's grammar, and for sha256/sha512 lower-case hex of the right length. */
export function parseDigest(value: string, input = 'digest'): string {
  const valid = 'sha256: followed by 64 lower-case hex characters'
  if (!DIGEST_RE.test(value)) {
    throw new UserError('DIGEST_INVALID', `'${value}' is not a digest`, { input, valid })
  }
  const [algorithm, encoded] = value.split(':', 2) as [string, string]
  if (algorithm === 'sha256' && !SHA256_HEX_RE.test(encoded)) {
    throw new UserError(
      'DIGEST_INVALID',
      `'${value}' has ${/[A-F]/.test(encoded) ? 'upper-case hex' : `${encoded.length} characters, not 64 hex`}`,
      { input, valid },
    )
  }
  if (algorithm === 'sha512' && !SHA512_HEX_RE.test(encoded)) {
    throw new UserError('DIGEST_INVALID', `'${value}' is not a valid sha512 digest`, {
      input,
      valid: 'sha512: followed by 128 lower-case hex characters',
    })
  }
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new UserError('DIGEST_INVALID', `digest algorithm '${algorithm}' is not supported`, {
      input,
      valid,
    })
  }
  return value
}

export function isDigest(value: string): boolean {
  try {
    parseDigest(value)
    return true
  } catch {
    return false
  }
}

/** The hex part of a sha256 digest, for file names. */
export function digestHex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1)
}

export function checkContent(
  bytes: Uint8Array,
  expected: { digest: string; size?: number },
  what: string,
): void {
  if (expected.size !== undefined && bytes.length !== expected.size) {
    throw new ReleaseError(
      'SIZE_MISMATCH',
      `${what}: got ${bytes.length} bytes, expected ${expected.size}`,
    )
  }
  const algorithm = expected.digest.split(':', 1)[0] ?? 'sha256'
  const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
  if (actual !== expected.digest) {
    throw new ReleaseError(
      'DIGEST_MISMATCH',
      `${what}: content has digest ${actual}, expected ${expected.digest}`,
      {
        hint: 'the registry or storage returned different bytes than the descriptor names; it may be corrupted or tampered with',
      },
    )
  }
}

/**
 * A pass-through stream that hashes what flows through it and fails at the end when the digest or
 * size differ from the descriptor's: downloaded content is never trusted on its word.
 */
export class VerifyingStream extends Transform {
  private readonly hash
  private seen = 0

  constructor(
    private readonly expected: { digest: string; size?: number },
    private readonly what: string,
  ) {
    super()
    this.hash = createHash(expected.digest.split(':', 1)[0] ?? 'sha256')
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length
    if (this.expected.size !== undefined && this.seen > this.expected.size) {
      done(
        new ReleaseError(
          'SIZE_MISMATCH',
          `${this.what}: more than the expected ${this.expected.size} bytes`,
        ),
      )
      return
    }
    this.hash.update(chunk)
    done(null, chunk)
  }

  override _flush(done: TransformCallback): void {
    const actual = `${this.expected.digest.split(':', 1)[0]}:${this.hash.digest('hex')}`
    if (this.expected.size !== undefined && this.seen !== this.expected.size) {
      done(
        new ReleaseError(
          'SIZE_MISMATCH',
          `${this.what}: got ${this.seen} bytes, expected ${this.expected.size}`,
        ),
      )
    } else if (actual !== this.expected.digest) {
      done(
        new ReleaseError(
          'DIGEST_MISMATCH',
          `${this.what}: content has digest ${actual}, expected ${this.expected.digest}`,
        ),
      )
    } else {
      done()
    }
  }
}
