/**
 * The one rule for environment names. An environment is projected into the registry as the tags
 * `<env>` and `<env>-previous`, in the same namespace as the tags a release writes. A name that
 * equals one of those would let a promote move an immutable tag (`sha-<commit>`, a version) or
 * make two environments fight over one tag, so such names are refused before anything is read
 * or written, for every input that names an environment.
 */
import semver from 'semver'
import { UserError } from '../errors.js'

/** The syntax: a DNS label, which is also a valid registry tag and a safe ledger file name. */
export const ENVIRONMENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/

export const PREVIOUS_SUFFIX = '-previous'

export const VALID_ENVIRONMENT =
  'lower-case letters, digits and -, starting with a letter or digit, at most 63 characters; ' +
  'not latest or buildcache, not starting with sha- or sha256-, not a version or version alias ' +
  `(1, 12, v2), not ending in ${PREVIOUS_SUFFIX}; e.g. staging or production`

/** Tags the tool writes whatever the environments are. */
const RESERVED = new Set(['latest', 'buildcache'])

/**
 * Why `name` cannot be an environment, in words naming the tag it would collide with, or
 * undefined when it can be one. Covers the syntax too, so one call answers "is this usable".
 */
export function environmentNameConflict(name: string): string | undefined {
  if (!ENVIRONMENT_RE.test(name)) return 'it is not a valid environment name'
  if (RESERVED.has(name)) return `'${name}' is a tag the release writes`
  if (name.startsWith('sha256-')) {
    return 'names starting with sha256- are the signature, attestation and referrer tags (sha256-<hex>)'
  }
  if (name.startsWith('sha-')) {
    return 'names starting with sha- are the immutable commit tags (sha-<commit>)'
  }
  if (isVersionLike(name)) {
    return `'${name}' reads as a version or version alias, which a release of a version tag writes`
  }
  if (name.endsWith(PREVIOUS_SUFFIX)) {
    const owner = name.slice(0, -PREVIOUS_SUFFIX.length)
    return `'${name}' is the tag that keeps the previous digest of the environment '${owner}'`
  }
  return undefined
}

/**
 * Refuses a name that is not a usable environment: `input` is the input that named it, so the
 * message says where to fix it.
 */
export function checkEnvironmentName(name: string, input: string): string {
  const conflict = environmentNameConflict(name)
  if (conflict !== undefined) {
    throw new UserError('INPUT_INVALID', `'${name}' cannot be an environment: ${conflict}`, {
      input,
      valid: VALID_ENVIRONMENT,
      hint:
        input === 'compare-to'
          ? `to compare to an image by tag, give its reference, e.g. ghcr.io/acme/shop:${name}`
          : 'choose another name, e.g. staging or production; nothing was read or written',
    })
  }
  return name
}

/**
 * The half of the rule that needs the ledger: names that were written before the rule existed.
 * `prod` cannot be created next to an existing `prod-previous`, whose own tag would be the one
 * `prod` keeps its previous digest in.
 */
export function checkNoExistingCollision(
  name: string,
  existing: readonly string[],
  input = 'environment',
): void {
  const clash = `${name}${PREVIOUS_SUFFIX}`
  if (!existing.includes(clash)) return
  throw new UserError(
    'INPUT_INVALID',
    `'${name}' cannot be an environment: the ledger already has an environment '${clash}', ` +
      `whose tag is the one '${name}' would keep its previous digest in`,
    {
      input,
      valid: `${VALID_ENVIRONMENT}; and not an environment X while X${PREVIOUS_SUFFIX} exists`,
      hint: `choose another name, or retire '${clash}' (delete environments/${clash}.json on the ledger branch)`,
    },
  )
}

/**
 * The other side of the rule: an extra tag a release writes must not be a tag that promote owns.
 * The release reads no ledger, so it knows an environment by its registry tags: `X-previous`
 * exists once X has moved twice. `X-previous` itself and `sha256-` tags are refused outright.
 */
export function checkReleaseTag(tag: string, existingTags: readonly string[]): void {
  let why: string | undefined
  if (tag.startsWith('sha256-')) {
    why = 'tags starting with sha256- are the signature, attestation and referrer tags'
  } else if (tag.endsWith(PREVIOUS_SUFFIX)) {
    why = `it is the tag that keeps the previous digest of the environment '${tag.slice(0, -PREVIOUS_SUFFIX.length)}'`
  } else if (existingTags.includes(`${tag}${PREVIOUS_SUFFIX}`)) {
    why = `'${tag}' is an environment (the registry holds ${tag}${PREVIOUS_SUFFIX}); only promote and rollback move it`
  }
  if (why !== undefined) refuseReleaseTag(tag, why)
}

/** Refuses `tag` as an extra tag of a release, saying why. */
export function refuseReleaseTag(tag: string, why: string): never {
  throw new UserError('TAG_INVALID', `'${tag}' cannot be a release tag: ${why}`, {
    input: 'tags',
    valid: `any tag except an environment, X${PREVIOUS_SUFFIX} and sha256-*; e.g. edge or nightly`,
    hint: 'to move an environment, run promote; nothing was written',
  })
}

/** `1`, `12`, `v2`, `1.2`, `1.2.3`, `1.2.3-rc.1`: what a version tag or its aliases look like. */
function isVersionLike(name: string): boolean {
  return /^v?\d+(\.\d+){0,2}$/.test(name) || semver.valid(name) !== null
}

/**
 * The ledger branch holds only ledger commits: a branch people build from would get ledger
 * commits on top of their code (`main`), and `HEAD` or a full ref name makes git create an odd
 * ref (`refs/heads/HEAD`). `taken` names branches of the repository known to be in use, each
 * with why (its default branch, the branch this run is on).
 */
export function checkLedgerBranch(
  branch: string,
  taken: readonly { branch: string; why: string }[] = [],
): string {
  const refuse = (why: string): never => {
    throw new UserError('INPUT_INVALID', `'${branch}' cannot hold the ledger: ${why}`, {
      input: 'ledger-branch',
      valid: 'a branch used for nothing else, e.g. release-ledger (the default)',
    })
  }
  if (branch === 'HEAD' || branch.endsWith('/HEAD')) refuse('HEAD names a commit, not a branch')
  if (branch.startsWith('refs/')) refuse('give the branch name without refs/heads/')
  if (branch === 'main' || branch === 'master') {
    refuse(`${branch} is a code branch; ledger commits would land on top of the code`)
  }
  const clash = taken.find((t) => t.branch === branch)
  if (clash) refuse(`it is ${clash.why}; ledger commits would land on top of the code`)
  return branch
}
