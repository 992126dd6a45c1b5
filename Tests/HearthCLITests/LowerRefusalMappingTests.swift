import Foundation
import HearthDrafts
import HearthRecords
@testable import HearthSession
@testable import HearthVault
import Testing

@testable import HearthCLI

/// The refusals of decisions that moved below the command line (drafts, key changes, record ids,
/// a session's fit) keep the exit code and the message they had when the command decided them.
struct LowerRefusalMappingTests {
    @Test func refusalsKeepTheirStatusAndMessage() {
        let rows: [(any Error, HearthCLI.ExitStatus, String)] = [
            (DraftFolderError.noMemoryFolder, .cannotCreate, "noMemoryFolder"),
            (DraftFolderError.noFolder(base: "/b", errno: EACCES), .cannotCreate, "noPrivateFolder"),
            (DraftFolderError.markerNotMade(base: "/b", errno: ENOSPC), .cannotCreate, "privateFolderNotPrepared"),
            (KeyChangeRefusal.slotIsRecoveryKey(2), .usage, "slotIsRecoveryKey"),
            (KeyChangeRefusal.severalPassphraseSlots([SlotName(index: 0, type: .passphrase, label: "a")]), .usage, "whichPassphrase"),
            (KeyChangeRefusal.samePassphrase, .usage, "samePassphrase"),
            (RecordIDRefusal.otherKind(id: "abcd", found: .person, wanted: .journal), .notFound, "idOfOtherKind"),
            (RecordIDRefusal.tooShort(.journal), .usage, "idTooShort"),
            (RecordIDRefusal.noneStartsWith("abcd", .journal), .notFound, "noIDStartingWith"),
            (RecordIDRefusal.several("abcd", .journal), .usage, "severalIDsStartWith"),
            (SessionHeaderAltered(), .invalidData, "sessionHeaderAltered"),
        ]
        for (error, status, key) in rows {
            let failure = FailureReport.failure(for: error)
            #expect(failure.status == status, "\(error)")
            #expect(failure.message.key == key, "\(error)")
        }
    }

    /// Several passphrase slots are listed as the person tells them apart, labels made printable.
    @Test func severalPassphraseSlotsAreNamed() {
        let names = [SlotName(index: 0, type: .passphrase, label: "laptop"), SlotName(index: 3, type: .passphrase, label: "a\u{1B}[2J")]
        let text = FailureReport.failure(for: KeyChangeRefusal.severalPassphraseSlots(names)).message.fullText
        #expect(text.contains("slot 0 (passphrase, \"laptop\")") && text.contains("slot 3 (passphrase, \"a?[2J\")"), "\(text)")
    }
}
