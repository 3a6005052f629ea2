/**
 * The command registry: every command, input and output a user can name, in one table. The CLI
 * parser, `help`, the action's input checks and the test that holds action.yml and the README to
 * the same names all read it. It imports no command module, so reading it loads nothing else.
 * Renaming anything here breaks users' workflows.
 *
 * To add an input: one object in INPUTS (name, type, default, description, commands).
 */

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
  'scan',
] as const

export type Command = (typeof COMMANDS)[number]

export const BUILDERS = ['auto', 'native', 'buildah', 'docker'] as const
export const SIGNATURE_FORMATS = ['legacy', 'bundle', 'both'] as const
export const PIN_BASE_MODES = ['off', 'warn', 'require'] as const
export const SIGSTORE_CHOICES = ['auto', 'public-good', 'github'] as const

/**
 * boolean: `true`/`false` (a bare CLI flag is true); list and map: one item per line, and a CLI
 * flag given several times adds lines; choice: one of `choices`; string: anything the parser of
 * config.ts accepts.
 */
export type InputType = 'string' | 'boolean' | 'list' | 'map' | 'choice'

export interface InputSpec {
  readonly name: string
  readonly type: InputType
  /** As action.yml states it; '' when there is none. */
  readonly default: string
  readonly description: string
  /** The commands that read it; 'all' for every command. */
  readonly commands: readonly Command[] | 'all'
  readonly choices?: readonly string[]
}

const BUILD: readonly Command[] = ['release', 'check']
const REGISTRY: readonly Command[] = COMMANDS.filter((c) => c !== 'generate-key')
const MOVES: readonly Command[] = ['promote', 'rollback']
const LEDGER: readonly Command[] = [
  'promote',
  'rollback',
  'status',
  'hold',
  'unhold',
  'mark-bad',
  'scan',
]
const SCANS: readonly Command[] = ['scan', 'promote', 'rollback']
export const SEVERITY_THRESHOLDS = ['none', 'low', 'medium', 'high', 'critical'] as const
const TRUST: readonly Command[] = ['verify', 'promote', 'rollback']
const SIGNS: readonly Command[] = ['release', 'merge']

