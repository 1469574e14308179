/// How an organization's computed state and a run's findings are written into cache entries
/// and partial results (see `ByteCoding.swift` for the encoding itself).
///
/// Every field of the metric types is written by hand. `ResultCoding.unknownFields()` compares
/// the fields listed here with the fields the types have (through `Mirror`): a field added to
/// `OrganizationMetrics` and friends without being added here switches the cache and partial
/// results off with a message rather than silently dropping it from the report.
enum ResultCoding {
    /// The fields each stored type has, in the order they are written.
    static let knownFields: [String: [String]] = [
        "OrgResult": ["metrics", "months", "topPosts", "promotionalExamples", "topPartners", "platforms"],
        "OrgPlatform": ["platform", "posts", "originals", "replies", "threads", "reposts", "quotes", "firstPost", "lastPost",
                        "measuredPosts", "interactionsTotal", "promotionalPosts", "conversationalPosts", "informationPosts",
                        "communityPosts", "actionPosts", "months"],
        "OrganizationMetrics": [
            "handle", "name", "sector", "subsector", "posts", "originals", "replies", "threads", "reposts", "quotes",
            "firstPost", "lastPost", "activeMonths", "postsPerWeek", "measuredPosts", "interactionsTotal",
            "interactionsMean", "interactionsMedian", "interactionsP90", "impressionsTotal",
            "engagementRateImpressions", "followers", "engagementRateFollowers", "promotionalPosts", "ctaPosts",
            "ownLinkPosts", "selfMentionPosts", "selfReposts", "linkCoverage", "promoShare", "conversationShare",
            "partners", "informationShare", "communityShare", "actionShare", "promoEngagementRatio", "promoVerdict",
            "dialogueVerdict", "informationPosts", "communityPosts", "actionPosts", "caveats",
        ],
        "OrgMonth": ["month", "posts", "authored", "promotional", "conversational", "measuredPosts", "interactions",
                     "impressions", "engagements", "information", "community", "action"],
        "TopPost": ["id", "created", "text", "interactions", "kind"],
        "PromotionalExample": ["id", "created", "text", "kind", "reasons"],
        "PartnerCount": ["handle", "posts"],
        "FileCounts": ["records", "posts", "duplicates", "rejects", "warnings", "orgs", "ignored"],
        "Finding": ["severity", "file", "line", "reason", "excerpt"],
        "ScannedFile": ["file", "format", "unreadable", "bytes", "owner"],
        "ExportFile": ["path", "displayPath", "orgFromName", "orgFromPath", "zipEntry", "archive", "skipReason"],
        "ZipEntry": ["name", "method", "flags", "crc32", "compressedSize", "uncompressedSize", "localHeaderOffset", "problem"],
        "ArchiveFacts": ["account", "noteTweets"],
        "MetricThresholds": ["promotional", "relentless", "conversational", "mixed", "minPosts"],
    ]

    /// Fields of the stored types that this file does not write, as `Type.field`; empty when
    /// the encoding is complete.
    static func unknownFields() -> [String] {
        let samples: [(String, Any)] = [
            ("OrgResult", OrgResult(metrics: sampleMetrics, months: [], topPosts: [], promotionalExamples: [], topPartners: [])),
            ("OrganizationMetrics", sampleMetrics),
            ("OrgPlatform", OrgPlatform(platform: .other)),
            ("OrgMonth", OrgMonth(month: CalendarMonth(year: 2000, month: 1))),
            ("TopPost", TopPost(id: "", created: 0, text: "", interactions: 0, kind: .original)),
            ("PromotionalExample", PromotionalExample(id: "", created: 0, text: "", kind: .original, reasons: [])),
            ("PartnerCount", PartnerCount(handle: "", posts: 0)),
            ("FileCounts", FileCounts()),
            ("Finding", Finding.reject(file: "", line: 0, reason: "")),
            ("ScannedFile", ScannedFile(file: ExportFile(path: ""), format: nil, bytes: 0, owner: nil)),
            ("ExportFile", ExportFile(path: "")),
            ("ZipEntry", ZipEntry(name: "")),
            ("ArchiveFacts", ArchiveFacts()),
            ("MetricThresholds", MetricThresholds()),
        ]
        var unknown: [String] = []
        for (name, value) in samples {
            let known = Set(knownFields[name] ?? [])
            for child in Mirror(reflecting: value).children {
                if let label = child.label, !known.contains(label) { unknown.append("\(name).\(label)") }
            }
        }
        return unknown
    }

    private static let sampleMetrics = OrganizationMetrics(handle: "", name: "", sector: .other, subsector: "", followers: nil)

    // MARK: Organizations

