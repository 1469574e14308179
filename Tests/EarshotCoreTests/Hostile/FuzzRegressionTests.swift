@testable import EarshotCore
@testable import EarshotFuzzTargets
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

    /// The car target's sealed passes must reach the record reader and the tree walk, or the
    /// fuzzer would only ever see "digest does not match": a valid post record sealed as the
    /// repository's one record is read as a post under the sealed key.
    func testSealedRecordIsReadAsAPost() throws {
        let record = DAGCBOREncoder.encode(RepositoryBuilder.post("hello from the fuzzer", at: "2024-05-01T10:00:00.000Z"))
        let outcome = try readRepository(CARTarget.sealed(record: record), accounts: ["did:plc:fuzzaccount": "acme"])
        XCTAssertEqual(outcome.posts.map(\.id), ["3kfuzz"])
        XCTAssertEqual(outcome.posts.first?.text, "hello from the fuzzer")
        XCTAssertEqual(outcome.posts.first?.org, "acme")
        XCTAssertEqual(outcome.rejects.count, 0)
    }

    /// A tree node sealed as the root is walked: its entry names a record that is not in the
    /// file, which is one reject naming the record's key.
    func testSealedTreeNodeIsWalked() throws {
        let missing = CARWriter.cid(of: [0xA0])
        let node = DAGCBOREncoder.encode(RepositoryBuilder.nodeValue(left: nil, [("app.bsky.feed.post/3kabc", missing, nil)]))
        let outcome = try readRepository(CARTarget.sealed(treeNode: node), accounts: ["did:plc:fuzzaccount": "acme"])
        XCTAssertEqual(outcome.posts.count, 0)
        XCTAssertEqual(outcome.rejects.count, 1)
        XCTAssertTrue(outcome.rejects.first?.reason.contains("app.bsky.feed.post/3kabc") == true, "\(outcome.rejects)")
    }

    /// The piecewise pass hands out every byte, in order, at most `piece` at a time.
    func testPiecewiseSourceHandsOutEveryByteInSmallPieces() throws {
        let bytes = (0..<1000).map { UInt8($0 % 251) }
        let source = PiecewiseSource(bytes, piece: 7)
        var buffer = [UInt8](repeating: 0, count: 64)
        var seen: [UInt8] = []
        var sizes = Set<Int>()
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            sizes.insert(n)
            seen += buffer[..<n]
        }
        XCTAssertEqual(seen, bytes)
        XCTAssertEqual(sizes, [7, 1000 % 7])
    }
}
