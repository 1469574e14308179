/// A strict DAG-CBOR decoder (the record encoding of Bluesky repositories, formats.md T10).
///
/// Written here rather than taken from libcbor: DAG-CBOR is a narrow profile of CBOR, and what
/// it forbids (indefinite lengths, map keys that are not strings, tags other than 42, floats in
/// records) must be refused, which a general CBOR library would accept. Every length is checked
/// against the bytes that remain before anything is read or reserved, and nesting is bounded,
/// so that no input can make it crash or allocate more than the input's size.
///
/// Lenient where refusing would lose real posts for no gain: integers need not use their
/// shortest form and map keys need not be in canonical order (duplicate keys are refused: they
/// make a record ambiguous).

/// A content identifier (CIDv1): the codec of the block and its multihash.
public struct CID: Hashable, Sendable, CustomStringConvertible {
    /// 0x71 dag-cbor, 0x55 raw.
    public var codec: UInt64
    /// The multihash function: 0x12 sha2-256.
    public var hashFunction: UInt64
    public var digest: [UInt8]

    public init(codec: UInt64, hashFunction: UInt64 = 0x12, digest: [UInt8]) {
        self.codec = codec
        self.hashFunction = hashFunction
        self.digest = digest
    }

    /// The binary form: version 1, codec, multihash code, length, digest (all varints but the digest).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        Varint.append(1, to: &out)
        Varint.append(codec, to: &out)
        Varint.append(hashFunction, to: &out)
        Varint.append(UInt64(digest.count), to: &out)
        return out + digest
    }

    /// Short and stable, for messages: codec and the first bytes of the digest in hex.
    public var description: String {
        let hex = digest.prefix(6).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return "cid(\(codec == 0x71 ? "dag-cbor" : codec == 0x55 ? "raw" : "0x" + String(codec, radix: 16)) \(hex)…)"
    }
}

/// Why bytes could not be read as DAG-CBOR (or as a CAR frame): what, and the byte offset in the file.
public struct CBORError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
    public var description: String { "\(reason) at byte \(offset)" }
}

