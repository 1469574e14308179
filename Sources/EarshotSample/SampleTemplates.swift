import EarshotCore
/// Post templates: literal text with `{slot}` placeholders, parsed once into parts so that
/// rendering a post is byte appends only. `{Slot}` (capitalised) capitalises the first letter of
/// what the slot renders; `{own:kind}` is a link to the organization's own site.
struct SampleTemplate: Sendable {
    enum Part: Sendable {
        case text([UInt8])
        case slot(SampleSlot, capitalized: Bool)
    }

    let parts: [Part]

    init(_ pattern: String) {
        var parts: [Part] = []
        var literal: [UInt8] = []
        var bytes = Array(pattern.utf8)[...]
        while let open = bytes.firstIndex(of: 0x7B) {  // {
            literal.append(contentsOf: bytes[bytes.startIndex..<open])
            guard let close = bytes[open...].firstIndex(of: 0x7D) else { break }  // }
            let name = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
            if let slot = SampleSlot(name: name.lowercased()) {
                if !literal.isEmpty { parts.append(.text(literal)); literal = [] }
                let first = name.utf8.first ?? 0
                parts.append(.slot(slot, capitalized: first >= 0x41 && first <= 0x5A))
            } else {
                // Not a slot: keep the braces as text (never happens with the built-in templates).
                literal.append(contentsOf: bytes[open...close])
            }
            bytes = bytes[(close + 1)...]
        }
        literal.append(contentsOf: bytes)
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }
}

/// Where an own link points: decides the subdomain and the path.
enum SampleOwnLink: Int, Sendable, CaseIterable {
    case blog, news, donate, events, shop, jobs, volunteer, survey, register, report, photos, info

    init?(name: String) {
        switch name {
        case "blog": self = .blog
        case "news": self = .news
        case "donate": self = .donate
        case "events": self = .events
        case "shop": self = .shop
        case "jobs": self = .jobs
        case "volunteer": self = .volunteer
        case "survey": self = .survey
        case "register": self = .register
        case "report": self = .report
        case "photos": self = .photos
        case "info": self = .info
        default: return nil
        }
    }
}

enum SampleSlot: Sendable, Equatable {
    /// `@` + another account the organization knows (an organization, an outlet, an official).
    case partner
    /// `@` + a member of the public.
    case person
    /// `@` + the organization's own handle.
    case selfHandle
    /// The organization's registry name or one of its aliases.
    case name, alias
    /// `#` + one of the organization's registry hashtags.
    case orgTag
    /// `#` + a topical hashtag of the field.
    case tag
    case own(SampleOwnLink)
    /// A link to someone else's site.
    case ext
    /// A link to another account's status (a quote).
    case status
    case topic, notice, fact, event, thing, place, question, thanksFor, appeal, news, answer
    /// A time expression for an event after the post (`tomorrow at 6pm`, `Sat, Mar 14`).
    case when, date
    case city, river, num, money, outlet, emoji, year, month, season, achievement
    case newline

    init?(name: String) {
        if name.hasPrefix("own:") {
            guard let kind = SampleOwnLink(name: String(name.dropFirst(4))) else { return nil }
            self = .own(kind)
            return
        }
        switch name {
        case "partner": self = .partner
        case "person": self = .person
        case "self": self = .selfHandle
        case "name": self = .name
        case "alias": self = .alias
        case "orgtag": self = .orgTag
        case "tag": self = .tag
        case "ext": self = .ext
        case "status": self = .status
        case "topic": self = .topic
        case "notice": self = .notice
        case "fact": self = .fact
        case "event": self = .event
        case "thing": self = .thing
        case "place": self = .place
        case "question": self = .question
        case "thanksfor": self = .thanksFor
        case "appeal": self = .appeal
        case "news": self = .news
        case "answer": self = .answer
        case "when": self = .when
        case "date": self = .date
        case "city": self = .city
        case "river": self = .river
        case "num": self = .num
        case "money": self = .money
        case "outlet": self = .outlet
        case "emoji": self = .emoji
        case "year": self = .year
        case "month": self = .month
        case "season": self = .season
        case "achievement": self = .achievement
        case "n": self = .newline
        default: return nil
        }
    }
}

