import EarshotCore
/// A growable byte buffer with the escaping each export format needs. The generator builds every
/// record here and hands whole records to a `ByteSink`: no String interpolation per field.
struct SampleBytes {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    init(_ text: String) { bytes = Array(text.utf8) }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }
    @inline(__always) mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
    @inline(__always) mutating func append(_ other: SampleBytes) { bytes.append(contentsOf: other.bytes) }
    @inline(__always) mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    @inline(__always) mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func appendInt(_ value: Int) { appendInt64(Int64(value)) }

    mutating func appendInt64(_ value: Int64) {
        if value < 0 {
            bytes.append(0x2D)
            appendUInt64(value == .min ? UInt64(Int64.max) + 1 : UInt64(-value))
        } else {
            appendUInt64(UInt64(value))
        }
    }

    mutating func appendUInt64(_ value: UInt64) {
        if value < 10 { bytes.append(0x30 &+ UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 {
                buffer[19 - count] = 0x30 &+ UInt8(n % 10)
                n /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Zero-padded decimal (`07`, `2008`).
    mutating func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var limit = 10
        while value >= limit && digits < 19 { digits += 1; limit *= 10 }
        if digits < width { for _ in 0..<(width - digits) { bytes.append(0x30) } }
        appendInt(value)
    }

    /// An integer with thousands separators (`1,234`), as X analytics writes counters.
    mutating func appendGrouped(_ value: Int) {
        if value < 1000 { appendInt(value); return }
        appendGrouped(value / 1000)
        bytes.append(0x2C)
        appendPadded(value % 1000, width: 3)
    }

    /// Python's `str(float(n))` for a whole number: `18.0`.
    mutating func appendFloatString(_ value: Int) {
        appendInt(value)
        bytes.append(0x2E); bytes.append(0x30)
    }

    // MARK: Escaping

    /// Appends a post text with the escaping of an export:
    /// - `html`: `&`, `<`, `>` as Twitter wrote them (`&amp;`, `&lt;`, `&gt;`);
    /// - `numericNonASCII`: every non-ASCII character as a numeric reference (`&#233;`);
    /// - `backslashNewlines`: a newline as the two characters `\n` (twarc-csv);
    /// - `xml`: then escape the result for XML character data.
    mutating func appendText(_ text: [UInt8], html: Bool, numericNonASCII: Bool = false,
                             backslashNewlines: Bool = false, xml: Bool = false) {
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                switch b {
                case 0x26 where html: xml ? append("&amp;amp;") : append("&amp;")
                case 0x26 where xml: append("&amp;")
                case 0x3C where html: xml ? append("&amp;lt;") : append("&lt;")
                case 0x3C where xml: append("&lt;")
                case 0x3E where html: xml ? append("&amp;gt;") : append("&gt;")
                case 0x3E where xml: append("&gt;")
                case 0x0A where backslashNewlines: bytes.append(0x5C); bytes.append(0x6E)
                default: bytes.append(b)
                }
                i += 1
            } else {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if numericNonASCII && i + length <= n {
                    var scalar: UInt32
                    switch length {
                    case 2: scalar = UInt32(b & 0x1F)
                    case 3: scalar = UInt32(b & 0x0F)
                    default: scalar = UInt32(b & 0x07)
                    }
                    for k in 1..<length { scalar = scalar << 6 | UInt32(text[i + k] & 0x3F) }
                    append("&#"); appendInt(Int(scalar)); bytes.append(0x3B)
                } else {
                    let end = min(n, i + length)
                    bytes.append(contentsOf: text[i..<end])
                }
                i += length
            }
        }
    }

    /// XML character data or attribute value from plain text (names, URLs, descriptions).
    mutating func appendXML(_ text: String, numericNonASCII: Bool = false) {
        appendText(Array(text.utf8), html: false, numericNonASCII: numericNonASCII, xml: true)
    }

    /// A CSV field in double quotes, with `"` doubled.
    mutating func appendQuotedField(_ field: [UInt8]) {
        bytes.append(0x22)
        for b in field {
            if b == 0x22 { bytes.append(0x22) }
            bytes.append(b)
        }
        bytes.append(0x22)
    }

    mutating func appendQuotedField(_ field: String) { appendQuotedField(Array(field.utf8)) }

    /// A CSV field quoted only when it must be (Python's csv.QUOTE_MINIMAL).
    mutating func appendMinimalField(_ field: [UInt8]) {
        for b in field where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            appendQuotedField(field)
            return
        }
        bytes.append(contentsOf: field)
    }

    mutating func appendMinimalField(_ field: String) { appendMinimalField(Array(field.utf8)) }

    /// A JSON string literal (`"..."`).
    mutating func appendJSONString(_ text: [UInt8]) {
        bytes.append(0x22)
        for b in text {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
}
