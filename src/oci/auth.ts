import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { RegistryError, UserError } from '../errors.js'
import { readBody, send, type HttpResponse } from './http.js'
import type { NetworkSettings } from './network.js'
import { DOCKER_HUB } from './reference.js'

export interface Credentials {
  username?: string
  password?: string
  /** docker's `identitytoken` (an OAuth2 refresh token); sent as the password to a token realm. */
  identityToken?: string
}

export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/**
 * Parses WWW-Authenticate values: each header may hold challenges whose quoted values contain
 * `,` and `:` (scopes), so a naive split on commas breaks them.
 */
export function parseChallenges(headers: string | string[] | undefined): Challenge[] {
  const values = Array.isArray(headers) ? headers : headers ? [headers] : []
  const out: Challenge[] = []
  for (const value of values) {
    let i = 0
    const s = value
    while (i < s.length) {
      while (i < s.length && /[\s,]/.test(s[i]!)) i++
      const schemeStart = i
      while (i < s.length && /[^\s,=]/.test(s[i]!)) i++
      const scheme = s.slice(schemeStart, i).toLowerCase()
      if (!scheme) break
      const challenge: Challenge = { scheme, params: {} }
      out.push(challenge)
      for (;;) {
        while (i < s.length && /\s/.test(s[i]!)) i++
        const keyStart = i
        while (i < s.length && /[^\s,=]/.test(s[i]!)) i++
        const key = s.slice(keyStart, i).toLowerCase()
        while (i < s.length && /\s/.test(s[i]!)) i++
        if (s[i] !== '=' || !key) {
          // Not a parameter: it was the next challenge's scheme.
          i = keyStart
          break
        }
        i++
        while (i < s.length && /\s/.test(s[i]!)) i++
        let val = ''
        if (s[i] === '"') {
          i++
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i++
            val += s[i]
            i++
          }
          i++
        } else {
          const start = i
          while (i < s.length && /[^\s,]/.test(s[i]!)) i++
          val = s.slice(start, i)
        }
        challenge.params[key] = val
        while (i < s.length && /\s/.test(s[i]!)) i++
        if (s[i] === ',') i++
      }
    }
  }
  return out
}

interface DockerConfig {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** docker writes Docker Hub's entry under its v1 index URL; other hosts may carry a scheme or path. */
function configKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) {
    return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']
  }
  return [registry]
}

function hostOfKey(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
}

/** Runs `docker-credential-<helper> get` with the server on stdin, as docker does; no shell. */
export function runCredentialHelper(
  helper: string,
  server: string,
): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) {
    return Promise.reject(
      new UserError('CREDENTIALS_INVALID', `credential helper name '${helper}' is not valid`, {
        input: 'docker config credHelpers',
        valid: 'a name like osxkeychain, pass, ecr-login',
      }),
    )
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { timeout: 30_000 },
      (err, stdout) => {
        if (err) {
          // A helper that knows nothing of this server says so on stdout and exits 1: anonymous then.
          if (/credentials not found/i.test(stdout) || /credentials not found/i.test(String(err))) {
            resolve(undefined)
            return
          }
          reject(
            new RegistryError('REGISTRY_AUTH', `docker-credential-${helper} failed for ${server}`, {
              registry: server,
              cause: err,
              hint: `check that docker-credential-${helper} is installed and logged in`,
            }),
          )
          return
        }
        try {
          const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string }
          if (!parsed.Secret) resolve(undefined)
          else if (parsed.Username === '<token>') resolve({ identityToken: parsed.Secret })
          else resolve({ username: parsed.Username, password: parsed.Secret })
        } catch (e) {
          reject(
            new RegistryError(
              'REGISTRY_AUTH',
              `docker-credential-${helper} printed no JSON for ${server}`,
              {
                registry: server,
                cause: e,
              },
            ),
          )
        }
      },
    )
    child.stdin?.end(server)
  })
}

