export const id = 789;
export const ids = [789,891];
export const modules = {

/***/ 256:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ walkDockerfile)
/* harmony export */ });
/** Reading Dockerfiles: shared by the buildah builder (what to pull) and the pin-base lint. */
/**
 * A Dockerfile's instructions, each joined over its continuation lines (honouring the `escape`
 * directive), comments dropped, with the 1-based line it starts on.
 */
function instructions(text) {
    let escape = '\\';
    const lines = text.split(/\r?\n/);
    // Parser directives come first and only before any instruction or ordinary comment.
    for (const line of lines) {
        const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
        if (!m)
            break;
        if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\'))
            escape = m[2];
    }
    const out = [];
    let current;
    lines.forEach((raw, index) => {
        const trimmed = raw.trim();
        if (trimmed.startsWith('#'))
            return;
        if (current === undefined && trimmed === '')
            return;
        const continued = trimmed.endsWith(escape);
        const part = continued ? trimmed.slice(0, -1) : trimmed;
        if (current === undefined)
            current = { text: part, line: index + 1 };
        else
            current.text = `${current.text} ${part}`;
        if (!continued) {
            out.push({ text: current.text.trim(), line: current.line });
            current = undefined;
        }
    });
    if (current !== undefined && current.text.trim() !== '') {
        out.push({ text: current.text.trim(), line: current.line });
    }
    return out;
}
function unquote(value) {
    const m = /^(["'])(.*)\1$/.exec(value);
    return m ? m[2] : value;
}
/** `$X`, `${X}`, `${X:-d}`, `${X-d}`; undefined when a variable has no value. */
function expand(value, vars) {
    let unknown = false;
    const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, fallback, bare) => {
        const name = (braced ?? bare);
        const v = vars.get(name);
        if (v !== undefined && v !== '')
            return v;
        if (fallback !== undefined)
            return fallback;
        unknown = true;
        return '';
    });
    return unknown ? undefined : out;
}
/**
 * Walks a Dockerfile: the FROM lines with their images expanded, and every other instruction.
 * Only ARGs before the first FROM can appear in FROM lines; build args override their defaults,
 * as in docker.
 */
function walkDockerfile(text, buildArgs) {
    const globals = new Map();
    const froms = [];
    const steps = [];
    for (const { text: line, line: number } of instructions(text)) {
        const [word = '', ...rest] = line.split(/\s+/);
        const instruction = word.toUpperCase();
        if (instruction === 'ARG' && froms.length === 0) {
            for (const token of rest) {
                const eq = token.indexOf('=');
                const name = eq < 0 ? token : token.slice(0, eq);
                const fallback = eq < 0 ? undefined : unquote(token.slice(eq + 1));
                const value = buildArgs[name] ?? fallback;
                if (value !== undefined)
                    globals.set(name, value);
            }
        }
        else if (instruction === 'FROM') {
            const words = rest.filter((w) => !w.startsWith('--'));
            const written = words[0];
            froms.push({
                line: number,
                written,
                image: written === undefined ? undefined : expand(written, globals),
                stage: words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined,
            });
        }
        steps.push({ instruction, words: rest, line: number });
    }
    return { froms, steps };
}


/***/ }),

/***/ 5601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  xe: () => (/* binding */ NativeBuilder),
  nE: () => (/* binding */ isoSeconds)
});

// UNUSED EXPORTS: DEFAULT_DESTINATION, applySettings

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/oci/blob-source.ts
var blob_source = __webpack_require__(6430);
// EXTERNAL MODULE: ./src/oci/layout.ts + 1 modules
var oci_layout = __webpack_require__(5113);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
// EXTERNAL MODULE: ./src/oci/open-store.ts + 1 modules
var open_store = __webpack_require__(7345);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(961);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/builders/ignore.ts

const BOM = '\ufeff';
/**
 * Compiles ignore-file lines. Comments (`#` in the first column) and blank lines are skipped,
 * as in Docker's ignorefile.ReadAll. A malformed pattern (an unclosed `[`) throws a UserError
 * with code IGNORE_PATTERN_INVALID; callers rethrow it naming the file or input it came from.
 */
function compileIgnore(lines) {
    const patterns = [];
    lines.forEach((raw, index) => {
        const line = index === 0 && raw.startsWith(BOM) ? raw.slice(1) : raw;
        if (line.startsWith('#'))
            return;
        let text = line.trim();
        if (text === '')
            return;
        const negated = text.startsWith('!');
        if (negated)
            text = text.slice(1).trim();
        if (text === '') {
            throw new errors/* UserError */.yo('IGNORE_PATTERN_INVALID', `'${raw}' is not a pattern`, {
                valid: "'!' followed by a pattern",
            });
        }
        text = cleanPath(text);
        if (text.length > 1 && text.startsWith('/'))
            text = text.slice(1);
        patterns.push(compilePattern(text, negated, raw));
    });
    const hasNegations = patterns.some((p) => p.negated);
    const matcher = ((relPath, _isDir) => {
        // Docker gives folders and files the same treatment; `_isDir` is in the signature so callers
        // need not change if gitignore-style 'folder/' patterns are ever wanted.
        const parents = parentPaths(relPath);
        let excluded = false;
        for (const pattern of patterns) {
            // An exclusion cannot change an excluded path, nor a re-inclusion an included one.
            if (pattern.negated !== excluded)
                continue;
            const hit = pattern.matches(relPath) || parents.some((parent) => pattern.matches(parent));
            if (hit)
                excluded = !pattern.negated;
        }
        return excluded;
    });
    matcher.mayReincludeBelow = (relDir) => {
        if (!hasNegations)
            return false;
        const dirComponents = relDir.split('/');
        return patterns.some((p) => p.negated && mayMatchBelow(p, dirComponents));
    };
    matcher.mayMatchBelow = (relDir) => {
        const dirComponents = relDir.split('/');
        return patterns.some((p) => !p.negated && mayMatchBelow(p, dirComponents));
    };
    Object.defineProperty(matcher, 'patterns', {
        value: patterns.map((p) => (p.negated ? `!${p.source}` : p.source)),
    });
    return matcher;
}
/** 'a/b/c' → ['a', 'a/b']: the folders a pattern may match to exclude the path. */
function parentPaths(relPath) {
    const parents = [];
    for (let i = relPath.indexOf('/'); i !== -1; i = relPath.indexOf('/', i + 1)) {
        parents.push(relPath.slice(0, i));
    }
    return parents;
}
/**
 * Conservative: true unless the pattern provably matches nothing below `dir`. Components are
 * compared one by one; a `**` anywhere up to the folder's depth could match anything.
 */
function mayMatchBelow(pattern, dir) {
    for (let i = 0; i < dir.length; i++) {
        const component = pattern.components[i];
        if (component === undefined)
            return false;
        if (component.includes('**'))
            return true;
        if (!componentMatches(component, dir[i]))
            return false;
    }
    return true;
}
const componentCache = new Map();
function componentMatches(component, name) {
    let re = componentCache.get(component);
    if (re === undefined) {
        const { type, regexp } = translate(component);
        try {
            re = new RegExp(type === 'exact' ? `${regexp}$` : regexp, 'u');
        }
        catch {
            // The whole pattern failed to compile already; this only answers "maybe".
            re = null;
        }
        componentCache.set(component, re);
    }
    return re === null || re.test(name);
}
function compilePattern(source, negated, raw) {
    const { type, regexp } = translate(source);
    let matches;
    switch (type) {
        case 'exact':
            matches = (path) => path === source;
            break;
        case 'prefix': {
            const prefix = source.slice(0, -2);
            matches = (path) => path.startsWith(prefix);
            break;
        }
        case 'suffix': {
            const suffix = source.slice(2);
            matches = (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
            break;
        }
        case 'regexp': {
            let re;
            try {
                re = new RegExp(regexp, 'u');
            }
            catch (cause) {
                throw new errors/* UserError */.yo('IGNORE_PATTERN_INVALID', `'${raw.trim()}' is not a valid pattern`, {
                    valid: 'Go filepath.Match syntax with ** (check for an unclosed [ )',
                    cause,
                });
            }
            matches = (path) => re.test(path);
            break;
        }
    }
    return { source, negated, components: source.split('/'), matches };
}
/**
 * moby/patternmatcher's Pattern.compile, transcribed: the match type it picks changes results
 * in corner cases (`**.log` is a suffix match, not the regexp it looks like), so it is kept.
 * Where that code hands filepath.Match syntax to Go's regexp unchanged (`\\d` becomes a digit
 * class, `*` inside `[...]` a wildcard) this follows filepath.Match instead: literal characters.
 */
function translate(pattern) {
    let re = '^';
    let type = 'exact';
    let inClass = false;
    const chars = [...pattern];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i];
        if (inClass) {
            if (ch === ']') {
                inClass = false;
                re += ']';
            }
            else if (ch === '\\' && i + 1 < chars.length) {
                re += literal(chars[++i], true);
            }
            else if (ch === '^' && chars[i - 1] === '[') {
                re += '^';
            }
            else {
                re += ch === '-' ? '-' : literal(ch, true);
            }
        }
        else if (ch === '*') {
            if (chars[i + 1] === '*') {
                const first = i === 0;
                i++;
                if (chars[i + 1] === '/')
                    i++;
                if (i + 1 >= chars.length) {
                    if (type === 'exact') {
                        type = 'prefix';
                    }
                    else {
                        re += '.*';
                        type = 'regexp';
                    }
                }
                else {
                    // Any number of components, including none.
                    re += '(?:.*/)?';
                    type = 'regexp';
                }
                if (first)
                    type = 'suffix';
            }
            else {
                re += '[^/]*';
                type = 'regexp';
            }
        }
        else if (ch === '?') {
            re += '[^/]';
            type = 'regexp';
        }
        else if (ch === '\\') {
            if (i + 1 < chars.length) {
                re += literal(chars[++i], false);
                type = 'regexp';
            }
            else {
                re += '\\\\';
            }
        }
        else if (ch === '[') {
            inClass = true;
            re += '[';
            type = 'regexp';
        }
        else {
            re += literal(ch, false);
        }
    }
    // An unclosed '[' is left unclosed so that new RegExp() rejects it, as filepath.Match does.
    if (type === 'regexp')
        re += '$';
    return { type, regexp: re };
}
function literal(ch, inClass) {
    if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-'))
        return `\\${ch}`;
    return ch;
}
/** Go's path.Clean for slash-separated paths. */
function cleanPath(path) {
    const rooted = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    if (rooted)
        return `/${joined}`;
    return joined === '' ? '.' : joined;
}

;// CONCATENATED MODULE: ./src/builders/context.ts




const DIR_MODE = 0o755;
const FILE_MODE = 0o644;
const EXEC_MODE = 0o755;
const LINK_MODE = 0o777;
/**
 * The files of a build context as layer entries: filtered like `docker build` filters its
 * context, with the metadata that must not leak into the image (owners, times, umask) dropped,
 * and sorted so that the same tree always gives the same list.
 */
async function collectContext(dir, options) {
    const root = (0,external_node_path_.resolve)(dir);
    const destination = normaliseDestination(options.destination);
    const rootStats = await (0,promises_.lstat)(root).catch((cause) => {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read ${root}`, { input: 'context', cause });
    });
    if (!rootStats.isDirectory()) {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `${root} is not a folder`, { input: 'context' });
    }
    const ignore = await loadIgnore(root, options);
    // "Matched" means "kept" here; '!' lines drop paths again, as they would in an ignore file.
    const include = options.include.length > 0 ? compileOrThrow(options.include, 'include') : undefined;
    const found = [];
    const walk = async (relDir) => {
        const absDir = relDir === '' ? root : (0,external_node_path_.join)(root, relDir);
        let children;
        try {
            children = await (0,promises_.readdir)(absDir, { withFileTypes: true });
        }
        catch (cause) {
            throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read folder '${relDir}'`, {
                input: 'context',
                cause,
            });
        }
        for (const child of children) {
            // Repository metadata is never image content, at any depth (nested clones, submodules).
            if (child.name === '.git')
                continue;
            const rel = relDir === '' ? child.name : `${relDir}/${child.name}`;
            const abs = (0,external_node_path_.join)(absDir, child.name);
            // readdir's type comes from lstat-like d_type: a symlink to a folder is not a folder here.
            const isDir = child.isDirectory();
            const ignored = ignore(rel, isDir);
            const included = include === undefined || include(rel, isDir);
            if (isDir) {
                if (included && !ignored) {
                    found.push({ path: rel, type: 'dir', mode: DIR_MODE, size: 0 });
                    await walk(rel);
                }
                else if ((!ignored || ignore.mayReincludeBelow(rel)) &&
                    (included || include === undefined || include.mayMatchBelow(rel))) {
                    // Not kept itself, but something below may be; its folder entry is added then.
                    await walk(rel);
                }
                continue;
            }
            if (ignored || !included)
                continue;
            const stats = await lstatEntry(abs, rel);
            if (stats.isFile()) {
                found.push({
                    path: rel,
                    type: 'file',
                    mode: stats.mode & 0o111 ? EXEC_MODE : FILE_MODE,
                    size: stats.size,
                    source: abs,
                });
            }
            else if (stats.isSymbolicLink()) {
                const linkTarget = await (0,promises_.readlink)(abs);
                found.push({ path: rel, type: 'symlink', mode: LINK_MODE, size: 0, linkTarget });
            }
            else {
                throw new errors/* UserError */.yo('CONTEXT_INVALID', `'${rel}' is a ${specialKind(stats)}, which cannot go into an image layer`, {
                    input: 'context',
                    hint: `remove it from the context folder or add '${rel}' to the ignore file or the exclude input`,
                });
            }
        }
    };
    await walk('');
    return finish(found, destination);
}
/** Prefixes the destination, adds every missing parent folder once and sorts. */
function finish(found, destination) {
    const byPath = new Map();
    const addDir = (path) => {
        if (!byPath.has(path))
            byPath.set(path, { path, type: 'dir', mode: DIR_MODE, size: 0 });
    };
    const destParts = destination === '' ? [] : destination.split('/');
    for (let i = 1; i <= destParts.length; i++)
        addDir(destParts.slice(0, i).join('/'));
    for (const entry of found) {
        const path = destination === '' ? entry.path : `${destination}/${entry.path}`;
        for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
            addDir(path.slice(0, i));
        }
        // A folder may have been added as some earlier entry's parent; the walked one is the same.
        byPath.set(path, { ...entry, path });
    }
    return sortEntries([...byPath.values()]);
}
/**
 * Byte-wise by path component, so a folder comes right before its contents: 'a', 'a/b', 'a-b'
 * (a plain string sort would put 'a-b' between 'a' and 'a/b', as '-' < '/').
 */
