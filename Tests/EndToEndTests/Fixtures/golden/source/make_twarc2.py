"""Writes exports/collections/library_search.csv, a twarc2 csv (twarc-csv layout, 84 columns)
holding three accounts: citylib and foodbank (registered) and randomfan (not registered).
Run from Tests/EndToEndTests/Fixtures/golden/. Values are the fixture's, chosen by hand; see
EXPECTED.md for what each row must become."""
import csv, json

HEADER = "id,conversation_id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,referenced_tweets.quoted.id,author_id,in_reply_to_user_id,in_reply_to_username,retweeted_user_id,retweeted_username,quoted_user_id,quoted_username,created_at,text,lang,source,public_metrics.impression_count,public_metrics.reply_count,public_metrics.retweet_count,public_metrics.quote_count,public_metrics.like_count,public_metrics.bookmark_count,reply_settings,edit_history_tweet_ids,edit_controls.edits_remaining,edit_controls.editable_until,edit_controls.is_edit_eligible,possibly_sensitive,withheld.scope,withheld.copyright,withheld.country_codes,entities.annotations,entities.cashtags,entities.hashtags,entities.mentions,entities.urls,context_annotations,attachments.media,attachments.media_keys,attachments.poll.duration_minutes,attachments.poll.end_datetime,attachments.poll.id,attachments.poll.options,attachments.poll.voting_status,attachments.poll_ids,author.id,author.created_at,author.username,author.name,author.description,author.entities.description.cashtags,author.entities.description.hashtags,author.entities.description.mentions,author.entities.description.urls,author.entities.url.urls,author.url,author.location,author.pinned_tweet_id,author.profile_image_url,author.protected,author.public_metrics.followers_count,author.public_metrics.following_count,author.public_metrics.listed_count,author.public_metrics.tweet_count,author.verified,author.verified_type,author.withheld.scope,author.withheld.copyright,author.withheld.country_codes,geo.coordinates.coordinates,geo.coordinates.type,geo.country,geo.country_code,geo.full_name,geo.geo.bbox,geo.geo.type,geo.id,geo.name,geo.place_id,geo.place_type,matching_rules,__twarc.retrieved_at,__twarc.url,__twarc.version".split(",")

def mentions(*names): return json.dumps(["@" + n for n in names]) if names else ""
def tags(*names): return json.dumps(["#" + n for n in names]) if names else ""
def urls(*links): return json.dumps(list(links)) if links else ""

