import EarshotCore
/// The invented world the sample describes: organizations (the registry), the other accounts
/// they talk to, how each organization behaves and which exports it left behind.

/// The last instant of the sample's history (no clock: the corpus always ends here): mid-2025,
/// so that the Bluesky months after the move of November 2024 are in it.
let sampleCorpusEnd = SampleCalendar.seconds(year: 2025, month: 6, day: 30, hour: 23, minute: 59, second: 59)

struct SampleCountry: Sendable {
    let code: String
    let currency: String
    let publicTLD, nonprofitTLD, commercialTLD, educationTLD: String
    let timeZones: [(name: String, offset: Int)]
    let southern: Bool
    let weight: Double

    static let all: [SampleCountry] = [
        SampleCountry(code: "US", currency: "$", publicTLD: "gov", nonprofitTLD: "org", commercialTLD: "com",
                      educationTLD: "edu",
                      timeZones: [("Eastern Time (US & Canada)", -18000), ("Central Time (US & Canada)", -21600),
                                  ("Pacific Time (US & Canada)", -28800)],
                      southern: false, weight: 0.38),
        SampleCountry(code: "GB", currency: "£", publicTLD: "gov.uk", nonprofitTLD: "org.uk", commercialTLD: "co.uk",
                      educationTLD: "ac.uk", timeZones: [("London", 0), ("Edinburgh", 0)], southern: false, weight: 0.26),
        SampleCountry(code: "CA", currency: "$", publicTLD: "ca", nonprofitTLD: "org", commercialTLD: "ca",
                      educationTLD: "ca", timeZones: [("Eastern Time (US & Canada)", -18000), ("Pacific Time (US & Canada)", -28800)],
                      southern: false, weight: 0.12),
        SampleCountry(code: "AU", currency: "$", publicTLD: "gov.au", nonprofitTLD: "org.au", commercialTLD: "com.au",
                      educationTLD: "edu.au", timeZones: [("Sydney", 36000), ("Melbourne", 36000), ("Brisbane", 36000)],
                      southern: true, weight: 0.1),
        SampleCountry(code: "IE", currency: "€", publicTLD: "ie", nonprofitTLD: "ie", commercialTLD: "ie",
                      educationTLD: "ie", timeZones: [("Dublin", 0)], southern: false, weight: 0.07),
        SampleCountry(code: "NZ", currency: "$", publicTLD: "govt.nz", nonprofitTLD: "org.nz", commercialTLD: "co.nz",
                      educationTLD: "ac.nz", timeZones: [("Wellington", 43200)], southern: true, weight: 0.07),
    ]
}

/// How an organization uses the platform: the mix of post kinds and of purposes.
struct SampleBehaviour: Sendable {
    enum Archetype: Int, Sendable, CaseIterable {
        /// Many replies, thanks and questions; promotes little (balanced, conversational).
        case community
        /// Information with other people's links, rarely talks back (balanced, broadcast).
        case newsroom
        /// The rule of thirds (promotional, mixed).
        case thirds
        /// Appeals and events all the time, some conversation (relentless, mixed).
        case campaigner
        /// Own links in nearly every post (relentless, broadcast).
        case broadcaster
        /// Customer service: mostly replies, own links in answers (promotional, conversational).
        case helpdesk

        var name: String {
            switch self {
            case .community: return "community"
            case .newsroom: return "newsroom"
            case .thirds: return "thirds"
            case .campaigner: return "campaigner"
            case .broadcaster: return "broadcaster"
            case .helpdesk: return "helpdesk"
            }
        }
    }

    let archetype: Archetype
    /// Weights of the post categories (`SamplePostCategory` order).
    let weights: [Double]
    /// The share of posts meant to be promotional: audiences tire of it.
    let promoIntent: Double

    init(_ archetype: Archetype, random: inout SampleRandom, noise: Double) {
        self.archetype = archetype
        // Kind shares: reply, repost (others), quote, thread, self-repost; the rest are originals
        // split by purpose: info, ownNews, appeal, event, recognition, question, selfMention.
        let kinds: [Double]
        let purposes: [Double]
        let replyLinkShare: Double
        switch archetype {
        case .community:
            kinds = [0.32, 0.14, 0.03, 0.02, 0.0]; purposes = [0.30, 0.10, 0.07, 0.09, 0.24, 0.18, 0.02]; replyLinkShare = 0.04
        case .newsroom:
            kinds = [0.03, 0.04, 0.01, 0.03, 0.0]; purposes = [0.66, 0.08, 0.04, 0.05, 0.09, 0.06, 0.02]; replyLinkShare = 0.05
        case .thirds:
            kinds = [0.12, 0.10, 0.02, 0.02, 0.02]; purposes = [0.36, 0.12, 0.10, 0.11, 0.16, 0.12, 0.03]; replyLinkShare = 0.05
        case .campaigner:
            kinds = [0.08, 0.08, 0.01, 0.02, 0.04]; purposes = [0.20, 0.15, 0.30, 0.15, 0.10, 0.06, 0.04]; replyLinkShare = 0.1
        case .broadcaster:
            kinds = [0.02, 0.02, 0.0, 0.01, 0.05]; purposes = [0.10, 0.35, 0.30, 0.15, 0.03, 0.02, 0.05]; replyLinkShare = 0.2
        case .helpdesk:
            kinds = [0.45, 0.06, 0.01, 0.01, 0.0]; purposes = [0.32, 0.20, 0.14, 0.14, 0.12, 0.05, 0.03]; replyLinkShare = 0.08
        }
        func jitter(_ x: Double, _ random: inout SampleRandom) -> Double {
            x == 0 ? 0 : x * SampleMath.exp(noise * random.normal())
        }
        var k = kinds.map { jitter($0, &random) }
        let kindTotal = k.reduce(0, +)
        if kindTotal > 0.9 { k = k.map { $0 * 0.9 / kindTotal } }
        let originals = 1 - k.reduce(0, +)
        var p = purposes.map { jitter($0, &random) }
        let purposeTotal = p.reduce(0, +)
        p = p.map { $0 / purposeTotal * originals }
        let reply = k[0] * (1 - replyLinkShare)
        let replyWithLink = k[0] * replyLinkShare
        // SamplePostCategory order: info, ownNews, appeal, event, recognition, question, selfMention,
        // reply, replyWithLink, quote, thread, repost, selfRepost.
        weights = [p[0], p[1], p[2], p[3], p[4], p[5], p[6], reply, replyWithLink, k[2], k[3], k[1], k[4]]
        promoIntent = p[1] + p[2] + p[3] + p[6] + replyWithLink + k[4]
    }
}

