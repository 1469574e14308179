import EarshotCore
/// One post as the organization made it, before any export writes it. The composer reuses one
/// instance for every post (buffers keep their capacity), so composing allocates almost nothing.
struct SamplePost {
    var index = 0
    var id: UInt64 = 0
    var time: Int64 = 0
    var millis = 0
    var category: SamplePostCategory = .info
    /// The text as posted (a repost's is `RT @x: ...`), with links in their posted form.
    var text: [UInt8] = []
    /// A repost's original text (twarc2 writes this instead of the `RT` form).
    var originalText: [UInt8] = []
    /// Links as they appear in the text (`t.co` from late 2011) and as expanded.
    var shownURLs: [[UInt8]] = []
    var expandedURLs: [String] = []
    /// Accounts mentioned (indices into `SampleWorld.accounts`), in text order.
    var mentions: [Int] = []
    var hashtags: [String] = []
    /// Reply: the account and status replied to (status 0 when the reply names only the user).
    var replyAccount = -1
    var replyStatus: UInt64 = 0
    /// Repost or quote: the original's account, id and time.
    var repostAccount = -1
    var repostStatus: UInt64 = 0
    var repostTime: Int64 = 0
    var quoteAccount = -1
    var quoteStatus: UInt64 = 0
    var client = 0
    /// Counters as they finally stood (exports show a snapshot: see `observed`).
    var likes = 0, reposts = 0, replies = 0, quotes = 0
    var impressions = 0, urlClicks = 0, profileClicks = 0, detailExpands = 0, hashtagClicks = 0
    var permalinkClicks = 0, mediaViews = 0, mediaEngagements = 0, follows = 0, bookmarks = 0
    var promoted = false
    var followersAtTime = 0
    var statusesCount = 0

    var isRepost: Bool { category == .repost || category == .selfRepost }
    var isReply: Bool { replyAccount >= 0 }
    var interactions: Int { likes + reposts + replies + quotes }
    var engagements: Int {
        likes + reposts + replies + urlClicks + profileClicks + detailExpands + hashtagClicks + permalinkClicks
            + mediaEngagements + follows
    }

    /// The counter as an export taken `age` seconds after the post shows it: most interactions
    /// come in the first days.
    static func observed(_ value: Int, age: Int64) -> Int {
        if value == 0 { return 0 }
        if age <= 0 { return 0 }
        let days = Double(age) / 86_400
        let share = 1 - SampleMath.exp(-days / 1.2)
        return Int(Double(value) * share)
    }
}

/// Makes one organization's posts: picks what each post is, writes its text from the templates,
/// and draws its engagement.
struct SampleComposer {
    let world: SampleWorld
    let book: SampleTemplateBook
    let org: SampleOrganization
    /// The theme phrases come from: the organization's own, or a reposted organization's.
    private var theme: SampleCompiledTheme
    private let ownTheme: SampleCompiledTheme
    let timeline: SampleTimeline
    var random: SampleRandom
    var post = SamplePost()

    private let selfAccount: Int
    private let partnerWeights: [Double]
    private let peopleWeights: [Double]
    private let outletName: String
    private let outletDomain: String
    private let topicSlugs: [String]
    private var lastPartner = -1
    /// Other organizations with a website worth linking to.
    private let otherOrgs: SampleOtherOrgs

    init(world: SampleWorld, book: SampleTemplateBook, org: SampleOrganization, seed: UInt64) {
        self.world = world
        self.book = book
        self.org = org
        theme = book.themes[org.theme]
        ownTheme = theme
        timeline = SampleTimeline(org: org, seed: seed)
        random = SampleRandom(seed: seed, stream: org.stream)
        selfAccount = world.accountOfOrg[org.index]
        // Zipf-like: an organization talks to a few accounts a lot and to many once.
        partnerWeights = org.partners.indices.map { 1 / Double($0 + 1) }
        peopleWeights = org.people.indices.map { 1 / (Double($0) + 1.5) }
        let local = world.outlets.first { world.accounts[$0].name.contains(org.city) } ?? world.outlets.first
        if let local {
            outletName = world.accounts[local].name
            let country = SampleCountry.all[org.country]
            outletDomain = Self.slug(outletName).replacingOccurrences(of: "-", with: "") + "." + country.commercialTLD
        } else {
            outletName = org.city + " Gazette"
            outletDomain = Self.slug(org.city) + "gazette.com"
        }
        otherOrgs = SampleOtherOrgs(adopters: world.adopters, excluding: org.index)
        topicSlugs = (ownTheme.theme.topics + theme.theme.events + theme.theme.news + theme.theme.things).map(Self.slug)
    }

