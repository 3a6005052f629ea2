import { UserError } from '../errors.js'

/**
 * `.dockerignore` matching with the semantics of moby/patternmatcher (what BuildKit and the
 * Docker CLI use), so a context filters the same way here as in `docker build`:
 * - a pattern is cleaned like Go's filepath.Clean, then a leading '/' is dropped: every pattern is
 *   relative to the context root, and a trailing '/' means nothing (it matches files too);
 * - `*`, `?`, `[...]` and `\` are filepath.Match syntax within one path component, `**` spans
 *   any number of components;
 * - a pattern that matches a folder also matches everything under it;
 * - `!` re-includes, and the last matching line wins.
 */
export interface IgnoreMatcher {
  /** True when `relPath` (posix, relative to the context root) is excluded. */
  (relPath: string, isDir: boolean): boolean
  /**
   * Whether some `!` line could re-include a path below the folder `relDir`: when not, a walker
   * may skip an excluded folder without reading it (node_modules, build output).
   */
  mayReincludeBelow(relDir: string): boolean
  /**
   * Whether some line without `!` could match a path below the folder `relDir`: for pattern
   * lists that name what to keep (the `include` input), where it says whether to look inside.
   */
  mayMatchBelow(relDir: string): boolean
  /** The cleaned patterns, in order, `!` kept: for logs. */
  readonly patterns: readonly string[]
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp'

export interface Pattern {
  source: string
  type: MatchType
  negated: boolean
  /** The cleaned pattern split on '/': for the cheap "could it match below" check. */
  components: string[]
  matches(path: string): boolean
}

const BOM = '\ufeff'

/**
 * Compiles ignore-file lines. Comments (`#` in the first column) and blank lines are skipped,
 * as in Docker's ignorefile.ReadAll. A malformed pattern (an unclosed `[`) throws a UserError
 * with code IGNORE_PATTERN_INVALID; callers rethrow it naming the file or input it came from.
 */
export function compileIgnore(lines: string[]): IgnoreMatcher {
  const patterns: Pattern[] = []
  lines.forEach((raw, index) => {
    const line = index === 0 && raw.startsWith(BOM) ? raw.slice(1) : raw
    if (line.startsWith('#')) return
    let text = line.trim()
    if (text === '') return
    const negated = text.startsWith('!')
    if (negated) text = text.slice(1).trim()
    if (text === '') {
      throw new UserError('IGNORE_PATTERN_INVALID', `'${raw}' is not a pattern`, {
        valid: "'!' followed by a pattern",
      })
    }
    text = cleanPath(text)
    if (text.length > 1 && text.startsWith('/')) text = text.slice(1)
    patterns.push(compilePattern(text, negated, raw))
  })

  const hasNegations = patterns.some((p) => p.negated)
  const index = indexPatterns(patterns)
  const matcher = ((relPath: string, _isDir: boolean): boolean => {
    // Docker gives folders and files the same treatment; `_isDir` is in the signature so callers
    // need not change if gitignore-style 'folder/' patterns are ever wanted.
    const last = lastHit(index, patterns, relPath)
    return last >= 0 && !(patterns[last] as Pattern).negated
  }) as IgnoreMatcher

  matcher.mayReincludeBelow = (relDir: string): boolean => {
    if (!hasNegations) return false
    const dirComponents = relDir.split('/')
    return patterns.some((p) => p.negated && mayMatchBelow(p, dirComponents))
  }
  matcher.mayMatchBelow = (relDir: string): boolean => {
    const dirComponents = relDir.split('/')
    return patterns.some((p) => !p.negated && mayMatchBelow(p, dirComponents))
  }
  Object.defineProperty(matcher, 'patterns', {
    value: patterns.map((p) => (p.negated ? `!${p.source}` : p.source)),
  })
  return matcher
}

/**
 * Where each pattern can hit, so a path is tested against the few that might match it instead of
 * every line: literal patterns by the path they name, "any folder named x" ones by the name, patterns
 * with a literal first component by it; only the rest is tried on every path. The result is the
 * line-by-line one, since a path's verdict is that of the last line that matches it (or a
 * folder above it): an exclusion cannot change an excluded path, nor a re-inclusion an included
 * one.
 */
interface PatternIndex {
  exact: Map<string, number[]>
  component: Map<string, number[]>
  firstComponent: Map<string, number[]>
  /** By the literal end of the last component (`*.log`: `.log`), which ends a path's component. */
  tail: Map<string, number[]>
  everywhere: number[]
}

const WILDCARD = /[*?[\\]/

function indexPatterns(patterns: Pattern[]): PatternIndex {
  const index: PatternIndex = {
    exact: new Map(),
    component: new Map(),
    firstComponent: new Map(),
    tail: new Map(),
    everywhere: [],
  }
  const add = (map: Map<string, number[]>, key: string, i: number): void => {
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  }
  patterns.forEach((p, i) => {
    const first = p.components[0] as string
    if (p.type === 'exact') add(index.exact, p.source, i)
    else if (p.type === 'suffix' && /^\*\*\/[^/]+$/.test(p.source)) {
      add(index.component, p.source.slice(3), i)
    } else if (p.type !== 'suffix' && p.components.length > 1 && !WILDCARD.test(first)) {
      add(index.firstComponent, first, i)
    } else if (p.type === 'regexp' && literalTail(p) !== '') add(index.tail, literalTail(p), i)
    else index.everywhere.push(i)
  })
  return index
}

/**
 * The literal text a regexp pattern's last component ends with, after its last wildcard: a path
 * it matches (or a folder above one) has a component ending so. '' when there is none.
 */
function literalTail(p: Pattern): string {
  const last = p.components[p.components.length - 1] as string
  const tail = last.slice(Math.max(...['*', '?', ']'].map((c) => last.lastIndexOf(c))) + 1)
  return tail.includes('\\') || tail.includes('[') ? '' : tail
}

/** The index of the last pattern that matches `relPath` or a folder above it; -1 for none. */
function lastHit(index: PatternIndex, patterns: Pattern[], relPath: string): number {
  const paths = [...parentPaths(relPath), relPath]
  let last = -1
  const consider = (candidates: number[] | undefined, test: boolean): void => {
    if (!candidates) return
    for (let k = candidates.length - 1; k >= 0; k--) {
      const i = candidates[k] as number
      if (i <= last) return
      const pattern = patterns[i] as Pattern
      if (!test || paths.some((path) => pattern.matches(path))) {
        last = i
        return
      }
    }
  }
  for (const path of paths) consider(index.exact.get(path), false)
  const components = relPath.split('/')
  for (const component of components) consider(index.component.get(component), false)
  consider(index.firstComponent.get(components[0] as string), true)
  for (const component of components) {
    for (let k = 0; k < component.length; k++) consider(index.tail.get(component.slice(k)), true)
  }
  consider(index.everywhere, true)
  return last
}

/** 'a/b/c' → ['a', 'a/b']: the folders a pattern may match to exclude the path. */
function parentPaths(relPath: string): string[] {
  const parents: string[] = []
  for (let i = relPath.indexOf('/'); i !== -1; i = relPath.indexOf('/', i + 1)) {
    parents.push(relPath.slice(0, i))
  }
  return parents
}

/**
 * Conservative: true unless the pattern provably matches nothing below `dir`. Components are
 * compared one by one; a `**` anywhere up to the folder's depth could match anything.
 */
function mayMatchBelow(pattern: Pattern, dir: string[]): boolean {
  for (let i = 0; i < dir.length; i++) {
    const component = pattern.components[i]
    if (component === undefined) return false
    if (component.includes('**')) return true
    if (!componentMatches(component, dir[i] as string)) return false
  }
  return true
}

const componentCache = new Map<string, RegExp | null>()

function componentMatches(component: string, name: string): boolean {
  let re = componentCache.get(component)
  if (re === undefined) {
    const { type, regexp } = translate(component)
    try {
      re = new RegExp(type === 'exact' ? `${regexp}$` : regexp, 'u')
    } catch {
      // The whole pattern failed to compile already; this only answers "maybe".
      re = null
    }
    componentCache.set(component, re)
  }
  return re === null || re.test(name)
}

/** One cleaned pattern on its own; exported for tests that check how compileIgnore combines them. */
export function compilePattern(source: string, negated: boolean, raw: string): Pattern {
  const { type, regexp } = translate(source)
  let matches: (path: string) => boolean
  switch (type) {
    case 'exact':
      matches = (path) => path === source
      break
    case 'prefix': {
      const prefix = source.slice(0, -2)
      matches = (path) => path.startsWith(prefix)
      break
    }
    case 'suffix': {
      const suffix = source.slice(2)
      matches = (path) =>
        path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1))
      break
    }
    case 'regexp': {
      let re: RegExp
      try {
        re = new RegExp(regexp, 'u')
      } catch (cause) {
        throw new UserError('IGNORE_PATTERN_INVALID', `'${raw.trim()}' is not a valid pattern`, {
          valid: 'Go filepath.Match syntax with ** (check for an unclosed [ )',
          cause,
        })
      }
      matches = (path) => re.test(path)
      break
    }
  }
  return { source, type, negated, components: source.split('/'), matches }
}