/// What an authored post is meant to be. The category decides the template family and how the
/// audience responds; the metrics later find out what it is from the text alone.
enum SamplePostCategory: Int, Sendable, CaseIterable {
    case info, ownNews, appeal, event, recognition, question, selfMention
    case reply, replyWithLink, quote, thread, repost, selfRepost

    /// How the audience responds, relative to an ordinary information post.
    var engagementFactor: Double {
        switch self {
        case .info: return 1.0
        case .ownNews: return 0.75
        case .appeal: return 0.55
        case .event: return 0.8
        case .recognition: return 1.35
        case .question: return 1.2
        case .selfMention: return 0.9
        case .reply: return 0.12
        case .replyWithLink: return 0.1
        case .quote: return 0.8
        case .thread: return 0.45
        case .repost, .selfRepost: return 1.0
        }
    }

    /// Share of interactions that are replies: questions get answers.
    var replyWeight: Double {
        switch self {
        case .question: return 0.35
        case .reply, .replyWithLink: return 0.2
        case .recognition: return 0.1
        default: return 0.06
        }
    }
}

/// The generic templates; the theme lists fill their slots.
enum SampleTemplateText {
    static let info = [
        "{notice}", "{fact}", "{notice}", "{fact}", "{fact} {tag}", "{notice} {tag}", "Reminder: {notice}",
        "Update: {notice}", "{Topic} in {city}: {outlet} has the details {ext}", "Worth a read on {topic} {ext}",
        "New figures on {topic} from {outlet} {ext}", "Good explainer on {topic} {ext}",
        "{Topic}: what the latest research says {ext}", "Interesting piece on {topic} by {partner} {ext}",
        "{Season} in {city}. {fact}", "Looking back: {fact}", "{Topic} & what it means for {city} {ext}",
        "This week: {topic} and more {ext}", "{fact}{n}{n}More from {outlet}: {ext}",
    ]
    static let ownNews = [
        "New on the blog: {news} {own:blog}", "{News} {own:news}", "{News}. Read more: {own:news}",
        "Our {year} annual report is out {own:report}", "Photos from the {event} {own:photos}",
        "{News} {own:news} {tag}", "In case you missed it: {news} {own:news}", "{News}{n}{n}{own:news}",
        "{News} -> {own:news}",
    ]
    static let appeal = ["{appeal}", "{appeal}", "{appeal} {tag}", "{appeal} {emoji}", "Please RT: {appeal}"]
    static let event = [
        "{Event} {when} at {place}. All welcome! {own:events}", "Don't miss the {event} {when} {own:events}",
        "Coming up {when}: {event} at {place} {own:events}", "{Event}, {when}, {place}. Free entry.",
        "Our {event} starts {when}! {tag}", "Reminder: {event} {when} at {place}",
        "{Event}{n}{n}{When}{n}{Place}{n}{own:events}", "Join us {when} for the {event} at {place} {own:events}",
        "Save the date: {event}, {date} {own:events}", "{Event} {when}. Details: {own:events}",
        "{Event} {when} at {place}. Under-12s free & everyone welcome {own:events}",
    ]
    static let recognition = [
        "Thank you {partner} for {thanksFor}!", "Huge thanks to {partner} for {thanksFor} {emoji}",
        "Congratulations to {partner} on {achievement}!", "Kudos to the team at {partner} for {thanksFor}",
        "#FF {partner} {partner} {partner}", "Shout out to {person} for {thanksFor}",
        "Happy birthday {partner}! {emoji}", "Thanks to everyone who came along to the {event}. {emoji}",
        "Great work by {partner} on {topic} {ext}", "Well done {partner}! {emoji}",
        "Thanks {partner} & {person} for {thanksFor}!", "Good luck to {partner} this weekend!",
    ]
    static let question = [
        "{question}", "{question}", "{question}", "What do you think about {topic}? Let us know below.",
        "Anyone in {city} got tips on {topic}?", "Question of the week: {question}", "Tell us: {question}",
        "Who else is following the news on {topic}?",
    ]
    static let selfMention = [
        "Proud of the {name} team for {thanksFor}", "{notice} {orgtag}", "{fact} {orgtag}",
        "Follow {self} for updates on {topic}", "{News} {orgtag}",
        "Everyone at {name} wishes you a happy holiday season {emoji}", "{Alias} in the news: {topic} {ext}",
    ]
    static let reply = [
        "{person} {answer}", "{person} {answer}", "{person} {answer}",
        "{person} Thanks for letting us know, we've passed this on to the team.",
        "{person} Sorry to hear that. Could you DM us the details?", "{person} Thank you! {emoji}",
        "{person} Glad you enjoyed it!", "{person} Good question. We'll find out and get back to you.",
        "{person} We hope so too!", "{person} Not yet, but we're working on it.", "{partner} Lovely to see this!",
        "{partner} Count us in! {emoji}", "{person} {partner} Thanks both!", "{person} That's great to hear {emoji}",
        "{person} Thank you! <3",
    ]
    static let replyWithLink = [
        "{person} You'll find the details here: {own:info}", "{person} Here's the form: {own:info}",
        "{person} It's all on our site: {own:info}",
    ]
    static let quote = [
        "This 👇 {status}", "Worth your time. {status}", "Great work from {partner} {status}",
        "Couldn't agree more. {status}", "Important thread on {topic} {status}",
        "We're proud to be part of this {status}", "Well said. {status}",
    ]
    static let thread = ["2/ {fact}", "(2/2) {notice}", "More on this: {fact}", "Update: {notice}", "And: {fact}", "3/ {fact}"]
    /// What other accounts said, for the organization's reposts.
    static let repost = [
        "{notice}", "{fact}", "{News} {ext}", "{Event} {when} at {place}", "{question}",
        "Thank you {partner} for {thanksFor}!", "{Topic} in {city}: what's changing this year {ext}",
        "Great turnout for the {event} in {city} {emoji}",
    ]
    static let selfRepost = ["{News} {own:news}", "{Event} {when} at {place} {own:events}", "{appeal}"]

