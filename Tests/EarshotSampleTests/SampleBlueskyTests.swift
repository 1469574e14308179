import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport
@testable import EarshotSample

/// The Bluesky repositories of a corpus (issue 17): read back through the project's reader,
/// they give exactly the posts the generator meant, by kind, with the other collections ignored,
/// nothing rejected, and the deleted posts of older commits not read.
final class SampleBlueskyTests: XCTestCase {
    /// 12 organizations with 1500 posts each: four of them move to Bluesky, with enough posts
    /// there for every kind of record.
    static let options = SampleOptions(orgs: 12, postsPerOrg: 1500, seed: 17)
    static let corpus = GeneratedCorpus(options: options, folder: "bluesky")

    override class func tearDown() {
        corpus.remove()
        super.tearDown()
    }

    override func setUpWithError() throws { try Self.corpus.check() }

    var root: String { Self.corpus.root }
    var stats: SampleStats { Self.corpus.stats }

    struct Read {
        var posts: [Post] = []
        var findings: [Finding] = []
        var ignored: [String: Int] = [:]
        var owner: String?
    }

    /// Every CAR file as the pipeline finds it (discovery with the registry), read by the reader.
    func readAll() throws -> [String: Read] {
        let registry = try RegistryLoader.load(path: root + "/organizations.csv")
        let reader = BlueskyRepositoryReader(accounts: registry.accounts)
        var out: [String: Read] = [:]
        for file in try InputDiscovery(registry: registry).files(in: [root + "/exports"]) where file.path.hasSuffix(".car") {
            var read = Read()
            read.owner = reader.organization(of: file)
            try reader.read(try InputOpener.open(file), file: file) { event in
                switch consume event {
                case let .post(post, _): read.posts.append(post)
                case let .finding(finding): read.findings.append(finding)
                case let .ignored(collection, count): read.ignored[collection] = count
                }
            }
            out["exports/" + file.displayPath] = read
        }
        return out
    }

    func testRepositoriesReadBackAsTheGeneratorMeantThem() throws {
        let reads = try readAll()
        XCTAssertFalse(stats.bluesky.isEmpty)
        XCTAssertEqual(Set(reads.keys), Set(stats.bluesky.keys))
        for (path, tally) in stats.bluesky.sorted(by: { $0.key < $1.key }) {
            let read = try XCTUnwrap(reads[path], path)
            XCTAssertTrue(read.findings.isEmpty, "\(path): \(read.findings)")
            XCTAssertEqual(read.owner, tally.organization, "the registry's accounts or the file name name the organization")
            XCTAssertEqual(read.posts.count, tally.posts, path)
            XCTAssertEqual(Set(read.posts.map(\.id)).count, read.posts.count, "record keys are unique")
            var kinds = SampleBlueskyTally()
            var links = 0, mentions = 0, tags = 0
            for post in read.posts {
                XCTAssertEqual(post.org, tally.organization, path)
                XCTAssertEqual(post.platform, .bluesky)
                switch post.marker {
                case nil: kinds.originals += 1
                case let .reply(target)?:
                    if target == tally.organization { kinds.threads += 1 } else { kinds.replies += 1 }
                    XCTAssertNotNil(target)
                case let .quote(target)?:
                    XCTAssertNotEqual(target, tally.organization)
                    kinds.quotes += 1
                case let .repost(target)?:
                    if target == tally.organization { kinds.selfReposts += 1 } else { kinds.reposts += 1 }
                    XCTAssertEqual(post.text, "")
                }
                links += post.expandedURLs?.count ?? 0
                mentions += post.mentions?.count ?? 0
                tags += post.hashtags?.count ?? 0
                XCTAssertFalse(post.expandedURLs?.contains { $0.contains("t.co/") } ?? false, "links in full")
            }
            XCTAssertEqual([kinds.originals, kinds.threads, kinds.replies, kinds.quotes, kinds.selfReposts, kinds.reposts],
                           [tally.originals, tally.threads, tally.replies, tally.quotes, tally.selfReposts, tally.reposts], path)
            XCTAssertEqual([links, mentions, tags], [tally.links, tally.mentions, tally.tags], path)
            XCTAssertEqual(read.ignored, tally.ignored, "likes, follows and the profile are listed, not read")
            let ids = Set(read.posts.map(\.id))
            for key in tally.deletedKeys {
                XCTAssertFalse(ids.contains(String(key.split(separator: "/").last ?? "")), "\(path): deleted \(key) read")
            }
        }
    }

