import Crypto

/// The phrase lists of metrics.md section 2 that the text features look for, and the version of
/// the promotional rule (section 3) they go with. The built-in version 2 is the default;
/// `--lexicon FILE` replaces it with a file in the format below, and `summary.json` names the
/// lexicon used, the SHA-256 of its canonical text and the promotional rule.
///
/// File format (UTF-8, LF or CRLF):
/// ```
/// # A comment: a line whose first non-blank character is '#'.
/// [rule]
/// promotional-v2
/// [action]
/// donate
/// give today
/// [event]
/// webinar
/// [recognition]
/// thank you
/// [solicitation]
/// let us know
/// [organization-ask]
/// donate
/// [standing]
/// award
/// [launch]
/// announcing
/// [launch-noun]
/// package
/// ```
/// Each line other than a comment or a section header is one phrase of the section above it.
/// Phrases are compared as the body is: lower-cased, curly quotes folded, runs of white space as
/// one space. A phrase cannot start with `#` (it would be a comment), and needs none: `donate`
/// already matches `#donate`.
///
/// Which sections a file must give:
/// - `[action]`, `[event]`, `[recognition]` and `[solicitation]` always, each exactly once
///   (it may be empty): a file replaces those four lists whole, as in version 1.
/// - `[rule]`, optional, holds one line: `promotional-v2` (the default) or `promotional-v1`
///   (metrics.md version 1: cta, own link or self-mention, or a self-repost). It lets a file
///   reproduce a report made before version 2 (`lexicons/builtin-v1.txt` does).
/// - With `promotional-v2`, `[organization-ask]`, `[standing]`, `[launch]` and `[launch-noun]`
///   may each be given (then replacing the built-in list, empty allowed) or left out: a left-out
///   one is the built-in version 2 list (`fromBuiltin` names them; the report says so). A file
///   of the four version-1 sections thus still loads, with its own action, event, recognition and
///   solicitation lists and the version 2 rule with its built-in lists.
/// - With `promotional-v1` those four sections are not used, and giving one is an error.
///
/// The canonical text (what `sha256` fingerprints) is the rule and the lists actually used,
/// written back in this format: `[rule]` and its line first, then the sections in the order
/// above, each list normalized (each phrase once, in the order given); the four rule-v2
/// sections only with `promotional-v2`. It is itself a lexicon file that loads to the same
/// lexicon.
public struct Lexicon: Sendable, Equatable {
    public enum Section: String, CaseIterable, Sendable {
        case action, event, recognition, solicitation
        case organizationAsk = "organization-ask", standing, launch, launchNoun = "launch-noun"

        /// The sections of the promotional rule, version 2.
        public static let promotionalV2: [Section] = [.organizationAsk, .standing, .launch, .launchNoun]
    }

    /// Which definition of `promotional` (metrics.md section 3) the lexicon goes with.
    public enum PromotionalRule: String, CaseIterable, Sendable {
        /// cta, own link or self-mention (authored), or a self-repost.
        case v1
        /// org_ask, or own link or self-mention with standing or launch (authored), or a self-repost.
        case v2

        /// The line of a `[rule]` section.
        public var directive: String { "promotional-" + rawValue }
    }

    /// `builtin-v2`, or the file's name.
    public let name: String
    public let promotionalRule: PromotionalRule
    /// Phrases per section, normalized, each once, in the order given (the rule-v2 sections are
    /// empty with rule v1).
    public let phrases: [Section: [String]]
    /// Rule-v2 sections the file left out, filled with the built-in lists; empty for the built-in.
    public let fromBuiltin: [Section]
    /// The lexicon written back in the file format, normalized: what `sha256` fingerprints.
    public let canonicalText: String
    /// SHA-256 of `canonicalText` (UTF-8), lower-case hex.
    public let sha256: String

    /// The sections the rule uses, in file order.
    public var sections: [Section] {
        promotionalRule == .v1 ? Section.allCases.filter { !Section.promotionalV2.contains($0) } : Section.allCases
    }

