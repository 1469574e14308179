/// Information / Community / Action shares per sector as 100% stacked horizontal bars, with a
/// published baseline as the last bar.
enum ClassShareChart {
    struct Row {
        var label: String
        var shares: [(ICAClass, Double)]
        var isBaseline: Bool
    }

    static func rows(_ sectors: SectorResult, baseline: PublishedBaseline) -> [Row] {
        var rows: [Row] = []
        for s in sectors.sectors {
            guard let i = s.informationShare, let c = s.communityShare, let a = s.actionShare else { continue }
            rows.append(Row(label: "\(s.sector.rawValue) (\(DisplayNumber.count(s.posts)) posts)",
                            shares: [(.information, i), (.community, c), (.action, a)], isBaseline: false))
        }
        rows.append(Row(label: baseline.label, shares: [(.information, baseline.information),
                                                         (.community, baseline.community), (.action, baseline.action)],
                        isBaseline: true))
        return rows
    }

    static func svg(_ sectors: SectorResult, baseline: PublishedBaseline, id: String = "chart-classes") -> String {
        let rows = rows(sectors, baseline: baseline)
        let width = 960.0
        let labelWidth = max(150, min(300, (rows.map { SVGCanvas.textWidth($0.label, size: 13) }.max() ?? 0) + 16))
        let legendLabels = ICAClass.allCases.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() }
        let legend = ChartLegend.layout(labels: legendLabels, symbolWidth: 16, from: labelWidth, to: width - 16)
        let top = 16 + Double(ChartLegend.rows(legend)) * ChartLegend.rowHeight + 10
        let barHeight = 26.0, gap = 12.0
        let area = PlotArea(left: labelWidth, top: top, width: width - labelWidth - 24,
                            height: Double(rows.count) * (barHeight + gap))
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 36)
        canvas.define(ChartPalette.classPatterns(chartID: id))
        let x = LinearScale(domain: (0, 1), range: (area.left, area.right))

        for (ica, (label, place)) in zip(ICAClass.allCases, zip(legendLabels, legend)) {
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            canvas.rect(place.x, ly - 8, 16, 16, fill: ChartPalette.classFill(ica, chartID: id), stroke: "#222")
            canvas.text(label, x: place.x + 22, y: ly + 5, size: 13)
        }
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            canvas.line(x(tick), area.top - 4, x(tick), area.bottom, stroke: ChartPalette.grid)
            canvas.text(DisplayNumber.fixed(tick * 100, places: 0) + "%", x: x(tick), y: area.bottom + 18, anchor: "middle")
        }
        for (r, row) in rows.enumerated() {
            let y = area.top + Double(r) * (barHeight + gap) + gap / 2
            canvas.text(row.label, x: area.left - 10, y: y + barHeight / 2 + 5, anchor: "end", size: 13,
                        weight: row.isBaseline ? nil : "600", fill: row.isBaseline ? "#555" : "#222")
            var start = 0.0
            var g = "<g><title>\(HTMLEscaping.escape(row.label)): "
            g += row.shares.map { "\($0.0.rawValue) \(DisplayNumber.percent($0.1))" }.joined(separator: ", ") + "</title>"
            canvas.raw(g)
            for (ica, share) in row.shares {
                let x0 = x(start), x1 = x(min(1, start + share))
                canvas.rect(x0, y, x1 - x0, barHeight, fill: ChartPalette.classFill(ica, chartID: id), stroke: "#fff",
                            extra: row.isBaseline ? "fill-opacity=\"0.75\"" : "")
                if x1 - x0 >= 46 {
                    canvas.raw(haloText(DisplayNumber.percent(share), x: (x0 + x1) / 2, y: y + barHeight / 2 + 5))
                }
                start += share
            }
            if row.isBaseline {
                canvas.rect(x(0), y, x(1) - x(0), barHeight, fill: "none", stroke: "#222",
                            extra: "stroke-dasharray=\"4 3\"")
            }
            canvas.raw("</g>")
        }
        let described = rows.map { row in
            row.label + ": " + row.shares.map { "\($0.0.rawValue) \(DisplayNumber.percent($0.1))" }.joined(separator: ", ")
        }
        return canvas.svg(title: "Information, community and action: share of posts by sector, beside the published nonprofit baseline",
                          description: described.joined(separator: "; ") + ". The numbers are in the sector table.")
    }

    /// A bold label readable on any fill: dark text with a white halo.
    static func haloText(_ text: String, x: Double, y: Double) -> String {
        let n = SVGCanvas.number
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(HTMLEscaping.escape(text))</text>"
    }
}
