/// File names are bytes; Earshot's paths are Strings. A name that is not UTF-8 gets an escaped
/// form, each byte that is not part of valid UTF-8 written `\xHH` (`caf\xE9.csv`), which is what
/// messages and outputs show; `bytes(_:)` turns the escapes back into the bytes to open. Only a
/// path whose escapes stand for invalid UTF-8 is turned back: a name that really contains the
/// text `\xC3\xA9` decodes to valid UTF-8 and is left as written.
public enum NativePath {
    /// A name read from the file system, as text: itself when it is UTF-8.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var out = ""
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length > 0 {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self)
                i += length
            } else {
                out += "\\x" + hex(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// Whether a name needed escaping.
    public static func isEscaped(_ text: String) -> Bool {
        text.utf8.contains(0x5C) && bytesIfEscaped(text) != nil
    }

    /// The NUL-terminated bytes to give the system for a path.
    public static func bytes(_ path: String) -> [CChar] {
        if let raw = bytesIfEscaped(path) { return raw.map { CChar(bitPattern: $0) } + [0] }
        return Array(path.utf8CString)
    }

    private static func bytesIfEscaped(_ path: String) -> [UInt8]? {
        let utf8 = Array(path.utf8)
        guard utf8.contains(0x5C) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var escaped = false
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0x5C, i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
               let high = hexValue(utf8[i + 2]), let low = hexValue(utf8[i + 3]), high >= 8 {
                out.append(high << 4 | low)
                escaped = true
                i += 4
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        guard escaped, String(validating: out, as: UTF8.self) == nil else { return nil }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0.
    private static func validSequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let lead = b[i]
        if lead < 0x80 { return 1 }
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= b.count else { return 0 }
        return String(validating: UnsafeBufferPointer(rebasing: b[i..<(i + length)]), as: UTF8.self) != nil ? length : 0
    }
}
