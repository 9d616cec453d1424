#define _GNU_SOURCE  // memrchr
#include "CRawLimit.h"

#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const char local_header[] = "v4.local.";
static const char public_header[] = "v4.public.";
static const size_t local_length = sizeof local_header - 1;

// MARK: - helpers

// Appends base64url(`bin`) at `out + at`; returns the new length or -1.
static long b64_append(char *out, size_t capacity, size_t at, const uint8_t *bin, size_t length) {
    size_t needed = sodium_base64_ENCODED_LEN(length, B64);
    if (at + needed > capacity) return -1;
    // Exactly the room needed: libsodium zero-fills the whole output buffer past the text.
    sodium_bin2base64(out + at, needed, bin, length, B64);
    return (long)(at + needed - 1);
}

// Decodes base64url into `bin`; returns the decoded length or -1.
static long b64_decode(uint8_t *bin, size_t capacity, const char *text, size_t length) {
    size_t decoded = 0;
    if (sodium_base642bin(bin, capacity, text, length, NULL, &decoded, NULL, B64) != 0) return -1;
    return (long)decoded;
}

// PAE: LE64 of a count or length with the top bit cleared.
static void le64(uint8_t out[8], uint64_t value) {
    value &= 0x7FFFFFFFFFFFFFFFULL;
    for (int i = 0; i < 8; i++) out[i] = (uint8_t)(value >> (8 * i));
}

// Feeds one PAE piece (length, then bytes) into a BLAKE2b state.
static void pae_update(crypto_generichash_state *state, const uint8_t *piece, size_t length) {
    uint8_t prefix[8];
    le64(prefix, length);
    crypto_generichash_update(state, prefix, 8);
    crypto_generichash_update(state, piece, length);
}

// Writes one PAE piece into `out`; returns the bytes written.
static size_t pae_write(uint8_t *out, const uint8_t *piece, size_t length) {
    le64(out, length);
    if (length > 0) memcpy(out + 8, piece, length);
    return 8 + length;
}

static const EVP_MD *digest(int bits) {
    switch (bits) {
    case 256: return EVP_sha256();
    case 384: return EVP_sha384();
    case 512: return EVP_sha512();
    default: return NULL;
    }
}

// Splits a compact JWS at its two dots; returns 0 when it has exactly three segments.
static int jws_split(const char *token, size_t length, size_t *first_dot, size_t *second_dot) {
    const char *dot = memchr(token, '.', length);
    if (dot == NULL) return -1;
    *first_dot = (size_t)(dot - token);
    dot = memchr(token + *first_dot + 1, '.', length - *first_dot - 1);
    if (dot == NULL) return -1;
    *second_dot = (size_t)(dot - token);
    if (memchr(token + *second_dot + 1, '.', length - *second_dot - 1) != NULL) return -1;
    return 0;
}

// Decodes a JWS's payload (at `scratch`), header and signature (after it); returns the payload length or -1.
static long jws_decode(
    const char *token, size_t length, uint8_t *scratch, size_t capacity, const uint8_t **signature,
    size_t *signature_length) {
    size_t first = 0, second = 0;
    if (jws_split(token, length, &first, &second) != 0) return -1;
    long payload = b64_decode(scratch, capacity, token + first + 1, second - first - 1);
    if (payload < 0) return -1;
    long header = b64_decode(scratch + payload, capacity - (size_t)payload, token, first);
    if (header < 0) return -1;
    size_t used = (size_t)(payload + header);
    long sig = b64_decode(scratch + used, capacity - used, token + second + 1, length - second - 1);
    if (sig < 0) return -1;
    *signature = scratch + used;
    *signature_length = (size_t)sig;
    return payload;
}

// Writes `base64url(header).base64url(payload)`; returns its length or -1.
static long jws_signing_input(
    char *token, size_t capacity, const uint8_t *header, size_t header_length, const uint8_t *payload,
    size_t payload_length) {
    long at = b64_append(token, capacity, 0, header, header_length);
    if (at < 0 || (size_t)at + 1 >= capacity) return -1;
    token[at++] = '.';
    return b64_append(token, capacity, (size_t)at, payload, payload_length);
}

