/// `validation.csv` and the terminal table of `earshot validate` (README, "Checking the
/// classes against your own coding").
///
/// validation.csv, one statistic per row, columns in this order:
/// - `lexicon`: the lexicon in use (`builtin-v1` or the lexicon file's name);
/// - `measure`: `ica`, `promotional_self` (Earshot's promotional flag against the coders' `self`)
///   or `promotional_self_or_mixed` (against `self` or `mixed`);
/// - `subset`: `all` coded posts, or `unambiguous` (no coder marked the post ambiguous);
/// - `reference`: the coder (the sheet as given on the command line) Earshot is compared with;
///   `coders` for alpha among the coders, `coders+earshot` for alpha among the coders and Earshot;
/// - `statistic`: `accuracy`, `macro_f1`, `kappa`, `precision`, `recall`, `f1`, `confusion`, `alpha`;
/// - `class`: for precision, recall and F1 the class; for `confusion` `<coder's class>/<Earshot's
///   class>`; else empty;
/// - `n`: the posts the statistic is computed on (for alpha the pairable values);
/// - `value`: 4 decimals (half away from zero; a confusion cell is a count); empty when undefined;
/// - `ci_low`, `ci_high`: the bootstrap 95% percentile interval, 4 decimals; empty for counts and
///   where undefined;
/// - `resamples`: of the bootstrap's resamples, those on which the statistic was defined;
/// - `seed`: the bootstrap's seed.
public enum ValidationTables {
    public static let csvHeader = ["lexicon", "measure", "subset", "reference", "statistic", "class", "n", "value",
                                   "ci_low", "ci_high", "resamples", "seed"]

    public static func csv(_ result: ValidationResult) -> String {
        var out = CSVText.row(csvHeader)
        let seed = String(result.bootstrap.seed)
        func row(_ m: MeasureValidation, _ reference: String, _ statistic: String, _ cls: String, _ figure: ValidationFigure) {
            out += CSVText.row([result.lexiconName, m.measure.rawValue, m.subset.rawValue, reference, statistic, cls, String(figure.n),
                                MetricNumber.decimal4(figure.value), MetricNumber.decimal4(figure.interval?.low),
                                MetricNumber.decimal4(figure.interval?.high), figure.interval.map { String($0.resamples) } ?? "", seed])
        }
        for m in result.measures {
            let classes = m.measure.classes
            for c in m.comparisons {
                row(m, c.coder, "accuracy", "", c.accuracy)
                row(m, c.coder, "macro_f1", "", c.macroF1)
                row(m, c.coder, "kappa", "", c.kappa)
                for (k, name) in classes.enumerated() {
                    row(m, c.coder, "precision", name, c.precision[k])
                    row(m, c.coder, "recall", name, c.recall[k])
                    row(m, c.coder, "f1", name, c.f1[k])
                }
                for (r, coderClass) in classes.enumerated() {
                    for (p, earshotClass) in classes.enumerated() {
                        out += CSVText.row([result.lexiconName, m.measure.rawValue, m.subset.rawValue, c.coder, "confusion",
                                            coderClass + "/" + earshotClass, String(c.posts),
                                            String(c.confusion.count(reference: r, predicted: p)), "", "", "", seed])
                    }
                }
            }
            if let alpha = m.alphaCoders { row(m, "coders", "alpha", "", alpha) }
            row(m, "coders+earshot", "alpha", "", m.alphaWithEarshot)
        }
        return out
    }

    /// A figure as `0.8123 [0.7500, 0.8700]`, `—` when undefined.
    static func figure(_ f: ValidationFigure) -> String {
        guard let value = f.value else { return "—" }
        let interval = f.interval.map { " [\(MetricNumber.decimal4($0.low)), \(MetricNumber.decimal4($0.high))]" } ?? ""
        return MetricNumber.decimal4(value) + interval
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// The terminal table: for each measure and subset, each coder's accuracy, macro-F1, kappa,
    /// per-class precision, recall and F1, the confusion matrix, and the alphas.
    public static func text(_ result: ValidationResult) -> String {
        var out = "Earshot against hand coding: lexicon \(result.lexiconName) (SHA-256 \(result.lexiconSHA256.prefix(12))…), "
        out += "\(result.coders.count) coder\(result.coders.count == 1 ? "" : "s"), \(result.posts) posts, "
        out += "\(result.ambiguousPosts) marked ambiguous.\n"
        out += "Intervals: 95% percentile bootstrap, \(result.bootstrap.resamples) resamples of the posts, seed \(result.bootstrap.seed). "
        out += "The coder is the reference, Earshot the prediction.\n"
        for m in result.measures {
            out += "\n\(m.measure.title), \(m.subset == .all ? "all posts" : "unambiguous posts") (\(m.posts))\n"
            let classes = m.measure.classes
            let width = max(12, classes.map(\.count).max()! + 2)
            for c in m.comparisons {
                out += "  vs \(c.coder) (\(c.posts) coded): accuracy \(figure(c.accuracy)), macro-F1 \(figure(c.macroF1)), kappa \(figure(c.kappa))\n"
                out += "    " + padded("class", width) + padded("precision", 28) + padded("recall", 28) + "F1\n"
                for (k, name) in classes.enumerated() {
                    out += "    " + padded(name, width) + padded(figure(c.precision[k]), 28) + padded(figure(c.recall[k]), 28) + figure(c.f1[k]) + "\n"
                }
                out += "    confusion (rows \(c.coder), columns Earshot)\n"
                out += "    " + padded("", width) + classes.map { padded($0, width) }.joined() + "\n"
                for (r, name) in classes.enumerated() {
                    out += "    " + padded(name, width)
                    out += classes.indices.map { padded(String(c.confusion.count(reference: r, predicted: $0)), width) }.joined() + "\n"
                }
            }
            if let alpha = m.alphaCoders { out += "  Krippendorff's alpha among the coders: \(figure(alpha)) (\(alpha.n) pairable values)\n" }
            out += "  Krippendorff's alpha, coders and Earshot: \(figure(m.alphaWithEarshot)) (\(m.alphaWithEarshot.n) pairable values)\n"
        }
        return out
    }
}
