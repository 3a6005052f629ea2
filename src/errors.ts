/**
 * Typed errors. Every error the product raises on purpose carries a stable `code` (for tests and
 * for users searching logs), a `hint` (what to do about it) and the `cause` it wraps.
 *
 * UserError: the input or the environment is wrong; the message names the input and what would
 * be valid. Everything else (RegistryError, LayoutError, InternalError) is the world failing.
 */

export type ErrorCode =
  | 'INPUT_INVALID'
  | 'INPUT_MISSING'
  | 'REFERENCE_INVALID'
  | 'DIGEST_INVALID'
  | 'TAG_INVALID'
  | 'CREDENTIALS_INVALID'
  | 'DIGEST_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'REGISTRY_ERROR'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_AUTH'
  | 'REDIRECT_REFUSED'
  | 'NOT_FOUND'
  | 'LAYOUT_INVALID'
  | 'LAYOUT_LOCKED'
  | 'MANIFEST_INVALID'
  | 'DIRTY_TREE'
  | 'GIT_FAILED'
  | 'NOT_A_REPOSITORY'
  | 'COMMIT_MISSING'
  | 'TAG_IMMUTABLE'
  | 'TAG_CONFLICT'
  | 'BUILD_FAILED'
  | 'BUILDER_UNAVAILABLE'
  | 'IGNORE_PATTERN_INVALID'
  | 'CONTEXT_INVALID'
  | 'CONTEXT_CHANGED'
  | 'SIGNATURE_INVALID'
  | 'KEY_INVALID'
  | 'PERMISSION_MISSING'
  | 'VERIFY_FAILED'
  | 'SIGNING_FAILED'
  | 'GITHUB_API'
  | 'LEDGER_CORRUPT'
  | 'LEDGER_UNREACHABLE'
  | 'LEDGER_RACE_LOST'
  | 'GATE_REFUSED'
  | 'DRIFT'
  | 'NOT_REPRODUCIBLE'
  | 'ADVISORIES_UNREACHABLE'
  | 'VULNERABLE'
  | 'INTERNAL'

export interface ErrorDetails {
  hint?: string
  cause?: unknown
}

export class ReleaseError extends Error {
  readonly code: ErrorCode
  readonly hint?: string

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = code
    this.hint = details.hint
  }
}

/** Bad input: `input` is the name the user typed (action input or CLI flag), `valid` what would do. */
export class UserError extends ReleaseError {
  readonly input?: string

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetails & { input?: string; valid?: string } = {},
  ) {
    const where = details.input ? `input '${details.input}': ` : ''
    const valid = details.valid ? ` (valid: ${details.valid})` : ''
    super(code, `${where}${message}${valid}`, details)
    this.input = details.input
  }
}

/** A registry answered with an error, or could not be reached. */
export class RegistryError extends ReleaseError {
  readonly status?: number
  readonly registry: string

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetails & { status?: number; registry: string },
  ) {
    super(code, message, details)
    this.status = details.status
    this.registry = details.registry
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError
}

/** One line per error in the cause chain, for logs; never includes stack traces of user errors. */
export function describeError(e: unknown): string {
  const lines: string[] = []
  let cur: unknown = e
  for (let depth = 0; cur !== undefined && depth < 6; depth++) {
    if (cur instanceof Error) {
      const code = cur instanceof ReleaseError ? ` [${cur.code}]` : ''
      lines.push(`${depth === 0 ? '' : 'caused by: '}${cur.message}${code}`)
      if (cur instanceof ReleaseError && cur.hint) lines.push(`hint: ${cur.hint}`)
      cur = cur.cause
    } else {
      lines.push(`${depth === 0 ? '' : 'caused by: '}${String(cur)}`)
      break
    }
  }
  return lines.join('\n')
}
