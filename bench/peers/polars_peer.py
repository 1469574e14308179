#!/usr/bin/env python3
"""The notebook an analyst would write instead of running Earshot, as Earshot's benchmark peer.

Reads the same export folder as `earshot report` (analytics, legacy archive and twarc CSVs,
gzipped or not, with polars; API v1 XML with the standard library's expat-based ElementTree,
since polars reads no XML), merges records of the same (org, id) and computes, per
organization: posts by kind, interactions total and median, promo share (the action lexicon as
one regex, plus self-mentions and self-reposts) and conversation share.

It is a fair peer, not a second implementation of the spec: kinds and promo use the obvious
regexes, not every rule of metrics.md. It prints its phase times on stderr and writes one CSV row
per organization to --out.

Usage: polars_peer.py EXPORTS_FOLDER --out peer.csv   (POLARS_MAX_THREADS sets its threads)
"""
import argparse
import glob
import gzip
import os
import re
import sys
import time
import xml.etree.ElementTree as ET

import polars as pl

# metrics.md section 2, built-in action lexicon version 1: read from Earshot's own source, so
# that the notebook and Earshot can never use different phrases.
LEXICON_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                              "Sources", "EarshotCore", "Metrics", "Lexicon.swift")


def builtin_action_phrases(path=LEXICON_SOURCE):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    block = re.search(r"\.action:\s*\[(.*?)\]", source, re.S)
    if not block:
        sys.exit(f"peer: no action lexicon in {path}")
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1))


ACTION = builtin_action_phrases()


def phrase_pattern(phrase):
    """A phrase with a word boundary at each end that is a letter or digit."""
    body = re.sub(r"([\\.+*?()|\[\]{}^$#&\-~])", r"\\\1", phrase)
    start = r"\b" if phrase[0].isalnum() else ""
    end = r"\b" if phrase[-1].isalnum() else ""
    return start + body + end


ACTION_REGEX = "(?:" + "|".join(phrase_pattern(p) for p in ACTION) + ")"
URL_REGEX = r"(?:https?://|www\.)\S+"
COLUMNS = ["org", "id", "text", "marker", "target", "likes", "reposts", "replies", "quotes", "text_reply", "path"]


def counter(name):
    """`18`, `18.0`; `-` and empty are unknown."""
    return pl.col(name).cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)


def header_line(path):
    with (gzip.open(path, "rb") if open(path, "rb").read(2) == b"\x1f\x8b" else open(path, "rb")) as f:
        return f.readline()


def scans(files):
    """One lazy scan per distinct header (exports change their columns over the years), each
    with a `path` column: what polars needs to read thousands of files in one go."""
    groups = {}
    for path in files:
        groups.setdefault(header_line(path), []).append(path)
    for group in groups.values():
        yield pl.scan_csv(group, infer_schema=False, truncate_ragged_lines=True, include_file_paths="path")


ORG_FOLDER = pl.col("path").str.extract(r"exports/([^/]+)/", 1).str.to_lowercase()


def analytics(files):
    for f in scans(files):
        names = f.collect_schema().names()
        likes = "likes" if "likes" in names else "favorites"
        yield f.select(
            pl.coalesce(pl.col("Tweet permalink").str.extract(r"(?:twitter|x)\.com/(\w+)/status", 1).str.to_lowercase(),
                        pl.col("path").str.extract(r"tweet_activity_metrics_(\w+?)_\d{8}_", 1).str.to_lowercase()).alias("org"),
            pl.col("Tweet id").str.strip_chars().alias("id"),
            pl.col("Tweet text").alias("text"),
            pl.lit(None, pl.String).alias("marker"), pl.lit(None, pl.String).alias("target"),
            counter(likes).alias("likes"), counter("retweets").alias("reposts"), counter("replies").alias("replies"),
            pl.lit(None, pl.Int64).alias("quotes"), pl.lit(True).alias("text_reply"), pl.col("path"))


def legacy(files):
    for f in scans(files):
        names = f.collect_schema().names()
        retweet = pl.col("retweeted_status_id") if "retweeted_status_id" in names else pl.lit("")
        yield f.select(
            ORG_FOLDER.alias("org"),
            pl.col("tweet_id").str.strip_chars().alias("id"),
            pl.col("text"),
            pl.when(retweet.fill_null("") != "").then(pl.lit("repost"))
              .when(pl.col("in_reply_to_status_id").fill_null("") != "").then(pl.lit("reply"))
              .otherwise(None).alias("marker"),
            pl.lit(None, pl.String).alias("target"),
            pl.lit(None, pl.Int64).alias("likes"), pl.lit(None, pl.Int64).alias("reposts"),
            pl.lit(None, pl.Int64).alias("replies"), pl.lit(None, pl.Int64).alias("quotes"),
            pl.lit(False).alias("text_reply"), pl.col("path"))