// Appends `.base64url(signature)`; returns the token length or -1.
static long jws_append_signature(char *token, size_t capacity, long at, const uint8_t *signature, size_t length) {
    if (at < 0 || (size_t)at + 1 >= capacity) return -1;
    token[at++] = '.';
    return b64_append(token, capacity, (size_t)at, signature, length);
}

// MARK: - libsodium

int CRawLimit_init(void) { return sodium_init() < 0 ? -1 : 0; }

void CRawLimit_random(uint8_t *buffer, size_t length) { randombytes_buf(buffer, length); }

const char *CRawLimit_sodium_version(void) { return sodium_version_string(); }

const char *CRawLimit_openssl_version(void) { return OpenSSL_version(OPENSSL_VERSION); }

int CRawLimit_ed25519_keypair(uint8_t *public_key, uint8_t *secret_key, const uint8_t *seed) {
    return crypto_sign_seed_keypair(public_key, secret_key, seed);
}

// MARK: - PASETO v4.local

// Ek ‖ n2 = BLAKE2b-448(key, "paseto-encryption-key" ‖ n); Ak = BLAKE2b-256(key, "paseto-auth-key-for-aead" ‖ n).
static void v4_local_keys(const uint8_t *key, const uint8_t *nonce, uint8_t split[56], uint8_t auth[32]) {
    static const char encryption[] = "paseto-encryption-key";
    static const char authentication[] = "paseto-auth-key-for-aead";
    crypto_generichash_state state;
    crypto_generichash_init(&state, key, 32, 56);
    crypto_generichash_update(&state, (const uint8_t *)encryption, sizeof encryption - 1);
    crypto_generichash_update(&state, nonce, 32);
    crypto_generichash_final(&state, split, 56);
    crypto_generichash_init(&state, key, 32, 32);
    crypto_generichash_update(&state, (const uint8_t *)authentication, sizeof authentication - 1);
    crypto_generichash_update(&state, nonce, 32);
    crypto_generichash_final(&state, auth, 32);
}

// t = BLAKE2b-256(Ak, PAE(h, n, c, f, i)), streamed without building the PAE.
static void v4_local_tag(
    uint8_t tag[32], const uint8_t auth[32], const uint8_t *nonce, const uint8_t *ciphertext, size_t length,
    const uint8_t *footer, size_t footer_length, const uint8_t *implicit, size_t implicit_length) {
    crypto_generichash_state state;
    uint8_t count[8];
    le64(count, 5);
    crypto_generichash_init(&state, auth, 32, 32);
    crypto_generichash_update(&state, count, 8);
    pae_update(&state, (const uint8_t *)local_header, local_length);
    pae_update(&state, nonce, 32);
    pae_update(&state, ciphertext, length);
    pae_update(&state, footer, footer_length);
    pae_update(&state, implicit, implicit_length);
    crypto_generichash_final(&state, tag, 32);
}

long CRawLimit_v4_local_encrypt(
    char *token, size_t token_capacity, const uint8_t *key, const uint8_t *message, size_t message_length,
    const uint8_t *footer, size_t footer_length, const uint8_t *implicit, size_t implicit_length,
    uint8_t *scratch, size_t scratch_capacity) {
    if (scratch_capacity < 64 + message_length || token_capacity < local_length) return -1;
    uint8_t split[56], auth[32];
    uint8_t *nonce = scratch, *ciphertext = scratch + 32, *tag = scratch + 32 + message_length;
    randombytes_buf(nonce, 32);
    v4_local_keys(key, nonce, split, auth);
    crypto_stream_xchacha20_xor(ciphertext, message, message_length, split + 32, split);
    v4_local_tag(tag, auth, nonce, ciphertext, message_length, footer, footer_length, implicit, implicit_length);
    sodium_memzero(split, sizeof split);
    sodium_memzero(auth, sizeof auth);
    memcpy(token, local_header, local_length);
    long at = b64_append(token, token_capacity, local_length, scratch, 64 + message_length);
    if (at < 0 || footer_length == 0) return at;
    if ((size_t)at + 1 >= token_capacity) return -1;
    token[at++] = '.';
    return b64_append(token, token_capacity, (size_t)at, footer, footer_length);
}