    // MARK: One post

    /// Composes post `i` (0 is the oldest) into `post`.
    mutating func compose(_ i: Int) {
        post.index = i
        let t = timeline.time(of: i)
        post.time = t.seconds
        post.millis = t.millis
        post.id = timeline.id(of: i)
        post.text.removeAll(keepingCapacity: true)
        post.originalText.removeAll(keepingCapacity: true)
        post.shownURLs.removeAll(keepingCapacity: true)
        post.expandedURLs.removeAll(keepingCapacity: true)
        post.mentions.removeAll(keepingCapacity: true)
        post.hashtags.removeAll(keepingCapacity: true)
        post.replyAccount = -1
        post.replyStatus = 0
        post.repostAccount = -1
        post.repostStatus = 0
        post.repostTime = 0
        post.quoteAccount = -1
        post.quoteStatus = 0
        post.promoted = false
        lastPartner = -1

        let year = SampleCalendar.civil(post.time).year
        var category = SamplePostCategory.allCases[random.weighted(org.behaviour.weights)]
        switch category {
        case .thread where i == 0 || year < 2014: category = .info
        case .quote where post.time < Self.tcoStart: category = .recognition
        case .selfRepost where i == 0 || year < 2010: category = .ownNews
        default: break
        }
        post.category = category

        switch category {
        case .repost:
            composeRepost(ofSelf: false)
        case .selfRepost:
            composeRepost(ofSelf: true)
        default:
            let family = book.family(category)
            renderText(family[random.below(family.count)])
            if category == .reply || category == .replyWithLink, let first = post.mentions.first {
                post.replyAccount = first
                if random.chance(0.85) {
                    post.replyStatus = otherStatusId(account: first, before: post.time, within: 3 * 86_400)
                }
            } else if category == .thread {
                post.replyAccount = selfAccount
                post.replyStatus = timeline.id(of: i - 1)
            }
            // Photos from 2012: a link to the post's own media page (not a quote).
            if category != .reply && category != .replyWithLink && year >= 2012 && random.chance(0.14) {
                let expanded = "https://twitter.com/" + org.handle + "/status/" + String(post.id) + "/photo/1"
                post.text.append(0x20)
                var out: [UInt8] = []
                swap(&out, &post.text)
                appendLink(expanded: expanded, into: &out)
                swap(&out, &post.text)
            }
        }
        Self.trimTrailingSpace(&post.text)
        post.client = pickClient(year: year)
        post.statusesCount = i + 1 + org.postCount / 3
        post.followersAtTime = followers(at: post.time)
        drawCounters(year: year)
    }

    private mutating func composeRepost(ofSelf: Bool) {
        let author: Int
        if ofSelf {
            author = selfAccount
            let back = random.int(1...min(post.index, 40))
            let original = timeline.time(of: post.index - back)
            post.repostTime = original.seconds
            post.repostStatus = timeline.id(of: post.index - back)
            let family = book.family(.selfRepost)
            renderOriginal(family[random.below(family.count)])
        } else {
            author = random.chance(0.8) ? pickPartner() : pickPerson()
            post.repostTime = post.time - Int64(random.int(300...(3 * 86_400)))
            post.repostStatus = otherStatusId(account: author, at: post.repostTime)
            // Another organization talks about its own field.
            if let other = world.accounts[author].org { theme = book.themes[world.orgs[other].theme] }
            let family = book.family(.repost)
            renderOriginal(family[random.below(family.count)])
            theme = ownTheme
        }
        Self.trimTrailingSpace(&post.originalText)
        post.repostAccount = author
        post.text.append(contentsOf: "RT @".utf8)
        post.text.append(contentsOf: world.accounts[author].handle.utf8)
        post.text.append(0x3A)
        post.text.append(0x20)
        // Before longer posts (November 2017), a long retweet was cut off with "...".
        let limit = post.time < SampleCalendar.seconds(year: 2017, month: 11, day: 7) ? 140 : 280
        let room = limit - post.text.count
        if post.originalText.count > room && room > 20 {
            var cut = room - 4
            while cut > 0 && post.originalText[cut] != 0x20 { cut -= 1 }
            post.text.append(contentsOf: post.originalText[0..<max(cut, 1)])
            post.text.append(contentsOf: " ...".utf8)
        } else {
            post.text.append(contentsOf: post.originalText)
        }
    }

