import Foundation
import Testing
@testable import HearthDrafts

/// The private folder of a draft: made closed to others with this process's marker, which files
/// count as Hearth's kept drafts, and which abandoned drafts are wiped. In process, on the tmpfs.
struct DraftFoldersTests {
    /// Skipped where the machine has no memory-only folder (the refusal is NoMemoryFolderTests').
    static let base = try? DraftFolders.memoryBase(environment: ProcessInfo.processInfo.environment)

    @Test(.enabled(if: base != nil)) func madeFolderIsPrivateAndMarked() throws {
        let folder = try DraftFolders.make(in: #require(Self.base))
        defer { DraftFolders.wipeFolder(folder) }
        var info = stat()
        #expect(lstat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect((folder as NSString).lastPathComponent.hasPrefix(DraftFolders.folderPrefix))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + DraftFolders.marker))
    }

    @Test(.enabled(if: base != nil)) func keptDraftOnlyOnceItsMarkerIsGone() throws {
        let folder = try DraftFolders.make(in: #require(Self.base))
        defer { DraftFolders.wipeFolder(folder) }
        let draft = folder + "/entry.md"
        FileManager.default.createFile(atPath: draft, contents: Data("x".utf8))
        #expect(!DraftFolders.isKeptDraft(draft), "still being edited")
        unlink(folder + "/" + DraftFolders.marker)
        #expect(DraftFolders.isKeptDraft(draft))
        #expect(!DraftFolders.isKeptDraft(folder + "/missing.md"))
        chmod(folder, 0o750)
        #expect(!DraftFolders.isKeptDraft(draft), "a folder open to the group is not Hearth's")
        chmod(folder, 0o700)
        let renamed = (folder as NSString).deletingLastPathComponent + "/not-hearth-\(UUID().uuidString)"
        rename(folder, renamed)
        defer { rename(renamed, folder) }
        #expect(!DraftFolders.isKeptDraft(renamed + "/entry.md"), "only folders named as Hearth's")
    }

    /// Kept drafts of one name are found (oldest first); one still being edited, or of another
    /// name, is not. In a base of the test's own, so that nobody else's drafts count.
    @Test(.enabled(if: base != nil)) func keptDraftsOfANameAreFoundOldestFirst() throws {
        let base = try #require(Self.base) + "/hearth-test-base-\(UUID().uuidString)"
        #expect(mkdir(base, 0o700) == 0)
        defer { DraftFolders.wipeFolder(base) }
        var made: [String] = []
        for (index, name) in ["practice.json", "practice.json", "entry.md", "practice.json"].enumerated() {
            let folder = try DraftFolders.make(in: base)
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))
            var times = [timespec(tv_sec: 1_700_000_000 - index, tv_nsec: 0), timespec(tv_sec: 1_700_000_000 - index, tv_nsec: 0)]
            utimensat(AT_FDCWD, folder + "/" + name, &times, 0)
            if index < 3 { unlink(folder + "/" + DraftFolders.marker) }  // the last is still being edited
            made.append(folder + "/" + name)
        }
        #expect(DraftFolders.keptDrafts(named: "practice.json", in: base) == [made[1], made[0]])
        #expect(DraftFolders.keptDrafts(named: "entry.md", in: base) == [made[2]])
    }

    @Test(.enabled(if: base != nil)) func wipeRemovesEverythingWithoutFollowingLinks() throws {
        let folder = try DraftFolders.make(in: #require(Self.base))
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-outside-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: outside, contents: Data("keep".utf8))
        defer { unlink(outside) }
        try FileManager.default.createDirectory(atPath: folder + "/.micro", withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: folder + "/.micro/settings.json", contents: Data("{}".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: outside)
        DraftFolders.wipeFolder(folder)
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(FileManager.default.contents(atPath: outside) == Data("keep".utf8))
    }

    /// A marker naming a process that is gone: wiped. This process's own, or no marker: kept.
    @Test(.enabled(if: base != nil)) func abandonedDraftsAreWipedOthersKept() throws {
        let base = try #require(Self.base)
        let live = try DraftFolders.make(in: base)
        let gone = try DraftFolders.make(in: base)
        let kept = try DraftFolders.make(in: base)
        defer { [live, gone, kept].forEach { DraftFolders.wipeFolder($0) } }
        rename(gone + "/" + DraftFolders.marker, gone + "/" + DraftFolders.markerPrefix + "\(DraftFolders.pidNamespace)-2147483646")
        unlink(kept + "/" + DraftFolders.marker)
        FileManager.default.createFile(atPath: kept + "/entry.md", contents: Data("x".utf8))
        #expect(DraftFolders.removeAbandonedDrafts(in: base).isEmpty)
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(!FileManager.default.fileExists(atPath: gone))
        #expect(FileManager.default.fileExists(atPath: kept + "/entry.md"))
    }

    /// An abandoned draft the editor wrote in (later than its marker) may hold words that were
    /// never saved: kept (no marker any more, a kept draft like others) and named; one holding
    /// only Hearth's template is wiped.
    @Test(.enabled(if: base != nil)) func anAbandonedDraftWrittenInIsKept() throws {
        // A base of its own: tests side by side look for abandoned drafts too.
        let base = try #require(Self.base) + "/hearth-test-base-\(UUID().uuidString)"
        #expect(mkdir(base, 0o700) == 0)
        let written = try DraftFolders.make(in: base)
        let untouched = try DraftFolders.make(in: base)
        defer { [written, untouched].forEach { DraftFolders.wipeFolder($0) }; rmdir(base) }
        let deadMarker = DraftFolders.markerPrefix + "\(DraftFolders.pidNamespace)-2147483646"
        for folder in [written, untouched] {
            rename(folder + "/" + DraftFolders.marker, folder + "/" + deadMarker)
            FileManager.default.createFile(atPath: folder + "/entry.md", contents: Data("---\ntags: \n---\nwords\n".utf8))
        }
        // The editor saved a while after the folder was made.
        var later = [timespec(tv_sec: time(nil) + 5, tv_nsec: 0), timespec(tv_sec: time(nil) + 5, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, written + "/entry.md", &later, 0) == 0)
        #expect(DraftFolders.removeAbandonedDrafts(in: base) == [written + "/entry.md"])
        #expect(DraftFolders.isKeptDraft(written + "/entry.md"))
        #expect(!FileManager.default.fileExists(atPath: written + "/" + deadMarker))
        #expect(!FileManager.default.fileExists(atPath: untouched))
        // Kept now: a later look leaves it alone and names it no more.
        #expect(DraftFolders.removeAbandonedDrafts(in: base).isEmpty)
        #expect(FileManager.default.fileExists(atPath: written + "/entry.md"))
    }

    @Test func noMemoryFolderIsATypedRefusal() {
        #expect(DraftFolders.isPrivateMemoryFileSystem("/nonexistent/hearth") == false)
        #expect(throws: DraftFolderError.noFolder(base: "/nonexistent/hearth", errno: ENOENT)) {
            try DraftFolders.make(in: "/nonexistent/hearth")
        }
    }
}
