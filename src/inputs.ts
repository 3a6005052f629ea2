/**
 * The names users type: action inputs (action.yml) and CLI flags are the same words, so this list
 * is the one both config.ts and cli.ts read. Renaming anything here breaks users' workflows.
 */
export const INPUT_NAMES = [
  'command',
  'image',
  'context',
  'builder',
  'dockerfile',
  'base',
  'include',
  'exclude',
  'entrypoint',
  'cmd',
  'env',
  'workdir',
  'user',
  'labels',
  'ports',
  'build-args',
  'target',
  'secrets',
  'tags',
  'sources',
  'allow-dirty',
  'registry-username',
  'registry-password',
  'github-token',
  'insecure-registry',
  'signing-key',
  'signing-key-passphrase',
  'keyless',
  'signature-format',
  'verify-key',
  'certificate-identity',
  'certificate-identity-regexp',
  'certificate-oidc-issuer',
  'require-signature',
  'environment',
  'digest',
  'from-environment',
  'requires',
  'hold-on-rollback',
  'to',
  'reason',
  'ledger',
  'ledger-branch',
  'github-deployment',
  'environment-url',
  'fail-on-drift',
  'repair',
  'push',
  'compare-to',
  'comment',
  'verify-reproducible',
  'pin-base',
] as const

export type InputName = (typeof INPUT_NAMES)[number]

/** Boolean inputs: the CLI accepts them bare (`--keyless`). */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set<InputName>([
  'allow-dirty',
  'keyless',
  'require-signature',
  'github-deployment',
  'fail-on-drift',
  'repair',
  'hold-on-rollback',
  'push',
  'comment',
  'verify-reproducible',
])

/** List and map inputs: a CLI flag given several times adds lines instead of replacing. */
export const MULTI_VALUE_INPUTS: ReadonlySet<InputName> = new Set<InputName>([
  'sources',
  'include',
  'exclude',
  'entrypoint',
  'cmd',
  'env',
  'labels',
  'ports',
  'build-args',
  'secrets',
  'tags',
  'insecure-registry',
])

export const COMMANDS = [
  'release',
  'check',
  'promote',
  'rollback',
  'verify',
  'status',
  'hold',
  'unhold',
  'mark-bad',
  'merge',
  'generate-key',
] as const

export type Command = (typeof COMMANDS)[number]

export function isInputName(name: string): name is InputName {
  return (INPUT_NAMES as readonly string[]).includes(name)
}
