#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 379:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const ANY = Symbol('SemVer ANY')
// hoisted class for cyclic dependency
class Comparator {
  static get ANY () {
    return ANY
  }

  constructor (comp, options) {
    options = parseOptions(options)

    if (comp instanceof Comparator) {
      if (comp.loose === !!options.loose) {
        return comp
      } else {
        comp = comp.value
      }
    }

    comp = comp.trim().split(/\s+/).join(' ')
    debug('comparator', comp, options)
    this.options = options
    this.loose = !!options.loose
    this.parse(comp)

    if (this.semver === ANY) {
      this.value = ''
    } else {
      this.value = this.operator + this.semver.version
    }

    debug('comp', this)
  }

  parse (comp) {
    const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR]
    const m = comp.match(r)

    if (!m) {
      throw new TypeError(`Invalid comparator: ${comp}`)
    }

    this.operator = m[1] !== undefined ? m[1] : ''
    if (this.operator === '=') {
      this.operator = ''
    }

    // if it literally is just '>' or '' then allow anything.
    if (!m[2]) {
      this.semver = ANY
    } else {
      this.semver = new SemVer(m[2], this.options.loose)
    }
  }

  toString () {
    return this.value
  }

  test (version) {
    debug('Comparator.test', version, this.options.loose)

    if (this.semver === ANY || version === ANY) {
      return true
    }

    if (typeof version === 'string') {
      try {
        version = new SemVer(version, this.options)
      } catch (er) {
        return false
      }
    }

    return cmp(version, this.operator, this.semver, this.options)
  }

  intersects (comp, options) {
    if (!(comp instanceof Comparator)) {
      throw new TypeError('a Comparator is required')
    }

    if (this.operator === '') {
      if (this.value === '') {
        return true
      }
      return new Range(comp.value, options).test(this.value)
    } else if (comp.operator === '') {
      if (comp.value === '') {
        return true
      }
      return new Range(this.value, options).test(comp.semver)
    }

    options = parseOptions(options)

    // Special cases where nothing can possibly be lower
    if (options.includePrerelease &&
      (this.value === '<0.0.0-0' || comp.value === '<0.0.0-0')) {
      return false
    }
    if (!options.includePrerelease &&
      (this.value.startsWith('<0.0.0') || comp.value.startsWith('<0.0.0'))) {
      return false
    }

    // Same direction increasing (> or >=)
    if (this.operator.startsWith('>') && comp.operator.startsWith('>')) {
      return true
    }
    // Same direction decreasing (< or <=)
    if (this.operator.startsWith('<') && comp.operator.startsWith('<')) {
      return true
    }
    // same SemVer and both sides are inclusive (<= or >=)
    if (
      (this.semver.version === comp.semver.version) &&
      this.operator.includes('=') && comp.operator.includes('=')) {
      return true
    }
    // opposite directions less than
    if (cmp(this.semver, '<', comp.semver, options) &&
      this.operator.startsWith('>') && comp.operator.startsWith('<')) {
      return true
    }
    // opposite directions greater than
    if (cmp(this.semver, '>', comp.semver, options) &&
      this.operator.startsWith('<') && comp.operator.startsWith('>')) {
      return true
    }
    return false
  }
}

module.exports = Comparator

const parseOptions = __nccwpck_require__(356)
const { safeRe: re, t } = __nccwpck_require__(471)
const cmp = __nccwpck_require__(646)
const debug = __nccwpck_require__(159)
const SemVer = __nccwpck_require__(163)
const Range = __nccwpck_require__(782)


/***/ }),

/***/ 782:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SPACE_CHARACTERS = /\s+/g

// hoisted class for cyclic dependency
class Range {
  constructor (range, options) {
    options = parseOptions(options)

    if (range instanceof Range) {
      if (
        range.loose === !!options.loose &&
        range.includePrerelease === !!options.includePrerelease
      ) {
        return range
      } else {
        return new Range(range.raw, options)
      }
    }

    if (range instanceof Comparator) {
      // just put it in the set and return
      this.raw = range.value
      this.set = [[range]]
      this.formatted = undefined
      return this
    }

    this.options = options
    this.loose = !!options.loose
    this.includePrerelease = !!options.includePrerelease

    // First reduce all whitespace as much as possible so we do not have to rely
    // on potentially slow regexes like \s*. This is then stored and used for
    // future error messages as well.
    this.raw = range.trim().replace(SPACE_CHARACTERS, ' ')

    // First, split on ||
    this.set = this.raw
      .split('||')
      // map the range to a 2d array of comparators
      .map(r => this.parseRange(r.trim()))
      // throw out any comparator lists that are empty
      // this generally means that it was not a valid range, which is allowed
      // in loose mode, but will still throw if the WHOLE range is invalid.
      .filter(c => c.length)

    if (!this.set.length) {
      throw new TypeError(`Invalid SemVer Range: ${this.raw}`)
    }

    // if we have any that are not the null set, throw out null sets.
    if (this.set.length > 1) {
      // keep the first one, in case they're all null sets
      const first = this.set[0]
      this.set = this.set.filter(c => !isNullSet(c[0]))
      if (this.set.length === 0) {
        this.set = [first]
      } else if (this.set.length > 1) {
        // if we have any that are *, then the range is just *
        for (const c of this.set) {
          if (c.length === 1 && isAny(c[0])) {
            this.set = [c]
            break
          }
        }
      }
    }

    this.formatted = undefined
  }

  get range () {
    if (this.formatted === undefined) {
      this.formatted = ''
      for (let i = 0; i < this.set.length; i++) {
        if (i > 0) {
          this.formatted += '||'
        }
        const comps = this.set[i]
        for (let k = 0; k < comps.length; k++) {
          if (k > 0) {
            this.formatted += ' '
          }
          this.formatted += comps[k].toString().trim()
        }
      }
    }
    return this.formatted
  }

  format () {
    return this.range
  }

  toString () {
    return this.range
  }

  parseRange (range) {
    // strip build metadata so it can't bleed into the version
    range = range.replace(BUILDSTRIPRE, '')

    // memoize range parsing for performance.
    // this is a very hot path, and fully deterministic.
    const memoOpts =
      (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) |
      (this.options.loose && FLAG_LOOSE)
    const memoKey = memoOpts + ':' + range
    const cached = cache.get(memoKey)
    if (cached) {
      return cached
    }

    const loose = this.options.loose
    // `1.2.3 - 1.2.4` => `>=1.2.3 <=1.2.4`
    const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE]
    range = range.replace(hr, hyphenReplace(this.options.includePrerelease))
    debug('hyphen replace', range)

    // `> 1.2.3 < 1.2.5` => `>1.2.3 <1.2.5`
    range = trimComparatorWhitespace(range)
    debug('comparator trim', range)

    // `~ 1.2.3` => `~1.2.3`
    range = range.replace(re[t.TILDETRIM], tildeTrimReplace)
    debug('tilde trim', range)

    // `^ 1.2.3` => `^1.2.3`
    range = range.replace(re[t.CARETTRIM], caretTrimReplace)
    debug('caret trim', range)

    // At this point, the range is completely trimmed and
    // ready to be split into comparators.

    let rangeList = range
      .split(' ')
      .map(comp => parseComparator(comp, this.options))
      .join(' ')
      .split(/\s+/)
      // >=0.0.0 is equivalent to *
      .map(comp => replaceGTE0(comp, this.options))

    if (loose) {
      // in loose mode, throw out any that are not valid comparators
      rangeList = rangeList.filter(comp => {
        debug('loose invalid filter', comp, this.options)
        return !!comp.match(re[t.COMPARATORLOOSE])
      })
    }
    debug('range list', rangeList)

    // if any comparators are the null set, then replace with JUST null set
    // if more than one comparator, remove any * comparators
    // also, don't include the same comparator more than once
    const rangeMap = new Map()
    const comparators = rangeList.map(comp => new Comparator(comp, this.options))
    for (const comp of comparators) {
      if (isNullSet(comp)) {
        return [comp]
      }
      rangeMap.set(comp.value, comp)
    }
    if (rangeMap.size > 1 && rangeMap.has('')) {
      rangeMap.delete('')
    }

    const result = [...rangeMap.values()]
    cache.set(memoKey, result)
    return result
  }

  intersects (range, options) {
    if (!(range instanceof Range)) {
      throw new TypeError('a Range is required')
    }

    return this.set.some((thisComparators) => {
      return (
        isSatisfiable(thisComparators, options) &&
        range.set.some((rangeComparators) => {
          return (
            isSatisfiable(rangeComparators, options) &&
            thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options)
              })
            })
          )
        })
      )
    })
  }

  // if ANY of the sets match ALL of its comparators, then pass
  test (version) {
    if (!version) {
      return false
    }

    if (typeof version === 'string') {
      try {
        version = new SemVer(version, this.options)
      } catch (er) {
        return false
      }
    }

    for (let i = 0; i < this.set.length; i++) {
      if (testSet(this.set[i], version, this.options)) {
        return true
      }
    }
    return false
  }
}

module.exports = Range

const LRU = __nccwpck_require__(383)
const cache = new LRU()

const parseOptions = __nccwpck_require__(356)
const Comparator = __nccwpck_require__(379)
const debug = __nccwpck_require__(159)
const SemVer = __nccwpck_require__(163)
const trimComparatorWhitespace = __nccwpck_require__(737)
const {
  safeRe: re,
  src,
  t,
  tildeTrimReplace,
  caretTrimReplace,
} = __nccwpck_require__(471)
const { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = __nccwpck_require__(101)

// unbounded global build-metadata stripper used by parseRange
const BUILDSTRIPRE = new RegExp(src[t.BUILD], 'g')

const isNullSet = c => c.value === '<0.0.0-0'
const isAny = c => c.value === ''

// take a set of comparators and determine whether there
// exists a version which can satisfy it
const isSatisfiable = (comparators, options) => {
  let result = true
  const remainingComparators = comparators.slice()
  let testComparator = remainingComparators.pop()

  while (result && remainingComparators.length) {
    result = remainingComparators.every((otherComparator) => {
      return testComparator.intersects(otherComparator, options)
    })

    testComparator = remainingComparators.pop()
  }

  return result
}

// comprised of xranges, tildes, stars, and gtlt's at this point.
// already replaced the hyphen ranges
// turn into a set of JUST comparators.
const parseComparator = (comp, options) => {
  comp = comp.replace(re[t.BUILD], '')
  debug('comp', comp, options)
  comp = replaceCarets(comp, options)
  debug('caret', comp)
  comp = replaceTildes(comp, options)
  debug('tildes', comp)
  comp = replaceXRanges(comp, options)
  debug('xrange', comp)
  comp = replaceStars(comp, options)
  debug('stars', comp)
  return comp
}

const isX = id => !id || id.toLowerCase() === 'x' || id === '*'

const invalidXRangeOrder = (M, m, p) => (
  (isX(M) && !isX(m)) ||
  (isX(m) && p && !isX(p))
)

// ~, ~> --> * (any, kinda silly)
// ~2, ~2.x, ~2.x.x, ~>2, ~>2.x ~>2.x.x --> >=2.0.0 <3.0.0-0
// ~2.0, ~2.0.x, ~>2.0, ~>2.0.x --> >=2.0.0 <2.1.0-0
// ~1.2, ~1.2.x, ~>1.2, ~>1.2.x --> >=1.2.0 <1.3.0-0
// ~1.2.3, ~>1.2.3 --> >=1.2.3 <1.3.0-0
// ~1.2.0, ~>1.2.0 --> >=1.2.0 <1.3.0-0
// ~0.0.1 --> >=0.0.1 <0.1.0-0
const replaceTildes = (comp, options) => {
  return comp
    .trim()
    .split(/\s+/)
    .map((c) => replaceTilde(c, options))
    .join(' ')
}

const replaceTilde = (comp, options) => {
  const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE]
  // if we're including prereleases in the match, then the lower bound is
  // -0, the lowest possible prerelease value, just like x-ranges and carets.
  // this keeps `~1.2` equivalent to the `1.2.x` x-range it's documented as.
  const z = options.includePrerelease ? '-0' : ''
  return comp.replace(r, (_, M, m, p, pr) => {
    debug('tilde', comp, _, M, m, p, pr)
    let ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`
    } else if (isX(p)) {
      // ~1.2 == >=1.2.0 <1.3.0-0
      ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`
    } else if (pr) {
      debug('replaceTilde pr', pr)
      ret = `>=${M}.${m}.${p}-${pr
      } <${M}.${+m + 1}.0-0`
    } else {
      // ~1.2.3 == >=1.2.3 <1.3.0-0
      ret = `>=${M}.${m}.${p
      } <${M}.${+m + 1}.0-0`
    }

    debug('tilde return', ret)
    return ret
  })
}

// ^ --> * (any, kinda silly)
// ^2, ^2.x, ^2.x.x --> >=2.0.0 <3.0.0-0
// ^2.0, ^2.0.x --> >=2.0.0 <3.0.0-0
// ^1.2, ^1.2.x --> >=1.2.0 <2.0.0-0
// ^1.2.3 --> >=1.2.3 <2.0.0-0
// ^1.2.0 --> >=1.2.0 <2.0.0-0
// ^0.0.1 --> >=0.0.1 <0.0.2-0
// ^0.1.0 --> >=0.1.0 <0.2.0-0
const replaceCarets = (comp, options) => {
  return comp
    .trim()
    .split(/\s+/)
    .map((c) => replaceCaret(c, options))
    .join(' ')
}

const replaceCaret = (comp, options) => {
  debug('caret', comp, options)
  const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET]
  const z = options.includePrerelease ? '-0' : ''
  return comp.replace(r, (_, M, m, p, pr) => {
    debug('caret', comp, _, M, m, p, pr)
    let ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`
    } else if (isX(p)) {
      if (M === '0') {
        ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`
      } else {
        ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`
      }
    } else if (pr) {
      debug('replaceCaret pr', pr)
      if (M === '0') {
        if (m === '0') {
          ret = `>=${M}.${m}.${p}-${pr
          } <${M}.${m}.${+p + 1}-0`
        } else {
          ret = `>=${M}.${m}.${p}-${pr
          } <${M}.${+m + 1}.0-0`
        }
      } else {
        ret = `>=${M}.${m}.${p}-${pr
        } <${+M + 1}.0.0-0`
      }
    } else {
      debug('no pr')
      if (M === '0') {
        if (m === '0') {
          ret = `>=${M}.${m}.${p
          } <${M}.${m}.${+p + 1}-0`
        } else {
          ret = `>=${M}.${m}.${p
          } <${M}.${+m + 1}.0-0`
        }
      } else {
        ret = `>=${M}.${m}.${p
        } <${+M + 1}.0.0-0`
      }
    }

    debug('caret return', ret)
    return ret
  })
}

const replaceXRanges = (comp, options) => {
  debug('replaceXRanges', comp, options)
  return comp
    .split(/\s+/)
    .map((c) => replaceXRange(c, options))
    .join(' ')
}

const replaceXRange = (comp, options) => {
  comp = comp.trim()
  const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE]
  return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
    debug('xRange', comp, ret, gtlt, M, m, p, pr)
    if (invalidXRangeOrder(M, m, p)) {
      return comp
    }

    const xM = isX(M)
    const xm = xM || isX(m)
    const xp = xm || isX(p)
    const anyX = xp

    if (gtlt === '=' && anyX) {
      gtlt = ''
    }

    // if we're including prereleases in the match, then we need
    // to fix this to -0, the lowest possible prerelease value
    pr = options.includePrerelease ? '-0' : ''

    if (xM) {
      if (gtlt === '>' || gtlt === '<') {
        // nothing is allowed
        ret = '<0.0.0-0'
      } else {
        // nothing is forbidden
        ret = '*'
      }
    } else if (gtlt && anyX) {
      // we know patch is an x, because we have any x at all.
      // replace X with 0
      if (xm) {
        m = 0
      }
      p = 0

      if (gtlt === '>') {
        // >1 => >=2.0.0
        // >1.2 => >=1.3.0
        gtlt = '>='
        if (xm) {
          M = +M + 1
          m = 0
          p = 0
        } else {
          m = +m + 1
          p = 0
        }
      } else if (gtlt === '<=') {
        // <=0.7.x is actually <0.8.0, since any 0.7.x should
        // pass.  Similarly, <=7.x is actually <8.0.0, etc.
        gtlt = '<'
        if (xm) {
          M = +M + 1
        } else {
          m = +m + 1
        }
      }

      if (gtlt === '<') {
        pr = '-0'
      }

      ret = `${gtlt + M}.${m}.${p}${pr}`
    } else if (xm) {
      ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`
    } else if (xp) {
      ret = `>=${M}.${m}.0${pr
      } <${M}.${+m + 1}.0-0`
    }

    debug('xRange return', ret)

    return ret
  })
}

// Because * is AND-ed with everything else in the comparator,
// and '' means "any version", just remove the *s entirely.
const replaceStars = (comp, options) => {
  debug('replaceStars', comp, options)
  // Looseness is ignored here.  star is always as loose as it gets!
  return comp
    .trim()
    .replace(re[t.STAR], '')
}

const replaceGTE0 = (comp, options) => {
  debug('replaceGTE0', comp, options)
  return comp
    .trim()
    .replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], '')
}

// This function is passed to string.replace(re[t.HYPHENRANGE])
// M, m, patch, prerelease, build
// 1.2 - 3.4.5 => >=1.2.0 <=3.4.5
// 1.2.3 - 3.4 => >=1.2.0 <3.5.0-0 Any 3.4.x will do
// 1.2 - 3.4 => >=1.2.0 <3.5.0-0
// TODO build?
const hyphenReplace = incPr => ($0,
  from, fM, fm, fp, fpr, fb,
  to, tM, tm, tp, tpr) => {
  if (isX(fM)) {
    from = ''
  } else if (isX(fm)) {
    from = `>=${fM}.0.0${incPr ? '-0' : ''}`
  } else if (isX(fp)) {
    from = `>=${fM}.${fm}.0${incPr ? '-0' : ''}`
  } else if (fpr) {
    from = `>=${from}`
  } else {
    from = `>=${from}${incPr ? '-0' : ''}`
  }

  if (isX(tM)) {
    to = ''
  } else if (isX(tm)) {
    to = `<${+tM + 1}.0.0-0`
  } else if (isX(tp)) {
    to = `<${tM}.${+tm + 1}.0-0`
  } else if (tpr) {
    to = `<=${tM}.${tm}.${tp}-${tpr}`
  } else if (incPr) {
    to = `<${tM}.${tm}.${+tp + 1}-0`
  } else {
    to = `<=${to}`
  }

  return `${from} ${to}`.trim()
}

const testSet = (set, version, options) => {
  for (let i = 0; i < set.length; i++) {
    if (!set[i].test(version)) {
      return false
    }
  }

  if (version.prerelease.length && !options.includePrerelease) {
    // Find the set of versions that are allowed to have prereleases
    // For example, ^1.2.3-pr.1 desugars to >=1.2.3-pr.1 <2.0.0
    // That should allow `1.2.3-pr.2` to pass.
    // However, `1.2.4-alpha.notready` should NOT be allowed,
    // even though it's within the range set by the comparators.
    for (let i = 0; i < set.length; i++) {
      debug(set[i].semver)
      if (set[i].semver === Comparator.ANY) {
        continue
      }

      if (set[i].semver.prerelease.length > 0) {
        const allowed = set[i].semver
        if (allowed.major === version.major &&
            allowed.minor === version.minor &&
            allowed.patch === version.patch) {
          return true
        }
      }
    }

    // Version has a -pre, but it's not one of the ones we like.
    return false
  }

  return true
}


/***/ }),

/***/ 163:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const debug = __nccwpck_require__(159)
const { MAX_LENGTH, MAX_SAFE_INTEGER } = __nccwpck_require__(101)
const { safeRe: re, t } = __nccwpck_require__(471)

const parseOptions = __nccwpck_require__(356)
const { compareIdentifiers } = __nccwpck_require__(348)

const isPrereleaseIdentifier = (prerelease, identifier) => {
  const identifiers = identifier.split('.')
  if (identifiers.length > prerelease.length) {
    return false
  }

  for (let i = 0; i < identifiers.length; i++) {
    if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
      return false
    }
  }

  return true
}

