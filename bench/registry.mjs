// A throw-away Debian docker-registry (distribution 2.8) without auth on a free loopback port,
// storing in a temp folder: the same set-up as __tests__/helpers/registry-server.ts ('none'),
// in plain JS so that the benchmark runs under plain node.

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const READY_TIMEOUT_MS = 15_000
const PORT_ATTEMPTS = 3
const CLOCK_TICKS = 100 // USER_HZ: 100 on every Linux architecture Debian ships

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const q = (value) => JSON.stringify(value) // a JSON string is a valid YAML scalar

async function freePort() {
  const server = createServer()
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()
  await new Promise((resolve) => server.close(() => resolve()))
  return port
}

function configYaml(dataDir, port) {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(dataDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${q(`127.0.0.1:${port}`)}`,
    `  secret: ${q(randomBytes(16).toString('hex'))}`,
    '',
  ].join('\n')
}

function registryEnv() {
  // REGISTRY_* variables override the YAML config; a developer's shell must not change the bench.
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')),
  )
}

/** User + system CPU time of a running process (Linux /proc), or NaN where there is no /proc. */
async function cpuSeconds(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return NaN
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/**
 * Starts the registry, storing in a new temp folder under `parent` (the system temp folder by
 * default); resolves once GET /v2/ answers 200. `wipe()` empties its storage (it keeps no state in
 * memory: no cache is configured), `cpuSeconds()` is the CPU time it has used so far, `stop()` ends it
 * and removes the temp folder.
 */
export async function startRegistry(options = {}) {
  const dir = await mkdtemp(join(options.parent ?? tmpdir(), 'ir-bench-registry-'))
  const dataDir = join(dir, 'data')
  const configPath = join(dir, 'config.yml')
  const logPath = join(dir, 'registry.log')
  await mkdir(dataDir)
  let child
  // Do not leave a registry listening when the benchmark dies; 'exit' handlers may only do sync work.
  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)
  const cleanup = async () => {
    process.removeListener('exit', killOnExit)
    if (child) await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      const host = `127.0.0.1:${port}`
      await writeFile(configPath, configYaml(dataDir, port))
      // A file, not a pipe: a pipe nobody reads would stall the registry once full.
      const log = await open(logPath, 'w')
      const proc = spawn('docker-registry', ['serve', configPath], {
        stdio: ['ignore', log.fd, log.fd],
        env: registryEnv(),
      })
      await log.close()
      child = proc
      let spawnError
      proc.once('error', (e) => (spawnError = e))
      const deadline = Date.now() + READY_TIMEOUT_MS
      let ready = false
      while (Date.now() < deadline) {
        if (spawnError) throw new Error('could not run docker-registry', { cause: spawnError })
        if (proc.exitCode !== null || proc.signalCode !== null) break
        try {
          const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1_000) })
          await res.arrayBuffer()
          if (res.status === 200) {
            ready = true
            break
          }
        } catch {
          // Not listening yet.
        }
        await sleep(50)
      }
      if (ready) {
        let stopped
        return {
          host,
          dataDir,
          wipe: () => rm(join(dataDir, 'docker'), { recursive: true, force: true }),
          cpuSeconds: () => cpuSeconds(proc.pid),
          log: () => readFile(logPath, 'utf8').catch(() => ''),
          stop: () => (stopped ??= cleanup()),
        }
      }
      await stopChild(proc)
      const text = await readFile(logPath, 'utf8').catch(() => '')
      if (text.includes('address already in use') && attempt < PORT_ATTEMPTS) continue
      throw new Error(
        `docker-registry did not answer GET http://${host}/v2/ within ${READY_TIMEOUT_MS} ms. Log:\n${text}`,
      )
    }
  } catch (e) {
    await cleanup()
    throw e
  }
}