function sortEntries(entries) {
    const keyed = entries.map((entry) => ({
        entry,
        key: entry.path.split('/').map((c) => Buffer.from(c, 'utf8')),
    }));
    keyed.sort((a, b) => {
        const n = Math.min(a.key.length, b.key.length);
        for (let i = 0; i < n; i++) {
            const order = Buffer.compare(a.key[i], b.key[i]);
            if (order !== 0)
                return order;
        }
        return a.key.length - b.key.length;
    });
    return keyed.map((k) => k.entry);
}
/** Rooted, so '..' stops at the image root as it does in a path lookup; '' is the root. */
function normaliseDestination(value) {
    return cleanPath(`/${value.trim()}`).slice(1);
}
async function loadIgnore(root, options) {
    const file = options.ignoreFile === undefined
        ? (0,external_node_path_.join)(root, '.dockerignore')
        : (0,external_node_path_.resolve)(root, options.ignoreFile);
    let lines = [];
    try {
        lines = (await (0,promises_.readFile)(file, 'utf8')).split(/\r?\n/);
    }
    catch (cause) {
        const missing = cause.code === 'ENOENT';
        if (!missing || options.ignoreFile !== undefined) {
            throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read the ignore file ${file}`, {
                input: 'context',
                cause,
            });
        }
    }
    // Compiled apart first only so that a bad pattern is blamed on where it was written.
    compileOrThrow(lines, 'context', `in ${file}`);
    compileOrThrow(options.exclude, 'exclude');
    return compileIgnore([...lines, ...options.exclude]);
}
function compileOrThrow(lines, input, where) {
    try {
        return compileIgnore(lines);
    }
    catch (e) {
        if (!(e instanceof errors/* ReleaseError */.K2))
            throw e;
        const message = where === undefined ? e.message : `${e.message} ${where}`;
        throw new errors/* UserError */.yo(e.code, message, { input, hint: e.hint, cause: e.cause });
    }
}
async function lstatEntry(abs, rel) {
    try {
        return await (0,promises_.lstat)(abs);
    }
    catch (cause) {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read '${rel}'`, {
            input: 'context',
            hint: 'a file that vanished during the build, or a name that is not valid UTF-8',
            cause,
        });
    }
}
function specialKind(stats) {
    if (stats.isFIFO())
        return 'named pipe (fifo)';
    if (stats.isSocket())
        return 'socket';
    if (stats.isCharacterDevice())
        return 'character device';
    if (stats.isBlockDevice())
        return 'block device';
    return 'special file';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/builders/layer.ts








const BLOCK = 512;
/**
 * The tar is compressed in pieces of exactly this size, each primed with the 32 KiB before it and
 * ended with a sync flush (as pigz does), so the cores share the work. The gzip bytes depend on
 * this size, never on how many pieces run at once: changing it changes every layer digest.
 */
const PIECE = 1 << 20;
const WINDOW = 32 * 1024;
/** An empty final deflate block (fixed Huffman): what ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const MAX_OCTAL_11 = 0o77777777777;
/**
 * RFC 1952 header with every variable byte pinned: MTIME 0, XFL 0, OS 255 ("unknown"). zlib's
 * own gzip wrapper writes OS 3/10/19 depending on the platform Node was built for, which would
 * give the same tar a different layer digest on macOS or Windows.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/**
 * Writes `entries` (sorted, from collectContext) as a gzip-compressed tar. The archive is
 * byte-for-byte a function of the entries' paths, types, modes, link targets and file contents,
 * and of `mtime`: owners are 0/0 with empty names, and no PAX time records are written.
 *
 * The archive ends with the two zero blocks and is not padded to GNU tar's 10240-byte record:
 * readers do not need the padding, and Go's archive/tar (BuildKit, ggcr, containerd) does not
 * write it either, so layers here look like theirs.
 */
async function writeLayer(entries, options) {
    const { mtime, outFile } = options;
    if (!Number.isSafeInteger(mtime) || mtime < 0 || mtime > MAX_OCTAL_11) {
        throw new errors/* ReleaseError */.K2('INTERNAL', `layer mtime ${mtime} is not whole seconds in tar's range`);
    }
    const level = options.level ?? 6;
    const tarHash = (0,external_node_crypto_.createHash)('sha256');
    const gzHash = (0,external_node_crypto_.createHash)('sha256');
    let crc = 0;
    let tarLength = 0;
    let gzLength = 0;
    const out = (0,external_node_fs_.createWriteStream)(outFile);
    const failed = new Promise((_, reject) => out.once('error', reject));
    failed.catch(() => undefined);
    const frame = async (bytes) => {
        gzHash.update(bytes);
        gzLength += bytes.length;
        if (!out.write(bytes))
            await Promise.race([(0,external_node_events_.once)(out, 'drain'), failed]);
    };
    const parallel = Math.max(1, options.parallel ?? Math.min((0,external_node_os_.availableParallelism)(), 8));
    const pool = new BufferPool(parallel + 2, PIECE);
    // Pieces compress side by side on the thread pool; their output is written strictly in order.
    let ordered = frame(GZIP_HEADER);
    let dictionary;
    const tar = new TarWriter(pool, (buffer, length) => {
        const bytes = buffer.subarray(0, length);
        tarHash.update(bytes);
        crc = crc32(bytes, crc);
        tarLength += length;
        const compressed = deflatePiece(bytes, level, dictionary).finally(() => pool.release(buffer));
        compressed.catch(() => undefined);
        // Copied: the buffer goes back to the pool while later pieces still need its end.
        dictionary = Buffer.from(bytes.subarray(Math.max(0, length - WINDOW)));
        ordered = ordered.then(async () => frame(await compressed));
        // A failed piece or sink must wake a writer waiting for a buffer, or it would wait forever.
        ordered.catch((e) => pool.fail(e));
    });
    try {
        for (const entry of entries)
            await tar.addEntry(entry, mtime);
        await tar.end();
        await ordered;
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(crc >>> 0, 0);
        trailer.writeUInt32LE(tarLength % 2 ** 32, 4);
        await frame(Buffer.concat([FINAL_BLOCK, trailer]));
        await new Promise((resolve, reject) => {
            out.once('error', reject);
            out.end(resolve);
        });
    }
    catch (e) {
        out.destroy();
        await (0,promises_.rm)(outFile, { force: true });
        throw e;
    }
    return {
        digest: `sha256:${gzHash.digest('hex')}`,
        diffId: `sha256:${tarHash.digest('hex')}`,
        size: gzLength,
        path: outFile,
    };
}
const deflateRaw = (0,external_node_util_.promisify)(external_node_zlib_.deflateRaw);
/** One piece of the stream, ending on a byte boundary (sync flush) so pieces concatenate. */
function deflatePiece(bytes, level, dictionary) {
    return deflateRaw(bytes, {
        level,
        chunkSize: PIECE,
        finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH,
        ...(dictionary ? { dictionary } : {}),
    });
}
/** Fixed-size buffers handed out and returned, so a large layer costs no more memory than a small one. */
class BufferPool {
    free = [];
    waiting = [];
    failure;
    constructor(count, size) {
        for (let i = 0; i < count; i++)
            this.free.push(Buffer.allocUnsafe(size));
    }
    acquire() {
        if (this.failure)
            return Promise.reject(this.failure.error);
        const buffer = this.free.pop();
        if (buffer)
            return Promise.resolve(buffer);
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    release(buffer) {
        const next = this.waiting.shift();
        if (next)
            next.resolve(buffer);
        else
            this.free.push(buffer);
    }
    fail(error) {
        this.failure = { error };
        for (const w of this.waiting.splice(0))
            w.reject(error);
    }
}
/** A ustar stream writer that fills pooled buffers and hands each full one to `emit`. */
class TarWriter {
    pool;
    emit;
    buffer;
    used = 0;
    constructor(pool, emit) {
        this.pool = pool;
        this.emit = emit;
    }
    async addEntry(entry, mtime) {
        await this.write(entryHeaders(entry, mtime));
        if (entry.type !== 'file')
            return;
        if (entry.source === undefined) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `layer entry '${entry.path}' has no source file`);
        }
        const file = await (0,promises_.open)(entry.source, 'r').catch((cause) => {
            throw changed(entry, 'could not be opened', cause);
        });
        try {
            await this.copyFile(file, entry);
        }
        finally {
            await file.close();
        }
        await this.zeros(padding(entry.size));
    }
    async end() {
        await this.zeros(2 * BLOCK);
        if (this.buffer && this.used > 0)
            this.emit(this.buffer, this.used);
        else if (this.buffer)
            this.pool.release(this.buffer);
        this.buffer = undefined;
    }
    async copyFile(file, entry) {
        const { size } = await file.stat();
        if (size !== entry.size) {
            throw changed(entry, `is ${size} bytes, ${entry.size} when the context was read`);
        }
        let position = 0;
        while (position < size) {
            const buffer = await this.space();
            const want = Math.min(buffer.length - this.used, size - position);
            const { bytesRead } = await file.read(buffer, this.used, want, position);
            if (bytesRead === 0) {
                throw changed(entry, `ended after ${position} of ${size} bytes`);
            }
            this.used += bytesRead;
            position += bytesRead;
        }
    }
    async write(bytes) {
        let offset = 0;
        while (offset < bytes.length) {
            const buffer = await this.space();
            const n = bytes.copy(buffer, this.used, offset);
            this.used += n;
            offset += n;
        }
    }
    async zeros(count) {
        while (count > 0) {
            const buffer = await this.space();
            const n = Math.min(count, buffer.length - this.used);
            buffer.fill(0, this.used, this.used + n);
            this.used += n;
            count -= n;
        }
    }
    /** The current buffer with room left, emitting a full one first. */
    async space() {
        if (this.buffer && this.used < this.buffer.length)
            return this.buffer;
        if (this.buffer)
            this.emit(this.buffer, this.used);
        this.buffer = await this.pool.acquire();
        this.used = 0;
        return this.buffer;
    }
}
function changed(entry, what, cause) {
    return new errors/* ReleaseError */.K2('CONTEXT_CHANGED', `'${entry.path}' ${what}: the context changed during the build`, { hint: 'do not modify the context folder while building; run the build again', cause });
}
function padding(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
const TYPEFLAG = { file: '0', dir: '5', symlink: '2' };
/** The header block(s) of one entry: a PAX extended header first when ustar cannot hold it. */
function entryHeaders(entry, mtime) {
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const size = entry.type === 'file' ? entry.size : 0;
    const pax = [];
    const split = splitName(name);
    if (split === undefined)
        pax.push(['path', name]);
    const link = entry.linkTarget ?? '';
    const linkFits = isAscii(link) && Buffer.byteLength(link) <= 100;
    if (!linkFits)
        pax.push(['linkpath', link]);
    if (size > MAX_OCTAL_11)
        pax.push(['size', String(size)]);
    const header = ustarHeader({
        // Readers use the PAX path; the ustar field keeps a recognisable, deterministic stand-in.
        name: split?.name ?? truncateBytes(name, 100),
        prefix: split?.prefix ?? '',
        mode: entry.mode,
        size: size > MAX_OCTAL_11 ? 0 : size,
        mtime,
        typeflag: TYPEFLAG[entry.type],
        linkname: linkFits ? link : truncateBytes(link, 100),
    });
    if (pax.length === 0)
        return header;
    // Sorted keys: the same entry always gives the same record bytes.
    pax.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const records = Buffer.concat(pax.map(([key, value]) => paxRecord(key, value)));
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1).replace(/[^\x20-\x7e]/g, '_');
    const paxHeader = ustarHeader({
        name: `PaxHeaders/${base}`.slice(0, 100),
        prefix: '',
        mode: 0o644,
        size: records.length,
        mtime,
        typeflag: 'x',
        linkname: '',
    });
    return Buffer.concat([paxHeader, records, Buffer.alloc(padding(records.length)), header]);
}
/** "<length> <key>=<value>\n", where the length counts its own digits. */
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    const bodyLength = Buffer.byteLength(body);
    let length = bodyLength + 1;
    while (String(length).length + bodyLength !== length)
        length = String(length).length + bodyLength;
    return Buffer.from(`${length}${body}`, 'utf8');
}
/**
 * ustar stores up to 255 bytes as prefix (≤155) + '/' + name (≤100), split at a '/'. The longest
 * prefix that works is taken, like GNU tar. Non-ASCII names go to PAX, as Go's archive/tar does,
 * since ustar fields have no defined encoding.
 */
function splitName(name) {
    if (!isAscii(name))
        return undefined;
    if (name.length <= 100)
        return { name, prefix: '' };
    // A trailing '/' (folders) belongs to the name part, never the split point.
    for (let i = Math.min(155, name.length - 2); i > 0; i--) {
        if (name[i] !== '/')
            continue;
        const rest = name.slice(i + 1);
        if (rest.length > 100)
            return undefined;
        return { prefix: name.slice(0, i), name: rest };
    }
    return undefined;
}
function ustarHeader(fields) {
    const block = Buffer.alloc(BLOCK);
    block.write(fields.name, 0, 100, 'utf8');
    writeOctal(block, 100, 8, fields.mode);
    writeOctal(block, 108, 8, 0); // uid
    writeOctal(block, 116, 8, 0); // gid
    writeOctal(block, 124, 12, fields.size);
    writeOctal(block, 136, 12, fields.mtime);
    block.write(fields.typeflag, 156, 1, 'ascii');
    block.write(fields.linkname, 157, 100, 'utf8');
    block.write('ustar\x0000', 257, 8, 'ascii');
    // uname (265) and gname (297) stay empty: owners are numeric 0/0 in every image.
    writeOctal(block, 329, 8, 0); // devmajor
    writeOctal(block, 337, 8, 0); // devminor
    block.write(fields.prefix, 345, 155, 'utf8');
    // The checksum is summed with its own field read as eight spaces.
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += block[i];
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    return block;
}
/** Zero-padded octal filling the field but its last byte, which is NUL. */
function writeOctal(block, offset, width, value) {
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}
function isAscii(text) {
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) > 0x7f)
            return false;
    return true;
}
function truncateBytes(text, max) {
    // By code point, so a cut never leaves half a surrogate pair.
    const chars = [...text];
    while (Buffer.byteLength(chars.join('')) > max)
        chars.pop();
    return chars.join('');
}
const nativeCrc32 = external_node_zlib_.crc32;
/** zlib.crc32 exists from Node 20.15 / 22.2; older 20.x gets the table version. */
function crc32(data, value = 0) {
    return nativeCrc32 ? nativeCrc32(data, value) : tableCrc32(data, value);
}
/** The plain table-driven CRC-32 of RFC 1952 §8, continuing from `value`. */
function tableCrc32(data, value = 0) {
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++) {
        crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    }
    return ~crc >>> 0;
}
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

