import EarshotCore
import Foundation

/// What the fuzz targets run (fuzz/README.md): one function per reader family, taking any bytes.
/// A thrown error is an expected answer to bad input; a crash, a hang or a runaway allocation is
/// a finding. The same functions replay the saved findings in the unit tests
/// (`FuzzRegressionTests`), so a fixed crash stays fixed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Format recognition from a file's head, and gzip decoding.
    case detector
    /// Every CSV export reader (T1 to T4) on the same bytes, and the header-map reader.
    case csv
    /// API v1 XML and RSS/Atom readers, and the bare XML cursor.
    case xml
    /// tweets.js and Mastodon outbox readers.
    case json
    /// The zip directory and entry reader.
    case zip
    /// Header maps (YAML) parsed and checked.
    case headerMap = "header-map"
    /// The Bluesky repository reader (CAR files, DAG-CBOR, the record tree): see CARTarget.
    case car

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .detector: Self.detect(bytes)
        case .csv: Self.readCSV(bytes)
        case .xml: Self.readXML(bytes)
        case .json: Self.readJSON(bytes)
        case .zip: Self.readZip(bytes)
        case .headerMap: Self.parseHeaderMap(bytes)
        case .car: CARTarget.run(bytes) { reader, bytes in Self.read(reader, bytes) }
        }
    }

    private static let file = ExportFile(path: "fuzz-input", displayPath: "acme/fuzz-input", orgFromPath: "acme")

    /// Reads everything the reader gives; errors end the file, as in a run. Twice: from memory
    /// in one piece, and in small pieces (a gzip member or a pipe hands out bytes like that), so
    /// that the readers' buffer refills fall inside records, tokens and UTF-8 sequences.
    private static func read(_ reader: ExportReader?, _ bytes: [UInt8]) {
        guard let reader else { return }
        var events = 0
        do {
            try reader.read(MemorySource(bytes), file: file) { _ in events += 1 }
        } catch {}
        do {
            try reader.read(PiecewiseSource(bytes, piece: 1 + bytes.count % 61), file: file) { _ in events += 1 }
        } catch {}
    }

    private static func drain(_ source: ByteSource, limit: Int = 64 << 20) throws {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while total < limit {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return }
            total += n
        }
    }

    static func detect(_ bytes: [UInt8]) {
        _ = FormatDetector.detect(bytes, headerMaps: builtinMaps)
        _ = FormatDetector.whyNotAnExport(bytes)
        if bytes.starts(with: [0x1F, 0x8B]) {
            try? drain(GzipSource(MemorySource(bytes), name: "fuzz.gz"))
        }
    }

    static func readCSV(_ bytes: [UInt8]) {
        let catalog = ReaderCatalog(headerMaps: builtinMaps)
        for format in [ExportFormat.legacyArchive, .analytics, .xAnalytics, .twarc2, .twarc1, .mappedCSV] {
            read(catalog.reader(for: format), bytes)
        }
    }

    static func readXML(_ bytes: [UInt8]) {
        let catalog = ReaderCatalog()
        read(catalog.reader(for: .apiXML), bytes)
        read(catalog.reader(for: .rss), bytes)
        if let cursor = try? XMLStreamReader(source: MemorySource(bytes), fileName: "fuzz.xml") {
            while (try? cursor.next()) == true {
                _ = cursor.localName
                _ = cursor.text
                _ = cursor.attribute("id")
            }
        }
    }

    static func readJSON(_ bytes: [UInt8]) {
        let catalog = ReaderCatalog()
        read(catalog.reader(for: .tweetsJS), bytes)
        read(catalog.reader(for: .mastodon), bytes)
    }

    /// The zip reader works on files: one scratch file per process, rewritten for each input.
    private static let zipPath = NSTemporaryDirectory() + "earshot-fuzz-\(getpid()).zip"

    static func readZip(_ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: zipPath, contents: Data(bytes)) else { return }
        _ = ZipArchive.looksLikeZip(path: zipPath)
        guard let entries = try? ZipArchive.entries(path: zipPath, displayName: "fuzz.zip") else { return }
        for entry in entries.prefix(64) where entry.problem == nil {
            if let source = try? ZipArchive.open(entry, archive: zipPath, displayName: "fuzz.zip") {
                try? drain(source, limit: 4 << 20)
            }
        }
    }

    static func parseHeaderMap(_ bytes: [UInt8]) {
        guard let map = try? HeaderMap.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.yaml") else { return }
        read(MappedCSVReader(maps: [map]), Array("Post ID,Date,Text\n1,2020-01-01,hello\n".utf8))
    }

    /// The repository's own maps, for the CSV and detector targets (found from this file).
    private static let builtinMaps: [HeaderMap] = {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { folder.deleteLastPathComponent() }
        let maps = folder.appendingPathComponent("maps").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maps)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { try? HeaderMap.load(path: maps + "/" + $0) }
    }()
}

/// Bytes handed out at most `piece` at a time.
final class PiecewiseSource: ByteSource {
    private let bytes: [UInt8]
    private let piece: Int
    private var position = 0

    init(_ bytes: [UInt8], piece: Int) {
        self.bytes = bytes
        self.piece = max(1, piece)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, piece, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { whole in
            buffer.baseAddress!.copyMemory(from: whole.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
