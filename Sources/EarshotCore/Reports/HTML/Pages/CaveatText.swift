/// The verdict caveats (`VerdictCaveats`) as sentences for an organization's page.
enum CaveatText {
    static func sentences(_ m: OrganizationMetrics, minPosts: Int) -> [String] {
        var out: [String] = []
        let c = m.caveats
        if c.fewPosts {
            let step = DisplayNumber.percent(1.0 / Double(max(1, m.posts)))
            out.append("Only \(DisplayNumber.count(m.posts)) posts, fewer than the \(minPosts) a verdict needs (--min-posts): both verdicts are unreliable; one post more or less moves each share by \(step).")
        }
        if c.ownDomainsUnknown {
            out.append("No web domain of its own is known (it is not in the registry, or its row lists none): links to its own sites cannot be told from others, so its promo share is a lower bound. Give them with --domain, or in the registry's domains column.")
        }
        if c.linksHidden {
            out.append("Only \(DisplayNumber.percent(m.linkCoverage)) of its links could be followed (the others are behind link shorteners): links to its own sites are undercounted, so its promo share is a lower bound.")
        }
        return out
    }
}
