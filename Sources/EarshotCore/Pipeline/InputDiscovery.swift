import Foundation

/// Finds the export files under the inputs given on the command line, in the order the spec
/// requires (byte order of their paths relative to the input they were found under), with the
/// organization hints of formats.md rules 2 and 3.
public struct InputDiscovery: Sendable {
    /// Folder names that are organizations (rule 3). Without a registry (`earshot inspect`), any
    /// folder name that looks like a handle and is not a plain number such as a year.
    public var registry: Registry? {
        didSet { folderAnswers = FolderAnswers() }
    }
    /// The answer for each folder name seen: the same few names (organizations, `analytics`,
    /// `data`) come back for every file, and each answer went through Foundation's trimming.
    private var folderAnswers = FolderAnswers()

    /// Files are opened to tell zip archives (by their first bytes) on this many threads.
    public var threads = 1

    public init(registry: Registry?, threads: Int = 1) {
        self.registry = registry
        self.threads = threads
    }

    func isOrganizationFolder(_ name: String) -> Bool {
        if let known = folderAnswers.answer(name) { return known }
        let answer: Bool
        if let registry {
            answer = registry.contains(name)
        } else {
            answer = StatusURL.isHandle(name) && !StatusURL.isNumber(name) && !Self.genericFolderNames.contains(name.lowercased())
        }
        folderAnswers.remember(name, answer)
        return answer
    }

    /// The folders of an absolute path below the home folder (all of them for a path elsewhere).
    static func belowHome(_ input: String, _ folders: [String]) -> [String] {
        guard input.hasPrefix("/"), let home = ProcessInfo.processInfo.environment["HOME"], home.count > 1 else { return folders }
        let homeFolders = home.split(separator: "/").map(String.init)
        guard folders.starts(with: homeFolders) else { return folders }
        return Array(folders.dropFirst(homeFolders.count))
    }

    /// Without a registry, folder names that say where a file was put, not whose it is: a
    /// download left in `~/Downloads/` does not belong to @downloads.
    static let genericFolderNames: Set<String> = [
        "downloads", "download", "desktop", "documents", "home", "tmp", "temp", "data", "csv", "js",
        "exports", "export", "archive", "archives", "tweets", "twitter", "mastodon", "users", "root",
    ]

    private final class FolderAnswers: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [String: Bool] = [:]

        func answer(_ name: String) -> Bool? {
            lock.lock()
            defer { lock.unlock() }
            return answers[name]
        }