    static func write(_ r: OrgResult, to w: inout ByteWriter) {
        write(r.metrics, to: &w)
        w.array(r.months) { w, m in write(m, to: &w) }
        w.array(r.topPosts) { w, p in
            w.string(p.id); w.int64(p.created); w.string(p.text); w.int(p.interactions); w.string(p.kind.rawValue)
        }
        w.array(r.promotionalExamples) { w, p in
            w.string(p.id); w.int64(p.created); w.string(p.text); w.string(p.kind.rawValue)
            w.array(p.reasons) { w, reason in w.string(reason.part.rawValue); w.string(reason.phrase) }
        }
        w.array(r.topPartners) { w, p in w.string(p.handle); w.int(p.posts) }
        w.array(r.platforms) { w, p in
            w.string(p.platform.rawValue)
            for v in [p.posts, p.originals, p.replies, p.threads, p.reposts, p.quotes] { w.int(v) }
            w.optional(p.firstPost) { $0.int64($1.daysSinceEpoch) }
            w.optional(p.lastPost) { $0.int64($1.daysSinceEpoch) }
            w.int(p.measuredPosts)
            w.optional(p.interactionsTotal) { $0.int($1) }
            for v in [p.promotionalPosts, p.conversationalPosts, p.informationPosts, p.communityPosts, p.actionPosts] { w.int(v) }
            w.array(p.months) { w, m in w.int(m.month.year); w.int(m.month.month); w.int(m.posts) }
        }
    }

    static func readOrgResult(_ r: inout ByteReader) throws -> OrgResult {
        let metrics = try readMetrics(&r)
        let months = try r.array { try readMonth(&$0) }
        let top = try r.array { r in
            TopPost(id: try r.string(), created: try r.int64(), text: try r.string(), interactions: try r.int(),
                    kind: try r.named(PostKind.self))
        }
        let examples = try r.array { r in
            PromotionalExample(id: try r.string(), created: try r.int64(), text: try r.string(), kind: try r.named(PostKind.self),
                               reasons: try r.array { r in PromotionReason(try r.named(PromotionReason.Part.self), try r.string()) })
        }
        let partners = try r.array { r in PartnerCount(handle: try r.string(), posts: try r.int()) }
        let platforms = try r.array { r -> OrgPlatform in
            var p = OrgPlatform(platform: try r.named(Platform.self))
            p.posts = try r.int(); p.originals = try r.int(); p.replies = try r.int(); p.threads = try r.int()
            p.reposts = try r.int(); p.quotes = try r.int()
            p.firstPost = try r.optional { CalendarDay(daysSinceEpoch: try $0.int64()) }
            p.lastPost = try r.optional { CalendarDay(daysSinceEpoch: try $0.int64()) }
            p.measuredPosts = try r.int()
            p.interactionsTotal = try r.optional { try $0.int() }
            p.promotionalPosts = try r.int(); p.conversationalPosts = try r.int(); p.informationPosts = try r.int()
            p.communityPosts = try r.int(); p.actionPosts = try r.int()
            p.months = try r.array { r in PlatformMonth(month: CalendarMonth(year: try r.int(), month: try r.int()), posts: try r.int()) }
            return p
        }
        return OrgResult(metrics: metrics, months: months, topPosts: top, promotionalExamples: examples, topPartners: partners,
                         platforms: platforms)
    }

    private static func write(_ m: OrganizationMetrics, to w: inout ByteWriter) {
        w.string(m.handle); w.string(m.name); w.string(m.sector.rawValue); w.string(m.subsector)
        for v in [m.posts, m.originals, m.replies, m.threads, m.reposts, m.quotes] { w.int(v) }
        w.optional(m.firstPost) { $0.int64($1.daysSinceEpoch) }
        w.optional(m.lastPost) { $0.int64($1.daysSinceEpoch) }
        w.int(m.activeMonths)
        w.optional(m.postsPerWeek) { $0.double($1) }
        w.int(m.measuredPosts)
        w.optional(m.interactionsTotal) { $0.int($1) }
        w.optional(m.interactionsMean) { $0.double($1) }
        w.optional(m.interactionsMedian) { $0.double($1) }
        w.optional(m.interactionsP90) { $0.int($1) }
        w.optional(m.impressionsTotal) { $0.int($1) }
        w.optional(m.engagementRateImpressions) { $0.double($1) }
        w.optional(m.followers) { $0.int($1) }
        w.optional(m.engagementRateFollowers) { $0.double($1) }
        for v in [m.promotionalPosts, m.ctaPosts, m.ownLinkPosts, m.selfMentionPosts, m.selfReposts] { w.int(v) }
        w.optional(m.linkCoverage) { $0.double($1) }
        w.optional(m.promoShare) { $0.double($1) }
        w.optional(m.conversationShare) { $0.double($1) }
        w.int(m.partners)
        for v in [m.informationShare, m.communityShare, m.actionShare, m.promoEngagementRatio] {
            w.optional(v) { $0.double($1) }
        }
        w.optional(m.promoVerdict) { $0.string($1.rawValue) }
        w.optional(m.dialogueVerdict) { $0.string($1.rawValue) }
        for v in [m.informationPosts, m.communityPosts, m.actionPosts] { w.int(v) }
        for v in [m.caveats.fewPosts, m.caveats.ownDomainsUnknown, m.caveats.linksHidden] { w.bool(v) }
    }

