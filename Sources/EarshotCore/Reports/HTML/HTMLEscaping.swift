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
