import { execFile } from 'node:child_process'
import { createSign, randomBytes, timingSafeEqual, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export const TOKEN_ISSUER = 'test-issuer'

export interface TokenRequest {
  /** Raw scope strings as requested, one entry per scope (space-separated ones are split). */
  scopes: string[]
  /** Set only when the Basic credentials were valid. */
  user?: string
  at: number
  /** 200 when a token was issued, 401 for wrong credentials. */
  status: number
}

export interface TokenServer {
  url: string
  certPath: string
  requests: TokenRequest[]
  /** Read on every request, so a test may lower it to force token expiry. */
  expiresIn: number
  stop(): Promise<void>
}

export interface TokenServerOptions {
  username: string
  password: string
  expiresIn?: number
  anonymousPull?: boolean
  /** Repositories the user may pull from but not push to (a token that cannot create a package). */
  readOnly?: RegExp
}

interface Access {
  type: string
  name: string
  actions: string[]
}

/**
 * Splits `type:name:actions`. The name may itself hold ':' (host:port/repo), so the type ends at
 * the first ':' and the actions start after the last one.
 */
export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':')
  const last = scope.lastIndexOf(':')
  if (first <= 0 || last === first) return undefined
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((a) => a !== '')
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions }
}

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-token-'))
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  try {
    await execFileAsync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=test-token',
    ])
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw new Error('openssl could not create the token signing certificate', { cause: error })
  }
  const privateKey = await readFile(keyPath, 'utf8')
  // distribution 2.8.2 looks for x5c first; a self-signed leaf that is also in rootcertbundle verifies.
  const certDer = new X509Certificate(await readFile(certPath)).raw.toString('base64')

  const requests: TokenRequest[] = []
  const state = { expiresIn: options.expiresIn ?? 300 }

  const sign = (service: string, subject: string, access: Access[], expiresIn: number): string => {
    const now = Math.floor(Date.now() / 1000)
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] }
    const claims = {
      iss: TOKEN_ISSUER,
      sub: subject,
      aud: service,
      exp: now + expiresIn,
      nbf: now - 1,
      iat: now,
      jti: randomBytes(16).toString('hex'),
      access,
    }
    const input = `${b64url(header)}.${b64url(claims)}`
    const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')
    return `${input}.${signature}`
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://token.invalid')
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = JSON.stringify(body)
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
      })
      res.end(text)
    }
    // 404 on POST makes an OAuth2-first client fall back to GET, as the token spec advises.
    if (req.method !== 'GET' || url.pathname !== '/token') {
      send(404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] })
      return
    }
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter((s) => s !== '')
    const at = Date.now()

    let user: string | undefined
    const authorization = req.headers.authorization
    if (authorization !== undefined) {
      const match = /^Basic\s+(\S+)$/i.exec(authorization)
      const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : ''
      const colon = decoded.indexOf(':')
      const name = colon >= 0 ? decoded.slice(0, colon) : ''
      const password = colon >= 0 ? decoded.slice(colon + 1) : ''
      if (
        !match ||
        !sameSecret(name, options.username) ||
        !sameSecret(password, options.password)
      ) {
        requests.push({ scopes, at, status: 401 })
        send(
          401,
          { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] },
          { 'www-authenticate': 'Basic realm="test-token"' },
        )
        return
      }
      user = name
    }

    // Merge repeated type:name pairs so the token carries one entry per resource.
    const granted = new Map<string, Access>()
    for (const scope of scopes) {
      const parsed = parseScope(scope)
      if (!parsed) continue
      const pullOnly = !user || (options.readOnly?.test(parsed.name) ?? false)
      const allowed =
        user !== undefined || options.anonymousPull
          ? parsed.actions.filter((a) => !pullOnly || a === 'pull')
          : []
      if (allowed.length === 0) continue
      const key = `${parsed.type}\u0000${parsed.name}`
      const entry = granted.get(key) ?? { type: parsed.type, name: parsed.name, actions: [] }
      for (const action of allowed) if (!entry.actions.includes(action)) entry.actions.push(action)
      granted.set(key, entry)
    }

    const expiresIn = state.expiresIn
    const token = sign(
      url.searchParams.get('service') ?? '',
      user ?? '',
      [...granted.values()],
      expiresIn,
    )
    requests.push({ scopes, user, at, status: 200 })
    send(200, {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date(at).toISOString(),
    })
  }

  const server = createServer(handle)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  const tokenServer: TokenServer = {
    url: `http://127.0.0.1:${port}/token`,
    certPath,
    requests,
    get expiresIn() {
      return state.expiresIn
    },
    set expiresIn(value: number) {
      state.expiresIn = value
    },
    stop() {
      stopped ??= (async () => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await rm(dir, { recursive: true, force: true })
      })()
      return stopped
    },
  }
  return tokenServer
}
