/**
 * Reading and writing signing keys in the formats cosign uses: its scrypt + NaCl secretbox
 * encrypted PEM (`cosign.key`), plain and encrypted PKCS#8, SEC1 and PKCS#1 PEM, and SPKI public
 * keys (`cosign.pub`).
 *
 * Nothing here may put key material or a passphrase into an error: messages name the input, the
 * PEM label and, for files, the path. Errors thrown by node:crypto are never kept as causes, since
 * describeError prints the whole chain and OpenSSL messages are not ours to vet.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateNodeKeyPair,
  randomBytes,
  scrypt,
  type KeyObject,
  type ScryptOptions,
} from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import nacl from 'tweetnacl'
import { UserError } from '../errors.js'

export const SIGSTORE_KEY_LABEL = 'ENCRYPTED SIGSTORE PRIVATE KEY'
export const COSIGN_KEY_LABEL = 'ENCRYPTED COSIGN PRIVATE KEY'
const COSIGN_LABELS: ReadonlySet<string> = new Set([SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL])
/** Labels node:crypto parses itself; `ENCRYPTED PRIVATE KEY` takes the passphrase. */
const PLAIN_LABELS: ReadonlySet<string> = new Set([
  'PRIVATE KEY',
  'EC PRIVATE KEY',
  'RSA PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
])
const PUBLIC_LABELS: ReadonlySet<string> = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY'])

/**
 * go-tuf (cosign up to v2.1) accepts only N=32768; go-securesystemslib (cosign v2.2 on) accepts
 * these three. Anything else is refused, as cosign does, because N is a denial-of-service knob.
 */
export const ACCEPTED_SCRYPT_N: readonly number[] = [32768, 65536, 131072]
/** The one setting every cosign version reads. */
export const GENERATED_SCRYPT = { N: 32768, r: 8, p: 1 } as const
/** 128 * N * r bytes: 128 MiB at N=131072; Node's 32 MiB default refuses even N=32768. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024
const SECRETBOX_KEY_BYTES = 32
const SALT_BYTES = 32

const VALID_SIGNING_KEY =
  'PEM text or the path of a file holding it: cosign.key (ENCRYPTED SIGSTORE PRIVATE KEY or ' +
  'ENCRYPTED COSIGN PRIVATE KEY), or PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ' +
  'ENCRYPTED PRIVATE KEY'
const VALID_PUBLIC_KEY =
  'PEM text or the path of a file holding it: PUBLIC KEY (cosign.pub) or RSA PUBLIC KEY'
const PASSPHRASE_INPUT = 'signing-key-passphrase'
const PASSPHRASE_HINT =
  'cosign generate-key-pair took it from COSIGN_PASSWORD or its prompt; pass the same value'

interface PemBlock {
  label: string
  /** The block re-wrapped as canonical PEM, BEGIN to END, as node:crypto wants it. */
  text: string
  /** The base64 between the armour lines, headers (Proc-Type, DEK-Info) left out. */
  body: string
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The private key in `value` (PEM text, base64 of PEM text, or a file path), decrypted with
 * `passphrase` when it is encrypted. `cwd` anchors a relative path.
 */
