import Dispatch
import Foundation
import XCTest
import EarshotCore

/// Throughput of the XML cursor and of the API v1 XML reader on a big file of statuses, plain or
/// gzip, printed, never asserted. Runs only when asked:
/// `EARSHOT_XML_BENCH=/tmp/big.xml,/tmp/big.xml.gz swift test -c release --filter XMLBenchmarkTests`
final class XMLBenchmarkTests: XCTestCase {
    /// Best of three runs; MB are of the uncompressed XML.
    func measure(_ label: String, path: String, _ body: (ByteSource) throws -> Int) throws {
        var best = Double.infinity
        var count = 0
        for _ in 0..<3 {
            let source = try InputOpener.open(path: path)
            let start = DispatchTime.now().uptimeNanoseconds
            count = try body(source)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        var bytes = 0
        let plain = try InputOpener.open(path: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try plain.read(into: $0) }
            if n == 0 { break }
            bytes += n
        }
        let megabytes = Double(bytes) / 1_000_000
        print(String(format: "%@ (%@): %.0f MB in %.2f s = %.0f MB/s (%d)", label, (path as NSString).lastPathComponent,
                     megabytes, best, megabytes / best, count))
    }

    func testThroughput() throws {
        guard let paths = ProcessInfo.processInfo.environment["EARSHOT_XML_BENCH"] else {
            throw XCTSkip("set EARSHOT_XML_BENCH to XML files (comma-separated) to measure")
        }
        for path in paths.split(separator: ",").map(String.init) {
            try measure("XMLStreamReader, nodes", path: path) { source in
                let xml = try XMLStreamReader(source: source, fileName: path)
                var nodes = 0
                while try xml.next() { nodes += 1 }
                return nodes
            }
            try measure("APIv1XMLReader, posts", path: path) { source in
                var posts = 0
                var findings = 0
                try APIv1XMLReader().read(source, file: ExportFile(path: path)) { event in
                    if case .post = event { posts += 1 } else { findings += 1 }
                }
                XCTAssertEqual(findings, 0)
                return posts
            }
        }
    }
}
