import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { describeError, UserError } from '../src/errors.js'
import { runCommand } from '../src/commands/index.js'
import type { Logger } from '../src/logger.js'
import { generateKeyPair, loadPublicKey, loadSigningKey } from '../src/sign/keys.js'
import { keyIdOf } from '../src/sign/signer.js'

const FIXTURES = fileURLToPath(new URL('./fixtures/cosign/', import.meta.url))
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8')

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'keys-test-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return e as UserError
  }
  throw new Error('expected a UserError, but nothing was thrown')
}

/** Every 12-character run of each secret: no part of one may show in a message. */
function expectNoSecrets(error: UserError, secrets: string[]): void {
  const text = `${describeError(error)}\n${error.hint ?? ''}`
  for (const secret of secrets) {
    const compact = secret.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
    for (let i = 0; i + 12 <= compact.length; i += 6) {
      expect(text).not.toContain(compact.slice(i, i + 12))
    }
  }
}

function der(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' })
}

/** Signs with node:crypto and checks with the given public key: no code of ours involved. */
function expectSignsFor(privateKey: KeyObject, publicKey: KeyObject): void {
  const algorithm = privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256'
  const data = Buffer.from('immutable-release key test')
  const signature = sign(algorithm, data, privateKey)
  expect(verify(algorithm, data, publicKey, signature)).toBe(true)
  expect(verify(algorithm, Buffer.from('something else'), publicKey, signature)).toBe(false)
}

function envelopeOf(pem: string): {
  label: string
  lines: string[]
  json: Record<string, unknown>
} {
  const lines = pem.trim().split('\n')
  const label = /^-----BEGIN (.+)-----$/.exec(lines[0])?.[1] ?? ''
  const body = lines.slice(1, -1).join('')
  return { label, lines, json: JSON.parse(Buffer.from(body, 'base64').toString('utf8')) }
}

