import Foundation

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
/// is escaped by `HTMLEscaping.escape`.
public enum HTMLReport {
    /// Renders every page. Deterministic: the same inputs give the same pages, except for
    /// `overview.generatedAt`.
    /// - Parameters:
    ///   - organizations: every organization (registry organizations without posts included).
    ///   - templatesPath: a folder of `.mustache` files that replace the default templates of the
    ///     same name (`index`, `org`, `style`, `sort-script`, ...); nil for the defaults.
    ///   - threads: how many organization pages to render at once (nil: one per core).
    /// - Returns: `index.html` first, then the organizations' pages sorted by handle.
    /// - Throws: `HTMLReportError` when the templates folder is missing or a template is invalid.
    public static func render(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                              registry: Registry, templatesPath: String? = nil, threads: Int? = nil) throws -> [HTMLPage] {
        var pages: [HTMLPage] = []
        pages.reserveCapacity(organizations.count + 1)
        try render(overview: overview, organizations: organizations, sectors: sectors, registry: registry,
                   templatesPath: templatesPath, threads: threads) { pages.append($0) }
        return pages
    }

    /// Renders every page as `render` does and hands each one to `write`, in the same order, a
    /// batch of pages at a time: memory holds one batch, not the whole report (a thousand
    /// organizations' pages are over 100 MB of text).
    public static func render(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                              registry: Registry, templatesPath: String? = nil, threads: Int? = nil,
                              write: (HTMLPage) throws -> Void) throws {
        let templates = try HTMLTemplates.load(folder: templatesPath)
        let sorted = organizations.sorted { Handle.precedes($0.handle, $1.handle) }
        let handles = Set(sorted.map(\.handle))
        let index = IndexPageModel(overview: overview, organizations: sorted, sectors: sectors, registry: registry)
        try write(HTMLPage(path: "index.html", html: try templates.render("index", index)))

        // Pages are independent: render them in parallel, each into its own slot.
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, sorted.count))
        let batch = workers * 16
        for start in stride(from: 0, to: sorted.count, by: batch) {
            let end = min(start + batch, sorted.count)
            let results = PageSlots(count: end - start)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var i = start + worker
                while i < end {
                    let org = sorted[i]
                    let model = OrgPageModel(org: org, organization: registry.organization(org.handle), overview: overview,
                                             reportHandles: handles)
                    results.set(i - start, Result { HTMLPage(path: pagePath(for: org.handle), html: try templates.render("org", model)) })
                    i += workers
                }
            }
            for result in results.all() { try write(try result.get()) }
        }
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

/// The rendered pages of `HTMLReport.render`'s workers, one slot each.
private final class PageSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<HTMLPage, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<HTMLPage, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func all() -> [Result<HTMLPage, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(HTMLReportError.templateMissing(name: "org")) }
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
