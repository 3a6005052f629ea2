/**
 * The one place that turns inputs into a typed, validated, frozen Config. Both doors feed it: the
 * action through `envInputSource` (the runner's INPUT_* variables), the CLI through its flags.
 * Everything a user can get wrong is checked here, before any side effect, and every error names
 * the input and what would be valid.
 */
import type { BuildCacheSetting } from './builders/cache.js'
import { UserError } from './errors.js'
import {
  BUILDERS,
  COMMANDS,
  PIN_BASE_MODES,
  SEVERITY_THRESHOLDS,
  SIGNATURE_FORMATS,
  SIGSTORE_CHOICES,
  inputsOf,
  type Command,
  type InputName,
} from './inputs.js'
import { parseDigest } from './oci/digest.js'
import { readTrustedCa, type TrustedCa } from './oci/network.js'
import { parseImageTarget, parseReference, parseTag, type ImageTarget } from './oci/reference.js'
import {
  checkEnvironmentName,
  checkLedgerBranch,
  ENVIRONMENT_RE,
  VALID_ENVIRONMENT,
} from './release/names.js'

/** Returns the raw value of an input; undefined or '' when it was not given. */
export type InputSource = (name: string) => string | undefined

export { BUILDERS, PIN_BASE_MODES, SIGNATURE_FORMATS }
export type Builder = (typeof BUILDERS)[number]
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number]
export type PinBase = (typeof PIN_BASE_MODES)[number]

export type CompareTo =
  { kind: 'environment'; environment: string } | { kind: 'image'; image: ImageTarget }

export interface Config {
  readonly command: Command
  readonly image: ImageTarget
  /** The string `image` was parsed from: the input, or the Actions default. */
  readonly imageInput: string

  readonly context: string
  readonly builder: Builder
  readonly dockerfile?: string
  readonly base?: string
  /** Undefined: keep the base image's; an empty array clears it. */
  readonly entrypoint?: readonly string[]
  readonly cmd?: readonly string[]
  readonly env: Readonly<Record<string, string>>
  readonly workdir?: string
  readonly user?: string
  readonly labels: Readonly<Record<string, string>>
  readonly ports: readonly string[]
  readonly buildArgs: Readonly<Record<string, string>>
  readonly target?: string
  readonly secrets: Readonly<Record<string, string>>
  readonly tags: readonly string[]
  /** merge: the per-platform images (digests, repo@digest, or release `metadata` JSON), one per line. */
  readonly sources: readonly string[]
  /** Native builds: .dockerignore-style patterns that select (include) or drop (exclude) files. */
  readonly include: readonly string[]
  readonly exclude: readonly string[]
  /** Native builds: one layer per pattern, before the rest; undefined: the builder's default. */
  readonly layers?: readonly string[]
  /** Dockerfile builds: where cached steps live. */
  readonly cache: BuildCacheSetting
  readonly allowDirty: boolean

  readonly registryUsername?: string
  readonly registryPassword?: string
  readonly githubToken?: string
  /** Registry hosts (`host[:port]`, lower case) allowed to use plain http. */
  readonly insecureRegistries: readonly string[]
  /** Extra certificate authority for https registries and the ledger's https remote. */
  readonly registryCa?: TrustedCa
  /** Silence after which a registry request is abandoned and retried. */
  readonly networkTimeoutMs: number

  readonly signingKey?: string
  readonly signingKeyPassphrase?: string
  readonly keyless: boolean
  readonly signatureFormat: SignatureFormat
  readonly verifyKey?: string
  readonly certificateIdentity?: string
  readonly certificateIdentityRegexp?: string
  readonly certificateOidcIssuer?: string
  /** keyless verification: a trusted_root.json path (`trusted-root` or SIGSTORE_TRUSTED_ROOT). */
  readonly trustedRoot?: { path: string; input: 'trusted-root' | 'SIGSTORE_TRUSTED_ROOT' }
  /** keyless signing: which Sigstore instance. */
  readonly sigstore: (typeof SIGSTORE_CHOICES)[number]
  readonly githubAttestations: boolean
  /** release, merge: a CycloneDX SBOM referrer of every platform manifest. */
  readonly sbom: boolean
  readonly requireSignature: boolean

