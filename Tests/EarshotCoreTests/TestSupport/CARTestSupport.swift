import Foundation
@testable import EarshotCore
import Crypto

/// An independent DAG-CBOR encoder and CAR v1 writer, for the Bluesky reader's fixtures: every
/// fixture is built here at run time (correct CIDs, canonical key order), never stored as bytes.
/// Written to be reused by the sample generator (issue 17: Bluesky files in `earshot sample`),
/// which will need the same three pieces: `DAGCBOREncoder`, `CARWriter`, `RepositoryBuilder`.
enum DAGCBOREncoder {
    static func encode(_ value: CBORValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    static func head(_ major: UInt8, _ n: UInt64, to out: inout [UInt8]) {
        let m = major << 5
        switch n {
        case 0..<24: out.append(m | UInt8(n))
        case 24..<0x100: out += [m | 24, UInt8(n)]
        case 0x100..<0x10000: out += [m | 25, UInt8(n >> 8), UInt8(n & 0xFF)]
        case 0x10000..<0x1_0000_0000: out += [m | 26] + (0..<4).map { UInt8((n >> (24 - 8 * UInt64($0))) & 0xFF) }
        default: out += [m | 27] + (0..<8).map { UInt8((n >> (56 - 8 * UInt64($0))) & 0xFF) }
        }
    }

    static func append(_ value: CBORValue, to out: inout [UInt8]) {
        switch value {
        case let .unsigned(n): head(0, n, to: &out)
        case let .negative(n): head(1, n, to: &out)
        case let .bytes(b): head(2, UInt64(b.count), to: &out); out += b
        case let .text(s): head(3, UInt64(s.utf8.count), to: &out); out += Array(s.utf8)
        case let .array(items):
            head(4, UInt64(items.count), to: &out)
            for item in items { append(item, to: &out) }
        case let .map(entries):
            // DAG-CBOR's canonical order: shorter keys first, then bytewise.
            let sorted = entries.sorted { a, b in
                a.key.utf8.count != b.key.utf8.count ? a.key.utf8.count < b.key.utf8.count
                    : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
            }
            head(5, UInt64(sorted.count), to: &out)
            for entry in sorted {
                append(.text(entry.key), to: &out)
                append(entry.value, to: &out)
            }
        case let .bool(b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case let .link(cid):
            head(6, 42, to: &out)
            let bytes = [0] + cid.bytes
            head(2, UInt64(bytes.count), to: &out)
            out += bytes
        }
    }

    /// A map from Swift pairs, for brevity in fixtures.
    static func map(_ pairs: KeyValuePairs<String, CBORValue>) -> CBORValue {
        .map(pairs.map { CBORMapEntry($0.key, $0.value) })
    }
}

/// Blocks in file order, then the CAR bytes. Blocks may be given raw (bad CBOR on purpose) and
/// any block's bytes can be damaged after its CID was computed.
struct CARWriter {
    var blocks: [(cid: CID, data: [UInt8])] = []

    static func cid(of data: [UInt8], codec: UInt64 = 0x71) -> CID {
        CID(codec: codec, digest: SHA256.digest(data))
    }

    @discardableResult
    mutating func add(_ value: CBORValue) -> CID { addRaw(DAGCBOREncoder.encode(value)) }

    @discardableResult
    mutating func addRaw(_ data: [UInt8], codec: UInt64 = 0x71) -> CID {
        let cid = Self.cid(of: data, codec: codec)
        blocks.append((cid, data))
        return cid
    }

    /// Changes a byte of the block named `cid` without changing its CID (a digest mismatch).
    mutating func damage(_ cid: CID) {
        guard let i = blocks.firstIndex(where: { $0.cid == cid }) else { return }
        blocks[i].data[blocks[i].data.count - 1] ^= 0x01
    }

    func bytes(root: CID) -> [UInt8] {
        var out: [UInt8] = []
        let header = DAGCBOREncoder.encode(DAGCBOREncoder.map(["roots": .array([.link(root)]), "version": .unsigned(1)]))
        Varint.append(UInt64(header.count), to: &out)
        out += header
        for block in blocks {
            let cid = block.cid.bytes
            Varint.append(UInt64(cid.count + block.data.count), to: &out)
            out += cid + block.data
        }
        return out
    }

    /// Where each block's frame starts in `bytes(root:)`, and where its data starts.
    func offsets(root: CID) -> [CID: (frame: Int, data: Int)] {
        let header = DAGCBOREncoder.encode(DAGCBOREncoder.map(["roots": .array([.link(root)]), "version": .unsigned(1)]))
        var scratch: [UInt8] = []
        Varint.append(UInt64(header.count), to: &scratch)
        var at = scratch.count + header.count
        var result: [CID: (Int, Int)] = [:]
        for block in blocks {
            var length: [UInt8] = []
            let cid = block.cid.bytes
            Varint.append(UInt64(cid.count + block.data.count), to: &length)
            if result[block.cid] == nil { result[block.cid] = (at, at + length.count + cid.count) }
            at += length.count + cid.count + block.data.count
        }
        return result
    }
}

/// A repository: records, Merkle Search Tree nodes and signed-looking commits, as CAR blocks.
struct RepositoryBuilder {
    let did: String
    var car = CARWriter()
    /// Entries per tree node before the tree grows a level (small, so that tests get subtrees).
    var fanout = 4

    init(did: String = "did:plc:testaccount00000000000") { self.did = did }

    /// Adds a record's block; returns its key and CID for `commit`.
    mutating func record(_ collection: String, _ rkey: String, _ value: CBORValue) -> (key: String, cid: CID) {
        ("\(collection)/\(rkey)", car.add(value))
    }

    /// A tree over `records` (sorted here) and a commit pointing at it; returns the commit's CID.
    mutating func commit(_ records: [(key: String, cid: CID)], rev: String = "3jzfcijpj2z2a", prev: CID? = nil) -> CID {
        let sorted = records.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let data = tree(sorted[...])
        return car.add(DAGCBOREncoder.map([
            "did": .text(did), "version": .unsigned(3), "data": .link(data), "rev": .text(rev),
            "prev": prev.map(CBORValue.link) ?? .null, "sig": .bytes(Array(repeating: 7, count: 64)),
        ]))
    }

    /// The CAR bytes with a new commit over `records` as the root.
    mutating func committed(_ records: [(key: String, cid: CID)]) -> [UInt8] {
        let root = commit(records)
        return car.bytes(root: root)
    }

    /// A node over sorted entries: small runs are one node; longer ones are split into `fanout`
    /// subtrees separated by entries of this node (keys stay in order, as in an MST).
    mutating func tree(_ entries: ArraySlice<(key: String, cid: CID)>) -> CID {
        car.add(node(entries))
    }

    private mutating func node(_ entries: ArraySlice<(key: String, cid: CID)>) -> CBORValue {
        if entries.count <= fanout {
            return Self.nodeValue(left: nil, entries.map { ($0.key, $0.cid, nil) })
        }
        // fanout - 1 separators, fanout runs around them.
        let n = entries.count
        var separators: [Int] = []
        for s in 1..<fanout { separators.append(entries.startIndex + s * n / fanout) }
        var runs: [ArraySlice<(key: String, cid: CID)>] = []
        var from = entries.startIndex
        for s in separators {
            runs.append(entries[from..<s])
            from = s + 1
        }
        runs.append(entries[from..<entries.endIndex])
        let subtrees = runs.map { $0.isEmpty ? nil : tree($0) }
        let rows = separators.enumerated().map { (i, s) in (entries[s].key, entries[s].cid, subtrees[i + 1]) }
        return Self.nodeValue(left: subtrees[0], rows)
    }

    /// `{l, e: [{p, k, v, t}]}` with each key prefix-compressed against the previous one.
    static func nodeValue(left: CID?, _ rows: [(key: String, value: CID, right: CID?)]) -> CBORValue {
        var previous: [UInt8] = []
        var entries: [CBORValue] = []
        for row in rows {
            let key = Array(row.key.utf8)
            let shared = zip(previous, key).prefix { $0 == $1 }.count
            entries.append(DAGCBOREncoder.map([
                "p": .unsigned(UInt64(shared)), "k": .bytes(Array(key[shared...])), "v": .link(row.value),
                "t": row.right.map(CBORValue.link) ?? .null,
            ]))
            previous = key
        }
        return DAGCBOREncoder.map(["l": left.map(CBORValue.link) ?? .null, "e": .array(entries)])
    }

    // MARK: Records

    static func post(_ text: String, at createdAt: String, reply parent: String? = nil, embed: CBORValue? = nil,
                     facets: [CBORValue] = []) -> CBORValue {
        var entries = [CBORMapEntry("$type", .text("app.bsky.feed.post")), CBORMapEntry("text", .text(text)),
                       CBORMapEntry("createdAt", .text(createdAt)), CBORMapEntry("langs", .array([.text("en")]))]
        if let parent {
            let ref = DAGCBOREncoder.map(["uri": .text(parent), "cid": .text("bafyreib")])
            entries.append(CBORMapEntry("reply", DAGCBOREncoder.map(["root": ref, "parent": ref])))
        }
        if let embed { entries.append(CBORMapEntry("embed", embed)) }
        if !facets.isEmpty { entries.append(CBORMapEntry("facets", .array(facets))) }
        return .map(entries)
    }

    static func repost(of uri: String, at createdAt: String) -> CBORValue {
        DAGCBOREncoder.map(["$type": .text("app.bsky.feed.repost"), "createdAt": .text(createdAt),
                            "subject": DAGCBOREncoder.map(["uri": .text(uri), "cid": .text("bafyreib")])])
    }

    static func like(of uri: String, at createdAt: String) -> CBORValue {
        DAGCBOREncoder.map(["$type": .text("app.bsky.feed.like"), "createdAt": .text(createdAt),
                            "subject": DAGCBOREncoder.map(["uri": .text(uri), "cid": .text("bafyreib")])])
    }

    static func follow(_ did: String, at createdAt: String) -> CBORValue {
        DAGCBOREncoder.map(["$type": .text("app.bsky.graph.follow"), "createdAt": .text(createdAt), "subject": .text(did)])
    }

    static func facet(_ type: String, _ key: String, _ value: String) -> CBORValue {
        DAGCBOREncoder.map([
            "index": DAGCBOREncoder.map(["byteStart": .unsigned(0), "byteEnd": .unsigned(1)]),
            "features": .array([DAGCBOREncoder.map(["$type": .text("app.bsky.richtext.facet#\(type)"), key: .text(value)])]),
        ])
    }

    static func quoteEmbed(_ uri: String, withMedia: Bool = false) -> CBORValue {
        let record = DAGCBOREncoder.map(["uri": .text(uri), "cid": .text("bafyreib")])
        if withMedia {
            return DAGCBOREncoder.map([
                "$type": .text("app.bsky.embed.recordWithMedia"),
                "record": DAGCBOREncoder.map(["$type": .text("app.bsky.embed.record"), "record": record]),
                "media": DAGCBOREncoder.map(["$type": .text("app.bsky.embed.images"), "images": .array([])]),
            ])
        }
        return DAGCBOREncoder.map(["$type": .text("app.bsky.embed.record"), "record": record])
    }

    static func externalEmbed(_ uri: String) -> CBORValue {
        DAGCBOREncoder.map(["$type": .text("app.bsky.embed.external"),
                            "external": DAGCBOREncoder.map(["uri": .text(uri), "title": .text("t"), "description": .text("")])])
    }
}

/// What the Bluesky reader emitted for one file.
struct BlueskyOutcome {
    var posts: [Post] = []
    var lines: [Int] = []
    var rejects: [Finding] = []
    var warnings: [Finding] = []
    var ignored: [String: Int] = [:]

    func post(_ id: String) -> Post? { posts.first { $0.id == id } }
}

func readRepository(_ bytes: [UInt8], file: ExportFile = ExportFile(path: "acme/repo.car", orgFromPath: "acme"),
                    accounts: [String: String] = [:]) throws -> BlueskyOutcome {
    var outcome = BlueskyOutcome()
    try BlueskyRepositoryReader(accounts: accounts).read(MemorySource(bytes), file: file) { event in
        switch event {
        case let .post(post, line):
            outcome.posts.append(post)
            outcome.lines.append(line)
        case let .finding(finding):
            if finding.severity == .reject { outcome.rejects.append(finding) } else { outcome.warnings.append(finding) }
        case let .ignored(collection, count):
            outcome.ignored[collection] = count
        }
    }
    return outcome
}
