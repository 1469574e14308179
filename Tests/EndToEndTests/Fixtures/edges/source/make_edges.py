"""Writes the edges corpus under exports/ (run from Tests/EndToEndTests/Fixtures/edges/).
Every value is typed by hand here; EXPECTED.md says what each post must become."""
import csv, os

def write(path, header, rows, crlf=False, quote_all=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n",
                       quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(c, "") for c in header])

# T1 layout B archive, folder in mixed case (handles compare case-insensitively).
LAYOUT_B = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
            "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp", "expanded_urls"]
write("exports/EcoAction/tweets.csv", LAYOUT_B, [
    {"tweet_id": "1675000000000000003", "in_reply_to_status_id": "1674900000000000111", "in_reply_to_user_id": "4242",
     "timestamp": "2023-07-01 18:00:00 +0000", "source": "web", "text": "@GreenJoe EAN's position is clear: read the report"},
    {"tweet_id": "1671000000000000002", "timestamp": "2023-06-20 09:00:00 +0000", "source": "web",
     "text": "#ClimateStrike2023 photos are up"},
    {"tweet_id": "1669000000000000001", "timestamp": "2023-06-15 08:00:00 +0000", "source": "web",
     "text": "Join the #ClimateStrike on Friday! https://t.co/s1",
     "expanded_urls": "https://ecoaction.org/strike,https://ecoaction.org/strike"},
], quote_all=True)

# T3 X analytics content export (museo), day-only dates, thousands separators.
T3 = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
      "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks", "Hashtag Clicks",
      "Permalink Clicks"]
def t3(i, date, text, impressions, likes, engagements, replies, reposts):
    return {"Post id": i, "Date": date, "Post text": text, "Post Link": "https://x.com/museo/status/" + i,
            "Impressions": impressions, "Likes": likes, "Engagements": engagements, "Bookmarks": "0", "Shares": "7",
            "New follows": "0", "Replies": replies, "Reposts": reposts, "Profile visits": "0", "Detail Expands": "0",
            "URL Clicks": "0", "Hashtag Clicks": "0", "Permalink Clicks": "0"}
write("exports/analytics/account_analytics_content_20230601_20230831.csv", T3, [
    t3("1694800000000000008", "Fri, Aug 25, 2023", "Look at this https://mobile.twitter.com/#!/Parks/status/1690000000000000099?s=20", "150", "2", "6", "0", "1"),
    t3("1693000000000000007", "Sun, Aug 20, 2023", "Our restoration story: https://x.com/museo/status/1664700000000000001 and https://twitter.com/museo/status/1693000000000000007/photo/1", "100", "3", "5", "0", "0"),
    t3("1689600000000000006", "Fri, Aug 11, 2023", "Thank you http://example.com/?q=you", "50", "0", "0", "0", "0"),
    t3("1680100000000000005", "Sat, Jul 15, 2023", "Museo Civico is open late every Friday. What would you like to see? https://t.co/xyz?ref=you", "700", "8", "40", "4", "0"),
    t3("1679800000000000004", "Fri, Jul 14, 2023", "RT @parks: Free concert in the park tonight", "3,000", "100", "150", "3", "20"),
    t3("1668600000000000001", "Tue, Jun 13, 2023", "Summer gala on jul 30th in the courtyard www.museo.it/gala.", "20,100", "1,204", "1,500", "12", "35"),
    t3("1667500000000000002", "Sat, Jun 10, 2023", "  @parks thanks for the loan of the benches!", "900", "10", "30", "1", "2"),
], quote_all=True)

# T2 analytics exports, 40 columns, modern `likes` names, quoted float strings, `-` for promoted.
T2 = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate", "retweets",
      "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands", "permalink clicks",
      "app opens", "app installs", "follows", "email tweet", "dial phone", "media views", "media engagements",
      "promoted impressions", "promoted engagements", "promoted engagement rate", "promoted retweets",
      "promoted replies", "promoted likes", "promoted user profile clicks", "promoted url clicks",
      "promoted hashtag clicks", "promoted detail expands", "promoted permalink clicks", "promoted app opens",
      "promoted app installs", "promoted follows", "promoted email tweet", "promoted dial phone",
      "promoted media views", "promoted media engagements"]
assert len(T2) == 40
def t2(handle, i, text, time, impressions, engagements, retweets, replies, likes):
    row = {c: ("-" if c.startswith("promoted") else "0.0") for c in T2}
    row.update({"Tweet id": i, "Tweet permalink": "https://twitter.com/%s/status/%s" % (handle, i), "Tweet text": text,
                "time": time, "impressions": "%d.0" % impressions, "engagements": "%d.0" % engagements,
                "engagement rate": str(engagements / impressions) if impressions else "0.0",
                "retweets": "%d.0" % retweets, "replies": "%d.0" % replies, "likes": "%d.0" % likes})
    return row
