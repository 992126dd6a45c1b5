import Foundation
import HearthCrypto

/// Encrypts and decrypts the payload as a secretstream in fixed-size chunks
/// (Docs/FORMAT.md, "Payload"). Only this file knows the chunk layout.
enum PayloadCipher {
    /// Associated data of every chunk: binds the stream to one vault, one key epoch, one save.
    static func associatedData(vaultID: [UInt8], epoch: UInt64, payloadID: [UInt8]) -> [UInt8] {
        Array("hearth-payload-v1".utf8) + vaultID + LittleEndian.bytes(epoch) + payloadID
    }

    /// Encrypts `plaintext` and hands each ciphertext run to `write` (several chunks at a time).
    static func encrypt(
        _ plaintext: UnsafeRawBufferPointer, pusher: SecretStreamPusher, chunkSize: Int, associatedData: [UInt8],
        write: (UnsafeRawBufferPointer) throws(VaultError) -> Void
    ) throws(VaultError) {
        let chunksPerBlock = max(1, (1 << 20) / chunkSize)
        let blockCapacity = chunksPerBlock * (chunkSize + SecretStream.overhead)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockCapacity, alignment: 16)
        defer { block.deallocate() }
        var offset = 0
        var used = 0
        repeat {
            let length = min(chunkSize, plaintext.count - offset)
            let isLast = offset + length >= plaintext.count
            let message = UnsafeRawBufferPointer(rebasing: plaintext[offset..<(offset + length)])
            let out = UnsafeMutableRawBufferPointer(rebasing: block[used..<(used + length + SecretStream.overhead)])
            do {
                try pusher.push(message, associatedData: associatedData, tag: isLast ? .final : .message, into: out)
            } catch {
                throw VaultError.from(error)
            }
            used += out.count
            offset += length
            if isLast || used + chunkSize + SecretStream.overhead > blockCapacity {
                try write(UnsafeRawBufferPointer(rebasing: block[0..<used]))
                used = 0
            }
            if isLast { break }
        } while true
    }

    /// Decrypts a whole payload from `read` into `output` (exactly `header.payloadLength` bytes).
    /// `read(count)` must return the next `count` ciphertext bytes.
    static func decrypt(
        header: VaultHeader, puller: SecretStreamPuller, into output: UnsafeMutableRawBufferPointer,
        read: (UnsafeMutableRawBufferPointer) throws(VaultError) -> Void
    ) throws(VaultError) {
        let chunkSize = Int(header.chunkSize)
        let ad = associatedData(vaultID: header.vaultID, epoch: header.keyEpoch, payloadID: header.payloadID)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + SecretStream.overhead, alignment: 16)
        defer { buffer.deallocate() }
        let total = Int(header.payloadLength)
        let chunks = Int(header.chunkCount)
        var offset = 0
        for index in 0..<chunks {
            let length = min(chunkSize, total - offset)
            let cipher = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(length + SecretStream.overhead)])
            try read(cipher)
            let tag: SecretStream.Tag
            do {
                tag = try puller.pull(
                    UnsafeRawBufferPointer(cipher), associatedData: ad,
                    into: UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + length)]))
            } catch {
                throw .damaged(detail: "payload chunk \(index) does not authenticate")
            }
            let isLast = index == chunks - 1
            guard tag == (isLast ? .final : .message) else {
                throw .damaged(detail: isLast ? "the payload ends early" : "payload chunk \(index) is out of place")
            }
            offset += length
        }
    }
}