  readonly environment?: string
  readonly digest?: string
  readonly fromEnvironment?: string
  /** Lifecycle order: the digest must have been current in this environment. */
  readonly requires?: string
  /** A rollback holds the environment (default), so the next automatic promote waits for unhold. */
  readonly holdOnRollback: boolean
  readonly to?: string
  readonly reason?: string
  /** Git URL or path of the ledger, or `none`; undefined means this repository. */
  readonly ledger?: string
  readonly ledgerBranch: string
  readonly githubDeployment: boolean
  readonly environmentUrl?: string
  readonly failOnDrift: boolean
  /** status: rewrite the registry tags to match the ledger. */
  readonly repair: boolean
  /** status: list each environment's whole history, archived placements included. */
  readonly history: boolean

  readonly push: boolean
  readonly compareTo?: CompareTo
  readonly comment: boolean
  readonly verifyReproducible: boolean
  readonly pinBase: PinBase
  /** scan, promote, rollback: the OSV API's URL and the folders or zips of OSV files. */
  readonly advisories: readonly AdvisorySource[]
  readonly failOnSeverity: (typeof SEVERITY_THRESHOLDS)[number]
  /** Accepted risks: advisory ids (or aliases) and why. */
  readonly ignoreAdvisories: readonly { id: string; reason: string }[]

  /** CLI only: print outputs as one JSON object. */
  readonly json: boolean
}

/** Reads inputs the way the runner passes them: `INPUT_<NAME>`, upper case, spaces as `_`, hyphens kept. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
}

const MAP_KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const PORT_RE = /^(\d{1,5})(?:\/(tcp|udp))?$/i
const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
}
const VALID_BOOLEAN = 'true, false, yes, no, 1, 0'
/** Commands that sign, and so need an OIDC token when keyless. */
const SIGNING_COMMANDS: ReadonlySet<Command> = new Set<Command>(['release', 'merge'])
const ENVIRONMENT_COMMANDS: ReadonlySet<Command> = new Set<Command>([
  'promote',
  'rollback',
  'hold',
  'unhold',
])

export function readConfig(source: InputSource, env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: InputName | 'json'): string | undefined => {
    const value = source(name)?.trim()
    return value ? value : undefined
  }
  const bool = (name: InputName | 'json', fallback: boolean) =>
    parseBoolean(name, get(name), fallback)
  /** An optional input, parsed only when given. */
  const optional = <T>(name: InputName, parse: (value: string, name: InputName) => T) => {
    const value = get(name)
    return value === undefined ? undefined : parse(value, name)
  }

  const command = parseEnum('command', get('command'), COMMANDS, 'release')
  const image = readImage(get('image'), env, command)
  const config: Config = {
    command,
    ...image,
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
    tags: parseList(get('tags')).map((tag) => tagOf(tag, image.image)),
    include: parseList(get('include')),
    sources: parseSources(get('sources')),
    exclude: parseList(get('exclude')),
    layers: optional('layers', parseLayers),
    cache: parseCache(get('cache') ?? 'registry'),
    allowDirty: bool('allow-dirty', false),
    registryUsername: get('registry-username'),
    registryPassword: get('registry-password'),
    // Outside Actions there is no `${{ github.token }}` default; GITHUB_TOKEN is where gh and others look.
    githubToken: get('github-token') ?? (env.GITHUB_TOKEN || undefined),
    insecureRegistries: parseList(get('insecure-registry')).map(parseRegistryHost),
    registryCa: optional('registry-ca', (value) => readTrustedCa(value, 'registry-ca')),
    networkTimeoutMs: parseSeconds('network-timeout', get('network-timeout') ?? '60'),
    signingKey: get('signing-key'),
    signingKeyPassphrase: get('signing-key-passphrase'),
    keyless: bool('keyless', false),
    signatureFormat: parseEnum(
      'signature-format',
      get('signature-format'),
      SIGNATURE_FORMATS,
      'both',
    ),
    verifyKey: get('verify-key'),
    certificateIdentity: get('certificate-identity'),
    certificateIdentityRegexp: optional('certificate-identity-regexp', parseRegExp),
    certificateOidcIssuer: get('certificate-oidc-issuer'),
    trustedRoot: get('trusted-root')
      ? { path: get('trusted-root')!, input: 'trusted-root' }
      : env.SIGSTORE_TRUSTED_ROOT
        ? { path: env.SIGSTORE_TRUSTED_ROOT, input: 'SIGSTORE_TRUSTED_ROOT' }
        : undefined,
    sigstore: parseEnum('sigstore', get('sigstore'), SIGSTORE_CHOICES, 'auto'),
    githubAttestations: bool('github-attestations', false),
    sbom: bool('sbom', true),
    requireSignature: bool('require-signature', true),
    environment: optional('environment', parseEnvironment),
    digest: optional('digest', parseDigest),
    fromEnvironment: optional('from-environment', parseEnvironment),
    requires: optional('requires', parseEnvironment),
    holdOnRollback: bool('hold-on-rollback', true),
    to: optional('to', parseDigest),
    reason: get('reason'),
    ledger: optional('ledger', parseLedger),
    ledgerBranch: parseBranch(get('ledger-branch') ?? 'release-ledger'),
    githubDeployment: bool('github-deployment', false),
    environmentUrl: optional('environment-url', parseHttpUrl),
    failOnDrift: bool('fail-on-drift', false),
    repair: bool('repair', false),
    history: bool('history', false),
    push: bool('push', false),
    compareTo: optional('compare-to', parseCompareTo),
    comment: bool('comment', false),
    verifyReproducible: bool('verify-reproducible', false),
    pinBase: parseEnum('pin-base', get('pin-base'), PIN_BASE_MODES, 'warn'),
    advisories: parseAdvisories(get('advisories') ?? 'https://api.osv.dev'),
    failOnSeverity: parseEnum(
      'fail-on-severity',
      get('fail-on-severity'),
      SEVERITY_THRESHOLDS,
      'none',
    ),
    ignoreAdvisories: parseIgnoreAdvisories(get('ignore-advisories')),
    json: bool('json', false),
  }
  checkCombinations(config, env)
  return deepFreeze(config)
}

