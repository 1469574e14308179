/// Colours, dash patterns and marker shapes. Colours are the Okabe-Ito palette (distinct for the
/// common colour-vision deficiencies); every sector also has its own dash pattern and marker
/// shape, and every post class its own fill pattern, so the charts still read in grey print.
enum ChartPalette {
    struct SectorStyle {
        var colour: String
        /// `stroke-dasharray`, nil for a solid line.
        var dash: String?
        var marker: MarkerShape
    }

    enum MarkerShape { case circle, triangle, square, diamond, cross }

    static func style(_ sector: Sector) -> SectorStyle {
        switch sector {
        case .public: return SectorStyle(colour: "#0072B2", dash: nil, marker: .circle)
        case .nonprofit: return SectorStyle(colour: "#D55E00", dash: "8 4", marker: .triangle)
        case .commercial: return SectorStyle(colour: "#009E73", dash: "2 3", marker: .square)
        case .other: return SectorStyle(colour: "#CC79A7", dash: "10 3 2 3", marker: .diamond)
        case .unregistered: return SectorStyle(colour: "#555555", dash: "14 4", marker: .cross)
        }
    }

    static let information = "#0072B2"
    static let community = "#E69F00"
    static let action = "#D55E00"
    static let promo = "#CC79A7"
    static let axis = "#444"
    static let grid = "#e3e3e3"
    static let threshold = "#333"

    /// Fill of a post class: a colour for information, hatching for community and action, so
    /// the three differ by more than their hue.
    static func classFill(_ ica: ICAClass, chartID: String) -> String {
        switch ica {
        case .information: return information
        case .community: return "url(#\(chartID)-community)"
        case .action: return "url(#\(chartID)-action)"
        }
    }

    /// The `<pattern>` definitions `classFill` refers to.
    static func classPatterns(chartID: String) -> String {
        "<pattern id=\"\(chartID)-community\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
            + "<rect width=\"6\" height=\"6\" fill=\"\(community)\"/><circle cx=\"3\" cy=\"3\" r=\"1.1\" fill=\"#fff\"/></pattern>"
            + "<pattern id=\"\(chartID)-action\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" fill=\"\(action)\"/><rect width=\"2\" height=\"6\" fill=\"#fff\"/></pattern>"
    }

    /// One marker centred on (x, y); `hollow` draws its outline only.
    static func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double, colour: String,
                       hollow: Bool = false, extra: String = "") -> String {
        let n = SVGCanvas.number
        let r = size / 2
        let paint = hollow
            ? "fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"2\""
            : "fill=\"\(colour)\" stroke=\"#222\" stroke-width=\"0.8\""
        let tail = extra.isEmpty ? "" : " " + extra
        switch shape {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" \(paint)\(tail)/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(n(x - s))\" y=\"\(n(y - s))\" width=\"\(n(2 * s))\" height=\"\(n(2 * s))\" \(paint)\(tail)/>"
        case .triangle:
            let h = r * 1.15
            return "<path d=\"M\(n(x)) \(n(y - h))L\(n(x + h)) \(n(y + h * 0.75))L\(n(x - h)) \(n(y + h * 0.75))Z\" \(paint)\(tail)/>"
        case .diamond:
            let d = r * 1.25
            return "<path d=\"M\(n(x)) \(n(y - d))L\(n(x + d)) \(n(y))L\(n(x)) \(n(y + d))L\(n(x - d)) \(n(y))Z\" \(paint)\(tail)/>"
        case .cross:
            // Drawn with strokes: the hollow form is a thin cross in a circle.
            let c = r * (hollow ? 0.7 : 0.95)
            let cross = "<path d=\"M\(n(x - c)) \(n(y - c))L\(n(x + c)) \(n(y + c))M\(n(x - c)) \(n(y + c))L\(n(x + c)) \(n(y - c))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(hollow ? "1.5" : "3")\"\(tail)/>"
            guard hollow else { return cross }
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>" + cross
        }
    }
}
