import Foundation
import XCTest
@testable import EarshotCore
@testable import EarshotSample

/// Writes a corpus where the environment says, for measuring and looking at (about 1 GB
/// uncompressed, 14 s on 2 cores, flat memory):
/// `EARSHOT_SAMPLE_OUT=/tmp/corpus EARSHOT_SAMPLE_ORGS=200 EARSHOT_SAMPLE_POSTS=6400 \
///  /usr/bin/time -v swift test -c release -Xswiftc -enable-testing --filter SampleBenchmarkTests`.
/// Skipped without the variable.
final class SampleBenchmarkTests: XCTestCase {
    func testWriteCorpusFromEnvironment() throws {
        let env = ProcessInfo.processInfo.environment
        guard let out = env["EARSHOT_SAMPLE_OUT"] else { throw XCTSkip("EARSHOT_SAMPLE_OUT not set") }
        var options = SampleOptions(replaceExisting: true)
        if let orgs = env["EARSHOT_SAMPLE_ORGS"].flatMap(Int.init) { options.orgs = orgs }
        if let posts = env["EARSHOT_SAMPLE_POSTS"].flatMap(Int.init) { options.postsPerOrg = posts }
        if let seed = env["EARSHOT_SAMPLE_SEED"].flatMap(UInt64.init) { options.seed = seed }
        let start = Date()
        let stats = try SampleGenerator(options: options).write(to: out)
        let seconds = Date().timeIntervalSince(start)
        print(stats.summary)
        print(String(format: "sample: %.1f s, %.1f MB/s uncompressed", seconds, Double(stats.bytesUncompressed) / 1e6 / seconds))
    }
}