/// How an organization writes: the small habits that make exports differ.
struct SampleStyle: Sendable {
    /// Types curly apostrophes (U+2019) instead of `'`.
    var curlyApostrophes: Bool
    /// Puts line breaks in longer posts (from 2016 on).
    var lineBreaks: Bool
    var emojiRate: Double
    /// Links to subdomains (`events.`, `shop.`, `donate.`) of its own domains.
    var subdomains: Bool
    /// Writes `www.` in front of its own domain.
    var www: Bool
    /// Shortens its own links (and the shortener it uses); the share of links shortened.
    var shortener: String
    var shortenRate: Double
    /// Posting clients and their weights.
    var clients: [Int]
    var clientWeights: [Double]
}

/// Which exports an organization left, and over which periods.
struct SamplePlan: Sendable {
    struct Archive: Sendable {
        /// Layout A (2012 to about 2014) or B (about 2014 to 2019).
        var layoutA: Bool
        var exportDate: Int64
        /// Early archives split into `data/csv/YYYY_MM.csv`.
        var monthly: Bool
    }

    struct Analytics: Sendable {
        var windowDays: Int
        var overlapDays: Int
    }

    /// T7: the modern archive zip (`data/tweets.js`), requested on `exportDate`: every post up
    /// to then, as real archives hold the whole history.
    struct ModernArchive: Sendable {
        var exportDate: Int64
        /// Posts per `tweets.js` part: a large account's archive is split into
        /// `tweets-part1.js`, `tweets-part2.js`, ...
        var partSize: Int
    }

    /// T8: the organization moved to Mastodon on `moveDate` (the exodus of late 2022): from then
    /// on it posts there only, and its Mastodon archive holds those posts.
    struct Mastodon: Sendable {
        var moveDate: Int64
        var exportDate: Int64
        /// The server its account is on (`social.<domain>` for a public body's own server).
        var host: String
        /// Newer servers give `likes.totalItems` and `shares.totalItems`; older ones do not.
        var counters: Bool
        /// The export bug that writes `orderedItems` twice, the first time empty.
        var duplicateItems: Bool
    }

    /// T10: the organization opened a Bluesky account on `moveDate` (the wave of November 2024
    /// on) and downloaded its repository (`.car`) on `exportDate`. From the move, `share` of its
    /// posts go to Bluesky; the rest stay where they went before (X, or Mastodon for those that
    /// moved there). A share of 1 stops posting on X.
    struct Bluesky: Sendable {
        var moveDate: Int64
        var exportDate: Int64
        /// `<handle>.bsky.social`, or the organization's own domain (as institutions verify).
        var handle: String
        var did: String
        var share: Double
        /// What the registry's `accounts` column lists: the handle, and the DID for some.
        var registryListsDID: Bool
    }

    /// T9: CSV exports of a social-media management tool, one per calendar year.
    struct ToolExport: Sendable {
        enum Tool: Sendable {
            /// Sprout Social's Post Performance report: the organization's X posts.
            case sproutSocial
            /// Meta Business Suite's post export: the Facebook copies of its posts.
            case metaBusinessSuite
        }

        var tool: Tool
        var years: ClosedRange<Int>
    }

    var archive: Archive?
    var analytics: Analytics?
    var xAnalytics = false
    var twarc2 = false
    var twarc1 = false
    var apiXML = false
    var rss = false
    var atom = false
    var modernArchive: ModernArchive?
    var mastodon: Mastodon?
    var bluesky: Bluesky?
    var toolExport: ToolExport?
}

/// Another account: an organization, an outlet, an official or a member of the public.
struct SampleAccount: Sendable {
    enum Kind: Sendable { case organization, outlet, official, person }
    let handle: String
    let name: String
    let userId: UInt64
    let followers: Int
    let kind: Kind
    /// Index in `SampleWorld.orgs` when the account is one of the generated organizations.
    let org: Int?
}

struct SampleOrganization: Sendable {
    let index: Int
    /// As the account writes it (`AlderbrookPL`); `lower` is the registry key.
    let handle: String
    let lower: String
    let name: String
    let theme: Int
    let sector: Sector
    let country: Int
    let city: String
    let county: String
    let river: String
    let domains: [String]
    let ownTags: [String]
    let aliases: [String]
    let followers: Int
    let registryFollowers: Int?
    let registered: Bool
    /// False for the registry organization that never posts.
    let adopter: Bool
    let firstPost: Int64
    let lastPost: Int64
    let accountCreated: Int64
    let userId: UInt64
    let behaviour: SampleBehaviour
    let style: SampleStyle
    let timeZone: String
    let utcOffset: Int
    let bio: String
    let location: String
    /// Interactions per follower on an ordinary post, before era and content effects.
    let engagementRate: Double
    let postCount: Int
    var plan = SamplePlan()
    /// Accounts it talks to (indices into `SampleWorld.accounts`), most frequent first.
    var partners: [Int] = []
    var people: [Int] = []