def twarc2(files):
    for f in scans(files):
        retweeted = pl.col("referenced_tweets.retweeted.id").fill_null("") != ""
        replied = pl.col("referenced_tweets.replied_to.id").fill_null("") != ""
        quoted = pl.col("referenced_tweets.quoted.id").fill_null("") != ""
        yield f.select(
            pl.col("author.username").str.to_lowercase().alias("org"),
            pl.col("id"), pl.col("text").str.replace_all(r"\\n", "\n"),
            pl.when(retweeted).then(pl.lit("repost")).when(replied).then(pl.lit("reply"))
              .when(quoted).then(pl.lit("quote")).otherwise(None).alias("marker"),
            pl.when(retweeted).then(pl.col("retweeted_username")).when(replied).then(pl.col("in_reply_to_username"))
              .when(quoted).then(pl.col("quoted_username")).otherwise(None).str.to_lowercase().alias("target"),
            counter("public_metrics.like_count").alias("likes"), counter("public_metrics.retweet_count").alias("reposts"),
            counter("public_metrics.reply_count").alias("replies"), counter("public_metrics.quote_count").alias("quotes"),
            pl.lit(False).alias("text_reply"), pl.col("path"))


def twarc1(files):
    for f in scans(files):
        kind = pl.col("tweet_type").fill_null("").str.to_lowercase()
        yield f.select(
            pl.col("user_screen_name").str.to_lowercase().alias("org"), pl.col("id"), pl.col("text"),
            pl.when(kind == "retweet").then(pl.lit("repost")).when(kind == "reply").then(pl.lit("reply"))
              .when(kind == "quote").then(pl.lit("quote")).otherwise(None).alias("marker"),
            pl.when(kind == "reply").then(pl.col("in_reply_to_screen_name"))
              .when(kind != "").then(pl.col("retweet_or_quote_screen_name"))
              .otherwise(None).str.to_lowercase().alias("target"),
            counter("favorite_count").alias("likes"), counter("retweet_count").alias("reposts"),
            pl.lit(None, pl.Int64).alias("replies"), pl.lit(None, pl.Int64).alias("quotes"),
            pl.lit(False).alias("text_reply"), pl.col("path"))