;// CONCATENATED MODULE: ./src/builders/native.ts










const DEFAULT_DESTINATION = '/app';
/** RFC 3339 without milliseconds: what every other tool writes for a whole-second time. */
function isoSeconds(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function resolveBase(request) {
    const scratch = {
        index: false,
        // A fixed platform: the layer holds files only, and a digest must not depend on the build host.
        platforms: [
            {
                platform: { architecture: 'amd64', os: 'linux' },
                config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
            },
        ],
    };
    if (!request.base || request.base === 'scratch')
        return scratch;
    const ref = (0,reference/* parseReference */.F2)(request.base, 'base');
    const store = await (0,open_store/* openStore */.C)({ kind: 'registry', ref }, {
        credentials: await request.credentials?.(ref.registry),
        insecureRegistries: request.insecureRegistries,
        onSecret: request.onSecret,
    });
    const root = await store.getManifest(ref.digest ?? ref.tag ?? 'latest');
    const name = (0,reference/* formatReference */.FH)({ ...ref, digest: undefined });
    const readPlatform = async (manifestBytes, digest) => {
        const manifest = (0,referrers/* parseManifest */.Ng)(manifestBytes, `base manifest ${digest}`);
        const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
        const platform = { architecture: config.architecture, os: config.os };
        if (config.variant)
            platform.variant = config.variant;
        return { platform, manifest, manifestDigest: digest, config };
    };
    if (!(0,media_types/* isIndexType */.$U)(root.mediaType)) {
        return {
            store,
            name,
            digest: root.digest,
            index: false,
            platforms: [await readPlatform(root.bytes, root.digest)],
        };
    }
    const index = (0,referrers/* parseManifest */.Ng)(root.bytes, `base index ${root.digest}`);
    const platforms = [];
    for (const child of index.manifests) {
        // Attestation manifests (buildkit's unknown/unknown) are not runnable platforms.
        if (!child.platform || child.platform.os === 'unknown')
            continue;
        const fetched = await store.getManifest(child.digest);
        const base = await readPlatform(fetched.bytes, fetched.digest);
        platforms.push({ ...base, platform: child.platform });
    }
    if (platforms.length === 0) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `base image ${request.base} lists no platform`, {
            input: 'base',
            valid: 'an image or an index with at least one linux platform, or scratch',
        });
    }
    return { store, name, digest: root.digest, index: true, platforms };
}
/** Docker semantics: a new entrypoint drops the base's command unless a command is given too. */
function applySettings(config, settings, destination) {
    const c = { ...(config.config ?? {}) };
    const env = new Map();
    for (const line of c.Env ?? []) {
        const eq = line.indexOf('=');
        env.set(eq < 0 ? line : line.slice(0, eq), eq < 0 ? '' : line.slice(eq + 1));
    }
    for (const [k, v] of Object.entries(settings.env))
        env.set(k, v);
    if (env.size)
        c.Env = [...env].map(([k, v]) => `${k}=${v}`);
    if (settings.entrypoint) {
        c.Entrypoint = settings.entrypoint;
        c.Cmd = settings.cmd ?? null;
    }
    else if (settings.cmd)
        c.Cmd = settings.cmd;
    c.WorkingDir = settings.workdir ?? destination;
    if (settings.user)
        c.User = settings.user;
    if (settings.ports.length) {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of settings.ports)
            ports[p.includes('/') ? p : `${p}/tcp`] = {};
        c.ExposedPorts = Object.fromEntries(Object.entries(ports).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    if (Object.keys(settings.labels).length) {
        const labels = { ...(c.Labels ?? {}), ...settings.labels };
        c.Labels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    config.config = c;
}
/**
 * Builds without a daemon: the context's files become one deterministic layer on top of the
 * base (or nothing), for every platform the base has. The same files and source date give the
 * same digest on any machine.
 */
class NativeBuilder {
    name = 'native';
    async build(request) {
        const base = await resolveBase(request);
        const destination = request.settings.workdir ?? DEFAULT_DESTINATION;
        const entries = await collectContext(request.context, {
            include: request.include,
            exclude: request.exclude,
            destination,
        });
        const layout = await oci_layout/* LayoutStore */.K.open((0,external_node_path_.join)(request.workDir, 'layout'), { create: true });
        const layer = await writeLayer(entries, {
            mtime: request.sourceDateEpoch,
            outFile: (0,external_node_path_.join)(request.workDir, 'layout', 'blobs', 'sha256', `.layer-${process.pid}.tmp`),
        });
        await layout.adoptBlob(layer.path, { digest: layer.digest, size: layer.size });
        const layerDesc = {
            mediaType: media_types/* MediaType */.zu.OciLayerGzip,
            digest: layer.digest,
            size: layer.size,
        };
        const created = isoSeconds(request.sourceDateEpoch);
        const baseAnnotations = (digest) => base.name && digest
            ? {
                'org.opencontainers.image.base.digest': digest,
                'org.opencontainers.image.base.name': base.name,
            }
            : {};
        const manifests = [];
        for (const p of base.platforms) {
            const config = structuredClone(p.config);
            config.created = created;
            applySettings(config, request.settings, destination);
            config.rootfs = {
                type: 'layers',
                diff_ids: [...(config.rootfs?.diff_ids ?? []), layer.diffId],
            };
            config.history = [
                ...(config.history ?? []),
                {
                    created,
                    created_by: `immutable-release native: COPY ${entries.length} entries to ${destination}`,
                },
            ];
            const configBytes = Buffer.from(JSON.stringify(config));
            const configDesc = await putJson(layout, configBytes, media_types/* MediaType */.zu.OciConfig);
            const manifest = {
                schemaVersion: 2,
                mediaType: media_types/* MediaType */.zu.OciManifest,
                config: configDesc,
                layers: [...(p.manifest?.layers ?? []).map(media_types/* toOciLayer */.cK), layerDesc],
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(p.manifestDigest) }),
            };
            const desc = await layout.putManifest(Buffer.from(JSON.stringify(manifest)), media_types/* MediaType */.zu.OciManifest);
            manifests.push({ ...desc, platform: p.platform });
        }
        let root;
        if (base.index) {
            const index = {
                schemaVersion: 2,
                mediaType: media_types/* MediaType */.zu.OciIndex,
                manifests,
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(base.digest) }),
            };
            root = await layout.putManifest(Buffer.from(JSON.stringify(index)), media_types/* MediaType */.zu.OciIndex, 'build');
        }
        else {
            const only = manifests[0];
            const fetched = await layout.getManifest(only.digest);
            root = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build');
        }
        return {
            builder: 'native',
            layout,
            reference: 'build',
            descriptor: root,
            platforms: base.platforms.map((p) => p.platform),
            baseStore: base.store,
            base: base.name && base.digest ? { name: base.name, digest: base.digest } : undefined,
        };
    }
}
async function putJson(layout, bytes, mediaType) {
    const source = (0,blob_source/* bufferSource */.k)(bytes);
    await layout.putBlob(source);
    return { mediaType, digest: source.digest, size: source.size };
}
function sortKeys(record) {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}


/***/ }),

/***/ 8789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BUILDER_ANNOTATION: () => (/* binding */ BUILDER_ANNOTATION),
  OCI: () => (/* binding */ OCI),
  TREE_ANNOTATION: () => (/* binding */ TREE_ANNOTATION),
  attach: () => (/* binding */ attach),
  buildImage: () => (/* binding */ buildImage),
  readBack: () => (/* binding */ readBack),
  release: () => (/* binding */ release),
  releaseAnnotations: () => (/* binding */ releaseAnnotations),
  releaseOutputs: () => (/* binding */ releaseOutputs),
  timed: () => (/* binding */ timed)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/oci/auth.ts
var auth = __webpack_require__(6599);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(8825);
// EXTERNAL MODULE: ./src/oci/layout.ts + 1 modules
var oci_layout = __webpack_require__(5113);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
// EXTERNAL MODULE: ./src/oci/open-store.ts + 1 modules
var open_store = __webpack_require__(7345);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(961);
// EXTERNAL MODULE: ./src/builders/dockerfile.ts
var dockerfile = __webpack_require__(256);
;// CONCATENATED MODULE: ./src/builders/buildah.ts












/** The name the built image has inside the throw-away storage; never leaves the work folder. */
const BUILD_IMAGE = 'localhost/immutable-release-build:latest';
const BASE_NAME_ANNOTATION = 'org.opencontainers.image.base.name';
const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest';
const TAIL_LINES = 20;
function buildahPaths(workDir) {
    return {
        root: (0,external_node_path_.join)(workDir, 'storage'),
        runroot: (0,external_node_path_.join)(workDir, 'run'),
        authfile: (0,external_node_path_.join)(workDir, 'auth.json'),
        secrets: (0,external_node_path_.join)(workDir, 'secrets'),
        tmp: (0,external_node_path_.join)(workDir, 'tmp'),
        layout: (0,external_node_path_.join)(workDir, 'layout'),
    };
}
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
/**
 * Secret ids and the files their values go to, sorted so that argv is the same on every run.
 * Files are numbered rather than named by id, so that no id can name a path outside `dir`.
 */
function secretFiles(secrets, dir) {
    return Object.keys(secrets)
        .sort()
        .map((id, i) => {
        if (!SECRET_ID.test(id)) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `secret id '${id}' cannot be passed to a builder`, {
                input: 'secrets',
                valid: 'ids of letters, digits, _ . -',
            });
        }
        return { id, path: (0,external_node_path_.join)(dir, `secret-${i}`) };
    });
}
/** Writes each secret value to its own 0600 file: builders read them from there, never argv. */
async function writeSecretFiles(secrets, dir) {
    const files = secretFiles(secrets, dir);
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    for (const { id, path } of files) {
        await (0,promises_.writeFile)(path, secrets[id], { mode: 0o600, flag: 'wx' });
        // The mode of writeFile only applies to new files and is filtered by the umask.
        await (0,promises_.chmod)(path, 0o600);
    }
    return files;
}
const sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/** The Dockerfile to build: the one named, else `Dockerfile` at the context's root, as docker does. */
function dockerfileOf(request) {
    return request.dockerfile ?? (0,external_node_path_.join)(request.context, 'Dockerfile');
}
/** The whole argv of `buildah bud`; pure, so a test can see that no secret value is in it. */
function buildahBudArgs(request, paths, options = { tlsVerify: true, identityLabel: true }) {
    const args = [
        ...storageArgs(paths),
        'bud',
        // chroot isolation and vfs need neither a daemon nor overlay mounts, as root or rootless.
        '--isolation',
        'chroot',
        '--format',
        'oci',
        // One layer for all steps: no intermediate images to store, and fewer layer timestamps.
        '--layers=false',
        '--pull',
        '--timestamp',
        String(request.sourceDateEpoch),
        '--authfile',
        paths.authfile,
    ];
    // The version label would make the digest depend on which buildah the runner has.
    if (options.identityLabel)
        args.push('--identity-label=false');
    if (!options.tlsVerify)
        args.push('--tls-verify=false');
    args.push('-f', dockerfileOf(request));
    if (request.target)
        args.push('--target', request.target);
    for (const [k, v] of sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.annotations))
        args.push('--annotation', `${k}=${v}`);
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    args.push('-t', BUILD_IMAGE, request.context);
    return args;
}
function storageArgs(paths) {
    return ['--storage-driver', 'vfs', '--root', paths.root, '--runroot', paths.runroot];
}
function buildahPushArgs(paths) {
    return [
        ...storageArgs(paths),
        'push',
        // Named, so that a future default (zstd) cannot change the digests.
        '--compression-format',
        'gzip',
        BUILD_IMAGE,
        `oci:${paths.layout}:build`,
    ];
}
/**
 * Reads the images a Dockerfile pulls. Only ARGs before the first FROM can appear in FROM lines;
 * build args override their defaults, as in docker. An image that needs an unknown variable is
 * left out rather than guessed.
 */
function dockerfileImages(text, buildArgs = {}, target) {
    const stages = [];
    const external = new Set();
    const isStage = (name) => /^\d+$/.test(name) || stages.some((s) => s.name === name.toLowerCase());
    const addExternal = (image) => {
        if (image && image !== 'scratch' && !isStage(image))
            external.add(image);
    };
    const { froms, steps } = (0,dockerfile/* walkDockerfile */.E)(text, buildArgs);
    let next = 0;
    for (const { instruction, words: rest } of steps) {
        if (instruction === 'FROM') {
            const { image, stage: name } = froms[next++];
            // A FROM naming an earlier stage builds on that stage, not on an image.
            if (image !== undefined && !isStage(image))
                addExternal(image);
            stages.push({ name, from: image ?? '' });
        }
        else if (instruction === 'COPY' || instruction === 'ADD') {
            for (const w of rest) {
                if (w.startsWith('--from='))
                    addExternal(w.slice('--from='.length));
            }
        }
        else if (instruction === 'RUN') {
            for (const w of rest) {
                if (!w.startsWith('--mount='))
                    continue;
                for (const field of w.slice('--mount='.length).split(',')) {
                    if (field.startsWith('from='))
                        addExternal(field.slice('from='.length));
                }
            }
        }
    }
    let stage = target
        ? stages.find((s) => s.name === target.toLowerCase())
        : stages[stages.length - 1];
    const seen = new Set();
    while (stage) {
        const from = stage.from;
        if (from === '' || from === 'scratch')
            return { images: [...external] };
        const parent = /^\d+$/.test(from)
            ? stages[Number(from)]
            : stages.find((s) => s.name === from.toLowerCase());
        if (!parent)
            return { images: [...external], base: from };
        if (seen.has(from))
            break;
        seen.add(from);
        stage = parent;
    }
    return { images: [...external] };
}
/** Registry hosts of the images, skipping any reference that does not parse. */
function imageRegistries(images) {
    const out = new Set();
    for (const image of images) {
        try {
            out.add((0,reference/* parseReference */.F2)(image, 'dockerfile').registry);
        }
        catch {
            // Malformed: buildah will say so in its own words.
        }
    }
    return [...out].sort();
}
/** TLS stays on unless every registry pulled from may be spoken to in plain http. */
function tlsVerifyFor(registries, insecureRegistries) {
    if (registries.length === 0)
        return true;
    return !registries.every((r) => (0,reference/* isLoopback */.U9)(r) || insecureRegistries.includes(r));
}
/** containers-auth.json (docker config format) for the registries the build pulls from. */
async function authFileContent(registries, credentials, env = process.env) {
    const auths = {};
    for (const registry of registries) {
        // As the registry client does: the inputs first, then what docker login left behind.
        const found = (await credentials?.(registry)) ?? (await (0,auth/* dockerConfigCredentials */.D)(registry, env));
        if (!found)
            continue;
        if (found.identityToken) {
            auths[registry] = {
                ...(found.username ? { username: found.username } : {}),
                identitytoken: found.identityToken,
            };
        }
        else if (found.username !== undefined && found.password !== undefined) {
            auths[registry] = {
                auth: Buffer.from(`${found.username}:${found.password}`).toString('base64'),
            };
        }
    }
    return { auths };
}
/**
 * Runs a program (argv, no shell), streaming its stdout and stderr lines to the log. A non-zero
 * exit throws BUILD_FAILED with the last lines, so the error alone tells what went wrong.
 */