    var stream: UInt64 { 0x1000 + UInt64(index) }
    var website: String { "http://" + (style.www ? "www." : "") + domains[0] }
}

/// Where the numeric-suffix searches for unique handles and domains resume (see `SampleWorld.init`).
struct SampleSuffixes {
    var handles: [String: Int] = [:]
    var domains: [String: Int] = [:]
}

struct SampleWorld: Sendable {
    var orgs: [SampleOrganization] = []
    var accounts: [SampleAccount] = []
    /// Account index of each organization.
    var accountOfOrg: [Int] = []
    var outlets: [Int] = []
    /// Indices of the organizations that post (adopters), ascending: each composer picks "other
    /// organizations" from it, so it is made once rather than filtered per organization (that
    /// made generation quadratic in the number of organizations).
    private(set) var adopters: [Int] = []

    static let collectionNames: [Sector: String] = [
        .public: "public-bodies", .nonprofit: "nonprofits", .commercial: "local-business", .other: "institutions",
    ]

    init(options: SampleOptions) {
        var random = SampleRandom(seed: options.seed, stream: 1)
        let registryCount = max(1, options.orgs)
        let hasNonAdopter = registryCount >= 5
        let hasUnregistered = registryCount >= 3
        var usedHandles: Set<String> = ["collections", "exports", "analytics"]
        var usedDomains: Set<String> = []
        var usedNames: Set<String> = []
        // The next numeric suffix to try per handle base and per domain (slug and TLD): every
        // smaller one is taken already, so the search resumes there instead of counting up from
        // 2 for each organization (quadratic with tens of thousands of organizations). The
        // handles and domains chosen are the same.
        var suffixes = SampleSuffixes()

        // Sectors: the first four cover every sector; the rest follow typical registry shares.
        var firstSectors: [Sector] = [.public, .nonprofit, .commercial, .other]
        random.shuffle(&firstSectors)
        var archetypes = SampleBehaviour.Archetype.allCases
        random.shuffle(&archetypes)
        var themeQueues: [Sector: [Int]] = [:]
        for sector in [Sector.public, .nonprofit, .commercial, .other] {
            var themes = SampleThemes.themes(of: sector)
            random.shuffle(&themes)
            themeQueues[sector] = themes
        }

        let total = registryCount + (hasUnregistered ? 1 : 0)
        for j in 0..<total {
            let unregistered = j == registryCount
            let nonAdopter = hasNonAdopter && j == registryCount - 1
            let sector: Sector
            if nonAdopter {
                sector = .public
            } else if unregistered {
                sector = .nonprofit
            } else if j < 4 {
                sector = firstSectors[j]
            } else {
                sector = [Sector.nonprofit, .public, .commercial, .other][random.weighted([0.36, 0.24, 0.26, 0.14])]
            }
            var queue = themeQueues[sector] ?? []
            let theme = queue.removeFirst()
            queue.append(theme)
            themeQueues[sector] = queue

            let archetype: SampleBehaviour.Archetype
            if j < archetypes.count {
                archetype = archetypes[j]
            } else {
                let weights: [Double]
                switch sector {
                case .public: weights = [0.25, 0.3, 0.15, 0.05, 0.05, 0.2]
                case .nonprofit: weights = [0.25, 0.1, 0.25, 0.3, 0.05, 0.05]
                case .commercial: weights = [0.1, 0.05, 0.25, 0.1, 0.3, 0.2]
                default: weights = [0.2, 0.3, 0.25, 0.1, 0.1, 0.05]
                }
                archetype = SampleBehaviour.Archetype.allCases[random.weighted(weights)]
            }
            let org = Self.makeOrganization(
                index: j, sector: sector, theme: theme, archetype: archetype, forcedArchetype: j < archetypes.count,
                registered: !unregistered, adopter: !nonAdopter, options: options, random: &random,
                usedHandles: &usedHandles, usedDomains: &usedDomains, usedNames: &usedNames, suffixes: &suffixes)
            orgs.append(org)
        }
        adopters = orgs.indices.filter { orgs[$0].adopter }
        makeAccounts(random: &random)
        makePlans(options: options, random: &random)
        makeTier2Plans(options: options)
        makeBlueskyPlans(options: options)
    }

    // MARK: Organizations