/** Every secret value to mask before anything is logged. */
export function secretsOf(config: Config): string[] {
  const values = [
    config.registryPassword,
    config.githubToken,
    config.signingKey,
    config.signingKeyPassphrase,
    ...Object.values(config.secrets),
  ].filter((v): v is string => v !== undefined && v !== '')
  // Log lines are matched one at a time, so a multi-line secret (a PEM key) is also masked line
  // by line; short lines would mask common words, and are not secret on their own.
  const lines = values.flatMap((v) =>
    v.includes('\n')
      ? v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => l.length >= 8)
      : [],
  )
  return [...new Set([...values, ...lines])]
}

function readImage(value: string | undefined, env: NodeJS.ProcessEnv, command: Command) {
  // A command that reads no image (generate-key) gets the working folder, which it never opens.
  if (value === undefined && !inputsOf(command).some((i) => i.name === 'image')) {
    return { image: parseImageTarget('oci:.', 'image'), imageInput: '' }
  }
  let imageInput = value
  if (imageInput === undefined && env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY) {
    imageInput = `ghcr.io/${env.GITHUB_REPOSITORY.toLowerCase()}`
  }
  if (imageInput === undefined) {
    throw new UserError('INPUT_MISSING', 'is required outside GitHub Actions', {
      input: 'image',
      valid: 'host[:port]/path or oci:PATH, e.g. ghcr.io/acme/shop or oci:./out/app',
    })
  }
  return { image: parseImageTarget(imageInput, 'image'), imageInput }
}

