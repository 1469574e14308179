/// A small JSON writer: keys in the order given, so that summary.json reads the same every run.
public indirect enum JSONValue {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public func render(indent: Int = 0) -> String {
        var out = ""
        render(indent: indent, into: &out)
        return out
    }

    /// The same appended to `out`: summary.json has a value per input file, and building each
    /// level as strings joined into the next made writing it a noticeable serial end of a run.
    func render(indent: Int, into out: inout String) {
        switch self {
        case let .string(s): Self.quote(s, into: &out)
        case let .int(i): out += String(i)
        case let .double(d): out += d.isFinite ? String(d) : "null"
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (n, item) in items.enumerated() {
                if n > 0 { out += ",\n" }
                Self.pad(indent + 1, into: &out)
                item.render(indent: indent + 1, into: &out)
            }
            out += "\n"
            Self.pad(indent, into: &out)
            out += "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (n, (key, value)) in pairs.enumerated() {
                if n > 0 { out += ",\n" }
                Self.pad(indent + 1, into: &out)
                Self.quote(key, into: &out)
                out += ": "
                value.render(indent: indent + 1, into: &out)
            }
            out += "\n"
            Self.pad(indent, into: &out)
            out += "}"
        }
    }

    private static func pad(_ level: Int, into out: inout String) {
        for _ in 0..<level { out += "  " }
    }

    static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// A JSON string literal. Over the UTF-8 bytes: every byte that needs escaping is ASCII, and
    /// the bytes between them are copied as they are (a scalar at a time was most of summary.json).
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        var s = s
        if s.withUTF8({ !$0.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }) {
            out += s
            out += "\""
            return
        }
        s.withUTF8 { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if run < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<i]), as: UTF8.self) }
                switch b {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                default:
                    let hex = String(b, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                run = i + 1
            }
            if run < bytes.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run...]), as: UTF8.self)
            }
        }
        out += "\""
    }
}

/// A value of a top-level JSON object written piece by piece: a plain value, or an array whose
/// elements are made and written one at a time (so a list of tens of thousands of files is never
/// in memory as text or as values). Written with the layout of `JSONValue.render`.
enum JSONStreamValue {
    case value(JSONValue)
    case array(count: Int, element: (Int) -> JSONValue)

    /// `pairs` as the object `{...}` at indent 0, exactly as `JSONValue.object(pairs).render()`.
    static func writeObject(_ pairs: [(String, JSONStreamValue)], to write: (String) throws -> Void) rethrows {
        if pairs.isEmpty { return try write("{}") }
        try write("{\n")
        for (n, (key, value)) in pairs.enumerated() {
            try write((n > 0 ? ",\n  " : "  ") + JSONValue.quote(key) + ": ")
            switch value {
            case let .value(v):
                try write(v.render(indent: 1))
            case let .array(count, element):
                if count == 0 {
                    try write("[]")
                    continue
                }
                try write("[\n")
                for i in 0..<count {
                    try write((i > 0 ? ",\n    " : "    ") + element(i).render(indent: 2))
                }
                try write("\n  ]")
            }
        }
        try write("\n}")
    }
}