    private static func readMetrics(_ r: inout ByteReader) throws -> OrganizationMetrics {
        let handle = try r.string(), name = try r.string(), sector = try r.named(Sector.self), subsector = try r.string()
        var m = OrganizationMetrics(handle: handle, name: name, sector: sector, subsector: subsector, followers: nil)
        m.posts = try r.int(); m.originals = try r.int(); m.replies = try r.int()
        m.threads = try r.int(); m.reposts = try r.int(); m.quotes = try r.int()
        m.firstPost = try r.optional { CalendarDay(daysSinceEpoch: try $0.int64()) }
        m.lastPost = try r.optional { CalendarDay(daysSinceEpoch: try $0.int64()) }
        m.activeMonths = try r.int()
        m.postsPerWeek = try r.optional { try $0.double() }
        m.measuredPosts = try r.int()
        m.interactionsTotal = try r.optional { try $0.int() }
        m.interactionsMean = try r.optional { try $0.double() }
        m.interactionsMedian = try r.optional { try $0.double() }
        m.interactionsP90 = try r.optional { try $0.int() }
        m.impressionsTotal = try r.optional { try $0.int() }
        m.engagementRateImpressions = try r.optional { try $0.double() }
        m.followers = try r.optional { try $0.int() }
        m.engagementRateFollowers = try r.optional { try $0.double() }
        m.promotionalPosts = try r.int(); m.ctaPosts = try r.int(); m.ownLinkPosts = try r.int()
        m.selfMentionPosts = try r.int(); m.selfReposts = try r.int()
        m.linkCoverage = try r.optional { try $0.double() }
        m.promoShare = try r.optional { try $0.double() }
        m.conversationShare = try r.optional { try $0.double() }
        m.partners = try r.int()
        m.informationShare = try r.optional { try $0.double() }
        m.communityShare = try r.optional { try $0.double() }
        m.actionShare = try r.optional { try $0.double() }
        m.promoEngagementRatio = try r.optional { try $0.double() }
        m.promoVerdict = try r.optional { try $0.named(PromoVerdict.self) }
        m.dialogueVerdict = try r.optional { try $0.named(DialogueVerdict.self) }
        m.informationPosts = try r.int(); m.communityPosts = try r.int(); m.actionPosts = try r.int()
        m.caveats = VerdictCaveats(fewPosts: try r.bool(), ownDomainsUnknown: try r.bool(), linksHidden: try r.bool())
        return m
    }

    private static func write(_ m: OrgMonth, to w: inout ByteWriter) {
        w.int(m.month.index)
        for v in [m.posts, m.authored, m.promotional, m.conversational, m.measuredPosts] { w.int(v) }
        for v in [m.interactions, m.impressions, m.engagements] { w.optional(v) { $0.int($1) } }
        for v in [m.information, m.community, m.action] { w.int(v) }
    }

    private static func readMonth(_ r: inout ByteReader) throws -> OrgMonth {
        var month = CalendarMonth(year: 0, month: 1)
        month.index = try r.int()
        var m = OrgMonth(month: month)
        m.posts = try r.int(); m.authored = try r.int(); m.promotional = try r.int()
        m.conversational = try r.int(); m.measuredPosts = try r.int()
        m.interactions = try r.optional { try $0.int() }
        m.impressions = try r.optional { try $0.int() }
        m.engagements = try r.optional { try $0.int() }
        m.information = try r.int(); m.community = try r.int(); m.action = try r.int()
        return m
    }

    // MARK: What a run read

    static func write(_ c: FileCounts, to w: inout ByteWriter) {
        for v in [c.records, c.posts, c.duplicates, c.rejects, c.warnings] { w.int(v) }
        w.strings(c.orgs.sorted())
        w.array(c.ignored.sorted { $0.key < $1.key }) { w, item in w.string(item.key); w.int(item.value) }
    }

