/**
 * The environment file (DESIGN §3) as pure state transitions: parse and serialize
 * `environments/<env>.json`, apply a move, and the promotion gates that need only ledger state.
 * The ledger I/O and the registry gates live elsewhere; keeping this pure lets the
 * compare-and-swap loop re-apply a move to whatever head it lost a race to.
 */
import { ReleaseError } from '../errors.js'
import type { BadMark, EnvironmentState, Hold, Placement } from './environment-types.js'

export const HISTORY_LIMIT = 100
export const ENVIRONMENT_SCHEMA_VERSION = 1

// The ledger only ever records manifest digests the registry computed, which are sha256;
// anything else in the file was put there by hand or by a bug.
const SHA256_DIGEST_RE = /^sha256:[a-f0-9]{64}$/

export function emptyEnvironment(name: string): EnvironmentState {
  return { schemaVersion: 1, environment: name, history: [], bad: [] }
}

// The ledger module owns the layout; this copy only names the file in corruption errors.
function environmentPath(name: string): string {
  return `environments/${name}.json`
}

// ---------------------------------------------------------------------------------------------
// Parse and serialize

/**
 * Reads an environment file, refusing anything that is not exactly v1: a ledger we half
 * understand could move a production pointer to the wrong digest, so every problem is fatal and
 * all of them are named at once (one fix-up commit instead of one per run).
 */
export function parseEnvironment(text: string, name: string): EnvironmentState {
  const file = environmentPath(name)
  let raw: unknown
  try {
    // A BOM is what an editor on Windows adds; it is not corruption worth stopping a rollback.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (cause) {
    throw corrupt(file, ['it is not JSON'], cause)
  }
  if (!isObject(raw)) throw corrupt(file, ['it is not a JSON object'])

  const problems: string[] = []
  if (raw.schemaVersion !== ENVIRONMENT_SCHEMA_VERSION) {
    problems.push(
      `schemaVersion is ${JSON.stringify(raw.schemaVersion)}, expected ${ENVIRONMENT_SCHEMA_VERSION}`,
    )
  }
  if (typeof raw.environment !== 'string' || raw.environment === '') {
    problems.push('environment (the environment name) is missing')
  } else if (raw.environment !== name) {
    problems.push(`environment is '${raw.environment}', but the file belongs to '${name}'`)
  }
  const current = readOptional(raw, 'current', problems, readPlacement)
  const previous = readOptional(raw, 'previous', problems, readPlacement)
  const hold = readOptional(raw, 'hold', problems, readHold)
  const history = readList(raw, 'history', problems, readPlacement)
  const bad = readList(raw, 'bad', problems, readBadMark)
  if (problems.length > 0) throw corrupt(file, problems)

  const state: EnvironmentState = { schemaVersion: 1, environment: name, history, bad }
  if (current) state.current = current
  if (previous) state.previous = previous
  if (hold) state.hold = hold
  return state
}

/**
 * Stable key order and pretty-printed, because people read the ledger in git log -p and a
 * reordered key would show as a change that is not one.
 */