long CRawLimit_v4_local_decrypt(
    uint8_t *message, size_t message_capacity, const uint8_t *key, const char *token, size_t token_length,
    const uint8_t *implicit, size_t implicit_length, uint8_t *scratch, size_t scratch_capacity) {
    if (token_length < local_length || memcmp(token, local_header, local_length) != 0) return -1;
    const char *body = token + local_length;
    size_t rest = token_length - local_length;
    const char *dot = memchr(body, '.', rest);
    size_t body_text = dot == NULL ? rest : (size_t)(dot - body);
    long length = b64_decode(scratch, scratch_capacity, body, body_text);
    if (length < 64) return -1;
    long footer_length = 0;
    if (dot != NULL) {
        footer_length = b64_decode(scratch + length, scratch_capacity - (size_t)length, dot + 1, rest - body_text - 1);
        if (footer_length < 0) return -1;
    }
    size_t ciphertext_length = (size_t)length - 64;
    if (ciphertext_length > message_capacity) return -1;
    const uint8_t *nonce = scratch, *ciphertext = scratch + 32, *tag = scratch + 32 + ciphertext_length;
    uint8_t split[56], auth[32], expected[32];
    v4_local_keys(key, nonce, split, auth);
    v4_local_tag(
        expected, auth, nonce, ciphertext, ciphertext_length, scratch + length, (size_t)footer_length, implicit,
        implicit_length);
    int valid = crypto_verify_32(expected, tag);
    if (valid == 0) crypto_stream_xchacha20_xor(message, ciphertext, ciphertext_length, split + 32, split);
    sodium_memzero(split, sizeof split);
    sodium_memzero(auth, sizeof auth);
    return valid == 0 ? (long)ciphertext_length : -1;
}

// MARK: - PASETO v4.public

// PAE(h, m, f, "") into `out`; returns its length.
static size_t v4_public_pae(uint8_t *out, const uint8_t *message, size_t length, const uint8_t *footer, size_t footer_length) {
    le64(out, 4);
    size_t at = 8;
    at += pae_write(out + at, (const uint8_t *)public_header, sizeof public_header - 1);
    at += pae_write(out + at, message, length);
    at += pae_write(out + at, footer, footer_length);
    at += pae_write(out + at, NULL, 0);
    return at;
}

long CRawLimit_v4_public_sign(
    char *token, size_t token_capacity, const uint8_t *secret_key, const uint8_t *message, size_t message_length,
    const uint8_t *footer, size_t footer_length, uint8_t *scratch, size_t scratch_capacity) {
    size_t pae_length = 8 + 4 * 8 + (sizeof public_header - 1) + message_length + footer_length;
    if (scratch_capacity < pae_length + message_length + 64 || token_capacity < sizeof public_header) return -1;
    uint8_t *body = scratch + pae_length;
    v4_public_pae(scratch, message, message_length, footer, footer_length);
    memcpy(body, message, message_length);
    crypto_sign_detached(body + message_length, NULL, scratch, pae_length, secret_key);
    memcpy(token, public_header, sizeof public_header - 1);
    long at = b64_append(token, token_capacity, sizeof public_header - 1, body, message_length + 64);
    if (at < 0 || footer_length == 0) return at;
    if ((size_t)at + 1 >= token_capacity) return -1;
    token[at++] = '.';
    return b64_append(token, token_capacity, (size_t)at, footer, footer_length);
}

long CRawLimit_v4_public_verify(
    const uint8_t *public_key, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity) {
    size_t prefix = sizeof public_header - 1;
    if (token_length < prefix || memcmp(token, public_header, prefix) != 0) return -1;
    if (memchr(token + prefix, '.', token_length - prefix) != NULL) return -1;
    long length = b64_decode(scratch, scratch_capacity, token + prefix, token_length - prefix);
    if (length < 64) return -1;
    size_t message_length = (size_t)length - 64;
    size_t pae_length = 8 + 4 * 8 + prefix + message_length;
    if (scratch_capacity < (size_t)length + pae_length) return -1;
    uint8_t *pae = scratch + length;
    v4_public_pae(pae, scratch, message_length, NULL, 0);
    if (crypto_sign_verify_detached(scratch + message_length, pae, pae_length, public_key) != 0) return -1;
    return (long)message_length;
}