class SemVer {
  constructor (version, options) {
    options = parseOptions(options)

    if (version instanceof SemVer) {
      if (version.loose === !!options.loose &&
        version.includePrerelease === !!options.includePrerelease) {
        return version
      } else {
        version = version.version
      }
    } else if (typeof version !== 'string') {
      throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`)
    }

    if (version.length > MAX_LENGTH) {
      throw new TypeError(
        `version is longer than ${MAX_LENGTH} characters`
      )
    }

    debug('SemVer', version, options)
    this.options = options
    this.loose = !!options.loose
    // this isn't actually relevant for versions, but keep it so that we
    // don't run into trouble passing this.options around.
    this.includePrerelease = !!options.includePrerelease

    const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL])

    if (!m) {
      throw new TypeError(`Invalid Version: ${version}`)
    }

    this.raw = version

    // these are actually numbers
    this.major = +m[1]
    this.minor = +m[2]
    this.patch = +m[3]

    if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
      throw new TypeError('Invalid major version')
    }

    if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
      throw new TypeError('Invalid minor version')
    }

    if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
      throw new TypeError('Invalid patch version')
    }

    // numberify any prerelease numeric ids
    if (!m[4]) {
      this.prerelease = []
    } else {
      this.prerelease = m[4].split('.').map((id) => {
        if (/^[0-9]+$/.test(id)) {
          const num = +id
          if (num >= 0 && num < MAX_SAFE_INTEGER) {
            return num
          }
        }
        return id
      })
    }

    this.build = m[5] ? m[5].split('.') : []
    this.format()
  }

  format () {
    this.version = `${this.major}.${this.minor}.${this.patch}`
    if (this.prerelease.length) {
      this.version += `-${this.prerelease.join('.')}`
    }
    return this.version
  }

  toString () {
    return this.version
  }

  compare (other) {
    debug('SemVer.compare', this.version, this.options, other)
    if (!(other instanceof SemVer)) {
      if (typeof other === 'string' && other === this.version) {
        return 0
      }
      other = new SemVer(other, this.options)
    }

    if (other.version === this.version) {
      return 0
    }

    return this.compareMain(other) || this.comparePre(other)
  }

  compareMain (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    if (this.major < other.major) {
      return -1
    }
    if (this.major > other.major) {
      return 1
    }
    if (this.minor < other.minor) {
      return -1
    }
    if (this.minor > other.minor) {
      return 1
    }
    if (this.patch < other.patch) {
      return -1
    }
    if (this.patch > other.patch) {
      return 1
    }
    return 0
  }

  comparePre (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    // NOT having a prerelease is > having one
    if (this.prerelease.length && !other.prerelease.length) {
      return -1
    } else if (!this.prerelease.length && other.prerelease.length) {
      return 1
    } else if (!this.prerelease.length && !other.prerelease.length) {
      return 0
    }

    let i = 0
    do {
      const a = this.prerelease[i]
      const b = other.prerelease[i]
      debug('prerelease compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  compareBuild (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    let i = 0
    do {
      const a = this.build[i]
      const b = other.build[i]
      debug('build compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  // preminor will bump the version up to the next minor release, and immediately
  // down to pre-release. premajor and prepatch work the same way.
  inc (release, identifier, identifierBase) {
    if (release.startsWith('pre')) {
      if (!identifier && identifierBase === false) {
        throw new Error('invalid increment argument: identifier is empty')
      }
      // Avoid an invalid semver results
      if (identifier) {
        const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE])
        if (!match || match[1] !== identifier) {
          throw new Error(`invalid identifier: ${identifier}`)
        }
      }
    }

    switch (release) {
      case 'premajor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor = 0
        this.major++
        this.inc('pre', identifier, identifierBase)
        break
      case 'preminor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor++
        this.inc('pre', identifier, identifierBase)
        break
      case 'prepatch':
        // If this is already a prerelease, it will bump to the next version
        // drop any prereleases that might already exist, since they are not
        // relevant at this point.
        this.prerelease.length = 0
        this.inc('patch', identifier, identifierBase)
        this.inc('pre', identifier, identifierBase)
        break
      // If the input is a non-prerelease version, this acts the same as
      // prepatch.
      case 'prerelease':
        if (this.prerelease.length === 0) {
          this.inc('patch', identifier, identifierBase)
        }
        this.inc('pre', identifier, identifierBase)
        break
      case 'release':
        if (this.prerelease.length === 0) {
          throw new Error(`version ${this.raw} is not a prerelease`)
        }
        this.prerelease.length = 0
        break

      case 'major':
        // If this is a pre-major version, bump up to the same major version.
        // Otherwise increment major.
        // 1.0.0-5 bumps to 1.0.0
        // 1.1.0 bumps to 2.0.0
        if (
          this.minor !== 0 ||
          this.patch !== 0 ||
          this.prerelease.length === 0
        ) {
          this.major++
        }
        this.minor = 0
        this.patch = 0
        this.prerelease = []
        break
      case 'minor':
        // If this is a pre-minor version, bump up to the same minor version.
        // Otherwise increment minor.
        // 1.2.0-5 bumps to 1.2.0
        // 1.2.1 bumps to 1.3.0
        if (this.patch !== 0 || this.prerelease.length === 0) {
          this.minor++
        }
        this.patch = 0
        this.prerelease = []
        break
      case 'patch':
        // If this is not a pre-release version, it will increment the patch.
        // If it is a pre-release it will bump up to the same patch version.
        // 1.2.0-5 patches to 1.2.0
        // 1.2.0 patches to 1.2.1
        if (this.prerelease.length === 0) {
          this.patch++
        }
        this.prerelease = []
        break
      // This probably shouldn't be used publicly.
      // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
      case 'pre': {
        const base = Number(identifierBase) ? 1 : 0

        if (this.prerelease.length === 0) {
          this.prerelease = [base]
        } else {
          let i = this.prerelease.length
          while (--i >= 0) {
            if (typeof this.prerelease[i] === 'number') {
              this.prerelease[i]++
              i = -2
            }
          }
          if (i === -1) {
            // didn't increment anything
            if (identifier === this.prerelease.join('.') && identifierBase === false) {
              throw new Error('invalid increment argument: identifier already exists')
            }
            this.prerelease.push(base)
          }
        }
        if (identifier) {
          // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
          // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
          let prerelease = [identifier, base]
          if (identifierBase === false) {
            prerelease = [identifier]
          }
          if (isPrereleaseIdentifier(this.prerelease, identifier)) {
            const prereleaseBase = this.prerelease[identifier.split('.').length]
            if (isNaN(prereleaseBase)) {
              this.prerelease = prerelease
            }
          } else {
            this.prerelease = prerelease
          }
        }
        break
      }
      default:
        throw new Error(`invalid increment argument: ${release}`)
    }
    this.raw = this.format()
    if (this.build.length) {
      this.raw += `+${this.build.join('.')}`
    }
    return this
  }
}

module.exports = SemVer


/***/ }),

/***/ 799:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(353)
const clean = (version, options) => {
  const s = parse(version.trim().replace(/^[=v]+/, ''), options)
  return s ? s.version : null
}
module.exports = clean


/***/ }),

/***/ 646:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const eq = __nccwpck_require__(82)
const neq = __nccwpck_require__(974)
const gt = __nccwpck_require__(599)
const gte = __nccwpck_require__(236)
const lt = __nccwpck_require__(491)
const lte = __nccwpck_require__(717)

const cmp = (a, op, b, loose) => {
  switch (op) {
    case '===':
      if (typeof a === 'object') {
        a = a.version
      }
      if (typeof b === 'object') {
        b = b.version
      }
      return a === b

    case '!==':
      if (typeof a === 'object') {
        a = a.version
      }
      if (typeof b === 'object') {
        b = b.version
      }
      return a !== b

    case '':
    case '=':
    case '==':
      return eq(a, b, loose)

    case '!=':
      return neq(a, b, loose)

    case '>':
      return gt(a, b, loose)

    case '>=':
      return gte(a, b, loose)

    case '<':
      return lt(a, b, loose)

    case '<=':
      return lte(a, b, loose)

    default:
      throw new TypeError(`Invalid operator: ${op}`)
  }
}
module.exports = cmp


/***/ }),

/***/ 385:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const parse = __nccwpck_require__(353)
const { safeRe: re, t } = __nccwpck_require__(471)

const coerce = (version, options) => {
  if (version instanceof SemVer) {
    return version
  }

  if (typeof version === 'number') {
    version = String(version)
  }

  if (typeof version !== 'string') {
    return null
  }

  options = options || {}

  let match = null
  if (!options.rtl) {
    match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE])
  } else {
    // Find the right-most coercible string that does not share
    // a terminus with a more left-ward coercible string.
    // Eg, '1.2.3.4' wants to coerce '2.3.4', not '3.4' or '4'
    // With includePrerelease option set, '1.2.3.4-rc' wants to coerce '2.3.4-rc', not '2.3.4'
    //
    // Walk through the string checking with a /g regexp
    // Manually set the index so as to pick up overlapping matches.
    // Stop when we get a match that ends at the string end, since no
    // coercible string can be more right-ward without the same terminus.
    const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL]
    let next
    while ((next = coerceRtlRegex.exec(version)) &&
        (!match || match.index + match[0].length !== version.length)
    ) {
      if (!match ||
            next.index + next[0].length !== match.index + match[0].length) {
        match = next
      }
      coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length
    }
    // leave it in a clean state
    coerceRtlRegex.lastIndex = -1
  }

  if (match === null) {
    return null
  }

  const major = match[2]
  const minor = match[3] || '0'
  const patch = match[4] || '0'
  const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : ''
  const build = options.includePrerelease && match[6] ? `+${match[6]}` : ''

  return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options)
}
module.exports = coerce


/***/ }),

/***/ 648:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const compareBuild = (a, b, loose) => {
  const versionA = new SemVer(a, loose)
  const versionB = new SemVer(b, loose)
  return versionA.compare(versionB) || versionA.compareBuild(versionB)
}
module.exports = compareBuild


/***/ }),

/***/ 874:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const compareLoose = (a, b) => compare(a, b, true)
module.exports = compareLoose


/***/ }),

/***/ 469:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const compare = (a, b, loose) =>
  new SemVer(a, loose).compare(new SemVer(b, loose))

module.exports = compare


/***/ }),

/***/ 711:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(353)

const diff = (version1, version2) => {
  const v1 = parse(version1, null, true)
  const v2 = parse(version2, null, true)
  const comparison = v1.compare(v2)

  if (comparison === 0) {
    return null
  }

  const v1Higher = comparison > 0
  const highVersion = v1Higher ? v1 : v2
  const lowVersion = v1Higher ? v2 : v1
  const highHasPre = !!highVersion.prerelease.length
  const lowHasPre = !!lowVersion.prerelease.length

  if (lowHasPre && !highHasPre) {
    // Going from prerelease -> no prerelease requires some special casing

    // If the low version has only a major, then it will always be a major
    // Some examples:
    // 1.0.0-1 -> 1.0.0
    // 1.0.0-1 -> 1.1.1
    // 1.0.0-1 -> 2.0.0
    if (!lowVersion.patch && !lowVersion.minor) {
      return 'major'
    }

    // If the main part has no difference
    if (lowVersion.compareMain(highVersion) === 0) {
      if (lowVersion.minor && !lowVersion.patch) {
        return 'minor'
      }
      return 'patch'
    }
  }

  // add the `pre` prefix if we are going to a prerelease version
  const prefix = highHasPre ? 'pre' : ''

  if (v1.major !== v2.major) {
    return prefix + 'major'
  }

  if (v1.minor !== v2.minor) {
    return prefix + 'minor'
  }

  if (v1.patch !== v2.patch) {
    return prefix + 'patch'
  }

  // high and low are prereleases
  return 'prerelease'
}

module.exports = diff


/***/ }),

/***/ 82:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const eq = (a, b, loose) => compare(a, b, loose) === 0
module.exports = eq


/***/ }),

/***/ 599:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const gt = (a, b, loose) => compare(a, b, loose) > 0
module.exports = gt


/***/ }),

/***/ 236:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const gte = (a, b, loose) => compare(a, b, loose) >= 0
module.exports = gte


/***/ }),

/***/ 338:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)

const inc = (version, release, options, identifier, identifierBase) => {
  if (typeof (options) === 'string') {
    identifierBase = identifier
    identifier = options
    options = undefined
  }

  try {
    return new SemVer(
      version instanceof SemVer ? version.version : version,
      options
    ).inc(release, identifier, identifierBase).version
  } catch (er) {
    return null
  }
}
module.exports = inc


/***/ }),

/***/ 491:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const lt = (a, b, loose) => compare(a, b, loose) < 0
module.exports = lt


/***/ }),

/***/ 717:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const lte = (a, b, loose) => compare(a, b, loose) <= 0
module.exports = lte


/***/ }),

/***/ 511:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const major = (a, loose) => new SemVer(a, loose).major
module.exports = major


/***/ }),

/***/ 603:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const minor = (a, loose) => new SemVer(a, loose).minor
module.exports = minor


/***/ }),

/***/ 974:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const neq = (a, b, loose) => compare(a, b, loose) !== 0
module.exports = neq


/***/ }),

/***/ 353:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const parse = (version, options, throwErrors = false) => {
  if (version instanceof SemVer) {
    return version
  }
  try {
    return new SemVer(version, options)
  } catch (er) {
    if (!throwErrors) {
      return null
    }
    throw er
  }
}

module.exports = parse


/***/ }),

/***/ 756:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const patch = (a, loose) => new SemVer(a, loose).patch
module.exports = patch


/***/ }),

/***/ 714:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(353)
const prerelease = (version, options) => {
  const parsed = parse(version, options)
  return (parsed && parsed.prerelease.length) ? parsed.prerelease : null
}
module.exports = prerelease


/***/ }),

/***/ 173:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(469)
const rcompare = (a, b, loose) => compare(b, a, loose)
module.exports = rcompare


/***/ }),

/***/ 192:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compareBuild = __nccwpck_require__(648)
const rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose))
module.exports = rsort


/***/ }),

/***/ 11:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(782)
const satisfies = (version, range, options) => {
  try {
    range = new Range(range, options)
  } catch (er) {
    return false
  }
  return range.test(version)
}
module.exports = satisfies


/***/ }),

/***/ 872:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compareBuild = __nccwpck_require__(648)
const sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose))
module.exports = sort


/***/ }),

/***/ 114:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(353)
const constants = __nccwpck_require__(101)
const SemVer = __nccwpck_require__(163)

const truncate = (version, truncation, options) => {
  if (!constants.RELEASE_TYPES.includes(truncation)) {
    return null
  }

  const clonedVersion = cloneInputVersion(version, options)
  return clonedVersion && doTruncation(clonedVersion, truncation)
}

const cloneInputVersion = (version, options) => {
  const versionStringToParse = (
    version instanceof SemVer ? version.version : version
  )

  return parse(versionStringToParse, options)
}

const doTruncation = (version, truncation) => {
  if (isPrerelease(truncation)) {
    return version.version
  }

  version.prerelease = []

  switch (truncation) {
    case 'major':
      version.minor = 0
      version.patch = 0
      break
    case 'minor':
      version.patch = 0
      break
  }

  return version.format()
}

const isPrerelease = (type) => {
  return type.startsWith('pre')
}

module.exports = truncate


/***/ }),

/***/ 780:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(353)
const valid = (version, options) => {
  const v = parse(version, options)
  return v ? v.version : null
}
module.exports = valid


/***/ }),

/***/ 88:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// just pre-load all the stuff that index.js lazily exports
const internalRe = __nccwpck_require__(471)
const constants = __nccwpck_require__(101)
const SemVer = __nccwpck_require__(163)
const identifiers = __nccwpck_require__(348)
const parse = __nccwpck_require__(353)
const valid = __nccwpck_require__(780)
const clean = __nccwpck_require__(799)
const inc = __nccwpck_require__(338)
const diff = __nccwpck_require__(711)
const major = __nccwpck_require__(511)
const minor = __nccwpck_require__(603)
const patch = __nccwpck_require__(756)
const prerelease = __nccwpck_require__(714)
const compare = __nccwpck_require__(469)
const rcompare = __nccwpck_require__(173)
const compareLoose = __nccwpck_require__(874)
const compareBuild = __nccwpck_require__(648)
const sort = __nccwpck_require__(872)
const rsort = __nccwpck_require__(192)
const gt = __nccwpck_require__(599)
const lt = __nccwpck_require__(491)
const eq = __nccwpck_require__(82)
const neq = __nccwpck_require__(974)
const gte = __nccwpck_require__(236)
const lte = __nccwpck_require__(717)
const cmp = __nccwpck_require__(646)
const coerce = __nccwpck_require__(385)
const truncate = __nccwpck_require__(114)
const Comparator = __nccwpck_require__(379)
const Range = __nccwpck_require__(782)
const satisfies = __nccwpck_require__(11)
const toComparators = __nccwpck_require__(750)
const maxSatisfying = __nccwpck_require__(193)
const minSatisfying = __nccwpck_require__(595)
const minVersion = __nccwpck_require__(866)
const validRange = __nccwpck_require__(118)
const outside = __nccwpck_require__(280)
const gtr = __nccwpck_require__(276)
const ltr = __nccwpck_require__(213)
const intersects = __nccwpck_require__(465)
const simplifyRange = __nccwpck_require__(28)
const subset = __nccwpck_require__(489)
module.exports = {
  parse,
  valid,
  clean,
  inc,
  diff,
  major,
  minor,
  patch,
  prerelease,
  compare,
  rcompare,
  compareLoose,
  compareBuild,
  sort,
  rsort,
  gt,
  lt,
  eq,
  neq,
  gte,
  lte,
  cmp,
  coerce,
  truncate,
  Comparator,
  Range,
  satisfies,
  toComparators,
  maxSatisfying,
  minSatisfying,
  minVersion,
  validRange,
  outside,
  gtr,
  ltr,
  intersects,
  simplifyRange,
  subset,
  SemVer,
  re: internalRe.re,
  src: internalRe.src,
  tokens: internalRe.t,
  SEMVER_SPEC_VERSION: constants.SEMVER_SPEC_VERSION,
  RELEASE_TYPES: constants.RELEASE_TYPES,
  compareIdentifiers: identifiers.compareIdentifiers,
  rcompareIdentifiers: identifiers.rcompareIdentifiers,
}


/***/ }),

/***/ 101:
/***/ ((module) => {



// Note: this is the semver.org version of the spec that it implements
// Not necessarily the package version of this code.
const SEMVER_SPEC_VERSION = '2.0.0'

const MAX_LENGTH = 256
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
/* istanbul ignore next */ 9007199254740991

// Max safe segment length for coercion.
const MAX_SAFE_COMPONENT_LENGTH = 16

// Max safe length for a build identifier. The max length minus 6 characters for
// the shortest version with a build 0.0.0+BUILD.
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6

// ECMAScript whitespace and line terminators matched by \s.
const WHITESPACE_CHARACTERS = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
]

const RELEASE_TYPES = [
  'major',
  'premajor',
  'minor',
  'preminor',
  'patch',
  'prepatch',
  'prerelease',
]

module.exports = {
  MAX_LENGTH,
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_SAFE_INTEGER,
  WHITESPACE_CHARACTERS,
  RELEASE_TYPES,
  SEMVER_SPEC_VERSION,
  FLAG_INCLUDE_PRERELEASE: 0b001,
  FLAG_LOOSE: 0b010,
}


/***/ }),

/***/ 159:
/***/ ((module) => {



const debug = (
  typeof process === 'object' &&
  process.env &&
  process.env.NODE_DEBUG &&
  /\bsemver\b/i.test(process.env.NODE_DEBUG)
) ? (...args) => console.error('SEMVER', ...args)
  : () => {}

module.exports = debug


/***/ }),

/***/ 348:
/***/ ((module) => {



const numeric = /^[0-9]+$/
const compareIdentifiers = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1
  }

  const anum = numeric.test(a)
  const bnum = numeric.test(b)

  if (anum && bnum) {
    a = +a
    b = +b
  }

  return a === b ? 0
    : (anum && !bnum) ? -1
    : (bnum && !anum) ? 1
    : a < b ? -1
    : 1
}

const rcompareIdentifiers = (a, b) => compareIdentifiers(b, a)

module.exports = {
  compareIdentifiers,
  rcompareIdentifiers,
}


/***/ }),

/***/ 383:
/***/ ((module) => {



class LRUCache {
  constructor () {
    this.max = 1000
    this.map = new Map()
  }

  get (key) {
    const value = this.map.get(key)
    if (value === undefined) {
      return undefined
    } else {
      // Remove the key from the map and add it to the end
      this.map.delete(key)
      this.map.set(key, value)
      return value
    }
  }

  delete (key) {
    return this.map.delete(key)
  }

  set (key, value) {
    const deleted = this.delete(key)

    if (!deleted && value !== undefined) {
      // If cache is full, delete the least recently used item
      if (this.map.size >= this.max) {
        const firstKey = this.map.keys().next().value
        this.delete(firstKey)
      }

      this.map.set(key, value)
    }

    return this
  }
}

module.exports = LRUCache


/***/ }),

/***/ 356:
/***/ ((module) => {



// parse out just the options we care about
const looseOption = Object.freeze({ loose: true })
const emptyOpts = Object.freeze({ })
const parseOptions = options => {
  if (!options) {
    return emptyOpts
  }

  if (typeof options !== 'object') {
    return looseOption
  }

  return options
}
module.exports = parseOptions


/***/ }),

/***/ 471:
/***/ ((module, exports, __nccwpck_require__) => {



const {
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_LENGTH,
} = __nccwpck_require__(101)
const debug = __nccwpck_require__(159)
exports = module.exports = {}

// The actual regexps go on exports.re
const re = exports.re = []
const safeRe = exports.safeRe = []
const src = exports.src = []
const safeSrc = exports.safeSrc = []
const t = exports.t = {}
let R = 0

const LETTERDASHNUMBER = '[a-zA-Z0-9-]'

// Replace some greedy regex tokens to prevent regex dos issues. These regex are
// used internally via the safeRe object since all inputs in this library get
// normalized first to trim and collapse all extra whitespace. The original
// regexes are exported for userland consumption and lower level usage. A
// future breaking change could export the safer regex only with a note that
// all input should have extra whitespace removed.
const safeRegexReplacements = [
  ['\\s', 1],
  ['\\d', MAX_LENGTH],
  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
]

const makeSafeRegex = (value) => {
  for (const [token, max] of safeRegexReplacements) {
    value = value
      .split(`${token}*`).join(`${token}{0,${max}}`)
      .split(`${token}+`).join(`${token}{1,${max}}`)
  }
  return value
}

const createToken = (name, value, isGlobal) => {
  const safe = makeSafeRegex(value)
  const index = R++
  debug(name, index, value)
  t[name] = index
  src[index] = value
  safeSrc[index] = safe
  re[index] = new RegExp(value, isGlobal ? 'g' : undefined)
  safeRe[index] = new RegExp(safe, isGlobal ? 'g' : undefined)
}

// The following Regular Expressions can be used for tokenizing,
// validating, and parsing SemVer version strings.

// ## Numeric Identifier
// A single `0`, or a non-zero digit followed by zero or more digits.

createToken('NUMERICIDENTIFIER', '0|[1-9]\\d*')
createToken('NUMERICIDENTIFIERLOOSE', '\\d+')

// ## Non-numeric Identifier
// Zero or more digits, followed by a letter or hyphen, and then zero or
// more letters, digits, or hyphens.

createToken('NONNUMERICIDENTIFIER', `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`)

// ## Main Version
// Three dot-separated numeric identifiers.

createToken('MAINVERSION', `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})`)

createToken('MAINVERSIONLOOSE', `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version Identifier
// A numeric identifier, or a non-numeric identifier.
// Non-numeric identifiers include numeric identifiers but can be longer.
// Therefore non-numeric identifiers must go first.

createToken('PRERELEASEIDENTIFIER', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIER]})`)

createToken('PRERELEASEIDENTIFIERLOOSE', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version
// Hyphen, followed by one or more dot-separated pre-release version
// identifiers.

createToken('PRERELEASE', `(?:-(${src[t.PRERELEASEIDENTIFIER]
}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`)

createToken('PRERELEASELOOSE', `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]
}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`)

// ## Build Metadata Identifier
// Any combination of digits, letters, or hyphens.

createToken('BUILDIDENTIFIER', `${LETTERDASHNUMBER}+`)

// ## Build Metadata
// Plus sign, followed by one or more period-separated build metadata
// identifiers.

createToken('BUILD', `(?:\\+(${src[t.BUILDIDENTIFIER]
}(?:\\.${src[t.BUILDIDENTIFIER]})*))`)

// ## Full Version String
// A main version, followed optionally by a pre-release version and
// build metadata.

// Note that the only major, minor, patch, and pre-release sections of
// the version string are capturing groups.  The build metadata is not a
// capturing group, because it should not ever be used in version
// comparison.

createToken('FULLPLAIN', `v?${src[t.MAINVERSION]
}${src[t.PRERELEASE]}?${
  src[t.BUILD]}?`)

createToken('FULL', `^${src[t.FULLPLAIN]}$`)

// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
// common in the npm registry.
createToken('LOOSEPLAIN', `[v=\\s]*${src[t.MAINVERSIONLOOSE]
}${src[t.PRERELEASELOOSE]}?${
  src[t.BUILD]}?`)

createToken('LOOSE', `^${src[t.LOOSEPLAIN]}$`)

createToken('GTLT', '((?:<|>)?=?)')

// Something like "2.*" or "1.2.x".
// Note that "x.x" is a valid xRange identifier, meaning "any version"
// Only the first item is strictly required.
createToken('XRANGEIDENTIFIERLOOSE', `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`)
createToken('XRANGEIDENTIFIER', `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`)

createToken('XRANGEPLAIN', `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:${src[t.PRERELEASE]})?${
                     src[t.BUILD]}?` +
                   `)?)?`)

createToken('XRANGEPLAINLOOSE', `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:${src[t.PRERELEASELOOSE]})?${
                          src[t.BUILD]}?` +
                        `)?)?`)

createToken('XRANGE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`)
createToken('XRANGELOOSE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`)

// Coercion.
// Extract anything that could conceivably be a part of a valid semver
createToken('COERCEPLAIN', `${'(^|[^\\d])' +
              '(\\d{1,'}${MAX_SAFE_COMPONENT_LENGTH}})` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`)
createToken('COERCE', `${src[t.COERCEPLAIN]}(?:$|[^\\d])`)
createToken('COERCEFULL', src[t.COERCEPLAIN] +
              `(?:${src[t.PRERELEASE]})?` +
              `(?:${src[t.BUILD]})?` +
              `(?:$|[^\\d])`)
createToken('COERCERTL', src[t.COERCE], true)
createToken('COERCERTLFULL', src[t.COERCEFULL], true)

// Tilde ranges.
// Meaning is "reasonably at or greater than"
createToken('LONETILDE', '(?:~>?)')

createToken('TILDETRIM', `(\\s*)${src[t.LONETILDE]}\\s+`, true)
exports.tildeTrimReplace = '$1~'

createToken('TILDE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`)
createToken('TILDELOOSE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`)

// Caret ranges.
// Meaning is "at least and backwards compatible with"
createToken('LONECARET', '(?:\\^)')

createToken('CARETTRIM', `(\\s*)${src[t.LONECARET]}\\s+`, true)
exports.caretTrimReplace = '$1^'

createToken('CARET', `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`)
createToken('CARETLOOSE', `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`)

// A simple gt/lt/eq thing, or just "" to indicate "any version"
createToken('COMPARATORLOOSE', `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`)
createToken('COMPARATOR', `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`)

// An expression to strip any whitespace between the gtlt and the thing
// it modifies, so that `> 1.2.3` ==> `>1.2.3`
createToken('COMPARATORTRIM', `(\\s*)${src[t.GTLT]
}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true)
exports.comparatorTrimReplace = '$1$2$3'

// Something like `1.2.3 - 1.2.4`
// Note that these all use the loose form, because they'll be
// checked against either the strict or loose comparator form
// later.
createToken('HYPHENRANGE', `^\\s*(${src[t.XRANGEPLAIN]})` +
                   `\\s+-\\s+` +
                   `(${src[t.XRANGEPLAIN]})` +
                   `\\s*$`)

createToken('HYPHENRANGELOOSE', `^\\s*(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s+-\\s+` +
                        `(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s*$`)

// Star ranges basically just allow anything at all.
createToken('STAR', '(<|>)?=?\\s*\\*')
// >=0.0.0 is like a star
createToken('GTE0', '^\\s*>=\\s*0\\.0\\.0\\s*$')
createToken('GTE0PRE', '^\\s*>=\\s*0\\.0\\.0-0\\s*$')


/***/ }),

/***/ 737:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// @ts-check


// Reproduce safeRe[COMPARATORTRIM] replacement boundaries, not version
// validation. Each end-index finder returns an exclusive end, or its start
// on no match.
// Positions count from zero. An end of 3 means characters 0, 1, and 2 were read;
// range.slice(start, end) gives the matched text, not a converted number.
const {
  MAX_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  WHITESPACE_CHARACTERS,
} = __nccwpck_require__(101)

/**
 * Remembers the last two rows of digits so their characters need not be reread.
 * Positions start at -1 until a row has been found.
 *
 * @typedef {object} DigitRunCache
 * @property {number} start The first character of the most recently found row.
 * @property {number} end The position after that row's last character.
 * @property {number} previousStart The first character of the previous row.
 * @property {number} previousEnd The position after the previous row.
 */

// One entry per UTF-16 code unit keeps membership checks constant-time.
const whitespace = new Uint8Array(0x10000)
for (const char of WHITESPACE_CHARACTERS) {
  whitespace[char.charCodeAt(0)] = 1
}

/**
 * Checks whether a character is whitespace, like a space, tab, or newline.
 * Looking past the end of the string returns false.
 *
 * @param {string|undefined} char One character, or undefined past the string's end.
 * @returns {boolean} Whether the character is whitespace.
 * @example isWhitespace(' ') // true
 * @example isWhitespace('1') // false
 */
const isWhitespace = char =>
  char !== undefined && whitespace[char.charCodeAt(0)] === 1

/**
 * Checks for v, =, or whitespace before the version number.
 * These are historical version prefixes, not range operators:
 * < and > are handled separately, as are tilde and caret ranges.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character can belong to a version prefix.
 * @example isVersionPrefix('=') // true
 * @example isVersionPrefix('>') // false
 */
const isVersionPrefix = char =>
  char === 'v' ||
  char === '=' ||
  isWhitespace(char)

/**
 * Checks whether a character is one of the digits 0 through 9.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character is an ASCII digit.
 * @example isDigit('7') // true
 * @example isDigit('.') // false
 */
const isDigit = char => char !== undefined && char >= '0' && char <= '9'

/**
 * Checks whether a character is an English letter, uppercase or lowercase.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character is an ASCII letter.
 * @example isLetter('b') // true
 * @example isLetter('7') // false
 */
const isLetter = char =>
  char !== undefined && (
    (char >= 'a' && char <= 'z') ||
    (char >= 'A' && char <= 'Z')
  )

/**
 * Checks for a letter, digit, or hyphen: the characters allowed inside
 * prerelease and build names such as beta-1.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character can be part of an identifier.
 * @example isIdentifierCharacter('-') // true
 * @example isIdentifierCharacter('.') // false; dots separate identifiers
 */
const isIdentifierCharacter = char => isDigit(char) || isLetter(char) || char === '-'

/**
 * Checks whether a version component can begin here: with a digit or
 * a wildcard such as x, X, or *.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether a number or wildcard can start with this character.
 * @example isVersionStart('x') // true
 * @example isVersionStart('v') // false; v belongs to the prefix
 */
const isVersionStart = char =>
  isDigit(char) ||
  char === 'x' ||
  char === 'X' ||
  char === '*'

/**
 * Finds the end of a row of digits, but returns no more than limit digits.
 * Remembers the last two rows so looking at them again does not reread them.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of the first character to check.
 * @param {number} limit The most digit characters the returned match can include.
 * @param {DigitRunCache} digitRuns Shared cache of digit-run positions, updated in place.
 * @returns {number} The position after the matched digits, or start if none match.
 * @example findDigitsEndIndex('123abc', 0, 10, digitRuns) // 3, pointing at a
 * @example findDigitsEndIndex('123abc', 0, 2, digitRuns) // 2, pointing at the unread 3
 */
const findDigitsEndIndex = (range, start, limit, digitRuns) => {
  if (!isDigit(range[start])) {
    return start
  }
  if (start >= digitRuns.start && start < digitRuns.end) {
    return Math.min(start + limit, digitRuns.end)
  }
  if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
    return Math.min(start + limit, digitRuns.previousEnd)
  }
  let end = start + 1
  while (isDigit(range[end])) {
    end++
  }
  // A failed full version can rewind from its second run to its first.
  digitRuns.previousStart = digitRuns.start
  digitRuns.previousEnd = digitRuns.end
  digitRuns.start = start
  digitRuns.end = end
  return Math.min(start + limit, end)
}

/**
 * Reads a number using the old regex's length and leading-zero rules.
 * Strict mode reads just the first zero in 012; loose mode can read all three.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the number should begin.
 * @param {boolean} loose Whether to allow leading zeros.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched digits, not their numeric value.
 * @example findVersionNumberEndIndex('012', 0, false, digitRuns) // 1
 * @example findVersionNumberEndIndex('012', 0, true, digitRuns) // 3
 */
const findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
  if (!loose && range[start] === '0') {
    return start + 1
  }
  // Strict syntax allows an initial nonzero digit plus MAX_LENGTH digits.
  return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns)
}

/**
 * Reads one piece of a prerelease name, such as beta or 1 in beta.1.
 * Tries the letter-or-hyphen form first, then the number-only form.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the identifier should begin.
 * @param {boolean} loose Whether numeric identifiers may have leading zeros.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the identifier, or start if none matches.
 * @example findPrereleaseIdentifierEndIndex('beta.1', 0, false, digitRuns) // 4, at the dot
 * @example findPrereleaseIdentifierEndIndex('001beta', 0, false, digitRuns) // 7
 */
const findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
  const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns)
  // The legacy regex tries a nonnumeric identifier before a numeric one.
  if (isLetter(range[digitsEnd]) || range[digitsEnd] === '-') {
    let end = digitsEnd + 1
    const limit = end + MAX_SAFE_BUILD_LENGTH
    while (end < limit && isIdentifierCharacter(range[end])) {
      end++
    }
    return end
  }
  return findVersionNumberEndIndex(range, start, loose, digitRuns)
}

/**
 * Reads a prerelease suffix such as -beta.1, one dot-separated piece at a time.
 * Loose mode also allows the name without its opening hyphen.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the suffix should begin, including -.
 * @param {boolean} loose Whether the opening hyphen is optional and zeros allowed.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched suffix, or start if absent.
 * @example findPrereleaseEndIndex('-beta.1+sha', 0, false, digitRuns) // 7, at the plus
 * @example findPrereleaseEndIndex('beta', 0, false, digitRuns) // 0; no opening hyphen
 */
const findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
  const hyphen = range[start] === '-'
  if (!loose && !hyphen) {
    return start
  }
  const identifierStart = start + (hyphen ? 1 : 0)
  let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns)
  if (end === identifierStart) {
    if (!loose || !hyphen) {
      return start
    }
    // In loose syntax, a lone hyphen can itself be the identifier.
    end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns)
  }
  while (range[end] === '.') {
    const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns)
    if (next === end + 1) {
      break
    }
    end = next
  }
  return end
}

/**
 * Reads one build-name piece, such as sha or 123 in +sha.123.
 * Stops at a disallowed character or the old regex's length limit.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the identifier should begin.
 * @returns {number} The position after the identifier, or start if none matches.
 * @example findBuildIdentifierEndIndex('sha.123', 0) // 3, at the dot
 * @example findBuildIdentifierEndIndex('001', 0) // 3; leading zeros are allowed
 */
const findBuildIdentifierEndIndex = (range, start) => {
  let end = start
  while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
    end++
  }
  return end
}

/**
 * Reads optional build metadata such as +sha.123.
 * Leaves the position unchanged if there is no plus sign followed by a name.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the opening + should be.
 * @returns {number} The position after the matched metadata, or start if absent.
 * @example findBuildEndIndex('+sha.123 <2', 0) // 8, at the space
 * @example findBuildEndIndex('+', 0) // 0; a plus sign alone is not a match
 */
const findBuildEndIndex = (range, start) => {
  if (range[start] !== '+') {
    return start
  }
  let end = findBuildIdentifierEndIndex(range, start + 1)
  if (end === start + 1) {
    return start
  }
  while (range[end] === '.') {
    const next = findBuildIdentifierEndIndex(range, end + 1)
    if (next === end + 1) {
      break
    }
    end = next
  }
  return end
}

/**
 * Reads three numbers separated by dots, then any prerelease and build suffixes.
 * Uses loose rules, so forms such as 01.02.03beta can match here.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of the first number, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the version match, or start if none matches.
 * @example findLooseFullVersionEndIndex('1.2.3-beta+sha <2', 0, digitRuns) // 14
 * @example findLooseFullVersionEndIndex('1.2', 0, digitRuns) // 0; needs three numbers
 */
const findLooseFullVersionEndIndex = (range, start, digitRuns) => {
  let end = start
  for (let component = 0; component < 3; component++) {
    const next = findVersionNumberEndIndex(range, end, true, digitRuns)
    if (next === end) {
      return start
    }
    end = next
    if (component < 2) {
      if (range[end] !== '.') {
        return start
      }
      end++
    }
  }
  const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns)
  return findBuildEndIndex(range, prereleaseEnd)
}

/**
 * Reads one component of a partial or wildcard version, such as 2 or x in 2.x.
 * Numbers use strict leading-zero rules; wildcards take up one character.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the component should begin.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the component, or start if none matches.
 * @example findPartialVersionComponentEndIndex('2.x', 0, digitRuns) // 1, at the dot
 * @example findPartialVersionComponentEndIndex('2.x', 2, digitRuns) // 3, after x
 */
const findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
  if (isDigit(range[start])) {
    return findVersionNumberEndIndex(range, start, false, digitRuns)
  }
  return isVersionStart(range[start]) ? start + 1 : start
}

/**
 * Reads up to three components, allowing forms such as 1, 1.2, or 1.x.
 * After the third component, also reads any strict prerelease and build suffixes.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of a number or wildcard, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched version text.
 * @example findPartialVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
 * @example findPartialVersionEndIndex('1.', 0, digitRuns) // 1; the trailing dot is unread
 */
const findPartialVersionEndIndex = (range, start, digitRuns) => {
  let end = findPartialVersionComponentEndIndex(range, start, digitRuns)
  for (let component = 0; component < 2; component++) {
    if (range[end] !== '.') {
      return end
    }
    const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns)
    if (next === end + 1) {
      return end
    }
    end = next
  }
  const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns)
  return findBuildEndIndex(range, prereleaseEnd)
}

/**
 * Finds where a version match ends, without deciding whether the range is valid.
 * Tries a loose full version first, then a partial or wildcard version, just
 * like the old regex's LOOSEPLAIN and XRANGEPLAIN alternatives.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of a number or wildcard, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position where scanning the next candidate can resume.
 * @example findVersionEndIndex('1.2.3 <2', 0, digitRuns) // 5, at the space
 * @example findVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
 */
const findVersionEndIndex = (range, start, digitRuns) => {
  const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns)
  return fullVersionEnd !== start
    ? fullVersionEnd
    : findPartialVersionEndIndex(range, start, digitRuns)
}

/**
 * Finds the one whitespace character the old replacement would remove.
 * Keeps leading whitespace, skips an optional operator, and checks immediately
 * after it. Returns -1 if there is nothing to remove.
 *
 * @param {string} range The text containing a candidate already found by the caller.
 * @param {number} matchStart The candidate's position, including leading whitespace.
 * @returns {number} The position of the removable whitespace, or -1 if absent.
 * @example findRemovableWhitespaceIndex(' > 1', 0) // 2; keep the space at position 0
 * @example findRemovableWhitespaceIndex('>1', 0) // -1
 */
const findRemovableWhitespaceIndex = (range, matchStart) => {
  let position = matchStart
  if (isWhitespace(range[position])) {
    position++
  }
  if (range[position] === '<' || range[position] === '>') {
    position++
  }
  if (range[position] === '=') {
    position++
  }
  return isWhitespace(range[position]) ? position : -1
}

/**
 * Joins an operator to its version, turning > 1.2.3 into >1.2.3.
 * Copies everything else according to the old regex's matching rules.
 * Moves forward through prefixes and whole versions to avoid repeatedly
 * searching the same characters on long inputs.
 *
 * @param {string} range The range text to process; the original string is unchanged.
 * @returns {string} The range with matched operator whitespace removed.
 * @example trimComparatorWhitespace('> 1.2.3 < 2') // '>1.2.3 <2'
 * @example trimComparatorWhitespace('> invalid') // '> invalid'
 */
const trimComparatorWhitespace = range => {
  let result = ''
  let copyFrom = 0
  let cursor = 0
  const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 }

  while (cursor < range.length) {
    const matchStart = cursor
    if (range[cursor] === '<' || range[cursor] === '>') {
      cursor++
    } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
      cursor++
      continue
    }

    // Consume a v/=/whitespace run once, even when no version follows it.
    while (cursor < range.length && isVersionPrefix(range[cursor])) {
      cursor++
    }
    if (!isVersionStart(range[cursor])) {
      continue
    }

    const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart)
    if (whitespacePosition !== -1) {
      result += range.slice(copyFrom, whitespacePosition)
      copyFrom = whitespacePosition + 1
    }

    // Skip the entire match, so a prerelease's trailing v cannot be
    // reconsidered as the prefix of another version.
    cursor = findVersionEndIndex(range, cursor, digitRuns)
  }

  return result + range.slice(copyFrom)
}

module.exports = trimComparatorWhitespace


/***/ }),

/***/ 276:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// Determine if version is greater than all the versions possible in the range.
const outside = __nccwpck_require__(280)
const gtr = (version, range, options) => outside(version, range, '>', options)
module.exports = gtr


/***/ }),

/***/ 465:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(782)
const intersects = (r1, r2, options) => {
  r1 = new Range(r1, options)
  r2 = new Range(r2, options)
  return r1.intersects(r2, options)
}
module.exports = intersects


/***/ }),

/***/ 213:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const outside = __nccwpck_require__(280)
// Determine if version is less than all the versions possible in the range
const ltr = (version, range, options) => outside(version, range, '<', options)
module.exports = ltr


/***/ }),

/***/ 193:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const Range = __nccwpck_require__(782)

const maxSatisfying = (versions, range, options) => {
  let max = null
  let maxSV = null
  let rangeObj = null
  try {
    rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach((v) => {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!max || maxSV.compare(v) === -1) {
        // compare(max, v, true)
        max = v
        maxSV = new SemVer(max, options)
      }
    }
  })
  return max
}
module.exports = maxSatisfying


/***/ }),

/***/ 595:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const Range = __nccwpck_require__(782)
const minSatisfying = (versions, range, options) => {
  let min = null
  let minSV = null
  let rangeObj = null
  try {
    rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach((v) => {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!min || minSV.compare(v) === 1) {
        // compare(min, v, true)
        min = v
        minSV = new SemVer(min, options)
      }
    }
  })
  return min
}
module.exports = minSatisfying


/***/ }),

/***/ 866:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const Range = __nccwpck_require__(782)
const gt = __nccwpck_require__(599)

const minVersion = (range, loose) => {
  range = new Range(range, loose)

  let minver = new SemVer('0.0.0')
  if (range.test(minver)) {
    return minver
  }

  minver = new SemVer('0.0.0-0')
  if (range.test(minver)) {
    return minver
  }

  minver = null
  for (let i = 0; i < range.set.length; ++i) {
    const comparators = range.set[i]

    let setMin = null
    comparators.forEach((comparator) => {
      // Clone to avoid manipulating the comparator's semver object.
      const compver = new SemVer(comparator.semver.version)
      switch (comparator.operator) {
        case '>':
          if (compver.prerelease.length === 0) {
            compver.patch++
          } else {
            compver.prerelease.push(0)
          }
          compver.raw = compver.format()
          /* fallthrough */
        case '':
        case '>=':
          if (!setMin || gt(compver, setMin)) {
            setMin = compver
          }
          break
        case '<':
        case '<=':
          /* Ignore maximum versions */
          break
        /* istanbul ignore next */
        default:
          throw new Error(`Unexpected operation: ${comparator.operator}`)
      }
    })
    if (setMin && (!minver || gt(minver, setMin))) {
      minver = setMin
    }
  }

  if (minver && range.test(minver)) {
    return minver
  }

  return null
}
module.exports = minVersion


/***/ }),

/***/ 280:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(163)
const Comparator = __nccwpck_require__(379)
const { ANY } = Comparator
const Range = __nccwpck_require__(782)
const satisfies = __nccwpck_require__(11)
const gt = __nccwpck_require__(599)
const lt = __nccwpck_require__(491)
const lte = __nccwpck_require__(717)
const gte = __nccwpck_require__(236)

const outside = (version, range, hilo, options) => {
  version = new SemVer(version, options)
  range = new Range(range, options)

  let gtfn, ltefn, ltfn, comp, ecomp
  switch (hilo) {
    case '>':
      gtfn = gt
      ltefn = lte
      ltfn = lt
      comp = '>'
      ecomp = '>='
      break
    case '<':
      gtfn = lt
      ltefn = gte
      ltfn = gt
      comp = '<'
      ecomp = '<='
      break
    default:
      throw new TypeError('Must provide a hilo val of "<" or ">"')
  }

  // If it satisfies the range it is not outside
  if (satisfies(version, range, options)) {
    return false
  }

  // From now on, variable terms are as if we're in "gtr" mode.
  // but note that everything is flipped for the "ltr" function.

  for (let i = 0; i < range.set.length; ++i) {
    const comparators = range.set[i]

    let high = null
    let low = null

    comparators.forEach((comparator) => {
      if (comparator.semver === ANY) {
        comparator = new Comparator('>=0.0.0')
      }
      high = high || comparator
      low = low || comparator
      if (gtfn(comparator.semver, high.semver, options)) {
        high = comparator
      } else if (ltfn(comparator.semver, low.semver, options)) {
        low = comparator
      }
    })

    // If the edge version comparator has a operator then our version
    // isn't outside it
    if (high.operator === comp || high.operator === ecomp) {
      return false
    }

    // If the lowest version comparator has an operator and our version
    // is less than it then it isn't higher than the range
    if ((!low.operator || low.operator === comp) &&
        ltefn(version, low.semver)) {
      return false
    } else if (low.operator === ecomp && ltfn(version, low.semver)) {
      return false
    }
  }
  return true
}

module.exports = outside


/***/ }),

/***/ 28:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// given a set of versions and a range, create a "simplified" range
// that includes the same versions that the original range does
// If the original range is shorter than the simplified one, return that.
const satisfies = __nccwpck_require__(11)
const compare = __nccwpck_require__(469)
module.exports = (versions, range, options) => {
  const set = []
  let first = null
  let prev = null
  const v = versions.sort((a, b) => compare(a, b, options))
  for (const version of v) {
    const included = satisfies(version, range, options)
    if (included) {
      prev = version
      if (!first) {
        first = version
      }
    } else {
      if (prev) {
        set.push([first, prev])
      }
      prev = null
      first = null
    }
  }
  if (first) {
    set.push([first, null])
  }

  const ranges = []
  for (const [min, max] of set) {
    if (min === max) {
      ranges.push(min)
    } else if (!max && min === v[0]) {
      ranges.push('*')
    } else if (!max) {
      ranges.push(`>=${min}`)
    } else if (min === v[0]) {
      ranges.push(`<=${max}`)
    } else {
      ranges.push(`${min} - ${max}`)
    }
  }
  const simplified = ranges.join(' || ')
  const original = typeof range.raw === 'string' ? range.raw : String(range)
  return simplified.length < original.length ? simplified : range
}


/***/ }),

/***/ 489:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(782)
const Comparator = __nccwpck_require__(379)
const { ANY } = Comparator
const satisfies = __nccwpck_require__(11)
const compare = __nccwpck_require__(469)

// Complex range `r1 || r2 || ...` is a subset of `R1 || R2 || ...` iff:
// - Every simple range `r1, r2, ...` is a null set, OR
// - Every simple range `r1, r2, ...` which is not a null set is a subset of
//   some `R1, R2, ...`
//
// Simple range `c1 c2 ...` is a subset of simple range `C1 C2 ...` iff:
// - If c is only the ANY comparator
//   - If C is only the ANY comparator, return true
//   - Else if in prerelease mode, return false
//   - else replace c with `[>=0.0.0]`
// - If C is only the ANY comparator
//   - if in prerelease mode, return true
//   - else replace C with `[>=0.0.0]`
// - Let EQ be the set of = comparators in c
// - If EQ is more than one, return true (null set)
// - Let GT be the highest > or >= comparator in c
// - Let LT be the lowest < or <= comparator in c
// - If GT and LT, and GT.semver > LT.semver, return true (null set)
// - If any C is a = range, and GT or LT are set, return false
// - If EQ
//   - If GT, and EQ does not satisfy GT, return true (null set)
//   - If LT, and EQ does not satisfy LT, return true (null set)
//   - If EQ satisfies every C, return true
//   - Else return false
// - If GT
//   - If GT.semver is lower than any > or >= comp in C, return false
//   - If GT is >=, and GT.semver does not satisfy every C, return false
//   - If GT.semver has a prerelease, and not in prerelease mode
//     - If no C has a prerelease and the GT.semver tuple, return false
// - If LT
//   - If LT.semver is greater than any < or <= comp in C, return false
//   - If LT is <=, and LT.semver does not satisfy every C, return false
//   - If LT.semver has a prerelease, and not in prerelease mode
//     - If no C has a prerelease and the LT.semver tuple, return false
// - Else return true

const subset = (sub, dom, options = {}) => {
  if (sub === dom) {
    return true
  }

  sub = new Range(sub, options)
  dom = new Range(dom, options)
  let sawNonNull = false

  OUTER: for (const simpleSub of sub.set) {
    for (const simpleDom of dom.set) {
      const isSub = simpleSubset(simpleSub, simpleDom, options)
      sawNonNull = sawNonNull || isSub !== null
      if (isSub) {
        continue OUTER
      }
    }
    // the null set is a subset of everything, but null simple ranges in
    // a complex range should be ignored.  so if we saw a non-null range,
    // then we know this isn't a subset, but if EVERY simple range was null,
    // then it is a subset.
    if (sawNonNull) {
      return false
    }
  }
  return true
}

const minimumVersionWithPreRelease = [new Comparator('>=0.0.0-0')]
const minimumVersion = [new Comparator('>=0.0.0')]

const simpleSubset = (sub, dom, options) => {
  if (sub === dom) {
    return true
  }

  if (sub.length === 1 && sub[0].semver === ANY) {
    if (dom.length === 1 && dom[0].semver === ANY) {
      return true
    } else if (options.includePrerelease) {
      sub = minimumVersionWithPreRelease
    } else {
      sub = minimumVersion
    }
  }

  if (dom.length === 1 && dom[0].semver === ANY) {
    if (options.includePrerelease) {
      return true
    } else {
      dom = minimumVersion
    }
  }

  const eqSet = new Set()
  let gt, lt
  for (const c of sub) {
    if (c.operator === '>' || c.operator === '>=') {
      gt = higherGT(gt, c, options)
    } else if (c.operator === '<' || c.operator === '<=') {
      lt = lowerLT(lt, c, options)
    } else {
      eqSet.add(c.semver)
    }
  }

  if (eqSet.size > 1) {
    return null
  }

  let gtltComp
  if (gt && lt) {
    gtltComp = compare(gt.semver, lt.semver, options)
    if (gtltComp > 0) {
      return null
    } else if (gtltComp === 0 && (gt.operator !== '>=' || lt.operator !== '<=')) {
      return null
    }
  }

  // will iterate one or zero times
  for (const eq of eqSet) {
    if (gt && !satisfies(eq, String(gt), options)) {
      return null
    }

    if (lt && !satisfies(eq, String(lt), options)) {
      return null
    }

    for (const c of dom) {
      if (!satisfies(eq, String(c), options)) {
        return false
      }
    }

    return true
  }

  let higher, lower
  let hasDomLT, hasDomGT
  // if the subset has a prerelease, we need a comparator in the superset
  // with the same tuple and a prerelease, or it's not a subset
  let needDomLTPre = lt &&
    !options.includePrerelease &&
    lt.semver.prerelease.length ? lt.semver : false
  let needDomGTPre = gt &&
    !options.includePrerelease &&
    gt.semver.prerelease.length ? gt.semver : false
  // exception: <1.2.3-0 is the same as <1.2.3
  if (needDomLTPre && needDomLTPre.prerelease.length === 1 &&
      lt.operator === '<' && needDomLTPre.prerelease[0] === 0) {
    needDomLTPre = false
  }

  for (const c of dom) {
    hasDomGT = hasDomGT || c.operator === '>' || c.operator === '>='
    hasDomLT = hasDomLT || c.operator === '<' || c.operator === '<='
    if (gt) {
      if (needDomGTPre) {
        if (c.semver.prerelease && c.semver.prerelease.length &&
            c.semver.major === needDomGTPre.major &&
            c.semver.minor === needDomGTPre.minor &&
            c.semver.patch === needDomGTPre.patch) {
          needDomGTPre = false
        }
      }
      if (c.operator === '>' || c.operator === '>=') {
        higher = higherGT(gt, c, options)
        if (higher === c && higher !== gt) {
          return false
        }
      } else if (gt.operator === '>=' && !c.test(gt.semver)) {
        return false
      }
    }
    if (lt) {
      if (needDomLTPre) {
        if (c.semver.prerelease && c.semver.prerelease.length &&
            c.semver.major === needDomLTPre.major &&
            c.semver.minor === needDomLTPre.minor &&
            c.semver.patch === needDomLTPre.patch) {
          needDomLTPre = false
        }
      }
      if (c.operator === '<' || c.operator === '<=') {
        lower = lowerLT(lt, c, options)
        if (lower === c && lower !== lt) {
          return false
        }
      } else if (lt.operator === '<=' && !c.test(lt.semver)) {
        return false
      }
    }
    if (!c.operator && (lt || gt) && gtltComp !== 0) {
      return false
    }
  }

  // if there was a < or >, and nothing in the dom, then must be false
  // UNLESS it was limited by another range in the other direction.
  // Eg, >1.0.0 <1.0.1 is still a subset of <2.0.0
  if (gt && hasDomLT && !lt && gtltComp !== 0) {
    return false
  }

  if (lt && hasDomGT && !gt && gtltComp !== 0) {
    return false
  }

  // we needed a prerelease range in a specific tuple, but didn't get one
  // then this isn't a subset.  eg >=1.2.3-pre is not a subset of >=1.0.0,
  // because it includes prereleases in the 1.2.3 tuple
  if (needDomGTPre || needDomLTPre) {
    return false
  }

  return true
}

// >=1.2.3 is lower than >1.2.3
const higherGT = (a, b, options) => {
  if (!a) {
    return b
  }
  const comp = compare(a.semver, b.semver, options)
  return comp > 0 ? a
    : comp < 0 ? b
    : b.operator === '>' && a.operator === '>=' ? b
    : a
}

// <=1.2.3 is higher than <1.2.3
const lowerLT = (a, b, options) => {
  if (!a) {
    return b
  }
  const comp = compare(a.semver, b.semver, options)
  return comp < 0 ? a
    : comp > 0 ? b
    : b.operator === '<' && a.operator === '<=' ? b
    : a
}

module.exports = subset


/***/ }),

/***/ 750:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(782)

// Mostly just for testing and legacy API reasons
const toComparators = (range, options) =>
  new Range(range, options).set
    .map(comp => comp.map(c => c.value).join(' ').trim().split(' '))

module.exports = toComparators


/***/ }),

/***/ 118:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(782)
const validRange = (range, options) => {
  try {
    // Return '*' instead of '' so that truthiness works.
    // This will throw if it's invalid anyway
    return new Range(range, options).range || '*'
  } catch (er) {
    return null
  }
}
module.exports = validRange


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Nf: () => (/* binding */ closestName),
  AH: () => (/* binding */ formatOutputs),
  iW: () => (/* binding */ main),
  Zy: () => (/* binding */ parseArgs),
  CI: () => (/* binding */ usage)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * Typed errors. Every error the product raises on purpose carries a stable `code` (for tests and
 * for users searching logs), a `hint` (what to do about it) and the `cause` it wraps.
 *
 * UserError: the input or the environment is wrong; the message names the input and what would
 * be valid. Everything else (RegistryError, LayoutError, InternalError) is the world failing.
 */
class ReleaseError extends Error {
    code;
    hint;
    constructor(code, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.code = code;
        this.hint = details.hint;
    }
}
/** Bad input: `input` is the name the user typed (action input or CLI flag), `valid` what would do. */
class UserError extends ReleaseError {
    input;
    constructor(code, message, details = {}) {
        const where = details.input ? `input '${details.input}': ` : '';
        const valid = details.valid ? ` (valid: ${details.valid})` : '';
        super(code, `${where}${message}${valid}`, details);
        this.input = details.input;
    }
}
/** A registry answered with an error, or could not be reached. */
class RegistryError extends ReleaseError {
    status;
    registry;
    constructor(code, message, details) {
        super(code, message, details);
        this.status = details.status;
        this.registry = details.registry;
    }
}
function isUserError(e) {
    return e instanceof UserError;
}
/** One line per error in the cause chain, for logs; never includes stack traces of user errors. */
function describeError(e) {
    const lines = [];
    let cur = e;
    for (let depth = 0; cur !== undefined && depth < 6; depth++) {
        if (cur instanceof Error) {
            const code = cur instanceof ReleaseError ? ` [${cur.code}]` : '';
            lines.push(`${depth === 0 ? '' : 'caused by: '}${cur.message}${code}`);
            if (cur instanceof ReleaseError && cur.hint)
                lines.push(`hint: ${cur.hint}`);
            cur = cur.cause;
        }
        else {
            lines.push(`${depth === 0 ? '' : 'caused by: '}${String(cur)}`);
            break;
        }
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: ./src/oci/http.ts



const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 };
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
]);
const MAX_REDIRECTS = 5;
const agents = {
    http: new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 16 }),
    https: new (external_node_https_default()).Agent({ keepAlive: true, maxSockets: 16 }),
};
/** Lets a CLI or test end without waiting for idle keep-alive sockets. */
function closeIdleConnections() {
    agents.http.destroy();
    agents.https.destroy();
    agents.http = new http.Agent({ keepAlive: true, maxSockets: 16 });
    agents.https = new https.Agent({ keepAlive: true, maxSockets: 16 });
}
function isRetryableStatus(status) {
    return RETRY_STATUS.has(status);
}
function isNetworkError(e) {
    if (!(e instanceof Error))
        return false;
    const code = e.code;
    return (code !== undefined && NETWORK_CODES.has(code)) || /socket hang up/i.test(e.message);
}
/** One HTTP exchange; the caller owns the response body and must consume or destroy it. */
function send(req, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
        const isHttps = req.url.protocol === 'https:';
        const headers = { 'user-agent': 'immutable-release', ...req.headers };
        if (Buffer.isBuffer(req.body))
            headers['content-length'] = String(req.body.length);
        else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) {
            headers['content-length'] = '0';
        }
        const request = (isHttps ? (external_node_https_default()) : (external_node_http_default())).request(req.url, {
            method: req.method,
            headers,
            agent: isHttps ? agents.https : agents.http,
        });
        request.setTimeout(timeoutMs, () => {
            request.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
        });
        request.on('error', reject);
        request.on('response', (res) => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res });
        });
        if (req.body === undefined)
            request.end();
        else if (Buffer.isBuffer(req.body))
            request.end(req.body);
        else {
            req.body().then((stream) => {
                stream.on('error', (e) => request.destroy(e));
                stream.pipe(request);
            }, (e) => request.destroy(e instanceof Error ? e : new Error(String(e))));
        }
    });
}
/**
 * Follows redirects by hand so that credentials stay with the host they were meant for: on a
 * hop to another origin, `authorization` (and cookies) are dropped, and https never downgrades.
 */
async function sendFollowing(req, registry) {
    let current = req;
    for (let hop = 0;; hop++) {
        const res = await send(current);
        const location = res.headers.location;
        if (!current.followRedirects || ![301, 302, 303, 307, 308].includes(res.status) || !location) {
            return res;
        }
        res.body.resume();
        if (hop >= MAX_REDIRECTS) {
            throw new RegistryError('REGISTRY_ERROR', `more than ${MAX_REDIRECTS} redirects from ${req.url.href}`, {
                registry,
                status: res.status,
            });
        }
        const next = new URL(location, current.url);
        if (current.url.protocol === 'https:' && next.protocol !== 'https:') {
            throw new RegistryError('REDIRECT_REFUSED', `refused a redirect from https to ${next.protocol} (${next.origin})`, {
                registry,
                hint: 'the registry tried to send the download over an unencrypted connection',
            });
        }
        const headers = { ...current.headers };
        if (next.origin !== current.url.origin) {
            for (const name of Object.keys(headers)) {
                if (/^(authorization|cookie|proxy-authorization)$/i.test(name))
                    delete headers[name];
            }
        }
        current = {
            ...current,
            url: next,
            headers,
            method: res.status === 303 ? 'GET' : current.method,
        };
    }
}
async function readBody(res, limit = 64 * 1024 * 1024) {
    const chunks = [];
    let total = 0;
    for await (const chunk of res.body) {
        total += chunk.length;
        if (total > limit) {
            res.body.destroy();
            throw new Error(`response from ${res.url.origin} is larger than ${limit} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
function retryAfterMs(value, now = Date.now()) {
    const text = Array.isArray(value) ? value[0] : value;
    if (!text)
        return undefined;
    if (/^\d+$/.test(text.trim()))
        return Number(text.trim()) * 1000;
    const when = Date.parse(text);
    return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}
/** Exponential backoff with full jitter, or the server's Retry-After when it gave one. */
function backoffMs(attempt, policy, retryAfter) {
    if (retryAfter !== undefined)
        return Math.min(retryAfter, policy.maxDelayMs);
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    return Math.round(cap / 2 + Math.random() * (cap / 2));
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: ./src/oci/digest.ts



const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_HEX_RE = /^[a-f0-9]{64}$/;
const SHA512_HEX_RE = /^[a-f0-9]{128}$/;
function sha256(data) {
    return `sha256:${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(data).digest('hex')}`;
}
/** Validates a digest string: the spec's grammar, and for sha256/sha512 lower-case hex of the right length. */
function parseDigest(value, input = 'digest') {
    const valid = 'sha256: followed by 64 lower-case hex characters';
    if (!DIGEST_RE.test(value)) {
        throw new UserError('DIGEST_INVALID', `'${value}' is not a digest`, { input, valid });
    }
    const [algorithm, encoded] = value.split(':', 2);
    if (algorithm === 'sha256' && !SHA256_HEX_RE.test(encoded)) {
        throw new UserError('DIGEST_INVALID', `'${value}' has ${/[A-F]/.test(encoded) ? 'upper-case hex' : `${encoded.length} characters, not 64 hex`}`, { input, valid });
    }
    if (algorithm === 'sha512' && !SHA512_HEX_RE.test(encoded)) {
        throw new UserError('DIGEST_INVALID', `'${value}' is not a valid sha512 digest`, {
            input,
            valid: 'sha512: followed by 128 lower-case hex characters',
        });
    }
    if (algorithm !== 'sha256' && algorithm !== 'sha512') {
        throw new UserError('DIGEST_INVALID', `digest algorithm '${algorithm}' is not supported`, {
            input,
            valid,
        });
    }
    return value;
}
function isDigest(value) {
    try {
        parseDigest(value);
        return true;
    }
    catch {
        return false;
    }
}
/** The hex part of a sha256 digest, for file names. */
function digestHex(digest) {
    return digest.slice(digest.indexOf(':') + 1);
}
function checkContent(bytes, expected, what) {
    if (expected.size !== undefined && bytes.length !== expected.size) {
        throw new ReleaseError('SIZE_MISMATCH', `${what}: got ${bytes.length} bytes, expected ${expected.size}`);
    }
    const algorithm = expected.digest.split(':', 1)[0] ?? 'sha256';
    const actual = `${algorithm}:${(0,external_node_crypto_namespaceObject.createHash)(algorithm).update(bytes).digest('hex')}`;
    if (actual !== expected.digest) {
        throw new ReleaseError('DIGEST_MISMATCH', `${what}: content has digest ${actual}, expected ${expected.digest}`, {
            hint: 'the registry or storage returned different bytes than the descriptor names; it may be corrupted or tampered with',
        });
    }
}
/**
 * A pass-through stream that hashes what flows through it and fails at the end when the digest or
 * size differ from the descriptor's: downloaded content is never trusted on its word.
 */
class VerifyingStream extends external_node_stream_namespaceObject.Transform {
    expected;
    what;
    hash;
    seen = 0;
    constructor(expected, what) {
        super();
        this.expected = expected;
        this.what = what;
        this.hash = (0,external_node_crypto_namespaceObject.createHash)(expected.digest.split(':', 1)[0] ?? 'sha256');
    }
    _transform(chunk, _enc, done) {
        this.seen += chunk.length;
        if (this.expected.size !== undefined && this.seen > this.expected.size) {
            done(new ReleaseError('SIZE_MISMATCH', `${this.what}: more than the expected ${this.expected.size} bytes`));
            return;
        }
        this.hash.update(chunk);
        done(null, chunk);
    }
    _flush(done) {
        const actual = `${this.expected.digest.split(':', 1)[0]}:${this.hash.digest('hex')}`;
        if (this.expected.size !== undefined && this.seen !== this.expected.size) {
            done(new ReleaseError('SIZE_MISMATCH', `${this.what}: got ${this.seen} bytes, expected ${this.expected.size}`));
        }
        else if (actual !== this.expected.digest) {
            done(new ReleaseError('DIGEST_MISMATCH', `${this.what}: content has digest ${actual}, expected ${this.expected.digest}`));
        }
        else {
            done();
        }
    }
}

;// CONCATENATED MODULE: ./src/oci/reference.ts


/** The grammars of distribution-spec §1.1 and the docker reference library. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const HOST_RE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?$/;
const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's API really lives; `docker.io` is only the name used in references. */
const DOCKER_HUB_API = 'registry-1.docker.io';
const VALID_REF = 'host[:port]/path[:tag][@sha256:<64 hex>], e.g. ghcr.io/acme/shop:1.2.3';
const VALID_TAG = 'letters, digits, _ . -, starting with a letter, digit or _, at most 128 characters';
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
function parseTag(tag, input = 'tags') {
    if (!TAG_RE.test(tag)) {
        throw new UserError('TAG_INVALID', `'${tag}' is not a valid tag`, { input, valid: VALID_TAG });
    }
    return tag;
}
function isValidRepository(name) {
    return NAME_RE.test(name);
}
/** Parses `host[:port]/path[:tag][@digest]`, normalising Docker Hub names as docker does. */
function parseReference(value, input = 'image') {
    const fail = (why) => {
        throw new UserError('REFERENCE_INVALID', `'${value}' ${why}`, { input, valid: VALID_REF });
    };
    if (value.length === 0)
        fail('is empty');
    if (value !== value.trim() || /\s/.test(value))
        fail('contains white space');
    if (value.includes('://'))
        fail('has a URL scheme; write the reference without http:// or https://');
    let rest = value;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = parseDigest(rest.slice(at + 1), input);
        rest = rest.slice(0, at);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const lastColon = rest.lastIndexOf(':');
    if (lastColon > lastSlash) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
        if (!TAG_RE.test(tag))
            fail(`has an invalid tag '${tag}' (valid tags: ${VALID_TAG})`);
    }
    let registry = DOCKER_HUB;
    let repository = rest;
    const firstSlash = rest.indexOf('/');
    if (firstSlash >= 0) {
        const first = rest.slice(0, firstSlash);
        if (first.includes('.') ||
            first.includes(':') ||
            first === 'localhost' ||
            first.startsWith('[')) {
            registry = first;
            repository = rest.slice(firstSlash + 1);
        }
    }
    if (!HOST_RE.test(registry))
        fail(`has an invalid registry host '${registry}'`);
    const port = /:(\d+)$/.exec(registry)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        fail(`has port ${port}, outside 1-65535`);
    }
    registry = registry.toLowerCase();
    if (registry === 'index.docker.io' || registry === DOCKER_HUB_API)
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    if (repository.length === 0)
        fail('has no repository path');
    if (/[A-Z]/.test(repository))
        fail('has upper-case letters in the repository path; repositories are lower case');
    if (!NAME_RE.test(repository)) {
        fail(`has an invalid repository path '${repository}' (lower-case letters, digits, and . _ __ - between them)`);
    }
    if (`${registry}/${repository}`.length > 255)
        fail('is longer than 255 characters');
    return { registry, repository, tag, digest };
}
/** The host to talk HTTP to for a registry named in a reference. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
function formatReference(ref) {
    const base = `${ref.registry}/${ref.repository}`;
    return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** Loopback names that may use plain http without being named in `insecure-registry`. */
function isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}
function parseImageTarget(value, input = 'image') {
    if (value.startsWith('oci:')) {
        let path = value.slice(4);
        let tag;
        const colon = path.lastIndexOf(':');
        if (colon > path.lastIndexOf('/')) {
            tag = path.slice(colon + 1);
            path = path.slice(0, colon);
            if (!TAG_RE.test(tag)) {
                throw new UserError('REFERENCE_INVALID', `'${value}' has an invalid tag '${tag}'`, {
                    input,
                    valid: `oci:PATH or oci:PATH:TAG with a tag of ${VALID_TAG}`,
                });
            }
        }
        if (path.length === 0) {
            throw new UserError('REFERENCE_INVALID', `'${value}' names no folder`, {
                input,
                valid: 'oci:PATH, e.g. oci:./out/app',
            });
        }
        return { kind: 'layout', layout: { path, tag } };
    }
    return { kind: 'registry', ref: parseReference(value, input) };
}

;// CONCATENATED MODULE: ./src/oci/auth.ts







/**
 * Parses WWW-Authenticate values: each header may hold challenges whose quoted values contain
 * `,` and `:` (scopes), so a naive split on commas breaks them.
 */
function parseChallenges(headers) {
    const values = Array.isArray(headers) ? headers : headers ? [headers] : [];
    const out = [];
    for (const value of values) {
        let i = 0;
        const s = value;
        while (i < s.length) {
            while (i < s.length && /[\s,]/.test(s[i]))
                i++;
            const schemeStart = i;
            while (i < s.length && /[^\s,=]/.test(s[i]))
                i++;
            const scheme = s.slice(schemeStart, i).toLowerCase();
            if (!scheme)
                break;
            const challenge = { scheme, params: {} };
            out.push(challenge);
            for (;;) {
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                const keyStart = i;
                while (i < s.length && /[^\s,=]/.test(s[i]))
                    i++;
                const key = s.slice(keyStart, i).toLowerCase();
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                if (s[i] !== '=' || !key) {
                    // Not a parameter: it was the next challenge's scheme.
                    i = keyStart;
                    break;
                }
                i++;
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                let val = '';
                if (s[i] === '"') {
                    i++;
                    while (i < s.length && s[i] !== '"') {
                        if (s[i] === '\\' && i + 1 < s.length)
                            i++;
                        val += s[i];
                        i++;
                    }
                    i++;
                }
                else {
                    const start = i;
                    while (i < s.length && /[^\s,]/.test(s[i]))
                        i++;
                    val = s.slice(start, i);
                }
                challenge.params[key] = val;
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                if (s[i] === ',')
                    i++;
            }
        }
    }
    return out;
}
/** docker writes Docker Hub's entry under its v1 index URL; other hosts may carry a scheme or path. */
function configKeys(registry) {
    if (registry === DOCKER_HUB) {
        return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
    }
    return [registry];
}
function hostOfKey(key) {
    return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
/** Runs `docker-credential-<helper> get` with the server on stdin, as docker does; no shell. */
function runCredentialHelper(helper, server) {
    if (!/^[A-Za-z0-9_.-]+$/.test(helper)) {
        return Promise.reject(new UserError('CREDENTIALS_INVALID', `credential helper name '${helper}' is not valid`, {
            input: 'docker config credHelpers',
            valid: 'a name like osxkeychain, pass, ecr-login',
        }));
    }
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.execFile)(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (err, stdout) => {
            if (err) {
                // A helper that knows nothing of this server says so on stdout and exits 1: anonymous then.
                if (/credentials not found/i.test(stdout) || /credentials not found/i.test(String(err))) {
                    resolve(undefined);
                    return;
                }
                reject(new RegistryError('REGISTRY_AUTH', `docker-credential-${helper} failed for ${server}`, {
                    registry: server,
                    cause: err,
                    hint: `check that docker-credential-${helper} is installed and logged in`,
                }));
                return;
            }
            try {
                const parsed = JSON.parse(stdout);
                if (!parsed.Secret)
                    resolve(undefined);
                else if (parsed.Username === '<token>')
                    resolve({ identityToken: parsed.Secret });
                else
                    resolve({ username: parsed.Username, password: parsed.Secret });
            }
            catch (e) {
                reject(new RegistryError('REGISTRY_AUTH', `docker-credential-${helper} printed no JSON for ${server}`, {
                    registry: server,
                    cause: e,
                }));
            }
        });
        child.stdin?.end(server);
    });
}
/** Credentials for `registry` from docker's config.json, as docker/login-action leaves it. */
async function dockerConfigCredentials(registry, env = process.env) {
    const dir = env.DOCKER_CONFIG || (0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.homedir)(), '.docker');
    let config;
    try {
        config = JSON.parse(await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(dir, 'config.json'), 'utf8'));
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw new UserError('CREDENTIALS_INVALID', `cannot read ${(0,external_node_path_namespaceObject.join)(dir, 'config.json')}`, {
            input: 'DOCKER_CONFIG',
            valid: 'a JSON file as docker login writes it',
            cause: e,
        });
    }
    const keys = configKeys(registry);
    for (const key of keys) {
        const helper = config.credHelpers?.[key];
        if (helper)
            return runCredentialHelper(helper, key);
    }
    const entry = Object.entries(config.auths ?? {}).find(([key]) => keys.includes(key) || keys.includes(hostOfKey(key)));
    if (entry) {
        const [, value] = entry;
        if (value.identitytoken)
            return { username: value.username, identityToken: value.identitytoken };
        if (value.username && value.password)
            return { username: value.username, password: value.password };
        if (value.auth) {
            const decoded = Buffer.from(value.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
    }
    if (config.credsStore)
        return runCredentialHelper(config.credsStore, keys[0]);
    return undefined;
}
/**
 * Authorisation for one registry host. Learns the scheme from the 401 challenge, keeps bearer
 * tokens per scope set until shortly before they expire, and reports every secret it derives
 * through `onSecret` so that the caller can mask it.
 */
class RegistryAuth {
    registry;
    credentials;
    onSecret;
    challenge;
    tokens = new Map();
    pending = new Map();
    constructor(registry, credentials, onSecret = () => { }) {
        this.registry = registry;
        this.credentials = credentials;
        this.onSecret = onSecret;
        if (credentials?.password)
            onSecret(credentials.password);
        if (credentials?.identityToken)
            onSecret(credentials.identityToken);
    }
    /** The header for a request that needs `scopes`, or undefined before any challenge was seen. */
    async header(scopes) {
        if (!this.challenge)
            return undefined;
        if (this.challenge.scheme === 'basic')
            return this.basic();
        if (this.challenge.scheme !== 'bearer')
            return undefined;
        const key = scopes.join(' ');
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > Date.now())
            return `Bearer ${cached.token}`;
        // Requests running side by side share one token fetch.
        let pending = this.pending.get(key);
        if (!pending) {
            pending = this.fetchToken(scopes).finally(() => this.pending.delete(key));
            this.pending.set(key, pending);
        }
        return `Bearer ${await pending}`;
    }
    /**
     * Called with a 401 answer to a request that carried `sent` (or no) authorisation. Returns true
     * when repeating it with fresh authorisation may succeed.
     */
    async onUnauthorized(res, scopes, sent) {
        const challenges = parseChallenges(res.headers['www-authenticate']);
        const next = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
        if (!next)
            return false;
        if (!this.challenge || this.challenge.scheme !== next.scheme)
            this.challenge = next;
        if (next.scheme === 'basic')
            return sent === undefined && this.basic() !== undefined;
        const key = scopes.join(' ');
        // The token we sent was refused (expired early, or lacked a scope): fetch another.
        if (sent !== undefined &&
            this.tokens.get(key) &&
            `Bearer ${this.tokens.get(key).token}` === sent) {
            this.tokens.delete(key);
        }
        return true;
    }
    basic() {
        const { username, password } = this.credentials ?? {};
        if (username === undefined || password === undefined)
            return undefined;
        return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    async fetchToken(scopes) {
        const params = this.challenge.params;
        if (!params.realm) {
            throw new RegistryError('REGISTRY_AUTH', `${this.registry} sent a Bearer challenge without a realm`, {
                registry: this.registry,
            });
        }
        let realm;
        try {
            realm = new URL(params.realm);
        }
        catch (e) {
            throw new RegistryError('REGISTRY_AUTH', `${this.registry} sent an invalid token realm '${params.realm}'`, {
                registry: this.registry,
                cause: e,
            });
        }
        if (params.service)
            realm.searchParams.set('service', params.service);
        for (const scope of scopes)
            realm.searchParams.append('scope', scope);
        const headers = { accept: 'application/json' };
        const password = this.credentials?.identityToken ?? this.credentials?.password;
        if (password !== undefined) {
            const user = this.credentials?.identityToken
                ? (this.credentials.username ?? '<token>')
                : this.credentials?.username;
            headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${password}`).toString('base64')}`;
        }
        const started = Date.now();
        let res;
        try {
            res = await send({ method: 'GET', url: realm, headers });
        }
        catch (e) {
            throw new RegistryError('REGISTRY_UNREACHABLE', `token service ${realm.origin} of ${this.registry} is unreachable`, {
                registry: this.registry,
                cause: e,
            });
        }
        const body = await readBody(res, 1024 * 1024);
        if (res.status === 401 || res.status === 403) {
            throw new RegistryError('REGISTRY_AUTH', `${this.registry} refused the credentials (token service answered ${res.status})`, {
                registry: this.registry,
                status: res.status,
                hint: password === undefined
                    ? 'set registry-username and registry-password, or log in with docker/login-action'
                    : 'check registry-username and registry-password (or the docker config.json entry) for this registry',
            });
        }
        if (res.status !== 200) {
            throw new RegistryError('REGISTRY_AUTH', `token service of ${this.registry} answered ${res.status}`, {
                registry: this.registry,
                status: res.status,
            });
        }
        let parsed;
        try {
            parsed = JSON.parse(body.toString('utf8'));
        }
        catch (e) {
            throw new RegistryError('REGISTRY_AUTH', `token service of ${this.registry} sent no JSON`, {
                registry: this.registry,
                cause: e,
            });
        }
        const token = parsed.access_token || parsed.token;
        if (!token) {
            throw new RegistryError('REGISTRY_AUTH', `token service of ${this.registry} sent no token`, {
                registry: this.registry,
            });
        }
        this.onSecret(token);
        // The spec's floor is 60 s; refresh 10 s early so a token never expires mid-request.
        const lifetime = Math.max(60, parsed.expires_in ?? 60) * 1000;
        const issued = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN;
        const from = Number.isNaN(issued) || issued > Date.now() ? started : issued;
        this.tokens.set(scopes.join(' '), { token, expiresAt: from + lifetime - 10_000 });
        return token;
    }
}

;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: ./src/oci/blob-source.ts



// Reads of 1 MiB instead of 64 KiB: pushes of large layers spend ~45% less CPU (bench/push).
const READ_CHUNK = 1 << 20;
/** A small blob held in memory (configs, manifests, JSON artifacts). */
function bufferSource(bytes) {
    return {
        digest: sha256(bytes),
        size: bytes.length,
        open: async (start = 0, end = bytes.length) => external_node_stream_namespaceObject.Readable.from([bytes.subarray(start, end)]),
    };
}
/** A blob in a file whose digest is already known; streamed, never read whole. */
function fileSource(path, digest, size) {
    return {
        digest,
        size,
        open: async (start = 0, end = size) => createReadStream(path, { start, end: Math.max(start, end - 1), highWaterMark: READ_CHUNK }),
    };
}

;// CONCATENATED MODULE: ./src/oci/media-types.ts
const MediaType = {
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciIndex: 'application/vnd.oci.image.index.v1+json',
    OciConfig: 'application/vnd.oci.image.config.v1+json',
    OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    OciLayer: 'application/vnd.oci.image.layer.v1.tar',
    OciEmpty: 'application/vnd.oci.empty.v1+json',
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
/** Every manifest type this client reads, in the order it prefers them (the Accept header). */
const MANIFEST_TYPES = [
    MediaType.OciManifest,
    MediaType.OciIndex,
    MediaType.DockerManifest,
    MediaType.DockerManifestList,
];
function isIndexType(mediaType) {
    return mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList;
}
function isManifestType(mediaType) {
    return MANIFEST_TYPES.includes(mediaType);
}
const OCI_LAYER_OF = {
    [MediaType.DockerLayerGzip]: MediaType.OciLayerGzip,
    'application/vnd.docker.image.rootfs.diff.tar': MediaType.OciLayer,
};
/** Docker's layer types name the same bytes as the OCI ones; an OCI manifest uses the OCI names. */
function toOciLayer(d) {
    return { ...d, mediaType: OCI_LAYER_OF[d.mediaType] ?? d.mediaType };
}
/** The empty JSON config of artifacts (image-spec §3.2). */
const EMPTY_JSON = {
    mediaType: MediaType.OciEmpty,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30=',
};
const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

;// CONCATENATED MODULE: ./src/oci/referrers.ts



/** distribution-spec's fallback tag for a subject: `<alg>-<hex>`, truncated as the spec says. */
function fallbackTag(digest) {
    const [alg, hex] = [digest.split(':', 1)[0], digestHex(digest)];
    return `${alg.slice(0, 32)}-${hex.slice(0, 64)}`.replace(/[^a-zA-Z0-9._-]/g, '-');
}
function parseManifest(bytes, what) {
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        if (parsed.schemaVersion !== 2)
            throw new Error(`schemaVersion is ${String(parsed.schemaVersion)}, not 2`);
        return parsed;
    }
    catch (e) {
        throw new ReleaseError('MANIFEST_INVALID', `${what} is not a valid manifest`, { cause: e });
    }
}
/** The referrers-API descriptor of a manifest that has a subject (image-spec, distribution-spec §referrers). */
function referrerDescriptor(bytes, mediaType, digest) {
    const m = parseManifest(bytes, `manifest ${digest}`);
    const artifactType = m.artifactType ?? ('config' in m ? m.config.mediaType : undefined);
    return {
        mediaType,
        digest,
        size: bytes.length,
        ...(artifactType ? { artifactType } : {}),
        ...(m.annotations && Object.keys(m.annotations).length ? { annotations: m.annotations } : {}),
    };
}
function subjectOf(bytes) {
    try {
        return JSON.parse(bytes.toString('utf8')).subject;
    }
    catch {
        return undefined;
    }
}
/** A fallback index is only usable when it is an index and not the subject itself (GitLab resolves the tag to it). */
function usableIndex(fetched, subject) {
    if (fetched.digest === subject || !isIndexType(fetched.mediaType))
        return undefined;
    try {
        const parsed = JSON.parse(fetched.bytes.toString('utf8'));
        return Array.isArray(parsed.manifests) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
async function getIfPresent(store, reference) {
    try {
        return await store.getManifest(reference);
    }
    catch (e) {
        if (e instanceof ReleaseError && e.code === 'NOT_FOUND')
            return undefined;
        throw e;
    }
}
async function readFallbackReferrers(store, subject, artifactType) {
    const fetched = await getIfPresent(store, fallbackTag(subject));
    const index = fetched && usableIndex(fetched, subject);
    const all = index?.manifests ?? [];
    return artifactType ? all.filter((d) => d.artifactType === artifactType) : all;
}
/**
 * Adds a referrer to the subject's fallback index. Another writer may replace the index between
 * our read and write, so the result is read back and the entry re-applied until it sticks.
 */
async function addFallbackReferrer(store, subject, referrer) {
    const tag = fallbackTag(subject);
    for (let attempt = 0; attempt < 5; attempt++) {
        const fetched = await getIfPresent(store, tag);
        const existing = (fetched && usableIndex(fetched, subject)) || undefined;
        if (existing?.manifests.some((d) => d.digest === referrer.digest))
            return;
        const index = {
            schemaVersion: 2,
            mediaType: MediaType.OciIndex,
            manifests: [...(existing?.manifests ?? []), referrer],
        };
        await store.putManifest(Buffer.from(JSON.stringify(index)), MediaType.OciIndex, tag);
        await new Promise((r) => setTimeout(r, 20 * attempt));
    }
    const after = await readFallbackReferrers(store, subject);
    if (!after.some((d) => d.digest === referrer.digest)) {
        throw new ReleaseError('REGISTRY_ERROR', `could not record referrer ${referrer.digest} of ${subject} in tag ${tag}`, {
            hint: 'another process kept rewriting the referrers fallback tag; run again',
        });
    }
}

;// CONCATENATED MODULE: ./src/oci/layout.ts










const LOCK_WAIT_MS = 30_000;
const LOCK_STALE_MS = 60_000;
/**
 * An OCI image layout folder (image-spec image-layout.md) used as one repository: tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json`. Every write lands in a temp
 * file and is renamed into place; `index.json` changes only under a lock file, so two processes
 * writing the same folder cannot lose each other's tags.
 */
class LayoutStore {
    root;
    description;
    registry = undefined;
    repository = undefined;
    constructor(root) {
        this.root = root;
        this.description = `layout ${root}`;
    }
    /** Opens a layout; creates an empty one when `create` and the folder has none. */
    static async open(root, options = {}) {
        const store = new LayoutStore(root);
        let marker;
        try {
            marker = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(root, 'oci-layout'), 'utf8');
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                throw e;
        }
        if (marker === undefined) {
            if (!options.create) {
                throw new ReleaseError('LAYOUT_INVALID', `${root} is not an OCI image layout (no oci-layout file)`, {
                    hint: 'name a folder written by this tool, skopeo copy oci:, buildah push oci:, or umoci',
                });
            }
            await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.join)(root, 'blobs', 'sha256'), { recursive: true });
            await store.atomicWrite('index.json', JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] }), true);
            await store.atomicWrite('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }), true);
            return store;
        }
        let version;
        try {
            version = JSON.parse(marker).imageLayoutVersion;
        }
        catch (e) {
            throw new ReleaseError('LAYOUT_INVALID', `${root}/oci-layout is not JSON`, { cause: e });
        }
        if (version !== '1.0.0') {
            throw new ReleaseError('LAYOUT_INVALID', `${root} has imageLayoutVersion ${String(version)}, expected 1.0.0`);
        }
        await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.join)(root, 'blobs', 'sha256'), { recursive: true });
        return store;
    }
    blobPath(digest) {
        const [alg] = digest.split(':', 1);
        return (0,external_node_path_namespaceObject.join)(this.root, 'blobs', alg, digestHex(digest));
    }
    /**
     * Writes a whole file so that readers see the old or the new content, never a part. With
     * `onlyIfAbsent`, a file another process created first is kept: link() fails atomically when the
     * target exists, where a check followed by rename() could replace a file written in between.
     */
    async atomicWrite(name, content, onlyIfAbsent = false) {
        const target = (0,external_node_path_namespaceObject.join)(this.root, name);
        const tmp = `${target}.${process.pid}.${(0,external_node_crypto_namespaceObject.randomBytes)(4).toString('hex')}.tmp`;
        await (0,promises_namespaceObject.writeFile)(tmp, content, { flag: 'wx' });
        try {
            if (!onlyIfAbsent) {
                await (0,promises_namespaceObject.rename)(tmp, target);
                return;
            }
            await (0,promises_namespaceObject.link)(tmp, target).catch((e) => {
                if (e.code !== 'EEXIST')
                    throw e;
            });
        }
        finally {
            await (0,promises_namespaceObject.rm)(tmp, { force: true });
        }
    }
    async hasBlob(digest) {
        try {
            await (0,promises_namespaceObject.stat)(this.blobPath(digest));
            return true;
        }
        catch {
            return false;
        }
    }
    notFound(what, e) {
        return new ReleaseError('NOT_FOUND', `${what} not found in ${this.description}`, { cause: e });
    }
    async openBlob(desc) {
        if (!(await this.hasBlob(desc.digest)))
            throw this.notFound(`blob ${desc.digest}`);
        return (0,external_node_fs_namespaceObject.createReadStream)(this.blobPath(desc.digest), { highWaterMark: READ_CHUNK }).pipe(new VerifyingStream(desc, `blob ${desc.digest} in ${this.description}`));
    }
    async readBlob(desc) {
        let bytes;
        try {
            bytes = await (0,promises_namespaceObject.readFile)(this.blobPath(desc.digest));
        }
        catch (e) {
            throw this.notFound(`blob ${desc.digest}`, e);
        }
        checkContent(bytes, desc, `blob ${desc.digest} in ${this.description}`);
        return bytes;
    }
    blobSource(desc) {
        const path = this.blobPath(desc.digest);
        return {
            digest: desc.digest,
            size: desc.size,
            open: async (start = 0, end = desc.size) => {
                if (start === 0 && end === desc.size)
                    return this.openBlob(desc);
                return (0,external_node_fs_namespaceObject.createReadStream)(path, { start, end: end - 1, highWaterMark: READ_CHUNK });
            },
        };
    }
    async putBlob(source) {
        if (await this.hasBlob(source.digest))
            return 'exists';
        const target = this.blobPath(source.digest);
        const tmp = `${target}.${process.pid}.${(0,external_node_crypto_namespaceObject.randomBytes)(4).toString('hex')}.tmp`;
        const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
        let size = 0;
        try {
            const input = await source.open();
            input.on('data', (chunk) => {
                hash.update(chunk);
                size += chunk.length;
            });
            await (0,external_node_stream_promises_namespaceObject.pipeline)(input, (0,external_node_fs_namespaceObject.createWriteStream)(tmp, { flags: 'wx' }));
            const digest = `sha256:${hash.digest('hex')}`;
            if (digest !== source.digest || size !== source.size) {
                throw new ReleaseError('DIGEST_MISMATCH', `blob written to ${this.description} is ${digest} (${size} bytes), expected ${source.digest} (${source.size} bytes)`);
            }
            await (0,promises_namespaceObject.rename)(tmp, target);
        }
        finally {
            await (0,promises_namespaceObject.rm)(tmp, { force: true });
        }
        return 'uploaded';
    }
    /**
     * Moves a file whose digest the caller computed while writing it (a freshly built layer) into
     * the blob store, instead of copying it: the file must be in this layout's folder tree.
     */
    async adoptBlob(path, expected) {
        const actual = (await (0,promises_namespaceObject.stat)(path)).size;
        if (actual !== expected.size) {
            throw new ReleaseError('SIZE_MISMATCH', `${path} has ${actual} bytes, expected ${expected.size}`);
        }
        if (await this.hasBlob(expected.digest))
            await (0,promises_namespaceObject.rm)(path, { force: true });
        else
            await (0,promises_namespaceObject.rename)(path, this.blobPath(expected.digest));
    }
    async readIndex() {
        let text;
        try {
            text = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(this.root, 'index.json'), 'utf8');
        }
        catch (e) {
            throw new ReleaseError('LAYOUT_INVALID', `${this.root} has no index.json`, { cause: e });
        }
        try {
            const index = JSON.parse(text);
            if (!Array.isArray(index.manifests))
                throw new Error('manifests is not an array');
            return index;
        }
        catch (e) {
            throw new ReleaseError('LAYOUT_INVALID', `${this.root}/index.json is not a valid image index`, { cause: e });
        }
    }
    async resolve(reference) {
        const index = await this.readIndex();
        if (reference.includes(':')) {
            const listed = index.manifests.find((d) => d.digest === reference);
            if (listed)
                return listed;
            if (!(await this.hasBlob(reference)))
                return undefined;
            const bytes = await (0,promises_namespaceObject.readFile)(this.blobPath(reference));
            const inner = JSON.parse(bytes.toString('utf8')).mediaType;
            return { mediaType: inner ?? MediaType.OciManifest, digest: reference, size: bytes.length };
        }
        // The newest entry wins when a folder written by another tool lists a tag twice.
        return [...index.manifests]
            .reverse()
            .find((d) => d.annotations?.[REF_NAME_ANNOTATION] === reference);
    }
    async headManifest(reference) {
        const d = await this.resolve(reference);
        return d && { mediaType: d.mediaType, digest: d.digest, size: d.size };
    }
    async getManifest(reference) {
        const d = await this.resolve(reference);
        if (!d)
            throw this.notFound(`manifest ${reference}`);
        const bytes = await this.readBlob(d);
        return { bytes, mediaType: d.mediaType, digest: d.digest };
    }
    async putManifest(bytes, mediaType, tag) {
        const digest = sha256(bytes);
        const desc = { mediaType, digest, size: bytes.length };
        if (!(await this.hasBlob(digest))) {
            await this.putBlob(bufferSource(bytes));
        }
        if (tag) {
            await this.withIndexLock(async (index) => {
                index.manifests = index.manifests.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] !== tag);
                index.manifests.push({ ...desc, annotations: { [REF_NAME_ANNOTATION]: tag } });
            });
        }
        const subject = subjectOf(bytes);
        if (subject)
            await addFallbackReferrer(this, subject.digest, referrerDescriptor(bytes, mediaType, digest));
        return desc;
    }
    async listTags() {
        const index = await this.readIndex();
        const tags = index.manifests
            .map((d) => d.annotations?.[REF_NAME_ANNOTATION])
            .filter((t) => !!t);
        return [...new Set(tags)];
    }
    async referrers(digest, artifactType) {
        return readFallbackReferrers(this, digest, artifactType);
    }
    /** Read-modify-write of index.json under an exclusive lock file; a dead holder's lock is broken. */
    async withIndexLock(change) {
        const lock = (0,external_node_path_namespaceObject.join)(this.root, 'index.json.lock');
        const started = Date.now();
        for (let wait = 5;; wait = Math.min(wait * 2, 100)) {
            try {
                const handle = await (0,promises_namespaceObject.open)(lock, 'wx');
                await handle.writeFile(`${process.pid} ${Date.now()}`);
                await handle.close();
                break;
            }
            catch (e) {
                if (e.code !== 'EEXIST')
                    throw e;
                const stale = await this.staleLockContent(lock);
                if (stale !== undefined) {
                    await breakLock(lock, stale);
                    continue;
                }
                if (Date.now() - started > LOCK_WAIT_MS) {
                    throw new ReleaseError('LAYOUT_LOCKED', `${lock} has been held for over ${LOCK_WAIT_MS / 1000} s`, {
                        hint: 'another process is writing this layout; if none is, remove the lock file',
                    });
                }
                await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
            }
        }
        try {
            const index = await this.readIndex();
            await change(index);
            await this.atomicWrite('index.json', JSON.stringify(index));
        }
        finally {
            await (0,promises_namespaceObject.rm)(lock, { force: true });
        }
    }
    /** The lock's content when its holder is gone (dead PID, or too old); undefined otherwise. */
    async staleLockContent(lock) {
        let text;
        try {
            text = await (0,promises_namespaceObject.readFile)(lock, 'utf8');
        }
        catch {
            return undefined;
        }
        const [pid, time] = text.split(' ').map(Number);
        if (!pid || !time) {
            // Being written right now, or garbage: stale only once it is old.
            const s = await (0,promises_namespaceObject.stat)(lock).catch(() => undefined);
            return s !== undefined && Date.now() - s.mtimeMs > LOCK_STALE_MS ? text : undefined;
        }
        if (Date.now() - time > LOCK_STALE_MS)
            return text;
        try {
            process.kill(pid, 0);
            return undefined;
        }
        catch (e) {
            return e.code === 'ESRCH' ? text : undefined;
        }
    }
}
/**
 * Removes a stale lock only if it still holds what was judged stale. Without the guard, two
 * processes that both saw the dead holder's lock could each delete it, the second one removing
 * the fresh lock the first had just taken. The guard's own critical section is a read and an
 * unlink, so a guard older than a few seconds can only be left by a crash.
 */
