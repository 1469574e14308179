/// Escaping for text that comes from exports and goes into HTML or SVG that our code writes
/// (the templates escape their own variables: swift-mustache escapes `{{name}}` by default).
enum HTMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe in element text and in quoted
    /// attribute values alike; control characters become spaces (see `clean`).
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(isControl(scalar) ? " " : scalar)
            }
        }
        return out
    }

    /// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped, exactly as swift-mustache escapes a
    /// `{{name}}` (the same five entities), but byte by byte: swift-mustache compares whole
    /// Characters, so a quote followed by a combining mark (one Character) went through as a bare
    /// quote that ends an attribute.
    static func appendEscaped(_ text: String, to out: inout String) {
        let utf8 = text.utf8
        guard utf8.contains(where: needsEscape) else {
            out += text
            return
        }
        var segment = utf8.startIndex
        var i = segment
        while i != utf8.endIndex {
            let entity: String
            switch utf8[i] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default:
                i = utf8.index(after: i)
                continue
            }
            out += text[segment..<i]
            out += entity
            i = utf8.index(after: i)
            segment = i
        }
        out += text[segment...]
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// The text with C0 and C1 control characters (tab and line feed aside) replaced by spaces:
    /// an export may carry them, and they are invalid in HTML and in the SVG's XML.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? " " : scalar) }
        return String(out)
    }

    /// At most `limit` characters of a cleaned text, with an ellipsis when cut.
    static func excerpt(_ text: String, limit: Int) -> String {
        let cleaned = clean(text)
        guard cleaned.count > limit else { return cleaned }
        return String(cleaned.prefix(limit)) + "…"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x09 || v == 0x0A { return false }
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0xFFFE || v == 0xFFFF
    }
}
