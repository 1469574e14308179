import Foundation
import XCTest
@testable import EarshotCore

/// A large generated repository for measuring the Bluesky reader, and its throughput, printed,
/// never asserted. Runs only when asked:
/// `EARSHOT_BLUESKY_BENCH=/tmp/big.car swift test --filter BlueskyBenchmarkTests` writes the
/// file when it is missing (about `EARSHOT_BLUESKY_BENCH_MB` MB, default 100), then reads it.
final class BlueskyBenchmarkTests: XCTestCase {
    func testThroughput() throws {
        guard let path = ProcessInfo.processInfo.environment["EARSHOT_BLUESKY_BENCH"] else {
            throw XCTSkip("set EARSHOT_BLUESKY_BENCH to a .car path to write (if missing) and measure")
        }
        if !FileManager.default.fileExists(atPath: path) {
            let megabytes = Int(ProcessInfo.processInfo.environment["EARSHOT_BLUESKY_BENCH_MB"] ?? "") ?? 100
            try Self.writeRepository(to: path, bytes: megabytes * 1_000_000)
        }
        let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0) / 1_000_000
        var best = Double.infinity
        var posts = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            posts = 0
            try BlueskyRepositoryReader().read(try FileSource(path: path), file: ExportFile(path: path, orgFromPath: "bench")) { event in
                if case .post = event { posts += 1 }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(String(format: "bluesky reader: %.0f MB in %.2f s = %.0f MB/s (%d posts)", size, best, size / best, posts))

        // The parts: indexing (framing and every block's SHA-256), and decoding every block.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var index = Double.infinity, decode = Double.infinity
        var decoded = 0
        for _ in 0..<3 {
            var start = DispatchTime.now().uptimeNanoseconds
            let car = try CARFile(bytes: bytes)
            index = min(index, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            decoded = 0
            bytes.withUnsafeBufferPointer { buffer in
                for case let .good(from, to) in car.blocks.values {
                    if (try? DAGCBORDecoder.decode(buffer, from: from, to: to)) != nil { decoded += 1 }
                }
            }
            decode = min(decode, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(String(format: "  index with SHA-256 of every block: %.2f s = %.0f MB/s; DAG-CBOR decode of every block: %.2f s = %.0f MB/s (%d blocks)",
                     index, size / index, decode, size / decode, decoded))
    }

    /// Posts, replies, quotes and reposts with facets, a like per five posts, a few older commits'
    /// blocks: about `bytes` long. Deterministic.
    static func writeRepository(to path: String, bytes: Int) throws {
        var repo = RepositoryBuilder(did: "did:plc:benchaccount000000000000")
        repo.fanout = 16
        var records: [(key: String, cid: CID)] = []
        var size = 0
        var i = 0
        let other = "did:plc:someoneelse000000000000"
        while size < bytes {
            let when = String(format: "2024-%02d-%02dT%02d:%02d:00.000Z", 1 + i % 12, 1 + i % 28, i % 24, i % 60)
            let rkey = String(format: "3k%011d", i)
            let value: CBORValue
            switch i % 10 {
            case 0, 1:
                value = RepositoryBuilder.repost(of: "at://\(other)/app.bsky.feed.post/3x\(i)", at: when)
            case 2:
                value = RepositoryBuilder.like(of: "at://\(other)/app.bsky.feed.post/3x\(i)", at: when)
            case 3:
                value = RepositoryBuilder.post("Replying about item \(i): the river path is open again this week, see you there",
                                               at: when, reply: "at://\(other)/app.bsky.feed.post/3x\(i)")
            case 4:
                value = RepositoryBuilder.post("Worth reading, item \(i)", at: when,
                                               embed: RepositoryBuilder.quoteEmbed("at://\(other)/app.bsky.feed.post/3x\(i)", withMedia: i % 20 == 4))
            default:
                value = RepositoryBuilder.post("Update \(i) from the clinic garden: new opening hours and a walk #garden https://example.org/\(i)",
                                               at: when, embed: RepositoryBuilder.externalEmbed("https://example.org/news/\(i)"),
                                               facets: [RepositoryBuilder.facet("link", "uri", "https://example.org/\(i)"),
                                                        RepositoryBuilder.facet("tag", "tag", "garden"),
                                                        RepositoryBuilder.facet("mention", "did", other)])
            }
            let collection = i % 10 < 2 ? "app.bsky.feed.repost" : i % 10 == 2 ? "app.bsky.feed.like" : "app.bsky.feed.post"
            let record = repo.record(collection, rkey, value)
            records.append(record)
            size += repo.car.blocks[repo.car.blocks.count - 1].data.count + 40
            i += 1
            // An older commit every 50,000 records: its tree's blocks stay in the file, unused.
            if i % 50_000 == 0 { _ = repo.commit(records, rev: "old\(i)") }
        }
        let root = repo.commit(records)
        FileManager.default.createFile(atPath: path, contents: Data(repo.car.bytes(root: root)))
        print("wrote \(path): \(records.count) records")
    }
}