function checkCombinations(config: Config, env: NodeJS.ProcessEnv): void {
  const pair = 'both registry-username and registry-password, or neither'
  if (config.registryPassword !== undefined && config.registryUsername === undefined) {
    throw new UserError('CREDENTIALS_INVALID', "is empty, but 'registry-password' is set", {
      input: 'registry-username',
      valid: pair,
    })
  }
  if (config.registryUsername !== undefined && config.registryPassword === undefined) {
    throw new UserError('CREDENTIALS_INVALID', "is empty, but 'registry-username' is set", {
      input: 'registry-password',
      valid: pair,
    })
  }
  if (config.certificateIdentity !== undefined && config.certificateIdentityRegexp !== undefined) {
    throw new UserError('INPUT_INVALID', "cannot be combined with 'certificate-identity-regexp'", {
      input: 'certificate-identity',
      valid: 'one of certificate-identity or certificate-identity-regexp',
    })
  }
  if (config.keyless && config.signingKey !== undefined) {
    throw new UserError('INPUT_INVALID', "is true, but 'signing-key' is set too", {
      input: 'keyless',
      valid: 'keyless: true without signing-key, or a signing-key with keyless: false',
    })
  }
  // GitHub stores keyless provenance only: `gh attestation verify` checks a certificate.
  if (config.githubAttestations && config.command === 'release' && !config.keyless) {
    throw new UserError('INPUT_INVALID', 'is true, but keyless is false', {
      input: 'github-attestations',
      valid: 'github-attestations: true with keyless: true',
    })
  }
  if (config.githubAttestations && config.command === 'release' && !config.githubToken) {
    throw new UserError('INPUT_MISSING', 'is needed to store attestations on GitHub', {
      input: 'github-token',
      valid: 'a token with attestations: write (in Actions, the default github.token)',
    })
  }
  if (ENVIRONMENT_COMMANDS.has(config.command) && config.environment === undefined) {
    throw new UserError('INPUT_MISSING', `command '${config.command}' needs an environment`, {
      input: 'environment',
      valid: `an environment name (${VALID_ENVIRONMENT}), e.g. production`,
    })
  }
  if (config.command === 'mark-bad' && config.digest === undefined) {
    throw new UserError('INPUT_MISSING', "command 'mark-bad' needs the digest to mark", {
      input: 'digest',
      valid: 'sha256: followed by 64 lower-case hex characters',
    })
  }
  if (config.fromEnvironment !== undefined && config.fromEnvironment === config.environment) {
    throw new UserError('INPUT_INVALID', `is the same as 'environment' (${config.environment})`, {
      input: 'from-environment',
      valid: 'an environment other than the one being promoted',
    })
  }
  // Checked now, not when signing starts: a missing permission should fail before anything is pushed.
  if (
    config.keyless &&
    env.GITHUB_ACTIONS === 'true' &&
    SIGNING_COMMANDS.has(config.command) &&
    !env.ACTIONS_ID_TOKEN_REQUEST_URL
  ) {
    throw new UserError(
      'PERMISSION_MISSING',
      'is true, but this job cannot request an OIDC token',
      {
        input: 'keyless',
        valid: 'false, or true in a job allowed to request an OIDC token',
        hint: 'add `permissions: id-token: write` to the job',
      },
    )
  }
}

/** The boolean a word stands for (`true`, `no`, `1`, ...), or undefined when it is not one. */
export function booleanWord(value: string): boolean | undefined {
  return Object.hasOwn(BOOLEANS, value.toLowerCase()) ? BOOLEANS[value.toLowerCase()] : undefined
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback
  const parsed = booleanWord(value)
  if (parsed === undefined) {
    throw new UserError('INPUT_INVALID', `'${value}' is not a boolean`, {
      input: name,
      valid: VALID_BOOLEAN,
    })
  }
  return parsed
}

function parseEnum<T extends string>(
  name: InputName,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback
  if (!(choices as readonly string[]).includes(value)) {
    throw new UserError('INPUT_INVALID', `'${value}' is not one of the choices`, {
      input: name,
      valid: choices.join(', '),
    })
  }
  return value as T
}

/** Newline- or comma-separated, trimmed, empties dropped. */
/** A positive number of seconds (fractions allowed, for tests), at most a day. */
function parseSeconds(name: InputName, value: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!(seconds > 0 && seconds <= 86_400)) {
    throw new UserError('INPUT_INVALID', `'${value}' is not a number of seconds`, {
      input: name,
      valid: 'a positive number of seconds up to 86400, e.g. 60 or 2.5',
    })
  }
  return Math.round(seconds * 1000)
}