    /// Across the corpus every kind of record is there at least once, so the test above checks them all.
    func testTheCorpusHoldsEveryKindOfRecord() throws {
        let tallies = Array(stats.bluesky.values)
        func total(_ f: (SampleBlueskyTally) -> Int) -> Int { tallies.reduce(0) { $0 + f($1) } }
        XCTAssertGreaterThan(total(\.originals), 0)
        XCTAssertGreaterThan(total(\.threads), 0, "threads")
        XCTAssertGreaterThan(total(\.replies), 0, "replies to others")
        XCTAssertGreaterThan(total(\.quotes), 0, "quotes")
        XCTAssertGreaterThan(total(\.quotesWithMedia), 0, "recordWithMedia among \(total(\.quotes)) quotes")
        XCTAssertGreaterThan(total(\.quotes), total(\.quotesWithMedia), "plain embed.record")
        XCTAssertGreaterThan(total(\.selfReposts), 0, "self-reposts")
        XCTAssertGreaterThan(total(\.reposts), 0, "reposts of others")
        XCTAssertGreaterThan(total(\.externalEmbeds), 0, "embed.external")
        XCTAssertGreaterThan(total(\.links), 0)
        XCTAssertGreaterThan(total(\.mentions), 0)
        XCTAssertGreaterThan(total(\.tags), 0)
        XCTAssertGreaterThan(total { $0.deletedKeys.count }, 0)
        XCTAssertEqual(stats.records[.bluesky], total(\.posts))
        XCTAssertEqual(stats.filesPerFormat[.bluesky], tallies.count)
        // Files named as goat names them, in the shared folder or the organization's.
        for path in stats.bluesky.keys {
            let name = (path as NSString).lastPathComponent
            XCTAssertNotNil(InputDiscovery.blueskyHandle(fromFileName: name), name)
        }
        // Some verify their own domain as their handle: only the registry's accounts find them.
        XCTAssertTrue(stats.bluesky.keys.contains { !$0.contains(".bsky.social.") })
    }

    /// The registry's `accounts`: Mastodon `@name@server`, Bluesky handles and DIDs, for the
    /// organizations that moved, and nothing for the rest.
    func testRegistryListsTheAccountsOfThoseThatMoved() throws {
        let registry = try RegistryLoader.load(path: root + "/organizations.csv")
        let movers = Set(stats.bluesky.values.map(\.organization))
        var mastodon = 0, handles = 0, dids = 0
        for org in registry.organizations {
            for account in org.accounts {
                if account.hasPrefix("did:") { dids += 1 } else if account.contains("@") { mastodon += 1 } else { handles += 1 }
            }
            XCTAssertEqual(org.accounts.contains { !$0.contains("@") }, movers.contains(org.handle), org.handle)
        }
        XCTAssertGreaterThan(mastodon, 0)
        XCTAssertEqual(handles, movers.count)
        XCTAssertGreaterThan(dids, 0)
        XCTAssertLessThan(dids, movers.count, "some list the handle only")
        for tally in stats.bluesky.values where registry.organization(tally.organization)?.accounts.contains(tally.did) == true {
            XCTAssertEqual(registry.accounts[tally.did], tally.organization)
        }
    }