export async function loadSigningKey(
  value: string,
  passphrase: string | undefined,
  input = 'signing-key',
  cwd?: string,
): Promise<KeyObject> {
  const { pem, where } = await readPemSource(value, input, VALID_SIGNING_KEY, cwd)
  const blocks = parsePem(pem)
  const candidates = blocks.filter((b) => COSIGN_LABELS.has(b.label) || PLAIN_LABELS.has(b.label))
  if (candidates.length === 0) {
    const labels = blocks.map((b) => b.label)
    const why = labels.some((l) => PUBLIC_LABELS.has(l) || l === 'CERTIFICATE')
      ? `holds a public key or certificate, not a private key`
      : labels.length > 0
        ? `holds no private key (found ${describeLabels(labels)})`
        : 'holds no PEM block (-----BEGIN ...-----)'
    throw new UserError('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_SIGNING_KEY })
  }
  if (candidates.length > 1) {
    throw new UserError(
      'KEY_INVALID',
      `${where} holds ${candidates.length} private keys (${describeLabels(candidates.map((c) => c.label))}); give exactly one`,
      { input, valid: VALID_SIGNING_KEY },
    )
  }
  const block = candidates[0]
  const key = COSIGN_LABELS.has(block.label)
    ? await decryptCosignKey(block, passphrase, input, where)
    : parsePlainPrivateKey(block, passphrase, input, where)
  checkSigningKeyType(key, input, where)
  return key
}

/** The public key in `value` (PEM text, base64 of PEM text, or a file path). */
export async function loadPublicKey(
  value: string,
  input = 'verify-key',
  cwd?: string,
): Promise<KeyObject> {
  const { pem, where } = await readPemSource(value, input, VALID_PUBLIC_KEY, cwd)
  const blocks = parsePem(pem)
  const publics = blocks.filter((b) => PUBLIC_LABELS.has(b.label))
  if (publics.length === 0) {
    const labels = blocks.map((b) => b.label)
    const why = labels.some((l) => COSIGN_LABELS.has(l) || PLAIN_LABELS.has(l))
      ? 'holds a private key; give the public key instead (cosign.pub)'
      : labels.length > 0
        ? `holds no public key (found ${describeLabels(labels)})`
        : 'holds no PEM block (-----BEGIN PUBLIC KEY-----)'
    throw new UserError('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_PUBLIC_KEY })
  }
  if (publics.length > 1) {
    throw new UserError(
      'KEY_INVALID',
      `${where} holds ${publics.length} public keys; give exactly one`,
      { input, valid: VALID_PUBLIC_KEY },
    )
  }
  try {
    return createPublicKey({ key: publics[0].text, format: 'pem' })
  } catch {
    throw new UserError('KEY_INVALID', `${where}: the ${publics[0].label} block is malformed`, {
      input,
      valid: VALID_PUBLIC_KEY,
    })
  }
}

/**
 * A new ECDSA P-256 key pair in cosign's files: the private key as cosign generate-key-pair writes
 * it (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt N=32768 r=8 p=1 so every cosign version reads it),
 * the public key as SPKI PEM.
 */
export async function generateKeyPair(
  passphrase: string,
): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await promisify(generateNodeKeyPair)('ec', {
    namedCurve: 'P-256',
  })
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' })
  const salt = randomBytes(SALT_BYTES)
  const nonce = randomBytes(nacl.secretbox.nonceLength)
  const boxKey = await deriveKey(passphrase, salt, GENERATED_SCRYPT)
  let sealed: Uint8Array
  try {
    sealed = nacl.secretbox(pkcs8, nonce, boxKey)
  } finally {
    boxKey.fill(0)
    pkcs8.fill(0)
  }
  // Field order as go-securesystemslib's encrypted.Encrypt marshals it.
  const envelope = JSON.stringify({
    kdf: {
      name: 'scrypt',
      params: { N: GENERATED_SCRYPT.N, r: GENERATED_SCRYPT.r, p: GENERATED_SCRYPT.p },
      salt: salt.toString('base64'),
    },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(sealed).toString('base64'),
  })
  return {
    privateKeyPem: encodePem(SIGSTORE_KEY_LABEL, Buffer.from(envelope, 'utf8')),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the value

/**
 * PEM text as given, base64-wrapped PEM (a common way to store it as one secret line), or a file.
 * `where` names the source for messages: the input for inline text, the path for a file.
 */
async function readPemSource(
  value: string,
  input: string,
  valid: string,
  cwd: string | undefined,
): Promise<{ pem: string; where: string }> {
  const trimmed = value.trim()
  if (trimmed === '') {
    throw new UserError('INPUT_MISSING', 'is empty', { input, valid })
  }
  if (trimmed.includes('-----BEGIN')) return { pem: trimmed, where: 'the PEM text' }
  if (/^LS0tLS1CRUdJTi[A-Za-z0-9+/=\s]*$/.test(trimmed)) {
    return { pem: Buffer.from(trimmed, 'base64').toString('utf8'), where: 'the base64 PEM text' }
  }
  // A value that cannot be a path may be key material pasted without its armour: never echo it.
  if (!looksLikePath(trimmed)) {
    throw new UserError(
      'KEY_INVALID',
      'is neither PEM text (no -----BEGIN line) nor a file path (the value is not shown: it may be key material)',
      { input, valid },
    )
  }
  const path = cwd ? resolve(cwd, trimmed) : trimmed
  try {
    return { pem: await readFile(path, 'utf8'), where: `file '${trimmed}'` }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${code ?? 'unknown error'})`
    throw new UserError('KEY_INVALID', `file '${trimmed}' ${why}`, {
      input,
      valid,
      hint: 'paths are relative to the working directory; give PEM text to pass the key itself',
    })
  }
}

/** One line, not too long, and not a run of base64 that long: a path, not a pasted secret. */
function looksLikePath(value: string): boolean {
  if (/[\r\n]/.test(value) || value.length > 1024) return false
  return !/^[A-Za-z0-9+/=]{60,}$/.test(value)
}

/**
 * Every armoured block in `text`. Each block is re-wrapped into canonical PEM, so keys pasted with
 * CRLF line ends or flattened onto one line (as some secret stores do) still parse.
 */
function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = []
  for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    const label = match[1]
    const lines = match[2]
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
    // RFC 1421 headers (Proc-Type, DEK-Info of legacy OpenSSL encryption) come before the base64.
    const headers: string[] = []
    while (lines.length > 0 && /^[A-Za-z-]+:/.test(lines[0])) headers.push(lines.shift() ?? '')
    const body = lines.join('').replace(/\s+/g, '')
    const text = [
      `-----BEGIN ${label}-----`,
      ...(headers.length > 0 ? [...headers, ''] : []),
      ...(body.match(/.{1,64}/g) ?? []),
      `-----END ${label}-----`,
      '',
    ].join('\n')
    blocks.push({ label, text, body })
  }
  return blocks
}

function describeLabels(labels: string[]): string {
  return [...new Set(labels)].join(', ')
}

function encodePem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

// ---------------------------------------------------------------------------------------------
// cosign's encrypted format

interface CosignEnvelope {
  N: number
  r: number
  p: number
  salt: Buffer
  nonce: Buffer
  ciphertext: Buffer
}

async function decryptCosignKey(
  block: PemBlock,
  passphrase: string | undefined,
  input: string,
  where: string,
): Promise<KeyObject> {
  const envelope = parseEnvelope(block, input, where)
  const { N, r, p } = envelope
  if (!ACCEPTED_SCRYPT_N.includes(N) || r !== 8 || p !== 1) {
    throw new UserError(
      'KEY_INVALID',
      `${where}: the ${block.label} uses scrypt parameters N=${N}, r=${r}, p=${p}, which cosign refuses`,
      {
        input,
        valid: `scrypt N of ${ACCEPTED_SCRYPT_N.join(', ')} with r=8 and p=1`,
        hint: 'generate the key again with cosign generate-key-pair or immutable-release generate-key',
      },
    )
  }
  const boxKey = await deriveKey(passphrase ?? '', envelope.salt, { N, r, p })
  let plain: Uint8Array | null
  try {
    plain = nacl.secretbox.open(envelope.ciphertext, envelope.nonce, boxKey)
  } finally {
    boxKey.fill(0)
  }
  if (plain === null) {
    const message = passphrase
      ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
      : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`
    throw new UserError('KEY_INVALID', message, {
      input: PASSPHRASE_INPUT,
      valid: `the passphrase ${input} was encrypted with`,
      hint: PASSPHRASE_HINT,
    })
  }
  const der = Buffer.from(plain)
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } catch {
    throw new UserError(
      'KEY_INVALID',
      `${where}: the ${block.label} decrypts, but not to a PKCS#8 private key (cosign refuses such a key too)`,
      {
        input,
        valid: VALID_SIGNING_KEY,
        hint: 'import the plain key with cosign import-key-pair, which re-encrypts it as PKCS#8',
      },
    )
  } finally {
    der.fill(0)
    plain.fill(0)
  }
}

function parseEnvelope(block: PemBlock, input: string, where: string): CosignEnvelope {
  const malformed = (what: string): never => {
    throw new UserError(
      'KEY_INVALID',
      `${where}: the ${block.label} block is malformed (${what})`,
      {
        input,
        valid: VALID_SIGNING_KEY,
      },
    )
  }
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(block.body, 'base64').toString('utf8'))
  } catch {
    return malformed('its content is not the JSON cosign writes')
  }
  const record = (value: unknown): Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  const root = record(json)
  const kdf = record(root.kdf)
  const params = record(kdf.params)
  const cipher = record(root.cipher)
  if (kdf.name !== 'scrypt') return malformed(`key derivation is not scrypt`)
  if (cipher.name !== 'nacl/secretbox') return malformed('cipher is not nacl/secretbox')
  const int = (name: string): number => {
    const value = params[name]
    return typeof value === 'number' && Number.isSafeInteger(value)
      ? value
      : malformed(`scrypt ${name} is not a number`)
  }
  const bytes = (value: unknown, name: string): Buffer =>
    typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
      ? Buffer.from(value, 'base64')
      : malformed(`${name} is not base64`)
  const salt = bytes(kdf.salt, 'salt')
  const nonce = bytes(cipher.nonce, 'nonce')
  const ciphertext = bytes(root.ciphertext, 'ciphertext')
  if (salt.length === 0) malformed('salt is empty')
  if (nonce.length !== nacl.secretbox.nonceLength) malformed(`nonce is not 24 bytes`)
  if (ciphertext.length <= nacl.secretbox.overheadLength) malformed('ciphertext is too short')
  return { N: int('N'), r: int('r'), p: int('p'), salt, nonce, ciphertext }
}

