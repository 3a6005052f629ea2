/**
 * A real TUF repository on loopback: root, timestamp, snapshot and targets metadata signed with
 * @tufjs/models, served over HTTP so the client under test (@sigstore/tuf, tuf-js, node's fetch)
 * runs its whole update workflow. @tufjs/repo-mock serves only version 1 through nock; key
 * rotation and tampering need more.
 */
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  Key,
  Metadata,
  MetaFile,
  Root,
  Signature,
  Snapshot,
  TargetFile,
  Targets,
  Timestamp,
} from '@tufjs/models'
import { serve, type Stub } from './sigstore-mock.js'

class KeyPair {
  readonly key: Key
  private readonly privateKey: KeyObject

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = privateKey
    const meta = {
      keyType: 'ecdsa-sha2-nistp256',
      scheme: 'ecdsa-sha2-nistp256',
      keyVal: { public: publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    }
    const keyID = createHash('sha256').update(JSON.stringify(meta)).digest('hex')
    this.key = new Key({ keyID, ...meta })
  }

  sign(data: Buffer): Signature {
    const sig = createSign('sha256').update(data).sign(this.privateKey).toString('hex')
    return new Signature({ keyID: this.key.keyID, sig })
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const expires = () => new Date(Date.now() + 86_400_000).toISOString()

export interface TufServer extends Stub {
  /** The file holding root version 1: what a client trusts before its first update. */
  rootPath: string
  /** Paths requested, in order. */
  paths: string[]
  /** Signs and serves new targets, snapshot and timestamp versions holding these targets. */
  publish(targets: Record<string, string>): void
  /** A new root version with new keys for every role, signed by the old and the new root key. */
  rotateKeys(): void
  /** Serves other bytes at `path` from now on, signatures untouched (what an attacker can do). */
  tamper(path: string, mutate: (bytes: Buffer) => Buffer): void
  stop(): Promise<void>
}

export async function startTufServer(
  dir: string,
  targets: Record<string, string>,
): Promise<TufServer> {
  const files = new Map<string, Buffer>()
  const paths: string[] = []
  let keys = new KeyPair()
  let version = 0
  let rootVersion = 1

  const bytes = (m: Metadata<Root | Timestamp | Snapshot | Targets>) =>
    Buffer.from(JSON.stringify(m.toJSON()))
  const makeRoot = (v: number, signers: KeyPair[]) => {
    const root = new Metadata(
      new Root({ version: v, specVersion: '1.0.0', expires: expires(), consistentSnapshot: false }),
    )
    for (const role of ['root', 'timestamp', 'snapshot', 'targets'])
      root.signed.addKey(keys.key, role)
    for (const s of signers) root.sign((d) => s.sign(d))
    files.set(`/${v}.root.json`, bytes(root))
  }
  const publish = (content: Record<string, string>) => {
    version++
    const t = new Metadata(new Targets({ version, specVersion: '1.0.0', expires: expires() }))
    for (const [name, text] of Object.entries(content)) {
      const data = Buffer.from(text)
      files.set(`/targets/${name}`, data)
      t.signed.addTarget(
        new TargetFile({ path: name, length: data.length, hashes: { sha256: sha256(data) } }),
      )
    }
    t.sign((d) => keys.sign(d))
    const targetsBytes = bytes(t)
    const metaOf = (b: Buffer) =>
      new MetaFile({ version, length: b.length, hashes: { sha256: sha256(b) } })
    const snapshot = new Metadata(
      new Snapshot({
        version,
        specVersion: '1.0.0',
        expires: expires(),
        meta: { 'targets.json': metaOf(targetsBytes) },
      }),
    )
    snapshot.sign((d) => keys.sign(d))
    const snapshotBytes = bytes(snapshot)
    const timestamp = new Metadata(
      new Timestamp({
        version,
        specVersion: '1.0.0',
        expires: expires(),
        snapshotMeta: metaOf(snapshotBytes),
      }),
    )
    timestamp.sign((d) => keys.sign(d))
    files.set('/targets.json', targetsBytes)
    files.set('/snapshot.json', snapshotBytes)
    files.set('/timestamp.json', bytes(timestamp))
  }

  makeRoot(1, [keys])
  const rootPath = join(dir, 'tuf-root.json')
  writeFileSync(rootPath, files.get('/1.root.json')!)
  let current = targets
  publish(current)

  const stub = await serve(async (req, _body, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    paths.push(path)
    const data = req.method === 'GET' ? files.get(path) : undefined
    if (!data) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(data)
  })

  return Object.assign(stub, {
    rootPath,
    paths,
    publish(content: Record<string, string>) {
      current = content
      publish(current)
    },
    rotateKeys() {
      const old = keys
      keys = new KeyPair()
      makeRoot(++rootVersion, [old, keys])
      publish(current)
    },
    tamper(path: string, mutate: (b: Buffer) => Buffer) {
      files.set(path, mutate(files.get(path) ?? Buffer.alloc(0)))
    },
    stop: () => new Promise<void>((resolve) => stub.server.close(() => resolve())),
  })
}
