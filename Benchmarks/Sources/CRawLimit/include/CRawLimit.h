#ifndef C_RAW_LIMIT_H
#define C_RAW_LIMIT_H

// The raw limit of each token operation: the same primitives Tessera uses (libsodium, OpenSSL 3 libcrypto), called
// directly on pre-serialised claims, with no JSON and no claim checks, writing into caller buffers. Every verify
// decodes the token's base64url first, as a real verifier must. Functions return 0 (or a length) on success and
// -1 on any failure.

#include <stddef.h>
#include <stdint.h>

// MARK: - libsodium

/// Initialises libsodium; returns 0 when it is ready.
int CRawLimit_init(void);

/// Fills `buffer` with random bytes (the nonce source of v4.local).
void CRawLimit_random(uint8_t *buffer, size_t length);

/// Derives an Ed25519 key pair from a 32-byte seed: `secret_key` gets 64 bytes, `public_key` 32.
int CRawLimit_ed25519_keypair(uint8_t *public_key, uint8_t *secret_key, const uint8_t *seed);

// MARK: - PASETO v4

/// Encrypts `message` into a `v4.local.` token (PASETO v4 Encrypt) with a random nonce and the given footer and
/// implicit assertion. Returns the token length written to `token`, or -1.
long CRawLimit_v4_local_encrypt(
    char *token, size_t token_capacity, const uint8_t *key, const uint8_t *message, size_t message_length,
    const uint8_t *footer, size_t footer_length, const uint8_t *implicit, size_t implicit_length,
    uint8_t *scratch, size_t scratch_capacity);

/// Decrypts a `v4.local.` token (PASETO v4 Decrypt): base64url decode, key split, tag check, XChaCha20. Writes the
/// plaintext to `message`; returns its length, or -1.
long CRawLimit_v4_local_decrypt(
    uint8_t *message, size_t message_capacity, const uint8_t *key, const char *token, size_t token_length,
    const uint8_t *implicit, size_t implicit_length, uint8_t *scratch, size_t scratch_capacity);

/// Signs `message` into a `v4.public.` token (PASETO v4 Sign) with a 64-byte Ed25519 secret key and the given
/// footer (no implicit assertion). Returns the token length, or -1.
long CRawLimit_v4_public_sign(
    char *token, size_t token_capacity, const uint8_t *secret_key, const uint8_t *message, size_t message_length,
    const uint8_t *footer, size_t footer_length, uint8_t *scratch, size_t scratch_capacity);

/// The versions of the libraries the raw paths call, for the results' header.
const char *CRawLimit_sodium_version(void);
const char *CRawLimit_openssl_version(void);

/// Verifies a `v4.public.` token without footer (PASETO v4 Verify). Returns the payload length (the payload starts at `scratch`),
/// or -1.
long CRawLimit_v4_public_verify(
    const uint8_t *public_key, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity);

// MARK: - JWS compact serialisation

/// How a JWS algorithm signs through OpenSSL's EVP interface.
typedef enum {
    CRawLimitSchemePKCS1 = 0,
    CRawLimitSchemePSS = 1,
    CRawLimitSchemeECDSA = 2,
} CRawLimitScheme;

/// An OpenSSL key held for the raw JWS paths.
typedef struct CRawLimitKey CRawLimitKey;

/// Reads a PEM private key (PKCS#8); NULL on failure.
CRawLimitKey *CRawLimit_key_from_pem(const char *pem, size_t pem_length);

/// Frees a key from `CRawLimit_key_from_pem`.
void CRawLimit_key_free(CRawLimitKey *key);

/// An HMAC key held in a keyed OpenSSL EVP_MAC context, restarted per operation. (The one-shot `HMAC()` fetches
/// the algorithm and allocates 13 times per call, which made it slower than Tessera itself: no limit.)
typedef struct CRawLimitMAC CRawLimitMAC;

/// A keyed HMAC-SHA-`bits` context; NULL on failure.
CRawLimitMAC *CRawLimit_mac_new(int bits, const uint8_t *secret, size_t secret_length);

/// Frees a context from `CRawLimit_mac_new`.
void CRawLimit_mac_free(CRawLimitMAC *mac);

/// Signs `header.payload` with HMAC into a compact JWS. Returns the token length, or -1.
long CRawLimit_jws_hmac_sign(
    char *token, size_t token_capacity, CRawLimitMAC *mac, const uint8_t *header, size_t header_length,
    const uint8_t *payload, size_t payload_length);

/// Verifies an HMAC compact JWS: decodes header, payload and MAC, compares in constant time. Returns the payload
/// length (the payload starts at `scratch`), or -1.
long CRawLimit_jws_hmac_verify(
    CRawLimitMAC *mac, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity);

/// Signs with EVP_DigestSign on a fresh EVP_MD_CTX (RS*, PS*, ES*; ES signatures converted from DER to r‖s of
/// `coordinate_length` bytes each). Returns the token length, or -1.
long CRawLimit_jws_evp_sign(
    char *token, size_t token_capacity, const CRawLimitKey *key, CRawLimitScheme scheme, int bits,
    int coordinate_length, const uint8_t *header, size_t header_length, const uint8_t *payload,
    size_t payload_length);

/// Verifies with EVP_DigestVerify on a fresh EVP_MD_CTX (ES signatures converted from r‖s to DER). Returns the
/// payload length (the payload starts at `scratch`), or -1.
long CRawLimit_jws_evp_verify(
    const CRawLimitKey *key, CRawLimitScheme scheme, int bits, int coordinate_length, const char *token,
    size_t token_length, uint8_t *scratch, size_t scratch_capacity);

/// Signs with Ed25519 (libsodium) into a compact JWS. Returns the token length, or -1.
long CRawLimit_jws_eddsa_sign(
    char *token, size_t token_capacity, const uint8_t *secret_key, const uint8_t *header, size_t header_length,
    const uint8_t *payload, size_t payload_length);

/// Verifies an Ed25519 compact JWS. Returns the payload length (the payload starts at `scratch`), or -1.
long CRawLimit_jws_eddsa_verify(
    const uint8_t *public_key, const char *token, size_t token_length, uint8_t *scratch, size_t scratch_capacity);

#endif
