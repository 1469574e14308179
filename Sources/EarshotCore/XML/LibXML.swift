import CEarshotXML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    public var localName: String { name(current.name) ?? "" }
    /// The element's namespace prefix as written (`dc`), or nil.
    public var prefix: String? { name(current.prefix) }
    /// The element's namespace URI, or nil.
    public var namespaceURI: String? { name(current.uri) }
    /// 0 for the root element; an end element has the depth of its start; text inside an element
    /// is one deeper than the element.
    public var depth: Int { current.depth }
    /// `<a/>` or `<a></a>`: no end element follows.
    public var isEmptyElement: Bool { current.isEmpty }
    /// The physical line of the node (for an element, the line of its start tag's `>`).
    public var line: Int { current.line }
    /// The text of a text node; empty otherwise.
    public var text: String { string(of: current) }
    /// Invalid UTF-8 sequences and characters XML forbids that were replaced by U+FFFD.
    public var replacedCharacters: Int { repair?.replaced ?? 0 }

    private let source: ByteSource
    /// What the parser callbacks write, behind a pointer: libxml2 reaches it through the context's
    /// `_private` without reference counting, and Swift's dynamic exclusivity checks on class
    /// properties (a fifth of the time, measured) do not apply.
    private let state: UnsafeMutablePointer<ParseState>
    private let chunk: UnsafeMutableRawBufferPointer
    private var repair: UTF8Repair?
    private var repaired: [UInt8] = []
    private var queueHead = 0
    private var current = XMLNode(kind: .text, depth: 0, line: 0)
    /// Element names come from libxml2's dictionary, so one String per distinct name suffices.
    private var names: [UnsafePointer<xmlChar>: String] = [:]
    /// The error to throw once the queued nodes have been visited (parse or source error).
    private var pendingError: Error?
    private var parseFinished = false
    /// Refuses a tag with too many attributes before libxml2 sees it (ResourceLimits).
    private var markupGuard: XMLMarkupGuard

    /// - Parameter fileName: the name errors carry.
    public init(source: ByteSource, fileName: String) throws {
        _ = libxml2Ready
        self.source = source
        self.fileName = fileName
        let limits = ResourceLimits.current
        markupGuard = XMLMarkupGuard(maxAttributes: limits.maxXMLAttributes)
        chunk = .allocate(byteCount: 64 * 1024, alignment: 16)
        state = .allocate(capacity: 1)
        state.initialize(to: ParseState(fileName: fileName, maxTextBytes: limits.maxRecordBytes, maxDepth: limits.maxXMLDepth))

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
        let created: xmlParserCtxtPtr? = withPrepared(start, final: false) { bytes in
            _ = markupGuard.admit(UnsafeRawBufferPointer(bytes))  // 1 KiB cannot hold too many
            return xmlCreatePushParserCtxt(&sax, nil, bytes.baseAddress, Int32(bytes.count), fileName)
        }
        guard let created else {
            throw XMLReadError(file: fileName, line: 0, column: 0, message: "libxml2 could not create a parser")
        }
        state.pointee.context = created
        xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue))
        // Callbacks find the state through the context; libxml2 never touches `_private`.
        created.pointee._private = UnsafeMutableRawPointer(state)
        // Nothing is parsed until a chunk is fed: parse the first bytes now if no more will come.
        if parseFinished || pendingError != nil {
            feed(UnsafeRawBufferPointer(start: nil, count: 0), final: parseFinished)
        }
    }

    deinit {
        if let context = state.pointee.context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            context.pointee.myDoc = nil
            xmlFreeParserCtxt(context)
        }
        state.deinitialize(count: 1)
        state.deallocate()
        chunk.deallocate()
    }

    /// Moves to the next node; false at the end of the document. Throws `XMLReadError` where the
    /// document is malformed, or the source's own error (such as a truncated gzip file), after all
    /// the nodes before that point have been visited.
    public func next() throws -> Bool {
        // Keep one node of look-ahead: it tells whether an element is empty and lets a text node
        // split across chunks arrive whole.
        while state.pointee.queue.count - queueHead < 2 && !parseFinished && pendingError == nil {
            pump()
        }
        let queueCount = state.pointee.queue.count
        guard queueHead < queueCount else {
            if let pendingError { throw pendingError }
            return false
        }
        current = state.pointee.queue[queueHead]
        queueHead += 1
        if current.kind == .element, queueHead < queueCount {
            let following = state.pointee.queue[queueHead]
            if following.kind == .endElement && following.depth == current.depth {
                current.isEmpty = true
                queueHead += 1
            }
        }
        return true
    }

    /// The value of the current element's attribute with this local name, entities decoded.
    public func attribute(_ name: String) -> String? {
        guard current.kind == .element, current.attributeCount > 0 else { return nil }
        let range = current.attributeStart..<(current.attributeStart + current.attributeCount)
        for attribute in state.pointee.attributeArena[range] where self.name(attribute.name) == name {
            return attribute.value
        }
        return nil
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
            // Most elements hold one text node: one String, no intermediate buffer.
            var result = ""
            while try next() {
                switch current.kind {
                case .text: result += string(of: current)
                case .endElement where current.depth == elementDepth: return result
                default: break
                }
            }
            return result
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
        compactQueue()
        let n: Int
        do {
            n = try source.read(into: chunk)
        } catch {
            pendingError = error
            return
        }
        if n == 0 { parseFinished = true }
        feed(UnsafeRawBufferPointer(rebasing: chunk[..<n]), final: n == 0)
    }

    /// Calls `body` with the bytes to give libxml2: repaired when the document is UTF-8 and the
    /// chunk needs it, else the chunk itself.
    private func withPrepared<T>(_ bytes: UnsafeRawBufferPointer, final: Bool,
                                 _ body: (UnsafeBufferPointer<CChar>) -> T) -> T {
        if var fixer = repair, fixer.needsRepair(bytes, final: final) {
            repaired.removeAll(keepingCapacity: true)
            fixer.repair(bytes, final: final, into: &repaired)
            repair = fixer
            return repaired.withUnsafeBytes { body($0.bindMemory(to: CChar.self)) }
        }
        return body(bytes.bindMemory(to: CChar.self))
    }

    private func feed(_ bytes: UnsafeRawBufferPointer, final: Bool) {
        guard let context = state.pointee.context else { return }
        let admitted = withPrepared(bytes, final: final) { prepared -> Bool in
            guard markupGuard.admit(UnsafeRawBufferPointer(prepared)) else { return false }
            _ = xmlParseChunk(context, prepared.baseAddress, Int32(prepared.count), final ? 1 : 0)
            return true
        }
        if !admitted, state.pointee.fatalError == nil {
            state.pointee.fatalError = XMLReadError(
                file: fileName, line: Int(context.pointee.input?.pointee.line ?? 0), column: 0,
                message: "an element with more than \(markupGuard.maxAttributes) attributes (at byte \(markupGuard.refusedAt))")
        }
        if let fatalError = state.pointee.fatalError {
            pendingError = fatalError
            parseFinished = true
        } else if final && context.pointee.wellFormed == 0 {
            pendingError = XMLReadError(file: fileName, line: Int(context.pointee.input?.pointee.line ?? 0),
                                        column: Int(context.pointee.input?.pointee.col ?? 0),
                                        message: "document is not well-formed")
        }
    }

    /// Drops the visited nodes before the parser adds more. The caller has moved past `current`,
    /// so only the unvisited nodes (at most a look-ahead or two) are kept, with their text and
    /// attributes moved to the front of the arenas.
    private func compactQueue() {
        guard queueHead > 0 else { return }
        state.pointee.keepNodes(from: queueHead)
        queueHead = 0
    }

    private func string(of node: XMLNode) -> String {
        guard node.textCount > 0 else { return "" }
        return state.pointee.textArena.withUnsafeBufferPointer { all in
            String(decoding: UnsafeBufferPointer(rebasing: all[node.textStart..<(node.textStart + node.textCount)]),
                   as: UTF8.self)
        }
    }

    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        // A direct-mapped cache in front of the dictionary: a reader asks for the name of every
        // element it passes, and hashing the pointer each time showed in profiles.
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: pointer) >> 3) & (Self.recentSlots - 1)
        if recentPointers[slot] == pointer { return recentNames[slot] }
        let name: String
        if let known = names[pointer] {
            name = known
        } else {
            name = String(cString: pointer)
            names[pointer] = name
        }
        recentPointers[slot] = pointer
        recentNames[slot] = name
        return name
    }

    private static let recentSlots = 64
    @exclusivity(unchecked) private var recentPointers = [UnsafePointer<xmlChar>?](repeating: nil, count: recentSlots)
    @exclusivity(unchecked) private var recentNames = [String](repeating: "", count: recentSlots)
}

