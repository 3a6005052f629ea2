/**
 * Version order per ecosystem, as the package managers themselves order versions: dpkg for
 * Debian and Ubuntu, apk for Alpine, semver for npm and Go modules, PEP 440 for PyPI.
 * Advisories name fixed versions in these orders, so a scan that compared versions any other
 * way would miss or invent findings. Every compare returns a negative number, 0 or a positive
 * number, like sort callbacks.
 */
import * as pep440 from '@renovatebot/pep440'
import semver from 'semver'

export type Ecosystem = 'deb' | 'apk' | 'npm' | 'pypi' | 'golang'

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0)

/** Compares digit strings by value, however long (Debian and Alpine numbers may exceed 2^53). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '')
  const y = b.replace(/^0+/, '')
  if (x.length !== y.length) return sign(x.length - y.length)
  return x < y ? -1 : x > y ? 1 : 0
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isLetter = (c: string): boolean => /^[A-Za-z]$/.test(c)

/**
 * dpkg's weight of one character of a non-digit run: `~` sorts before everything, even the end
 * of the string (so `1.0~rc1` < `1.0`), letters before the other symbols.
 */
function debWeight(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0
  if (c === '~') return -1
  if (isLetter(c)) return c.charCodeAt(0)
  return c.charCodeAt(0) + 256
}

/** One of upstream or revision, in dpkg's alternation of non-digit and digit runs. */
function debComparePart(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const d = debWeight(a[i]) - debWeight(b[j])
      if (d !== 0) return sign(d)
      i++
      j++
    }
    const startA = i
    const startB = j
    while (isDigit(a[i])) i++
    while (isDigit(b[j])) j++
    const d = compareDigits(a.slice(startA, i) || '0', b.slice(startB, j) || '0')
    if (d !== 0) return d
  }
  return 0
}

export interface DebianVersion {
  epoch: string
  upstream: string
  revision: string
}

/** `[epoch:]upstream[-revision]`: epoch before the first colon, revision after the last hyphen. */
export function parseDebianVersion(version: string): DebianVersion {
  const v = version.trim()
  const colon = v.indexOf(':')
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? v.slice(0, colon) : '0'
  const rest = colon > 0 && epoch === v.slice(0, colon) ? v.slice(colon + 1) : v
  const hyphen = rest.lastIndexOf('-')
  return hyphen < 0
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) }
}

/** Debian's order (deb-version(7)), the order of `dpkg --compare-versions`. */
export function compareDebian(a: string, b: string): number {
  const x = parseDebianVersion(a)
  const y = parseDebianVersion(b)
  return (
    compareDigits(x.epoch, y.epoch) ||
    debComparePart(x.upstream, y.upstream) ||
    debComparePart(x.revision, y.revision)
  )
}

// Alpine: digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}. The token kinds are ranked
// in the order they may follow each other; a version that stops earlier than another ranks
// higher unless the other continues with a pre-release suffix.
const enum Apk {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNo,
  CommitHash,
  RevisionNo,
  End,
  Invalid,
}

/** Pre-release suffixes rank below "none", post-release ones above it. */
const APK_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p']
const APK_SUFFIX_NONE = APK_SUFFIXES.indexOf('')

interface ApkToken {
  kind: Apk
  text: string
  suffix: number
}