        func remember(_ name: String, _ answer: Bool) {
            lock.lock()
            defer { lock.unlock() }
            answers[name] = answer
        }
    }

    public enum DiscoveryError: Error, CustomStringConvertible {
        case notFound(String)
        public var description: String {
            switch self {
            case let .notFound(path): return "\(path): no such file or folder"
            }
        }
    }

    /// Every regular file under `inputs` (folders walked recursively, hidden files skipped; zip
    /// archives expanded into their entries, see ArchiveDiscovery.swift), sorted by display path.
    public func files(in inputs: [String]) throws -> [ExportFile] {
        var found: [ExportFile] = []
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else { throw DiscoveryError.notFound(input) }
            if !isDirectory.boolValue {
                // A file named directly: the folders in the path as given still say whose it is.
                // Without a registry, the home folder and those above it are not: they are the
                // user's (`/home/me/Downloads/tweets.csv` is not @me's).
                var folders = input.split(separator: "/").dropLast().map(String.init)
                if registry == nil { folders = Self.belowHome(input, folders) }
                found += expand(path: input, relative: input, folders: folders)
                continue
            }
            let root = URL(fileURLWithPath: input).standardizedFileURL.path
            guard let dir = opendir(root) else { throw DiscoveryError.notFound(input) }
            closedir(dir)
            let inputName = PathText(root).lastComponent
            let entries = DirectoryWalker.entries(under: root)
            // Folders that cannot be listed are named as skipped, with the reason.
            for entry in entries where entry.skipReason != nil {
                var file = exportFile(path: root + "/" + entry.relative, relative: entry.relative,
                                      folders: [inputName] + entry.relative.split(separator: "/").map(String.init))
                file.skipReason = entry.skipReason
                found.append(file)
            }
            let relatives = entries.filter { $0.skipReason == nil }.map(\.relative)
            // The input folder's own name counts too (`earshot report exports/redcross`).
            // Each file is opened to see whether it is a zip archive: in parallel, since a folder
            // of thousands of files made this a noticeable serial start.
            let discovery = self
            let expanded = parallelMap(count: relatives.count, threads: threads) { i in
                let relative = relatives[i]
                let folders = [inputName] + relative.split(separator: "/").dropLast().map(String.init)
                return discovery.expand(path: root + "/" + relative, relative: relative, folders: folders)
            }
            for files in expanded { found += files }
        }
        attachLooseArchiveFacts(&found)
        // Byte order of the relative paths; the input's position breaks ties. The positions are
        // sorted, not the files: moving tens of thousands of files (each a dozen fields) around
        // while sorting was a noticeable serial start of a large run.
        let order = found.indices.sorted { a, b in
            let order = Self.byteOrder(found[a].displayPath, found[b].displayPath)
            return order != 0 ? order < 0 : a < b
        }
        return order.map { found[$0] }
    }

    /// The byte order of two paths (negative, 0, positive), by memcmp over their UTF-8: sorting
    /// thousands of paths a byte at a time through generic code was a noticeable serial start.
    static func byteOrder(_ a: String, _ b: String) -> Int {
        // Native strings lend their UTF-8 without a copy; others are copied once.
        if let order = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in byteOrder(x, y) }
        }), let order { return order }
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in byteOrder(x, y) } }
    }

    private static func byteOrder(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(x.count, y.count)
        if common > 0 {
            let c = memcmp(x.baseAddress!, y.baseAddress!, common)
            if c != 0 { return Int(c) }
        }
        return x.count - y.count
    }

    func exportFile(path: String, relative: String, folders: [String]) -> ExportFile {
        let name = PathText(relative).lastComponent
        // A folder named after a registry handle, or after one of its `accounts` (a Bluesky
        // handle, `@name@server`).
        var fromPath: String? = nil
        for folder in folders.reversed() {
            if isOrganizationFolder(folder) { fromPath = Handle.normalize(folder); break }
            if let registry, let account = Registry.accountKey(folder), let org = registry.accounts[account] { fromPath = org; break }
        }
        return ExportFile(path: path, displayPath: relative,
                          orgFromName: Self.handle(fromFileName: name) ?? blueskyOrganization(fromFileName: name),
                          orgFromPath: fromPath)
    }

    /// `<handle>.<digits>.car`, as `goat repo export` names a Bluesky repository (formats.md T10):
    /// the organization whose `accounts` list the handle, else the handle's first label when the
    /// registry has it as a handle (`redcross.bsky.social` -> `redcross`), else the whole handle
    /// lower-cased.
    func blueskyOrganization(fromFileName name: String) -> String? {
        guard let handle = Self.blueskyHandle(fromFileName: name) else { return nil }
        if let org = registry?.accounts[handle] { return org }
        let first = String(handle.prefix { $0 != "." })
        if registry?.contains(first) == true { return first }
        return handle
    }

    /// The handle in `<handle>.<digits>.car` (also gzipped, `.car.gz`), lower-case.
    public static func blueskyHandle(fromFileName name: String) -> String? {
        var base = Substring(name.lowercased())
        if base.hasSuffix(".gz") { base = base.dropLast(3) }
        guard base.hasSuffix(".car") else { return nil }
        base = base.dropLast(4)
        guard let dot = base.lastIndex(of: "."), StatusURL.isNumber(base[base.index(after: dot)...]) else { return nil }
        return Registry.accountKey(String(base[..<dot])).flatMap { $0.contains("@") || $0.hasPrefix("did:") ? nil : $0 }
    }

    /// `tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv` (rule 2). Handles may
    /// contain `_`, so the dates are found from the end.
    public static func handle(fromFileName name: String) -> String? {
        let prefix = "tweet_activity_metrics_"
        guard name.hasPrefix(prefix) else { return nil }
        var parts = name.dropFirst(prefix.count).split(separator: "_", omittingEmptySubsequences: false)
        // ..., from, to, lang(.csv[.gz])
        guard parts.count >= 4 else { return nil }
        parts.removeLast()
        let to = parts.removeLast(), from = parts.removeLast()
        guard to.count == 8, from.count == 8, StatusURL.isNumber(to), StatusURL.isNumber(from) else { return nil }
        let handle = parts.joined(separator: "_")
        return StatusURL.isHandle(handle) ? handle.lowercased() : nil
    }
}