/// One parsed node waiting in the queue: a plain value (names are libxml2's interned strings,
/// which live as long as the parser; text and attributes are ranges of the arenas).
fileprivate struct XMLNode {
    var kind: XMLNodeKind
    var isEmpty = false
    var depth: Int
    var line: Int
    var name: UnsafePointer<xmlChar>?
    var prefix: UnsafePointer<xmlChar>?
    var uri: UnsafePointer<xmlChar>?
    var textStart = 0
    var textCount = 0
    var attributeStart = 0
    var attributeCount = 0

    init(kind: XMLNodeKind, depth: Int, line: Int) {
        self.kind = kind
        self.depth = depth
        self.line = line
    }
}

/// What the SAX callbacks build: the queue of parsed nodes and the first fatal error.
fileprivate struct ParseState {
    let fileName: String
    var context: xmlParserCtxtPtr?
    /// Parsed nodes; the reader visits them from its `queueHead`.
    var queue: [XMLNode] = []
    /// The text of the queued text nodes, back to back; the last text node's text is at the end.
    var textArena: [UInt8] = []
    /// The attributes of the queued elements.
    var attributeArena: [(name: UnsafePointer<xmlChar>, value: String)] = []
    /// Depth of the next node the parser reports.
    var parseDepth = 0
    var fatalError: XMLReadError?
    /// Bytes of entity values substituted so far (capped: a small document must not expand into
    /// gigabytes).
    var substitutedEntityBytes = 0
    static let maxSubstitutedEntityBytes = 16 << 20
    /// ResourceLimits: the longest text node kept, the deepest element.
    let maxTextBytes: Int
    let maxDepth: Int

    init(fileName: String, maxTextBytes: Int, maxDepth: Int) {
        self.fileName = fileName
        self.maxTextBytes = maxTextBytes
        self.maxDepth = maxDepth
        // Room for a chunk's worth of nodes from the start: grown from empty, they were copied
        // several times over for every file.
        queue.reserveCapacity(1024)
        textArena.reserveCapacity(32 * 1024)
        attributeArena.reserveCapacity(64)
    }

    mutating func keepNodes(from first: Int) {
        if first >= queue.count {
            queue.removeAll(keepingCapacity: true)
            textArena.removeAll(keepingCapacity: true)
            attributeArena.removeAll(keepingCapacity: true)
            return
        }
        let kept = Array(queue[first...])
        let oldText = textArena
        let oldAttributes = attributeArena
        queue.removeAll(keepingCapacity: true)
        textArena.removeAll(keepingCapacity: true)
        attributeArena.removeAll(keepingCapacity: true)
        for var node in kept {
            let text = oldText[node.textStart..<(node.textStart + node.textCount)]
            node.textStart = textArena.count
            textArena.append(contentsOf: text)
            let attributes = oldAttributes[node.attributeStart..<(node.attributeStart + node.attributeCount)]
            node.attributeStart = attributeArena.count
            attributeArena.append(contentsOf: attributes)
            queue.append(node)
        }
    }

    /// Stops the parser with this error (the first one stands).
    mutating func stop(_ message: String, line: Int) {
        if fatalError == nil { fatalError = XMLReadError(file: fileName, line: line, column: 0, message: message) }
        if let context { xmlStopParser(context) }
    }

    mutating func appendText(_ bytes: UnsafePointer<xmlChar>, count: Int, line: Int) {
        guard fatalError == nil else { return }
        if let last = queue.indices.last, queue[last].kind == .text {
            // One text node may not outgrow the record limit (libxml2's own cap is lifted by
            // XML_PARSE_HUGE, and a 1.8 MB .xml.gz can hold a 400 MB text node).
            if queue[last].textCount + count > maxTextBytes {
                stop("a text node longer than \(maxTextBytes) bytes (--max-record-bytes)", line: queue[last].line)
                return
            }
            // Its text ends the arena: nothing else adds text after a text node.
            queue[last].textCount += count
        } else {
            var node = XMLNode(kind: .text, depth: parseDepth, line: line)
            node.textStart = textArena.count
            node.textCount = count
            queue.append(node)
        }
        textArena.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }
}