    /// Deleted posts: their blocks and the older commits that hold them are in the file, the
    /// older trees list them, and the current tree does not.
    func testDeletedPostsAreInOlderCommitsOnly() throws {
        var checked = 0
        for (path, tally) in stats.bluesky where !tally.deletedKeys.isEmpty {
            let car = try CARFile(bytes: [UInt8](SampleTestFiles.data(root, path)))
            XCTAssertTrue(car.badBlocks.isEmpty && car.truncation == nil, path)
            func keys(from commit: CID) throws -> [String] {
                let value = try car.value(commit).get()
                var walk = TreeWalk(car: car)
                walk.start(try XCTUnwrap(value["data"]?.link))
                var keys: [String] = []
                while let (key, _) = try walk.next() { keys.append(key) }
                return keys
            }
            let current = Set(try keys(from: car.roots[0]))
            var inOlder: Set<String> = []
            for commit in tally.oldCommits {
                XCTAssertNotEqual(commit, car.roots[0])
                inOlder.formUnion(try keys(from: commit))
            }
            for (key, cid) in zip(tally.deletedKeys, tally.deletedCIDs) {
                guard case .good? = car.blocks[cid] else { return XCTFail("\(path): no block for \(key)") }
                XCTAssertFalse(current.contains(key), key)
                XCTAssertTrue(inOlder.contains(key), key)
            }
            XCTAssertGreaterThan(car.blockCount, current.count, "blocks beyond the current tree's records and nodes")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0)
    }

    /// Same seed, same bytes; another seed, other bytes.
    func testRepositoriesAreDeterministic() throws {
        let options = SampleOptions(orgs: 3, postsPerOrg: 120, seed: 5, formats: [.bluesky])
        var hashes: [UInt64] = []
        var sizes: [Int] = []
        for seed: UInt64 in [5, 5, 6] {
            let folder = SampleTestFiles.temporaryFolder("bluesky-\(hashes.count)")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var o = options
            o.seed = seed
            let stats = try SampleGenerator(options: o).write(to: folder)
            let cars = SampleTestFiles.tree(folder).filter { $0.hasSuffix(".car") }
            XCTAssertEqual(cars.count, 4, "every organization on Bluesky when it is the only format (3 and the unregistered one)")
            XCTAssertEqual(stats.records[.bluesky], stats.posts)
            hashes.append(SampleTestFiles.hashTree(folder))
            sizes.append(cars.reduce(0) { $0 + SampleTestFiles.data(folder, $1).count })
        }
        XCTAssertEqual(hashes[0], hashes[1])
        XCTAssertEqual(sizes[0], sizes[1])
        XCTAssertNotEqual(hashes[0], hashes[2])
    }
}

/// The writer's parts against the AT Protocol's published interop values.
final class SampleCARPartsTests: XCTestCase {
    /// Key layers: the values of the repository spec and its interop tests.
    func testKeyLayers() {
        let expected: [(String, Int)] = [("", 0), ("asdf", 0), ("blue", 1), ("2653ae71", 0), ("88bfafc7", 2), ("2a92d355", 4),
                                         ("884976f5", 6), ("app.bsky.feed.post/454397e440ec", 4),
                                         ("app.bsky.feed.post/9adeb165882c", 8)]
        for (key, layer) in expected { XCTAssertEqual(SampleMST.layer(of: Array(key.utf8)), layer, key) }
    }