function runBuildTool(program, args, options) {
    const mask = (options.mask ?? []).filter((s) => s !== '').sort((a, b) => b.length - a.length);
    const clean = (line) => {
        let out = line;
        for (const secret of mask)
            out = out.split(secret).join('***');
        return out;
    };
    const tail = [];
    const emit = (line) => {
        const text = clean(line);
        options.logger.info(text);
        tail.push(text);
        if (tail.length > TAIL_LINES)
            tail.shift();
    };
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: options.env ?? process.env,
        });
        const partial = { stdout: '', stderr: '' };
        const collect = (stream) => (chunk) => {
            const parts = (partial[stream] + chunk.toString('utf8')).split(/\r?\n|\r/);
            partial[stream] = parts.pop() ?? '';
            for (const line of parts)
                emit(line);
        };
        child.stdout.on('data', collect('stdout'));
        child.stderr.on('data', collect('stderr'));
        child.once('error', (error) => {
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `could not run ${program}: ${error.message}`, {
                hint: `install ${program} or choose another builder`,
                cause: error,
            }));
        });
        child.once('close', (code, signal) => {
            for (const stream of ['stdout', 'stderr']) {
                if (partial[stream] !== '')
                    emit(partial[stream]);
            }
            if (code === 0) {
                resolve();
                return;
            }
            const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `${options.what} ${how}; its last lines:\n${tail.join('\n')}`, { hint: options.hint }));
        });
    });
}
/** Settings a Dockerfile build cannot take from the inputs: the Dockerfile decides them. */
function warnIgnoredSettings(settings, logger, builder) {
    const ignored = [];
    if (settings.entrypoint)
        ignored.push('entrypoint');
    if (settings.cmd)
        ignored.push('cmd');
    if (Object.keys(settings.env).length > 0)
        ignored.push('env');
    if (settings.workdir)
        ignored.push('workdir');
    if (settings.user)
        ignored.push('user');
    if (settings.ports.length > 0)
        ignored.push('ports');
    if (ignored.length === 0)
        return;
    logger.warning(`${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored by the ${builder} builder: ` +
        'a Dockerfile build takes them from its ENTRYPOINT, CMD, ENV, WORKDIR, USER and EXPOSE lines');
}
function buildahVersion(program) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(program, ['--version'], { timeout: 10_000 }, (error, stdout) => {
            const m = /version\s+(\d+)\.(\d+)/.exec(String(stdout));
            resolve(error || !m ? undefined : [Number(m[1]), Number(m[2])]);
        });
    });
}
const samePlatform = (a, c) => a !== undefined &&
    a.os === c.os &&
    a.architecture === c.architecture &&
    (a.variant ?? '') === (c.variant ?? '');
/**
 * buildah's push re-compresses the base image's layers from its storage, so the exported image
 * would carry base layers whose digests exist nowhere else (and depend on buildah's gzip). When
 * the base's own layers have the same content (diff_ids), point the manifest at them instead: the
 * image then shares its base layers with the base, as docker's images do, and a push can mount
 * them from the base's repository rather than upload them.
 */
async function reuseBaseLayers(layout, manifestBytes, config, baseStore, baseDigest) {
    let fetched = await baseStore.getManifest(baseDigest);
    if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
        const index = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `base index ${baseDigest}`);
        const child = index.manifests.find((m) => samePlatform(m.platform, config));
        if (!child)
            return undefined;
        fetched = await baseStore.getManifest(child.digest);
    }
    const base = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `base manifest ${fetched.digest}`);
    const baseConfig = JSON.parse((await baseStore.readBlob(base.config)).toString('utf8'));
    const baseIds = baseConfig.rootfs?.diff_ids ?? [];
    const ids = config.rootfs?.diff_ids ?? [];
    if (baseIds.length === 0 || baseIds.length !== base.layers.length)
        return undefined;
    if (baseIds.some((id, i) => ids[i] !== id))
        return undefined;
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    if (manifest.layers.length < baseIds.length)
        return undefined;
    const dropped = [];
    manifest.layers = manifest.layers.map((layer, i) => {
        if (i >= base.layers.length)
            return layer;
        const replacement = (0,media_types/* toOciLayer */.cK)(base.layers[i]);
        if (replacement.digest !== layer.digest)
            dropped.push(layer.digest);
        return { ...layer, ...replacement };
    });
    if (dropped.length === 0)
        return undefined;
    const kept = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const bytes = Buffer.from(JSON.stringify(manifest));
    await layout.putManifest(bytes, manifest.mediaType ?? media_types/* MediaType */.zu.OciManifest, 'build');
    return { bytes, dropped: dropped.filter((d) => !kept.has(d)) };
}
/**
 * The base a Dockerfile build started from: as the builder recorded it in the manifest
 * (buildah does), else the FROM line, resolved to a digest by asking its registry. Best effort:
 * undefined when neither says.
 */
async function resolveDockerfileBase(request, annotations, fromLine) {
    const name = annotations?.[BASE_NAME_ANNOTATION];
    const digest = annotations?.[BASE_DIGEST_ANNOTATION];
    if (name && digest)
        return { name, digest };
    if (!fromLine)
        return undefined;
    try {
        const ref = (0,reference/* parseReference */.F2)(fromLine, 'dockerfile');
        if (ref.digest)
            return { name: fromLine, digest: ref.digest };
        const store = await (0,open_store/* openStore */.C)({ kind: 'registry', ref }, {
            credentials: await request.credentials?.(ref.registry),
            insecureRegistries: request.insecureRegistries,
            onSecret: request.onSecret,
        });
        const head = await store.headManifest(ref.tag ?? 'latest');
        return head ? { name: fromLine, digest: head.digest } : undefined;
    }
    catch (e) {
        request.logger.debug(`base image of the build unknown: ${e.message}`);
        return undefined;
    }
}
/**
 * Dockerfile builds with buildah: no daemon, no privileges beyond what buildah's chroot isolation
 * needs. Storage lives in the work folder and is removed once the image is exported as an OCI
 * layout, so nothing is left on the runner and no two builds share a cache.
 */
class BuildahBuilder {
    program;
    name = 'buildah';
    constructor(program = 'buildah') {
        this.program = program;
    }
    async build(request) {
        const { logger } = request;
        const dockerfile = dockerfileOf(request);
        // ',' would split the --secret option and ':' the oci:PATH:TAG destination.
        if (/[,:]/.test(request.workDir)) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `work folder ${request.workDir} contains ',' or ':', which buildah's options cannot carry`);
        }
        let text;
        try {
            text = await (0,promises_.readFile)(dockerfile, 'utf8');
        }
        catch (e) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `cannot read ${dockerfile}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        const registries = imageRegistries(found.images);
        const tlsVerify = tlsVerifyFor(registries, request.insecureRegistries);
        warnIgnoredSettings(request.settings, logger, 'buildah');
        const version = await buildahVersion(this.program);
        const identityLabel = version !== undefined && (version[0] > 1 || version[1] >= 26);
        if (!identityLabel) {
            logger.warning(`buildah ${version ? version.join('.') : '(unknown version)'} cannot leave out its io.buildah.version label, so the digest depends on the buildah version; 1.26 or later can`);
        }
        const paths = buildahPaths(request.workDir);
        await (0,promises_.mkdir)(paths.tmp, { recursive: true });
        const env = {
            ...process.env,
            // containers/image stages big blobs in TMPDIR (default /var/tmp): keep them in the work folder.
            TMPDIR: paths.tmp,
        };
        const mask = Object.values(request.secrets);
        try {
            const auth = await authFileContent(registries, request.credentials);
            await (0,promises_.writeFile)(paths.authfile, JSON.stringify(auth), { mode: 0o600, flag: 'wx' });
            await (0,promises_.chmod)(paths.authfile, 0o600);
            await writeSecretFiles(request.secrets, paths.secrets);
            const hint = 'read the build log above; a pull that fails may need credentials or the insecure-registry input';
            await runBuildTool(this.program, buildahBudArgs(request, paths, { tlsVerify, identityLabel }), { logger, env, mask, what: 'buildah bud', hint });
            // The secrets were only for the RUN steps; off the disk before anything else happens.
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
            await runBuildTool(this.program, buildahPushArgs(paths), {
                logger,
                env,
                mask,
                what: 'buildah push to an OCI layout',
                hint: 'the work folder may be out of space',
            });
        }
        finally {
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
            await (0,promises_.rm)(paths.authfile, { force: true });
            await this.removeStorage(paths, env);
        }
        const layout = await oci_layout/* LayoutStore */.K.open(paths.layout);
        let descriptor = await layout.headManifest('build');
        if (!descriptor) {
            throw new errors/* ReleaseError */.K2('BUILD_FAILED', `buildah push left no 'build' tag in ${paths.layout}`);
        }
        const fetched = await layout.getManifest('build');
        const manifest = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built manifest ${fetched.digest}`);
        if ('manifests' in manifest) {
            throw new errors/* ReleaseError */.K2('BUILD_FAILED', 'buildah exported an index where one image was expected');
        }
        const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
        const platform = {
            architecture: config.architecture ?? 'unknown',
            os: config.os ?? 'unknown',
        };
        if (config.variant)
            platform.variant = config.variant;
        const base = await resolveDockerfileBase(request, manifest.annotations, found.base);
        let baseStore;
        if (base) {
            try {
                const ref = (0,reference/* parseReference */.F2)(base.name, 'dockerfile');
                baseStore = await (0,open_store/* openStore */.C)({ kind: 'registry', ref }, {
                    credentials: await request.credentials?.(ref.registry),
                    insecureRegistries: request.insecureRegistries,
                    onSecret: request.onSecret,
                });
                const reused = await reuseBaseLayers(layout, fetched.bytes, config, baseStore, base.digest);
                if (reused) {
                    descriptor = (await layout.headManifest('build'));
                    // The re-compressed copies are no longer referenced; base images can be large.
                    for (const digest of [...reused.dropped, fetched.digest]) {
                        await (0,promises_.rm)((0,external_node_path_.join)(paths.layout, 'blobs', 'sha256', (0,oci_digest/* digestHex */.sU)(digest)), { force: true });
                    }
                    logger.debug(`reused ${reused.dropped.length} base layer(s) of ${base.name}`);
                }
            }
            catch (e) {
                // Only an optimisation: buildah's own layers are a complete image.
                logger.debug(`kept buildah's base layers: ${e.message}`);
            }
        }
        return {
            builder: 'buildah',
            layout,
            reference: 'build',
            descriptor,
            platforms: [platform],
            baseStore,
            base,
        };
    }
    async removeStorage(paths, env) {
        // rmi first: buildah unmounts what it still holds, so rm cannot walk into a live mount.
        await new Promise((resolve) => {
            (0,external_node_child_process_.execFile)(this.program, [...storageArgs(paths), 'rmi', '--all', '--force'], { env, timeout: 120_000 }, () => resolve());
        });
        await (0,promises_.rm)(paths.root, { recursive: true, force: true });
        await (0,promises_.rm)(paths.runroot, { recursive: true, force: true });
        await (0,promises_.rm)(paths.tmp, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/docker.ts








function dockerPaths(workDir) {
    return {
        secrets: (0,external_node_path_.join)(workDir, 'secrets'),
        archive: (0,external_node_path_.join)(workDir, 'image.tar'),
        layout: (0,external_node_path_.join)(workDir, 'layout'),
    };
}
const docker_sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/**
 * argv and extra environment of `docker buildx build`; pure, so a test can check every flag and
 * that no secret value is in argv. The source date goes in the environment: buildx hands
 * SOURCE_DATE_EPOCH to BuildKit, which stamps `created` and history with it, and
 * `rewrite-timestamp` clamps the files' mtimes in the layers to it.
 */
function dockerBuildArgs(request) {
    const paths = dockerPaths(request.workDir);
    const args = ['buildx', 'build', '--file', dockerfileOf(request), '--pull'];
    for (const [k, v] of docker_sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    if (request.target)
        args.push('--target', request.target);
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    for (const [k, v] of docker_sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of docker_sortedEntries(request.annotations)) {
        args.push('--annotation', `manifest:${k}=${v}`);
    }
    // Attestations would turn the result into an index whose extra manifest changes every run.
    args.push('--provenance=false', '--sbom=false', '--output', `type=oci,dest=${paths.archive},rewrite-timestamp=true`, request.context);
    return { args, env: { SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) } };
}
/** True when a Docker daemon answers within 5 s; a missing CLI or a stopped daemon is false. */
function dockerAvailable(program = 'docker') {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(program, ['version', '--format', '{{.Server.Version}}'], { timeout: 5_000 }, (error, stdout) => resolve(!error && String(stdout).trim() !== ''));
    });
}
function extract(archive, dir) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)('tar', ['-xf', archive, '-C', dir], { timeout: 600_000 }, (error, _out, stderr) => {
            if (!error) {
                resolve();
                return;
            }
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `cannot unpack ${archive}: ${String(stderr).trim()}`, {
                cause: error,
                hint: 'the work folder may be out of space',
            }));
        });
    });
}
/**
 * Dockerfile builds with `docker buildx build`, when a daemon answers. The image is exported as
 * an OCI layout (no daemon image store, no `docker push`), so it is pushed like any other build.
 * Pulls use the daemon's credentials and registry settings (docker login, buildkitd.toml).
 */
