import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import EarshotCore
@testable import EarshotSample
import EarshotTestSupport

/// A small RFC 4180 reader for checking the generator's output (independent of the project's
/// CSV reader, so that the two check each other).
struct SampleTestCSV {
    struct Record {
        var line: Int
        var fields: [String]
    }

    var records: [Record] = []
    var hadBOM = false
    var crlf = false

    init(_ data: Data) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            hadBOM = true
            bytes.removeFirst(3)
        }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var i = 0
        var inRecord = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22:
                quoted = true
                inRecord = true
            case 0x2C:
                endField()
                inRecord = true
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                crlf = true
            case 0x0A:
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                recordLine = line
                inRecord = false
            default:
                field.append(b)
                inRecord = true
            }
            i += 1
        }
        if inRecord || !field.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
    }

    var header: [String] { records.first?.fields ?? [] }
    var rows: ArraySlice<Record> { records.dropFirst() }
}

enum SampleTestFiles {
    /// Every file under `root`, relative paths, sorted.
    static func tree(_ root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    static func data(_ root: String, _ path: String) -> Data {
        FileManager.default.contents(atPath: root + "/" + path) ?? Data()
    }

    /// A file's content, decompressed when it is gzip (by its magic bytes, as readers decide).
    static func content(_ root: String, _ path: String) -> Data {
        guard let source = try? InputOpener.open(path: root + "/" + path) else { return Data() }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = (try? buffer.withUnsafeMutableBytes { try source.read(into: $0) }) ?? 0
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// The entries of a zip archive with their bytes, read through the project's zip reader
    /// (which checks every entry's size and CRC-32 as it streams).
    static func zipEntries(_ root: String, _ path: String) throws -> [(entry: ZipEntry, data: Data)] {
        let full = root + "/" + path
        var result: [(ZipEntry, Data)] = []
        for entry in try ZipArchive.entries(path: full) where !entry.isDirectory {
            let source = try ZipArchive.open(entry, archive: full, displayName: path + "/" + entry.name)
            var out = Data()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                out.append(contentsOf: buffer[0..<n])
            }
            result.append((entry, out))
        }
        return result
    }

    /// One entry's bytes (`archive.zip/data/tweets.js` style path: archive, then entry name).
    static func zipEntry(_ root: String, _ path: String, _ name: String) -> Data? {
        (try? zipEntries(root, path))?.first { $0.entry.name == name }?.data
    }

    /// Bytes before compression: a gzip file's content, a zip archive's entries together.
    static func uncompressedSize(_ root: String, _ path: String) -> Int64 {
        if path.hasSuffix(".zip") {
            return ((try? zipEntries(root, path)) ?? []).reduce(0) { $0 + Int64($1.data.count) }
        }
        return Int64(content(root, path).count)
    }

    /// The JSON of a `window.YTD... = [...]` file: what follows the first `=`.
    static func ytdJSON(_ data: Data) -> Any? {
        guard let equals = data.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        return try? JSONSerialization.jsonObject(with: data[(equals + 1)...])
    }

    /// Runs `unzip -t` on an archive: nil when unzip is not installed, else whether it passed.
    static func unzipTest(_ path: String) -> Bool? {
        let candidates = ["/usr/bin/unzip", "/bin/unzip", "/usr/local/bin/unzip"]
        guard let unzip = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unzip)
        process.arguments = ["-tqq", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The folder holding the repository's shipped header maps (`maps/`).
    static var mapsFolder: String {
        Repository.path("maps")
    }

    /// The name without a trailing `.gz`.
    static func plain(_ path: String) -> String { path.hasSuffix(".gz") ? String(path.dropLast(3)) : path }

    /// FNV-1a over every path and its bytes: one number for a whole tree.
    static func hashTree(_ root: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { h ^= UInt64(byte); h = h &* 0x0000_0100_0000_01B3 }
        for path in tree(root) {
            for b in path.utf8 { mix(b) }
            mix(0)
            for b in data(root, path) { mix(b) }
            mix(0xFF)
        }
        return h
    }

    static func temporaryFolder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "earshot-sample-tests-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Twitter's HTML entities, decoded once (for comparing texts across formats).
    static func unescapeHTML(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semi) < 10 else {
                out.append("&"); rest = rest.dropFirst(); continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semi]
            switch entity {
            case "amp": out.append("&")
            case "lt": out.append("<")
            case "gt": out.append(">")
            case "quot": out.append("\"")
            default:
                if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += rest[...semi]
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

/// Collects the element names of an XML document and says whether it parsed.
final class SampleTestXMLCheck: NSObject, XMLParserDelegate {
    var root: String?
    var counts: [String: Int] = [:]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = elementName }
        counts[elementName, default: 0] += 1
    }

    static func check(_ data: Data) -> (ok: Bool, root: String?, counts: [String: Int], error: String?) {
        let parser = XMLParser(data: data)
        let delegate = SampleTestXMLCheck()
        parser.delegate = delegate
        let ok = parser.parse()
        return (ok, delegate.root, delegate.counts, parser.parserError.map { "\($0)" })
    }
}

/// One generated corpus shared by a test class's checks: written once, on first use, and removed
/// by the class's `tearDown`.
final class GeneratedCorpus: @unchecked Sendable {
    let root: String
    private(set) var stats = SampleStats()
    private var error: Error?

    init(options: SampleOptions, folder: String) {
        root = SampleTestFiles.temporaryFolder(folder)
        do { stats = try SampleGenerator(options: options).write(to: root) } catch { self.error = error }
    }

    /// Throws what writing the corpus threw, so that every check fails with it.
    func check() throws { if let error { throw error } }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
