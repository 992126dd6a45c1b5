// Hearth's benchmark: vault operations beside the raw libsodium and file-system floor,
// measured in the same process and run. Usage: hearth-bench SIZE [FOLDER]
// Scripts/bench runs it once per size (a fresh process each, so peak RSS is per size).
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

let arguments = CommandLine.arguments
if arguments.count >= 2, arguments[1] == "kdf" {
    // Argon2id alone, per preset: reported apart from the vault figures.
    let secret = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    var report: [String: Double] = [:]
    for (name, parameters) in [("interactive", Argon2idParameters.interactive), ("moderate", .moderate)] {
        let start = ContinuousClock.now
        _ = try PasswordHash.deriveKey(passphrase: secret, salt: Random.bytes(16), parameters: parameters)
        let elapsed = ContinuousClock.now - start
        report[name + "_ms"] = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    }
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
    exit(0)
}
if arguments.count >= 3, arguments[1] == "mixed", let size = Int(arguments[2]) {
    // Every record kind (MixedBench.swift).
    try runMixedBench(size: size, folder: arguments.count >= 4 ? arguments[3] : NSTemporaryDirectory())
    exit(0)
}
if arguments.count >= 3, arguments[1] == "repetitive", let size = Int(arguments[2]) {
    // Search with one long repetitive entry, and without it (RepetitiveBench.swift).
    try runRepetitiveBench(
        size: size, folder: arguments.count >= 4 ? arguments[3] : NSTemporaryDirectory(),
        bytes: arguments.count >= 5 ? Int(arguments[4]) ?? 500_000 : 500_000)
    exit(0)
}
if arguments.count >= 3, arguments[1] == "import", let size = Int(arguments[2]) {
    // Bulk import and add --json (ImportBench.swift).
    try runImportBench(size: size, folder: arguments.count >= 4 ? arguments[3] : NSTemporaryDirectory())
    exit(0)
}
if arguments.count >= 3, arguments[1] == "backup", let size = Int(arguments[2]) {
    // Backup and verify of the vault `HearthBench SIZE FOLDER` left (BackupBench.swift).
    try runBackupBench(size: size, folder: arguments.count >= 4 ? arguments[3] : NSTemporaryDirectory())
    exit(0)
}
guard arguments.count >= 2, let size = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: hearth-bench SIZE [FOLDER] | hearth-bench mixed SIZE [FOLDER] | hearth-bench backup SIZE [FOLDER] | hearth-bench import SIZE [FOLDER] | hearth-bench repetitive SIZE [FOLDER [BYTES]] | hearth-bench kdf\n".utf8))
    exit(64)
}
let folder = arguments.count >= 3 ? arguments[2] : NSTemporaryDirectory()
// The vault is left in FOLDER as bench-SIZE.hearth for Scripts/bench to time the CLI on it.
let path = (folder as NSString).appendingPathComponent("bench-\(size).hearth")
unlink(path)

/// Median wall time of `runs` executions, in milliseconds.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    return samples.sorted()[samples.count / 2]
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// About 500 bytes of fictional journal text, different for each entry.
func entryText(_ i: Int) -> String {
    let sentences = [
        "Walked with Sam after work and talked about the week.", "My shoulders dropped when Ana laughed.",
        "I noticed the urge to go quiet and named it instead.", "Coffee with the group; I shared a little.",
        "Felt tight in the chest before the call, easier after.", "A slow morning, tea and the window.",
        "Said no to an extra shift and the sky did not fall.", "Texted my sister first, for once.",
    ]
    var text = "Entry \(i). "
    var k = UInt(i)
    while text.utf8.count < 480 {
        text += sentences[Int(k % UInt(sentences.count))] + " "
        k = k &* 31 &+ 7
    }
    return text
}

let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
let start = Date(timeIntervalSince1970: 1_700_000_000)

// Build the vault: one save holding `size` entries (KDF at the interactive preset).
let created = try RecordVault.create(at: path, secret: passphrase, kdf: .interactive, lockTimeout: 10)
let sessionKey = created.opened.keys.epoch
var ids: [String] = []
for i in 0..<size {
    let at = RecordTime(date: start.addingTimeInterval(Double(i) * 3600), offsetSeconds: 3600)
    let entry = JournalEntry(at: at, createdAt: at, updatedAt: at, text: entryText(i), tags: i % 5 == 0 ? ["walk"] : [])
    try created.store.add(entry)
    if i % max(1, size / 10) == 0 { ids.append(entry.id) }
}
do {
    let lock = try WriterLock(vaultPath: path, timeout: 10)
    try created.save()
    withExtendedLifetime(lock) {}
}
let credential = VaultCredential.keys(sessionKey)
let (header, fileLength) = try Vault.readHeader(at: path)
let payloadBytes = Int(header.payloadLength)
let runs = size >= 100_000 ? 5 : 9

// Floor 1: raw secretstream decryption of the same number of bytes, in the same chunk size.
let streamFloor = try SecretStreamFloor(payloadBytes: payloadBytes, chunk: Int(header.chunkSize))
let floorDecrypt = try measure(runs: runs) { try streamFloor.decrypt() }

// Floor 2: one write + fsync + rename + fsync folder of a file of the vault's size.
let floorPath = path + ".floor"
let floorWrite = try measure(runs: runs) {
    let writer = try AtomicFileWriter(destination: floorPath)
    try streamFloor.ciphertext.withUnsafeBytes { try writer.write($0) }
    try writer.commit()
}
unlink(floorPath)

// Hearth: open (read + decrypt + load the database) and list the latest 20 previews.
var listed = 0
let openList = try measure(runs: runs) {
    let vault = try RecordVault.open(at: path, credential: credential)
    listed = try vault.store.journalEntries(matching: RecordFilter(limit: 20)).map { $0.preview() }.count
}
// Open and list every preview (what `journal list` without -n prints).
let openListAll = try measure(runs: max(3, runs / 2)) {
    let vault = try RecordVault.open(at: path, credential: credential)
    listed = try vault.store.journalEntries().map { $0.preview() }.count
}
// Open and show one entry in full.
let show = try measure(runs: runs) {
    let vault = try RecordVault.open(at: path, credential: credential)
    _ = try vault.store.journalEntry(id: ids[ids.count / 2]).text
}
// The whole add cycle of `journal add`: lock, open, add one entry, save atomically.
var added = 0
let addSave = try measure(runs: runs) {
    try RecordVault.modify(at: path, credential: credential, lockTimeout: 10) { store in
        let now = RecordTime.now()
        try store.add(JournalEntry(at: now, createdAt: now, updatedAt: now, text: entryText(size + added), tags: []))
        added += 1
    }
}

let report: [String: Any] = [
    "records": size, "payload_bytes": payloadBytes, "file_bytes": Int(fileLength),
    "floor_decrypt_ms": floorDecrypt, "floor_write_ms": floorWrite,
    "open_list20_ms": openList, "open_list_all_ms": openListAll, "show_ms": show, "add_save_ms": addSave,
    "peak_rss_mb": peakRSSMegabytes(), "runs": runs,
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
