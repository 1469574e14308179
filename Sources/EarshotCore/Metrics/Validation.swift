/// How a human coder judged one post's self-promotion (the coding guide): `self`, clearly
/// self-promotional (its main purpose is to advance the organization itself); `mixed`, partly;
/// `no`, not.
public enum PromotionalCode: String, Sendable, CaseIterable {
    case clearly = "self"
    case mixed
    case no
}

/// One coder's codes for one post, from a filled coding sheet. nil: left empty (not coded).
public struct HumanCode: Sendable, Equatable {
    public var ica: ICAClass?
    public var promotional: PromotionalCode?
    public var ambiguous: Bool

    public init(ica: ICAClass?, promotional: PromotionalCode?, ambiguous: Bool) {
        self.ica = ica
        self.promotional = promotional
        self.ambiguous = ambiguous
    }
}

/// A coded post: Earshot's classes beside each coder's codes.
public struct ValidationPost: Sendable, Equatable {
    public var org: String
    public var id: String
    public var ica: ICAClass
    public var promotional: Bool
    /// One per coder (the order of `ValidationInput.coders`); nil when that coder's sheet does not
    /// have the post.
    public var codes: [HumanCode?]

    public init(org: String, id: String, ica: ICAClass, promotional: Bool, codes: [HumanCode?]) {
        self.org = org
        self.id = id
        self.ica = ica
        self.promotional = promotional
        self.codes = codes
    }

    /// Some coder marked it ambiguous.
    public var ambiguous: Bool { codes.contains { $0?.ambiguous == true } }
}

/// What is compared: the Information/Community/Action class, or the promotional flag against the
/// coders' `self` only, or against `self` or `mixed`.
public enum ValidationMeasure: String, Sendable, CaseIterable {
    case ica
    case promotionalSelf = "promotional_self"
    case promotionalSelfOrMixed = "promotional_self_or_mixed"

    /// Class names, in the order of the confusion matrix.
    public var classes: [String] {
        switch self {
        case .ica: return ICAClass.allCases.map(\.rawValue)
        case .promotionalSelf, .promotionalSelfOrMixed: return ["promotional", "other"]
        }
    }

    public var title: String {
        switch self {
        case .ica: return "Information / Community / Action"
        case .promotionalSelf: return "Promotional, against the coders' `self`"
        case .promotionalSelfOrMixed: return "Promotional, against the coders' `self` or `mixed`"
        }
    }

    func earshot(_ post: ValidationPost) -> Int {
        switch self {
        case .ica: return ICAClass.allCases.firstIndex(of: post.ica)!
        case .promotionalSelf, .promotionalSelfOrMixed: return post.promotional ? 0 : 1
        }
    }

    func human(_ code: HumanCode?) -> Int? {
        guard let code else { return nil }
        switch self {
        case .ica: return code.ica.map { ICAClass.allCases.firstIndex(of: $0)! }
        case .promotionalSelf: return code.promotional.map { $0 == .clearly ? 0 : 1 }
        case .promotionalSelfOrMixed: return code.promotional.map { $0 == .no ? 1 : 0 }
        }
    }
}

/// All coded posts, or those no coder marked ambiguous.
public enum ValidationSubset: String, Sendable, CaseIterable {
    case all
    case unambiguous
}

/// A statistic and its bootstrap interval; both nil where undefined.
public struct ValidationFigure: Sendable, Equatable {
    public var value: Double?
    public var interval: Agreement.Interval?
    /// The posts (for alpha: the pairable values) it is computed on.
    public var n: Int

    public init(value: Double?, interval: Agreement.Interval?, n: Int) {
        self.value = value
        self.interval = interval
        self.n = n
    }
}

/// Earshot against one coder: the coder is the reference, Earshot the prediction.
public struct CoderComparison: Sendable, Equatable {
    public var coder: String
    /// Posts of the subset this coder coded for the measure.
    public var posts: Int
    public var confusion: Agreement.Confusion
    /// One per class of the measure.
    public var precision: [ValidationFigure]
    public var recall: [ValidationFigure]
    public var f1: [ValidationFigure]
    public var macroF1: ValidationFigure
    public var accuracy: ValidationFigure
    public var kappa: ValidationFigure
}

/// One measure on one subset of the posts.
public struct MeasureValidation: Sendable, Equatable {
    public var measure: ValidationMeasure
    public var subset: ValidationSubset
    /// Posts in the subset.
    public var posts: Int
    public var comparisons: [CoderComparison]
    /// Among the coders (nil with one coder), and among the coders and Earshot.
    public var alphaCoders: ValidationFigure?
    public var alphaWithEarshot: ValidationFigure
}

