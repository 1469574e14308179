import XCTest
@testable import EarshotCore

/// Records routed from collections go through a temporary file and must come back exactly.
final class RoutedSpillTests: XCTestCase {
    /// A post with every field set, and values that stress the encoding.
    func fullPost(org: String, id: String) -> Post {
        var post = Post(org: org, id: id, created: -62_135_596_800, text: "Été ☕️ \"quoted\"\n\u{0}end", format: .twarc2,
                        expandedURLs: ["https://a.example/x", ""], mentions: [], hashtags: ["día", "x"],
                        likes: 0, reposts: Int.max, replies: -1, quotes: 7, impressions: Int.min, engagements: 12,
                        authorFollowers: 99, marker: .quote(target: "someone"), repostedText: "")
        post.sources = [.twarc2, .analytics, .mappedCSV]
        post.textReplyAllowed = true
        post.platform = .linkedin  // not the formats' own: the spill must carry it
        return post
    }

    /// Every stored property of `Post`, as the encoder writes them: a new field fails this test
    /// until `SpillEncoder` and `SpillDecoder` carry it.
    func testEncoderKnowsEveryFieldOfPost() {
        let labels = Mirror(reflecting: fullPost(org: "a", id: "1")).children.compactMap(\.label)
        XCTAssertEqual(labels, ["org", "id", "created", "text", "expandedURLs", "mentions", "hashtags", "likes", "reposts",
                                "replies", "quotes", "impressions", "engagements", "authorFollowers", "marker",
                                "textReplyAllowed", "repostedText", "sources", "platform"])
    }

    func assertSame(_ a: RoutedRecord, _ b: RoutedRecord, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.fileIndex, b.fileIndex, file: file, line: line)
        XCTAssertEqual(a.sequence, b.sequence, file: file, line: line)
        XCTAssertEqual(a.line, b.line, file: file, line: line)
        // Every field by its description; `sources` apart, since a set's order is not its content.
        var (x, y) = (a.post, b.post)
        XCTAssertEqual(x.sources, y.sources, file: file, line: line)
        (x.sources, y.sources) = ([], [])
        XCTAssertEqual(String(describing: x), String(describing: y), file: file, line: line)
    }

    func testRoundTripOfEveryField() {
        var plain = Post(org: "b", id: "2", created: 0, text: "", format: .legacyArchive)
        plain.marker = .repost(target: nil)
        let records = [
            RoutedRecord(fileIndex: 3, sequence: 1, line: 2, post: fullPost(org: "a", id: "12345678901234567890")),
            RoutedRecord(fileIndex: 3, sequence: 2, line: 0, post: plain),
            RoutedRecord(fileIndex: 0, sequence: Int(Int32.max) + 5, line: -1,
                         post: Post(org: "c", id: "3", created: 1, text: "x", format: .apiXML, marker: .reply(target: "c"))),
        ]
        var encoder = SpillEncoder()
        for record in records { encoder.append(record) }
        var decoder = SpillDecoder(encoder.bytes[...])
        for record in records {
            guard let back = decoder.next() else { return XCTFail("missing record") }
            assertSame(back, record)
        }
        XCTAssertNil(decoder.next())
    }

    func testRecordsComeBackPerOrganizationInReadingOrder() {
        let spill = RoutedSpill()
        // Two files read "in parallel" (their writers interleave), enough records for several blocks.
        let later = spill.writer(fileIndex: 7)
        let earlier = spill.writer(fileIndex: 2)
        var expected: [String: [RoutedRecord]] = [:]
        for sequence in 1...3_000 {
            for (writer, fileIndex) in [(later, 7), (earlier, 2)] {
                let org = ["alpha", "beta", "gamma"][sequence % 3]
                let post = Post(org: org, id: "\(fileIndex)\(sequence)", created: Int64(sequence),
                                text: String(repeating: "w", count: sequence % 50), format: .twarc2)
                let record = RoutedRecord(fileIndex: fileIndex, sequence: sequence, line: sequence + 1, post: post)
                writer.add(record)
                expected[org, default: []].append(record)
            }
        }
        later.finish()
        earlier.finish()
        XCTAssertEqual(Set(spill.organizations), ["alpha", "beta", "gamma"])
        for (org, records) in expected {
            let sorted = records.sorted { ($0.fileIndex, $0.sequence) < ($1.fileIndex, $1.sequence) }
            XCTAssertEqual(spill.count(for: org), sorted.count)
            let back = spill.records(for: org)
            XCTAssertEqual(back.count, sorted.count)
            for (a, b) in zip(back, sorted) { assertSame(a, b) }
        }
        XCTAssertEqual(spill.records(for: "nobody").count, 0)
    }

    func testUnwritableFolderKeepsRecordsInMemory() {
        let spill = RoutedSpill(folder: "/nonexistent/earshot")
        let writer = spill.writer(fileIndex: 1)
        writer.add(RoutedRecord(fileIndex: 1, sequence: 1, line: 2, post: fullPost(org: "a", id: "9")))
        writer.finish()
        XCTAssertEqual(spill.records(for: "a").map(\.post.id), ["9"])
    }
}
