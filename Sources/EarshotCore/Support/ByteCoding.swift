/// A small binary encoding for what the cache and partial results keep: integers as LEB128
/// varints (signed ones zigzagged), doubles as their IEEE bit patterns (so a value read back is
/// exactly the value written, and the report's bytes cannot drift), strings as a length and
/// UTF-8, optionals behind a presence byte.
///
/// Foundation's Codable was not used: the metric types live elsewhere and synthesised
/// conformances cannot be added from another file, and JSON would not round-trip doubles
/// bit for bit on every platform.
///
/// The same codec carries the routed spill's records (Pipeline/RoutedSpill.swift).
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func raw<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }

    mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ v: Int) {
        let x = Int64(v)
        unsigned(UInt64(bitPattern: (x << 1) ^ (x >> 63)))
    }

    mutating func int64(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }

    mutating func double(_ v: Double) {
        var bits = v.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func string(_ s: String) {
        let utf8 = s.utf8
        unsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optional<T>(_ v: T?, _ write: (inout ByteWriter, T) -> Void) {
        if let v {
            u8(1)
            write(&self, v)
        } else {
            u8(0)
        }
    }

    mutating func array<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for v in values { write(&self, v) }
    }

    mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
}

/// Why stored bytes could not be read back: they are then ignored, never trusted.
struct ByteFormatError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads what `ByteWriter` wrote. Every read is bounds-checked and throws on damage: a cache
/// file cut short or overwritten by something else never traps or allocates without limit.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    /// An index of `bytes` (for an array, the offset from its start).
    private(set) var position: Int

    init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes[...]
        self.position = position
    }

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - position }
    var atEnd: Bool { position >= bytes.endIndex }

    mutating func u8() throws -> UInt8 {
        guard position < bytes.endIndex else { throw ByteFormatError("cut short") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func raw(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw ByteFormatError("cut short") }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func unsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64 else { throw ByteFormatError("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func int64() throws -> Int64 {
        let z = try unsigned()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    mutating func int() throws -> Int { Int(truncatingIfNeeded: try int64()) }

    /// A count of things that follow, each at least one byte: larger than what is left is damage.
    mutating func count() throws -> Int {
        let n = try unsigned()
        guard n <= UInt64(remaining) else { throw ByteFormatError("count \(n) beyond the end") }
        return Int(n)
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw ByteFormatError("not a boolean")
        }
    }

    mutating func double() throws -> Double {
        let b = try raw(8)
        var bits: UInt64 = 0
        for (i, byte) in b.enumerated() { bits |= UInt64(byte) << UInt64(8 * i) }
        return Double(bitPattern: bits)
    }

    mutating func string() throws -> String {
        let n = try count()
        let slice = try raw(n)
        guard let s = String(validating: slice, as: UTF8.self) else { throw ByteFormatError("text is not UTF-8") }
        return s
    }

    mutating func optional<T>(_ read: (inout ByteReader) throws -> T) throws -> T? {
        switch try u8() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw ByteFormatError("bad presence byte")
        }
    }

    mutating func array<T>(_ read: (inout ByteReader) throws -> T) throws -> [T] {
        let n = try count()
        var values: [T] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try read(&self)) }
        return values
    }

    mutating func strings() throws -> [String] { try array { try $0.string() } }

    /// A value of a `RawRepresentable` string enum; an unknown name is damage.
    mutating func named<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let name = try string()
        guard let value = T(rawValue: name) else { throw ByteFormatError("unknown \(T.self) `\(name)`") }
        return value
    }
}