    // MARK: Engagement

    private func followers(at t: Int64) -> Int {
        let span = Double(max(1, sampleCorpusEnd - org.accountCreated))
        let x = min(1, max(0, Double(t - org.accountCreated) / span))
        return max(5, Int(Double(org.followers) * (0.03 + 0.97 * SampleMath.pow(max(x, 1e-6), 0.6))))
    }

    /// Interactions grow with the audience, vary with the era and the content, and are
    /// heavy-tailed: most posts get a few, some get hundreds.
    private mutating func drawCounters(year: Int) {
        let era: Double
        switch year {
        case ..<2009: era = 0.2
        case 2009: era = 0.35
        case 2010: era = 0.5
        case 2011: era = 0.7
        case 2012: era = 0.85
        case 2013: era = 1.0
        case 2014...2019: era = 1.15
        case 2020: era = 1.25
        case 2021, 2022: era = 1.05
        default: era = 0.8
        }
        if post.isRepost {
            // The original's counters (the organization's own repost is one of them).
            let author = world.accounts[post.repostAccount]
            let base = Double(author.followers) * 0.003 * era
            let total = random.logNormal(median: max(1, base), sigma: 1.1)
            post.reposts = 1 + Int(total * 0.35)
            post.likes = post.time < Self.likesEra ? Int(total * 0.2) : Int(total * 0.6)
            post.replies = Int(total * 0.05)
            post.quotes = year >= 2015 ? Int(total * 0.02) : 0
            post.impressions = 0; post.urlClicks = 0; post.profileClicks = 0; post.detailExpands = 0
            post.hashtagClicks = 0; post.permalinkClicks = 0; post.mediaViews = 0; post.mediaEngagements = 0
            post.follows = 0; post.bookmarks = 0
            return
        }
        let mean = Double(post.followersAtTime) * org.engagementRate * era * post.category.engagementFactor
        var total = random.logNormal(median: max(0.05, mean), sigma: 1.0)
        if random.chance(0.004) { total *= random.pareto(alpha: 1.3) * 5 }
        let replyShare = post.category.replyWeight
        let quoteShare = year >= 2015 ? 0.03 : 0.0
        let likeShare = post.time < Self.likesEra ? 0.3 : 0.62
        let repostShare = max(0.02, 1 - likeShare - replyShare - quoteShare)
        post.likes = stochasticRound(total * likeShare)
        post.reposts = stochasticRound(total * repostShare)
        post.replies = stochasticRound(total * replyShare)
        post.quotes = stochasticRound(total * quoteShare)
        let reach = Double(post.followersAtTime) * random.logNormal(median: 0.11, sigma: 0.5)
        post.impressions = max(post.interactions * 12 + 1, stochasticRound(reach + total * 25))
        let hasLink = !post.expandedURLs.isEmpty
        post.urlClicks = hasLink ? stochasticRound(Double(post.impressions) * random.logNormal(median: 0.004, sigma: 0.6)) : 0
        post.profileClicks = stochasticRound(Double(post.impressions) * random.logNormal(median: 0.002, sigma: 0.6))
        post.detailExpands = stochasticRound(Double(post.impressions) * random.logNormal(median: 0.006, sigma: 0.6))
        post.hashtagClicks = post.hashtags.isEmpty ? 0 : stochasticRound(Double(post.impressions) * 0.0008)
        post.permalinkClicks = stochasticRound(Double(post.impressions) * 0.0005)
        let media = post.expandedURLs.contains { $0.hasSuffix("/photo/1") }
        post.mediaViews = media ? stochasticRound(Double(post.impressions) * 0.08) : 0
        post.mediaEngagements = media ? stochasticRound(Double(post.impressions) * 0.01) : 0
        post.follows = random.chance(0.05) ? 1 : 0
        post.bookmarks = year >= 2022 ? stochasticRound(total * 0.05) : 0
        post.promoted = org.sector == .commercial && year >= 2014 && random.chance(0.01)
    }