/** An envelope in cosign's JSON with the given scrypt parameters and random content. */
function cosignEnvelope(params: { N: number; r: number; p: number }): string {
  const json = JSON.stringify({
    kdf: { name: 'scrypt', params, salt: randomBytes(32).toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: randomBytes(24).toString('base64') },
    ciphertext: randomBytes(150).toString('base64'),
  })
  const body =
    Buffer.from(json)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return [
    '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----',
    ...body,
    '-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    '',
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------

describe('keys written by cosign (fixtures, see fixtures/cosign/SOURCES.md)', () => {
  const cases = [
    {
      file: 'cosign-keys-test-sigstore.key',
      passphrase: 'hello',
      label: 'ENCRYPTED SIGSTORE PRIVATE KEY',
      N: 32768,
      type: 'ec',
    },
    {
      file: 'cosign-keys-test-cosign-label.key',
      passphrase: 'hello',
      label: 'ENCRYPTED COSIGN PRIVATE KEY',
      N: 32768,
      type: 'ec',
    },
    {
      file: 'cosign-ed25519.key',
      pub: 'cosign-ed25519.pub',
      passphrase: '',
      label: 'ENCRYPTED SIGSTORE PRIVATE KEY',
      N: 65536,
      type: 'ed25519',
    },
    {
      file: 'constellation-cosign.key',
      pub: 'constellation-cosign.pub',
      passphrase: '',
      label: 'ENCRYPTED COSIGN PRIVATE KEY',
      N: 32768,
      type: 'ec',
    },
  ]

  it.each(cases)('$file decrypts with its passphrase', async (c) => {
    const text = await fixture(c.file)
    const { label, json } = envelopeOf(text)
    expect(label).toBe(c.label)
    expect((json.kdf as { params: unknown }).params).toEqual({ N: c.N, r: 8, p: 1 })

    const fromPath = await loadSigningKey(c.file, c.passphrase, 'signing-key', FIXTURES)
    const fromText = await loadSigningKey(text, c.passphrase)
    expect(fromPath.asymmetricKeyType).toBe(c.type)
    const derived = createPublicKey(fromPath)
    expect(der(createPublicKey(fromText))).toEqual(der(derived))

    if (c.pub) {
      // The public key cosign wrote next to it: the decrypted key must be its partner.
      const published = await loadPublicKey(join(FIXTURES, c.pub))
      expect(der(derived)).toEqual(der(published))
      expectSignsFor(fromPath, published)
    } else {
      expectSignsFor(fromPath, derived)
    }
  })

  it.each([
    ['cosign-keys-test-sigstore.key', 'not-hello-at-all'],
    ['cosign-keys-test-cosign-label.key', 'hello!'],
    ['constellation-cosign.key', 'x'],
  ])(
    '%s with a wrong passphrase: KEY_INVALID naming signing-key-passphrase',
    async (file, wrong) => {
      const text = await fixture(file)
      const e = await failure(loadSigningKey(text, wrong))
      expect(e.code).toBe('KEY_INVALID')
      expect(e.input).toBe('signing-key-passphrase')
      expect(e.message).toMatch(/wrong passphrase, or the key is corrupted/)
      expect(describeError(e)).not.toContain(wrong)
      const right = file === 'constellation-cosign.key' ? '' : 'hello'
      const pkcs8 = (await loadSigningKey(text, right)).export({ type: 'pkcs8', format: 'der' })
      expectNoSecrets(e, [text, pkcs8.toString('base64')])
    },
  )

  it('names the file, not its content, when the key came from a path', async () => {
    const e = await failure(
      loadSigningKey('cosign-keys-test-sigstore.key', 'wrong', 'signing-key', FIXTURES),
    )
    expect(e.input).toBe('signing-key-passphrase')
    expect(e.message).toContain("file 'cosign-keys-test-sigstore.key'")
  })

  it('an empty passphrase for an encrypted key says the passphrase is missing', async () => {
    const text = await fixture('cosign-keys-test-sigstore.key')
    for (const passphrase of [undefined, '']) {
      const e = await failure(loadSigningKey(text, passphrase))
      expect(e.code).toBe('KEY_INVALID')
      expect(e.input).toBe('signing-key-passphrase')
      expect(e.message).toMatch(/is empty, and signing-key is encrypted/)
    }
  })

  it('refuses the key cosign refuses: its secretbox holds SEC1, not PKCS#8 (N=65536)', async () => {
    const text = await fixture('cosign-keys-test-sec1.key')
    const e = await failure(loadSigningKey(text, 'hello'))
    expect(e.code).toBe('KEY_INVALID')
    expect(e.input).toBe('signing-key')
    expect(e.message).toMatch(/decrypts, but not to a PKCS#8 private key/)
    expectNoSecrets(e, [text])
    // With the wrong passphrase it is the passphrase that is blamed, not the content.
    expect((await failure(loadSigningKey(text, 'nope'))).input).toBe('signing-key-passphrase')
  })
})

describe('generateKeyPair', () => {
  it('writes what cosign writes and reads back with the passphrase', async () => {
    const passphrase = 'correct horse battery staple'
    const { privateKeyPem, publicKeyPem } = await generateKeyPair(passphrase)

    const { label, lines, json } = envelopeOf(privateKeyPem)
    expect(label).toBe('ENCRYPTED SIGSTORE PRIVATE KEY')
    expect(lines.at(-1)).toBe('-----END ENCRYPTED SIGSTORE PRIVATE KEY-----')
    expect(privateKeyPem.endsWith('-----\n')).toBe(true)
    const body = lines.slice(1, -1)
    expect(body.slice(0, -1).every((line) => line.length === 64)).toBe(true)
    expect(body.at(-1)?.length).toBeLessThanOrEqual(64)

    expect(Object.keys(json)).toEqual(['kdf', 'cipher', 'ciphertext'])
    const kdf = json.kdf as { name: string; params: Record<string, number>; salt: string }
    const cipher = json.cipher as { name: string; nonce: string }
    expect(Object.keys(kdf)).toEqual(['name', 'params', 'salt'])
    expect(kdf.name).toBe('scrypt')
    expect(Object.entries(kdf.params)).toEqual([
      ['N', 32768],
      ['r', 8],
      ['p', 1],
    ])
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(32)
    expect(Object.keys(cipher)).toEqual(['name', 'nonce'])
    expect(cipher.name).toBe('nacl/secretbox')
    expect(Buffer.from(cipher.nonce, 'base64')).toHaveLength(24)

    const privateKey = await loadSigningKey(privateKeyPem, passphrase)
    expect(privateKey.asymmetricKeyType).toBe('ec')
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    // secretbox adds its 16-byte tag to the PKCS#8 DER.
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' })
    expect(Buffer.from(json.ciphertext as string, 'base64')).toHaveLength(pkcs8.length + 16)

    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    const publicKey = await loadPublicKey(publicKeyPem)
    expect(der(createPublicKey(privateKey))).toEqual(der(publicKey))
    expectSignsFor(privateKey, publicKey)

    const e = await failure(loadSigningKey(privateKeyPem, 'Correct horse battery staple'))
    expect(e.input).toBe('signing-key-passphrase')
    expectNoSecrets(e, [privateKeyPem, pkcs8.toString('base64')])
  })

  it('uses a fresh salt, nonce and key each time; an empty passphrase round-trips', async () => {
    const a = await generateKeyPair('')
    const b = await generateKeyPair('')
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem)
    const [ja, jb] = [envelopeOf(a.privateKeyPem).json, envelopeOf(b.privateKeyPem).json]
    expect((ja.kdf as { salt: string }).salt).not.toBe((jb.kdf as { salt: string }).salt)
    expect((ja.cipher as { nonce: string }).nonce).not.toBe((jb.cipher as { nonce: string }).nonce)
    const key = await loadSigningKey(a.privateKeyPem, undefined)
    expectSignsFor(key, createPublicKey(a.publicKeyPem))
  })
})

describe('plain PEM private keys', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

  it('reads PKCS#8 PRIVATE KEY', async () => {
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const key = await loadSigningKey(pem, undefined)
    expect(der(createPublicKey(key))).toEqual(der(ec.publicKey))
  })

  it('reads EC PRIVATE KEY after an EC PARAMETERS block (OpenSSL output, cosign testdata)', async () => {
    const key = await loadSigningKey('cosign-test-blob-ec.key', undefined, 'signing-key', FIXTURES)
    const published = await loadPublicKey('cosign-test-blob-ec.pub', 'verify-key', FIXTURES)
    expect(der(createPublicKey(key))).toEqual(der(published))
    expectSignsFor(key, published)
  })

  it('reads RSA PRIVATE KEY (PKCS#1)', async () => {
    const pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const key = await loadSigningKey(pem, undefined)
    expectSignsFor(key, rsa.publicKey)
  })

  it('reads ENCRYPTED PRIVATE KEY with the passphrase, and blames a wrong one', async () => {
    const pem = ec.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 's3cret-pass' })
      .toString()
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')
    const key = await loadSigningKey(pem, 's3cret-pass')
    expect(der(createPublicKey(key))).toEqual(der(ec.publicKey))

    const wrong = await failure(loadSigningKey(pem, 'other-pass'))
    expect(wrong.code).toBe('KEY_INVALID')
    expect(wrong.input).toBe('signing-key-passphrase')
    expect(wrong.message).toMatch(/wrong passphrase, or the key is corrupted/)
    expect(describeError(wrong)).not.toContain('other-pass')
    expectNoSecrets(wrong, [pem])

    const missing = await failure(loadSigningKey(pem, undefined))
    expect(missing.input).toBe('signing-key-passphrase')
    expect(missing.message).toMatch(/is empty/)
  })

  it('reads a PEM flattened onto one line, with CRLF line ends, or wrapped in base64', async () => {
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    for (const variant of [
      pem.replace(/\n/g, ' '),
      pem.replace(/\n/g, '\r\n'),
      Buffer.from(pem).toString('base64'),
      `\n  ${pem}\n`,
    ]) {
      const key = await loadSigningKey(variant, undefined)
      expect(der(createPublicKey(key))).toEqual(der(ec.publicKey))
    }
  })
})

