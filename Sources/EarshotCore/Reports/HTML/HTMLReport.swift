import Crypto
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
/// A user's templates folder replaces any of them by name and may add partials. Table rows have
/// partials of their own, rendered here and given to the page whole; pages and rows go through
/// `TemplateStamp`s, so swift-mustache interprets each template once per shape, not once per row.
///
/// Trust: template variables (`{{name}}`) are HTML-escaped (by `HTMLEscaping.appendEscaped` when
/// stamped, by swift-mustache otherwise); the only unescaped values are the SVG charts our code
/// builds (`{{{chart}}}`), in which every piece of export text is escaped by
/// `HTMLEscaping.escape`, and the rendered rows (`{{{monthRows}}}`), escaped by their partials.
public enum HTMLReport {
    /// Renders every page. Deterministic: the same inputs give the same pages, except for
    /// `overview.generatedAt`. Holds every page in memory: `write` is the report's way.
    /// - Parameters:
    ///   - organizations: every organization (registry organizations without posts included).
    ///   - templatesPath: a folder of `.mustache` files that replace the default templates of the
    ///     same name (`index`, `org`, `style`, `sort-script`, ...); nil for the defaults.
    ///   - threads: how many pages to render at once (nil: one per core).
    /// - Returns: `index.html` first, then the organizations' pages sorted by handle, then the
    ///   pages of the full ranking when the index lists only its top (`RankingPageModel`).
    /// - Throws: `HTMLReportError` when the templates folder is missing or a template is invalid.
    public static func render(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                              registry: Registry, templatesPath: String? = nil, threads: Int? = nil,
                              details: OrgDetailsStore = OrgDetailsStore()) throws -> [HTMLPage] {
        let pages = PageSlots(count: organizations.count + 1)
        try render(overview: overview, organizations: organizations, sectors: sectors, registry: registry,
                   templatesPath: templatesPath, threads: threads, details: details) { index, page in pages.set(index, page) }
        return pages.all()
    }

    /// Renders every page and writes it into the output folder as soon as it is rendered, so
    /// that at most one page per thread is in memory, however many organizations there are.
    public static func write(to output: some ReportDestination, overview: ReportOverview, organizations: [OrgResult],
                             sectors: SectorResult, registry: Registry, templatesPath: String? = nil,
                             threads: Int? = nil, details: OrgDetailsStore = OrgDetailsStore()) throws {
        try write(to: output, overview: overview, organizations: organizations, sectors: sectors, registry: registry,
                  templatesPath: templatesPath, threads: threads, preloaded: nil, details: details)
    }

    /// The same with templates parsed beforehand, on a thread of their own, and organizations
    /// whose whole result `full` fetches when their page is rendered (nil: they are whole).
    static func write(to output: some ReportDestination, overview: ReportOverview, organizations: [OrgResult],
                      sectors: SectorResult, registry: Registry, templatesPath: String?,
                      threads: Int?, preloaded: Background<HTMLTemplates>?,
                      full: (@Sendable (OrgResult) throws -> OrgResult)? = nil, details: OrgDetailsStore) throws {
        try render(overview: overview, organizations: organizations, sectors: sectors, registry: registry,
                   templatesPath: templatesPath, threads: threads, preloaded: preloaded, full: full, details: details) { _, page in
            try output.write(page.path, page.html)
        }
    }

