/**
 * The action's run: read and check every input, mask secrets, run the command, then write
 * outputs and the summary from its result. Any failure, thrown value or not, fails the step
 * with one `::error::` whose first line names the input at fault.
 */
import { envInputSource, readConfig, secretsOf, type InputSource } from './config.js'
import { runCommand } from './commands/index.js'
import { describeError, isUserError } from './errors.js'
import { unusedInputs } from './inputs.js'
import { actionsLogger, appendSummary, maskSecrets, writeOutputs } from './github/actions-io.js'
import type { Logger } from './logger.js'
import { githubServices } from './github/services.js'

export interface RunDeps {
  source: InputSource
  logger: Logger
  outputs: (outputs: Record<string, string>) => void
  summary: (markdown: string) => Promise<void> | void
  mask: (values: string[]) => void
  env: NodeJS.ProcessEnv
}

export function actionDeps(env: NodeJS.ProcessEnv = process.env): RunDeps {
  return {
    source: envInputSource(env),
    logger: actionsLogger(),
    outputs: writeOutputs,
    summary: appendSummary,
    mask: maskSecrets,
    env,
  }
}

export async function run(deps: RunDeps = actionDeps()): Promise<void> {
  const { logger } = deps
  try {
    const config = readConfig(deps.source, deps.env)
    deps.mask(secretsOf(config))
    for (const { name, commands } of unusedInputs(config.command, deps.source)) {
      logger.warning(
        `input '${name}' is not used by ${config.command}; it is for ${commands.join(', ')}`,
      )
    }
    const result = await runCommand(config, {
      logger,
      env: deps.env,
      mask: (value) => deps.mask([value]),
      ...githubServices,
    })
    deps.outputs(result.outputs)
    if (result.summary !== '') await deps.summary(result.summary)
    if (result.failure) {
      logger.error(result.failure)
      process.exitCode = 1
    }
  } catch (e) {
    logger.error(describeError(e))
    // A user error is fully told by its message; anything else may need the stack to be fixed.
    if (!isUserError(e) && e instanceof Error && e.stack) logger.debug(e.stack)
    process.exitCode = 1
  }
}
