import { spawn, type ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestDockerd {
  /** DOCKER_HOST for the daemon: unix://<temp>/docker.sock. */
  host: string
  /** The environment to run docker in: this process's, with DOCKER_HOST pointed at the daemon. */
  env: NodeJS.ProcessEnv
  /** How many polls of the socket it took until the daemon answered. */
  polls: number
  logLines(): string[]
  stop(): Promise<void>
}

const POLLS = 300
const POLL_MS = 100

// A crashed test must not leave a daemon running; 'exit' handlers may only do sync work.
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL')
})

function dockerVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['version', '--format', '{{.Server.Version}}'],
      { env, timeout: 5_000 },
      (e, out) => resolve(e ? undefined : String(out).trim() || undefined),
    )
  })
}

/** Why a private daemon cannot start here, or undefined when it can (root is needed). */
export function dockerdUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'starting a private dockerd needs root'
  return undefined
}

/**
 * Starts Debian's dockerd as root with everything of its own under a temp folder (data root,
 * exec root, pid file, socket) and no networking set-up (no iptables, no bridge), so it neither
 * touches nor needs the machine's Docker. Resolves once `docker version` answers on its socket,
 * polling a bounded number of times.
 */
export async function startDockerd(): Promise<TestDockerd> {
  const why = dockerdUnavailable()
  if (why) throw new Error(why)
  const dir = await mkdtemp(join(tmpdir(), 'ir-dockerd-'))
  const host = `unix://${join(dir, 'docker.sock')}`
  const child = spawn(
    'dockerd',
    [
      '--storage-driver',
      'vfs',
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '-H',
      host,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  live.add(child)
  const lines: string[] = []
  const collect = (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let spawnError: Error | undefined
  child.once('error', (e) => (spawnError = e))

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
    live.delete(child)
    await rm(dir, { recursive: true, force: true })
  }

  const env = { ...process.env, DOCKER_HOST: host }
  for (let polls = 1; polls <= POLLS; polls++) {
    if (spawnError || child.exitCode !== null) break
    if (await dockerVersion(env)) {
      return { host, env, polls, logLines: () => [...lines], stop }
    }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  await stop()
  throw new Error(
    `dockerd did not answer on ${host} after ${POLLS} polls${spawnError ? `: ${spawnError.message}` : ''}. Log:\n${lines.join('\n')}`,
  )
}
