#ifndef HEARTH_BUILD_COMMIT_H
#define HEARTH_BUILD_COMMIT_H

/// The git commit this binary was built from, as the build was told it (Scripts/install), or
/// NULL when the build was not told (a plain `swift build`).
const char *hearth_build_commit(void);

#endif
