import Foundation

// The catalogue (Message.swift): the progress line (ProgressLine): what Hearth is doing, never record text or names.

extension Message {
    public static var progressOpening: Message { Message("Opening the vault...") }
    public static var progressCheckingKey: Message { Message("Checking the key...") }
    public static var progressSettingUpKey: Message { Message("Setting up the new key...") }
    public static func progressOpeningCopy(_ noun: String) -> Message { Message("Opening \(noun)...") }
    public static var progressCreatingVault: Message { Message("Creating the vault...") }
    public static var progressSaving: Message { Message("Saving the vault...") }
    public static var progressOpeningBackup: Message { Message("Opening the backup...") }
    public static var progressCheckingBackup: Message { Message("Checking the backup...") }
    public static func progressCheckingBackup(percent: UInt64) -> Message { Message("Checking the backup: \(percent)%") }
    public static func progressCheckingVault(percent: UInt64) -> Message { Message("Checking the vault: \(percent)%") }
    public static var progressRestoring: Message { Message("Restoring the backup...") }
    public static var progressCheckingOtherCopy: Message { Message("Checking the other copy...") }
    public static var progressCheckingMergedVault: Message { Message("Checking the merged vault...") }
    public static var progressReadingBack: Message { Message("Reading the backup back to check it...") }
    public static func progressWritingBackup(percent: UInt64) -> Message { Message("Writing the backup: \(percent)%") }
    public static func progressKeepingKeys(_ count: Int) -> Message {
        Message("Setting up the \(count == 1 ? "key" : "\(count) keys") to keep...")
    }
    public static func progressReencrypting(percent: UInt64) -> Message { Message("Re-encrypting the records: \(percent)%") }
    public static var progressReadingFile: Message { Message("Reading the file...") }
    public static var progressOpeningAndChecking: Message { Message("Opening and checking the vault...") }
    public static var progressWaitingForWriter: Message { Message("Waiting for another Hearth to finish saving...") }

    // What a count counts ("Importing records: 1200 of 20000").
    public static func progressAdding(_ plural: String) -> Message { Message("Adding \(plural)") }
    public static var progressMerging: Message { Message("Merging records") }
    public static var progressReadingEntries: Message { Message("Reading the entries") }
    public static var progressImporting: Message { Message("Importing records") }

    // Long work stopped by Ctrl-C (StopRequest): what was kept.

    public static func stopped(kept: Message) -> Message { Message("Stopped. " + kept.text, detail: kept.detail) }
    public static var keptDryRun: Message { Message("Nothing was changed (this was a dry run).") }
    public static var keptNothingMerged: Message { Message("Nothing was merged; the vault is as it was.") }
    public static var keptNothingImported: Message { Message("Nothing from this import was saved; the vault is as it was.") }
    public static var keptNoneAdded: Message { Message("None of these records were saved; the vault is as it was.") }
    public static var savedDespiteCtrlC: Message {
        Message("Ctrl-C came while saving; the save was finished first, so it is complete.")
    }
}