write("exports/analytics/tweet_activity_metrics_museo_20230601_20230630_en.csv", T2, [
    t2("museo", "1671200000000000003", ".@parks Don&#39;t miss the sculpture walk", "2023-06-20 14:00 +0000", 0, 0, 1, 0, 5),
    t2("museo", "1667500000000000002", "  @parks thanks for the loan of the benches!", "2023-06-10 15:42 +0000", 800, 35, 1, 1, 12),
], quote_all=True)
write("exports/analytics/tweet_activity_metrics_parks_20230701_20230831_en.csv", T2, [
    t2("parks", "1687700000000000003", "Follow @ParksFoundation for volunteer news &amp;amp; updates", "2023-08-05 12:00 +0000", 100, 2, 0, 0, 1),
    t2("parks", "1678400000000000002", "@museo you&#8217;re welcome! Come by anytime", "2023-07-10 10:00 +0000", 400, 10, 0, 1, 3),
    t2("parks", "1676200000000000001", "Free concert in the park tonight", "2023-07-04 09:00 +0000", 5000, 300, 10, 2, 40),
], crlf=True, quote_all=True)

# T4 twarc v1 json2csv (ecoaction), organization per row.
V1 = ["id", "tweet_url", "created_at", "parsed_created_at", "user_screen_name", "text", "tweet_type", "coordinates",
      "hashtags", "media", "urls", "favorite_count", "in_reply_to_screen_name", "in_reply_to_status_id",
      "in_reply_to_user_id", "lang", "place", "possibly_sensitive", "retweet_count", "retweet_or_quote_id",
      "retweet_or_quote_screen_name", "retweet_or_quote_user_id", "source", "user_id", "user_created_at",
      "user_default_profile_image", "user_description", "user_favourites_count", "user_followers_count",
      "user_friends_count", "user_listed_count", "user_location", "user_name", "user_statuses_count",
      "user_time_zone", "user_urls", "user_verified"]
def v1(i, created, parsed, text, kind, favorites, retweets, followers, **extra):
    row = {"id": i, "tweet_url": "https://twitter.com/EcoAction/status/" + i, "created_at": created,
           "parsed_created_at": parsed, "user_screen_name": "EcoAction", "text": text, "tweet_type": kind,
           "favorite_count": favorites, "retweet_count": retweets, "lang": "en", "possibly_sensitive": "False",
           "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>', "user_id": "3131",
           "user_created_at": "Mon Mar 02 10:00:00 +0000 2015", "user_default_profile_image": "False",
           "user_followers_count": followers, "user_friends_count": "300", "user_name": "Eco Action",
           "user_verified": "False"}
    row.update(extra)
    return row
write("exports/collections/eco_v1.csv", V1, [
    v1("1669000000000000001", "Thu Jun 15 08:00:00 +0000 2023", "2023-06-15 08:00:00+00:00",
       "Join the #ClimateStrike on Friday! https://t.co/s1", "original", "20", "5", "800",
       hashtags="ClimateStrike", urls="https://ecoaction.org/strike"),
    v1("1675000000000000003", "Sat Jul 01 18:00:00 +0000 2023", "2023-07-01 18:00:00+00:00",
       "@GreenJoe EAN's position is clear: read the report", "quote", "7", "1", "805",
       urls="https://twitter.com/bigoil/status/1670000000000000555", retweet_or_quote_id="1670000000000000555",
       retweet_or_quote_screen_name="bigoil", retweet_or_quote_user_id="999"),
    v1("1682000000000000004", "Thu Jul 20 10:00:00 +0000 2023", "2023-07-20 10:00:00+00:00",
       "RT @EcoAction: Eco-Action Network turns 10 today", "retweet", "50", "12", "810",
       retweet_or_quote_id="1681000000000000000", retweet_or_quote_screen_name="EcoAction",
       retweet_or_quote_user_id="3131"),
    v1("1686800000000000005", "Wed Aug 02 14:00:00 +0000 2023", "2023-08-02 14:00:00+00:00",
       "Sign the petition: https://t.co/abc", "original", "9", "3", "812", urls="https://ecoaction.de/petition"),
    v1("1696900000000000006", "Wed Aug 30 16:00:00 +0000 2023", "2023-08-30 16:00:00+00:00",
       "@EcoAction 2/ Who is coming to the march and panel on sept. 3?", "reply", "4", "0", "815",
       in_reply_to_screen_name="EcoAction", in_reply_to_status_id="1696900000000000000", in_reply_to_user_id="3131"),
])
