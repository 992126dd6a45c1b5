#include "BuildCommit.h"

// Scripts/install passes -DHEARTH_BUILD_COMMIT=<hex> (through `swift build -Xcc`), with no
// network and no generated file; a plain `swift build` leaves it undefined.
#define HEARTH_STRINGIFY_(x) #x
#define HEARTH_STRINGIFY(x) HEARTH_STRINGIFY_(x)

const char *hearth_build_commit(void) {
#ifdef HEARTH_BUILD_COMMIT
    return HEARTH_STRINGIFY(HEARTH_BUILD_COMMIT);
#else
    return 0;
#endif
}
