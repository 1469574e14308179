/// One page of the HTML report: its path relative to the output folder, and its text.
public struct HTMLPage: Sendable, Equatable {
    public var path: String
    public var html: String
}

/// The HTML report (outputs.md, "The HTML report"): `index.html` and one `orgs/<handle>.html`
/// per organization. Self-contained pages: inline CSS and SVG, no fetches, readable without
/// scripts, printable.
///
/// Look and wording live in Mustache templates (`Templates/html/*.mustache` in the source tree);
/// their text is embedded in the binary (`DefaultHTMLTemplates.swift`, generated from those
/// files by `scripts/embed-templates.sh`), so the report renders wherever the binary runs.
/// A user's templates folder replaces any of them by name and may add partials.
///
/// Trust: template variables are HTML-escaped by swift-mustache (`{{name}}`); the only unescaped
/// values (`{{{chart}}}`) are the SVG charts our code builds, in which every piece of export text
/// is escaped by `HTMLText.escape`.
public enum HTMLReport {
    /// Renders every page. Deterministic: the same inputs give the same pages, except for
    /// `overview.generatedAt`.
    /// - Parameters:
    ///   - organizations: every organization (registry organizations without posts included).
    ///   - templatesPath: a folder of `.mustache` files that replace the default templates of the
    ///     same name (`index`, `org`, `style`, `sort-script`, ...); nil for the defaults.
    /// - Throws: `HTMLReportError` when the templates folder is missing or a template is invalid.
    public static func render(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                              registry: Registry, templatesPath: String? = nil) throws -> [HTMLPage] {
        let templates = try HTMLTemplates.load(folder: templatesPath)
        let sorted = organizations.sorted { Handle.precedes($0.handle, $1.handle) }
        let handles = Set(sorted.map(\.handle))
        var pages: [HTMLPage] = []
        pages.reserveCapacity(sorted.count + 1)
        let index = IndexPageModel(overview: overview, organizations: sorted, sectors: sectors, registry: registry)
        pages.append(HTMLPage(path: "index.html", html: try templates.render("index", index)))
        for org in sorted {
            let model = OrgPageModel(org: org, organization: registry.organization(org.handle), overview: overview,
                                     reportHandles: handles)
            pages.append(HTMLPage(path: pagePath(for: org.handle), html: try templates.render("org", model)))
        }
        return pages
    }

    /// `orgs/<file>.html` for an organization (relative to the output folder).
    public static func pagePath(for handle: String) -> String { "orgs/" + pageFileName(for: handle) }

    /// The file name of an organization's page: the handle itself when it is a plain handle
    /// (letters, digits, `_`, `-`, `.` not first), else a cleaned form plus a hash of the
    /// handle, so that a handle read from an export can never name a path outside `orgs/` and
    /// two handles never share a page.
    public static func pageFileName(for handle: String) -> String {
        let plain = !handle.isEmpty && !handle.hasPrefix(".") && handle.utf8.count <= 100 && handle.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
        }
        if plain { return handle + ".html" }
        var cleaned = ""
        for scalar in handle.lowercased().unicodeScalars.prefix(60) {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            cleaned.unicodeScalars.append(keep ? scalar : "_")
        }
        return cleaned + "-" + String(SHA256.hex(handle).prefix(12)) + ".html"
    }
}

/// Why the report could not be rendered.
public enum HTMLReportError: Error, Equatable, CustomStringConvertible {
    case templatesFolderNotFound(path: String)
    case templateUnreadable(path: String)
    case templateSyntax(path: String, line: Int, column: Int, message: String)
    case templateMissing(name: String)

    public var description: String {
        switch self {
        case .templatesFolderNotFound(let path): return "\(path): templates folder not found"
        case .templateUnreadable(let path): return "\(path): cannot read the template (not UTF-8 text?)"
        case let .templateSyntax(path, line, column, message): return "\(path):\(line):\(column): invalid template: \(message)"
        case .templateMissing(let name): return "no template named \(name)"
        }
    }
}
