/**
 * SLSA Provenance v1 in an in-toto Statement v1: which workflow (or local run) built the image,
 * from which commit, on which base. Pure: everything comes from the input and the environment
 * passed in, so the same facts always give the same bytes and the tests need no runner.
 */
import { runAttempt, runUrl, serverUrl } from '../run-url.js'
import { ReleaseError } from '../errors.js'
import { isDigest } from '../oci/digest.js'

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
/** The build type @actions/attest (attest-build-provenance) uses, so verifiers that know GitHub's provenance know ours. */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'
/** Ours, for runs outside Actions: the GitHub type's parameters (workflow, run) do not exist there. */
export const CLI_BUILD_TYPE = 'https://immutable-release.dev/buildtypes/cli/v1'
/**
 * Outside Actions nothing attests who ran the build, so the builder is named as the tool itself:
 * a verifier that trusts only workflow identities rejects it, which is the point.
 */
export const CLI_BUILDER_ID = 'https://github.com/immutable-release/cli'
/**
 * Extension field (SLSA's `<vendor>_<name>` form) for what our action chose inside the workflow.
 * The GitHub build type fixes its parameter names and verifiers SHOULD reject unknown external
 * parameters, so the action's inputs live here: they are written in the workflow file, which is
 * the builder (builder.id) and whose path and ref the external parameters already pin.
 */
export const BUILD_EXTENSION = 'immutablerelease_build'

export interface ProvenanceInput {
  /** The image (and for an index each platform manifest): name = repository, digest = sha256:… */
  subjects: { name: string; digest: string }[]
  commit: string
  ref?: string
  /** https URL of the source repository. */
  sourceUrl?: string
  baseImage?: { name: string; digest: string }
  /** The builder that ran: native, buildah, docker. */
  builder: string
  /** GITHUB_* and RUNNER_* facts. */
  env: NodeJS.ProcessEnv
  /** The action inputs that shaped the build, secrets excluded. */
  inputs: Record<string, string>
  /**
   * `github.event.inputs` of a workflow_dispatch run: the GitHub build type's external `inputs`,
   * since they reach the build without being written in the workflow file.
   */
  dispatchInputs?: Record<string, string | number | boolean>
  startedOn?: string
  finishedOn?: string
}

interface ResourceDescriptor {
  name?: string
  uri?: string
  digest: Record<string, string>
}

interface GitHubRun {
  server: string
  repository: string
  workflowRef: string
  workflowPath: string
  ref: string
  runId: string
  runAttempt: string
}

/**
 * The run's facts, or undefined outside Actions. GITHUB_WORKFLOW_REF is required as well as the
 * run id: without it the GitHub build type's `workflow` parameter cannot be filled in.
 */
function githubRun(env: NodeJS.ProcessEnv): GitHubRun | undefined {
  const {
    GITHUB_RUN_ID: runId,
    GITHUB_REPOSITORY: repository,
    GITHUB_WORKFLOW_REF: workflowRef,
  } = env
  if (!runId || !repository || !workflowRef) return undefined
  const server = serverUrl(env)
  // owner/repo/.github/workflows/x.yml@refs/heads/main; the prefix is the owner/repo part even if
  // it is spelled differently from GITHUB_REPOSITORY (renames), so drop two segments if needed.
  const rest = workflowRef.startsWith(`${repository}/`)
    ? workflowRef.slice(repository.length + 1)
    : workflowRef.split('/').slice(2).join('/')
  // Refs may contain '@' (changesets tags like pkg@1.2.0): prefer cutting at the known ref.
  const knownRef = env.GITHUB_REF
  let workflowPath: string
  let ref: string
  if (knownRef && rest.endsWith(`@${knownRef}`)) {
    workflowPath = rest.slice(0, rest.length - knownRef.length - 1)
    ref = knownRef
  } else {
    const at = rest.indexOf('@')
    workflowPath = at < 0 ? rest : rest.slice(0, at)
    ref = at < 0 ? (knownRef ?? '') : rest.slice(at + 1)
  }
  return {
    server,
    repository,
    workflowRef,
    workflowPath,
    ref,
    runId,
    runAttempt: String(runAttempt(env)),
  }
}

