#!/usr/bin/env node
// One bundle, two doors: the runner sets INPUT_COMMAND (it has a default) only for this action's
// steps. Each door loads on its own, so the CLI never pays for the Actions toolkit, nor the action
// for the CLI's help.

const cli = process.env.INPUT_COMMAND === undefined
void (
  cli
    ? import('./cli.js').then((m) => m.main(process.argv.slice(2)))
    : import('./main.js').then((m) => m.run())
).then(finish, finish)

function flush(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()))
}

/**
 * Ends the process once stdout and stderr are flushed (a pipe may still hold the last lines), so
 * that a keep-alive socket cannot keep it alive after the work is done. A failure to load a door
 * still fails the run.
 */
async function finish(error?: unknown): Promise<void> {
  if (error !== undefined) {
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 1
  }
  try {
    await Promise.all([flush(process.stdout), flush(process.stderr)])
  } finally {
    process.exit(process.exitCode ?? 0)
  }
}
