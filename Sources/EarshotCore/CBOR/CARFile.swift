import Crypto
/// A CAR v1 file (content-addressed archive) held in memory: its header's root and an index of
/// its blocks by CID, each block's digest checked against its CID (formats.md T10).
///
/// Layout: an unsigned varint length, a DAG-CBOR header `{roots: [CID], version: 1}`, then
/// blocks to the end, each a varint length followed by a binary CIDv1 and the block's bytes.
/// Damage does not throw past the header: a block whose digest does not match, that is too
/// large or whose CID cannot be read is indexed as bad (with its offset and why), and framing
/// that runs past the end of the file ends the index there (`truncation`). What that costs is
/// decided by the walk from the root, which knows which records the damage concerns.
public struct CARFile {
    /// The largest block accepted (formats.md T10).
    public static let maxBlockBytes = 2 * 1024 * 1024

    /// Where a block's bytes are, or why it cannot be used.
    public enum Block {
        case good(start: Int, end: Int)
        case bad(offset: Int, reason: String)
    }

    public let bytes: [UInt8]
    public private(set) var roots: [CID] = []
    public private(set) var blocks: [CID: Block] = [:]
    /// Blocks that are not used from the root are not looked up again: bad ones are listed
    /// here in file order, to be reported if nothing reachable covers them.
    public private(set) var badBlocks: [(offset: Int, reason: String)] = []
    /// Where the framing ran past the end of the file, and why; nil when the file ends cleanly.
    public private(set) var truncation: CBORError? = nil
    public private(set) var blockCount = 0

    /// Reads the header and indexes the blocks; throws only when the header itself is unusable.
    public init(bytes: [UInt8]) throws(CBORError) {
        self.bytes = bytes
        let outcome: Result<Void, CBORError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(CBORError) {
                try index(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// The first varint of a CAR file and its header map's keys: what format detection checks.
    /// True when `head` starts with a varint below 1024 followed by a CBOR map holding `roots`
    /// and `version` (the head may stop inside the header: then the keys seen so far decide).
    public static func looksLikeCAR(_ head: [UInt8]) -> Bool {
        head.withUnsafeBufferPointer { buffer in
            var at = 0
            guard let length = Varint.read(buffer, at: &at, end: buffer.count), length > 0, length < 1024,
                  at < buffer.count else { return false }
            let end = min(buffer.count, at + Int(length))
            // The header is decoded whole when the head holds it; its keys alone otherwise.
            if at + Int(length) <= buffer.count,
               case let .map(entries)? = try? DAGCBORDecoder.decode(buffer, from: at, to: end) {
                let keys = Set(entries.map(\.key))
                return keys.contains("roots") && keys.contains("version")
            }
            return false
        }
    }

    private mutating func index(_ buffer: UnsafeBufferPointer<UInt8>) throws(CBORError) {
        var position = 0
        guard let headerLength = Varint.read(buffer, at: &position, end: buffer.count) else {
            throw CBORError(offset: 0, reason: "no CAR header length")
        }
        guard headerLength <= UInt64(buffer.count - position) else {
            throw CBORError(offset: 0, reason: "CAR header length \(headerLength) runs past the end of the file")
        }
        let headerEnd = position + Int(headerLength)
        let header = try DAGCBORDecoder.decode(buffer, from: position, to: headerEnd)
        guard header["version"]?.integer == 1 else {
            throw CBORError(offset: position, reason: "CAR header without `version: 1` (only CAR v1 is read)")
        }
        guard let roots = header["roots"]?.array?.compactMap(\.link), !roots.isEmpty else {
            throw CBORError(offset: position, reason: "CAR header without a root CID")
        }
        self.roots = roots
        position = headerEnd
        blocks.reserveCapacity(buffer.count / 256)
        while position < buffer.count {
            let frame = position
            guard let length = Varint.read(buffer, at: &position, end: buffer.count) else {
                truncation = CBORError(offset: frame, reason: "a block length cut short by the end of the file")
                return
            }
            guard length <= UInt64(buffer.count - position) else {
                truncation = CBORError(offset: frame, reason: "a block of \(length) bytes runs past the end of the file")
                return
            }
            let end = position + Int(length)
            blockCount += 1
            defer { position = end }
            var dataStart = position
            guard let cid = DAGCBORDecoder.cid(buffer, at: &dataStart, end: end) else {
                badBlocks.append((frame, "a block whose CID is not a CIDv1"))
                continue
            }
            func bad(_ reason: String) {
                badBlocks.append((frame, reason))
                if blocks[cid] == nil { blocks[cid] = .bad(offset: frame, reason: reason) }
            }
            guard cid.hashFunction == 0x12, cid.digest.count == 32, cid.codec == 0x71 || cid.codec == 0x55 else {
                bad("a block whose CID is not dag-cbor or raw with sha2-256")
                continue
            }
            guard end - dataStart <= Self.maxBlockBytes else {
                bad("a block of \(end - dataStart) bytes (over 2 MiB)")
                continue
            }
            guard BlockDigest.matches(UnsafeBufferPointer(rebasing: buffer[dataStart..<end]), cid.digest) else {
                bad("a block whose bytes do not match its CID's digest")
                continue
            }
            // The first good copy of a block wins; a repeated block is the same bytes.
            if case .good? = blocks[cid] { continue }
            blocks[cid] = .good(start: dataStart, end: end)
        }
    }

    /// The decoded block named by `cid`, or why it cannot be had (its offset, or the
    /// truncation's when the block is missing from a cut-short file).
    public func value(_ cid: CID) -> Result<CBORValue, CBORError> {
        switch blocks[cid] {
        case let .good(start, end)?:
            return bytes.withUnsafeBufferPointer { buffer in
                do throws(CBORError) {
                    return .success(try DAGCBORDecoder.decode(buffer, from: start, to: end))
                } catch {
                    return .failure(error)
                }
            }
        case let .bad(offset, reason)?:
            return .failure(CBORError(offset: offset, reason: reason))
        case nil:
            if let truncation {
                return .failure(CBORError(offset: truncation.offset, reason: "block \(cid) missing: \(truncation.reason)"))
            }
            return .failure(CBORError(offset: bytes.count, reason: "block \(cid) is not in the file"))
        }
    }
}

/// The digest check of CAR blocks, in one place so that the SHA-256 behind it is one line to change.
public enum BlockDigest {
    public static func sha256(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: UnsafeRawBufferPointer(data)))
    }

    static func matches(_ data: UnsafeBufferPointer<UInt8>, _ digest: [UInt8]) -> Bool {
        sha256(data) == digest
    }
}