export const INPUTS = [
  {
    name: 'command',
    type: 'choice',
    choices: COMMANDS,
    default: 'release',
    description: `what to do: ${COMMANDS.join(', ')}`,
    commands: 'all',
  },
  {
    name: 'image',
    type: 'string',
    default: '',
    description:
      'repository (host[:port]/path) or oci:PATH (an image layout), with an optional :tag or @sha256:…; empty in Actions means ghcr.io/<owner>/<repo>',
    commands: REGISTRY,
  },
  {
    name: 'context',
    type: 'string',
    default: '.',
    description: 'folder to build from (generate-key: where to write the key pair)',
    commands: [...BUILD, 'merge', 'generate-key'],
  },
  {
    name: 'builder',
    type: 'choice',
    choices: BUILDERS,
    default: 'auto',
    description: 'auto picks docker or buildah for a Dockerfile, else native',
    commands: BUILD,
  },
  {
    name: 'dockerfile',
    type: 'string',
    default: '',
    description:
      'Dockerfile path for buildah and docker builds (default: Dockerfile in the context)',
    commands: BUILD,
  },
  {
    name: 'base',
    type: 'string',
    default: '',
    description: 'base image for native builds (a tag or digest reference, or scratch)',
    commands: BUILD,
  },
  {
    name: 'include',
    type: 'list',
    default: '',
    description: 'native builds: only files matching these .dockerignore-style patterns',
    commands: BUILD,
  },
  {
    name: 'exclude',
    type: 'list',
    default: '',
    description: "native builds: files to leave out, after the context's .dockerignore",
    commands: BUILD,
  },
  {
    name: 'layers',
    type: 'list',
    default: '',
    description:
      'native builds: .dockerignore-style patterns, one layer per line, written before the rest of the context so that what changes rarely keeps its digest; empty means **/node_modules, **/vendor, **/.venv, **/site-packages; none for one layer',
    commands: BUILD,
  },
  {
    name: 'cache',
    type: 'string',
    default: 'registry',
    description:
      'Dockerfile builds: where steps are cached between runs: registry (<image>:buildcache for docker, the repository <image>/buildcache for buildah), none, or a repository[:tag] of your own; an oci: image has no registry, so no cache',
    commands: BUILD,
  },
  {
    name: 'entrypoint',
    type: 'list',
    default: '',
    description: 'image entrypoint for native builds (JSON array or one argument per line)',
    commands: BUILD,
  },
  {
    name: 'cmd',
    type: 'list',
    default: '',
    description: 'image cmd for native builds (JSON array or one argument per line)',
    commands: BUILD,
  },
  {
    name: 'env',
    type: 'map',
    default: '',
    description: 'image environment for native builds, NAME=value',
    commands: BUILD,
  },
  {
    name: 'workdir',
    type: 'string',
    default: '',
    description: 'image working directory for native builds',
    commands: BUILD,
  },
  {
    name: 'user',
    type: 'string',
    default: '',
    description: 'image user for native builds',
    commands: BUILD,
  },
  {
    name: 'labels',
    type: 'map',
    default: '',
    description: 'image labels for native builds, key=value',
    commands: BUILD,
  },
  {
    name: 'ports',
    type: 'list',
    default: '',
    description: 'exposed ports for native builds, e.g. 8080/tcp',
    commands: BUILD,
  },
  {
    name: 'build-args',
    type: 'map',
    default: '',
    description: 'Dockerfile build arguments, NAME=value',
    commands: BUILD,
  },
  {
    name: 'target',
    type: 'string',
    default: '',
    description: 'Dockerfile target stage',
    commands: BUILD,
  },
  {
    name: 'secrets',
    type: 'map',
    default: '',
    description: 'Dockerfile build secrets, id=value (masked, passed as files)',
    commands: BUILD,
  },
  {
    name: 'tags',
    type: 'list',
    default: '',
    description: 'extra tags; sha-<commit> and version tags are added on their own',
    commands: [...BUILD, 'merge'],
  },
  {
    name: 'sources',
    type: 'list',
    default: '',
    description:
      'merge: the per-platform images to join, one per line: sha256:…, repo@sha256:…, or a release job’s metadata output',
    commands: ['merge'],
  },
  {
    name: 'allow-dirty',
    type: 'boolean',
    default: 'false',
    description:
      'release: build uncommitted changes (tagged sha-<commit>-dirty-<tree> only, never sha-<commit> or a version); promote/rollback: accept an image built that way',
    commands: [...BUILD, 'merge', ...MOVES],
  },
  {
    name: 'registry-username',
    type: 'string',
    default: '',
    description:
      "registry user name; else docker's config.json, or the actor for ghcr.io in Actions",
    commands: REGISTRY,
  },
  {
    name: 'registry-password',
    type: 'string',
    default: '',
    description:
      "registry password or token; else docker's config.json, or github-token for ghcr.io in Actions",
    commands: REGISTRY,
  },
  {
    name: 'github-token',
    type: 'string',
    default: '${{ github.token }}',
    description:
      'token for ghcr.io, the ledger push, Deployments and pull request comments (CLI: GITHUB_TOKEN)',
    commands: REGISTRY,
  },
  {
    name: 'insecure-registry',
    type: 'list',
    default: '',
    description: 'registries (host[:port]) that may use plain http; loopback always may',
    commands: REGISTRY,
  },
  {
    name: 'registry-ca',
    type: 'string',
    default: '',
    description:
      'PEM file of a certificate authority to trust for https registries and an https ledger (adds to the public ones)',
    commands: REGISTRY,
  },
  {
    name: 'network-timeout',
    type: 'string',
    default: '60',
    description: 'seconds without a byte after which a registry request is abandoned and retried',
    commands: REGISTRY,
  },
  {
    name: 'signing-key',
    type: 'string',
    default: '',
    description:
      'cosign private key (file path or PEM) that signs the image, provenance and record',
    commands: SIGNS,
  },
  {
    name: 'signing-key-passphrase',
    type: 'string',
    default: '',
    description: 'passphrase of signing-key (generate-key: of the new key; else COSIGN_PASSWORD)',
    commands: [...SIGNS, 'generate-key'],
  },
  {
    name: 'keyless',
    type: 'boolean',
    default: 'false',
    description: 'sign keyless through GitHub OIDC (needs id-token: write)',
    commands: SIGNS,
  },
  {
    name: 'sigstore',
    type: 'choice',
    choices: SIGSTORE_CHOICES,
    default: 'auto',
    description:
      "keyless: Sigstore instance that signs; auto is GitHub's for private and internal repositories, public-good for public ones and outside Actions",
    commands: SIGNS,
  },
  {
    name: 'github-attestations',
    type: 'boolean',
    default: 'false',
    description:
      "also store the SLSA provenance bundle through GitHub's attestations API, for `gh attestation verify` (needs attestations: write)",
    commands: ['release'],
  },
  {
    name: 'sbom',
    type: 'boolean',
    default: 'true',
    description:
      'attach a CycloneDX SBOM to every platform manifest (and a signed attestation of it when signing)',
    commands: SIGNS,
  },
  {
    name: 'signature-format',
    type: 'choice',
    choices: SIGNATURE_FORMATS,
    default: 'both',
    description: 'legacy (.sig tag), bundle (Sigstore bundle referrer) or both',
    commands: SIGNS,
  },
  {
    name: 'verify-key',
    type: 'string',
    default: '',
    description: 'public key (file path or PEM) a valid signature must match',
    commands: TRUST,
  },
  {
    name: 'certificate-identity',
    type: 'string',
    default: '',
    description: 'keyless: exact certificate identity a valid signature must carry',
    commands: TRUST,
  },
  {
    name: 'certificate-identity-regexp',
    type: 'string',
    default: '',
    description: 'keyless: regular expression the certificate identity must match',
    commands: TRUST,
  },
  {
    name: 'certificate-oidc-issuer',
    type: 'string',
    default: '',
    description: 'keyless: OIDC issuer a valid certificate must name',
    commands: TRUST,
  },
  {
    name: 'trusted-root',
    type: 'string',
    default: '',
    description:
      "keyless: a Sigstore trusted_root.json to trust instead of public-good's and GitHub's from TUF (SIGSTORE_TRUSTED_ROOT is an alias)",
    commands: TRUST,
  },
  {
    name: 'require-signature',
    type: 'boolean',
    default: 'true',
    description: 'promotion refuses an image without a verified signature',
    commands: MOVES,
  },
  {
    name: 'environment',
    type: 'string',
    default: '',
    description: 'environment to promote, roll back, hold, unhold, report or scan',
    commands: [...LEDGER.filter((c) => c !== 'mark-bad')],
  },
  {
    name: 'digest',
    type: 'string',
    default: '',
    description: 'image digest (sha256:…) to promote, verify or mark bad',
    commands: ['promote', 'verify', 'mark-bad'],
  },
  {
    name: 'from-environment',
    type: 'string',
    default: '',
    description: 'promote what is current in this environment',
    commands: ['promote'],
  },
  {
    name: 'requires',
    type: 'string',
    default: '',
    description: 'the digest must have been current in this environment first (lifecycle order)',
    commands: ['promote'],
  },
  {
    name: 'hold-on-rollback',
    type: 'boolean',
    default: 'true',
    description: 'hold the environment after a rollback, so automatic promotes wait for unhold',
    commands: ['rollback'],
  },
  {
    name: 'to',
    type: 'string',
    default: '',
    description: 'rollback target digest instead of the retained previous',
    commands: ['rollback'],
  },
  {
    name: 'reason',
    type: 'string',
    default: '',
    description: 'why: recorded with a rollback, hold or mark-bad',
    commands: ['rollback', 'hold', 'mark-bad'],
  },
  {
    name: 'ledger',
    type: 'string',
    default: '',
    description: 'git remote URL or path of the ledger, or none; empty means this repository',
    commands: [...LEDGER, 'check'],
  },
  {
    name: 'ledger-branch',
    type: 'string',
    default: 'release-ledger',
    description: 'branch of the ledger',
    commands: [...LEDGER, 'check'],
  },
  {
    name: 'github-deployment',
    type: 'boolean',
    default: 'false',
    description: 'write GitHub Deployments and statuses as a projection of the ledger',
    commands: MOVES,
  },
  {
    name: 'environment-url',
    type: 'string',
    default: '',
    description: 'URL shown on the GitHub Deployment',
    commands: MOVES,
  },
  {
    name: 'fail-on-drift',
    type: 'boolean',
    default: 'false',
    description: 'exit 3 when the registry tags differ from the ledger',
    commands: ['status'],
  },
  {
    name: 'repair',
    type: 'boolean',
    default: 'false',
    description: 'rewrite the registry tags <env> and <env>-previous to match the ledger',
    commands: ['status'],
  },
  {
    name: 'history',
    type: 'boolean',
    default: 'false',
    description:
      "list every past placement of each environment, including those archived under the ledger's history/ folder",
    commands: ['status'],
  },
  {
    name: 'push',
    type: 'boolean',
    default: 'false',
    description: 'push blobs (never tags) for later reuse',
    commands: ['check'],
  },
  {
    name: 'compare-to',
    type: 'string',
    default: '',
    description: 'environment or image reference to plan against',
    commands: ['check'],
  },
  {
    name: 'comment',
    type: 'boolean',
    default: 'false',
    description: 'write the plan to one pull request comment, updated in place',
    commands: ['check'],
  },
  {
    name: 'verify-reproducible',
    type: 'boolean',
    default: 'false',
    description: 'build twice in separate folders and compare the digests',
    commands: ['check'],
  },
  {
    name: 'advisories',
    type: 'list',
    default: 'https://api.osv.dev',
    description:
      "where OSV advisories come from: the OSV API (an http(s) URL), or folders or .zip files of OSV JSON (osv.dev's per-ecosystem all.zip), one per line",
    commands: SCANS,
  },
  {
    name: 'fail-on-severity',
    type: 'choice',
    choices: SEVERITY_THRESHOLDS,
    default: 'none',
    description:
      'scan: exit 1 when a finding is at or above this severity; promote: refuse such a digest (gate vulnerabilities); rollback: only warn',
    commands: SCANS,
  },
  {
    name: 'ignore-advisories',
    type: 'list',
    default: '',
    description:
      'accepted risks: one advisory id (or alias) a line, followed by the reason, which is logged',
    commands: SCANS,
  },
  {
    name: 'pin-base',
    type: 'choice',
    choices: PIN_BASE_MODES,
    default: 'warn',
    description: 'base images not pinned by digest: off, warn or require (an error)',
    commands: BUILD,
  },
] as const satisfies readonly InputSpec[]