async function breakLock(lock, stale) {
    const guard = `${lock}.break`;
    try {
        await (await (0,promises_namespaceObject.open)(guard, 'wx')).close();
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
        const s = await (0,promises_namespaceObject.stat)(guard).catch(() => undefined);
        if (s && Date.now() - s.mtimeMs > 5_000)
            await (0,promises_namespaceObject.rm)(guard, { force: true });
        return;
    }
    try {
        const now = await (0,promises_namespaceObject.readFile)(lock, 'utf8').catch(() => undefined);
        if (now === stale)
            await (0,promises_namespaceObject.rm)(lock, { force: true });
    }
    finally {
        await (0,promises_namespaceObject.rm)(guard, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/oci/registry.ts








const DEFAULT_CHUNK = 16 * 1024 * 1024;
const ACCEPT = MANIFEST_TYPES.join(', ');
/** The auth state of one registry host, shared by every repository on it. */
const authByHost = new Map();
class RegistryStore {
    registry;
    repository;
    options;
    description;
    base;
    auth;
    retry;
    chunkSize;
    constructor(registry, repository, options = {}) {
        this.registry = registry;
        this.repository = repository;
        this.options = options;
        this.description = `registry ${registry}/${repository}`;
        const host = apiHost(registry);
        const plain = isLoopback(registry) || (options.insecureRegistries ?? []).includes(registry);
        this.base = new URL(`${plain ? 'http' : 'https'}://${host}/v2/`);
        const authKey = `${host}\n${options.credentials?.username ?? ''}\n${options.credentials?.password ?? ''}`;
        let auth = authByHost.get(authKey);
        if (!auth) {
            auth = new RegistryAuth(registry, options.credentials, options.onSecret);
            authByHost.set(authKey, auth);
        }
        this.auth = auth;
        this.retry = options.retry ?? DEFAULT_RETRY;
        this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    }
    scopes(call) {
        // Push first: a few registries only look at the first scope (ggcr remote/write.go).
        const own = `repository:${this.repository}:${call.push || call.mountFrom ? 'pull,push' : 'pull'}`;
        return call.mountFrom ? [own, `repository:${call.mountFrom}:pull`] : [own];
    }
    url(path) {
        return new URL(`${this.repository}/${path}`, this.base);
    }
    /**
     * One registry call with authorisation, redirects (credentials never leave the host), and
     * bounded retries with backoff on connection failures, 408, 429 and 5xx.
     */
    async call(c) {
        const url = c.url ?? this.url(c.path ?? '');
        const scopes = this.scopes(c);
        let lastProblem = '';
        let authRetried = false;
        for (let attempt = 0; attempt < this.retry.attempts; attempt++) {
            const headers = { ...c.headers };
            const authorization = await this.auth.header(scopes);
            if (authorization)
                headers.authorization = authorization;
            let res;
            try {
                res = await sendFollowing({ method: c.method, url, headers, body: c.body, followRedirects: c.follow }, this.registry);
            }
            catch (e) {
                if (e instanceof ReleaseError)
                    throw e;
                if (!isNetworkError(e)) {
                    throw new RegistryError('REGISTRY_UNREACHABLE', `${this.registry}: ${c.what} failed: ${e.message}`, {
                        registry: this.registry,
                        cause: e,
                    });
                }
                lastProblem = `connection error ${e.code ?? e.message}`;
                if (attempt + 1 < this.retry.attempts)
                    await this.pause(attempt, undefined, c.what, lastProblem);
                continue;
            }
            if (res.status === 401 && !authRetried) {
                res.body.resume();
                authRetried = true;
                if (await this.auth.onUnauthorized(res, scopes, authorization)) {
                    attempt--;
                    continue;
                }
                throw await this.failure(res, c.what);
            }
            if (c.ok.includes(res.status))
                return res;
            if (isRetryableStatus(res.status)) {
                const detail = await this.errorDetail(res);
                lastProblem = `status ${res.status}${detail ? ` (${detail})` : ''}`;
                if (attempt + 1 < this.retry.attempts) {
                    await this.pause(attempt, retryAfterMs(res.headers['retry-after']), c.what, lastProblem);
                }
                continue;
            }
            throw await this.failure(res, c.what);
        }
        throw new RegistryError('REGISTRY_UNREACHABLE', `${this.registry}: ${c.what} failed after ${this.retry.attempts} attempts; last: ${lastProblem}`, {
            registry: this.registry,
            hint: 'the registry is unavailable or overloaded; try again later',
        });
    }
    async pause(attempt, retryAfter, what, problem) {
        const ms = backoffMs(attempt, this.retry, retryAfter);
        this.options.onRetry?.(`${this.registry}: ${what}: ${problem}; retrying in ${ms} ms`);
        await sleep(ms);
    }
    async errorDetail(res) {
        let text;
        try {
            text = (await readBody(res, 64 * 1024)).toString('utf8');
        }
        catch {
            return '';
        }
        try {
            const parsed = JSON.parse(text);
            if (parsed.errors?.length)
                return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
            if (parsed.message)
                return parsed.message;
        }
        catch {
            // Not JSON: registries and proxies may answer in any format.
        }
        return text.trim().slice(0, 200);
    }
    async failure(res, what) {
        const detail = await this.errorDetail(res);
        const message = `${this.registry}: ${what} answered ${res.status}${detail ? ` (${detail})` : ''}`;
        if (res.status === 401 || res.status === 403) {
            return new RegistryError('REGISTRY_AUTH', message, {
                registry: this.registry,
                status: res.status,
                hint: `check the credentials for ${this.registry} (registry-username/registry-password, or docker login) and that they may ${what.startsWith('GET') || what.startsWith('HEAD') ? 'pull' : 'push'} ${this.repository}`,
            });
        }
        if (res.status === 404)
            return new RegistryError('NOT_FOUND', message, { registry: this.registry, status: 404 });
        return new RegistryError('REGISTRY_ERROR', message, {
            registry: this.registry,
            status: res.status,
        });
    }
    async hasBlob(digest) {
        const res = await this.call({
            method: 'HEAD',
            path: `blobs/${digest}`,
            ok: [200, 404],
            follow: true,
            what: `HEAD blob ${digest}`,
        });
        res.body.resume();
        return res.status === 200;
    }
    async getBlobResponse(desc, range) {
        const res = await this.call({
            method: 'GET',
            path: `blobs/${desc.digest}`,
            headers: range ? { range } : {},
            ok: [200, 206],
            follow: true,
            what: `GET blob ${desc.digest}`,
        });
        return res;
    }
    async openBlob(desc) {
        const res = await this.getBlobResponse(desc);
        const verify = new VerifyingStream(desc, `blob ${desc.digest} from ${this.description}`);
        res.body.on('error', (e) => verify.destroy(e));
        return res.body.pipe(verify);
    }
    async readBlob(desc) {
        const res = await this.getBlobResponse(desc);
        const bytes = await readBody(res);
        checkContent(bytes, desc, `blob ${desc.digest} from ${this.description}`);
        return bytes;
    }
    blobSource(desc) {
        return {
            digest: desc.digest,
            size: desc.size,
            open: async (start = 0, end = desc.size) => {
                if (start === 0 && end === desc.size)
                    return this.openBlob(desc);
                const res = await this.getBlobResponse(desc, `bytes=${start}-${end - 1}`);
                // A registry that ignores Range sends it all: cut the slice out ourselves.
                return res.status === 206 ? res.body : res.body.pipe(slice(start, end));
            },
        };
    }
    async putBlob(source, options = {}) {
        if (await this.hasBlob(source.digest))
            return 'exists';
        let location;
        if (options.mountFrom && options.mountFrom !== this.repository) {
            const q = new URLSearchParams({ mount: source.digest, from: options.mountFrom });
            const res = await this.call({
                method: 'POST',
                path: `blobs/uploads/?${q}`,
                ok: [201, 202],
                mountFrom: options.mountFrom,
                what: `mount blob ${source.digest} from ${options.mountFrom}`,
            });
            res.body.resume();
            if (res.status === 201)
                return 'mounted';
            // 202: the registry could not mount and opened an upload session instead; use it.
            location = this.location(res);
        }
        // A failed session (a lost answer, a registry restart) is abandoned and started afresh.
        for (let session = 0;; session++) {
            try {
                await this.upload(source, location);
                return 'uploaded';
            }
            catch (e) {
                location = undefined;
                if (session >= 2 || !(e instanceof RegistryError) || e.code === 'REGISTRY_AUTH')
                    throw e;
                if (await this.hasBlob(source.digest))
                    return 'uploaded';
                this.options.onRetry?.(`${this.registry}: upload of ${source.digest} failed (${e.message}); starting again`);
            }
        }
    }
    location(res) {
        const value = res.headers.location;
        if (!value) {
            throw new RegistryError('REGISTRY_ERROR', `${this.registry}: upload answer ${res.status} has no Location`, {
                registry: this.registry,
                status: res.status,
            });
        }
        return new URL(value, res.url);
    }
    async upload(source, session) {
        let location = session;
        if (!location) {
            const res = await this.call({
                method: 'POST',
                path: 'blobs/uploads/',
                ok: [202],
                push: true,
                what: 'start blob upload',
            });
            res.body.resume();
            location = this.location(res);
        }
        const withDigest = (url) => {
            const u = new URL(url);
            u.searchParams.set('digest', source.digest);
            return u;
        };
        if (source.size <= this.chunkSize) {
            const res = await this.call({
                method: 'PUT',
                url: withDigest(location),
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(source.size),
                },
                body: () => source.open(),
                ok: [201],
                push: true,
                what: `PUT blob ${source.digest}`,
            });
            res.body.resume();
            return;
        }
        for (let start = 0; start < source.size; start += this.chunkSize) {
            const end = Math.min(source.size, start + this.chunkSize);
            const res = await this.call({
                method: 'PATCH',
                url: location,
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(end - start),
                    'content-range': `${start}-${end - 1}`,
                },
                body: () => source.open(start, end),
                ok: [202],
                push: true,
                what: `PATCH blob ${source.digest} bytes ${start}-${end - 1}`,
            });
            res.body.resume();
            // Each answer's Location carries the upload state; an older one is stale (distribution 2.8).
            location = this.location(res);
        }
        const res = await this.call({
            method: 'PUT',
            url: withDigest(location),
            ok: [201],
            push: true,
            what: `close upload of ${source.digest}`,
        });
        res.body.resume();
    }
    async headManifest(reference) {
        const res = await this.call({
            method: 'HEAD',
            path: `manifests/${reference}`,
            headers: { accept: ACCEPT },
            ok: [200, 404],
            what: `HEAD manifest ${reference}`,
        });
        res.body.resume();
        if (res.status === 404)
            return undefined;
        const digest = header(res, 'docker-content-digest');
        const size = Number(header(res, 'content-length'));
        const mediaType = contentType(res);
        if (!digest || !Number.isFinite(size) || !mediaType) {
            // Older registries may omit the digest on HEAD: fall back to fetching and hashing.
            const m = await this.getManifest(reference);
            return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
        }
        if (reference.includes(':') && digest !== reference) {
            throw new RegistryError('DIGEST_MISMATCH', `${this.registry}: HEAD ${reference} answered digest ${digest}`, {
                registry: this.registry,
            });
        }
        return { mediaType, digest, size };
    }
    async getManifest(reference) {
        const res = await this.call({
            method: 'GET',
            path: `manifests/${reference}`,
            headers: { accept: ACCEPT },
            ok: [200],
            what: `GET manifest ${reference}`,
        });
        const bytes = await readBody(res, 8 * 1024 * 1024);
        const digest = sha256(bytes);
        const what = `manifest ${reference} from ${this.description}`;
        if (reference.includes(':'))
            checkContent(bytes, { digest: reference }, what);
        const claimed = header(res, 'docker-content-digest');
        if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
            throw new ReleaseError('DIGEST_MISMATCH', `${what}: registry says ${claimed}, content is ${digest}`);
        }
        let mediaType = contentType(res) ?? '';
        try {
            const inner = JSON.parse(bytes.toString('utf8')).mediaType;
            if (inner && mediaType && inner !== mediaType && mediaType !== 'application/json') {
                throw new ReleaseError('MANIFEST_INVALID', `${what}: Content-Type ${mediaType} but mediaType ${inner}`);
            }
            mediaType = inner ?? mediaType;
        }
        catch (e) {
            if (e instanceof ReleaseError)
                throw e;
            throw new ReleaseError('MANIFEST_INVALID', `${what} is not JSON`, { cause: e });
        }
        return { bytes, mediaType, digest };
    }
    async putManifest(bytes, mediaType, tag) {
        const digest = sha256(bytes);
        const res = await this.call({
            method: 'PUT',
            path: `manifests/${tag ?? digest}`,
            headers: { 'content-type': mediaType },
            body: bytes,
            ok: [201],
            push: true,
            what: `PUT manifest ${tag ?? digest}`,
        });
        res.body.resume();
        const answered = header(res, 'docker-content-digest');
        if (answered && answered !== digest) {
            throw new RegistryError('DIGEST_MISMATCH', `${this.registry}: stored manifest as ${answered}, sent ${digest}`, {
                registry: this.registry,
            });
        }
        const subject = subjectOf(bytes);
        if (subject && !header(res, 'oci-subject')) {
            await addFallbackReferrer(this, subject.digest, referrerDescriptor(bytes, mediaType, digest));
        }
        return { mediaType, digest, size: bytes.length };
    }
    async listTags() {
        const tags = [];
        let url = this.url('tags/list');
        for (let page = 0; url && page < 10_000; page++) {
            const res = await this.call({
                method: 'GET',
                url,
                ok: [200, 404],
                what: 'list tags',
            });
            const body = await readBody(res, 16 * 1024 * 1024);
            if (res.status === 404)
                return [];
            const parsed = JSON.parse(body.toString('utf8'));
            tags.push(...(parsed.tags ?? []));
            url = nextLink(res);
        }
        return tags;
    }
    async referrers(digest, artifactType) {
        const q = artifactType ? `?${new URLSearchParams({ artifactType })}` : '';
        let url = this.url(`referrers/${digest}${q}`);
        const found = [];
        for (let page = 0; url && page < 1000; page++) {
            const res = await this.call({
                method: 'GET',
                url,
                headers: { accept: MediaType.OciIndex },
                ok: [200, 400, 404, 405, 406],
                what: `GET referrers of ${digest}`,
            });
            const body = await readBody(res, 16 * 1024 * 1024);
            // Anything but a 200 index means no referrers API (distribution 2.8 answers a text/plain 404).
            if (res.status !== 200 || contentType(res) !== MediaType.OciIndex) {
                return readFallbackReferrers(this, digest, artifactType);
            }
            const index = JSON.parse(body.toString('utf8'));
            const filtered = /artifactType/i.test(header(res, 'oci-filters-applied') ?? '');
            found.push(...(index.manifests ?? []).filter((d) => !artifactType || filtered || d.artifactType === artifactType));
            url = nextLink(res);
        }
        return found;
    }
}
function header(res, name) {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
function contentType(res) {
    return header(res, 'content-type')?.split(';')[0]?.trim() || undefined;
}
/** RFC 8288 `Link: <url>; rel="next"`, resolved against the request URL. */
function nextLink(res) {
    const link = res.headers.link;
    const values = Array.isArray(link) ? link : link ? link.split(/,(?=\s*<)/) : [];
    for (const v of values) {
        const m = /<([^>]*)>\s*;.*\brel="?next"?/i.exec(v);
        if (m)
            return new URL(m[1], res.url);
    }
    return undefined;
}
function slice(start, end) {
    let pos = 0;
    return new external_node_stream_namespaceObject.Transform({
        transform(chunk, _enc, done) {
            const from = Math.max(0, start - pos);
            const to = Math.min(chunk.length, end - pos);
            pos += chunk.length;
            done(null, from < to ? chunk.subarray(from, to) : undefined);
        },
    });
}

;// CONCATENATED MODULE: ./src/oci/open-store.ts



async function openStore(target, options = {}) {
    if (target.kind === 'layout')
        return LayoutStore.open(target.layout.path, { create: options.create });
    const { registry, repository } = target.ref;
    const credentials = options.credentials ?? (await dockerConfigCredentials(registry, options.env));
    return new RegistryStore(registry, repository, { ...options, credentials });
}

;// CONCATENATED MODULE: ./src/build/buildah.ts











/** The name the built image has inside the throw-away storage; never leaves the work folder. */
const BUILD_IMAGE = 'localhost/immutable-release-build:latest';
const BASE_NAME_ANNOTATION = 'org.opencontainers.image.base.name';
const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest';
const TAIL_LINES = 20;
function buildahPaths(workDir) {
    return {
        root: (0,external_node_path_namespaceObject.join)(workDir, 'storage'),
        runroot: (0,external_node_path_namespaceObject.join)(workDir, 'run'),
        authfile: (0,external_node_path_namespaceObject.join)(workDir, 'auth.json'),
        secrets: (0,external_node_path_namespaceObject.join)(workDir, 'secrets'),
        tmp: (0,external_node_path_namespaceObject.join)(workDir, 'tmp'),
        layout: (0,external_node_path_namespaceObject.join)(workDir, 'layout'),
    };
}
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
/**
 * Secret ids and the files their values go to, sorted so that argv is the same on every run.
 * Files are numbered rather than named by id, so that no id can name a path outside `dir`.
 */
function secretFiles(secrets, dir) {
    return Object.keys(secrets)
        .sort()
        .map((id, i) => {
        if (!SECRET_ID.test(id)) {
            throw new UserError('INPUT_INVALID', `secret id '${id}' cannot be passed to a builder`, {
                input: 'secrets',
                valid: 'ids of letters, digits, _ . -',
            });
        }
        return { id, path: (0,external_node_path_namespaceObject.join)(dir, `secret-${i}`) };
    });
}
/** Writes each secret value to its own 0600 file: builders read them from there, never argv. */
async function writeSecretFiles(secrets, dir) {
    const files = secretFiles(secrets, dir);
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true, mode: 0o700 });
    for (const { id, path } of files) {
        await (0,promises_namespaceObject.writeFile)(path, secrets[id], { mode: 0o600, flag: 'wx' });
        // The mode of writeFile only applies to new files and is filtered by the umask.
        await (0,promises_namespaceObject.chmod)(path, 0o600);
    }
    return files;
}
const sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/** The Dockerfile to build: the one named, else `Dockerfile` at the context's root, as docker does. */
function dockerfileOf(request) {
    return request.dockerfile ?? (0,external_node_path_namespaceObject.join)(request.context, 'Dockerfile');
}
/** The whole argv of `buildah bud`; pure, so a test can see that no secret value is in it. */
function buildahBudArgs(request, paths, options = { tlsVerify: true, identityLabel: true }) {
    const args = [
        ...storageArgs(paths),
        'bud',
        // chroot isolation and vfs need neither a daemon nor overlay mounts, as root or rootless.
        '--isolation',
        'chroot',
        '--format',
        'oci',
        // One layer for all steps: no intermediate images to store, and fewer layer timestamps.
        '--layers=false',
        '--pull',
        '--timestamp',
        String(request.sourceDateEpoch),
        '--authfile',
        paths.authfile,
    ];
    // The version label would make the digest depend on which buildah the runner has.
    if (options.identityLabel)
        args.push('--identity-label=false');
    if (!options.tlsVerify)
        args.push('--tls-verify=false');
    args.push('-f', dockerfileOf(request));
    if (request.target)
        args.push('--target', request.target);
    for (const [k, v] of sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.annotations))
        args.push('--annotation', `${k}=${v}`);
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    args.push('-t', BUILD_IMAGE, request.context);
    return args;
}
function storageArgs(paths) {
    return ['--storage-driver', 'vfs', '--root', paths.root, '--runroot', paths.runroot];
}
function buildahPushArgs(paths) {
    return [
        ...storageArgs(paths),
        'push',
        // Named, so that a future default (zstd) cannot change the digests.
        '--compression-format',
        'gzip',
        BUILD_IMAGE,
        `oci:${paths.layout}:build`,
    ];
}
function logicalLines(text) {
    let escape = '\\';
    const lines = text.split(/\r?\n/);
    // Parser directives come first and only before any instruction or ordinary comment.
    for (const line of lines) {
        const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
        if (!m)
            break;
        if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\'))
            escape = m[2];
    }
    const out = [];
    let current;
    for (const raw of lines) {
        const trimmed = raw.trim();
        if (trimmed.startsWith('#'))
            continue;
        if (current === undefined && trimmed === '')
            continue;
        const continued = trimmed.endsWith(escape);
        const part = continued ? trimmed.slice(0, -1) : trimmed;
        current = current === undefined ? part : `${current} ${part}`;
        if (!continued) {
            out.push(current.trim());
            current = undefined;
        }
    }
    if (current !== undefined && current.trim() !== '')
        out.push(current.trim());
    return out;
}
function unquote(value) {
    const m = /^(["'])(.*)\1$/.exec(value);
    return m ? m[2] : value;
}
/** `$X`, `${X}`, `${X:-d}`, `${X-d}`; undefined when a variable has no value. */
function expand(value, vars) {
    let unknown = false;
    const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, fallback, bare) => {
        const name = (braced ?? bare);
        const v = vars.get(name);
        if (v !== undefined && v !== '')
            return v;
        if (fallback !== undefined)
            return fallback;
        unknown = true;
        return '';
    });
    return unknown ? undefined : out;
}
/**
 * Reads the images a Dockerfile pulls. Only ARGs before the first FROM can appear in FROM lines;
 * build args override their defaults, as in docker. An image that needs an unknown variable is
 * left out rather than guessed.
 */
