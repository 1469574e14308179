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
            answer = StatusURL.isHandle(name) && !StatusURL.isNumber(name)
        }
        folderAnswers.remember(name, answer)
        return answer
    }

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
                let folders = input.split(separator: "/").dropLast().map(String.init)
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
        let fromPath = folders.reversed().first { isOrganizationFolder($0) }.map { Handle.normalize($0) }
        return ExportFile(path: path, displayPath: relative, orgFromName: Self.handle(fromFileName: name),
                          orgFromPath: fromPath)
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