// MARK: - JWS

CRawLimitKey *CRawLimit_key_from_pem(const char *pem, size_t pem_length) {
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_length);
    if (bio == NULL) return NULL;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return (CRawLimitKey *)key;
}

void CRawLimit_key_free(CRawLimitKey *key) { EVP_PKEY_free((EVP_PKEY *)key); }

CRawLimitMAC *CRawLimit_mac_new(int bits, const uint8_t *secret, size_t secret_length) {
    const char *name = bits == 256 ? "SHA256" : bits == 384 ? "SHA384" : bits == 512 ? "SHA512" : NULL;
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *context = mac == NULL ? NULL : EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (name == NULL || context == NULL) goto fail;
    OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string("digest", (char *)name, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(context, secret, secret_length, parameters) != 1) goto fail;
    return (CRawLimitMAC *)context;
fail:
    EVP_MAC_CTX_free(context);
    return NULL;
}

void CRawLimit_mac_free(CRawLimitMAC *mac) { EVP_MAC_CTX_free((EVP_MAC_CTX *)mac); }

// The MAC of `message`: the keyed context restarts from the key it holds (EVP_MAC_init with no key).
static int mac_compute(CRawLimitMAC *mac, const uint8_t *message, size_t length, uint8_t *out, size_t *out_length) {
    EVP_MAC_CTX *context = (EVP_MAC_CTX *)mac;
    return EVP_MAC_init(context, NULL, 0, NULL) == 1 && EVP_MAC_update(context, message, length) == 1
        && EVP_MAC_final(context, out, out_length, EVP_MAX_MD_SIZE) == 1;
}

long CRawLimit_jws_hmac_sign(
    char *token, size_t token_capacity, CRawLimitMAC *mac, const uint8_t *header, size_t header_length,
    const uint8_t *payload, size_t payload_length) {
    long at = jws_signing_input(token, token_capacity, header, header_length, payload, payload_length);
    if (at < 0) return -1;
    uint8_t code[EVP_MAX_MD_SIZE];
    size_t code_length = 0;
    if (!mac_compute(mac, (const uint8_t *)token, (size_t)at, code, &code_length)) return -1;
    return jws_append_signature(token, token_capacity, at, code, code_length);
}

long CRawLimit_jws_hmac_verify(
    CRawLimitMAC *mac, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity) {
    const uint8_t *signature = NULL;
    size_t signature_length = 0;
    long payload = jws_decode(token, token_length, scratch, scratch_capacity, &signature, &signature_length);
    if (payload < 0) return -1;
    size_t signed_length = (size_t)((const char *)memrchr(token, '.', token_length) - token);
    uint8_t code[EVP_MAX_MD_SIZE];
    size_t code_length = 0;
    if (!mac_compute(mac, (const uint8_t *)token, signed_length, code, &code_length)) return -1;
    if (signature_length != code_length || CRYPTO_memcmp(code, signature, code_length) != 0) return -1;
    return payload;
}

// A fresh EVP_MD_CTX initialised for signing or verifying with `key`.
static EVP_MD_CTX *evp_context(const CRawLimitKey *key, CRawLimitScheme scheme, int bits, int verify) {
    const EVP_MD *md = digest(bits);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pkey_context = NULL;
    EVP_PKEY *pkey = (EVP_PKEY *)key;
    if (md == NULL || context == NULL) goto fail;
    int ready = verify ? EVP_DigestVerifyInit(context, &pkey_context, md, NULL, pkey)
                       : EVP_DigestSignInit(context, &pkey_context, md, NULL, pkey);
    if (ready != 1) goto fail;
    if (scheme == CRawLimitSchemePSS
        && (EVP_PKEY_CTX_set_rsa_padding(pkey_context, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_context, RSA_PSS_SALTLEN_DIGEST) != 1)) {
        goto fail;
    }
    return context;
fail:
    EVP_MD_CTX_free(context);
    return NULL;
}