describe('signing-key errors name the input and never echo the key', () => {
  it('garbage without PEM armour', async () => {
    const garbage = 'MHcCAQEEIMJRdxVQ7AH6z1BlE9ucEMSAQhY431IFHe0oVCH7Iw49oAoGCCqGSM49\nAwEHoUQ'
    const e = await failure(loadSigningKey(garbage, undefined))
    expect(e.code).toBe('KEY_INVALID')
    expect(e.input).toBe('signing-key')
    expect(e.message).toMatch(/neither PEM text .* nor a file path/)
    expect(e.message).toMatch(/valid: PEM text or the path of a file/)
    expectNoSecrets(e, [garbage])
  })

  it('a PEM block whose content is garbage', async () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0\n-----END PRIVATE KEY-----\n'
    const e = await failure(loadSigningKey(pem, undefined))
    expect(e.input).toBe('signing-key')
    expect(e.message).toMatch(/PRIVATE KEY block is malformed/)
    expectNoSecrets(e, [pem])
  })

  it('a cosign block whose content is not the JSON envelope', async () => {
    const pem = [
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----',
      'bm90IGEga2V5',
      '-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    ].join('\n')
    const e = await failure(loadSigningKey(pem, 'x'))
    expect(e.input).toBe('signing-key')
    expect(e.message).toMatch(/ENCRYPTED SIGSTORE PRIVATE KEY block is malformed/)
  })

  it('a public key given as the signing key', async () => {
    const pub = await fixture('constellation-cosign.pub')
    const e = await failure(loadSigningKey(pub, undefined))
    expect(e.code).toBe('KEY_INVALID')
    expect(e.input).toBe('signing-key')
    expect(e.message).toMatch(/holds a public key or certificate, not a private key/)
  })

  it('scrypt parameters cosign refuses (N=1024, r=16, p=2) are refused before any work', async () => {
    for (const params of [
      { N: 1024, r: 8, p: 1 },
      { N: 32768, r: 16, p: 1 },
      { N: 32768, r: 8, p: 2 },
      { N: 1 << 20, r: 8, p: 1 },
    ]) {
      const e = await failure(loadSigningKey(cosignEnvelope(params), 'x'))
      expect(e.code).toBe('KEY_INVALID')
      expect(e.input).toBe('signing-key')
      expect(e.message).toContain(`N=${params.N}, r=${params.r}, p=${params.p}`)
      expect(e.message).toMatch(/valid: scrypt N of 32768, 65536, 131072 with r=8 and p=1/)
    }
  })

  it('accepts N=131072, the largest cosign reads (the box then fails to open)', async () => {
    const e = await failure(loadSigningKey(cosignEnvelope({ N: 131072, r: 8, p: 1 }), 'x'))
    expect(e.input).toBe('signing-key-passphrase')
  })

  it('a missing file names the input and the path', async () => {
    const e = await failure(loadSigningKey('keys/missing.key', 'x', 'signing-key', work))
    expect(e.code).toBe('KEY_INVALID')
    expect(e.input).toBe('signing-key')
    expect(e.message).toContain("file 'keys/missing.key' does not exist")
  })

  it('a directory names the input and the path', async () => {
    const e = await failure(loadSigningKey(work, 'x'))
    expect(e.message).toContain(`file '${work}' is a directory`)
  })

  it('a key cosign cannot sign with, and two keys in one value', async () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
    const small = k1.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const e = await failure(loadSigningKey(small, undefined))
    expect(e.message).toMatch(/EC key on curve secp256k1, which cosign cannot sign with/)

    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const one = p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const two = await failure(loadSigningKey(`${one}${one}`, undefined))
    expect(two.message).toMatch(/holds 2 private keys/)
  })
})