def api_xml(files):
    """API v1 XML: ElementTree's iterparse, one dict-free pass per <status>."""
    columns = {name: [] for name in COLUMNS}
    for path in files:
        with open(path, "rb") as raw:
            magic = raw.read(2)
        stream = gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")
        with stream:
            depth = 0
            for event, element in ET.iterparse(stream, events=("start", "end")):
                if event == "start":
                    depth += 1
                    continue
                depth -= 1
                if element.tag != "status" or depth > 1:
                    continue
                retweeted = element.find("retweeted_status")
                reply_to = element.findtext("in_reply_to_status_id") or ""
                if retweeted is not None:
                    marker, target = "repost", retweeted.findtext("user/screen_name")
                elif reply_to.strip():
                    marker, target = "reply", element.findtext("in_reply_to_screen_name")
                else:
                    marker, target = None, None
                reposts = (element.findtext("retweet_count") or "").strip()
                columns["org"].append((element.findtext("user/screen_name") or org_folder(path)).strip().lower())
                columns["id"].append((element.findtext("id") or "").strip())
                columns["text"].append(element.findtext("text") or "")
                columns["marker"].append(marker)
                columns["target"].append(target.strip().lower() if target else None)
                columns["likes"].append(None)
                columns["reposts"].append(int(reposts.rstrip("+")) if reposts.rstrip("+").isdigit() else None)
                columns["replies"].append(None)
                columns["quotes"].append(None)
                columns["text_reply"].append(False)
                columns["path"].append(path)
                element.clear()
    schema = {"org": pl.String, "id": pl.String, "text": pl.String, "marker": pl.String, "target": pl.String,
              "likes": pl.Int64, "reposts": pl.Int64, "replies": pl.Int64, "quotes": pl.Int64,
              "text_reply": pl.Boolean, "path": pl.String}
    return [pl.DataFrame(columns, schema=schema).lazy()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("exports")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    started = time.perf_counter()
    every = sorted(p for p in glob.glob(os.path.join(args.exports, "**", "*"), recursive=True) if os.path.isfile(p))

    def matching(pattern):
        return [p for p in every if re.search(pattern, p.replace(os.sep, "/"))]

    csv_frames = (list(analytics(matching(r"/tweet_activity_metrics_[^/]*\.csv(\.gz)?$")))
                  + list(legacy(matching(r"/twitter-archive-[^/]*/(data/csv/)?[^/]*\.csv(\.gz)?$")))
                  + list(twarc2(matching(r"/twarc2-[^/]*\.csv(\.gz)?$")))
                  + list(twarc1(matching(r"/twarc1-[^/]*\.csv(\.gz)?$"))))
    records = pl.concat(csv_frames, how="vertical_relaxed").collect() if csv_frames else pl.DataFrame()
    csv_done = time.perf_counter()
    xml_files = matching(r"/api/[^/]*\.xml(\.gz)?$")
    if xml_files:
        xml = api_xml(xml_files)[0].collect()
        records = pl.concat([records, xml], how="vertical_relaxed") if records.height else xml
    xml_done = time.perf_counter()

    # Merge records of one post: the first record's text and marker, the largest counters.
    posts = (records.lazy()
             .with_columns(pl.int_range(pl.len()).alias("row"))
             .sort(["path", "row"])
             .group_by(["org", "id"], maintain_order=True)
             .agg(pl.col("text").first(), pl.col("marker").drop_nulls().first(), pl.col("target").drop_nulls().first(),
                  pl.col("likes").max(), pl.col("reposts").max(), pl.col("replies").max(), pl.col("quotes").max(),
                  pl.col("text_reply").any()))
    text = pl.col("text").fill_null("")
    rt_target = text.str.extract(r"^\s*RT @(\w+):", 1).str.to_lowercase()
    lead_mention = text.str.extract(r"^\s*@(\w+)", 1).str.to_lowercase()
    quoted = text.str.extract(r"(?:twitter|x)\.com/(\w+)/status/\d+", 1).str.to_lowercase()
    is_repost = (pl.col("marker") == "repost") | (pl.col("marker").is_null() & rt_target.is_not_null())
    is_reply = (pl.col("marker") == "reply") | (pl.col("marker").is_null() & pl.col("text_reply") & lead_mention.is_not_null())
    is_quote = (pl.col("marker") == "quote") | (pl.col("marker").is_null() & quoted.is_not_null() & (quoted != pl.col("org")))
    target = pl.coalesce(pl.col("target"), pl.when(is_repost).then(rt_target).otherwise(lead_mention))
    posts = posts.with_columns(
        pl.when(is_repost).then(pl.lit("repost"))
          .when(is_reply & (target == pl.col("org"))).then(pl.lit("thread"))
          .when(is_reply).then(pl.lit("reply"))
          .when(is_quote).then(pl.lit("quote"))
          .otherwise(pl.lit("original")).alias("kind"),
        target.alias("resolved_target"),
        text.str.to_lowercase().str.replace_all("\u2019", "'").str.replace_all(URL_REGEX, " ").alias("body"))
    authored = pl.col("kind") != "repost"
    self_repost = (pl.col("kind") == "repost") & (pl.col("resolved_target") == pl.col("org"))
    measured = authored & pl.any_horizontal([pl.col(c).is_not_null() for c in ("likes", "reposts", "replies", "quotes")])
    interactions = pl.sum_horizontal([pl.col(c).fill_null(0) for c in ("likes", "reposts", "replies", "quotes")])
    promotional = self_repost | (authored & (pl.col("body").str.contains(ACTION_REGEX)
                                             | pl.col("body").str.contains("@" + pl.col("org") + r"\b")))
    conversational = (pl.col("kind").is_in(["reply", "quote"])) | ((pl.col("kind") == "repost") & ~self_repost)
    result = (posts
              .with_columns(pl.when(measured).then(interactions).otherwise(None).alias("interactions"),
                            promotional.alias("promotional"), conversational.alias("conversational"))
              .group_by("org")
              .agg(pl.len().alias("posts"),
                   *[(pl.col("kind") == k).sum().alias(k + "s") for k in ("original", "reply", "thread", "repost", "quote")],
                   pl.col("interactions").count().alias("measured_posts"),
                   pl.col("interactions").sum().alias("interactions_total"),
                   pl.col("interactions").median().alias("interactions_median"),
                   pl.col("promotional").mean().alias("promo_share"),
                   pl.col("conversational").mean().alias("conversation_share"))
              .sort("org")
              .collect())
    result.write_csv(args.out)
    done = time.perf_counter()
    print(f"peer: {len(every)} files, {records.height} records, {result['posts'].sum()} posts, {result.height} organizations; "
          f"csv {csv_done - started:.2f}s, xml {xml_done - csv_done:.2f}s, merge+metrics {done - xml_done:.2f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
