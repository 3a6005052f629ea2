import { describe, expect, it } from 'vitest'
import { ReleaseError } from '../src/errors.js'
import {
  applyHold,
  applyMarkBad,
  applyPromote,
  applyRollback,
  applyUnhold,
  checkLifecycle,
  checkNotBad,
  checkNotOnHold,
  checkRollbackTarget,
  describeMove,
  emptyEnvironment,
  HISTORY_LIMIT,
  isBad,
  isInPlace,
  parseEnvironment,
  rollbackPlacement,
  rollbackTarget,
  serializeEnvironment,
} from '../src/release/environment.js'
import type { EnvironmentState, Placement } from '../src/release/environment-types.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`
const C = `sha256:${'c'.repeat(64)}`
const COMMIT_A = '7fd1a60b01f91b314f59955a4e4d4e80d8edf11d'
const RUN = 'https://github.com/acme/shop/actions/runs/42'

function digest(n: number): string {
  return `sha256:${n.toString(16).padStart(64, '0')}`
}

function promote(d: string, extra: Partial<Placement> = {}): Placement {
  return { digest: d, at: '2024-05-01T10:00:00Z', by: 'alice', kind: 'promote', ...extra }
}

/** Deep-frozen, so any mutation of an input throws in strict mode. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v)
    Object.freeze(value)
  }
  return value
}

function refused(fn: () => unknown): ReleaseError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ReleaseError)
    return e as ReleaseError
  }
  throw new Error('expected a ReleaseError')
}

describe('promote', () => {
  it('moves current to previous and records history newest first, without mutating', () => {
    const empty = frozen(emptyEnvironment('production'))
    const one = frozen(applyPromote(empty, promote(A, { version: '1.0.0', commit: COMMIT_A })))
    expect(one.current).toMatchObject({ digest: A, kind: 'promote', version: '1.0.0' })
    expect(one.previous).toBeUndefined()
    expect(one.history.map((p) => p.digest)).toEqual([A])

    const snapshot = structuredClone(one)
    const two = applyPromote(one, promote(B, { by: 'bob' }))
    expect(two.current).toMatchObject({ digest: B, by: 'bob' })
    expect(two.previous).toMatchObject({ digest: A, version: '1.0.0', commit: COMMIT_A })
    expect(two.history.map((p) => p.digest)).toEqual([B, A])
    expect(one).toEqual(snapshot)
    expect(empty).toEqual(emptyEnvironment('production'))
  })

  it('bounds the history to the limit, keeping the newest', () => {
    let state = emptyEnvironment('staging')
    for (let i = 1; i <= 5; i++) state = applyPromote(state, promote(digest(i)), 3)
    expect(state.history.map((p) => p.digest)).toEqual([digest(5), digest(4), digest(3)])
    expect(state.current?.digest).toBe(digest(5))
    expect(state.previous?.digest).toBe(digest(4))
    expect(HISTORY_LIMIT).toBe(100)

    let long = emptyEnvironment('staging')
    for (let i = 1; i <= 105; i++) long = applyPromote(long, promote(digest(i)))
    expect(long.history).toHaveLength(100)
    expect(long.history[99]?.digest).toBe(digest(6))
  })

  it('knows when the digest is already in place', () => {
    const state = applyPromote(emptyEnvironment('staging'), promote(A))
    expect(isInPlace(state, A)).toBe(true)
    expect(isInPlace(state, B)).toBe(false)
    expect(isInPlace(emptyEnvironment('staging'), A)).toBe(false)
  })

  it('refuses a placement of the wrong kind, a bad digest, or a nonsensical limit', () => {
    const empty = emptyEnvironment('staging')
    expect(refused(() => applyPromote(empty, { ...promote(A), kind: 'rollback' })).code).toBe(
      'INTERNAL',
    )
    expect(refused(() => applyPromote(empty, promote('sha256:abc'))).code).toBe('DIGEST_INVALID')
    expect(refused(() => applyPromote(empty, promote(A), 0)).code).toBe('INTERNAL')
    expect(refused(() => applyRollback(empty, { ...promote(A) }, {})).message).toMatch(
      /promote placement was applied as a rollback/,
    )
  })
})

describe('rollback', () => {
  it('rollback, then rollback again, rolls forward to the digest rolled back from', () => {
    let state = emptyEnvironment('production')
    state = applyPromote(state, promote(A, { version: '1.0.0', commit: COMMIT_A, runUrl: RUN }))
    state = applyPromote(state, promote(B, { version: '1.1.0' }))

    const first = rollbackTarget(state)
    expect(first?.digest).toBe(A)
    state = applyRollback(
      state,
      rollbackPlacement(first!, { at: '2024-05-02T09:00:00Z', by: 'bob', reason: 'checkout 500s' }),
    )
    expect(state.current).toEqual({
      digest: A,
      commit: COMMIT_A,
      version: '1.0.0',
      at: '2024-05-02T09:00:00Z',
      by: 'bob',
      kind: 'rollback',
      rolledBackFrom: B,
      reason: 'checkout 500s',
    })
    expect(state.previous?.digest).toBe(B)

    const second = rollbackTarget(state)
    expect(second?.digest).toBe(B)
    state = applyRollback(
      state,
      rollbackPlacement(second!, {
        at: '2024-05-02T11:00:00Z',
        by: 'carol',
        reason: 'false alarm: the 500s came from the payment provider',
      }),
    )
    expect(state.current).toMatchObject({
      digest: B,
      version: '1.1.0',
      kind: 'rollback',
      rolledBackFrom: A,
      by: 'carol',
    })
    expect(state.previous?.digest).toBe(A)

    expect(
      state.history.map(({ digest, kind, by, reason, rolledBackFrom }) => ({
        digest,
        kind,
        by,
        reason,
        rolledBackFrom,
      })),
    ).toEqual([
      {
        digest: B,
        kind: 'rollback',
        by: 'carol',
        reason: 'false alarm: the 500s came from the payment provider',
        rolledBackFrom: A,
      },
      { digest: A, kind: 'rollback', by: 'bob', reason: 'checkout 500s', rolledBackFrom: B },
      { digest: B, kind: 'promote', by: 'alice', reason: undefined, rolledBackFrom: undefined },
      { digest: A, kind: 'promote', by: 'alice', reason: undefined, rolledBackFrom: undefined },
    ])
    // The whole story survives the trip through the ledger file.
    const text = serializeEnvironment(state)
    expect(parseEnvironment(text, 'production')).toEqual(state)
  })

  it('goes to an explicit digest without a previous, and keeps a rolledBackFrom given by the caller', () => {
    const empty = emptyEnvironment('production')
    expect(checkRollbackTarget(empty)).toMatchObject({ gate: 'no-previous' })
    expect(checkRollbackTarget(empty)?.message).toMatch(/production has no previous digest/)

    const to = applyRollback(empty, { ...promote(C), kind: 'rollback', reason: 'reset' })
    expect(to.current).toMatchObject({ digest: C, kind: 'rollback' })
    expect(to.current?.rolledBackFrom).toBeUndefined()
    expect(to.previous).toBeUndefined()

    const withPrev = applyPromote(applyPromote(empty, promote(A)), promote(B))
    expect(checkRollbackTarget(withPrev)).toBeUndefined()
    const explicit = applyRollback(withPrev, { ...promote(C), kind: 'rollback', rolledBackFrom: A })
    expect(explicit.current?.rolledBackFrom).toBe(A)
    expect(explicit.previous?.digest).toBe(B)
  })

  it('sets a hold when asked; a held environment refuses promotes, not rollbacks, until unhold', () => {
    let state = applyPromote(applyPromote(emptyEnvironment('production'), promote(A)), promote(B))
    expect(checkNotOnHold(state, 'promote')).toBeUndefined()

    const hold = { by: 'bob', at: '2024-05-02T09:00:00Z', reason: 'incident 17' }
    state = applyRollback(state, rollbackPlacement(state.previous!, { ...hold }), { hold })
    expect(state.hold).toEqual(hold)

    const refusal = checkNotOnHold(state, 'promote')
    expect(refusal?.gate).toBe('on-hold')
    expect(refusal?.message).toContain('production is on hold since 2024-05-02T09:00:00Z by bob')
    expect(refusal?.message).toContain('incident 17')
    expect(checkNotOnHold(state, 'rollback')).toBeUndefined()

    // A rollback without a new hold leaves the existing one alone.
    const again = applyRollback(state, rollbackPlacement(state.previous!, { at: 'x', by: 'carol' }))
    expect(again.hold).toEqual(hold)

    const released = applyUnhold(frozen(state))
    expect(released.hold).toBeUndefined()
    expect('hold' in released).toBe(false)
    expect(checkNotOnHold(released, 'promote')).toBeUndefined()
    expect(state.hold).toEqual(hold)

    const byHand = applyHold(released, { by: 'dave', at: '2024-05-03T08:00:00Z' })
    expect(checkNotOnHold(byHand, 'promote')?.message).toMatch(/on hold since .* by dave: only/)
  })
})

describe('bad digests', () => {
  it('marks idempotently, and the gate refuses marked digests from either list', () => {
    const state = frozen(applyPromote(emptyEnvironment('production'), promote(A)))
    const mark = { digest: B, by: 'bob', at: '2024-05-02T09:00:00Z', reason: 'leaks memory' }
    const marked = applyMarkBad(state, mark)
    expect(marked.bad).toEqual([mark])
    expect(state.bad).toEqual([])

    const again = applyMarkBad(marked, { ...mark, by: 'carol', reason: 'again' })
    expect(again).toBe(marked)
    expect(again.bad).toEqual([mark])

    expect(isBad(marked, B)).toEqual(mark)
    expect(isBad(marked, A)).toBeUndefined()
    const refusal = checkNotBad(marked, B)
    expect(refusal?.gate).toBe('marked-bad')
    expect(refusal?.message).toContain(`${B} is marked bad in production (by bob`)
    expect(refusal?.message).toContain('leaks memory')
    expect(checkNotBad(marked, A)).toBeUndefined()

    const globalBad = [{ digest: C, by: 'security', at: '2024-05-01T00:00:00Z' }]
    expect(isBad(marked, C, globalBad)).toEqual(globalBad[0])
    expect(checkNotBad(marked, C, globalBad)?.message).toContain(
      `${C} is marked bad for every environment`,
    )
    expect(checkNotBad(marked, C)).toBeUndefined()
  })
})

describe('lifecycle', () => {
  const staging = applyPromote(
    applyPromote(applyPromote(emptyEnvironment('staging'), promote(A)), promote(B)),
    promote(C),
  )
  const names = { target: 'production', source: 'staging' }

  it('accepts a digest current in the source, or in its history', () => {
    expect(checkLifecycle(staging, C, names)).toBeUndefined()
    expect(checkLifecycle(staging, A, names)).toBeUndefined()
    const rolledBack = applyRollback(staging, { ...promote(digest(9)), kind: 'rollback' })
    expect(checkLifecycle(rolledBack, digest(9))).toBeUndefined()
  })

  it('refuses a digest never current in the source, naming both environments and the digest', () => {
    const refusal = checkLifecycle(staging, digest(7), names)
    expect(refusal?.gate).toBe('lifecycle')
    expect(refusal?.message).toBe(
      `production only takes a digest that has been current in staging: ${digest(7)} never was; promote it to staging first`,
    )
    const none = checkLifecycle(undefined, A, names)
    expect(none?.message).toContain('staging has no ledger entry yet')
    expect(none?.message).toContain('production')
    expect(none?.message).toContain(A)
  })
})

describe('the ledger file', () => {
  const state: EnvironmentState = (() => {
    let s = emptyEnvironment('production')
    s = applyPromote(s, promote(A, { version: '1.0.0', commit: COMMIT_A, runUrl: RUN }))
    s = applyPromote(s, promote(B, { by: 'bob' }))
    s = applyRollback(s, rollbackPlacement(s.previous!, { at: 't', by: 'carol', reason: 'r' }), {
      hold: { by: 'carol', at: 't' },
    })
    return applyMarkBad(s, { digest: B, by: 'carol', at: 't', reason: 'broken' })
  })()

  it('serializes in a stable key order, pretty, with a trailing newline and no absent fields', () => {
    const text = serializeEnvironment(state)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).not.toContain('null')
    expect(text).toContain('\n  "environment": "production",\n')
    expect(Object.keys(JSON.parse(text))).toEqual([
      'schemaVersion',
      'environment',
      'current',
      'previous',
      'hold',
      'bad',
      'history',
    ])
    const previous = JSON.parse(text).previous
    expect(Object.keys(previous)).toEqual(['digest', 'at', 'by', 'kind'])
    expect(serializeEnvironment(emptyEnvironment('dev'))).toBe(
      '{\n  "schemaVersion": 1,\n  "environment": "dev",\n  "bad": [],\n  "history": []\n}\n',
    )
  })

  it('round-trips byte for byte', () => {
    const text = serializeEnvironment(state)
    const parsed = parseEnvironment(text, 'production')
    expect(parsed).toEqual(state)
    expect(serializeEnvironment(parsed)).toBe(text)

    // Key order in the file does not matter to the reader; the writer restores its own.
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse()))
    expect(serializeEnvironment(parseEnvironment(shuffled, 'production'))).toBe(text)
  })

  function corruptMessage(doc: unknown, name = 'production'): string {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc)
    const e = refused(() => parseEnvironment(text, name))
    expect(e.code).toBe('LEDGER_CORRUPT')
    expect(e.message).toContain(`environments/${name}.json`)
    return e.message
  }

  it('refuses corrupt files with LEDGER_CORRUPT, naming the file and what is wrong', () => {
    const good = JSON.parse(serializeEnvironment(state))
    expect(corruptMessage({ ...good, schemaVersion: 2 })).toContain(
      'schemaVersion is 2, expected 1',
    )
    expect(corruptMessage({ ...good, current: { ...good.current, digest: 'sha256:abc' } })).toMatch(
      /current\.digest "sha256:abc" is not sha256:<64 hex>/,
    )
    expect(
      corruptMessage({ ...good, history: [good.history[0], { ...good.history[1], digest: 'x' }] }),
    ).toContain('history[1].digest "x"')
    expect(
      corruptMessage({ ...good, bad: [{ ...good.bad[0], digest: B.toUpperCase() }] }),
    ).toContain('bad[0].digest')
    const nameless = { ...good }
    delete nameless.environment
    expect(corruptMessage(nameless)).toContain('environment (the environment name) is missing')
    expect(corruptMessage(good, 'staging')).toContain(
      "environment is 'production', but the file belongs to 'staging'",
    )
    expect(corruptMessage({ ...good, current: { ...good.current, kind: 'deploy' } })).toContain(
      'current.kind is "deploy"',
    )
    expect(corruptMessage({ ...good, hold: { reason: 7 } })).toMatch(
      /hold\.by is missing; hold\.at is missing; hold\.reason is not a string/,
    )
    expect(corruptMessage({ ...good, history: undefined })).toContain('history is missing')
    expect(corruptMessage('{"schemaVersion": 1,')).toContain('is corrupt: it is not JSON')
    expect(corruptMessage('[]')).toContain('not a JSON object')
  })

  it('reads null optional fields as absent', () => {
    const doc = {
      schemaVersion: 1,
      environment: 'qa',
      current: null,
      hold: null,
      bad: [],
      history: [],
    }
    expect(parseEnvironment(JSON.stringify(doc), 'qa')).toEqual(emptyEnvironment('qa'))
  })
})

describe('describeMove', () => {
  const short = (d: string) => `sha256:${d.slice(7, 19)}…`

  it('says what a promote moved, which version, and who', () => {
    expect(describeMove('production', promote(A), promote(B, { version: '1.2.3' }))).toBe(
      `production: promote ${short(A)}→${short(B)} (v1.2.3, by alice)`,
    )
    expect(describeMove('staging', undefined, promote(A))).toBe(
      `staging: promote ${short(A)} (by alice)`,
    )
  })

  it('says where a rollback went, from where, who and why, on one line', () => {
    const after: Placement = {
      ...promote(A),
      kind: 'rollback',
      by: 'bob',
      rolledBackFrom: B,
      reason: 'checkout\n  returns 500',
    }
    expect(describeMove('production', promote(B), after)).toBe(
      `production: rollback to ${short(A)} from ${short(B)} by bob: checkout returns 500`,
    )
    expect(
      describeMove('production', promote(C), {
        ...after,
        rolledBackFrom: undefined,
        version: 'v2.0.0',
        reason: undefined,
      }),
    ).toBe(`production: rollback to ${short(A)} (v2.0.0) from ${short(C)} by bob`)
  })
})
