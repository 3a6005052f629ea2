import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startTokenServer, TOKEN_ISSUER, type TokenServer } from './token-server.js'

const execFileAsync = promisify(execFile)

export type AuthMode = 'none' | 'htpasswd' | 'token'

export const TOKEN_SERVICE = 'test-registry'

export interface TestRegistry {
  host: string
  mode: AuthMode
  username?: string
  password?: string
  token?: TokenServer
  dataDir: string
  logLines(): string[]
  /**
   * Resolves once every request answered before the call is in logLines(): distribution logs a
   * request after answering it, so a count taken right after a request may miss its line.
   */
  settle(): Promise<void>
  stop(): Promise<void>
}

export interface StartRegistryOptions {
  username?: string
  password?: string
  /** Token mode only: lifetime of issued tokens in seconds. */
  tokenExpiresIn?: number
  /** Token mode only: grant `pull` to requests without credentials. */
  anonymousPull?: boolean
  /** Token mode only: repositories the user may pull from but not push to. */
  readOnly?: RegExp
  /** Serve https with this certificate and key (PEM paths). */
  tls?: { certificate: string; key: string }
  /** Listen address (default 127.0.0.1); `host` then names it. */
  address?: string
}

// Polls of the log, 5 ms apart, for settle()'s marker request.
const SETTLE_POLLS = 2_000

// GET /v2/ polls, 50 ms apart, before giving up: a bounded count, not a deadline.
const READY_POLLS = 300
const PORT_ATTEMPTS = 3

// A crashed test must not leave registries listening; 'exit' handlers may only do sync work.
const live = new Set<ChildProcess>()
let exitHookInstalled = false
function track(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL')
    })
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const q = (value: string): string => JSON.stringify(value) // a JSON string is a valid YAML scalar

function configYaml(
  dataDir: string,
  address: string,
  port: number,
  auth: string[],
  tls?: StartRegistryOptions['tls'],
): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  fields:',
    '    service: registry',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(dataDir)}`,
    '  delete:',
    '    enabled: true',
    // The purger would otherwise walk the data dir in the background while stop() deletes it.
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${q(`${address}:${port}`)}`,
    ...(tls ? ['  tls:', `    certificate: ${q(tls.certificate)}`, `    key: ${q(tls.key)}`] : []),
    // Fixed per instance so the registry does not warn about a generated secret.
    `  secret: ${q(randomBytes(16).toString('hex'))}`,
    ...auth,
    '',
  ].join('\n')
}

function registryEnv(): NodeJS.ProcessEnv {
  // REGISTRY_* variables override the YAML config; a developer's shell must not change the tests.
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('REGISTRY_')) env[key] = value
  }
  return env
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

export async function startRegistry(
  mode: AuthMode,
  options: StartRegistryOptions = {},
): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-registry-'))
  const dataDir = join(dir, 'data')
  const configPath = join(dir, 'config.yml')
  let token: TokenServer | undefined
  let child: ChildProcess | undefined
  const cleanup = async (): Promise<void> => {
    if (child) await stopChild(child)
    if (token) await token.stop()
    await rm(dir, { recursive: true, force: true })
  }

  const username = mode === 'none' ? undefined : (options.username ?? 'tester')
  const password =
    mode === 'none' ? undefined : (options.password ?? `pw-${randomBytes(8).toString('hex')}`)

  const lines: string[] = []
  try {
    await mkdir(dataDir)
    const auth: string[] = []
    if (mode === 'htpasswd') {
      // -B: distribution only accepts bcrypt entries; -n prints instead of editing a file.
      const { stdout } = await execFileAsync('htpasswd', ['-Bbn', username ?? '', password ?? ''])
      const htpasswdPath = join(dir, 'htpasswd')
      await writeFile(htpasswdPath, stdout.trim() + '\n')
      auth.push('auth:', '  htpasswd:', '    realm: test-realm', `    path: ${q(htpasswdPath)}`)
    } else if (mode === 'token') {
      token = await startTokenServer({
        username: username ?? '',
        password: password ?? '',
        expiresIn: options.tokenExpiresIn,
        anonymousPull: options.anonymousPull,
        readOnly: options.readOnly,
      })
      auth.push(
        'auth:',
        '  token:',
        `    realm: ${q(token.url)}`,
        `    service: ${q(TOKEN_SERVICE)}`,
        `    issuer: ${q(TOKEN_ISSUER)}`,
        `    rootcertbundle: ${q(token.certPath)}`,
      )
    }

    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      const address = options.address ?? '127.0.0.1'
      const host = `${address}:${port}`
      await writeFile(configPath, configYaml(dataDir, address, port, auth, options.tls))
      lines.length = 0
      const proc = spawn('docker-registry', ['serve', configPath], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: registryEnv(),
      })
      child = proc
      track(proc)
      const partial = { stdout: '', stderr: '' }
      const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const parts = (partial[stream] + chunk.toString('utf8')).split('\n')
        partial[stream] = parts.pop() ?? ''
        lines.push(...parts)
      }
      proc.stdout?.on('data', collect('stdout'))
      proc.stderr?.on('data', collect('stderr'))
      let spawnError: Error | undefined
      proc.once('error', (error) => {
        spawnError = error
      })
      const flushed = (): string[] =>
        [...lines, partial.stderr, partial.stdout].filter((line) => line !== '')

      let ready = false
      for (let poll = 0; poll < READY_POLLS; poll++) {
        if (spawnError) throw new Error('could not run docker-registry', { cause: spawnError })
        if (proc.exitCode !== null || proc.signalCode !== null) break
        try {
          const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1_000) })
          await res.arrayBuffer()
          // Over TLS it answers plain http with 400 "Client sent an HTTP request to an HTTPS server".
          if (res.status === 200 || res.status === 401 || (options.tls && res.status === 400)) {
            ready = true
            break
          }
        } catch {
          // Not listening yet.
        }
        await sleep(50)
      }
      if (ready) {
        let stopped: Promise<void> | undefined
        return {
          host,
          mode,
          username,
          password,
          token,
          dataDir,
          logLines: flushed,
          async settle() {
            // A request of its own, answered after those before it: its line marks the point. Outside
            // /v2/, so no filter of the API's requests counts it.
            const marker = `settle-${randomBytes(8).toString('hex')}`
            const scheme = options.tls ? 'https' : 'http'
            await fetch(`${scheme}://${host}/${marker}`).then(
              (r) => r.arrayBuffer(),
              () => undefined,
            )
            for (let poll = 0; poll < SETTLE_POLLS; poll++) {
              if (flushed().some((line) => line.includes(marker))) return
              await sleep(5)
            }
            throw new Error(`docker-registry did not log ${marker} after ${SETTLE_POLLS} polls`)
          },
          stop() {
            stopped ??= cleanup()
            return stopped
          },
        }
      }
      await stopChild(proc)
      const log = flushed()
      // Another process may grab the port between our probe closing it and the registry binding it.
      if (log.some((line) => line.includes('address already in use')) && attempt < PORT_ATTEMPTS) {
        continue
      }
      throw new Error(
        `docker-registry (${mode}) did not answer GET http://${host}/v2/ after ${READY_POLLS} polls. Log:\n${log.join('\n')}`,
      )
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}