    private static func makeOrganization(
        index: Int, sector: Sector, theme themeIndex: Int, archetype: SampleBehaviour.Archetype, forcedArchetype: Bool,
        registered: Bool, adopter: Bool, options: SampleOptions, random: inout SampleRandom,
        usedHandles: inout Set<String>, usedDomains: inout Set<String>, usedNames: inout Set<String>,
        suffixes: inout SampleSuffixes
    ) -> SampleOrganization {
        let theme = SampleThemes.all[themeIndex]
        let country = random.weighted(SampleCountry.all.map(\.weight))
        let countryInfo = SampleCountry.all[country]

        // Name, and the stem (its first place or name) that the handle and domains are built on.
        var city = "", county = "", river = "", name = "", stem = ""
        var handleEndings: [String] = [], domainEndings: [String] = []
        for attempt in 0..<40 {
            city = random.pick(SampleWords.cities)
            county = random.pick(SampleWords.counties)
            river = random.pick(SampleWords.rivers)
            let nature = random.pick(SampleWords.nature)
            let surname = random.pick(SampleWords.surnames)
            let surname2 = random.pick(SampleWords.surnames.filter { $0 != surname })
            let spec = random.pick(theme.names).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let pattern = spec[0]
            handleEndings = spec.count > 1 ? spec[1].split(separator: ",").map(String.init) : ["HQ"]
            domainEndings = spec.count > 2 ? spec[2].split(separator: ",").map(String.init) : [""]
            let values = [("{City}", city), ("{County}", county), ("{River}", river), ("{Nature}", nature),
                          ("{Surname}", surname)]
            var firstOffset = Int.max
            var rendered = pattern
            for (key, value) in values {
                guard let range = pattern.range(of: key) else { continue }
                let offset = pattern.distance(from: pattern.startIndex, to: range.lowerBound)
                if offset < firstOffset { firstOffset = offset; stem = value }
                if let r = rendered.range(of: key) { rendered.replaceSubrange(r, with: value) }
            }
            name = rendered.replacingOccurrences(of: "{Surname}", with: surname2)
            if !usedNames.contains(name) || attempt == 39 { break }
        }
        usedNames.insert(name)
        let stemWords = stem.replacingOccurrences(of: " County", with: "").split(separator: " ").map(String.init)
        stem = stemWords.joined()

        // Handle: stem + ending, at most 15 characters, unique case-insensitively.
        var handle = ""
        let lowerStyle = random.chance(0.15)
        var stems = [stem]
        if stemWords.count > 1, let firstWord = stemWords.first { stems.append(firstWord) }
        candidates: for base in stems {
            for ending in handleEndings.shuffledDeterministically(&random) {
                let candidate = lowerStyle && ending.first?.isUppercase == true
                    ? base.lowercased() + "_" + ending.lowercased() : base + ending
                if candidate.count <= 15 && !usedHandles.contains(candidate.lowercased()) {
                    handle = candidate
                    break candidates
                }
            }
        }
        if handle.isEmpty {
            let ending = handleEndings.min { $0.count < $1.count } ?? ""
            let base = String(stem.prefix(max(3, 13 - ending.count))) + ending
            // Candidates in order: base, base2, base3, ...; those before `next` are taken.
            var n = suffixes.handles[base] ?? 1
            handle = n == 1 ? base : base + String(n)
            while usedHandles.contains(handle.lowercased()) { n += 1; handle = base + String(n) }
            suffixes.handles[base] = n + 1
        }
        usedHandles.insert(handle.lowercased())

        // Domains: the main site, sometimes a second (campaign or shop) domain.
        let tld: String
        switch sector {
        case .public: tld = countryInfo.publicTLD
        case .nonprofit: tld = countryInfo.nonprofitTLD
        case .commercial: tld = countryInfo.commercialTLD
        default: tld = theme.key == "university" ? countryInfo.educationTLD : countryInfo.nonprofitTLD
        }
        let slug = stem.lowercased().filter { $0.isLetter || $0.isNumber }
        var domains: [String] = []
        for ending in domainEndings.shuffledDeterministically(&random) {
            let domain = (ending.contains("{s}") ? ending.replacingOccurrences(of: "{s}", with: slug) : slug + ending) + "." + tld
            if !usedDomains.contains(domain) { domains.append(domain); break }
        }
        if domains.isEmpty {
            let key = slug + "|" + tld
            var n = suffixes.domains[key] ?? 2
            while usedDomains.contains("\(slug)\(n).\(tld)") { n += 1 }
            domains.append("\(slug)\(n).\(tld)")
            suffixes.domains[key] = n + 1
        }
        if random.chance(0.3) {
            let extra: String
            switch sector {
            case .nonprofit: extra = "give" + slug + "." + countryInfo.nonprofitTLD
            case .commercial: extra = slug + "shop." + countryInfo.commercialTLD
            default: extra = "visit" + slug + "." + countryInfo.commercialTLD
            }
            if !usedDomains.contains(extra) && extra != domains[0] { domains.append(extra) }
        }
        for d in domains { usedDomains.insert(d) }

        // Registry hashtags and aliases.
        var ownTags: [String] = []
        let tagCount = random.weighted([0.2, 0.55, 0.25])
        for pattern in theme.ownTags.shuffledDeterministically(&random).prefix(tagCount) {
            ownTags.append(pattern.replacingOccurrences(of: "{Stem}", with: stem))
        }
        var aliases: [String] = []
        let acronym = String(name.split(separator: " ").compactMap { word -> Character? in
            guard let first = word.first, first.isUppercase else { return nil }
            return first
        })
        if acronym.count >= 3 && !SampleVocabularyWords.contains(acronym.lowercased()) && random.chance(0.6) {
            aliases.append(acronym)
        }
        if name.hasPrefix(city + " "), let last = name.split(separator: " ").last, random.chance(0.5) {
            let short = city + " " + last
            if short != name { aliases.append(short) }
        }

        // Audience size at the end of the corpus: heavy-tailed, larger for public bodies.
        let medianFollowers: Double
        switch sector {
        case .public: medianFollowers = 6500
        case .nonprofit: medianFollowers = 2800
        case .commercial: medianFollowers = 3500
        default: medianFollowers = 5200
        }
        let followers = max(40, Int(random.logNormal(median: medianFollowers, sigma: 1.1)))
        let registryFollowers: Int? = random.chance(0.75) ? followers : nil

        // Adoption: commercial first, nonprofits next, public bodies last (2007 to 2013).
        let adoptionStart: Int64, adoptionYears: Double
        switch sector {
        case .commercial: adoptionStart = SampleCalendar.seconds(year: 2007, month: 3, day: 1); adoptionYears = 3.2
        case .nonprofit: adoptionStart = SampleCalendar.seconds(year: 2008, month: 1, day: 15); adoptionYears = 3.6
        case .other: adoptionStart = SampleCalendar.seconds(year: 2008, month: 6, day: 1); adoptionYears = 4.2
        default: adoptionStart = SampleCalendar.seconds(year: 2009, month: 3, day: 1); adoptionYears = 4.6
        }
        // The mean of two uniforms: most adopt mid-period, a few early or late.
        let spread = (random.unit() + random.unit()) / 2
        var firstPost = adoptionStart + Int64(spread * adoptionYears * 365.25 * 86_400)
        if !registered { firstPost = SampleCalendar.seconds(year: 2011, month: 9, day: 12) + Int64(random.below(200 * 86_400)) }
        firstPost = min(firstPost, SampleCalendar.seconds(year: 2013, month: 12, day: 20))
        var lastPost = sampleCorpusEnd - Int64(random.below(20 * 86_400))
        if !forcedArchetype && registered && random.chance(0.18) {
            // Left the platform: quietly, some time between 2016 and late 2023.
            lastPost = SampleCalendar.seconds(year: 2016, month: 1, day: 1) + Int64(random.below(7 * 365 * 86_400))
        }
        let accountCreated = firstPost - Int64(random.int(1...120) * 86_400) - Int64(random.below(86_400))

        let zone = random.pick(countryInfo.timeZones)
        let behaviour = SampleBehaviour(archetype, random: &random, noise: forcedArchetype ? 0.1 : 0.3)

        var clients: [Int] = []
        var clientWeights: [Double] = []
        let clientCount = random.int(2...4)
        var pool = Array(SampleWords.clients.indices)
        random.shuffle(&pool)
        for c in pool.prefix(clientCount) {
            clients.append(c)
            clientWeights.append(random.uniform(0.2, 1.0))
        }
        let managesWithTool = clients.contains(1) || clients.contains(3)
        let shortener = clients.contains(1) ? "ow.ly" : clients.contains(3) ? "buff.ly" : random.pick(SampleWords.shorteners)
        let style = SampleStyle(
            curlyApostrophes: random.chance(0.3), lineBreaks: random.chance(0.5), emojiRate: random.uniform(0.0, 0.25),
            subdomains: random.chance(0.5), www: random.chance(0.6), shortener: shortener,
            shortenRate: managesWithTool ? random.uniform(0.4, 0.95) : (random.chance(0.4) ? random.uniform(0.05, 0.5) : 0),
            clients: clients, clientWeights: clientWeights)

        // Engagement per follower: nonprofits' audiences respond most, businesses' least.
        let sectorRate: Double
        switch sector {
        case .nonprofit: sectorRate = 1.3
        case .public: sectorRate = 0.9
        case .commercial: sectorRate = 0.7
        default: sectorRate = 1.0
        }
        let engagementRate = 0.0016 * sectorRate * random.logNormal(median: 1, sigma: 0.45) * (1 - 0.55 * behaviour.promoIntent)

        let location = city + ", " + (countryInfo.code == "US" || countryInfo.code == "CA" || countryInfo.code == "AU"
            ? random.pick(["", county + ", "]) + countryInfo.code : county)
        let bio = Self.bio(name: name, theme: theme, city: city, random: &random)
        let userIdBase: UInt64 = firstPost < SampleCalendar.seconds(year: 2010, month: 1, day: 1) ? 10_000_000 : 100_000_000
        let userId = userIdBase + stableHash(handle.lowercased()) % (userIdBase * 9)
        let postCount = !adopter ? 0 : registered ? max(1, options.postsPerOrg) : max(1, options.postsPerOrg / 3)

        return SampleOrganization(
            index: index, handle: handle, lower: handle.lowercased(), name: name, theme: themeIndex, sector: sector,
            country: country, city: city, county: county, river: river, domains: domains, ownTags: ownTags,
            aliases: aliases, followers: followers, registryFollowers: registryFollowers, registered: registered,
            adopter: adopter, firstPost: firstPost, lastPost: max(lastPost, firstPost + 30 * 86_400),
            accountCreated: accountCreated, userId: userId, behaviour: behaviour, style: style,
            timeZone: zone.name, utcOffset: zone.offset, bio: bio, location: location,
            engagementRate: engagementRate, postCount: postCount)
    }

