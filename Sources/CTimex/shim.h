// The kernel clock discipline interface (adjtimex(2)); Swift's Glibc module does not import it.
#include <sys/timex.h>