    public init(name: String, phrases: [Section: [String]], promotionalRule: PromotionalRule = .v2,
                fromBuiltin: [Section] = []) {
        self.name = name
        self.promotionalRule = promotionalRule
        self.fromBuiltin = promotionalRule == .v2 ? fromBuiltin : []
        var normalized: [Section: [String]] = [:]
        var canonical = "[rule]\n\(promotionalRule.directive)\n"
        let used = promotionalRule == .v1 ? Section.allCases.filter { !Section.promotionalV2.contains($0) } : Section.allCases
        for section in Section.allCases {
            var list: [String] = []
            guard used.contains(section) else {
                normalized[section] = list
                continue
            }
            for phrase in phrases[section] ?? [] {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: PostBody.normalizePhrase(phrase))
                let text = String(view)
                if !text.isEmpty, !list.contains(text) { list.append(text) }
            }
            normalized[section] = list
            canonical += "[\(section.rawValue)]\n"
            for phrase in list { canonical += phrase + "\n" }
        }
        self.phrases = normalized
        self.canonicalText = canonical
        self.sha256 = SHA256.hex(canonical)
    }

    public func phrases(_ section: Section) -> [String] { phrases[section] ?? [] }

    /// The built-in lexicons, version 2 (metrics.md section 2), with the promotional rule v2.
    /// Version 1 is the file `lexicons/builtin-v1.txt`.
    public static let builtin = Lexicon(name: "builtin-v2", phrases: [
        .action: [
            "donate", "donation", "donations", "give today", "give now", "make a gift", "pledge",
            "sponsor us", "support us", "fundraiser", "register", "registration", "rsvp", "sign up", "signup",
            "join", "join us", "get tickets", "tickets", "save the date", "attend", "volunteer",
            "we're hiring", "we are hiring", "apply", "apply now", "apply today", "sign the petition",
            "sign our petition", "call your representative", "call your representatives", "call your senator",
            "call your senators", "call your elected", "contact your representative",
            "contact your representatives", "contact your senator", "contact your senators",
            "contact your elected", "tell congress", "take action", "vote for", "nominate", "please rt",
            "please retweet", "pls rt", "please share", "buy", "shop", "order now", "on sale", "discount",
            "subscribe", "download", "install", "enroll", "learn how you can help", "help us", "help wanted",
            "contribute", "submit", "deadline", "join our", "follow us", "follow @", "add to your calendar",
            "tune in", "don't miss", "share your story", "take our survey", "take the survey", "fill out",
            "do your part", "as soon as you can", "make sure your", "schedule your", "get yours",
            "get boosted", "get your flu shot", "find a vaccine", "save a life", "spread the word",
            "challenge your friends", "opt in", "enrolling", "volunteers needed", "volunteers wanted",
            "come and", "come &", "come along", "come see", "come visit", "come on down", "come to our",
            "pop in", "pop into", "pop along", "pop by", "drop by", "visit us", "book now", "book your",
            "book a", "book here", "book onto", "to book", "last chance", "places left", "places available",
            "spaces left", "spaces available", "spaces are limited", "places are limited", "limited places",
            "limited spaces", "still available", "days left", "weeks left", "final days", "final weekend",
            "take part", "get involved", "have a go", "try your hand", "we're looking for",
            "we are looking for", "vote now", "cast your vote",
        ],
        .event: [
            "call", "community call", "webinar", "workshop", "meetup", "conference", "talk", "session",
            "hackathon", "office hours", "coworking", "event", "panel", "keynote", "livestream", "unconf",
            "gala", "concert", "festival", "town hall", "open house", "live on", "q&a", "twitter chat",
            "seminar", "symposium", "lecture", "talks", "workshops", "tour", "tours", "fair", "exhibition",
            "opens", "day school", "study day", "family day", "open day", "fun day", "activity day",
            "drop-in", "drop in", "performances", "storytelling",
        ],
        .recognition: [
            "thank", "thanks", "thank you", "thx", "congrats", "congratulations", "congratulate", "kudos",
            "shout out", "shoutout", "shoutouts", "welcome", "welcoming", "well done", "proud of",
            "happy birthday", "happy anniversary", "good luck", "great work", "great job", "ff",
            "followfriday", "appreciation", "wishing",
        ],
        .solicitation: [
            "anyone", "everyone", "who", "what do you", "tell us", "share your", "let us know",
            "what would you", "your feedback", "your input", "your thoughts", "love to hear",
        ],
        .organizationAsk: [
            "donate", "donation", "donations", "give today", "give now", "make a gift", "pledge",
            "sponsor us", "support us", "fundraiser", "we're hiring", "we are hiring", "join our team",
            "volunteer", "volunteers", "subscribe", "newsletter", "follow us", "follow @", "sign up",
            "signup", "nominate", "vote for", "apply", "apply now", "apply today", "help wanted",
            "contribute", "help us", "buy", "shop", "order now", "on sale", "discount", "tickets",
            "get tickets", "opt in", "register", "registration", "rsvp", "save the date",
            "mark your calendar", "mark your calendars", "add to your calendar", "tune in", "don't miss",
            "attend", "join us", "join our", "see you",
        ],
        .standing: [
            "award", "awards", "awarded", "recognized", "recognised", "honored", "honoured", "elected",
            "anniversary", "milestone", "proud", "excited", "thrilled", "pleased to", "delighted", "featured",
            "first-ever", "in the news", "team member", "joins our", "newest", "welcome our", "our team",
        ],
        .launch: [
            "announcing", "introducing", "release notes", "released", "new release", "new version", "launch",
            "launched", "launching", "now available", "is out", "are out", "updates to",
        ],
        .launchNoun: [
            "pkg", "pkgs", "package", "packages", "version", "release", "post", "series", "book", "guide",
            "app", "tool", "website", "site", "podcast", "course", "feature", "interview",
        ],
    ])
}