/**
 * moby/patternmatcher's Pattern.compile, transcribed: the match type it picks changes results
 * in corner cases (`**.log` is a suffix match, not the regexp it looks like), so it is kept.
 * Where that code hands filepath.Match syntax to Go's regexp unchanged (`\\d` becomes a digit
 * class, `*` inside `[...]` a wildcard) this follows filepath.Match instead: literal characters.
 */
function translate(pattern: string): { type: MatchType; regexp: string } {
  let re = '^'
  let type: MatchType = 'exact'
  let inClass = false
  const chars = [...pattern]
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string
    if (inClass) {
      if (ch === ']') {
        inClass = false
        re += ']'
      } else if (ch === '\\' && i + 1 < chars.length) {
        re += literal(chars[++i] as string, true)
      } else if (ch === '^' && chars[i - 1] === '[') {
        re += '^'
      } else {
        re += ch === '-' ? '-' : literal(ch, true)
      }
    } else if (ch === '*') {
      if (chars[i + 1] === '*') {
        const first = i === 0
        i++
        if (chars[i + 1] === '/') i++
        if (i + 1 >= chars.length) {
          if (type === 'exact') {
            type = 'prefix'
          } else {
            re += '.*'
            type = 'regexp'
          }
        } else {
          // Any number of components, including none.
          re += '(?:.*/)?'
          type = 'regexp'
        }
        if (first) type = 'suffix'
      } else {
        re += '[^/]*'
        type = 'regexp'
      }
    } else if (ch === '?') {
      re += '[^/]'
      type = 'regexp'
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        re += literal(chars[++i] as string, false)
        type = 'regexp'
      } else {
        re += '\\\\'
      }
    } else if (ch === '[') {
      inClass = true
      re += '['
      type = 'regexp'
    } else {
      re += literal(ch, false)
    }
  }
  // An unclosed '[' is left unclosed so that new RegExp() rejects it, as filepath.Match does.
  if (type === 'regexp') re += '$'
  return { type, regexp: re }
}

function literal(ch: string, inClass: boolean): string {
  if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-')) return `\\${ch}`
  return ch
}

/** Go's path.Clean for slash-separated paths. */
export function cleanPath(path: string): string {
  const rooted = path.startsWith('/')
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
      else if (!rooted) out.push('..')
      continue
    }
    out.push(part)
  }
  const joined = out.join('/')
  if (rooted) return `/${joined}`
  return joined === '' ? '.' : joined
}
