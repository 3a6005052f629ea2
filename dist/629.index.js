export const id = 629;
export const ids = [629];
export const modules = {

/***/ 89629:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PRIVATE_KEY_FILE: () => (/* binding */ PRIVATE_KEY_FILE),
/* harmony export */   PUBLIC_KEY_FILE: () => (/* binding */ PUBLIC_KEY_FILE),
/* harmony export */   generateKey: () => (/* binding */ generateKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _sign_keys_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(82821);
/* harmony import */ var _sign_signer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(92227);






const PRIVATE_KEY_FILE = 'cosign.key';
const PUBLIC_KEY_FILE = 'cosign.pub';
/**
 * `generate-key`: writes a cosign-compatible key pair, cosign.key (encrypted, mode 0600) and
 * cosign.pub, into the `context` folder, as `cosign generate-key-pair` does. Never overwrites: a
 * replaced key would silently orphan every signature made with the old one.
 */
async function generateKey(config, ctx) {
    const folder = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(ctx.cwd, config.context);
    await checkFolder(folder, config.context);
    const keyPath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, PRIVATE_KEY_FILE);
    const pubPath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, PUBLIC_KEY_FILE);
    // Both checked before either is written, so a refusal leaves nothing half done.
    for (const path of [keyPath, pubPath])
        await refuseExisting(path);
    const passphrase = passphraseFor(config, ctx);
    const { privateKeyPem, publicKeyPem } = await (0,_sign_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .generateKeyPair */ .TZ)(passphrase);
    // 'wx' refuses a file that appeared since the check instead of replacing it.
    await writeNew(keyPath, privateKeyPem, 0o600);
    try {
        await writeNew(pubPath, publicKeyPem, 0o644);
    }
    catch (e) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(keyPath, { force: true });
        throw e;
    }
    const keyId = (0,_sign_signer_js__WEBPACK_IMPORTED_MODULE_5__/* .keyIdOf */ .yg)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(publicKeyPem));
    ctx.logger.info(`wrote ${keyPath} (mode 0600) and ${pubPath}`);
    ctx.logger.info(`key id: ${keyId}`);
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
    };
}
/** The `signing-key-passphrase` input, else COSIGN_PASSWORD as cosign reads it; empty is allowed. */
function passphraseFor(config, ctx) {
    const passphrase = config.signingKeyPassphrase ?? ctx.env.COSIGN_PASSWORD ?? '';
    if (passphrase === '') {
        ctx.logger.warning('the private key is encrypted with an empty passphrase: anyone who reads cosign.key can sign. ' +
            "Set 'signing-key-passphrase' (or COSIGN_PASSWORD) to protect it.");
    }
    else {
        ctx.mask(passphrase);
    }
    return passphrase;
}
async function checkFolder(folder, given) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(folder).catch(() => undefined);
    if (!info?.isDirectory()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('INPUT_INVALID', `'${given}' (${folder}) ${info ? 'is not a folder' : 'does not exist'}`, {
            input: 'context',
            valid: 'an existing folder to write cosign.key and cosign.pub into (default: .)',
        });
    }
}
async function refuseExisting(path) {
    // lstat, not stat: a dangling symlink counts as taken, as the exclusive create will see it.
    const taken = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).then(() => true, () => false);
    if (taken)
        throw existsError(path);
}
async function writeNew(path, content, mode) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(path, content, { mode, flag: 'wx' });
    }
    catch (e) {
        if (e.code === 'EEXIST')
            throw existsError(path);
        throw e;
    }
}
function existsError(path) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('INPUT_INVALID', `${path} already exists; refusing to overwrite it`, {
        input: 'context',
        valid: 'a folder without cosign.key and cosign.pub',
        hint: 'move the old pair away first: signatures made with it can only be checked with its cosign.pub',
    });
}


/***/ }),