class DockerBuilder {
    program;
    name = 'docker';
    constructor(program = 'docker') {
        this.program = program;
    }
    async build(request) {
        const { logger } = request;
        // ',' would split the --secret and --output options.
        if (request.workDir.includes(',')) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `work folder ${request.workDir} contains ',', which buildx's options cannot carry`);
        }
        const { args, env } = dockerBuildArgs(request);
        const paths = dockerPaths(request.workDir);
        let text;
        try {
            text = await (0,promises_.readFile)(dockerfileOf(request), 'utf8');
        }
        catch (e) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `cannot read ${dockerfileOf(request)}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        warnIgnoredSettings(request.settings, logger, 'docker');
        try {
            await writeSecretFiles(request.secrets, paths.secrets);
            await runBuildTool(this.program, args, {
                logger,
                env: { ...process.env, ...env },
                mask: Object.values(request.secrets),
                what: 'docker buildx build',
                // The default 'docker' driver has no OCI exporter unless the containerd image store is on.
                hint: "read the build log above. Exporting an OCI layout needs a buildx builder with the docker-container driver (docker/setup-buildx-action) or Docker's containerd image store, and BuildKit 0.13 or later for rewrite-timestamp; or set builder: buildah",
            });
        }
        finally {
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
        }
        await (0,promises_.mkdir)(paths.layout, { recursive: true });
        await extract(paths.archive, paths.layout);
        await (0,promises_.rm)(paths.archive, { force: true });
        const layout = await oci_layout/* LayoutStore */.K.open(paths.layout);
        // BuildKit names nothing in index.json unless given a name: tag what it wrote as 'build'.
        const index = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(paths.layout, 'index.json'), 'utf8'));
        const root = index.manifests[0];
        if (!root || index.manifests.length !== 1) {
            throw new errors/* ReleaseError */.K2('BUILD_FAILED', `docker buildx wrote ${index.manifests.length} images to ${paths.layout}, expected one`);
        }
        const fetched = await layout.getManifest(root.digest);
        const descriptor = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build');
        const platforms = [];
        let annotations;
        if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
            const children = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built index ${fetched.digest}`);
            annotations = children.annotations;
            for (const child of children.manifests) {
                if (child.platform && child.platform.os !== 'unknown')
                    platforms.push(child.platform);
            }
        }
        else {
            const manifest = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built manifest ${fetched.digest}`);
            annotations = manifest.annotations;
            const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
            const platform = {
                architecture: config.architecture ?? 'unknown',
                os: config.os ?? 'unknown',
            };
            if (config.variant)
                platform.variant = config.variant;
            platforms.push(platform);
        }
        return {
            builder: 'docker',
            layout,
            reference: 'build',
            descriptor,
            platforms,
            base: await resolveDockerfileBase(request, annotations, found.base),
        };
    }
}

// EXTERNAL MODULE: ./src/builders/native.ts + 3 modules
var builders_native = __webpack_require__(5601);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/builders/select.ts





/** True when `name` is an executable file in a PATH folder. */
async function haveProgram(name, path = process.env.PATH ?? '') {
    for (const dir of path.split(external_node_path_.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            if (!(await (0,promises_.stat)(candidate)).isFile())
                continue;
            await (0,promises_.access)(candidate, external_node_fs_.constants.X_OK);
            return true;
        }
        catch {
            // Not in this folder; keep looking.
        }
    }
    return false;
}
async function isFile(path) {
    try {
        return (await (0,promises_.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}
const INSTALL_BUILDAH = 'install buildah (apt-get install buildah)';
/**
 * Picks the builder. `auto`: a Dockerfile (named, or at the context's root) means docker when
 * its daemon answers, else buildah; no Dockerfile means native. An explicit choice is checked
 * against the machine, so a missing tool fails here with advice rather than mid-build.
 */
async function selectBuilder(choice, context, dockerfile, probes = {
    docker: () => dockerAvailable(),
    buildah: () => haveProgram('buildah'),
}) {
    // Asked for by name: a Dockerfile, even a named one, is not native's business.
    if (choice === 'native') {
        return { name: 'native', why: 'builder: native was asked for' };
    }
    let file;
    if (dockerfile) {
        file = (0,external_node_path_.isAbsolute)(dockerfile) ? dockerfile : (0,external_node_path_.resolve)(context, dockerfile);
        if (!(await isFile(file))) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `${file} does not exist`, {
                input: 'dockerfile',
                valid: 'a Dockerfile path, relative to the context',
            });
        }
    }
    else {
        const candidate = (0,external_node_path_.join)(context, 'Dockerfile');
        if (await isFile(candidate))
            file = candidate;
    }
    if (choice === 'auto') {
        if (!file) {
            return {
                name: 'native',
                why: `no Dockerfile at ${(0,external_node_path_.join)(context, 'Dockerfile')} and none named; using native`,
            };
        }
        const found = `Dockerfile found at ${file}`;
        if (await probes.docker()) {
            return {
                name: 'docker',
                why: `${found}; a Docker daemon answered; using docker`,
                dockerfile: file,
            };
        }
        if (await probes.buildah()) {
            return {
                name: 'buildah',
                why: `${found}; no Docker daemon answered; using buildah`,
                dockerfile: file,
            };
        }
        throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', `${found}, but no Docker daemon answered and buildah is not installed`, {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: `${INSTALL_BUILDAH}, start a Docker daemon, or set builder: native to build the context's files without the Dockerfile`,
        });
    }
    if (!file) {
        throw new errors/* UserError */.yo('INPUT_MISSING', `builder: ${choice} needs a Dockerfile, and there is none at ${(0,external_node_path_.join)(context, 'Dockerfile')}`, {
            input: 'dockerfile',
            hint: 'name one with the dockerfile input, or use builder: native',
        });
    }
    if (choice === 'buildah') {
        if (!(await probes.buildah())) {
            throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', 'buildah is not installed (not on PATH)', {
                input: 'builder',
                valid: 'auto, native, buildah, docker',
                hint: `${INSTALL_BUILDAH}, or set builder: auto or native`,
            });
        }
        return { name: 'buildah', why: 'builder: buildah was asked for', dockerfile: file };
    }
    if (!(await probes.docker())) {
        throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', 'no Docker daemon answered within 5 s', {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: 'start Docker (docker version must show a Server), or set builder: auto to fall back to buildah',
        });
    }
    return { name: 'docker', why: 'builder: docker was asked for', dockerfile: file };
}

// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(6465);
// EXTERNAL MODULE: ./src/oci/copy.ts
var copy = __webpack_require__(3748);
// EXTERNAL MODULE: ./src/release/git.ts
var git = __webpack_require__(2941);
// EXTERNAL MODULE: ./src/release/tags.ts
var tags = __webpack_require__(2788);
// EXTERNAL MODULE: ./src/commands/release-summary.ts
var release_summary = __webpack_require__(4230);
// EXTERNAL MODULE: ./src/commands/signing.ts
var signing = __webpack_require__(6621);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/sign/bundle.ts
var sign_bundle = __webpack_require__(7766);
// EXTERNAL MODULE: ./src/sign/bundle-signer.ts
var bundle_signer = __webpack_require__(5604);
// EXTERNAL MODULE: ./src/sign/cosign.ts
var cosign = __webpack_require__(7126);
// EXTERNAL MODULE: ./src/sign/dsse.ts
var dsse = __webpack_require__(4218);
// EXTERNAL MODULE: ./src/sign/referrer.ts
var referrer = __webpack_require__(1354);
;// CONCATENATED MODULE: ./src/sign/attach.ts






const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
/**
 * A bundle referrer of `subject` with this predicate type that this signer made: for a key, one
 * that verifies with it; keyless signatures cannot be re-checked without the trusted root, so
 * any bundle of the predicate counts (a repair then never duplicates a keyless signature).
 */
async function findBundle(ctx, subject, predicateType) {
    const candidates = (await (0,referrer/* readReferrers */.tV)(ctx.store, subject, bundle_signer/* BUNDLE_MEDIA_TYPE */.N)).filter((r) => r.manifest.annotations?.[PREDICATE_ANNOTATION] === predicateType);
    const key = ctx.signer.keySigner;
    for (const c of candidates) {
        if (!key)
            return c.descriptor.digest;
        try {
            const bundle = JSON.parse(c.blob.toString('utf8'));
            await (0,sign_bundle/* verifyKeyBundle */.ZX)(bundle, (0,external_node_crypto_.createPublicKey)(key.publicKeyPem), subject, predicateType);
            return c.descriptor.digest;
        }
        catch {
            // Another key's bundle, or a broken one: keep looking.
        }
    }
    return undefined;
}
async function attachBundle(ctx, subject, predicateType, statement) {
    const existing = await findBundle(ctx, subject.digest, predicateType);
    if (existing)
        return { digest: existing, added: false };
    const bundle = await ctx.signer.signDsse(dsse/* IN_TOTO_PAYLOAD_TYPE */.T, statement);
    const d = await (0,sign_bundle/* putBundle */.cK)(ctx.store, subject, bundle, predicateType, ctx.created);
    return { digest: d.digest, added: true };
}
/** Signs `subject` in the chosen formats; keyless signers have no key for the legacy `.sig` tag. */
async function signSubject(ctx, subject) {
    const out = { references: [], written: 0 };
    const key = ctx.signer.keySigner;
    if (ctx.format !== 'bundle' && key) {
        const legacy = await (0,cosign/* appendLegacySignature */.cH)(ctx.store, ctx.repository, subject, key);
        out.references.push(`${ctx.repository}:${(0,cosign/* signatureTag */.bG)(subject.digest)}`);
        if (legacy.added)
            out.written++;
    }
    if (ctx.format !== 'legacy' || !key) {
        const bundle = await attachBundle(ctx, subject, sign_bundle/* COSIGN_SIGN_PREDICATE_TYPE */.Z4, (0,sign_bundle/* imageSignatureStatement */.l6)(subject.digest));
        out.references.push(`${ctx.repository}@${bundle.digest}`);
        if (bundle.added)
            out.written++;
    }
    return out;
}
/** A DSSE-signed attestation (provenance) as a bundle referrer; an existing one is kept. */
async function attachAttestation(ctx, subject, predicateType, statement) {
    return attachBundle(ctx, subject, predicateType, statement);
}
/**
 * The release record as a referrer of the image, signed like an image. A record with the same
 * bytes already there is kept, so a re-run writes nothing; a changed record is added beside it.
 */
async function attachRecord(ctx, subject, artifactType, record) {
    const same = (await (0,referrer/* readReferrers */.tV)(ctx.store, subject.digest, artifactType)).find((r) => r.blob.equals(record));
    let written = 0;
    let descriptor = same?.descriptor;
    if (!descriptor) {
        descriptor = await (0,referrer/* putReferrer */.j5)(ctx.store, subject, {
            artifactType,
            blob: record,
            blobMediaType: artifactType,
            annotations: { 'org.opencontainers.image.created': ctx.created },
        });
        written++;
    }
    const manifest = {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
    };
    if (!('signer' in ctx))
        return { descriptor: manifest, written, signatures: [] };
    const signed = await signSubject(ctx, manifest);
    return { descriptor: manifest, written: written + signed.written, signatures: signed.references };
}

// EXTERNAL MODULE: ./src/sign/provenance.ts
var sign_provenance = __webpack_require__(890);
// EXTERNAL MODULE: ./src/release/record.ts
var release_record = __webpack_require__(6776);
;// CONCATENATED MODULE: ./src/commands/release.ts


















const TREE_ANNOTATION = 'dev.immutable-release.tree';
const BUILDER_ANNOTATION = 'dev.immutable-release.builder';
const OCI = 'org.opencontainers.image';
function builderFor(name) {
    if (name === 'buildah')
        return new BuildahBuilder();
    if (name === 'docker')
        return new DockerBuilder();
    return new builders_native/* NativeBuilder */.xe();
}
async function timed(phases, name, ctx, work) {
    const started = performance.now();
    try {
        return await ctx.logger.group(name, work);
    }
    finally {
        phases[name] = Math.round(performance.now() - started);
    }
}
/** Annotations that name what was built from what; `created` is the commit time, never the clock. */
function releaseAnnotations(facts, plan, builder) {
    const annotations = {
        [`${OCI}.created`]: (0,builders_native/* isoSeconds */.nE)(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
        [TREE_ANNOTATION]: facts.tree,
        [BUILDER_ANNOTATION]: builder,
    };
    if (facts.sourceUrl) {
        annotations[`${OCI}.source`] = facts.sourceUrl;
        // From the source, never the destination: where the image goes must not change its digest.
        annotations[`${OCI}.title`] = (0,external_node_path_.basename)(new URL(facts.sourceUrl).pathname);
    }
    if (plan.version)
        annotations[`${OCI}.version`] = plan.version;
    return annotations;
}
async function readBack(store, root) {
    const fetched = await store.getManifest(root.digest);
    const m = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `manifest ${root.digest}`);
    const imageSize = (im, bytes) => bytes + im.config.size + im.layers.reduce((n, l) => n + l.size, 0);
    if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
        const index = m;
        let size = fetched.bytes.length;
        for (const child of index.manifests) {
            const c = await store.getManifest(child.digest);
            size += imageSize((0,referrers/* parseManifest */.Ng)(c.bytes, child.digest), c.bytes.length);
        }
        return {
            mediaType: fetched.mediaType,
            platforms: index.manifests.map((d) => d.platform).filter((p) => !!p),
            size,
            annotations: index.annotations ?? {},
            children: index.manifests,
        };
    }
    const manifest = m;
    const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    return {
        mediaType: fetched.mediaType,
        platforms: [platform],
        size: imageSize(manifest, fetched.bytes.length),
        annotations: manifest.annotations ?? {},
        children: [],
    };
}
/**
 * `release`: the checked-out commit becomes an image tagged `sha-<commit>` (never moved) and
 * its version tags. When that tag already names this commit and tree, nothing is built or
 * uploaded: the outputs are read back from the target, the same as the first run's.
 */
