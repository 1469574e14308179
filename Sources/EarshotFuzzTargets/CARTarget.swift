import EarshotCore

/// The `car` fuzz target (Bluesky repositories, formats.md T10). Every block of a CAR file is
/// checked against the SHA-256 in its CID, so nearly every mutation of a whole file only reaches
/// "a block whose bytes do not match its CID's digest": the framing and the header, never the
/// tree walk or the record reader. So each input is read three ways:
/// 1. as a whole CAR file (framing, header, digests, the walk over whatever survives);
/// 2. as one record block, sealed into a valid repository (a commit, one tree node with key
///    `app.bsky.feed.post/3kfuzz`, the input as the record): the record reader on any bytes;
/// 3. as the tree's root node, sealed the same way: the tree walk on any bytes.
/// The sealing uses correct CIDs, so only the input's own bytes can be wrong.
enum CARTarget {
    static func run(_ bytes: [UInt8], read: (ExportReader, [UInt8]) -> Void) {
        let reader = BlueskyRepositoryReader(accounts: ["did:plc:fuzzaccount": "acme"])
        read(reader, bytes)
        guard bytes.count <= CARFile.maxBlockBytes else { return }
        read(reader, sealed(record: bytes))
        read(reader, sealed(treeNode: bytes))
    }

    /// A repository whose one record is `record`, under a well-formed commit and tree node.
    static func sealed(record: [UInt8]) -> [UInt8] {
        let recordCID = cid(record)
        let node = CBOR.map([("e", CBOR.array([CBOR.map([("k", CBOR.bytes(Array("app.bsky.feed.post/3kfuzz".utf8))),
                                                            ("p", CBOR.unsigned(0)), ("t", CBOR.null), ("v", CBOR.link(recordCID))])])),
                             ("l", CBOR.null)])
        return repository(treeNode: node, extra: [record])
    }

    /// A repository whose tree's root node is `treeNode`, under a well-formed commit.
    static func sealed(treeNode: [UInt8]) -> [UInt8] {
        repository(treeNode: treeNode, extra: [])
    }

    private static func repository(treeNode: [UInt8], extra: [[UInt8]]) -> [UInt8] {
        let commit = CBOR.map([("did", CBOR.text("did:plc:fuzzaccount")), ("rev", CBOR.text("3kfuzzrev")),
                               ("sig", CBOR.bytes([UInt8](repeating: 7, count: 64))), ("data", CBOR.link(cid(treeNode))),
                               ("prev", CBOR.null), ("version", CBOR.unsigned(3))])
        let root = cid(commit)
        var out: [UInt8] = []
        let header = CBOR.map([("roots", CBOR.array([CBOR.link(root)])), ("version", CBOR.unsigned(1))])
        Varint.append(UInt64(header.count), to: &out)
        out += header
        for block in [commit, treeNode] + extra {
            let id = cid(block).bytes
            Varint.append(UInt64(id.count + block.count), to: &out)
            out += id
            out += block
        }
        return out
    }

    private static func cid(_ block: [UInt8]) -> CID {
        CID(codec: 0x71, digest: block.withUnsafeBufferPointer { BlockDigest.sha256($0) })
    }

    /// Just enough canonical DAG-CBOR for the sealing blocks (keys are given in canonical order:
    /// shorter first, then bytewise).
    private enum CBOR {
        static func head(_ major: UInt8, _ n: UInt64) -> [UInt8] {
            let m = major << 5
            switch n {
            case 0..<24: return [m | UInt8(n)]
            case 24..<0x100: return [m | 24, UInt8(n)]
            case 0x100..<0x10000: return [m | 25, UInt8(n >> 8), UInt8(n & 0xFF)]
            default: return [m | 26] + (0..<4).map { UInt8((n >> (24 - 8 * UInt64($0))) & 0xFF) }
            }
        }
        static func unsigned(_ n: UInt64) -> [UInt8] { head(0, n) }
        static func bytes(_ b: [UInt8]) -> [UInt8] { head(2, UInt64(b.count)) + b }
        static func text(_ s: String) -> [UInt8] { head(3, UInt64(s.utf8.count)) + Array(s.utf8) }
        static func array(_ items: [[UInt8]]) -> [UInt8] { head(4, UInt64(items.count)) + items.flatMap { $0 } }
        static func map(_ entries: [(String, [UInt8])]) -> [UInt8] {
            head(5, UInt64(entries.count)) + entries.flatMap { text($0.0) + $0.1 }
        }
        static let null: [UInt8] = [0xF6]
        static func link(_ cid: CID) -> [UInt8] {
            let binary = [0] + cid.bytes
            return head(6, 42) + head(2, UInt64(binary.count)) + binary
        }
    }
}
