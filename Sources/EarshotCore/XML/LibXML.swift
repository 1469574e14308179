import CEarshotXML

// The only file that touches libxml2. Everything else sees `XMLStreamReader`, `XMLReadError` and
// `HTMLText`.

/// libxml2 wants `xmlInitParser` once per process before parsers run on several threads; a Swift
/// global is initialised exactly once, thread-safely, on first use.
private let libxml2Ready: Bool = {
    xmlInitParser()
    return true
}()

/// Malformed XML: where libxml2 stopped and what it said.
public struct XMLReadError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): malformed XML: \(message)" }
}

/// What the cursor of an `XMLStreamReader` is on. Comments and processing instructions are skipped.
public enum XMLNodeKind: Sendable, Equatable {
    case element
    case endElement
    /// Character data, CDATA sections and white space alike.
    case text
}

/// A forward-only cursor over an XML document read from a `ByteSource`, in bounded memory.
///
/// Built on libxml2's SAX2 push parser fed 64 KiB at a time, rather than on `xmlTextReader`:
/// the text reader keeps an element's line in a 16-bit field (every line past 65,535 reads as
/// 65,535) and allocates a tree node per node; here each start tag's line is exact and nothing
/// but a small queue of pending nodes is kept. Errors go to a handler on this reader's own parser
/// context, never to libxml2's global error state, so several files parse safely on several
/// threads.
///
/// Security: no network (`XML_PARSE_NONET`) and no external DTD or external entity is ever
/// loaded: a reference to an external entity is dropped. The five predefined entities and numeric
/// character references decode as usual. Of the entities a DTD declares, only internal ones whose
/// value is plain text are kept and substituted, up to 16 MB per document; an entity whose value
/// holds markup or references (the "billion laughs" shape, which `XML_PARSE_HUGE` would otherwise
/// expand without limit) is left undeclared, so that using it is an error.
///
/// Invalid UTF-8 (and characters XML forbids, such as most C0 controls) in a UTF-8 document is
/// replaced by U+FFFD before parsing, as formats.md asks, and counted in `replacedCharacters`.
public final class XMLStreamReader {
    public let fileName: String

    /// The current node.
    public var nodeType: XMLNodeKind { current.kind }
    /// The element's name without prefix (`creator` for `dc:creator`); empty for text.
    public var localName: String { current.localName }
    /// The element's namespace prefix as written (`dc`), or nil.
    public var prefix: String? { current.prefix }
    /// The element's namespace URI, or nil.
    public var namespaceURI: String? { current.namespaceURI }
    /// 0 for the root element; an end element has the depth of its start; text inside an element
    /// is one deeper than the element.
    public var depth: Int { current.depth }
    /// `<a/>` or `<a></a>`: no end element follows.
    public var isEmptyElement: Bool { current.isEmpty }
    /// The physical line of the node (for an element, the line of its start tag's `>`).
    public var line: Int { current.line }
    /// The text of a text node; empty otherwise.
    public var text: String { String(decoding: current.text, as: UTF8.self) }
    /// Invalid UTF-8 sequences and characters XML forbids that were replaced by U+FFFD.
    public var replacedCharacters: Int { repair?.replaced ?? 0 }

    private let source: ByteSource
    fileprivate var context: xmlParserCtxtPtr?
    private let chunk: UnsafeMutableRawBufferPointer
    private var repair: UTF8Repair?
    private var repaired: [UInt8] = []

    /// Parsed nodes not yet visited, oldest first from `queueHead`.
    fileprivate var queue: [XMLNode] = []
    private var queueHead = 0
    private var current = XMLNode(kind: .text, depth: 0, line: 0)
    /// Depth of the next node the parser reports.
    fileprivate var parseDepth = 0
    /// Element names come from libxml2's dictionary, so one String per distinct name suffices.
    fileprivate var names: [UnsafePointer<xmlChar>: String] = [:]
    fileprivate var fatalError: XMLReadError?
    /// Bytes of entity values substituted so far (capped: a small document must not expand into
    /// gigabytes).
    fileprivate var substitutedEntityBytes = 0
    fileprivate static let maxSubstitutedEntityBytes = 16 << 20
    /// The error to throw once the queued nodes have been visited (parse or source error).
    private var pendingError: Error?
    private var parseFinished = false

