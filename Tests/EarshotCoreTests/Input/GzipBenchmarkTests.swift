import Dispatch
import Foundation
import XCTest
import EarshotCore

/// Throughput of `GzipSource`, printed, never asserted. Runs only when asked:
/// `EARSHOT_GZIP_BENCH=/tmp/big.xml.gz swift test -c release --filter GzipBenchmarkTests`
/// (compare with `time gzip -dc /tmp/big.xml.gz > /dev/null`).
final class GzipBenchmarkTests: XCTestCase {
    func testThroughput() throws {
        guard let path = ProcessInfo.processInfo.environment["EARSHOT_GZIP_BENCH"] else {
            throw XCTSkip("set EARSHOT_GZIP_BENCH to a gzip file to measure")
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var best = Double.infinity
        var total = 0
        for _ in 0..<3 {
            let source = GzipSource(try FileSource(path: path), name: path)
            let start = DispatchTime.now().uptimeNanoseconds
            total = 0
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                total += n
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let megabytes = Double(total) / 1_000_000
        print(String(format: "GzipSource: %.0f MB out in %.2f s = %.0f MB/s", megabytes, best, megabytes / best))
    }
}
