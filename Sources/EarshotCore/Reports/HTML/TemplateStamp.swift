import Foundation
import Mustache

/// A template rendered once with numbered placeholders in place of its texts, cut into literal
/// pieces and slots: rendering it again for values of the same shape is filling the slots.
///
/// Why: swift-mustache looks every `{{name}}` up dynamically (casts, reflection, a dictionary
/// lookup per level of the context, Character-by-Character escaping), about 3 µs a variable; a
/// report has tens of thousands of them (a row per month on every organization's page). A stamp
/// keeps swift-mustache as the one interpreter of the templates (sections, partials, whitespace,
/// comments: whatever the user writes) and pays it once per shape, not once per row.
///
/// The texts must not change how the template renders, only what it prints: flags and list
/// lengths are part of the shape, and `TemplateStamper` renders directly a template that applies
/// a transform to a value (`{{lowercased(name)}}`), names a partial by a value, or changes the
/// delimiters. A placeholder that does not come through whole (a transform we did not foresee)
/// also means rendering directly.
struct TemplateStamp: Sendable {
    enum Piece: Sendable {
        case literal(String)
        /// A text, HTML-escaped (`{{name}}`) or as it is (`{{{name}}}`, `{{&name}}`).
        case slot(Int, escaped: Bool)
    }

    let pieces: [Piece]
    /// The bytes of the literal pieces, to reserve the output's capacity.
    let literalBytes: Int

    /// Control characters never reach a template's values (`HTMLEscaping.clean` turns them into
    /// spaces), so they cannot be confused with text from an export.
    static let open: UInt8 = 0x01, close: UInt8 = 0x02

    /// Slot `slot` as it goes into the template: escaping turns its `&` into `&amp;`, which tells
    /// an escaped use from an unescaped one.
    static func placeholder(_ slot: Int) -> String { "\u{1}\(slot)&\u{2}" }

    /// Cuts a rendering with placeholders into pieces; nil when a placeholder is broken or names
    /// a slot that does not exist.
    init?(rendered: String, slots: Int) {
        var pieces: [Piece] = []
        var literalBytes = 0
        let bytes = Array(rendered.utf8)
        var start = 0, i = 0
        func literal(_ end: Int) {
            guard end > start else { return }
            pieces.append(.literal(String(decoding: bytes[start..<end], as: UTF8.self)))
            literalBytes += end - start
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == Self.close { return nil }
            guard byte == Self.open else { i += 1; continue }
            literal(i)
            var j = i + 1, slot = 0, digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 9 {
                slot = slot * 10 + Int(bytes[j] - 0x30)
                j += 1
                digits += 1
            }
            guard digits > 0, slot < slots else { return nil }
            let escaped: Bool
            if Self.matches(bytes, at: j, "&\u{2}") {
                escaped = false
                j += 2
            } else if Self.matches(bytes, at: j, "&amp;\u{2}") {
                escaped = true
                j += 6
            } else {
                return nil
            }
            pieces.append(.slot(slot, escaped: escaped))
            i = j
            start = j
        }
        literal(bytes.count)
        self.pieces = pieces
        self.literalBytes = literalBytes
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { expected in
            for k in 0..<count where bytes[index + k] != expected[k] { return false }
            return true
        }
    }

    /// Appends the stamp with its slots filled: slots below `texts.count` from `texts`, the
    /// others from `outerTexts`.
    func render(_ texts: [String], outer outerTexts: [String], into out: inout String) {
        for piece in pieces {
            switch piece {
            case .literal(let text):
                out += text
            case let .slot(slot, escaped):
                let text = slot < texts.count ? texts[slot] : outerTexts[slot - texts.count]
                if escaped { HTMLEscaping.appendEscaped(text, to: &out) } else { out += text }
            }
        }
    }
}

/// Renders one template (a page or a row partial) many times, through stamps cached by shape.
/// Shared by the threads of one report.
final class TemplateStamper: @unchecked Sendable {
    let name: String
    private let library: MustacheLibrary
    /// False when the template (or a partial it includes) could make two values of the same shape
    /// render differently: every rendering then goes through swift-mustache.
    let stampable: Bool
    private let lock = NSLock()
    /// By the shape of the outer record, then of the value; nil: the placeholders broke.
    private var stamps: [[Int]: [[Int]: TemplateStamp?]] = [:]
    private var directCount = 0
    private var keptStamps = 0
    private var madeCount = 0

