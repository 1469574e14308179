import Crypto
import Foundation

/// Organization pages kept rendered in the cache. After the scan and the reading, rendering
/// the HTML is most of what a nightly rerun still does; the page of an organization whose
/// result, registry row, thresholds and partner links are unchanged is taken from
/// `DIR/pages/<key>.entry` instead.
///
/// A page shows when the report was generated, so pages are kept with a placeholder in that
/// place, put in its stead when the page is written: a kept page is used only if the
/// placeholder occurs exactly once in it (a post that happened to contain it is rendered each
/// time). Only the built-in templates are cached (user templates could transform the time).
/// `PageCacheTests` checks that the pages equal `HTMLReport.render`'s, cold and warm.
extension ResultCache {
    static let generatedAtPlaceholder = "earshot-generated-at-2b7f0c61"

    /// Every page of the report, as `HTMLReport.render` with the built-in templates makes them,
    /// handed to `each` (from several threads at once) as soon as it is ready: at most one page
    /// per thread is in memory.
    func renderPages(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult,
                     registry: Registry, threads: Int, details: OrgDetailsStore = OrgDetailsStore(),
                     each: @Sendable (HTMLPage) throws -> Void) throws {
        let templates = try HTMLTemplates.load(folder: nil)
        let sorted = organizations.sorted { Handle.precedes($0.handle, $1.handle) }
        let handles = Set(sorted.map(\.handle))
        var keeping = overview
        keeping.generatedAt = Self.generatedAtPlaceholder
        let placeholderOverview = keeping
        var thresholds = ByteWriter()
        ResultCoding.write(overview.thresholds, to: &thresholds)
        let thresholdBytes = thresholds.bytes
        let used = UsedEntries()
        let peers = PeerComparison(sorted.map(\.metrics))

        // Page 0 is the index (never kept: it changes with every organization), page i the
        // organization sorted[i - 1].
        let ranked = IndexPageModel.ranked(sorted)
        let rankingPages = IndexPageModel.isPaged(organizations: sorted.count)
            ? RankingPageModel.pageCount(organizations: sorted.count) : 0
        try HTMLReport.forEachPage(count: sorted.count + 1 + rankingPages, threads: threads) { i in
            if i == 0 {
                try each(HTMLReport.indexPage(overview: overview, organizations: sorted, sectors: sectors, registry: registry,
                                              templates: templates, ranked: ranked))
                return
            }
            if i > sorted.count {
                try each(HTMLReport.rankingPage(overview: overview, ranked: ranked, number: i - sorted.count - 1, templates: templates))
                return
            }
            let org = sorted[i - 1]
            var w = ByteWriter()
            w.raw(self.programKey)
            w.raw(thresholdBytes)
            w.string(self.settings.registryEntryKey(org.handle))
            ResultCoding.write(org, to: &w)
            for partner in org.topPartners { w.bool(handles.contains(partner.handle)) }
            // The details and the sector comparison (which moves with every peer) are on the page too.
            let orgDetails = details[org.handle]
            let rows = peers.rows(org.metrics)
            w.optional(orgDetails) { ResultCoding.write($1, to: &$0) }
            w.array(rows) { w, row in
                w.string(row.measure.rawValue); w.double(row.value); w.double(row.median); w.int(row.rank)
                w.optional(row.percentile) { $0.double($1) }; w.int(row.compared)
            }
            let key = SHA256.digest(w.bytes)
            let path = HTMLReport.pagePath(for: org.handle)
            if let kept = self.keptPage(key) {
                used.insert(self.pageFile(key))
                try each(HTMLPage(path: path, html: kept.before + overview.generatedAt + kept.after))
                return
            }
            let organization = registry.organization(org.handle)
            let html = try HTMLReport.orgPage(org, organization: organization, overview: placeholderOverview,
                                              reportHandles: handles, templates: templates, details: orgDetails, peers: rows).html
            if let parts = Self.aroundPlaceholder(html) {
                self.keep(parts, key: key)
                used.insert(self.pageFile(key))
                try each(HTMLPage(path: path, html: parts.before + overview.generatedAt + parts.after))
            } else {
                try each(HTMLReport.orgPage(org, organization: organization, overview: overview, reportHandles: handles,
                                            templates: templates, details: orgDetails, peers: rows))
            }
        }
        prunePages(keeping: used.all)
    }

    private func pageFile(_ key: [UInt8]) -> String {
        folder + "/pages/" + String(SHA256.hex(key).prefix(32)) + ".entry"
    }

    /// The page's text before and after its one placeholder; nil unless there is exactly one.
    /// (Searched in UTF-8 bytes: Foundation's string search is slow on pages this long.)
    static func aroundPlaceholder(_ html: String) -> (before: String, after: String)? {
        let needle = Array(generatedAtPlaceholder.utf8)
        var bytes = Array(html.utf8)
        var found: [Int] = []
        if bytes.count >= needle.count {
            for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
                if bytes[i..<(i + needle.count)].elementsEqual(needle) { found.append(i) }
                if found.count > 1 { return nil }
            }
        }
        guard let at = found.first else { return nil }
        let after = String(decoding: bytes[(at + needle.count)...], as: UTF8.self)
        bytes.removeSubrange(at...)
        return (String(decoding: bytes, as: UTF8.self), after)
    }

    private func keptPage(_ key: [UInt8]) -> (before: String, after: String)? {
        guard let data = FileManager.default.contents(atPath: pageFile(key)) else { return nil }
        do {
            var r = try StoredFile.open([UInt8](data), kind: "page")
            guard Array(try r.raw(32)) == key else { return nil }
            return (try r.string(), try r.string())
        } catch {
            logger.warning("cache entry \(pageFile(key)) ignored: \(error); the page is rendered again")
            return nil
        }
    }

    private func keep(_ parts: (before: String, after: String), key: [UInt8]) {
        let bytes = StoredFile.seal(kind: "page") { w in
            w.raw(key)
            w.string(parts.before)
            w.string(parts.after)
        }
        try? StoredFile.write(bytes, to: pageFile(key))
    }

    /// Pages of earlier states of the organizations go (a rerun keeps only the current ones).
    private func prunePages(keeping used: Set<String>) {
        let folder = self.folder + "/pages"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".entry") {
            if !used.contains(folder + "/" + name) { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }
}

/// The page entries a run used, collected from the workers.
private final class UsedEntries: @unchecked Sendable {
    private let lock = NSLock()
    private var files = Set<String>()

    func insert(_ file: String) { lock.withLock { _ = files.insert(file) } }
    var all: Set<String> { lock.withLock { files } }
}