    private static func bio(name: String, theme: SampleTheme, city: String, random: inout SampleRandom) -> String {
        let tag = random.pick(theme.tags)
        switch random.below(4) {
        case 0: return "Official account of \(name). News, updates & more from \(city). #\(tag)"
        case 1: return "\(name): \(theme.subsector) for \(city) and beyond. Tweets by the comms team."
        case 2: return "We are \(name). Posts about \(theme.topics.first ?? theme.subsector), #\(tag) and life in \(city)."
        default: return "\(name) | \(city) | Monitored Mon-Fri, 9-5"
        }
    }

    // MARK: Other accounts

    private mutating func makeAccounts(random: inout SampleRandom) {
        var used: Set<String> = Set(orgs.map(\.lower))
        func add(_ handle: String, _ name: String, _ followers: Int, _ kind: SampleAccount.Kind, org: Int? = nil) -> Int {
            var h = String(handle.filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(15))
            if used.contains(h.lowercased()) {
                var n = 2
                while used.contains("\(h.prefix(13))\(n)".lowercased()) { n += 1 }
                h = "\(h.prefix(13))\(n)"
            }
            used.insert(h.lowercased())
            let id: UInt64 = 1_000_000 + stableHash("account:" + h.lowercased()) % 3_000_000_000
            accounts.append(SampleAccount(handle: h, name: name, userId: id, followers: followers, kind: kind, org: org))
            return accounts.count - 1
        }
        for org in orgs {
            let i = accounts.count
            accounts.append(SampleAccount(handle: org.handle, name: org.name, userId: org.userId, followers: org.followers,
                                          kind: .organization, org: org.index))
            accountOfOrg.append(i)
        }
        // News outlets for the cities and counties the organizations are in.
        var places: [(city: String, county: String, river: String)] = []
        for org in orgs where !places.contains(where: { $0.city == org.city }) {
            places.append((org.city, org.county, org.river))
        }
        for place in places {
            let pattern = random.pick(SampleWords.outletPatterns)
            let name = pattern.replacingOccurrences(of: "{City}", with: place.city)
                .replacingOccurrences(of: "{County}", with: place.county).replacingOccurrences(of: "{River}", with: place.river)
            outlets.append(add(name.replacingOccurrences(of: " ", with: ""), name,
                               Int(random.logNormal(median: 25_000, sigma: 0.8)), .outlet))
            _ = add("Mayor" + place.city.replacingOccurrences(of: " ", with: ""), "Mayor of \(place.city)",
                    Int(random.logNormal(median: 6_000, sigma: 0.8)), .official)
            let reporter = random.pick(SampleWords.firstNames).capitalized + random.pick(SampleWords.surnames)
            _ = add(reporter + "News", reporter + " (" + name + ")", Int(random.logNormal(median: 3_000, sigma: 0.8)), .official)
        }
        // Members of the public.
        for _ in 0..<max(60, min(400, orgs.count * 12)) {
            let first = random.pick(SampleWords.firstNames)
            let handle: String
            switch random.below(3) {
            case 0: handle = first + random.pick(SampleWords.personEndings)
            case 1: handle = first.capitalized + random.pick(SampleWords.surnames)
            default: handle = first + "_" + random.pick(SampleWords.surnames).lowercased().prefix(4) + String(random.int(1...99))
            }
            _ = add(handle, first.capitalized, Int(random.logNormal(median: 300, sigma: 1.2)), .person)
        }
    }

