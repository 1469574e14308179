import EarshotCore
import Foundation

/// One export file being written: the sink, where the next record starts, and what went in.
final class SampleFile {
    /// Relative to the output folder, with `.gz` when compressed.
    let relativePath: String
    let format: ExportFormat
    private let sink: ByteSink
    /// Posts older than this can no longer land here, so the file can be closed.
    let windowStart: Int64
    /// When the export was taken: counters are shown as they stood then.
    let snapshot: Int64
    /// `\r\n` or `\n`.
    let lineEnd: [UInt8]
    /// Non-ASCII characters written as numeric references (`&#233;`), an exporter's habit.
    let numericEntities: Bool
    /// Format-specific variant (analytics: `favorites` header; archive: layout A).
    let variant: Int
    /// Physical line where the next record starts.
    private(set) var line = 1
    private(set) var records = 0
    private(set) var bytes: Int64 = 0
    var footer: [UInt8] = []
    /// Layout B archives: write each URL twice, as the exporter often did.
    var duplicateURLs = false
    /// The zip archive this file is an entry of (`relativePath` is then `archive.zip/entry`).
    var archive: SampleArchive?
    /// A `tweets.js` part: the modern archive it belongs to (its export date, its long posts).
    weak var twitterArchive: SampleTwitterArchive?
    /// An `outbox.json`: the Mastodon account it is the archive of.
    var mastodonPlan: SamplePlan.Mastodon?

    init(relativePath: String, format: ExportFormat, sink: ByteSink, windowStart: Int64, snapshot: Int64,
         crlf: Bool, numericEntities: Bool, variant: Int) {
        self.relativePath = relativePath
        self.format = format
        self.sink = sink
        self.windowStart = windowStart
        self.snapshot = snapshot
        self.lineEnd = crlf ? [0x0D, 0x0A] : [0x0A]
        self.numericEntities = numericEntities
        self.variant = variant
        pending.reserveCapacity(Self.blockSize + 8192)
    }

    /// Writes bytes that are not a record (header, XML wrapper).
    func writeRaw(_ data: inout SampleBytes) throws {
        try put(data)
        data.removeAll()
    }

    /// Writes one record; returns the line it starts on.
    @discardableResult
    func writeRecord(_ data: inout SampleBytes) throws -> Int {
        let start = line
        try put(data)
        records += 1
        data.removeAll()
        return start
    }

    private func put(_ data: SampleBytes) throws {
        var newlines = 0
        data.bytes.withUnsafeBufferPointer { buffer in
            for b in buffer where b == 0x0A { newlines += 1 }
        }
        line += newlines
        bytes += Int64(data.count)
        // Records are small: hand the sink (and zlib) large blocks instead.
        pending.append(contentsOf: data.bytes)
        if pending.count >= Self.blockSize { try flush() }
    }

    private static let blockSize = 1 << 16
    private var pending: [UInt8] = []

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try pending.withUnsafeBytes { try sink.write($0) }
        pending.removeAll(keepingCapacity: true)
    }

    func close() throws {
        if !footer.isEmpty {
            var tail = SampleBytes(capacity: footer.count)
            tail.append(footer)
            try put(tail)
        }
        try flush()
        try sink.close()
    }
}

/// A zip archive being written under the output folder: its entries are `SampleFile`s (one open
/// at a time) or small whole entries.
final class SampleArchive {
    /// Relative to the output folder (`exports/<handle>/twitter-....zip`).
    let relativePath: String
    let zip: SampleZipWriter
    /// Bytes of every entry before compression.
    var uncompressed: Int64 = 0

    init(relativePath: String, zip: SampleZipWriter) {
        self.relativePath = relativePath
        self.zip = zip
    }
}

/// A file or zip entry written, for the totals.
struct SampleClosedFile {
    var path: String
    /// nil for files that hold no posts (the registry, an archive's account file, the zip itself).
    var format: ExportFormat?
    var records: Int
    var uncompressed: Int64
    /// An entry of a zip archive: not a file on disk of its own.
    var insideArchive: Bool
}

/// Where files go: creates folders once, opens plain or gzip sinks, and keeps the totals.
final class SampleOutput {
    let root: String
    private var folders: Set<String> = []
    private(set) var closed: [SampleClosedFile] = []
    /// Zip64 records in every archive, whatever its size (tests of the Zip64 paths).
    let forceZip64: Bool

    init(root: String, forceZip64: Bool = false) {
        self.root = root
        self.forceZip64 = forceZip64
    }