    static func family(_ category: SamplePostCategory) -> [String] {
        switch category {
        case .info: return info
        case .ownNews: return ownNews
        case .appeal: return appeal
        case .event: return event
        case .recognition: return recognition
        case .question: return question
        case .selfMention: return selfMention
        case .reply: return reply
        case .replyWithLink: return replyWithLink
        case .quote: return quote
        case .thread: return thread
        case .repost: return repost
        case .selfRepost: return selfRepost
        }
    }
}

/// A theme with every phrase parsed.
struct SampleCompiledTheme: Sendable {
    let theme: SampleTheme
    let topics, notices, facts, events, things, places, questions, thanksFor, appeals, news, answers: [SampleTemplate]
    let tags: [String]

    init(_ theme: SampleTheme) {
        self.theme = theme
        func compile(_ list: [String]) -> [SampleTemplate] { list.map(SampleTemplate.init) }
        topics = compile(theme.topics)
        notices = compile(theme.notices)
        facts = compile(theme.facts)
        events = compile(theme.events)
        things = compile(theme.things)
        places = compile(theme.places)
        questions = compile(theme.questions)
        thanksFor = compile(theme.thanksFor)
        appeals = compile(theme.appeals)
        news = compile(theme.news)
        answers = compile(theme.answers)
        tags = theme.tags
    }
}

/// Every template, parsed once per run.
struct SampleTemplateBook: Sendable {
    let families: [[SampleTemplate]]
    let themes: [SampleCompiledTheme]
    let achievements: [SampleTemplate]

    init() {
        families = SamplePostCategory.allCases.map { SampleTemplateText.family($0).map(SampleTemplate.init) }
        themes = SampleThemes.all.map(SampleCompiledTheme.init)
        achievements = SampleWords.achievements.map(SampleTemplate.init)
    }

    func family(_ category: SamplePostCategory) -> [SampleTemplate] { families[category.rawValue] }
}