    // MARK: Partners and export plans

    private mutating func makePlans(options: SampleOptions, random: inout SampleRandom) {
        let everyFormat = options.formats == SampleGenerator.supportedFormats
        let people = accounts.indices.filter { accounts[$0].kind == .person }
        let others = accounts.indices.filter { accounts[$0].kind == .outlet || accounts[$0].kind == .official }
        let adopters = orgs.indices.filter { orgs[$0].adopter }
        for i in orgs.indices {
            var org = orgs[i]
            // Partners: other organizations (same city and sector first), outlets and officials.
            var candidates: [(Int, Double)] = []
            // Large registries: look at a few hundred others, not all (keeps this linear).
            let pool = adopters.count <= 300 ? adopters : (0..<300).map { _ in adopters[random.below(adopters.count)] }
            for o in pool where o != org.index {
                let other = orgs[o]
                var w = 1.0
                if other.city == org.city { w *= 4 }
                if other.sector == org.sector { w *= 2 }
                candidates.append((accountOfOrg[other.index], w))
            }
            for a in others where candidates.count < 600 || accounts[a].name.contains(org.city) {
                let local = accounts[a].name.contains(org.city)
                candidates.append((a, local ? 3 : 0.4))
            }
            var partners: [Int] = []
            let wanted = min(candidates.count, random.int(8...24))
            while partners.count < wanted, !candidates.isEmpty {
                let k = random.weighted(candidates.map(\.1))
                if !partners.contains(candidates[k].0) { partners.append(candidates[k].0) }
                candidates.remove(at: k)
            }
            org.partners = partners
            var regulars = people
            random.shuffle(&regulars)
            org.people = Array(regulars.prefix(random.int(15...50)))

            // Exports.
            var plan = SamplePlan()
            let adoption = org.firstPost
            if org.registered {
                let layoutA = random.chance(0.4)
                var exportDate: Int64
                if !everyFormat {
                    exportDate = org.lastPost + Int64(random.int(1...20) * 86_400)
                } else if layoutA {
                    exportDate = SampleCalendar.seconds(year: 2013, month: 10, day: 15) + Int64(random.below(340 * 86_400))
                } else {
                    exportDate = SampleCalendar.seconds(year: 2014, month: 10, day: 1) + Int64(random.below(5 * 365 * 86_400))
                }
                exportDate = max(exportDate, adoption + 90 * 86_400)
                if exportDate > org.lastPost { exportDate = org.lastPost + Int64(random.int(1...30) * 86_400) }
                plan.archive = SamplePlan.Archive(layoutA: layoutA, exportDate: exportDate, monthly: layoutA && random.chance(0.35))
            }
            // Busy accounts export quarter by quarter (the longest range analytics allowed was
            // 91 days for a while); quiet ones a year at a time.
            let windows = options.postsPerOrg < 1500 ? [182, 365, 365] : [91, 91, 182, 365]
            plan.analytics = SamplePlan.Analytics(windowDays: random.pick(windows),
                                                  overlapDays: random.pick([0, 0, 10, 21, 30]))
            plan.xAnalytics = true
            plan.twarc2 = !org.registered || random.chance(0.4)
            plan.twarc1 = !org.registered || random.chance(0.3)
            let early = adoption < SampleCalendar.seconds(year: 2013, month: 1, day: 1)
            plan.apiXML = early && random.chance(0.4)
            let feed = random.below(10)
            plan.rss = feed < 3
            plan.atom = feed >= 3 && feed < 5
            org.plan = plan
            orgs[i] = org
        }
        // Make sure every format shows up, and that overlapping analytics exports exist.
        let active = orgs.indices.filter { orgs[$0].adopter && orgs[$0].registered }
        func ensure(_ has: (SamplePlan) -> Bool, _ set: (inout SamplePlan) -> Void, early: Bool = false) {
            guard !active.contains(where: { has(orgs[$0].plan) }) else { return }
            let pool = early ? active.filter { orgs[$0].firstPost < SampleCalendar.seconds(year: 2012, month: 6, day: 1) } : active
            if let i = (pool.isEmpty ? active : pool).first { set(&orgs[i].plan) }
        }
        ensure({ $0.twarc2 }, { $0.twarc2 = true })
        ensure({ $0.twarc1 }, { $0.twarc1 = true })
        ensure({ $0.apiXML }, { $0.apiXML = true }, early: true)
        ensure({ $0.rss }, { $0.rss = true; $0.atom = false }, early: true)
        ensure({ $0.atom }, { $0.atom = true; $0.rss = false }, early: true)
        ensure({ $0.archive?.layoutA == true }, { $0.archive?.layoutA = true })
        ensure({ $0.archive?.layoutA == false }, { $0.archive?.layoutA = false; $0.archive?.monthly = false })
        ensure({ ($0.analytics?.overlapDays ?? 0) > 0 }, { $0.analytics?.overlapDays = 21 })
    }
}