    private mutating func stochasticRound(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        let capped = min(x, 50_000_000)
        let whole = capped.rounded(.down)
        return Int(whole) + (random.unit() < capped - whole ? 1 : 0)
    }

    private mutating func pickClient(year: Int) -> Int {
        let k = random.weighted(org.style.clientWeights)
        let client = org.style.clients[k]
        let launched = [2006, 2009, 2008, 2011, 2010, 2010, 2011, 2009, 2011][client]
        return year >= launched ? client : 0
    }

    // MARK: Rendering templates

    /// Renders into the post's text (moved out while rendering, so that rendering can update the
    /// rest of the post).
    private mutating func renderText(_ template: SampleTemplate) {
        var out: [UInt8] = []
        swap(&out, &post.text)
        render(template, into: &out, depth: 0)
        swap(&out, &post.text)
    }

    private mutating func renderOriginal(_ template: SampleTemplate) {
        var out: [UInt8] = []
        swap(&out, &post.originalText)
        render(template, into: &out, depth: 0)
        swap(&out, &post.originalText)
    }

    static let tcoStart = SampleCalendar.seconds(year: 2011, month: 10, day: 10)
    static let httpsTco = SampleCalendar.seconds(year: 2014, month: 1, day: 1)
    static let likesEra = SampleCalendar.seconds(year: 2012, month: 6, day: 1)

    private mutating func render(_ template: SampleTemplate, into out: inout [UInt8], depth: Int) {
        for part in template.parts {
            switch part {
            case let .text(bytes):
                appendLiteral(bytes, into: &out)
            case let .slot(slot, capitalized):
                let start = out.count
                renderSlot(slot, into: &out, depth: depth)
                if capitalized && start < out.count && out[start] >= 0x61 && out[start] <= 0x7A {
                    out[start] -= 0x20
                }
            }
        }
    }

    private func appendLiteral(_ bytes: [UInt8], into out: inout [UInt8]) {
        if org.style.curlyApostrophes {
            for b in bytes {
                if b == 0x27 { out.append(0xE2); out.append(0x80); out.append(0x99) } else { out.append(b) }
            }
        } else {
            out.append(contentsOf: bytes)
        }
    }

    private mutating func renderPhrase(_ list: [SampleTemplate], into out: inout [UInt8], depth: Int) {
        guard !list.isEmpty, depth < 4 else { return }
        render(list[random.below(list.count)], into: &out, depth: depth + 1)
    }