    /// - Parameter fileName: the name errors carry.
    public init(source: ByteSource, fileName: String) throws {
        _ = libxml2Ready
        self.source = source
        self.fileName = fileName
        chunk = .allocate(byteCount: 64 * 1024, alignment: 16)

        // The first bytes decide the encoding, as libxml2 itself does.
        var filled = 0
        do {
            while filled < 1024 {
                let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[filled...]))
                if n == 0 { parseFinished = true; break }
                filled += n
            }
        } catch {
            pendingError = error
        }
        let start = UnsafeRawBufferPointer(rebasing: chunk[..<filled])
        if UTF8Repair.applies(toDocumentStartingWith: start) { repair = UTF8Repair() }

        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        installCallbacks(&sax)
        let first = prepare(start, final: false)
        let created: xmlParserCtxtPtr? = first.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                xmlCreatePushParserCtxt(&sax, nil, $0.baseAddress, Int32($0.count), fileName)
            }
        }
        guard let created else {
            throw XMLReadError(file: fileName, line: 0, column: 0, message: "libxml2 could not create a parser")
        }
        context = created
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue
        xmlCtxtUseOptions(created, Int32(options))
        // Callbacks find this reader through the context; libxml2 never touches `_private`.
        created.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        if parseFinished { feed(prepare(UnsafeRawBufferPointer(start: nil, count: 0), final: true), final: true) }
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            context.pointee.myDoc = nil
            xmlFreeParserCtxt(context)
        }
        chunk.deallocate()
    }

    /// Moves to the next node; false at the end of the document. Throws `XMLReadError` where the
    /// document is malformed, or the source's own error (such as a truncated gzip file), after all
    /// the nodes before that point have been visited.
    public func next() throws -> Bool {
        // Keep one node of look-ahead: it tells whether an element is empty and lets a text node
        // split across chunks arrive whole.
        while queue.count - queueHead < 2 && !parseFinished && pendingError == nil {
            pump()
        }
        guard queueHead < queue.count else {
            if let pendingError { throw pendingError }
            return false
        }
        current = queue[queueHead]
        queueHead += 1
        if current.kind == .element, queueHead < queue.count,
           queue[queueHead].kind == .endElement, queue[queueHead].depth == current.depth {
            current.isEmpty = true
            queueHead += 1
        }
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead > 4096 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return true
    }

    /// The value of the current element's attribute with this local name, entities decoded.
    public func attribute(_ name: String) -> String? {
        current.attributes.first { $0.name == name }?.value
    }

    /// The text and CDATA of the current element's whole subtree, concatenated, leaving the cursor
    /// on the element's end (or on the element itself when it is empty). On a text node, its text.
    public func readElementText() throws -> String {
        switch current.kind {
        case .text: return text
        case .endElement: return ""
        case .element:
            if current.isEmpty { return "" }
            let elementDepth = current.depth
            var bytes: [UInt8] = []
            while try next() {
                switch current.kind {
                case .text: bytes.append(contentsOf: current.text)
                case .endElement where current.depth == elementDepth:
                    return String(decoding: bytes, as: UTF8.self)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Moves past the current element's subtree, leaving the cursor on its end.
    public func skipElement() throws {
        guard current.kind == .element, !current.isEmpty else { return }
        let elementDepth = current.depth
        while try next() {
            if current.kind == .endElement && current.depth == elementDepth { return }
        }
    }

    // MARK: Feeding the parser

    private func pump() {
        let n: Int
        do {
            n = try source.read(into: chunk)
        } catch {
            pendingError = error
            return
        }
        if n == 0 {
            parseFinished = true
            feed(prepare(UnsafeRawBufferPointer(start: nil, count: 0), final: true), final: true)
        } else {
            feed(prepare(UnsafeRawBufferPointer(rebasing: chunk[..<n]), final: false), final: false)
        }
    }

    /// The bytes to give libxml2: repaired when the document is UTF-8.
    private func prepare(_ bytes: UnsafeRawBufferPointer, final: Bool) -> [UInt8] {
        guard var fixer = repair else { return Array(bytes) }
        repaired.removeAll(keepingCapacity: true)
        fixer.repair(bytes, final: final, into: &repaired)
        repair = fixer
        return repaired
    }

    private func feed(_ bytes: [UInt8], final: Bool) {
        guard let context else { return }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                _ = xmlParseChunk(context, $0.baseAddress, Int32($0.count), final ? 1 : 0)
            }
        }
        if let fatalError {
            pendingError = fatalError
            parseFinished = true
        } else if final && context.pointee.wellFormed == 0 {
            pendingError = XMLReadError(file: fileName, line: Int(context.pointee.input?.pointee.line ?? 0),
                                        column: Int(context.pointee.input?.pointee.col ?? 0),
                                        message: "document is not well-formed")
        }
    }

    // MARK: Parser callbacks

    fileprivate func appendText(_ bytes: UnsafePointer<xmlChar>, count: Int, line: Int) {
        let text = UnsafeBufferPointer(start: bytes, count: count)
        if let last = queue.indices.last, last >= queueHead, queue[last].kind == .text {
            queue[last].text.append(contentsOf: text)
        } else {
            var node = XMLNode(kind: .text, depth: parseDepth, line: line)
            node.text = Array(text)
            queue.append(node)
        }
    }

    fileprivate func name(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        if let known = names[pointer] { return known }
        let name = String(cString: pointer)
        names[pointer] = name
        return name
    }
}

/// One parsed node waiting in the queue.
fileprivate struct XMLNode {
    var kind: XMLNodeKind
    var depth: Int
    var line: Int
    var localName = ""
    var prefix: String?
    var namespaceURI: String?
    var attributes: [(name: String, value: String)] = []
    var text: [UInt8] = []
    var isEmpty = false

    init(kind: XMLNodeKind, depth: Int, line: Int) {
        self.kind = kind
        self.depth = depth
        self.line = line
    }
}

/// The reader a callback belongs to, or nil while libxml2 parses a declared entity's content on a
/// context of its own (those nodes are not part of the document as read: entities are not
/// substituted).
private func owningReader(_ ctx: UnsafeMutableRawPointer?) -> XMLStreamReader? {
    guard let ctx else { return nil }
    let context = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let opaque = context.pointee._private else { return nil }
    let reader = Unmanaged<XMLStreamReader>.fromOpaque(opaque).takeUnretainedValue()
    return reader.ownsContext(context) ? reader : nil
}

private func currentLine(_ ctx: UnsafeMutableRawPointer?) -> Int {
    Int(xmlSAX2GetLineNumber(ctx))
}

extension XMLStreamReader {
    fileprivate func ownsContext(_ candidate: xmlParserCtxtPtr) -> Bool { context == candidate }

    fileprivate func installCallbacks(_ sax: inout xmlSAXHandler) {
        sax.startElementNs = { ctx, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let reader = owningReader(ctx) else { return }
            var node = XMLNode(kind: .element, depth: reader.parseDepth, line: currentLine(ctx))
            node.localName = reader.name(localName) ?? ""
            node.prefix = reader.name(prefix)
            node.namespaceURI = reader.name(uri)
            if attributeCount > 0, let attributes {
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                for i in 0..<Int(attributeCount) {
                    guard let name = attributes[5 * i], let start = attributes[5 * i + 3],
                          let end = attributes[5 * i + 4] else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    node.attributes.append((reader.name(name) ?? "", decodeAmpersands(value)))
                }
            }
            reader.queue.append(node)
            reader.parseDepth += 1
        }
        sax.endElementNs = { ctx, localName, prefix, uri in
            guard let reader = owningReader(ctx) else { return }
            reader.parseDepth -= 1
            var node = XMLNode(kind: .endElement, depth: reader.parseDepth, line: currentLine(ctx))
            node.localName = reader.name(localName) ?? ""
            node.prefix = reader.name(prefix)
            node.namespaceURI = reader.name(uri)
            reader.queue.append(node)
        }
        sax.characters = { ctx, bytes, count in
            guard let reader = owningReader(ctx), let bytes, count > 0 else { return }
            reader.appendText(bytes, count: Int(count), line: currentLine(ctx))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        sax.entityDecl = { ctx, name, type, publicID, systemID, content in
            guard let ctx else { return }
            switch Int(type) {
            case Int(XML_INTERNAL_GENERAL_ENTITY.rawValue):
                // Plain text only: a value with `&` or `<` could nest references exponentially.
                guard let content, xmlStrchr(content, UInt8(ascii: "&")) == nil,
                      xmlStrchr(content, UInt8(ascii: "<")) == nil else { return }
            case Int(XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue), Int(XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue):
                // Declared so that a reference is not an error; never loaded (no XML_PARSE_NOENT).
                break
            default:
                // Parameter entities: never declared, never expanded.
                return
            }
            xmlSAX2EntityDecl(ctx, name, type, publicID, systemID, content)
        }
        sax.reference = { ctx, name in
            guard let reader = owningReader(ctx), let name, let context = reader.context,
                  let document = context.pointee.myDoc, let entity = xmlGetDocEntity(document, name),
                  entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content else { return }
            let count = Int(xmlStrlen(content))
            reader.substitutedEntityBytes += count
            if reader.substitutedEntityBytes > XMLStreamReader.maxSubstitutedEntityBytes {
                if reader.fatalError == nil {
                    reader.fatalError = XMLReadError(file: reader.fileName, line: currentLine(ctx), column: 0,
                                                     message: "entities expand to more than 16 MB")
                }
                xmlStopParser(context)
                return
            }
            reader.appendText(content, count: count, line: currentLine(ctx))
        }
        sax.comment = nil
        sax.processingInstruction = nil
        sax.warning = nil
        sax.error = nil
        sax.fatalError = nil
        // An error handler on this parser's own context: thread-safe, and silent on stderr.
        sax.serror = { data, error in
            guard let data, let error else { return }
            let context = data.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let opaque = context.pointee._private else { return }
            let reader = Unmanaged<XMLStreamReader>.fromOpaque(opaque).takeUnretainedValue()
            // Namespace and other recoverable errors (level ERROR) do not stop the parser.
            guard error.pointee.level == XML_ERR_FATAL, reader.fatalError == nil else { return }
            var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            reader.fatalError = XMLReadError(file: reader.fileName, line: Int(error.pointee.line),
                                             column: Int(error.pointee.int2), message: message)
        }
    }
}

/// Without entity substitution libxml2 hands attribute values to SAX with `&` (from `&amp;` or
/// `&#38;`) still written as `&#38;`; everything else is already decoded.
private func decodeAmpersands(_ value: String) -> String {
    value.contains("&#38;") ? value.replacingAll("&#38;", with: "&") : value
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

// MARK: - HTML

/// Plain text and link targets of an HTML fragment (Mastodon content, feed descriptions).
public enum HTMLText {
    /// Tags stripped, entities decoded, white space collapsed as a browser would; paragraphs and
    /// block elements are separated by a blank line or a line break, `<br>` is a line break.
    /// `links` are the `href` targets of `<a>` elements in document order, except anchors that
    /// show a mention or a hashtag (text starting with `@` or `#`, or Mastodon's `mention` and
    /// `hashtag` classes): in the text those are `@x` and `#x`, not links.
    public static func extract(_ html: String) -> (text: String, links: [String]) {
        _ = libxml2Ready
        var html = html
        guard !html.isEmpty else { return ("", []) }
        let options = HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue
        let document: htmlDocPtr? = html.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                htmlReadMemory($0.baseAddress, Int32(clamping: $0.count), nil, "UTF-8", Int32(options))
            }
        }
        guard let document else { return ("", []) }
        defer { xmlFreeDoc(document) }
        var writer = PlainTextWriter()
        var links: [String] = []
        if let root = xmlDocGetRootElement(document) { walk(root, into: &writer, links: &links) }
        return (writer.text, links)
    }

    private static let paragraphElements: Set<String> = [
        "p", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "figure", "hr",
    ]
    private static let lineElements: Set<String> = [
        "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside", "nav",
        "figcaption", "address", "main",
    ]
    private static let invisibleElements: Set<String> = ["script", "style", "head", "title", "template"]

    /// Iterative, so that deeply nested input cannot exhaust the stack.
    private static func walk(_ root: xmlNodePtr, into writer: inout PlainTextWriter, links: inout [String]) {
        enum Step { case enter(xmlNodePtr), leave(String) }
        var steps: [Step] = [.enter(root)]
        var preformatted = 0
        while let step = steps.popLast() {
            switch step {
            case let .leave(name):
                if name == "pre" { preformatted -= 1 }
                if paragraphElements.contains(name) { writer.requestBreak(2) }
                if lineElements.contains(name) { writer.requestBreak(1) }
            case let .enter(node):
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = node.pointee.content {
                        writer.append(String(cString: content), preformatted: preformatted > 0)
                    }
                case XML_ELEMENT_NODE:
                    let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                    if invisibleElements.contains(name) { continue }
                    if name == "br" { writer.lineBreak(); continue }
                    if name == "pre" { preformatted += 1 }
                    if paragraphElements.contains(name) { writer.requestBreak(2) }
                    if lineElements.contains(name) { writer.requestBreak(1) }
                    if name == "a", let href = property(node, "href"), !href.isEmpty, !showsMentionOrHashtag(node) {
                        links.append(href)
                    }
                    steps.append(.leave(name))
                    var children: [xmlNodePtr] = []
                    var child = node.pointee.children
                    while let current = child {
                        children.append(current)
                        child = current.pointee.next
                    }
                    for child in children.reversed() { steps.append(.enter(child)) }
                default:
                    continue
                }
            }
        }
    }

    /// An attribute's value, read from the tree (no libxml2 allocation to free).
    private static func property(_ node: xmlNodePtr, _ name: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, String(cString: attributeName).lowercased() == name {
                // An attribute keeps its value as text children, like an element.
                return textContent(of: UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
                    .trimmingASCIIWhitespace()
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The concatenated text below a node.
    private static func textContent(of node: xmlNodePtr) -> String {
        var result = ""
        var pending: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child { pending.append(current); child = current.pointee.next }
        pending.reverse()
        while let current = pending.popLast() {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                if let content = current.pointee.content { result += String(cString: content) }
            } else {
                var grandchildren: [xmlNodePtr] = []
                var next = current.pointee.children
                while let item = next { grandchildren.append(item); next = item.pointee.next }
                pending.append(contentsOf: grandchildren.reversed())
            }
        }
        return result
    }

    private static func showsMentionOrHashtag(_ node: xmlNodePtr) -> Bool {
        let classes = (property(node, "class") ?? "").split(separator: " ")
        if classes.contains("mention") || classes.contains("hashtag") { return true }
        if property(node, "rel")?.split(separator: " ").contains("tag") == true { return true }
        let shown = textContent(of: node).trimmingASCIIWhitespace()
        return shown.hasPrefix("@") || shown.hasPrefix("#")
    }
}

/// Builds text the way a browser lays it out: runs of white space become one space, and breaks
/// are only written between two pieces of text (never leading or trailing).
private struct PlainTextWriter {
    private(set) var text = ""
    private var pendingBreaks = 0
    private var pendingSpace = false

    mutating func requestBreak(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
        pendingSpace = false
    }

    mutating func lineBreak() {
        pendingBreaks += 1
        pendingSpace = false
    }

    mutating func append(_ piece: String, preformatted: Bool) {
        for character in piece {
            if preformatted && (character == "\n" || character == "\r\n") {
                lineBreak()
            } else if character.isHTMLWhitespace && !preformatted {
                if pendingBreaks == 0 { pendingSpace = true }
            } else {
                if !text.isEmpty {
                    if pendingBreaks > 0 {
                        text += String(repeating: "\n", count: pendingBreaks)
                    } else if pendingSpace {
                        text += " "
                    }
                }
                pendingBreaks = 0
                pendingSpace = false
                text.append(character)
            }
        }
    }
}

extension Character {
    /// HTML's ASCII white space; U+00A0 (`&nbsp;`) is kept as text.
    fileprivate var isHTMLWhitespace: Bool {
        self == " " || self == "\t" || self == "\n" || self == "\r" || self == "\r\n" || self == "\u{0C}"
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isHTMLWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isHTMLWhitespace { slice.removeLast() }
        return String(slice)
    }
}