/** Splits an Alpine version into its tokens, the last being End or Invalid. */
function apkTokens(version: string): ApkToken[] {
  const tokens: ApkToken[] = []
  let at = 0
  const take = (re: RegExp): string => {
    const m = re.exec(version.slice(at))
    const text = m ? m[0] : ''
    at += text.length
    return text
  }
  const push = (kind: Apk, text = '', suffix = -1): Apk => {
    tokens.push({ kind, text, suffix })
    return kind
  }
  let last = push(Apk.InitialDigit, take(/^\d+/))
  if (!tokens[0]!.text) return [{ kind: Apk.Invalid, text: '', suffix: -1 }]
  while (last < Apk.End) {
    const c = version[at]
    if (c === undefined) last = push(Apk.End)
    else if (c >= 'a' && c <= 'z') {
      if (last > Apk.Digit) last = push(Apk.Invalid)
      else last = push(Apk.Letter, version[at++])
    } else if (c === '.' || isDigit(c)) {
      if (c === '.') {
        if (last > Apk.Digit) {
          last = push(Apk.Invalid)
          continue
        }
        at++
      }
      const kind =
        last === Apk.InitialDigit || last === Apk.Digit
          ? Apk.Digit
          : last === Apk.Suffix
            ? Apk.SuffixNo
            : Apk.Invalid
      const digits = kind === Apk.Invalid ? '' : take(/^\d+/)
      last = push(digits ? kind : Apk.Invalid, digits)
    } else if (c === '_') {
      at++
      const name = take(/^[a-z]+/)
      const suffix = name ? APK_SUFFIXES.indexOf(name) : -1
      last =
        last > Apk.SuffixNo || suffix < 0 || suffix === APK_SUFFIX_NONE
          ? push(Apk.Invalid)
          : push(Apk.Suffix, name, suffix)
    } else if (c === '~') {
      at++
      const hash = take(/^[0-9a-fA-F]+/)
      last = last >= Apk.CommitHash || !hash ? push(Apk.Invalid) : push(Apk.CommitHash, hash)
    } else if (c === '-' && version[at + 1] === 'r' && last < Apk.RevisionNo) {
      at += 2
      const digits = take(/^\d+/)
      last = push(digits ? Apk.RevisionNo : Apk.Invalid, digits)
    } else last = push(Apk.Invalid)
  }
  return tokens
}

/** Byte order, a prefix first (apk's blob sort). */
const bytewise = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function apkTokenCompare(a: ApkToken, b: ApkToken): number {
  switch (a.kind) {
    case Apk.Digit:
      // A leading zero makes the component a decimal fraction: compared as text (Gentoo's rule).
      if (a.text.startsWith('0') || b.text.startsWith('0')) return bytewise(a.text, b.text)
      return compareDigits(a.text, b.text)
    case Apk.InitialDigit:
    case Apk.SuffixNo:
    case Apk.RevisionNo:
      return compareDigits(a.text, b.text)
    case Apk.Letter:
      return bytewise(a.text, b.text)
    case Apk.Suffix:
      return sign(a.suffix - b.suffix)
    default:
      return bytewise(a.text, b.text)
  }
}

/** Alpine's order, the order of `apk version -t`. */
export function compareAlpine(a: string, b: string): number {
  const x = apkTokens(a)
  const y = apkTokens(b)
  let i = 0
  for (; i < x.length && i < y.length; i++) {
    const ta = x[i]!
    const tb = y[i]!
    if (ta.kind !== tb.kind || ta.kind >= Apk.End) break
    const d = apkTokenCompare(ta, tb)
    if (d !== 0) return d
  }
  const ta = x[i]!
  const tb = y[i]!
  if (ta.kind === tb.kind) return 0
  if (ta.kind === Apk.Suffix && ta.suffix < APK_SUFFIX_NONE) return -1
  if (tb.kind === Apk.Suffix && tb.suffix < APK_SUFFIX_NONE) return 1
  return ta.kind > tb.kind ? -1 : 1
}

/** npm's order (semver 2.0, build metadata ignored); unreadable versions sort first, as text. */
export function compareNpm(a: string, b: string): number {
  const x = semver.valid(a, { loose: true })
  const y = semver.valid(b, { loose: true })
  if (x && y) return semver.compare(x, y)
  if (!x && !y) return bytewise(a, b)
  return x ? 1 : -1
}

/** PEP 440's order; versions it cannot read sort first, as text. */
export function comparePypi(a: string, b: string): number {
  const x = pep440.valid(a)
  const y = pep440.valid(b)
  if (x && y) return sign(pep440.compare(a, b))
  if (!x && !y) return bytewise(a, b)
  return x ? 1 : -1
}

const COMPARE: Record<Ecosystem, (a: string, b: string) => number> = {
  deb: compareDebian,
  apk: compareAlpine,
  npm: compareNpm,
  pypi: comparePypi,
  // Go module versions are semver with a `v` (pseudo-versions are prereleases).
  golang: compareNpm,
}

/** The order of `ecosystem` (a purl type: deb, apk, npm, pypi, golang). */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  return COMPARE[ecosystem](a, b)
}