/** Credentials for `registry` from docker's config.json, as docker/login-action leaves it. */
export async function dockerConfigCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  const dir = env.DOCKER_CONFIG || join(homedir(), '.docker')
  let config: DockerConfig
  try {
    config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as DockerConfig
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new UserError('CREDENTIALS_INVALID', `cannot read ${join(dir, 'config.json')}`, {
      input: 'DOCKER_CONFIG',
      valid: 'a JSON file as docker login writes it',
      cause: e,
    })
  }
  const keys = configKeys(registry)
  for (const key of keys) {
    const helper = config.credHelpers?.[key]
    if (helper) return runCredentialHelper(helper, key)
  }
  const entry = Object.entries(config.auths ?? {}).find(
    ([key]) => keys.includes(key) || keys.includes(hostOfKey(key)),
  )
  if (entry) {
    const [, value] = entry
    if (value.identitytoken) return { username: value.username, identityToken: value.identitytoken }
    if (value.username && value.password)
      return { username: value.username, password: value.password }
    if (value.auth) {
      const decoded = Buffer.from(value.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon > 0)
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
    }
  }
  if (config.credsStore) return runCredentialHelper(config.credsStore, keys[0]!)
  return undefined
}

interface CachedToken {
  token: string
  expiresAt: number
}

/**
 * Authorisation for one registry origin (scheme, host, port). Learns the scheme from that
 * origin's own 401 challenges only, keeps bearer tokens per scope set until shortly before they
 * expire, and reports every secret it derives through `onSecret` so that the caller can mask it.
 *
 * Credentials never leave the origin: the caller attaches `header()` only to requests for the
 * registry's origin, a 401 from any other origin (a storage host behind a redirect) teaches
 * nothing, and the password goes to a token realm only when the registry's own challenge named
 * it and it is https (plain http only when the registry itself may be spoken to in plain http
 * and the realm's host may too).
 */
export class RegistryAuth {
  private challenge?: Challenge
  private readonly tokens = new Map<string, CachedToken>()
  private readonly pending = new Map<string, Promise<string>>()

  private readonly secrets = new Set<string>()
  private readonly listeners = new Set<(value: string) => void>()

  constructor(
    private readonly registry: string,
    /** The registry's origin, `https://host:port`. */
    private readonly origin: string,
    private readonly credentials: Credentials | undefined,
    /** Hosts (`host[:port]`) the user lets us speak plain http to: loopback and insecure-registry. */
    private readonly plainHttpAllowed: (host: string) => boolean = () => false,
  ) {
    if (credentials?.password) this.secrets.add(credentials.password)
    if (credentials?.identityToken) this.secrets.add(credentials.identityToken)
  }

  /**
   * Every store sharing this (cached) auth registers here and is told every secret, those already
   * derived included: otherwise a second user of the cache would never learn to mask its tokens.
   */
  addSecretListener(listener: (value: string) => void): void {
    if (this.listeners.has(listener)) return
    this.listeners.add(listener)
    for (const s of this.secrets) listener(s)
  }

  private onSecret(value: string): void {
    this.secrets.add(value)
    for (const l of this.listeners) l(value)
  }

