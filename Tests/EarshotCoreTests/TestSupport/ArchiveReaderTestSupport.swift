import Foundation
import XCTest
import ZIPFoundation
@testable import EarshotCore

/// What a reader emitted for one input, and the error that stopped it, if any.
struct Tier2Outcome {
    var posts: [Post] = []
    var lines: [Int] = []
    var rejects: [Finding] = []
    var warnings: [Finding] = []
    var error: Error?

    func post(_ id: String) -> Post? { posts.first { $0.id == id } }
}

func tier2Read(_ reader: ExportReader, _ source: ByteSource, file: ExportFile) -> Tier2Outcome {
    var outcome = Tier2Outcome()
    do {
        try reader.read(source, file: file) { event in
            switch event {
            case let .post(post, line):
                outcome.posts.append(post)
                outcome.lines.append(line)
            case let .finding(finding):
                if finding.severity == .reject { outcome.rejects.append(finding) } else { outcome.warnings.append(finding) }
            case .ignored: break
            }
        }
    } catch {
        outcome.error = error
    }
    return outcome
}

func tier2Read(_ reader: ExportReader, _ text: String, file: ExportFile = ExportFile(path: "in", orgFromPath: "acme"),
             chunk: Int? = nil) -> Tier2Outcome {
    let source: ByteSource = chunk.map { SmallReadsSource(Array(text.utf8), chunk: $0) } ?? MemorySource(text)
    return tier2Read(reader, source, file: file)
}

/// Hands out at most `chunk` bytes per read: shakes out buffer-boundary bugs.
final class SmallReadsSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunk, bytes.count - position)
        for i in 0..<n { buffer[i] = bytes[position + i] }
        position += n
        return n
    }
}

/// Reads a source to its end.
func tier2Drain(_ source: ByteSource, chunk: Int = 4096) throws -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return out }
        out.append(contentsOf: buffer[..<n])
    }
}

/// A scratch folder, removed at the end of the test.
final class Tier2Folder {
    let url: URL
    var path: String { url.path }

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        url = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-tier2-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, data: Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, data: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }
}

/// Zip archives made by ZIPFoundation: an independent writer, so the reader is checked against
/// archives it did not make itself.
func zipFoundationArchive(_ entries: [(name: String, bytes: [UInt8])], deflate: Bool = true) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (name, bytes) in entries {
        let data = Data(bytes)
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: deflate ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
    return try XCTUnwrap(archive.data)
}

/// Zip archives written byte by byte, for what no well-behaved writer makes: lying sizes,
/// unsafe names, overlapping entries, Zip64 records, bytes before the archive.
struct HandZip {
    struct Entry {
        var name: String
        var bytes: [UInt8]
        /// Overrides of what the directory declares.
        var declaredSize: UInt64? = nil
        var declaredCompressedSize: UInt64? = nil
        var declaredCRC: UInt32? = nil
        var flags: UInt16 = 0
        var method: UInt16 = 0
        /// Point the directory at an earlier entry's local header (overlap).
        var reuseOffsetOf: Int? = nil
    }

    var entries: [Entry] = []
    var zip64 = false
    var prefix: [UInt8] = []

    func build() -> [UInt8] {
        var out = prefix
        var offsets: [UInt64] = []
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
        for entry in entries {
            offsets.append(UInt64(out.count - prefix.count))
            let crc = entry.bytes.withUnsafeBytes { crc32Update(0, $0) }
            let name = Array(entry.name.utf8)
            out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
            out += le32(entry.declaredCRC ?? crc) + le32(UInt32(entry.bytes.count)) + le32(UInt32(entry.bytes.count))
            out += le16(UInt16(name.count)) + le16(0) + name + entry.bytes
        }
        let directoryOffset = UInt64(out.count - prefix.count)
        for (i, entry) in entries.enumerated() {
            let crc = entry.bytes.withUnsafeBytes { crc32Update(0, $0) }
            let name = Array(entry.name.utf8)
            let size = entry.declaredSize ?? UInt64(entry.bytes.count)
            let compressed = entry.declaredCompressedSize ?? UInt64(entry.bytes.count)
            let offset = entry.reuseOffsetOf.map { offsets[$0] } ?? offsets[i]
            var extra: [UInt8] = []
            if zip64 { extra = le16(1) + le16(24) + le64(size) + le64(compressed) + le64(offset) }
            out += le32(0x0201_4B50) + le16(45) + le16(45) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
            out += le32(entry.declaredCRC ?? crc)
            out += zip64 ? le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) : le32(UInt32(truncatingIfNeeded: compressed)) + le32(UInt32(truncatingIfNeeded: size))
            out += le16(UInt16(name.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0) + le32(0)
            out += zip64 ? le32(0xFFFF_FFFF) : le32(UInt32(offset))
            out += name + extra
        }
        let directorySize = UInt64(out.count - prefix.count) - directoryOffset
        if zip64 {
            let recordOffset = UInt64(out.count - prefix.count)
            out += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            out += le64(UInt64(entries.count)) + le64(UInt64(entries.count)) + le64(directorySize) + le64(directoryOffset)
            out += le32(0x0706_4B50) + le32(0) + le64(recordOffset) + le32(1)
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF) + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0)
        } else {
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            out += le32(UInt32(directorySize)) + le32(UInt32(directoryOffset)) + le16(0)
        }
        return out
    }
}