/** `sha256:<hex>` as in-toto's digest set `{ "sha256": "<hex>" }`. */
function digestSet(digest: string, what: string): Record<string, string> {
  if (!isDigest(digest)) {
    throw new ReleaseError('DIGEST_INVALID', `${what}: '${digest}' is not a digest`)
  }
  const colon = digest.indexOf(':')
  return { [digest.slice(0, colon)]: digest.slice(colon + 1) }
}

/** RFC 3339 in UTC with `Z`, as in-toto requires of every timestamp. */
function utc(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined
  const t = new Date(value)
  if (Number.isNaN(t.getTime())) {
    throw new ReleaseError('INTERNAL', `${what}: '${value}' is not a timestamp`)
  }
  return t.toISOString()
}

/** Sorted keys, and empty values dropped: SLSA treats empty as unset, and it keeps bytes stable. */
function sortedNonEmpty<T>(map: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!map) return undefined
  const keys = Object.keys(map)
    .filter((k) => map[k] !== '' && map[k] !== undefined)
    .sort()
  if (keys.length === 0) return undefined
  return Object.fromEntries(keys.map((k) => [k, map[k] as T]))
}

/** Drops undefined members, so optional fields are absent rather than null. */
function defined<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined)
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T)
}

function sourceDependency(
  commit: string,
  url: string | undefined,
  ref: string | undefined,
): ResourceDescriptor {
  // SPDX download location form, as the GitHub build type asks: git+<repository>@<ref>.
  const uri = url ? (ref ? `git+${url}@${ref}` : `git+${url}`) : undefined
  return { uri, digest: { gitCommit: commit } }
}

function baseDependency(base: { name: string; digest: string }): ResourceDescriptor {
  // The digest pins the base; the name keeps the tag the user asked for, for readers.
  // `oci://` is the image URI scheme Tekton Chains writes in its resolved dependencies.
  const at = base.name.indexOf('@')
  const name = at < 0 ? base.name : base.name.slice(0, at)
  return { uri: `oci://${name}`, digest: digestSet(base.digest, `base image ${base.name}`) }
}

/**
 * The in-toto Statement v1 with the SLSA Provenance v1 predicate, compact JSON with a fixed key
 * order (objects are built in literal order; free-form maps are sorted), ready for DSSE.
 */
export function provenanceStatement(input: ProvenanceInput): Buffer {
  if (input.subjects.length === 0) {
    throw new ReleaseError('INTERNAL', 'provenance needs at least one subject')
  }
  const subject = input.subjects.map((s) => ({
    name: s.name,
    digest: digestSet(s.digest, `subject ${s.name}`),
  }))
  const run = githubRun(input.env)
  const env = input.env
  const inputs = sortedNonEmpty(input.inputs)
  const dependencies: ResourceDescriptor[] = []

  let buildDefinition: Record<string, unknown>
  let builderId: string
  if (run) {
    const repositoryUrl = `${run.server}/${run.repository}`
    const ref = input.ref ?? env.GITHUB_REF ?? run.ref
    dependencies.push(
      sourceDependency(input.commit, input.sourceUrl ?? repositoryUrl, ref || undefined),
    )
    if (input.baseImage) dependencies.push(baseDependency(input.baseImage))
    buildDefinition = {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: defined({
        workflow: { ref: run.ref, repository: repositoryUrl, path: run.workflowPath },
        inputs: sortedNonEmpty(input.dispatchInputs),
      }),
      internalParameters: {
        github: defined({
          event_name: env.GITHUB_EVENT_NAME || undefined,
          repository_id: env.GITHUB_REPOSITORY_ID || undefined,
          repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID || undefined,
          runner_environment: env.RUNNER_ENVIRONMENT || undefined,
        }),
        [BUILD_EXTENSION]: defined({ builder: input.builder, inputs }),
      },
      resolvedDependencies: dependencies,
    }
    // The top-level workflow, as GITHUB_WORKFLOW_REF names it. @actions/attest uses the OIDC
    // job_workflow_ref, which differs only inside a reusable workflow; no env var carries that.
    builderId = `${run.server}/${run.workflowRef}`
  } else {
    dependencies.push(sourceDependency(input.commit, input.sourceUrl, input.ref))
    if (input.baseImage) dependencies.push(baseDependency(input.baseImage))
    buildDefinition = {
      buildType: CLI_BUILD_TYPE,
      // Whoever runs the CLI controls the checkout and the flags: both are external here, and
      // the commit keeps this object non-empty (SLSA reads empty as missing) with no flags.
      externalParameters: {
        source: defined({ repository: input.sourceUrl, ref: input.ref, commit: input.commit }),
        inputs,
      },
      internalParameters: { builder: input.builder },
      resolvedDependencies: dependencies,
    }
    builderId = CLI_BUILDER_ID
  }

  const statement = {
    _type: IN_TOTO_STATEMENT_V1,
    subject,
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition,
      runDetails: {
        builder: { id: builderId },
        metadata: defined({
          invocationId: runUrl(env),
          startedOn: utc(input.startedOn, 'startedOn'),
          finishedOn: utc(input.finishedOn, 'finishedOn'),
        }),
      },
    },
  }
  return Buffer.from(JSON.stringify(statement), 'utf8')
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isUri(v: unknown): boolean {
  return typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/.test(v)
}

