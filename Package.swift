// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Hearth",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hearth", targets: ["hearth"]),
        // For Fuzz/ (a package of its own that depends on this one by path): the modules whose
        // parsers read untrusted bytes. A library product adds nothing to the normal build.
        .library(name: "HearthFuzzable", targets: ["HearthCrypto", "HearthVault", "HearthRecords", "HearthBackup", "HearthInterchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // libsodium, as the system provides it. Only a module map and a header.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Thin shims for C calls Swift cannot import (variadic prctl) and process hardening.
        .target(
            name: "CPlatform",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // The exit codes of the command-line contract, as a value lower modules return with a
        // plan or a refusal (no dependencies).
        .target(name: "HearthExitCodes"),
        // The only module that touches libsodium pointers.
        .target(name: "HearthCrypto", dependencies: ["CSodium"]),
        // What a run reads from the world as plain values: its environment and its clock.
        .target(name: "HearthRunContext", dependencies: ["HearthCrypto"]),
        // The vault file: header, key slots, encrypted payload, atomic saves, the writer lock.
        .target(name: "HearthVault", dependencies: ["HearthCrypto"]),
        // Unlocked sessions: the agent process, its socket protocol and its client.
        .target(name: "HearthSession", dependencies: ["HearthVault", "HearthCrypto", "CPlatform"]),
        // The records store: an in-memory SQLite database that lives inside the payload.
        .target(
            name: "HearthRecords",
            dependencies: [
                "HearthVault",
                "HearthCrypto",
                "CPlatform",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // What this account has seen of its vaults, and the decisions about older copies and
        // unexpected keys: pure policy over explicit values, the ledger behind a store protocol.
        .target(name: "HearthTrust", dependencies: ["HearthVault", "HearthCrypto"]),
        // Backups, verification, restore, merge.
        .target(
            name: "HearthBackup",
            dependencies: ["HearthRecords", "HearthVault", "HearthCrypto", "CPlatform", "HearthExitCodes"]
        ),
        // Patterns over time, computed from the records (never from the vault file).
        .target(
            name: "HearthInsights",
            dependencies: [
                "HearthRecords",
                "HearthDisplayWidth",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // How wide text shows on a terminal (CJK, emoji, combining marks), and text padded, fitted
        // and laid out in columns by that width. Pure text, no dependencies.
        .target(name: "HearthDisplayWidth"),
        // Other apps' formats, read into records: Day One JSON, jrnl's text file, notes with YAML
        // front matter (Obsidian), plain text files; and the front matter Hearth's Markdown export writes.
        .target(name: "HearthInterchange", dependencies: ["HearthRecords", "HearthCrypto"]),
        // Records as text a person reads and writes: the editor template and its fields, the
        // printed record, Markdown export. Pure text, no terminal.
        .target(name: "HearthRecordText", dependencies: ["HearthRecords", "HearthDraftOrigin", "HearthInsights", "HearthInterchange", "HearthRunContext", "HearthDisplayWidth"]),
        // The page a person brings to their therapist: chosen insight sections as sentences and
        // inline SVG charts, and the entries they picked, as self-contained HTML or Markdown. Pure text.
        .target(name: "HearthSummary", dependencies: ["HearthInsights", "HearthRecordText", "HearthRecords"]),
        // Drafts in memory: the private folder a draft lives in, and which editor runs with which
        // hardening arguments and environment. Decisions and files only; no terminal, no messages.
        .target(name: "HearthDrafts", dependencies: ["HearthVault", "HearthCrypto", "CPlatform"]),
        // Which vault (and record) a kept draft was written for, and whether it may be saved into
        // the vault opened now: a value and one decision, no files.
        .target(name: "HearthDraftOrigin", dependencies: ["HearthExitCodes"]),
        // What `hearth status` reports (its JSON object and its lines), built from the facts found.
        .target(
            name: "HearthStatus",
            dependencies: ["HearthBackup", "HearthSession", "HearthInsights", "HearthRecords", "HearthVault"]
        ),
        // The guided practices (`hearth practice`): their questions, order, what they store and the
        // breathing rhythm, over a small prompt interface; no terminal.
        .target(name: "HearthPractice", dependencies: ["HearthRecords", "HearthDraftOrigin"]),
        // What commands print for scripts (Docs/JSON.md): each command's JSON shape and the one encoder.
        .target(name: "HearthCommandJSON", dependencies: ["HearthBackup", "HearthRecords", "HearthVault", "HearthCrypto"]),
        // Every sentence Hearth says (Docs/MESSAGES.md): only this module can make a `Message`.
        .target(
            name: "HearthMessages",
            dependencies: ["HearthBackup", "HearthRecords", "HearthTrust", "HearthVault", "HearthCrypto", "HearthPractice", "HearthDraftOrigin"]
        ),
        // The command line: argument parsing, prompts, exit codes; it says only catalogue messages.
        .target(
            name: "HearthCLI",
            dependencies: [
                "HearthMessages",
                "HearthDisplayWidth",
                "HearthCommandJSON",
                "HearthStatus",
                "HearthPractice",
                "HearthRunContext",
                "HearthDrafts",
                "HearthDraftOrigin",
                "HearthRecordText",
                "HearthInterchange",
                "HearthInsights",
                "HearthSummary",
                "HearthRecords",
                "HearthVault",
                "HearthCrypto",
                "HearthSession",
                "CPlatform",
                "HearthBackup",
                "HearthTrust",
                "HearthExitCodes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "hearth", dependencies: ["HearthCLI"]),
        // Scripts/bench: vault operations beside the raw libsodium and file-system floor.
        .executableTarget(
            name: "HearthBench",
            dependencies: ["HearthRecords", "HearthInsights", "HearthVault", "HearthCrypto", "HearthBackup", "CPlatform"]),

        // What the test targets share: the one binary locator, process runner and in-process
        // runner (HearthCLI's commands run inside the test process).
        .target(name: "HearthTestSupport", dependencies: ["HearthCLI", "HearthRunContext"], path: "Tests/HearthTestSupport"),
        .testTarget(name: "HearthCryptoTests", dependencies: ["HearthCrypto"]),
        .testTarget(name: "HearthVaultTests", dependencies: ["HearthVault", "HearthCrypto"],
                    resources: [.copy("Vectors")]),
        .testTarget(
            name: "HearthRecordsTests",
            dependencies: ["HearthRecords", "HearthVault", "HearthCrypto", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "HearthInsightsTests", dependencies: ["HearthInsights", "HearthRecords"]),
        .testTarget(name: "HearthSummaryTests", dependencies: ["HearthSummary", "HearthInsights", "HearthRecords", "HearthTestSupport"]),
        .testTarget(name: "HearthDraftsTests", dependencies: ["HearthDrafts"]),
        .testTarget(name: "HearthDraftOriginTests", dependencies: ["HearthDraftOrigin", "HearthExitCodes"]),
        .testTarget(name: "HearthPracticeTests", dependencies: ["HearthPractice", "HearthRecords", "HearthMessages", "HearthDraftOrigin"]),
        .testTarget(name: "HearthRecordTextTests", dependencies: ["HearthRecordText", "HearthRecords", "HearthRunContext", "HearthDraftOrigin"]),
        .testTarget(name: "HearthInterchangeTests", dependencies: ["HearthInterchange", "HearthRecordText", "HearthRecords"]),
        .testTarget(name: "HearthDisplayWidthTests", dependencies: ["HearthDisplayWidth"]),
        .testTarget(name: "HearthSessionTests", dependencies: ["HearthSession", "HearthVault", "HearthCrypto"]),
        .testTarget(
            name: "HearthEndToEndTests", dependencies: ["HearthTestSupport", "HearthBackup", "HearthTrust", "HearthVault", "HearthCrypto"]),
        // The trust policy's table, in process.
        .testTarget(name: "HearthTrustTests", dependencies: ["HearthTrust", "HearthVault", "HearthCrypto"]),
        // The command line's own logic, in process (the progress line's throttling and fitting).
        .testTarget(name: "HearthCLITests", dependencies: [
            "HearthCLI", "HearthTestSupport", "HearthMessages", "HearthBackup", "HearthVault", "HearthExitCodes", "HearthDrafts",
            "HearthRecords", "HearthSession", "HearthDraftOrigin",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(
            name: "HearthBackupTests",
            dependencies: ["HearthTestSupport", "HearthBackup", "HearthTrust", "HearthRecords", "HearthVault", "HearthCrypto", "HearthExitCodes"]
        ),
    ]
)
