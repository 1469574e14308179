/// What an organization's verdicts cannot be trusted for, and why: the last three columns of
/// `organizations.csv` (after `dialogue_verdict`, which the spec's 38 columns end with), the
/// report's verdict panels and its methodology section (issue 14).
///
/// - `few_posts`: fewer posts than `--min-posts` (default 30): both verdicts are `unreliable`
///   (one post moves the share of 5 posts by 20 points).
/// - `own_domains_unknown`: the organization posts links but no own web domain is known (not in
///   the registry, or no registry and no `--domain`): links to its own site cannot be told
///   from others, so promo share is a `lower_bound`.
/// - `links_hidden`: link coverage below 0.5 (most links behind shorteners): promo share is a
///   `lower_bound` (metrics.md section 4).
/// `unreliable` takes precedence over `lower_bound` in `promo_verdict_caveat`; the reasons list
/// all that apply. An organization without posts has no verdicts and no caveats.
public struct VerdictCaveats: Sendable, Equatable {
    public var fewPosts = false
    public var ownDomainsUnknown = false
    public var linksHidden = false

    public init(fewPosts: Bool = false, ownDomainsUnknown: Bool = false, linksHidden: Bool = false) {
        self.fewPosts = fewPosts
        self.ownDomainsUnknown = ownDomainsUnknown
        self.linksHidden = linksHidden
    }

    /// Below this link coverage own links are hidden (metrics.md section 4).
    public static let hiddenLinkCoverage = 0.5

    public init(metrics m: OrganizationMetrics, organization: Organization?, thresholds: MetricThresholds) {
        guard m.posts > 0 else { return }
        fewPosts = m.posts < thresholds.minPosts
        if let coverage = m.linkCoverage {
            ownDomainsUnknown = organization?.domains.isEmpty ?? true
            linksHidden = coverage < Self.hiddenLinkCoverage
        }
    }

    public static let columns = ["promo_verdict_caveat", "dialogue_verdict_caveat", "caveat_reasons"]

    /// `unreliable`, `lower_bound` or empty.
    public var promo: String {
        if fewPosts { return "unreliable" }
        return ownDomainsUnknown || linksHidden ? "lower_bound" : ""
    }

    /// `unreliable` or empty.
    public var dialogue: String { fewPosts ? "unreliable" : "" }

    /// The reasons, in a fixed order.
    public var reasons: [String] {
        var out: [String] = []
        if fewPosts { out.append("few_posts") }
        if ownDomainsUnknown { out.append("own_domains_unknown") }
        if linksHidden { out.append("links_hidden") }
        return out
    }

    public var fields: [String] { [promo, dialogue, reasons.joined(separator: ";")] }

    public var isEmpty: Bool { !fewPosts && !ownDomainsUnknown && !linksHidden }
}