/** scrypt(passphrase, salt, N, r, p) → the 32-byte secretbox key, off the event loop. */
async function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const derive = promisify<string | Buffer, Buffer, number, ScryptOptions, Buffer>(scrypt)
  return derive(Buffer.from(passphrase, 'utf8'), salt, SECRETBOX_KEY_BYTES, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: SCRYPT_MAXMEM,
  })
}

// ---------------------------------------------------------------------------------------------
// Plain PEM private keys

function parsePlainPrivateKey(
  block: PemBlock,
  passphrase: string | undefined,
  input: string,
  where: string,
): KeyObject {
  const encrypted =
    block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text)
  try {
    // An empty passphrase is a real one (cosign allows it), so it is passed, never dropped.
    return createPrivateKey({ key: block.text, format: 'pem', passphrase: passphrase ?? '' })
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (encrypted && isDecryptFailure(code)) {
      throw new UserError(
        'KEY_INVALID',
        passphrase
          ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
          : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`,
        {
          input: PASSPHRASE_INPUT,
          valid: `the passphrase ${input} was encrypted with`,
          hint: PASSPHRASE_HINT,
        },
      )
    }
    throw new UserError('KEY_INVALID', `${where}: the ${block.label} block is malformed`, {
      input,
      valid: VALID_SIGNING_KEY,
    })
  }
}

function isDecryptFailure(code: unknown): boolean {
  return (
    code === 'ERR_OSSL_BAD_DECRYPT' ||
    code === 'ERR_MISSING_PASSPHRASE' ||
    code === 'ERR_OSSL_EVP_BAD_DECRYPT' ||
    code === 'ERR_OSSL_PEM_BAD_DECRYPT' ||
    code === 'ERR_OSSL_PKCS12_PKCS12_CIPHERFINAL_ERROR'
  )
}

function describeWhere(where: string, input: string): string {
  return where.startsWith('file ') ? `${input} (${where})` : input
}

/** What cosign signs with: ECDSA P-256/384/521, RSA 2048 to 4096 bits, Ed25519. */
function checkSigningKeyType(key: KeyObject, input: string, where: string): void {
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  const curves = ['prime256v1', 'secp384r1', 'secp521r1']
  const bits = details.modulusLength ?? 0
  const ok =
    (type === 'ec' && curves.includes(details.namedCurve ?? '')) ||
    (type === 'rsa' && bits >= 2048 && bits <= 4096) ||
    type === 'ed25519'
  if (!ok) {
    const what =
      type === 'ec'
        ? `an EC key on curve ${details.namedCurve ?? 'unknown'}`
        : type === 'rsa'
          ? `a ${bits}-bit RSA key`
          : `a ${type ?? 'unknown'} key`
    throw new UserError('KEY_INVALID', `${where} holds ${what}, which cosign cannot sign with`, {
      input,
      valid: 'ECDSA P-256, P-384 or P-521, RSA of 2048 to 4096 bits, or Ed25519',
    })
  }
}
