// The Snowball project's stemmers (Debian's libstemmer-dev).
#include <libstemmer.h>
