import Foundation

/// The output folder, replaced as a whole. Every file of the new report is written into a
/// staging folder beside it (`<parent>/.<name>.earshot-staging-<pid>`); when all of them are
/// complete, the staging folder and the output folder swap places in one atomic step
/// (`FolderSwap`), and the previous report is removed. So a reader sees either the previous
/// report or the new one, never a new `organizations.csv` beside an old `sectors.csv`, and a
/// run that fails or is killed leaves the previous report as it was (outputs.md).
///
/// Files in the folder that Earshot does not write (a README, say) are carried over into the
/// new folder (hard links, or copies where links are refused). Earshot's own files that this run
/// did not write (a `posts.csv.gz` of an earlier run with `--posts`, the page of an organization
/// no longer in the report) are not: they would no longer match the rest.
///
/// Leftovers of killed runs are removed by the next run, which holds the output lock
/// (`OutputLock`) and so knows that no other run is using them.
public final class OutputFolder: ReportDestination, @unchecked Sendable {
    /// As given.
    public let path: String
    /// Called when every file of the new report is staged, just before the swap (a test that
    /// kills the run there injects it).
    public var beforeCommit: (@Sendable () -> Void)?
    /// The folder that is replaced: `path` with symbolic links followed.
    let target: String
    let staging: String
    /// The top-level names this run has written (a file, or the folder holding one): these are
    /// not carried over from the previous report. Guarded by `lock`: pages are written by
    /// several workers at once.
    private var staged: Set<String> = []
    private var folders: Set<String> = []
    private let lock = NSLock()

    /// What Earshot writes; everything else in the folder is the user's and is kept.
    static let ownNames: Set<String> = [
        "organizations.csv", "org_months.csv", "sectors.csv", "sector_months.csv", "rejects.csv",
        "summary.json", "index.html", "orgs", "posts.csv.gz", "org_platforms.csv", "sector_platform_months.csv",
    ]

    public enum OutputError: Error, CustomStringConvertible {
        case notWritable(String, String)
        /// Replacing the folder would destroy something of the user's.
        case refused(String, String)
        public var description: String {
            switch self {
            case let .notWritable(path, reason): return "\(path): output not writable: \(reason)"
            case let .refused(path, reason): return "\(path): not used as the output folder: \(reason)"
            }
        }
    }

    /// Written into every report: the folder is Earshot's, and the next run may replace it.
    public static let markerName = ".earshot-report"