/***/ 82821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TZ: () => (/* binding */ generateKeyPair),
/* harmony export */   fg: () => (/* binding */ loadPublicKey),
/* harmony export */   fm: () => (/* binding */ loadSigningKey)
/* harmony export */ });
/* unused harmony exports SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL, ACCEPTED_SCRYPT_N, GENERATED_SCRYPT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(80668);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(tweetnacl__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/**
 * Reading and writing signing keys in the formats cosign uses: its scrypt + NaCl secretbox
 * encrypted PEM (`cosign.key`), plain and encrypted PKCS#8, SEC1 and PKCS#1 PEM, and SPKI public
 * keys (`cosign.pub`).
 *
 * Nothing here may put key material or a passphrase into an error: messages name the input, the
 * PEM label and, for files, the path. Errors thrown by node:crypto are never kept as causes, since
 * describeError prints the whole chain and OpenSSL messages are not ours to vet.
 */






const SIGSTORE_KEY_LABEL = 'ENCRYPTED SIGSTORE PRIVATE KEY';
const COSIGN_KEY_LABEL = 'ENCRYPTED COSIGN PRIVATE KEY';
const COSIGN_LABELS = new Set([SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL]);
/** Labels node:crypto parses itself; `ENCRYPTED PRIVATE KEY` takes the passphrase. */
const PLAIN_LABELS = new Set([
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'RSA PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
]);
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
/**
 * go-tuf (cosign up to v2.1) accepts only N=32768; go-securesystemslib (cosign v2.2 on) accepts
 * these three. Anything else is refused, as cosign does, because N is a denial-of-service knob.
 */
const ACCEPTED_SCRYPT_N = [32768, 65536, 131072];
/** The one setting every cosign version reads. */
const GENERATED_SCRYPT = { N: 32768, r: 8, p: 1 };
/** 128 * N * r bytes: 128 MiB at N=131072; Node's 32 MiB default refuses even N=32768. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const SECRETBOX_KEY_BYTES = 32;
const SALT_BYTES = 32;
const VALID_SIGNING_KEY = 'PEM text or the path of a file holding it: cosign.key (ENCRYPTED SIGSTORE PRIVATE KEY or ' +
    'ENCRYPTED COSIGN PRIVATE KEY), or PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ' +
    'ENCRYPTED PRIVATE KEY';
const VALID_PUBLIC_KEY = 'PEM text or the path of a file holding it: PUBLIC KEY (cosign.pub) or RSA PUBLIC KEY';
const PASSPHRASE_INPUT = 'signing-key-passphrase';
const PASSPHRASE_HINT = 'cosign generate-key-pair took it from COSIGN_PASSWORD or its prompt; pass the same value';
// ---------------------------------------------------------------------------------------------
// Public API
/**
 * The private key in `value` (PEM text, base64 of PEM text, or a file path), decrypted with
 * `passphrase` when it is encrypted. `cwd` anchors a relative path.
 */