/** Builds the context at the commit into an OCI layout under `workDir`, as release and check do. */
async function buildImage(config, ctx, context, facts, plan, workDir) {
    const choice = await selectBuilder(config.builder, context, config.dockerfile && (0,external_node_path_.resolve)(ctx.cwd, config.dockerfile));
    ctx.logger.info(`builder: ${choice.name} (${choice.why})`);
    return builderFor(choice.name).build({
        context,
        dockerfile: choice.dockerfile,
        base: config.base,
        buildArgs: { ...config.buildArgs },
        target: config.target,
        secrets: { ...config.secrets },
        sourceDateEpoch: facts.commitTime,
        settings: {
            entrypoint: config.entrypoint && [...config.entrypoint],
            cmd: config.cmd && [...config.cmd],
            env: { ...config.env },
            workdir: config.workdir,
            user: config.user,
            ports: [...config.ports],
            labels: { ...labelsFrom(facts, plan), ...config.labels },
        },
        annotations: releaseAnnotations(facts, plan, choice.name),
        include: [...config.include],
        exclude: [...config.exclude],
        credentials: ctx.credentials,
        insecureRegistries: [...config.insecureRegistries],
        onSecret: ctx.mask,
        workDir,
        logger: ctx.logger,
    });
}
async function release(config, ctx) {
    const phases = {};
    const context = (0,external_node_path_.isAbsolute)(config.context) ? config.context : (0,external_node_path_.resolve)(ctx.cwd, config.context);
    const facts = await timed(phases, 'source', ctx, async () => {
        const f = await (0,git/* readCommit */.kN)({ cwd: context, env: ctx.env });
        (0,git/* assertClean */.O0)(f, config.allowDirty);
        ctx.logger.info(`commit ${f.commit} (tree ${f.tree}), committed ${(0,builders_native/* isoSeconds */.nE)(f.commitTime)}`);
        return f;
    });
    const signer = await (0,signing/* signerFrom */.H)(config, ctx);
    const store = await (0,target/* openTarget */.Ap)(config, ctx, { create: true });
    const existingTags = await store.listTags();
    const plan = (0,tags/* planTags */.V)({
        commit: facts.commit,
        ref: facts.ref,
        existingTags,
        extra: [...config.tags],
    });
    const existing = existingTags.includes(plan.commitTag)
        ? await store.headManifest(plan.commitTag)
        : undefined;
    let root;
    let built;
    let blobs = { uploaded: 0, mounted: 0, exists: 0 };
    let skipped = false;
    const prior = existing && (await readBack(store, existing));
    // A dirty tree (allow-dirty) is not the commit's tree: build it, and let the tag guard decide.
    if (existing &&
        facts.dirtyPaths.length === 0 &&
        prior?.annotations[`${OCI}.revision`] === facts.commit &&
        prior.annotations[TREE_ANNOTATION] === facts.tree) {
        ctx.logger.info(`${plan.commitTag} already holds ${existing.digest} built from this commit and tree: nothing to build`);
        root = existing;
        skipped = true;
        await timed(phases, 'tag', ctx, async () => {
            for (const tag of await (0,copy/* pointTags */.SK)(store, plan.tags, root))
                ctx.logger.info(`tagged ${tag}`);
        });
    }
    else {
        const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.tmpdir ?? (0,external_node_os_.tmpdir)(), 'immutable-release-'));
        try {
            built = await timed(phases, 'build', ctx, async () => {
                return buildImage(config, ctx, context, facts, plan, workDir);
            });
            root = built.descriptor;
            ctx.logger.info(`built ${root.digest}`);
            // The guard runs before any write: a moved commit tag is refused with nothing pushed.
            (0,tags/* assertCommitTagUnmoved */.Q)(plan.commitTag, existing?.digest, root.digest);
            const result = await timed(phases, 'push', ctx, () => (0,copy/* copyImage */.L1)(built.layout, store, built.reference, {
                tags: plan.tags,
                fallback: built.baseStore,
            }));
            blobs = result.stats.blobs;
            ctx.logger.info(`blobs: ${blobs.uploaded} uploaded, ${blobs.mounted} mounted, ${blobs.exists} already there`);
        }
        finally {
            await (0,promises_.rm)(workDir, { recursive: true, force: true });
        }
    }
    const stored = await readBack(store, root);
    const attached = await attach(config, ctx, phases, { store, root, stored, facts, plan, signer });
    const a = stored.annotations;
    const base = a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
        ? { name: a[`${OCI}.base.name`], digest: a[`${OCI}.base.digest`] }
        : undefined;
    const out = {
        image: (0,target/* imageReference */.rA)(config, root.digest),
        digest: root.digest,
        mediaType: stored.mediaType,
        tags: plan.tags,
        platforms: stored.platforms,
        size: stored.size,
        builder: a[BUILDER_ANNOTATION] ?? built?.builder ?? 'unknown',
        base,
        commit: facts.commit,
        tree: facts.tree,
        version: plan.version,
        sourceDateEpoch: facts.commitTime,
        skipped,
        blobs,
        phases,
        ...attached,
    };
    out.record = attached.record;
    return {
        outputs: releaseOutputs(out),
        summary: (0,release_summary/* renderReleaseSummary */.i)(out, (0,target/* describeTarget */.ff)(config)),
    };
}
/**
 * Signatures (the image and each platform manifest), SLSA provenance and the release record.
 * Each step keeps what is already there, so a re-run repairs only what a failed run missed.
 */
async function attach(config, ctx, phases, input) {
    const { store, root, stored, facts, plan, signer } = input;
    const repository = (0,target/* describeTarget */.ff)(config);
    const created = (0,builders_native/* isoSeconds */.nE)(facts.commitTime);
    const a = stored.annotations;
    const base = a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
        ? { name: a[`${OCI}.base.name`], digest: a[`${OCI}.base.digest`] }
        : undefined;
    const builder = a[BUILDER_ANNOTATION] ?? 'unknown';
    let written = 0;
    const signatures = [];
    let provenance;
    const actx = signer && {
        store,
        repository,
        signer,
        format: config.signatureFormat,
        created,
    };
    if (actx) {
        await timed(phases, 'sign', ctx, async () => {
            for (const subject of [root, ...stored.children]) {
                const s = await signSubject(actx, {
                    mediaType: subject.mediaType,
                    digest: subject.digest,
                    size: subject.size,
                });
                signatures.push(...s.references);
                written += s.written;
            }
            ctx.logger.info(`signatures: ${signatures.length} (${written} new)`);
        });
        provenance = await timed(phases, 'provenance', ctx, async () => {
            const statement = (0,sign_provenance/* provenanceStatement */.D2)({
                subjects: [{ name: repository, digest: root.digest }],
                commit: facts.commit,
                ref: facts.ref,
                sourceUrl: facts.sourceUrl,
                baseImage: base,
                builder,
                env: ctx.env,
                inputs: provenanceInputs(config),
            });
            const p = await attachAttestation(actx, root, sign_provenance/* SLSA_PROVENANCE_V1 */.us, statement);
            if (p.added)
                written++;
            ctx.logger.info(`provenance ${p.digest}${p.added ? '' : ' (already there)'}`);
            return p.digest;
        });
    }
    else {
        ctx.logger.warning('no signing-key and keyless is false: the image is not signed and gets no provenance');
    }
    const formats = !signer
        ? []
        : signer.keySigner
            ? config.signatureFormat === 'both'
                ? ['legacy', 'bundle']
                : [config.signatureFormat]
            : ['bundle'];
    const identity = signer ? ((await signer.resolveIdentity?.()) ?? signer.identity) : null;
    const record = await timed(phases, 'record', ctx, async () => {
        const bytes = (0,release_record/* serializeRecord */.Om)((0,release_record/* buildRecord */.kA)({
            repository,
            digest: root.digest,
            mediaType: stored.mediaType,
            size: stored.size,
            platforms: stored.children.length
                ? stored.children.map((c) => ({ digest: c.digest, platform: c.platform ?? 'unknown' }))
                : [{ digest: root.digest, platform: stored.platforms[0] ?? 'unknown' }],
            tags: plan.tags,
            version: plan.version,
            source: facts,
            builder,
            base,
            sourceDateEpoch: facts.commitTime,
            reproducible: builder === 'native' ? true : null,
            env: ctx.env,
            signature: { formats, identity, references: signatures },
            provenance: provenance ? { predicateType: sign_provenance/* SLSA_PROVENANCE_V1 */.us, digest: provenance } : null,
        }));
        const r = await attachRecord(actx ?? { store, repository, format: config.signatureFormat, created }, root, release_record/* RECORD_ARTIFACT_TYPE */.yq, bytes);
        written += r.written;
        ctx.logger.info(`record ${r.descriptor.digest}`);
        return r.descriptor.digest;
    });
    return { signatures, provenance, record, attestationsWritten: written };
}
/** The inputs that shaped the build, for provenance; secrets and credentials never. */
function provenanceInputs(config) {
    return {
        builder: config.builder,
        context: config.context,
        dockerfile: config.dockerfile ?? '',
        base: config.base ?? '',
        target: config.target ?? '',
        workdir: config.workdir ?? '',
        'build-args': Object.keys(config.buildArgs).sort().join(','),
    };
}
function labelsFrom(facts, plan) {
    const labels = {
        [`${OCI}.created`]: (0,builders_native/* isoSeconds */.nE)(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
    };
    if (facts.sourceUrl)
        labels[`${OCI}.source`] = facts.sourceUrl;
    if (plan.version)
        labels[`${OCI}.version`] = plan.version;
    return labels;
}
/** The outputs; `metadata` carries what docker/metadata-action users look for, and ours. */
function releaseOutputs(r) {
    const repository = r.image.slice(0, r.image.lastIndexOf('@'));
    const metadata = {
        digest: r.digest,
        image: r.image,
        'image.name': repository,
        'containerimage.digest': r.digest,
        tags: r.tags.map((t) => `${repository}:${t}`),
        mediaType: r.mediaType,
        platforms: r.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')),
        size: r.size,
        builder: r.builder,
        base: r.base ?? null,
        commit: r.commit,
        tree: r.tree,
        version: r.version ?? null,
        sourceDateEpoch: r.sourceDateEpoch,
        // Native builds are deterministic by construction; other builders are unverified until
        // `check --verify-reproducible` builds twice (null, not false: nothing showed a difference).
        reproducible: r.builder === 'native' ? true : null,
        signatures: r.signatures,
        provenance: r.provenance ?? null,
        'record-digest': r.record ?? null,
    };
    return {
        digest: r.digest,
        image: r.image,
        tags: r.tags.join('\n'),
        metadata: JSON.stringify(metadata),
        ...(r.record ? { 'record-digest': r.record } : {}),
    };
}


/***/ }),

/***/ 6621:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ signerFrom)
/* harmony export */ });
/* harmony import */ var _sign_bundle_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7766);
/* harmony import */ var _sign_keyless_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2891);
/* harmony import */ var _sign_keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2821);
/* harmony import */ var _sign_signer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2227);




/**
 * The signer the inputs ask for, or undefined for an unsigned release. Runs before any registry
 * write, so a missing `id-token: write` permission or a wrong passphrase fails with nothing pushed.
 */
async function signerFrom(config, ctx) {
    if (config.keyless) {
        (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_1__.assertIdTokenPermission)(ctx.env);
        return (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_1__.keylessBundleSigner)({
            // Private Sigstore instances (and the tests' stand-ins) are named by these variables.
            fulcioURL: ctx.env.SIGSTORE_FULCIO_URL || undefined,
            rekorURL: ctx.env.SIGSTORE_REKOR_URL || undefined,
            tsaServerURL: ctx.env.SIGSTORE_TSA_URL || undefined,
            identityToken: () => (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_1__.githubIdToken)(ctx.env, ctx.mask),
        });
    }
    if (config.signingKey) {
        const key = await (0,_sign_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .loadSigningKey */ .fm)(config.signingKey, config.signingKeyPassphrase ?? ctx.env.COSIGN_PASSWORD);
        return (0,_sign_bundle_js__WEBPACK_IMPORTED_MODULE_0__/* .keyBundleSigner */ .ax)((0,_sign_signer_js__WEBPACK_IMPORTED_MODULE_3__/* .keySigner */ .Ye)(key));
    }
    return undefined;
}


/***/ }),

/***/ 3748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L1: () => (/* binding */ copyImage),
/* harmony export */   SK: () => (/* binding */ pointTags),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9217);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(961);


/**
 * Runs `work` over `items` with at most `limit` in flight. After a failure no new item starts,
 * and the call settles only when the ones under way have, so nothing runs on after it returns.
 */
async function mapLimit(items, limit, work) {
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const item = items[next++];
            try {
                await work(item);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
}
async function walk(src, root, graph, seen) {
    if (seen.has(root.digest))
        return;
    seen.add(root.digest);
    const m = (0,_referrers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseManifest */ .Ng)(root.bytes, `manifest ${root.digest} in ${src.description}`);
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isIndexType */ .$U)(root.mediaType) || 'manifests' in m) {
        for (const child of m.manifests) {
            await walk(src, await src.getManifest(child.digest), graph, seen);
        }
    }
    else {
        const image = m;
        for (const blob of [image.config, ...image.layers]) {
            // Foreign layers live elsewhere by design; registries refuse nothing for lacking them.
            if (blob.urls?.length && /nondistributable|foreign/.test(blob.mediaType))
                continue;
            graph.blobs.set(blob.digest, blob);
        }
    }
    graph.manifests.push(root);
}
/**
 * Points each tag at `image` unless it already points there; returns the tags written. The
 * manifest bytes are fetched once, and only when some tag needs them.
 */
async function pointTags(store, tags, image) {
    let manifest = image.bytes && image.mediaType
        ? { bytes: image.bytes, mediaType: image.mediaType, digest: image.digest }
        : undefined;
    const written = [];
    for (const tag of tags) {
        if ((await store.headManifest(tag))?.digest === image.digest)
            continue;
        manifest ??= await store.getManifest(image.digest);
        await store.putManifest(manifest.bytes, manifest.mediaType, tag);
        written.push(tag);
    }
    return written;
}
function mountSource(from, to) {
    const sameRegistry = from.registry !== undefined && from.registry === to.registry;
    return sameRegistry && from.repository !== to.repository ? from.repository : undefined;
}
/**
 * Copies the image (manifest or index, with every platform) that `reference` names in `src` to
 * `dst`, byte for byte: blobs first (concurrently, mounted when both are repositories of one
 * registry), then manifests by digest, children first, and the tags very last, so that a reader
 * never finds a tag pointing at something incomplete.
 */
async function copyImage(src, dst, reference, options = {}) {
    const root = await src.getManifest(reference);
    const graph = { manifests: [], blobs: new Map() };
    await walk(src, root, graph, new Set());
    const stats = {
        blobs: { exists: 0, mounted: 0, uploaded: 0 },
        bytesUploaded: 0,
        manifests: 0,
    };
    const fallback = options.fallback;
    await mapLimit([...graph.blobs.values()], options.concurrency ?? 4, async (blob) => {
        const from = fallback && !(await src.hasBlob(blob.digest)) ? fallback : src;
        const result = await dst.putBlob(from.blobSource(blob), { mountFrom: mountSource(from, dst) });
        stats.blobs[result]++;
        if (result === 'uploaded')
            stats.bytesUploaded += blob.size;
        options.onBlob?.(blob.digest, result, blob.size);
    });
    for (const m of graph.manifests) {
        if (!(await dst.headManifest(m.digest))) {
            await dst.putManifest(m.bytes, m.mediaType);
            stats.manifests++;
        }
    }
    await pointTags(dst, options.tags ?? [], root);
    return {
        descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
        stats,
    };
}


