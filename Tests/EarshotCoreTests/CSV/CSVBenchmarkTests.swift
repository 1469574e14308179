import XCTest
import EarshotCore

/// Throughput of the CSV reader and of the format readers on a big file, printed, never
/// asserted. Runs only when asked:
/// `EARSHOT_CSV_BENCH=/tmp/tweets.csv swift test -c release --filter CSVBenchmarkTests`
/// (`EARSHOT_CSV_BENCH_FORMAT=twarc2` for a twarc2 file; legacy archive otherwise).
final class CSVBenchmarkTests: XCTestCase {
    func benchmarkFile() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["EARSHOT_CSV_BENCH"] else {
            throw XCTSkip("set EARSHOT_CSV_BENCH to a CSV file to measure")
        }
        return path
    }

    /// Best of three runs, so that a busy machine disturbs the figure less.
    func measure(_ label: String, path: String, _ body: (FileSource) throws -> Int) throws {
        var best = Double.infinity
        var megabytes = 0.0
        var count = 0
        for _ in 0..<3 {
            let source = try FileSource(path: path)
            let start = DispatchTime.now().uptimeNanoseconds
            count = try body(source)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            megabytes = Double(source.offset) / 1_000_000
        }
        print(String(format: "%@: %.0f MB in %.2f s = %.0f MB/s (%d)", label, megabytes, best,
                     megabytes / best, count))
    }

    func testThroughput() throws {
        let path = try benchmarkFile()
        let only = ProcessInfo.processInfo.environment["EARSHOT_CSV_BENCH_ONLY"]
        if only != "reader" {
            try measureCSV(path)
        }
        try measureFormatReader(path)
    }

    func measureCSV(_ path: String) throws {
        try measure("records only", path: path) { source in
            var reader = CSVReader(source: source)
            var fields = 0
            while let record = try reader.next() { fields += record.count }
            return fields
        }
        try measure("records, every field as bytes", path: path) { source in
            var reader = CSVReader(source: source)
            var bytes = 0
            while let record = try reader.next() {
                for i in 0..<record.count { bytes &+= record.bytes(at: i).count }
            }
            return bytes
        }
        try measure("records, every field as String", path: path) { source in
            var reader = CSVReader(source: source)
            var characters = 0
            while let record = try reader.next() {
                for i in 0..<record.count { characters &+= record.string(at: i).utf8.count }
            }
            return characters
        }
    }

    func measureFormatReader(_ path: String) throws {
        let format = ProcessInfo.processInfo.environment["EARSHOT_CSV_BENCH_FORMAT"] ?? "legacy"
        let reader: any ExportReader = format == "twarc2" ? Twarc2Reader() : LegacyArchiveReader()
        try measure("\(reader.format.rawValue) reader, posts", path: path) { source in
            var posts = 0
            var findings = 0
            try reader.read(source, file: ExportFile(path: path, orgFromPath: "bench")) { event in
                switch event {
                case .post: posts += 1
                case .finding: findings += 1
                case .ignored: break
                }
            }
            XCTAssertEqual(findings, 0)
            return posts
        }
    }
}
