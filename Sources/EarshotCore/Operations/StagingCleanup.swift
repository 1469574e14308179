import Foundation

/// The staging folders of this process's reports in progress, for a command line that is
/// interrupted: its signal handler calls `removeAll()` before it exits, so SIGINT or SIGTERM
/// leaves no `.<out>.earshot-staging-<pid>` behind (a SIGKILL still can; the next run removes
/// those under the output lock). The library installs no handler itself: a process that embeds
/// it decides what a signal means.
public enum StagingCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: Set<String> = []

    static func register(_ folder: String) {
        lock.lock(); folders.insert(folder); lock.unlock()
    }

    static func unregister(_ folder: String) {
        lock.lock(); folders.remove(folder); lock.unlock()
    }

    /// The staging folders now in use.
    public static var pending: [String] {
        lock.lock(); defer { lock.unlock() }
        return folders.sorted()
    }

    /// Removes every staging folder in use; returns how many there were.
    @discardableResult
    public static func removeAll() -> Int {
        lock.lock()
        let all = folders
        folders.removeAll()
        lock.unlock()
        for folder in all { try? FileManager.default.removeItem(atPath: folder) }
        return all.count
    }
}
