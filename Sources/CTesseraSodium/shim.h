#ifndef C_TESSERA_SODIUM_H
#define C_TESSERA_SODIUM_H

#include <sodium.h>

#if SODIUM_LIBRARY_VERSION_MAJOR < 10
#error "Tessera needs libsodium 1.0.18 or later"
#endif

#endif