  /** The header for a request that needs `scopes`, or undefined before any challenge was seen. */
  async header(
    scopes: string[],
    settings?: Pick<NetworkSettings, 'timeoutMs' | 'ca'>,
  ): Promise<string | undefined> {
    if (!this.challenge) return undefined
    if (this.challenge.scheme === 'basic') return this.basic()
    if (this.challenge.scheme !== 'bearer') return undefined
    const key = scopes.join(' ')
    const cached = this.tokens.get(key)
    if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`
    // Requests running side by side share one token fetch.
    let pending = this.pending.get(key)
    if (!pending) {
      pending = this.fetchToken(scopes, settings).finally(() => this.pending.delete(key))
      this.pending.set(key, pending)
    }
    return `Bearer ${await pending}`
  }

  /**
   * Called with a 401 answer to a request that carried `sent` (or no) authorisation. Returns true
   * when repeating it with fresh authorisation may succeed; never for an answer from another
   * origin than the registry's, whose challenge must not decide where our credentials go.
   */
  async onUnauthorized(
    res: HttpResponse,
    scopes: string[],
    sent: string | undefined,
  ): Promise<boolean> {
    if (res.url.origin !== this.origin) return false
    const challenges = parseChallenges(res.headers['www-authenticate'])
    const next =
      challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
    if (!next) return false
    if (!this.challenge || this.challenge.scheme !== next.scheme) this.challenge = next
    if (next.scheme === 'basic') return sent === undefined && this.basic() !== undefined
    // A realm may move (a registry behind a new token service): follow the latest challenge.
    this.challenge = next
    const key = scopes.join(' ')
    // The token we sent was refused (expired early, or lacked a scope): fetch another.
    if (
      sent !== undefined &&
      this.tokens.get(key) &&
      `Bearer ${this.tokens.get(key)!.token}` === sent
    ) {
      this.tokens.delete(key)
    }
    return true
  }

  /** Where the password may go: see the class comment. */
  private checkRealm(realm: URL): void {
    if (realm.protocol === 'https:') return
    const registryPlain = this.origin.startsWith('http:')
    const allowed =
      realm.protocol === 'http:' &&
      registryPlain &&
      (realm.origin === this.origin || this.plainHttpAllowed(realm.host))
    if (allowed) return
    throw new RegistryError(
      'REGISTRY_AUTH',
      `${this.registry} (${this.origin}) named the token realm ${realm.origin}, which is not https; refused, so no credentials were sent`,
      {
        registry: this.registry,
        hint: registryPlain
          ? `list ${realm.host} in insecure-registry if plain http to it is intended`
          : 'an https registry must name an https token realm; ask its operator to fix the realm',
      },
    )
  }

  private basic(): string | undefined {
    const { username, password } = this.credentials ?? {}
    if (username === undefined || password === undefined) return undefined
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  }

  private async fetchToken(
    scopes: string[],
    settings?: Pick<NetworkSettings, 'timeoutMs' | 'ca'>,
  ): Promise<string> {
    const params = this.challenge!.params
    if (!params.realm) {
      throw new RegistryError(
        'REGISTRY_AUTH',
        `${this.registry} sent a Bearer challenge without a realm`,
        {
          registry: this.registry,
        },
      )
    }
    let realm: URL
    try {
      realm = new URL(params.realm)
    } catch (e) {
      throw new RegistryError(
        'REGISTRY_AUTH',
        `${this.registry} sent an invalid token realm '${params.realm}'`,
        {
          registry: this.registry,
          cause: e,
        },
      )
    }
    this.checkRealm(realm)
    if (params.service) realm.searchParams.set('service', params.service)
    for (const scope of scopes) realm.searchParams.append('scope', scope)
    const headers: Record<string, string> = { accept: 'application/json' }
    const password = this.credentials?.identityToken ?? this.credentials?.password
    if (password !== undefined) {
      const user = this.credentials?.identityToken
        ? (this.credentials.username ?? '<token>')
        : this.credentials?.username
      headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${password}`).toString('base64')}`
    }
    const started = Date.now()
    let res: HttpResponse
    try {
      res = await send({ method: 'GET', url: realm, headers, what: 'GET token' }, settings)
    } catch (e) {
      throw new RegistryError(
        'REGISTRY_UNREACHABLE',
        `token service ${realm.origin} of ${this.registry} is unreachable`,
        {
          registry: this.registry,
          cause: e,
        },
      )
    }
    const body = await readBody(res, 1024 * 1024)
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError(
        'REGISTRY_AUTH',
        `${this.registry} refused the credentials (token service answered ${res.status})`,
        {
          registry: this.registry,
          status: res.status,
          hint:
            password === undefined
              ? 'set registry-username and registry-password, or log in with docker/login-action'
              : 'check registry-username and registry-password (or the docker config.json entry) for this registry',
        },
      )
    }
    if (res.status !== 200) {
      throw new RegistryError(
        'REGISTRY_AUTH',
        `token service of ${this.registry} answered ${res.status}`,
        {
          registry: this.registry,
          status: res.status,
        },
      )
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number; issued_at?: string }
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed
    } catch (e) {
      throw new RegistryError('REGISTRY_AUTH', `token service of ${this.registry} sent no JSON`, {
        registry: this.registry,
        cause: e,
      })
    }
    const token = parsed.access_token || parsed.token
    if (!token) {
      throw new RegistryError('REGISTRY_AUTH', `token service of ${this.registry} sent no token`, {
        registry: this.registry,
      })
    }
    this.onSecret(token)
    // The spec's floor is 60 s; refresh 10 s early so a token never expires mid-request.
    const lifetime = Math.max(60, parsed.expires_in ?? 60) * 1000
    const issued = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN
    const from = Number.isNaN(issued) || issued > Date.now() ? started : issued
    this.tokens.set(scopes.join(' '), { token, expiresAt: from + lifetime - 10_000 })
    return token
  }
}