    /// Renders every page and hands each to `each` on the worker that rendered it, with its place
    /// (0 for `index.html`, then the organizations sorted by handle). `each` is called from
    /// several threads at once; the first error stops the workers.
    static func render(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                       registry: Registry, templatesPath: String?, threads: Int?, preloaded: Background<HTMLTemplates>? = nil,
                       full: (@Sendable (OrgResult) throws -> OrgResult)? = nil,
                       details: OrgDetailsStore = OrgDetailsStore(), each: @Sendable (Int, HTMLPage) throws -> Void) throws {
        let sorted = organizations.sorted { Handle.precedes($0.handle, $1.handle) }
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, sorted.count + 1))
        let templates = try preloaded?.value() ?? HTMLTemplates.load(folder: templatesPath, threads: workers)
        let handles = Set(sorted.map(\.handle))
        // Above `IndexPageModel.fullTableLimit` organizations, the full ranking has pages of its own.
        let ranked = IndexPageModel.ranked(sorted)
        let rankingPages = IndexPageModel.isPaged(organizations: sorted.count)
            ? RankingPageModel.pageCount(organizations: sorted.count) : 0
        let peers = PeerComparison(sorted.map(\.metrics))

        // Pages are independent: page 0 is the index, page i the organization sorted[i - 1], then
        // the ranking's pages. Each worker takes the next page to do, so the index (the longest)
        // is rendered beside them.
        try forEachPage(count: sorted.count + 1 + rankingPages, threads: workers) { i in
            if i == 0 {
                try each(0, indexPage(overview: overview, organizations: sorted, sectors: sectors, registry: registry,
                                      templates: templates, ranked: ranked))
                return
            }
            if i > sorted.count {
                try each(i, rankingPage(overview: overview, ranked: ranked, number: i - sorted.count - 1, templates: templates))
                return
            }
            let org = try full?(sorted[i - 1]) ?? sorted[i - 1]
            try each(i, orgPage(org, organization: registry.organization(org.handle), overview: overview,
                                reportHandles: handles, templates: templates, details: details[org.handle],
                                peers: peers.rows(org.metrics)))
        }
    }

    /// Runs `body` for pages `0..<count` on `threads` workers, each taking the next page. After an
    /// error no page is started; the error of the first page that failed is thrown (pages are
    /// taken in order, so that is the same page whatever the timing).
    static func forEachPage(count: Int, threads: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let queue = PageQueue(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let i = queue.next() {
                do { try body(i) } catch { queue.fail(i, error) }
            }
        }
        if let error = queue.firstError { throw error }
    }

    static func indexPage(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                                  registry: Registry, templates: HTMLTemplates, ranked: [OrgResult]? = nil) throws -> HTMLPage {
        let model = IndexPageModel(overview: overview, organizations: organizations, sectors: sectors, registry: registry,
                                   byPromo: ranked)
        var fields = model.page
        fields["formatRows"] = .text(try templates.renderRows("index-format-row", model.formatRows, page: model.page))
        fields["fileRows"] = .text(try templates.renderRows("index-file-row", model.fileRows, page: model.page))
        fields["adoptionRows"] = .text(try templates.renderRows("index-adoption-row", model.adoptionRows, page: model.page))
        fields["organizationRows"] = .text(try templates.renderRows("index-organization-row", model.organizationRows,
                                                                     page: model.page))
        return HTMLPage(path: "index.html", html: try templates.render("index", fields))
    }

    /// Page `number` (from 0) of the full ranking (`RankingPageModel`).
    static func rankingPage(overview: ReportOverview, ranked: [OrgResult], number: Int,
                            templates: HTMLTemplates) throws -> HTMLPage {
        let model = RankingPageModel(overview: overview, ranked: ranked, number: number)
        var fields = model.page
        fields["organizationRows"] = .text(try templates.renderRows("index-organization-row", model.organizationRows,
                                                                     page: model.page))
        return HTMLPage(path: RankingPageModel.path(page: number), html: try templates.render("ranking", fields))
    }

    static func orgPage(_ org: OrgResult, organization: Organization?, overview: ReportOverview,
                                reportHandles: Set<String>, templates: HTMLTemplates, details: OrgDetails? = nil,
                                peers: [PeerComparison.Row] = []) throws -> HTMLPage {
        let model = OrgPageModel(org: org, organization: organization, overview: overview, reportHandles: reportHandles,
                                 details: details, peers: peers)
        var fields = model.page
        fields["monthRows"] = .text(try templates.renderRows("org-month-row", model.monthRows, page: model.page))
        fields["topPostRows"] = .text(try templates.renderRows("org-top-post-row", model.topPosts, page: model.page))
        fields["exampleRows"] = .text(try templates.renderRows("org-example-row", model.examples, page: model.page))
        fields["partnerRows"] = .text(try templates.renderRows("org-partner-row", model.partnerRows, page: model.page))
        for table in model.detailRows.all {
            fields[table.field] = .text(try templates.renderRows(table.partial, table.rows, page: model.page))
        }
        return HTMLPage(path: pagePath(for: org.handle), html: try templates.render("org", fields))
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

/// Which page a worker does next, and the first failure.
private final class PageQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var claimed = 0
    private var failure: (index: Int, error: Error)?

    init(count: Int) { self.count = count }

    /// The next page to do; nil when every page is taken or one has failed.
    func next() -> Int? {
        lock.withLock {
            guard claimed < count, failure == nil else { return nil }
            defer { claimed += 1 }
            return claimed
        }
    }

    func fail(_ index: Int, _ error: Error) {
        lock.withLock {
            if failure == nil || index < failure!.index { failure = (index, error) }
        }
    }

    var firstError: Error? { lock.withLock { failure?.error } }
}

/// The rendered pages of `HTMLReport.render`, one slot each.
private final class PageSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [HTMLPage?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ page: HTMLPage) {
        lock.withLock { slots[index] = page }
    }

    func all() -> [HTMLPage] {
        lock.withLock { slots.compactMap { $0 } }
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
