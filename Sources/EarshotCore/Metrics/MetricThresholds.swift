/// The cut-offs of the verdicts (metrics.md section 4). `promotional` and `relentless` are the
/// user's to change (`--promo-threshold`); the defaults are the 80/20 rule and the rule of thirds.
public struct MetricThresholds: Sendable, Equatable {
    /// `balanced` up to this promo share.
    public var promotional: Double
    /// `promotional` up to this promo share, `relentless` above.
    public var relentless: Double
    /// `conversational` from this conversation share.
    public var conversational: Double
    /// `mixed` from this conversation share, `broadcast` below.
    public var mixed: Double
    /// Below this many posts an organization's verdicts are `unreliable` (`VerdictCaveats`).
    public var minPosts: Int

    /// `--min-posts`: 30, the usual rule of thumb for a share to settle (one post moves the
    /// share of 30 by 3.3 points, of 5 by 20).
    public static let defaultMinPosts = 30

    public init(promotional: Double = 0.20, relentless: Double = 1.0 / 3.0,
                conversational: Double = 1.0 / 3.0, mixed: Double = 0.10, minPosts: Int = defaultMinPosts) {
        self.minPosts = minPosts
        self.promotional = promotional
        self.relentless = relentless
        self.conversational = conversational
        self.mixed = mixed
    }
}

public enum PromoVerdict: String, Sendable, CaseIterable {
    case balanced, promotional, relentless

    public init(promoShare: Double, thresholds: MetricThresholds) {
        if promoShare <= thresholds.promotional {
            self = .balanced
        } else if promoShare <= thresholds.relentless {
            self = .promotional
        } else {
            self = .relentless
        }
    }
}

public enum DialogueVerdict: String, Sendable, CaseIterable {
    case conversational, mixed, broadcast

    public init(conversationShare: Double, thresholds: MetricThresholds) {
        if conversationShare >= thresholds.conversational {
            self = .conversational
        } else if conversationShare >= thresholds.mixed {
            self = .mixed
        } else {
            self = .broadcast
        }
    }
}
