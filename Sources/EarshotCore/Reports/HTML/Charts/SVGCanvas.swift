/// Builds one inline SVG chart as text. Every string that may come from an export goes through
/// `HTMLEscaping.escape`; numbers are written with one decimal, digit by digit (deterministic).
struct SVGCanvas {
    let id: String
    let width: Double
    let height: Double
    private var defs: [String] = []
    private var parts: [String] = []

    /// - Parameter id: unique within the page; prefixes the ids of the title, desc and patterns.
    init(id: String, width: Double, height: Double) {
        self.id = id
        self.width = width
        self.height = height
    }

    static func number(_ value: Double) -> String {
        let text = DisplayNumber.fixed(value.isFinite ? value : 0, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    mutating func raw(_ markup: String) { parts.append(markup) }
    mutating func define(_ markup: String) { defs.append(markup) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil, className: String? = nil) {
        let n = Self.number
        var s = "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        if let className { s += " class=\"\(className)\"" }
        parts.append(s + "/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
                       stroke: String? = nil, extra: String = "") {
        let n = Self.number
        var s = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\"" }
        if !extra.isEmpty { s += " " + extra }
        parts.append(s + "/>")
    }

    /// Text; `text` is escaped here.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "start",
                       size: Double = 12, weight: String? = nil, fill: String = "#222", className: String? = nil,
                       rotate: Double? = nil) {
        let n = Self.number
        var s = "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
        if anchor != "start" { s += " text-anchor=\"\(anchor)\"" }
        if let weight { s += " font-weight=\"\(weight)\"" }
        if let className { s += " class=\"\(className)\"" }
        if let rotate { s += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        parts.append(s + ">" + HTMLEscaping.escape(text) + "</text>")
    }

    /// The finished `<svg>` element with its `<title>` and `<desc>` (escaped here): the chart's
    /// text alternative for screen readers, and its tooltip.
    func svg(title: String, description: String, className: String = "chart") -> String {
        let n = Self.number
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"\(className)\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
        s += " font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\">\n"
        s += "<title id=\"\(id)-title\">\(HTMLEscaping.escape(title))</title>\n"
        s += "<desc id=\"\(id)-desc\">\(HTMLEscaping.escape(description))</desc>\n"
        if !defs.isEmpty { s += "<defs>" + defs.joined() + "</defs>\n" }
        s += parts.joined(separator: "\n")
        s += "\n</svg>"
        return s
    }

    /// A rough width of a label in pixels, for layout (no font metrics are available).
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.58
    }
}
