@testable import EarshotCore

/// Seconds since 1970 of an ISO 8601 UTC time written in a test.
func instant(_ text: String) -> Int64 {
    guard let seconds = Timestamp.parse(text) else { preconditionFailure("bad test timestamp \(text)") }
    return seconds
}

/// A post of `org` with only what the test sets.
func post(
    _ id: String, _ text: String, org: String = "redcross", at time: String = "2020-03-10T12:00:00Z",
    format: ExportFormat = .twarc2, urls: [String]? = nil, mentions: [String]? = nil,
    likes: Int? = nil, reposts: Int? = nil, replies: Int? = nil, quotes: Int? = nil,
    impressions: Int? = nil, engagements: Int? = nil, followers: Int? = nil,
    marker: StructuralMarker? = nil, repostedText: String? = nil
) -> Post {
    Post(org: org, id: id, created: instant(time), text: text, format: format, expandedURLs: urls,
         mentions: mentions, likes: likes, reposts: reposts, replies: replies, quotes: quotes,
         impressions: impressions, engagements: engagements, authorFollowers: followers,
         marker: marker, repostedText: repostedText)
}

let redCross = Organization(
    handle: "redcross", name: "American Red Cross", sector: .nonprofit, subsector: "humanitarian",
    domains: ["redcross.org"], hashtags: ["redcrossday"], aliases: ["Red Cross"], followers: 1000)

func features(_ p: Post, org: Organization? = redCross, lexicon: Lexicon = .builtin) -> PostFeatures {
    PostAnalyzer(org: p.org, organization: org, lexicon: lexicon).analyze(p)
}

/// The body as a string, for assertions.
func bodyText(_ text: String, stripMentions: Bool = false) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: PostBody(text: text, stripLeadingMentions: stripMentions).scalars)
    return String(view)
}

import Foundation

enum MetricsFixtures {
    /// The repository's root (this file is Tests/EarshotCoreTests/Metrics/...).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Version 1 of the lexicons and of the promotional rule: `lexicons/builtin-v1.txt`.
    static let builtinV1: Lexicon = {
        do {
            return try Lexicon.load(path: repository.appendingPathComponent("lexicons/builtin-v1.txt").path)
        } catch {
            preconditionFailure("lexicons/builtin-v1.txt: \(error)")
        }
    }()
}
