import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  compareAlpine,
  compareDebian,
  compareNpm,
  comparePypi,
  compareVersions,
  parseDebianVersion,
} from '../src/sbom/versions.js'

const run = promisify(execFile)

/** mulberry32: a fixed seed gives the same 1,000 pairs on every run and machine. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function debianPairs(count: number, seed: number): [string, string][] {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const digits = (): string => pick(['0', '1', '2', '9', '10', '01', '007', '123', '4294967296'])
  const piece = (): string =>
    pick([
      () => digits(),
      () => pick(['a', 'b', 'z', 'A', 'Z', 'rc', 'beta', 'dfsg', 'ubuntu', 'deb']),
      () => pick(['.', '+', '~', '~~', '.', '~rc']),
    ])()
  const run = (n: number): string => Array.from({ length: n }, piece).join('')
  const version = (): string => {
    const epoch = rnd() < 0.25 ? `${pick(['0', '1', '2', '10'])}:` : ''
    // Upstream starts with a digit; it may hold hyphens only when a revision follows.
    let upstream = digits() + run(Math.floor(rnd() * 5))
    const revision = rnd() < 0.7 ? digits() + run(Math.floor(rnd() * 3)) : ''
    if (revision && rnd() < 0.15) upstream += `-${digits()}`
    return `${epoch}${upstream}${revision ? `-${revision}` : ''}`
  }
  // Half the pairs differ by one small change, so that long equal prefixes are well covered.
  const mutate = (v: string): string => {
    const at = 1 + Math.floor(rnd() * (v.length - 1))
    const change = pick(['~', 'a', '0', '1', '.', '+', '', '-1'])
    const candidate = v.slice(0, at) + change + v.slice(at + (rnd() < 0.5 ? 1 : 0))
    return /^(\d+:)?\d[A-Za-z0-9.+~-]*$/.test(candidate) && !/-$/.test(candidate) ? candidate : v
  }
  return Array.from({ length: count }, () => {
    const a = version()
    return [a, rnd() < 0.5 ? mutate(a) : version()]
  })
}

async function dpkgOrder(a: string, b: string): Promise<number> {
  const holds = (op: string) =>
    run('dpkg', ['--compare-versions', a, op, b]).then(
      () => true,
      (e: { code?: number }) => {
        if (e.code === 1) return false
        throw e
      },
    )
  if (await holds('lt')) return -1
  return (await holds('eq')) ? 0 : 1
}

describe('Debian version order', () => {
  it('agrees with dpkg --compare-versions on 1,000 generated pairs', async () => {
    const pairs = debianPairs(1000, 20261201)
    const judged: { a: string; b: string; dpkg: number; ours: number }[] = []
    for (let i = 0; i < pairs.length; i += 8) {
      const batch = pairs.slice(i, i + 8)
      judged.push(
        ...(await Promise.all(
          batch.map(async ([a, b]) => ({ a, b, dpkg: await dpkgOrder(a, b), ours: 0 })),
        )),
      )
    }
    for (const j of judged) j.ours = Math.sign(compareDebian(j.a, j.b))
    expect(judged).toHaveLength(1000)
    // The generator covers what it claims to, and each outcome occurs.
    const all = pairs.flat().join(' ')
    for (const feature of [':', '~', '-', 'a', '+']) expect(all).toContain(feature)
    for (const outcome of [-1, 0, 1]) expect(judged.some((j) => j.dpkg === outcome)).toBe(true)
    expect(judged.filter((j) => j.dpkg !== j.ours)).toEqual([])
  })

  it.each([
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0', '1.0+b1', -1],
    ['1:0.1', '2.0', 1],
    ['1.0-1', '1.0-1ubuntu1', -1],
    ['1.0', '1.0-0', 0],
    ['3.0.11-1~deb12u2', '3.0.11-1', -1],
    ['1.2-3-4', '1.2-3-3', 1],
    ['1.01', '1.1', 0],
    ['a', 'A', 1],
    ['1.0a', '1.0+', -1],
  ])('%s vs %s', (a, b, expected) => {
    expect(Math.sign(compareDebian(a, b))).toBe(expected)
    expect(Math.sign(compareDebian(b, a))).toBe(-expected || 0)
  })

  it('splits epoch, upstream and revision', () => {
    expect(parseDebianVersion('2:1.2-3-4')).toEqual({
      epoch: '2',
      upstream: '1.2-3',
      revision: '4',
    })
    expect(parseDebianVersion('1.0')).toEqual({ epoch: '0', upstream: '1.0', revision: '' })
  })
})

describe('Alpine version order (apk-tools)', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '1.1', -1],
    ['1.10', '1.9', 1],
    ['1.0_alpha1', '1.0_beta1', -1],
    ['1.0_beta2', '1.0_pre1', -1],
    ['1.0_rc1', '1.0', -1],
    ['1.0', '1.0_p1', -1],
    ['1.0_cvs1', '1.0_svn1', -1],
    ['1.0_git20240101', '1.0_hg1', -1],
    ['1.0_hg1', '1.0_p1', -1],
    ['1.0a', '1.0b', -1],
    ['1.0a', '1.0.1', -1],
    ['1.0', '1.0a', -1],
    ['1.0-r0', '1.0-r1', -1],
    ['1.0-r10', '1.0-r9', 1],
    ['1.0', '1.0-r1', -1],
    ['1.0_rc1-r5', '1.0-r0', -1],
    ['1.01', '1.1', -1], // a leading zero compares as text: a fraction
    ['1.05', '1.050', -1],
    ['1.0~abc', '1.0~abd', -1],
    // apk ranks a version that goes on with a commit hash above one that goes straight to -r
    ['1.0~abc-r1', '1.0-r1', 1],
    ['3.0.15-r0', '3.0.15-r1', -1],
    ['1.2.3', '1.2.3.0', -1],
    ['2', '10', -1],
    ['18446744073709551617', '18446744073709551616', 1],
  ])('%s vs %s', (a, b, expected) => {
    expect(Math.sign(compareAlpine(a, b))).toBe(expected)
    expect(Math.sign(compareAlpine(b, a))).toBe(-expected || 0)
  })

  it('ranks an invalid version below a valid one with the same start', () => {
    expect(compareAlpine('1.0_foo', '1.0')).toBeLessThan(0)
    expect(compareAlpine('1.0', '1.0_foo')).toBeGreaterThan(0)
  })
})

describe('npm (semver) and PyPI (PEP 440) order', () => {
  it.each([
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0+build.1', '1.0.0+build.2', 0],
    ['4.17.20', '4.17.21', -1],
    ['10.0.0', '9.99.99', 1],
    ['v1.2.3', '1.2.3', 0],
    ['not-a-version', '0.0.1', -1],
  ])('npm %s vs %s', (a, b, expected) => {
    expect(Math.sign(compareNpm(a, b))).toBe(expected)
    expect(Math.sign(compareVersions('npm', b, a))).toBe(-expected || 0)
  })

  it.each([
    ['v1.8.0', 'v1.10.0', -1],
    ['v0.0.0-20230101000000-abcdef123456', 'v0.0.1', -1],
    ['v2.0.0+incompatible', 'v2.0.0', 0],
  ])('Go %s vs %s', (a, b, expected) => {
    expect(Math.sign(compareVersions('golang', a, b))).toBe(expected)
  })

  it.each([
    ['1.0.dev1', '1.0a1', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0', '1.0.post1', -1],
    ['1.0', '1.0.0', 0],
    ['1!0.1', '2.0', 1],
    ['1.0+local.1', '1.0', 1],
    ['1.0.post1.dev1', '1.0.post1', -1],
    ['2.0.0', '10.0', -1],
    ['1.0RC1', '1.0rc1', 0],
    ['not a version', '0.1', -1],
  ])('PyPI %s vs %s', (a, b, expected) => {
    expect(Math.sign(comparePypi(a, b))).toBe(expected)
    expect(Math.sign(compareVersions('pypi', b, a))).toBe(-expected || 0)
  })
})
