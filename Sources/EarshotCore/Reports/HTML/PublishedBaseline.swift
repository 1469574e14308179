/// A published distribution of posts over Information / Community / Action, shown beside the
/// run's sectors.
struct PublishedBaseline {
    var label: String
    var information: Double
    var community: Double
    var action: Double
    var citation: String

    /// Hand-coded tweets of the largest US nonprofits (the shares metrics.md and outputs.md give).
    static let lovejoySaxton2012 = PublishedBaseline(
        label: "Lovejoy & Saxton 2012 (nonprofits)",
        information: 0.586, community: 0.258, action: 0.156,
        citation: "Lovejoy, K., & Saxton, G. D. (2012). Information, community, and action: How nonprofit organizations use social media. Journal of Computer-Mediated Communication, 17(3), 337-353.")
}