    static func readCounts(_ r: inout ByteReader) throws -> FileCounts {
        var c = FileCounts()
        c.records = try r.int(); c.posts = try r.int(); c.duplicates = try r.int()
        c.rejects = try r.int(); c.warnings = try r.int()
        c.orgs = Set(try r.strings())
        for (collection, count) in try r.array({ r in (try r.string(), try r.int()) }) { c.ignored[collection] = count }
        return c
    }

    static func write(_ f: Finding, to w: inout ByteWriter) {
        w.string(f.severity.rawValue); w.string(f.file); w.int(f.line); w.string(f.reason); w.string(f.excerpt)
    }

    static func readFinding(_ r: inout ByteReader) throws -> Finding {
        Finding(try r.named(Finding.Severity.self), file: try r.string(), line: try r.int(), reason: try r.string(),
                excerpt: try r.string())
    }

    static func write(_ f: ScannedFile, to w: inout ByteWriter) {
        write(f.file, to: &w)
        w.optional(f.format) { $0.string($1.rawValue) }
        w.optional(f.unreadable) { $0.string($1) }
        w.int(f.bytes)
        w.optional(f.owner) { $0.string($1) }
    }

    static func readScannedFile(_ r: inout ByteReader) throws -> ScannedFile {
        let file = try readExportFile(&r)
        let format = try r.optional { try $0.named(ExportFormat.self) }
        let unreadable = try r.optional { try $0.string() }
        return ScannedFile(file: file, format: format, unreadable: unreadable, bytes: try r.int(), owner: try r.optional { try $0.string() })
    }

    /// A file, with the zip entry it is and the archive facts it carries (Tier 2 inputs).
    static func write(_ f: ExportFile, to w: inout ByteWriter) {
        w.string(f.path); w.string(f.displayPath)
        w.optional(f.orgFromName) { $0.string($1) }
        w.optional(f.orgFromPath) { $0.string($1) }
        w.optional(f.zipEntry) { w, e in
            w.string(e.name); w.unsigned(UInt64(e.method)); w.unsigned(UInt64(e.flags)); w.unsigned(UInt64(e.crc32))
            w.unsigned(e.compressedSize); w.unsigned(e.uncompressedSize); w.unsigned(e.localHeaderOffset)
            w.optional(e.problem) { $0.string($1) }
        }
        w.optional(f.archive) { w, a in
            w.optional(a.account) { $0.string($1) }
            w.array(a.noteTweets) { w, note in write(note, to: &w) }
        }
        w.optional(f.skipReason) { $0.string($1) }
    }

    static func readExportFile(_ r: inout ByteReader) throws -> ExportFile {
        var file = ExportFile(path: try r.string(), displayPath: try r.string(), orgFromName: try r.optional { try $0.string() },
                              orgFromPath: try r.optional { try $0.string() })
        file.zipEntry = try r.optional { r in
            ZipEntry(name: try r.string(), method: UInt16(truncatingIfNeeded: try r.unsigned()),
                     flags: UInt16(truncatingIfNeeded: try r.unsigned()), crc32: UInt32(truncatingIfNeeded: try r.unsigned()),
                     compressedSize: try r.unsigned(), uncompressedSize: try r.unsigned(), localHeaderOffset: try r.unsigned(),
                     problem: try r.optional { try $0.string() })
        }
        file.archive = try r.optional { r in
            ArchiveFacts(account: try r.optional { try $0.string() }, noteTweets: try r.array { try readExportFile(&$0) })
        }
        file.skipReason = try r.optional { try $0.string() }
        return file
    }

    static func write(_ t: MetricThresholds, to w: inout ByteWriter) {
        for v in [t.promotional, t.relentless, t.conversational, t.mixed] { w.double(v) }
        w.int(t.minPosts)
    }

    static func readThresholds(_ r: inout ByteReader) throws -> MetricThresholds {
        MetricThresholds(promotional: try r.double(), relentless: try r.double(), conversational: try r.double(), mixed: try r.double(),
                         minPosts: try r.int())
    }

    static func write(_ l: Lexicon, to w: inout ByteWriter) {
        w.string(l.name)
        w.string(l.promotionalRule.rawValue)
        for section in Lexicon.Section.allCases { w.strings(l.phrases(section)) }
        w.strings(l.fromBuiltin.map(\.rawValue))
    }

    static func readLexicon(_ r: inout ByteReader) throws -> Lexicon {
        let name = try r.string()
        let rule = try r.named(Lexicon.PromotionalRule.self)
        var phrases: [Lexicon.Section: [String]] = [:]
        for section in Lexicon.Section.allCases { phrases[section] = try r.strings() }
        let fromBuiltin = try r.array { try $0.named(Lexicon.Section.self) }
        return Lexicon(name: name, phrases: phrases, promotionalRule: rule, fromBuiltin: fromBuiltin)
    }
}