# id, created_at, author, author_id, followers, text, replied_to (id, username), retweeted (id, username),
# quoted (id, username), like, retweet, reply, quote, impression, hashtags, mentions, urls
ROWS = [
    dict(id="572300000000000301", created_at="2015-03-02T14:00:00.000Z", author="citylib", followers=240,
         text="Author talk with @janedoe_writes this Sat at 10:30, free for all! https://t.co/c1",
         like=5, retweet=2, reply=1, quote=1, impression=400,
         mentions=mentions("janedoe_writes"), urls=urls("https://events.citylib.gov/storytime")),
    dict(id="573400000000000302", created_at="2015-03-05T09:00:00.000Z", author="citylib", followers=240,
         text="@randomfan Yes! Your card works at every branch.", replied_to=("573000000000000902", "randomfan"),
         like=1, retweet=0, reply=0, quote=0, mentions=mentions("randomfan")),
    dict(id="565000000000000201", created_at="2015-02-10T15:00:00.000Z", author="FoodBank", followers=300,
         text="Thanks to everyone who gave this winter!", like=10, retweet=2, reply=0, quote=0),
    dict(id="578700000000000401", created_at="2015-03-19T20:00:00.000Z", author="randomfan", followers=40,
         text="I love the new reading room at @citylib", like=50, retweet=1, reply=0, quote=0,
         mentions=mentions("citylib")),
    dict(id="579000000000000303", created_at="2015-03-20T16:45:00.000Z", author="citylib", followers=245,
         text="RT @randomfan: I love the new reading room at @citylib", retweeted=("578700000000000401", "randomfan"),
         like=50, retweet=1, reply=0, quote=0, impression=9999, mentions=mentions("randomfan", "citylib")),
    dict(id="568600000000000202", created_at="2015-02-20T10:00:00.000Z", author="FoodBank", followers=300,
         text="Volunteer shifts open this Saturday 9am https://t.co/f2", like=4, retweet=1, reply=1, quote=0,
         urls=urls("https://foodbank.org/shifts")),
    dict(id="583300000000000304", created_at="2015-04-01T12:00:00.000Z", author="citylib", followers=250,
         text="Great work by our neighbours https://t.co/c4", quoted=("575100000000000107", "HelpingHands"),
         like=7, retweet=1, reply=0, quote=0, impression=600,
         urls=urls("https://twitter.com/HelpingHands/status/575100000000000107")),
    dict(id="586500000000000305", created_at="2015-04-10T08:00:00.000Z", author="citylib", followers=250,
         text="What should we read next?\\nTell us, @CityLib fans! #BookClub", like=2, retweet=0, reply=3, quote=0,
         hashtags=tags("BookClub"), mentions=mentions("CityLib")),
    dict(id="590000000000000402", created_at="2015-04-20T10:00:00.000Z", author="randomfan", followers=42,
         text="@citylib thank you!", replied_to=("586500000000000305", "citylib"), like=0, retweet=0, reply=0, quote=0,
         mentions=mentions("citylib")),
    dict(id="590800000000000306", created_at="2015-04-22T15:00:00.000Z", author="citylib", followers=250,
         text="Closed Monday for the holiday.", like=0, retweet=0, reply=0, quote=0),
    dict(id="591800000000000403", created_at="2015-04-25T18:30:00.000Z", author="randomfan", followers=41,
         text="New library card came in the mail today", like=3, retweet=0, reply=0, quote=0),
]
AUTHOR_IDS = {"citylib": "7001", "FoodBank": "7002", "randomfan": "7003", "HelpingHands": "99887766"}

with open("exports/collections/library_search.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(HEADER)
    for r in ROWS:
        v = {c: "" for c in HEADER}
        v.update({"id": r["id"], "conversation_id": r["id"], "author_id": AUTHOR_IDS[r["author"]],
                  "created_at": r["created_at"], "text": r["text"], "lang": "en", "source": "Twitter Web Client",
                  "public_metrics.like_count": r["like"], "public_metrics.retweet_count": r["retweet"],
                  "public_metrics.reply_count": r["reply"], "public_metrics.quote_count": r["quote"],
                  "public_metrics.impression_count": r.get("impression", ""),
                  "entities.hashtags": r.get("hashtags", ""), "entities.mentions": r.get("mentions", ""),
                  "entities.urls": r.get("urls", ""), "edit_history_tweet_ids": json.dumps([r["id"]]),
                  "author.id": AUTHOR_IDS[r["author"]], "author.username": r["author"], "author.name": r["author"],
                  "author.public_metrics.followers_count": r["followers"], "author.protected": "False",
                  "author.verified": "False", "possibly_sensitive": "False", "reply_settings": "everyone",
                  "__twarc.retrieved_at": "2022-10-03T18:02:28+00:00", "__twarc.version": "2.12.0"})
        if "replied_to" in r:
            v["referenced_tweets.replied_to.id"], v["in_reply_to_username"] = r["replied_to"]
            v["conversation_id"] = r["replied_to"][0]
            v["in_reply_to_user_id"] = AUTHOR_IDS.get(r["replied_to"][1], "")
        if "retweeted" in r:
            v["referenced_tweets.retweeted.id"], v["retweeted_username"] = r["retweeted"]
            v["retweeted_user_id"] = AUTHOR_IDS.get(r["retweeted"][1], "")
        if "quoted" in r:
            v["referenced_tweets.quoted.id"], v["quoted_username"] = r["quoted"]
            v["quoted_user_id"] = AUTHOR_IDS.get(r["quoted"][1], "")
        w.writerow([v[c] for c in HEADER])