describe('loadPublicKey', () => {
  it('reads PUBLIC KEY and RSA PUBLIC KEY, as text or path', async () => {
    const pem = await fixture('cosign-ed25519.pub')
    expect((await loadPublicKey(pem)).asymmetricKeyType).toBe('ed25519')
    expect((await loadPublicKey(join(FIXTURES, 'cosign-ed25519.pub'))).asymmetricKeyType).toBe(
      'ed25519',
    )
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    expect(pkcs1).toContain('RSA PUBLIC KEY')
    expect(der(await loadPublicKey(pkcs1))).toEqual(der(rsa.publicKey))
  })

  it('refuses a private key without printing it, and names a missing file', async () => {
    const text = await fixture('cosign-keys-test-sigstore.key')
    const e = await failure(loadPublicKey(text))
    expect(e.code).toBe('KEY_INVALID')
    expect(e.input).toBe('verify-key')
    expect(e.message).toMatch(/holds a private key; give the public key instead/)
    expectNoSecrets(e, [text])

    const missing = await failure(loadPublicKey('nowhere/cosign.pub', 'verify-key', work))
    expect(missing.message).toContain("file 'nowhere/cosign.pub' does not exist")
  })
})

// ---------------------------------------------------------------------------------------------

describe('generate-key command', () => {
  function recordingLogger() {
    const lines: string[] = []
    const logger: Logger = {
      debug: () => {},
      info: (m) => lines.push(`info: ${m}`),
      warning: (m) => lines.push(`warning: ${m}`),
      error: (m) => lines.push(`error: ${m}`),
      group: (_name, fn) => fn(),
    }
    return { logger, lines }
  }

  function configFor(inputs: Record<string, string>) {
    const map = new Map(
      Object.entries({ command: 'generate-key', image: 'oci:./unused', ...inputs }),
    )
    return readConfig((name) => map.get(name), {})
  }

  it('writes cosign.key (0600) and cosign.pub that belong together, then refuses to overwrite', async () => {
    const dir = join(work, 'pair')
    await mkdir(dir)
    const { logger, lines } = recordingLogger()
    const masked: string[] = []
    const result = await runCommand(configFor({ context: 'pair' }), {
      logger,
      cwd: work,
      env: { COSIGN_PASSWORD: 'from-env-pass' },
      mask: (v) => masked.push(v),
    })
    const keyPath = join(dir, 'cosign.key')
    const pubPath = join(dir, 'cosign.pub')
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600)
    const privateKeyPem = await readFile(keyPath, 'utf8')
    const publicKeyPem = await readFile(pubPath, 'utf8')
    expect(privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/)
    expect(masked).toEqual(['from-env-pass'])

    const key = await loadSigningKey(keyPath, 'from-env-pass')
    const publicKey = await loadPublicKey(pubPath)
    expectSignsFor(key, publicKey)
    expect(result.outputs['public-key']).toBe(publicKeyPem)
    expect(result.outputs['key-id']).toBe(keyIdOf(publicKey))
    expect(result.summary).toContain(result.outputs['key-id'])
    expect(lines.join('\n')).not.toContain('from-env-pass')
    expect(lines.some((l) => l.startsWith('warning:'))).toBe(false)

    const e = await failure(
      runCommand(configFor({ context: 'pair' }), { logger, cwd: work, env: {} }),
    )
    expect(e.message).toContain(`${keyPath} already exists; refusing to overwrite it`)
    expect(await readFile(keyPath, 'utf8')).toBe(privateKeyPem)
    expect(await readFile(pubPath, 'utf8')).toBe(publicKeyPem)
  })

  it('refuses when only cosign.pub exists, and writes nothing', async () => {
    const dir = join(work, 'only-pub')
    await mkdir(dir)
    await writeFile(join(dir, 'cosign.pub'), 'old\n')
    const e = await failure(
      runCommand(configFor({ context: dir }), { logger: recordingLogger().logger, env: {} }),
    )
    expect(e.message).toContain(join(dir, 'cosign.pub'))
    await expect(stat(join(dir, 'cosign.key'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await readFile(join(dir, 'cosign.pub'), 'utf8')).toBe('old\n')
  })

  it('prefers the signing-key-passphrase input; an empty passphrase is allowed with a warning', async () => {
    const dir = join(work, 'input-pass')
    await mkdir(dir)
    await runCommand(configFor({ context: dir, 'signing-key-passphrase': 'input-pass' }), {
      logger: recordingLogger().logger,
      env: { COSIGN_PASSWORD: 'env-pass' },
    })
    await loadSigningKey(join(dir, 'cosign.key'), 'input-pass')

    const empty = join(work, 'empty-pass')
    await mkdir(empty)
    const { logger, lines } = recordingLogger()
    await runCommand(configFor({ context: empty }), { logger, env: {} })
    expect(lines.some((l) => /warning: .*empty passphrase/.test(l))).toBe(true)
    const key = await loadSigningKey(join(empty, 'cosign.key'), '')
    expect(createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })).asymmetricKeyType).toBe(
      'ec',
    )
  })

  it('a missing folder names the context input', async () => {
    const e = await failure(
      runCommand(configFor({ context: 'no/such/folder' }), {
        logger: recordingLogger().logger,
        cwd: work,
        env: {},
      }),
    )
    expect(e.input).toBe('context')
    expect(e.message).toMatch(/does not exist/)
  })
})