    private mutating func renderSlot(_ slot: SampleSlot, into out: inout [UInt8], depth: Int) {
        switch slot {
        case .partner:
            let a = pickPartner()
            lastPartner = a
            mention(a, into: &out)
        case .person:
            mention(pickPerson(), into: &out)
        case .selfHandle:
            mention(selfAccount, into: &out)
        case .name:
            out.append(contentsOf: org.name.utf8)
        case .alias:
            out.append(contentsOf: (org.aliases.isEmpty ? org.name : random.pick(org.aliases)).utf8)
        case .orgTag:
            let tag = org.ownTags.isEmpty ? org.handle : random.pick(org.ownTags)
            out.append(0x23)
            out.append(contentsOf: tag.utf8)
            post.hashtags.append(tag)
        case .tag:
            if post.time < SampleCalendar.seconds(year: 2009, month: 1, day: 1) { Self.trimTrailingSpace(&out); return }
            let tag = random.pick(theme.tags)
            out.append(0x23)
            out.append(contentsOf: tag.utf8)
            post.hashtags.append(tag)
        case let .own(kind):
            appendLink(expanded: ownURL(kind), into: &out)
        case .ext:
            appendLink(expanded: externalURL(), into: &out)
        case .status:
            let account = lastPartner >= 0 ? lastPartner : pickPartner()
            let status = otherStatusId(account: account, before: post.time, within: 5 * 86_400)
            post.quoteAccount = account
            post.quoteStatus = status
            appendLink(expanded: "https://twitter.com/" + world.accounts[account].handle + "/status/" + String(status), into: &out)
        case .topic: renderPhrase(theme.topics, into: &out, depth: depth)
        case .notice: renderPhrase(theme.notices, into: &out, depth: depth)
        case .fact: renderPhrase(theme.facts, into: &out, depth: depth)
        case .event: renderPhrase(theme.events, into: &out, depth: depth)
        case .thing: renderPhrase(theme.things, into: &out, depth: depth)
        case .place: renderPhrase(theme.places, into: &out, depth: depth)
        case .question: renderPhrase(theme.questions, into: &out, depth: depth)
        case .thanksFor: renderPhrase(theme.thanksFor, into: &out, depth: depth)
        case .appeal: renderPhrase(theme.appeals, into: &out, depth: depth)
        case .news: renderPhrase(theme.news, into: &out, depth: depth)
        case .answer: renderPhrase(theme.answers, into: &out, depth: depth)
        case .achievement: renderPhrase(book.achievements, into: &out, depth: depth)
        case .when: renderWhen(into: &out)
        case .date: renderDate(daysAhead: random.int(5...40), into: &out)
        case .city: out.append(contentsOf: org.city.utf8)
        case .river: out.append(contentsOf: org.river.utf8)
        case .num:
            var b = SampleBytes(capacity: 8)
            b.appendGrouped(max(3, min(99_000, Int(random.logNormal(median: 340, sigma: 1.0)))))
            out.append(contentsOf: b.bytes)
        case .money:
            out.append(contentsOf: SampleCountry.all[org.country].currency.utf8)
            var b = SampleBytes(capacity: 4)
            b.appendInt(random.pick([5, 10, 15, 20, 25, 30, 50]))
            out.append(contentsOf: b.bytes)
        case .outlet: out.append(contentsOf: outletName.utf8)
        case .emoji: out.append(contentsOf: random.pick(SampleWords.emoji).utf8)
        case .year:
            var b = SampleBytes(capacity: 4)
            b.appendInt(SampleCalendar.civil(post.time).year)
            out.append(contentsOf: b.bytes)
        case .month:
            let c = SampleCalendar.civil(post.time)
            out.append(contentsOf: SampleCalendar.monthLong[(c.month + 10) % 12].utf8)
        case .season:
            let c = SampleCalendar.civil(post.time)
            let southern = SampleCountry.all[org.country].southern
            let m = southern ? (c.month + 5) % 12 + 1 : c.month
            let us = SampleCountry.all[org.country].code == "US"
            let name: String
            switch m {
            case 3...5: name = "Spring"
            case 6...8: name = "Summer"
            case 9...11: name = us ? "Fall" : "Autumn"
            default: name = "Winter"
            }
            out.append(contentsOf: name.utf8)
        case .newline:
            if org.style.lineBreaks && post.time >= SampleCalendar.seconds(year: 2016, month: 1, day: 1) {
                Self.trimTrailingSpace(&out)
                out.append(0x0A)
            } else if out.last != 0x20 {
                out.append(0x20)
            }
        }
    }

    private mutating func mention(_ account: Int, into out: inout [UInt8]) {
        out.append(0x40)
        out.append(contentsOf: world.accounts[account].handle.utf8)
        post.mentions.append(account)
    }

    private mutating func pickPartner() -> Int {
        guard !org.partners.isEmpty else { return pickPerson() }
        return org.partners[random.weighted(partnerWeights)]
    }

    private mutating func pickPerson() -> Int {
        guard !org.people.isEmpty else { return selfAccount }
        return org.people[random.weighted(peopleWeights)]
    }

    private static func trimTrailingSpace(_ out: inout [UInt8]) {
        while let last = out.last, last == 0x20 { out.removeLast() }
    }

