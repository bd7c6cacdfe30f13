// pcsc-lite's PC/SC client library (Debian: libpcsclite-dev, found through pkg-config
// libpcsclite), which talks to pcscd for every smart-card reader on the board.
#include <winscard.h>
#include <reader.h>