    /// How many stamps were made (each is one rendering by swift-mustache, with placeholders).
    var stampsMade: Int { lock.withLock { madeCount } }
    private var unkeptCount = 0

    /// Stamps kept per template. The default templates have a few shapes each (flags, short
    /// lists); variable-length lists are rendered as row partials, not as a page's own list.
    static let stampLimit = 64

    /// How many stamps were made and not kept, the limit reached: a template whose shape varies
    /// with every value (a test checks none of the default templates does).
    var unkeptStamps: Int { lock.withLock { unkeptCount } }

    /// How many renderings went through swift-mustache value by value, for want of a stamp.
    var directRenderings: Int { lock.withLock { directCount } }

    /// The names the template (and the partials it includes) looks up, by their first part;
    /// nil when a tag is not a plain name (a transform). A row whose own fields hold every one
    /// of them renders the same inside any page, so its stamp is shared by all pages.
    let referencedNames: Set<String>?

    init(name: String, library: MustacheLibrary, stampable: Bool, texts: [String: String] = [:]) {
        self.name = name
        self.library = library
        self.stampable = stampable
        self.referencedNames = Self.names(name, texts: texts)
    }

    /// Renders `record` (a page), or each of `records` (rows, one after the other) with the
    /// fields of `outer` in scope too, as a Mustache section would see them.
    func render(_ records: [TemplateRecord], outer: TemplateRecord? = nil) throws -> String {
        var outerShape: [Int] = [], outerTexts: [String] = []
        outer?.collect(shape: &outerShape, texts: &outerTexts)
        var out = ""
        var local: [[Int]: TemplateStamp?] = [:]
        var shape: [Int] = [], texts: [String] = []
        var outerObject: [String: Any]?
        for record in records {
            shape.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
            record.collect(shape: &shape, texts: &texts)
            // A row that holds every name its template looks up does not see the page: its
            // stamp is keyed by its own shape alone (the page's flags vary from page to page).
            let ownFields = outer != nil && referencedNames.map { $0.isSubset(of: record.names) } == true
            if ownFields { shape.append(-1) }
            let stamp: TemplateStamp?
            if !stampable {
                stamp = nil
            } else if let known = local[shape] {
                stamp = known
            } else if ownFields {
                stamp = self.stamp(record, shape: shape, slots: texts.count, outer: nil, outerShape: [], outerSlots: 0)
                local[shape] = stamp
            } else {
                stamp = self.stamp(record, shape: shape, slots: texts.count, outer: outer, outerShape: outerShape,
                                   outerSlots: outerTexts.count)
                local[shape] = stamp
            }
            if let stamp {
                if out.isEmpty {
                    out.reserveCapacity((stamp.literalBytes + texts.reduce(0) { $0 + $1.utf8.count }) * records.count + 64)
                }
                stamp.render(texts, outer: outerTexts, into: &out)
            } else {
                if outerObject == nil, let outer { outerObject = outer.mustacheObject }
                out += try direct(record.mustacheObject, outer: outerObject)
                lock.withLock { directCount += 1 }
            }
        }
        return out
    }

    /// The stamp for a shape, from the cache or rendered now.
    private func stamp(_ record: TemplateRecord, shape: [Int], slots: Int, outer: TemplateRecord?, outerShape: [Int],
                       outerSlots: Int) -> TemplateStamp? {
        if let known = lock.withLock({ stamps[outerShape]?[shape] }) { return known }
        var next = 0
        let object = record.placeholderObject(next: &next)
        let outerObject = outer.map { $0.placeholderObject(next: &next) }
        let made = (try? direct(object, outer: outerObject)).flatMap { TemplateStamp(rendered: $0, slots: slots + outerSlots) }
        lock.withLock {
            // A stamp is as long as the page: a template whose shape changes with every page (a
            // list of its own length on each) would keep a page's worth per organization, 660 MB
            // at 2,000 organizations. Past the limit a stamp is used once and not kept.
            madeCount += 1
            if keptStamps < Self.stampLimit {
                stamps[outerShape, default: [:]][shape] = .some(made)
                keptStamps += 1
            } else {
                unkeptCount += 1
            }
        }
        return made
    }

