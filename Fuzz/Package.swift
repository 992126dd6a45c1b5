// swift-tools-version: 6.1
// libFuzzer targets for every parser of untrusted bytes. A package of its own, so that the normal
// `swift build` of Hearth never builds them; Scripts/fuzz builds this one with
// `-sanitize=fuzzer,address` into .build-fuzz and runs each target in turn (Docs/SECURITY.md).
import PackageDescription

let package = Package(
    name: "HearthFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Hearth", path: "..")],
    targets: [
        // libFuzzer's driver, started from the entry point SwiftPM expects (FuzzerMain.c).
        .target(name: "CFuzzerMain"),
        // LLVMFuzzerTestOneInput; HEARTH_FUZZ_TARGET picks the parser (see Entry.swift).
        .executableTarget(
            name: "HearthFuzz",
            dependencies: ["CFuzzerMain", .product(name: "HearthFuzzable", package: "Hearth")]
        ),
    ],
    // A harness run one input at a time on one thread: Swift 5 mode spares it strict-concurrency
    // ceremony around its few process-wide fixtures.
    swiftLanguageModes: [.v5]
)