    static func cidString(_ cid: CID) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = "b"
        var buffer = 0, bits = 0
        for byte in cid.bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }

    /// Root CIDs of known trees (indigo's and the reference implementation's interop tests),
    /// every value the CID of the empty record below; prefix compression, layers, and the empty
    /// intermediate nodes between layers all shape these digests.
    func testTreesOfKnownKeysHaveTheKnownRootCIDs() {
        let value = SampleBlock(.map([]))
        XCTAssertEqual(Self.cidString(value.cid), "bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua", "the empty map")
        let leaf = CID(codec: 0x71, digest: Self.digest(of: "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454"))
        func root(_ rkeys: [String]) -> String {
            let entries = rkeys.map { (key: Array(("com.example.record/" + $0).utf8), value: leaf) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            return Self.cidString(SampleMST.build(entries).root)
        }
        XCTAssertEqual(root([]), "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm")
        XCTAssertEqual(root(["3jqfcqzm3fo2j"]), "bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu")
        XCTAssertEqual(root(["3jqfcqzm3fx2j"]), "bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai")
        XCTAssertEqual(root(["3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm4fc2j"]),
                       "bafyreicmahysq4n6wfuxo522m6dpiy7z7qzym3dzs756t5n7nfdgccwq7m")
        let trimTop = ["3jqfcqzm3fn2j", "3jqfcqzm3fo2j", "3jqfcqzm3fp2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm3fu2j"]
        XCTAssertEqual(root(trimTop), "bafyreifnqrwbk6ffmyaz5qtujqrzf5qmxf7cbxvgzktl4e3gabuxbtatv4")
        XCTAssertEqual(root(trimTop.filter { $0 != "3jqfcqzm3fs2j" }), "bafyreie4kjuxbwkhzg2i5dljaswcroeih4dgiqq6pazcmunwt2byd725vi")
        XCTAssertEqual(root(["3jqfcqzm3ft2j", "3jqfcqzm3fz2j"]), "bafyreidfcktqnfmykz2ps3dbul35pepleq7kvv526g47xahuz3rqtptmky")
        XCTAssertEqual(root(["3jqfcqzm3ft2j", "3jqfcqzm3fz2j", "3jqfcqzm3fx2j"]),
                       "bafyreiavxaxdz7o7rbvr3zg2liox2yww46t7g6hkehx4i4h3lwudly7dhy", "empty nodes between layers 2 and 0")
    }

    /// The digest inside a `bafyrei…` CID string (base32, after the 4 bytes of version, codec,
    /// hash code and length).
    static func digest(of cid: String) -> [UInt8] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bytes: [UInt8] = []
        var buffer = 0, bits = 0
        for ch in cid.dropFirst() {
            buffer = buffer << 5 | (alphabet.firstIndex(of: ch) ?? 0)
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
                buffer &= (1 << bits) - 1
            }
        }
        return Array(bytes.dropFirst(4))
    }

    /// DAG-CBOR: keys by length then bytes, shortest heads, links as tag 42 with the 0x00 prefix.
    func testEncoderWritesCanonicalDAGCBOR() throws {
        let cid = CID(codec: 0x71, digest: [UInt8](repeating: 0xAB, count: 32))
        let bytes = SampleDAGCBOR.encode(.map([("version", .int(1)), ("roots", .array([.link(cid)])), ("a", .int(-500)),
                                               ("bb", .int(24)), ("t", .text("é")), ("n", .null), ("f", .bool(false))]))
        let header: [UInt8] = [0xA7, 0x61, 0x61, 0x39, 0x01, 0xF3, 0x61, 0x66, 0xF4, 0x61, 0x6E, 0xF6, 0x61, 0x74, 0x62, 0xC3, 0xA9,
                               0x62, 0x62, 0x62, 0x18, 0x18, 0x65, 0x72, 0x6F, 0x6F, 0x74, 0x73, 0x81, 0xD8, 0x2A, 0x58, 0x25,
                               0x00, 0x01, 0x71, 0x12, 0x20]
        XCTAssertEqual(Array(bytes.prefix(header.count)), header)
        XCTAssertEqual(Array(bytes[header.count..<(header.count + 32)]), [UInt8](repeating: 0xAB, count: 32))
        XCTAssertEqual(Array(bytes.suffix(9)), [0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6F, 0x6E, 0x01])
        // The project's strict decoder reads it back.
        let decoded = try DAGCBORDecoder.decode(bytes)
        XCTAssertEqual(decoded["a"]?.integer, -500)
        XCTAssertEqual(decoded["roots"]?.array?.first?.link, cid)
        XCTAssertEqual(decoded["t"]?.string, "é")
    }

    /// TIDs: 13 characters of base32-sortable, in time order.
    func testTIDsSortInTimeOrder() {
        XCTAssertEqual(SampleATProto.tid(micros: 0, clock: 0), "2222222222222")
        let a = SampleATProto.tid(seconds: 1_730_851_200, millis: 5, clock: 7)
        let b = SampleATProto.tid(seconds: 1_730_851_200, millis: 6, clock: 1)
        XCTAssertEqual(a.count, 13)
        XCTAssertLessThan(a, b)
        XCTAssertTrue(a.hasPrefix("3la"), a)  // November 2024 TIDs start `3la`
        XCTAssertEqual(SampleATProto.did("x.bsky.social").count, "did:plc:".count + 24)
    }
}
