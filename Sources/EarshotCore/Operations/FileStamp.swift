import Crypto
import Foundation

/// What the cache remembers of one input file: where it is, what the scan made of it, and its
/// fingerprint (size, modification time, and the SHA-256 of its bytes).
///
/// A file matches its stamp when the scan agrees and the size and time are unchanged; when the
/// time changed but the size did not (a copy, a `touch`, a sync that rewrote the same bytes)
/// its content is hashed and compared, and an equal hash is still a match.
struct FileStamp: Equatable {
    var path: String
    var displayPath: String
    var orgFromName: String?
    var orgFromPath: String?
    var format: ExportFormat?
    var owner: String?
    var size: Int64
    /// Nanoseconds since 1970.
    var modified: Int64
    var sha256: [UInt8]

    /// Same file, same scan: everything but the fingerprint.
    func describesSameFile(as file: ScannedFile) -> Bool {
        path == file.file.path && displayPath == file.file.displayPath && orgFromName == file.file.orgFromName
            && orgFromPath == file.file.orgFromPath && format == file.format && owner == file.owner
    }

    func write(to w: inout ByteWriter) {
        w.string(path); w.string(displayPath)
        w.optional(orgFromName) { $0.string($1) }
        w.optional(orgFromPath) { $0.string($1) }
        w.optional(format) { $0.string($1.rawValue) }
        w.optional(owner) { $0.string($1) }
        w.int64(size); w.int64(modified)
        w.raw(sha256)
    }

    static func read(_ r: inout ByteReader) throws -> FileStamp {
        FileStamp(path: try r.string(), displayPath: try r.string(), orgFromName: try r.optional { try $0.string() },
                  orgFromPath: try r.optional { try $0.string() }, format: try r.optional { try $0.named(ExportFormat.self) },
                  owner: try r.optional { try $0.string() }, size: try r.int64(), modified: try r.int64(),
                  sha256: Array(try r.raw(32)))
    }

    static func modificationTime(_ info: stat) -> Int64 {
        #if os(Linux)
        return Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        #else
        return Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
        #endif
    }
}

/// Size, time and content hash of the run's input files, each looked up once per run (several
/// organizations share a collection file).
final class FileFingerprints: @unchecked Sendable {
    struct Fingerprint: Equatable {
        var size: Int64
        var modified: Int64
    }

    private let lock = NSLock()
    private var stats: [String: Fingerprint?] = [:]
    private var hashes: [String: [UInt8]?] = [:]

    func fingerprint(_ path: String) -> Fingerprint? {
        lock.lock()
        if let known = stats[path] { lock.unlock(); return known }
        lock.unlock()
        var info = stat()
        let found = stat(NativePath.bytes(path), &info) == 0 ? Fingerprint(size: Int64(info.st_size), modified: FileStamp.modificationTime(info)) : nil
        lock.lock()
        stats[path] = found
        lock.unlock()
        return found
    }

    func sha256(_ path: String) -> [UInt8]? {
        lock.lock()
        if let known = hashes[path] { lock.unlock(); return known }
        lock.unlock()
        let digest = try? SHA256.ofFile(at: path)
        lock.lock()
        hashes[path] = digest
        lock.unlock()
        return digest
    }

    /// The stamp of a file as the run found it; nil if it cannot be read, or if it changed
    /// since (an export still being written): then nothing is cached for it.
    func stamp(_ file: ScannedFile) -> FileStamp? {
        guard let print = fingerprint(file.file.path), let digest = sha256(file.file.path) else { return nil }
        var info = stat()
        guard stat(NativePath.bytes(file.file.path), &info) == 0, Int64(info.st_size) == print.size,
              FileStamp.modificationTime(info) == print.modified else { return nil }
        return FileStamp(path: file.file.path, displayPath: file.file.displayPath, orgFromName: file.file.orgFromName,
                         orgFromPath: file.file.orgFromPath, format: file.format, owner: file.owner,
                         size: print.size, modified: print.modified, sha256: digest)
    }

    enum Match { case same, sameContent, different }

    /// Whether a file still is what `stamp` describes.
    func match(_ stamp: FileStamp, _ file: ScannedFile) -> Match {
        guard stamp.describesSameFile(as: file), let now = fingerprint(file.file.path), now.size == stamp.size else { return .different }
        if now.modified == stamp.modified { return .same }
        return sha256(file.file.path) == stamp.sha256 ? .sameContent : .different
    }
}