    /// A time expression for an event after the post, in the organization's local time.
    private mutating func renderWhen(into out: inout [UInt8]) {
        let local = post.time + Int64(org.utcOffset)
        let hour = SampleCalendar.civil(local).hour
        let clocks = ["10am", "11am", "2pm", "6pm", "7pm", "6:30pm", "10:30am", "1pm", "7:30pm", "12:30pm", "18:00", "19:30", "9am"]
        var choice = random.below(9)
        if hour >= 16 && choice <= 1 { choice = 2 }
        var b = SampleBytes(capacity: 40)
        switch choice {
        case 0: b.append("today at "); b.append(random.pick(["2pm", "3pm", "4:30pm", "5pm"]))
        case 1: b.append("tonight at "); b.append(random.pick(["7pm", "7:30pm", "8pm", "6:30pm", "19:00"]))
        case 2: b.append("tomorrow at "); b.append(random.pick(clocks))
        case 3:
            let c = SampleCalendar.civil(local + Int64(random.int(2...6)) * 86_400)
            b.append("this "); b.append(SampleCalendar.weekdayLong[c.weekday])
        case 4:
            let c = SampleCalendar.civil(local + Int64(random.int(2...6)) * 86_400)
            b.append("on "); b.append(SampleCalendar.weekdayLong[c.weekday]); b.append(" at "); b.append(random.pick(clocks))
        case 5:
            out.append(contentsOf: b.bytes)
            renderDate(daysAhead: random.int(3...40), into: &out)
            out.append(contentsOf: " at ".utf8)
            out.append(contentsOf: random.pick(clocks).utf8)
            return
        case 6:
            let c = SampleCalendar.civil(local + Int64(random.int(3...30)) * 86_400)
            b.append(SampleCalendar.weekdayLong[c.weekday]); b.append(0x20); b.appendInt(c.day); b.append(0x20)
            b.append(SampleCalendar.monthLong[c.month - 1])
        case 7:
            let c = SampleCalendar.civil(local + Int64(random.int(7...60)) * 86_400)
            b.append(SampleCalendar.monthLong[c.month - 1]); b.append(0x20); b.appendInt(c.day)
            switch c.day {
            case 1, 21, 31: b.append("st")
            case 2, 22: b.append("nd")
            case 3, 23: b.append("rd")
            default: b.append("th")
            }
        default: b.append("next week")
        }
        out.append(contentsOf: b.bytes)
    }

    /// `Sat, Mar 14`.
    private mutating func renderDate(daysAhead: Int, into out: inout [UInt8]) {
        let c = SampleCalendar.civil(post.time + Int64(org.utcOffset) + Int64(daysAhead) * 86_400)
        var b = SampleBytes(capacity: 16)
        b.append(SampleCalendar.weekdayShort[c.weekday]); b.append(", ")
        b.append(SampleCalendar.monthShort[c.month - 1]); b.append(0x20); b.appendInt(c.day)
        out.append(contentsOf: b.bytes)
    }

    // MARK: Links

