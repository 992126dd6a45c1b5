/// Why no private folder for a draft could be made; the command line says it (`FailureReport`).
/// Plaintext is never written anywhere else instead.
public enum DraftFolderError: Error, Equatable, Sendable {
    /// Neither $XDG_RUNTIME_DIR nor /dev/shm is a memory-only file system this user can write.
    case noMemoryFolder
    /// `mkdir` of the folder failed (errno) in `base`.
    case noFolder(base: String, errno: Int32)
    /// The folder was made but its marker could not be (errno); the folder is wiped again.
    case markerNotMade(base: String, errno: Int32)
}
