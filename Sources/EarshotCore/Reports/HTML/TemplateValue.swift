/// A value as the report's templates see it: display text, a flag for a section, a list or a
/// record of named fields. The page models build these directly (no reflection), and
/// `TemplateStamp` can tell from them what stays the same between two renderings.
enum TemplateValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case record(TemplateRecord)

    /// The value as swift-mustache reads it: `String`, `Bool`, `[Any]` or `[String: Any]`.
    var mustacheObject: Any {
        switch self {
        case .text(let text): return text
        case .flag(let flag): return flag
        case .list(let items): return items.map(\.mustacheObject)
        case .record(let record): return record.mustacheObject
        }
    }

    /// Appends what a stamp depends on to `shape` (flags, list lengths, the layout of records) and
    /// the texts, in a fixed order, to `texts`: two values with the same shape render alike except
    /// for their texts.
    func collect(shape: inout [Int], texts: inout [String]) {
        switch self {
        case .text(let text):
            shape.append(0)
            texts.append(text)
        case .flag(let flag):
            shape.append(flag ? 2 : 1)
        case .list(let items):
            shape.append(3)
            shape.append(items.count)
            for item in items { item.collect(shape: &shape, texts: &texts) }
        case .record(let record):
            record.collect(shape: &shape, texts: &texts)
        }
    }

    /// The value as swift-mustache reads it, with every text replaced by the placeholder of its
    /// slot (numbered in `collect`'s order, from `next`).
    func placeholderObject(next: inout Int) -> Any {
        switch self {
        case .text:
            defer { next += 1 }
            return TemplateStamp.placeholder(next)
        case .flag(let flag): return flag
        case .list(let items): return items.map { $0.placeholderObject(next: &next) }
        case .record(let record): return record.placeholderObject(next: &next)
        }
    }
}

/// Named fields in the order they were set. A stamp numbers the texts in that order and does not
/// look at the names, so the code that builds one kind of record sets the same fields in the
/// same order every time (never a field only sometimes: flags say what is missing).
struct TemplateRecord: Sendable, ExpressibleByDictionaryLiteral {
    private(set) var names: [String] = []
    private(set) var values: [TemplateValue] = []

    init(dictionaryLiteral fields: (String, TemplateValue)...) {
        names.reserveCapacity(fields.count)
        values.reserveCapacity(fields.count)
        for (name, value) in fields {
            names.append(name)
            values.append(value)
        }
    }

    /// A field; setting one that exists replaces its value in place.
    subscript(name: String) -> TemplateValue? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else { names.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    var mustacheObject: [String: Any] {
        var fields: [String: Any] = Dictionary(minimumCapacity: names.count)
        for (name, value) in zip(names, values) { fields[name] = value.mustacheObject }
        return fields
    }

    func collect(shape: inout [Int], texts: inout [String]) {
        shape.append(4)
        shape.append(values.count)
        for value in values { value.collect(shape: &shape, texts: &texts) }
    }

    func placeholderObject(next: inout Int) -> [String: Any] {
        var fields: [String: Any] = Dictionary(minimumCapacity: names.count)
        for (name, value) in zip(names, values) { fields[name] = value.placeholderObject(next: &next) }
        return fields
    }
}
