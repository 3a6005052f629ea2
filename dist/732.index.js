export const id = 732;
export const ids = [732];
export const modules = {

/***/ 86351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  actionDeps: () => (/* binding */ actionDeps),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/config.ts
var src_config = __webpack_require__(22973);
// EXTERNAL MODULE: ./src/commands/index.ts + 1 modules
var commands = __webpack_require__(63064);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/log-escape.ts
var log_escape = __webpack_require__(1729);
;// CONCATENATED MODULE: ./src/github/actions-io.ts
/**
 * The only module that imports @actions/core: the logger adapter, outputs, masks and the job
 * summary. Everything else takes a Logger and returns plain values.
 */



/** GitHub drops a step summary over 1 MiB whole; stay well under it. */
const SUMMARY_LIMIT_BYTES = 900 * 1024;
/**
 * Writes the workflow commands itself rather than through core.info and friends: core.info passes
 * text through untouched, and every line of a message may carry a reason, a tag or a registry's
 * answer. Each piece goes through escapeLog, the one function that decides what the runner sees.
 */
function actionsLogger(write = (t) => process.stdout.write(t)) {
    const command = (name, message, properties = {}) => {
        const props = Object.entries(properties)
            .filter(([, v]) => v !== undefined && v !== '')
            .map(([k, v]) => `${k}=${(0,log_escape/* escapeLog */.A)(String(v), 'property')}`)
            .join(',');
        write(`::${name}${props ? ` ${props}` : ''}::${(0,log_escape/* escapeLog */.A)(message, 'data')}${external_node_os_.EOL}`);
    };
    return {
        debug: (message) => command('debug', message),
        info: (message) => write(`${(0,log_escape/* escapeLog */.A)(message, 'line')}${external_node_os_.EOL}`),
        warning: (message, properties = {}) => command('warning', message, {
            file: properties.file,
            line: properties.line,
            title: properties.title,
        }),
        error: (message) => command('error', message),
        group: async (name, fn) => {
            command('group', name);
            try {
                return await fn();
            }
            finally {
                command('endgroup', '');
            }
        },
    };
}
function writeOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs))
        core/* setOutput */.uH(name, value);
}
function maskSecrets(values) {
    for (const value of values)
        if (value !== '')
            core/* setSecret */.Pq(value);
}
/** Best effort: a summary that cannot be written is a warning, never a failed release. */
async function appendSummary(markdown) {
    try {
        await core/* summary */.z.addRaw(capSummary(markdown), true).write();
    }
    catch (e) {
        core/* summary */.z.emptyBuffer();
        core/* warning */.$e(`could not write the job summary: ${e instanceof Error ? e.message : String(e)}`);
    }
}
/** Cuts at a line boundary under the limit, closes an open code fence, and says it was cut. */
function capSummary(markdown, limit = SUMMARY_LIMIT_BYTES) {
    if (Buffer.byteLength(markdown) <= limit)
        return markdown;
    const note = `\n\n> **Note:** this summary was cut at ${Math.floor(limit / 1024)} KiB; GitHub drops summaries over 1 MiB.\n`;
    const room = limit - Buffer.byteLength(note) - 4;
    // Decoding a byte prefix may split a character: drop the replacement character it leaves.
    let text = Buffer.from(markdown)
        .subarray(0, Math.max(0, room))
        .toString('utf8')
        .replace(/\uFFFD$/, '');
    const newline = text.lastIndexOf('\n');
    if (newline > 0)
        text = text.slice(0, newline);
    const fences = text.match(/^\s*```/gm)?.length ?? 0;
    if (fences % 2 === 1)
        text += '\n```';
    return `${text}${note}`;
}

// EXTERNAL MODULE: ./src/github/services.ts
var services = __webpack_require__(31463);
;// CONCATENATED MODULE: ./src/main.ts
/**
 * The action's run: read and check every input, mask secrets, run the command, then write
 * outputs and the summary from its result. Any failure, thrown value or not, fails the step
 * with one `::error::` whose first line names the input at fault.
 */






function actionDeps(env = process.env) {
    return {
        source: (0,src_config/* envInputSource */.lQ)(env),
        logger: actionsLogger(),
        outputs: writeOutputs,
        summary: appendSummary,
        mask: maskSecrets,
        env,
    };
}
async function run(deps = actionDeps()) {
    const { logger } = deps;
    try {
        const config = (0,src_config/* readConfig */.Xg)(deps.source, deps.env);
        deps.mask((0,src_config/* secretsOf */.Fj)(config));
        for (const { name, commands } of (0,inputs/* unusedInputs */.Sv)(config.command, deps.source)) {
            logger.warning(`input '${name}' is not used by ${config.command}; it is for ${commands.join(', ')}`);
        }
        const result = await (0,commands.runCommand)(config, {
            logger,
            env: deps.env,
            mask: (value) => deps.mask([value]),
            ...services/* githubServices */.e,
        });
        deps.outputs(result.outputs);
        if (result.summary !== '')
            await deps.summary(result.summary);
        if (result.failure) {
            logger.error(result.failure);
            process.exitCode = 1;
        }
    }
    catch (e) {
        logger.error((0,errors/* describeError */.Uc)(e));
        // A user error is fully told by its message; anything else may need the stack to be fixed.
        if (!(0,errors/* isUserError */.iU)(e) && e instanceof Error && e.stack)
            logger.debug(e.stack);
        process.exitCode = 1;
    }
}


/***/ })

};