    /// Opens `relative` (a `.gz` is appended when `gzip`), creating its folders.
    func open(_ relative: String, format: ExportFormat, gzip: Bool, windowStart: Int64, snapshot: Int64,
              crlf: Bool = false, numericEntities: Bool = false, variant: Int = 0) throws -> SampleFile {
        let compress = gzip && SampleCompression.available
        let path = compress ? relative + ".gz" : relative
        try makeFolder(for: path)
        let sink = try SampleCompression.sink(path: root + "/" + path, compressed: compress)
        return SampleFile(relativePath: path, format: format, sink: sink, windowStart: windowStart, snapshot: snapshot,
                          crlf: crlf, numericEntities: numericEntities, variant: variant)
    }

    func close(_ file: SampleFile) throws {
        do {
            try file.close()
        } catch {
            throw SampleError.cannotWrite(path: root + "/" + file.relativePath, reason: "\(error)")
        }
        closed.append(SampleClosedFile(path: file.relativePath, format: file.format, records: file.records,
                                       uncompressed: file.bytes, insideArchive: file.archive != nil))
        file.archive?.uncompressed += file.bytes
    }

    // MARK: Zip archives

    /// Starts a zip archive at `relative`; `modified` is the time its entries carry.
    func openArchive(_ relative: String, modified: Int64) throws -> SampleArchive {
        try makeFolder(for: relative)
        let zip = try SampleZipWriter(path: root + "/" + relative, modified: modified, forceZip64: forceZip64)
        return SampleArchive(relativePath: relative, zip: zip)
    }

    /// Starts an entry of `archive` that records are written to.
    /// - Parameter large: the entry may exceed 4 GiB.
    func openEntry(_ archive: SampleArchive, name: String, format: ExportFormat, deflate: Bool, large: Bool,
                   snapshot: Int64, variant: Int = 0) throws -> SampleFile {
        let sink = try archive.zip.beginEntry(name, deflate: deflate, large: large)
        let file = SampleFile(relativePath: archive.relativePath + "/" + name, format: format, sink: sink, windowStart: .min,
                              snapshot: snapshot, crlf: false, numericEntities: false, variant: variant)
        file.archive = archive
        return file
    }

    /// A small entry written whole (an account file, a manifest).
    func addEntry(_ archive: SampleArchive, name: String, _ data: SampleBytes, deflate: Bool) throws {
        try archive.zip.addEntry(name, data.bytes, deflate: deflate)
        archive.uncompressed += Int64(data.count)
        closed.append(SampleClosedFile(path: archive.relativePath + "/" + name, format: nil, records: 0,
                                       uncompressed: Int64(data.count), insideArchive: true))
    }

    func closeArchive(_ archive: SampleArchive) throws {
        try archive.zip.close()
        closed.append(SampleClosedFile(path: archive.relativePath, format: nil, records: 0,
                                       uncompressed: archive.uncompressed, insideArchive: false))
    }

    /// Writes a small whole file (the registry, a Bluesky repository holding `records` posts).
    func writeWhole(_ relative: String, _ data: SampleBytes, format: ExportFormat? = nil, records: Int = 0) throws {
        try makeFolder(for: relative)
        let sink = try SampleCompression.sink(path: root + "/" + relative, compressed: false)
        try data.bytes.withUnsafeBytes { try sink.write($0) }
        try sink.close()
        closed.append(SampleClosedFile(path: relative, format: format, records: records, uncompressed: Int64(data.count),
                                       insideArchive: false))
    }

    /// Bytes on disk of every file written.
    func bytesOnDisk() -> Int64 {
        var total: Int64 = 0
        for file in closed where !file.insideArchive {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + file.path),
               let size = attributes[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        return total
    }

    private func makeFolder(for relative: String) throws {
        guard let slash = relative.lastIndex(of: "/") else { return }
        let folder = String(relative[..<slash])
        if folders.contains(folder) { return }
        let path = root + "/" + folder
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SampleError.cannotCreateFolder(path: path, reason: error.localizedDescription)
        }
        folders.insert(folder)
    }
}

/// The one place that knows how compressed files are written.
enum SampleCompression {
    /// Switch for the gzip writer: off, the files that would be compressed are written plain,
    /// under their plain names.
    static let available = true

    /// zlib's default level: what people's own `gzip` gives.
    static let level: Int32 = 6

    static func sink(path: String, compressed: Bool) throws -> ByteSink {
        do {
            return compressed ? try GzipFileWriter(path: path, level: level) : try FileSink(path: path)
        } catch {
            throw SampleError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// Which files are gzipped, by a fixed rule: bulky collections always, some organizations'
    /// archives and API dumps (as people keep them), never the analytics downloads or feeds.
    static func compresses(_ format: ExportFormat, orgIndex: Int) -> Bool {
        switch format {
        case .twarc2: return true
        case .legacyArchive: return orgIndex % 3 == 0
        case .apiXML: return orgIndex % 4 == 1
        default: return false
        }
    }
}