// MARK: - Tier 2 plans

extension SampleWorld {
    /// General Mastodon servers, for accounts that are not on their own server.
    static let mastodonHosts = ["mastodon.social", "mas.to", "mastodon.online", "social.coop", "mstdn.social",
                                "hachyderm.io", "toot.community", "mastodon.world"]

    /// Which organizations left the Tier 2 exports (formats.md T7 to T9), by a fixed rule on a
    /// random stream of its own, so that the Tier 1 plans (and files) stay as they were:
    /// - one organization moved to Mastodon in the exodus of late 2022 (two from 12 active
    ///   organizations on), preferably a nonprofit or public body still posting in mid-2023; it
    ///   downloaded its Twitter archive just before leaving;
    /// - about one active organization in eight more has a modern archive, requested between
    ///   2021 and mid-2024 (or just after it stopped posting); the first of them is a "large
    ///   account" whose `tweets.js` is split into parts;
    /// - one organization (two from 12 on) exports Sprout Social reports of its X posts, for
    ///   the last two years it posted, and one exports its Facebook posts from Meta Business
    ///   Suite; preferably US organizations (the shipped maps read US time zones) that post
    ///   through Sprout Social or cross-post from Facebook.
    mutating func makeTier2Plans(options: SampleOptions) {
        var random = SampleRandom(seed: options.seed, stream: 11)
        let formats = options.formats
        var active = orgs.indices.filter { orgs[$0].registered && orgs[$0].adopter && orgs[$0].postCount > 0 }
        random.shuffle(&active)
        let many = active.count >= 12
        var taken: Set<Int> = []
        /// The first `count` eligible organizations, the most preferred first (ties in shuffled order).
        func pick(_ count: Int, preferring score: (SampleOrganization) -> Int, _ eligible: (SampleOrganization) -> Bool) -> [Int] {
            let pool = active.filter { !taken.contains($0) && eligible(orgs[$0]) }
            let ranked = pool.enumerated().sorted { a, b in
                let (x, y) = (score(orgs[a.element]), score(orgs[b.element]))
                return x != y ? x > y : a.offset < b.offset
            }
            let chosen = Array(ranked.map(\.element).prefix(count))
            taken.formUnion(chosen)
            return chosen
        }
        let day: Int64 = 86_400

        if formats.contains(.mastodon) {
            let exodus = SampleCalendar.seconds(year: 2022, month: 11, day: 1)
            let movers = pick(many ? 2 : 1, preferring: { $0.sector != .commercial ? 1 : 0 }) {
                $0.lastPost >= SampleCalendar.seconds(year: 2023, month: 6, day: 1) && $0.firstPost < exodus - 365 * day
            }
            for (k, i) in movers.enumerated() {
                let org = orgs[i]
                let move = exodus + Int64(random.int(0...70)) * day + Int64(random.below(Int(day)))
                let host = org.sector == .public ? "social." + org.domains[0] : random.pick(Self.mastodonHosts)
                orgs[i].plan.mastodon = SamplePlan.Mastodon(
                    moveDate: move, exportDate: org.lastPost + Int64(random.int(2...25)) * day, host: host,
                    counters: k == 1 || movers.count == 1, duplicateItems: k == 0)
                if formats.contains(.tweetsJS) {
                    orgs[i].plan.modernArchive = SamplePlan.ModernArchive(
                        exportDate: move - Int64(random.int(1...6)) * day, partSize: Self.tweetsPartSize)
                }
            }
        }
        if formats.contains(.tweetsJS) {
            let archived = pick(max(1, active.count / 8), preferring: { _ in 0 }) {
                $0.lastPost >= SampleCalendar.seconds(year: 2019, month: 6, day: 1)
            }
            let recent = SampleCalendar.seconds(year: 2021, month: 1, day: 1)
            let latest = SampleCalendar.seconds(year: 2024, month: 6, day: 25)
            for (k, i) in archived.enumerated() {
                let org = orgs[i]
                var exportDate: Int64
                if org.lastPost < SampleCalendar.seconds(year: 2024, month: 1, day: 1) {
                    exportDate = org.lastPost + Int64(random.int(1...30)) * day
                } else {
                    exportDate = recent + Int64(random.below(Int((latest - recent) / day))) * day
                }
                exportDate += Int64(random.below(Int(day)))
                // With a subset of formats, the archive may be the only home of the later posts.
                if options.formats != SampleGenerator.supportedFormats { exportDate = max(exportDate, org.lastPost + day) }
                let partSize = k == 0 ? max(40, org.postCount / 3) : Self.tweetsPartSize
                orgs[i].plan.modernArchive = SamplePlan.ModernArchive(exportDate: exportDate, partSize: partSize)
            }
        }
        if formats.contains(.mappedCSV) {
            // Independent of the archives: an organization may have both.
            taken = Set(active.filter { orgs[$0].plan.mastodon != nil })
            // The shipped maps read US time zones: a US organization, posting through the tool, first.
            func score(_ org: SampleOrganization, client: Int) -> Int {
                (SampleCountry.all[org.country].code == "US" ? 2 : 0) + (org.style.clients.contains(client) ? 1 : 0)
            }
            let sprout = pick(many ? 2 : 1, preferring: { score($0, client: 6) }) {
                $0.plan.mastodon == nil && $0.lastPost >= SampleCalendar.seconds(year: 2021, month: 1, day: 1)
            }
            for i in sprout {
                let last = min(2024, SampleCalendar.civil(orgs[i].lastPost).year)
                orgs[i].plan.toolExport = SamplePlan.ToolExport(tool: .sproutSocial, years: (last - 1)...last)
            }
            let meta = pick(1, preferring: { score($0, client: 7) }) {
                $0.plan.mastodon == nil && $0.lastPost >= SampleCalendar.seconds(year: 2022, month: 1, day: 1)
            }
            for i in meta {
                let last = min(2023, SampleCalendar.civil(orgs[i].lastPost).year)
                orgs[i].plan.toolExport = SamplePlan.ToolExport(tool: .metaBusinessSuite, years: (last - 1)...last)
            }
        }
    }

