#include "BuildCommit.h"

// Scripts/install writes BuildCommit.generated.h (git ignores it) with the commit, touches this
// file so that only it is compiled again, builds, and removes the header: no network, and no
// flag that would make every module compile again. A plain `swift build` never sees it.
#if __has_include("BuildCommit.generated.h")
#include "BuildCommit.generated.h"
#endif

const char *hearth_build_commit(void) {
#ifdef HEARTH_BUILD_COMMIT
    return HEARTH_BUILD_COMMIT;
#else
    return 0;
#endif
}