function dockerfileImages(text, buildArgs = {}, target) {
    const globals = new Map();
    const stages = [];
    const external = new Set();
    const isStage = (name) => /^\d+$/.test(name) || stages.some((s) => s.name === name.toLowerCase());
    const addExternal = (image) => {
        if (image && image !== 'scratch' && !isStage(image))
            external.add(image);
    };
    for (const line of logicalLines(text)) {
        const [word = '', ...rest] = line.split(/\s+/);
        const instruction = word.toUpperCase();
        if (instruction === 'ARG' && stages.length === 0) {
            for (const token of rest) {
                const eq = token.indexOf('=');
                const name = eq < 0 ? token : token.slice(0, eq);
                const fallback = eq < 0 ? undefined : unquote(token.slice(eq + 1));
                const value = buildArgs[name] ?? fallback;
                if (value !== undefined)
                    globals.set(name, value);
            }
        }
        else if (instruction === 'FROM') {
            const words = rest.filter((w) => !w.startsWith('--'));
            const image = words[0] === undefined ? undefined : expand(words[0], globals);
            const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            // A FROM naming an earlier stage builds on that stage, not on an image.
            if (image !== undefined && !isStage(image))
                addExternal(image);
            stages.push({ name, from: image ?? '' });
        }
        else if (instruction === 'COPY' || instruction === 'ADD') {
            for (const w of rest) {
                if (w.startsWith('--from='))
                    addExternal(w.slice('--from='.length));
            }
        }
        else if (instruction === 'RUN') {
            for (const w of rest) {
                if (!w.startsWith('--mount='))
                    continue;
                for (const field of w.slice('--mount='.length).split(',')) {
                    if (field.startsWith('from='))
                        addExternal(field.slice('from='.length));
                }
            }
        }
    }
    let stage = target
        ? stages.find((s) => s.name === target.toLowerCase())
        : stages[stages.length - 1];
    const seen = new Set();
    while (stage) {
        const from = stage.from;
        if (from === '' || from === 'scratch')
            return { images: [...external] };
        const parent = /^\d+$/.test(from)
            ? stages[Number(from)]
            : stages.find((s) => s.name === from.toLowerCase());
        if (!parent)
            return { images: [...external], base: from };
        if (seen.has(from))
            break;
        seen.add(from);
        stage = parent;
    }
    return { images: [...external] };
}
/** Registry hosts of the images, skipping any reference that does not parse. */
function imageRegistries(images) {
    const out = new Set();
    for (const image of images) {
        try {
            out.add(parseReference(image, 'dockerfile').registry);
        }
        catch {
            // Malformed: buildah will say so in its own words.
        }
    }
    return [...out].sort();
}
/** TLS stays on unless every registry pulled from may be spoken to in plain http. */
function tlsVerifyFor(registries, insecureRegistries) {
    if (registries.length === 0)
        return true;
    return !registries.every((r) => isLoopback(r) || insecureRegistries.includes(r));
}
/** containers-auth.json (docker config format) for the registries the build pulls from. */
async function authFileContent(registries, credentials, env = process.env) {
    const auths = {};
    for (const registry of registries) {
        // As the registry client does: the inputs first, then what docker login left behind.
        const found = (await credentials?.(registry)) ?? (await dockerConfigCredentials(registry, env));
        if (!found)
            continue;
        if (found.identityToken) {
            auths[registry] = {
                ...(found.username ? { username: found.username } : {}),
                identitytoken: found.identityToken,
            };
        }
        else if (found.username !== undefined && found.password !== undefined) {
            auths[registry] = {
                auth: Buffer.from(`${found.username}:${found.password}`).toString('base64'),
            };
        }
    }
    return { auths };
}
/**
 * Runs a program (argv, no shell), streaming its stdout and stderr lines to the log. A non-zero
 * exit throws BUILD_FAILED with the last lines, so the error alone tells what went wrong.
 */