async function loadSigningKey(value, passphrase, input = 'signing-key', cwd) {
    const { pem, where } = await readPemSource(value, input, VALID_SIGNING_KEY, cwd);
    const blocks = parsePem(pem);
    const candidates = blocks.filter((b) => COSIGN_LABELS.has(b.label) || PLAIN_LABELS.has(b.label));
    if (candidates.length === 0) {
        const labels = blocks.map((b) => b.label);
        const why = labels.some((l) => PUBLIC_LABELS.has(l) || l === 'CERTIFICATE')
            ? `holds a public key or certificate, not a private key`
            : labels.length > 0
                ? `holds no private key (found ${describeLabels(labels)})`
                : 'holds no PEM block (-----BEGIN ...-----)';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_SIGNING_KEY });
    }
    if (candidates.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${candidates.length} private keys (${describeLabels(candidates.map((c) => c.label))}); give exactly one`, { input, valid: VALID_SIGNING_KEY });
    }
    const block = candidates[0];
    const key = COSIGN_LABELS.has(block.label)
        ? await decryptCosignKey(block, passphrase, input, where)
        : parsePlainPrivateKey(block, passphrase, input, where);
    checkSigningKeyType(key, input, where);
    return key;
}
/** The public key in `value` (PEM text, base64 of PEM text, or a file path). */
async function loadPublicKey(value, input = 'verify-key', cwd) {
    const { pem, where } = await readPemSource(value, input, VALID_PUBLIC_KEY, cwd);
    const blocks = parsePem(pem);
    const publics = blocks.filter((b) => PUBLIC_LABELS.has(b.label));
    if (publics.length === 0) {
        const labels = blocks.map((b) => b.label);
        const why = labels.some((l) => COSIGN_LABELS.has(l) || PLAIN_LABELS.has(l))
            ? 'holds a private key; give the public key instead (cosign.pub)'
            : labels.length > 0
                ? `holds no public key (found ${describeLabels(labels)})`
                : 'holds no PEM block (-----BEGIN PUBLIC KEY-----)';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_PUBLIC_KEY });
    }
    if (publics.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${publics.length} public keys; give exactly one`, { input, valid: VALID_PUBLIC_KEY });
    }
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: publics[0].text, format: 'pem' });
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${publics[0].label} block is malformed`, {
            input,
            valid: VALID_PUBLIC_KEY,
        });
    }
}
/**
 * A new ECDSA P-256 key pair in cosign's files: the private key as cosign generate-key-pair writes
 * it (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt N=32768 r=8 p=1 so every cosign version reads it),
 * the public key as SPKI PEM.
 */
async function generateKeyPair(passphrase) {
    const { privateKey, publicKey } = await (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPair)('ec', {
        namedCurve: 'P-256',
    });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const salt = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(SALT_BYTES);
    const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)((tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).nonceLength);
    const boxKey = await deriveKey(passphrase, salt, GENERATED_SCRYPT);
    let sealed;
    try {
        sealed = tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox(pkcs8, nonce, boxKey);
    }
    finally {
        boxKey.fill(0);
        pkcs8.fill(0);
    }
    // Field order as go-securesystemslib's encrypted.Encrypt marshals it.
    const envelope = JSON.stringify({
        kdf: {
            name: 'scrypt',
            params: { N: GENERATED_SCRYPT.N, r: GENERATED_SCRYPT.r, p: GENERATED_SCRYPT.p },
            salt: salt.toString('base64'),
        },
        cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
        ciphertext: Buffer.from(sealed).toString('base64'),
    });
    return {
        privateKeyPem: encodePem(SIGSTORE_KEY_LABEL, Buffer.from(envelope, 'utf8')),
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
}
// ---------------------------------------------------------------------------------------------
// Reading the value
/**
 * PEM text as given, base64-wrapped PEM (a common way to store it as one secret line), or a file.
 * `where` names the source for messages: the input for inline text, the path for a file.
 */
async function readPemSource(value, input, valid, cwd) {
    const trimmed = value.trim();
    if (trimmed === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is empty', { input, valid });
    }
    if (trimmed.includes('-----BEGIN'))
        return { pem: trimmed, where: 'the PEM text' };
    if (/^LS0tLS1CRUdJTi[A-Za-z0-9+/=\s]*$/.test(trimmed)) {
        return { pem: Buffer.from(trimmed, 'base64').toString('utf8'), where: 'the base64 PEM text' };
    }
    // A value that cannot be a path may be key material pasted without its armour: never echo it.
    if (!looksLikePath(trimmed)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', 'is neither PEM text (no -----BEGIN line) nor a file path (the value is not shown: it may be key material)', { input, valid });
    }
    const path = cwd ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, trimmed) : trimmed;
    try {
        return { pem: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8'), where: `file '${trimmed}'` };
    }
    catch (e) {
        const code = e.code;
        const why = code === 'ENOENT'
            ? 'does not exist'
            : code === 'EISDIR'
                ? 'is a directory'
                : code === 'EACCES' || code === 'EPERM'
                    ? 'cannot be read (permission denied)'
                    : `cannot be read (${code ?? 'unknown error'})`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `file '${trimmed}' ${why}`, {
            input,
            valid,
            hint: 'paths are relative to the working directory; give PEM text to pass the key itself',
        });
    }
}
/** One line, not too long, and not a run of base64 that long: a path, not a pasted secret. */
function looksLikePath(value) {
    if (/[\r\n]/.test(value) || value.length > 1024)
        return false;
    return !/^[A-Za-z0-9+/=]{60,}$/.test(value);
}
/**
 * Every armoured block in `text`. Each block is re-wrapped into canonical PEM, so keys pasted with
 * CRLF line ends or flattened onto one line (as some secret stores do) still parse.
 */
function parsePem(text) {
    const blocks = [];
    for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
        const label = match[1];
        const lines = match[2]
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '');
        // RFC 1421 headers (Proc-Type, DEK-Info of legacy OpenSSL encryption) come before the base64.
        const headers = [];
        while (lines.length > 0 && /^[A-Za-z-]+:/.test(lines[0]))
            headers.push(lines.shift() ?? '');
        const body = lines.join('').replace(/\s+/g, '');
        const text = [
            `-----BEGIN ${label}-----`,
            ...(headers.length > 0 ? [...headers, ''] : []),
            ...(body.match(/.{1,64}/g) ?? []),
            `-----END ${label}-----`,
            '',
        ].join('\n');
        blocks.push({ label, text, body });
    }
    return blocks;
}
function describeLabels(labels) {
    return [...new Set(labels)].join(', ');
}
function encodePem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
async function decryptCosignKey(block, passphrase, input, where) {
    const envelope = parseEnvelope(block, input, where);
    const { N, r, p } = envelope;
    if (!ACCEPTED_SCRYPT_N.includes(N) || r !== 8 || p !== 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} uses scrypt parameters N=${N}, r=${r}, p=${p}, which cosign refuses`, {
            input,
            valid: `scrypt N of ${ACCEPTED_SCRYPT_N.join(', ')} with r=8 and p=1`,
            hint: 'generate the key again with cosign generate-key-pair or immutable-release generate-key',
        });
    }
    const boxKey = await deriveKey(passphrase ?? '', envelope.salt, { N, r, p });
    let plain;
    try {
        plain = tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox.open(envelope.ciphertext, envelope.nonce, boxKey);
    }
    finally {
        boxKey.fill(0);
    }
    if (plain === null) {
        const message = passphrase
            ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
            : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', message, {
            input: PASSPHRASE_INPUT,
            valid: `the passphrase ${input} was encrypted with`,
            hint: PASSPHRASE_HINT,
        });
    }
    const der = Buffer.from(plain);
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' });
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} decrypts, but not to a PKCS#8 private key (cosign refuses such a key too)`, {
            input,
            valid: VALID_SIGNING_KEY,
            hint: 'import the plain key with cosign import-key-pair, which re-encrypts it as PKCS#8',
        });
    }
    finally {
        der.fill(0);
        plain.fill(0);
    }
}
function parseEnvelope(block, input, where) {
    const malformed = (what) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} block is malformed (${what})`, {
            input,
            valid: VALID_SIGNING_KEY,
        });
    };
    let json;
    try {
        json = JSON.parse(Buffer.from(block.body, 'base64').toString('utf8'));
    }
    catch {
        return malformed('its content is not the JSON cosign writes');
    }
    const record = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
    const root = record(json);
    const kdf = record(root.kdf);
    const params = record(kdf.params);
    const cipher = record(root.cipher);
    if (kdf.name !== 'scrypt')
        return malformed(`key derivation is not scrypt`);
    if (cipher.name !== 'nacl/secretbox')
        return malformed('cipher is not nacl/secretbox');
    const int = (name) => {
        const value = params[name];
        return typeof value === 'number' && Number.isSafeInteger(value)
            ? value
            : malformed(`scrypt ${name} is not a number`);
    };
    const bytes = (value, name) => typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
        ? Buffer.from(value, 'base64')
        : malformed(`${name} is not base64`);
    const salt = bytes(kdf.salt, 'salt');
    const nonce = bytes(cipher.nonce, 'nonce');
    const ciphertext = bytes(root.ciphertext, 'ciphertext');
    if (salt.length === 0)
        malformed('salt is empty');
    if (nonce.length !== (tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).nonceLength)
        malformed(`nonce is not 24 bytes`);
    if (ciphertext.length <= (tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).overheadLength)
        malformed('ciphertext is too short');
    return { N: int('N'), r: int('r'), p: int('p'), salt, nonce, ciphertext };
}
/** scrypt(passphrase, salt, N, r, p) → the 32-byte secretbox key, off the event loop. */
async function deriveKey(passphrase, salt, params) {
    const derive = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_crypto__WEBPACK_IMPORTED_MODULE_0__.scrypt);
    return derive(Buffer.from(passphrase, 'utf8'), salt, SECRETBOX_KEY_BYTES, {
        N: params.N,
        r: params.r,
        p: params.p,
        maxmem: SCRYPT_MAXMEM,
    });
}
// ---------------------------------------------------------------------------------------------
// Plain PEM private keys
function parsePlainPrivateKey(block, passphrase, input, where) {
    const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
    try {
        // An empty passphrase is a real one (cosign allows it), so it is passed, never dropped.
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: block.text, format: 'pem', passphrase: passphrase ?? '' });
    }
    catch (e) {
        const code = e.code;
        if (encrypted && isDecryptFailure(code)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', passphrase
                ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
                : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`, {
                input: PASSPHRASE_INPUT,
                valid: `the passphrase ${input} was encrypted with`,
                hint: PASSPHRASE_HINT,
            });
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} block is malformed`, {
            input,
            valid: VALID_SIGNING_KEY,
        });
    }
}
function isDecryptFailure(code) {
    return (code === 'ERR_OSSL_BAD_DECRYPT' ||
        code === 'ERR_MISSING_PASSPHRASE' ||
        code === 'ERR_OSSL_EVP_BAD_DECRYPT' ||
        code === 'ERR_OSSL_PEM_BAD_DECRYPT' ||
        code === 'ERR_OSSL_PKCS12_PKCS12_CIPHERFINAL_ERROR');
}
function describeWhere(where, input) {
    return where.startsWith('file ') ? `${input} (${where})` : input;
}
/** What cosign signs with: ECDSA P-256/384/521, RSA 2048 to 4096 bits, Ed25519. */
function checkSigningKeyType(key, input, where) {
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails ?? {};
    const curves = ['prime256v1', 'secp384r1', 'secp521r1'];
    const bits = details.modulusLength ?? 0;
    const ok = (type === 'ec' && curves.includes(details.namedCurve ?? '')) ||
        (type === 'rsa' && bits >= 2048 && bits <= 4096) ||
        type === 'ed25519';
    if (!ok) {
        const what = type === 'ec'
            ? `an EC key on curve ${details.namedCurve ?? 'unknown'}`
            : type === 'rsa'
                ? `a ${bits}-bit RSA key`
                : `a ${type ?? 'unknown'} key`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${what}, which cosign cannot sign with`, {
            input,
            valid: 'ECDSA P-256, P-384 or P-521, RSA of 2048 to 4096 bits, or Ed25519',
        });
    }
}


/***/ }),

/***/ 92227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Od: () => (/* binding */ verifySignature),
/* harmony export */   Ye: () => (/* binding */ keySigner),
/* harmony export */   yg: () => (/* binding */ keyIdOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function keyIdOf(publicKey) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex');
}
/** Ed25519 signs the message itself; every other key type signs its SHA-256. */
function algorithmFor(key) {
    return key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
}
function keySigner(privateKey) {
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey);
    return {
        keyId: keyIdOf(publicKey),
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        sign: async (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(algorithmFor(privateKey), data, privateKey),
    };
}
function verifySignature(publicKey, data, signature) {
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(algorithmFor(publicKey), data, publicKey, signature);
    }
    catch {
        return false;
    }
}


/***/ })

};
