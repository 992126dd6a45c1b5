// SwiftPM links an executable target with `--defsym main=<Target>_main` (so that tests can load
// executables), which leaves libFuzzer's own `main` out. This is that entry point: it hands the
// arguments to libFuzzer's driver with the Swift test-one-input function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int HearthFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