function runBuildTool(program, args, options) {
    const mask = (options.mask ?? []).filter((s) => s !== '').sort((a, b) => b.length - a.length);
    const clean = (line) => {
        let out = line;
        for (const secret of mask)
            out = out.split(secret).join('***');
        return out;
    };
    const tail = [];
    const emit = (line) => {
        const text = clean(line);
        options.logger.info(text);
        tail.push(text);
        if (tail.length > TAIL_LINES)
            tail.shift();
    };
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(program, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: options.env ?? process.env,
        });
        const partial = { stdout: '', stderr: '' };
        const collect = (stream) => (chunk) => {
            const parts = (partial[stream] + chunk.toString('utf8')).split(/\r?\n|\r/);
            partial[stream] = parts.pop() ?? '';
            for (const line of parts)
                emit(line);
        };
        child.stdout.on('data', collect('stdout'));
        child.stderr.on('data', collect('stderr'));
        child.once('error', (error) => {
            reject(new ReleaseError('BUILD_FAILED', `could not run ${program}: ${error.message}`, {
                hint: `install ${program} or choose another builder`,
                cause: error,
            }));
        });
        child.once('close', (code, signal) => {
            for (const stream of ['stdout', 'stderr']) {
                if (partial[stream] !== '')
                    emit(partial[stream]);
            }
            if (code === 0) {
                resolve();
                return;
            }
            const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
            reject(new ReleaseError('BUILD_FAILED', `${options.what} ${how}; its last lines:\n${tail.join('\n')}`, { hint: options.hint }));
        });
    });
}
/** Settings a Dockerfile build cannot take from the inputs: the Dockerfile decides them. */
function warnIgnoredSettings(settings, logger, builder) {
    const ignored = [];
    if (settings.entrypoint)
        ignored.push('entrypoint');
    if (settings.cmd)
        ignored.push('cmd');
    if (Object.keys(settings.env).length > 0)
        ignored.push('env');
    if (settings.workdir)
        ignored.push('workdir');
    if (settings.user)
        ignored.push('user');
    if (settings.ports.length > 0)
        ignored.push('ports');
    if (ignored.length === 0)
        return;
    logger.warning(`${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored by the ${builder} builder: ` +
        'a Dockerfile build takes them from its ENTRYPOINT, CMD, ENV, WORKDIR, USER and EXPOSE lines');
}
function buildahVersion(program) {
    return new Promise((resolve) => {
        (0,external_node_child_process_namespaceObject.execFile)(program, ['--version'], { timeout: 10_000 }, (error, stdout) => {
            const m = /version\s+(\d+)\.(\d+)/.exec(String(stdout));
            resolve(error || !m ? undefined : [Number(m[1]), Number(m[2])]);
        });
    });
}
const samePlatform = (a, c) => a !== undefined &&
    a.os === c.os &&
    a.architecture === c.architecture &&
    (a.variant ?? '') === (c.variant ?? '');
/**
 * buildah's push re-compresses the base image's layers from its storage, so the exported image
 * would carry base layers whose digests exist nowhere else (and depend on buildah's gzip). When
 * the base's own layers have the same content (diff_ids), point the manifest at them instead: the
 * image then shares its base layers with the base, as docker's images do, and a push can mount
 * them from the base's repository rather than upload them.
 */
async function reuseBaseLayers(layout, manifestBytes, config, baseStore, baseDigest) {
    let fetched = await baseStore.getManifest(baseDigest);
    if (isIndexType(fetched.mediaType)) {
        const index = parseManifest(fetched.bytes, `base index ${baseDigest}`);
        const child = index.manifests.find((m) => samePlatform(m.platform, config));
        if (!child)
            return undefined;
        fetched = await baseStore.getManifest(child.digest);
    }
    const base = parseManifest(fetched.bytes, `base manifest ${fetched.digest}`);
    const baseConfig = JSON.parse((await baseStore.readBlob(base.config)).toString('utf8'));
    const baseIds = baseConfig.rootfs?.diff_ids ?? [];
    const ids = config.rootfs?.diff_ids ?? [];
    if (baseIds.length === 0 || baseIds.length !== base.layers.length)
        return undefined;
    if (baseIds.some((id, i) => ids[i] !== id))
        return undefined;
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    if (manifest.layers.length < baseIds.length)
        return undefined;
    const dropped = [];
    manifest.layers = manifest.layers.map((layer, i) => {
        if (i >= base.layers.length)
            return layer;
        const replacement = toOciLayer(base.layers[i]);
        if (replacement.digest !== layer.digest)
            dropped.push(layer.digest);
        return { ...layer, ...replacement };
    });
    if (dropped.length === 0)
        return undefined;
    const kept = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const bytes = Buffer.from(JSON.stringify(manifest));
    await layout.putManifest(bytes, manifest.mediaType ?? MediaType.OciManifest, 'build');
    return { bytes, dropped: dropped.filter((d) => !kept.has(d)) };
}
/**
 * The base a Dockerfile build started from: as the builder recorded it in the manifest
 * (buildah does), else the FROM line, resolved to a digest by asking its registry. Best effort:
 * undefined when neither says.
 */
async function resolveDockerfileBase(request, annotations, fromLine) {
    const name = annotations?.[BASE_NAME_ANNOTATION];
    const digest = annotations?.[BASE_DIGEST_ANNOTATION];
    if (name && digest)
        return { name, digest };
    if (!fromLine)
        return undefined;
    try {
        const ref = parseReference(fromLine, 'dockerfile');
        if (ref.digest)
            return { name: fromLine, digest: ref.digest };
        const store = await openStore({ kind: 'registry', ref }, {
            credentials: await request.credentials?.(ref.registry),
            insecureRegistries: request.insecureRegistries,
        });
        const head = await store.headManifest(ref.tag ?? 'latest');
        return head ? { name: fromLine, digest: head.digest } : undefined;
    }
    catch (e) {
        request.logger.debug(`base image of the build unknown: ${e.message}`);
        return undefined;
    }
}
/**
 * Dockerfile builds with buildah: no daemon, no privileges beyond what buildah's chroot isolation
 * needs. Storage lives in the work folder and is removed once the image is exported as an OCI
 * layout, so nothing is left on the runner and no two builds share a cache.
 */
class BuildahBuilder {
    program;
    name = 'buildah';
    constructor(program = 'buildah') {
        this.program = program;
    }
    async build(request) {
        const { logger } = request;
        const dockerfile = dockerfileOf(request);
        // ',' would split the --secret option and ':' the oci:PATH:TAG destination.
        if (/[,:]/.test(request.workDir)) {
            throw new ReleaseError('INTERNAL', `work folder ${request.workDir} contains ',' or ':', which buildah's options cannot carry`);
        }
        let text;
        try {
            text = await (0,promises_namespaceObject.readFile)(dockerfile, 'utf8');
        }
        catch (e) {
            throw new UserError('INPUT_INVALID', `cannot read ${dockerfile}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        const registries = imageRegistries(found.images);
        const tlsVerify = tlsVerifyFor(registries, request.insecureRegistries);
        warnIgnoredSettings(request.settings, logger, 'buildah');
        const version = await buildahVersion(this.program);
        const identityLabel = version !== undefined && (version[0] > 1 || version[1] >= 26);
        if (!identityLabel) {
            logger.warning(`buildah ${version ? version.join('.') : '(unknown version)'} cannot leave out its io.buildah.version label, so the digest depends on the buildah version; 1.26 or later can`);
        }
        const paths = buildahPaths(request.workDir);
        await (0,promises_namespaceObject.mkdir)(paths.tmp, { recursive: true });
        const env = {
            ...process.env,
            // containers/image stages big blobs in TMPDIR (default /var/tmp): keep them in the work folder.
            TMPDIR: paths.tmp,
        };
        const mask = Object.values(request.secrets);
        try {
            const auth = await authFileContent(registries, request.credentials);
            await (0,promises_namespaceObject.writeFile)(paths.authfile, JSON.stringify(auth), { mode: 0o600, flag: 'wx' });
            await (0,promises_namespaceObject.chmod)(paths.authfile, 0o600);
            await writeSecretFiles(request.secrets, paths.secrets);
            const hint = 'read the build log above; a pull that fails may need credentials or the insecure-registry input';
            await runBuildTool(this.program, buildahBudArgs(request, paths, { tlsVerify, identityLabel }), { logger, env, mask, what: 'buildah bud', hint });
            // The secrets were only for the RUN steps; off the disk before anything else happens.
            await (0,promises_namespaceObject.rm)(paths.secrets, { recursive: true, force: true });
            await runBuildTool(this.program, buildahPushArgs(paths), {
                logger,
                env,
                mask,
                what: 'buildah push to an OCI layout',
                hint: 'the work folder may be out of space',
            });
        }
        finally {
            await (0,promises_namespaceObject.rm)(paths.secrets, { recursive: true, force: true });
            await (0,promises_namespaceObject.rm)(paths.authfile, { force: true });
            await this.removeStorage(paths, env);
        }
        const layout = await LayoutStore.open(paths.layout);
        let descriptor = await layout.headManifest('build');
        if (!descriptor) {
            throw new ReleaseError('BUILD_FAILED', `buildah push left no 'build' tag in ${paths.layout}`);
        }
        const fetched = await layout.getManifest('build');
        const manifest = parseManifest(fetched.bytes, `built manifest ${fetched.digest}`);
        if ('manifests' in manifest) {
            throw new ReleaseError('BUILD_FAILED', 'buildah exported an index where one image was expected');
        }
        const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
        const platform = {
            architecture: config.architecture ?? 'unknown',
            os: config.os ?? 'unknown',
        };
        if (config.variant)
            platform.variant = config.variant;
        const base = await resolveDockerfileBase(request, manifest.annotations, found.base);
        let baseStore;
        if (base) {
            try {
                const ref = parseReference(base.name, 'dockerfile');
                baseStore = await openStore({ kind: 'registry', ref }, {
                    credentials: await request.credentials?.(ref.registry),
                    insecureRegistries: request.insecureRegistries,
                });
                const reused = await reuseBaseLayers(layout, fetched.bytes, config, baseStore, base.digest);
                if (reused) {
                    descriptor = (await layout.headManifest('build'));
                    // The re-compressed copies are no longer referenced; base images can be large.
                    for (const digest of [...reused.dropped, fetched.digest]) {
                        await (0,promises_namespaceObject.rm)((0,external_node_path_namespaceObject.join)(paths.layout, 'blobs', 'sha256', digestHex(digest)), { force: true });
                    }
                    logger.debug(`reused ${reused.dropped.length} base layer(s) of ${base.name}`);
                }
            }
            catch (e) {
                // Only an optimisation: buildah's own layers are a complete image.
                logger.debug(`kept buildah's base layers: ${e.message}`);
            }
        }
        return {
            builder: 'buildah',
            layout,
            reference: 'build',
            descriptor,
            platforms: [platform],
            baseStore,
            base,
        };
    }
    async removeStorage(paths, env) {
        // rmi first: buildah unmounts what it still holds, so rm cannot walk into a live mount.
        await new Promise((resolve) => {
            (0,external_node_child_process_namespaceObject.execFile)(this.program, [...storageArgs(paths), 'rmi', '--all', '--force'], { env, timeout: 120_000 }, () => resolve());
        });
        await (0,promises_namespaceObject.rm)(paths.root, { recursive: true, force: true });
        await (0,promises_namespaceObject.rm)(paths.runroot, { recursive: true, force: true });
        await (0,promises_namespaceObject.rm)(paths.tmp, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/build/docker.ts








function dockerPaths(workDir) {
    return {
        secrets: (0,external_node_path_namespaceObject.join)(workDir, 'secrets'),
        archive: (0,external_node_path_namespaceObject.join)(workDir, 'image.tar'),
        layout: (0,external_node_path_namespaceObject.join)(workDir, 'layout'),
    };
}
const docker_sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/**
 * argv and extra environment of `docker buildx build`; pure, so a test can check every flag and
 * that no secret value is in argv. The source date goes in the environment: buildx hands
 * SOURCE_DATE_EPOCH to BuildKit, which stamps `created` and history with it, and
 * `rewrite-timestamp` clamps the files' mtimes in the layers to it.
 */
function dockerBuildArgs(request) {
    const paths = dockerPaths(request.workDir);
    const args = ['buildx', 'build', '--file', dockerfileOf(request), '--pull'];
    for (const [k, v] of docker_sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    if (request.target)
        args.push('--target', request.target);
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    for (const [k, v] of docker_sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of docker_sortedEntries(request.annotations)) {
        args.push('--annotation', `manifest:${k}=${v}`);
    }
    // Attestations would turn the result into an index whose extra manifest changes every run.
    args.push('--provenance=false', '--sbom=false', '--output', `type=oci,dest=${paths.archive},rewrite-timestamp=true`, request.context);
    return { args, env: { SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) } };
}
/** True when a Docker daemon answers within 5 s; a missing CLI or a stopped daemon is false. */
function dockerAvailable(program = 'docker') {
    return new Promise((resolve) => {
        (0,external_node_child_process_namespaceObject.execFile)(program, ['version', '--format', '{{.Server.Version}}'], { timeout: 5_000 }, (error, stdout) => resolve(!error && String(stdout).trim() !== ''));
    });
}
function extract(archive, dir) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_namespaceObject.execFile)('tar', ['-xf', archive, '-C', dir], { timeout: 600_000 }, (error, _out, stderr) => {
            if (!error) {
                resolve();
                return;
            }
            reject(new ReleaseError('BUILD_FAILED', `cannot unpack ${archive}: ${String(stderr).trim()}`, {
                cause: error,
                hint: 'the work folder may be out of space',
            }));
        });
    });
}
/**
 * Dockerfile builds with `docker buildx build`, when a daemon answers. The image is exported as
 * an OCI layout (no daemon image store, no `docker push`), so it is pushed like any other build.
 * Pulls use the daemon's credentials and registry settings (docker login, buildkitd.toml).
 */