function parseList(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/**
 * An argv-like list: a JSON array of strings (the Dockerfile exec form), else one item per line.
 * Commas and spaces are kept, since they are common inside arguments.
 */
function parseArgv(name: InputName, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const valid = 'a JSON array of strings, e.g. ["/app", "--port", "8080"], or one argument per line'
  if (value.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch (e) {
      throw new UserError('INPUT_INVALID', 'starts with [ but is not valid JSON', {
        input: name,
        valid,
        cause: e,
      })
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new UserError('INPUT_INVALID', 'is JSON but not an array of strings', {
        input: name,
        valid,
      })
    }
    return parsed
  }
  return value
    .split(/\r?\n/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** `KEY=VALUE`, one per line; `#` lines are comments. */
function parseMap(
  name: InputName,
  value: string | undefined,
  options: { secret?: boolean } = {},
): Record<string, string> {
  const entries = new Map<string, string>()
  if (value === undefined) return {}
  const valid = 'KEY=VALUE, one per line, KEY of letters, digits, _ . -, not starting with a digit'
  value.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    // A secrets line may be the secret itself, mistyped: never echo it.
    const shown = options.secret ? '' : ` '${line.length > 60 ? `${line.slice(0, 60)}...` : line}'`
    const eq = line.indexOf('=')
    if (eq < 0) {
      throw new UserError('INPUT_INVALID', `line ${index + 1}${shown} has no '='`, {
        input: name,
        valid,
      })
    }
    const key = line.slice(0, eq).trim()
    if (!MAP_KEY_RE.test(key)) {
      // `TOKEN: s3cr3t=` or a base64 secret puts the secret before the '=': say where, not what.
      const at = Math.max(
        0,
        [...key].findIndex((_, i) => !MAP_KEY_RE.test(key.slice(0, i + 1))),
      )
      const what = options.secret
        ? `has an invalid key (character ${at + 1} before the first '=' is not allowed; the line is not shown, it may hold the secret)`
        : `has an invalid key '${key}'`
      throw new UserError('INPUT_INVALID', `line ${index + 1} ${what}`, {
        input: name,
        valid,
      })
    }
    if (entries.has(key)) {
      const shownKey = options.secret ? 'its key' : `'${key}'`
      throw new UserError('INPUT_INVALID', `line ${index + 1} sets ${shownKey} a second time`, {
        input: name,
        valid: `${valid}, each KEY once`,
      })
    }
    entries.set(key, line.slice(eq + 1))
  })
  // fromEntries defines own properties, so a key such as __proto__ cannot reach the prototype.
  return Object.fromEntries(entries)
}

function parsePort(value: string): string {
  const match = PORT_RE.exec(value)
  const number = Number(match?.[1])
  if (!match || number < 1 || number > 65535) {
    throw new UserError('INPUT_INVALID', `'${value}' is not a port`, {
      input: 'ports',
      valid: 'N or N/tcp or N/udp, with N from 1 to 65535',
    })
  }
  return `${number}${match[2] ? `/${match[2].toLowerCase()}` : ''}`
}

function parseLayers(value: string): string[] {
  return value.trim() === 'none' ? [] : parseList(value)
}

function parseCache(value: string): BuildCacheSetting {
  if (value === 'registry' || value === 'none') return { kind: value }
  if (parseReference(value, 'cache').digest) {
    throw new UserError(
      'INPUT_INVALID',
      `cache '${value}' names a digest, which cannot be written`,
      {
        input: 'cache',
        valid: 'registry, none, or a repository[:tag] such as ghcr.io/owner/app:buildcache',
      },
    )
  }
  return { kind: 'ref', ref: value }
}

function parseEnvironment(value: string, name: InputName): string {
  return checkEnvironmentName(value, name)
}

function parseCompareTo(value: string): CompareTo {
  // A bare name is an environment, and then it obeys the environment name rule: `latest` or
  // `sha-<commit>` here would compare to a release tag while saying "environment".
  if (ENVIRONMENT_RE.test(value)) {
    return { kind: 'environment', environment: checkEnvironmentName(value, 'compare-to') }
  }
  try {
    return { kind: 'image', image: parseImageTarget(value, 'compare-to') }
  } catch (e) {
    throw new UserError('INPUT_INVALID', `'${value}' is neither an environment nor an image`, {
      input: 'compare-to',
      valid: `an environment name (${VALID_ENVIRONMENT}) or an image reference such as ghcr.io/acme/shop:1.2.3`,
      cause: e,
    })
  }
}

/** `host[:port]`, checked by the reference grammar so that it matches what image references name. */
function parseRegistryHost(value: string): string {
  const valid = 'host[:port] without scheme or path, e.g. registry.local:5000'
  const fail = (why: string, cause?: unknown): never => {
    throw new UserError('INPUT_INVALID', `'${value}' ${why}`, {
      input: 'insecure-registry',
      valid,
      cause,
    })
  }
  if (value.includes('://')) fail('has a URL scheme')
  if (value.includes('/')) fail('has a path')
  let registry: string | undefined
  try {
    // Two path components, so that Docker Hub's `library/` prefix cannot blur the comparison.
    const ref = parseReference(`${value}/probe/x`, 'insecure-registry')
    if (ref.repository === 'probe/x') registry = ref.registry
  } catch (e) {
    fail('is not a registry host', e)
  }
  // References read a bare single name (`myregistry`) as a Docker Hub path, never as a host.
  return (
    registry ??
    fail('is not a registry host: a single name needs a dot or a port, e.g. myregistry:5000')
  )
}

function parseBranch(value: string): string {
  // Stricter than git's own rules: the branch reaches git on the command line.
  const ok =
    /^[A-Za-z0-9._/-]+$/.test(value) && !/^[-/.]|\/$|\.\.|\/\/|\.lock$|\/\.|\.$/.test(value)
  if (!ok) {
    throw new UserError('INPUT_INVALID', `'${value}' is not a usable branch name`, {
      input: 'ledger-branch',
      valid: 'letters, digits, . _ - and /, not starting with - . or /, without .. or //',
    })
  }
  return checkLedgerBranch(value)
}

function parseRegExp(value: string): string {
  try {
    new RegExp(value)
  } catch (e) {
    throw new UserError('INPUT_INVALID', `'${value}' is not a regular expression`, {
      input: 'certificate-identity-regexp',
      valid: 'a regular expression, e.g. ^https://github\\.com/acme/',
      cause: e,
    })
  }
  return value
}

function parseHttpUrl(value: string, name: InputName): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    // reported below
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new UserError('INPUT_INVALID', `'${value}' is not an http(s) URL`, {
      input: name,
      valid: 'an absolute http:// or https:// URL',
    })
  }
  return value
}

