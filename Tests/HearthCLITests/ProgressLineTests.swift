import Foundation
import Testing

@testable import HearthCLI

/// The progress line's decisions, on a fake clock: what is written, how often, how wide, and
/// that it always ends cleared.
struct ProgressLineCoreTests {
    let erase = "\r\u{1B}[K"

    @Test func aStatusIsDrawnAtOnceOverWhateverWasThere() {
        var core = ProgressLineCore()
        #expect(core.status("Opening the vault...", now: 0, width: 80) == erase + "Opening the vault...")
        #expect(core.status("Saving the vault...", now: 0.01, width: 80) == erase + "Saving the vault...")
        // The same text again writes nothing.
        #expect(core.status("Saving the vault...", now: 0.02, width: 80) == nil)
    }

    @Test func updatesAreDrawnAtMostTenTimesASecond() {
        var core = ProgressLineCore()
        var draws: [Double] = []
        // 5000 updates over two seconds, as a fast import makes them.
        for i in 0..<5000 {
            let now = Double(i) * 0.0004
            if core.update(ProgressLineCore.counting("Importing records", i, of: 5000), now: now, width: 80) != nil {
                draws.append(now)
            }
        }
        #expect(draws.first == 0, "the first update is shown at once")
        #expect(draws.count <= 21, "\(draws.count) redraws in two seconds")
        #expect(draws.count >= 19, "\(draws.count) redraws in two seconds: the line must keep moving")
        for (a, b) in zip(draws, draws.dropFirst()) { #expect(b - a >= ProgressLineCore.minimumInterval - 1e-9) }
    }

    @Test func anUpdateAfterTheLineWasClearedIsDrawnAtOnce() {
        var core = ProgressLineCore()
        _ = core.update("Importing records: 1 of 9", now: 0, width: 80)
        #expect(core.clear() == erase)
        // A message was printed in between (it cleared the line): the count comes back at once.
        #expect(core.update("Importing records: 2 of 9", now: 0.01, width: 80) == erase + "Importing records: 2 of 9")
    }

    @Test func theLineNeverReachesTheLastColumn() {
        let text = "Reading the backup back from the drive to check every byte of it..."
        for width in [1, 2, 4, 10, 20, 40, 67, 68, 69, 200] {
            let fitted = ProgressLineCore.fitted(text, width: width)
            #expect(fitted.count <= max(width - 1, 1), "width \(width): \(fitted)")
            if text.count < width { #expect(fitted == text) }
        }
        #expect(ProgressLineCore.fitted(text, width: 20) == "Reading the back...")
        // A terminal that does not say its width is taken as 80 columns.
        #expect(ProgressLineCore.fitted(String(repeating: "x", count: 100), width: 0).count == 79)
        // One line, always: a newline or tab would break the "\r" redraw.
        #expect(ProgressLineCore.fitted("a\nb\tc", width: 80) == "a b c")
    }

    @Test func clearingErasesOnlyWhatIsThere() {
        var core = ProgressLineCore()
        #expect(core.clear() == nil, "nothing shown: nothing written")
        _ = core.status("Opening the vault...", now: 0, width: 80)
        #expect(core.isShowing("Opening the vault..."))
        #expect(core.clear() == erase)
        #expect(core.clear() == nil)
        #expect(core.shown == nil)
    }

    @Test func countsSayHowFarOfHowMany() {
        #expect(ProgressLineCore.counting("Importing records", 1200, of: 20000) == "Importing records: 1200 of 20000")
        #expect(ProgressLineCore.counting("Merging records", 7, of: 0) == "Merging records: 7")
        #expect(ProgressLineCore.counting("Adding people", 12, of: 10) == "Adding people: 10 of 10")
    }
}

/// The writer around the core: what reaches the terminal, on a fake clock.
struct ProgressLineWriterTests {
    final class Screen: @unchecked Sendable {
        var written = ""
        var now = 0.0
    }

    func line(_ screen: Screen, enabled: Bool = true, width: Int = 40) -> ProgressLine {
        ProgressLine(enabled: enabled, width: { width }, clock: { screen.now }, write: { screen.written += $0 })
    }

    @Test func nothingIsWrittenWhenNotOnATerminal() throws {
        let screen = Screen()
        let progress = line(screen, enabled: false)
        progress.status(.progressOpening)
        progress.count(.progressImporting, 3, of: 10)
        progress.clear()
        try progress.during(.progressSaving) {}
        #expect(screen.written.isEmpty)
    }

    @Test func duringClearsTheLineEvenWhenTheWorkFails() {
        struct Failed: Error {}
        let screen = Screen()
        let progress = line(screen)
        #expect(throws: Failed.self) { try progress.during(.progressOpening) { throw Failed() } }
        #expect(screen.written == "\r\u{1B}[KOpening the vault...\r\u{1B}[K")
    }

    @Test func aStepClearsItsOwnTextOnly() {
        let screen = Screen()
        let progress = line(screen)
        progress.status(.progressWaitingForWriter)
        progress.status(.progressSaving)
        screen.written = ""
        // The wait ended after another step took the line: that step's text stays.
        progress.clear(ifShowing: .progressWaitingForWriter)
        #expect(screen.written.isEmpty)
        progress.clear(ifShowing: .progressSaving)
        #expect(screen.written == "\r\u{1B}[K")
    }

    @Test func aBurstOfCountsIsThrottledAndTheLineEndsCleared() {
        let screen = Screen()
        let progress = line(screen, width: 30)
        progress.clearedAfter {
            for i in 0..<1000 {
                screen.now = Double(i) * 0.001  // one second of work
                progress.count(.progressImporting, i, of: 1000)
            }
        }
        let redraws = screen.written.components(separatedBy: "\r\u{1B}[K").filter { !$0.isEmpty }
        #expect(redraws.count <= 11 && redraws.count >= 9, "\(redraws.count) redraws")
        #expect(redraws.allSatisfy { $0.count <= 29 })
        #expect(screen.written.hasSuffix("\r\u{1B}[K"), "the line is cleared at the end")
    }
}

/// `TERM=dumb` and `NO_COLOR`: the same line, with no escape sequence at all.
struct PlainProgressLineTests {
    @Test func aPlainLineOverwritesWithSpacesAndNeverEscapes() {
        var core = ProgressLineCore(plain: true)
        var written = ""
        written += core.status("Opening the vault...", now: 0, width: 80) ?? ""
        #expect(written == "\rOpening the vault...")
        let shorter = core.status("Saving...", now: 1, width: 80) ?? ""
        #expect(shorter == "\rSaving..." + String(repeating: " ", count: 11))
        let cleared = core.clear() ?? ""
        #expect(cleared == "\r" + String(repeating: " ", count: 9) + "\r")
        written += shorter + cleared
        #expect(!written.contains("\u{1B}"))
    }
}