/***/ }),

/***/ 2941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O0: () => (/* binding */ assertClean),
/* harmony export */   kN: () => (/* binding */ readCommit)
/* harmony export */ });
/* unused harmony export normalizeSourceUrl */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/**
 * Facts about the commit being released, read from git. Every git call is an argument array
 * (never a shell string), and every commit id that comes from the environment is checked to be
 * 40 hex digits before it reaches git, so no value can turn into an option.
 */




const execFileAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
const COMMIT_RE = /^[0-9a-f]{40}$/;
const MAX_LISTED = 20;
async function readCommit(options) {
    const env = options.env ?? process.env;
    const cwd = options.cwd;
    await assertFolder(cwd);
    await assertRepository(cwd);
    const head = await revParseCommit(cwd, 'HEAD');
    const commit = await chooseCommit(cwd, env, head);
    const [tree, commitTime, ref, sourceUrl, dirtyPaths] = await Promise.all([
        treeOf(cwd, commit),
        commitTimeOf(cwd, commit),
        refOf(cwd, env, commit, head),
        sourceUrlOf(cwd, env),
        dirtyPathsOf(cwd),
    ]);
    return { commit, tree, commitTime, ref, sourceUrl, dirtyPaths, head };
}
function assertClean(facts, allowDirty) {
    if (allowDirty || facts.dirtyPaths.length === 0)
        return;
    const n = facts.dirtyPaths.length;
    const listed = facts.dirtyPaths.slice(0, MAX_LISTED).map((p) => `\n  ${p}`);
    const more = n > MAX_LISTED ? `\n  (+${n - MAX_LISTED} more)` : '';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('DIRTY_TREE', `the working tree has ${n} uncommitted change${n === 1 ? '' : 's'}, so the image would not ` +
        `be commit ${facts.commit.slice(0, 12)}:${listed.join('')}${more}`, {
        input: 'allow-dirty',
        hint: 'commit or discard the changes (git status shows them), add generated files to ' +
            '.gitignore, or set allow-dirty: true to release the working tree as it is',
    });
}
/**
 * `git@host:path`, `ssh://`, `git://` and `https://user:token@host/...` remotes as the https
 * page of the repository. Local paths give undefined: they name no public source.
 */
function normalizeSourceUrl(raw) {
    const value = raw.trim();
    if (value.length === 0)
        return undefined;
    // scp-like syntax: git treats `host:path` as ssh only when no slash comes before the colon.
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(value);
    if (scp && !value.includes('://')) {
        const host = scp[1];
        // A one-letter "host" is a Windows drive (C:\repo), not a remote.
        if (host.length === 1)
            return undefined;
        return finish(`https://${host}`, scp[2]);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    switch (url.protocol) {
        case 'https:':
        case 'http:':
            return finish(`${url.protocol}//${url.host}`, url.pathname);
        case 'ssh:':
        case 'git:':
        case 'git+ssh:':
        case 'ssh+git:':
            // The ssh/git port says nothing about where the web page lives.
            return url.hostname ? finish(`https://${url.hostname}`, url.pathname) : undefined;
        default:
            return undefined;
    }
}
function finish(origin, path) {
    const clean = path
        .replace(/^\/*~?/, '')
        .replace(/\/+$/, '')
        .replace(/\.git$/, '');
    return clean.length === 0 ? undefined : `${origin}/${clean}`;
}
async function assertFolder(cwd) {
    let isDir = false;
    try {
        isDir = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(cwd)).isDirectory();
    }
    catch {
        isDir = false;
    }
    // Checked first because a missing cwd makes spawn fail with ENOENT, which reads as "no git".
    if (!isDir) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('INPUT_INVALID', `'${cwd}' is not a folder`, {
            input: 'context',
            hint: 'point context at the folder of a git checkout',
        });
    }
}
async function assertRepository(cwd) {
    const out = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (out.exitCode === 0)
        return;
    if (/not a git repository/i.test(out.stderr)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('NOT_A_REPOSITORY', `'${cwd}' is not inside a git repository`, {
            input: 'context',
            hint: 'run inside a checkout (actions/checkout before this step), or run `git init` and ' +
                'commit: a release is made from a commit',
        });
    }
    if (/dubious ownership/i.test(out.stderr)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git refuses to read '${cwd}': ${firstLine(out.stderr)}`, {
            hint: `the folder belongs to another user; run \`git config --global --add safe.directory ${cwd}\``,
        });
    }
    throw gitFailed(['rev-parse', '--show-toplevel'], out);
}
async function chooseCommit(cwd, env, head) {
    const event = env.GITHUB_EVENT_NAME;
    if (event === 'pull_request' || event === 'pull_request_target') {
        const prHead = await pullRequestHead(env.GITHUB_EVENT_PATH);
        if (prHead !== undefined) {
            const sha = checkSha(prHead, 'pull_request.head.sha of the event');
            // The merge commit GITHUB_SHA is a throwaway that no one can check out later; the head is
            // the commit the pull request really proposes.
            await assertPresent(cwd, sha, {
                what: `the pull request's head commit ${sha}`,
                hint: 'check out the head commit with actions/checkout and ' +
                    '`ref: ${{ github.event.pull_request.head.sha }}`, or fetch all history with ' +
                    '`fetch-depth: 0`',
            });
            return sha;
        }
    }
    const githubSha = env.GITHUB_SHA?.trim();
    if (githubSha) {
        const sha = checkSha(githubSha, 'GITHUB_SHA');
        await assertPresent(cwd, sha, {
            what: `GITHUB_SHA ${sha}`,
            hint: 'check out the commit that triggered the workflow (actions/checkout without another ' +
                '`ref`), or fetch all history with `fetch-depth: 0`',
        });
        return sha;
    }
    if (head === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('COMMIT_MISSING', `the repository at '${cwd}' has no commits yet`, {
            input: 'context',
            hint: 'commit the files first: a release is made from a commit',
        });
    }
    return head;
}
async function pullRequestHead(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(eventPath, 'utf8'));
        const sha = event.pull_request?.head?.sha;
        return typeof sha === 'string' && sha.length > 0 ? sha : undefined;
    }
    catch {
        // An unreadable event file leaves GITHUB_SHA as the best fact available.
        return undefined;
    }
}
function checkSha(value, source) {
    const sha = value.trim().toLowerCase();
    if (!COMMIT_RE.test(sha)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('INPUT_INVALID', `${source} '${value}' is not a 40-hex commit id`, {
            hint: 'this value comes from the runner; outside Actions, unset it to release HEAD',
        });
    }
    return sha;
}
async function assertPresent(cwd, sha, how) {
    const out = await git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    if (out.exitCode !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('COMMIT_MISSING', `${how.what} is not in the local repository`, {
            input: 'context',
            hint: how.hint,
        });
    }
}
async function revParseCommit(cwd, rev) {
    const out = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`]);
    return out.exitCode === 0 ? out.stdout.trim() : undefined;
}
async function treeOf(cwd, commit) {
    const args = ['rev-parse', '--verify', `${commit}^{tree}`];
    const tree = must(args, await git(cwd, args)).trim();
    if (!COMMIT_RE.test(tree)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git gave '${tree}' as the tree of ${commit}`, {
            hint: 'only SHA-1 repositories are supported',
        });
    }
    return tree;
}
async function commitTimeOf(cwd, commit) {
    // --no-show-signature: a log.showSignature setting would otherwise mix gpg output in.
    const args = ['show', '-s', '--no-show-signature', '--format=%ct', commit];
    const text = must(args, await git(cwd, args)).trim();
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git gave '${text}' as the commit time of ${commit}`);
    }
    return seconds;
}
async function refOf(cwd, env, commit, head) {
    const fromEnv = env.GITHUB_REF?.trim();
    if (fromEnv)
        return fromEnv;
    // The branch HEAD is on says nothing about a commit other than HEAD.
    if (commit === head) {
        const branch = await git(cwd, ['symbolic-ref', '-q', 'HEAD']);
        if (branch.exitCode === 0 && branch.stdout.trim())
            return branch.stdout.trim();
    }
    const args = ['tag', '--points-at', commit];
    const tags = must(args, await git(cwd, args))
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
    // Two tags on one commit leave the version ambiguous: better none than a guess.
    return tags.length === 1 ? `refs/tags/${tags[0]}` : undefined;
}
async function sourceUrlOf(cwd, env) {
    const server = env.GITHUB_SERVER_URL?.trim();
    const repository = env.GITHUB_REPOSITORY?.trim();
    if (server && repository)
        return `${server.replace(/\/+$/, '')}/${repository}`;
    const out = await git(cwd, ['config', '--get', 'remote.origin.url']);
    return out.exitCode === 0 ? normalizeSourceUrl(out.stdout) : undefined;
}
async function dirtyPathsOf(cwd) {
    const args = ['status', '--porcelain=v1', '-z', '--untracked-files=normal'];
    const fields = must(args, await git(cwd, args)).split('\0');
    const paths = [];
    for (let i = 0; i < fields.length; i++) {
        const entry = fields[i];
        if (entry.length < 4)
            continue;
        const xy = entry.slice(0, 2);
        paths.push(entry.slice(3));
        // With -z a rename or copy is "XY new\0old": the old path is a change too, and must not be
        // read as an entry of its own.
        if (/[RC]/.test(xy) && i + 1 < fields.length) {
            const from = fields[++i];
            if (from.length > 0)
                paths.push(from);
        }
    }
    return [...new Set(paths)];
}
async function git(cwd, args) {
    try {
        const { stdout, stderr } = await execFileAsync('git', args, {
            cwd,
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
            env: {
                ...process.env,
                // Errors are matched by their English text; prompts would hang a CI job forever.
                LC_ALL: 'C',
                GIT_TERMINAL_PROMPT: '0',
                // `git status` would otherwise take the index lock to refresh it, racing other git work.
                GIT_OPTIONAL_LOCKS: '0',
            },
        });
        return { exitCode: 0, stdout, stderr };
    }
    catch (e) {
        const err = e;
        if (err.code === 'ENOENT') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', 'git was not found on PATH', {
                hint: 'install git (e.g. apt-get install git): commit facts are read from the checkout',
                cause: e,
            });
        }
        if (typeof err.code === 'number') {
            return { exitCode: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git ${args.join(' ')} could not run: ${err.message}`, {
            cause: e,
        });
    }
}
function must(args, out) {
    if (out.exitCode !== 0)
        throw gitFailed(args, out);
    return out.stdout;
}
function gitFailed(args, out) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git ${args.join(' ')} failed (exit ${out.exitCode}): ${firstLine(out.stderr) || 'no message'}`);
}
function firstLine(text) {
    return text.trim().split('\n')[0] ?? '';
}


/***/ }),

/***/ 2788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ assertCommitTagUnmoved),
/* harmony export */   V: () => (/* binding */ planTags)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2148);
/**
 * Which tags a release writes. The commit tag names one image forever; version aliases (`1.2`,
 * `1`) only ever move forward, so a backport release never drags `1` back to an older line.
 */



const COMMIT_RE = /^[0-9a-f]{40}$/;
const COMMIT_TAG_RE = /^sha-[0-9a-f]{40}$/;
function planTags(input) {
    if (!COMMIT_RE.test(input.commit)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('INTERNAL', `'${input.commit}' is not a 40-hex commit id`);
    }
    const commitTag = `sha-${input.commit}`;
    const version = versionOf(input.ref);
    const tags = [commitTag];
    if (version !== undefined)
        tags.push(...versionTags(version, input.existingTags));
    for (const raw of input.extra) {
        const tag = raw.trim();
        if (tag.length === 0)
            continue;
        (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTag */ .ED)(tag, 'tags');
        // Another commit's tag is immutable too: an extra tag must not claim it.
        if (COMMIT_TAG_RE.test(tag) && tag !== commitTag) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('TAG_INVALID', `'${tag}' is the commit tag of another commit`, {
                input: 'tags',
                valid: 'any tag except sha-<40 hex> of a different commit',
                hint: `this release's commit tag is ${commitTag} and is written on its own`,
            });
        }
        tags.push(tag);
    }
    return { commitTag, version: version?.version, tags: [...new Set(tags)] };
}
function assertCommitTagUnmoved(tag, existing, next) {
    if (existing === undefined || existing === next)
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('TAG_IMMUTABLE', `tag '${tag}' already points at ${existing}; refusing to move it to ${next}`, {
        hint: 'a commit tag names one image forever, so a rebuild of the same commit must give the ' +
            'same digest: make the build reproducible (set the source date, e.g. SOURCE_DATE_EPOCH ' +
            'or the commit time, and pin the base image by digest); to publish a changed image, ' +
            'make a new commit',
    });
}
/** `refs/tags/v1.2.3` or `refs/tags/1.2.3`; branches and other tags carry no version. */
function versionOf(ref) {
    const match = /^refs\/tags\/v?(\d.*)$/.exec(ref ?? '');
    if (!match)
        return undefined;
    // semver.parse also takes `v1.2.3`; the regex above already consumed the one allowed `v`.
    const parsed = semver__WEBPACK_IMPORTED_MODULE_0___default().parse(match[1]);
    // Build metadata (`+build.5`) cannot appear in a tag and does not change precedence: dropped.
    return parsed ?? undefined;
}
function versionTags(version, existingTags) {
    const tags = [version.version];
    if (version.prerelease.length > 0)
        return tags;
    const releases = existingTags
        // Only exact X.Y.Z[-pre] tags count: `1.2`, `latest`, `sha-…` and `v1.2.3` are not releases.
        .filter((t) => semver__WEBPACK_IMPORTED_MODULE_0___default().valid(t) === t)
        .map((t) => new (semver__WEBPACK_IMPORTED_MODULE_0___default().SemVer)(t))
        .filter((v) => v.prerelease.length === 0);
    const higher = (v) => semver__WEBPACK_IMPORTED_MODULE_0___default().gt(v, version);
    if (!releases.some((v) => v.major === version.major && v.minor === version.minor && higher(v))) {
        tags.push(`${version.major}.${version.minor}`);
    }
    if (!releases.some((v) => v.major === version.major && higher(v))) {
        tags.push(`${version.major}`);
    }
    return tags;
}


