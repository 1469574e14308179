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
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case let .string(s): return Self.quote(s)
        case let .int(i): return String(i)
        case let .double(d): return d.isFinite ? String(d) : "null"
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case let .object(pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { pad + Self.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
