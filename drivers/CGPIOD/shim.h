// libgpiod v1 (Debian bookworm: libgpiod-dev 1.6, found through pkg-config libgpiod).
#include <gpiod.h>