export type AdvisorySource = { kind: 'api'; url: string } | { kind: 'files'; path: string }

/** One a line: an http(s) URL is the OSV API, anything else a folder or zip of OSV files. */
function parseAdvisories(value: string): AdvisorySource[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) =>
      /^[a-z]+:\/\//i.test(line)
        ? { kind: 'api', url: parseHttpUrl(line, 'advisories') }
        : { kind: 'files', path: line },
    )
}

/** `ID reason text`, one a line; the reason is required, since it is what the log keeps. */
function parseIgnoreAdvisories(value: string | undefined): { id: string; reason: string }[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^(\S+)\s+(.+)$/.exec(line)
      if (!m) {
        throw new UserError('INPUT_INVALID', `'${line}' has no reason`, {
          input: 'ignore-advisories',
          valid:
            'one advisory id a line, followed by why it is accepted, e.g. CVE-2024-1234 not reachable: we never parse XML',
        })
      }
      return { id: m[1]!, reason: m[2]!.trim() }
    })
}

function parseBase(value: string): string {
  if (value !== 'scratch') parseImageTarget(value, 'base')
  return value
}

function parseLedger(value: string): string {
  // The ledger reaches git as an argument: a leading '-' would be read as an option.
  if (value.startsWith('-')) {
    throw new UserError('INPUT_INVALID', `'${value}' starts with '-'`, {
      input: 'ledger',
      valid: 'a git URL, a path, or none',
    })
  }
  return value
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** One source per line; a line may be a whole `metadata` JSON object (it holds commas). */
function parseSources(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

/**
 * A tag, or a full `image:tag` line as docker/metadata-action's `tags` output writes them: the
 * image must be this one, since a release only ever tags its own repository.
 */
function tagOf(entry: string, image: ImageTarget): string {
  if (!/[/:]/.test(entry)) return parseTag(entry, 'tags')
  const ref = parseReference(entry, 'tags')
  const own =
    image.kind === 'registry' ? `${image.ref.registry}/${image.ref.repository}` : undefined
  if (!ref.tag || ref.digest || `${ref.registry}/${ref.repository}` !== own) {
    throw new UserError('TAG_INVALID', `'${entry}' is not a tag of ${own ?? 'this image'}`, {
      input: 'tags',
      valid: `tags (1.2.3, latest) or ${own ?? 'image'}:<tag> lines as docker/metadata-action writes them`,
    })
  }
  return ref.tag
}
