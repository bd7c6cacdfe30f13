// OpenSSL's libcrypto (Debian: libssl-dev, found through pkg-config libcrypto), for what
// swift-crypto does not offer and ICAO 9303 needs: 3DES (BAC and its secure messaging), elliptic
// curve point arithmetic on any named curve (PACE's generic mapping, Brainpool curves), and
// signatures over Brainpool keys. Its symbols do not clash with swift-crypto's BoringSSL, which
// is prefixed.
#include <openssl/bn.h>
#include <openssl/cmac.h>
#include <openssl/core_names.h>
#include <openssl/des.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
