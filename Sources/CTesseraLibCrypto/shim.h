#ifndef C_TESSERA_LIBCRYPTO_H
#define C_TESSERA_LIBCRYPTO_H

#include <openssl/opensslv.h>

#if OPENSSL_VERSION_MAJOR < 3
#error "Tessera needs OpenSSL 3 (libcrypto) or later"
#endif

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#endif
