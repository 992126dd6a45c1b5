import Foundation

/// The libFuzzer entry point. Which parser it feeds comes from `HEARTH_FUZZ_TARGET` (one of
/// `FuzzTargets.all`'s names), read once: Scripts/fuzz runs each target in its own process.
@_cdecl("LLVMFuzzerTestOneInput")
public func hearthFuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeRawBufferPointer(start: data, count: size))
    FuzzTargets.selected.run(bytes)
    return 0
}

/// One parser under test: `run` must never crash, leak or trap, whatever the bytes; where a
/// property can be checked (authenticity, round trips), a violation traps on purpose so that
/// libFuzzer records the input as a crash.
struct FuzzTarget {
    let name: String
    let run: ([UInt8]) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "header", run: HeaderFuzz.run),
        FuzzTarget(name: "payload", run: PayloadFuzz.run),
        FuzzTarget(name: "database", run: DatabaseFuzz.run),
        FuzzTarget(name: "json", run: JSONFuzz.runAddJSON),
        FuzzTarget(name: "archive", run: JSONFuzz.runArchive),
        FuzzTarget(name: "jrnl", run: JSONFuzz.runJrnl),
        FuzzTarget(name: "dayone", run: InterchangeFuzz.runDayOne),
        FuzzTarget(name: "jrnl-text", run: InterchangeFuzz.runJrnlText),
        FuzzTarget(name: "note", run: InterchangeFuzz.runNote),
        FuzzTarget(name: "query", run: QueryFuzz.run),
        FuzzTarget(name: "recovery-key", run: RecoveryKeyFuzz.run),
        FuzzTarget(name: "backup-name", run: BackupNameFuzz.run),
    ]

    /// Known open findings a long run may look past (comma-separated, from HEARTH_FUZZ_SKIP).
    static let skipped: Set<String> = Set(
        (ProcessInfo.processInfo.environment["HEARTH_FUZZ_SKIP"] ?? "").split(separator: ",").map(String.init))

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["HEARTH_FUZZ_TARGET"] ?? ""
        guard let target = all.first(where: { $0.name == name }) else {
            let names = all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("Set HEARTH_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(64)
        }
        return target
    }()
}

/// Fails the run (libFuzzer saves the input as a crash) when a checked property does not hold.
func require(_ condition: @autoclosure () -> Bool, _ what: String) {
    if !condition() {
        FileHandle.standardError.write(Data("property violated: \(what)\n".utf8))
        abort()
    }
}

/// Where the repository's test vectors are, found from this file's own path.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let vectorVault = root + "/Tests/HearthVaultTests/Vectors/journal-v1-interactive.hearth"
    static let vectorPassphrase = "Hearth test vector: café by the sea, 7 hearths"
}
