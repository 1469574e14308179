import EarshotFuzzTargets
import EarshotTestSupport
import Foundation
import XCTest

/// Replays every saved fuzz finding (Tests/FuzzRegressions/<target>/) through the function the
/// fuzzer runs for that target: each must now finish, quickly, without a crash.
final class FuzzRegressionTests: XCTestCase {
    func testEverySavedFindingRunsCleanly() throws {
        let root = Repository.path("Tests/FuzzRegressions")
        var replayed = 0
        for target in FuzzTarget.allCases {
            let folder = root + "/" + target.rawValue
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                let started = Date()
                target.run(bytes)
                XCTAssertLessThan(Date().timeIntervalSince(started), 10, "\(target.rawValue)/\(name)")
                replayed += 1
            }
        }
        // The folders exist for every target, so a new finding has somewhere to go.
        for target in FuzzTarget.allCases {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/" + target.rawValue), target.rawValue)
        }
        print("FuzzRegressionTests: \(replayed) saved inputs replayed")
    }

    /// The targets themselves on a few built inputs: the harness must not be what crashes.
    func testTargetsTakeArbitraryBytes() {
        let inputs: [[UInt8]] = [[], [0], Array("tweet_id,timestamp\n1,2\n".utf8), Array("<statuses><status/></statuses>".utf8),
                                 Array("window.YTD.tweets.part0 = [".utf8), [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18),
                                 Array("columns: [[[[".utf8), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]]
        for target in FuzzTarget.allCases {
            for input in inputs { target.run(input) }
        }
    }
}