export function serializeEnvironment(state: EnvironmentState): string {
  // JSON.stringify drops undefined members, which is what omits absent optional fields.
  const ordered = {
    schemaVersion: state.schemaVersion,
    environment: state.environment,
    current: state.current && orderPlacement(state.current),
    previous: state.previous && orderPlacement(state.previous),
    hold: state.hold && { by: state.hold.by, at: state.hold.at, reason: state.hold.reason },
    bad: state.bad.map((m) => ({ digest: m.digest, by: m.by, at: m.at, reason: m.reason })),
    history: state.history.map(orderPlacement),
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

function orderPlacement(p: Placement): Placement {
  return {
    digest: p.digest,
    commit: p.commit,
    version: p.version,
    at: p.at,
    by: p.by,
    runUrl: p.runUrl,
    kind: p.kind,
    rolledBackFrom: p.rolledBackFrom,
    reason: p.reason,
  }
}

function corrupt(file: string, problems: string[], cause?: unknown): ReleaseError {
  return new ReleaseError(
    'LEDGER_CORRUPT',
    `ledger file ${file} is corrupt: ${problems.join('; ')}`,
    {
      hint: `the ledger branch keeps every earlier version of ${file}: restore a good one (git log -p -- ${file}) in a new commit`,
      cause,
    },
  )
}

type Reader<T> = (value: unknown, path: string, problems: string[]) => T | undefined

function readOptional<T>(
  obj: Record<string, unknown>,
  key: string,
  problems: string[],
  read: Reader<T>,
): T | undefined {
  // null is how other JSON tools (and hand edits) say "absent"; it means the same here.
  const value = obj[key]
  return value === undefined || value === null ? undefined : read(value, key, problems)
}

function readList<T>(
  obj: Record<string, unknown>,
  key: string,
  problems: string[],
  read: Reader<T>,
): T[] {
  const value = obj[key]
  if (!Array.isArray(value)) {
    problems.push(`${key} is ${value === undefined ? 'missing' : 'not a list'}`)
    return []
  }
  const out: T[] = []
  value.forEach((item, i) => {
    const parsed = read(item, `${key}[${i}]`, problems)
    if (parsed !== undefined) out.push(parsed)
  })
  return out
}

const readPlacement: Reader<Placement> = (value, path, problems) => {
  if (!isObject(value)) {
    problems.push(`${path} is not an object`)
    return undefined
  }
  const before = problems.length
  const digest = requiredDigest(value, path, 'digest', problems)
  const at = requiredString(value, path, 'at', problems)
  const by = requiredString(value, path, 'by', problems)
  const kind = value.kind
  if (kind !== 'promote' && kind !== 'rollback') {
    problems.push(`${path}.kind is ${JSON.stringify(kind)}, expected "promote" or "rollback"`)
  }
  const placement: Placement = { digest, at, by, kind: kind as Placement['kind'] }
  const commit = optionalString(value, path, 'commit', problems)
  const version = optionalString(value, path, 'version', problems)
  const runUrl = optionalString(value, path, 'runUrl', problems)
  const rolledBackFrom = optionalString(value, path, 'rolledBackFrom', problems)
  if (rolledBackFrom !== undefined && !SHA256_DIGEST_RE.test(rolledBackFrom)) {
    problems.push(`${path}.rolledBackFrom '${rolledBackFrom}' is not sha256:<64 hex>`)
  }
  const reason = optionalString(value, path, 'reason', problems)
  if (commit !== undefined) placement.commit = commit
  if (version !== undefined) placement.version = version
  if (runUrl !== undefined) placement.runUrl = runUrl
  if (rolledBackFrom !== undefined) placement.rolledBackFrom = rolledBackFrom
  if (reason !== undefined) placement.reason = reason
  return problems.length === before ? placement : undefined
}

const readHold: Reader<Hold> = (value, path, problems) => {
  if (!isObject(value)) {
    problems.push(`${path} is not an object`)
    return undefined
  }
  const before = problems.length
  const hold: Hold = {
    by: requiredString(value, path, 'by', problems),
    at: requiredString(value, path, 'at', problems),
  }
  const reason = optionalString(value, path, 'reason', problems)
  if (reason !== undefined) hold.reason = reason
  return problems.length === before ? hold : undefined
}

const readBadMark: Reader<BadMark> = (value, path, problems) => {
  if (!isObject(value)) {
    problems.push(`${path} is not an object`)
    return undefined
  }
  const before = problems.length
  const mark: BadMark = {
    digest: requiredDigest(value, path, 'digest', problems),
    by: requiredString(value, path, 'by', problems),
    at: requiredString(value, path, 'at', problems),
  }
  const reason = optionalString(value, path, 'reason', problems)
  if (reason !== undefined) mark.reason = reason
  return problems.length === before ? mark : undefined
}

function requiredString(
  obj: Record<string, unknown>,
  path: string,
  key: string,
  problems: string[],
): string {
  const value = obj[key]
  if (typeof value === 'string' && value !== '') return value
  problems.push(`${path}.${key} is ${value === undefined ? 'missing' : 'not a non-empty string'}`)
  return ''
}

function requiredDigest(
  obj: Record<string, unknown>,
  path: string,
  key: string,
  problems: string[],
): string {
  const value = obj[key]
  if (typeof value === 'string' && SHA256_DIGEST_RE.test(value)) return value
  problems.push(
    value === undefined
      ? `${path}.${key} is missing`
      : `${path}.${key} ${JSON.stringify(value)} is not sha256:<64 hex>`,
  )
  return ''
}

function optionalString(
  obj: Record<string, unknown>,
  path: string,
  key: string,
  problems: string[],
): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  problems.push(`${path}.${key} is not a string`)
  return undefined
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// ---------------------------------------------------------------------------------------------
// Moves. Each returns a new state and leaves its input alone, so a caller that loses the
// compare-and-swap race can re-apply the same move to the new head. None of them checks a gate:
// the gates run first, against the same state, and say which one refused.

/** True when the environment already points at `digest`: the move is done, write nothing. */
export function isInPlace(state: EnvironmentState, digest: string): boolean {
  return state.current?.digest === digest
}

export function applyPromote(
  state: EnvironmentState,
  placement: Placement,
  limit: number = HISTORY_LIMIT,
): EnvironmentState {
  checkPlacement(placement, 'promote')
  return move(state, placement, limit)
}

/**
 * A rollback is the same pointer swap as a promote, so the digest rolled back from becomes the
 * new previous: rolling back again rolls forward to it. The target need not be the retained
 * previous (an explicit `to` may name any released digest).
 */
export function applyRollback(
  state: EnvironmentState,
  placement: Placement,
  options: { hold?: Hold } = {},
  limit: number = HISTORY_LIMIT,
): EnvironmentState {
  checkPlacement(placement, 'rollback')
  const rolledBackFrom = placement.rolledBackFrom ?? state.current?.digest
  const recorded: Placement = { ...placement }
  if (rolledBackFrom !== undefined) recorded.rolledBackFrom = rolledBackFrom
  const next = move(state, recorded, limit)
  // Without a new hold an existing one stays: rolling back is no reason to let promotes resume.
  if (options.hold) next.hold = { ...options.hold }
  return next
}

/**
 * The placement a rollback to `target` records: the target's release facts (digest, commit,
 * version) with this move's who, when and why, and none of the target's own rollback details.
 */
export function rollbackPlacement(
  target: Placement,
  move: { at: string; by: string; runUrl?: string; reason?: string; rolledBackFrom?: string },
): Placement {
  const p: Placement = { digest: target.digest, at: move.at, by: move.by, kind: 'rollback' }
  if (target.commit !== undefined) p.commit = target.commit
  if (target.version !== undefined) p.version = target.version
  if (move.runUrl !== undefined) p.runUrl = move.runUrl
  if (move.rolledBackFrom !== undefined) p.rolledBackFrom = move.rolledBackFrom
  if (move.reason !== undefined) p.reason = move.reason
  return p
}

/** Where a rollback without `to` goes: the retained previous. */
export function rollbackTarget(state: EnvironmentState): Placement | undefined {
  return state.previous
}

export function applyHold(state: EnvironmentState, hold: Hold): EnvironmentState {
  return { ...copy(state), hold: { ...hold } }
}

export function applyUnhold(state: EnvironmentState): EnvironmentState {
  const next = copy(state)
  delete next.hold
  return next
}

/**
 * Idempotent by digest: marking again keeps the first mark (who found it and why is the useful
 * fact) and returns the input itself, so a caller can tell there is nothing to write.
 */
export function applyMarkBad(state: EnvironmentState, mark: BadMark): EnvironmentState {
  if (state.bad.some((m) => m.digest === mark.digest)) return state
  checkDigest(mark.digest)
  const next = copy(state)
  next.bad.push({ ...mark })
  return next
}

/** The mark that makes `digest` bad here, in this environment's list or the global one. */
export function isBad(
  state: EnvironmentState,
  digest: string,
  globalBad: BadMark[] = [],
): BadMark | undefined {
  return state.bad.find((m) => m.digest === digest) ?? globalBad.find((m) => m.digest === digest)
}

function move(state: EnvironmentState, placement: Placement, limit: number): EnvironmentState {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ReleaseError('INTERNAL', `history limit must be a positive integer, got ${limit}`)
  }
  const next = copy(state)
  const recorded = { ...placement }
  if (state.current) next.previous = state.current
  else delete next.previous
  next.current = recorded
  next.history = [recorded, ...state.history].slice(0, limit)
  return next
}

function copy(state: EnvironmentState): EnvironmentState {
  return { ...state, history: [...state.history], bad: [...state.bad] }
}

function checkPlacement(placement: Placement, kind: Placement['kind']): void {
  if (placement.kind !== kind) {
    throw new ReleaseError(
      'INTERNAL',
      `a ${placement.kind} placement was applied as a ${kind}; the ledger would misreport it`,
    )
  }
  checkDigest(placement.digest)
  if (placement.rolledBackFrom !== undefined) checkDigest(placement.rolledBackFrom)
}

// Refused here rather than on the next read: a file the next run cannot parse would stop every
// later promote and rollback of the environment.
function checkDigest(digest: string): void {
  if (!SHA256_DIGEST_RE.test(digest)) {
    throw new ReleaseError('DIGEST_INVALID', `'${digest}' cannot be recorded in the ledger`, {
      hint: 'the ledger records image manifest digests: sha256: followed by 64 lower-case hex characters',
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Gates that need only ledger state

/** A gate that refused: which one (for tests and summaries) and why, in words for the user. */
export interface GateRefusal {
  gate: string
  message: string
}

/** While held only rollback (and unhold) may move the pointer: a hold exists to stop promotes. */
export function checkNotOnHold(
  state: EnvironmentState,
  command: 'promote' | 'rollback',
): GateRefusal | undefined {
  if (!state.hold || command === 'rollback') return undefined
  const { by, at, reason } = state.hold
  return {
    gate: 'on-hold',
    message:
      `${state.environment} is on hold since ${at} by ${by}${reason ? ` (${oneLine(reason)})` : ''}: ` +
      `only rollback and unhold may move it; run unhold to allow promotes again`,
  }
}

export function checkNotBad(
  state: EnvironmentState,
  digest: string,
  globalBad: BadMark[] = [],
): GateRefusal | undefined {
  const local = state.bad.find((m) => m.digest === digest)
  const mark = local ?? globalBad.find((m) => m.digest === digest)
  if (!mark) return undefined
  const where = local ? `in ${state.environment}` : 'for every environment'
  return {
    gate: 'marked-bad',
    message:
      `${digest} is marked bad ${where} (by ${mark.by} at ${mark.at}` +
      `${mark.reason ? `: ${oneLine(mark.reason)}` : ''}); no promote or rollback may point to it`,
  }
}

/** A rollback without `to` needs a retained previous to go to. */
export function checkRollbackTarget(state: EnvironmentState): GateRefusal | undefined {
  if (state.previous) return undefined
  return {
    gate: 'no-previous',
    message: `${state.environment} has no previous digest to roll back to; name one with 'to'`,
  }
}

/**
 * Lifecycle order: the digest must be, or have been, current in the source environment. Only
 * the retained history counts: a digest that fell out of it is too old to vouch for.
 * `names` only improves the message (the source name when there is no source file yet).
 */
export function checkLifecycle(
  source: EnvironmentState | undefined,
  digest: string,
  names: { target?: string; source?: string } = {},
): GateRefusal | undefined {
  if (source && wasCurrent(source, digest)) return undefined
  const target = names.target ?? 'this environment'
  const from = source?.environment ?? names.source ?? 'the source environment'
  const never = source
    ? `${digest} never was`
    : `${from} has no ledger entry yet, so ${digest} never was`
  return {
    gate: 'lifecycle',
    message: `${target} only takes a digest that has been current in ${from}: ${never}; promote it to ${from} first`,
  }
}

function wasCurrent(state: EnvironmentState, digest: string): boolean {
  return (
    state.current?.digest === digest ||
    state.previous?.digest === digest ||
    state.history.some((p) => p.digest === digest)
  )
}

// ---------------------------------------------------------------------------------------------
// Commit messages

/** The one-line ledger commit message for a move: what moved, from where, who, and why. */
export function describeMove(env: string, before: Placement | undefined, after: Placement): string {
  const to = shortDigest(after.digest)
  const why = after.reason ? `: ${oneLine(after.reason)}` : ''
  if (after.kind === 'rollback') {
    const fromDigest = after.rolledBackFrom ?? before?.digest
    const version = after.version ? ` (${displayVersion(after.version)})` : ''
    const from = fromDigest ? ` from ${shortDigest(fromDigest)}` : ''
    return `${env}: rollback to ${to}${version}${from} by ${after.by}${why}`
  }
  const path = before ? `${shortDigest(before.digest)}→${to}` : to
  const facts = [after.version && displayVersion(after.version), `by ${after.by}`].filter(Boolean)
  return `${env}: promote ${path} (${facts.join(', ')})${why}`
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':')
  return `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 13)}…`
}

function displayVersion(version: string): string {
  return /^v\d/.test(version) ? version : `v${version}`
}

// A commit message subject is one line; a reason pasted from an incident channel often is not.
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
