/// Builds one inline SVG chart as text. Every string that may come from an export goes through
/// `HTMLEscaping.escape`; numbers are written with one decimal, digit by digit (deterministic).
struct SVGCanvas {
    let id: String
    let width: Double
    let height: Double
    private var defs = ""
    /// The elements, one a line, in one buffer (a chart has hundreds of small ones).
    private var body = ""
    private var started = false

    /// - Parameter id: unique within the page; prefixes the ids of the title, desc and patterns.
    init(id: String, width: Double, height: Double) {
        self.id = id
        self.width = width
        self.height = height
        body.reserveCapacity(16_384)
    }

    static func number(_ value: Double) -> String { DisplayNumber.coordinate(value) }

    mutating func raw(_ markup: String) {
        newElement()
        body += markup
    }

    mutating func define(_ markup: String) { defs += markup }

    private mutating func newElement() {
        if started { body += "\n" }
        started = true
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil, className: String? = nil) {
        let n = Self.number
        newElement()
        body += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { body += " stroke-dasharray=\"\(dash)\"" }
        if let className { body += " class=\"\(className)\"" }
        body += "/>"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
                       stroke: String? = nil, extra: String = "") {
        let n = Self.number
        newElement()
        body += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { body += " stroke=\"\(stroke)\"" }
        if !extra.isEmpty { body += " " + extra }
        body += "/>"
    }

    /// Text; `text` is escaped here.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "start",
                       size: Double = 12, weight: String? = nil, fill: String = "#222", className: String? = nil,
                       rotate: Double? = nil) {
        let n = Self.number
        newElement()
        body += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
        if anchor != "start" { body += " text-anchor=\"\(anchor)\"" }
        if let weight { body += " font-weight=\"\(weight)\"" }
        if let className { body += " class=\"\(className)\"" }
        if let rotate { body += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body += ">"
        body += HTMLEscaping.escape(text)
        body += "</text>"
    }

    /// The finished `<svg>` element with its `<title>` and `<desc>` (escaped here): the chart's
    /// text alternative for screen readers, and its tooltip.
    func svg(title: String, description: String, className: String = "chart") -> String {
        let n = Self.number
        var s = ""
        s.reserveCapacity(body.utf8.count + defs.utf8.count + title.utf8.count + description.utf8.count + 512)
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"\(className)\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
        s += " font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\">\n"
        s += "<title id=\"\(id)-title\">\(HTMLEscaping.escape(title))</title>\n"
        s += "<desc id=\"\(id)-desc\">\(HTMLEscaping.escape(description))</desc>\n"
        if !defs.isEmpty { s += "<defs>" + defs + "</defs>\n" }
        s += body
        s += "\n</svg>"
        return s
    }

    /// A rough width of a label in pixels, for layout (no font metrics are available).
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.58
    }
}
