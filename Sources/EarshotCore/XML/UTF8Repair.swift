/// Replaces invalid UTF-8, and characters XML 1.0 forbids (C0 controls but tab, line feed and
/// carriage return; U+FFFE, U+FFFF), by U+FFFD before libxml2 sees them: libxml2 stops at the
/// first such byte, while formats.md asks for a replacement and a warning. Sequences split between
/// two chunks are carried over. An invalid sequence is replaced by one U+FFFD per maximal
/// subpart, as Unicode recommends.
struct UTF8Repair {
    /// How many U+FFFD were written.
    private(set) var replaced = 0
    /// The start of a sequence cut off at the end of the previous chunk.
    private var carry: [UInt8] = []

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// True when the document is UTF-8: a UTF-8 byte-order mark, or no other encoding in its XML
    /// declaration and no sign of UTF-16 or UTF-32.
    static func applies(toDocumentStartingWith start: UnsafeRawBufferPointer) -> Bool {
        let bytes = Array(start.prefix(1024))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return true }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return false }
        if bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0) { return false }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return true }
        let declarationEnd = bytes.firstIndex(of: UInt8(ascii: ">")) ?? bytes.endIndex
        let declaration = String(decoding: bytes[..<declarationEnd], as: UTF8.self).lowercased()
        guard let key = declaration.range(of: "encoding") else { return true }
        let afterKey = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = afterKey.first, quote == "\"" || quote == "'" else { return true }
        let value = afterKey.dropFirst().prefix { $0 != quote }
        return value == "utf-8" || value == "utf8"
    }

    /// Whether `input` must go through `repair`: it holds a problem, or ends inside a sequence,
    /// or a cut-off sequence is waiting. Most chunks need nothing and are parsed as they are.
    func needsRepair(_ input: UnsafeRawBufferPointer, final: Bool) -> Bool {
        !carry.isEmpty || Self.firstProblem(in: input) != nil
    }

    /// The index of the first byte that is not valid XML text in UTF-8 (or that starts a sequence
    /// cut off by the end of `bytes`), or nil. Printable ASCII is checked eight bytes at a time.
    static func firstProblem(in bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // All below 0x80, and all at least 0x20 (adding 0x60 sets each byte's high bit).
                if word & 0x8080_8080_8080_8080 == 0 {
                    if (word &+ 0x6060_6060_6060_6060) & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080 {
                        i += 8
                        continue
                    }
                    // ASCII with a control character (XML's line ends and indents): the eight bytes
                    // checked here, not each again as the start of the next eight.
                    for k in i..<(i + 8) {
                        let b = bytes[k]
                        guard b >= 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return k }
                    }
                    i += 8
                    continue
                }
            }
            let lead = bytes[i]
            if lead < 0x80 {
                guard lead >= 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D else { return i }
                i += 1
                continue
            }
            guard let (trailing, low, high) = Self.sequence(startingWith: lead) else { return i }
            guard i + trailing < n else { return i }
            for k in 1...trailing {
                let byte = bytes[i + k]
                let (min, max) = k == 1 ? (low, high) : (0x80, 0xBF)
                if byte < min || byte > max { return i }
            }
            if lead == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE { return i }
            i += trailing + 1
        }
        return nil
    }

    /// What may follow a lead byte of well-formed UTF-8 (the Unicode standard's table 3-7): how
    /// many continuation bytes, and the range of the first of them; nil for a byte that starts
    /// no sequence.
    @inline(__always)
    static func sequence(startingWith lead: UInt8) -> (trailing: Int, low: UInt8, high: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    /// Appends the repaired bytes of `input` to `out`; `final` flushes a cut-off sequence.
    mutating func repair(_ input: UnsafeRawBufferPointer, final: Bool, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + input.count + carry.count)
        if carry.isEmpty {
            repairBytes(input, final: final, into: &out)
        } else {
            let joined = carry + Array(input)
            carry.removeAll()
            joined.withUnsafeBytes { repairBytes($0, final: final, into: &out) }
        }
    }

    private mutating func repairBytes(_ bytes: UnsafeRawBufferPointer, final: Bool, into out: inout [UInt8]) {
        let n = bytes.count
        var i = 0
        var runStart = 0
        /// Copies the valid bytes since `runStart` in one go.
        func flushRun(upTo end: Int, _ out: inout [UInt8]) {
            if end > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<end])) }
        }
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                if lead >= 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D {
                    i += 1
                } else {
                    flushRun(upTo: i, &out)
                    out.append(contentsOf: Self.replacement)
                    replaced += 1
                    i += 1
                    runStart = i
                }
                continue
            }
            let (trailing, low, high) = Self.sequence(startingWith: lead) ?? (0, 0x80, 0xBF)
            var length = 1
            var complete = trailing > 0
            while complete && length <= trailing {
                if i + length >= n {
                    if !final {
                        // Cut off by the chunk's end: finish it with the next chunk.
                        flushRun(upTo: i, &out)
                        carry = Array(UnsafeRawBufferPointer(rebasing: bytes[i..<n]))
                        return
                    }
                    complete = false
                    break
                }
                let byte = bytes[i + length]
                let (min, max) = length == 1 ? (low, high) : (0x80, 0xBF)
                if byte < min || byte > max { complete = false; break }
                length += 1
            }
            let forbidden = complete && lead == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE
            if complete && !forbidden {
                i += length
            } else {
                flushRun(upTo: i, &out)
                out.append(contentsOf: Self.replacement)
                replaced += 1
                i += length
                runStart = i
            }
        }
        flushRun(upTo: n, &out)
    }
}