long CRawLimit_jws_evp_sign(
    char *token, size_t token_capacity, const CRawLimitKey *key, CRawLimitScheme scheme, int bits,
    int coordinate_length, const uint8_t *header, size_t header_length, const uint8_t *payload,
    size_t payload_length) {
    long at = jws_signing_input(token, token_capacity, header, header_length, payload, payload_length);
    if (at < 0) return -1;
    EVP_MD_CTX *context = evp_context(key, scheme, bits, 0);
    if (context == NULL) return -1;
    uint8_t signature[1024];
    size_t signature_length = sizeof signature;
    int signed_ = EVP_DigestSign(context, signature, &signature_length, (const uint8_t *)token, (size_t)at);
    EVP_MD_CTX_free(context);
    if (signed_ != 1) return -1;
    if (scheme != CRawLimitSchemeECDSA) return jws_append_signature(token, token_capacity, at, signature, signature_length);
    // JWS wants r ‖ s, each left-padded to the coordinate length (RFC 7518 §3.4), not DER.
    const uint8_t *der = signature;
    ECDSA_SIG *parsed = d2i_ECDSA_SIG(NULL, &der, (long)signature_length);
    if (parsed == NULL) return -1;
    uint8_t raw[2 * 66];
    const BIGNUM *r = NULL, *s = NULL;
    ECDSA_SIG_get0(parsed, &r, &s);
    int padded = BN_bn2binpad(r, raw, coordinate_length) == coordinate_length
        && BN_bn2binpad(s, raw + coordinate_length, coordinate_length) == coordinate_length;
    ECDSA_SIG_free(parsed);
    if (!padded) return -1;
    return jws_append_signature(token, token_capacity, at, raw, 2 * (size_t)coordinate_length);
}

long CRawLimit_jws_evp_verify(
    const CRawLimitKey *key, CRawLimitScheme scheme, int bits, int coordinate_length, const char *token,
    size_t token_length, uint8_t *scratch, size_t scratch_capacity) {
    const uint8_t *signature = NULL;
    size_t signature_length = 0;
    long payload = jws_decode(token, token_length, scratch, scratch_capacity, &signature, &signature_length);
    if (payload < 0) return -1;
    size_t signed_length = (size_t)((const char *)memrchr(token, '.', token_length) - token);
    uint8_t der[2 * 66 + 16];
    if (scheme == CRawLimitSchemeECDSA) {
        if (signature_length != 2 * (size_t)coordinate_length) return -1;
        ECDSA_SIG *parsed = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(signature, coordinate_length, NULL);
        BIGNUM *s = BN_bin2bn(signature + coordinate_length, coordinate_length, NULL);
        if (parsed == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(parsed, r, s) != 1) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(parsed);
            return -1;
        }
        uint8_t *cursor = der;
        int der_length = i2d_ECDSA_SIG(parsed, &cursor);
        ECDSA_SIG_free(parsed);
        if (der_length <= 0) return -1;
        signature = der;
        signature_length = (size_t)der_length;
    }
    EVP_MD_CTX *context = evp_context(key, scheme, bits, 1);
    if (context == NULL) return -1;
    int valid = EVP_DigestVerify(context, signature, signature_length, (const uint8_t *)token, signed_length);
    EVP_MD_CTX_free(context);
    return valid == 1 ? payload : -1;
}

long CRawLimit_jws_eddsa_sign(
    char *token, size_t token_capacity, const uint8_t *secret_key, const uint8_t *header, size_t header_length,
    const uint8_t *payload, size_t payload_length) {
    long at = jws_signing_input(token, token_capacity, header, header_length, payload, payload_length);
    if (at < 0) return -1;
    uint8_t signature[64];
    crypto_sign_detached(signature, NULL, (const uint8_t *)token, (size_t)at, secret_key);
    return jws_append_signature(token, token_capacity, at, signature, sizeof signature);
}

long CRawLimit_jws_eddsa_verify(
    const uint8_t *public_key, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity) {
    const uint8_t *signature = NULL;
    size_t signature_length = 0;
    long payload = jws_decode(token, token_length, scratch, scratch_capacity, &signature, &signature_length);
    if (payload < 0 || signature_length != 64) return -1;
    size_t signed_length = (size_t)((const char *)memrchr(token, '.', token_length) - token);
    if (crypto_sign_verify_detached(signature, (const uint8_t *)token, signed_length, public_key) != 0) return -1;
    return payload;
}