/***/ }),

/***/ 2891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_FULCIO_URL: () => (/* binding */ DEFAULT_FULCIO_URL),
/* harmony export */   DEFAULT_REKOR_URL: () => (/* binding */ DEFAULT_REKOR_URL),
/* harmony export */   GITHUB_OIDC_ISSUER: () => (/* binding */ GITHUB_OIDC_ISSUER),
/* harmony export */   assertIdTokenPermission: () => (/* binding */ assertIdTokenPermission),
/* harmony export */   githubIdToken: () => (/* binding */ githubIdToken),
/* harmony export */   keylessBundleSigner: () => (/* binding */ keylessBundleSigner),
/* harmony export */   verifyKeylessBundle: () => (/* binding */ verifyKeylessBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1040);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3917);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_core__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4187);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4218);
/**
 * Keyless signing: an ephemeral key certified by Fulcio for the workflow's OIDC identity, each
 * signature witnessed by Rekor (and optionally an RFC 3161 timestamp authority). The bundle alone
 * proves who signed; there is no key to keep, so keyless signers only produce bundles.
 */







const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const ID_TOKEN_HINT = 'add `permissions: id-token: write` to the job (and to the calling workflow for reusable workflows)';
const OUTSIDE_ACTIONS_HINT = 'outside GitHub Actions, set SIGSTORE_ID_TOKEN to an OIDC identity token whose audience is sigstore';
// Fulcio's issuer extensions: v2 holds a DER UTF8String, v1 (legacy) the raw bytes.
const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
/**
 * Fails before any registry write when no OIDC token can be had, so a job without
 * `id-token: write` stops at once instead of after pushing an unsigned image.
 */
function assertIdTokenPermission(env) {
    const missing = missingPermission(env);
    if (missing)
        throw missing;
}
function missingPermission(env) {
    // A token given directly wins everywhere: the user chose it over the runner's.
    if (env.SIGSTORE_ID_TOKEN)
        return undefined;
    if (env.GITHUB_ACTIONS === 'true') {
        if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
            return undefined;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('PERMISSION_MISSING', 'is true, but this job may not request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)', { input: 'keyless', hint: ID_TOKEN_HINT });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('PERMISSION_MISSING', 'is true, but no OIDC token is available', {
        input: 'keyless',
        hint: OUTSIDE_ACTIONS_HINT,
    });
}
/**
 * The OIDC token Fulcio binds the certificate to: SIGSTORE_ID_TOKEN when given, else one minted
 * by the Actions runtime for `audience`. Every credential passes through `onSecret` before it can
 * reach an error message or a log.
 */
async function githubIdToken(env, onSecret, audience = 'sigstore') {
    if (env.SIGSTORE_ID_TOKEN) {
        const token = env.SIGSTORE_ID_TOKEN.trim();
        onSecret(token);
        decodeJwtClaims(token, 'SIGSTORE_ID_TOKEN');
        return token;
    }
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!requestUrl || !requestToken) {
        throw missingPermission(env) ?? new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'no OIDC token source');
    }
    onSecret(requestToken);
    let url;
    try {
        url = new URL(requestUrl);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL', {
            cause: e,
        });
    }
    url.searchParams.set('audience', audience);
    let response;
    let lastFailure = '';
    // The token service is occasionally slow to answer right after a job starts; retry briefly.
    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            response = await fetch(url, {
                headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
                signal: AbortSignal.timeout(30_000),
            });
            if (response.ok || response.status < 500)
                break;
            lastFailure = `HTTP ${response.status} ${response.statusText}`.trim();
        }
        catch (e) {
            response = undefined;
            lastFailure = e instanceof Error ? e.message : String(e);
        }
        if (attempt < 3)
            await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
    if (response === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `could not reach the Actions OIDC token endpoint ${url.origin}: ${lastFailure}`);
    }
    if (!response.ok) {
        const permission = response.status === 401 || response.status === 403;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2(permission ? 'PERMISSION_MISSING' : 'SIGNING_FAILED', `the Actions OIDC token endpoint answered HTTP ${response.status} ${response.statusText}`.trim(), { hint: permission ? ID_TOKEN_HINT : 'retry the job; the token service may be degraded' });
    }
    let value;
    try {
        value = (await response.json()).value;
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'the Actions OIDC token endpoint did not answer JSON', {
            cause: e,
        });
    }
    if (typeof value !== 'string' || value === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'the Actions OIDC token endpoint answered without a token');
    }
    onSecret(value);
    decodeJwtClaims(value, 'the Actions OIDC token');
    return value;
}
/** The claims of a JWT, unverified: Fulcio verifies the signature, we only need to read them. */
function decodeJwtClaims(token, source) {
    const parts = token.split('.');
    let claims;
    if (parts.length === 3) {
        try {
            claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        }
        catch {
            claims = undefined;
        }
    }
    // Checked here because @sigstore/sign quotes the whole token in its parse error.
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `${source} is not a JWT`, {
            hint: 'pass an OIDC identity token (header.payload.signature), not an access token',
        });
    }
    const c = claims;
    if (typeof c.iss !== 'string' || (typeof c.sub !== 'string' && typeof c.email !== 'string')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `${source} has no 'iss' and 'sub' claims`);
    }
    return c;
}
function keylessBundleSigner(options) {
    const fetchOptions = { timeout: options.timeoutMs ?? 30_000, retry: options.retries ?? 2 };
    let token = '';
    const signer = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .FulcioSigner */ .$o({
        fulcioBaseURL: trimSlash(options.fulcioURL ?? DEFAULT_FULCIO_URL),
        identityProvider: {
            getToken: async () => {
                token = await options.identityToken();
                decodeJwtClaims(token, 'the OIDC token');
                return token;
            },
        },
        ...fetchOptions,
    });
    const witnesses = [
        new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .RekorWitness */ .fU({
            rekorBaseURL: trimSlash(options.rekorURL ?? DEFAULT_REKOR_URL),
            entryType: 'dsse',
            // A retried upload whose first attempt landed answers 409; take the existing entry.
            fetchOnConflict: true,
            ...fetchOptions,
        }),
    ];
    if (options.tsaServerURL) {
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .TSAWitness */ .gs({ tsaBaseURL: trimSlash(options.tsaServerURL), ...fetchOptions }));
    }
    const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .DSSEBundleBuilder */ .VV({ signer, witnesses });
    let identity;
    let predicted;
    return {
        get identity() {
            const known = identity ?? predicted;
            if (known === undefined) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'the keyless identity is known only after the first signature or resolveIdentity()');
            }
            return known;
        },
        async resolveIdentity() {
            if (identity)
                return identity;
            predicted = identityFromClaims(decodeJwtClaims(await options.identityToken(), 'the OIDC token'));
            return predicted;
        },
        async signDsse(payloadType, payload) {
            let bundle;
            try {
                bundle = await builder.create({ data: payload, type: payloadType });
            }
            catch (e) {
                // Our own errors (a missing permission from identityToken) arrive wrapped by @sigstore/sign.
                const ours = releaseErrorIn(e);
                if (ours)
                    throw ours;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'keyless signing failed', {
                    hint: 'check that Fulcio and Rekor are reachable and accept the OIDC token',
                    cause: scrubbed(e, token),
                });
            }
            identity = identityOf(certificateOf(bundle));
            return (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(bundle);
        },
    };
}
/**
 * Verifies a keyless DSSE bundle and returns its in-toto statement. `trustedRoot` is Sigstore's
 * trusted_root.json (in production from the Sigstore TUF repository, e.g. via @sigstore/tuf):
 * the Fulcio CAs, Rekor and CT log keys and TSAs that this function trusts and nothing else.
 */
async function verifyKeylessBundle(bundle, policy, trustedRoot, expected) {
    // Any GitHub user can get a Fulcio certificate; without an identity and issuer, a signature
    // proves nothing about who made it.
    if (policy.certificateIdentity === undefined && policy.certificateIdentityRegexp === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is required to verify a keyless signature', {
            input: 'certificate-identity',
            valid: 'certificate-identity or certificate-identity-regexp',
        });
    }
    if (policy.certificateOidcIssuer === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is required to verify a keyless signature', {
            input: 'certificate-oidc-issuer',
            valid: `the issuer URL, e.g. ${GITHUB_OIDC_ISSUER}`,
        });
    }
    let parsed;
    try {
        parsed = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(bundle);
    }
    catch (e) {
        throw verifyFailed('bundle', `not a valid Sigstore bundle: ${messageOf(e)}`, e);
    }
    if (parsed.content.$case !== 'dsseEnvelope') {
        throw verifyFailed('bundle', 'holds a message signature, not a DSSE envelope');
    }
    let verifier;
    try {
        verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .Verifier */ .BL((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toTrustMaterial */ .jO)(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__.TrustedRoot.fromJSON(trustedRoot)));
    }
    catch (e) {
        throw verifyFailed('trusted root', `not a valid Sigstore trusted root: ${messageOf(e)}`, e);
    }
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toSignedEntity */ .DC)(parsed));
    }
    catch (e) {
        const code = e.code;
        throw verifyFailed(checkName(typeof code === 'string' ? code : ''), messageOf(e), e);
    }
    const san = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    if (policy.certificateIdentity !== undefined && san !== policy.certificateIdentity) {
        throw verifyFailed('certificate identity', `expected ${policy.certificateIdentity}, the certificate is for ${san ?? 'no identity'}`);
    }
    if (policy.certificateIdentityRegexp !== undefined &&
        (san === undefined || !new RegExp(policy.certificateIdentityRegexp).test(san))) {
        throw verifyFailed('certificate identity', `${san ?? 'no identity'} does not match /${policy.certificateIdentityRegexp}/`);
    }
    if (issuer !== policy.certificateOidcIssuer) {
        throw verifyFailed('certificate OIDC issuer', `expected ${policy.certificateOidcIssuer}, the certificate names ${issuer ?? 'no issuer'}`);
    }
    const envelope = parsed.content.dsseEnvelope;
    if (envelope.payloadType !== _dsse_js__WEBPACK_IMPORTED_MODULE_6__/* .IN_TOTO_PAYLOAD_TYPE */ .T) {
        throw verifyFailed('payload type', `${envelope.payloadType}, expected ${_dsse_js__WEBPACK_IMPORTED_MODULE_6__/* .IN_TOTO_PAYLOAD_TYPE */ .T}`);
    }
    checkStatement(envelope.payload, expected);
    return envelope.payload;
}
function checkStatement(payload, expected) {
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch (e) {
        throw verifyFailed('statement', 'the payload is not JSON', e);
    }
    if (statement.predicateType !== expected.predicateType) {
        throw verifyFailed('predicate type', `${String(statement.predicateType)}, expected ${expected.predicateType}`);
    }
    const colon = expected.subjectDigest.indexOf(':');
    const algorithm = expected.subjectDigest.slice(0, colon);
    const hex = expected.subjectDigest.slice(colon + 1);
    const subjects = Array.isArray(statement.subject) ? statement.subject : [];
    const found = subjects.some((s) => {
        const digest = s?.digest;
        return typeof digest?.[algorithm] === 'string' && digest[algorithm] === hex;
    });
    if (colon <= 0 || !found) {
        throw verifyFailed('subject digest', `no subject of the statement has ${expected.subjectDigest}`);
    }
}
/** What each @sigstore/verify error code was checking, in the words a user would look for. */
function checkName(code) {
    if (code.startsWith('TLOG'))
        return 'transparency log';
    if (code === 'CERTIFICATE_ERROR')
        return 'certificate chain';
    if (code === 'PUBLIC_KEY_ERROR')
        return 'public key';
    if (code === 'SIGNATURE_ERROR')
        return 'signature';
    if (code === 'TIMESTAMP_ERROR')
        return 'timestamp';
    return 'bundle';
}
function verifyFailed(check, detail, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('VERIFY_FAILED', `keyless bundle: ${check} check failed: ${detail}`, {
        cause,
        hint: check.startsWith('certificate') && check !== 'certificate chain'
            ? 'the bundle was signed by another workflow or issuer; check certificate-identity and certificate-oidc-issuer'
            : 'the bundle or the signed statement was altered, or was not made for this artifact',
    });
}
function certificateOf(bundle) {
    const content = bundle.verificationMaterial.content;
    const raw = content.$case === 'certificate'
        ? content.certificate.rawBytes
        : content.$case === 'x509CertificateChain'
            ? content.x509CertificateChain.certificates[0]?.rawBytes
            : undefined;
    if (raw === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'the keyless bundle carries no signing certificate');
    }
    return _sigstore_core__WEBPACK_IMPORTED_MODULE_1__.X509Certificate.parse(Buffer.from(raw));
}
function identityOf(cert) {
    const v2 = cert.extension(OID_FULCIO_ISSUER_V2);
    const issuer = v2
        ? v2.valueObj.subs?.[0]?.value.toString('utf8')
        : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('utf8');
    return { kind: 'keyless', subject: cert.subjectAltName ?? '', issuer: issuer ?? '' };
}
/**
 * The SAN Fulcio would certify: for GitHub Actions the job's workflow ref as a URL (the reusable
 * workflow's, not the caller's), for email-based issuers the verified email, else the subject.
 * Issuers with other rules (GitLab, Buildkite, ...) are only known from the certificate.
 */
function identityFromClaims(claims) {
    const issuer = String(claims.iss);
    const subject = issuer === GITHUB_OIDC_ISSUER && typeof claims.job_workflow_ref === 'string'
        ? `https://github.com/${claims.job_workflow_ref}`
        : typeof claims.email === 'string'
            ? claims.email
            : String(claims.sub);
    return { kind: 'keyless', subject, issuer };
}
/** The cause chain as one error with the token cut out: messages reach logs via describeError. */
function scrubbed(e, secret) {
    const parts = [];
    let cur = e;
    for (let depth = 0; cur !== undefined && cur !== null && depth < 6; depth++) {
        parts.push(messageOf(cur));
        cur = cur instanceof Error ? cur.cause : undefined;
    }
    const text = parts.join(': ');
    return new Error(secret ? text.split(secret).join('***') : text);
}
function releaseErrorIn(e) {
    let cur = e;
    for (let depth = 0; cur instanceof Error && depth < 6; depth++) {
        if (cur instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2)
            return cur;
        cur = cur.cause;
    }
    return undefined;
}
function messageOf(e) {
    return e instanceof Error ? e.message : String(e);
}
function trimSlash(url) {
    return url.replace(/\/+$/, '');
}


/***/ })

};