/// The coders' posts, and everything `earshot validate` reports about them.
public struct ValidationResult: Sendable, Equatable {
    public var lexiconName: String
    public var lexiconSHA256: String
    public var coders: [String]
    public var posts: Int
    public var ambiguousPosts: Int
    public var bootstrap: Agreement.Bootstrap
    /// Measure by measure, `all` then `unambiguous` for each.
    public var measures: [MeasureValidation]

    public init(posts: [ValidationPost], coders: [String], lexicon: Lexicon, bootstrap: Agreement.Bootstrap = .standard) {
        self.init(posts: posts, coders: coders, lexiconName: lexicon.name, lexiconSHA256: lexicon.sha256, bootstrap: bootstrap)
    }

    public init(posts: [ValidationPost], coders: [String], lexiconName: String, lexiconSHA256: String,
                bootstrap: Agreement.Bootstrap = .standard) {
        self.lexiconName = lexiconName
        self.lexiconSHA256 = lexiconSHA256
        self.coders = coders
        self.posts = posts.count
        ambiguousPosts = posts.filter(\.ambiguous).count
        self.bootstrap = bootstrap
        var measures: [MeasureValidation] = []
        for measure in ValidationMeasure.allCases {
            for subset in ValidationSubset.allCases {
                let chosen = subset == .all ? posts : posts.filter { !$0.ambiguous }
                measures.append(Self.validate(measure, subset: subset, posts: chosen, coders: coders, bootstrap: bootstrap))
            }
        }
        self.measures = measures
    }

    /// The labels as indexes: `earshot[p]`, `human[c][p]`.
    private struct Labels {
        var earshot: [Int]
        var human: [[Int?]]
    }

    /// Every statistic of one measure on one subset, in the order `statistics` lists them, so
    /// that one bootstrap (resampling the subset's posts) gives all the intervals.
    private static func statistics(_ labels: Labels, sample: [Int], classCount: Int) -> [Double?] {
        var out: [Double?] = []
        for coder in labels.human {
            var table = Agreement.Confusion(classCount: classCount)
            for p in sample { if let h = coder[p] { table.add(reference: h, predicted: labels.earshot[p]) } }
            for c in 0..<classCount { out.append(table.precision(c)) }
            for c in 0..<classCount { out.append(table.recall(c)) }
            for c in 0..<classCount { out.append(table.f1(c)) }
            out.append(table.macroF1)
            out.append(table.accuracy)
            out.append(table.kappa)
        }
        if labels.human.count >= 2 {
            out.append(Agreement.krippendorffAlpha(sample.lazy.map { p in labels.human.compactMap { $0[p] } }))
        }
        out.append(Agreement.krippendorffAlpha(sample.lazy.map { p in labels.human.compactMap { $0[p] } + [labels.earshot[p]] }))
        return out
    }

    static func validate(_ measure: ValidationMeasure, subset: ValidationSubset, posts: [ValidationPost],
                         coders: [String], bootstrap: Agreement.Bootstrap) -> MeasureValidation {
        let classCount = measure.classes.count
        let labels = Labels(earshot: posts.map(measure.earshot),
                            human: coders.indices.map { c in posts.map { measure.human($0.codes[c]) } })
        let everyPost = Array(posts.indices)
        let values = statistics(labels, sample: everyPost, classCount: classCount)
        let intervals = bootstrap.intervals(units: posts.count) { statistics(labels, sample: $0, classCount: classCount) }
        var k = 0
        func next(_ n: Int) -> ValidationFigure {
            defer { k += 1 }
            return ValidationFigure(value: values[k], interval: intervals[k], n: n)
        }
        var comparisons: [CoderComparison] = []
        for (c, coder) in coders.enumerated() {
            var table = Agreement.Confusion(classCount: classCount)
            for p in everyPost { if let h = labels.human[c][p] { table.add(reference: h, predicted: labels.earshot[p]) } }
            let n = table.total
            let precision = (0..<classCount).map { _ in next(n) }
            let recall = (0..<classCount).map { _ in next(n) }
            let f1 = (0..<classCount).map { _ in next(n) }
            comparisons.append(CoderComparison(coder: coder, posts: n, confusion: table, precision: precision, recall: recall,
                                               f1: f1, macroF1: next(n), accuracy: next(n), kappa: next(n)))
        }
        let coderUnits = everyPost.map { p in labels.human.map { $0[p] } }
        let alphaCoders = coders.count >= 2 ? next(Agreement.pairableValues(coderUnits)) : nil
        let alphaWithEarshot = next(Agreement.pairableValues(coderUnits.enumerated().map { $1 + [labels.earshot[$0]] }))
        return MeasureValidation(measure: measure, subset: subset, posts: posts.count, comparisons: comparisons,
                                 alphaCoders: alphaCoders, alphaWithEarshot: alphaWithEarshot)
    }

    public func measure(_ measure: ValidationMeasure, _ subset: ValidationSubset) -> MeasureValidation {
        measures.first { $0.measure == measure && $0.subset == subset }!
    }
}