    /// - Parameter protecting: the registry file and the inputs of the run: the folder holding
    ///   the registry, an input, or a folder containing an input is never used as the output.
    public init(path: String, protecting: [String] = []) throws {
        self.path = path
        target = Self.resolved(path)
        let (parent, name) = Self.parentAndName(target)
        staging = parent + "/." + name + ".earshot-staging-\(getpid())"
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError.notWritable(path, "it is a file, not a folder")
        }
        if let reason = Self.whyNotReplaceable(target, protecting: protecting) {
            throw OutputError.refused(path, reason)
        }
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
            Self.removeLeftovers(parent: parent, name: name)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError.notWritable(path, "\(error.localizedDescription)")
        }
        // The new folder keeps the old one's permissions.
        var info = stat()
        if stat(target, &info) == 0 { _ = chmod(staging, info.st_mode & 0o7777) }
        try write(Self.markerName, "Written by Earshot: this folder is replaced as a whole by the next report written to it.\n")
        StagingCleanup.register(staging)
    }

    deinit {
        Self.removeTree(staging)
        StagingCleanup.unregister(staging)
    }

    /// Why the folder at `target` must not be replaced; nil when it may: it does not exist, is
    /// empty, or holds a previous report (its marker, or for reports older than the marker, its
    /// summary.json and index.html), and it holds neither the registry nor an input.
    static func whyNotReplaceable(_ target: String, protecting: [String]) -> String? {
        for protected in protecting where !protected.isEmpty {
            let resolved = Self.resolved(protected)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
            let holder = exists && isDirectory.boolValue ? resolved : Self.parentAndName(resolved).parent
            if holder == target || resolved == target {
                return "it holds \(protected), which the run reads (choose another --out)"
            }
            if resolved.hasPrefix(target + "/") {
                return "it contains \(protected), which the run reads (choose another --out)"
            }
        }
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: target) else { return nil }  // missing
        let visible = names.filter { !$0.hasPrefix(".earshot-staging-") }
        if visible.isEmpty { return nil }
        if names.contains(markerName) { return nil }
        if names.contains("summary.json") && names.contains("index.html") { return nil }
        return "it is not empty and holds no previous Earshot report (no \(markerName)); give a new or empty folder"
    }

    /// The staged path of `name` (which may contain `/`), for writers that stream. Safe to call
    /// from several threads at once.
    public func stagedPath(_ name: String) throws -> String {
        let file = staging + "/" + name
        let folder = Self.parentAndName(file).parent
        let topLevel = String(name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        try lock.withLock {
            if !folders.contains(folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw OutputError.notWritable(folder, "\(error.localizedDescription)")
                }
                folders.insert(folder)
            }
            staged.insert(topLevel)
        }
        return file
    }

    public func write(_ name: String, _ text: String) throws {
        let sink = try FileSink(path: stagedPath(name))
        try sink.write(text)
        try sink.close()
    }

    /// Streams `name` to its staged file: `body` writes to the sink, which is closed after it.
    public func write(_ name: String, _ body: (FileSink) throws -> Void) throws {
        let sink = try FileSink(path: stagedPath(name))
        try body(sink)
        try sink.close()
    }

    /// Puts the new report in place of the old one, in one step.
    public func commit() throws {
        // The new files and the folder reach the disk before the swap makes them the report.
        Self.syncTree(staging)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue
        if exists { try carryOver(from: target, to: staging) }
        beforeCommit?()
        if exists {
            do {
                try FolderSwap.exchange(staging, target)
            } catch {
                throw OutputError.notWritable(path, "\(error)")
            }
            Self.removeTree(staging) // the previous report, now at the staging path
        } else if rename(staging, target) != 0 {
            throw OutputError.notWritable(path, String(cString: strerror(errno)))
        }
        StagingCleanup.unregister(staging)
        // The rename itself is durable once the parent folder is synced.
        let parentFD = open(Self.parentAndName(target).parent, O_RDONLY | O_CLOEXEC)
        if parentFD >= 0 { _ = fsync(parentFD); close(parentFD) }
        lock.withLock { staged.removeAll(); folders.removeAll() }
    }

    /// The user's files of the current folder, linked into the new one.
    private func carryOver(from old: String, to new: String) throws {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: old)) ?? [] {
            if Self.ownNames.contains(name) || name.hasPrefix(".earshot-staging-") || lock.withLock({ staged.contains(name) }) { continue }
            if fm.fileExists(atPath: new + "/" + name) { continue }
            do {
                try Self.linkTree(old + "/" + name, new + "/" + name)
            } catch {
                throw OutputError.notWritable(path, "cannot keep \(name) in the new report: \(error.localizedDescription)")
            }
        }
    }

    /// fsync of every file and folder under `path` (the folder last).
    static func syncTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { syncTree(path + "/" + name) }
        }
        _ = fsync(fd)
    }

    /// Hard links of a file or folder tree (copies where a link is refused).
    private static func linkTree(_ from: String, _ to: String) throws {
        let fm = FileManager.default
        var info = stat()
        guard lstat(from, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            try fm.createDirectory(atPath: to, withIntermediateDirectories: false)
            _ = chmod(to, info.st_mode & 0o7777)
            for name in try fm.contentsOfDirectory(atPath: from) { try linkTree(from + "/" + name, to + "/" + name) }
        } else if link(from, to) != 0 {
            try fm.copyItem(atPath: from, toPath: to)
        }
    }

    /// Staging folders and previous reports left by runs that were killed (under the lock).
    static func removeLeftovers(parent: String, name: String) {
        let prefixes = ["." + name + ".earshot-staging-", "." + name + ".earshot-old-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        where prefixes.contains(where: { entry.hasPrefix($0) }) {
            removeTree(parent + "/" + entry)
        }
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path` with symbolic links followed (as far as they exist) and no trailing `/`.
    static func resolved(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        if let real = realpath(p, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return p
    }

    /// The folder and the name of `path` (see `PathText`).
    static func parentAndName(_ path: String) -> (parent: String, name: String) {
        let pieces = PathText(path)
        return (pieces.folder, String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""))
    }
}
