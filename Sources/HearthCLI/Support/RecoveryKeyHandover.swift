import Foundation
import HearthCrypto
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
        let unchanged: String
        /// How to try again, e.g. "Run `hearth key add --recovery` again when you are ready."
        let tryAgain: String
    }

    static func handOver(
        _ keys: [(slot: Int, key: SecretBytes)], pending: PendingKeyChange, context: Context
    ) throws -> VaultHeader {
        let checked = Console.hasTerminal && Console.stdinIsTerminal
        let slots = keys.map { String($0.slot) }.joined(separator: ", ")
        let one = keys.count == 1
        Console.message("""

            \(one ? "This is your new recovery key" : "These are your new recovery keys") (slot\(one ? "" : "s") \(slots)). \
            Write \(one ? "it" : "them") down now, on paper, and keep \(one ? "it" : "them") somewhere safe and private. \
            \(one ? "It is" : "They are") shown only this once: Hearth does not keep \(one ? "it" : "them") and cannot show \
            \(one ? "it" : "them") again. A recovery key opens this vault if your passphrase is ever forgotten (type it at \
            the passphrase prompt). Anyone who has it can open the vault, so guard it like the vault itself.\
            \(checked ? " It becomes active once you have typed it back." : "")

            """)
        for (_, key) in keys {
            if let code = write(key) {
                pending.abort()
                throw CLIFailure(.ioError, """
                    The recovery key could not be written out (\(FailureReport.describe(errno: code))). \(notValid(one)) \
                    \(context.unchanged) \(context.tryAgain)
                    """)
            }
        }
        if let code = flushStdoutFile() {
            pending.abort()
            throw CLIFailure(.ioError, """
                The recovery key could not be saved where it was sent (\(FailureReport.describe(errno: code))). \
                \(notValid(one)) \(context.unchanged) \(context.tryAgain)
                """)
        }
        Console.message("")
        if checked {
            for (slot, key) in keys {
                guard try typedBack(key, slot: slot, several: !one) else {
                    pending.abort()
                    throw CLIFailure(.refused, "\(notValid(one)) \(context.unchanged) \(context.tryAgain)")
                }
            }
        }
        do {
            try pending.commit()
        } catch {
            if pending.isInPlace {
                throw CLIFailure(.ioError, """
                    The new recovery key was put in place, but the disk did not confirm the change \
                    (\(FailureReport.failure(for: error).message)). Check with `hearth key check` that it opens the vault.
                    """)
            }
            let failure = FailureReport.failure(for: error)
            throw CLIFailure(failure.status, "\(failure.message)\n\(notValid(one)) \(context.tryAgain)")
        }
        Console.message("""
            The recovery key is active: \(one ? "it opens" : "each opens") this vault (slot\(one ? "" : "s") \(slots)). \
            `hearth key check` tests a key on paper at any time without changing anything.
            """)
        return pending.header
    }

    private static func notValid(_ one: Bool) -> String {
        one
            ? "The recovery key shown above is NOT valid: it was not made active and will never open this vault. Please cross it out or destroy the paper."
            : "The recovery keys shown above are NOT valid: they were not made active and will never open this vault. Please cross them out or destroy the paper."
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
            try DescriptorWriter.writeAll(STDOUT_FILENO, raw)
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
        guard fstat(STDOUT_FILENO, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        if fsync(STDOUT_FILENO) != 0, errno != EINVAL, errno != EROFS { return errno }
        return nil
    }

    /// Asks (up to three times) for the whole key to be typed back, with any spacing, dashes or
    /// case. A mismatch names the group to look at and asks again. False when the person cancels
    /// or it never matched.
    private static func typedBack(_ key: SecretBytes, slot: Int, several: Bool) throws -> Bool {
        let which = several ? " for slot \(slot)" : ""
        for attempt in 1...3 {
            guard let typed = try Terminal.readSecret(
                prompt: "Type the whole recovery key\(which) back from your paper, or press Enter to cancel: ",
                echo: true),
                typed.count > 0
            else {
                Console.message("Cancelled.")
                return false
            }
            do {
                let differing = try RecoveryKey.typedBackDifferences(typed, of: key)
                if differing.isEmpty { return true }
                Console.message(differenceLine(differing))
            } catch let error as RecoveryKeyError {
                Console.message(typoLine(error))
            }
            if attempt == 3 { Console.message("It did not match after three tries.") }
        }
        return false
    }

    /// "Group 3 is not the same as on the paper. Please compare it and type the key again."
    static func differenceLine(_ groups: [Int]) -> String {
        let which = groups.count == 1
            ? "Group \(groups[0]) is"
            : "Groups " + groups.map(String.init).joined(separator: ", ") + " are"
        return "\(which) not the same as the key shown. Please compare \(groups.count == 1 ? "it" : "them") and type the key again."
    }

    /// A typo found by a group's own check, or the wrong length, said for the type-back.
    static func typoLine(_ error: RecoveryKeyError) -> String {
        switch error {
        case .checksumMismatch(let groups) where groups.count == 1:
            "Group \(groups[0]) has a mistyped character. Please compare it and type the key again."
        case .checksumMismatch(let groups):
            "Groups \(groups.map(String.init).joined(separator: ", ")) have a mistyped character. Please compare them and type the key again."
        case .wrongLength(let count):
            "That has \(count) characters; the whole key has \(RecoveryKey.canonicalLength) (\(RecoveryKey.groupCount) groups of \(RecoveryKey.groupLength)). Please type all of it."
        case .unknownCharacter(let group):
            "Group \(group) has a character recovery keys never use. Please compare it and type the key again."
        }
    }
}