/// Why a lexicon file was refused; `line` is 0 for the file as a whole.
public struct LexiconError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var reason: String

    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}

extension Lexicon {
    /// Parses a lexicon file's text (format in the type's documentation).
    /// - Parameters:
    ///   - text: the file's content.
    ///   - file: the file as the user named it, for messages; its last path component becomes
    ///     the lexicon's name.
    public static func parse(_ text: String, file: String) throws -> Lexicon {
        var phrases: [Section: [String]] = [:]
        var current: Section?
        var ruleLines: [(line: Int, text: String)]?
        var inRule = false
        var lineNumber = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // Split on scalars: as Characters, "\r\n" is one grapheme and never equals "\n".
        for rawLine in body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Substring(rawLine).trimmingWhiteSpace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count >= 2 else {
                    throw LexiconError(file: file, line: lineNumber, reason: "section header without closing ']'")
                }
                let name = line.dropFirst().dropLast().trimmingWhiteSpace().lowercased()
                if name == "rule" {
                    guard ruleLines == nil else {
                        throw LexiconError(file: file, line: lineNumber, reason: "section [rule] appears twice")
                    }
                    ruleLines = []
                    inRule = true
                    current = nil
                    continue
                }
                guard let section = Section(rawValue: name) else {
                    let known = (["rule"] + Section.allCases.map(\.rawValue)).map { "[\($0)]" }.joined(separator: ", ")
                    throw LexiconError(file: file, line: lineNumber,
                                       reason: "unknown section [\(name)]; expected one of \(known)")
                }
                guard phrases[section] == nil else {
                    throw LexiconError(file: file, line: lineNumber, reason: "section [\(name)] appears twice")
                }
                phrases[section] = []
                current = section
                inRule = false
                continue
            }
            if inRule {
                ruleLines?.append((lineNumber, String(line)))
                continue
            }
            guard let section = current else {
                throw LexiconError(file: file, line: lineNumber, reason: "phrase before the first section header such as [action]")
            }
            phrases[section, default: []].append(String(line))
        }
        var rule = PromotionalRule.v2
        if let ruleLines {
            let directives = PromotionalRule.allCases.map(\.directive).joined(separator: " or ")
            guard let first = ruleLines.first else {
                throw LexiconError(file: file, line: 0, reason: "section [rule] is empty; expected \(directives)")
            }
            guard ruleLines.count == 1 else {
                throw LexiconError(file: file, line: ruleLines[1].line, reason: "section [rule] holds one line, \(directives)")
            }
            guard let found = PromotionalRule.allCases.first(where: { $0.directive == first.text.lowercased() }) else {
                throw LexiconError(file: file, line: first.line, reason: "unknown rule '\(first.text)'; expected \(directives)")
            }
            rule = found
        }
        let required = Section.allCases.filter { !Section.promotionalV2.contains($0) }
        let missing = required.filter { phrases[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "[\($0.rawValue)]" }.joined(separator: ", ")
            throw LexiconError(file: file, line: 0, reason: "missing section \(names): a lexicon file replaces all four of [action], [event], [recognition] and [solicitation]")
        }
        var fromBuiltin: [Section] = []
        for section in Section.promotionalV2 {
            switch rule {
            case .v1:
                if phrases[section] != nil {
                    throw LexiconError(file: file, line: 0,
                                       reason: "section [\(section.rawValue)] is not used by the rule promotional-v1; remove it or the [rule] line")
                }
            case .v2:
                if phrases[section] == nil {
                    phrases[section] = Lexicon.builtin.phrases(section)
                    fromBuiltin.append(section)
                }
            }
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return Lexicon(name: name, phrases: phrases, promotionalRule: rule, fromBuiltin: fromBuiltin)
    }

    /// Reads and parses a lexicon file.
    public static func load(path: String) throws -> Lexicon {
        let source = try FileSource(path: path)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LexiconError(file: path, line: 0, reason: "not valid UTF-8")
        }
        return try parse(text, file: path)
    }
}

extension Substring {
    fileprivate func trimmingWhiteSpace() -> Substring {
        var s = self
        while let first = s.unicodeScalars.first, CharClass.isWhite(first) { s = Substring(s.unicodeScalars.dropFirst()) }
        while let last = s.unicodeScalars.last, CharClass.isWhite(last) { s = Substring(s.unicodeScalars.dropLast()) }
        return s
    }
}
