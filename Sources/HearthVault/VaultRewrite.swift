import Foundation
import HearthCrypto

/// The two ways key changes write a vault. Both go through `AtomicFileWriter`, under the
/// writer lock the caller holds, so a crash leaves the old file or the new one. Both return
/// the new file written and flushed but **not yet renamed** into place: the caller commits it
/// (or aborts, leaving the vault as it was), so that a new recovery key can be shown and
/// checked between the two (`PendingKeyChange`).
extension Vault {
    /// Writes `header` (new slots or details, same epoch and payload fields) and then the
    /// payload ciphertext of `file` verbatim. Each chunk is authenticated on the way through,
    /// so a damaged payload is reported (65) instead of being carried into a new generation.
    /// The write guard's check looks at `current`, the file being replaced (read
    /// under the lock): the new slot table is Hearth's own, and may legitimately be one seen
    /// before (a key added, then removed again, gives back the earlier table byte for byte).
    static func rewriteHeader(
        _ header: VaultHeader, current: VaultHeader, keys: EpochKeys, copyingPayloadFrom file: ReadableFile, to path: String,
        writeGuard: (any VaultWriteGuard)?
    ) throws(VaultError) -> (VaultHeader, AtomicFileWriter) {
        precondition(keys.epoch == header.keyEpoch)
        try writeGuard?.checkWrite(path: path, header: current, identity: keys.identity)
        AtomicFileWriter.removeStaleTemporaries(for: path)
        let (header, encoded) = try header.sealed(with: keys)
        let writer = try AtomicFileWriter(destination: path)
        do throws(VaultError) {
            try writer.write(encoded)
            let puller: SecretStreamPuller
            do { puller = try SecretStreamPuller(key: keys.payloadKey, header: header.streamHeader) } catch {
                throw VaultError.from(error)
            }
            try PayloadCipher.transfer(
                header: header, puller: puller, reencryptWith: nil,
                read: { (out) throws(VaultError) in try file.readExactly(into: out) },
                write: { (bytes) throws(VaultError) in try writer.write(bytes) })
            try writer.flush()
        } catch {
            writer.abort()
            throw error
        }
        return (header, writer)
    }

    /// Writes `next` (new master key's slots, next epoch) with the payload of `file`
    /// decrypted under `currentKeys` and re-encrypted under `nextKeys`, chunk by chunk, so the
    /// whole plaintext is never in memory at once.
    static func reencrypt(
        from file: ReadableFile, current: VaultHeader, currentKeys: EpochKeys, into next: VaultHeader,
        nextKeys: EpochKeys, to path: String, progress: ((UInt64, UInt64) -> Void)?
    ) throws(VaultError) -> (VaultHeader, AtomicFileWriter) {
        precondition(currentKeys.epoch == current.keyEpoch && nextKeys.epoch == next.keyEpoch)
        precondition(next.chunkSize == current.chunkSize && next.payloadLength == current.payloadLength)
        AtomicFileWriter.removeStaleTemporaries(for: path)
        let puller: SecretStreamPuller
        let pusher: SecretStreamPusher
        do {
            puller = try SecretStreamPuller(key: currentKeys.payloadKey, header: current.streamHeader)
            pusher = try SecretStreamPusher(key: nextKeys.payloadKey)
        } catch {
            throw VaultError.from(error)
        }
        var draft = next
        draft.payloadID = Random.bytes(16)
        draft.streamHeader = pusher.header
        let (header, encoded) = try draft.sealed(with: nextKeys)
        let writer = try AtomicFileWriter(destination: path)
        do throws(VaultError) {
            try writer.write(encoded)
            let nextAD = PayloadCipher.associatedData(
                vaultID: header.vaultID, epoch: header.keyEpoch, payloadID: header.payloadID)
            try PayloadCipher.transfer(
                header: current, puller: puller, reencryptWith: (pusher, nextAD),
                read: { (out) throws(VaultError) in try file.readExactly(into: out) },
                write: { (bytes) throws(VaultError) in try writer.write(bytes) },
                progress: progress)
            try writer.flush()
        } catch {
            writer.abort()
            throw error
        }
        return (header, writer)
    }
}

extension PayloadCipher {
    /// Reads the payload of `header` chunk by chunk, authenticates each chunk with `puller`, and
    /// writes either the same ciphertext (`reencryptWith` nil) or the chunk re-encrypted with the
    /// given pusher and associated data, keeping every chunk's tag.
    static func transfer(
        header: VaultHeader, puller: SecretStreamPuller, reencryptWith target: (SecretStreamPusher, [UInt8])?,
        read: (UnsafeMutableRawBufferPointer) throws(VaultError) -> Void,
        write: (UnsafeRawBufferPointer) throws(VaultError) -> Void,
        progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws(VaultError) {
        let chunkSize = Int(header.chunkSize)
        let ad = associatedData(vaultID: header.vaultID, epoch: header.keyEpoch, payloadID: header.payloadID)
        let cipher = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + SecretStream.overhead, alignment: 16)
        let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + SecretStream.overhead, alignment: 16)
        defer {
            Memory.wipe(plain)
            cipher.deallocate()
            plain.deallocate()
            output.deallocate()
        }
        let total = Int(header.payloadLength)
        let chunks = Int(header.chunkCount)
        var offset = 0
        for index in 0..<chunks {
            let length = min(chunkSize, total - offset)
            let sealed = UnsafeMutableRawBufferPointer(rebasing: cipher[0..<(length + SecretStream.overhead)])
            let opened = UnsafeMutableRawBufferPointer(rebasing: plain[0..<length])
            try read(sealed)
            let tag: SecretStream.Tag
            do {
                tag = try puller.pull(UnsafeRawBufferPointer(sealed), associatedData: ad, into: opened)
            } catch {
                throw .damaged(detail: "payload chunk \(index) does not authenticate")
            }
            let isLast = index == chunks - 1
            guard tag == (isLast ? .final : .message) else {
                throw .damaged(detail: isLast ? "the payload ends early" : "payload chunk \(index) is out of place")
            }
            if let (pusher, nextAD) = target {
                let resealed = UnsafeMutableRawBufferPointer(rebasing: output[0..<(length + SecretStream.overhead)])
                do {
                    try pusher.push(UnsafeRawBufferPointer(opened), associatedData: nextAD, tag: tag, into: resealed)
                } catch {
                    throw VaultError.from(error)
                }
                try write(UnsafeRawBufferPointer(resealed))
            } else {
                try write(UnsafeRawBufferPointer(sealed))
            }
            offset += length
            progress?(UInt64(offset), UInt64(total))
        }
    }
}