export type InputName = (typeof INPUTS)[number]['name']

export const INPUT_NAMES: readonly InputName[] = INPUTS.map((i) => i.name)

/** How `--json` prints an output: list splits lines, json nests the parsed value. */
export type OutputType = 'string' | 'boolean' | 'list' | 'json'

export interface OutputSpec {
  readonly name: string
  readonly type: OutputType
  readonly description: string
}

export const OUTPUTS = [
  {
    name: 'digest',
    type: 'string',
    description: 'sha256:… of the image (the index when several platforms)',
  },
  {
    name: 'image',
    type: 'string',
    description: 'repository@sha256:…, the immutable reference to deploy',
  },
  { name: 'tags', type: 'list', description: 'tags written, newline separated' },
  {
    name: 'metadata',
    type: 'json',
    description: 'JSON: digest, platforms, tags, record digest, signature refs, reproducible',
  },
  { name: 'record-digest', type: 'string', description: 'digest of the release record artifact' },
  {
    name: 'environment',
    type: 'string',
    description: 'environment that was promoted, rolled back, held or unheld',
  },
  {
    name: 'previous-digest',
    type: 'string',
    description: 'digest the environment pointed to before',
  },
  {
    name: 'promoted',
    type: 'boolean',
    description: "promote: 'true' when the environment moved, 'false' when it was already there",
  },
  {
    name: 'changed',
    type: 'boolean',
    description: "hold, unhold, mark-bad: 'true' when the ledger changed",
  },
  {
    name: 'rolled-back',
    type: 'boolean',
    description:
      "rollback: 'true' when the environment moved back, 'false' when it was already there",
  },
  {
    name: 'held',
    type: 'boolean',
    description: "rollback: 'true' when the environment is now on hold",
  },
  {
    name: 'verified',
    type: 'boolean',
    description: "'true' when every signature present, the record and the provenance check out",
  },
  { name: 'public-key', type: 'string', description: 'the new public key (PEM)' },
  {
    name: 'key-id',
    type: 'string',
    description: 'sha256 of the public key (SubjectPublicKeyInfo DER), hex',
  },
  {
    name: 'plan',
    type: 'string',
    description: 'the plan (markdown) against compare-to, as in the summary and the PR comment',
  },
  {
    name: 'drift',
    type: 'boolean',
    description: "'true' when a registry tag differs from the ledger",
  },
  { name: 'environments', type: 'list', description: 'the environments reported, one per line' },
  {
    name: 'findings',
    type: 'json',
    description:
      'JSON: per environment and image, each finding (advisory id, aliases, package, installed and fixed version, severity) and the way out',
  },
  { name: 'sarif', type: 'string', description: 'path of the SARIF 2.1.0 file of the scan' },
  {
    name: 'status',
    type: 'json',
    description:
      'JSON: per environment its current and previous (digest, version, commit, at, by, run URL), hold, marks and drift',
  },
] as const satisfies readonly OutputSpec[]