    /// Appends a link as the post shows it and records its expanded form.
    private mutating func appendLink(expanded: String, into out: inout [UInt8]) {
        var shown: [UInt8]
        if post.time < Self.tcoStart {
            shown = Array(expanded.utf8)
        } else {
            shown = Array((post.time < Self.httpsTco ? "http://t.co/" : "https://t.co/").utf8)
            let length = post.time < Self.httpsTco ? 8 : 10
            for _ in 0..<length { shown.append(Self.base62[random.below(62)]) }
        }
        out.append(contentsOf: shown)
        // A repost's links belong to the original; only the organization's own post records them.
        if post.category != .repost && post.category != .selfRepost || post.originalText.isEmpty {
            post.shownURLs.append(shown)
            post.expandedURLs.append(expanded)
        }
    }

    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    private mutating func code(_ length: Int) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<length { bytes.append(Self.base62[random.below(62)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func scheme() -> String {
        post.time < SampleCalendar.seconds(year: 2014, month: 6, day: 1) || random.chance(0.1) ? "http://" : "https://"
    }

    private mutating func ownURL(_ kind: SampleOwnLink) -> String {
        let style = org.style
        if style.shortenRate > 0 && random.chance(style.shortenRate) {
            return "http://" + style.shortener + "/" + code(style.shortener == "bit.ly" ? 7 : 6)
        }
        var domain = org.domains[0]
        if org.domains.count > 1 && (kind == .donate || kind == .shop || kind == .events) && random.chance(0.6) {
            domain = org.domains[1]
        }
        var host = style.www ? "www." + domain : domain
        if style.subdomains {
            switch kind {
            case .events: host = "events." + domain
            case .shop: host = "shop." + domain
            case .donate: host = (org.sector == .nonprofit ? random.pick(["donate.", "give."]) : "www.") + domain
            case .blog: host = "blog." + domain
            case .jobs: host = "jobs." + domain
            default: break
            }
        }
        let slug = random.pick(topicSlugs)
        let c = SampleCalendar.civil(post.time)
        var path: String
        switch kind {
        case .blog: path = "/" + String(c.year) + "/" + (c.month < 10 ? "0" : "") + String(c.month) + "/" + slug
        case .news: path = "/news/" + slug
        case .donate: path = random.pick(["/donate", "/give", "/donate/" + slug])
        case .events: path = random.pick(["/events/", "/whats-on/"]) + slug
        case .shop: path = random.pick(["/shop/", "/products/"]) + slug
        case .jobs: path = random.pick(["/jobs", "/careers/" + slug])
        case .volunteer: path = random.pick(["/volunteer", "/get-involved"])
        case .survey: path = random.pick(["/consultations/" + slug, "/survey"])
        case .register: path = random.pick(["/register", "/signup", "/book/" + slug])
        case .report: path = "/annual-report-" + String(c.year)
        case .photos: path = "/gallery/" + slug
        case .info: path = random.pick(["/", "/help/", "/services/"]) + slug
        }
        if host.hasPrefix("blog.") && kind == .blog { path = path.replacingOccurrences(of: "/blog", with: "") }
        if kind == .blog && !host.hasPrefix("blog.") { path = "/blog" + path }
        if style.shortenRate > 0 && random.chance(0.3) { path += "?utm_source=twitter&utm_medium=social" }
        return scheme() + host + path
    }

    private mutating func externalURL() -> String {
        let choice = random.below(20)
        var url: String
        switch choice {
        case 0..<12:
            let c = SampleCalendar.civil(post.time)
            url = scheme() + "www." + outletDomain + "/news/" + String(c.year) + "/" + random.pick(topicSlugs)
                + "-" + String(random.int(1000...99_999))
        case 12, 13:
            if !otherOrgs.isEmpty {
                let other = world.orgs[otherOrgs[random.below(otherOrgs.count)]]
                url = scheme() + "www." + other.domains[0] + "/news/" + random.pick(topicSlugs)
            } else {
                url = scheme() + "www." + outletDomain + "/"
            }
        case 14, 15:
            url = random.chance(0.5) ? "https://www.youtube.com/watch?v=" + code(11) : "https://youtu.be/" + code(11)
        case 16, 17:
            url = random.chance(0.6) ? "https://www.instagram.com/p/" + code(11) + "/"
                : "https://www.facebook.com/" + org.handle + "/posts/" + String(random.int(100_000_000...999_999_999))
        default:
            url = scheme() + "data." + SampleCountry.all[org.country].publicTLD + "/dataset/" + random.pick(topicSlugs)
        }
        if org.style.shortenRate > 0 && random.chance(org.style.shortenRate * 0.5) {
            url = "http://" + org.style.shortener + "/" + code(6)
        }
        return url
    }

    /// The id of another account's status around a time (replies and quotes point at these).
    private mutating func otherStatusId(account: Int, before t: Int64, within window: Int) -> UInt64 {
        otherStatusId(account: account, at: t - Int64(random.int(60...max(61, window))))
    }

    private mutating func otherStatusId(account: Int, at t: Int64) -> UInt64 {
        let worker = stableHash(world.accounts[account].handle) & 0x3FF
        return SampleTimeline.statusId(seconds: t, millis: random.below(1000), worker: worker, sequence: UInt64(random.below(4096)))
    }

    static func slug(_ phrase: String) -> String {
        var out: [UInt8] = []
        var inBraces = false
        var dash = false
        for b in phrase.lowercased().utf8 {
            if b == 0x7B { inBraces = true; continue }
            if b == 0x7D { inBraces = false; continue }
            if inBraces { continue }
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                if dash && !out.isEmpty { out.append(0x2D) }
                dash = false
                out.append(b)
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "update" : String(decoding: out, as: UTF8.self)
    }
}

/// The adopters other than one organization, as a view of `SampleWorld.adopters` (the same
/// elements in the same order as filtering it, without a copy per organization).
struct SampleOtherOrgs {
    let adopters: [Int]
    /// Position of the excluded organization in `adopters`, or nil when it is not an adopter.
    let skipped: Int?

    init(adopters: [Int], excluding index: Int) {
        self.adopters = adopters
        var low = 0, high = adopters.count
        while low < high {
            let mid = (low + high) / 2
            if adopters[mid] < index { low = mid + 1 } else { high = mid }
        }
        skipped = low < adopters.count && adopters[low] == index ? low : nil
    }

    var count: Int { adopters.count - (skipped == nil ? 0 : 1) }
    var isEmpty: Bool { count == 0 }

    subscript(k: Int) -> Int {
        guard let skipped, k >= skipped else { return adopters[k] }
        return adopters[k + 1]
    }
}
