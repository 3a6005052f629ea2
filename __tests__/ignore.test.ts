import { describe, expect, it } from 'vitest'
import { UserError } from '../src/errors.js'
import { cleanPath, compileIgnore } from '../src/builders/ignore.js'

// [lines, path, excluded]; expectations follow `docker build` (moby/patternmatcher).
const cases: [string[], string, boolean][] = [
  [['*.log'], 'a.log', true],
  [['*.log'], 'dir/a.log', false], // patterns are anchored at the context root
  [['**/*.log'], 'a.log', true],
  [['**/*.log'], 'x/y/a.log', true],
  [['**/*.log'], 'a.txt', false],
  [['**/*.log', '!keep.log'], 'keep.log', false],
  [['**/*.log', '!keep.log'], 'x/keep.log', true],
  [['node_modules'], 'node_modules', true],
  [['node_modules'], 'node_modules/x/y.js', true], // a matched folder takes its contents
  [['node_modules'], 'src/node_modules', false],
  [['/build'], 'build/out.js', true],
  [['/build'], 'src/build', false],
  [['./docs/'], 'docs/a.md', true],
  [['build/'], 'build', true], // a trailing '/' does not restrict to folders
  [['# comment', '', '   '], 'anything', false],
  [['#x'], '#x', false],
  [[' #x'], '#x', true], // only a '#' in the first column starts a comment
  [['docs', '!docs/keep.md'], 'docs/keep.md', false],
  [['docs', '!docs/keep.md'], 'docs/other.md', true],
  [['!docs/keep.md', 'docs'], 'docs/keep.md', true], // the last matching line wins
  [['a?c'], 'abc', true],
  [['a?c'], 'a/c', false],
  [['[a-c].txt'], 'b.txt', true],
  [['[a-c].txt'], 'd.txt', false],
  [['[^a-c].txt'], 'd.txt', true],
  [['[^a-c].txt'], 'a.txt', false],
  [['\\*.txt'], '*.txt', true],
  [['\\*.txt'], 'a.txt', false],
  [['a/**/b'], 'a/b', true],
  [['a/**/b'], 'a/x/y/b', true],
  [['a/**/b'], 'a/xb', false],
  [['**'], 'any/thing', true],
  [['src/**'], 'src/a', true],
  [['src/**'], 'src', false],
  [['**.log'], 'x/a.log', true],
  [['*.LOG'], 'a.log', false],
  [['a.b'], 'axb', false],
  [['(x)|{y}$'], '(x)|{y}$', true],
  [['^x'], '^x', true],
  [['../x'], 'x', false],
  [['a/../b'], 'b', true],
  [['\ufeffsecret'], 'secret', true],
  [['*'], 'a/b', true],
  [['*/*.md'], 'docs/a.md', true],
  [['*/*.md'], 'docs/sub/a.md', false],
  [['café'], 'café/menu', true],
  [['?afé'], 'café', true], // '?' is one character, not one byte
  [['  spaced.txt  '], 'spaced.txt', true],
  [['! keep'], 'keep', false],
]

describe('compileIgnore', () => {
  it.each(cases)('%j on %s excludes: %s', (lines, path, excluded) => {
    expect(compileIgnore(lines)(path, false)).toBe(excluded)
  })

  it('rejects malformed patterns with a typed error', () => {
    for (const bad of [['[abc'], ['!']]) {
      expect(() => compileIgnore(bad)).toThrow(UserError)
      try {
        compileIgnore(bad)
      } catch (e) {
        expect((e as UserError).code).toBe('IGNORE_PATTERN_INVALID')
      }
    }
  })

  it.each([
    [['node_modules', '!keep.log'], 'node_modules', false],
    [['node_modules', '!node_modules/keep'], 'node_modules', true],
    [['x', '!**/keep'], 'x', true],
    [['a', '!a/b/c'], 'a/b', true],
    [['a', '!a/b/c'], 'a/c', false],
    [['a', '!a/*/c'], 'a/z', true],
    [['a'], 'a', false],
  ] as [string[], string, boolean][])('%j may re-include below %s: %s', (lines, dir, expected) => {
    expect(compileIgnore(lines).mayReincludeBelow(dir)).toBe(expected)
  })

  it('tells whether include-style patterns can match below a folder', () => {
    const include = compileIgnore(['src/*.ts', 'docs'])
    expect(include.mayMatchBelow('src')).toBe(true)
    expect(include.mayMatchBelow('lib')).toBe(false)
    expect(include.mayMatchBelow('docs')).toBe(true)
    expect(compileIgnore(['**/*.ts']).mayMatchBelow('a/b/c')).toBe(true)
  })

  it('reports the cleaned patterns', () => {
    expect(compileIgnore(['./a/', '# c', '!/b//c']).patterns).toEqual(['a', '!b/c'])
  })
})

describe('cleanPath', () => {
  it.each([
    ['a//b/./c/', 'a/b/c'],
    ['./', '.'],
    ['../a', '../a'],
    ['/../a', '/a'],
    ['a/b/../../..', '..'],
  ])('%s → %s', (input, output) => {
    expect(cleanPath(input)).toBe(output)
  })
})