export type OutputName = (typeof OUTPUTS)[number]['name']

export interface CommandSpec {
  readonly name: Command
  readonly summary: string
  readonly outputs: readonly OutputName[]
  /** Two command lines, without the program name. */
  readonly examples: readonly [string, string]
}

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'release',
    summary: 'build, push, sign and record an image of this commit',
    outputs: ['digest', 'image', 'tags', 'metadata', 'record-digest'],
    examples: [
      'release --image oci:./out/app --context examples/hello --base scratch',
      'release --image ghcr.io/acme/shop --signing-key cosign.key --tags latest',
    ],
  },
  {
    name: 'check',
    summary: 'build and plan a release against an environment, moving nothing',
    outputs: ['digest', 'image', 'tags', 'plan'],
    examples: [
      'check --image ghcr.io/acme/shop --compare-to production',
      'check --image oci:./out/app --verify-reproducible',
    ],
  },
  {
    name: 'promote',
    summary: 'move an environment to a digest, through the ledger',
    outputs: ['environment', 'previous-digest', 'digest', 'image', 'promoted'],
    examples: [
      'promote --image ghcr.io/acme/shop@sha256:… --environment staging --verify-key cosign.pub',
      'promote --image ghcr.io/acme/shop --environment production --from-environment staging',
    ],
  },
  {
    name: 'rollback',
    summary: 'move an environment back to its previous digest and hold it',
    outputs: ['environment', 'previous-digest', 'digest', 'image', 'rolled-back', 'held'],
    examples: [
      'rollback --image ghcr.io/acme/shop --environment production --reason "bad deploy"',
      'rollback --image oci:./out/app --environment staging --to sha256:…',
    ],
  },
  {
    name: 'verify',
    summary: 'check the signatures, provenance and record of an image',
    outputs: ['digest', 'image', 'verified'],
    examples: [
      'verify --image ghcr.io/acme/shop:1.2.3 --verify-key cosign.pub',
      'verify --image oci:./out/app@sha256:… --verify-key cosign.pub',
    ],
  },
  {
    name: 'status',
    summary: 'show each environment: current, previous, hold, marks and drift',
    outputs: ['status', 'environments', 'drift'],
    examples: [
      'status --image ghcr.io/acme/shop --json',
      'status --image oci:./out/app --environment production --fail-on-drift',
    ],
  },
  {
    name: 'hold',
    summary: 'stop automatic promotes of an environment until unhold',
    outputs: ['environment', 'changed'],
    examples: [
      'hold --image ghcr.io/acme/shop --environment production --reason "incident 42"',
      'hold --image oci:./out/app --environment staging',
    ],
  },
  {
    name: 'unhold',
    summary: 'lift the hold of an environment',
    outputs: ['environment', 'changed'],
    examples: [
      'unhold --image ghcr.io/acme/shop --environment production',
      'unhold --image oci:./out/app --environment staging --ledger ../ledger',
    ],
  },
  {
    name: 'mark-bad',
    summary: 'forbid a digest in every environment',
    outputs: ['digest', 'changed'],
    examples: [
      'mark-bad --image ghcr.io/acme/shop --digest sha256:… --reason "CVE-2026-1234"',
      'mark-bad --image oci:./out/app@sha256:…',
    ],
  },
  {
    name: 'merge',
    summary: 'join per-platform releases into one multi-platform release',
    outputs: ['digest', 'image', 'tags', 'metadata', 'record-digest'],
    examples: [
      'merge --image ghcr.io/acme/shop --sources "$AMD64_METADATA" --sources "$ARM64_METADATA"',
      'merge --image oci:./out/app --sources sha256:… --sources sha256:…',
    ],
  },
  {
    name: 'scan',
    summary: 'match the SBOMs of every environment against OSV advisories, and name the way out',
    outputs: ['environments', 'findings', 'sarif'],
    examples: [
      'scan --image ghcr.io/acme/shop --fail-on-severity high',
      'scan --image ghcr.io/acme/shop:1.2.3 --advisories ./osv/Debian-all.zip --advisories ./osv/npm',
    ],
  },
  {
    name: 'generate-key',
    summary: 'write a cosign key pair (cosign.key, cosign.pub) into the context folder',
    outputs: ['public-key', 'key-id'],
    examples: ['generate-key --context .', 'generate-key --context keys/'],
  },
]

