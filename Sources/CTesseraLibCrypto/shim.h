#ifndef C_TESSERA_LIBCRYPTO_H
#define C_TESSERA_LIBCRYPTO_H

#include <openssl/opensslv.h>

#if OPENSSL_VERSION_MAJOR < 3
#error "Tessera needs OpenSSL 3 (libcrypto) or later"
#endif

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#endif
