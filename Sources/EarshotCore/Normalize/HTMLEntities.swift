/// HTML entity decoding for post texts. Twitter's exports HTML-escape texts (`&amp;`, `&lt;`,
/// `&#233;`); the spec asks for exactly one decoding pass, so `&amp;amp;` becomes `&amp;`.
public enum HTMLEntities {
    /// Named entities seen in exports. Unknown names are left as they are: a literal `&foo;` in a
    /// post is more likely text than an entity.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "hellip": "\u{2026}", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "laquo": "\u{00AB}", "raquo": "\u{00BB}", "copy": "\u{00A9}", "reg": "\u{00AE}",
        "trade": "\u{2122}", "euro": "\u{20AC}", "pound": "\u{00A3}", "middot": "\u{00B7}",
        "bull": "\u{2022}", "eacute": "\u{00E9}", "egrave": "\u{00E8}", "aacute": "\u{00E1}",
        "agrave": "\u{00E0}", "iacute": "\u{00ED}", "oacute": "\u{00F3}", "uacute": "\u{00FA}",
        "ntilde": "\u{00F1}", "uuml": "\u{00FC}", "ouml": "\u{00F6}", "auml": "\u{00E4}",
        "ccedil": "\u{00E7}", "szlig": "\u{00DF}", "iexcl": "\u{00A1}", "iquest": "\u{00BF}",
    ]

    /// Decodes each entity once, left to right; text without `&` is returned as it is.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(38) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 38, let (decoded, length) = entity(at: i, in: bytes) {
                out.append(contentsOf: decoded.utf8)
                i += length
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The entity starting at `start` (an `&`), with its length including the `;`.
    private static func entity(at start: Int, in bytes: [UInt8]) -> (String, Int)? {
        var j = start + 1
        let limit = min(bytes.count, start + 12)
        if j < limit, bytes[j] == 35 { // '#'
            j += 1
            var hex = false
            if j < limit, bytes[j] | 0x20 == 120 { hex = true; j += 1 } // 'x'
            var value: UInt32 = 0
            let digitsStart = j
            while j < limit, let digit = digitValue(bytes[j], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > digitsStart, j < bytes.count, bytes[j] == 59 else { return nil }
            // Invalid code points become U+FFFD rather than vanishing.
            let scalar = Unicode.Scalar(value).flatMap { value == 0 ? nil : $0 } ?? "\u{FFFD}"
            return (String(Character(scalar)), j + 1 - start)
        }
        var name = ""
        while j < limit, (bytes[j] >= 97 && bytes[j] <= 122) || (bytes[j] >= 65 && bytes[j] <= 90) || (bytes[j] >= 48 && bytes[j] <= 57) {
            name.unicodeScalars.append(Unicode.Scalar(bytes[j]))
            j += 1
        }
        guard !name.isEmpty, j < bytes.count, bytes[j] == 59, let decoded = named[name] else { return nil }
        return (decoded, j + 1 - start)
    }

    private static func digitValue(_ b: UInt8, hex: Bool) -> UInt32? {
        if b >= 48 && b <= 57 { return UInt32(b - 48) }
        if hex {
            let l = b | 0x20
            if l >= 97 && l <= 102 { return UInt32(l - 87) }
        }
        return nil
    }
}
