import XCTest
@testable import EarshotCore

/// T10: the Bluesky repository reader on CAR files built by `RepositoryBuilder`, one rule each,
/// and on the real fakermaker export of the shared spec.
final class BlueskyRepositoryReaderTests: XCTestCase {
    let own = "did:plc:testaccount00000000000"
    let other = "did:plc:someoneelse0000000000"
    var ownPost: String { "at://\(own)/app.bsky.feed.post/3kown" }
    var otherPost: String { "at://\(other)/app.bsky.feed.post/3kother" }

    // MARK: The real export

    func testFakermakerExportUnderAHandleFolder() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/spec/conformance/bluesky-fakermaker.repo.car")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let message = "BLUESKY CONFORMANCE FILE MISSING: \(url.path) (../shared/spec next to the repository); the fakermaker acceptance test did not run"
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw XCTSkip(message)
        }
        // Copied under a handle folder at run time, read through the whole pipeline's catalog.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-bsky-\(UUID().uuidString)/fakermaker")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let path = dir.appendingPathComponent("bluesky-fakermaker.repo.car").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))

        let file = ExportFile(path: path, displayPath: "fakermaker/bluesky-fakermaker.repo.car", orgFromPath: "fakermaker")
        let catalog = ReaderCatalog()
        guard case let .success(scanned) = catalog.scan(file) else { return XCTFail("not recognised") }
        XCTAssertEqual(scanned.format, .bluesky)
        XCTAssertEqual(scanned.owner, "fakermaker")
        var out = BlueskyOutcome()
        let failure = catalog.read(scanned) { event in
            switch event {
            case let .post(post, _): out.posts.append(post)
            case let .finding(f): if f.severity == .reject { out.rejects.append(f) } else { out.warnings.append(f) }
            case let .ignored(collection, count): out.ignored[collection] = count
            }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(out.posts.count, 41)
        XCTAssertEqual(out.rejects, [])
        XCTAssertEqual(out.ignored, ["app.bsky.graph.follow": 78, "app.bsky.feed.like": 22, "app.bsky.actor.profile": 1])
        XCTAssertEqual(out.ignored.values.reduce(0, +), 101)
        var kinds: [PostKind: Int] = [:]
        for post in out.posts { kinds[PostKindResolver.resolve(post, org: "fakermaker", urls: post.expandedURLs ?? []).kind, default: 0] += 1 }
        XCTAssertEqual(kinds, [.original: 3, .reply: 23, .repost: 15])
        XCTAssertTrue(out.posts.allSatisfy { $0.org == "fakermaker" && $0.likes == nil && $0.reposts == nil && $0.sources == [.bluesky] })
        // createdAt carries -07:00 on 2023-04-26.
        let months = Set(out.posts.map { CalendarMonth(instant: $0.created).description })
        XCTAssertEqual(months, ["2023-04"])
    }

    // MARK: Rules, each on a repository of its own

    func testOnlyRecordsReachableFromTheRootCommitCount() throws {
        var repo = RepositoryBuilder(did: own)
        let kept = repo.record("app.bsky.feed.post", "3kaaa", RepositoryBuilder.post("kept", at: "2024-11-20T16:30:00Z"))
        let deleted = repo.record("app.bsky.feed.post", "3kbbb", RepositoryBuilder.post("deleted later", at: "2024-11-20T16:31:00Z"))
        let older = repo.commit([kept, deleted], rev: "3old")
        let like = repo.record("app.bsky.feed.like", "3kccc", RepositoryBuilder.like(of: otherPost, at: "2024-11-20T16:32:00Z"))
        let root = repo.commit([kept, like], rev: "3new", prev: older)
        let out = try readRepository(repo.car.bytes(root: root))
        XCTAssertEqual(out.posts.map(\.id), ["3kaaa"])
        XCTAssertEqual(out.posts.first?.text, "kept")
        XCTAssertEqual(out.rejects, [])
        XCTAssertEqual(out.warnings, [])
        XCTAssertEqual(out.ignored, ["app.bsky.feed.like": 1])
    }

    func testRepliesToTheOwnAccountAreThreads() throws {
        var repo = RepositoryBuilder(did: own)
        let a = repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("to someone", at: "2024-11-20T16:30:00Z", reply: otherPost))
        let b = repo.record("app.bsky.feed.post", "3kb", RepositoryBuilder.post("more of mine", at: "2024-11-20T16:31:00Z", reply: ownPost))
        let c = repo.record("app.bsky.feed.post", "3kc", RepositoryBuilder.post("odd parent", at: "2024-11-20T16:32:00Z", reply: "not-a-uri"))
        let out = try readRepository(repo.committed([a, b, c]))
        XCTAssertEqual(out.post("3ka")?.marker, .reply(target: other))
        XCTAssertEqual(out.post("3kb")?.marker, .reply(target: "acme"))
        XCTAssertEqual(out.post("3kc")?.marker, .reply(target: nil))
        let kinds = out.posts.map { PostKindResolver.resolve($0, org: "acme", urls: $0.expandedURLs ?? []).kind }
        XCTAssertEqual(kinds, [.reply, .thread, .reply])
    }

    func testQuotesThroughBothEmbedTypes() throws {
        var repo = RepositoryBuilder(did: own)
        let plain = repo.record("app.bsky.feed.post", "3k1", RepositoryBuilder.post("look", at: "2024-11-20T16:30:00Z",
                                                                                   embed: RepositoryBuilder.quoteEmbed(otherPost)))
        let media = repo.record("app.bsky.feed.post", "3k2", RepositoryBuilder.post("look again", at: "2024-11-20T16:30:00Z",
                                                                                   embed: RepositoryBuilder.quoteEmbed(otherPost, withMedia: true)))
        let mine = repo.record("app.bsky.feed.post", "3k3", RepositoryBuilder.post("as we said", at: "2024-11-20T16:30:00Z",
                                                                                  embed: RepositoryBuilder.quoteEmbed(ownPost)))
        let list = repo.record("app.bsky.feed.post", "3k4", RepositoryBuilder.post("a list", at: "2024-11-20T16:30:00Z",
                                                                                  embed: RepositoryBuilder.quoteEmbed("at://\(other)/app.bsky.graph.list/3l")))
        let replyQuote = repo.record("app.bsky.feed.post", "3k5", RepositoryBuilder.post("both", at: "2024-11-20T16:30:00Z", reply: otherPost,
                                                                                        embed: RepositoryBuilder.quoteEmbed(otherPost)))
        let out = try readRepository(repo.committed([plain, media, mine, list, replyQuote]))
        XCTAssertEqual(out.post("3k1")?.marker, .quote(target: other))
        XCTAssertEqual(out.post("3k2")?.marker, .quote(target: other))
        XCTAssertEqual(out.post("3k3")?.marker, .quote(target: "acme"))
        XCTAssertNil(out.post("3k4")?.marker)
        XCTAssertEqual(out.post("3k5")?.marker, .reply(target: other))
        func kind(_ id: String) -> PostKind? { out.post(id).map { PostKindResolver.resolve($0, org: "acme", urls: []).kind } }
        XCTAssertEqual([kind("3k1"), kind("3k2"), kind("3k3"), kind("3k4"), kind("3k5")], [.quote, .quote, .original, .original, .reply])
    }

    func testRepostsAndSelfReposts() throws {
        var repo = RepositoryBuilder(did: own)
        let theirs = repo.record("app.bsky.feed.repost", "3r1", RepositoryBuilder.repost(of: otherPost, at: "2024-11-21T00:15:00Z"))
        let mine = repo.record("app.bsky.feed.repost", "3r2", RepositoryBuilder.repost(of: ownPost, at: "2024-11-21T00:15:00Z"))
        let out = try readRepository(repo.committed([theirs, mine]))
        XCTAssertEqual(out.post("3r1")?.marker, .repost(target: other))
        XCTAssertEqual(out.post("3r2")?.marker, .repost(target: "acme"))
        XCTAssertEqual(out.post("3r1")?.text, "")
        XCTAssertEqual(out.post("3r1")?.created, 1_732_148_100)
        // A repost names its target's DID; the registry's accounts turn a listed DID into a handle.
        let mapped = try readRepository(repo.committed([theirs]), accounts: [other: "neighbour"])
        XCTAssertEqual(mapped.post("3r1")?.marker, .repost(target: "neighbour"))
    }

    func testCreatedAtWithOffsetsAndFractions() throws {
        var repo = RepositoryBuilder(did: own)
        let records = [
            repo.record("app.bsky.feed.post", "3t1", RepositoryBuilder.post("a", at: "2024-11-20T09:30:00.123-07:00")),
            repo.record("app.bsky.feed.post", "3t2", RepositoryBuilder.post("b", at: "2024-11-21T01:15:00.123456+01:00")),
            repo.record("app.bsky.feed.post", "3t3", RepositoryBuilder.post("c", at: "2024-11-22T08:00:00Z")),
            repo.record("app.bsky.feed.post", "3t4", RepositoryBuilder.post("d", at: "yesterday")),
        ]
        let out = try readRepository(repo.committed(records))
        XCTAssertEqual(out.posts.map(\.created), [1_732_120_200, 1_732_148_100, 1_732_262_400])
        XCTAssertEqual(out.rejects.map(\.reason), ["bad timestamp (record app.bsky.feed.post/3t4)"])
    }

    func testFacetsAndExternalLinks() throws {
        var repo = RepositoryBuilder(did: own)
        let facets = [RepositoryBuilder.facet("link", "uri", "https://acme.org/report"),
                      RepositoryBuilder.facet("mention", "did", other), RepositoryBuilder.facet("mention", "did", own),
                      RepositoryBuilder.facet("tag", "tag", "Climate"), RepositoryBuilder.facet("tag", "tag", "climate")]
        let a = repo.record("app.bsky.feed.post", "3f1", RepositoryBuilder.post("our report #Climate", at: "2024-11-20T16:30:00Z",
                                                                               embed: RepositoryBuilder.externalEmbed("https://news.example/x"),
                                                                               facets: facets))
        let b = repo.record("app.bsky.feed.post", "3f2", RepositoryBuilder.post("plain #words", at: "2024-11-20T16:30:00Z"))
        let out = try readRepository(repo.committed([a, b]))
        XCTAssertEqual(out.post("3f1")?.expandedURLs, ["https://acme.org/report", "https://news.example/x"])
        XCTAssertEqual(out.post("3f1")?.mentions, [other, "acme"])
        XCTAssertEqual(out.post("3f1")?.hashtags, ["Climate"])
        XCTAssertEqual(out.post("3f2")?.expandedURLs, [])
        XCTAssertNil(out.post("3f2")?.hashtags, "no tag facets: hashtags come from the text")
    }

    func testATreeOfSeveralLevelsIsWalkedInKeyOrder() throws {
        var repo = RepositoryBuilder(did: own)
        repo.fanout = 3
        var records: [(key: String, cid: CID)] = []
        for i in 0..<40 {
            records.append(repo.record("app.bsky.feed.post", String(format: "3k%03d", i), RepositoryBuilder.post("n\(i)", at: "2024-11-20T16:30:00Z")))
        }
        for i in 0..<5 { records.append(repo.record("app.bsky.graph.follow", "3f\(i)", RepositoryBuilder.follow(other, at: "2024-11-20T16:30:00Z"))) }
        let out = try readRepository(repo.committed(records.shuffled()))
        XCTAssertEqual(out.posts.map(\.id), (0..<40).map { String(format: "3k%03d", $0) })
        XCTAssertEqual(out.ignored, ["app.bsky.graph.follow": 5])
    }

    // MARK: Bad input

    func testADigestMismatchRejectsThatRecordOnly() throws {
        var repo = RepositoryBuilder(did: own)
        let a = repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("fine", at: "2024-11-20T16:30:00Z"))
        let b = repo.record("app.bsky.feed.post", "3kb", RepositoryBuilder.post("damaged", at: "2024-11-20T16:30:00Z"))
        let c = repo.record("app.bsky.feed.post", "3kc", RepositoryBuilder.post("fine too", at: "2024-11-20T16:30:00Z"))
        let root = repo.commit([a, b, c])
        repo.car.damage(b.cid)
        let frame = repo.car.offsets(root: root)[b.cid]!.frame
        let out = try readRepository(repo.car.bytes(root: root))
        XCTAssertEqual(out.posts.map(\.id), ["3ka", "3kc"])
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects.first?.line, frame)
        XCTAssertEqual(out.rejects.first?.reason,
                       "record app.bsky.feed.post/3kb cannot be read: a block whose bytes do not match its CID's digest at byte \(frame)")
        XCTAssertEqual(out.warnings, [])
    }

    func testADamagedTreeNodeEndsTheWalkWithOneReject() throws {
        var repo = RepositoryBuilder(did: own)
        repo.fanout = 2
        var records: [(key: String, cid: CID)] = []
        for i in 0..<9 { records.append(repo.record("app.bsky.feed.post", "3k\(i)", RepositoryBuilder.post("n\(i)", at: "2024-11-20T16:30:00Z"))) }
        let root = repo.commit(records)
        // The last tree node written before the root node is the root's rightmost subtree.
        let nodes = repo.car.blocks.map(\.cid).filter { cid in !records.contains { $0.cid == cid } }
        let rightmost = nodes[nodes.count - 3]
        repo.car.damage(rightmost)
        let out = try readRepository(repo.car.bytes(root: root))
        XCTAssertFalse(out.posts.isEmpty, "posts read before the damage stay")
        XCTAssertLessThan(out.posts.count, 9)
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects.first?.line, repo.car.offsets(root: root)[rightmost]!.frame)
        XCTAssertTrue(out.rejects.first!.reason.hasPrefix("the repository tree cannot be walked from here"))
    }

    func testATruncatedBlock() throws {
        var repo = RepositoryBuilder(did: own)
        let a = repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("first", at: "2024-11-20T16:30:00Z"))
        let b = repo.record("app.bsky.feed.post", "3kb", RepositoryBuilder.post("second, cut short", at: "2024-11-20T16:30:00Z"))
        let root = repo.commit([a, b])
        // Blocks in the order: commit, tree node, records (the record of 3kb last).
        repo.car.blocks = [repo.car.blocks[3], repo.car.blocks[2], repo.car.blocks[0], repo.car.blocks[1]]
        let bytes = repo.car.bytes(root: root)
        let frame = repo.car.offsets(root: root)[b.cid]!.frame
        let out = try readRepository(Array(bytes.dropLast(5)))
        XCTAssertEqual(out.posts.map(\.id), ["3ka"])
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects.first?.line, frame)
        XCTAssertTrue(out.rejects.first!.reason.contains("runs past the end of the file"), out.rejects.first!.reason)
        // Cut inside the tree node: nothing can be walked, one reject for the rest.
        let nodeFrame = repo.car.offsets(root: root)[repo.car.blocks[1].cid]!.frame
        let cut = try readRepository(Array(bytes[..<(nodeFrame + 10)]))
        XCTAssertEqual(cut.posts.count, 0)
        XCTAssertEqual(cut.rejects.map(\.line), [nodeFrame])
    }

    func testIndefiniteLengthCBORIsRefused() throws {
        var repo = RepositoryBuilder(did: own)
        let a = repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("fine", at: "2024-11-20T16:30:00Z"))
        // {"text": (indefinite text "a" "b")}: 0xA1, key, 0x7F 0x61 'a' 0x61 'b' 0xFF.
        let bad = repo.car.addRaw([0xA1, 0x64] + Array("text".utf8) + [0x7F, 0x61, 0x61, 0x61, 0x62, 0xFF])
        let root = repo.commit([a, ("app.bsky.feed.post/3kb", bad)])
        let data = repo.car.offsets(root: root)[bad]!.data
        let out = try readRepository(repo.car.bytes(root: root))
        XCTAssertEqual(out.posts.map(\.id), ["3ka"])
        XCTAssertEqual(out.rejects.map(\.line), [data + 6])
        XCTAssertEqual(out.rejects.first?.reason,
                       "record app.bsky.feed.post/3kb cannot be read: indefinite-length CBOR (not DAG-CBOR) at byte \(data + 6)")
    }

    func testAFileThatIsNotACAR() throws {
        let out = try readRepository(Array("hello".utf8))
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects.first?.line, 0)
        var repo = RepositoryBuilder(did: own)
        let root = repo.commit([])
        let nobody = try readRepository(repo.car.bytes(root: root), file: ExportFile(path: "repo.car"))
        XCTAssertTrue(nobody.rejects.first!.reason.hasPrefix("unknown organization"))
    }

    // MARK: Recognition and the owner

    func testRecognisedByContent() throws {
        var repo = RepositoryBuilder(did: own)
        let root = repo.commit([repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("x", at: "2024-11-20T16:30:00Z"))])
        let bytes = repo.car.bytes(root: root)
        XCTAssertEqual(FormatDetector.detect(bytes), .bluesky)
        XCTAssertEqual(FormatDetector.detect(Array(bytes.prefix(64))), .bluesky)
        XCTAssertNil(FormatDetector.detect([0x05, 0xA1, 0x61, 0x61, 0x01, 0x00]))
        XCTAssertNotEqual(FormatDetector.detect(Array("tweet_id,timestamp\n1,2\n".utf8)), .bluesky)
    }

    func testTheRegistryAccountsNameTheOwnerByDID() throws {
        var repo = RepositoryBuilder(did: own)
        let root = repo.commit([repo.record("app.bsky.feed.post", "3ka", RepositoryBuilder.post("x", at: "2024-11-20T16:30:00Z"))])
        let out = try readRepository(repo.car.bytes(root: root), file: ExportFile(path: "x.car"), accounts: [own: "redcross"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross"])
        // The DID wins over the folder.
        let both = try readRepository(repo.car.bytes(root: root), file: ExportFile(path: "x.car", orgFromPath: "acme"), accounts: [own: "redcross"])
        XCTAssertEqual(both.posts.map(\.org), ["redcross"])
    }
}

/// The DAG-CBOR decoder's refusals, each with its offset.
final class DAGCBORDecoderTests: XCTestCase {
    func refusal(_ bytes: [UInt8]) -> CBORError? {
        do { _ = try DAGCBORDecoder.decode(bytes); return nil } catch { return error }
    }

    func testValuesRoundTripThroughTheTestEncoder() throws {
        let cid = CARWriter.cid(of: [1, 2, 3])
        let value = DAGCBOREncoder.map(["a": .unsigned(500), "neg": .negative(9), "b": .bytes([1, 2]), "t": .text("héllo"),
                                        "l": .link(cid), "n": .null, "y": .bool(true), "arr": .array([.unsigned(1_000_000_000_000)])])
        let decoded = try DAGCBORDecoder.decode(DAGCBOREncoder.encode(value))
        XCTAssertEqual(decoded["a"]?.integer, 500)
        XCTAssertEqual(decoded["neg"]?.integer, -10)
        XCTAssertEqual(decoded["t"]?.string, "héllo")
        XCTAssertEqual(decoded["l"]?.link, cid)
        XCTAssertEqual(decoded["arr"]?.array?.first?.integer, 1_000_000_000_000)
        XCTAssertEqual(decoded["n"], .null)
        XCTAssertEqual(decoded["y"], .bool(true))
    }

    func testRefusals() {
        XCTAssertEqual(refusal([0x9F, 0x01, 0xFF]), CBORError(offset: 0, reason: "indefinite-length CBOR (not DAG-CBOR)"))
        XCTAssertEqual(refusal([0xA1, 0x01, 0x02]), CBORError(offset: 1, reason: "a CBOR map key that is not a string (not DAG-CBOR)"))
        XCTAssertEqual(refusal([0x82, 0x01, 0xFB, 0, 0, 0, 0, 0, 0, 0, 0]),
                       CBORError(offset: 2, reason: "a floating-point number (not allowed in records)"))
        XCTAssertEqual(refusal([0x5A, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]),
                       CBORError(offset: 0, reason: "CBOR length 4294967295 runs past the end of the block"))
        XCTAssertEqual(refusal([0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
                       CBORError(offset: 0, reason: "CBOR length 18446744073709551615 runs past the end of the block"))
        XCTAssertEqual(refusal([0xC1, 0x01]), CBORError(offset: 0, reason: "CBOR tag 1 (DAG-CBOR allows only 42, links)"))
        XCTAssertEqual(refusal([0xA2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]), CBORError(offset: 4, reason: "duplicate CBOR map key `a`"))
        XCTAssertEqual(refusal([0x01, 0x02]), CBORError(offset: 1, reason: "1 bytes after the end of the CBOR value"))
        XCTAssertEqual(refusal([0x19, 0x01]), CBORError(offset: 0, reason: "CBOR value cut short"))
        XCTAssertEqual(refusal([0xF7]), CBORError(offset: 0, reason: "CBOR simple value 23 (not DAG-CBOR)"))
        // 65 nested arrays: the 65th level is refused at its own offset.
        XCTAssertEqual(refusal(Array(repeating: 0x81, count: 65) + [0x01]),
                       CBORError(offset: 64, reason: "CBOR nested deeper than 64"))
        XCTAssertNil(refusal(Array(repeating: 0x81, count: 64) + [0x01]))
    }
}
