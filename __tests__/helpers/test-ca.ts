/**
 * A certificate authority of the test's own, made with openssl in the test's temp folder, and
 * server certificates it signs: nothing fetched, nothing shared between tests.
 */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCa {
  /** PEM path of the CA certificate: what `registry-ca` names. */
  certPath: string
  keyPath: string
}

export interface ServerCert {
  certPath: string
  keyPath: string
  cert: string
  key: string
}

export async function makeCa(dir: string, name = 'test-ca'): Promise<TestCa> {
  const certPath = join(dir, `${name}.pem`)
  const keyPath = join(dir, `${name}.key`)
  // prettier-ignore
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', keyPath, '-out', certPath,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ])
  return { certPath, keyPath }
}

/** A server certificate for `ips` (and localhost), signed by `ca`. */
export async function issueServerCert(
  ca: TestCa,
  dir: string,
  ips: string[],
  name = 'server',
): Promise<ServerCert> {
  const keyPath = join(dir, `${name}.key`)
  const csrPath = join(dir, `${name}.csr`)
  const certPath = join(dir, `${name}.pem`)
  const extPath = join(dir, `${name}.ext`)
  const sans = [...ips.map((ip) => `IP:${ip}`), 'DNS:localhost'].join(',')
  await writeFile(
    extPath,
    `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  )
  // prettier-ignore
  await run('openssl', [
    'req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${ips[0] ?? 'localhost'}`,
    '-keyout', keyPath, '-out', csrPath,
  ])
  // prettier-ignore
  await run('openssl', [
    'x509', '-req', '-in', csrPath, '-CA', ca.certPath, '-CAkey', ca.keyPath,
    '-CAcreateserial', '-days', '2', '-out', certPath, '-extfile', extPath,
  ])
  return {
    certPath,
    keyPath,
    cert: await readFile(certPath, 'utf8'),
    key: await readFile(keyPath, 'utf8'),
  }
}