/**
 * What is wrong with a provenance statement, [] when nothing: the fields in-toto v1 and SLSA
 * Provenance v1 require, and a subject carrying `expectedSubjectDigest`. Takes the parsed
 * statement or its bytes (the DSSE payload that was verified), so verify never re-encodes.
 */
export function checkProvenance(statement: unknown, expectedSubjectDigest: string): string[] {
  let s = statement
  if (typeof s === 'string' || s instanceof Uint8Array) {
    try {
      s = JSON.parse(Buffer.from(s).toString('utf8'))
    } catch {
      return ['statement is not JSON']
    }
  }
  if (!isObject(s)) return ['statement is not a JSON object']
  const problems: string[] = []

  if (s._type !== IN_TOTO_STATEMENT_V1) {
    problems.push(`_type is ${JSON.stringify(s._type)}, expected ${IN_TOTO_STATEMENT_V1}`)
  }
  const subjects = Array.isArray(s.subject) ? s.subject : undefined
  if (!subjects || subjects.length === 0) {
    problems.push('subject is missing or empty')
  } else {
    subjects.forEach((sub: unknown, i) => {
      if (!isObject(sub) || !isObject(sub.digest) || Object.keys(sub.digest).length === 0) {
        problems.push(`subject[${i}].digest is missing`)
      }
    })
    const colon = expectedSubjectDigest.indexOf(':')
    const algorithm = expectedSubjectDigest.slice(0, colon)
    const hex = expectedSubjectDigest.slice(colon + 1)
    // in-toto matches subjects by digest alone; names are informative.
    const match = subjects.some(
      (sub: unknown) => isObject(sub) && isObject(sub.digest) && sub.digest[algorithm] === hex,
    )
    if (!match) {
      const seen = subjects
        .map((sub: unknown) =>
          isObject(sub) && isObject(sub.digest)
            ? Object.entries(sub.digest)
                .map(([a, h]) => `${a}:${String(h)}`)
                .join(',')
            : '?',
        )
        .join(' ')
      problems.push(`no subject has digest ${expectedSubjectDigest} (subjects: ${seen})`)
    }
  }
  if (s.predicateType !== SLSA_PROVENANCE_V1) {
    problems.push(
      `predicateType is ${JSON.stringify(s.predicateType)}, expected ${SLSA_PROVENANCE_V1}`,
    )
  }

  const predicate = isObject(s.predicate) ? s.predicate : undefined
  const def =
    predicate && isObject(predicate.buildDefinition) ? predicate.buildDefinition : undefined
  if (!def) {
    problems.push('predicate.buildDefinition is missing')
  } else {
    if (!isUri(def.buildType)) {
      problems.push('predicate.buildDefinition.buildType is missing or not a URI')
    }
    // SLSA treats empty as unset, so an empty object does not satisfy "required".
    if (!isObject(def.externalParameters) || Object.keys(def.externalParameters).length === 0) {
      problems.push('predicate.buildDefinition.externalParameters is missing or empty')
    }
  }
  const run = predicate && isObject(predicate.runDetails) ? predicate.runDetails : undefined
  if (!run) {
    problems.push('predicate.runDetails is missing')
  } else if (!isObject(run.builder) || !isUri(run.builder.id)) {
    problems.push('predicate.runDetails.builder.id is missing or not a URI')
  }
  return problems
}
