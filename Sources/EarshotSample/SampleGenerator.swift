import EarshotCore
import Foundation

/// Writes a synthetic but realistic corpus (`earshot sample`): a registry in
/// `organizations.csv` and each organization's exports under `exports/`, in every format the
/// readers support: the Tier 1 files, and the Tier 2 archives people download today (a modern
/// Twitter/X archive zip, a Mastodon archive zip, management-tool CSVs for the maps in `maps/`).
///
/// Deterministic: the same options give the same bytes (own seeded generator, no clock, no
/// hash-order iteration). Streaming: posts are made one at a time, newest first as exports list
/// them, and written straight to their files, so memory stays flat however many posts there are.
public struct SampleGenerator: Sendable {
    /// The formats the generator writes (formats.md Tier 1 and Tier 2).
    public static let supportedFormats: Set<ExportFormat> = [
        .legacyArchive, .analytics, .xAnalytics, .twarc2, .twarc1, .apiXML, .rss, .atom, .tweetsJS, .mastodon, .mappedCSV,
        .bluesky,
    ]

    /// The header maps (in the repository's `maps/` folder) that read the management-tool CSVs
    /// the generator writes: a report on the sample needs them (`--map`).
    public static let headerMapFiles = ["meta-business-suite.yaml", "sprout-social.yaml"]

    public let options: SampleOptions
    /// Zip64 records in every archive, whatever its size (tests of the Zip64 paths).
    var forceZip64 = false

    public init(options: SampleOptions) {
        self.options = options
    }

    /// Writes the corpus under `directory` (created if needed) and says what it wrote.
    public func write(to directory: String) throws -> SampleStats {
        try validate()
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        try prepare(root)
        var run = SampleRun(options: options, root: root, forceZip64: forceZip64)
        try run.writeRegistry()
        try run.writeExports()
        return run.finish()
    }

    private func validate() throws {
        guard options.orgs >= 1 else { throw SampleError.invalidOption("--orgs must be at least 1") }
        guard options.orgs <= 100_000 else { throw SampleError.invalidOption("--orgs must be at most 100000") }
        guard options.postsPerOrg >= 1 else { throw SampleError.invalidOption("--posts-per-org must be at least 1") }
        guard options.postsPerOrg <= 50_000_000 else {
            throw SampleError.invalidOption("--posts-per-org must be at most 50000000")
        }
        guard !options.formats.isEmpty else { throw SampleError.invalidOption("--formats names no format") }
        for format in options.formats.sorted() where !Self.supportedFormats.contains(format) {
            throw SampleError.unsupportedFormat(format)
        }
    }

