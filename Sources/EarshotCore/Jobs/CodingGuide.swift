/// The one-page coding guide `earshot codebook` writes beside the sheet: the definitions the
/// methodology uses (Lovejoy & Saxton 2012; self-promotion as metrics.md section 3 means it),
/// examples, the conventions, what to write in each column, and how the sample was drawn.
/// Nothing in it depends on the run but the sample's figures: the same inputs and seed give the
/// same bytes.
enum CodingGuide {
    static func markdown(options: CodebookOptions, summary: CodebookSummary) -> String {
        let orgs = Set(summary.strata.map(\.org)).count
        let strata = summary.strata.count
        let restricted = options.orgs.isEmpty ? "" : " (restricted to " + options.orgs.map { "@" + Handle.normalize($0) }.sorted().joined(separator: ", ") + ")"
        let all = summary.sampled == summary.population
        return """
        # Coding guide

        You code each row of `sheet.csv` by reading the post (the `text`, and the post itself through
        `link` when the text is cut or refers to an image). Code without looking at Earshot's
        report or its `posts.csv.gz`: the point is an independent judgement. Several coders code the
        same sheet each on their own copy (name each copy after its coder, e.g. `sheet-ana.csv`); do
        not change `id` or `org`, and keep `id` as text if you open the sheet in a spreadsheet (a
        spreadsheet that turns ids into numbers such as `1.23457E+18` destroys them).

        ## The columns to fill

        | column | values | meaning |
        | --- | --- | --- |
        | `ica` | `information`, `community`, `action` | the post's main function (below) |
        | `promotional` | `self`, `mixed`, `no` | does the post advance the organization itself? |
        | `ambiguous` | `yes` or empty | you could not decide with confidence, or cannot understand the post |
        | `note` | free text | anything worth telling the analyst |

        Leave a cell empty if you did not code it; every coded row needs its `ica` and `promotional`.

        ## Information, Community, Action (Lovejoy & Saxton 2012)

        Code the post's **main function** for the organization's audience.

        - **Information**: tells the audience something: news of the organization, its work, a report,
          a fact, a resource. *"Our annual report is out: what we did in 2023 [link]"*, *"Read our
          post on the new flood maps [link]"*, *"Library closed Monday for the holiday."*
        - **Community**: builds a relationship or a conversation: thanks and recognition,
          congratulations, greetings, replies to people, questions to the audience, sharing others'
          posts. *"Thank you to all our volunteers this weekend!"*, *"@maria glad it helped!"*,
          *"What should our next workshop cover?"*, a repost of a partner's post.
        - **Action**: asks the audience to do something: donate, buy, register, attend an event,
          volunteer, sign, vote, contact a representative, get vaccinated, follow, share.
          *"Join us Thursday 6pm for the community call [link]"*, *"Donate today [link]"*, *"Get
          your flu shot: find a clinic near you [link]"*.

        Conventions:
        - "Read our post / our new report [link]" is **Information**: reading is not the ask.
        - An event with its date or time, or an invitation to come, is **Action** (promoting
          attendance); an event reported afterwards is Information.
        - A thank-you, a welcome, a shout-out is **Community**, even when it names a sponsor.
        - A reply is **Community** unless its main purpose is an ask ("@sam you can register here"
          is Action).
        - A repost of another account is **Community**; a repost of the organization's own post is
          coded by what that post says.
        - A question to the audience ("Have you visited yet?") is **Community**; a question that is
          really an ask ("Will you give $10 today?") is **Action**.
        - Two functions at once: code the main one; if you cannot choose, prefer Action, then
          Community, then Information, and mark the post `ambiguous`.

        ## Self-promotion

        - **`self`**: the post's main purpose is to advance the organization itself: its
          fundraising, its events, its products and services, its sign-ups and followers, its
          awards, milestones, people, launches and press coverage. *"We're proud to have won the
          2023 Civic Award!"*, *"Tickets for our gala are on sale now."*
        - **`mixed`**: the post serves the public, a cause or others, and promotes the organization
          in the same breath. *"Flood season is here: check the new maps on our site, built by our
          award-winning team."*
        - **`no`**: everything else. Naming the organization or linking its own site as the source
          of information is attribution, not promotion: *"Boil water notice for zone 4 (details on
          our site)"* is `no`. A call to action for a public cause (vote, get vaccinated) is `no`
          unless it benefits the organization itself.

        Mark `ambiguous` `yes` when the text is cut, in a language you do not read, only a link or an
        image, or you hesitate between two codes. Code it all the same.

        ## How the sample was drawn

        \(summary.sampled) posts of \(summary.population)\(all ? " (all of them: fewer than the \(options.size) asked)" : "") from \(orgs) organization\(orgs == 1 ? "" : "s")\(restricted),
        \(strata) strata, seed \(options.seed); `strata.csv` lists each stratum with its posts, the
        posts drawn and the sampling fraction (for weighting estimates back to the population).

        - **Strata**: organization x kind (original, reply, thread, repost, quote, as Earshot
          resolves it) x year (UTC) of the post.
        - **Allocation** of the sample size N over strata of sizes N_h (total P): if N >= P, every
          post. Otherwise, if N is at least the number of strata H, each stratum gets one post and
          the other R = N - H are shared in proportion to N_h - 1; if N < H, all R = N are shared in
          proportion to N_h. A stratum's share is the floor of R c_h / C (c_h its capacity as just
          defined, C their sum, in integers); the posts left over go one each to the strata with
          the largest remainders (R c_h mod C), ties to the larger stratum, then to the earlier one
          (by handle, kind, year). No stratum gets more posts than it has.
        - **Within a stratum**, the posts with the smallest draw keys are taken: key = SplitMix64
          mix of (FNV-1a 64 of the handle, U+001F, the id) xor the mixed seed. This is a simple
          random sample without replacement that depends only on the seed and the stratum's posts.
        - **Row order**: by the key mixed once more, so that organizations and kinds are
          interleaved.

        """
    }
}
