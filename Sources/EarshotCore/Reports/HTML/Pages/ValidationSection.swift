/// What `index-validation.mustache` sees under `validation` when the report is given hand-coded
/// sheets (`earshot report --validation SHEET`): "how far to trust these classes". Every value
/// is a display string or a flag, as in `IndexPageModel`.
///
/// Fields: lexicon, coders (list), coderCount, codersWord, posts, ambiguous, resamples, seed, measures (list
/// of: title, subset, posts, comparisons (list of: coder, posts, accuracy, macroF1, kappa,
/// classes (list of: name, precision, recall, f1)), hasAlphaCoders, alphaCoders, alphaCodersN,
/// alphaWithEarshot, alphaWithEarshotN, isICA, isAll).
enum ValidationSection {
    static func record(_ result: ValidationResult) -> TemplateRecord {
        func figure(_ f: ValidationFigure) -> TemplateValue { .text(ValidationTables.figure(f)) }
        let measures: [TemplateValue] = result.measures.map { m in
            let comparisons: [TemplateValue] = m.comparisons.map { c in
                let classes: [TemplateValue] = m.measure.classes.enumerated().map { k, name in
                    .record(["name": .text(name), "precision": figure(c.precision[k]), "recall": figure(c.recall[k]), "f1": figure(c.f1[k])])
                }
                return .record(["coder": .text(HTMLEscaping.clean(c.coder)), "posts": .text(DisplayNumber.count(c.posts)),
                                "accuracy": figure(c.accuracy), "macroF1": figure(c.macroF1), "kappa": figure(c.kappa),
                                "classes": .list(classes)])
            }
            return .record([
                "title": .text(m.measure.title.replacingOccurrences(of: "`", with: "")),
                "subset": .text(m.subset == .all ? "all coded posts" : "posts no coder marked ambiguous"),
                "posts": .text(DisplayNumber.count(m.posts)),
                "comparisons": .list(comparisons),
                "hasAlphaCoders": .flag(m.alphaCoders != nil),
                "alphaCoders": m.alphaCoders.map(figure) ?? .text(""),
                "alphaCodersN": .text(DisplayNumber.count(m.alphaCoders?.n)),
                "alphaWithEarshot": figure(m.alphaWithEarshot),
                "alphaWithEarshotN": .text(DisplayNumber.count(m.alphaWithEarshot.n)),
                "isICA": .flag(m.measure == .ica),
                "isAll": .flag(m.subset == .all),
            ])
        }
        return [
            "lexicon": .text(HTMLEscaping.clean(result.lexiconName)),
            "coders": .list(result.coders.map { .text(HTMLEscaping.clean($0)) }),
            "coderCount": .text(DisplayNumber.count(result.coders.count)),
            "codersWord": .text(result.coders.count == 1 ? "coder" : "coders"),
            "posts": .text(DisplayNumber.count(result.posts)),
            "ambiguous": .text(DisplayNumber.count(result.ambiguousPosts)),
            "resamples": .text(DisplayNumber.count(result.bootstrap.resamples)),
            "seed": .text(String(result.bootstrap.seed)),
            "measures": .list(measures),
        ]
    }
}