    /// Which organizations opened Bluesky accounts (formats.md T10), on a random stream of their
    /// own so that every other plan stays as it was:
    /// - about one active organization in three (at least one), among those still posting in
    ///   2025 that adopted before 2023; the Mastodon movers first (those that left X once leave
    ///   again), then nonprofits and public bodies;
    /// - they open their account between 6 November 2024 and the end of January 2025 and
    ///   download their repository a few days after the corpus ends;
    /// - half of those that never went to Mastodon stop posting on X (share 1); the others
    ///   post half their posts on Bluesky and keep X; Mastodon movers keep a third on Mastodon;
    /// - public bodies and institutions verify their own domain as their handle
    ///   (`alderbrook.gov.uk`), the rest are `<handle>.bsky.social`.
    mutating func makeBlueskyPlans(options: SampleOptions) {
        guard options.formats.contains(.bluesky) else { return }
        var random = SampleRandom(seed: options.seed, stream: 17)
        let wave = SampleCalendar.seconds(year: 2024, month: 11, day: 6)
        let stillPosting = SampleCalendar.seconds(year: 2025, month: 3, day: 1)
        var eligible = orgs.indices.filter {
            orgs[$0].registered && orgs[$0].adopter && orgs[$0].postCount > 0 && orgs[$0].lastPost >= stillPosting
                && orgs[$0].firstPost < SampleCalendar.seconds(year: 2023, month: 1, day: 1)
        }
        random.shuffle(&eligible)
        func score(_ org: SampleOrganization) -> Int {
            (org.plan.mastodon != nil ? 2 : 0) + (org.sector == .nonprofit || org.sector == .public ? 1 : 0)
        }
        let ranked = eligible.enumerated().sorted { a, b in
            let (x, y) = (score(orgs[a.element]), score(orgs[b.element]))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        let active = orgs.filter { $0.registered && $0.adopter && $0.postCount > 0 }.count
        let movers = ranked.prefix(max(1, (active + 2) / 3))
        var others = 0
        for (k, i) in movers.enumerated() {
            let org = orgs[i]
            let move = wave + Int64(random.int(0...85)) * 86_400 + Int64(random.below(86_400))
            let ownDomain = (org.sector == .public || org.sector == .other) && Registry.accountKey(org.domains[0]) != nil
            let handle = ownDomain ? org.domains[0] : org.lower.replacingOccurrences(of: "_", with: "-") + ".bsky.social"
            let share: Double
            if org.plan.mastodon != nil {
                share = 0.65
            } else {
                // The first of them leaves X, the next keeps it, and so on.
                share = others % 2 == 0 ? 1 : 0.5
                others += 1
            }
            orgs[i].plan.bluesky = SamplePlan.Bluesky(
                moveDate: move, exportDate: sampleCorpusEnd + Int64(random.int(2...12)) * 86_400 + Int64(random.below(86_400)),
                handle: handle, did: SampleATProto.did(handle), share: share, registryListsDID: k % 2 == 0)
        }
    }

    /// An account's Bluesky identity (handle and DID): an organization's own when it moved, else
    /// `<handle>.bsky.social` (replies, quotes and mentions name the accounts by DID).
    func blueskyIdentity(of account: Int) -> (handle: String, did: String) {
        if let org = accounts[account].org, let plan = orgs[org].plan.bluesky { return (plan.handle, plan.did) }
        let handle = accounts[account].handle.lowercased().replacingOccurrences(of: "_", with: "-") + ".bsky.social"
        return (handle, SampleATProto.did(handle))
    }

    /// Posts per `tweets.js` part in an ordinary archive (about 50 MB).
    static let tweetsPartSize = 20_000
}

extension Array {
    /// A shuffled copy drawn from the given generator (never the system one).
    func shuffledDeterministically(_ random: inout SampleRandom) -> [Element] {
        var copy = self
        random.shuffle(&copy)
        return copy
    }
}

/// Words that occur in the templates: an acronym alias must not be one of them, or every post
/// with that word would count as a self-mention.
enum SampleVocabularyWords {
    static let words: Set<String> = {
        var set: Set<String> = []
        var lists: [[String]] = []
        for theme in SampleThemes.all {
            lists += [theme.topics, theme.notices, theme.facts, theme.events, theme.things, theme.places, theme.questions,
                      theme.thanksFor, theme.news, theme.answers]
        }
        for category in SamplePostCategory.allCases { lists.append(SampleTemplateText.family(category)) }
        for list in lists {
            for phrase in list {
                for word in phrase.lowercased().split(whereSeparator: { !$0.isLetter }) { set.insert(String(word)) }
            }
        }
        return set
    }()

    static func contains(_ word: String) -> Bool { words.contains(word) }
}
