// Only libxml2 here: its ICU headers clash with Foundation's when both are imported in one file.
import CEarshotXML

/// A page parsed by libxml2's HTML parser (the way a lenient browser would read it), flattened
/// into its elements, for assertions.
struct ParsedPage {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The concatenated text inside the element (entities decoded).
        var text: String
        /// Names of the direct child elements.
        var children: [String]
    }

    var elements: [Element] = []

    init(_ html: String) {
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "page.html", "UTF-8", options)
            }
        }
        guard let document else { return }
        defer { xmlFreeDoc(document) }
        var node = xmlDocGetRootElement(document)
        while let current = node {
            collect(current)
            node = current.pointee.next
        }
    }

    private mutating func collect(_ node: xmlNodePtr) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let a = attribute {
            let name = String(cString: a.pointee.name)
            attributes[name] = Self.content(UnsafeMutablePointer<xmlNode>(OpaquePointer(a)))
            attribute = a.pointee.next
        }
        let text = Self.content(node)
        var children: [String] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { children.append(String(cString: c.pointee.name)) }
            child = c.pointee.next
        }
        elements.append(Element(name: String(cString: node.pointee.name), attributes: attributes, text: text, children: children))
        child = node.pointee.children
        while let c = child {
            collect(c)
            child = c.pointee.next
        }
    }

    /// The text content of a node, through a libxml2 buffer (freed here).
    private static func content(_ node: xmlNodePtr) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeBufGetContent(buffer, node)
        guard let bytes = xmlBufferContent(buffer) else { return "" }
        return String(cString: bytes)
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    var ids: Set<String> { Set(elements.compactMap { $0.attributes["id"] }) }
    var hrefs: [String] { elements.compactMap { $0.attributes["href"] } }
}


/// Whether a text is well-formed XML (libxml2's strict parser, no network).
func isWellFormedXML(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    let options = Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NONET.rawValue)
    let document = bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            xmlReadMemory($0, Int32(buffer.count), "fragment.svg", "UTF-8", options)
        }
    }
    guard let document else { return false }
    xmlFreeDoc(document)
    return true
}
