/**
 * Which Sigstore instance signs: public-good (Fulcio + the public Rekor log) or GitHub's own
 * (Fulcio + an RFC 3161 timestamp authority, no public log), as actions/attest-build-provenance
 * chooses. A private repository's workflow identity must never reach the public log.
 */
import { readFileSync } from 'node:fs'
import { UserError } from '../errors.js'
import type { SIGSTORE_CHOICES } from '../inputs.js'
import { eventFacts } from '../event.js'

export type SigstoreChoice = (typeof SIGSTORE_CHOICES)[number]
export type InstanceName = Exclude<SigstoreChoice, 'auto'>

export interface SigstoreInstance {
  name: InstanceName
  fulcioURL: string
  /** Public-good only: GitHub's instance writes to no transparency log. */
  rekorURL?: string
  /** GitHub's instance only: the base URL, @sigstore/sign adds /api/v1/timestamp. */
  tsaURL?: string
  /** The TUF repository whose trusted_root.json holds this instance's CAs, logs and TSAs. */
  tufMirrorURL: string
  /** The first trusted TUF root.json, as a file (the client copies it into its cache). */
  tufRootPath?: string
}

export const PUBLIC_GOOD: SigstoreInstance = {
  name: 'public-good',
  fulcioURL: 'https://fulcio.sigstore.dev',
  rekorURL: 'https://rekor.sigstore.dev',
  tufMirrorURL: 'https://tuf-repo-cdn.sigstore.dev',
}

/**
 * GitHub's instance for the server the job runs on; github.com signs through githubapp.com,
 * GHE.com tenants through their own host (the rule of @actions/attest's signingEndpoints).
 */
export function githubInstance(env: NodeJS.ProcessEnv): SigstoreInstance {
  let host = 'github.com'
  try {
    host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname
  } catch {
    // A malformed GITHUB_SERVER_URL is the runner's problem; github.com is the safe reading.
  }
  const signing = host === 'github.com' ? 'githubapp.com' : host
  return {
    name: 'github',
    fulcioURL: `https://fulcio.${signing}`,
    tsaURL: `https://timestamp.${signing}`,
    tufMirrorURL: `https://tuf-repo.${host}`,
  }
}

/**
 * Test-only: a JSON file naming stand-ins for each instance's endpoints, so tests can run
 * against local mocks. Always announced in the log; never read unless this variable is set.
 */
export const TEST_ENDPOINTS_VARIABLE = 'IMMUTABLE_RELEASE_TEST_SIGSTORE_ENDPOINTS'

type Overrides = Partial<Record<InstanceName, Omit<SigstoreInstance, 'name'>>>

function testOverrides(env: NodeJS.ProcessEnv): Overrides | undefined {
  const path = env[TEST_ENDPOINTS_VARIABLE]
  if (!path) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Overrides
  } catch (e) {
    throw new UserError('INPUT_INVALID', `cannot read the endpoints file ${path}`, {
      input: TEST_ENDPOINTS_VARIABLE,
      valid: 'unset it (it is for tests only), or a JSON file of Sigstore endpoints',
      cause: e,
    })
  }
}

/**
 * The instance with its endpoints; test stand-ins replace every endpoint of an instance at once,
 * so a test can never mix a stand-in with a real service.
 */
export function instanceEndpoints(
  name: InstanceName,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): SigstoreInstance {
  const real = name === 'github' ? githubInstance(env) : PUBLIC_GOOD
  const override = testOverrides(env)?.[name]
  if (!override) return real
  warn(`${TEST_ENDPOINTS_VARIABLE} is set: ${name} endpoints are test stand-ins`)
  return { name, ...override }
}

export interface InstanceChoice {
  name: InstanceName
  /** For the log: why this instance. */
  reason: string
}

/**
 * `auto`: GitHub's instance for private and internal repositories (and when the visibility
 * cannot be read: the safe side), public-good for public ones; outside Actions, public-good.
 */
export function chooseInstance(choice: SigstoreChoice, env: NodeJS.ProcessEnv): InstanceChoice {
  if (choice !== 'auto') return { name: choice, reason: `sigstore: ${choice}` }
  if (env.GITHUB_ACTIONS !== 'true') {
    return { name: 'public-good', reason: 'sigstore: auto, outside GitHub Actions' }
  }
  const { visibility } = eventFacts(env)
  if (visibility === 'public') {
    return { name: 'public-good', reason: 'sigstore: auto, the repository is public' }
  }
  return {
    name: 'github',
    reason: visibility
      ? `sigstore: auto, the repository is ${visibility}`
      : 'sigstore: auto, the event payload does not say whether the repository is public',
  }
}