    private func direct(_ object: [String: Any], outer: [String: Any]?) throws -> String {
        let context: Any = outer.map { TemplateScope(inner: object, outer: $0) } ?? object
        guard let text = library.render(context, withTemplate: name) else { throw HTMLReportError.templateMissing(name: name) }
        return text
    }

    /// Whether two values of the same shape always render `name` alike but for their texts: no
    /// transform applied to a value, no partial named by a value, no change of delimiters (which
    /// would hide the rest from this check), no placeholder character in the text; the same for
    /// every partial it includes.
    static func isStampable(_ name: String, texts: [String: String]) -> Bool {
        var seen: Set<String> = [name]
        var pending = [name]
        while let current = pending.popLast() {
            guard let text = texts[current] else { continue }
            for tag in tags(text) {
                let bytes = tag.drop { $0 == 0x20 || $0 == 0x09 }
                guard let kind = bytes.first else { continue }
                switch kind {
                case UInt8(ascii: "!"): continue
                case UInt8(ascii: "="): return false
                case UInt8(ascii: ">"), UInt8(ascii: "<"):
                    let partial = String(decoding: bytes.dropFirst(), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    if partial.hasPrefix("*") { return false }
                    if seen.insert(partial).inserted { pending.append(partial) }
                default:
                    // A transform: `name(argument)`; only the sequence's own (`first()`) are safe.
                    guard let open = bytes.firstIndex(of: UInt8(ascii: "(")) else { continue }
                    let argument = bytes[(open + 1)...].prefix { $0 != UInt8(ascii: ")") }
                    if argument.contains(where: { $0 != 0x20 && $0 != 0x09 }) { return false }
                }
            }
            if text.utf8.contains(where: { $0 == TemplateStamp.open || $0 == TemplateStamp.close }) { return false }
        }
        return true
    }

    /// The first parts of the names the template `name` and its partials look up (`{{a.b}}`
    /// looks up `a`; `{{.}}` none); nil when a tag applies a transform or a text is missing.
    static func names(_ name: String, texts: [String: String]) -> Set<String>? {
        var names: Set<String> = []
        var seen: Set<String> = [name]
        var pending = [name]
        while let current = pending.popLast() {
            guard let text = texts[current] else { return nil }
            for tag in tags(text) {
                var body = String(decoding: tag, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard let sigil = body.first else { continue }
                switch sigil {
                case "!": continue
                case "=": return nil
                case ">", "<":
                    let partial = body.dropFirst().trimmingCharacters(in: .whitespaces)
                    if seen.insert(partial).inserted { pending.append(partial) }
                    continue
                case "#", "^", "/", "&", "{": body = body.dropFirst().trimmingCharacters(in: .whitespaces)
                default: break
                }
                if body.hasSuffix("}") { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
                if body == "." { continue }
                guard !body.isEmpty, !body.contains("("), !body.hasPrefix(".") else { return nil }
                names.insert(String(body.prefix { $0 != "." }))
            }
        }
        return names
    }

    /// The insides of the `{{...}}` tags of a template text, as bytes.
    private static func tags(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}")
        var out: [ArraySlice<UInt8>] = []
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == brace, bytes[i + 1] == brace else { i += 1; continue }
            var j = i + 2
            while j + 1 < bytes.count, !(bytes[j] == closing && bytes[j + 1] == closing) { j += 1 }
            guard j + 1 < bytes.count else { break }
            out.append(bytes[(i + 2)..<j])
            i = j + 2
        }
        return out
    }
}

/// A row inside its page, as a Mustache section sees it: names are looked up in the row first,
/// then in the page.
struct TemplateScope: MustacheParent {
    let inner: [String: Any]
    let outer: [String: Any]

    func child(named name: String) -> Any? { inner[name] ?? outer[name] }
}