class DockerBuilder {
    program;
    name = 'docker';
    constructor(program = 'docker') {
        this.program = program;
    }
    async build(request) {
        const { logger } = request;
        // ',' would split the --secret and --output options.
        if (request.workDir.includes(',')) {
            throw new ReleaseError('INTERNAL', `work folder ${request.workDir} contains ',', which buildx's options cannot carry`);
        }
        const { args, env } = dockerBuildArgs(request);
        const paths = dockerPaths(request.workDir);
        let text;
        try {
            text = await (0,promises_namespaceObject.readFile)(dockerfileOf(request), 'utf8');
        }
        catch (e) {
            throw new UserError('INPUT_INVALID', `cannot read ${dockerfileOf(request)}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        warnIgnoredSettings(request.settings, logger, 'docker');
        try {
            await writeSecretFiles(request.secrets, paths.secrets);
            await runBuildTool(this.program, args, {
                logger,
                env: { ...process.env, ...env },
                mask: Object.values(request.secrets),
                what: 'docker buildx build',
                // The default 'docker' driver has no OCI exporter unless the containerd image store is on.
                hint: "read the build log above. Exporting an OCI layout needs a buildx builder with the docker-container driver (docker/setup-buildx-action) or Docker's containerd image store, and BuildKit 0.13 or later for rewrite-timestamp; or set builder: buildah",
            });
        }
        finally {
            await (0,promises_namespaceObject.rm)(paths.secrets, { recursive: true, force: true });
        }
        await (0,promises_namespaceObject.mkdir)(paths.layout, { recursive: true });
        await extract(paths.archive, paths.layout);
        await (0,promises_namespaceObject.rm)(paths.archive, { force: true });
        const layout = await LayoutStore.open(paths.layout);
        // BuildKit names nothing in index.json unless given a name: tag what it wrote as 'build'.
        const index = JSON.parse(await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(paths.layout, 'index.json'), 'utf8'));
        const root = index.manifests[0];
        if (!root || index.manifests.length !== 1) {
            throw new ReleaseError('BUILD_FAILED', `docker buildx wrote ${index.manifests.length} images to ${paths.layout}, expected one`);
        }
        const fetched = await layout.getManifest(root.digest);
        const descriptor = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build');
        const platforms = [];
        let annotations;
        if (isIndexType(fetched.mediaType)) {
            const children = parseManifest(fetched.bytes, `built index ${fetched.digest}`);
            annotations = children.annotations;
            for (const child of children.manifests) {
                if (child.platform && child.platform.os !== 'unknown')
                    platforms.push(child.platform);
            }
        }
        else {
            const manifest = parseManifest(fetched.bytes, `built manifest ${fetched.digest}`);
            annotations = manifest.annotations;
            const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
            const platform = {
                architecture: config.architecture ?? 'unknown',
                os: config.os ?? 'unknown',
            };
            if (config.variant)
                platform.variant = config.variant;
            platforms.push(platform);
        }
        return {
            builder: 'docker',
            layout,
            reference: 'build',
            descriptor,
            platforms,
            base: await resolveDockerfileBase(request, annotations, found.base),
        };
    }
}

;// CONCATENATED MODULE: ./src/build/ignore.ts

const BOM = '\ufeff';
/**
 * Compiles ignore-file lines. Comments (`#` in the first column) and blank lines are skipped,
 * as in Docker's ignorefile.ReadAll. A malformed pattern (an unclosed `[`) throws a UserError
 * with code IGNORE_PATTERN_INVALID; callers rethrow it naming the file or input it came from.
 */
function compileIgnore(lines) {
    const patterns = [];
    lines.forEach((raw, index) => {
        const line = index === 0 && raw.startsWith(BOM) ? raw.slice(1) : raw;
        if (line.startsWith('#'))
            return;
        let text = line.trim();
        if (text === '')
            return;
        const negated = text.startsWith('!');
        if (negated)
            text = text.slice(1).trim();
        if (text === '') {
            throw new UserError('IGNORE_PATTERN_INVALID', `'${raw}' is not a pattern`, {
                valid: "'!' followed by a pattern",
            });
        }
        text = cleanPath(text);
        if (text.length > 1 && text.startsWith('/'))
            text = text.slice(1);
        patterns.push(compilePattern(text, negated, raw));
    });
    const hasNegations = patterns.some((p) => p.negated);
    const matcher = ((relPath, _isDir) => {
        // Docker gives folders and files the same treatment; `_isDir` is in the signature so callers
        // need not change if gitignore-style 'folder/' patterns are ever wanted.
        const parents = parentPaths(relPath);
        let excluded = false;
        for (const pattern of patterns) {
            // An exclusion cannot change an excluded path, nor a re-inclusion an included one.
            if (pattern.negated !== excluded)
                continue;
            const hit = pattern.matches(relPath) || parents.some((parent) => pattern.matches(parent));
            if (hit)
                excluded = !pattern.negated;
        }
        return excluded;
    });
    matcher.mayReincludeBelow = (relDir) => {
        if (!hasNegations)
            return false;
        const dirComponents = relDir.split('/');
        return patterns.some((p) => p.negated && mayMatchBelow(p, dirComponents));
    };
    matcher.mayMatchBelow = (relDir) => {
        const dirComponents = relDir.split('/');
        return patterns.some((p) => !p.negated && mayMatchBelow(p, dirComponents));
    };
    Object.defineProperty(matcher, 'patterns', {
        value: patterns.map((p) => (p.negated ? `!${p.source}` : p.source)),
    });
    return matcher;
}
/** 'a/b/c' → ['a', 'a/b']: the folders a pattern may match to exclude the path. */
function parentPaths(relPath) {
    const parents = [];
    for (let i = relPath.indexOf('/'); i !== -1; i = relPath.indexOf('/', i + 1)) {
        parents.push(relPath.slice(0, i));
    }
    return parents;
}
/**
 * Conservative: true unless the pattern provably matches nothing below `dir`. Components are
 * compared one by one; a `**` anywhere up to the folder's depth could match anything.
 */
function mayMatchBelow(pattern, dir) {
    for (let i = 0; i < dir.length; i++) {
        const component = pattern.components[i];
        if (component === undefined)
            return false;
        if (component.includes('**'))
            return true;
        if (!componentMatches(component, dir[i]))
            return false;
    }
    return true;
}
const componentCache = new Map();
function componentMatches(component, name) {
    let re = componentCache.get(component);
    if (re === undefined) {
        const { type, regexp } = translate(component);
        try {
            re = new RegExp(type === 'exact' ? `${regexp}$` : regexp, 'u');
        }
        catch {
            // The whole pattern failed to compile already; this only answers "maybe".
            re = null;
        }
        componentCache.set(component, re);
    }
    return re === null || re.test(name);
}
function compilePattern(source, negated, raw) {
    const { type, regexp } = translate(source);
    let matches;
    switch (type) {
        case 'exact':
            matches = (path) => path === source;
            break;
        case 'prefix': {
            const prefix = source.slice(0, -2);
            matches = (path) => path.startsWith(prefix);
            break;
        }
        case 'suffix': {
            const suffix = source.slice(2);
            matches = (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
            break;
        }
        case 'regexp': {
            let re;
            try {
                re = new RegExp(regexp, 'u');
            }
            catch (cause) {
                throw new UserError('IGNORE_PATTERN_INVALID', `'${raw.trim()}' is not a valid pattern`, {
                    valid: 'Go filepath.Match syntax with ** (check for an unclosed [ )',
                    cause,
                });
            }
            matches = (path) => re.test(path);
            break;
        }
    }
    return { source, negated, components: source.split('/'), matches };
}
/**
 * moby/patternmatcher's Pattern.compile, transcribed: the match type it picks changes results
 * in corner cases (`**.log` is a suffix match, not the regexp it looks like), so it is kept.
 * Where that code hands filepath.Match syntax to Go's regexp unchanged (`\\d` becomes a digit
 * class, `*` inside `[...]` a wildcard) this follows filepath.Match instead: literal characters.
 */
function translate(pattern) {
    let re = '^';
    let type = 'exact';
    let inClass = false;
    const chars = [...pattern];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i];
        if (inClass) {
            if (ch === ']') {
                inClass = false;
                re += ']';
            }
            else if (ch === '\\' && i + 1 < chars.length) {
                re += literal(chars[++i], true);
            }
            else if (ch === '^' && chars[i - 1] === '[') {
                re += '^';
            }
            else {
                re += ch === '-' ? '-' : literal(ch, true);
            }
        }
        else if (ch === '*') {
            if (chars[i + 1] === '*') {
                const first = i === 0;
                i++;
                if (chars[i + 1] === '/')
                    i++;
                if (i + 1 >= chars.length) {
                    if (type === 'exact') {
                        type = 'prefix';
                    }
                    else {
                        re += '.*';
                        type = 'regexp';
                    }
                }
                else {
                    // Any number of components, including none.
                    re += '(?:.*/)?';
                    type = 'regexp';
                }
                if (first)
                    type = 'suffix';
            }
            else {
                re += '[^/]*';
                type = 'regexp';
            }
        }
        else if (ch === '?') {
            re += '[^/]';
            type = 'regexp';
        }
        else if (ch === '\\') {
            if (i + 1 < chars.length) {
                re += literal(chars[++i], false);
                type = 'regexp';
            }
            else {
                re += '\\\\';
            }
        }
        else if (ch === '[') {
            inClass = true;
            re += '[';
            type = 'regexp';
        }
        else {
            re += literal(ch, false);
        }
    }
    // An unclosed '[' is left unclosed so that new RegExp() rejects it, as filepath.Match does.
    if (type === 'regexp')
        re += '$';
    return { type, regexp: re };
}
function literal(ch, inClass) {
    if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-'))
        return `\\${ch}`;
    return ch;
}
/** Go's path.Clean for slash-separated paths. */
function cleanPath(path) {
    const rooted = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    if (rooted)
        return `/${joined}`;
    return joined === '' ? '.' : joined;
}

;// CONCATENATED MODULE: ./src/build/context.ts




const DIR_MODE = 0o755;
const FILE_MODE = 0o644;
const EXEC_MODE = 0o755;
const LINK_MODE = 0o777;
/**
 * The files of a build context as layer entries: filtered like `docker build` filters its
 * context, with the metadata that must not leak into the image (owners, times, umask) dropped,
 * and sorted so that the same tree always gives the same list.
 */
async function collectContext(dir, options) {
    const root = (0,external_node_path_namespaceObject.resolve)(dir);
    const destination = normaliseDestination(options.destination);
    const rootStats = await (0,promises_namespaceObject.lstat)(root).catch((cause) => {
        throw new UserError('CONTEXT_INVALID', `cannot read ${root}`, { input: 'context', cause });
    });
    if (!rootStats.isDirectory()) {
        throw new UserError('CONTEXT_INVALID', `${root} is not a folder`, { input: 'context' });
    }
    const ignore = await loadIgnore(root, options);
    // "Matched" means "kept" here; '!' lines drop paths again, as they would in an ignore file.
    const include = options.include.length > 0 ? compileOrThrow(options.include, 'include') : undefined;
    const found = [];
    const walk = async (relDir) => {
        const absDir = relDir === '' ? root : (0,external_node_path_namespaceObject.join)(root, relDir);
        let children;
        try {
            children = await (0,promises_namespaceObject.readdir)(absDir, { withFileTypes: true });
        }
        catch (cause) {
            throw new UserError('CONTEXT_INVALID', `cannot read folder '${relDir}'`, {
                input: 'context',
                cause,
            });
        }
        for (const child of children) {
            // Repository metadata is never image content, at any depth (nested clones, submodules).
            if (child.name === '.git')
                continue;
            const rel = relDir === '' ? child.name : `${relDir}/${child.name}`;
            const abs = (0,external_node_path_namespaceObject.join)(absDir, child.name);
            // readdir's type comes from lstat-like d_type: a symlink to a folder is not a folder here.
            const isDir = child.isDirectory();
            const ignored = ignore(rel, isDir);
            const included = include === undefined || include(rel, isDir);
            if (isDir) {
                if (included && !ignored) {
                    found.push({ path: rel, type: 'dir', mode: DIR_MODE, size: 0 });
                    await walk(rel);
                }
                else if ((!ignored || ignore.mayReincludeBelow(rel)) &&
                    (included || include === undefined || include.mayMatchBelow(rel))) {
                    // Not kept itself, but something below may be; its folder entry is added then.
                    await walk(rel);
                }
                continue;
            }
            if (ignored || !included)
                continue;
            const stats = await lstatEntry(abs, rel);
            if (stats.isFile()) {
                found.push({
                    path: rel,
                    type: 'file',
                    mode: stats.mode & 0o111 ? EXEC_MODE : FILE_MODE,
                    size: stats.size,
                    source: abs,
                });
            }
            else if (stats.isSymbolicLink()) {
                const linkTarget = await (0,promises_namespaceObject.readlink)(abs);
                found.push({ path: rel, type: 'symlink', mode: LINK_MODE, size: 0, linkTarget });
            }
            else {
                throw new UserError('CONTEXT_INVALID', `'${rel}' is a ${specialKind(stats)}, which cannot go into an image layer`, {
                    input: 'context',
                    hint: `remove it from the context folder or add '${rel}' to the ignore file or the exclude input`,
                });
            }
        }
    };
    await walk('');
    return finish(found, destination);
}
/** Prefixes the destination, adds every missing parent folder once and sorts. */
function finish(found, destination) {
    const byPath = new Map();
    const addDir = (path) => {
        if (!byPath.has(path))
            byPath.set(path, { path, type: 'dir', mode: DIR_MODE, size: 0 });
    };
    const destParts = destination === '' ? [] : destination.split('/');
    for (let i = 1; i <= destParts.length; i++)
        addDir(destParts.slice(0, i).join('/'));
    for (const entry of found) {
        const path = destination === '' ? entry.path : `${destination}/${entry.path}`;
        for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
            addDir(path.slice(0, i));
        }
        // A folder may have been added as some earlier entry's parent; the walked one is the same.
        byPath.set(path, { ...entry, path });
    }
    return sortEntries([...byPath.values()]);
}
/**
 * Byte-wise by path component, so a folder comes right before its contents: 'a', 'a/b', 'a-b'
 * (a plain string sort would put 'a-b' between 'a' and 'a/b', as '-' < '/').
 */
function sortEntries(entries) {
    const keyed = entries.map((entry) => ({
        entry,
        key: entry.path.split('/').map((c) => Buffer.from(c, 'utf8')),
    }));
    keyed.sort((a, b) => {
        const n = Math.min(a.key.length, b.key.length);
        for (let i = 0; i < n; i++) {
            const order = Buffer.compare(a.key[i], b.key[i]);
            if (order !== 0)
                return order;
        }
        return a.key.length - b.key.length;
    });
    return keyed.map((k) => k.entry);
}
/** Rooted, so '..' stops at the image root as it does in a path lookup; '' is the root. */
function normaliseDestination(value) {
    return cleanPath(`/${value.trim()}`).slice(1);
}
async function loadIgnore(root, options) {
    const file = options.ignoreFile === undefined
        ? (0,external_node_path_namespaceObject.join)(root, '.dockerignore')
        : (0,external_node_path_namespaceObject.resolve)(root, options.ignoreFile);
    let lines = [];
    try {
        lines = (await (0,promises_namespaceObject.readFile)(file, 'utf8')).split(/\r?\n/);
    }
    catch (cause) {
        const missing = cause.code === 'ENOENT';
        if (!missing || options.ignoreFile !== undefined) {
            throw new UserError('CONTEXT_INVALID', `cannot read the ignore file ${file}`, {
                input: 'context',
                cause,
            });
        }
    }
    // Compiled apart first only so that a bad pattern is blamed on where it was written.
    compileOrThrow(lines, 'context', `in ${file}`);
    compileOrThrow(options.exclude, 'exclude');
    return compileIgnore([...lines, ...options.exclude]);
}
function compileOrThrow(lines, input, where) {
    try {
        return compileIgnore(lines);
    }
    catch (e) {
        if (!(e instanceof ReleaseError))
            throw e;
        const message = where === undefined ? e.message : `${e.message} ${where}`;
        throw new UserError(e.code, message, { input, hint: e.hint, cause: e.cause });
    }
}
async function lstatEntry(abs, rel) {
    try {
        return await (0,promises_namespaceObject.lstat)(abs);
    }
    catch (cause) {
        throw new UserError('CONTEXT_INVALID', `cannot read '${rel}'`, {
            input: 'context',
            hint: 'a file that vanished during the build, or a name that is not valid UTF-8',
            cause,
        });
    }
}
function specialKind(stats) {
    if (stats.isFIFO())
        return 'named pipe (fifo)';
    if (stats.isSocket())
        return 'socket';
    if (stats.isCharacterDevice())
        return 'character device';
    if (stats.isBlockDevice())
        return 'block device';
    return 'special file';
}

;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/build/layer.ts







const BLOCK = 512;
/** Tar bytes handed to deflate at a time; a few of these are all the memory the tar side uses. */
const CHUNK = 1 << 20;
const BUFFERS = 4;
const MAX_OCTAL_11 = 0o77777777777;
/**
 * RFC 1952 header with every variable byte pinned: MTIME 0, XFL 0, OS 255 ("unknown"). zlib's
 * own gzip wrapper writes OS 3/10/19 depending on the platform Node was built for, which would
 * give the same tar a different layer digest on macOS or Windows.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/**
 * Writes `entries` (sorted, from collectContext) as a gzip-compressed tar. The archive is
 * byte-for-byte a function of the entries' paths, types, modes, link targets and file contents,
 * and of `mtime`: owners are 0/0 with empty names, and no PAX time records are written.
 *
 * The archive ends with the two zero blocks and is not padded to GNU tar's 10240-byte record:
 * readers do not need the padding, and Go's archive/tar (BuildKit, ggcr, containerd) does not
 * write it either, so layers here look like theirs.
 */
async function writeLayer(entries, options) {
    const { mtime, outFile } = options;
    if (!Number.isSafeInteger(mtime) || mtime < 0 || mtime > MAX_OCTAL_11) {
        throw new ReleaseError('INTERNAL', `layer mtime ${mtime} is not whole seconds in tar's range`);
    }
    const tarHash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    const gzHash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    let crc = 0;
    let tarLength = 0;
    let gzLength = 0;
    const deflate = external_node_zlib_namespaceObject.createDeflateRaw({ level: options.level ?? 6, chunkSize: 64 * 1024 });
    let headerWritten = false;
    const frame = (self, bytes) => {
        gzHash.update(bytes);
        gzLength += bytes.length;
        self.push(bytes);
    };
    const gzip = new external_node_stream_namespaceObject.Transform({
        transform(chunk, _encoding, callback) {
            if (!headerWritten) {
                headerWritten = true;
                frame(this, GZIP_HEADER);
            }
            frame(this, chunk);
            callback();
        },
        flush(callback) {
            if (!headerWritten)
                frame(this, GZIP_HEADER);
            const trailer = Buffer.alloc(8);
            trailer.writeUInt32LE(crc >>> 0, 0);
            trailer.writeUInt32LE(tarLength % 2 ** 32, 4);
            frame(this, trailer);
            callback();
        },
    });
    const written = (0,external_node_stream_promises_namespaceObject.pipeline)(deflate, gzip, (0,external_node_fs_namespaceObject.createWriteStream)(outFile));
    const pool = new BufferPool(BUFFERS, CHUNK);
    // A failed sink must wake a writer waiting for a buffer, or it would wait forever.
    written.catch((e) => pool.fail(e));
    const tar = new TarWriter(pool, (buffer, length) => {
        const bytes = buffer.subarray(0, length);
        tarHash.update(bytes);
        crc = crc32(bytes, crc);
        tarLength += length;
        // The callback runs once deflate has consumed the bytes: then the buffer can be refilled.
        deflate.write(bytes, () => pool.release(buffer));
    });
    try {
        for (const entry of entries)
            await tar.addEntry(entry, mtime);
        await tar.end();
        deflate.end();
        await written;
    }
    catch (e) {
        deflate.destroy();
        await written.catch(() => undefined);
        await (0,promises_namespaceObject.rm)(outFile, { force: true });
        throw e;
    }
    return {
        digest: `sha256:${gzHash.digest('hex')}`,
        diffId: `sha256:${tarHash.digest('hex')}`,
        size: gzLength,
        path: outFile,
    };
}
/** Fixed-size buffers handed out and returned, so a large layer costs no more memory than a small one. */
class BufferPool {
    free = [];
    waiting = [];
    failure;
    constructor(count, size) {
        for (let i = 0; i < count; i++)
            this.free.push(Buffer.allocUnsafe(size));
    }
    acquire() {
        if (this.failure)
            return Promise.reject(this.failure.error);
        const buffer = this.free.pop();
        if (buffer)
            return Promise.resolve(buffer);
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    release(buffer) {
        const next = this.waiting.shift();
        if (next)
            next.resolve(buffer);
        else
            this.free.push(buffer);
    }
    fail(error) {
        this.failure = { error };
        for (const w of this.waiting.splice(0))
            w.reject(error);
    }
}
/** A ustar stream writer that fills pooled buffers and hands each full one to `emit`. */
class TarWriter {
    pool;
    emit;
    buffer;
    used = 0;
    constructor(pool, emit) {
        this.pool = pool;
        this.emit = emit;
    }
    async addEntry(entry, mtime) {
        await this.write(entryHeaders(entry, mtime));
        if (entry.type !== 'file')
            return;
        if (entry.source === undefined) {
            throw new ReleaseError('INTERNAL', `layer entry '${entry.path}' has no source file`);
        }
        const file = await (0,promises_namespaceObject.open)(entry.source, 'r').catch((cause) => {
            throw changed(entry, 'could not be opened', cause);
        });
        try {
            await this.copyFile(file, entry);
        }
        finally {
            await file.close();
        }
        await this.zeros(padding(entry.size));
    }
    async end() {
        await this.zeros(2 * BLOCK);
        if (this.buffer && this.used > 0)
            this.emit(this.buffer, this.used);
        else if (this.buffer)
            this.pool.release(this.buffer);
        this.buffer = undefined;
    }
    async copyFile(file, entry) {
        const { size } = await file.stat();
        if (size !== entry.size) {
            throw changed(entry, `is ${size} bytes, ${entry.size} when the context was read`);
        }
        let position = 0;
        while (position < size) {
            const buffer = await this.space();
            const want = Math.min(buffer.length - this.used, size - position);
            const { bytesRead } = await file.read(buffer, this.used, want, position);
            if (bytesRead === 0) {
                throw changed(entry, `ended after ${position} of ${size} bytes`);
            }
            this.used += bytesRead;
            position += bytesRead;
        }
    }
    async write(bytes) {
        let offset = 0;
        while (offset < bytes.length) {
            const buffer = await this.space();
            const n = bytes.copy(buffer, this.used, offset);
            this.used += n;
            offset += n;
        }
    }
    async zeros(count) {
        while (count > 0) {
            const buffer = await this.space();
            const n = Math.min(count, buffer.length - this.used);
            buffer.fill(0, this.used, this.used + n);
            this.used += n;
            count -= n;
        }
    }
    /** The current buffer with room left, emitting a full one first. */
    async space() {
        if (this.buffer && this.used < this.buffer.length)
            return this.buffer;
        if (this.buffer)
            this.emit(this.buffer, this.used);
        this.buffer = await this.pool.acquire();
        this.used = 0;
        return this.buffer;
    }
}
function changed(entry, what, cause) {
    return new ReleaseError('CONTEXT_CHANGED', `'${entry.path}' ${what}: the context changed during the build`, { hint: 'do not modify the context folder while building; run the build again', cause });
}
function padding(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
const TYPEFLAG = { file: '0', dir: '5', symlink: '2' };
/** The header block(s) of one entry: a PAX extended header first when ustar cannot hold it. */
function entryHeaders(entry, mtime) {
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const size = entry.type === 'file' ? entry.size : 0;
    const pax = [];
    const split = splitName(name);
    if (split === undefined)
        pax.push(['path', name]);
    const link = entry.linkTarget ?? '';
    const linkFits = isAscii(link) && Buffer.byteLength(link) <= 100;
    if (!linkFits)
        pax.push(['linkpath', link]);
    if (size > MAX_OCTAL_11)
        pax.push(['size', String(size)]);
    const header = ustarHeader({
        // Readers use the PAX path; the ustar field keeps a recognisable, deterministic stand-in.
        name: split?.name ?? truncateBytes(name, 100),
        prefix: split?.prefix ?? '',
        mode: entry.mode,
        size: size > MAX_OCTAL_11 ? 0 : size,
        mtime,
        typeflag: TYPEFLAG[entry.type],
        linkname: linkFits ? link : truncateBytes(link, 100),
    });
    if (pax.length === 0)
        return header;
    // Sorted keys: the same entry always gives the same record bytes.
    pax.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const records = Buffer.concat(pax.map(([key, value]) => paxRecord(key, value)));
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1).replace(/[^\x20-\x7e]/g, '_');
    const paxHeader = ustarHeader({
        name: `PaxHeaders/${base}`.slice(0, 100),
        prefix: '',
        mode: 0o644,
        size: records.length,
        mtime,
        typeflag: 'x',
        linkname: '',
    });
    return Buffer.concat([paxHeader, records, Buffer.alloc(padding(records.length)), header]);
}
/** "<length> <key>=<value>\n", where the length counts its own digits. */
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    const bodyLength = Buffer.byteLength(body);
    let length = bodyLength + 1;
    while (String(length).length + bodyLength !== length)
        length = String(length).length + bodyLength;
    return Buffer.from(`${length}${body}`, 'utf8');
}
/**
 * ustar stores up to 255 bytes as prefix (≤155) + '/' + name (≤100), split at a '/'. The longest
 * prefix that works is taken, like GNU tar. Non-ASCII names go to PAX, as Go's archive/tar does,
 * since ustar fields have no defined encoding.
 */
function splitName(name) {
    if (!isAscii(name))
        return undefined;
    if (name.length <= 100)
        return { name, prefix: '' };
    // A trailing '/' (folders) belongs to the name part, never the split point.
    for (let i = Math.min(155, name.length - 2); i > 0; i--) {
        if (name[i] !== '/')
            continue;
        const rest = name.slice(i + 1);
        if (rest.length > 100)
            return undefined;
        return { prefix: name.slice(0, i), name: rest };
    }
    return undefined;
}
function ustarHeader(fields) {
    const block = Buffer.alloc(BLOCK);
    block.write(fields.name, 0, 100, 'utf8');
    writeOctal(block, 100, 8, fields.mode);
    writeOctal(block, 108, 8, 0); // uid
    writeOctal(block, 116, 8, 0); // gid
    writeOctal(block, 124, 12, fields.size);
    writeOctal(block, 136, 12, fields.mtime);
    block.write(fields.typeflag, 156, 1, 'ascii');
    block.write(fields.linkname, 157, 100, 'utf8');
    block.write('ustar\x0000', 257, 8, 'ascii');
    // uname (265) and gname (297) stay empty: owners are numeric 0/0 in every image.
    writeOctal(block, 329, 8, 0); // devmajor
    writeOctal(block, 337, 8, 0); // devminor
    block.write(fields.prefix, 345, 155, 'utf8');
    // The checksum is summed with its own field read as eight spaces.
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += block[i];
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    return block;
}
/** Zero-padded octal filling the field but its last byte, which is NUL. */
function writeOctal(block, offset, width, value) {
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}
function isAscii(text) {
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) > 0x7f)
            return false;
    return true;
}
function truncateBytes(text, max) {
    // By code point, so a cut never leaves half a surrogate pair.
    const chars = [...text];
    while (Buffer.byteLength(chars.join('')) > max)
        chars.pop();
    return chars.join('');
}
const nativeCrc32 = external_node_zlib_namespaceObject.crc32;
/** zlib.crc32 exists from Node 20.15 / 22.2; older 20.x gets the table version. */
function crc32(data, value = 0) {
    return nativeCrc32 ? nativeCrc32(data, value) : tableCrc32(data, value);
}
/** The plain table-driven CRC-32 of RFC 1952 §8, continuing from `value`. */
function tableCrc32(data, value = 0) {
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++) {
        crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    }
    return ~crc >>> 0;
}
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

;// CONCATENATED MODULE: ./src/build/native.ts










