import { AsyncLocalStorage } from 'node:async_hooks'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { resolve } from 'node:path'
import tls from 'node:tls'
import { UserError } from '../errors.js'

/**
 * How one command talks to registries and token services. A command runs inside `withNetwork`,
 * so every client it opens (the target, a base image's registry, a merge source) shares these
 * settings without each caller having to pass them on.
 */
export interface NetworkSettings {
  /** A request with no byte for this long, before or after the headers, is abandoned. */
  timeoutMs: number
  /** Extra trust for https: a PEM bundle and the path it came from (named in errors). */
  ca?: TrustedCa
  retry: RetryPolicy
  /** Told of every retry, for the log. */
  onRetry?: (message: string) => void
}

export interface TrustedCa {
  path: string
  pem: string
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 }

export const DEFAULT_TIMEOUT_MS = 60_000

export const DEFAULT_NETWORK: NetworkSettings = {
  timeoutMs: DEFAULT_TIMEOUT_MS,
  retry: DEFAULT_RETRY,
}

const scope = new AsyncLocalStorage<NetworkSettings>()

export function withNetwork<T>(
  settings: Partial<NetworkSettings>,
  run: () => Promise<T>,
): Promise<T> {
  // An input left out (`ca: undefined`) keeps the default rather than erasing it.
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
  return scope.run({ ...DEFAULT_NETWORK, ...given }, run)
}

export function currentNetwork(): NetworkSettings {
  return scope.getStore() ?? DEFAULT_NETWORK
}

/**
 * The longest one registry call can take against a registry that stops sending: the TLS probe
 * (for a host that may use plain http), then every attempt waits `timeoutMs` for a byte, and the
 * pauses between attempts are at most the backoff's cap
 * (a Retry-After comes with an answer, so it never adds to a silent registry's bound).
 */
export function callBoundMs(settings: Pick<NetworkSettings, 'timeoutMs' | 'retry'>): number {
  let pauses = 0
  for (let attempt = 0; attempt + 1 < settings.retry.attempts; attempt++) {
    pauses += Math.min(settings.retry.maxDelayMs, settings.retry.baseDelayMs * 2 ** attempt)
  }
  return probeTimeoutMs(settings) + settings.timeoutMs * settings.retry.attempts + pauses
}

/** The TLS probe of a host that may use plain http waits no longer than this. */
export function probeTimeoutMs(settings: Pick<NetworkSettings, 'timeoutMs'>): number {
  return Math.min(settings.timeoutMs, 5_000)
}

type Agents = { http: http.Agent; https: https.Agent }

function newAgents(ca?: TrustedCa): Agents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    // Given a `ca`, Node trusts only it: keep the public roots (and NODE_EXTRA_CA_CERTS) beside it.
    https: new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      ...(ca ? { ca: [...tls.rootCertificates, ...extraCaCertificates(), ca.pem] } : {}),
    }),
  }
}

function extraCaCertificates(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS
  if (!path) return []
  try {
    return [readFileSync(path, 'utf8')]
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS.
    return []
  }
}

const agentsByCa = new Map<string, Agents>()

export function agentsFor(ca?: TrustedCa): Agents {
  const key = ca?.pem ?? ''
  let agents = agentsByCa.get(key)
  if (!agents) {
    agents = newAgents(ca)
    agentsByCa.set(key, agents)
  }
  return agents
}

/** Lets a CLI or test end without waiting for idle keep-alive sockets. */
export function closeIdleConnections(): void {
  for (const agents of agentsByCa.values()) {
    agents.http.destroy()
    agents.https.destroy()
  }
  agentsByCa.clear()
}

/** Errors that mean the server spoke TLS but its certificate is not one we trust. */
export function isCertificateError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  return (
    typeof code === 'string' &&
    /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID/.test(code)
  )
}

/**
 * Whether `host:port` completes a TLS handshake (certificate unchecked here: a wrong certificate
 * still means the server speaks TLS, and must then fail rather than fall back to plain http).
 */
export function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const name = host.replace(/^\[|\]$/g, '')
    const socket = tls.connect({
      host: name,
      port,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(/^[\d.]+$|:/.test(name) ? {} : { servername: name }),
    })
    const done = (value: boolean): void => {
      socket.destroy()
      resolve(value)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('secureConnect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** Reads `registry-ca`: a PEM file holding one or more certificates. */
export function readTrustedCa(path: string, input: string): TrustedCa {
  const fail = (why: string, cause?: unknown): never => {
    throw new UserError('INPUT_INVALID', `'${path}' ${why}`, {
      input,
      valid: 'the path of a PEM file with the certificate authority (-----BEGIN CERTIFICATE-----)',
      cause,
    })
  }
  let pem = ''
  try {
    pem = readFileSync(resolve(path), 'utf8')
  } catch (e) {
    fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, e)
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) fail('holds no PEM certificate')
  for (const block of blocks) {
    try {
      new X509Certificate(block)
    } catch (e) {
      fail('holds a certificate that cannot be parsed', e)
    }
  }
  return { path, pem: blocks.join('\n') + '\n' }
}

/** The log line that states the bound: what a silent registry costs a command at most. */
export function networkBound(settings: Partial<NetworkSettings>): string {
  const full = { ...DEFAULT_NETWORK, ...settings }
  const bound = Math.ceil(callBoundMs(full) / 1000)
  return `network: a registry request with no data for ${full.timeoutMs / 1000} s is abandoned and retried (${full.retry.attempts} attempts); a registry that stops answering fails the command within ${bound} s${full.ca ? `; trusting the certificate authority in ${full.ca.path}` : ''}`
}