/// The parse state a callback belongs to, or nil while libxml2 parses a declared entity's content
/// on a context of its own (those nodes are not part of the document as read).
private func parseState(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ParseState>? {
    guard let ctx else { return nil }
    let context = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let opaque = context.pointee._private else { return nil }
    let state = opaque.assumingMemoryBound(to: ParseState.self)
    return state.pointee.context == context ? state : nil
}

private func currentLine(_ ctx: UnsafeMutableRawPointer?) -> Int {
    Int(xmlSAX2GetLineNumber(ctx))
}

extension XMLStreamReader {
    fileprivate func installCallbacks(_ sax: inout xmlSAXHandler) {
        sax.startElementNs = { ctx, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let state = parseState(ctx) else { return }
            if state.pointee.parseDepth >= state.pointee.maxDepth {
                state.pointee.stop("elements nested more than \(state.pointee.maxDepth) deep", line: currentLine(ctx))
                return
            }
            var node = XMLNode(kind: .element, depth: state.pointee.parseDepth, line: currentLine(ctx))
            node.name = localName
            node.prefix = prefix
            node.uri = uri
            if attributeCount > 0, let attributes {
                node.attributeStart = state.pointee.attributeArena.count
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                for i in 0..<Int(attributeCount) {
                    guard let name = attributes[5 * i], let start = attributes[5 * i + 3],
                          let end = attributes[5 * i + 4] else { continue }
                    let value = attributeValue(UnsafeBufferPointer(start: start, count: end - start))
                    state.pointee.attributeArena.append((name, value))
                    node.attributeCount += 1
                }
            }
            state.pointee.queue.append(node)
            state.pointee.parseDepth += 1
        }
        sax.endElementNs = { ctx, localName, prefix, uri in
            guard let state = parseState(ctx) else { return }
            state.pointee.parseDepth -= 1
            var node = XMLNode(kind: .endElement, depth: state.pointee.parseDepth, line: currentLine(ctx))
            node.name = localName
            node.prefix = prefix
            node.uri = uri
            state.pointee.queue.append(node)
        }
        sax.characters = { ctx, bytes, count in
            guard let state = parseState(ctx), let bytes, count > 0 else { return }
            state.pointee.appendText(bytes, count: Int(count), line: currentLine(ctx))
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
            guard let state = parseState(ctx), let name, let context = state.pointee.context,
                  let document = context.pointee.myDoc, let entity = xmlGetDocEntity(document, name),
                  entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content else { return }
            let count = Int(xmlStrlen(content))
            state.pointee.substitutedEntityBytes += count
            if state.pointee.substitutedEntityBytes > ParseState.maxSubstitutedEntityBytes {
                if state.pointee.fatalError == nil {
                    state.pointee.fatalError = XMLReadError(file: state.pointee.fileName, line: currentLine(ctx), column: 0,
                                                            message: "entities expand to more than 16 MB")
                }
                xmlStopParser(context)
                return
            }
            state.pointee.appendText(content, count: count, line: currentLine(ctx))
        }
        sax.comment = nil
        sax.processingInstruction = nil
        sax.warning = nil
        sax.error = nil
        sax.fatalError = nil
        // An error handler on this parser's own context: thread-safe, and silent on stderr. The
        // context of an entity's content shares the state through `_private`.
        sax.serror = { data, error in
            guard let data, let error else { return }
            let context = data.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let opaque = context.pointee._private else { return }
            let state = opaque.assumingMemoryBound(to: ParseState.self)
            // Namespace and other recoverable errors (level ERROR) do not stop the parser.
            guard error.pointee.level == XML_ERR_FATAL, state.pointee.fatalError == nil else { return }
            var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            state.pointee.fatalError = XMLReadError(file: state.pointee.fileName, line: Int(error.pointee.line),
                                                    column: Int(error.pointee.int2), message: message)
        }
    }
}

/// An attribute value as text. Without entity substitution libxml2 hands attribute values to SAX
/// with `&` (from `&amp;` or `&#38;`) still written as `&#38;`; everything else is already
/// decoded. Done on the bytes: a Foundation string search per attribute was a noticeable part
/// of reading API XML, where every `<status>` has attributes.
private func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard let base = bytes.baseAddress, bytes.count >= 5, memchr(base, 0x26, bytes.count) != nil else {
        return String(decoding: bytes, as: UTF8.self)
    }
    let escaped: [UInt8] = Array("&#38;".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x26, i + 5 <= bytes.count, bytes[i..<(i + 5)].elementsEqual(escaped) {
            out.append(0x26)
            i += 5
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
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
