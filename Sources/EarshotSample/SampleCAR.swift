import EarshotCore

/// The generator's own writer of Bluesky repositories (formats.md T10): a small DAG-CBOR
/// encoder, the Merkle Search Tree as the AT Protocol builds it, and a CAR v1 writer. Written
/// apart from the reader's decoder (EarshotCore/CBOR) so that a mistake in one is not silently
/// mirrored by the other; only the CID type and the SHA-256 helper are shared.

/// A DAG-CBOR value as the generator writes it.
indirect enum SampleCBOR {
    case int(Int64)
    case text(String)
    case bytes([UInt8])
    case array([SampleCBOR])
    /// Keys in any order: the encoder writes them in DAG-CBOR's canonical order.
    case map([(String, SampleCBOR)])
    case link(CID)
    case bool(Bool)
    case null

    static func linkOrNull(_ cid: CID?) -> SampleCBOR { cid.map { .link($0) } ?? .null }
}

/// Canonical DAG-CBOR: shortest integer heads, definite lengths, map keys sorted by length then
/// bytes, links as tag 42 over a byte string `0x00` + binary CID.
enum SampleDAGCBOR {
    static func encode(_ value: SampleCBOR) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(value, to: &out)
        return out
    }

    static func head(_ major: UInt8, _ n: UInt64, to out: inout [UInt8]) {
        let m = major << 5
        switch n {
        case 0..<24:
            out.append(m | UInt8(n))
        case 24..<0x100:
            out.append(m | 24); out.append(UInt8(n))
        case 0x100..<0x1_0000:
            out.append(m | 25); out.append(UInt8(n >> 8)); out.append(UInt8(n & 0xFF))
        case 0x1_0000..<0x1_0000_0000:
            out.append(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((n >> UInt64(shift)) & 0xFF)) }
        default:
            out.append(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((n >> UInt64(shift)) & 0xFF)) }
        }
    }

    static func append(_ value: SampleCBOR, to out: inout [UInt8]) {
        switch value {
        case let .int(i):
            if i >= 0 { head(0, UInt64(i), to: &out) } else { head(1, UInt64(-1 - i), to: &out) }
        case let .text(s):
            let utf8 = Array(s.utf8)
            head(3, UInt64(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        case let .bytes(b):
            head(2, UInt64(b.count), to: &out)
            out.append(contentsOf: b)
        case let .array(items):
            head(4, UInt64(items.count), to: &out)
            for item in items { append(item, to: &out) }
        case let .map(entries):
            let keyed = entries.map { (key: Array($0.0.utf8), value: $0.1) }
            let sorted = keyed.sorted { a, b in
                a.key.count != b.key.count ? a.key.count < b.key.count : a.key.lexicographicallyPrecedes(b.key)
            }
            head(5, UInt64(sorted.count), to: &out)
            for entry in sorted {
                head(3, UInt64(entry.key.count), to: &out)
                out.append(contentsOf: entry.key)
                append(entry.value, to: &out)
            }
        case let .link(cid):
            head(6, 42, to: &out)
            let binary = cid.bytes
            head(2, UInt64(binary.count + 1), to: &out)
            out.append(0)
            out.append(contentsOf: binary)
        case let .bool(b):
            out.append(b ? 0xF5 : 0xF4)
        case .null:
            out.append(0xF6)
        }
    }
}

/// One block: its DAG-CBOR bytes and their CID (CIDv1, dag-cbor, sha2-256).
struct SampleBlock {
    let cid: CID
    let data: [UInt8]

    init(_ value: SampleCBOR) {
        data = SampleDAGCBOR.encode(value)
        cid = SampleBlock.cid(of: data, codec: 0x71)
    }

    static func cid(of data: [UInt8], codec: UInt64) -> CID {
        CID(codec: codec, digest: data.withUnsafeBufferPointer { BlockDigest.sha256($0) })
    }
}

/// A CAR v1 file in memory: the header naming the root, then each block once.
struct SampleCARWriter {
    private(set) var bytes: [UInt8] = []
    private var written: Set<CID> = []

    init(root: CID) {
        let header = SampleDAGCBOR.encode(.map([("roots", .array([.link(root)])), ("version", .int(1))]))
        Varint.append(UInt64(header.count), to: &bytes)
        bytes.append(contentsOf: header)
    }

    /// Appends the block unless the file already has it (trees of successive commits share nodes).
    mutating func add(_ block: SampleBlock) {
        guard written.insert(block.cid).inserted else { return }
        let cid = block.cid.bytes
        Varint.append(UInt64(cid.count + block.data.count), to: &bytes)
        bytes.append(contentsOf: cid)
        bytes.append(contentsOf: block.data)
    }

    func contains(_ cid: CID) -> Bool { written.contains(cid) }
}

/// The Merkle Search Tree of a repository, as the AT Protocol defines it: a key's layer is the
/// number of leading zero bit pairs of SHA-256(key) (fanout 4); a node holds the keys of its
/// layer in order, each entry's key compressed against the previous entry of the same node
/// (`p` shared bytes, `k` the rest), `t` the subtree after the entry and `l` the one before the
/// first. The same keys and values always give the same tree, hence the same root CID.
enum SampleMST {
    static func layer(of key: [UInt8]) -> Int {
        let digest = key.withUnsafeBufferPointer { BlockDigest.sha256($0) }
        var zeros = 0
        for byte in digest {
            if byte == 0 { zeros += 8; continue }
            zeros += byte.leadingZeroBitCount
            break
        }
        return zeros / 2
    }

    /// The tree of `entries` (sorted by key, keys unique): its root and every node, root first.
    static func build(_ entries: [(key: [UInt8], value: CID)]) -> (root: CID, nodes: [SampleBlock]) {
        var nodes: [SampleBlock] = []
        let layers = entries.map { layer(of: $0.key) }
        let top = layers.max() ?? 0
        let root = node(entries, layers, 0..<entries.count, layer: top, into: &nodes)
        // Built children first; written root first (the order goat writes does not matter to readers).
        return (root, nodes.reversed())
    }

    private static func node(_ entries: [(key: [UInt8], value: CID)], _ layers: [Int], _ range: Range<Int>, layer: Int,
                             into nodes: inout [SampleBlock]) -> CID {
        var left: CID? = nil
        var items: [SampleCBOR] = []
        var pending: (key: [UInt8], value: CID, prefix: Int, suffix: [UInt8])? = nil
        var previousKey: [UInt8] = []
        var segmentStart = range.lowerBound
        func subtree(_ segment: Range<Int>, into nodes: inout [SampleBlock]) -> CID? {
            guard !segment.isEmpty, layer > 0 else { return nil }
            return node(entries, layers, segment, layer: layer - 1, into: &nodes)
        }
        func flush(_ tree: CID?) {
            guard let entry = pending else { return }
            items.append(.map([("k", .bytes(entry.suffix)), ("p", .int(Int64(entry.prefix))), ("t", .linkOrNull(tree)),
                               ("v", .link(entry.value))]))
            pending = nil
        }
        for i in range where layers[i] == layer {
            let tree = subtree(segmentStart..<i, into: &nodes)
            if pending == nil && items.isEmpty { left = tree } else { flush(tree) }
            let key = entries[i].key
            var shared = 0
            while shared < key.count && shared < previousKey.count && key[shared] == previousKey[shared] { shared += 1 }
            pending = (key, entries[i].value, shared, Array(key[shared...]))
            previousKey = key
            segmentStart = i + 1
        }
        let last = subtree(segmentStart..<range.upperBound, into: &nodes)
        if pending == nil && items.isEmpty { left = last } else { flush(last) }
        let block = SampleBlock(.map([("e", .array(items)), ("l", .linkOrNull(left))]))
        nodes.append(block)
        return block.cid
    }
}

/// Identifiers of the AT Protocol as the generator makes them.
enum SampleATProto {
    private static let sortable = Array("234567abcdefghijklmnopqrstuvwxyz".utf8)
    private static let base32 = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// A TID (timestamp identifier, the record keys of posts): microseconds since 1970 in the
    /// top 53 bits, a clock id in the low 10, as 13 characters of base32-sortable.
    static func tid(micros: Int64, clock: UInt64) -> String {
        var value = (UInt64(max(0, micros)) & ((1 << 53) - 1)) << 10 | (clock & 0x3FF)
        var out = [UInt8](repeating: 0, count: 13)
        for i in stride(from: 12, through: 0, by: -1) {
            out[i] = sortable[Int(value & 31)]
            value >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A TID for a time in seconds and milliseconds.
    static func tid(seconds: Int64, millis: Int, clock: UInt64) -> String {
        tid(micros: seconds * 1_000_000 + Int64(millis) * 1000 + Int64(clock % 997), clock: clock)
    }

    /// `did:plc:` and 24 base32 characters, a pure function of the name.
    static func did(_ name: String) -> String {
        var out = Array("did:plc:".utf8)
        var bits = stableHash("did:plc:" + name)
        var more = sampleHash(bits, 0xD1D)
        for i in 0..<24 {
            if i == 12 { bits = more; more = 0 }
            out.append(base32[Int(bits & 31)])
            bits >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A CID for a block the repository does not hold (another account's post a reply or quote
    /// points at): a digest derived from the URI.
    static func foreignCID(_ uri: String) -> CID {
        SampleBlock.cid(of: Array(uri.utf8), codec: 0x71)
    }

    /// `2024-11-18T14:03:22.123Z`.
    static func timestamp(_ seconds: Int64, millis: Int) -> String {
        var b = SampleBytes(capacity: 24)
        let c = SampleCalendar.civil(seconds)
        b.appendISODate(c)
        b.append(0x54)
        b.appendClock(c, seconds: true)
        b.append(0x2E)
        b.appendPadded(millis, width: 3)
        b.append(0x5A)
        return String(decoding: b.bytes, as: UTF8.self)
    }
}
