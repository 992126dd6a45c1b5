import Foundation
import HearthCrypto
import HearthMessages
import HearthVault

/// Gives a new recovery key to the person, and makes it active only once it reached them
/// (Docs/SECURITY.md, "Key slots and rotation"). The key change is already written and flushed
/// beside the vault (`PendingKeyChange`); then, in this order:
/// 1. the key is written to stdout, and the writing is checked (a broken pipe, a short write or
///    a full disk is a failure; a regular file is flushed with `fsync`);
/// 2. on a terminal, the person types it back, all of it (a group that differs is named, and asked again);
/// 3. only then is the new file renamed into place: "the recovery key is active".
/// On any failure before the rename the new file is removed, the vault stays as it was, and the
/// message says plainly that the key shown is not valid. So a key on paper is never one that
/// opens nothing, and a vault never gets a recovery key that nobody saw.
enum RecoveryKeyHandover {
    /// What the person is told about each step of a failure, for the command at hand.
    struct Context {
        /// "Nothing was changed." or, for rekey, that the rekey did not happen either.
        let unchanged: Message
        /// How to try again, e.g. "Run `hearth key add --recovery` again when you are ready."
        let tryAgain: Message
    }

    static func handOver(
        _ keys: [(slot: Int, key: SecretBytes)], pending: PendingKeyChange, context: Context
    ) throws -> VaultHeader {
        let checked = Console.hasTerminal && Console.stdinIsTerminal
        let slots = keys.map { String($0.slot) }.joined(separator: ", ")
        Console.message(.newRecoveryKeys(count: keys.count, slots: slots, checked: checked))
        for (_, key) in keys {
            if let code = write(key) {
                pending.abort()
                throw CLIFailure(.ioError, notValid(keys.count, .recoveryKeyNotWritten(errno: code), context))
            }
        }
        if let code = flushStdoutFile() {
            pending.abort()
            throw CLIFailure(.ioError, notValid(keys.count, .recoveryKeyNotSaved(errno: code), context))
        }
        if checked {
            // Ctrl-C (or a hang-up) while the key is typed back ends Hearth at once: the new file,
            // which the unconfirmed key opens, is removed first, and the note says the key is not valid.
            let stopped: Message = .stoppedKeyNotValid(notValid(keys.count, nil, context))
            try StopNote.during(watching: pending.temporaryPath, before: stopped, after: stopped, removing: pending.temporaryPath) {
                for (slot, key) in keys {
                    guard try typedBack(key, slot: slot, several: keys.count > 1) else {
                        pending.abort()
                        throw CLIFailure(.refused, notValid(keys.count, nil, context))
                    }
                }
            }
        }
        do {
            try pending.commit()
        } catch {
            if pending.isInPlace {
                throw CLIFailure(.ioError, .recoveryKeyUnconfirmed(FailureReport.failure(for: error).message))
            }
            let failure = FailureReport.failure(for: error)
            throw CLIFailure(failure.status, .recoveryKeyNotActive(
                count: keys.count, why: failure.message, unchanged: .handoverUnchanged, tryAgain: context.tryAgain))
        }
        Console.message(.recoveryKeyActive(count: keys.count, slots: slots))
        return pending.header
    }

    private static func notValid(_ count: Int, _ why: Message?, _ context: Context) -> Message {
        .recoveryKeyNotActive(count: count, why: why, unchanged: context.unchanged, tryAgain: context.tryAgain)
    }

    /// Writes the display form and a newline to stdout; returns errno on failure (EPIPE from a
    /// closed pipe, ENOSPC, a write that makes no progress as EIO).
    private static func write(_ key: SecretBytes) -> Int32? {
        guard let shown = try? RecoveryKey.displayForm(key) else { return ENOMEM }
        let line = shown.withUnsafeBytes { raw in writeAll(raw) }
        if let line { return line }
        return [UInt8(ascii: "\n")].withUnsafeBytes { writeAll($0) }
    }

    private static func writeAll(_ raw: UnsafeRawBufferPointer) -> Int32? {
        do throws(DescriptorWriter.Failure) {
            try DescriptorWriter.writeAll(Console.descriptors.output, raw)
            return nil
        } catch {
            switch error {
            case .closedPipe: return EPIPE
            case .failed(let code): return code
            }
        }
    }

    /// When stdout is a regular file, its data is flushed to the disk: a full disk may only
    /// show itself there. (A pipe or a terminal has nothing to flush.)
    private static func flushStdoutFile() -> Int32? {
        var info = stat()
        guard fstat(Console.descriptors.output, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        if fsync(Console.descriptors.output) != 0, errno != EINVAL, errno != EROFS { return errno }
        return nil
    }

    /// Asks (up to three times) for the whole key to be typed back, with any spacing, dashes or
    /// case. A mismatch names the group to look at and asks again. False when the person cancels
    /// or it never matched.
    private static func typedBack(_ key: SecretBytes, slot: Int, several: Bool) throws -> Bool {
        for attempt in 1...3 {
            guard let typed = try Terminal.readSecret(
                prompt: .typeWholeKeyBack(slot: several ? slot : nil),
                echo: true),
                typed.count > 0
            else {
                Console.message(.typeBackCancelled)
                return false
            }
            do {
                let differing = try RecoveryKey.typedBackDifferences(typed, of: key)
                if differing.isEmpty { return true }
                Console.message(differenceLine(differing))
            } catch let error as RecoveryKeyError {
                Console.message(typoLine(error))
            }
            if attempt == 3 { Console.message(.noMatchAfterThree) }
        }
        return false
    }

    /// "Group 3 is not the same as on the paper. Please compare it and type the key again."
    static func differenceLine(_ groups: [Int]) -> Message { .typedBackDiffers(groups: groups) }

    /// A typo found by a group's own check, or the wrong length, said for the type-back.
    static func typoLine(_ error: RecoveryKeyError) -> Message { .typedBackTypo(RecoveryKeyInput.keyTypo(error)) }
}