/** Boolean inputs: the CLI accepts them bare (`--keyless`). */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set(
  INPUTS.filter((i) => i.type === 'boolean').map((i) => i.name),
)

/** List and map inputs: a CLI flag given several times adds lines instead of replacing. */
export const MULTI_VALUE_INPUTS: ReadonlySet<InputName> = new Set(
  INPUTS.filter((i) => i.type === 'list' || i.type === 'map').map((i) => i.name),
)

export function isInputName(name: string): name is InputName {
  return (INPUT_NAMES as readonly string[]).includes(name)
}

export function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name)
}

/** The registry seen through its interface, without the literal types of each entry. */
const INPUT_SPECS: readonly InputSpec[] = INPUTS

export function commandSpec(name: Command): CommandSpec {
  return COMMAND_SPECS.find((c) => c.name === name)!
}

export function outputSpec(name: string): OutputSpec | undefined {
  return OUTPUTS.find((o) => o.name === name)
}

/** The inputs a command reads, in registry order. */
export function inputsOf(command: Command): InputSpec[] {
  return INPUT_SPECS.filter((i) => i.commands === 'all' || i.commands.includes(command))
}

/**
 * Inputs given a value (other than their default) that the command does not read, with the
 * commands that do: a typo'd workflow or command line is pointed out instead of ignored.
 */
export function unusedInputs(
  command: Command,
  value: (name: InputName) => string | undefined,
): { name: InputName; commands: readonly Command[] }[] {
  const unused: { name: InputName; commands: readonly Command[] }[] = []
  for (const spec of INPUT_SPECS) {
    // A default the runner fills in from an expression (the token) is never the user's doing.
    if (spec.commands === 'all' || spec.commands.includes(command)) continue
    if (spec.default.startsWith('${{')) continue
    const given = value(spec.name as InputName)?.trim()
    if (given && given !== spec.default) {
      unused.push({ name: spec.name as InputName, commands: spec.commands })
    }
  }
  return unused
}
