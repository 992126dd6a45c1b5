// The backup benchmark (issue 6): `hearth backup` (copy, fsync, rename, drop from the page cache,
// read back and check in full) and `hearth verify` on the journal vault of the main benchmark,
// beside the floor measured in the same run: a raw copy of the same file (read, write, fsync,
// rename, fsync of the folder) plus a raw secretstream decryption of the same bytes.
// Usage: HearthBench backup SIZE FOLDER (after `HearthBench SIZE FOLDER`); prints one JSON object.
import CPlatform
import Foundation
import HearthBackup
import HearthCrypto
import HearthRecords
import HearthVault

func runBackupBench(size: Int, folder: String) throws {
    let path = (folder as NSString).appendingPathComponent("bench-\(size).hearth")
    guard FileManager.default.fileExists(atPath: path) else {
        FileHandle.standardError.write(Data("run `HearthBench \(size) \(folder)` first: it makes \(path)\n".utf8))
        exit(66)
    }
    let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    let header = try Vault.readHeader(at: path).header
    let keys = try Vault.unlock(header, with: .passphrase(passphrase))  // the KDF, once, outside the figures
    let session = VaultCredential.keys(keys.epoch)
    let fileBytes = Int(header.expectedFileLength)
    let runs = size >= 100_000 ? 5 : 9
    let drive = (folder as NSString).appendingPathComponent("drive-\(size)")
    try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: drive) }

    // Floor 1: a raw copy of the file, made as durable as a backup (read, write, fsync, rename, fsync folder).
    let floorCopyPath = (drive as NSString).appendingPathComponent("floor-copy")
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { block.deallocate() }
    let floorCopy = try measure(runs: runs) {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        defer { close(source) }
        let writer = try AtomicFileWriter(destination: floorCopyPath)
        while true {
            let n = read(source, block.baseAddress, block.count)
            if n <= 0 { break }
            try writer.write(UnsafeRawBufferPointer(rebasing: block[0..<n]))
        }
        try writer.commit()
    }
    unlink(floorCopyPath)

    // Floor 2: raw secretstream decryption of the same number of bytes, in the same chunk size.
    let payloadBytes = Int(header.payloadLength)
    let streamFloor = try SecretStreamFloor(payloadBytes: payloadBytes, chunk: Int(header.chunkSize))
    let floorDecrypt = try measure(runs: runs) { try streamFloor.decrypt() }

    // Hearth: the whole backup (each run a new file, removed after), then verify of a backup alone.
    var lastBackup = ""
    let backup = try measure(runs: runs) {
        if !lastBackup.isEmpty { unlink(lastBackup) }
        let target = try BackupFolder(destination: drive, lockTimeout: 10)
        lastBackup = try BackupMaker.make(vaultPath: path, into: target, credential: session).path
    }
    let verify = try measure(runs: runs) {
        let opened = try VaultCheck.run(path: lastBackup, credential: session)
        precondition(opened.report.isGood)
    }
    // The database checks alone (integrity_check, foreign keys, schema), on the opened backup.
    let checked = try VaultCheck.run(path: lastBackup, credential: session).vault
    let databaseChecks = try measure(runs: runs) { _ = try checked.database.integrityProblems() }
    // Reading the backup back after dropping it from the page cache, bytes only (what the disk costs).
    let readBack = measure(runs: runs) {
        let fd = open(lastBackup, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        _ = hearth_fadvise_dontneed(fd)
        while read(fd, block.baseAddress, block.count) > 0 {}
    }

    let report: [String: Any] = [
        "records": size, "file_bytes": fileBytes, "payload_bytes": payloadBytes, "runs": runs,
        "floor_copy_ms": floorCopy, "floor_decrypt_ms": floorDecrypt, "floor_read_back_ms": readBack,
        "backup_ms": backup, "verify_ms": verify, "database_checks_ms": databaseChecks,
        "peak_rss_mb": peakRSSMegabytes(),
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