const DEFAULT_DESTINATION = '/app';
/** RFC 3339 without milliseconds: what every other tool writes for a whole-second time. */
function isoSeconds(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function resolveBase(request) {
    const scratch = {
        index: false,
        // A fixed platform: the layer holds files only, and a digest must not depend on the build host.
        platforms: [
            {
                platform: { architecture: 'amd64', os: 'linux' },
                config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
            },
        ],
    };
    if (!request.base || request.base === 'scratch')
        return scratch;
    const ref = parseReference(request.base, 'base');
    const store = await openStore({ kind: 'registry', ref }, {
        credentials: await request.credentials?.(ref.registry),
        insecureRegistries: request.insecureRegistries,
    });
    const root = await store.getManifest(ref.digest ?? ref.tag ?? 'latest');
    const name = formatReference({ ...ref, digest: undefined });
    const readPlatform = async (manifestBytes, digest) => {
        const manifest = parseManifest(manifestBytes, `base manifest ${digest}`);
        const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
        const platform = { architecture: config.architecture, os: config.os };
        if (config.variant)
            platform.variant = config.variant;
        return { platform, manifest, manifestDigest: digest, config };
    };
    if (!isIndexType(root.mediaType)) {
        return {
            store,
            name,
            digest: root.digest,
            index: false,
            platforms: [await readPlatform(root.bytes, root.digest)],
        };
    }
    const index = parseManifest(root.bytes, `base index ${root.digest}`);
    const platforms = [];
    for (const child of index.manifests) {
        // Attestation manifests (buildkit's unknown/unknown) are not runnable platforms.
        if (!child.platform || child.platform.os === 'unknown')
            continue;
        const fetched = await store.getManifest(child.digest);
        const base = await readPlatform(fetched.bytes, fetched.digest);
        platforms.push({ ...base, platform: child.platform });
    }
    if (platforms.length === 0) {
        throw new UserError('INPUT_INVALID', `base image ${request.base} lists no platform`, {
            input: 'base',
            valid: 'an image or an index with at least one linux platform, or scratch',
        });
    }
    return { store, name, digest: root.digest, index: true, platforms };
}
/** Docker semantics: a new entrypoint drops the base's command unless a command is given too. */
function applySettings(config, settings, destination) {
    const c = { ...(config.config ?? {}) };
    const env = new Map();
    for (const line of c.Env ?? []) {
        const eq = line.indexOf('=');
        env.set(eq < 0 ? line : line.slice(0, eq), eq < 0 ? '' : line.slice(eq + 1));
    }
    for (const [k, v] of Object.entries(settings.env))
        env.set(k, v);
    if (env.size)
        c.Env = [...env].map(([k, v]) => `${k}=${v}`);
    if (settings.entrypoint) {
        c.Entrypoint = settings.entrypoint;
        c.Cmd = settings.cmd ?? null;
    }
    else if (settings.cmd)
        c.Cmd = settings.cmd;
    c.WorkingDir = settings.workdir ?? destination;
    if (settings.user)
        c.User = settings.user;
    if (settings.ports.length) {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of settings.ports)
            ports[p.includes('/') ? p : `${p}/tcp`] = {};
        c.ExposedPorts = Object.fromEntries(Object.entries(ports).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    if (Object.keys(settings.labels).length) {
        const labels = { ...(c.Labels ?? {}), ...settings.labels };
        c.Labels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    config.config = c;
}
/**
 * Builds without a daemon: the context's files become one deterministic layer on top of the
 * base (or nothing), for every platform the base has. The same files and source date give the
 * same digest on any machine.
 */
class NativeBuilder {
    name = 'native';
    async build(request) {
        const base = await resolveBase(request);
        const destination = request.settings.workdir ?? DEFAULT_DESTINATION;
        const entries = await collectContext(request.context, {
            include: request.include,
            exclude: request.exclude,
            destination,
        });
        const layout = await LayoutStore.open((0,external_node_path_namespaceObject.join)(request.workDir, 'layout'), { create: true });
        const layer = await writeLayer(entries, {
            mtime: request.sourceDateEpoch,
            outFile: (0,external_node_path_namespaceObject.join)(request.workDir, 'layout', 'blobs', 'sha256', `.layer-${process.pid}.tmp`),
        });
        await layout.adoptBlob(layer.path, { digest: layer.digest, size: layer.size });
        const layerDesc = {
            mediaType: MediaType.OciLayerGzip,
            digest: layer.digest,
            size: layer.size,
        };
        const created = isoSeconds(request.sourceDateEpoch);
        const baseAnnotations = (digest) => base.name && digest
            ? {
                'org.opencontainers.image.base.digest': digest,
                'org.opencontainers.image.base.name': base.name,
            }
            : {};
        const manifests = [];
        for (const p of base.platforms) {
            const config = structuredClone(p.config);
            config.created = created;
            applySettings(config, request.settings, destination);
            config.rootfs = {
                type: 'layers',
                diff_ids: [...(config.rootfs?.diff_ids ?? []), layer.diffId],
            };
            config.history = [
                ...(config.history ?? []),
                {
                    created,
                    created_by: `immutable-release native: COPY ${entries.length} entries to ${destination}`,
                },
            ];
            const configBytes = Buffer.from(JSON.stringify(config));
            const configDesc = await putJson(layout, configBytes, MediaType.OciConfig);
            const manifest = {
                schemaVersion: 2,
                mediaType: MediaType.OciManifest,
                config: configDesc,
                layers: [...(p.manifest?.layers ?? []).map(toOciLayer), layerDesc],
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(p.manifestDigest) }),
            };
            const desc = await layout.putManifest(Buffer.from(JSON.stringify(manifest)), MediaType.OciManifest);
            manifests.push({ ...desc, platform: p.platform });
        }
        let root;
        if (base.index) {
            const index = {
                schemaVersion: 2,
                mediaType: MediaType.OciIndex,
                manifests,
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(base.digest) }),
            };
            root = await layout.putManifest(Buffer.from(JSON.stringify(index)), MediaType.OciIndex, 'build');
        }
        else {
            const only = manifests[0];
            const fetched = await layout.getManifest(only.digest);
            root = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build');
        }
        return {
            builder: 'native',
            layout,
            reference: 'build',
            descriptor: root,
            platforms: base.platforms.map((p) => p.platform),
            baseStore: base.store,
            base: base.name && base.digest ? { name: base.name, digest: base.digest } : undefined,
        };
    }
}
async function putJson(layout, bytes, mediaType) {
    const source = bufferSource(bytes);
    await layout.putBlob(source);
    return { mediaType, digest: source.digest, size: source.size };
}
function sortKeys(record) {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

;// CONCATENATED MODULE: ./src/build/select.ts





/** True when `name` is an executable file in a PATH folder. */
async function haveProgram(name, path = process.env.PATH ?? '') {
    for (const dir of path.split(external_node_path_namespaceObject.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_namespaceObject.join)(dir, name);
        try {
            if (!(await (0,promises_namespaceObject.stat)(candidate)).isFile())
                continue;
            await (0,promises_namespaceObject.access)(candidate, external_node_fs_namespaceObject.constants.X_OK);
            return true;
        }
        catch {
            // Not in this folder; keep looking.
        }
    }
    return false;
}
async function isFile(path) {
    try {
        return (await (0,promises_namespaceObject.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}
const INSTALL_BUILDAH = 'install buildah (apt-get install buildah)';
/**
 * Picks the builder. `auto`: a Dockerfile (named, or at the context's root) means docker when
 * its daemon answers, else buildah; no Dockerfile means native. An explicit choice is checked
 * against the machine, so a missing tool fails here with advice rather than mid-build.
 */
async function selectBuilder(choice, context, dockerfile, probes = {
    docker: () => dockerAvailable(),
    buildah: () => haveProgram('buildah'),
}) {
    // Asked for by name: a Dockerfile, even a named one, is not native's business.
    if (choice === 'native') {
        return { name: 'native', why: 'builder: native was asked for' };
    }
    let file;
    if (dockerfile) {
        file = (0,external_node_path_namespaceObject.isAbsolute)(dockerfile) ? dockerfile : (0,external_node_path_namespaceObject.resolve)(context, dockerfile);
        if (!(await isFile(file))) {
            throw new UserError('INPUT_INVALID', `${file} does not exist`, {
                input: 'dockerfile',
                valid: 'a Dockerfile path, relative to the context',
            });
        }
    }
    else {
        const candidate = (0,external_node_path_namespaceObject.join)(context, 'Dockerfile');
        if (await isFile(candidate))
            file = candidate;
    }
    if (choice === 'auto') {
        if (!file) {
            return {
                name: 'native',
                why: `no Dockerfile at ${(0,external_node_path_namespaceObject.join)(context, 'Dockerfile')} and none named; using native`,
            };
        }
        const found = `Dockerfile found at ${file}`;
        if (await probes.docker()) {
            return {
                name: 'docker',
                why: `${found}; a Docker daemon answered; using docker`,
                dockerfile: file,
            };
        }
        if (await probes.buildah()) {
            return {
                name: 'buildah',
                why: `${found}; no Docker daemon answered; using buildah`,
                dockerfile: file,
            };
        }
        throw new UserError('BUILDER_UNAVAILABLE', `${found}, but no Docker daemon answered and buildah is not installed`, {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: `${INSTALL_BUILDAH}, start a Docker daemon, or set builder: native to build the context's files without the Dockerfile`,
        });
    }
    if (!file) {
        throw new UserError('INPUT_MISSING', `builder: ${choice} needs a Dockerfile, and there is none at ${(0,external_node_path_namespaceObject.join)(context, 'Dockerfile')}`, {
            input: 'dockerfile',
            hint: 'name one with the dockerfile input, or use builder: native',
        });
    }
    if (choice === 'buildah') {
        if (!(await probes.buildah())) {
            throw new UserError('BUILDER_UNAVAILABLE', 'buildah is not installed (not on PATH)', {
                input: 'builder',
                valid: 'auto, native, buildah, docker',
                hint: `${INSTALL_BUILDAH}, or set builder: auto or native`,
            });
        }
        return { name: 'buildah', why: 'builder: buildah was asked for', dockerfile: file };
    }
    if (!(await probes.docker())) {
        throw new UserError('BUILDER_UNAVAILABLE', 'no Docker daemon answered within 5 s', {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: 'start Docker (docker version must show a Server), or set builder: auto to fall back to buildah',
        });
    }
    return { name: 'docker', why: 'builder: docker was asked for', dockerfile: file };
}

;// CONCATENATED MODULE: ./src/commands/target.ts


/**
 * Credentials for a registry: the inputs (for the target's registry only), else docker's
 * config.json as docker/login-action leaves it, else, for ghcr.io in Actions, the actor and
 * the workflow token.
 */
function credentialsFor(config, ctx) {
    return async (registry) => {
        const target = config.image.kind === 'registry' ? config.image.ref.registry : undefined;
        if (config.registryUsername && config.registryPassword && registry === target) {
            return { username: config.registryUsername, password: config.registryPassword };
        }
        const fromDocker = await dockerConfigCredentials(registry, ctx.env);
        if (fromDocker)
            return fromDocker;
        if (registry === 'ghcr.io' && ctx.env.GITHUB_ACTIONS === 'true' && config.githubToken) {
            return { username: ctx.env.GITHUB_ACTOR || 'github-actions', password: config.githubToken };
        }
        return undefined;
    };
}
async function openTarget(config, ctx, options = {}) {
    const registry = config.image.kind === 'registry' ? config.image.ref.registry : undefined;
    return openStore(config.image, {
        credentials: registry ? await ctx.credentials(registry) : undefined,
        insecureRegistries: [...config.insecureRegistries],
        onSecret: ctx.mask,
        onRetry: (message) => ctx.logger.info(message),
        env: ctx.env,
        create: options.create,
    });
}
/** `repository@sha256:…`: the immutable reference to deploy. */
function imageReference(config, digest) {
    return `${describeTarget(config)}@${digest}`;
}
function describeTarget(config) {
    return config.image.kind === 'registry'
        ? `${config.image.ref.registry}/${config.image.ref.repository}`
        : `oci:${config.image.layout.path}`;
}

;// CONCATENATED MODULE: ./src/oci/copy.ts


/**
 * Runs `work` over `items` with at most `limit` in flight. After a failure no new item starts,
 * and the call settles only when the ones under way have, so nothing runs on after it returns.
 */
async function mapLimit(items, limit, work) {
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const item = items[next++];
            try {
                await work(item);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
}
async function walk(src, root, graph, seen) {
    if (seen.has(root.digest))
        return;
    seen.add(root.digest);
    const m = parseManifest(root.bytes, `manifest ${root.digest} in ${src.description}`);
    if (isIndexType(root.mediaType) || 'manifests' in m) {
        for (const child of m.manifests) {
            await walk(src, await src.getManifest(child.digest), graph, seen);
        }
    }
    else {
        const image = m;
        for (const blob of [image.config, ...image.layers]) {
            // Foreign layers live elsewhere by design; registries refuse nothing for lacking them.
            if (blob.urls?.length && /nondistributable|foreign/.test(blob.mediaType))
                continue;
            graph.blobs.set(blob.digest, blob);
        }
    }
    graph.manifests.push(root);
}
function mountSource(from, to) {
    const sameRegistry = from.registry !== undefined && from.registry === to.registry;
    return sameRegistry && from.repository !== to.repository ? from.repository : undefined;
}
/**
 * Copies the image (manifest or index, with every platform) that `reference` names in `src` to
 * `dst`, byte for byte: blobs first (concurrently, mounted when both are repositories of one
 * registry), then manifests by digest, children first, and the tags very last, so that a reader
 * never finds a tag pointing at something incomplete.
 */
async function copyImage(src, dst, reference, options = {}) {
    const root = await src.getManifest(reference);
    const graph = { manifests: [], blobs: new Map() };
    await walk(src, root, graph, new Set());
    const stats = {
        blobs: { exists: 0, mounted: 0, uploaded: 0 },
        bytesUploaded: 0,
        manifests: 0,
    };
    const fallback = options.fallback;
    await mapLimit([...graph.blobs.values()], options.concurrency ?? 4, async (blob) => {
        const from = fallback && !(await src.hasBlob(blob.digest)) ? fallback : src;
        const result = await dst.putBlob(from.blobSource(blob), { mountFrom: mountSource(from, dst) });
        stats.blobs[result]++;
        if (result === 'uploaded')
            stats.bytesUploaded += blob.size;
        options.onBlob?.(blob.digest, result, blob.size);
    });
    for (const m of graph.manifests) {
        if (!(await dst.headManifest(m.digest))) {
            await dst.putManifest(m.bytes, m.mediaType);
            stats.manifests++;
        }
    }
    for (const tag of options.tags ?? []) {
        const current = await dst.headManifest(tag);
        if (current?.digest !== root.digest)
            await dst.putManifest(root.bytes, root.mediaType, tag);
    }
    return {
        descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
        stats,
    };
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/release/git.ts
/**
 * Facts about the commit being released, read from git. Every git call is an argument array
 * (never a shell string), and every commit id that comes from the environment is checked to be
 * 40 hex digits before it reaches git, so no value can turn into an option.
 */




const execFileAsync = (0,external_node_util_namespaceObject.promisify)(external_node_child_process_namespaceObject.execFile);
const COMMIT_RE = /^[0-9a-f]{40}$/;
const MAX_LISTED = 20;
async function readCommit(options) {
    const env = options.env ?? process.env;
    const cwd = options.cwd;
    await assertFolder(cwd);
    await assertRepository(cwd);
    const head = await revParseCommit(cwd, 'HEAD');
    const commit = await chooseCommit(cwd, env, head);
    const [tree, commitTime, ref, sourceUrl, dirtyPaths] = await Promise.all([
        treeOf(cwd, commit),
        commitTimeOf(cwd, commit),
        refOf(cwd, env, commit, head),
        sourceUrlOf(cwd, env),
        dirtyPathsOf(cwd),
    ]);
    return { commit, tree, commitTime, ref, sourceUrl, dirtyPaths, head };
}
function assertClean(facts, allowDirty) {
    if (allowDirty || facts.dirtyPaths.length === 0)
        return;
    const n = facts.dirtyPaths.length;
    const listed = facts.dirtyPaths.slice(0, MAX_LISTED).map((p) => `\n  ${p}`);
    const more = n > MAX_LISTED ? `\n  (+${n - MAX_LISTED} more)` : '';
    throw new UserError('DIRTY_TREE', `the working tree has ${n} uncommitted change${n === 1 ? '' : 's'}, so the image would not ` +
        `be commit ${facts.commit.slice(0, 12)}:${listed.join('')}${more}`, {
        input: 'allow-dirty',
        hint: 'commit or discard the changes (git status shows them), add generated files to ' +
            '.gitignore, or set allow-dirty: true to release the working tree as it is',
    });
}
/**
 * `git@host:path`, `ssh://`, `git://` and `https://user:token@host/...` remotes as the https
 * page of the repository. Local paths give undefined: they name no public source.
 */
function normalizeSourceUrl(raw) {
    const value = raw.trim();
    if (value.length === 0)
        return undefined;
    // scp-like syntax: git treats `host:path` as ssh only when no slash comes before the colon.
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(value);
    if (scp && !value.includes('://')) {
        const host = scp[1];
        // A one-letter "host" is a Windows drive (C:\repo), not a remote.
        if (host.length === 1)
            return undefined;
        return git_finish(`https://${host}`, scp[2]);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    switch (url.protocol) {
        case 'https:':
        case 'http:':
            return git_finish(`${url.protocol}//${url.host}`, url.pathname);
        case 'ssh:':
        case 'git:':
        case 'git+ssh:':
        case 'ssh+git:':
            // The ssh/git port says nothing about where the web page lives.
            return url.hostname ? git_finish(`https://${url.hostname}`, url.pathname) : undefined;
        default:
            return undefined;
    }
}
function git_finish(origin, path) {
    const clean = path
        .replace(/^\/*~?/, '')
        .replace(/\/+$/, '')
        .replace(/\.git$/, '');
    return clean.length === 0 ? undefined : `${origin}/${clean}`;
}
async function assertFolder(cwd) {
    let isDir = false;
    try {
        isDir = (await (0,promises_namespaceObject.stat)(cwd)).isDirectory();
    }
    catch {
        isDir = false;
    }
    // Checked first because a missing cwd makes spawn fail with ENOENT, which reads as "no git".
    if (!isDir) {
        throw new UserError('INPUT_INVALID', `'${cwd}' is not a folder`, {
            input: 'context',
            hint: 'point context at the folder of a git checkout',
        });
    }
}
async function assertRepository(cwd) {
    const out = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (out.exitCode === 0)
        return;
    if (/not a git repository/i.test(out.stderr)) {
        throw new UserError('NOT_A_REPOSITORY', `'${cwd}' is not inside a git repository`, {
            input: 'context',
            hint: 'run inside a checkout (actions/checkout before this step), or run `git init` and ' +
                'commit: a release is made from a commit',
        });
    }
    if (/dubious ownership/i.test(out.stderr)) {
        throw new ReleaseError('GIT_FAILED', `git refuses to read '${cwd}': ${firstLine(out.stderr)}`, {
            hint: `the folder belongs to another user; run \`git config --global --add safe.directory ${cwd}\``,
        });
    }
    throw gitFailed(['rev-parse', '--show-toplevel'], out);
}
async function chooseCommit(cwd, env, head) {
    const event = env.GITHUB_EVENT_NAME;
    if (event === 'pull_request' || event === 'pull_request_target') {
        const prHead = await pullRequestHead(env.GITHUB_EVENT_PATH);
        if (prHead !== undefined) {
            const sha = checkSha(prHead, 'pull_request.head.sha of the event');
            // The merge commit GITHUB_SHA is a throwaway that no one can check out later; the head is
            // the commit the pull request really proposes.
            await assertPresent(cwd, sha, {
                what: `the pull request's head commit ${sha}`,
                hint: 'check out the head commit with actions/checkout and ' +
                    '`ref: ${{ github.event.pull_request.head.sha }}`, or fetch all history with ' +
                    '`fetch-depth: 0`',
            });
            return sha;
        }
    }
    const githubSha = env.GITHUB_SHA?.trim();
    if (githubSha) {
        const sha = checkSha(githubSha, 'GITHUB_SHA');
        await assertPresent(cwd, sha, {
            what: `GITHUB_SHA ${sha}`,
            hint: 'check out the commit that triggered the workflow (actions/checkout without another ' +
                '`ref`), or fetch all history with `fetch-depth: 0`',
        });
        return sha;
    }
    if (head === undefined) {
        throw new UserError('COMMIT_MISSING', `the repository at '${cwd}' has no commits yet`, {
            input: 'context',
            hint: 'commit the files first: a release is made from a commit',
        });
    }
    return head;
}
async function pullRequestHead(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse(await (0,promises_namespaceObject.readFile)(eventPath, 'utf8'));
        const sha = event.pull_request?.head?.sha;
        return typeof sha === 'string' && sha.length > 0 ? sha : undefined;
    }
    catch {
        // An unreadable event file leaves GITHUB_SHA as the best fact available.
        return undefined;
    }
}
function checkSha(value, source) {
    const sha = value.trim().toLowerCase();
    if (!COMMIT_RE.test(sha)) {
        throw new UserError('INPUT_INVALID', `${source} '${value}' is not a 40-hex commit id`, {
            hint: 'this value comes from the runner; outside Actions, unset it to release HEAD',
        });
    }
    return sha;
}
async function assertPresent(cwd, sha, how) {
    const out = await git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    if (out.exitCode !== 0) {
        throw new UserError('COMMIT_MISSING', `${how.what} is not in the local repository`, {
            input: 'context',
            hint: how.hint,
        });
    }
}
async function revParseCommit(cwd, rev) {
    const out = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`]);
    return out.exitCode === 0 ? out.stdout.trim() : undefined;
}
async function treeOf(cwd, commit) {
    const args = ['rev-parse', '--verify', `${commit}^{tree}`];
    const tree = must(args, await git(cwd, args)).trim();
    if (!COMMIT_RE.test(tree)) {
        throw new ReleaseError('GIT_FAILED', `git gave '${tree}' as the tree of ${commit}`, {
            hint: 'only SHA-1 repositories are supported',
        });
    }
    return tree;
}
async function commitTimeOf(cwd, commit) {
    // --no-show-signature: a log.showSignature setting would otherwise mix gpg output in.
    const args = ['show', '-s', '--no-show-signature', '--format=%ct', commit];
    const text = must(args, await git(cwd, args)).trim();
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds)) {
        throw new ReleaseError('GIT_FAILED', `git gave '${text}' as the commit time of ${commit}`);
    }
    return seconds;
}
async function refOf(cwd, env, commit, head) {
    const fromEnv = env.GITHUB_REF?.trim();
    if (fromEnv)
        return fromEnv;
    // The branch HEAD is on says nothing about a commit other than HEAD.
    if (commit === head) {
        const branch = await git(cwd, ['symbolic-ref', '-q', 'HEAD']);
        if (branch.exitCode === 0 && branch.stdout.trim())
            return branch.stdout.trim();
    }
    const args = ['tag', '--points-at', commit];
    const tags = must(args, await git(cwd, args))
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
    // Two tags on one commit leave the version ambiguous: better none than a guess.
    return tags.length === 1 ? `refs/tags/${tags[0]}` : undefined;
}
async function sourceUrlOf(cwd, env) {
    const server = env.GITHUB_SERVER_URL?.trim();
    const repository = env.GITHUB_REPOSITORY?.trim();
    if (server && repository)
        return `${server.replace(/\/+$/, '')}/${repository}`;
    const out = await git(cwd, ['config', '--get', 'remote.origin.url']);
    return out.exitCode === 0 ? normalizeSourceUrl(out.stdout) : undefined;
}
async function dirtyPathsOf(cwd) {
    const args = ['status', '--porcelain=v1', '-z', '--untracked-files=normal'];
    const fields = must(args, await git(cwd, args)).split('\0');
    const paths = [];
    for (let i = 0; i < fields.length; i++) {
        const entry = fields[i];
        if (entry.length < 4)
            continue;
        const xy = entry.slice(0, 2);
        paths.push(entry.slice(3));
        // With -z a rename or copy is "XY new\0old": the old path is a change too, and must not be
        // read as an entry of its own.
        if (/[RC]/.test(xy) && i + 1 < fields.length) {
            const from = fields[++i];
            if (from.length > 0)
                paths.push(from);
        }
    }
    return [...new Set(paths)];
}
async function git(cwd, args) {
    try {
        const { stdout, stderr } = await execFileAsync('git', args, {
            cwd,
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
            env: {
                ...process.env,
                // Errors are matched by their English text; prompts would hang a CI job forever.
                LC_ALL: 'C',
                GIT_TERMINAL_PROMPT: '0',
                // `git status` would otherwise take the index lock to refresh it, racing other git work.
                GIT_OPTIONAL_LOCKS: '0',
            },
        });
        return { exitCode: 0, stdout, stderr };
    }
    catch (e) {
        const err = e;
        if (err.code === 'ENOENT') {
            throw new ReleaseError('GIT_FAILED', 'git was not found on PATH', {
                hint: 'install git (e.g. apt-get install git): commit facts are read from the checkout',
                cause: e,
            });
        }
        if (typeof err.code === 'number') {
            return { exitCode: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
        }
        throw new ReleaseError('GIT_FAILED', `git ${args.join(' ')} could not run: ${err.message}`, {
            cause: e,
        });
    }
}
function must(args, out) {
    if (out.exitCode !== 0)
        throw gitFailed(args, out);
    return out.stdout;
}
function gitFailed(args, out) {
    return new ReleaseError('GIT_FAILED', `git ${args.join(' ')} failed (exit ${out.exitCode}): ${firstLine(out.stderr) || 'no message'}`);
}
function firstLine(text) {
    return text.trim().split('\n')[0] ?? '';
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __nccwpck_require__(88);
var semver_default = /*#__PURE__*/__nccwpck_require__.n(semver);
;// CONCATENATED MODULE: ./src/release/tags.ts
/**
 * Which tags a release writes. The commit tag names one image forever; version aliases (`1.2`,
 * `1`) only ever move forward, so a backport release never drags `1` back to an older line.
 */



const tags_COMMIT_RE = /^[0-9a-f]{40}$/;
const COMMIT_TAG_RE = /^sha-[0-9a-f]{40}$/;
function planTags(input) {
    if (!tags_COMMIT_RE.test(input.commit)) {
        throw new ReleaseError('INTERNAL', `'${input.commit}' is not a 40-hex commit id`);
    }
    const commitTag = `sha-${input.commit}`;
    const version = versionOf(input.ref);
    const tags = [commitTag];
    if (version !== undefined)
        tags.push(...versionTags(version, input.existingTags));
    for (const raw of input.extra) {
        const tag = raw.trim();
        if (tag.length === 0)
            continue;
        parseTag(tag, 'tags');
        // Another commit's tag is immutable too: an extra tag must not claim it.
        if (COMMIT_TAG_RE.test(tag) && tag !== commitTag) {
            throw new UserError('TAG_INVALID', `'${tag}' is the commit tag of another commit`, {
                input: 'tags',
                valid: 'any tag except sha-<40 hex> of a different commit',
                hint: `this release's commit tag is ${commitTag} and is written on its own`,
            });
        }
        tags.push(tag);
    }
    return { commitTag, version: version?.version, tags: [...new Set(tags)] };
}
function assertCommitTagUnmoved(tag, existing, next) {
    if (existing === undefined || existing === next)
        return;
    throw new ReleaseError('TAG_IMMUTABLE', `tag '${tag}' already points at ${existing}; refusing to move it to ${next}`, {
        hint: 'a commit tag names one image forever, so a rebuild of the same commit must give the ' +
            'same digest: make the build reproducible (set the source date, e.g. SOURCE_DATE_EPOCH ' +
            'or the commit time, and pin the base image by digest); to publish a changed image, ' +
            'make a new commit',
    });
}
/** `refs/tags/v1.2.3` or `refs/tags/1.2.3`; branches and other tags carry no version. */
function versionOf(ref) {
    const match = /^refs\/tags\/v?(\d.*)$/.exec(ref ?? '');
    if (!match)
        return undefined;
    // semver.parse also takes `v1.2.3`; the regex above already consumed the one allowed `v`.
    const parsed = semver_default().parse(match[1]);
    // Build metadata (`+build.5`) cannot appear in a tag and does not change precedence: dropped.
    return parsed ?? undefined;
}
function versionTags(version, existingTags) {
    const tags = [version.version];
    if (version.prerelease.length > 0)
        return tags;
    const releases = existingTags
        // Only exact X.Y.Z[-pre] tags count: `1.2`, `latest`, `sha-…` and `v1.2.3` are not releases.
        .filter((t) => semver_default().valid(t) === t)
        .map((t) => new (semver_default()).SemVer(t))
        .filter((v) => v.prerelease.length === 0);
    const higher = (v) => semver_default().gt(v, version);
    if (!releases.some((v) => v.major === version.major && v.minor === version.minor && higher(v))) {
        tags.push(`${version.major}.${version.minor}`);
    }
    if (!releases.some((v) => v.major === version.major && higher(v))) {
        tags.push(`${version.major}`);
    }
    return tags;
}

;// CONCATENATED MODULE: ./src/commands/release-summary.ts
/** Markdown for user data: table cells must not break out of their cell or into HTML. */
function cell(text) {
    return text
        .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ');
}
function mib(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
function renderReleaseSummary(r, repository) {
    const platforms = r.platforms
        .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
        .join(', ');
    const rows = [
        ['Image', `\`${cell(r.image)}\``],
        ['Digest', `\`${r.digest}\``],
        ['Tags', r.tags.map((t) => `\`${cell(t)}\``).join(' ')],
        ['Platforms', cell(platforms)],
        ['Size', mib(r.size)],
        ['Builder', cell(r.builder)],
        ['Base', r.base ? `\`${cell(r.base.name)}@${r.base.digest}\`` : 'scratch'],
        ['Commit', `\`${r.commit}\``],
        ['Source date', new Date(r.sourceDateEpoch * 1000).toISOString()],
        [
            'Reproducible',
            r.builder === 'native' ? 'yes (native builds are deterministic)' : 'not checked',
        ],
        [
            'Work',
            r.skipped
                ? `skipped: \`${cell(repository)}:sha-${r.commit}\` already held this build`
                : `${r.blobs.uploaded} blobs uploaded, ${r.blobs.mounted} mounted, ${r.blobs.exists} already present`,
        ],
    ];
    const phases = Object.entries(r.phases)
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
        .join(' · ');
    return [
        `### Released \`${cell(repository)}\``,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        `Phases: ${phases}`,
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/commands/release.ts














const TREE_ANNOTATION = 'dev.immutable-release.tree';
const BUILDER_ANNOTATION = 'dev.immutable-release.builder';
const OCI = 'org.opencontainers.image';
function builderFor(name) {
    if (name === 'buildah')
        return new BuildahBuilder();
    if (name === 'docker')
        return new DockerBuilder();
    return new NativeBuilder();
}
async function timed(phases, name, ctx, work) {
    const started = performance.now();
    try {
        return await ctx.logger.group(name, work);
    }
    finally {
        phases[name] = Math.round(performance.now() - started);
    }
}
/** Annotations that name what was built from what; `created` is the commit time, never the clock. */
function releaseAnnotations(facts, plan, builder) {
    const annotations = {
        [`${OCI}.created`]: isoSeconds(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
        [TREE_ANNOTATION]: facts.tree,
        [BUILDER_ANNOTATION]: builder,
    };
    if (facts.sourceUrl) {
        annotations[`${OCI}.source`] = facts.sourceUrl;
        // From the source, never the destination: where the image goes must not change its digest.
        annotations[`${OCI}.title`] = (0,external_node_path_namespaceObject.basename)(new URL(facts.sourceUrl).pathname);
    }
    if (plan.version)
        annotations[`${OCI}.version`] = plan.version;
    return annotations;
}
async function readBack(store, root) {
    const fetched = await store.getManifest(root.digest);
    const m = parseManifest(fetched.bytes, `manifest ${root.digest}`);
    const imageSize = (im, bytes) => bytes + im.config.size + im.layers.reduce((n, l) => n + l.size, 0);
    if (isIndexType(fetched.mediaType)) {
        const index = m;
        let size = fetched.bytes.length;
        for (const child of index.manifests) {
            const c = await store.getManifest(child.digest);
            size += imageSize(parseManifest(c.bytes, child.digest), c.bytes.length);
        }
        return {
            mediaType: fetched.mediaType,
            platforms: index.manifests.map((d) => d.platform).filter((p) => !!p),
            size,
            annotations: index.annotations ?? {},
        };
    }
    const manifest = m;
    const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    return {
        mediaType: fetched.mediaType,
        platforms: [platform],
        size: imageSize(manifest, fetched.bytes.length),
        annotations: manifest.annotations ?? {},
    };
}
/**
 * `release`: the checked-out commit becomes an image tagged `sha-<commit>` (never moved) and
 * its version tags. When that tag already names this commit and tree, nothing is built or
 * uploaded: the outputs are read back from the target, the same as the first run's.
 */
async function release(config, ctx) {
    const phases = {};
    const context = (0,external_node_path_namespaceObject.isAbsolute)(config.context) ? config.context : (0,external_node_path_namespaceObject.resolve)(ctx.cwd, config.context);
    const facts = await timed(phases, 'source', ctx, async () => {
        const f = await readCommit({ cwd: context, env: ctx.env });
        assertClean(f, config.allowDirty);
        ctx.logger.info(`commit ${f.commit} (tree ${f.tree}), committed ${isoSeconds(f.commitTime)}`);
        return f;
    });
    const store = await openTarget(config, ctx, { create: true });
    const existingTags = await store.listTags();
    const plan = planTags({
        commit: facts.commit,
        ref: facts.ref,
        existingTags,
        extra: [...config.tags],
    });
    const existing = existingTags.includes(plan.commitTag)
        ? await store.headManifest(plan.commitTag)
        : undefined;
    let root;
    let built;
    let blobs = { uploaded: 0, mounted: 0, exists: 0 };
    let skipped = false;
    const prior = existing && (await readBack(store, existing));
    if (existing &&
        prior?.annotations[`${OCI}.revision`] === facts.commit &&
        prior.annotations[TREE_ANNOTATION] === facts.tree) {
        ctx.logger.info(`${plan.commitTag} already holds ${existing.digest} built from this commit and tree: nothing to build`);
        root = existing;
        skipped = true;
        await timed(phases, 'tag', ctx, async () => {
            for (const tag of plan.tags) {
                if ((await store.headManifest(tag))?.digest !== root.digest) {
                    const m = await store.getManifest(root.digest);
                    await store.putManifest(m.bytes, m.mediaType, tag);
                    ctx.logger.info(`tagged ${tag}`);
                }
            }
        });
    }
    else {
        const workDir = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)(ctx.tmpdir ?? (0,external_node_os_namespaceObject.tmpdir)(), 'immutable-release-'));
        try {
            built = await timed(phases, 'build', ctx, async () => {
                const choice = await selectBuilder(config.builder, context, config.dockerfile && (0,external_node_path_namespaceObject.resolve)(ctx.cwd, config.dockerfile));
                ctx.logger.info(`builder: ${choice.name} (${choice.why})`);
                return builderFor(choice.name).build({
                    context,
                    dockerfile: choice.dockerfile,
                    base: config.base,
                    buildArgs: { ...config.buildArgs },
                    target: config.target,
                    secrets: { ...config.secrets },
                    sourceDateEpoch: facts.commitTime,
                    settings: {
                        entrypoint: config.entrypoint && [...config.entrypoint],
                        cmd: config.cmd && [...config.cmd],
                        env: { ...config.env },
                        workdir: config.workdir,
                        user: config.user,
                        ports: [...config.ports],
                        labels: { ...labelsFrom(facts, plan), ...config.labels },
                    },
                    annotations: releaseAnnotations(facts, plan, choice.name),
                    include: [...config.include],
                    exclude: [...config.exclude],
                    credentials: ctx.credentials,
                    insecureRegistries: [...config.insecureRegistries],
                    workDir,
                    logger: ctx.logger,
                });
            });
            root = built.descriptor;
            ctx.logger.info(`built ${root.digest}`);
            // The guard runs before any write: a moved commit tag is refused with nothing pushed.
            assertCommitTagUnmoved(plan.commitTag, existing?.digest, root.digest);
            const result = await timed(phases, 'push', ctx, () => copyImage(built.layout, store, built.reference, {
                tags: plan.tags,
                fallback: built.baseStore,
            }));
            blobs = result.stats.blobs;
            ctx.logger.info(`blobs: ${blobs.uploaded} uploaded, ${blobs.mounted} mounted, ${blobs.exists} already there`);
        }
        finally {
            await (0,promises_namespaceObject.rm)(workDir, { recursive: true, force: true });
        }
    }
    const stored = await readBack(store, root);
    const a = stored.annotations;
    const base = a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
        ? { name: a[`${OCI}.base.name`], digest: a[`${OCI}.base.digest`] }
        : undefined;
    const out = {
        image: imageReference(config, root.digest),
        digest: root.digest,
        mediaType: stored.mediaType,
        tags: plan.tags,
        platforms: stored.platforms,
        size: stored.size,
        builder: a[BUILDER_ANNOTATION] ?? built?.builder ?? 'unknown',
        base,
        commit: facts.commit,
        tree: facts.tree,
        version: plan.version,
        sourceDateEpoch: facts.commitTime,
        skipped,
        blobs,
        phases,
    };
    return {
        outputs: releaseOutputs(out),
        summary: renderReleaseSummary(out, describeTarget(config)),
    };
}
function labelsFrom(facts, plan) {
    const labels = {
        [`${OCI}.created`]: isoSeconds(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
    };
    if (facts.sourceUrl)
        labels[`${OCI}.source`] = facts.sourceUrl;
    if (plan.version)
        labels[`${OCI}.version`] = plan.version;
    return labels;
}
/** The outputs; `metadata` carries what docker/metadata-action users look for, and ours. */
function releaseOutputs(r) {
    const repository = r.image.slice(0, r.image.lastIndexOf('@'));
    const metadata = {
        digest: r.digest,
        image: r.image,
        'image.name': repository,
        'containerimage.digest': r.digest,
        tags: r.tags.map((t) => `${repository}:${t}`),
        mediaType: r.mediaType,
        platforms: r.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')),
        size: r.size,
        builder: r.builder,
        base: r.base ?? null,
        commit: r.commit,
        tree: r.tree,
        version: r.version ?? null,
        sourceDateEpoch: r.sourceDateEpoch,
        // Native builds are deterministic by construction; other builders are unverified until
        // `check --verify-reproducible` builds twice (null, not false: nothing showed a difference).
        reproducible: r.builder === 'native' ? true : null,
    };
    return {
        digest: r.digest,
        image: r.image,
        tags: r.tags.join('\n'),
        metadata: JSON.stringify(metadata),
    };
}

;// CONCATENATED MODULE: ./src/commands/index.ts



async function runCommand(config, options) {
    const env = options.env ?? process.env;
    const ctx = {
        logger: options.logger,
        env,
        cwd: options.cwd ?? process.cwd(),
        mask: options.mask ?? (() => { }),
        credentials: credentialsFor(config, { env }),
    };
    ctx.logger.debug(`command: ${config.command}`);
    // One line per command as each one lands.
    switch (config.command) {
        case 'release':
            return release(config, ctx);
        case 'check':
        case 'promote':
        case 'rollback':
        case 'verify':
        case 'status':
        case 'hold':
        case 'unhold':
        case 'mark-bad':
        case 'merge':
        case 'generate-key':
            throw notAvailable(config.command);
        default:
            return unreachable(config.command);
    }
}
function notAvailable(command) {
    return new UserError('INPUT_INVALID', `command '${command}' is not available in this version`, {
        input: 'command',
        hint: 'it lands with a later release of this action',
    });
}
/** Makes the compiler list a command that the switch forgot. */
function unreachable(command) {
    throw new UserError('INPUT_INVALID', `unknown command '${String(command)}'`, { input: 'command' });
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * The names users type: action inputs (action.yml) and CLI flags are the same words, so this list
 * is the one both config.ts and cli.ts read. Renaming anything here breaks users' workflows.
 */
const INPUT_NAMES = [
    'command',
    'image',
    'context',
    'builder',
    'dockerfile',
    'base',
    'include',
    'exclude',
    'entrypoint',
    'cmd',
    'env',
    'workdir',
    'user',
    'labels',
    'ports',
    'build-args',
    'target',
    'secrets',
    'tags',
    'allow-dirty',
    'registry-username',
    'registry-password',
    'github-token',
    'insecure-registry',
    'signing-key',
    'signing-key-passphrase',
    'keyless',
    'signature-format',
    'verify-key',
    'certificate-identity',
    'certificate-identity-regexp',
    'certificate-oidc-issuer',
    'require-signature',
    'environment',
    'digest',
    'from-environment',
    'to',
    'reason',
    'ledger',
    'ledger-branch',
    'github-deployment',
    'environment-url',
    'fail-on-drift',
    'push',
    'compare-to',
    'comment',
    'verify-reproducible',
    'pin-base',
];
/** Boolean inputs: the CLI accepts them bare (`--keyless`). */
const BOOLEAN_INPUTS = new Set([
    'allow-dirty',
    'keyless',
    'require-signature',
    'github-deployment',
    'fail-on-drift',
    'push',
    'comment',
    'verify-reproducible',
]);
/** List and map inputs: a CLI flag given several times adds lines instead of replacing. */
const MULTI_VALUE_INPUTS = new Set([
    'include',
    'exclude',
    'entrypoint',
    'cmd',
    'env',
    'labels',
    'ports',
    'build-args',
    'secrets',
    'tags',
    'insecure-registry',
]);
const COMMANDS = [
    'release',
    'check',
    'promote',
    'rollback',
    'verify',
    'status',
    'hold',
    'unhold',
    'mark-bad',
    'merge',
    'generate-key',
];
function isInputName(name) {
    return INPUT_NAMES.includes(name);
}

;// CONCATENATED MODULE: ./src/config.ts
/**
 * The one place that turns inputs into a typed, validated, frozen Config. Both doors feed it: the
 * action through `envInputSource` (the runner's INPUT_* variables), the CLI through its flags.
 * Everything a user can get wrong is checked here, before any side effect, and every error names
 * the input and what would be valid.
 */




const BUILDERS = ['auto', 'native', 'buildah', 'docker'];
const SIGNATURE_FORMATS = ['legacy', 'bundle', 'both'];
const PIN_BASE_MODES = ['off', 'warn', 'require'];
/** Reads inputs the way the runner passes them: `INPUT_<NAME>`, upper case, spaces as `_`, hyphens kept. */
function envInputSource(env = process.env) {
    return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
const ENVIRONMENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const VALID_ENVIRONMENT = 'lower-case letters, digits and -, starting with a letter or digit, at most 63 characters';
const MAP_KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const PORT_RE = /^(\d{1,5})(?:\/(tcp|udp))?$/i;
const BOOLEANS = {
    true: true,
    false: false,
    '1': true,
    '0': false,
    yes: true,
    no: false,
};
const VALID_BOOLEAN = 'true, false, yes, no, 1, 0';
/** Commands that sign, and so need an OIDC token when keyless. */
const SIGNING_COMMANDS = new Set(['release', 'merge']);
const ENVIRONMENT_COMMANDS = new Set([
    'promote',
    'rollback',
    'hold',
    'unhold',
]);
function readConfig(source, env = process.env) {
    const get = (name) => {
        const value = source(name)?.trim();
        return value ? value : undefined;
    };
    const bool = (name, fallback) => parseBoolean(name, get(name), fallback);
    /** An optional input, parsed only when given. */
    const optional = (name, parse) => {
        const value = get(name);
        return value === undefined ? undefined : parse(value, name);
    };
    const config = {
        command: parseEnum('command', get('command'), COMMANDS, 'release'),
        ...readImage(get('image'), env),
        context: get('context') ?? '.',
        builder: parseEnum('builder', get('builder'), BUILDERS, 'auto'),
        dockerfile: get('dockerfile'),
        base: optional('base', parseBase),
        entrypoint: parseArgv('entrypoint', get('entrypoint')),
        cmd: parseArgv('cmd', get('cmd')),
        env: parseMap('env', get('env')),
        workdir: get('workdir'),
        user: get('user'),
        labels: parseMap('labels', get('labels')),
        ports: parseList(get('ports')).map(parsePort),
        buildArgs: parseMap('build-args', get('build-args')),
        target: get('target'),
        secrets: parseMap('secrets', get('secrets'), { secret: true }),
        tags: parseList(get('tags')).map((tag) => parseTag(tag, 'tags')),
        include: parseList(get('include')),
        exclude: parseList(get('exclude')),
        allowDirty: bool('allow-dirty', false),
        registryUsername: get('registry-username'),
        registryPassword: get('registry-password'),
        // Outside Actions there is no `${{ github.token }}` default; GITHUB_TOKEN is where gh and others look.
        githubToken: get('github-token') ?? (env.GITHUB_TOKEN || undefined),
        insecureRegistries: parseList(get('insecure-registry')).map(parseRegistryHost),
        signingKey: get('signing-key'),
        signingKeyPassphrase: get('signing-key-passphrase'),
        keyless: bool('keyless', false),
        signatureFormat: parseEnum('signature-format', get('signature-format'), SIGNATURE_FORMATS, 'both'),
        verifyKey: get('verify-key'),
        certificateIdentity: get('certificate-identity'),
        certificateIdentityRegexp: optional('certificate-identity-regexp', parseRegExp),
        certificateOidcIssuer: get('certificate-oidc-issuer'),
        requireSignature: bool('require-signature', true),
        environment: optional('environment', parseEnvironment),
        digest: optional('digest', parseDigest),
        fromEnvironment: optional('from-environment', parseEnvironment),
        to: optional('to', parseDigest),
        reason: get('reason'),
        ledger: optional('ledger', parseLedger),
        ledgerBranch: parseBranch(get('ledger-branch') ?? 'release-ledger'),
        githubDeployment: bool('github-deployment', false),
        environmentUrl: optional('environment-url', parseHttpUrl),
        failOnDrift: bool('fail-on-drift', false),
        push: bool('push', false),
        compareTo: optional('compare-to', parseCompareTo),
        comment: bool('comment', false),
        verifyReproducible: bool('verify-reproducible', false),
        pinBase: parseEnum('pin-base', get('pin-base'), PIN_BASE_MODES, 'warn'),
        json: bool('json', false),
    };
    checkCombinations(config, env);
    return deepFreeze(config);
}
/** Every secret value to mask before anything is logged. */
function secretsOf(config) {
    const values = [
        config.registryPassword,
        config.githubToken,
        config.signingKey,
        config.signingKeyPassphrase,
        ...Object.values(config.secrets),
    ].filter((v) => v !== undefined && v !== '');
    // Log lines are matched one at a time, so a multi-line secret (a PEM key) is also masked line
    // by line; short lines would mask common words, and are not secret on their own.
    const lines = values.flatMap((v) => v.includes('\n')
        ? v
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l.length >= 8)
        : []);
    return [...new Set([...values, ...lines])];
}
function readImage(value, env) {
    let imageInput = value;
    if (imageInput === undefined && env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY) {
        imageInput = `ghcr.io/${env.GITHUB_REPOSITORY.toLowerCase()}`;
    }
    if (imageInput === undefined) {
        throw new UserError('INPUT_MISSING', 'is required outside GitHub Actions', {
            input: 'image',
            valid: 'host[:port]/path or oci:PATH, e.g. ghcr.io/acme/shop or oci:./out/app',
        });
    }
    return { image: parseImageTarget(imageInput, 'image'), imageInput };
}
function checkCombinations(config, env) {
    const pair = 'both registry-username and registry-password, or neither';
    if (config.registryPassword !== undefined && config.registryUsername === undefined) {
        throw new UserError('CREDENTIALS_INVALID', "is empty, but 'registry-password' is set", {
            input: 'registry-username',
            valid: pair,
        });
    }
    if (config.registryUsername !== undefined && config.registryPassword === undefined) {
        throw new UserError('CREDENTIALS_INVALID', "is empty, but 'registry-username' is set", {
            input: 'registry-password',
            valid: pair,
        });
    }
    if (config.certificateIdentity !== undefined && config.certificateIdentityRegexp !== undefined) {
        throw new UserError('INPUT_INVALID', "cannot be combined with 'certificate-identity-regexp'", {
            input: 'certificate-identity',
            valid: 'one of certificate-identity or certificate-identity-regexp',
        });
    }
    if (config.keyless && config.signingKey !== undefined) {
        throw new UserError('INPUT_INVALID', "is true, but 'signing-key' is set too", {
            input: 'keyless',
            valid: 'keyless: true without signing-key, or a signing-key with keyless: false',
        });
    }
    if (ENVIRONMENT_COMMANDS.has(config.command) && config.environment === undefined) {
        throw new UserError('INPUT_MISSING', `command '${config.command}' needs an environment`, {
            input: 'environment',
            valid: `an environment name (${VALID_ENVIRONMENT}), e.g. production`,
        });
    }
    if (config.command === 'mark-bad' && config.digest === undefined) {
        throw new UserError('INPUT_MISSING', "command 'mark-bad' needs the digest to mark", {
            input: 'digest',
            valid: 'sha256: followed by 64 lower-case hex characters',
        });
    }
    if (config.fromEnvironment !== undefined && config.fromEnvironment === config.environment) {
        throw new UserError('INPUT_INVALID', `is the same as 'environment' (${config.environment})`, {
            input: 'from-environment',
            valid: 'an environment other than the one being promoted',
        });
    }
    // Checked now, not when signing starts: a missing permission should fail before anything is pushed.
    if (config.keyless &&
        env.GITHUB_ACTIONS === 'true' &&
        SIGNING_COMMANDS.has(config.command) &&
        !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        throw new UserError('INPUT_INVALID', 'is true, but this job cannot request an OIDC token', {
            input: 'keyless',
            valid: 'false, or true in a job allowed to request an OIDC token',
            hint: 'add `permissions: id-token: write` to the job',
        });
    }
}
/** The boolean a word stands for (`true`, `no`, `1`, ...), or undefined when it is not one. */
function booleanWord(value) {
    return Object.hasOwn(BOOLEANS, value.toLowerCase()) ? BOOLEANS[value.toLowerCase()] : undefined;
}
function parseBoolean(name, value, fallback) {
    if (value === undefined)
        return fallback;
    const parsed = booleanWord(value);
    if (parsed === undefined) {
        throw new UserError('INPUT_INVALID', `'${value}' is not a boolean`, {
            input: name,
            valid: VALID_BOOLEAN,
        });
    }
    return parsed;
}
function parseEnum(name, value, choices, fallback) {
    if (value === undefined)
        return fallback;
    if (!choices.includes(value)) {
        throw new UserError('INPUT_INVALID', `'${value}' is not one of the choices`, {
            input: name,
            valid: choices.join(', '),
        });
    }
    return value;
}
/** Newline- or comma-separated, trimmed, empties dropped. */
function parseList(value) {
    if (value === undefined)
        return [];
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/**
 * An argv-like list: a JSON array of strings (the Dockerfile exec form), else one item per line.
 * Commas and spaces are kept, since they are common inside arguments.
 */
function parseArgv(name, value) {
    if (value === undefined)
        return undefined;
    const valid = 'a JSON array of strings, e.g. ["/app", "--port", "8080"], or one argument per line';
    if (value.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(value);
        }
        catch (e) {
            throw new UserError('INPUT_INVALID', 'starts with [ but is not valid JSON', {
                input: name,
                valid,
                cause: e,
            });
        }
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
            throw new UserError('INPUT_INVALID', 'is JSON but not an array of strings', {
                input: name,
                valid,
            });
        }
        return parsed;
    }
    return value
        .split(/\r?\n/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** `KEY=VALUE`, one per line; `#` lines are comments. */
function parseMap(name, value, options = {}) {
    const entries = new Map();
    if (value === undefined)
        return {};
    const valid = 'KEY=VALUE, one per line, KEY of letters, digits, _ . -, not starting with a digit';
    value.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        // A secrets line may be the secret itself, mistyped: never echo it.
        const shown = options.secret ? '' : ` '${line.length > 60 ? `${line.slice(0, 60)}...` : line}'`;
        const eq = line.indexOf('=');
        if (eq < 0) {
            throw new UserError('INPUT_INVALID', `line ${index + 1}${shown} has no '='`, {
                input: name,
                valid,
            });
        }
        const key = line.slice(0, eq).trim();
        if (!MAP_KEY_RE.test(key)) {
            throw new UserError('INPUT_INVALID', `line ${index + 1} has an invalid key '${key}'`, {
                input: name,
                valid,
            });
        }
        if (entries.has(key)) {
            throw new UserError('INPUT_INVALID', `line ${index + 1} sets '${key}' a second time`, {
                input: name,
                valid: `${valid}, each KEY once`,
            });
        }
        entries.set(key, line.slice(eq + 1));
    });
    // fromEntries defines own properties, so a key such as __proto__ cannot reach the prototype.
    return Object.fromEntries(entries);
}
function parsePort(value) {
    const match = PORT_RE.exec(value);
    const number = Number(match?.[1]);
    if (!match || number < 1 || number > 65535) {
        throw new UserError('INPUT_INVALID', `'${value}' is not a port`, {
            input: 'ports',
            valid: 'N or N/tcp or N/udp, with N from 1 to 65535',
        });
    }
    return `${number}${match[2] ? `/${match[2].toLowerCase()}` : ''}`;
}
function parseEnvironment(value, name) {
    if (!ENVIRONMENT_RE.test(value)) {
        throw new UserError('INPUT_INVALID', `'${value}' is not a valid environment name`, {
            input: name,
            valid: VALID_ENVIRONMENT,
        });
    }
    return value;
}
function parseCompareTo(value) {
    if (ENVIRONMENT_RE.test(value))
        return { kind: 'environment', environment: value };
    try {
        return { kind: 'image', image: parseImageTarget(value, 'compare-to') };
    }
    catch (e) {
        throw new UserError('INPUT_INVALID', `'${value}' is neither an environment nor an image`, {
            input: 'compare-to',
            valid: `an environment name (${VALID_ENVIRONMENT}) or an image reference such as ghcr.io/acme/shop:1.2.3`,
            cause: e,
        });
    }
}
/** `host[:port]`, checked by the reference grammar so that it matches what image references name. */
function parseRegistryHost(value) {
    const valid = 'host[:port] without scheme or path, e.g. registry.local:5000';
    const fail = (why, cause) => {
        throw new UserError('INPUT_INVALID', `'${value}' ${why}`, {
            input: 'insecure-registry',
            valid,
            cause,
        });
    };
    if (value.includes('://'))
        fail('has a URL scheme');
    if (value.includes('/'))
        fail('has a path');
    let registry;
    try {
        // Two path components, so that Docker Hub's `library/` prefix cannot blur the comparison.
        const ref = parseReference(`${value}/probe/x`, 'insecure-registry');
        if (ref.repository === 'probe/x')
            registry = ref.registry;
    }
    catch (e) {
        fail('is not a registry host', e);
    }
    // References read a bare single name (`myregistry`) as a Docker Hub path, never as a host.
    return (registry ??
        fail('is not a registry host: a single name needs a dot or a port, e.g. myregistry:5000'));
}
function parseBranch(value) {
    // Stricter than git's own rules: the branch reaches git on the command line.
    const ok = /^[A-Za-z0-9._/-]+$/.test(value) && !/^[-/.]|\/$|\.\.|\/\/|\.lock$|\/\.|\.$/.test(value);
    if (!ok) {
        throw new UserError('INPUT_INVALID', `'${value}' is not a usable branch name`, {
            input: 'ledger-branch',
            valid: 'letters, digits, . _ - and /, not starting with - . or /, without .. or //',
        });
    }
    return value;
}
function parseRegExp(value) {
    try {
        new RegExp(value);
    }
    catch (e) {
        throw new UserError('INPUT_INVALID', `'${value}' is not a regular expression`, {
            input: 'certificate-identity-regexp',
            valid: 'a regular expression, e.g. ^https://github\\.com/acme/',
            cause: e,
        });
    }
    return value;
}
function parseHttpUrl(value, name) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        // reported below
    }
    if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
        throw new UserError('INPUT_INVALID', `'${value}' is not an http(s) URL`, {
            input: name,
            valid: 'an absolute http:// or https:// URL',
        });
    }
    return value;
}
function parseBase(value) {
    if (value !== 'scratch')
        parseImageTarget(value, 'base');
    return value;
}
function parseLedger(value) {
    // The ledger reaches git as an argument: a leading '-' would be read as an option.
    if (value.startsWith('-')) {
        throw new UserError('INPUT_INVALID', `'${value}' starts with '-'`, {
            input: 'ledger',
            valid: 'a git URL, a path, or none',
        });
    }
    return value;
}
function deepFreeze(value) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value))
            deepFreeze(child);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/logger.ts
/**
 * The CLI's logger. Everything goes to stderr by default, so that stdout carries only outputs and
 * can be piped.
 */
function consoleLogger(options = {}) {
    const stream = options.stream ?? process.stderr;
    const secrets = [];
    const write = (text) => {
        let out = text;
        for (const secret of secrets)
            out = out.split(secret).join('***');
        stream.write(`${out}\n`);
    };
    return {
        addSecrets(values) {
            for (const value of values)
                if (value !== '' && !secrets.includes(value))
                    secrets.push(value);
            // Longest first, so that a secret containing another is replaced whole.
            secrets.sort((a, b) => b.length - a.length);
        },
        debug(message) {
            if (options.debug)
                write(`debug: ${message}`);
        },
        info(message) {
            write(message);
        },
        warning(message, properties = {}) {
            const where = properties.file
                ? `${properties.file}${properties.line === undefined ? '' : `:${properties.line}`}: `
                : '';
            const title = properties.title ? `${properties.title}: ` : '';
            write(`warning: ${where}${title}${message}`);
        },
        error(message) {
            write(`error: ${message}`);
        },
        async group(name, fn) {
            write(`== ${name} ==`);
            const start = performance.now();
            const elapsed = () => `${((performance.now() - start) / 1000).toFixed(1)}s`;
            try {
                const result = await fn();
                write(`== ${name}: done in ${elapsed()} ==`);
                return result;
            }
            catch (e) {
                write(`== ${name}: failed after ${elapsed()} ==`);
                throw e;
            }
        },
    };
}
/** Swallows everything; groups still run their function. */
const nullLogger = Object.freeze({
    debug() { },
    info() { },
    warning() { },
    error() { },
    group: (_name, fn) => fn(),
});

;// CONCATENATED MODULE: ./src/cli.ts
/**
 * The `immutable-release` command: the action's second door. Flags are the action's input names,
 * read through the same config.ts; outputs go to stdout (`name=value` lines or `--json`), and
 * everything else to stderr, so stdout can be piped.
 */








/** Flags of the CLI alone; they take no value. */
const CLI_FLAGS = {
    json: 'print outputs as one JSON object',
    debug: 'print debug messages',
    help: 'print this help',
    version: 'print the version',
};
const CHOICES = {
    command: COMMANDS,
    builder: BUILDERS,
    'signature-format': SIGNATURE_FORMATS,
    'pin-base': PIN_BASE_MODES,
};
function parseArgs(argv) {
    const inputs = new Map();
    const cli = { json: false, debug: false, help: false, version: false };
    let positional;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '-h') {
            cli.help = true;
            continue;
        }
        if (!arg.startsWith('-') || arg === '-') {
            if (positional !== undefined) {
                throw new UserError('INPUT_INVALID', `unexpected argument '${arg}' after '${positional}'`, {
                    input: 'command',
                    valid: 'one command, then flags',
                    hint: 'a value needs its flag, e.g. --tags latest',
                });
            }
            positional = arg;
            continue;
        }
        if (!arg.startsWith('--'))
            throw unknownFlag(arg);
        const body = arg.slice(2);
        const eq = body.indexOf('=');
        const name = eq < 0 ? body : body.slice(0, eq);
        const inline = eq < 0 ? undefined : body.slice(eq + 1);
        if (Object.hasOwn(CLI_FLAGS, name)) {
            if (inline !== undefined) {
                throw new UserError('INPUT_INVALID', `flag '--${name}' takes no value`, {
                    valid: `--${name} on its own`,
                });
            }
            cli[name] = true;
            continue;
        }
        if (!isInputName(name))
            throw unknownFlag(arg);
        let value = inline;
        if (value === undefined && BOOLEAN_INPUTS.has(name)) {
            // A bare boolean flag means true; `--keyless false` still reads its word.
            const next = argv[i + 1];
            value = next !== undefined && booleanWord(next) !== undefined ? argv[++i] : 'true';
        }
        else if (value === undefined) {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith('--')) {
                throw new UserError('INPUT_INVALID', `flag '--${name}' needs a value`, {
                    input: name,
                    valid: `--${name} VALUE or --${name}=VALUE`,
                });
            }
            value = next;
            i++;
        }
        const previous = inputs.get(name);
        if (previous === undefined) {
            inputs.set(name, value);
        }
        else if (MULTI_VALUE_INPUTS.has(name)) {
            inputs.set(name, `${previous}\n${value}`);
        }
        else {
            throw new UserError('INPUT_INVALID', 'is given more than once', {
                input: name,
                valid: `one --${name}`,
            });
        }
    }
    const flagged = inputs.get('command');
    if (positional !== undefined && flagged !== undefined && flagged !== positional) {
        throw new UserError('INPUT_INVALID', `'${flagged}' differs from the command '${positional}'`, {
            input: 'command',
            valid: 'the command as the first argument, or --command, not two different ones',
        });
    }
    const command = positional ?? flagged;
    if (command !== undefined)
        inputs.set('command', command);
    return { command, inputs, ...cli };
}
function usage() {
    const width = Math.max(...INPUT_NAMES.map((n) => n.length)) + 10;
    const line = (flag, note) => `  ${flag.padEnd(width)}${note}`.trimEnd();
    const inputs = INPUT_NAMES.map((name) => {
        if (BOOLEAN_INPUTS.has(name))
            return line(`--${name}`, '[=true|false]');
        const choices = CHOICES[name];
        if (choices)
            return line(`--${name} VALUE`, choices.join(' | '));
        return line(`--${name} VALUE`, MULTI_VALUE_INPUTS.has(name) ? '(repeatable)' : '');
    });
    const own = Object.entries(CLI_FLAGS).map(([name, note]) => line(name === 'help' ? '-h, --help' : `--${name}`, note));
    return [
        'Usage: immutable-release <command> [--name value | --name=value | --flag]...',
        '',
        `Commands: ${COMMANDS.join(', ')} (default: release)`,
        '',
        'Flags: the action inputs, with the same names and values (see action.yml):',
        ...inputs,
        '',
        'Of the command line only:',
        ...own,
        '',
        'Outputs go to stdout as name=value lines (or one JSON object with --json); logs go to stderr.',
        '',
    ].join('\n');
}
/** `name=value` lines; multi-line values as `name<<DELIM` blocks, as GITHUB_OUTPUT takes them. */
function formatOutputs(outputs) {
    return Object.entries(outputs)
        .map(([name, value]) => {
        if (!value.includes('\n') && !value.includes('\r'))
            return `${name}=${value}\n`;
        const lines = new Set(value.split(/\r?\n/));
        let delimiter = 'EOF';
        for (let n = 1; lines.has(delimiter); n++)
            delimiter = `EOF_${n}`;
        return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
        .join('');
}
/** Runs one invocation; sets process.exitCode to 1 on failure and never throws. */
async function main(argv, io = { stdout: process.stdout, stderr: process.stderr, env: process.env }) {
    let logger = consoleLogger({ stream: io.stderr, debug: io.env.RUNNER_DEBUG === '1' });
    try {
        const args = parseArgs(argv);
        if (args.debug)
            logger = consoleLogger({ stream: io.stderr, debug: true });
        if (args.help || argv.length === 0) {
            await write(args.help ? io.stdout : io.stderr, usage());
            if (!args.help)
                process.exitCode = 1;
            return;
        }
        if (args.version) {
            await write(io.stdout, `${package_namespaceObject.rE}\n`);
            return;
        }
        const config = readConfig((name) => args.inputs.get(name), io.env);
        logger.addSecrets(secretsOf(config));
        const result = await runCommand(config, {
            logger,
            env: io.env,
            mask: (value) => logger.addSecrets([value]),
        });
        await write(io.stdout, args.json ? `${JSON.stringify(result.outputs)}\n` : formatOutputs(result.outputs));
    }
    catch (e) {
        logger.error(describeError(e));
        if (!isUserError(e) && e instanceof Error && e.stack)
            logger.debug(e.stack);
        process.exitCode = 1;
    }
}
function unknownFlag(arg) {
    const name = arg.replace(/^-+/, '').split('=', 1)[0];
    const known = [...INPUT_NAMES, ...Object.keys(CLI_FLAGS)];
    const closest = closestName(name, known);
    return new UserError('INPUT_INVALID', `unknown flag '${arg.split('=', 1)[0]}'${closest ? `; did you mean '--${closest}'?` : ''}`, { hint: 'immutable-release --help lists every flag' });
}
/** The known name nearest by edit distance, when it is near enough to be a typo. */
function closestName(name, known) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = editDistance(name.toLowerCase(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        }
        row = next;
    }
    return row[b.length];
}
function write(stream, text) {
    return new Promise((resolve, reject) => {
        stream.write(text, (e) => (e ? reject(e) : resolve()));
    });
}
function isEntry() {
    const script = process.argv[1];
    if (script === undefined)
        return false;
    try {
        // npm's bin is a symlink; the module's own URL is the resolved file.
        return (0,external_node_fs_namespaceObject.realpathSync)(script) === (0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url);
    }
    catch {
        return false;
    }
}
// Only when run as the program, so tests can import parseArgs. process.exit after the output is
// flushed, so that a keep-alive socket cannot keep the process alive after the work is done.
if (isEntry()) {
    void main(process.argv.slice(2))
        .then(() => Promise.all([write(process.stdout, ''), write(process.stderr, '')]))
        .finally(() => process.exit(process.exitCode ?? 0));
}

var __webpack_exports__closestName = __webpack_exports__.Nf;
var __webpack_exports__formatOutputs = __webpack_exports__.AH;
var __webpack_exports__main = __webpack_exports__.iW;
var __webpack_exports__parseArgs = __webpack_exports__.Zy;
var __webpack_exports__usage = __webpack_exports__.CI;
export { __webpack_exports__closestName as closestName, __webpack_exports__formatOutputs as formatOutputs, __webpack_exports__main as main, __webpack_exports__parseArgs as parseArgs, __webpack_exports__usage as usage };
