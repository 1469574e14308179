@testable import EarshotCore
import XCTest

/// Behaviour fixed after a fuzz finding; the input itself is replayed from Tests/FuzzRegressions
/// by FuzzRegressionTests.
final class FuzzFindingsTests: XCTestCase {
    /// car, fuzz campaign: a DAG-CBOR length in a one- to eight-byte argument (0x58 n, 0x59 n n,
    /// ...) was checked against what remained before the argument bytes were skipped, so a byte
    /// string, text, link, array or map one byte too long for its block was read past the end of
    /// the buffer (ASan: heap-buffer-overflow in `DAGCBORDecoder.cid`). Now it is an error naming
    /// the head's offset.
    func testACBORLengthOneBytePastTheBlockIsAnErrorNotARead() {
        let cases: [(String, [UInt8])] = [
            ("byte string", [0x58, 0x02, 0xAA]),
            ("text", [0x78, 0x02, 0x61]),
            ("text, two-byte length", [0x79, 0x00, 0x02, 0x61]),
            ("array", [0x98, 0x02, 0x01]),
            ("map", [0xB8, 0x01, 0x61]),
            ("link", [0xD8, 0x2A, 0x58, 0x25, 0x00, 0x01, 0x71, 0x12, 0x20] + [UInt8](repeating: 7, count: 31)),
            ("map key", [0xA1, 0x78, 0x02, 0x61]),
        ]
        for (what, bytes) in cases {
            XCTAssertThrowsError(try DAGCBORDecoder.decode(bytes), what) { error in
                let error = error as? CBORError
                XCTAssertTrue(error?.reason.contains("runs past the end of the block") == true, "\(what): \(String(describing: error))")
            }
        }
        // The same lengths with the byte they need are read.
        XCTAssertEqual(try DAGCBORDecoder.decode([0x58, 0x02, 0xAA, 0xBB]), .bytes([0xAA, 0xBB]))
        XCTAssertEqual(try DAGCBORDecoder.decode([0x79, 0x00, 0x02, 0x61, 0x62]), .text("ab"))
    }

    /// The same inside a CAR file: a record block whose last link is one byte short is a reject
    /// of that record, the file still read.
    func testARecordWithALinkCutShortIsARejectedRecord() throws {
        var repo = RepositoryBuilder()
        let good = repo.record("app.bsky.feed.post", "3kgood", RepositoryBuilder.post("kept", at: "2024-05-01T10:00:00.000Z"))
        // A map whose link claims 37 bytes with 36 left in the block.
        let cut = DAGCBOREncoder.encode(.map([CBORMapEntry("text", .text("x"))])).dropFirst()
        let broken: [UInt8] = [0xA2] + cut + [0x61, 0x76, 0xD8, 0x2A, 0x58, 0x25, 0x00, 0x01, 0x71, 0x12, 0x20] + [UInt8](repeating: 9, count: 31)
        let bad = ("app.bsky.feed.post/3kzbad", repo.car.addRaw(broken))
        let outcome = try readRepository(repo.committed([good, bad]))
        XCTAssertEqual(outcome.posts.map(\.id), ["3kgood"])
        XCTAssertEqual(outcome.rejects.count, 1)
        XCTAssertTrue(outcome.rejects.first?.reason.contains("runs past the end of the block") == true, "\(outcome.rejects)")
    }
}
