import { createPublicKey } from 'node:crypto'
import { lstat, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import { generateKeyPair } from '../sign/keys.js'
import { keyIdOf } from '../sign/signer.js'
import type { CommandContext, CommandResult } from './context.js'

export const PRIVATE_KEY_FILE = 'cosign.key'
export const PUBLIC_KEY_FILE = 'cosign.pub'

/**
 * `generate-key`: writes a cosign-compatible key pair, cosign.key (encrypted, mode 0600) and
 * cosign.pub, into the `context` folder, as `cosign generate-key-pair` does. Never overwrites: a
 * replaced key would silently orphan every signature made with the old one.
 */
export async function generateKey(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const folder = resolve(ctx.cwd, config.context)
  await checkFolder(folder, config.context)
  const keyPath = join(folder, PRIVATE_KEY_FILE)
  const pubPath = join(folder, PUBLIC_KEY_FILE)
  // Both checked before either is written, so a refusal leaves nothing half done.
  for (const path of [keyPath, pubPath]) await refuseExisting(path)

  const passphrase = passphraseFor(config, ctx)
  const { privateKeyPem, publicKeyPem } = await generateKeyPair(passphrase)

  // 'wx' refuses a file that appeared since the check instead of replacing it.
  await writeNew(keyPath, privateKeyPem, 0o600)
  try {
    await writeNew(pubPath, publicKeyPem, 0o644)
  } catch (e) {
    await rm(keyPath, { force: true })
    throw e
  }
  const keyId = keyIdOf(createPublicKey(publicKeyPem))
  ctx.logger.info(`wrote ${keyPath} (mode 0600) and ${pubPath}`)
  ctx.logger.info(`key id: ${keyId}`)

  return {
    outputs: { 'public-key': publicKeyPem, 'key-id': keyId },
    summary: [
      '### Signing key pair generated',
      '',
      `- Private key: \`${keyPath}\` (encrypted, mode 0600): store its contents as a secret for \`signing-key\`, never commit it`,
      `- Public key: \`${pubPath}\`: commit it; \`verify-key\` takes it`,
      `- Key id: \`${keyId}\``,
      '',
    ].join('\n'),
  }
}

/** The `signing-key-passphrase` input, else COSIGN_PASSWORD as cosign reads it; empty is allowed. */
function passphraseFor(config: Config, ctx: CommandContext): string {
  const passphrase = config.signingKeyPassphrase ?? ctx.env.COSIGN_PASSWORD ?? ''
  if (passphrase === '') {
    ctx.logger.warning(
      'the private key is encrypted with an empty passphrase: anyone who reads cosign.key can sign. ' +
        "Set 'signing-key-passphrase' (or COSIGN_PASSWORD) to protect it.",
    )
  } else {
    ctx.mask(passphrase)
  }
  return passphrase
}

async function checkFolder(folder: string, given: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new UserError(
      'INPUT_INVALID',
      `'${given}' (${folder}) ${info ? 'is not a folder' : 'does not exist'}`,
      {
        input: 'context',
        valid: 'an existing folder to write cosign.key and cosign.pub into (default: .)',
      },
    )
  }
}

async function refuseExisting(path: string): Promise<void> {
  // lstat, not stat: a dangling symlink counts as taken, as the exclusive create will see it.
  const taken = await lstat(path).then(
    () => true,
    () => false,
  )
  if (taken) throw existsError(path)
}

async function writeNew(path: string, content: string, mode: number): Promise<void> {
  try {
    await writeFile(path, content, { mode, flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path)
    throw e
  }
}

function existsError(path: string): UserError {
  return new UserError('INPUT_INVALID', `${path} already exists; refusing to overwrite it`, {
    input: 'context',
    valid: 'a folder without cosign.key and cosign.pub',
    hint: 'move the old pair away first: signatures made with it can only be checked with its cosign.pub',
  })
}
