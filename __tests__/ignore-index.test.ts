import { describe, expect, it } from 'vitest'
import { cleanPath, compileIgnore, compilePattern } from '../src/builders/ignore.js'

/**
 * The line-by-line reading of an ignore file: every line is tried on every path and each of its
 * folders, and the last line that matches decides. It uses the one-pattern matchers only, so it
 * checks how compileIgnore picks and combines lines (the meaning of one pattern is ignore.test.ts's).
 */
function lineByLine(lines: string[]): (path: string) => boolean {
  const compiled = lines.map((line) => {
    const negated = line.startsWith('!')
    const text = cleanPath(negated ? line.slice(1) : line)
    return compilePattern(text, negated, line)
  })
  return (path) => {
    const paths = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))
    let excluded = false
    for (const pattern of compiled) {
      if (paths.some((p) => pattern.matches(p))) excluded = !pattern.negated
    }
    return excluded
  }
}

/** mulberry32: the same "random" cases on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NAMES = ['src', 'lib', 'a', 'b', 'node_modules', 'x.log', 'y.tmp', 'build', 'out.txt', 'c']

describe('compiled ignore matcher', () => {
  it('agrees with the line-by-line reading on generated files and paths', () => {
    const rand = prng(0x5eed)
    const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T
    const path = (depth: number): string =>
      Array.from({ length: depth }, () => pick(NAMES)).join('/')
    const shapes: (() => string)[] = [
      () => path(1 + Math.floor(rand() * 3)),
      () => `**/${pick(NAMES)}`,
      () => `${pick(NAMES)}/*`,
      () => `${pick(NAMES)}/**/${pick(NAMES)}`,
      () => `*.${pick(['log', 'tmp', 'txt'])}`,
      () => `**/*.${pick(['log', 'tmp'])}`,
      () => `${pick(NAMES)}**`,
      () => `${pick(NAMES)}/${pick(NAMES)}/**`,
      () => `?/${pick(NAMES)}`,
      () => `[ab]/${pick(NAMES)}`,
      () => `**${pick(NAMES)}`,
    ]
    let excludedSeen = 0
    let keptSeen = 0
    for (let file = 0; file < 60; file++) {
      const lines = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => {
        const line = pick(shapes)()
        return rand() < 0.25 ? `!${line}` : line
      })
      const compiled = compileIgnore(lines)
      const reference = lineByLine(lines)
      for (let p = 0; p < 80; p++) {
        const candidate = path(1 + Math.floor(rand() * 4))
        const expected = reference(candidate)
        if (expected) excludedSeen++
        else keptSeen++
        expect({ lines, candidate, excluded: compiled(candidate, false) }).toEqual({
          lines,
          candidate,
          excluded: expected,
        })
      }
    }
    // Both verdicts occur often, so agreement is not agreement on "nothing matches".
    expect(excludedSeen).toBeGreaterThan(500)
    expect(keptSeen).toBeGreaterThan(500)
  })
})