    /// Refuses to mix a new corpus with an old one, unless asked to replace it.
    private func prepare(_ root: String) throws {
        let fm = FileManager.default
        for name in ["organizations.csv", "exports"] {
            let path = root + "/" + name
            guard fm.fileExists(atPath: path) else { continue }
            guard options.replaceExisting else { throw SampleError.outputExists(path: path) }
            do { try fm.removeItem(atPath: path) } catch {
                throw SampleError.cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        do {
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw SampleError.cannotCreateFolder(path: root, reason: error.localizedDescription)
        }
    }
}

/// One run of the generator: the world, the open files and the tallies.
private struct SampleRun {
    let options: SampleOptions
    let world: SampleWorld
    let book = SampleTemplateBook()
    let output: SampleOutput
    let everyFormat: Bool
    var stats = SampleStats()
    /// Files that take several organizations (the twarc collections), open for the whole run.
    var collections: [(format: ExportFormat, key: Int64, file: SampleFile)] = []
    var csv = SampleCSVWriter()
    var feeds = SampleFeedWriter()
    var archives = SampleArchiveWriter()
    var tools = SampleToolCSVWriter()

    // The periods each format naturally covers.
    static let analyticsAnchorDay = SampleCalendar.days(year: 2013, month: 10, day: 1)
    static let analyticsEnd = SampleCalendar.seconds(year: 2023, month: 6, day: 30, hour: 23, minute: 59, second: 59)
    static let xAnalyticsStart = SampleCalendar.seconds(year: 2023, month: 1, day: 1)
    static let twarc2Start = SampleCalendar.seconds(year: 2020, month: 1, day: 1)
    static let twarc2End = SampleCalendar.seconds(year: 2023, month: 5, day: 31)
    static let twarc2Retrieved = SampleCalendar.seconds(year: 2023, month: 6, day: 2, hour: 14, minute: 7, second: 31)
    static let twarc1Start = SampleCalendar.seconds(year: 2014, month: 1, day: 1)
    static let twarc1End = SampleCalendar.seconds(year: 2019, month: 12, day: 31, hour: 23, minute: 59, second: 59)
    static let twarc1Retrieved = SampleCalendar.seconds(year: 2020, month: 1, day: 20, hour: 9, minute: 12, second: 5)
    static let xmlEnd = SampleCalendar.seconds(year: 2013, month: 3, day: 31, hour: 23, minute: 59, second: 59)
    static let feedsStart = SampleCalendar.seconds(year: 2009, month: 1, day: 1)
    static let feedsEnd = SampleCalendar.seconds(year: 2013, month: 6, day: 10)
    /// Where posts go when the chosen formats leave them nowhere.
    static let fallbackOrder: [ExportFormat] = [.legacyArchive, .analytics, .twarc2, .twarc1, .apiXML, .xAnalytics, .rss, .atom,
                                                .tweetsJS, .mastodon, .mappedCSV, .bluesky]

    init(options: SampleOptions, root: String, forceZip64: Bool) {
        self.options = options
        world = SampleWorld(options: options)
        output = SampleOutput(root: root, forceZip64: forceZip64)
        everyFormat = options.formats == SampleGenerator.supportedFormats
    }

    // MARK: Registry

    mutating func writeRegistry() throws {
        var b = SampleBytes(capacity: 4096)
        b.append("handle,name,sector,subsector,country,domains,hashtags,aliases,followers,accounts\n")
        for org in world.orgs where org.registered {
            // Analysts type handles as they like: lower case, as written, with an `@`.
            let handle = org.index % 5 == 1 ? org.handle : org.index % 7 == 3 ? "@" + org.handle : org.lower
            let separator = org.index % 2 == 0 ? " " : "; "
            let tags = org.ownTags.map { org.index % 3 == 0 ? "#" + $0 : $0 }
            let fields = [handle, org.name, org.sector.rawValue, SampleThemes.all[org.theme].subsector,
                          SampleCountry.all[org.country].code, org.domains.joined(separator: separator),
                          tags.joined(separator: separator), org.aliases.joined(separator: "; "),
                          org.registryFollowers.map(String.init) ?? "", Self.accounts(of: org).joined(separator: separator)]
            for (i, field) in fields.enumerated() {
                if i > 0 { b.append(0x2C) }
                b.appendMinimalField(field)
            }
            b.append(0x0A)
            stats.registryOrganizations += 1
            if !org.adopter { stats.nonAdopters.append(org.lower) }
        }
        try output.writeWhole("organizations.csv", b)
    }

    /// The registry's `accounts` (outputs.md): the Mastodon account (`@name@server`) of an
    /// organization that moved there, its Bluesky handle, and for some its DID as well.
    static func accounts(of org: SampleOrganization) -> [String] {
        var accounts: [String] = []
        if let mastodon = org.plan.mastodon { accounts.append("@" + org.handle + "@" + mastodon.host) }
        if let bluesky = org.plan.bluesky {
            accounts.append(bluesky.handle)
            if bluesky.registryListsDID { accounts.append(bluesky.did) }
        }
        return accounts
    }

    // MARK: Exports

    mutating func writeExports() throws {
        let breakers = planBadRecords()
        for org in world.orgs where org.adopter && org.postCount > 0 {
            var context = SampleWriterContext(world: world, org: org)
            context.breaker = breakers[org.index]
            let written = try writeOrganization(org, context: &context)
            if written > 0 {
                stats.posts += written
                if org.registered { stats.activeOrganizations += 1 } else { stats.unregistered.append(org.lower) }
            }
            stats.deliberateRejects += context.rejects
            stats.deliberateWarnings += context.warnings
            stats.crossPosts += context.crossPosts
            stats.posts += context.crossPosts
        }
        for entry in collections.sorted(by: { $0.file.relativePath < $1.file.relativePath }) {
            try close(entry.file)
        }
        collections = []
    }

    /// Writes one organization's posts, newest first; returns how many posts went to a file.
    private mutating func writeOrganization(_ org: SampleOrganization, context: inout SampleWriterContext) throws -> Int {
        var composer = SampleComposer(world: world, book: book, org: org, seed: options.seed)
        var open: [(format: ExportFormat, key: Int64, file: SampleFile)] = []
        var routes: [(ExportFormat, Int64)] = []
        var written = 0
        var twitterArchive: SampleTwitterArchive? = nil
        var mastodonArchive: SampleMastodonArchive? = nil
        var bluesky: SampleBlueskyRepository? = nil
        for i in stride(from: org.postCount - 1, through: 0, by: -1) {
            composer.compose(i)
            let post = composer.post
            // Windows that start after this post will get no more posts: close them.
            var k = 0
            while k < open.count {
                if open[k].file.windowStart > post.time {
                    try close(open[k].file)
                    open.remove(at: k)
                } else {
                    k += 1
                }
            }
            self.routes(for: post, org: org, into: &routes)
            var kept = false
            for (format, key) in routes {
                // A Bluesky repository is written whole at the end (its tree needs every record).
                if format == .bluesky {
                    if bluesky == nil {
                        bluesky = SampleBlueskyRepository(
                            org: org, plan: org.plan.bluesky ?? SampleBlueskyRepository.fallbackPlan(org: org, world: world))
                    }
                    bluesky?.add(post)
                    kept = true
                    continue
                }
                let file: SampleFile
                if format == .tweetsJS {
                    file = try tweetsPart(org: org, post: post, archive: &twitterArchive)
                } else if format == .mastodon {
                    file = try outbox(org: org, timeline: composer.timeline, archive: &mastodonArchive)
                } else if let existing = open.first(where: { $0.format == format && $0.key == key }) {
                    file = existing.file
                } else if let existing = collections.first(where: { $0.format == format && $0.key == key }) {
                    file = existing.file
                } else {
                    file = try openFile(format, key: key, org: org, post: post)
                    if format == .twarc2 || format == .twarc1 {
                        collections.append((format, key, file))
                    } else {
                        open.append((format, key, file))
                    }
                }
                let rejectsBefore = context.rejects.count
                try write(post, format: format, to: file, context: &context)
                guard context.rejects.count == rejectsBefore else { continue }
                // A Facebook copy is a post of its own, not a record of this one.
                if format == .mappedCSV && Self.isCrossPostKey(key) { context.crossPosts += 1 } else { kept = true }
            }
            if kept { written += 1 }
        }
        for entry in open { try close(entry.file) }
        if let twitterArchive { try finish(twitterArchive, org: org) }
        if let mastodonArchive { try finish(mastodonArchive, org: org) }
        if let bluesky { try finish(bluesky) }
        return written
    }


    private mutating func write(_ post: SamplePost, format: ExportFormat, to file: SampleFile,
                                context: inout SampleWriterContext) throws {
        do {
            switch format {
            case .legacyArchive: try csv.writeArchive(post, to: file, context: &context)
            case .analytics: try csv.writeAnalytics(post, to: file, context: &context)
            case .xAnalytics: try csv.writeXAnalytics(post, to: file, context: &context)
            case .twarc2: try csv.writeTwarc2(post, to: file, context: &context)
            case .twarc1: try csv.writeTwarc1(post, to: file, context: &context)
            case .apiXML: try feeds.writeStatus(post, to: file, context: &context)
            case .rss: try feeds.writeRSSItem(post, to: file, context: &context)
            case .atom: try feeds.writeAtomEntry(post, to: file, context: &context)
            case .tweetsJS:
                if let archive = file.twitterArchive { try archives.writeTweet(post, to: file, archive: archive, context: &context) }
            case .mastodon:
                if let plan = file.mastodonPlan { try archives.writeActivity(post, to: file, plan: plan, context: &context) }
            case .mappedCSV:
                if file.variant == 1 {
                    try tools.writeMeta(post, to: file, context: &context)
                } else {
                    try tools.writeSprout(post, to: file, context: &context)
                }
            case .bluesky: break  // written whole by `finish(_: SampleBlueskyRepository)`
            }
        } catch let error as SampleError {
            throw error
        } catch {
            throw SampleError.cannotWrite(path: output.root + "/" + file.relativePath, reason: "\(error)")
        }
    }

    // MARK: Routing

    /// The files (format and window) a post goes to: the formats whose period covers it in this
    /// organization's plan; with a subset of formats, the first chosen one that can hold it.
    /// After an organization's move to Mastodon, its outbox only. A post that went to its
    /// Facebook Page too also goes to the Meta Business Suite export, as a post of its own.
    /// Zip archives take key 0 (one archive per organization); management-tool CSVs take the
    /// year, doubled, plus one for Meta.
    private func routes(for post: SamplePost, org: SampleOrganization, into routes: inout [(ExportFormat, Int64)]) {
        routes.removeAll(keepingCapacity: true)
        let t = post.time
        let formats = options.formats
        let plan = org.plan
        // On Bluesky: from the move, its share of the posts go there only.
        if let bluesky = plan.bluesky, t >= bluesky.moveDate,
           bluesky.share >= 1 || unitInterval(sampleHash(options.seed, org.stream, UInt64(post.index) &+ 0xB5)) < bluesky.share {
            if formats.contains(.bluesky) && t <= bluesky.exportDate { routes.append((.bluesky, 0)) }
            return
        }
        // Moved to Mastodon: from then on, its posts are there only.
        if let mastodon = plan.mastodon, t >= mastodon.moveDate {
            if formats.contains(.mastodon) && t <= mastodon.exportDate { routes.append((.mastodon, 0)) }
            return
        }
        mainRoutes(for: post, org: org, into: &routes)
        // The Facebook copy of a post, beside wherever the post itself went.
        if formats.contains(.mappedCSV), let tool = plan.toolExport, tool.tool == .metaBusinessSuite,
           SampleToolCSVWriter.crossPosted(post) {
            let year = SampleCalendar.civil(t).year
            if tool.years.contains(year) { routes.append((.mappedCSV, Int64(year) * 2 + 1)) }
        }
    }

    /// A mapped CSV's key: the year, doubled, plus one for a Meta Business Suite export.
    static func isCrossPostKey(_ key: Int64) -> Bool { key % 2 != 0 }

    private func mainRoutes(for post: SamplePost, org: SampleOrganization, into routes: inout [(ExportFormat, Int64)]) {
        let t = post.time
        let formats = options.formats
        let registered = org.registered
        let plan = org.plan
        if formats.contains(.legacyArchive), registered, let archive = plan.archive, t <= archive.exportDate {
            routes.append((.legacyArchive, archiveKey(t, archive)))
        }
        if formats.contains(.analytics), registered, !post.isRepost, plan.analytics != nil,
           t >= Self.analyticsAnchorDay * 86_400, t <= Self.analyticsEnd {
            appendAnalytics(t, plan, &routes)
        }
        if formats.contains(.xAnalytics), registered, plan.xAnalytics, !post.isRepost, t >= Self.xAnalyticsStart {
            routes.append((.xAnalytics, Int64(SampleCalendar.civil(t).year)))
        }
        if formats.contains(.twarc2), plan.twarc2, t >= Self.twarc2Start, t <= Self.twarc2End {
            routes.append((.twarc2, collectionKey(org)))
        }
        if formats.contains(.twarc1), plan.twarc1, t >= Self.twarc1Start, t <= Self.twarc1End {
            routes.append((.twarc1, collectionKey(org)))
        }
        if formats.contains(.apiXML), registered, plan.apiXML, t <= Self.xmlEnd {
            routes.append((.apiXML, Int64(SampleCalendar.civil(t).year)))
        }
        if formats.contains(.rss), registered, plan.rss, t >= Self.feedsStart, t <= Self.feedsEnd {
            routes.append((.rss, Int64(SampleCalendar.civil(t).year)))
        }
        if formats.contains(.atom), registered, plan.atom, t >= Self.feedsStart, t <= Self.feedsEnd {
            routes.append((.atom, Int64(SampleCalendar.civil(t).year)))
        }
        if formats.contains(.tweetsJS), let archive = plan.modernArchive, t <= archive.exportDate {
            routes.append((.tweetsJS, 0))
        }
        if formats.contains(.mappedCSV), let tool = plan.toolExport, tool.tool == .sproutSocial {
            let year = SampleCalendar.civil(t).year
            if tool.years.contains(year) { routes.append((.mappedCSV, Int64(year) * 2)) }
        }
        guard routes.isEmpty, !everyFormat else { return }
        for format in Self.fallbackOrder where formats.contains(format) {
            switch format {
            case .legacyArchive:
                guard registered, let archive = plan.archive else { continue }
                routes.append((format, archiveKey(t, archive)))
            case .analytics:
                guard !post.isRepost, plan.analytics != nil else { continue }
                appendAnalytics(t, plan, &routes)
            case .xAnalytics:
                guard !post.isRepost else { continue }
                routes.append((format, Int64(SampleCalendar.civil(t).year)))
            case .twarc2, .twarc1:
                routes.append((format, collectionKey(org)))
            case .tweetsJS, .mastodon, .bluesky:
                routes.append((format, 0))
            case .mappedCSV:
                routes.append((format, Int64(SampleCalendar.civil(t).year) * 2))
            default:
                routes.append((format, Int64(SampleCalendar.civil(t).year)))
            }
            return
        }
    }

    private func archiveKey(_ t: Int64, _ archive: SamplePlan.Archive) -> Int64 {
        guard archive.monthly else { return 0 }
        let c = SampleCalendar.civil(t)
        return Int64(c.year * 12 + c.month - 1)
    }

    /// Analytics exports cover fixed-length windows; consecutive windows overlap by a few days
    /// when the organization downloaded them that way, so a post near a boundary is in two files.
    private func appendAnalytics(_ t: Int64, _ plan: SamplePlan, _ routes: inout [(ExportFormat, Int64)]) {
        guard let analytics = plan.analytics else { return }
        let day = Self.floorDiv(t, 86_400) - Self.analyticsAnchorDay
        let length = Int64(analytics.windowDays)
        let k = Self.floorDiv(day, length)
        routes.append((.analytics, k))
        if analytics.overlapDays > 0 && day >= (k + 1) * length - Int64(analytics.overlapDays) {
            routes.append((.analytics, k + 1))
        }
    }

    private func collectionKey(_ org: SampleOrganization) -> Int64 {
        Int64([Sector.public, .nonprofit, .commercial, .other].firstIndex(of: org.sector) ?? 0)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    // MARK: Opening files

    private mutating func openFile(_ format: ExportFormat, key: Int64, org: SampleOrganization,
                                   post: SamplePost) throws -> SampleFile {
        let folder = "exports/" + org.lower + "/"
        let quirk = sampleHash(options.seed, UInt64(org.index), UInt64(bitPattern: key) &+ UInt64(format.rawValue.utf8.count))
        let gzip = SampleCompression.compresses(format, orgIndex: org.index)
        switch format {
        case .legacyArchive:
            guard let archive = org.plan.archive else { break }
            let base = folder + "twitter-archive-" + SampleDateText.isoDate(archive.exportDate) + "/"
            let layoutA = archive.layoutA
            let crlf = !layoutA && org.index % 2 == 1
            let file: SampleFile
            if archive.monthly {
                let year = Int(key / 12), month = Int(key % 12) + 1
                let name = String(year) + "_" + (month < 10 ? "0" : "") + String(month) + ".csv"
                file = try output.open(base + "data/csv/" + name, format: format, gzip: false,
                                       windowStart: SampleCalendar.seconds(year: year, month: month, day: 1),
                                       snapshot: archive.exportDate, crlf: crlf,
                                       numericEntities: org.index % 4 == 2, variant: 0)
            } else {
                file = try output.open(base + "tweets.csv", format: format, gzip: gzip, windowStart: .min,
                                       snapshot: archive.exportDate, crlf: crlf,
                                       numericEntities: layoutA && org.index % 4 == 2, variant: layoutA ? 0 : 1)
            }
            file.duplicateURLs = !layoutA && quirk % 3 != 0
            var header = SampleCSVWriter.quotedHeader(layoutA ? SampleCSVWriter.layoutAHeader : SampleCSVWriter.layoutBHeader,
                                                      lineEnd: file.lineEnd)
            try file.writeRaw(&header)
            return file
        case .analytics:
            guard let analytics = org.plan.analytics else { break }
            let length = Int64(analytics.windowDays)
            let startDay = Self.analyticsAnchorDay + key * length - Int64(analytics.overlapDays)
            var endDay = Self.analyticsAnchorDay + (key + 1) * length - 1
            endDay = min(endDay, Self.floorDiv(sampleCorpusEnd, 86_400))
            let from = startDay * 86_400, to = endDay * 86_400
            let name = "tweet_activity_metrics_" + org.handle + "_" + SampleDateText.compactDate(from) + "_"
                + SampleDateText.compactDate(to) + "_en.csv"
            let favorites = to < SampleCalendar.seconds(year: 2015, month: 11, day: 1)
            let file = try output.open(folder + "analytics/" + name, format: format, gzip: gzip, windowStart: from,
                                       snapshot: to + 2 * 86_400 + 40_000, variant: favorites ? 1 : 0)
            var header = SampleCSVWriter.quotedHeader(SampleCSVWriter.analyticsHeader(favorites: favorites), lineEnd: file.lineEnd)
            if quirk % 10 < 3 { header.bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
            try file.writeRaw(&header)
            return file
        case .xAnalytics:
            let year = Int(key)
            let from = SampleCalendar.seconds(year: year, month: 1, day: 1)
            let to = min(SampleCalendar.seconds(year: year, month: 12, day: 31), Self.floorDiv(sampleCorpusEnd, 86_400) * 86_400)
            let name = "account_analytics_content_" + SampleDateText.isoDate(from) + "_" + SampleDateText.isoDate(to) + ".csv"
            let file = try output.open(folder + "analytics/" + name, format: format, gzip: gzip, windowStart: from,
                                       snapshot: to + 86_400 + 30_000, crlf: quirk % 2 == 0)
            var header = SampleCSVWriter.plainHeader(SampleCSVWriter.xAnalyticsHeader, lineEnd: file.lineEnd, bom: true)
            try file.writeRaw(&header)
            return file
        case .twarc2, .twarc1:
            let name = SampleWorld.collectionNames[org.sector] ?? "accounts"
            let v2 = format == .twarc2
            let path = "exports/collections/" + (v2 ? "twarc2-" : "twarc1-") + name + "-timelines.csv"
            let file = try output.open(path, format: format, gzip: gzip, windowStart: .min,
                                       snapshot: v2 ? Self.twarc2Retrieved : Self.twarc1Retrieved)
            var header = SampleCSVWriter.plainHeader(v2 ? SampleCSVWriter.twarc2Header : SampleCSVWriter.twarc1Header,
                                                     lineEnd: file.lineEnd)
            try file.writeRaw(&header)
            return file
        case .mappedCSV:
            let year = Int(key / 2)
            let meta = Self.isCrossPostKey(key)
            let from = SampleCalendar.seconds(year: year, month: 1, day: 1)
            // Downloaded a few days after the year it covers (or after the last post).
            let snapshot = min(SampleCalendar.seconds(year: year + 1, month: 1, day: 6, hour: 15), org.lastPost + 5 * 86_400)
            let name = meta ? SampleToolCSVWriter.metaFileName(org: org, year: year)
                : SampleToolCSVWriter.sproutFileName(org: org, year: year)
            let file = try output.open(folder + name, format: format, gzip: false, windowStart: from,
                                       snapshot: max(snapshot, post.time + 86_400), crlf: !meta, variant: meta ? 1 : 0)
            var header = SampleCSVWriter.plainHeader(meta ? SampleToolCSVWriter.metaHeader : SampleToolCSVWriter.sproutHeader,
                                                     lineEnd: file.lineEnd, bom: !meta)
            try file.writeRaw(&header)
            return file
        case .apiXML, .rss, .atom:
            let year = Int(key)
            let from = SampleCalendar.seconds(year: year, month: 1, day: 1)
            let snapshot = SampleCalendar.seconds(year: year + 1, month: 1, day: 10)
            let ext = format == .apiXML ? ".xml" : format == .rss ? ".rss" : ".atom"
            let path = folder + (format == .apiXML ? "api/" : "feeds/") + "user_timeline_" + String(year) + ext
            let file = try output.open(path, format: format, gzip: gzip, windowStart: from, snapshot: snapshot)
            var header: SampleBytes
            switch format {
            case .apiXML: header = SampleFeedWriter.xmlHeader(); file.footer = SampleFeedWriter.xmlFooter
            case .rss: header = SampleFeedWriter.rssHeader(org: org); file.footer = SampleFeedWriter.rssFooter
            default: header = SampleFeedWriter.atomHeader(org: org, updated: post.time); file.footer = SampleFeedWriter.atomFooter
            }
            try file.writeRaw(&header)
            return file
        default:
            break
        }
        throw SampleError.unsupportedFormat(format)
    }

    private mutating func close(_ file: SampleFile) throws {
        try output.close(file)
    }

    // MARK: Archives (zip)

    /// The `tweets.js` part the next post goes to: opens the archive on its first post and the
    /// next part when one is full.
    private mutating func tweetsPart(org: SampleOrganization, post: SamplePost,
                                     archive: inout SampleTwitterArchive?) throws -> SampleFile {
        if archive == nil {
            let plan = org.plan.modernArchive
                ?? SamplePlan.ModernArchive(exportDate: max(org.lastPost, post.time) + 3 * 86_400, partSize: SampleWorld.tweetsPartSize)
            let name = SampleArchiveWriter.twitterZipName(org: org, exportDate: plan.exportDate, seed: options.seed)
            let zip = try output.openArchive("exports/" + org.lower + "/" + name, modified: plan.exportDate)
            try output.addEntry(zip, name: "data/account.js", SampleArchiveWriter.accountJS(org: org), deflate: false)
            archive = SampleTwitterArchive(archive: zip, plan: plan)
        }
        guard let state = archive else { throw SampleError.unsupportedFormat(.tweetsJS) }
        if let part = state.part {
            if part.records < state.plan.partSize { return part }
            try output.close(part)
            state.parts[state.parts.count - 1].count = part.records
            state.part = nil
        }
        let index = state.parts.count
        let name = SampleArchiveWriter.partName(index)
        // 4 KB a post at most: a part that could pass 4 GiB gets a Zip64 header.
        let large = state.plan.partSize > 1_000_000
        let part = try output.openEntry(state.archive, name: name, format: .tweetsJS, deflate: true, large: large,
                                        snapshot: state.plan.exportDate)
        part.footer = SampleArchiveWriter.partFooter
        part.twitterArchive = state
        var header = SampleArchiveWriter.partHeader(index)
        try part.writeRaw(&header)
        state.parts.append((name, 0))
        state.part = part
        return part
    }

    private mutating func finish(_ state: SampleTwitterArchive, org: SampleOrganization) throws {
        if let part = state.part {
            try output.close(part)
            state.parts[state.parts.count - 1].count = part.records
            state.part = nil
        }
        let zip = state.archive
        if !state.notes.isEmpty {
            try output.addEntry(zip, name: "data/note-tweet.js", SampleArchiveWriter.noteTweetJS(state.notes), deflate: true)
        }
        try output.addEntry(zip, name: "data/follower.js", SampleArchiveWriter.followerJS(org: org, world: world), deflate: true)
        try output.addEntry(zip, name: "data/manifest.js",
                            SampleArchiveWriter.manifestJS(org: org, archive: state, sizeBytes: zip.uncompressed), deflate: true)
        try output.addEntry(zip, name: "Your archive.html", SampleArchiveWriter.yourArchiveHTML(org: org), deflate: true)
        try output.closeArchive(zip)
    }

    /// The outbox the next post goes to: opens the Mastodon archive on its first post.
    private mutating func outbox(org: SampleOrganization, timeline: SampleTimeline,
                                 archive: inout SampleMastodonArchive?) throws -> SampleFile {
        if let archive { return archive.outbox }
        let plan = org.plan.mastodon ?? SamplePlan.Mastodon(
            moveDate: org.firstPost, exportDate: org.lastPost + 5 * 86_400,
            host: SampleWorld.mastodonHosts[Int(stableHash("host:" + org.lower) % UInt64(SampleWorld.mastodonHosts.count))],
            counters: true, duplicateItems: false)
        let name = SampleArchiveWriter.mastodonZipName(org: org, exportDate: plan.exportDate, seed: options.seed)
        let zip = try output.openArchive("exports/" + org.lower + "/" + name, modified: plan.exportDate)
        try output.addEntry(zip, name: "actor.json", SampleArchiveWriter.actorJSON(org: org, plan: plan), deflate: false)
        // `totalItems` counts what the server had, deleted posts included: never the items here.
        let posts = Self.postsSince(plan.moveDate, timeline: timeline)
        let declared = posts + 1 + Int(sampleHash(options.seed, UInt64(org.index), 0x7074) % 40)
        let outbox = try output.openEntry(zip, name: "outbox.json", format: .mastodon, deflate: true,
                                          large: posts > 1_000_000, snapshot: plan.exportDate)
        outbox.mastodonPlan = plan
        outbox.footer = SampleArchiveWriter.outboxFooter
        var header = SampleArchiveWriter.outboxHeader(declaredItems: declared, duplicateItems: plan.duplicateItems)
        try outbox.writeRaw(&header)
        let state = SampleMastodonArchive(archive: zip, plan: plan, outbox: outbox)
        archive = state
        return outbox
    }

    /// How many of an organization's posts are at or after `t` (the timeline is in time order).
    static func postsSince(_ t: Int64, timeline: SampleTimeline) -> Int {
        var low = 0, high = timeline.count
        while low < high {
            let mid = (low + high) / 2
            if timeline.time(of: mid).seconds < t { low = mid + 1 } else { high = mid }
        }
        return timeline.count - low
    }

    private mutating func finish(_ state: SampleMastodonArchive, org: SampleOrganization) throws {
        try output.close(state.outbox)
        let zip = state.archive
        try output.addEntry(zip, name: "likes.json",
                            SampleArchiveWriter.statusCollection("likes.json", org: org, plan: state.plan, world: world), deflate: true)
        try output.addEntry(zip, name: "bookmarks.json",
                            SampleArchiveWriter.statusCollection("bookmarks.json", org: org, plan: state.plan, world: world), deflate: true)
        try output.closeArchive(zip)
    }

    /// Writes an organization's Bluesky repository (one CAR file) and keeps what it holds.
    private mutating func finish(_ repository: SampleBlueskyRepository) throws {
        let (bytes, tally) = repository.write(world: world, seed: options.seed)
        let path = SampleBlueskyRepository.fileName(plan: repository.plan, org: repository.org,
                                                    listed: repository.org.registered && repository.org.plan.bluesky != nil)
        try output.writeWhole(path, SampleBytes(bytes: bytes), format: .bluesky, records: tally.posts)
        stats.bluesky[path] = tally
    }

    // MARK: Deliberate bad records

    /// Which organizations carry a broken record, of which kind, and at which of their records:
    /// about one per 5,000 posts per kind, none in corpora under 1,000 posts.
    private func planBadRecords() -> [SampleBreaker] {
        var breakers = Array(repeating: SampleBreaker(), count: world.orgs.count)
        let active = world.orgs.filter { $0.adopter && $0.postCount > 0 }
        let total = active.reduce(0) { $0 + $1.postCount }
        guard options.deliberateBadRecords, total >= 1000 else { return breakers }
        let perKind = max(1, total / 5000)
        var random = SampleRandom(seed: options.seed, stream: 7)
        let formats = options.formats
        for kind in SampleBreaker.Kind.allCases {
            var eligible: [Int] = active.filter { org in
                switch kind {
                case .archiveTimestamp:
                    return formats.contains(.legacyArchive) && org.registered && org.plan.archive != nil
                case .layoutBShortRow:
                    guard let archive = org.plan.archive else { return false }
                    return formats.contains(.legacyArchive) && org.registered && !archive.layoutA && !archive.monthly
                case .analyticsCounter:
                    return formats.contains(.analytics) && org.registered
                        && (!everyFormat || org.lastPost >= SampleCalendar.seconds(year: 2014, month: 1, day: 1))
                case .twarc2Timestamp:
                    return formats.contains(.twarc2) && (!everyFormat || (org.plan.twarc2 && org.lastPost >= Self.twarc2Start))
                case .tweetsJSTimestamp:
                    return formats.contains(.tweetsJS) && (!everyFormat || org.plan.modernArchive != nil)
                case .mastodonTimestamp:
                    return formats.contains(.mastodon) && (!everyFormat || org.plan.mastodon != nil)
                case .mappedTimestamp:
                    return formats.contains(.mappedCSV) && (!everyFormat || org.plan.toolExport != nil)
                }
            }.map(\.index)
            random.shuffle(&eligible)
            for index in eligible.prefix(perKind) {
                var target = random.int(1...12)
                // Tier 2 files of a small corpus can hold only a few records: break one they have.
                if everyFormat, let records = tier2Records(kind, org: world.orgs[index]) { target = min(target, max(1, records)) }
                breakers[index].targets[kind.rawValue] = target
            }
        }
        return breakers
    }

    /// About how many records an organization's Tier 2 files of a kind get (at least that many).
    private func tier2Records(_ kind: SampleBreaker.Kind, org: SampleOrganization) -> Int? {
        let timeline = SampleTimeline(org: org, seed: options.seed)
        switch kind {
        case .mastodonTimestamp:
            guard let mastodon = org.plan.mastodon else { return nil }
            return Self.postsSince(mastodon.moveDate, timeline: timeline)
        case .mappedTimestamp:
            guard let tool = org.plan.toolExport else { return nil }
            let from = SampleCalendar.seconds(year: tool.years.lowerBound, month: 1, day: 1)
            let to = SampleCalendar.seconds(year: tool.years.upperBound + 1, month: 1, day: 1)
            let posts = Self.postsSince(from, timeline: timeline) - Self.postsSince(to, timeline: timeline)
            // Meta exports hold the organization's own posts only (no replies or reposts).
            return tool.tool == .metaBusinessSuite ? posts / 3 : posts
        default:
            return nil
        }
    }

    // MARK: Totals

    mutating func finish() -> SampleStats {
        for file in output.closed {
            if !file.insideArchive {
                stats.files += 1
                stats.bytesUncompressed += file.uncompressed
            }
            if let format = file.format {
                stats.records[format, default: 0] += file.records
                stats.filesPerFormat[format, default: 0] += 1
            }
        }
        stats.bytesOnDisk = output.bytesOnDisk()
        return stats
    }
}