/// One decoded DAG-CBOR value.
public indirect enum CBORValue: Sendable, Equatable {
    case unsigned(UInt64)
    /// The CBOR negative integer -1 - n.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    /// Keys in the order of the encoding.
    case map([CBORMapEntry])
    case bool(Bool)
    case null
    /// Tag 42: a link to another block.
    case link(CID)

    /// A map's value for `key`; nil when absent or when this is not a map.
    public subscript(key: String) -> CBORValue? {
        guard case let .map(entries) = self else { return nil }
        for entry in entries where entry.key == key { return entry.value }
        return nil
    }

    public var string: String? {
        if case let .text(s) = self { return s }
        return nil
    }

    public var link: CID? {
        if case let .link(cid) = self { return cid }
        return nil
    }

    public var array: [CBORValue]? {
        if case let .array(items) = self { return items }
        return nil
    }

    public var bytes: [UInt8]? {
        if case let .bytes(b) = self { return b }
        return nil
    }

    public var integer: Int64? {
        switch self {
        case let .unsigned(v): return v <= UInt64(Int64.max) ? Int64(v) : nil
        case let .negative(n): return n < UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }
}

public struct CBORMapEntry: Sendable, Equatable {
    public var key: String
    public var value: CBORValue
    public init(_ key: String, _ value: CBORValue) {
        self.key = key
        self.value = value
    }
}

/// Unsigned LEB128, as CAR frames and CIDs write their numbers.
public enum Varint {
    /// Reads one varint at `position` (advanced past it); nil when it runs past `end` or over 9 bytes.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var i = position
        while i < end {
            let b = bytes[i]
            value |= UInt64(b & 0x7F) << shift
            i += 1
            if b & 0x80 == 0 {
                position = i
                return value
            }
            shift += 7
            if shift > 56 { return nil }
        }
        return nil
    }

    public static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// Decodes DAG-CBOR from a range of a buffer; offsets in errors are `base` + the position.
public struct DAGCBORDecoder {
    /// The deepest nesting of arrays and maps accepted (formats.md T10).
    public static let maxDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    public init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    /// Decodes exactly one value filling `bytes[start..<end]`.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws(CBORError) -> CBORValue {
        var decoder = DAGCBORDecoder(bytes, from: start, to: end)
        let value = try decoder.value(depth: 0)
        guard decoder.position == end else {
            throw CBORError(offset: decoder.position, reason: "\(end - decoder.position) bytes after the end of the CBOR value")
        }
        return value
    }

    /// The same over an array (tests, small values).
    public static func decode(_ bytes: [UInt8]) throws(CBORError) -> CBORValue {
        let result: Result<CBORValue, CBORError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(CBORError) { return .success(try decode(buffer, from: 0, to: buffer.count)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func fail(_ at: Int, _ reason: String) -> CBORError { CBORError(offset: at, reason: reason) }

    /// The argument of a head whose additional information is `info` (0-27).
    private mutating func argument(_ info: UInt8, head: Int) throws(CBORError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            let size = 1 << Int(info - 24)
            guard end - position >= size else { throw fail(head, "CBOR value cut short") }
            var v: UInt64 = 0
            for k in 0..<size { v = v << 8 | UInt64(bytes[position + k]) }
            position += size
            return v
        case 31: throw fail(head, "indefinite-length CBOR (not DAG-CBOR)")
        default: throw fail(head, "reserved CBOR additional information \(info)")
        }
    }

    /// A length that must fit in what remains, each item taking at least `unit` bytes. Call it
    /// with an argument already read (`let count = try argument(...)` first): in
    /// `length(try argument(...))` Swift takes `self` (and so `position`) before the argument
    /// advances it, which let a length one to eight bytes too long through (fuzz finding, car).
    private func length(_ n: UInt64, unit: Int, head: Int) throws(CBORError) -> Int {
        guard n <= UInt64(end - position) / UInt64(unit) else {
            throw fail(head, "CBOR length \(n) runs past the end of the block")
        }
        return Int(n)
    }

    mutating func value(depth: Int) throws(CBORError) -> CBORValue {
        let head = position
        guard position < end else { throw fail(head, "CBOR value cut short") }
        let initial = bytes[position]
        position += 1
        let major = initial >> 5, info = initial & 0x1F
        switch major {
        case 0:
            return .unsigned(try argument(info, head: head))
        case 1:
            return .negative(try argument(info, head: head))
        case 2:
            let count = try argument(info, head: head)
            let n = try length(count, unit: 1, head: head)
            defer { position += n }
            return .bytes(Array(UnsafeBufferPointer(rebasing: bytes[position..<(position + n)])))
        case 3:
            return .text(try text(info, head: head))
        case 4:
            guard depth < Self.maxDepth else { throw fail(head, "CBOR nested deeper than \(Self.maxDepth)") }
            let count = try argument(info, head: head)
            let n = try length(count, unit: 1, head: head)
            var items: [CBORValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value(depth: depth + 1)) }
            return .array(items)
        case 5:
            guard depth < Self.maxDepth else { throw fail(head, "CBOR nested deeper than \(Self.maxDepth)") }
            let count = try argument(info, head: head)
            let n = try length(count, unit: 2, head: head)
            var entries: [CBORMapEntry] = []
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let keyAt = position
                guard position < end else { throw fail(keyAt, "CBOR value cut short") }
                let keyInitial = bytes[position]
                guard keyInitial >> 5 == 3 else { throw fail(keyAt, "a CBOR map key that is not a string (not DAG-CBOR)") }
                position += 1
                let key = try text(keyInitial & 0x1F, head: keyAt)
                // Maps are small (records have a dozen keys): a linear check is cheaper than a set.
                for entry in entries where entry.key == key { throw fail(keyAt, "duplicate CBOR map key `\(key.prefix(40))`") }
                entries.append(CBORMapEntry(key, try value(depth: depth + 1)))
            }
            return .map(entries)
        case 6:
            let tag = try argument(info, head: head)
            guard tag == 42 else { throw fail(head, "CBOR tag \(tag) (DAG-CBOR allows only 42, links)") }
            guard position < end, bytes[position] >> 5 == 2 else { throw fail(position, "a CBOR link that is not a byte string") }
            let linkHead = position
            position += 1
            let count = try argument(bytes[linkHead] & 0x1F, head: linkHead)
            let n = try length(count, unit: 1, head: linkHead)
            let linkEnd = position + n
            guard n >= 1, bytes[position] == 0 else { throw fail(linkHead, "a CBOR link without its 0x00 prefix") }
            var at = position + 1
            guard let cid = Self.cid(bytes, at: &at, end: linkEnd), at == linkEnd else {
                throw fail(linkHead, "a CBOR link that is not a CIDv1")
            }
            position = linkEnd
            return .link(cid)
        default: // 7
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 25, 26, 27: throw fail(head, "a floating-point number (not allowed in records)")
            case 31: throw fail(head, "indefinite-length CBOR (not DAG-CBOR)")
            default: throw fail(head, "CBOR simple value \(info) (not DAG-CBOR)")
            }
        }
    }

    private mutating func text(_ info: UInt8, head: Int) throws(CBORError) -> String {
        let count = try argument(info, head: head)
        let n = try length(count, unit: 1, head: head)
        defer { position += n }
        // Invalid UTF-8 becomes U+FFFD, as everywhere else (formats.md, common rules).
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + n)]), as: UTF8.self)
    }

    /// A binary CIDv1 at `position` (advanced past it): version 1, codec, multihash code and a
    /// digest of the length the multihash gives (at most 64 bytes). nil when it is not one.
    public static func cid(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, end: Int) -> CID? {
        var at = position
        guard let version = Varint.read(bytes, at: &at, end: end), version == 1,
              let codec = Varint.read(bytes, at: &at, end: end),
              let hash = Varint.read(bytes, at: &at, end: end),
              let size = Varint.read(bytes, at: &at, end: end), size <= 64, size <= UInt64(end - at) else { return nil }
        let digest = Array(UnsafeBufferPointer(rebasing: bytes[at..<(at + Int(size))]))
        position = at + Int(size)
        return CID(codec: codec, hashFunction: hash, digest: digest)
    }
}
